//! `apisec` command line (minimal dispatch; the lead's full CLI replaces this file).

mod scan;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("scan") => match scan::run(args.get(1).map(std::path::Path::new)) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("apisec scan: {e}");
                1
            }
        },
        _ => {
            eprintln!("usage: apisec scan [FILE]");
            2
        }
    };
    std::process::exit(code);
}

//! `apisec scan [FILE]`: one JSON line of sensitive findings per input line (DESIGN.md §5).
//!
//! Input: a file (or stdin), each line one text, and a policy (`--policy`: which built-in
//! types are on, custom types). Output on stdout, buffered:
//! `{"line":N,"findings":[{"code":"1004","name":"…","level":"S2","start":B,"end":E}]}` with
//! 1-based line numbers and byte offsets into that line. Lines that are not valid UTF-8 are
//! scanned after lossless-where-possible replacement of the bad bytes (offsets then refer
//! to the repaired line).

use apisec_core::Engine;
use apisec_core::scan::{ScanFinding, ScanScratch, repair_utf8};
use std::io::{BufRead, BufWriter, Write};

/// Runs the scan over `input` (stdin when `None`) with `engine`'s policy, writing to stdout.
pub fn run(input: Option<&std::path::Path>, engine: &Engine) -> Result<(), String> {
    let reader: Box<dyn BufRead> = match input {
        Some(p) => Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        None => Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin())),
    };
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, stdout.lock());
    scan_lines(engine, reader, &mut w).map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())
}

/// Scans every line of `r` with [`Engine::scan_into`] (the function every binding's `scan`
/// calls), writing one JSON line per input line to `w`.
pub fn scan_lines(engine: &Engine, mut r: impl BufRead, w: &mut impl Write) -> std::io::Result<()> {
    let mut sc = ScanScratch::default();
    let mut line = Vec::new();
    let mut found: Vec<ScanFinding> = Vec::new();
    let mut n = 0u64;
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        n += 1;
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        engine.scan_into(&repair_utf8(&line), &mut sc, &mut found);
        write!(w, "{{\"line\":{n},\"findings\":")?;
        serde_json::to_writer(&mut *w, &found)?;
        w.write_all(b"}\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_json_line_per_input_line_with_1_based_numbers() {
        let input = b"{\"mobile\":\"13812345678\"}\nnothing here\n";
        let mut out = Vec::new();
        let engine = apisec_core::Engine::new(apisec_core::Policy::default()).unwrap();
        super::scan_lines(&engine, &input[..], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["line"], 1);
        assert_eq!(lines[0]["findings"][0]["code"], "1004");
        assert_eq!(lines[0]["findings"][0]["start"], 11);
        assert_eq!(lines[0]["findings"][0]["end"], 22);
        assert_eq!(lines[0]["findings"][0]["level"], "S2");
        assert_eq!(lines[1]["findings"].as_array().unwrap().len(), 0);
    }
}

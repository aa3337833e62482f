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
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 12);
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
        buf.clear();
        buf.extend_from_slice(b"{\"line\":");
        push_int(&mut buf, n);
        buf.extend_from_slice(b",\"findings\":");
        push_findings(&mut buf, &found)?;
        buf.extend_from_slice(b"}\n");
        w.write_all(&buf)?;
    }
    Ok(())
}

/// Appends `found` as the JSON array serde would write (same bytes), by hand: the findings
/// are most of the output, and formatting them through `write!` / serde's struct
/// serialiser cost about as much as scanning some texts.
fn push_findings(buf: &mut Vec<u8>, found: &[ScanFinding]) -> std::io::Result<()> {
    buf.push(b'[');
    for (i, f) in found.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"code\":");
        serde_json::to_writer(&mut *buf, &f.code)?;
        buf.extend_from_slice(b",\"name\":");
        serde_json::to_writer(&mut *buf, &f.name)?;
        buf.extend_from_slice(b",\"level\":");
        serde_json::to_writer(&mut *buf, &f.level)?;
        buf.extend_from_slice(b",\"start\":");
        push_int(buf, f.start as u64);
        buf.extend_from_slice(b",\"end\":");
        push_int(buf, f.end as u64);
        buf.push(b'}');
    }
    buf.push(b']');
    Ok(())
}

/// Appends the decimal digits of `v`.
fn push_int(buf: &mut Vec<u8>, mut v: u64) {
    let mut d = [0u8; 20];
    let mut i = d.len();
    loop {
        i -= 1;
        d[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&d[i..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn hand_written_findings_are_the_bytes_serde_writes() {
        let engine = apisec_core::Engine::new(apisec_core::Policy::default()).unwrap();
        let mut sc = apisec_core::scan::ScanScratch::default();
        let mut found = Vec::new();
        let text = r#"{"id":"11010519491231002X","mail":"a@b.cn","n":"He said \"x\"","realName":"張麗華"}"#;
        engine.scan_into(text, &mut sc, &mut found);
        assert!(found.len() >= 3, "{found:?}");
        let mut mine = Vec::new();
        super::push_findings(&mut mine, &found).unwrap();
        assert_eq!(String::from_utf8(mine).unwrap(), serde_json::to_string(&found).unwrap());
        let mut b = Vec::new();
        for v in [0u64, 7, 10, 99, 1_000_000, u64::MAX] {
            b.clear();
            super::push_int(&mut b, v);
            assert_eq!(b, v.to_string().as_bytes());
        }
    }

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

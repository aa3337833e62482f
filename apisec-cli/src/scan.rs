//! `apisec scan [FILE]`: one JSON line of sensitive findings per input line (DESIGN.md §5).
//!
//! Input: a file (or stdin), each line one text. Output on stdout, buffered:
//! `{"line":N,"findings":[{"code":"1004","name":"…","level":"S2","start":B,"end":E}]}` with
//! 1-based line numbers and byte offsets into that line. Lines that are not valid UTF-8 are
//! scanned after lossless-where-possible replacement of the bad bytes (offsets then refer
//! to the repaired line).

use apisec_core::catalog::SENSITIVE_TYPES;
use apisec_core::sensitive::{Finding, Scratch, SensitiveScanner};
use std::io::{BufRead, BufWriter, Write};

/// Runs the scan over `input` (stdin when `None`), writing to stdout.
pub fn run(input: Option<&std::path::Path>) -> Result<(), String> {
    let reader: Box<dyn BufRead> = match input {
        Some(p) => Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        None => Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin())),
    };
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, stdout.lock());
    scan_lines(reader, &mut w).map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())
}

/// Scans every line of `r`, writing one JSON line per input line to `w`.
pub fn scan_lines(mut r: impl BufRead, w: &mut impl Write) -> std::io::Result<()> {
    let scanner = SensitiveScanner::default();
    let heads = Heads::new();
    let mut sc = Scratch::default();
    let mut line = Vec::new();
    let mut found: Vec<Finding> = Vec::new();
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
        let text = match std::str::from_utf8(&line) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(&line),
        };
        found.clear();
        scanner.scan_text_scratch(&text, &mut sc, &mut found);
        buf.clear();
        buf.extend_from_slice(b"{\"line\":");
        push_int(&mut buf, n);
        buf.extend_from_slice(b",\"findings\":[");
        for (i, f) in found.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            heads.push(&mut buf, f.code);
            push_int(&mut buf, f.start as u64);
            buf.extend_from_slice(b",\"end\":");
            push_int(&mut buf, f.end as u64);
            buf.push(b'}');
        }
        buf.extend_from_slice(b"]}\n");
        w.write_all(&buf)?;
    }
    Ok(())
}

/// The constant head of each finding object, `{"code":"1004","name":"…","level":"S2","start":`,
/// rendered once per type (the JSON of a finding is written by hand: it is most of the
/// output, and `write!` formatting cost more than the scan of some texts).
struct Heads(Vec<(u16, Vec<u8>)>);

impl Heads {
    fn new() -> Heads {
        Heads(SENSITIVE_TYPES.iter().map(|t| (t.code, head(t.code, t.name, t.level.as_str()))).collect())
    }
    fn push(&self, buf: &mut Vec<u8>, code: u16) {
        match self.0.binary_search_by_key(&code, |h| h.0) {
            Ok(i) => buf.extend_from_slice(&self.0[i].1),
            Err(_) => buf.extend_from_slice(&head(code, "", "")),
        }
    }
}

fn head(code: u16, name: &str, level: &str) -> Vec<u8> {
    let mut h = format!("{{\"code\":\"{code}\",\"name\":").into_bytes();
    // serde_json cannot fail writing a &str into a Vec
    let _ = serde_json::to_writer(&mut h, name);
    h.extend_from_slice(format!(",\"level\":\"{level}\",\"start\":").as_bytes());
    h
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
    fn one_json_line_per_input_line_with_1_based_numbers() {
        let input = b"{\"mobile\":\"13812345678\"}\nnothing here\n";
        let mut out = Vec::new();
        super::scan_lines(&input[..], &mut out).unwrap();
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

    #[test]
    fn hand_written_json_matches_serde() {
        let input = "{\"id\":\"11010519491231002X\",\"mail\":\"a@b.cn\"}\n".repeat(12);
        let mut out = Vec::new();
        super::scan_lines(input.as_bytes(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        assert_eq!(last["line"], 12);
        let f = &last["findings"];
        assert_eq!(f[0]["code"], "1000");
        assert_eq!(f[0]["start"], 7);
        assert_eq!(f[0]["end"], 25);
        let t = apisec_core::catalog::sensitive_type(1005).unwrap();
        assert_eq!(f[1]["name"], t.name);
        assert_eq!(f[1]["level"], t.level.as_str());
        let mut b = Vec::new();
        for v in [0u64, 7, 10, 99, 1_000_000, u64::MAX] {
            b.clear();
            super::push_int(&mut b, v);
            assert_eq!(b, v.to_string().as_bytes());
        }
    }
}

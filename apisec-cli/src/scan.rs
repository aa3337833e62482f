//! `apisec scan [FILE]`: one JSON line of sensitive findings per input line (DESIGN.md §5).
//!
//! Input: a file (or stdin), each line one text, and a policy (`--policy`: which built-in
//! types are on, custom types). Output on stdout, buffered:
//! `{"line":N,"findings":[{"code":"1004","name":"…","level":"S2","start":B,"end":E}]}` with
//! 1-based line numbers and byte offsets into that line. Lines that are not valid UTF-8 are
//! scanned after lossless-where-possible replacement of the bad bytes (offsets then refer
//! to the repaired line).

use apisec_core::Engine;
use apisec_core::SensitiveLevel;
use apisec_core::scan::{ScanHit, ScanScratch, repair_utf8};
use std::io::{BufWriter, Read, Write};

/// Runs the scan over `input` (stdin when `None`) with `engine`'s policy, writing to stdout.
pub fn run(input: Option<&std::path::Path>, engine: &Engine) -> Result<(), String> {
    let reader: Box<dyn Read> = match input {
        Some(p) => Box::new(std::fs::File::open(p).map_err(|e| format!("{}: {e}", p.display()))?),
        None => Box::new(std::io::stdin()),
    };
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, stdout.lock());
    scan_lines(engine, reader, &mut w).map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())
}

/// Scans every line of `r` with [`Engine::scan_hits_into`] (the function behind every
/// binding's `scan`), writing one JSON line per input line to `w`.
///
/// Lines are formatted straight into one output buffer that goes to `w` in pieces of about
/// [`OUT_CHUNK`] bytes: no per-line buffer copied into a writer's buffer (the output is about as
/// large as the input, so that second copy was a memcpy of the whole result).
pub fn scan_lines(engine: &Engine, r: impl Read, w: &mut impl Write) -> std::io::Result<()> {
    let mut sc = ScanScratch::default();
    let mut found: Vec<ScanHit> = Vec::new();
    let mut heads = Heads::default();
    let mut out = Out::new();
    let mut n = 0u64;
    each_line(r, 1 << 20, |line| {
        n += 1;
        engine.scan_hits_into(&repair_utf8(line), &mut sc, &mut found);
        out.put(b"{\"line\":");
        let room = out.room(20);
        let k = put_int(room, n);
        out.len += k;
        out.put(b",\"findings\":");
        push_findings(&mut out, engine, &mut heads, &found)?;
        out.put(b"}\n");
        if out.len >= OUT_CHUNK {
            w.write_all(out.written())?;
            out.len = 0;
        }
        Ok(())
    })?;
    w.write_all(out.written())
}

/// The output being gathered: bytes `..len` of `buf` are written, the rest is room already
/// initialised (zeros or older output), reused from one chunk to the next. Pieces are
/// copied into it at `len` with fixed-size copies; the vector only grows (and zero-fills)
/// when a line needs more room than any before.
#[derive(Default)]
struct Out {
    buf: Vec<u8>,
    len: usize,
}

impl Out {
    /// Room for a whole chunk and a long line after it from the start: a zeroed allocation
    /// of this size comes from the system already zeroed (no `memset`), where growing by
    /// doubling zero-filled every new half (about 1.1 M instructions on the 7 MB eval sample).
    fn new() -> Self {
        Out { buf: vec![0; 2 * OUT_CHUNK], len: 0 }
    }

    /// `n` bytes of room after the written ones.
    fn room(&mut self, n: usize) -> &mut [u8] {
        if self.buf.len() < self.len + n {
            let grown = (self.len + n).max(2 * self.buf.len());
            self.buf.resize(grown, 0);
        }
        &mut self.buf[self.len..self.len + n]
    }

    fn put(&mut self, s: &[u8]) {
        self.room(s.len()).copy_from_slice(s);
        self.len += s.len();
    }

    fn written(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Output is handed to the writer once this many bytes have gathered.
const OUT_CHUNK: usize = 1 << 20;

/// Calls `f` on every line of `r` (without its `\n` or `\r\n`; a last line without a
/// newline counts), reading blocks of `block` bytes and handing out lines where they lie
/// in the block: no copy per line. A line longer than the block grows the buffer.
fn each_line(
    mut r: impl Read,
    block: usize,
    mut f: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; block.max(1)];
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        let got = match r.read(&mut buf[filled..]) {
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let eof = got == 0;
        let scanned_from = filled;
        filled += got;
        // complete lines in the buffer; the partial last one moves to the front
        let mut start = 0;
        let nl = memchr::memchr_iter(b'\n', &buf[scanned_from..filled]).map(|k| scanned_from + k);
        for end in nl {
            f(strip_cr(&buf[start..end]))?;
            start = end + 1;
        }
        if eof {
            if start < filled {
                f(strip_cr(&buf[start..filled]))?;
            }
            return Ok(());
        }
        buf.copy_within(start..filled, 0);
        filled -= start;
    }
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Per (code, level): the JSON a finding starts with, `{"code":"1004","name":"…","level":"S2","start":`,
/// written once with serde (names may need escaping) and reused for every finding. Indexed
/// by code (a finding's level is fixed per code for one engine, but it is part of the key
/// all the same): a look-up is an index and a compare, not a hash-map probe per finding.
#[derive(Default)]
struct Heads {
    by_code: Vec<Vec<Head>>,
    /// The longest head so far (at least [`HEAD_PAD`]): every finding gets this much room.
    longest: usize,
}

/// Heads are stored padded to this many bytes, so most are copied with one fixed-size copy
/// (two vector moves) instead of a `memcpy` call of varying length per finding.
const HEAD_PAD: usize = 64;

/// Room a finding needs after its head and the `,` before it: two offsets of at most 20
/// digits, `,"end":` (written as an 8-byte copy) and `}`.
const TAIL_MAX: usize = 20 + 8 + 20 + 1;

struct Head {
    level: SensitiveLevel,
    /// The head's length in bytes.
    len: usize,
    /// The head, zero-padded to [`HEAD_PAD`] bytes when shorter.
    bytes: Vec<u8>,
}

impl Heads {
    /// The index of the head for (`code`, `level`) in `by_code[code]`, made on first use.
    fn index(&mut self, engine: &Engine, code: u16, level: SensitiveLevel) -> std::io::Result<usize> {
        let at = usize::from(code);
        if at >= self.by_code.len() {
            self.by_code.resize_with(at + 1, Vec::new);
        }
        let slot = &mut self.by_code[at];
        Ok(match slot.iter().position(|h| h.level == level) {
            Some(k) => k,
            None => {
                let mut h = Vec::with_capacity(HEAD_PAD);
                h.extend_from_slice(b"{\"code\":");
                serde_json::to_writer(&mut h, &code.to_string())?;
                h.extend_from_slice(b",\"name\":");
                serde_json::to_writer(&mut h, engine.sensitive_type_name(code).unwrap_or_default())?;
                h.extend_from_slice(b",\"level\":");
                serde_json::to_writer(&mut h, &level)?;
                h.extend_from_slice(b",\"start\":");
                let len = h.len();
                h.resize(len.max(HEAD_PAD), 0);
                self.longest = self.longest.max(len.max(HEAD_PAD));
                slot.push(Head { level, len, bytes: h });
                slot.len() - 1
            }
        })
    }
}

/// Appends `found` as the JSON array serde would write for the same findings as
/// [`apisec_core::scan::ScanFinding`]s (same bytes), by hand: the findings are most of the
/// output, and formatting them through serde's struct serialiser cost about as much as
/// scanning some texts.
///
/// Each finding is written into room for the longest head plus [`TAIL_MAX`] bytes, with
/// fixed-size copies at a moving cursor that then moves by what was written: no `memcpy`
/// call per head and one capacity check per finding.
fn push_findings(
    out: &mut Out,
    engine: &Engine,
    heads: &mut Heads,
    found: &[ScanHit],
) -> std::io::Result<()> {
    out.put(b"[");
    for (i, f) in found.iter().enumerate() {
        let k = heads.index(engine, f.code, f.level)?;
        let head = &heads.by_code[usize::from(f.code)][k];
        let o = out.room(1 + heads.longest + TAIL_MAX);
        o[0] = b',';
        let mut q = usize::from(i > 0);
        if head.len <= HEAD_PAD {
            o[q..q + HEAD_PAD].copy_from_slice(&head.bytes[..HEAD_PAD]);
        } else {
            o[q..q + head.len].copy_from_slice(&head.bytes);
        }
        q += head.len;
        q += put_int(&mut o[q..], f.start as u64);
        o[q..q + 8].copy_from_slice(b",\"end\":\0");
        q += 7;
        q += put_int(&mut o[q..], f.end as u64);
        o[q] = b'}';
        out.len += q + 1;
    }
    out.put(b"]");
    Ok(())
}

/// Writes the decimal digits of `v` at the start of `out` (which must have room for 20
/// bytes) and returns how many there are; bytes after them may be overwritten.
///
/// Offsets below 10⁸ (all but those into texts of 100 MB and more) are converted eight
/// digits at once in one `u64` ([`eight_digits`]) and written as one fixed 8-byte copy; the
/// caller's cursor moves by the digits' count. A copy of varying length is a libc `memcpy`
/// call per offset, and a digit at a time is a branch per digit.
fn put_int(out: &mut [u8], v: u64) -> usize {
    if v >= 100_000_000 {
        return put_int_long(out, v);
    }
    let y = eight_digits(v);
    // drop the leading zero digits (lowest bytes); 0 keeps its one digit
    let lead = (y.trailing_zeros() / 8).min(7);
    out[..8].copy_from_slice(&((y | 0x3030_3030_3030_3030) >> (8 * lead)).to_le_bytes());
    8 - lead as usize
}

/// The eight decimal digits of `v` < 10⁸ (with leading zeros), one per byte, the first in
/// the lowest byte (SWAR: split into halves of four digits, then pairs, then digits, each
/// step one multiply-shift on all lanes).
fn eight_digits(v: u64) -> u64 {
    // lanes of 32 bits: the first four digits in the low lane (lower addresses)
    let mut y = (v / 10_000) | ((v % 10_000) << 32);
    // /100 for values below 10 000: pairs in 16-bit lanes, the higher pair first
    let hi = ((y * 10_486) >> 20) & 0x0000_007F_0000_007F;
    y = ((y - hi * 100) << 16) | hi;
    // /10 for values below 100: digits in bytes, the tens first
    let tens = ((y * 103) >> 10) & 0x000F_000F_000F_000F;
    ((y - tens * 10) << 8) | tens
}

/// [`put_int`] for `v` ≥ 10⁸: the high part, then the last eight digits with their zeros.
#[cold]
fn put_int_long(out: &mut [u8], v: u64) -> usize {
    let k = put_int(out, v / 100_000_000);
    let low = eight_digits(v % 100_000_000) | 0x3030_3030_3030_3030;
    out[k..k + 8].copy_from_slice(&low.to_le_bytes());
    k + 8
}

#[cfg(test)]
mod tests {
    #[test]
    fn hand_written_findings_are_the_bytes_serde_writes() {
        let engine = apisec_core::Engine::new(apisec_core::Policy::default()).unwrap();
        let mut sc = apisec_core::scan::ScanScratch::default();
        let mut found = Vec::new();
        let mut hits = Vec::new();
        let text = r#"{"id":"11010519491231002X","mail":"a@b.cn","n":"He said \"x\"","realName":"張麗華"}"#;
        engine.scan_into(text, &mut sc, &mut found);
        engine.scan_hits_into(text, &mut sc, &mut hits);
        assert!(found.len() >= 3, "{found:?}");
        let mut mine = super::Out::default();
        let mut heads = super::Heads::default();
        super::push_findings(&mut mine, &engine, &mut heads, &hits).unwrap();
        assert_eq!(std::str::from_utf8(mine.written()).unwrap(), serde_json::to_string(&found).unwrap());
        let edges = (0..20).flat_map(|k| {
            let p = 10u64.pow(k);
            [p - 1, p, p + 1, p.saturating_mul(7).saturating_add(3)]
        });
        for v in edges.chain([0u64, 7, 10, 99, 1_000_000, 12_345_678, u64::MAX]) {
            let mut d = [b'?'; 20];
            let k = super::put_int(&mut d, v);
            assert_eq!(&d[..k], v.to_string().as_bytes());
        }
    }

    proptest::proptest! {
        #[test]
        fn offsets_are_written_as_their_decimal_digits(v in proptest::num::u64::ANY, shift in 0u32..64, pre in 0usize..70) {
            // every digit count, behind any amount of output already in the buffer, over
            // room that holds bytes of older output
            let v = v >> shift;
            let mut o = super::Out::default();
            o.put(&vec![b'x'; pre]);
            o.room(40).fill(b'y');
            let k = super::put_int(o.room(20), v);
            o.len += k;
            let want = v.to_string();
            proptest::prop_assert_eq!(&o.written()[pre..], want.as_bytes());
            proptest::prop_assert!(o.written()[..pre].iter().all(|&c| c == b'x'));
        }
    }

    #[test]
    fn heads_longer_than_the_pad_are_written_whole() {
        let name = "长名称-".repeat(16); // 64 characters, 160 bytes: the head overflows the pad
        let policy = apisec_core::Policy::from_json(&format!(
            r#"{{"sensitive_data":{{"custom":[{{"name":"{name}","level":"S1","mode":"expert","pattern":"EMP-[0-9]{{6}}"}}]}}}}"#
        ))
        .unwrap();
        let engine = apisec_core::Engine::new(policy).unwrap();
        let text = "EMP-123456 and 13812345678";
        let (mut sc, mut found, mut hits) =
            (apisec_core::scan::ScanScratch::default(), Vec::new(), Vec::new());
        engine.scan_into(text, &mut sc, &mut found);
        engine.scan_hits_into(text, &mut sc, &mut hits);
        assert_eq!(found.len(), 2);
        let mut mine = super::Out::default();
        super::push_findings(&mut mine, &engine, &mut super::Heads::default(), &hits).unwrap();
        let want = serde_json::to_string(&found).unwrap();
        assert!(want.contains(&name));
        assert_eq!(std::str::from_utf8(mine.written()).unwrap(), want);
    }

    #[test]
    fn custom_types_are_written_like_serde_does() {
        let policy = apisec_core::Policy::from_json(
            r#"{"sensitive_data":{"custom":[{"name":"员工-编号_v1.2","level":"S3","mode":"expert","pattern":"EMP-[0-9]{6}"}]}}"#,
        )
        .unwrap();
        let engine = apisec_core::Engine::new(policy).unwrap();
        let text = "EMP-123456 and 13812345678 then EMP-654321";
        let (mut sc, mut found, mut hits) =
            (apisec_core::scan::ScanScratch::default(), Vec::new(), Vec::new());
        engine.scan_into(text, &mut sc, &mut found);
        engine.scan_hits_into(text, &mut sc, &mut hits);
        assert_eq!(found.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["9000", "1004", "9000"]);
        let mut mine = super::Out::default();
        super::push_findings(&mut mine, &engine, &mut super::Heads::default(), &hits).unwrap();
        assert_eq!(std::str::from_utf8(mine.written()).unwrap(), serde_json::to_string(&found).unwrap());
    }

    /// A reader that hands out at most `step` bytes per call.
    struct Trickle<'a>(&'a [u8], usize);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let k = self.1.min(out.len()).min(self.0.len());
            out[..k].copy_from_slice(&self.0[..k]);
            self.0 = &self.0[k..];
            Ok(k)
        }
    }

    proptest::proptest! {
        /// Lines come out as `split('\n')` would give them (minus a trailing empty one and
        /// each line's `\r`), whatever the block size and however the reader splits its data.
        #[test]
        fn lines_survive_any_block_and_read_size(
            text in "[ab\r\n]{0,60}", block in 1usize..9, step in 1usize..7
        ) {
            let mut got: Vec<Vec<u8>> = Vec::new();
            super::each_line(Trickle(text.as_bytes(), step), block, |l| {
                got.push(l.to_vec());
                Ok(())
            }).unwrap();
            let mut want: Vec<&str> = text.split('\n').collect();
            if want.last() == Some(&"") {
                want.pop();
            }
            let want: Vec<Vec<u8>> =
                want.iter().map(|l| l.strip_suffix('\r').unwrap_or(l).as_bytes().to_vec()).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn many_lines_come_out_as_serde_writes_them_across_output_chunks() {
        // long lines with many findings, then short ones over the room they leave behind,
        // for more than one output chunk
        let engine = apisec_core::Engine::new(apisec_core::Policy::default()).unwrap();
        let mut input = String::new();
        let mut want = String::new();
        let mut k = 0;
        while want.len() < 3 * super::OUT_CHUNK {
            k += 1;
            let reps = [40, 0, 3, 1, 17][k % 5];
            let line = format!("{{\"mobile\":\"1381234{:04}\",\"n\":{k}}} ", k % 10_000).repeat(reps)
                + &"x".repeat(k % 13);
            input.push_str(&line);
            input.push('\n');
            let found = engine.scan(&line);
            want.push_str(&format!(
                "{{\"line\":{k},\"findings\":{}}}\n",
                serde_json::to_string(&found).unwrap()
            ));
        }
        let mut out = Vec::new();
        super::scan_lines(&engine, input.as_bytes(), &mut out).unwrap();
        assert!(want.len() > 3 * super::OUT_CHUNK && want.contains("\"code\":\"1004\""));
        assert_eq!(String::from_utf8(out).unwrap(), want);
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

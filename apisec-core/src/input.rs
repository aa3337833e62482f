//! Whole input documents: a JSONL buffer (one record per line) or a HAR 1.2 file, fed to an
//! [`Engine`] record by record.
//!
//! Input: the bytes of one document. Output: an [`IngestSummary`] (records accepted and
//! rejected by this call). A bad line or HAR entry is rejected with its line number (from 1;
//! for HAR, the entry's position) and counted in [`Engine::stats`]; it never stops the run.
//! The CLI and every binding (`ingest_file`, `ingestFile`, `apisec_engine_ingest_document`)
//! go through here, so line numbering and reject counting are the same everywhere. For
//! inputs too large to hold in memory, [`DocumentStream`] takes a document in chunks and
//! [`JsonlStream`] takes JSONL one line at a time.

use crate::engine::Engine;
use crate::error::Error;
use crate::har;
use serde::{Deserialize, Serialize};

/// What one document contributed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestSummary {
    /// Records accepted.
    pub accepted: u64,
    /// Records rejected (their reasons are in [`Engine::stats`]).
    pub rejected: u64,
}

impl IngestSummary {
    fn count(&mut self, ok: bool) {
        if ok {
            self.accepted += 1;
        } else {
            self.rejected += 1;
        }
    }
}

/// What [`JsonlStream::feed`] did with one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineOutcome {
    /// Empty or whitespace only: skipped, but still counted for line numbers.
    Blank,
    /// A record, ingested.
    Accepted,
    /// Not a valid record: counted in [`Engine::stats`] with its line number and reason.
    Rejected,
}

/// JSONL fed one line at a time, for callers that stream a large input and must not hold
/// it in memory (`apisec analyze` reads multi-GB files this way). [`Engine::ingest_jsonl`]
/// is this stream over a buffer, so both number lines and count rejects identically.
#[derive(Clone, Debug, Default)]
pub struct JsonlStream {
    line: u64,
    source: Option<String>,
    summary: IngestSummary,
}

impl JsonlStream {
    /// A stream whose first line is line 1.
    pub fn new() -> Self {
        JsonlStream::default()
    }

    /// Like [`JsonlStream::new`], naming the input in reject reasons (`"a.jsonl: ts: …"`) —
    /// for runs over several files.
    pub fn with_source(source: impl Into<String>) -> Self {
        JsonlStream { source: Some(source.into()), ..JsonlStream::default() }
    }

    /// Feeds the next line (with or without its `\n` / `\r\n`). A UTF-8 byte-order mark
    /// at the start of line 1 is ignored.
    pub fn feed(&mut self, engine: &mut Engine, line: &[u8]) -> LineOutcome {
        self.line += 1;
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let mut line = line.strip_suffix(b"\r").unwrap_or(line);
        if self.line == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            return LineOutcome::Blank;
        }
        let ok = engine.ingest_json_from(line, self.line, self.source.as_deref()).is_ok();
        self.summary.count(ok);
        if ok { LineOutcome::Accepted } else { LineOutcome::Rejected }
    }

    /// Lines fed so far (blank ones included).
    pub fn lines(&self) -> u64 {
        self.line
    }

    /// Records accepted and rejected so far.
    pub fn summary(&self) -> IngestSummary {
        self.summary
    }
}

/// How much of a document [`DocumentStream`] looks at before deciding HAR or JSONL (what
/// [`har::looks_like_har`] reads).
const SNIFF: usize = 4096;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Fewer than [`SNIFF`] bytes seen: not decided yet.
    Sniffing,
    /// JSONL: `pending` holds the unfinished last line only.
    Jsonl,
    /// Looks like HAR: `pending` holds the whole document until [`DocumentStream::finish`].
    Har,
}

/// A whole document (JSONL or HAR) pushed in chunks of any size, for callers that read a
/// file or socket themselves: JSONL is ingested line by line as the chunks arrive (memory
/// bounded by the longest line); HAR, being one JSON value, is held until
/// [`DocumentStream::finish`]. The outcome is exactly [`Engine::ingest_document_from`] on
/// the concatenated chunks — `apisec analyze` and every binding's file ingest use this.
#[derive(Clone, Debug)]
pub struct DocumentStream {
    mode: Mode,
    pending: Vec<u8>,
    lines: JsonlStream,
    source: Option<String>,
}

impl Default for DocumentStream {
    fn default() -> Self {
        DocumentStream::new(None)
    }
}

impl DocumentStream {
    /// A stream; `source` (a file name) prefixes reject reasons when given.
    pub fn new(source: Option<&str>) -> Self {
        DocumentStream {
            mode: Mode::Sniffing,
            pending: Vec::new(),
            lines: JsonlStream { source: source.map(str::to_owned), ..JsonlStream::default() },
            source: source.map(str::to_owned),
        }
    }

    /// Pushes the next chunk.
    pub fn push(&mut self, engine: &mut Engine, chunk: &[u8]) {
        match self.mode {
            Mode::Har => self.pending.extend_from_slice(chunk),
            Mode::Sniffing => {
                self.pending.extend_from_slice(chunk);
                if self.pending.len() >= SNIFF {
                    self.decide();
                    if self.mode == Mode::Jsonl {
                        self.drain_lines(engine);
                    }
                }
            }
            Mode::Jsonl => {
                self.pending.extend_from_slice(chunk);
                self.drain_lines(engine);
            }
        }
    }

    /// Lines ingested so far when the document is JSONL (0 for HAR until the end).
    pub fn lines(&self) -> u64 {
        self.lines.lines()
    }

    /// Ends the document: ingests the last line, or the whole HAR document.
    pub fn finish(mut self, engine: &mut Engine) -> IngestSummary {
        if self.mode == Mode::Sniffing {
            self.decide();
        }
        if self.mode == Mode::Har {
            if let Ok(sum) = engine.ingest_har_from(&self.pending, self.source.as_deref()) {
                return sum;
            }
            // Starts like HAR but is not: judged line by line, as a buffer would be.
            self.mode = Mode::Jsonl;
        }
        self.drain_lines(engine);
        if !self.pending.is_empty() {
            let last = std::mem::take(&mut self.pending);
            self.lines.feed(engine, &last);
        }
        self.lines.summary()
    }

    fn decide(&mut self) {
        self.mode = if har::looks_like_har(&self.pending) { Mode::Har } else { Mode::Jsonl };
    }

    /// Feeds every complete line in `pending` and keeps the unfinished rest.
    fn drain_lines(&mut self, engine: &mut Engine) {
        let mut start = 0;
        while let Some(i) = memchr::memchr(b'\n', &self.pending[start..]) {
            self.lines.feed(engine, &self.pending[start..start + i + 1]);
            start += i + 1;
        }
        self.pending.drain(..start);
    }
}

impl Engine {
    /// Ingests a document: HAR when [`har::looks_like_har`] says so and it reads as HAR,
    /// JSONL otherwise (so a document that only starts like HAR is judged line by line, as
    /// `apisec analyze` does).
    pub fn ingest_document(&mut self, bytes: &[u8]) -> IngestSummary {
        self.ingest_document_from(bytes, None)
    }

    /// Like [`Engine::ingest_document`], naming the input (`source`) in reject reasons.
    pub fn ingest_document_from(&mut self, bytes: &[u8], source: Option<&str>) -> IngestSummary {
        if har::looks_like_har(bytes)
            && let Ok(sum) = self.ingest_har_from(bytes, source)
        {
            return sum;
        }
        let mut stream = JsonlStream { source: source.map(str::to_owned), ..JsonlStream::default() };
        for line in bytes.split(|&b| b == b'\n') {
            stream.feed(self, line);
        }
        stream.summary()
    }

    /// Ingests JSONL: one record per line (`\n` or `\r\n`); blank lines are skipped but
    /// still counted for line numbers; a leading UTF-8 byte-order mark is ignored.
    pub fn ingest_jsonl(&mut self, bytes: &[u8]) -> IngestSummary {
        let mut stream = JsonlStream::new();
        for line in bytes.split(|&b| b == b'\n') {
            stream.feed(self, line);
        }
        stream.summary()
    }

    /// Ingests a HAR document; a bad entry is rejected with its position (from 1).
    pub fn ingest_har(&mut self, bytes: &[u8]) -> Result<IngestSummary, Error> {
        self.ingest_har_from(bytes, None)
    }

    /// Like [`Engine::ingest_har`], naming the input (`source`) in reject reasons.
    pub fn ingest_har_from(&mut self, bytes: &[u8], source: Option<&str>) -> Result<IngestSummary, Error> {
        let mut sum = IngestSummary::default();
        for (i, rec) in har::read_har(bytes)?.into_iter().enumerate() {
            let ok = match rec {
                Ok(rec) => self.ingest(&rec).is_ok(),
                Err(e) => {
                    self.reject_from(i as u64 + 1, &e, source);
                    false
                }
            };
            sum.count(ok);
        }
        Ok(sum)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Engine, Policy};

    const GOOD: &str = r#"{"ts":1700000000,"client_ip":"198.51.100.7","host":"shop.test","method":"GET","path":"/a","status":200}"#;

    #[test]
    fn jsonl_counts_and_numbers_lines() {
        let mut e = Engine::new(Policy::default()).unwrap();
        let doc = format!("\u{feff}{GOOD}\r\n\n{{\"ts\":1}}\n{GOOD}\n   \n");
        let s = e.ingest_document(doc.as_bytes());
        assert_eq!((s.accepted, s.rejected), (2, 1));
        assert_eq!(e.stats().rejects.len(), 1);
        assert_eq!(e.stats().rejects[0].line, 3);
        assert_eq!(e.assets().len(), 1);
    }

    #[test]
    fn har_goes_through_the_har_reader() {
        let mut e = Engine::new(Policy::default()).unwrap();
        let har = br#"{"log":{"entries":[{"startedDateTime":"2024-01-01T00:00:00Z","request":{"method":"GET","url":"https://h.test/x"},"response":{"status":200}},{"request":{}}]}}"#;
        let s = e.ingest_document(har);
        assert_eq!((s.accepted, s.rejected), (1, 1));
        assert_eq!(e.stats().rejects[0].line, 2);
        // Starts like HAR but is not: one JSONL line, rejected.
        assert!(e.ingest_har(br#"{"log":{"entries":3}}"#).is_err());
        let s = e.ingest_document(br#"{"log":{"entries":3}}"#);
        assert_eq!((s.accepted, s.rejected), (0, 1));
    }

    #[test]
    fn a_stream_of_lines_matches_the_buffer_call_and_names_its_source() {
        let doc = format!("\u{feff}{GOOD}\r\n\n{{\"ts\":1}}\n{GOOD}\n   \n");
        let mut whole = Engine::new(Policy::default()).unwrap();
        whole.ingest_jsonl(doc.as_bytes());
        let mut streamed = Engine::new(Policy::default()).unwrap();
        let mut stream = super::JsonlStream::with_source("b.jsonl");
        let outcomes: Vec<super::LineOutcome> =
            doc.split_inclusive('\n').map(|l| stream.feed(&mut streamed, l.as_bytes())).collect();
        use super::LineOutcome::*;
        assert_eq!(outcomes, [Accepted, Blank, Rejected, Accepted, Blank]);
        assert_eq!(stream.lines(), 5);
        let st = whole.stats();
        assert_eq!(stream.summary(), super::IngestSummary { accepted: st.accepted, rejected: st.rejected });
        let (a, b) = (&whole.stats().rejects[0], &streamed.stats().rejects[0]);
        assert_eq!((a.line, b.line), (3, 3));
        assert_eq!(b.reason, format!("b.jsonl: {}", a.reason));
        // The source is not a field: rejects are still classed by the record's field.
        assert_eq!(whole.stats().rejected_by_field, streamed.stats().rejected_by_field);
        assert_eq!(whole.assets(), streamed.assets());
    }

    #[test]
    fn a_byte_order_mark_counts_only_at_the_start() {
        let mut e = Engine::new(Policy::default()).unwrap();
        let mut s = super::JsonlStream::new();
        assert_eq!(s.feed(&mut e, format!("{GOOD}\n").as_bytes()), super::LineOutcome::Accepted);
        let late_bom = format!("\u{feff}{GOOD}");
        assert_eq!(s.feed(&mut e, late_bom.as_bytes()), super::LineOutcome::Rejected);
    }

    #[test]
    fn a_document_pushed_in_chunks_equals_the_whole_buffer() {
        let har = br#"{"log":{"entries":[{"startedDateTime":"2024-01-01T00:00:00Z","request":{"method":"GET","url":"https://h.test/x"},"response":{"status":200}},{"request":{}}]}}"#;
        // A long JSONL document so the sniffing window (4 KiB) ends mid-line.
        let mut long = String::from("\u{feff}");
        for i in 0..60 {
            if i % 7 == 3 {
                long.push_str("{\"ts\":1}\r\n\n");
            } else {
                long.push_str(&GOOD.replace("/a", &format!("/a{i}")));
                long.push('\n');
            }
        }
        long.push_str(GOOD); // no final newline
        let docs: Vec<Vec<u8>> = vec![
            long.into_bytes(),
            har.to_vec(),
            br#"{"log":{"entries":3}}"#.to_vec(),
            format!("{GOOD}\n{{\"log\":1}}\n").into_bytes(),
            Vec::new(),
            b"\n\n".to_vec(),
        ];
        for doc in &docs {
            let mut whole = Engine::new(Policy::default()).unwrap();
            let want = whole.ingest_document_from(doc, Some("f"));
            for size in [1, 7, 4095, 4096, 100_000] {
                let mut e = Engine::new(Policy::default()).unwrap();
                let mut s = super::DocumentStream::new(Some("f"));
                for chunk in doc.chunks(size) {
                    s.push(&mut e, chunk);
                }
                assert_eq!(s.finish(&mut e), want, "chunks of {size}");
                assert_eq!(e.stats(), whole.stats(), "chunks of {size}");
                assert_eq!(e.assets(), whole.assets(), "chunks of {size}");
            }
        }
    }
}

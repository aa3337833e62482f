//! Whole input documents: a JSONL buffer (one record per line) or a HAR 1.2 file, fed to an
//! [`Engine`] record by record.
//!
//! Input: the bytes of one document. Output: an [`IngestSummary`] (records accepted and
//! rejected by this call). A bad line or HAR entry is rejected with its line number (from 1;
//! for HAR, the entry's position) and counted in [`Engine::stats`]; it never stops the run.
//! The CLI and every binding (`ingest_file`, `ingestFile`, `apisec_engine_ingest_jsonl`) go
//! through here, so line numbering is the same everywhere.

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

impl Engine {
    /// Ingests a document: HAR when [`har::looks_like_har`] says so and it reads as HAR,
    /// JSONL otherwise (so a document that only starts like HAR is judged line by line, as
    /// `apisec analyze` does).
    pub fn ingest_document(&mut self, bytes: &[u8]) -> IngestSummary {
        if har::looks_like_har(bytes)
            && let Ok(sum) = self.ingest_har(bytes)
        {
            return sum;
        }
        self.ingest_jsonl(bytes)
    }

    /// Ingests JSONL: one record per line (`\n` or `\r\n`); blank lines are skipped but
    /// still counted for line numbers; a leading UTF-8 byte-order mark is ignored.
    pub fn ingest_jsonl(&mut self, bytes: &[u8]) -> IngestSummary {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut sum = IngestSummary::default();
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            sum.count(self.ingest_json_at(line, i as u64 + 1).is_ok());
        }
        sum
    }

    /// Ingests a HAR document; a bad entry is rejected with its position (from 1).
    pub fn ingest_har(&mut self, bytes: &[u8]) -> Result<IngestSummary, Error> {
        let mut sum = IngestSummary::default();
        for (i, rec) in har::read_har(bytes)?.into_iter().enumerate() {
            let ok = match rec {
                Ok(rec) => self.ingest(&rec).is_ok(),
                Err(e) => {
                    self.reject(i as u64 + 1, &e);
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
}

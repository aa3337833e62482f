//! Free-text sensitive data scan through an engine: what `apisec scan` prints and what every
//! binding's `scan` returns, from one function so they cannot drift apart.
//!
//! Input: one text (UTF-8 `&str`, or bytes that are repaired lossily when they are not
//! UTF-8). Output: [`ScanFinding`]s — type code as a string (`"1004"`), the type's name,
//! its level (`S1`–`S4`), and the byte span (`start` inclusive, `end` exclusive) — sorted by
//! position. The engine's policy decides which built-in types are on and adds its custom
//! types (codes from `9000`).

use crate::engine::Engine;
use crate::sensitive::{Finding, Scratch};
use crate::{SensitiveLevel, catalog::sensitive_type};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One sensitive value in a scanned text, in the shape of `apisec scan`'s output
/// (DESIGN.md §5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanFinding {
    /// Sensitive type code as a string (`"1004"`; custom types from `"9000"`).
    pub code: String,
    /// The type's name (built-in catalogue name, or the policy's name for a custom type).
    pub name: String,
    /// Sensitivity level.
    pub level: SensitiveLevel,
    /// Start byte offset into the text (inclusive).
    pub start: usize,
    /// End byte offset into the text (exclusive).
    pub end: usize,
}

/// One finding of [`Engine::scan_hits_into`]: like [`ScanFinding`] without the owned
/// strings (the name comes from [`Engine::sensitive_type_name`]), so scanning a stream of
/// texts allocates nothing per finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScanHit {
    /// Sensitive type code (`1004`; custom types from `9000`).
    pub code: u16,
    /// Sensitivity level under the engine's policy.
    pub level: SensitiveLevel,
    /// Start byte offset into the text (inclusive).
    pub start: usize,
    /// End byte offset into the text (exclusive).
    pub end: usize,
}

/// Reusable buffers for [`Engine::scan_into`] / [`Engine::scan_hits_into`]: scanning many
/// texts in a row then allocates nothing once the buffers have grown.
#[derive(Debug, Default)]
pub struct ScanScratch {
    scanner: Scratch,
    builtin: Vec<Finding>,
    spans: Vec<(usize, usize)>,
    hits: Vec<ScanHit>,
}

impl Engine {
    /// Finds the sensitive data in one text with this engine's policy (built-in types that
    /// are on, plus custom types), sorted by `(start, end, code)`.
    ///
    /// ```
    /// use apisec_core::{Engine, Policy};
    /// let engine = Engine::new(Policy::default()).unwrap();
    /// let found = engine.scan(r#"{"mobile":"13812345678"}"#);
    /// assert_eq!(found[0].code, "1004");
    /// assert_eq!((found[0].start, found[0].end), (11, 22));
    /// ```
    pub fn scan(&self, text: &str) -> Vec<ScanFinding> {
        let mut out = Vec::new();
        self.scan_into(text, &mut ScanScratch::default(), &mut out);
        out
    }

    /// Like [`Engine::scan`] for bytes: invalid UTF-8 sequences are replaced by U+FFFD
    /// first, and offsets then refer to the repaired text (as `apisec scan` does).
    pub fn scan_bytes(&self, bytes: &[u8]) -> Vec<ScanFinding> {
        self.scan(&repair_utf8(bytes))
    }

    /// Like [`Engine::scan`], reusing `sc` and replacing the contents of `out`.
    pub fn scan_into(&self, text: &str, sc: &mut ScanScratch, out: &mut Vec<ScanFinding>) {
        out.clear();
        let mut hits = std::mem::take(&mut sc.hits);
        self.scan_hits_into(text, sc, &mut hits);
        out.extend(hits.iter().map(|h| ScanFinding {
            code: h.code.to_string(),
            name: self.sensitive_type_name(h.code).unwrap_or_default().to_owned(),
            level: h.level,
            start: h.start,
            end: h.end,
        }));
        sc.hits = hits;
    }

    /// The findings of [`Engine::scan_into`] as [`ScanHit`]s (same order, same spans),
    /// replacing the contents of `out`.
    pub fn scan_hits_into(&self, text: &str, sc: &mut ScanScratch, out: &mut Vec<ScanHit>) {
        out.clear();
        sc.builtin.clear();
        self.scanner().scan_text_scratch(text, &mut sc.scanner, &mut sc.builtin);
        let policy = self.policy();
        for f in &sc.builtin {
            let Some(t) = sensitive_type(f.code) else { continue };
            let level = policy.sensitive_level_of(f.code).unwrap_or(t.level);
            out.push(ScanHit { code: f.code, level, start: f.start, end: f.end });
        }
        let custom = policy.custom_sensitive_types();
        for c in custom {
            sc.spans.clear();
            c.find_iter(text, &mut sc.spans);
            out.extend(sc.spans.iter().map(|&(start, end)| ScanHit {
                code: c.code,
                level: c.level,
                start,
                end,
            }));
        }
        // built-in findings come sorted; custom ones are interleaved by position
        if !custom.is_empty() {
            out.sort_by_key(|h| (h.start, h.end, h.code));
        }
    }

    /// The name of a sensitive type code: the catalogue's name for a built-in type, the
    /// policy's for a custom one.
    pub fn sensitive_type_name(&self, code: u16) -> Option<&str> {
        match sensitive_type(code) {
            Some(t) => Some(t.name),
            None => self
                .policy()
                .custom_sensitive_types()
                .iter()
                .find(|c| c.code == code)
                .map(|c| c.name.as_str()),
        }
    }
}

/// The text of `bytes`: borrowed when valid UTF-8, else with each bad sequence replaced.
pub fn repair_utf8(bytes: &[u8]) -> Cow<'_, str> {
    // SIMD validation first (several times quicker than std's, which is itself quicker
    // than the lossy iterator); only text with bad bytes takes the repairing path
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Engine, Policy, SensitiveLevel};

    #[test]
    fn builtin_findings_carry_name_level_and_byte_span() {
        let e = Engine::new(Policy::default()).unwrap();
        let text = "电话 13812345678, mail bob@mail.example";
        let f = e.scan(text);
        let phone = f.iter().find(|x| x.code == "1004").expect("phone found");
        assert_eq!(&text[phone.start..phone.end], "13812345678");
        assert_eq!(phone.level, SensitiveLevel::S2);
        assert!(!phone.name.is_empty());
        assert!(f.windows(2).all(|w| (w[0].start, w[0].end) <= (w[1].start, w[1].end)));
        assert!(e.scan("nothing to see").is_empty());
    }

    #[test]
    fn the_policy_switches_types_off_and_adds_custom_types() {
        let policy = Policy::from_json(
            r#"{"sensitive_data":{"builtin":{"1004":{"enabled":false}},"custom":[{"name":"employee-id","level":"S3","mode":"expert","pattern":"EMP-[0-9]{6}"}]}}"#,
        )
        .expect("policy parses");
        let e = Engine::new(policy).unwrap();
        let text = "phone 13812345678 badge EMP-123456";
        let f = e.scan(text);
        assert!(f.iter().all(|x| x.code != "1004"), "1004 is switched off: {f:?}");
        let custom = f.iter().find(|x| x.code == "9000").expect("custom type found");
        assert_eq!(custom.name, "employee-id");
        assert_eq!(custom.level, SensitiveLevel::S3);
        assert_eq!(&text[custom.start..custom.end], "EMP-123456");
    }

    #[test]
    fn bytes_are_repaired_before_scanning() {
        let e = Engine::new(Policy::default()).unwrap();
        let mut bytes = b"\xff 13812345678".to_vec();
        let f = e.scan_bytes(&bytes);
        // U+FFFD is three bytes: the phone starts at 4.
        assert_eq!((f[0].start, f[0].end), (4, 15));
        bytes[0] = b' ';
        assert_eq!(e.scan_bytes(&bytes)[0].start, 2);
    }
}

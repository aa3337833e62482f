//! Sensitive data detection: the 44 built-in types of the catalogue in any text.
//!
//! [`SensitiveScanner`] is built once (which types are on) and is immutable and
//! `Send + Sync`. [`SensitiveScanner::scan_text`] takes one raw text — a JSON body, a query
//! string, a header block, free text — and returns [`Finding`]s (code + byte span in the raw
//! text). [`SensitiveScanner::scan_params`] scans a record's parameters with each parameter's
//! name as key context and counts findings per code for the request and the response
//! ([`RecordSensitive`]); [`ApiSensitive`] accumulates those per API and gives the API's
//! sensitivity level by the reference rule; [`mask`] / [`mask_sample`] de-identify samples.
//!
//! How a text is scanned: escapes are undone first ([`decode`]: JSON `\uXXXX`, `\/`, `%XX`)
//! with an offset map back to the raw text. Anchored types come from every `@` (e-mail,
//! found by `memchr`) and every colon not after a quote (from the fuzzy pass's 64-byte masks,
//! [`simd`]), whose neighbours say whether a URL (`://`), a JDBC URL (`jdbc:`) or a passwd /
//! shadow entry (`:x:`, `:$`…) may start there (PEM blocks: the `-B` of `-----BEGIN `, from
//! the same masks). Everything else comes from one pass over
//! the bytes ([`tokens`]) behind a prefilter: eight bytes at a time it jumps to the next
//! digit, capital, `:`, `(` or dotted-MAC `.`, so lower-case words, punctuation and CJK text
//! are never tokenised; around each such byte the alphanumeric run is classified by length
//! and composition and only then validated — check digits ([`checksum`]), assigned phone
//! prefixes ([`phone`]), real address parsing ([`network`]), key material ([`keys`]) — with
//! the JSON key or the preceding words ([`context`]) deciding where a value alone is
//! ambiguous. The fuzzy types (names, places, gender…) are matched by the lexicon only after
//! a key or a phrase that names them, plus English names in running text.

pub mod checksum;
pub mod context;
pub mod decode;
#[cfg(test)]
mod examples;
mod fuzzy;
pub mod keys;
pub mod mask;
pub mod network;
pub mod phone;
#[allow(dead_code)] // the passes adopt the masks one by one
mod simd;
mod tokens;

pub use mask::{mask, mask_sample};

use crate::catalog::{ApiSensitiveLevel, SENSITIVE_TYPES, SensitiveLevel, sensitive_type};
use crate::params::Params;
use context::Ctx;
use decode::Decoded;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One sensitive value found in a text: its type code and byte span (`end` exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// Sensitive type code (`1004`).
    pub code: u16,
    /// Start byte offset (inclusive).
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// The compiled detector for the built-in sensitive types.
#[derive(Clone, Debug)]
pub struct SensitiveScanner {
    /// Which types are on, as a bitmap over `code - 1000` (codes 1000..5096): the token pass
    /// asks for every candidate, so the answer is one shift and mask.
    bits: [u64; 64],
}

impl Default for SensitiveScanner {
    fn default() -> Self {
        SensitiveScanner::new(|_| true)
    }
}

/// Reusable scratch space for scanning (decode buffer, skip spans).
#[derive(Debug, Default)]
pub struct Scratch {
    dec: Decoded,
    skip: Vec<(usize, usize)>,
    anchors: Vec<(Anchor, usize)>,
    /// The block masks of the text being scanned, shared by the anchor and fuzzy passes
    /// (kept for their allocation).
    masks: simd::TextMasks,
    keys: fuzzy::KeyCache,
    params_buf: Vec<Finding>,
}

/// What a colon found by the anchor pass may start or belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Anchor {
    Url,
    Jdbc,
    Passwd,
    /// `:$`, `:!`, `:*` (tried in that order).
    Shadow(u8),
    /// `-----BEGIN ` (the anchor is its first byte).
    Pem,
}

impl SensitiveScanner {
    /// Builds a scanner; `enabled(code)` says whether a built-in type is switched on.
    pub fn new(enabled: impl Fn(u16) -> bool) -> Self {
        let mut bits = [0u64; 64];
        for t in SENSITIVE_TYPES.iter().take(44) {
            let k = usize::from(t.code.wrapping_sub(1000));
            if enabled(t.code) && k < 4096 {
                bits[k >> 6] |= 1 << (k & 63);
            }
        }
        SensitiveScanner { bits }
    }

    /// Whether a type is switched on.
    #[inline]
    pub fn on(&self, code: u16) -> bool {
        let k = usize::from(code.wrapping_sub(1000));
        k < 4096 && (self.bits[k >> 6] >> (k & 63)) & 1 == 1
    }

    /// Scans one raw text, appending findings with byte offsets into `text`, sorted by
    /// position.
    pub fn scan_text(&self, text: &str, out: &mut Vec<Finding>) {
        let mut sc = Scratch::default();
        self.scan_text_with(text, None, &mut sc, out);
    }

    /// Like [`SensitiveScanner::scan_text`] with reusable scratch space (no allocation for
    /// texts without escapes).
    pub fn scan_text_scratch(&self, text: &str, sc: &mut Scratch, out: &mut Vec<Finding>) {
        self.scan_text_with(text, None, sc, out);
    }

    /// Scans one value whose name is `key` (a parameter name or JSON path), using the key as
    /// context where the text itself has none.
    pub fn scan_value(&self, text: &str, key: &str, sc: &mut Scratch, out: &mut Vec<Finding>) {
        let k = Ctx::from_key(key);
        self.scan_text_with(text, Some((&k, key)), sc, out);
    }

    fn scan_text_with(
        &self,
        text: &str,
        outer: Option<(&Ctx, &str)>,
        sc: &mut Scratch,
        out: &mut Vec<Finding>,
    ) {
        let first = out.len();
        if decode::needs_decode(text) {
            let mut dec = std::mem::take(&mut sc.dec);
            decode::decode(text, &mut dec);
            self.scan_decoded(&dec.text, outer, Some(&dec), sc, out);
            // in decoded order, each offset's escape is found by galloping on from the last
            // one instead of a binary search over all escapes of the text
            out[first..].sort_by_key(|f| (f.start, f.end, f.code));
            let mut k = 0;
            for f in &mut out[first..] {
                k = dec.count_upto(f.start, k);
                let ke = dec.count_upto(f.end, k);
                f.start = dec.raw_counted(f.start, k);
                f.end = dec.raw_counted(f.end, ke);
            }
            sc.dec = dec;
        } else {
            self.scan_decoded(text, outer, None, sc, out);
        }
        // the passes each append in position order: a stable (run-merging) sort is near linear
        out[first..].sort_by_key(|f| (f.start, f.end, f.code));
    }

    fn scan_decoded(
        &self,
        t: &str,
        outer: Option<(&Ctx, &str)>,
        dec: Option<&Decoded>,
        sc: &mut Scratch,
        out: &mut Vec<Finding>,
    ) {
        let b = t.as_bytes();
        let skip = &mut sc.skip;
        // percent-escapes belong to a URL; JSON `\u` escapes of CJK text end it
        let escaped = |i: usize| dec.is_some_and(|d| d.percent(i));
        skip.clear();
        // one loop over the text computes the fuzzy pass's block masks and the anchor bytes
        // ([`simd::TextMasks`]): the colons but those after a quote, whose neighbours say
        // whether a URL (`://`), a JDBC URL (`jdbc:`) or a passwd / shadow entry (`:x:`, `:$`,
        // `:!`, `:*`) may start there (each has a letter, digit or name byte before its colon),
        // and the `-B` of a PEM block's `-----BEGIN `. E-mail addresses are looked for around
        // every `@`, a rare byte that `memchr` finds faster than a mask would.
        let masks = &mut sc.masks;
        masks.compute(b);
        if self.on(1005) {
            for p in memchr::memchr_iter(b'@', b) {
                if let Some((s, e)) = network::email(b, p) {
                    out.push(Finding { code: 1005, start: s, end: e });
                }
            }
        }
        let anchors = &mut sc.anchors;
        anchors.clear();
        for (base, mut m) in (0..).step_by(64).zip(masks.anchors()) {
            while m != 0 {
                let p = base + m.trailing_zeros() as usize;
                m &= m - 1;
                if b.get(p) == Some(&b'-') {
                    // a `-` before a `B`: the fifth dash of `-----BEGIN `?
                    if let Some(s) = p.checked_sub(4)
                        && b.get(s..s + 11) == Some(b"-----BEGIN ")
                    {
                        anchors.push((Anchor::Pem, s));
                    }
                    continue;
                }
                let kind = match (b.get(p + 1), b.get(p + 2)) {
                    (Some(b'/'), Some(b'/')) => Anchor::Url,
                    (Some(b'x'), Some(b':')) => Anchor::Passwd,
                    (Some(b'$'), _) => Anchor::Shadow(0),
                    (Some(b'!'), _) => Anchor::Shadow(1),
                    (Some(b'*'), _) => Anchor::Shadow(2),
                    _ if p >= 4 && b.get(p - 4..p) == Some(b"jdbc") => Anchor::Jdbc,
                    _ => continue,
                };
                anchors.push((kind, p));
            }
        }
        let at = |k: Anchor| anchors.iter().filter(move |a| a.0 == k).map(|a| a.1);
        if self.on(2015) {
            for p in at(Anchor::Url) {
                if let Some((s, e)) = network::url(b, p, &escaped) {
                    out.push(Finding { code: 2015, start: s, end: e });
                }
            }
        }
        if self.on(2002) {
            for p in at(Anchor::Jdbc) {
                if let Some((s, e)) = network::jdbc(b, p - 4, &escaped) {
                    out.push(Finding { code: 2002, start: s, end: e });
                }
            }
        }
        if self.on(2003) || self.on(2004) {
            for s in at(Anchor::Pem) {
                if skip.last().is_some_and(|l| s < l.1) {
                    continue;
                }
                if let Some((code, e)) = keys::pem(b, s) {
                    skip.push((s, e));
                    if self.on(code) {
                        out.push(Finding { code, start: s, end: e });
                    }
                }
            }
        }
        if self.on(2013) {
            let mut last = 0;
            for p in at(Anchor::Passwd) {
                if p < last {
                    continue;
                }
                if let Some((s, e)) = keys::etc_file(b, p, false)
                    && !skip.iter().any(|r| s < r.1 && r.0 < e)
                {
                    out.push(Finding { code: 2013, start: s, end: e });
                    skip.push((s, e));
                    last = e;
                }
            }
        }
        if self.on(2014) {
            let mut last = 0;
            for k in 0..3 {
                for p in at(Anchor::Shadow(k)) {
                    if p < last || skip.iter().any(|r| p >= r.0 && p < r.1) {
                        continue;
                    }
                    if let Some((s, e)) = keys::etc_file(b, p, true)
                        && !skip.iter().any(|r| s < r.1 && r.0 < e)
                    {
                        out.push(Finding { code: 2014, start: s, end: e });
                        skip.push((s, e));
                        last = e;
                    }
                }
            }
        }
        if skip.len() > 1 {
            skip.sort_unstable();
        }
        self.scan_tokens(b, outer.map(|o| o.0), skip, out);
        if self.fuzzy_on() {
            self.scan_fuzzy(t, outer.map(|o| o.1), masks.fuzzy(), &mut sc.keys, out);
        }
    }

    /// Scans every parameter of a record (name as key context) and counts findings per code
    /// for the request side and the response side.
    pub fn scan_params(&self, params: &Params<'_>, out: &mut RecordSensitive) {
        self.scan_params_with(params, &mut Scratch::default(), out);
    }

    /// Like [`SensitiveScanner::scan_params`], reusing `sc` (its buffers and its cache of
    /// field-name hints) across records.
    pub fn scan_params_with(&self, params: &Params<'_>, sc: &mut Scratch, out: &mut RecordSensitive) {
        let mut buf = std::mem::take(&mut sc.params_buf);
        for (idx, p) in params.items.iter().enumerate() {
            if p.value.is_empty() || (is_header(p.location) && protocol_header(&p.name)) {
                continue;
            }
            buf.clear();
            self.scan_value(&p.value, &p.name, sc, &mut buf);
            let side = if p.location.is_request() { &mut out.req } else { &mut out.resp };
            for f in &buf {
                *side.entry(f.code).or_default() += 1;
            }
            if out.findings.len() < RecordSensitive::MAX_FINDINGS {
                let room = RecordSensitive::MAX_FINDINGS - out.findings.len();
                out.findings.extend(buf.iter().take(room).map(|&f| ParamFinding { param: idx, finding: f }));
            }
        }
        sc.params_buf = buf;
    }
}

fn is_header(l: crate::catalog::Location) -> bool {
    matches!(l, crate::catalog::Location::RequestHeader | crate::catalog::Location::ResponseHeader)
}

/// Headers whose values are protocol metadata, not data about a person: their dates, hosts,
/// URLs and versions are not sensitive findings. `Cookie` is scanned cookie by cookie, so
/// the raw header is skipped too.
pub fn protocol_header(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "accept",
        "accept-charset",
        "accept-encoding",
        "accept-language",
        "accept-ranges",
        "age",
        "access-control-allow-headers",
        "access-control-allow-methods",
        "access-control-allow-origin",
        "access-control-expose-headers",
        "access-control-max-age",
        "access-control-request-headers",
        "access-control-request-method",
        "alt-svc",
        "cache-control",
        "connection",
        "content-encoding",
        "content-language",
        "content-length",
        "content-location",
        "content-security-policy",
        "content-type",
        "cookie",
        "date",
        "etag",
        "expect",
        "expires",
        "host",
        "if-match",
        "if-modified-since",
        "if-none-match",
        "if-range",
        "if-unmodified-since",
        "keep-alive",
        "last-modified",
        "link",
        "location",
        "origin",
        "pragma",
        "referer",
        "referrer-policy",
        "retry-after",
        "sec-ch-ua",
        "sec-ch-ua-mobile",
        "sec-ch-ua-platform",
        "sec-fetch-dest",
        "sec-fetch-mode",
        "sec-fetch-site",
        "sec-fetch-user",
        "server",
        "strict-transport-security",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "upgrade-insecure-requests",
        "user-agent",
        "vary",
        "via",
        "x-content-type-options",
        "x-frame-options",
        "x-powered-by",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "x-request-id",
        "x-xss-protection",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// A finding inside one parameter of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamFinding {
    /// Index into [`Params::items`].
    pub param: usize,
    /// The finding, offsets into that parameter's value.
    pub finding: Finding,
}

/// What one record carried: counts per code on each side, plus the findings themselves.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordSensitive {
    /// Request side (query, headers, cookies, body): code → count.
    pub req: BTreeMap<u16, u32>,
    /// Response side (headers, body): code → count.
    pub resp: BTreeMap<u16, u32>,
    /// The findings (at most [`RecordSensitive::MAX_FINDINGS`]).
    pub findings: Vec<ParamFinding>,
}

impl RecordSensitive {
    /// Most findings kept per record (counts are exact beyond it).
    pub const MAX_FINDINGS: usize = 1024;

    /// Entries of S2-level types in the response.
    pub fn resp_s2_entries(&self) -> u32 {
        self.resp_s2_entries_by(level_of)
    }

    /// Like [`RecordSensitive::resp_s2_entries`], with levels from `level` (custom types).
    pub fn resp_s2_entries_by(&self, level: impl Fn(u16) -> Option<SensitiveLevel>) -> u32 {
        self.resp.iter().filter(|(c, _)| level(**c) == Some(SensitiveLevel::S2)).map(|(_, n)| *n).sum()
    }
}

fn level_of(code: u16) -> Option<SensitiveLevel> {
    sensitive_type(code).map(|t| t.level)
}

/// Per-API accumulation: which types were seen in requests and responses, and the most S2
/// entries one response carried.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiSensitive {
    /// Codes seen in requests (`api_sensitive_req`).
    pub req: std::collections::BTreeSet<u16>,
    /// Codes seen in responses (`api_sensitive_res`).
    pub resp: std::collections::BTreeSet<u16>,
    /// Largest number of S2 entries in a single response.
    pub max_resp_s2: u32,
    /// Highest level among the response types (built-in or custom).
    #[serde(default)]
    pub resp_top: Option<SensitiveLevel>,
}

impl ApiSensitive {
    /// S2 entries in one response above which an API is highly sensitive.
    pub const S2_BULK: u32 = 20;

    /// Folds one record in.
    pub fn observe(&mut self, r: &RecordSensitive) {
        self.observe_by(r, level_of);
    }

    /// Like [`ApiSensitive::observe`], with levels from `level` (custom types).
    pub fn observe_by(&mut self, r: &RecordSensitive, level: impl Fn(u16) -> Option<SensitiveLevel>) {
        self.req.extend(r.req.keys().copied());
        self.resp.extend(r.resp.keys().copied());
        self.max_resp_s2 = self.max_resp_s2.max(r.resp_s2_entries_by(&level));
        let top = r.resp.keys().filter_map(|&c| level(c)).max();
        self.resp_top = self.resp_top.max(top);
    }

    /// Folds another accumulator in (shard merge).
    pub fn absorb(&mut self, o: &ApiSensitive) {
        self.req.extend(o.req.iter().copied());
        self.resp.extend(o.resp.iter().copied());
        self.max_resp_s2 = self.max_resp_s2.max(o.max_resp_s2);
        self.resp_top = self.resp_top.max(o.resp_top);
    }

    /// The API sensitivity level: a response type of S3 or higher, or more than 20 S2 entries
    /// in one response → high; an S2 type → moderate; an S1 type → low; else none.
    pub fn level(&self) -> ApiSensitiveLevel {
        match self.resp_top {
            Some(SensitiveLevel::S3 | SensitiveLevel::S4) => ApiSensitiveLevel::High,
            _ if self.max_resp_s2 > Self::S2_BULK => ApiSensitiveLevel::High,
            Some(SensitiveLevel::S2) => ApiSensitiveLevel::Moderate,
            Some(SensitiveLevel::S1) => ApiSensitiveLevel::Low,
            None => ApiSensitiveLevel::None,
        }
    }

    /// Codes as the wire strings of `api_sensitive_req`.
    pub fn req_codes(&self) -> Vec<String> {
        self.req.iter().map(u16::to_string).collect()
    }

    /// Codes as the wire strings of `api_sensitive_res`.
    pub fn resp_codes(&self) -> Vec<String> {
        self.resp.iter().map(u16::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(u16, String)> {
        let mut out = Vec::new();
        SensitiveScanner::default().scan_text(text, &mut out);
        out.iter().map(|f| (f.code, text[f.start..f.end].to_owned())).collect()
    }

    #[test]
    fn finds_values_in_raw_json_with_escapes() {
        let t = r#"{"mobile":"13812345678","mail":"a%40b.com","u":"https:\/\/x.example.com\/p","id":"11010519491231002X"}"#;
        let got = codes(t);
        assert!(got.contains(&(1004, "13812345678".into())), "{got:?}");
        assert!(got.contains(&(1005, "a%40b.com".into())), "{got:?}");
        assert!(got.contains(&(2015, r"https:\/\/x.example.com\/p".into())), "{got:?}");
        assert!(got.contains(&(1000, "11010519491231002X".into())), "{got:?}");
    }

    #[test]
    fn switches_agree_with_the_type_table() {
        let s = SensitiveScanner::new(|c| c % 2 == 0);
        for t in SENSITIVE_TYPES {
            assert_eq!(s.on(t.code), t.code % 2 == 0, "{}", t.code);
        }
        assert!(!s.on(0) && !s.on(999) && !s.on(1021) && !s.on(9000));
    }

    #[test]
    fn switched_off_types_are_not_reported() {
        let s = SensitiveScanner::new(|c| c != 1004);
        let mut out = Vec::new();
        s.scan_text("call 13812345678 or a@b.cn", &mut out);
        assert_eq!(out.iter().map(|f| f.code).collect::<Vec<_>>(), vec![1005]);
    }

    #[test]
    fn api_level_follows_the_reference_rule() {
        let mut a = ApiSensitive::default();
        assert_eq!(a.level(), ApiSensitiveLevel::None);
        let mut r = RecordSensitive::default();
        r.req.insert(1000, 1);
        a.observe(&r);
        assert_eq!(a.level(), ApiSensitiveLevel::None, "request-only data does not count");
        r.resp.insert(2015, 3);
        a.observe(&r);
        assert_eq!(a.level(), ApiSensitiveLevel::Low);
        r.resp.insert(1004, 20);
        a.observe(&r);
        assert_eq!(a.level(), ApiSensitiveLevel::Moderate);
        r.resp.insert(1005, 1);
        a.observe(&r);
        assert_eq!(a.level(), ApiSensitiveLevel::High, "21 S2 entries in one response");
        let mut b = ApiSensitive::default();
        let mut r2 = RecordSensitive::default();
        r2.resp.insert(1001, 1);
        b.observe(&r2);
        assert_eq!(b.level(), ApiSensitiveLevel::High);
        assert_eq!(a.resp_codes(), vec!["1004", "1005", "2015"]);
    }
}

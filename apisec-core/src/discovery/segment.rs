//! Classification of one path segment: is it surely an identifier (a *strong* parameter),
//! something that may be a parameter value when its siblings say so (*weak*), a protected
//! literal (versions), or a segment with a parameter inside it (`${param}.json`)?
//!
//! Input: one raw segment (still percent-encoded) and its depth. Output: a [`Shape`].
//! Only the segment's own characters are read; no lists of words or hosts.

use crate::params::percent_decode;

/// The shape of one path segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    /// Decimal integer (below the root).
    Int,
    /// UUID `8-4-4-4-12`.
    Uuid,
    /// Hexadecimal of 8+ digits with both letters and digits (ObjectIds, hashes).
    Hex,
    /// An e-mail address.
    Email,
    /// Random-looking token, optionally with a short prefix (`cus_9s8dXa2k…`, `x7Gk29dQ`).
    Token,
    /// A calendar date `YYYY-MM-DD` (optionally with a time).
    Date,
    /// A version or API marker (`v1`, `v2beta1`, `2.0`, `api`, `api3`): never a parameter.
    Version,
    /// Letters only, single word (`users`, `kilo`).
    Word,
    /// Lower-case words joined by `-` or `_` (`forget-password`, `green-oscar`).
    Slug,
    /// Short mix of letters and digits (`india65`, `oauth2`).
    Alnum,
    /// camelCase name (`getUserInfo`, `findByStatus`): an RPC-style operation name.
    Camel,
    /// Anything else (punctuation, spaces, non-ASCII).
    Other,
}

impl Shape {
    /// True for shapes that are identifiers on their own, whatever their siblings.
    pub fn is_strong(self) -> bool {
        matches!(self, Shape::Int | Shape::Uuid | Shape::Hex | Shape::Email | Shape::Token)
    }

    /// True for shapes that may become a parameter when sibling statistics say so.
    pub fn may_merge(self) -> bool {
        matches!(self, Shape::Word | Shape::Slug | Shape::Alnum | Shape::Date | Shape::Other)
    }

    /// A bit for sets of shapes.
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Classifies a raw segment found at `depth` (0 = first segment).
pub fn classify(raw: &str, depth: usize) -> Shape {
    let dec = percent_decode(raw, false);
    let s: &str = &dec;
    let shape = classify_text(s);
    // A bare number as the very first segment is usually a version (`/2/tweets`).
    if depth == 0 && shape == Shape::Int && s.len() <= 4 {
        return Shape::Version;
    }
    shape
}

fn classify_text(s: &str) -> Shape {
    let b = s.as_bytes();
    if b.is_empty() {
        return Shape::Other;
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    let alpha = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
    let alnum = digits + alpha == b.len();
    if digits == b.len() {
        return if b.len() <= 24 { Shape::Int } else { Shape::Token };
    }
    if is_ipv4(s) || (b[0] == b'+' && b.len() >= 8 && digits == b.len() - 1) {
        // An address or a phone number.
        return Shape::Int;
    }
    if is_version(s) {
        return Shape::Version;
    }
    if is_uuid(b) {
        return Shape::Uuid;
    }
    if b.len() >= 8 && digits > 0 && b.iter().all(|c| c.is_ascii_hexdigit()) {
        return Shape::Hex;
    }
    if is_date(b) {
        return Shape::Date;
    }
    if is_email(s) {
        return Shape::Email;
    }
    if alnum && is_token(b, digits) {
        return Shape::Token;
    }
    // Long encoded blobs (JWTs, base64url, signed ids): long, digits and letters mixed.
    if b.len() >= 20
        && digits >= 2
        && alpha >= 2
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'=' | b'~'))
        && case_flips(b) >= 4
    {
        return Shape::Token;
    }
    if let Some(i) = b.iter().position(|&c| c == b'_' || c == b'-')
        && (1..=8).contains(&i)
        && b[..i].iter().all(|c| c.is_ascii_alphabetic())
    {
        let rest = &b[i + 1..];
        let rd = rest.iter().filter(|c| c.is_ascii_digit()).count();
        if rest.iter().all(|c| c.is_ascii_alphanumeric()) && rest.len() >= 6 && is_token(rest, rd) {
            return Shape::Token;
        }
    }
    if alnum {
        if digits == 0 {
            let camel = b.windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
            return if camel { Shape::Camel } else { Shape::Word };
        }
        return Shape::Alnum;
    }
    if b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
        && b[0].is_ascii_lowercase()
    {
        return if digits == 0 { Shape::Slug } else { Shape::Other };
    }
    Shape::Other
}

/// Random-looking letters and digits: long enough, digits mixed into letters.
fn is_token(b: &[u8], digits: usize) -> bool {
    let letters = b.len() - digits;
    if letters == 0 || digits == 0 {
        // Long mixed-case letter runs (base64 without digits) still look random.
        let upper = b.iter().filter(|c| c.is_ascii_uppercase()).count();
        let lower = b.iter().filter(|c| c.is_ascii_lowercase()).count();
        return b.len() >= 16 && upper >= 3 && lower >= 3 && case_flips(b) >= 6;
    }
    // Transitions between digits and letters: words with a number suffix have one.
    let flips = b.windows(2).filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit()).count();
    (b.len() >= 8 && digits >= 3)
        || (b.len() >= 10 && flips >= 3)
        || (b.len() >= 16 && digits >= 2)
        || (b.len() >= 6 && digits >= 3 && flips >= 3)
}

fn case_flips(b: &[u8]) -> usize {
    b.windows(2).filter(|w| w[0].is_ascii_uppercase() != w[1].is_ascii_uppercase()).count()
}

/// True for a canonical 8-4-4-4-12 hex UUID (shared with the structure learner).
pub(crate) fn is_uuid(b: &[u8]) -> bool {
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_date(b: &[u8]) -> bool {
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b't' || b[10] == b' ')
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((l, d)) => !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.contains('@'),
        None => false,
    }
}

fn is_ipv4(s: &str) -> bool {
    let mut n = 0;
    for p in s.split('.') {
        n += 1;
        if p.is_empty()
            || p.len() > 3
            || !p.bytes().all(|c| c.is_ascii_digit())
            || p.parse::<u16>().unwrap_or(999) > 255
        {
            return false;
        }
    }
    n == 4
}

/// `v1`, `v2.1`, `v1beta2`, `V3`, `2.0`, `1.1.0`, `api`, `api2`, `apiv3`.
pub fn is_version(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if lower == "api" || lower == "rest" {
        return true;
    }
    if let Some(rest) = lower.strip_prefix("api") {
        let rest = rest.strip_prefix('v').unwrap_or(rest);
        if !rest.is_empty() && rest.len() <= 3 && rest.bytes().all(|c| c.is_ascii_digit()) {
            return true;
        }
    }
    if (b[0] == b'v' || b[0] == b'V') && b.len() >= 2 && b[1].is_ascii_digit() && b.len() <= 12 {
        // v + digits/dots, then an optional label (beta, alpha, rc) with digits.
        let rest = &lower[1..];
        let num_end =
            rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_')).unwrap_or(rest.len());
        let label = &rest[num_end..];
        let lab_alpha = label.trim_end_matches(|c: char| c.is_ascii_digit());
        return lab_alpha.is_empty()
            || matches!(lab_alpha, "alpha" | "beta" | "rc" | "preview" | "p" | "a" | "b");
    }
    // Dotted numbers (`2.0`, `1.1.0`).
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2
        && parts.len() <= 3
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()))
}

/// File extensions of static web content: such paths are never APIs.
const STATIC_EXT: &[&str] = &[
    "js", "mjs", "css", "map", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "bmp", "avif", "woff",
    "woff2", "ttf", "otf", "eot", "mp4", "mp3", "webm", "ogg", "wav", "html", "htm", "swf", "scss", "less",
];

/// Extensions an API may answer with; a segment `X.ext` may hold a parameter in `X`.
const DATA_EXT: &[&str] =
    &["json", "xml", "csv", "zip", "pdf", "txt", "yaml", "yml", "gz", "tgz", "tar", "xlsx"];

/// True when the raw path names static web content or a hidden file (`/.env`, `/.git/…`):
/// such requests are noise, not API calls.
pub fn is_static_path(path: &str) -> bool {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if path.split('/').any(|s| s.len() > 1 && s.starts_with('.') && s != ".." && s != ".well-known") {
        return true;
    }
    match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => STATIC_EXT.iter().any(|e| ext.eq_ignore_ascii_case(e)),
        _ => false,
    }
}

/// The in-segment template of a raw segment, when it has a data extension and identifiers
/// inside: `AC12f3e4a5b6c7d8.json` → `${param}.json`, `27f0861d-issues-976578.zip` →
/// `${param}-issues-${param}.zip`. `None` when the segment holds no inner parameter.
pub fn inner_pattern(raw: &str) -> Option<String> {
    let (stem, ext) = raw.rsplit_once('.')?;
    if stem.is_empty() || !DATA_EXT.iter().any(|e| ext.eq_ignore_ascii_case(e)) {
        return None;
    }
    let whole = classify_text(&percent_decode(stem, false));
    if whole.is_strong() || whole == Shape::Date {
        return Some(format!("${{param}}.{ext}"));
    }
    // Split the stem on `-`, `_`, `.` and replace identifier tokens.
    let mut out = String::with_capacity(raw.len() + 16);
    let mut any = false;
    let mut lit = false;
    for (i, tok) in stem.split(['-', '_', '.']).enumerate() {
        if i > 0 {
            // Put back the separator that preceded this token.
            let pos = out_len_sep(stem, i);
            out.push(pos);
        }
        let sh = classify_text(tok);
        if sh.is_strong() {
            out.push_str("${param}");
            any = true;
        } else {
            out.push_str(tok);
            lit |= !tok.is_empty();
        }
    }
    (any && lit).then(|| format!("{out}.{ext}"))
}

/// The separator before the `i`-th token of `stem` split on `-`, `_`, `.`.
fn out_len_sep(stem: &str, i: usize) -> char {
    stem.chars().filter(|c| matches!(c, '-' | '_' | '.')).nth(i - 1).unwrap_or('-')
}

/// How a whole-segment parameter is written in templates.
pub const PARAM: &str = "${param}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_identifiers() {
        for s in [
            "42",
            "0017",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "507f1f77bcf86cd799439011",
            "3f9a1c2b",
            "cus_9s8dXa2kQ7pL",
            "iss_Fqnjk4BUehTxN3",
            "ali.ce@example.com",
            "Zx8kQ2m9Lp4v",
            "AC12f3e4a5b6c7d8e9f0a1b2c3d4e5f6a7",
            "juliet838",
            "10.0.0.17",
            "+8613800138000",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        ] {
            assert!(classify(s, 2).is_strong(), "{s} -> {:?}", classify(s, 2));
        }
    }

    #[test]
    fn words_versions_and_names_are_not_strong() {
        for (s, want) in [
            ("users", Shape::Word),
            ("v1", Shape::Version),
            ("v2beta1", Shape::Version),
            ("2.0", Shape::Version),
            ("api", Shape::Version),
            ("api3", Shape::Version),
            ("getUserInfo", Shape::Camel),
            ("findByStatus", Shape::Camel),
            ("forget-password", Shape::Slug),
            ("pipelines_config", Shape::Slug),
            ("oauth2", Shape::Alnum),
            ("india65", Shape::Alnum),
            ("2010-04-01", Shape::Date),
            ("deadbeef", Shape::Word),
            ("me", Shape::Word),
        ] {
            assert_eq!(classify(s, 1), want, "{s}");
        }
        // A short number as the first segment is a version, deeper it is an id.
        assert_eq!(classify("2", 0), Shape::Version);
        assert_eq!(classify("2", 1), Shape::Int);
    }

    #[test]
    fn static_paths() {
        assert!(is_static_path("/static/js/main.3f9a1c2b.js"));
        assert!(is_static_path("/favicon.ico"));
        assert!(is_static_path("/.env"));
        assert!(is_static_path("/a/.git/config"));
        assert!(!is_static_path("/api/users/1.json"));
        assert!(!is_static_path("/api/v1/users"));
        assert!(!is_static_path("/oidc/.well-known/openid-configuration"));
    }

    #[test]
    fn inner_parameters() {
        assert_eq!(inner_pattern("AC0123456789abcdef.json").as_deref(), Some("${param}.json"));
        assert_eq!(inner_pattern("12345.xml").as_deref(), Some("${param}.xml"));
        assert_eq!(
            inner_pattern("27f0861d-issues-976578.zip").as_deref(),
            Some("${param}-issues-${param}.zip")
        );
        assert_eq!(inner_pattern("Calls.json"), None);
        assert_eq!(inner_pattern("users"), None);
    }
}

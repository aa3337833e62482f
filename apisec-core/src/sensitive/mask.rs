//! De-identification display: replaces sensitive values in sample text by placeholders.
//!
//! Input: a text and its findings (or a whole [`Sample`]). Output: the text with each finding
//! replaced by the catalogue's placeholder for its type (`{{Phone}}`), and in samples the
//! request `Cookie` header → `{{Cookie}}`, token-bearing request headers → `{{XXXToken}}`,
//! response `Set-Cookie` → `{{SetCookie}}`.

use super::{Finding, SensitiveScanner};
use crate::catalog::sensitive_type;
use crate::model::Sample;

/// Replaces every finding in `text` by its type's placeholder. Overlapping findings: the
/// first (outermost, earliest) wins.
pub fn mask(text: &str, findings: &[Finding]) -> String {
    let mut fs: Vec<Finding> = findings.to_vec();
    fs.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for f in fs {
        if f.start < pos
            || f.end > text.len()
            || !text.is_char_boundary(f.start)
            || !text.is_char_boundary(f.end)
        {
            continue;
        }
        out.push_str(&text[pos..f.start]);
        out.push_str(sensitive_type(f.code).map(|t| t.mask).unwrap_or("{{Sensitive}}"));
        pos = f.end;
    }
    out.push_str(&text[pos..]);
    out
}

fn token_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "authorization"
        || n.contains("token")
        || n.contains("auth")
        || n.contains("session")
        || n.ends_with("-key")
}

/// De-identifies a sample in place: header rules first, then every sensitive value found in
/// the query string, header values and bodies.
pub fn mask_sample(sample: &mut Sample, scanner: &SensitiveScanner) {
    let mut buf = Vec::new();
    let mut scan_mask = |s: &mut String| {
        buf.clear();
        scanner.scan_text(s, &mut buf);
        if !buf.is_empty() {
            *s = mask(s, &buf);
        }
    };
    for (name, v) in sample.request_header.iter_mut() {
        if name.eq_ignore_ascii_case("cookie") {
            *v = "{{Cookie}}".into();
        } else if token_header(name) {
            *v = "{{XXXToken}}".into();
        } else {
            scan_mask(v);
        }
    }
    for (name, v) in sample.response_header.iter_mut() {
        if name.eq_ignore_ascii_case("set-cookie") {
            *v = "{{SetCookie}}".into();
        } else {
            scan_mask(v);
        }
    }
    scan_mask(&mut sample.querystring);
    scan_mask(&mut sample.request_body);
    scan_mask(&mut sample.response_body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_values_and_header_rules() {
        let t = "tel 13812345678 mail a@b.cn";
        let f = [Finding { code: 1004, start: 4, end: 15 }, Finding { code: 1005, start: 21, end: 27 }];
        assert_eq!(mask(t, &f), "tel {{Phone}} mail {{Email}}");
        let mut s = Sample::default();
        s.request_header.insert("Cookie".into(), "sid=1".into());
        s.request_header.insert("X-Auth-Token".into(), "abc".into());
        s.response_header.insert("Set-Cookie".into(), "a=b".into());
        s.response_body = r#"{"phone":"13812345678"}"#.into();
        mask_sample(&mut s, &SensitiveScanner::default());
        assert_eq!(s.request_header["Cookie"], "{{Cookie}}");
        assert_eq!(s.request_header["X-Auth-Token"], "{{XXXToken}}");
        assert_eq!(s.response_header["Set-Cookie"], "{{SetCookie}}");
        assert_eq!(s.response_body, r#"{"phone":"{{Phone}}"}"#);
    }
}

//! Undoing the text's own escaping before scanning, with a map back to raw offsets.
//!
//! Input: one raw text (a JSON body, a query string, a header block, free text). Output: the
//! text with JSON string escapes (`\uXXXX` incl. surrogate pairs, `\/`, `\"`, `\\`, `\n`…)
//! and `%XX` percent-escapes undone, plus, for every decoded byte, the raw offset it came
//! from — so a finding in the decoded text maps back to the exact raw span (a label covers
//! the value "as it appears in the line"). Texts without `\` or `%` are scanned as they are.

/// A decoded text and its offset map (`map.len() == text.len() + 1`).
#[derive(Debug, Default, Clone)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    /// `map[i]` is the raw offset of decoded byte `i`; the last entry is the raw length.
    pub map: Vec<u32>,
    /// Per decoded byte: whether it came from a `%XX` escape.
    pub pct: Vec<bool>,
}

impl Decoded {
    /// Raw offset of a decoded offset.
    pub fn raw(&self, i: usize) -> usize {
        self.map.get(i).copied().unwrap_or_else(|| self.map.last().copied().unwrap_or(0)) as usize
    }
    /// True when the decoded byte at `i` came from a `%XX` escape.
    pub fn percent(&self, i: usize) -> bool {
        self.pct.get(i).copied().unwrap_or(false)
    }
    /// True when the decoded byte at `i` came from an escape sequence.
    pub fn escaped(&self, i: usize) -> bool {
        match (self.map.get(i), self.map.get(i + 1)) {
            (Some(&a), Some(&b)) => b > a + 1 || (b == a && i > 0),
            _ => false,
        }
    }
}

/// Whether a text holds anything [`decode`] would change.
pub fn needs_decode(raw: &str) -> bool {
    memchr::memchr2(b'\\', b'%', raw.as_bytes()).is_some()
}

fn hex(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

fn hex4(s: &[u8]) -> Option<u32> {
    if s.len() < 4 {
        return None;
    }
    Some(hex(s[0])? << 12 | hex(s[1])? << 8 | hex(s[2])? << 4 | hex(s[3])?)
}

/// Decodes `raw` into `out` (cleared first). Percent-escapes are only undone when the result
/// stays valid UTF-8; otherwise only the JSON escapes are.
pub fn decode(raw: &str, out: &mut Decoded) {
    if !decode_with(raw, true, out) {
        decode_with(raw, false, out);
    }
}

fn decode_with(raw: &str, percent: bool, out: &mut Decoded) -> bool {
    let b = raw.as_bytes();
    let mut bytes = std::mem::take(&mut out.text).into_bytes();
    bytes.clear();
    out.map.clear();
    out.pct.clear();
    let mut i = 0;
    let mut utf8 = [0u8; 4];
    while i < b.len() {
        // copy the plain run up to the next possible escape in one go
        let plain =
            if percent { memchr::memchr2(b'\\', b'%', &b[i..]) } else { memchr::memchr(b'\\', &b[i..]) };
        let stop = plain.map_or(b.len(), |k| i + k);
        if stop > i {
            bytes.extend_from_slice(&b[i..stop]);
            out.map.extend(i as u32..stop as u32);
            out.pct.resize(out.pct.len() + (stop - i), false);
            i = stop;
            continue;
        }
        let c = b[i];
        if c == b'\\' && i + 1 < b.len() {
            let n = b[i + 1];
            let simple = match n {
                b'/' => Some(b'/'),
                b'"' => Some(b'"'),
                b'\\' => Some(b'\\'),
                b'n' => Some(b'\n'),
                b't' => Some(b'\t'),
                b'r' => Some(b'\r'),
                b'b' | b'f' => Some(b' '),
                _ => None,
            };
            if let Some(s) = simple {
                bytes.push(s);
                out.map.push(i as u32);
                out.pct.push(false);
                i += 2;
                continue;
            }
            if n == b'u'
                && let Some(cp) = hex4(&b[i + 2..])
            {
                let mut len = 6;
                let mut ch = char::from_u32(cp);
                if (0xD800..0xDC00).contains(&cp)
                    && b.get(i + 6) == Some(&b'\\')
                    && b.get(i + 7) == Some(&b'u')
                    && let Some(lo) = hex4(&b[i + 8..])
                    && (0xDC00..0xE000).contains(&lo)
                {
                    ch = char::from_u32(0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
                    len = 12;
                }
                if let Some(ch) = ch {
                    for &x in ch.encode_utf8(&mut utf8).as_bytes() {
                        bytes.push(x);
                        out.map.push(i as u32);
                        out.pct.push(false);
                    }
                    i += len;
                    continue;
                }
            }
        } else if percent
            && c == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            bytes.push((h * 16 + l) as u8);
            out.map.push(i as u32);
            out.pct.push(true);
            i += 3;
            continue;
        }
        bytes.push(c);
        out.map.push(i as u32);
        out.pct.push(false);
        i += 1;
    }
    out.map.push(b.len() as u32);
    match String::from_utf8(bytes) {
        Ok(s) => {
            out.text = s;
            true
        }
        Err(e) => {
            let mut v = e.into_bytes();
            v.clear();
            out.text = String::from_utf8(v).unwrap_or_default();
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_undone_and_map_back_to_raw_offsets() {
        let raw = r#"{"n":"\u5f20\u4e09","u":"https:\/\/a.cn","m":"a%40b.com","e":"\ud83d\ude00"}"#;
        let mut d = Decoded::default();
        decode(raw, &mut d);
        assert!(d.text.contains("\"张三\""));
        assert!(d.text.contains("https://a.cn"));
        assert!(d.text.contains("a@b.com"));
        assert!(d.text.contains('😀'));
        assert_eq!(d.map.len(), d.text.len() + 1);
        let at = d.text.find("a@b").unwrap();
        let end = at + "a@b.com".len();
        assert_eq!(&raw[d.raw(at)..d.raw(end)], "a%40b.com");
        assert!(d.escaped(at + 1));
        assert!(!d.escaped(at));
    }

    #[test]
    fn invalid_percent_utf8_falls_back_to_json_escapes_only() {
        let mut d = Decoded::default();
        decode("x=%FF%FE&y=\\/", &mut d);
        assert_eq!(d.text, "x=%FF%FE&y=/");
    }
}

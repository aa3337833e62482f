//! Undoing the text's own escaping before scanning, with a map back to raw offsets.
//!
//! Input: one raw text (a JSON body, a query string, a header block, free text). Output: the
//! text with JSON string escapes (`\uXXXX` incl. surrogate pairs, `\/`, `\"`, `\\`, `\n`…)
//! and `%XX` percent-escapes undone, plus, for every decoded byte, the raw offset it came
//! from — so a finding in the decoded text maps back to the exact raw span (a label covers
//! the value "as it appears in the line"). Texts without `\` or `%` are scanned as they are.

use super::simd::Chunk;

/// One escape sequence of the raw text and the bytes it decoded to.
#[derive(Debug, Default, Clone, Copy)]
struct Esc {
    /// Decoded offset of its first byte.
    dec: u32,
    /// Raw offset of the escape.
    raw: u32,
    /// Decoded bytes it produced (1–4).
    dlen: u8,
    /// Raw bytes it took (2, 3, 6 or 12).
    rlen: u8,
    /// A `%XX` escape (not a JSON one).
    pct: bool,
}

/// A decoded text and its offset map. The map is sparse — one entry per escape sequence,
/// plain runs in between map one to one — so decoding costs a copy per plain run, not a
/// map entry per byte.
#[derive(Debug, Default, Clone)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    esc: Vec<Esc>,
    raw_len: u32,
}

impl Decoded {
    /// The escape whose decoded bytes start at or before `i` (the last such), if any.
    fn before(&self, i: usize) -> Option<&Esc> {
        let k = self.esc.partition_point(|e| e.dec as usize <= i);
        k.checked_sub(1).map(|k| &self.esc[k])
    }

    /// Raw offset of a decoded offset (`text.len()` and beyond: the raw length). Every byte
    /// an escape decoded to maps to the escape's first raw byte.
    pub fn raw(&self, i: usize) -> usize {
        self.raw_after(i, 0)
    }

    /// [`Decoded::raw`] for an offset known to lie at or after the decoded start of escape
    /// `k` (or anywhere, with `k` = 0): the search gallops forward from `k`, so mapping
    /// offsets in increasing order costs a step or two each instead of a binary search
    /// over every escape of a long text.
    pub(crate) fn raw_after(&self, i: usize, k: usize) -> usize {
        self.raw_counted(i, self.count_upto(i, k))
    }

    /// [`Decoded::raw`] given `c` = [`Decoded::count_upto`]`(i, _)`.
    pub(crate) fn raw_counted(&self, i: usize, c: usize) -> usize {
        if i >= self.text.len() {
            return self.raw_len as usize;
        }
        match c.checked_sub(1).map(|k| &self.esc[k]) {
            None => i,
            Some(e) if i < (e.dec + u32::from(e.dlen)) as usize => e.raw as usize,
            Some(e) => (e.raw + u32::from(e.rlen)) as usize + i - (e.dec + u32::from(e.dlen)) as usize,
        }
    }

    /// How many escapes start (in decoded offsets) at or before `i`, given that at least `k`
    /// do: gallops from `k`, then searches the last gap.
    pub(crate) fn count_upto(&self, i: usize, k: usize) -> usize {
        let e = &self.esc;
        let (mut lo, mut step) = (k.min(e.len()), 1);
        while lo < e.len() && e[lo].dec as usize <= i {
            let hi = (lo + step).min(e.len());
            if e[hi - 1].dec as usize > i {
                return lo + e[lo..hi].partition_point(|x| x.dec as usize <= i);
            }
            lo = hi;
            step *= 2;
        }
        lo
    }

    /// True when the decoded byte at `i` came from a `%XX` escape.
    pub fn percent(&self, i: usize) -> bool {
        self.before(i).is_some_and(|e| e.pct && i < (e.dec + u32::from(e.dlen)) as usize)
    }

    /// True when the decoded byte at `i` came from an escape sequence.
    pub fn escaped(&self, i: usize) -> bool {
        i < self.text.len() && self.before(i).is_some_and(|e| i < (e.dec + u32::from(e.dlen)) as usize)
    }
}

/// Whether a text holds anything [`decode`] would change.
pub fn needs_decode(raw: &str) -> bool {
    memchr::memchr2(b'\\', b'%', raw.as_bytes()).is_some()
}

#[cfg(test)]
fn hex(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// Four hex digits at the start of `s` (the code unit of a `\uXXXX`).
fn hex4(s: &[u8]) -> Option<u32> {
    let &[a, b, c, d, ..] = s else { return None };
    let v = [a, b, c, d].map(|x| HEX[usize::from(x)]);
    if v.contains(&NO_HEX) {
        return None;
    }
    Some(v.iter().fold(0, |n, &x| n << 4 | u32::from(x)))
}

/// Decodes `raw` into `out` (cleared first). Percent-escapes are only undone when the result
/// stays valid UTF-8; otherwise only the JSON escapes are.
pub fn decode(raw: &str, out: &mut Decoded) {
    if !decode_with(raw, true, out) {
        decode_with(raw, false, out);
    }
}

/// Per byte, its value as a hex digit, or [`NO_HEX`].
static HEX: [u8; 256] = {
    let mut t = [NO_HEX; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => NO_HEX,
        };
        i += 1;
    }
    t
};
const NO_HEX: u8 = 0xFF;

/// What one escape sequence decodes to: its bytes (the first `dlen` of `bytes`), how many
/// raw bytes it takes (`rlen`), and whether it is a `%XX` escape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Decode {
    bytes: [u8; 4],
    dlen: u8,
    rlen: u8,
    pct: bool,
}

/// The escape sequence at `b[i]`, if one starts there ([`Decode`]). The bytes come back in
/// a fixed-size array, which the caller appends with one 4-byte store (and a truncation)
/// instead of a `memcpy` call of one to four bytes; a `%XX` escape reads its digits from a
/// table. [`escape_at_ref`] is the definition.
#[inline(always)]
fn escape_at(b: &[u8], i: usize, percent: bool) -> Option<Decode> {
    let c = *b.get(i)?;
    if c == b'%' {
        if !percent {
            return None;
        }
        let (h, l) = (HEX[usize::from(*b.get(i + 1)?)], HEX[usize::from(*b.get(i + 2)?)]);
        if h > 15 || l > 15 {
            return None;
        }
        return Some(Decode { bytes: [h << 4 | l, 0, 0, 0], dlen: 1, rlen: 3, pct: true });
    }
    if c != b'\\' {
        return None;
    }
    let n = *b.get(i + 1)?;
    let simple = match n {
        b'/' => b'/',
        b'"' => b'"',
        b'\\' => b'\\',
        b'n' => b'\n',
        b't' => b'\t',
        b'r' => b'\r',
        b'b' | b'f' => b' ',
        b'u' => 0,
        _ => return None,
    };
    if n != b'u' {
        return Some(Decode { bytes: [simple, 0, 0, 0], dlen: 1, rlen: 2, pct: false });
    }
    let cp = hex4(b.get(i + 2..)?)?;
    let mut rlen = 6;
    let mut ch = char::from_u32(cp);
    if (0xD800..0xDC00).contains(&cp)
        && b.get(i + 6) == Some(&b'\\')
        && b.get(i + 7) == Some(&b'u')
        && let Some(lo) = b.get(i + 8..).and_then(hex4)
        && (0xDC00..0xE000).contains(&lo)
    {
        ch = char::from_u32(0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
        rlen = 12;
    }
    let mut bytes = [0u8; 4];
    let dlen = ch?.encode_utf8(&mut bytes).len() as u8;
    Some(Decode { bytes, dlen, rlen, pct: false })
}

/// The escape sequence at `b[i]`, if one starts there: the bytes it decodes to (in `utf8`
/// or a static byte), how many raw bytes it takes, and whether it is a `%XX` escape (the
/// definition of [`escape_at`]).
#[cfg(test)]
fn escape_at_ref<'u>(
    b: &[u8],
    i: usize,
    percent: bool,
    utf8: &'u mut [u8; 4],
) -> Option<(&'u [u8], usize, bool)> {
    let c = *b.get(i)?;
    if c == b'\\' {
        let n = *b.get(i + 1)?;
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
        if let Some(x) = simple {
            utf8[0] = x;
            return Some((&utf8[..1], 2, false));
        }
        if n != b'u' {
            return None;
        }
        let cp = hex4(&b[i + 2..])?;
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
        let n = ch?.encode_utf8(utf8).len();
        return Some((&utf8[..n], len, false));
    }
    if percent && c == b'%' && i + 2 < b.len() {
        let (h, l) = (hex(b[i + 1])?, hex(b[i + 2])?);
        utf8[0] = (h * 16 + l) as u8;
        return Some((&utf8[..1], 3, true));
    }
    None
}

fn decode_with(raw: &str, percent: bool, out: &mut Decoded) -> bool {
    let b = raw.as_bytes();
    let mut bytes = std::mem::take(&mut out.text).into_bytes();
    bytes.clear();
    out.esc.clear();
    out.raw_len = b.len() as u32;
    // the text only shrinks (an escape takes more raw bytes than it decodes to), and the
    // 4-byte store of an escape's bytes runs at most two bytes past the raw length: no
    // reallocation in the loop
    bytes.reserve(b.len() + 4);
    let mut i = 0;
    // the positions of `\` (and `%`) come from 64-byte masks; the plain run before each
    // escape is copied in one go when the escape is decoded (a lone `\` or `%` stays in it)
    let mut base = 0;
    while base < b.len() {
        let ch = Chunk::load(b, base);
        let mut m = ch.eq(b'\\') | if percent { ch.eq(b'%') } else { 0 };
        while m != 0 {
            let p = base + m.trailing_zeros() as usize;
            m &= m - 1;
            if p < i {
                continue; // inside an escape decoded already
            }
            if let Some(d) = escape_at(b, p, percent) {
                // (escapes often follow one another: `%E5%BC%A0`, `\u5f20\u4e09`)
                if p > i {
                    bytes.extend_from_slice(&b[i..p]);
                }
                let dec = bytes.len();
                out.esc.push(Esc { dec: dec as u32, raw: p as u32, dlen: d.dlen, rlen: d.rlen, pct: d.pct });
                bytes.extend_from_slice(&d.bytes);
                bytes.truncate(dec + usize::from(d.dlen));
                i = p + usize::from(d.rlen);
            }
        }
        base += 64;
    }
    bytes.extend_from_slice(&b[i.min(b.len())..]);
    match super::simd::string_from_utf8(bytes) {
        Ok(s) => {
            out.text = s;
            true
        }
        Err(mut v) => {
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
        let at = d.text.find("a@b").unwrap();
        let end = at + "a@b.com".len();
        assert_eq!(&raw[d.raw(at)..d.raw(end)], "a%40b.com");
        assert!(d.escaped(at + 1));
        assert!(!d.escaped(at));
    }

    /// The per-byte map this module used before the sparse one: the reference.
    #[derive(Default)]
    struct PerByte {
        text: String,
        map: Vec<u32>,
        pct: Vec<bool>,
    }

    fn per_byte_with(raw: &str, percent: bool, out: &mut PerByte) -> bool {
        let b = raw.as_bytes();
        let mut bytes = Vec::new();
        out.map.clear();
        out.pct.clear();
        let mut i = 0;
        let mut utf8 = [0u8; 4];
        while i < b.len() {
            if let Some((decoded, rlen, pct)) = escape_at_ref(b, i, percent, &mut utf8) {
                for &x in decoded {
                    bytes.push(x);
                    out.map.push(i as u32);
                    out.pct.push(pct);
                }
                i += rlen;
                continue;
            }
            bytes.push(b[i]);
            out.map.push(i as u32);
            out.pct.push(false);
            i += 1;
        }
        out.map.push(b.len() as u32);
        match String::from_utf8(bytes) {
            Ok(t) => {
                out.text = t;
                true
            }
            Err(_) => false,
        }
    }

    fn per_byte(raw: &str) -> PerByte {
        let mut out = PerByte::default();
        if !per_byte_with(raw, true, &mut out) {
            per_byte_with(raw, false, &mut out);
        }
        out
    }

    proptest::proptest! {
        /// The table-driven escape reader decodes what the definition decodes, at every
        /// position of texts of escapes, their pieces, hex digits of both cases and bytes
        /// around them (cut anywhere by the text's end).
        #[test]
        fn escapes_agree_with_the_definition(
            v in proptest::collection::vec(proptest::sample::select(b"\\%u/\"ntrbfqx0123456789aAfFgG\xe4".to_vec()), 0..24),
            percent: bool,
        ) {
            let mut utf8 = [0u8; 4];
            for i in 0..=v.len() {
                let got = escape_at(&v, i, percent).map(|d| (d.bytes[..usize::from(d.dlen)].to_vec(), usize::from(d.rlen), d.pct));
                let want = escape_at_ref(&v, i, percent, &mut utf8).map(|(x, r, p)| (x.to_vec(), r, p));
                proptest::prop_assert_eq!(got, want, "{:?} at {}", String::from_utf8_lossy(&v), i);
            }
        }

        /// Surrogate pairs and code points of every length decode as the definition says.
        #[test]
        fn unicode_escapes_agree_with_the_definition(hi in 0u32..0x10000, lo in 0u32..0x10000, gap: bool) {
            let t = format!("\\u{hi:04x}{}\\u{lo:04X}", if gap { "x" } else { "" });
            let mut utf8 = [0u8; 4];
            let got = escape_at(t.as_bytes(), 0, true).map(|d| (d.bytes[..usize::from(d.dlen)].to_vec(), usize::from(d.rlen)));
            let want = escape_at_ref(t.as_bytes(), 0, true, &mut utf8).map(|(x, r, _)| (x.to_vec(), r));
            proptest::prop_assert_eq!(got, want);
        }

        /// The sparse map answers exactly what the per-byte map did.
        #[test]
        fn sparse_map_agrees_with_a_per_byte_map(parts in proptest::collection::vec(0usize..11, 0..40)) {
            const PIECES: [&str; 11] =
                ["ab", "\\u5f20", "%40", "\\/", "%E4%BD%A0", "\\ud83d\\ude00", "\\", "%", "x1", "%FF", "\\q"];
            let raw: String = parts.iter().map(|&k| PIECES[k]).collect();
            let mut d = Decoded::default();
            decode(&raw, &mut d);
            let want = per_byte(&raw);
            proptest::prop_assert_eq!(&d.text, &want.text);
            for i in 0..=d.text.len() + 2 {
                let m = want.map.get(i).copied().unwrap_or(raw.len() as u32) as usize;
                proptest::prop_assert_eq!(d.raw(i), m, "byte {} of {:?}", i, raw);
                proptest::prop_assert_eq!(d.percent(i), want.pct.get(i).copied().unwrap_or(false));
                let k = d.esc.partition_point(|e| (e.dec as usize) < i / 2);
                proptest::prop_assert_eq!(d.raw_after(i, k), d.raw(i));
                proptest::prop_assert_eq!(d.count_upto(i, k), d.esc.partition_point(|e| e.dec as usize <= i));
            }
        }
    }

    #[test]
    fn invalid_percent_utf8_falls_back_to_json_escapes_only() {
        let mut d = Decoded::default();
        decode("x=%FF%FE&y=\\/", &mut d);
        assert_eq!(d.text, "x=%FF%FE&y=/");
    }
}

//! Undoing the text's own escaping before scanning, with a map back to raw offsets.
//!
//! Input: one raw text (a JSON body, a query string, a header block, free text). Output: the
//! text with JSON string escapes (`\uXXXX` incl. surrogate pairs, `\/`, `\"`, `\\`, `\n`…)
//! and `%XX` percent-escapes undone, plus, for every decoded byte, the raw offset it came
//! from — so a finding in the decoded text maps back to the exact raw span (a label covers
//! the value "as it appears in the line"). Texts without `\` or `%` are scanned as they are.

use super::simd::Chunk;

/// One escape sequence of the raw text, or one run of adjacent `%XX` escapes, and the bytes
/// it decoded to. A run of percent-escapes (`%E5%BC%A0%E4%B8%89`, the usual form of CJK text
/// in a query string) is one entry: its `k`-th decoded byte came from the escape at raw
/// offset `raw + 3k`, so the map needs no entry per escape.
#[derive(Debug, Default, Clone, Copy)]
struct Esc {
    /// Decoded offset of its first byte.
    dec: u32,
    /// Raw offset of the escape (of the run's first escape).
    raw: u32,
    /// Decoded offset just past its bytes (a JSON escape decodes to 1–4 bytes, a run of
    /// percent-escapes to one byte per escape).
    dend: u32,
    /// Raw offset just past it (a JSON escape takes 2, 6 or 12 raw bytes, a percent-escape 3).
    rend: u32,
    /// A run of `%XX` escapes (not a JSON escape).
    pct: bool,
}
/// A decoded text and its offset map. The map is sparse — one entry per JSON escape or run of
/// percent-escapes, plain runs in between map one to one — so decoding costs a copy per plain
/// run, not a map entry per byte.
#[derive(Debug, Default, Clone)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    esc: Vec<Esc>,
    raw_len: u32,
    /// The bytes of the run of percent-escapes being decoded (scratch space).
    run: Vec<u8>,
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
            Some(e) if i < e.dend as usize && e.pct => e.raw as usize + 3 * (i - e.dec as usize),
            Some(e) if i < e.dend as usize => e.raw as usize,
            Some(e) => e.rend as usize + i - e.dend as usize,
        }
    }

    /// How many map entries start (in decoded offsets) at or before `i`, given that at least
    /// `k` do: steps over the next few entries one by one (a finding's start and end, and
    /// the next finding, are mostly zero to three escapes apart), then gallops, then searches
    /// the last gap.
    pub(crate) fn count_upto(&self, i: usize, k: usize) -> usize {
        let e = &self.esc;
        let mut lo = k.min(e.len());
        for _ in 0..4 {
            if lo == e.len() || e[lo].dec as usize > i {
                return lo;
            }
            lo += 1;
        }
        let mut step = 1;
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
        self.before(i).is_some_and(|e| e.pct && i < e.dend as usize)
    }

    /// True when the decoded byte at `i` came from an escape sequence.
    pub fn escaped(&self, i: usize) -> bool {
        i < self.text.len() && self.before(i).is_some_and(|e| i < e.dend as usize)
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

/// The byte of the `%XX` escape at `b[i]`, if one starts there (hex digits from a table).
#[inline(always)]
fn pct_byte(b: &[u8], i: usize) -> Option<u8> {
    let [c, h, l] = *b.get(i..i + 3)? else { return None };
    let (h, l) = (HEX[usize::from(h)], HEX[usize::from(l)]);
    (c == b'%' && h <= 15 && l <= 15).then_some(h << 4 | l)
}

/// The JSON escape at `b[i]` (a `\`), if one starts there: the character it decodes to and
/// how many raw bytes it takes. [`escape_at_ref`] is the definition.
#[inline(always)]
fn json_escape(b: &[u8], i: usize) -> Option<(char, usize)> {
    let n = *b.get(i + 1)?;
    let simple = match n {
        b'/' => '/',
        b'"' => '"',
        b'\\' => '\\',
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'b' | b'f' => ' ',
        b'u' => '\0',
        _ => return None,
    };
    if n != b'u' {
        return Some((simple, 2));
    }
    let cp = hex4(b.get(i + 2..)?)?;
    if (0xD800..0xDC00).contains(&cp)
        && b.get(i + 6) == Some(&b'\\')
        && b.get(i + 7) == Some(&b'u')
        && let Some(lo) = b.get(i + 8..).and_then(hex4)
        && (0xDC00..0xE000).contains(&lo)
    {
        return Some((char::from_u32(0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00))?, 12));
    }
    Some((char::from_u32(cp)?, 6))
}

/// The escape sequence at `b[i]`, if one starts there: the bytes it decodes to (in `utf8`
/// or a static byte), how many raw bytes it takes, and whether it is a `%XX` escape (the
/// definition of [`pct_byte`] and [`json_escape`]).
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
    let text = &mut out.text;
    text.clear();
    out.esc.clear();
    out.raw_len = b.len() as u32;
    // the text only shrinks (an escape takes more raw bytes than it decodes to): no
    // reallocation in the loop
    text.reserve(b.len());
    let mut i = 0;
    // the positions of `\` (and `%`) come from 64-byte masks; the plain run before each
    // escape is copied in one go when the escape is decoded (a lone `\` or `%` stays in it).
    // The text is built from pieces that are each valid UTF-8: plain runs cut at ASCII bytes,
    // the characters of JSON escapes, and runs of adjacent percent-escapes, which are checked
    // one by one. Between two runs stands a piece that starts with a character's first byte,
    // so the whole text is valid exactly when every run is, and no pass over the whole text
    // is needed to make it a `String`.
    let mut base = 0;
    while base < b.len() {
        let ch = Chunk::load(b, base);
        let mut m = ch.eq(b'\\') | if percent { ch.eq(b'%') } else { 0 };
        while m != 0 {
            let p = base + m.trailing_zeros() as usize;
            m &= m - 1;
            if p < i {
                continue; // inside an escape decoded already (`\\`, a surrogate pair, a run)
            }
            if b[p] == b'%' {
                // a run of escapes (`%E5%BC%A0`) is decoded at once, and is one map entry
                let Some(x) = pct_byte(b, p) else { continue };
                let run = &mut out.run;
                run.clear();
                run.push(x);
                let mut q = p + 3;
                while let Some(x) = pct_byte(b, q) {
                    run.push(x);
                    q += 3;
                }
                let Ok(s) = std::str::from_utf8(run) else { return false };
                if p > i {
                    text.push_str(&raw[i..p]);
                }
                let dec = text.len() as u32;
                let e = Esc { dec, raw: p as u32, dend: dec + run.len() as u32, rend: q as u32, pct: true };
                out.esc.push(e);
                text.push_str(s);
                i = q;
                // (the run's other escapes in this block are not visited)
                m &= u64::MAX.checked_shl((i - base) as u32).unwrap_or(0);
            } else {
                let Some((c, rlen)) = json_escape(b, p) else { continue };
                if p > i {
                    text.push_str(&raw[i..p]);
                }
                let dec = text.len() as u32;
                text.push(c);
                let e =
                    Esc { dec, raw: p as u32, dend: text.len() as u32, rend: (p + rlen) as u32, pct: false };
                out.esc.push(e);
                i = p + rlen;
            }
        }
        base += 64;
    }
    text.push_str(&raw[i..]);
    true
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

    /// The escape at `b[i]` as the decoder reads it: a `%XX` byte or a JSON escape.
    fn escape_at(b: &[u8], i: usize, percent: bool) -> Option<(Vec<u8>, usize, bool)> {
        match *b.get(i)? {
            b'%' if percent => pct_byte(b, i).map(|x| (vec![x], 3, true)),
            b'\\' => json_escape(b, i).map(|(c, n)| (c.to_string().into_bytes(), n, false)),
            _ => None,
        }
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
                let got = escape_at(&v, i, percent);
                let want = escape_at_ref(&v, i, percent, &mut utf8).map(|(x, r, p)| (x.to_vec(), r, p));
                proptest::prop_assert_eq!(got, want, "{:?} at {}", String::from_utf8_lossy(&v), i);
            }
        }

        /// Surrogate pairs and code points of every length decode as the definition says.
        #[test]
        fn unicode_escapes_agree_with_the_definition(hi in 0u32..0x10000, lo in 0u32..0x10000, gap: bool) {
            let t = format!("\\u{hi:04x}{}\\u{lo:04X}", if gap { "x" } else { "" });
            let mut utf8 = [0u8; 4];
            let got = escape_at(t.as_bytes(), 0, true).map(|(x, r, _)| (x, r));
            let want = escape_at_ref(t.as_bytes(), 0, true, &mut utf8).map(|(x, r, _)| (x.to_vec(), r));
            proptest::prop_assert_eq!(got, want);
        }

        /// The sparse map answers exactly what the per-byte map did.
        #[test]
        fn sparse_map_agrees_with_a_per_byte_map(parts in proptest::collection::vec(0usize..15, 0..40)) {
            // (the halves of a character's escapes make a valid run only when adjacent)
            const PIECES: [&str; 15] = [
                "ab", "\\u5f20", "%40", "\\/", "%E4%BD%A0", "\\ud83d\\ude00", "\\", "%", "x1", "%FF", "\\q",
                "%E4%BD", "%A0", "é", "%4",
            ];
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

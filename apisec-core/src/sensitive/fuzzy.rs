//! Fuzzy types (names, address, gender, ethnicity, province, city, religion, plate, officer
//! card) through the lexicon matchers, only where a key or a phrase names the value.
//!
//! Input: decoded text, the caller's parameter name (if any) and a key-hint cache. Output:
//! findings. Candidates are the values after key separators (`:`, `=`, `：`) whose first
//! character could start such a value (a letter or a non-ASCII character), and the
//! positions right after a Chinese keyword-final character in running text (`性别男`,
//! `持证人贾莉`). Field names are looked up once per distinct name (the cache is bounded).

use super::{Finding, SensitiveScanner};
use crate::lexicon::{self, KeyHint};
use rustc_hash::FxHashMap;

/// Most field names remembered per scratch space.
const MAX_KEYS: usize = 4096;

/// A bounded cache of field name → hint (a pure function's results: order-independent).
#[derive(Debug, Default)]
pub struct KeyCache {
    // FxHash: field names are short, and this cache is private to one scratch space, so a
    // fast unkeyed hash (a word at a time) is enough.
    map: FxHashMap<String, Option<KeyHint>>,
    /// Key separators of the text being scanned: `(at, value start)`.
    seps: Vec<(usize, usize)>,
}

impl KeyCache {
    fn hint(&mut self, key: &str) -> Option<KeyHint> {
        if let Some(h) = self.map.get(key) {
            return *h;
        }
        let h = lexicon::key_hint_detail(key);
        if self.map.len() >= MAX_KEYS {
            self.map.clear();
        }
        self.map.insert(key.to_owned(), h);
        h
    }
}

/// The raw field name ending just before the separator at `sep` (quotes skipped).
fn raw_key(t: &str, sep: usize) -> (&str, bool) {
    let b = t.as_bytes();
    let mut e = sep;
    while e > 0 && matches!(b[e - 1], b' ' | b'\t') {
        e -= 1;
    }
    let quoted = e > 0 && matches!(b[e - 1], b'"' | b'\'');
    if quoted {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && e - s < 64 {
        let c = b[s - 1];
        if matches!(
            c,
            b'"' | b'\''
                | b'{'
                | b'}'
                | b','
                | b'&'
                | b'?'
                | b';'
                | b'\n'
                | b'\r'
                | b'\t'
                | b' '
                | b'('
                | b'['
                | b'<'
                | b'>'
        ) {
            break;
        }
        // stop at full-width punctuation (，。；、)
        if c >= 0x80
            && s >= 3
            && matches!(
                &b[s - 3..s],
                [0xEF, 0xBC, 0x8C] | [0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x9B] | [0xE3, 0x80, 0x81]
            )
        {
            break;
        }
        s -= 1;
    }
    while s < e && !t.is_char_boundary(s) {
        s += 1;
    }
    (&t[s..e], quoted)
}

fn value_start(t: &str, mut p: usize) -> Option<usize> {
    let b = t.as_bytes();
    while p < b.len() && b[p] == b' ' {
        p += 1;
    }
    if p < b.len() && matches!(b[p], b'"' | b'\'') {
        p += 1;
    }
    let c = *b.get(p)?;
    (c >= 0x80 || c.is_ascii_alphabetic()).then_some(p)
}

/// Last characters of Chinese field words (`姓名`, `联系人`, `性别`, `民族`, `地址`, `现住`,
/// `籍贯`, `省份`, `城市`, `信仰`, `宗教`, `车牌号`, `军官证`, `是`, `为`): a phrase may end here.
fn trigger(c: char) -> bool {
    matches!(
        c,
        '名' | '人'
            | '别'
            | '族'
            | '址'
            | '住'
            | '贯'
            | '貫'
            | '份'
            | '市'
            | '仰'
            | '教'
            | '号'
            | '號'
            | '牌'
            | '证'
            | '證'
            | '是'
            | '为'
            | '為'
            | '于'
            | '在'
            | '户'
            | '戶'
            | '主'
            | '工'
            | '叫'
            | '者'
            | '客'
            | '员'
            | '員'
            | '生'
            | '机'
            | '機'
            | '东'
            | '東'
    )
}

impl SensitiveScanner {
    pub(crate) fn fuzzy_on(&self) -> bool {
        [1002, 1003, 1008, 1010, 1011, 1012, 1013, 1014, 1016, 1017, 1025].iter().any(|&c| self.on(c))
    }

    fn push_fuzzy(&self, out: &mut Vec<Finding>, m: Option<(usize, u16)>, at: usize) {
        if let Some((n, code)) = m
            && n > 0
            && self.on(code)
        {
            out.push(Finding { code, start: at, end: at + n });
        }
    }

    /// Appends fuzzy-type findings for decoded text `t`.
    pub(crate) fn scan_fuzzy(
        &self,
        t: &str,
        outer_key: Option<&str>,
        cache: &mut KeyCache,
        out: &mut Vec<Finding>,
    ) {
        let b = t.as_bytes();
        let first = out.len();
        if let Some(k) = outer_key
            && let Some(h) = cache.hint(k)
            && let Some(vs) = value_start(t, 0)
        {
            self.push_fuzzy(out, lexicon::value_for_key(h, &t[vs..]), vs);
        }
        // values after key separators
        // half-width separators, then the full-width colon merged in by position
        let mut seps = std::mem::take(&mut cache.seps);
        seps.clear();
        seps.extend(memchr::memchr2_iter(b':', b'=', b).map(|p| (p, p + 1)));
        let half = seps.len();
        seps.extend(memchr::memmem::find_iter(b, "：".as_bytes()).map(|p| (p, p + 3)));
        if seps.len() > half && half > 0 {
            merge_sorted(&mut seps, half);
        }
        for &(sep, after) in &seps {
            let Some(vs) = value_start(t, after) else { continue };
            let (key, quoted) = raw_key(t, sep);
            if !key.is_empty()
                && let Some(h) = cache.hint(key)
            {
                self.push_fuzzy(out, lexicon::value_for_key(h, &t[vs..]), vs);
                continue;
            }
            if !quoted {
                let mut ws = sep.saturating_sub(36);
                while !t.is_char_boundary(ws) {
                    ws += 1;
                }
                if let Some(code) = lexicon::phrase_hint(&t[ws..after]) {
                    self.push_fuzzy(out, lexicon::value_after_phrase(code, &t[vs..]), vs);
                }
            }
        }
        cache.seps = seps;
        // officer cards (`南字第1234567号`) and plates (`京A12345`) carry their own shape: found
        // anywhere, not only under a naming key
        if self.on(1010) {
            for p in memchr::memmem::find_iter(b, "字第".as_bytes()) {
                if p >= 3
                    && t.is_char_boundary(p - 3)
                    && let Some(n) = lexicon::officer_card_at(&t[p - 3..])
                {
                    out.push(Finding { code: 1010, start: p - 3, end: p - 3 + n });
                }
            }
        }
        // running Chinese text: a keyword right before the value, no separator
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c < 0xE0 {
                i = if c < 0x80 { super::tokens::next_non_ascii(b, i + 1) } else { i + 1 };
                continue;
            }
            let w = if c >= 0xF0 { 4 } else { 3 };
            let end = (i + w).min(b.len());
            if self.on(1008)
                && b.get(end).is_some_and(u8::is_ascii_uppercase)
                && let Some(n) = lexicon::plate_at(&t[i..])
            {
                out.push(Finding { code: 1008, start: i, end: i + n });
                i += n;
                continue;
            }
            if let Some(ch) = t.get(i..end).and_then(|s| s.chars().next())
                && trigger(ch)
                && end < b.len()
                && (b[end] >= 0x80 || b[end].is_ascii_alphanumeric())
            {
                let mut ws = end.saturating_sub(30);
                while !t.is_char_boundary(ws) {
                    ws += 1;
                }
                if let Some(code) = lexicon::phrase_hint(&t[ws..end]) {
                    self.push_fuzzy(out, lexicon::value_after_phrase(code, &t[end..]), end);
                }
            }
            i = end;
        }
        if self.on(1017) {
            self.scan_english_names(t, out);
        }
        if out.len() - first > 1 {
            out[first..].sort_by_key(|f| (f.start, f.end, f.code));
            let mut keep = first;
            for k in first..out.len() {
                if keep == first || out[keep - 1] != out[k] {
                    out[keep] = out[k];
                    keep += 1;
                }
            }
            out.truncate(keep);
        }
    }
}

/// Sorts `v` whose two halves `v[..mid]` and `v[mid..]` are each sorted (a merge, linear).
fn merge_sorted(v: &mut Vec<(usize, usize)>, mid: usize) {
    let right = v.split_off(mid);
    let left = std::mem::take(v);
    let (mut i, mut j) = (0, 0);
    v.reserve(left.len() + right.len());
    while i < left.len() && j < right.len() {
        if left[i] <= right[j] {
            v.push(left[i]);
            i += 1;
        } else {
            v.push(right[j]);
            j += 1;
        }
    }
    v.extend_from_slice(&left[i..]);
    v.extend_from_slice(&right[j..]);
}

/// Bytes after which a capitalised word starts a word of running text (not the middle of
/// an identifier, a path, a host or an e-mail address).
fn word_gap(c: u8) -> bool {
    matches!(c, b' ' | b'"' | b'\'' | b'(' | b',' | b'>' | b'\t' | b'\n' | b':' | b';') || c >= 0x80
}

impl SensitiveScanner {
    /// English names in running text: each capitalised word that starts a word is tried as
    /// the first name of `First [M.] Last` ([`lexicon::english_name_in_text_at`]).
    fn scan_english_names(&self, t: &str, out: &mut Vec<Finding>) {
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let p = super::tokens::next_upper(b, i);
            if p >= b.len() {
                break;
            }
            if (p == 0 || word_gap(b[p - 1]))
                && b.get(p + 1).is_some_and(u8::is_ascii_lowercase)
                && t.is_char_boundary(p)
                && let Some(n) = lexicon::english_name_in_text_at(&t[p..])
            {
                out.push(Finding { code: 1017, start: p, end: p + n });
                i = p + n;
                continue;
            }
            i = p + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::SensitiveScanner;

    #[test]
    fn fuzzy_values_need_a_naming_key_or_phrase() {
        let s = SensitiveScanner::default();
        let t = r#"{"性别":"女","v1":"女","contactName":"張麗華","detailAddress":"四川省资阳市安岳县滨江大道220号","note":"联系人张伟电话未留，民族：汉族"}"#;
        let mut out = Vec::new();
        s.scan_text(t, &mut out);
        let got: Vec<(u16, &str)> = out.iter().map(|f| (f.code, &t[f.start..f.end])).collect();
        assert!(got.contains(&(1011, "女")), "{got:?}");
        assert_eq!(got.iter().filter(|g| g.0 == 1011).count(), 1, "neutral key v1 is not reported: {got:?}");
        assert!(got.contains(&(1016, "張麗華")), "{got:?}");
        assert!(got.iter().any(|g| g.0 == 1003 && g.1.starts_with("四川省")), "{got:?}");
        assert!(got.contains(&(1002, "张伟")), "{got:?}");
        assert!(got.contains(&(1012, "汉族")), "{got:?}");
    }

    #[test]
    fn merging_two_sorted_halves_sorts() {
        let mut v = vec![(1, 2), (5, 6), (9, 10), (3, 6), (7, 10)];
        super::merge_sorted(&mut v, 3);
        assert_eq!(v, vec![(1, 2), (3, 6), (5, 6), (7, 10), (9, 10)]);
    }

    #[test]
    fn names_in_running_text() {
        let s = SensitiveScanner::default();
        let t = r#"{"note":"Dear Brent Garner, your parcel left. 客户苏秀荣来电反映，车主赵成杰。","ua":"Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Mobile Safari/537.36"}"#;
        let mut out = Vec::new();
        s.scan_text(t, &mut out);
        let got: Vec<(u16, &str)> = out.iter().map(|f| (f.code, &t[f.start..f.end])).collect();
        assert!(got.contains(&(1017, "Brent Garner")), "{got:?}");
        assert!(got.contains(&(1002, "苏秀荣")), "{got:?}");
        assert!(got.contains(&(1002, "赵成杰")), "{got:?}");
        assert_eq!(got.iter().filter(|g| g.0 == 1017).count(), 1, "{got:?}");
    }
}

//! Fuzzy types (names, address, gender, ethnicity, province, city, religion, plate, officer
//! card) through the lexicon matchers, only where a key or a phrase names the value.
//!
//! Input: decoded text, the caller's parameter name (if any) and a key-hint cache. Output:
//! findings. Candidates are the values after key separators (`:`, `=`, `：`) whose first
//! character could start such a value (a letter or a non-ASCII character), and the
//! positions right after a Chinese keyword-final character in running text (`性别男`,
//! `持证人贾莉`). Field names are looked up once per distinct name (the cache is bounded).

use super::{Finding, SensitiveScanner, simd};
use crate::lexicon::{self, KeyHint};
/// Sets of the field-name cache, two names each (a third evicts one of them).
const SETS: usize = 4096;

/// A bounded cache of field name → hint (a pure function's results: order-independent).
#[derive(Debug, Default)]
pub struct KeyCache {
    /// Two-way set-associative by the hash of [`pack`]; empty until first used. A hit costs
    /// one pass over the name's bytes (a word at a time), three integer compares and one
    /// cache line (a set is 64 bytes, aligned): no string compare, no pointer to follow, for
    /// names of up to 16 bytes (nearly all).
    sets: Option<Box<[Set; SETS]>>,
    /// The whole names longer than 16 bytes (their packed words do not determine them), of
    /// way `w` of set `k` at `2k + w`: kept apart so that the sets stay small and only the
    /// rare long names read a second line.
    long: Option<Box<[String; 2 * SETS]>>,
    /// Values of the text being scanned under an ambiguous key (a bare `name`):
    /// `(start, end)` in position order.
    vague: Vec<(usize, usize)>,
}

/// The two ways of one set of the [`KeyCache`], on one cache line: a look-up reads a
/// single line (a set of two 56-byte slots holding a `String` each used to span two or
/// three, a data-cache miss more per look-up on the many distinct names of a JSON list).
/// The sets and the long names are fixed-size arrays so that indexing by `hash % SETS`
/// needs no bounds test.
#[derive(Clone, Debug, Default)]
#[repr(align(64))]
struct Set([Slot; 2]);

/// One cached name in 32 bytes: its packed words ([`pack`]), its length and its hint. A
/// slot never written holds length 0 and no hint: the right answer for the empty name, the
/// only name of length 0.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    a: u64,
    b: u64,
    n: usize,
    hint: Option<KeyHint>,
}

impl KeyCache {
    /// The hint of field name `key`. The hit of a name of up to 16 bytes (nearly every
    /// look-up: the names of a JSON list repeat from object to object) is inlined into the
    /// pass: its packing, one set and two compares, no call (`inline(always)`: left to
    /// itself the compiler kept it a function of its own, whose call, saved registers and
    /// return were a sixth of a hit). Everything else (the first look-up, long names,
    /// misses) goes out of line to [`KeyCache::hint_slow`].
    #[inline(always)]
    fn hint(&mut self, key: &str) -> Option<KeyHint> {
        let k = key.as_bytes();
        let (h, a, b) = pack(k);
        let n = k.len();
        if n <= 16
            && let Some(sets) = self.sets.as_deref()
        {
            let ways = &sets[set_of(h)].0;
            // Both ways are compared without a jump between them (which way holds a name is
            // a coin toss, a mispredicted branch on every other hit): one test on "either",
            // then the hint of the way that matched.
            let same = |s: &Slot| ((s.a ^ a) | (s.b ^ b) | (s.n ^ n) as u64) == 0;
            let (m0, m1) = (same(&ways[0]), same(&ways[1]));
            if m0 | m1 {
                return ways[usize::from(!m0)].hint;
            }
        }
        self.hint_slow(key, h, a, b)
    }

    /// [`KeyCache::hint`] past its inlined hit: allocates the sets on first use, compares
    /// names longer than 16 bytes by their text, and on a miss looks the name up and
    /// replaces one way of its set. `(h, a, b)` is the name's [`pack`].
    #[inline(never)]
    fn hint_slow(&mut self, key: &str, h: u64, a: u64, b: u64) -> Option<KeyHint> {
        if self.sets.is_none() {
            self.sets = vec![Set::default(); SETS].into_boxed_slice().try_into().ok();
            self.long = vec![String::new(); 2 * SETS].into_boxed_slice().try_into().ok();
        }
        let (Some(sets), Some(long)) = (self.sets.as_deref_mut(), self.long.as_deref_mut()) else {
            return lexicon::key_hint_detail(key);
        };
        let n = key.len();
        let set = set_of(h);
        let ways = &mut sets[set].0;
        let same = |s: &Slot| ((s.a ^ a) | (s.b ^ b) | (s.n ^ n) as u64) == 0;
        let (m0, m1) = (same(&ways[0]), same(&ways[1]));
        if n <= 16 {
            // (after the allocation above: the inlined look-up found no set)
            if m0 | m1 {
                return ways[usize::from(!m0)].hint;
            }
        } else {
            for (w, m) in [m0, m1].into_iter().enumerate() {
                if m && long[2 * set + w] == key {
                    return ways[w].hint;
                }
            }
        }
        // The colons inside IPv6 and MAC addresses and hex dumps put one to four hex digits
        // before a "separator" (`:b641`, `:CA`): such a word names no field (the test
        // `short_hex_words_name_nothing` checks every one) and is rarely seen twice, so it
        // is answered without the look-up (~1,000 instructions) and without taking a way.
        if n <= 4 && key.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let hint = lexicon::key_hint_detail(key);
        // the way to replace: a bit of the hash the set index does not use
        let w = (h & 1) as usize;
        ways[w] = Slot { a, b, n, hint };
        let l = &mut long[2 * set + w];
        l.clear();
        if n > 16 {
            l.push_str(key);
        }
        hint
    }
}

/// The set of the [`KeyCache`] for a name of hash `h`: the top bits of a multiplicative hash
/// are its best mixed.
#[inline(always)]
fn set_of(h: u64) -> usize {
    (h >> 52) as usize % SETS
}

/// A short byte string packed into two words, with a hash of it: `(hash, a, b)`.
///
/// The words are four four-byte windows at `0`, `min(4, n - 4)`, `max(n - 8, 0)` and
/// `n - 4`: for 8 bytes or more that is the first and last eight bytes (overlapping when
/// shorter than 16), for 4 to 7 bytes the first and last four bytes twice. Strings of up to
/// 3 bytes have no window and are their first, middle and last byte instead. Together with
/// the length the words determine every string of up to 16 bytes, so comparing
/// `(length, a, b)` compares such strings. The offsets are chosen by `min`/`max` (no jump;
/// only the rare names under 4 bytes branch off): name lengths straddle 8 at random in a
/// JSON list, and the former branch on `n >= 8` was mispredicted on two look-ups in five
/// (simulated). Longer strings mix their middle words into the hash too. No byte is copied
/// and no buffer is built.
fn pack(k: &[u8]) -> (u64, u64, u64) {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let n = k.len();
    let half = |w: &[u8; 4]| u64::from(u32::from_le_bytes(*w));
    let (a, b) = if let (Some(first), Some(last)) = (k.first_chunk::<4>(), k.last_chunk::<4>()) {
        // the second and third windows: the last four of the first (up to) eight bytes and
        // the first four of the last (up to) eight, both at least four bytes long here
        let second = k.get(..n.min(8)).and_then(<[u8]>::last_chunk::<4>).unwrap_or(last);
        let third = k.get(n.saturating_sub(8)..).and_then(<[u8]>::first_chunk::<4>).unwrap_or(first);
        (half(first) | half(second) << 32, half(third) | half(last) << 32)
    } else {
        // rare (and so well predicted): no window fits
        let a = k.first().map_or(0, |&c| {
            u64::from(c) | u64::from(k[n / 2]) << 8 | u64::from(k[n.saturating_sub(1)]) << 16
        });
        (a, 0)
    };
    let mut h = mix(mix(0, n as u64), a);
    let mut i = 8;
    while i + 8 < n {
        h = mix(h, k.get(i..i + 8).map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap_or([0; 8]))));
        i += 8;
    }
    (mix(h, b), a, b)
}

/// The former [`pack`], with a branch per length class: the reference for the words of
/// strings of 8 bytes or more, which [`pack`] packs alike.
///
/// The words are the string's first and last eight bytes (overlapping when it is shorter
/// than 16), or for shorter strings its first and last four bytes, or its first, middle and
/// last byte: together with the length they determine every string of up to 16 bytes, so
/// comparing `(length, a, b)` compares such strings. Longer strings mix their middle words
/// into the hash too. No byte is copied and no buffer is built.
#[cfg(test)]
fn pack_reference(k: &[u8]) -> (u64, u64, u64) {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let n = k.len();
    let word = |i: usize| k.get(i..i + 8).map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap_or([0; 8])));
    let half = |i: usize| {
        k.get(i..i + 4).map_or(0, |w| u64::from(u32::from_le_bytes(w.try_into().unwrap_or([0; 4]))))
    };
    let (a, b) = if n >= 8 {
        (word(0), word(n - 8))
    } else if n >= 4 {
        (half(0) | half(n - 4) << 32, 0)
    } else if n > 0 {
        (u64::from(k[0]) | u64::from(k[n / 2]) << 8 | u64::from(k[n - 1]) << 16, 0)
    } else {
        (0, 0)
    };
    let mut h = mix(mix(0, n as u64), a);
    let mut i = 8;
    while i + 8 < n {
        h = mix(h, word(i));
        i += 8;
    }
    (mix(h, b), a, b)
}

/// Bytes a raw field name cannot contain (it starts after the last of them): 1; the last
/// bytes of the full-width stops `，` `。` `；` `、` (`EF BC 8C`, `E3 80 82`, `EF BC 9B`,
/// `E3 80 81`), where a stop may end: 2. Every other byte (Chinese text included) is 0, so
/// a key preceded by running Chinese text is walked back sixteen bytes at a time too.
const KEY_STOP: [u8; 256] = {
    let mut t = [0u8; 256];
    let stops = b"\"'{},&?;\n\r\t ([<>";
    let mut k = 0;
    while k < stops.len() {
        t[stops[k] as usize] = 1;
        k += 1;
    }
    t[0x81] = 2;
    t[0x82] = 2;
    t[0x8C] = 2;
    t[0x9B] = 2;
    t
};

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
    // sixteen bytes at a time (most names and the quote before them fit in one go): the
    // bytes that may stop the name, in one mask ([`simd::key_stop_bits`], a superset of
    // [`KEY_STOP`]), tell at once whether the name goes on past them or which of them is
    // the last that may stop it, which the exact test then confirms
    while s >= 16 && e - s <= 48 {
        let Some(w) = b[..s].last_chunk::<16>() else { break };
        let m = simd::key_stop_bits(w);
        if m == 0 {
            s -= 16;
            continue;
        }
        // the last byte of the sixteen that may stop the name (the bytes after it cannot)
        let p = s - 16 + (31 - m.leading_zeros()) as usize;
        if key_stops_at(b, p) {
            s = bracketed(b, p + 1, e, quoted);
            return key_slice(t, s, e, quoted);
        }
        // a byte of the superset that stops nothing here (a byte of a Chinese character
        // that ends no full-width stop, an `=`, a `)`): part of the name
        s = p;
    }
    while s > 0 && e - s < 64 {
        if key_stops_at(b, s - 1) {
            break;
        }
        s -= 1;
    }
    key_slice(t, bracketed(b, s, e, quoted), e, quoted)
}

/// Where a field name starts that [`raw_key`]'s walk cut at an ASCII `(` of a bracketed
/// qualifier (`"姓名(繁)"`, `"金额(元)"`, the query parameter `?姓名(繁)=`): from the quote
/// before it (or the `?` / `&` before a query parameter's name) when the name holds its
/// closing `)` and nothing else stops it; else `s` unchanged.
#[inline(always)]
fn bracketed(b: &[u8], s: usize, e: usize, quoted: bool) -> usize {
    if s >= 2 && b[s - 1] == b'(' && (quoted || b[e] == b'=') { bracketed_from(b, s, e) } else { s }
}

/// [`bracketed`] past its first test (rare: out of line).
#[cold]
#[inline(never)]
fn bracketed_from(b: &[u8], s: usize, e: usize) -> usize {
    if !b[s..e].ends_with(b")") {
        return s;
    }
    let mut k = s - 1;
    while k > 0 && e - k < 64 && !key_stops_at(b, k - 1) {
        k -= 1;
    }
    if k == 0 || k >= s - 1 {
        return s;
    }
    let opened = if b[e] == b'=' { matches!(b[k - 1], b'?' | b'&') } else { b[k - 1] == b[e] };
    if opened { k } else { s }
}

/// True when the byte at `p` ends what a raw field name cannot contain: an ASCII stop or
/// the last byte of a full-width stop (，。；、).
#[inline(always)]
fn key_stops_at(b: &[u8], p: usize) -> bool {
    match KEY_STOP[usize::from(b[p])] {
        1 => true,
        2 => {
            p >= 2
                && matches!(
                    &b[p - 2..=p],
                    [0xEF, 0xBC, 0x8C] | [0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x9B] | [0xE3, 0x80, 0x81]
                )
        }
        _ => false,
    }
}

/// `t[s..e]` moved forward to a character boundary, with the quoted flag.
#[inline(always)]
fn key_slice(t: &str, mut s: usize, e: usize, quoted: bool) -> (&str, bool) {
    while s < e && !t.is_char_boundary(s) {
        s += 1;
    }
    (&t[s..e], quoted)
}

/// False when the phrase rules ([`lexicon::phrase_hint_with`]) certainly name nothing
/// before an unquoted separator whose raw field name `key` (a slice of `t`, non-empty,
/// names nothing itself) is a plain ASCII word inside the phrase window `t[ws..]`.
///
/// Query strings and log fields (`level=info`, `page=2`) are such words. After the
/// separator and the spaces before it are trimmed, the rules see text ending in an ASCII
/// word (so no Chinese keyword and no speaker phrase), separated (so no `is` / `was` word
/// unless the key is one), and look that word up as a field name: the word is `key`
/// itself when the byte before it ends words (or the window starts there), and `key`
/// names nothing. Every other case is left to the rules, and so is a word that may
/// complete a two-word label after a space ([`lexicon::completes_label`]: `Ethnic group: `).
fn phrase_may_name(t: &str, key: &str, ws: usize) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let ks = key.as_ptr() as usize - t.as_ptr() as usize;
    let plain = key.bytes().all(word)
        && ks >= ws
        && (ks == ws || !word(t.as_bytes()[ks - 1]))
        && !["is", "was", "are", "were"].iter().any(|w| key.eq_ignore_ascii_case(w))
        && !(ks > ws && t.as_bytes()[ks - 1] == b' ' && lexicon::completes_label(key));
    !plain
}

/// Where the value starting at `vs` ends when it is quoted: its closing quote. (Unquoted
/// values — query strings, log lines — have no certain end after decoding.)
fn quoted_value_end(b: &[u8], vs: usize) -> Option<usize> {
    if vs > 0 && matches!(b[vs - 1], b'"' | b'\'') {
        return memchr::memchr(b[vs - 1], &b[vs..]).map(|n| vs + n);
    }
    None
}

/// A person-name match `m` at `vs` under an ambiguous key whose value spans `span`: an
/// English name must be the whole value.
fn whole_if_vague(m: Option<(usize, u16)>, vs: usize, span: Option<(usize, usize)>) -> Option<(usize, u16)> {
    match (m, span) {
        (Some((n, lexicon::codes::NAME_EN)), Some((_, end))) if vs + n != end => None,
        _ => m,
    }
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
    VALUE_FIRST[usize::from(c)].then_some(p)
}

/// First bytes of a value a fuzzy type may match: a letter or a byte of a non-ASCII
/// character (one load instead of three compares at each of the many separators).
const VALUE_FIRST: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = c >= 0x80 || (c as u8).is_ascii_alphabetic();
        c += 1;
    }
    t
};

/// Last characters of Chinese field words (`姓名`, `联系人`, `性别`, `民族`, `地址`, `现住`,
/// `籍贯`, `省份`, `城市`, `信仰`, `宗教`, `车牌号`, `军官证`, `是`, `为`): a phrase may end here.
/// (The simple definition of [`trigger_at`].)
#[cfg(test)]
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
            | '居'
            | '往'
            | '至'
            | '自'
            | '籍'
            | '家'
            | '的'
            | '於'
            | '好'
            | '省'
            | '息'
            | '到'
            | '系'
            | '繫'
            | '络'
            | '明'
            | '达'
    )
}

/// The characters of [`trigger`], all three-byte UTF-8 (`U+0800..=U+FFFF`).
const TRIGGERS: &str = "名人别族址住贯貫份市仰教号號牌证證是为為于在户戶主工叫者客员員生机機东東居往至自籍家的於好省息到系繫络明达";

/// Per low twelve bits of a three-byte character (its two continuation bytes' payloads):
/// bit `h` set when the character `h << 12 | low` is in `chars` (three-byte characters
/// only). Built at compile time.
const fn char_bits(chars: &str) -> [u16; 4096] {
    let mut t = [0u16; 4096];
    let s = chars.as_bytes();
    let mut k = 0;
    while k + 2 < s.len() {
        let (h, low) = (s[k] & 0x0F, (s[k + 1] as usize & 0x3F) << 6 | (s[k + 2] as usize & 0x3F));
        t[low] |= 1 << h;
        k += 3;
    }
    t
}

/// [`char_bits`] of the triggers.
#[cfg(test)]
static TRIGGER_BITS: [u16; 4096] = char_bits(TRIGGERS);

/// [`char_bits`] of the characters the running-text loop must stop at whatever surrounds
/// them: the triggers, and 字 and 官 (牌 is a trigger), which it notes for officer cards and
/// plate words. One look-up answers both questions for the many characters that are neither.
static STOP_BITS: [u16; 4096] = {
    let (mut t, more) = (char_bits(TRIGGERS), char_bits("字官"));
    let mut k = 0;
    while k < t.len() {
        t[k] |= more[k];
        k += 1;
    }
    t
};

/// The characters of [`STOP_BITS`] as the running-text loop's block filter
/// ([`simd::run_stops`]) holds them: eight buckets, chosen (greedily, on the evaluation
/// corpus) so that few other characters pass. On the sample a fifth of the characters of
/// running text are stop characters, and a quarter pass the filter. Tested: the buckets
/// hold exactly the stop characters.
static STOP_FILTER: simd::CharFilter = simd::CharFilter::new(STOP_BUCKETS);

/// The buckets of [`STOP_FILTER`].
const STOP_BUCKETS: [&str; 8] = [
    "證于居证住",
    "在繫叫别东员工",
    "络牌自系為者貫",
    "为仰机人戶户至达份主",
    "客機家官好字",
    "教址往贯生號市",
    "族省明籍於的",
    "名是号東息到員",
];

/// True when a [`trigger`] character starts at byte `i` of `b` (valid UTF-8, `i` on a
/// character start): its three bytes looked up in one table, no decoding.
#[cfg(test)]
fn trigger_at(b: &[u8], i: usize) -> bool {
    match b.get(i..i + 3) {
        Some(&[l, c1, c2]) => trigger_bytes(l, c1, c2),
        _ => false,
    }
}

/// True when the character whose first three bytes are `l`, `c1`, `c2` is a [`trigger`]
/// (all triggers are three bytes long: `l` is `0xE0..=0xEF`), without branches. (The
/// former test of the running-text loop, kept as the definition its stop table is tested
/// against.)
#[cfg(test)]
fn trigger_bytes(l: u8, c1: u8, c2: u8) -> bool {
    let low = (usize::from(c1) & 0x3F) << 6 | (usize::from(c2) & 0x3F);
    (l & 0xF0 == 0xE0) & (TRIGGER_BITS[low] >> (l & 0x0F) & 1 != 0)
}

/// `字`, `牌` and `官` as their three UTF-8 bytes packed big-end first (see the running-text
/// loop).
const ZI: u32 = 0xE5AD97;
const PAI: u32 = 0xE7898C;
const GUAN: u32 = 0xE5AE98;

/// Bytes before a character of running text that may make it start something: the last
/// bytes of delimiters ([`delimiter_before`]) and a space (an English word before it).
static PREV_MAY_START: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b';' as usize] = true;
    t[b' ' as usize] = true;
    t[0x81] = true;
    t[0x82] = true;
    t[0x8C] = true;
    t[0x9B] = true;
    t
};

/// The first lead byte of a three- or four-byte character (`>= 0xE0`) at or after `i`, read
/// from the text's block masks ([`simd::fuzzy_masks`]): the CJK pass visits these and skips
/// all other bytes (ASCII markup, base64, Latin text) 64 at a time.
#[inline]
fn next_lead(masks: &[simd::FuzzyMasks], i: usize) -> Option<usize> {
    let mut j = i / 64;
    let mut m = masks.get(j)?.lead() & u64::MAX << (i % 64);
    while m == 0 {
        j += 1;
        m = masks.get(j)?.lead();
    }
    Some(64 * j + m.trailing_zeros() as usize)
}

/// The positions of the key separator bytes `:`, `=` and `0xEF` (the lead byte of `：`) in a
/// text that a value may follow, in order, from its block masks ([`simd::fuzzy_masks`]).
/// (The positions of `memchr::memchr3_iter` less those whose next bytes cannot start
/// [`value_start`]'s skip or value — `http://`, `12:30`, `id=42`, `"id":"42"` —, which the
/// pass used to visit one by one only to find no value.)
struct SepBytes<'a> {
    masks: &'a [simd::FuzzyMasks],
    /// The block `m` belongs to.
    j: usize,
    /// Separator bytes of that block not yet returned.
    m: u64,
}

impl<'a> SepBytes<'a> {
    fn new(masks: &'a [simd::FuzzyMasks]) -> Self {
        SepBytes { masks, j: 0, m: masks.first().map_or(0, simd::FuzzyMasks::sep) }
    }
}

impl Iterator for SepBytes<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.m == 0 {
            self.j += 1;
            self.m = self.masks.get(self.j)?.sep();
        }
        let p = 64 * self.j + self.m.trailing_zeros() as usize;
        self.m &= self.m - 1;
        Some(p)
    }
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

    /// Appends fuzzy-type findings for decoded text `t`, whose block masks are `masks` (from
    /// the one classification loop of the scan, [`simd::TextMasks`]). (Not inlined: a profile
    /// then shows this pass's cost as one line.)
    #[inline(never)]
    pub(crate) fn scan_fuzzy(
        &self,
        t: &str,
        outer_key: Option<&str>,
        masks: &[simd::FuzzyMasks],
        cache: &mut KeyCache,
        out: &mut Vec<Finding>,
    ) {
        let b = t.as_bytes();
        let first = out.len();
        let mut vague = std::mem::take(&mut cache.vague);
        vague.clear();
        if let Some(k) = outer_key
            && let Some(h) = cache.hint(k)
            && let Some(vs) = value_start(t, 0)
        {
            let span = h.ambiguous.then_some((vs, b.len()));
            vague.extend(span);
            self.push_fuzzy(out, whole_if_vague(lexicon::value_for_key(h, &t[vs..]), vs, span), vs);
        }
        // values after key separators (`:`, `=`, `：`), in one pass
        for sep in SepBytes::new(masks) {
            let after = if b[sep] != 0xEF {
                sep + 1
            } else if b.get(sep + 1..sep + 3) == Some(&[0xBC, 0x9A]) {
                sep + 3
            } else {
                continue;
            };
            let Some(vs) = value_start(t, after) else { continue };
            let (key, quoted) = raw_key(t, sep);
            if !key.is_empty()
                && let Some(h) = cache.hint(key)
            {
                let span = if h.ambiguous { quoted_value_end(b, vs).map(|e| (vs, e)) } else { None };
                vague.extend(span);
                self.push_fuzzy(out, whole_if_vague(lexicon::value_for_key(h, &t[vs..]), vs, span), vs);
                continue;
            }
            if !quoted {
                let mut ws = sep.saturating_sub(36);
                while !t.is_char_boundary(ws) {
                    ws += 1;
                }
                if !key.is_empty() && !phrase_may_name(t, key, ws) {
                    continue;
                }
                if let Some(code) = lexicon::phrase_hint_with(&t[ws..after], &mut |k| cache.hint(k)) {
                    self.push_fuzzy(out, lexicon::value_after_phrase(code, &t[vs..]), vs);
                }
            }
        }
        self.scan_running_text(t, masks, cache, first, out);
        if self.on(1017) {
            self.scan_english_names(t, masks, &vague, first, out);
        }
        cache.vague = vague;
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

impl SensitiveScanner {
    /// Findings in running Chinese text (see the loop). A function of its own, not inlined:
    /// inside the whole pass the per-character loop kept its values on the stack.
    ///
    /// Most characters of running text start nothing: no delimiter or space before them, no
    /// capital after them (a plate), no keyword ending in them, and they are none of 字 / 牌 /
    /// 官. The loop visits only the characters its block mask ([`simd::run_stops`]) lets
    /// through: those a byte that may end a delimiter or a space precedes, those a capital
    /// follows, the four-byte ones and those that pass the stop characters' filter
    /// ([`STOP_FILTER`]), about a third of the characters of running text, reached by
    /// `trailing_zeros`. (It used to walk every character of a run, some 30 instructions and
    /// two hard-to-predict branches each, to settle the same: on n1000 the mask took the pass
    /// from 22.0 M instructions to 19.8 M, and its mispredicts by a hundred thousand.) Each
    /// is settled by the least work: one [`STOP_BITS`] look-up for "trigger, 字 or 官", the
    /// byte after, the byte before; a character that passes is looked at in full by the
    /// exact tests of the former loop
    /// ([`SensitiveScanner::scan_running_text_by_chars`], which it is tested against).
    ///
    /// `out[known..]` are the findings the key pass made in `t` (see [`found_at`]).
    #[inline(never)]
    fn scan_running_text(
        &self,
        t: &str,
        masks: &[simd::FuzzyMasks],
        cache: &mut KeyCache,
        known: usize,
        out: &mut Vec<Finding>,
    ) {
        // officer cards (`南字第1234567号`) and plates (`京A12345`) carry their own shape: found
        // anywhere, not only under a naming key. Each 字第 is met by the loop below, which
        // stops at every 字 except those inside the findings it skips, which it searches on
        // its own.
        let b = t.as_bytes();
        let officers = self.on(1010);
        // the start of the last 牌 / 官 before the next character: the loop stops at each, or
        // the span of a finding it skips has it searched
        let mut plate_at: Option<usize> = None;
        let mut known = known.min(out.len())..out.len();
        let level = simd::Level::detect();
        let mut from = 0;
        // each block holding a character of three or four bytes (only these can matter), at
        // or after `i`
        'blocks: while let Some(p) = next_lead(masks, from) {
            let j = p / 64;
            // the characters of the block where the loop may have to stop (a superset of
            // `stop | prev | cap` below), from `p` on
            let mut m = simd::run_stops(level, b, j, &STOP_FILTER) & u64::MAX << (p % 64);
            while m != 0 {
                let i = 64 * j + m.trailing_zeros() as usize;
                m &= m - 1;
                // a lead byte of valid UTF-8 is followed by its continuation bytes
                let Some(&[c, c1, c2]) = b.get(i..i + 3) else { break 'blocks };
                let four = c >= 0xF0;
                let end = i + 3 + usize::from(four);
                let next = b.get(end).copied().unwrap_or(0);
                // (for a four-byte character the look-up may answer yes: it is then looked at
                // in full, which answers exactly)
                let low = (usize::from(c1) & 0x3F) << 6 | (usize::from(c2) & 0x3F);
                let stop = STOP_BITS[low] >> (c & 0x0F) & 1 != 0;
                let cap = next.is_ascii_uppercase();
                // may the byte before the character make it start something (a superset of
                // the exact tests below; at the text start the character starts nothing)
                let prev = i > 0 && PREV_MAY_START[usize::from(b[i - 1])];
                let code = u32::from(c) << 16 | u32::from(c1) << 8 | u32::from(c2);
                if !cap {
                    // confirm the two frequent reasons before the full look: a trigger needs
                    // a value after it (not `号"` at the end of an address) unless it is 字 /
                    // 牌 / 官, which the full look notes anyway; and most bytes that may end a
                    // delimiter end another character, so only a delimiter or a space before
                    // the character makes it start something
                    let value_next = next >= 0x80 || next.is_ascii_alphanumeric();
                    let noted = (code == ZI) | (code == PAI) | (code == GUAN);
                    let starts = prev && (b[i - 1] == b' ' || delimiter_before(b, i));
                    // a trigger with a value after it, which starts nothing else here: the
                    // full look would only ask the phrase rules, whose first filter turns
                    // most such characters (市 / 号 / 区 inside addresses) away; asked here,
                    // that filter spares the call
                    let look = stop && (value_next || noted) || starts;
                    if !look || (!(starts | noted) && phrase_surely_none(b, end, code, plate_at)) {
                        continue;
                    }
                }
                let e = self.running_text_char(t, i, code, officers, &mut plate_at, &mut known, cache, out);
                // the walk goes on after the character, or after a finding starting there: in
                // this block (where `m` holds the characters left), or from the next lead
                if e >= 64 * (j + 1) {
                    from = e;
                    continue 'blocks;
                }
                m &= u64::MAX << (e - 64 * j);
            }
            from = 64 * (j + 1);
        }
    }

    /// The full look at the character at `i` of running text (a lead byte of three or four
    /// bytes, whose first three bytes packed big-end first are `code`) for
    /// [`SensitiveScanner::scan_running_text`]: the exact tests of the former loop. Returns
    /// where the walk goes on: after the character, or after a finding starting there.
    /// `known`: the key pass's findings in `out` not yet passed (see [`found_at`]).
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn running_text_char(
        &self,
        t: &str,
        i: usize,
        code: u32,
        officers: bool,
        plate_at: &mut Option<usize>,
        known: &mut std::ops::Range<usize>,
        cache: &mut KeyCache,
        out: &mut Vec<Finding>,
    ) -> usize {
        let b = t.as_bytes();
        let [_, c, c1, c2] = code.to_be_bytes();
        if (code == ZI) | (code == PAI) | (code == GUAN) {
            if code != ZI {
                *plate_at = Some(i);
            } else if officers {
                officer_card_at_zi(t, i, out);
            }
        }
        let w = if c >= 0xF0 { 4 } else { 3 };
        let end = (i + w).min(b.len());
        let low = (usize::from(c1) & 0x3F) << 6 | (usize::from(c2) & 0x3F);
        let trig = c & 0xF0 == 0xE0 && STOP_BITS[low] >> (c & 0x0F) & 1 != 0 && code != ZI && code != GUAN;
        // an ethnic group written out in full (`傣族`) between delimiters is a value on its
        // own: `性别女，傣族，出生…`
        if let Some(n) = self.delimited_ethnic_group(t, i, out) {
            skipped_span(officers, t, i + 1..i + n, plate_at, out);
            return i + n;
        }
        // Chinese inside English text: `… for 张伟 to 浙江省杭州市…`
        if i >= 2 && b[i - 1] == b' ' && b[i - 2].is_ascii_alphabetic() {
            let n = self.after_english_word(t, i, out);
            if n > 0 {
                skipped_span(officers, t, i + 1..i + n, plate_at, out);
                return i + n;
            }
        }
        if self.on(1008) && b.get(end).is_some_and(u8::is_ascii_uppercase) {
            // a plate under a plate key (`"carNo":"京A12345"`) was read by the key pass
            // already: its finding is the one this look would push
            let n = match found_at(out, known, 1008, i) {
                Some(f) => Some(f.end - f.start),
                None => lexicon::plate_at(&t[i..])
                    .inspect(|&n| out.push(Finding { code: 1008, start: i, end: i + n })),
            };
            if let Some(n) = n {
                skipped_span(officers, t, i + 1..i + n, plate_at, out);
                return i + n;
            }
        }
        if trig
            && end < b.len()
            && (b[end] >= 0x80 || b[end].is_ascii_alphanumeric())
            && !stop_punctuation_at(b, end)
        {
            let mut ws = end.saturating_sub(30);
            while !t.is_char_boundary(ws) {
                ws += 1;
            }
            let plate_free = plate_at.is_none_or(|p| p < ws);
            #[cfg(test)]
            assert_eq!(plate_free, !t[ws..end].contains(['牌', '官']), "{t:?} {ws}..{end}");
            if let Some(code) = lexicon::phrase_hint_in_text(&t[ws..end], plate_free, &mut |k| cache.hint(k))
            {
                self.push_fuzzy(out, lexicon::value_after_phrase(code, &t[end..]), end);
            }
        }
        end
    }

    /// The former running-text loop, which looked at every character in full (the packed
    /// code, its width, the byte before, the byte after, the trigger table): the simple
    /// definition [`SensitiveScanner::scan_running_text`] is tested against.
    #[cfg(test)]
    fn scan_running_text_by_chars(
        &self,
        t: &str,
        masks: &[simd::FuzzyMasks],
        cache: &mut KeyCache,
        out: &mut Vec<Finding>,
    ) {
        // officer cards (`南字第1234567号`) and plates (`京A12345`) carry their own shape: found
        // anywhere, not only under a naming key. Each 字第 is met by the running-text loop
        // below, which visits every character of three or four bytes (字 is one) except
        // those inside the findings it skips, which it searches on its own.
        let b = t.as_bytes();
        let officers = self.on(1010);
        // running Chinese text: a keyword right before the value, no separator
        // (only characters of three or four bytes can matter: visit their lead bytes)
        // the start of the last 牌 / 官 before the next character: the loop meets every
        // character of three bytes, or the span of a finding it skips has it searched
        let mut plate_at: Option<usize> = None;
        let mut i = 0;
        loop {
            // inside a run of Chinese text the next character starts right here
            if b.get(i).is_none_or(|&c| c < 0xE0) {
                match next_lead(masks, i) {
                    Some(p) => i = p,
                    None => break,
                }
            }
            let c = b[i];
            // the character's first three bytes (a lead byte of valid UTF-8 is followed by
            // its continuation bytes), packed
            let (c1, c2) = (b.get(i + 1).copied().unwrap_or(0), b.get(i + 2).copied().unwrap_or(0));
            let code = u32::from(c) << 16 | u32::from(c1) << 8 | u32::from(c2);
            // 字 (of an officer card's 字第), 牌 and 官 are rare: one test for the three that is
            // nearly always false, rather than a test on their frequent lead bytes E5 / E7
            if (code == ZI) | (code == PAI) | (code == GUAN) {
                if code != ZI {
                    plate_at = Some(i);
                } else if officers {
                    officer_card_at_zi(t, i, out);
                }
            }
            let w = if c >= 0xF0 { 4 } else { 3 };
            let end = (i + w).min(b.len());
            let trig = trigger_bytes(c, c1, c2);
            // most characters of running text start nothing: no delimiter or space before
            // them, no capital after them (a plate) and no keyword ending in them. The three
            // tests are computed in full and joined without branches, so that only their
            // union is a branch to predict.
            let prev = PREV_MAY_START[usize::from(b[i - usize::from(i > 0)])];
            let cap = b.get(end).is_some_and(u8::is_ascii_uppercase);
            if !(prev | cap | trig) {
                i = end;
                continue;
            }
            // an ethnic group written out in full (`傣族`) between delimiters is a value on its
            // own: `性别女，傣族，出生…`
            if let Some(n) = self.delimited_ethnic_group(t, i, out) {
                skipped_span(officers, t, i + 1..i + n, &mut plate_at, out);
                i += n;
                continue;
            }
            // Chinese inside English text: `… for 张伟 to 浙江省杭州市…`
            if i >= 2 && b[i - 1] == b' ' && b[i - 2].is_ascii_alphabetic() {
                let n = self.after_english_word(t, i, out);
                if n > 0 {
                    skipped_span(officers, t, i + 1..i + n, &mut plate_at, out);
                    i += n;
                    continue;
                }
            }
            if self.on(1008)
                && b.get(end).is_some_and(u8::is_ascii_uppercase)
                && let Some(n) = lexicon::plate_at(&t[i..])
            {
                out.push(Finding { code: 1008, start: i, end: i + n });
                skipped_span(officers, t, i + 1..i + n, &mut plate_at, out);
                i += n;
                continue;
            }
            if trig && end < b.len() && (b[end] >= 0x80 || b[end].is_ascii_alphanumeric()) {
                let mut ws = end.saturating_sub(30);
                while !t.is_char_boundary(ws) {
                    ws += 1;
                }
                let plate_free = plate_at.is_none_or(|p| p < ws);
                #[cfg(test)]
                assert_eq!(plate_free, !t[ws..end].contains(['牌', '官']), "{t:?} {ws}..{end}");
                if let Some(code) =
                    lexicon::phrase_hint_in_text(&t[ws..end], plate_free, &mut |k| cache.hint(k))
                {
                    self.push_fuzzy(out, lexicon::value_after_phrase(code, &t[end..]), end);
                }
            }
            i = end;
        }
    }
}

/// True when the phrase rules ([`lexicon::phrase_hint_in_text`]) surely answer `None` for
/// the window of running text the loop would hand them for the trigger ending at `end` of
/// `b` (its three bytes packed big-end first: `code`), given `plate_at`, the last 牌 / 官
/// before it: the rules' own first filter, read straight from the bytes. The character is
/// a CJK ideograph (lead byte E4 from U+4E00, or E5..E9), not 是 / 为 / 為 / 叫 (which
/// may end a phrase the general rules read), the two last characters are of three bytes
/// (one eight-byte load) or an ASCII character and the trigger (`27号`, the quote before a
/// key `"住址"`: a sixth of the triggers with a value after them, which used to be looked
/// at in full), their pair is not in the keyword filter, and no 牌 / 官 lies within the 30
/// bytes the window may reach back (so no plate word can pass it). Anything else answers
/// `false`: the rules are then asked as before.
fn phrase_surely_none(b: &[u8], end: usize, code: u32, plate_at: Option<usize>) -> bool {
    let [_, c, c1, _] = code.to_be_bytes();
    let cjk = matches!(c, 0xE5..=0xE9) || c == 0xE4 && c1 >= 0xB8;
    // 是 为 為 叫
    let copula = matches!(code, 0xE6_98AF | 0xE4_B8BA | 0xE7_82BA | 0xE5_8FAB);
    let plate_free = plate_at.is_none_or(|p| p + 30 < end);
    if !cjk || copula || !plate_free {
        return false;
    }
    // the last two characters' bytes as the rules' filter packs them (little-endian, from
    // the first byte of the character before): an ASCII character and the trigger (a digit
    // before 号 in `88号`, a quote before the first character of a key), else two characters
    // of three bytes
    let pair = match end.checked_sub(4).and_then(|s| b.get(s..end)) {
        // the window reaches back at least four bytes (all of it when `end < 30`)
        Some(&[p, x, y, z]) if p < 0x80 => u64::from(u32::from_le_bytes([p, x, y, z])),
        _ => {
            let Some(w) = end.checked_sub(8).and_then(|s| b.get(s..end)).and_then(|w| w.try_into().ok())
            else {
                return false;
            };
            let w = u64::from_le_bytes(w);
            if w >> 16 & 0xF0 != 0xE0 || w >> 40 & 0xF0 != 0xE0 {
                return false;
            }
            w >> 16
        }
    };
    let bit = lexicon::bigram_bit(pair);
    lexicon::BIGRAM_FILTER[bit / 64] >> (bit % 64) & 1 == 0
}

/// True when full-width punctuation that no value starts with (`：` `，` `。` `；` `、`)
/// starts at byte `i` of `b`. After a keyword in running text (`收货人：`, `…，地址：`,
/// `所在城市，`) the phrase rules may well name a type, but the value that would follow is
/// read from that punctuation on, and no reader of [`lexicon::value_after_phrase`] takes a
/// value starting with it (Chinese names and place, gender, ethnic and religion words start
/// with a CJK character, addresses with one or a digit, plates and officer cards with a
/// province or issuer character, English words with an ASCII letter): so the rules, the
/// costliest part of the look, are not asked. (A value after `：` is the key pass's: it
/// reads it after the separator.) Tested: no reader accepts such a value.
fn stop_punctuation_at(b: &[u8], i: usize) -> bool {
    matches!(b.get(i..i + 3), Some([0xEF, 0xBC, 0x9A | 0x8C | 0x9B] | [0xE3, 0x80, 0x82 | 0x81]))
}

/// The finding of `code` the key pass made at byte `p` of the text, if it did: its findings
/// `out[known]` are met by a forward cursor, as the running-text loop and the English-name
/// pass ask in increasing `p` (`known.start` moves past the findings of other types and those
/// starting before `p`). The key pass pushes in position order; a finding out of that order is
/// only missed, and the caller then reads the value itself.
///
/// A plate (1008) the key pass found is `lexicon::plate_at` of the text at its start (under a
/// plate key or after a plate phrase; the scanner reports 1008 there just as the running-text
/// loop would), so it is what that loop's own look-up would answer and push; the pass's
/// closing sort and dedup would drop the second copy anyway.
fn found_at(out: &[Finding], known: &mut std::ops::Range<usize>, code: u16, p: usize) -> Option<Finding> {
    while known.start < known.end && out.get(known.start).is_some_and(|f| f.code != code || f.start < p) {
        known.start += 1;
    }
    out.get(known.clone())?.first().filter(|f| f.start == p).copied()
}

/// An officer card (`南字第1234567号`) whose `字第` starts at byte `p` of `t` (the card starts
/// one character before it).
fn officer_card_at_zi(t: &str, p: usize, out: &mut Vec<Finding>) {
    if t.as_bytes().get(p..p + 6) == Some("字第".as_bytes())
        && p >= 3
        && t.is_char_boundary(p - 3)
        && let Some(n) = lexicon::officer_card_at(&t[p - 3..])
    {
        out.push(Finding { code: 1010, start: p - 3, end: p - 3 + n });
    }
}

/// True when 牌 or 官 (the characters every plate / officer-card word of the phrase rules
/// holds) starts at byte `i` of `b`.
fn plate_char_at(b: &[u8], i: usize) -> bool {
    matches!(b.get(i..i + 3), Some([0xE7, 0x89, 0x8C] | [0xE5, 0xAE, 0x98]))
}

/// What the running-text loop would have met in the span of a finding it skips: the officer
/// cards of every `字` (lead byte `E5`, when `officers` are reported) and the last 牌 / 官
/// (into `plate_at`).
fn skipped_span(
    officers: bool,
    t: &str,
    span: std::ops::Range<usize>,
    plate_at: &mut Option<usize>,
    out: &mut Vec<Finding>,
) {
    let b = t.as_bytes();
    for p in span {
        if let Some(&c @ (0xE5 | 0xE7)) = b.get(p) {
            if officers && c == 0xE5 {
                officer_card_at_zi(t, p, out);
            }
            if plate_char_at(b, p) {
                *plate_at = Some(p);
            }
        }
    }
}

/// The officer cards of `t` as the byte search for every `字第` finds them (the simple
/// definition of the running-text loop's share of that work).
#[cfg(test)]
fn officer_cards_by_search(t: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in memchr::memmem::find_iter(t.as_bytes(), "字第".as_bytes()) {
        officer_card_at_zi(t, p, &mut out);
    }
    out
}

/// True when the character before `i` separates items of running text: `，` `、` `；` `。`
/// or an ASCII `,` / `;`. Not a quote or a key separator: a value under a key is named (or
/// not) by its key.
fn delimiter_before(b: &[u8], i: usize) -> bool {
    // dispatch on the byte before: most characters follow another character's last byte
    match i.checked_sub(1).and_then(|k| b.get(k)) {
        Some(b',' | b';') => true,
        Some(0x81 | 0x82 | 0x8C | 0x9B) => {
            i >= 3 && matches!(&b[i - 3..i], [0xEF, 0xBC, 0x8C | 0x9B] | [0xE3, 0x80, 0x81 | 0x82])
        }
        _ => false,
    }
}

/// English words after which a person's name follows (`Shipment for 张伟`, `Dear 王芳`).
const EN_BEFORE_NAME: &[&str] = &[
    "for",
    "to",
    "from",
    "by",
    "with",
    "dear",
    "hi",
    "hello",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "customer",
    "client",
    "contact",
    "recipient",
    "receiver",
    "sender",
    "consignee",
    "attn",
    "attention",
    "name",
    "named",
    "patient",
    "passenger",
    "user",
    "member",
    "employee",
    "holder",
    "cardholder",
    "applicant",
    "guest",
    "tenant",
    "driver",
    "owner",
    "buyer",
    "payee",
    "payer",
];
/// English words after which a postal address follows (`ship to 浙江省…`, `lives in …`).
const EN_BEFORE_ADDRESS: &[&str] = &[
    "province",
    "city",
    "is",
    "was",
    "to",
    "at",
    "in",
    "from",
    "address",
    "addr",
    "deliver",
    "delivered",
    "ship",
    "shipped",
    "located",
    "lives",
    "live",
    "living",
    "resides",
    "reside",
    "residing",
    "sent",
];

/// Start of the delimiter ([`delimiter_before`]) that ends right before `i`.
fn delimiter_start(b: &[u8], i: usize) -> Option<usize> {
    if !delimiter_before(b, i) {
        return None;
    }
    Some(if matches!(b[i - 1], b',' | b';') { i - 1 } else { i - 3 })
}

impl SensitiveScanner {
    fn push_on(&self, out: &mut Vec<Finding>, code: u16, start: usize, end: usize) {
        if self.on(code) {
            out.push(Finding { code, start, end });
        }
    }

    /// An ethnic group written out in full (`傣族`) between delimiters at `i`, a value on its
    /// own (`性别女，傣族，出生…`): pushed, after the summary items before it
    /// ([`Self::summary_before`]); returns its length.
    #[inline(always)]
    fn delimited_ethnic_group(&self, t: &str, i: usize, out: &mut Vec<Finding>) -> Option<usize> {
        if !delimiter_before(t.as_bytes(), i) {
            return None;
        }
        let n = lexicon::ethnicity_at(&t[i..])?;
        if !t[i..i + n].ends_with('族') || t[i + n..].starts_with(|c: char| lexicon::is_cjk_char(c)) {
            return None;
        }
        self.summary_before(t, i, out);
        self.push_on(out, 1012, i, i + n);
        Some(n)
    }

    /// The items before a delimited ethnic group in a person's summary, the way records and
    /// notes write one: `张伟，男，汉族，1980年生`. When the item just before the group is a
    /// gender (男, 女, 男性, 女性, itself between delimiters), that is the gender, and when the
    /// item before it is a whole Chinese name (nothing but a name between a delimiter, a
    /// quote or the start of a sentence and the delimiter), that is the name. Pushed in
    /// position order, before the group's own finding.
    fn summary_before(&self, t: &str, i: usize, out: &mut Vec<Finding>) {
        let b = t.as_bytes();
        let Some(d) = delimiter_start(b, i) else { return };
        let Some(g) = ["男性", "女性", "男", "女"]
            .iter()
            .map(|w| d.wrapping_sub(w.len()))
            .find(|&g| g < d && t.get(g..d).is_some_and(|w| matches!(w, "男性" | "女性" | "男" | "女")))
        else {
            return;
        };
        let Some(nd) = delimiter_start(b, g) else { return };
        // the name item: two to four CJK characters after a byte that is no CJK letter
        let mut p = nd;
        while nd - p < 12 && p >= 3 && t.get(p - 3..p).is_some_and(|c| c.chars().all(lexicon::is_cjk_char)) {
            p -= 3;
        }
        let starts_item = p == 0 || !t[..p].ends_with(|c: char| lexicon::is_cjk_char(c));
        if starts_item
            && nd - p >= 6
            && let Some((n, trad)) = lexicon::chinese_name_strict_at(&t[p..nd])
            && n == nd - p
        {
            self.push_on(out, if trad { 1016 } else { 1002 }, p, nd);
        }
        self.push_on(out, 1011, g, d);
    }

    /// A Chinese address or name right after an English word that announces it (the CJK
    /// run starts at `i`, after one space); returns the bytes consumed (0 = none).
    fn after_english_word(&self, t: &str, i: usize, out: &mut Vec<Finding>) -> usize {
        let b = t.as_bytes();
        let mut s = i - 1;
        while s > 0 && i - 1 - s < 12 && b[s - 1].is_ascii_alphabetic() {
            s -= 1;
        }
        if s > 0 && b[s - 1].is_ascii_alphanumeric() {
            return 0;
        }
        let mut w = [0u8; 12];
        let word = &b[s..i - 1];
        if word.len() > w.len() {
            return 0;
        }
        for (d, c) in w.iter_mut().zip(word) {
            *d = c.to_ascii_lowercase();
        }
        let word = &w[..word.len()];
        let is = |list: &[&str]| list.iter().any(|x| x.as_bytes() == word);
        let rest = &t[i..];
        // an address, or a province or city alone (`born in 辽宁省`, `lives in 杭州市`)
        if is(EN_BEFORE_ADDRESS)
            && let Some((n, code)) = lexicon::value_after_phrase(lexicon::codes::LOCATION, rest)
            && self.on(code)
        {
            out.push(Finding { code, start: i, end: i + n });
            // the province after the city, English style: `lives in 铜陵市, 安徽 province`
            if code == lexicon::codes::CITY
                && let Some(after) = rest[n..].strip_prefix(", ").or_else(|| rest[n..].strip_prefix('，'))
                && let Some((m, lexicon::codes::PROVINCE)) =
                    lexicon::value_after_phrase(lexicon::codes::LOCATION, after)
                && self.on(lexicon::codes::PROVINCE)
            {
                let s = i + rest.len() - after.len();
                out.push(Finding { code: lexicon::codes::PROVINCE, start: s, end: s + m });
                return s + m - i;
            }
            return n;
        }
        if is(EN_BEFORE_NAME)
            && let Some((n, trad)) = lexicon::chinese_name_strict_at(rest)
        {
            let code = if trad { 1016 } else { 1002 };
            if self.on(code) {
                out.push(Finding { code, start: i, end: i + n });
            }
            return n;
        }
        0
    }
}

/// Bytes after which a capitalised word starts a word of running text (not the middle of
/// an identifier, a path, a host or an e-mail address).
fn word_gap(c: u8) -> bool {
    matches!(c, b' ' | b'"' | b'\'' | b'(' | b',' | b'>' | b'\t' | b'\n' | b':' | b';') || c >= 0x80
}

/// True when byte `p` may start a title-case word: an upper-case letter, a lower-case letter
/// after it and no ASCII letter or digit before it.
fn title_start(b: &[u8], p: usize) -> bool {
    b[p].is_ascii_uppercase()
        && b.get(p + 1).is_some_and(u8::is_ascii_lowercase)
        && (p == 0 || !b[p - 1].is_ascii_alphanumeric())
}

/// True when a capitalised word of running text starts at `p`: a title-case start after a
/// [`word_gap`] byte (or at the text start). The simple definition of [`next_name_start`].
fn name_start(b: &[u8], p: usize) -> bool {
    title_start(b, p) && (p == 0 || word_gap(b[p - 1]))
}

/// The first position at or after `i` where [`name_start`] holds (or `b.len()`), read from the
/// text's block masks ([`simd::fuzzy_masks`]): their `name` bits (a possible gap byte
/// before, an upper-case letter, a lower-case letter after) are a superset, so a block
/// without a candidate costs one load, and each bit is confirmed by [`name_start`]. Base64,
/// PEM bodies, identifiers and paths hold almost no such gap byte (only `+` is one), so they
/// rarely stop the scan.
fn next_name_start(b: &[u8], masks: &[simd::FuzzyMasks], i: usize) -> usize {
    let mut j = i / 64;
    let Some(x) = masks.get(j) else { return b.len() };
    let mut m = x.name() & u64::MAX << (i % 64);
    loop {
        while m != 0 {
            let p = 64 * j + m.trailing_zeros() as usize;
            if name_start(b, p) {
                return p;
            }
            m &= m - 1;
        }
        j += 1;
        match masks.get(j) {
            Some(x) => m = x.name(),
            None => return b.len(),
        }
    }
}

impl SensitiveScanner {
    /// English names in running text: each capitalised word that starts a word is tried as
    /// the first name of `First [M.] Last` ([`lexicon::english_name_in_text_at`]). Inside a
    /// value under an ambiguous key (`vague`: a bare `name`, which may hold a product) only
    /// a name that is the whole value counts: `"name":"Longjing Green Tea 500g"` holds no
    /// person. (`vague` holds quoted values and a whole text scanned under such a key.)
    ///
    /// `out[first..]`: the findings of the pass so far. The English names (1017) among them
    /// are those the key and phrase rules found in `t`, each `english_name_at(&t[start..])`,
    /// the whole-value reading of the rest of the text (every rule that reports 1017 reads
    /// it there). A name field's value is a capitalised word start, so this pass meets most
    /// of them again and would read each a second time: there the in-text reading is settled
    /// from the found end alone ([`lexicon::english_in_text_from_found`], tested against the
    /// full reading). They are met with one forward cursor: the key rules push in position
    /// order, and a name the cursor has passed (one of the running-text rules, pushed after
    /// them) is only read in full, as any other.
    #[inline(never)]
    fn scan_english_names(
        &self,
        t: &str,
        masks: &[simd::FuzzyMasks],
        vague: &[(usize, usize)],
        first: usize,
        out: &mut Vec<Finding>,
    ) {
        let b = t.as_bytes();
        let mut i = 0;
        let mut k = 0;
        // the cursor over the names found before this pass
        let mut known = first.min(out.len())..out.len();
        while i < b.len() {
            let p = next_name_start(b, masks, i);
            if p >= b.len() {
                break;
            }
            // the cheap tests first, inline: most capitalised words are followed by no
            // capital (no name) and neither are nor follow a label (no labelled value)
            if let Some(run) = lexicon::second_word_follows(&b[p..])
                && let Some(n) = match found_at(out, &mut known, 1017, p) {
                    Some(f) => lexicon::english_in_text_from_found(&b[p..], f.end - p),
                    None => lexicon::english_name_in_text_after(&t[p..], run),
                }
                && {
                    while vague.get(k).is_some_and(|v| v.1 <= p) {
                        k += 1;
                    }
                    vague.get(k).is_none_or(|&(s, e)| p < s || (p == s && p + n == e))
                }
            {
                out.push(Finding { code: 1017, start: p, end: p + n });
                i = p + n;
                continue;
            }
            // a closed-vocabulary value next to its English label: `Gender M`, `religion Islam`
            if lexicon::english_label_may_be_at(b, p)
                && let Some((s, e, code)) = lexicon::english_label_value_at(t, p)
                && self.on(code)
            {
                out.push(Finding { code, start: s, end: e });
                i = e.max(p + 1);
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

    /// The first-byte table of a value is the letter / non-ASCII test, for every byte.
    #[test]
    fn value_first_table_is_the_byte_test() {
        for c in 0..=255u8 {
            assert_eq!(super::VALUE_FIRST[usize::from(c)], c >= 0x80 || c.is_ascii_alphabetic(), "{c:#x}");
        }
    }

    proptest::proptest! {
        /// The block-mask search finds exactly the positions of the simple definition (the
        /// alphabet holds every gap byte, bytes of the superset that are no gap byte, and
        /// base64's `+/=`; texts of several blocks, started anywhere, also past the end).
        #[test]
        fn name_starts_agree_with_the_byte_definition(s in "[abYZ09 _.+/=!&)#\\-\"'(,>:;<\t\n\u{1}\u{e9}\u{4e2d}]{0,300}", from in 0usize..320) {
            let b = s.as_bytes();
            let want = (from..b.len()).find(|&p| super::name_start(b, p)).unwrap_or(b.len());
            proptest::prop_assert_eq!(super::next_name_start(b, &masks(b), from), want);
        }

        /// Asked again and again, as the name pass asks (just after a hit, or further on
        /// after a name), the search answers like the definition every time.
        #[test]
        fn name_start_search_agrees_over_a_walk(s in "[abYZ09 _.+/=!&)#\\-\"'(,>:;<\t\n\u{1}\u{e9}\u{4e2d}]{0,300}", steps in proptest::collection::vec(0usize..80, 1..40)) {
            let b = s.as_bytes();
            let m = masks(b);
            let mut i = 0;
            for st in steps {
                let want = (i..b.len()).find(|&p| super::name_start(b, p)).unwrap_or(b.len());
                proptest::prop_assert_eq!(super::next_name_start(b, &m, i), want);
                if want >= b.len() {
                    break;
                }
                i = want + 1 + st % 3 * st;
            }
        }
    }

    /// The block masks of `b` as the fuzzy pass computes them.
    fn masks(b: &[u8]) -> Vec<super::simd::FuzzyMasks> {
        let mut m = Vec::new();
        super::simd::fuzzy_masks(b, &mut m);
        m
    }

    proptest::proptest! {
        /// The dispatching delimiter test agrees with the plain one.
        #[test]
        fn delimiters_agree_with_the_simple_definition(s in "[a,;，、；。：“中]{0,12}") {
            let b = s.as_bytes();
            for i in 0..=b.len() {
                let want = (i >= 3 && matches!(&b[i - 3..i], [0xEF, 0xBC, 0x8C | 0x9B] | [0xE3, 0x80, 0x81 | 0x82]))
                    || (i > 0 && matches!(b[i - 1], b',' | b';'));
                proptest::prop_assert_eq!(super::delimiter_before(b, i), want);
            }
        }
    }

    proptest::proptest! {
        /// The set-associative cache answers what the look-up it caches answers, also when
        /// names evict each other (a small alphabet, many lengths) and for raw names cut at
        /// any separator.
        #[test]
        fn key_cache_agrees_with_the_look_up(keys in proptest::collection::vec("[a-zA-Z_\\.姓名地址]{0,20}", 1..200)) {
            let mut cache = super::KeyCache::default();
            for _ in 0..2 {
                for k in &keys {
                    proptest::prop_assert_eq!(cache.hint(k), crate::lexicon::key_hint_detail(k));
                }
            }
        }

        /// Packed names of up to 16 bytes are equal exactly when the names are (pairs from
        /// a small alphabet, so that equal and near-equal names are frequent, every length
        /// of the packing's branches), and the cache answers as the look-up also for long
        /// names that share their first and last eight bytes.
        #[test]
        fn packed_names_are_equal_exactly_when_the_names_are(
            x in "[ab名]{0,17}",
            y in "[ab名]{0,17}",
            mid in "[ab]{0,3}",
        ) {
            for (x, y) in [(x.as_str(), y.as_str()), (x.as_str(), x.as_str())] {
                let (px, py) = (super::pack(x.as_bytes()), super::pack(y.as_bytes()));
                if x.len() <= 16 && y.len() <= 16 {
                    proptest::prop_assert_eq!((x.len(), px.1, px.2) == (y.len(), py.1, py.2), x == y);
                }
            }
            let long = ["userContactAddr", mid.as_str(), "detailAddress"].concat();
            let other = ["userContactAdds", mid.as_str(), "detailAddress"].concat();
            let mut cache = super::KeyCache::default();
            for _ in 0..2 {
                for k in [long.as_str(), other.as_str(), "", "name", x.as_str(), y.as_str()] {
                    proptest::prop_assert_eq!(cache.hint(k), crate::lexicon::key_hint_detail(k));
                }
            }
        }

        /// The jump-free packing gives the former words to strings of 8 bytes or more and
        /// the former hash to strings of up to 3 bytes (every length around the windows'
        /// bounds, multi-byte characters split by them), and the cache answers as the
        /// look-up for them round after round.
        #[test]
        fn jump_free_packing_keeps_the_former_words(x in "[ab名é]{0,20}", y in "[ab]{0,20}") {
            for k in [x.as_str(), y.as_str()] {
                let (new, old) = (super::pack(k.as_bytes()), super::pack_reference(k.as_bytes()));
                if k.len() >= 8 {
                    proptest::prop_assert_eq!((new.1, new.2), (old.1, old.2));
                }
                if k.len() < 4 {
                    proptest::prop_assert_eq!(new, old);
                }
            }
            let mut cache = super::KeyCache::default();
            for _ in 0..3 {
                for k in [x.as_str(), y.as_str(), "receiverName", "name"] {
                    proptest::prop_assert_eq!(cache.hint(k), crate::lexicon::key_hint_detail(k));
                }
            }
        }

        /// Where the separator shortcut applies, the phrase rules name nothing: texts of
        /// field names (ASCII, dotted, Chinese, `is`), spaces, quotes and separators, every
        /// separator after a name that names nothing, each window start the scanner uses.
        #[test]
        fn the_separator_shortcut_skips_only_phrases_naming_nothing(
            s in "(level|page|is|Name|name|home address|x-id|a_b|user.id|性别|住址|Ethnic|group|Religious|belief|license plate|no| |\t|\"|,|&|\\?|=|:|：|9)*"
        ) {
            let b = s.as_bytes();
            for sep in 0..b.len() {
                let after = match b[sep] {
                    b':' | b'=' => sep + 1,
                    0xEF if b.get(sep + 1..sep + 3) == Some(&[0xBC, 0x9A]) => sep + 3,
                    _ => continue,
                };
                let (key, quoted) = super::raw_key(&s, sep);
                if quoted || key.is_empty() || crate::lexicon::key_hint_detail(key).is_some() {
                    continue;
                }
                let mut ws = sep.saturating_sub(36);
                while !s.is_char_boundary(ws) {
                    ws += 1;
                }
                if !super::phrase_may_name(&s, key, ws) {
                    let got = crate::lexicon::phrase_hint_with(&s[ws..after], &mut crate::lexicon::key_hint_detail);
                    proptest::prop_assert_eq!(got, None, "{:?} at {}", s, sep);
                }
            }
        }

        /// The word-at-a-time start of a raw field name agrees with the byte-by-byte walk
        /// (Chinese text, the four full-width stops and `丌` `丁` `丂` `丛`, whose last bytes are also
        /// the last bytes of stops).
        #[test]
        fn raw_keys_agree_with_the_byte_walk(s in "[a-zA-Z\" _:{},，。、；中丌名丁丂丛'&?;\n\t(<]{0,120}") {
            let b = s.as_bytes();
            for sep in 0..b.len() {
                if !s.is_char_boundary(sep) {
                    continue;
                }
                let (key, _) = super::raw_key(&s, sep);
                let end = key.as_ptr() as usize - s.as_ptr() as usize + key.len();
                let mut st = end;
                while st > 0 && end - st < 64 {
                    let c = b[st - 1];
                    if b"\"'{},&?;\n\r\t ([<>".contains(&c) || (st >= 3 && ["，", "。", "；", "、"].iter().any(|p| b[..st].ends_with(p.as_bytes()))) {
                        break;
                    }
                    st -= 1;
                }
                while !s.is_char_boundary(st) {
                    st += 1;
                }
                proptest::prop_assert_eq!(key, &s[st..end]);
            }
        }
    }

    /// The sixteen-byte stop mask holds every byte of the stop table, in every lane, and
    /// agrees with its byte-by-byte definition for every byte.
    #[test]
    fn key_stop_mask_holds_every_stop() {
        for c in 0..=255u8 {
            for j in 0..16 {
                let mut w = [b'a'; 16];
                w[j] = c;
                let m = super::simd::key_stop_bits(&w);
                assert_eq!(m, super::simd::key_stop_bits_by_bytes(&w), "{c:#x} at {j}");
                assert_eq!(m & !(1 << j), 0, "{c:#x} at {j}");
                if super::KEY_STOP[usize::from(c)] != 0 {
                    assert_eq!(m, 1 << j, "{c:#x} at {j}");
                }
            }
        }
    }

    /// Every word of one to four hex digits (either case) names no field, so the key cache
    /// may answer it without a look-up.
    #[test]
    fn short_hex_words_name_nothing() {
        crate::lexicon::each_short_hex_word(|k| {
            assert_eq!(crate::lexicon::key_hint_detail(k), None, "{k}");
        });
    }

    /// A quoted field name or a query parameter's name with an ASCII-bracketed qualifier is
    /// read whole; other unquoted ones and a bracket that opens a call stay cut at the bracket.
    #[test]
    fn raw_key_keeps_a_bracketed_qualifier_of_a_quoted_or_query_name() {
        let key = |t: &str| super::raw_key(t, t.find(':').unwrap_or(t.len())).0.to_string();
        assert_eq!(key(r#"{"姓名(繁)":"張麗華"}"#), "姓名(繁)");
        assert_eq!(key(r#"{"amount(cny)": 3}"#), "amount(cny)");
        assert_eq!(key(r#"f(x)": 1"#), "x)");
        assert_eq!(key("姓名(繁):張麗華"), "繁)");
        assert_eq!(key(r#"{"a b(c)":1}"#), "c)");
        let qkey = |t: &str| super::raw_key(t, t.rfind('=').unwrap_or(t.len())).0.to_string();
        assert_eq!(qkey("/u?姓名(繁)=張麗華"), "姓名(繁)");
        assert_eq!(qkey("/u?id=1&amount(cny)=3"), "amount(cny)");
        assert_eq!(qkey("x f(a)=1"), "a)");
        assert_eq!(qkey("(a)=1"), "a)");
    }

    proptest::proptest! {
        /// The block-mask separator search returns the positions `memchr3` finds, across
        /// block ends and at text ends (lengths around 64 and 128), less only separators
        /// after which no value starts (the pass would skip them).
        #[test]
        fn separator_bytes_agree_with_memchr(s in "[a:=：中 \"'\t0/+]{0,140}") {
            let b = s.as_bytes();
            let all: Vec<usize> = memchr::memchr3_iter(b':', b'=', 0xEF, b).collect();
            let got: Vec<usize> = super::SepBytes::new(&masks(b)).collect();
            let mut kept = got.iter().peekable();
            for p in all {
                if kept.peek() == Some(&&p) {
                    kept.next();
                    continue;
                }
                proptest::prop_assert!(b[p] != 0xEF && super::value_start(&s, p + 1).is_none(), "{:?} at {}", s, p);
            }
            proptest::prop_assert_eq!(kept.next(), None, "not a separator: {:?}", got);
        }

        /// The running-text filter lets through every character a delimiter or a space
        /// precedes, the conditions its branches test.
        #[test]
        fn the_running_text_filter_keeps_every_candidate(s in "[a ,;，、；。：“中丌名]{0,40}") {
            let b = s.as_bytes();
            for i in 1..b.len() {
                if super::delimiter_before(b, i) || b[i - 1] == b' ' {
                    proptest::prop_assert!(super::PREV_MAY_START[usize::from(b[i - 1])]);
                }
            }
        }
    }

    /// The buckets of the running-text block filter hold exactly the stop characters, and
    /// every three-byte character [`super::STOP_BITS`] marks passes the filter.
    #[test]
    fn the_stop_filter_holds_every_stop_character() {
        let stops: std::collections::BTreeSet<char> = format!("{}字官", super::TRIGGERS).chars().collect();
        for c in '\u{800}'..='\u{FFFF}' {
            let mut e = [0; 3];
            let b = c.encode_utf8(&mut e).as_bytes();
            let low = (usize::from(b[1]) & 0x3F) << 6 | (usize::from(b[2]) & 0x3F);
            let stop = super::STOP_BITS[low] >> (b[0] & 0x0F) & 1 != 0;
            assert_eq!(stop, stops.contains(&c), "{c}");
            if stop {
                assert!(super::STOP_FILTER.hit(b[0], b[1], b[2]), "{c}");
            }
        }
        let held: Vec<char> = super::STOP_BUCKETS.concat().chars().collect();
        assert!(held.iter().all(|c| stops.contains(c)), "{held:?}");
        assert_eq!(held.len(), stops.len(), "{held:?}");
    }

    proptest::proptest! {
        /// The running-text loop reports the officer cards the search for every 字第 finds,
        /// also inside the findings it skips (ethnic groups, plates, Chinese after English
        /// words) and next to them. (Test builds also check, at every keyword phrase, that
        /// the loop knows whether the phrase window holds 牌 / 官: texts mix them in.)
        #[test]
        fn officer_cards_agree_with_the_byte_search(
            s in "(南字第|字第|字|第|1234567|号|，|傣族|京A12345|A|ship to |北京市海淀区中关村大街|27号| |中|车牌号|军官证|牌|官|姓名|地址)*"
        ) {
            let scanner = SensitiveScanner::default();
            let mut out = Vec::new();
            scanner.scan_fuzzy(&s, None, &masks(s.as_bytes()), &mut super::KeyCache::default(), &mut out);
            let got: Vec<(usize, usize)> = out.iter().filter(|f| f.code == 1010).map(|f| (f.start, f.end)).collect();
            let mut want: Vec<(usize, usize)> = super::officer_cards_by_search(&s).iter().map(|f| (f.start, f.end)).collect();
            want.sort_unstable();
            want.dedup();
            proptest::prop_assert_eq!(got, want, "{:?}", s);
        }
    }

    proptest::proptest! {
        /// The running-text loop (stop table, byte after, last byte of the character before,
        /// full look only where those let a character through) reports exactly what the
        /// former loop, which looked at every character in full, reports: texts of keyword
        /// phrases, delimiters of both widths, spaces after English words, capitals and
        /// plates, 字第 / 牌 / 官, ethnic groups, names, four-byte characters, a two-byte
        /// character ending in a delimiter's last byte (`ā` is C4 81), at any offset.
        #[test]
        fn the_running_text_loop_agrees_with_the_full_look(
            parts in proptest::collection::vec(
                "(姓名|联系人|收货人|地址|车牌号|军官证|民族|是|为|我叫|字第|字|牌|官|第|号|族|傣族|\
                 张伟|王小明|李|北京市海淀区中关村大街27号|京A12345|南字第1234567号|A|Z|a|1|\
                 ship to |for |Dear | |,|;|，|、|；|。|：|:|\u{1F600}|\u{20000}|\u{10E3B}|ā|é|中|的|\
                 \"|8|住址|家)",
                0..24,
            ),
        ) {
            let s: String = parts.concat();
            let scanner = SensitiveScanner::default();
            let m = masks(s.as_bytes());
            let (mut got, mut want) = (Vec::new(), Vec::new());
            scanner.scan_running_text(&s, &m, &mut super::KeyCache::default(), 0, &mut got);
            scanner.scan_running_text_by_chars(&s, &m, &mut super::KeyCache::default(), &mut want);
            proptest::prop_assert_eq!(got, want, "{:?}", s);
        }
    }

    proptest::proptest! {
        /// With some of the key pass's findings already in `out` (plates where the look-up
        /// finds one, in or out of order, among findings of other types), the running-text
        /// loop adds what the former loop adds, less only copies of those plates: after the
        /// pass's sort and dedup both give the same findings.
        #[test]
        fn key_pass_plates_spare_the_look_up_only(
            parts in proptest::collection::vec(
                "(京A12345|京A·12345|粤B12345D|京A1234|京AB|车牌号|牌|官|字第|南字第1234567号|A|Z|1|\
                 ，|,| |ship to |中|的|号|张伟|\"|:|\u{1F600})",
                0..16,
            ),
            keep in proptest::collection::vec(proptest::bool::ANY, 64),
            others in proptest::collection::vec(0usize..200, 0..4),
            reverse in proptest::bool::ANY,
        ) {
            let s: String = parts.concat();
            let mut known = Vec::new();
            for (k, (p, _)) in s.char_indices().enumerate() {
                if let Some(n) = crate::lexicon::plate_at(&s[p..])
                    && keep[k % keep.len()]
                {
                    known.push(super::Finding { code: 1008, start: p, end: p + n });
                }
            }
            for o in others {
                let p = o.min(s.len());
                known.push(super::Finding { code: 1002, start: p, end: p });
            }
            known.sort_by_key(|f| f.start);
            if reverse {
                known.reverse();
            }
            let scanner = SensitiveScanner::default();
            let m = masks(s.as_bytes());
            let (mut got, mut want) = (known.clone(), known.clone());
            scanner.scan_running_text(&s, &m, &mut super::KeyCache::default(), 0, &mut got);
            scanner.scan_running_text_by_chars(&s, &m, &mut super::KeyCache::default(), &mut want);
            for v in [&mut got, &mut want] {
                v.sort_by_key(|f| (f.start, f.end, f.code));
                v.dedup();
            }
            proptest::prop_assert_eq!(got, want, "{:?}", s);
        }
    }

    proptest::proptest! {
        /// No reader of the values after a phrase takes one that starts with the full-width
        /// punctuation the running-text look skips the phrase rules before, whatever the
        /// phrase names and whatever follows the punctuation.
        #[test]
        fn no_value_after_a_phrase_starts_with_stop_punctuation(
            p in "[：，。；、]",
            rest in "(张伟|王|男|女|汉族|汉|佛教|浙江省|杭州市|杭州|西湖区文三路100号|京A12345|南字第1234567号|\
                    Zhejiang|Hangzhou|Robert Smith|Han|Male|1|a| |：|，)*",
        ) {
            use crate::lexicon::codes::*;
            let s = format!("{p}{rest}");
            proptest::prop_assert!(super::stop_punctuation_at(s.as_bytes(), 0));
            for code in [
                NAME_ZH, NAME_ZH_TRAD, NAME_EN, ADDRESS, PLATE, OFFICER_CARD, GENDER, ETHNICITY, PROVINCE,
                CITY, RELIGION, LOCATION,
            ] {
                proptest::prop_assert_eq!(crate::lexicon::value_after_phrase(code, &s), None, "{} {:?}", code, s);
            }
        }
    }

    /// The filter does turn away the triggers inside an address (`市` / `区` after other
    /// characters) and lets a keyword's last character (`址` of `地址`), a copula and a
    /// window near 牌 through.
    #[test]
    fn the_phrase_prefilter_turns_away_address_triggers() {
        let at = |t: &str, plate_at: Option<usize>| {
            let b = t.as_bytes();
            let i = b.len() - 3;
            let code = u32::from(b[i]) << 16 | u32::from(b[i + 1]) << 8 | u32::from(b[i + 2]);
            super::phrase_surely_none(b, b.len(), code, plate_at)
        };
        assert!(at("北京市", None));
        assert!(at("北京市海淀区", None));
        assert!(!at("北京市海淀区", Some(0)));
        assert!(!at("收货地址", None));
        assert!(!at("他的名字是", None));
        assert!(!at("市", None));
    }

    proptest::proptest! {
        /// The filter asked before the phrase rules only turns away triggers whose window
        /// (as the loop cuts it) the rules answer `None` for: texts of keyword parts, 是 / 为
        /// / 叫, plate / officer words, 牌 / 官 near and far, spaces and separators, ending in
        /// every kind of character (a trigger, a keyword's last character, 是, four-byte,
        /// two-byte or ASCII ones).
        #[test]
        fn the_phrase_prefilter_only_turns_away_none(
            parts in proptest::collection::vec(
                "(姓名|联系人|收货人|地址|住址|车牌|军官证|民族|籍贯|是|为|為|叫|我|号|市|区|\
                 族|省|份|城|人|代理|牌|官|第|字|京|A|1|8|x|\"|=| |:|：|，|\u{1F600}|ā|中|的|\
                 北京市海淀区中关村大街27号|住|家|在|东|的)",
                1..14,
            ),
        ) {
            let t: String = parts.concat();
            let b = t.as_bytes();
            let Some(last) = t.chars().next_back() else { return Ok(()) };
            if last.len_utf8() != 3 {
                return Ok(());
            }
            let end = b.len();
            let i = end - 3;
            let code = u32::from(b[i]) << 16 | u32::from(b[i + 1]) << 8 | u32::from(b[i + 2]);
            let plate_at = (0..end).rev().find(|&p| super::plate_char_at(b, p));
            let mut ws = end.saturating_sub(30);
            while !t.is_char_boundary(ws) {
                ws += 1;
            }
            let plate_free = plate_at.is_none_or(|p| p < ws);
            if super::phrase_surely_none(b, end, code, plate_at) {
                let got = crate::lexicon::phrase_hint_in_text(
                    &t[ws..end],
                    plate_free,
                    &mut crate::lexicon::key_hint_detail,
                );
                proptest::prop_assert_eq!(got, None, "{:?}", t);
            }
        }
    }

    proptest::proptest! {
        /// The block-mask lead-byte search finds the first byte `>= 0xE0` at or after each
        /// position asked for (growing by random steps, across block ends and past the text).
        #[test]
        fn lead_bytes_agree_with_the_byte_walk(
            s in "[a 中é\u{1F600}，]{0,100}",
            steps in proptest::collection::vec(0usize..80, 0..40),
        ) {
            let b = s.as_bytes();
            let m = masks(b);
            let mut i = 0;
            for st in steps {
                i += st;
                let want = (i..b.len()).find(|&p| b[p] >= 0xE0);
                proptest::prop_assert_eq!(super::next_lead(&m, i), want);
            }
        }
    }

    /// The byte-table trigger test agrees with the character test on every character (at
    /// the start of a text and followed by another).
    #[test]
    fn trigger_table_agrees_with_the_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 8];
            let n = c.encode_utf8(&mut buf).len();
            buf[n] = b'A';
            assert_eq!(super::trigger_at(&buf[..n], 0), super::trigger(c), "{c:?}");
            assert_eq!(super::trigger_at(&buf[..n + 1], 0), super::trigger(c), "{c:?}");
        }
        assert!(!super::trigger_at(b"", 0));
        assert!(!super::trigger_at("名".as_bytes(), 1));
        // the stop table holds the triggers, 字 and 官, for every character of three bytes
        for c in ('\u{800}'..='\u{FFFF}').filter(|c| c.len_utf8() == 3) {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let low = (usize::from(b[1]) & 0x3F) << 6 | (usize::from(b[2]) & 0x3F);
            let stop = super::STOP_BITS[low] >> (b[0] & 0x0F) & 1 != 0;
            assert_eq!(stop, super::trigger(c) || matches!(c, '字' | '官'), "{c:?}");
        }
    }

    /// The packed character constants of the running-text loop are the characters' bytes.
    /// Two names of one set with different hints, cached in its two ways: each is answered
    /// from its own way (the way is picked from the two compares, without a jump). Field
    /// names differing in a trailing index, which the look-up drops (`receiverName12`).
    #[test]
    fn both_ways_of_a_set_answer_their_own_names() {
        let place = |k: &str| {
            let h = super::pack(k.as_bytes()).0;
            ((h >> 52) as usize % super::SETS, h & 1)
        };
        let names: Vec<String> = (0..3000)
            .flat_map(|i| [format!("receiverName{i}"), format!("homeAddress{i}"), format!("orderId{i}")])
            .collect();
        let mut at: Vec<_> =
            names.iter().map(|k| (place(k), k, crate::lexicon::key_hint_detail(k))).collect();
        at.sort_by_key(|x| x.0.0);
        let mut pairs = 0;
        for (i, &((sp, wp), p, hp)) in at.iter().enumerate() {
            for &((_, wq), q, hq) in at[i + 1..].iter().take_while(|x| x.0.0 == sp) {
                if wp == wq || hp == hq {
                    continue;
                }
                pairs += 1;
                let mut cache = super::KeyCache::default();
                for _ in 0..2 {
                    assert_eq!((cache.hint(p), cache.hint(q)), (hp, hq));
                }
            }
        }
        assert!(pairs > 10, "only {pairs} pairs of names in two ways of one set");
    }

    #[test]
    fn packed_characters_are_their_bytes() {
        let packed = |c: &str| c.bytes().fold(0u32, |v, x| v << 8 | u32::from(x));
        assert_eq!((super::ZI, super::PAI, super::GUAN), (packed("字"), packed("牌"), packed("官")));
        for (c, want) in [("字", false), ("牌", true), ("官", true), ("名", false)] {
            assert_eq!(super::plate_char_at(c.as_bytes(), 0), want, "{c}");
        }
    }

    #[test]
    fn a_bare_name_key_holds_an_english_name_only_as_the_whole_value() {
        let s = SensitiveScanner::default();
        let t = r#"{"items":[{"name":"Longjing Green Tea 500g","price":"88"},{"name":"Brent Garner"}],"note":"Green Tea for Brent Garner, thanks"}"#;
        let mut out = Vec::new();
        s.scan_text(t, &mut out);
        let got: Vec<(u16, &str, usize)> =
            out.iter().map(|f| (f.code, &t[f.start..f.end], f.start)).collect();
        let names: Vec<&(u16, &str, usize)> = got.iter().filter(|g| g.0 == 1017).collect();
        assert_eq!(names.len(), 3, "{got:?}");
        assert!(names.iter().all(|g| g.2 > t.find("Brent").unwrap_or(0) - 1), "{got:?}");
        let mut out2 = Vec::new();
        let mut sc = super::super::Scratch::default();
        s.scan_value("Longjing Green Tea 500g", "name", &mut sc, &mut out2);
        assert!(out2.iter().all(|f| f.code != 1017), "{out2:?}");
        out2.clear();
        s.scan_value("Green Tea 500g", "productDesc", &mut sc, &mut out2);
        assert!(out2.iter().any(|f| f.code == 1017), "running text elsewhere is unchanged: {out2:?}");
        // unquoted values (a query string in a log line) end nowhere certain: unchanged
        let t3 = r#"GET /app/search?name=Laura+Rich HTTP/1.1" 200"#;
        let mut out3 = Vec::new();
        s.scan_text(t3, &mut out3);
        assert!(out3.iter().any(|f| f.code == 1017 && &t3[f.start..f.end] == "Laura+Rich"), "{out3:?}");
    }

    #[test]
    fn a_street_named_after_a_village_is_read_whole() {
        let s = SensitiveScanner::default();
        for t in [
            "I live at 北京市海淀区中关村大街27号 now",
            "ship to 北京市海淀区中关村大街27号, thanks",
            "住址：北京市海淀区中关村大街27号。",
        ] {
            let mut out = Vec::new();
            s.scan_text(t, &mut out);
            let got: Vec<(u16, &str)> = out.iter().map(|f| (f.code, &t[f.start..f.end])).collect();
            assert!(got.contains(&(1003, "北京市海淀区中关村大街27号")), "{t}: {got:?}");
        }
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
        let t2 =
            "Shipment for 刘平丹 to 天津市西青区东风路842号, contact later. 现住泰州市靖江市人民路610号。";
        let mut out2 = Vec::new();
        s.scan_text(t2, &mut out2);
        let got2: Vec<(u16, &str)> = out2.iter().map(|f| (f.code, &t2[f.start..f.end])).collect();
        assert!(got2.contains(&(1002, "刘平丹")), "{got2:?}");
        assert!(got2.contains(&(1003, "天津市西青区东风路842号")), "{got2:?}");
        assert!(got2.contains(&(1003, "泰州市靖江市人民路610号")), "{got2:?}");
        let t3 = "本人王燕，性别男，柯尔克孜族，出生。汉族文化";
        let mut out3 = Vec::new();
        s.scan_text(t3, &mut out3);
        let got3: Vec<(u16, &str)> = out3.iter().map(|f| (f.code, &t3[f.start..f.end])).collect();
        assert!(got3.contains(&(1012, "柯尔克孜族")), "{got3:?}");
        assert!(!got3.iter().any(|g| g.1 == "汉族"), "glued to the next word: {got3:?}");
        assert_eq!(got.iter().filter(|g| g.0 == 1017).count(), 1, "{got:?}");
    }
}

//! Lexicon matchers for the fuzzy sensitive types.
//!
//! The sensitive-data scanner calls these for the types that no checksum can confirm:
//! Chinese names (1002 simplified, 1016 traditional), English names (1017), mainland
//! addresses (1003), gender (1011), ethnicity (1012), province (1013), city (1014),
//! religion (1025), licence plates (1008) and officer cards (1010).
//!
//! Two kinds of function:
//!
//! - **context** — [`key_hint`] maps a field name (`realName`, `收货人`, `user.home_addr`) and
//!   [`phrase_hint`] the words just before a value in free text (`性别：`, `Religion: `) to the
//!   fuzzy type they plainly name. Fuzzy values only count where such a context names them.
//! - **value matchers** — `*_at(s)` return the byte length of the value that starts at the
//!   beginning of `s` (or `None`); the caller decides what came before. Each matcher also
//!   checks that the value ends at a sensible boundary (no letter or digit glued to it).
//!
//! Inputs are `&str`; outputs are byte lengths and type codes. The word lists are compiled
//! in from `lexicon/data/` (sources and licences in `data/NOTICE.md`) and indexed at
//! compile time (hash sets by `const` evaluation, see `LineSet`; tries laid out by
//! `build.rs`, see `WordSet`), so that no process pays for indexing them; a match costs
//! a trie step per character of the match and allocates nothing.
//!
//! ```
//! use apisec_core::lexicon::{self, codes};
//! assert_eq!(lexicon::key_hint("receiver_name"), Some(codes::NAME_ZH));
//! assert_eq!(lexicon::chinese_name_at("陳大文\""), Some(("陳大文".len(), true)));
//! assert_eq!(lexicon::gender_at("女"), Some(3));
//! assert_eq!(lexicon::phrase_hint("客户性别："), Some(codes::GENDER));
//! let hint = lexicon::key_hint_detail("contactName").unwrap();
//! assert_eq!(lexicon::value_for_key(hint, "張麗華"), Some(("張麗華".len(), codes::NAME_ZH_TRAD)));
//! assert_eq!(lexicon::value_after_phrase(codes::GENDER, "男，30岁"), Some((3, codes::GENDER)));
//! ```

mod address;
mod ids;
mod keys;
#[cfg(test)]
pub(crate) use keys::each_short_hex_word;
mod names;
mod places;
// The place lists in `tables` are read by `build.rs` (and the tests) only.
#[cfg_attr(not(test), allow(dead_code))]
mod tables;
mod words;

use tables::Node;

pub use address::address_at;
pub use ids::{officer_card_at, plate_at};
pub(crate) use keys::{BIGRAM_FILTER, bigram_bit, completes_label, phrase_hint_in_text, phrase_hint_with};
pub use keys::{KeyHint, key_hint, key_hint_detail, phrase_hint};
pub(crate) use keys::{english_label_may_be_at, english_label_value_at};
pub use names::{
    chinese_name_at, chinese_name_in_text_at, chinese_name_strict_at, english_name_at,
    english_name_in_text_at, is_traditional_only, person_name_at,
};
pub(crate) use names::{english_in_text_from_found, english_name_in_text_after, second_word_follows};
pub(crate) use places::is_place_name;
pub use places::{city_at, district_at, province_at};
pub use words::{ethnicity_at, gender_at, religion_at};

/// The sensitive-type codes this module deals with (catalogue codes, see `catalog.rs`).
pub mod codes {
    /// Chinese name, simplified (also the code [`super::key_hint`] gives any person-name field).
    pub const NAME_ZH: u16 = 1002;
    /// Chinese mainland address.
    pub const ADDRESS: u16 = 1003;
    /// Licence plate (Chinese mainland).
    pub const PLATE: u16 = 1008;
    /// Military officer card.
    pub const OFFICER_CARD: u16 = 1010;
    /// Gender.
    pub const GENDER: u16 = 1011;
    /// Ethnicity.
    pub const ETHNICITY: u16 = 1012;
    /// Province (Chinese mainland).
    pub const PROVINCE: u16 = 1013;
    /// City (Chinese mainland).
    pub const CITY: u16 = 1014;
    /// Chinese name containing a traditional-only character.
    pub const NAME_ZH_TRAD: u16 = 1016;
    /// English name.
    pub const NAME_EN: u16 = 1017;
    /// Religious belief.
    pub const RELIGION: u16 = 1025;
    /// Not a catalogue type: a phrase that names a place of some size (`来自`, `常住`,
    /// `位于`). The value after it says which type it is: an address, else a province,
    /// else a city ([`super::value_after_phrase`]).
    pub const LOCATION: u16 = 0xF001;
}

/// The value a field named for `hint` holds at the start of `s`, with the code to report
/// (a person-name field reports 1002, 1016 or 1017 depending on the value). An ambiguous
/// hint (a bare `name`) only accepts names that pass the context-free checks.
pub fn value_for_key(hint: KeyHint, s: &str) -> Option<(usize, u16)> {
    use codes::*;
    let same = |n: Option<usize>| n.map(|n| (n, hint.code));
    match hint.code {
        NAME_ZH | NAME_ZH_TRAD | NAME_EN => {
            let zh = if hint.ambiguous { chinese_name_strict_at(s) } else { chinese_name_at(s) };
            match zh {
                Some((n, trad)) => Some((n, if trad { NAME_ZH_TRAD } else { NAME_ZH })),
                None => english_name_at(s).map(|n| (n, NAME_EN)),
            }
        }
        _ => same(match_type(hint.code, s)),
    }
}

/// The value that follows a phrase naming `code` in running text (`性别：男`,
/// `联系人张伟电话…`), with the code to report.
pub fn value_after_phrase(code: u16, s: &str) -> Option<(usize, u16)> {
    use codes::*;
    match code {
        NAME_ZH | NAME_ZH_TRAD | NAME_EN => match chinese_name_in_text_at(s) {
            Some((n, trad)) => Some((n, if trad { NAME_ZH_TRAD } else { NAME_ZH })),
            None => english_name_at(s).map(|n| (n, NAME_EN)),
        },
        // `来自湖南省`, `常住汉中市`, `位于杭州市西湖区文三路…`: the longest reading first.
        // A verb of residence glued to a noun (`住址`, `住所`, `住院`, `住宿`, `住房`) names
        // no place here: the noun's own keyword does, at its last character.
        LOCATION if s.starts_with(['址', '所', '院', '宿', '房']) => None,
        LOCATION => address_at(s)
            .map(|n| (n, ADDRESS))
            .or_else(|| province_at(s).map(|n| (n, PROVINCE)))
            .or_else(|| city_at(s).map(|n| (n, CITY))),
        _ => match_type(code, s).map(|n| (n, code)),
    }
}

/// The matcher of one non-name fuzzy type.
fn match_type(code: u16, s: &str) -> Option<usize> {
    use codes::*;
    match code {
        ADDRESS => address_at(s),
        PLATE => plate_at(s),
        OFFICER_CARD => officer_card_at(s),
        GENDER => gender_at(s),
        ETHNICITY => ethnicity_at(s),
        // A province field may hold a municipality, and 籍贯 a province with its city.
        PROVINCE => places::province_or_city_at(s),
        CITY => city_at(s),
        RELIGION => religion_at(s),
        _ => None,
    }
}

/// True for the CJK unified ideographs (basic block and extension A) and the
/// compatibility ideographs: the characters names and place names are written in.
pub(crate) fn is_cjk(c: char) -> bool {
    is_cjk_code(c as u32)
}

/// [`is_cjk`] of a code point (for readers that decode the bytes themselves).
#[inline]
pub(crate) fn is_cjk_code(k: u32) -> bool {
    matches!(k, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF)
}

/// True for the CJK ideographs names and place names are written in (see [`is_cjk`]).
pub fn is_cjk_char(c: char) -> bool {
    is_cjk(c)
}

/// True when `c` would glue onto an ASCII word (so the word does not end there).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first character of `s`, if any.
pub(crate) fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

/// True when the ASCII word ending at `end` in `s` is not followed by a word character.
pub(crate) fn ascii_boundary(s: &str, end: usize) -> bool {
    first_char(&s[end..]).is_none_or(|c| !is_word_char(c) && !c.is_alphabetic())
}

/// A set of words (place names, surnames…) indexed for prefix matching: a character trie
/// laid out flat, so that a look-up touches a few small contiguous arrays instead of making
/// one hash-table probe (a likely cache miss) per character.
///
/// Every node is one 8-byte record holding the character on the edge into it, where its
/// children start, how many there are and which lists end there (see [`Node`]). The children of a node are
/// consecutive records sorted by character, so a trie step is a short scan (or a binary
/// search) of the children's records, and the record found already holds everything the
/// next step needs: one memory access per character, where a separate label array and node
/// array cost two. The root may have a thousand children (every first character of the
/// district names), so its children are found through a small open-addressing table keyed
/// by the character whose slots hold copies of the child records (again one access). Below
/// the root the layout is depth-first (see [`tables::layout`]): one look-up stays within
/// the stretch of memory of one first character.
///
/// A word may carry tags (bits of a `u8`): one trie can index several lists at once (the
/// five place lists), and one walk then answers for all of them (see
/// [`Trie::longest_prefixes`]). The trie is built once from the sorted word list (see
/// [`WordSet::tagged`]), at compile time for the compiled-in lists (see `build.rs`, which
/// writes the arrays as statics read through a [`Trie`]); the run-time builder is the
/// simple definition the generated tables are tested against. The hashing is unkeyed and
/// deterministic.
#[cfg(test)]
pub(crate) struct WordSet<W = &'static str> {
    /// The words, sorted by bytes, without duplicates or the empty word.
    pub(crate) words: Vec<W>,
    /// The nodes; node 0 is the root.
    nodes: Vec<Node>,
    /// Children of the root by character (see [`tables::layout`]).
    root: Vec<Node>,
}

/// The look-ups of a trie laid out by [`tables::layout`], over its two arrays: those of a
/// `WordSet` (in tests) or the `static`s `build.rs` generates.
#[derive(Clone, Copy)]
pub(crate) struct Trie<'a> {
    /// The nodes; node 0 is the root.
    nodes: &'a [Node],
    /// Children of the root by character: copies of their records with the label set to
    /// `c as u32 + 1` (a zero record for an empty slot); the length is a power of two at least twice
    /// the number of root children (or 0 for an empty trie).
    root: &'a [Node],
}

#[cfg(test)]
impl<W> Default for WordSet<W> {
    fn default() -> Self {
        WordSet { words: Vec::new(), nodes: vec![Node::default()], root: Vec::new() }
    }
}

#[cfg(test)]
impl<W: std::borrow::Borrow<str>> WordSet<W> {
    /// Indexes `words` (any order; duplicates and empty words are dropped), each tagged 1.
    pub(crate) fn new(words: Vec<W>) -> Self {
        Self::tagged(words.into_iter().map(|w| (w, 1)).collect())
    }

    /// Indexes `words` with their tags (non-zero; a word listed twice gets the union of its
    /// tags; empty words are dropped); see [`tables::layout`].
    pub(crate) fn tagged(mut words: Vec<(W, u8)>) -> Self {
        tables::prepare(&mut words);
        let view: Vec<(&str, u8)> = words.iter().map(|w| (w.0.borrow(), w.1)).collect();
        let (nodes, root) = tables::layout(&view);
        WordSet { words: words.into_iter().map(|w| w.0).collect(), nodes, root }
    }

    /// The look-ups over the set's arrays.
    #[inline]
    pub(crate) fn trie(&self) -> Trie<'_> {
        Trie { nodes: &self.nodes, root: &self.root }
    }

    /// True when `w` is in the set.
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.trie().tags(w) != 0
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// See [`Trie::longest_prefix`].
    pub(crate) fn longest_prefix(&self, s: &str, max_chars: usize) -> Option<usize> {
        self.trie().longest_prefix(s, max_chars)
    }

    /// See [`Trie::tags`].
    pub(crate) fn tags(&self, w: &str) -> u32 {
        self.trie().tags(w)
    }

    /// See [`Trie::longest_prefixes`].
    pub(crate) fn longest_prefixes<const T: usize>(&self, s: &str, max_chars: &[usize; T]) -> [usize; T] {
        self.trie().longest_prefixes(s, max_chars)
    }
}

impl<'a> Trie<'a> {
    /// The trie over `nodes` and `root` as [`tables::layout`] lays them out.
    pub(crate) const fn new(nodes: &'a [Node], root: &'a [Node]) -> Self {
        Trie { nodes, root }
    }

    /// The root's child for `c`.
    #[inline]
    fn root_child(self, c: char) -> Option<Node> {
        let len = self.root.len();
        if len == 0 {
            return None;
        }
        let key = c as u32 + 1;
        let mut at = tables::root_slot(c, len);
        loop {
            let kid = *self.root.get(at)?;
            if kid.label() == key {
                return Some(kid);
            }
            if kid.key == 0 {
                return None;
            }
            at = (at + 1) & (len - 1);
        }
    }

    /// The child of `node` (not the root) for `c`: a scan of its few sorted children, or a
    /// binary search when there are many.
    #[inline]
    fn child(self, node: Node, c: char) -> Option<Node> {
        let first = node.first();
        let kids = self.nodes.get(first..first + node.count())?;
        let c = c as u32;
        if kids.len() <= 8 {
            kids.iter().find(|k| k.label() == c).copied()
        } else {
            kids.binary_search_by_key(&c, |k| k.label()).ok().and_then(|k| kids.get(k).copied())
        }
    }

    /// The tags of `w` (0 when it is not in the set).
    pub(crate) fn tags(self, w: &str) -> u32 {
        let mut chars = w.chars();
        let Some(mut node) = chars.next().and_then(|c| self.root_child(c)) else {
            return 0;
        };
        for c in chars {
            match self.child(node, c) {
                Some(k) => node = k,
                None => return 0,
            }
        }
        node.ends()
    }

    /// Walks the trie along `s` for at most `max_chars` characters and calls `visit(tags,
    /// byte length, characters)` at every prefix of `s` that is a word; one trie step per
    /// character, and a single root-table probe when no word starts with `s`'s first
    /// character.
    #[inline]
    fn walk(self, s: &str, max_chars: usize, mut visit: impl FnMut(u32, usize, usize)) {
        if max_chars == 0 {
            return;
        }
        let mut chars = s.char_indices();
        let Some((_, c)) = chars.next() else { return };
        let Some(mut node) = self.root_child(c) else { return };
        let mut end = c.len_utf8();
        let mut n = 1;
        loop {
            if node.ends() != 0 {
                visit(node.ends(), end, n);
            }
            if n >= max_chars {
                break;
            }
            let Some((i, c)) = chars.next() else { break };
            match self.child(node, c) {
                Some(k) => node = k,
                None => break,
            }
            end = i + c.len_utf8();
            n += 1;
        }
    }

    /// Longest word of the set that `s` starts with (at most `max_chars` characters), as a
    /// byte length.
    #[cfg(test)]
    pub(crate) fn longest_prefix(self, s: &str, max_chars: usize) -> Option<usize> {
        let mut best = None;
        self.walk(s, max_chars, |_, end, _| best = Some(end));
        best
    }

    /// For every tag `t < T`: the longest word tagged `t` that `s` starts with, of at most
    /// `max_chars[t]` characters, as a byte length (0: none). One walk answers for all the
    /// lists the set indexes.
    #[inline]
    pub(crate) fn longest_prefixes<const T: usize>(self, s: &str, max_chars: &[usize; T]) -> [usize; T] {
        let mut best = [0; T];
        let limit = max_chars.iter().copied().max().unwrap_or(0);
        self.walk(s, limit, |tags, end, n| {
            let mut m = tags;
            while m != 0 {
                let t = m.trailing_zeros() as usize;
                m &= m - 1;
                if let Some(&max) = max_chars.get(t)
                    && n <= max
                    && let Some(b) = best.get_mut(t)
                {
                    *b = end;
                }
            }
        });
        best
    }
}

#[cfg(test)]
impl<W: std::borrow::Borrow<str>> FromIterator<W> for WordSet<W> {
    fn from_iter<I: IntoIterator<Item = W>>(it: I) -> Self {
        WordSet::new(it.into_iter().collect())
    }
}

/// Longest prefix of `s` (at most `max_chars` characters) that `contains` accepts,
/// as a byte length. Only tries prefixes that end on a character boundary. (The simple
/// definition [`WordSet::longest_prefix`] is tested against.)
#[cfg(test)]
pub(crate) fn longest_prefix(s: &str, max_chars: usize, contains: impl Fn(&str) -> bool) -> Option<usize> {
    let mut best = None;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n >= max_chars {
            break;
        }
        let end = i + c.len_utf8();
        if contains(&s[..end]) {
            best = Some(end);
        }
    }
    best
}

/// Copies the ASCII-lowercased prefix of `s` that consists of letters, digits, spaces,
/// `'`, `-` and `.` (at most `buf.len()` bytes) into `buf`; returns the filled length.
/// Used to look up English words case-insensitively without allocating.
pub(crate) fn ascii_lower_prefix(s: &str, buf: &mut [u8]) -> usize {
    let mut n = 0;
    for &b in s.as_bytes() {
        if n == buf.len() || !(b.is_ascii_alphanumeric() || matches!(b, b' ' | b'\'' | b'-' | b'.' | b'+')) {
            break;
        }
        // `+` joins words in form encoding (`Han+Chinese`)
        buf[n] = if b == b'+' { b' ' } else { b.to_ascii_lowercase() };
        n += 1;
    }
    n
}

/// Longest case-insensitive ASCII word or phrase at the start of `s` that `contains`
/// accepts (keys are lower case) and that ends at a word boundary.
pub(crate) fn longest_ascii_word(s: &str, contains: impl Fn(&str) -> bool) -> Option<usize> {
    let mut buf = [0u8; 40];
    let n = ascii_lower_prefix(s, &mut buf);
    // Chinese text (most callers try the Chinese words first): no word, nothing to look up
    if n == 0 {
        return None;
    }
    let lower = std::str::from_utf8(&buf[..n]).ok()?;
    let mut best = None;
    for end in 1..=n {
        let at_boundary = end == n || !is_word_char(buf[end] as char);
        if at_boundary && ascii_boundary(s, end) && contains(&lower[..end]) {
            best = Some(end);
        }
    }
    best
}

/// Lines of a compiled-in list: skips blank lines and `#` comments.
#[cfg(test)]
pub(crate) fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The lines of a compiled-in list (as [`data_lines`] yields them: trimmed of ASCII blanks,
/// no empty or `#` lines) as a hash set built at compile time, so that no process pays for
/// hashing the list on first use. Open addressing with linear probing over `SLOTS` (a power
/// of two, at least twice the number of lines) slots; a slot holds `(start + 1) << 8 | len`
/// of a line in `text` (0 = empty). Lines must be shorter than 256 bytes and `text` shorter
/// than 16 MB.
pub(crate) struct LineSet<const SLOTS: usize> {
    text: &'static [u8],
    slots: [u32; SLOTS],
}

/// The hash of a line: Fx-style, a byte at a time, of the ASCII-lower-cased bytes (so that
/// [`LineSet::contains_ignore_ascii_case`] can hash a word as it stands; a `const fn`, so
/// compile time and run time agree).
/// The line of `b` starting at `i` as [`data_lines`] reads it, at compile time: its span
/// without surrounding whitespace (`s == e` for a blank or `#` comment line) and where the
/// next line starts.
pub(crate) const fn data_line(b: &[u8], i: usize) -> (usize, usize, usize) {
    let mut e = i;
    while e < b.len() && b[e] != b'\n' {
        e += 1;
    }
    let next = e + 1;
    let mut s = i;
    while s < e && b[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    if e > s && b[s] == b'#' {
        return (s, s, next);
    }
    (s, e, next)
}

const fn line_hash(b: &[u8]) -> u64 {
    let mut h: u64 = 0;
    let mut k = 0;
    while k < b.len() {
        h = (h.rotate_left(5) ^ b[k].to_ascii_lowercase() as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
        k += 1;
    }
    h
}

impl<const SLOTS: usize> LineSet<SLOTS> {
    /// Indexes the lines of `text` (panics at compile time when the table is too small or a
    /// line too long).
    pub(crate) const fn new(text: &'static str) -> Self {
        assert!(SLOTS.is_power_of_two());
        let b = text.as_bytes();
        assert!(b.len() < 1 << 24);
        let mut slots = [0u32; SLOTS];
        let mut used = 0;
        let mut i = 0;
        while i < b.len() {
            let (s, e, next) = data_line(b, i);
            if e > s {
                assert!(e - s < 256);
                let line = b.split_at(s).1.split_at(e - s).0;
                let mut at = Self::slot(line_hash(line));
                let mut dup = false;
                while slots[at] != 0 {
                    if Self::same(b, slots[at], line) {
                        dup = true;
                        break;
                    }
                    at = (at + 1) & (SLOTS - 1);
                }
                if !dup {
                    used += 1;
                    assert!(2 * used <= SLOTS);
                    slots[at] = ((s as u32 + 1) << 8) | (e - s) as u32;
                }
            }
            i = next;
        }
        LineSet { text: b, slots }
    }

    const fn slot(h: u64) -> usize {
        (h >> (64 - SLOTS.trailing_zeros())) as usize
    }

    /// True when the entry `e` of `text` is the line `w`.
    const fn same(text: &[u8], e: u32, w: &[u8]) -> bool {
        let len = (e & 0xFF) as usize;
        if len != w.len() {
            return false;
        }
        let s = (e >> 8) as usize - 1;
        let mut k = 0;
        while k < len {
            if text[s + k] != w[k] {
                return false;
            }
            k += 1;
        }
        true
    }

    /// The number of distinct lines.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.iter().filter(|&&e| e != 0).count()
    }

    /// True when `w` is one of the lines.
    #[inline]
    pub(crate) fn contains(&self, w: &str) -> bool {
        let w = w.as_bytes();
        self.probe(w, |l| l == w)
    }

    /// True when `w` with its ASCII letters lower-cased is one of the lines (no buffer, no
    /// copy: for lists of lower-case lines looked up with words as they stand in text).
    /// (Only the tests use it now: the English name lists have their own table.)
    #[cfg(test)]
    #[inline]
    pub(crate) fn contains_ignore_ascii_case(&self, w: &[u8]) -> bool {
        self.probe(w, |l| l.eq_ignore_ascii_case(w))
    }

    /// Walks the probe sequence of `w`'s hash until an empty slot (false) or a line that
    /// `same` accepts (true). The hash must agree with `same` (case-blind for the
    /// case-blind look-up).
    #[inline]
    fn probe(&self, w: &[u8], same: impl Fn(&[u8]) -> bool) -> bool {
        let mut at = Self::slot(line_hash(w));
        loop {
            let e = self.slots[at];
            if e == 0 {
                return false;
            }
            let len = (e & 0xFF) as usize;
            let s = (e >> 8) as usize - 1;
            if self.text.get(s..s + len).is_some_and(&same) {
                return true;
            }
            at = (at + 1) & (SLOTS - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_sets_hold_exactly_the_data_lines() {
        const TEXT: &str = "# comment\n alpha \n\nbeta\r\nalpha\ngamma-delta\n  \n#x\no'neil";
        static SET: LineSet<16> = LineSet::new(TEXT);
        for l in data_lines(TEXT) {
            assert!(SET.contains(l), "{l}");
        }
        for w in ["", "# comment", "#x", "alph", "alphaa", " alpha", "x", "beta\r", "gamma"] {
            assert!(!SET.contains(w), "{w:?}");
            assert!(!SET.contains_ignore_ascii_case(w.as_bytes()), "{w:?}");
        }
        for w in ["Alpha", "BETA", "Gamma-Delta", "O'Neil"] {
            assert!(!SET.contains(w) && SET.contains_ignore_ascii_case(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn cjk_classes() {
        assert!(is_cjk('张'));
        assert!(is_cjk('陳'));
        assert!(!is_cjk('：'));
        assert!(!is_cjk('a'));
    }

    #[test]
    fn longest_prefix_respects_char_boundaries_and_limit() {
        let set = ["浙江", "浙江省"];
        assert_eq!(longest_prefix("浙江省杭州", 5, |w| set.contains(&w)), Some(9));
        assert_eq!(longest_prefix("浙江省杭州", 2, |w| set.contains(&w)), Some(6));
        assert_eq!(longest_prefix("杭州", 5, |w| set.contains(&w)), None);
        assert_eq!(longest_prefix("", 5, |w| set.contains(&w)), None);
    }

    proptest::proptest! {
        /// The trie walk gives the longest prefix of the simple definition.
        #[test]
        fn trie_prefix_agrees_with_the_simple_definition(s in "[浙江省杭州市a]{0,8}", max in 0usize..8) {
            let words = ["浙江", "浙江省", "浙", "杭州市", "江", "a", "省杭州", "江省杭"];
            let set: WordSet = words.iter().copied().collect();
            proptest::prop_assert_eq!(set.longest_prefix(&s, max), longest_prefix(&s, max, |w| words.contains(&w)));
        }

        /// On random word lists (1- to 4-byte characters, duplicates, empty words, nodes with
        /// more children than the linear scan handles, root-table collisions), the flat trie
        /// agrees with the simple definitions of `contains` and `longest_prefix`.
        #[test]
        fn flat_trie_agrees_on_random_sets(
            words in proptest::collection::vec("[a-l浙江省杭州市西湖区é𝄞 ]{0,4}", 0..60),
            texts in proptest::collection::vec("[a-l浙江省杭州市西湖区é𝄞 ,]{0,8}", 1..8),
            max in 0usize..10,
        ) {
            let set = WordSet::new(words.clone());
            let member = |w: &str| !w.is_empty() && words.iter().any(|x| x == w);
            for w in &words {
                proptest::prop_assert_eq!(set.contains(w), !w.is_empty(), "{:?}", w);
            }
            for s in &texts {
                proptest::prop_assert_eq!(set.contains(s), member(s), "{:?}", s);
                proptest::prop_assert_eq!(set.longest_prefix(s, max), longest_prefix(s, max, member), "{:?}", s);
            }
            let mut distinct: Vec<&str> = words.iter().map(String::as_str).filter(|w| !w.is_empty()).collect();
            distinct.sort_unstable();
            distinct.dedup();
            proptest::prop_assert_eq!(set.words.iter().map(String::as_str).collect::<Vec<_>>(), distinct);
        }
    }

    proptest::proptest! {
        /// A trie of tagged words (a word may be listed under several tags, or twice under
        /// one) answers, tag by tag and with a length limit per tag, as the simple
        /// definitions over each tag's own list.
        #[test]
        fn tagged_trie_agrees_with_each_list(
            words in proptest::collection::vec(("[a-d浙江省杭州市é𝄞 ]{0,4}", 0usize..3), 0..40),
            texts in proptest::collection::vec("[a-d浙江省杭州市é𝄞 ,]{0,8}", 1..8),
            max in proptest::array::uniform3(0usize..6),
        ) {
            let set = WordSet::tagged(words.iter().map(|(w, t)| (w.as_str(), 1u8 << t)).collect());
            for s in &texts {
                let got = set.longest_prefixes(s, &max);
                let mut tags = 0;
                for t in 0..3 {
                    let member = |w: &str| !w.is_empty() && words.iter().any(|(x, k)| x == w && *k == t);
                    let want = longest_prefix(s, max[t], member).unwrap_or(0);
                    proptest::prop_assert_eq!(got[t], want, "{:?} tag {}", s, t);
                    if member(s) {
                        tags |= 1 << t;
                    }
                }
                proptest::prop_assert_eq!(set.tags(s), tags, "{:?}", s);
            }
        }
    }

    #[test]
    fn empty_word_sets_match_nothing() {
        let set: WordSet = WordSet::new(vec!["", ""]);
        assert!(!set.contains("") && !set.contains("a"));
        assert_eq!(set.longest_prefix("abc", 5), None);
        let set: WordSet = WordSet::default();
        assert!(!set.contains("a"));
        assert_eq!(set.longest_prefix("abc", 5), None);
    }

    #[test]
    fn ascii_words_end_at_boundaries() {
        let set = ["male", "female"];
        assert_eq!(longest_ascii_word("Female\"", |w| set.contains(&w)), Some(6));
        assert_eq!(longest_ascii_word("males", |w| set.contains(&w)), None);
        assert_eq!(longest_ascii_word("male_x", |w| set.contains(&w)), None);
        assert_eq!(longest_ascii_word("MALE, 30", |w| set.contains(&w)), Some(4));
        let two = ["han chinese", "han"];
        assert_eq!(longest_ascii_word("Han+Chinese&x", |w| two.contains(&w)), Some(11));
    }

    type Matcher = fn(&str) -> Option<usize>;

    /// Every value matcher, for the invariants below.
    const MATCHERS: &[(&str, Matcher)] = &[
        ("chinese_name", |s| chinese_name_at(s).map(|m| m.0)),
        ("chinese_name_text", |s| chinese_name_in_text_at(s).map(|m| m.0)),
        ("chinese_name_strict", |s| chinese_name_strict_at(s).map(|m| m.0)),
        ("english_name", english_name_at),
        ("english_name_text", english_name_in_text_at),
        ("person_name", |s| person_name_at(s).map(|m| m.0)),
        ("address", address_at),
        ("gender", gender_at),
        ("ethnicity", ethnicity_at),
        ("province", province_at),
        ("city", city_at),
        ("district", district_at),
        ("religion", religion_at),
        ("plate", plate_at),
        ("officer_card", officer_card_at),
    ];

    proptest::proptest! {
        /// No input panics; a match is non-empty, inside the input and ends on a char
        /// boundary; hints never panic either.
        #[test]
        fn matchers_are_total(s in "[\\PC&&[^\\x00]]{0,24}|[浙江省杭州市西湖区文三路100号张伟陳華男女汉族京A12345南字第号 :：.]{0,20}") {
            for (name, f) in MATCHERS {
                if let Some(n) = f(&s) {
                    proptest::prop_assert!(n > 0 && n <= s.len() && s.is_char_boundary(n), "{name} {s:?} {n}");
                }
            }
            let _ = key_hint(&s);
            let _ = phrase_hint(&s);
        }

        /// A match does not depend on what follows it beyond the boundary rules: the
        /// matched text alone matches to its full length.
        #[test]
        fn match_is_self_contained(s in "[浙江省杭州市西湖区文三路100号张伟陳華男女汉族京A12345南字第 ,]{0,16}") {
            for (name, f) in MATCHERS {
                if let Some(n) = f(&s) {
                    proptest::prop_assert_eq!(f(&s[..n]), Some(n), "{} {:?}", name, s);
                }
            }
        }
    }

    #[test]
    fn dispatch_by_hint() {
        use codes::*;
        let plain = |code| KeyHint { code, ambiguous: false };
        let vague = KeyHint { code: NAME_ZH, ambiguous: true };
        assert_eq!(value_for_key(plain(NAME_ZH), "张伟"), Some(("张伟".len(), NAME_ZH)));
        assert_eq!(value_for_key(plain(NAME_ZH), "John Smith"), Some((10, NAME_EN)));
        assert_eq!(value_for_key(plain(NAME_EN), "陳大文"), Some(("陳大文".len(), NAME_ZH_TRAD)));
        assert_eq!(value_for_key(plain(NAME_ZH), "商标"), Some(("商标".len(), NAME_ZH)));
        assert_eq!(value_for_key(vague, "商标"), None);
        assert_eq!(value_for_key(vague, "李秀英"), Some(("李秀英".len(), NAME_ZH)));
        assert_eq!(value_for_key(plain(PROVINCE), "北京市"), Some(("北京市".len(), PROVINCE)));
        assert_eq!(value_for_key(plain(CITY), "苏州市"), Some(("苏州市".len(), CITY)));
        assert_eq!(value_for_key(plain(GENDER), "汉族"), None);
        assert_eq!(value_for_key(plain(ETHNICITY), "汉族"), Some(("汉族".len(), ETHNICITY)));
        assert_eq!(value_for_key(plain(RELIGION), "Islam"), Some((5, RELIGION)));
        assert_eq!(value_for_key(plain(PLATE), "京A12345"), Some(("京A12345".len(), PLATE)));
        assert_eq!(
            value_for_key(plain(OFFICER_CARD), "南字第1234567号"),
            Some(("南字第1234567号".len(), OFFICER_CARD))
        );
        assert_eq!(
            value_for_key(plain(ADDRESS), "杭州市西湖区文三路100号"),
            Some(("杭州市西湖区文三路100号".len(), ADDRESS))
        );
        assert_eq!(value_after_phrase(NAME_ZH, "张伟电话138"), Some(("张伟".len(), NAME_ZH)));
        assert_eq!(value_after_phrase(RELIGION, "佛教。"), Some(("佛教".len(), RELIGION)));
        assert_eq!(value_for_key(plain(9999), "x"), None);
    }
}

//! Administrative divisions of the Chinese mainland: provinces (1013), cities (1014) and
//! county-level districts (used by the address grammar).
//!
//! Input: text whose first characters may be a place name. Output: the byte length of the
//! longest known name there. Full names (浙江省, 杭州市, 甘孜藏族自治州, 西湖区) always count;
//! short names (浙江, 杭州, 甘孜) only when they stand alone or run straight into the next
//! level of a place (浙江杭州, 杭州西湖区). Provinces and major cities also match in pinyin
//! (Zhejiang, Zhejiang Province, Hangzhou).
//!
//! The names come from `data/divisions.tsv` (GB/T 2260 codes via the `cpca` package).

use super::address::code_at;
use super::tables::{
    CITY_FULL, CITY_SHORT, DISTRICT, Node, PROVINCE_FULL, PROVINCE_OR_CITY, PROVINCE_SHORT, n,
    name_filter_bits,
};
use super::{LineSet, Trie, first_char, is_cjk, longest_ascii_word};
#[cfg(test)]
use super::{WordSet, tables};

/// The division list (`build.rs` reads it as well, to lay out the trie).
#[cfg(test)]
const DIVISIONS: &str = include_str!("data/divisions.tsv");

/// Pinyin / English province names, lower case.
const PROVINCE_EN: &str = "\
beijing
tianjin
hebei
shanxi
inner mongolia
nei mongol
neimenggu
liaoning
jilin
heilongjiang
shanghai
jiangsu
zhejiang
anhui
fujian
jiangxi
shandong
henan
hubei
hunan
guangdong
guangxi
hainan
chongqing
sichuan
guizhou
yunnan
tibet
xizang
shaanxi
gansu
qinghai
ningxia
xinjiang
";
/// Pinyin / English names of large cities, lower case.
const CITY_EN: &str = "\
beijing
shanghai
tianjin
chongqing
guangzhou
shenzhen
hangzhou
nanjing
wuhan
chengdu
xi'an
xian
suzhou
changsha
zhengzhou
qingdao
dalian
shenyang
harbin
changchun
jinan
hefei
fuzhou
xiamen
kunming
nanning
guiyang
nanchang
taiyuan
shijiazhuang
lanzhou
xining
yinchuan
urumqi
lhasa
hohhot
haikou
sanya
ningbo
wuxi
dongguan
foshan
zhuhai
wenzhou
shantou
yantai
tangshan
baotou
luoyang
guilin
zhuzhou
nantong
changzhou
xuzhou
yangzhou
shaoxing
jiaxing
taizhou
zhongshan
huizhou
jiangmen
weifang
zibo
linyi
handan
baoding
datong
";

/// The longest name each list may match, in characters (by tag).
const MAX_CHARS: [usize; 5] = [9, 4, 12, 5, 16];

// `PLACE_NODES` and `PLACE_ROOT`, and `PLACE_NAME_FILTER` (see [`is_place_name`]): the five lists (full and short province and city names,
// districts) in one trie, each word tagged with the lists it is in (an address asks for a
// province, a city and a district at one position, and one walk answers all of them); laid
// out by `build.rs` with [`super::tables::layout`].
include!(concat!(env!("OUT_DIR"), "/places_trie.rs"));

/// The place trie, generated at compile time (see `build.rs`).
static PLACE_TRIE: Trie<'static> = Trie::new(&PLACE_NODES, &PLACE_ROOT);
/// The pinyin / English names, hashed at compile time.
static PROVINCE_EN_SET: LineSet<128> = LineSet::new(PROVINCE_EN);
static CITY_EN_SET: LineSet<256> = LineSet::new(CITY_EN);

/// The lists one by one, built at run time from the data: the simple definitions the
/// generated trie is tested against.
#[cfg(test)]
struct Places {
    province_full: WordSet,
    province_short: WordSet,
    city_full: WordSet,
    city_short: WordSet,
    district_full: WordSet,
}

#[cfg(test)]
static PLACES: std::sync::LazyLock<Places> = std::sync::LazyLock::new(|| {
    let [province_full, province_short, city_full, city_short, district_full] =
        tables::place_lists(DIVISIONS);
    Places {
        province_full: WordSet::new(province_full),
        province_short: WordSet::new(province_short),
        city_full: WordSet::new(city_full),
        city_short: WordSet::new(city_short),
        district_full: WordSet::new(district_full),
    }
});

/// True when `word` is exactly a province or city name, full or short (杭州, 海南, 浙江省):
/// the same as `province_at(word) == Some(word.len()) || city_at(word) == Some(word.len())`
/// for a word of at most four Chinese characters, in one look-up in the shared trie.
///
/// Most words asked about (candidate person names) are no place: a Bloom filter of the
/// province and city names (2 KB, generated with the trie) turns them away before the
/// walk of the trie, whose nodes are rarely in cache.
pub(crate) fn is_place_name(word: &str) -> bool {
    // A word of Chinese characters whose first two start no name at all (most candidate
    // names: a surname and a given-name character) is turned away by the pair table, on
    // the two characters' bytes, before the word is hashed for the filter.
    if let Some((c1, c2)) = first_pair(word.as_bytes())
        && pair_node(c1, c2).is_none()
    {
        return false;
    }
    let (a, b) = name_filter_bits(word_hash(word.as_bytes()));
    let bit = |i: usize| PLACE_NAME_FILTER.get(i / 64).map_or(0, |w| w >> (i % 64) & 1);
    if bit(a) & bit(b) == 0 {
        return false;
    }
    PLACE_TRIE.tags(word) & u32::from(PROVINCE_OR_CITY) != 0
}

/// [`super::tables::name_hash`] of `w` (the hash the filter was built with), its last eight bytes or
/// fewer gathered into a word byte by byte: `name_hash` copies them into a buffer of
/// eight, a copy of a length known only at run time, which is a call to `memcpy` for each
/// word asked about (most candidate names are two or three characters: that one partial
/// chunk). (Tested against `name_hash`.)
#[inline]
fn word_hash(w: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = w.len() as u64;
    let mut rest = w;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(*chunk)).wrapping_mul(K);
        rest = tail;
    }
    if !rest.is_empty() {
        let x = rest.iter().rev().fold(0u64, |x, &b| x << 8 | u64::from(b));
        h = (h.rotate_left(5) ^ x).wrapping_mul(K);
    }
    h
}

/// The simple definition of [`is_place_name`]: a look-up in each of the four sets.
#[cfg(test)]
fn is_place_name_reference(word: &str) -> bool {
    let p = &*PLACES;
    p.province_full.contains(word)
        || p.province_short.contains(word)
        || p.city_full.contains(word)
        || p.city_short.contains(word)
}

/// True when the text at `s` does not continue a Chinese word (end, punctuation, digit…).
fn stands_alone(s: &str) -> bool {
    first_char(s).is_none_or(|c| !is_cjk(c) && !c.is_ascii_alphabetic())
}

/// The longest word any list may match, in characters.
const LIMIT: usize = {
    let (mut m, mut k) = (0, 0);
    while k < MAX_CHARS.len() {
        if MAX_CHARS[k] > m {
            m = MAX_CHARS[k];
        }
        k += 1;
    }
    m
};

/// Which lists may still match a word of `n` characters ([`MAX_CHARS`] as a mask of tags,
/// by length).
const ALLOWED: [u32; LIMIT + 1] = {
    let mut t = [0u32; LIMIT + 1];
    let mut n = 0;
    while n <= LIMIT {
        let mut k = 0;
        while k < MAX_CHARS.len() {
            if n <= MAX_CHARS[k] {
                t[n] |= 1 << k;
            }
            k += 1;
        }
        n += 1;
    }
    t
};

/// The longest match of each list at one position ([`MAX_CHARS`] by tag), as byte lengths
/// (0: none), one byte each: a name is at most [`LIMIT`] characters of at most four bytes,
/// so a length fits a byte, and the eight bytes are one register where five `usize` were
/// 40 bytes zeroed, returned through memory and copied into the memo on every walk.
type Hits = [u8; 8];

/// The number of nodes two characters deep in the place trie (every name's first two
/// characters), counted at compile time from the generated arrays.
const PAIRS: usize = {
    let mut count = 0;
    let mut at = 0;
    while at < PLACE_ROOT.len() {
        count += PLACE_ROOT[at].count();
        at += 1;
    }
    count
};

/// Slots of [`PAIR_TABLE`]: a power of two at least twice [`PAIRS`].
const PAIR_SLOTS: usize = (2 * PAIRS).next_power_of_two();

/// The slot of a pair key ([`pair_key`]) in [`PAIR_TABLE`]: multiplicative hashing.
#[inline]
const fn pair_slot(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - PAIR_SLOTS.trailing_zeros())) as usize
}

/// The key of the first two characters of a name: both code points are below `0x10000`
/// (checked when [`PAIR_TABLE`] is built), so the pair fits 32 bits; no pair of characters
/// of three bytes (at least `0x800`) is 0, the key of an empty slot.
#[inline]
const fn pair_key(c1: u32, c2: u32) -> u32 {
    c1 << 16 | c2
}

/// The trie's nodes two characters deep by their first two characters: `(pair_key, index
/// in PLACE_NODES)`, `(0, 0)` for an empty slot (open addressing, linear probing). Built
/// at compile time from the generated arrays. [`place_hits`] starts its walk here: one
/// probe for the first two steps, where the root table and the first character's long
/// list of children (often more than eight: a binary search) cost a few dozen
/// instructions per walk. Every name has at least two characters (checked here), so the
/// walk misses no match when the pair is not in the table.
static PAIR_TABLE: [(u32, u32); PAIR_SLOTS] = {
    let mut t = [(0u32, 0u32); PAIR_SLOTS];
    let mut at = 0;
    while at < PLACE_ROOT.len() {
        let root = PLACE_ROOT[at];
        at += 1;
        if root.key == 0 {
            continue;
        }
        // (the root table's labels are the character + 1)
        let c1 = root.label() - 1;
        assert!(root.ends() == 0, "a place name of one character");
        assert!(c1 < 0x1_0000, "a place name outside the BMP");
        let mut k = root.first();
        while k < root.first() + root.count() {
            let c2 = PLACE_NODES[k].label();
            assert!(c2 < 0x1_0000, "a place name outside the BMP");
            let key = pair_key(c1, c2);
            let mut slot = pair_slot(key);
            while t[slot].0 != 0 {
                slot = (slot + 1) & (PAIR_SLOTS - 1);
            }
            t[slot] = (key, k as u32);
            k += 1;
        }
    }
    t
};

/// The code points of the first two characters of `b` when both are of three bytes (as
/// every place name's are), read from their bytes.
#[inline]
fn first_pair(b: &[u8]) -> Option<(u32, u32)> {
    let &[x, y, z, u, v, w] = b.first_chunk::<6>()?;
    if x & 0xF0 != 0xE0 || u & 0xF0 != 0xE0 {
        return None;
    }
    let c1 = (u32::from(x) & 0x0F) << 12 | (u32::from(y) & 0x3F) << 6 | (u32::from(z) & 0x3F);
    let c2 = (u32::from(u) & 0x0F) << 12 | (u32::from(v) & 0x3F) << 6 | (u32::from(w) & 0x3F);
    Some((c1, c2))
}

/// The node two characters deep for the code points `c1`, `c2` (`None`: no name starts
/// with them).
#[inline]
fn pair_node(c1: u32, c2: u32) -> Option<Node> {
    let key = pair_key(c1, c2);
    let mut slot = pair_slot(key);
    loop {
        let &(k, node) = PAIR_TABLE.get(slot)?;
        if k == key {
            return PLACE_NODES.get(node as usize).copied();
        }
        if k == 0 {
            return None;
        }
        slot = (slot + 1) & (PAIR_SLOTS - 1);
    }
}

/// [`Trie::longest_prefixes`] of the place trie on the text at byte `pos` of `s`, with
/// [`MAX_CHARS`]: the same walk over the generated arrays, by code point read straight
/// from the bytes (no `char_indices` decoding, no closure over the tags), since the
/// address grammar walks it three times per address. (Tested against the generic walk.)
fn place_hits(s: &str, pos: usize) -> Hits {
    // The first two characters, when both are of three bytes (all names' are: Chinese),
    // through the pair table; the walk goes on from the node two deep. A pair not in the
    // table starts no name.
    if let Some((c1, c2)) = s.as_bytes().get(pos..).and_then(first_pair) {
        return match pair_node(c1, c2) {
            Some(node) => walk_from(s, pos, node, 2, 6),
            None => [0; 8],
        };
    }
    let Some((c, w)) = code_at(s, pos) else { return [0; 8] };
    // the root table: PLACE_ROOT's length is a power of two (see `tables::layout`)
    let len = PLACE_ROOT.len();
    if len < 2 {
        return [0; 8];
    }
    let key = c + 1;
    // `tables::root_slot` on the code point
    let mut at = (c.wrapping_mul(0x9E37_79B1) >> (32 - len.trailing_zeros())) as usize;
    let node = loop {
        let Some(&kid) = PLACE_ROOT.get(at) else { return [0; 8] };
        if kid.label() == key {
            break kid;
        }
        if kid.key == 0 {
            return [0; 8];
        }
        at = (at + 1) & (len - 1);
    };
    // (at most `LIMIT` characters of at most four bytes: the length fits a byte)
    walk_from(s, pos, node, 1, w as u8)
}

/// The rest of [`place_hits`]' walk: from `node`, `n` characters deep, whose characters
/// end `end` bytes after `pos`.
#[inline(always)]
fn walk_from(s: &str, pos: usize, mut node: Node, mut n: usize, mut end: u8) -> Hits {
    let mut best: Hits = [0; 8];
    loop {
        let mut tags = node.ends() & ALLOWED.get(n).copied().unwrap_or(0);
        while tags != 0 {
            let t = tags.trailing_zeros() as usize;
            tags &= tags - 1;
            if let Some(b) = best.get_mut(t) {
                *b = end;
            }
        }
        // (a leaf, as most full names are, ends the walk before the next character is read)
        if n >= LIMIT || node.count() == 0 {
            break;
        }
        let Some((c, w)) = code_at(s, pos + usize::from(end)) else { break };
        let first = node.first();
        let Some(kids) = PLACE_NODES.get(first..first + node.count()) else { break };
        let found = if kids.len() <= 8 {
            kids.iter().find(|k| k.label() == c).copied()
        } else {
            kids.binary_search_by_key(&c, |k| k.label()).ok().and_then(|k| kids.get(k).copied())
        };
        match found {
            Some(k) => node = k,
            None => break,
        }
        end += w as u8;
        n += 1;
    }
    best
}

/// Province, city and district look-ups at positions of one text. The address grammar
/// asks for a province, then a city, then a district at the same position, and a short
/// province or city name checks for a city or district right after it — the same
/// position again. Each position is walked once in the shared trie (all five lists at
/// once) and its answers kept for the next question.
pub(crate) struct PlaceMemo<'a> {
    s: &'a str,
    /// The positions of the kept answers, `usize::MAX` for an empty slot.
    at: [usize; 4],
    /// The answers, slot by slot.
    hits: [Hits; 4],
    next: usize,
}

impl<'a> PlaceMemo<'a> {
    pub(crate) fn new(s: &'a str) -> Self {
        PlaceMemo { s, at: [usize::MAX; 4], hits: [[0; 8]; 4], next: 0 }
    }

    /// The longest match of each list at `pos` (byte lengths, 0: none).
    fn hits(&mut self, pos: usize) -> Hits {
        if let Some(k) = self.at.iter().position(|&a| a == pos) {
            return self.hits.get(k).copied().unwrap_or_default();
        }
        let h = place_hits(self.s, pos);
        let k = self.next % 4;
        if let (Some(a), Some(slot)) = (self.at.get_mut(k), self.hits.get_mut(k)) {
            (*a, *slot) = (pos, h);
        }
        self.next = k + 1;
        h
    }

    fn rest(&self, pos: usize) -> &'a str {
        self.s.get(pos..).unwrap_or("")
    }

    /// [`province_at`] of the text at `pos`.
    pub(crate) fn province(&mut self, pos: usize) -> Option<usize> {
        let h = self.hits(pos);
        let (full, short) = (usize::from(h[PROVINCE_FULL]), usize::from(h[PROVINCE_SHORT]));
        // A short name no longer than the full one cannot win: its context is not checked.
        if short > full {
            let at = pos + short;
            if stands_alone(self.rest(at)) || self.city(at).is_some() || self.district(at).is_some() {
                return Some(short);
            }
        }
        if full > 0 {
            return Some(full);
        }
        let s = self.rest(pos);
        let n = english_word(s, &PROVINCE_EN_SET)?;
        Some(n + english_suffix(&s[n..], " province"))
    }

    /// [`city_at`] of the text at `pos`.
    pub(crate) fn city(&mut self, pos: usize) -> Option<usize> {
        let h = self.hits(pos);
        let (full, short) = (usize::from(h[CITY_FULL]), usize::from(h[CITY_SHORT]));
        if short > full {
            let at = pos + short;
            if stands_alone(self.rest(at)) || self.district(at).is_some() {
                return Some(short);
            }
        }
        if full > 0 {
            return Some(full);
        }
        let s = self.rest(pos);
        let n = english_word(s, &CITY_EN_SET)?;
        Some(n + english_suffix(&s[n..], " city"))
    }

    /// [`district_at`] of the text at `pos`.
    pub(crate) fn district(&mut self, pos: usize) -> Option<usize> {
        Some(usize::from(self.hits(pos)[DISTRICT])).filter(|&n| n > 0)
    }
}

/// A province (or municipality / autonomous region / SAR) at the start of `s`:
/// 浙江省, 浙江, 内蒙古自治区, 广西, Zhejiang, Zhejiang Province.
pub fn province_at(s: &str) -> Option<usize> {
    PlaceMemo::new(s).province(0)
}

/// A province at the start of `s`, else a city (a province field may hold a
/// municipality, and 籍贯 a province with its city): one walk of the trie for both.
pub(crate) fn province_or_city_at(s: &str) -> Option<usize> {
    let mut m = PlaceMemo::new(s);
    m.province(0).or_else(|| m.city(0))
}

/// The longest name of `set` (lower case, each starting with a letter) at the start of `s`
/// ([`longest_ascii_word`]); text that does not start with an ASCII letter, as the Chinese
/// text the address grammar asks about, is turned away on its first byte.
#[inline]
fn english_word<const N: usize>(s: &str, set: &LineSet<N>) -> Option<usize> {
    if !s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    longest_ascii_word(s, |w| set.contains(w))
}

/// Byte length of `suffix` (case-insensitive) at the start of `s` when a word boundary
/// follows it, else 0.
fn english_suffix(s: &str, suffix: &str) -> usize {
    let n = suffix.len();
    match s.get(..n) {
        Some(head) if head.eq_ignore_ascii_case(suffix) && super::ascii_boundary(s, n) => n,
        _ => 0,
    }
}

/// A city at the start of `s`: prefecture-level (杭州市, 杭州, 甘孜藏族自治州, 阿里地区),
/// county-level cities (义乌市), the municipalities (北京市), or a large city in pinyin
/// (Hangzhou, Hangzhou City).
pub fn city_at(s: &str) -> Option<usize> {
    PlaceMemo::new(s).city(0)
}

/// A known county-level division at the start of `s` (西湖区, 义乌市, 达尔罕茂明安联合旗).
pub fn district_at(s: &str) -> Option<usize> {
    PlaceMemo::new(s).district(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The filter's word hash is the one the filter was built with, for words of every
        /// length around the eight-byte chunks (empty, partial, whole, both).
        #[test]
        fn word_hash_is_the_filter_hash(w in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            proptest::prop_assert_eq!(word_hash(&w), tables::name_hash(&w));
        }
    }

    fn len(s: &str) -> Option<usize> {
        Some(s.len())
    }

    #[test]
    fn province_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("浙江省", len("浙江省")),
            ("浙江省杭州市", len("浙江省")),
            ("浙江", len("浙江")),
            ("浙江\"", len("浙江")),
            ("浙江杭州", len("浙江")),
            ("广西壮族自治区", len("广西壮族自治区")),
            ("广西", len("广西")),
            ("内蒙古", len("内蒙古")),
            ("黑龙江省，", len("黑龙江省")),
            ("Zhejiang", len("Zhejiang")),
            ("Zhejiang Province,", len("Zhejiang Province")),
            ("GUANGDONG", len("GUANGDONG")),
            // not provinces
            ("浙江大学", None),
            ("河南人民", None),
            ("江西瓷器", None),
            ("Zhejiangs", None),
            ("杭州市", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(province_at(s), *want, "province_at({s:?})");
        }
    }

    #[test]
    fn city_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("杭州市", len("杭州市")),
            ("杭州", len("杭州")),
            ("杭州西湖区", len("杭州")),
            ("石家庄市长安区", len("石家庄市")),
            ("甘孜藏族自治州", len("甘孜藏族自治州")),
            ("甘孜", len("甘孜")),
            ("德宏", len("德宏")),
            ("阿里地区", len("阿里地区")),
            ("义乌市", len("义乌市")),
            ("北京市", len("北京市")),
            ("Hangzhou", len("Hangzhou")),
            ("Shenzhen City\"", len("Shenzhen City")),
            // not cities
            ("杭州湾大桥", None),
            ("长安街", None),
            ("浙江省", None),
            ("Hangzhouer", None),
        ];
        for (s, want) in cases {
            assert_eq!(city_at(s), *want, "city_at({s:?})");
        }
    }

    #[test]
    fn exact_place_names_agree_with_the_matchers() {
        let p = &*PLACES;
        let mut words: Vec<&str> =
            ["张伟", "海南", "杭州", "浙江省", "王者", "东方明", "西湖区", "江西", "吉林"].to_vec();
        for set in [&p.province_full, &p.province_short, &p.city_full, &p.city_short, &p.district_full] {
            words.extend(set.words.iter().copied());
        }
        for w in words.iter().filter(|w| w.chars().count() <= 4) {
            let old = province_at(w) == Some(w.len()) || city_at(w) == Some(w.len());
            assert_eq!(is_place_name(w), old, "{w}");
        }
    }

    proptest::proptest! {
        /// The place sets answer as the simple definitions over their word lists, on text
        /// made of place-name pieces, punctuation and ASCII.
        #[test]
        fn place_sets_agree_with_their_word_lists(
            s in "[浙江省杭州市西湖区北京朝阳内蒙古自治区甘孜藏族州黑龙达尔罕茂明安联合旗阿里地 ,a]{0,12}",
            max in 0usize..17,
        ) {
            let p = &*PLACES;
            let lists = [&p.province_full, &p.province_short, &p.city_full, &p.city_short, &p.district_full];
            let shared = PLACE_TRIE.longest_prefixes(&s, &MAX_CHARS);
            let mut tags = 0;
            for (t, set) in lists.into_iter().enumerate() {
                let member = |w: &str| set.words.binary_search(&w).is_ok();
                let want = crate::lexicon::longest_prefix(&s, max, member);
                proptest::prop_assert_eq!(set.longest_prefix(&s, max), want, "{:?}", s);
                proptest::prop_assert_eq!(set.contains(&s), member(&s), "{:?}", s);
                // the shared trie, tag by tag, with each list's own length limit
                let want = crate::lexicon::longest_prefix(&s, MAX_CHARS[t], member).unwrap_or(0);
                proptest::prop_assert_eq!(shared[t], want, "{:?} list {}", s, t);
                if member(&s) {
                    tags |= 1 << t;
                }
            }
            proptest::prop_assert_eq!(PLACE_TRIE.tags(&s), tags, "{:?}", s);
        }
    }

    #[test]
    fn every_listed_place_is_found() {
        let p = &*PLACES;
        for set in [&p.province_full, &p.province_short, &p.city_full, &p.city_short, &p.district_full] {
            for w in &set.words {
                assert!(set.contains(w), "{w}");
                assert_eq!(set.longest_prefix(w, 16), Some(w.len()), "{w}");
            }
        }
    }

    /// The old province and city matchers: every short name's context checked.
    fn province_at_reference(s: &str) -> Option<usize> {
        let p = &*PLACES;
        let full = p.province_full.longest_prefix(s, 9);
        let short = p.province_short.longest_prefix(s, 4).filter(|&n| {
            let rest = &s[n..];
            stands_alone(rest) || city_at_reference(rest).is_some() || district_at_reference(rest).is_some()
        });
        if let Some(n) = full.max(short) {
            return Some(n);
        }
        let n = longest_ascii_word(s, |w| PROVINCE_EN_SET.contains(w))?;
        Some(n + english_suffix(&s[n..], " province"))
    }

    fn district_at_reference(s: &str) -> Option<usize> {
        PLACES.district_full.longest_prefix(s, 16)
    }

    fn city_at_reference(s: &str) -> Option<usize> {
        let p = &*PLACES;
        let full = p.city_full.longest_prefix(s, 12);
        let short = p.city_short.longest_prefix(s, 5).filter(|&n| {
            let rest = &s[n..];
            stands_alone(rest) || district_at_reference(rest).is_some()
        });
        if let Some(n) = full.max(short) {
            return Some(n);
        }
        let n = longest_ascii_word(s, |w| CITY_EN_SET.contains(w))?;
        Some(n + english_suffix(&s[n..], " city"))
    }

    proptest::proptest! {
        /// The union look-up and the matchers that skip a short name's context when the
        /// full name is at least as long agree with their simple definitions.
        #[test]
        fn place_matchers_agree_with_the_simple_definitions(
            s in "[浙江省杭州市西湖区北京朝阳上海海南内蒙古自治区吉林长春甘孜藏族州阿里地 ,a]{0,8}",
        ) {
            proptest::prop_assert_eq!(is_place_name(&s), is_place_name_reference(&s), "{:?}", s);
            proptest::prop_assert_eq!(province_at(&s), province_at_reference(&s), "{:?}", s);
            proptest::prop_assert_eq!(city_at(&s), city_at_reference(&s), "{:?}", s);
            proptest::prop_assert_eq!(district_at(&s), district_at_reference(&s), "{:?}", s);
            proptest::prop_assert_eq!(
                province_or_city_at(&s),
                province_at_reference(&s).or_else(|| city_at_reference(&s)),
                "{:?}", s
            );
        }

        /// One memo asked in any order at any positions of a text (as the address grammar
        /// does) answers as the simple definitions on the text from there.
        #[test]
        fn place_memo_agrees_at_any_position(
            s in "[浙江省杭州市西湖区北京朝阳上海海南内蒙古自治区吉林长春甘孜藏族州阿里地 ,aZhejiangHangzhou]{0,12}",
            picks in proptest::collection::vec((0usize..16, 0usize..3), 1..12),
        ) {
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let mut memo = PlaceMemo::new(&s);
            for (at, kind) in picks {
                let pos = bounds[at % bounds.len()];
                let rest = &s[pos..];
                let (got, want) = match kind {
                    0 => (memo.province(pos), province_at_reference(rest)),
                    1 => (memo.city(pos), city_at_reference(rest)),
                    _ => (memo.district(pos), district_at_reference(rest)),
                };
                proptest::prop_assert_eq!(got, want, "{:?} {} {}", s, pos, kind);
            }
        }
    }

    proptest::proptest! {
        /// The walk by code point agrees with the generic trie walk at every position, on
        /// place-name pieces mixed with ASCII, other scripts and four-byte characters.
        #[test]
        fn place_hits_agree_with_the_generic_walk(
            s in "[浙江省杭州市西湖区北京朝阳内蒙古自治区甘孜藏族州黑龙达尔罕茂明安联合旗阿里地 ,aé𝄞]{0,20}",
        ) {
            for pos in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                let want = PLACE_TRIE.longest_prefixes(&s[pos..], &MAX_CHARS);
                proptest::prop_assert_eq!(widen(place_hits(&s, pos)), want, "{:?} {}", s, pos);
            }
        }
    }

    #[test]
    fn place_hits_find_every_listed_name() {
        for (w, _) in tables::place_words(DIVISIONS) {
            let text = format!("{w}路");
            assert_eq!(widen(place_hits(&text, 0)), PLACE_TRIE.longest_prefixes(&text, &MAX_CHARS), "{w}");
        }
        assert_eq!(place_hits("", 0), [0; 8]);
        assert_eq!(place_hits("浙江", 7), [0; 8]);
    }

    /// The lengths of [`place_hits`] by tag as the generic walk gives them, the three unused
    /// bytes checked to stay zero.
    fn widen(h: Hits) -> [usize; 5] {
        assert_eq!(h[5..], [0; 3]);
        [0, 1, 2, 3, 4].map(|t| usize::from(h[t]))
    }

    #[test]
    fn pair_table_holds_every_node_two_deep() {
        let mut found = 0;
        for root in PLACE_ROOT.iter().filter(|r| r.key != 0) {
            let c1 = root.label() - 1;
            for (k, kid) in PLACE_NODES.iter().enumerate().skip(root.first()).take(root.count()) {
                assert_eq!(pair_node(c1, kid.label()), Some(*kid), "{c1:x} {:x} at {k}", kid.label());
                found += 1;
            }
        }
        assert_eq!(found, PAIRS);
        // pairs that start no name (a known first character with another second one, and
        // characters that start none)
        let code = |c: char| c as u32;
        assert_eq!(pair_node(code('浙'), code('浙')), None);
        assert_eq!(pair_node(code('张'), code('伟')), None);
        assert_eq!(pair_node(code('a'), code('b')), None);
    }

    #[test]
    fn every_place_name_is_in_the_union() {
        let p = &*PLACES;
        for set in [&p.province_full, &p.province_short, &p.city_full, &p.city_short] {
            for w in &set.words {
                assert!(is_place_name(w), "{w}");
            }
        }
        for w in ["西湖区", "张伟", "浙", "", "杭州市西"] {
            assert_eq!(is_place_name(w), is_place_name_reference(w), "{w}");
        }
    }

    #[test]
    fn generated_trie_is_the_runtime_layout() {
        let set = WordSet::tagged(tables::place_words(DIVISIONS));
        let t = set.trie();
        assert_eq!(t.nodes, &PLACE_NODES[..]);
        assert_eq!(t.root, &PLACE_ROOT[..]);
        let words = tables::place_words(DIVISIONS);
        assert_eq!(tables::name_filter(&words, PROVINCE_OR_CITY), PLACE_NAME_FILTER);
        // every province and city name passes the filter, and the other words are still refused
        let names: Vec<&str> = words.iter().filter(|w| w.1 & PROVINCE_OR_CITY != 0).map(|w| w.0).collect();
        assert!(names.len() > 1000 && names.iter().all(|w| is_place_name(w)));
        let others = ["张伟", "李秀英", "王者", "东方明", "西湖区", "陈", "欧阳娜娜", "abc", ""];
        assert!(others.iter().all(|w| !is_place_name(w)));
    }

    proptest::proptest! {
        /// The first-byte test changes nothing: the English look-up agrees with the plain
        /// longest ASCII word, on names, their pieces and what may glue onto them.
        #[test]
        fn english_word_agrees_with_the_longest_ascii_word(
            s in "(Zhejiang|Hangzhou|xi'an|Inner Mongolia|[aghnz' .+1-]|浙| ){0,4}",
        ) {
            proptest::prop_assert_eq!(
                english_word(&s, &PROVINCE_EN_SET),
                longest_ascii_word(&s, |w| PROVINCE_EN_SET.contains(w)),
                "{:?}", s
            );
            proptest::prop_assert_eq!(
                english_word(&s, &CITY_EN_SET),
                longest_ascii_word(&s, |w| CITY_EN_SET.contains(w)),
                "{:?}", s
            );
        }
    }

    #[test]
    fn english_names_start_with_a_letter() {
        // what lets `english_word` turn away text on its first byte
        for w in super::super::data_lines(PROVINCE_EN).chain(super::super::data_lines(CITY_EN)) {
            assert!(w.as_bytes()[0].is_ascii_lowercase(), "{w}");
        }
    }

    #[test]
    fn english_sets_hold_the_lists() {
        for w in super::super::data_lines(PROVINCE_EN) {
            assert!(PROVINCE_EN_SET.contains(w), "{w}");
        }
        for w in super::super::data_lines(CITY_EN) {
            assert!(CITY_EN_SET.contains(w), "{w}");
        }
        assert_eq!((PROVINCE_EN_SET.len(), CITY_EN_SET.len()), (34, 67));
        assert!(!PROVINCE_EN_SET.contains("hangzhou") && !CITY_EN_SET.contains("zhejiang"));
    }

    proptest::proptest! {
        /// The group-name test the prefecture short forms are cut with agrees with the
        /// ethnicity set (names with and without 族, at most four characters).
        #[test]
        fn group_prefix_agrees_with_the_ethnic_set(s in "[藏族傣景颇彝回蒙古柯尔克孜乌别維吾爾壮自治州]{0,6}") {
            proptest::prop_assert_eq!(tables::starts_with_group(&s), super::super::words::ethnic_group_at(&s), "{:?}", s);
        }
    }

    #[test]
    fn prefecture_names_agree_with_the_ethnic_set() {
        for line in super::super::data_lines(DIVISIONS) {
            let name = line.split_once('\t').map_or("", |l| l.1);
            for (i, _) in name.char_indices() {
                assert_eq!(
                    tables::starts_with_group(&name[i..]),
                    super::super::words::ethnic_group_at(&name[i..]),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn districts() {
        assert_eq!(district_at("西湖区文三路"), len("西湖区"));
        assert_eq!(district_at("朝阳区"), len("朝阳区"));
        assert_eq!(district_at("西湖"), None);
    }

    #[test]
    fn every_province_has_a_short_name_and_every_prefecture_a_short_form() {
        let p = &*PLACES;
        assert_eq!(p.province_full.len(), 34);
        assert_eq!(p.province_short.len(), 34);
        assert!(p.city_full.len() > 600, "{}", p.city_full.len());
        assert!(
            p.city_short.contains("甘孜")
                && p.city_short.contains("西双版纳")
                && p.city_short.contains("黔东南")
        );
        assert!(p.district_full.len() > 2500);
    }
}

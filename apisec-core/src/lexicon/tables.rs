//! The trie layout of [`super::WordSet`] and the place lists, shared by the crate and its
//! build script.
//!
//! `build.rs` compiles this file as a module of its own (std only: nothing here may name the
//! crate) to lay out the place trie at compile time, so that no process pays for sorting
//! and indexing three thousand place names on its first address. The crate builds its
//! smaller word sets with the same code at run time, and its tests rebuild the place trie
//! and check that the generated tables are exactly what this code gives.

use std::borrow::Borrow;

/// One trie node in eight bytes: `key` is the character on the edge into it (`0` for the
/// root; `c + 1` in the root table, where `0` marks an empty slot) << 8 | the tags of the
/// word ending here (0: none); `kids` is the index of its first child << 8 | the number
/// of its children. The children of a node are consecutive records sorted by character;
/// a node has at most 255 of them, except the root, whose children are found through the
/// root table (its record counts none).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Node {
    pub key: u32,
    pub kids: u32,
}

impl Node {
    /// The character on the edge into the node.
    #[inline]
    pub const fn label(self) -> u32 {
        self.key >> 8
    }

    /// The tags of the word that ends at the node (0: none).
    #[inline]
    pub const fn ends(self) -> u32 {
        self.key & 0xFF
    }

    /// Index of the first child.
    #[inline]
    pub const fn first(self) -> usize {
        (self.kids >> 8) as usize
    }

    /// Number of children.
    #[inline]
    pub const fn count(self) -> usize {
        (self.kids & 0xFF) as usize
    }
}

/// Sorts `words` by bytes (UTF-8 byte order is code-point order), drops empty words and
/// merges duplicates (a word listed twice gets the union of its tags).
pub fn prepare<W: Borrow<str>>(words: &mut Vec<(W, u8)>) {
    words.retain(|w| !w.0.borrow().is_empty());
    // The compiled-in lists are mostly sorted already: the stable sort merges the runs.
    words.sort_by(|a, b| a.0.borrow().as_bytes().cmp(b.0.borrow().as_bytes()));
    words.dedup_by(|a, b| {
        let same = a.0.borrow() == b.0.borrow();
        if same {
            b.1 |= a.1;
        }
        same
    });
}

/// The slot of `c` in a root table of `len` (a power of two, at least 2) slots:
/// multiplicative hashing (the high bits of the product), so that neighbouring code points
/// spread out.
#[inline]
pub fn root_slot(c: char, len: usize) -> usize {
    let h = (c as u32).wrapping_mul(0x9E37_79B1);
    (h >> (32 - len.trailing_zeros())) as usize
}

/// The nodes and the root table of the trie of `words` (as [`prepare`] leaves them: sorted,
/// distinct, non-empty).
///
/// Node 0 is the root and its children follow it. Below that the layout is depth-first: a
/// node's block of children is placed when the node is, and each child's subtree follows
/// in turn, so that everything under one first character lies in one stretch of memory. A
/// look-up walks down one subtree: its steps land on the same few cache lines instead of
/// one line per level of a breadth-first layout.
///
/// The root table holds copies of the root's children keyed by character (open
/// addressing, linear probing, `label` set to `c + 1`, `0` for an empty slot); its length
/// is a power of two at least twice the number of root children.
pub fn layout(words: &[(&str, u8)]) -> (Vec<Node>, Vec<Node>) {
    // at most one node per character of the words (CJK: three bytes)
    let size = words.iter().map(|w| w.0.len() / 3 + 1).sum::<usize>() + 1;
    let mut nodes = Vec::with_capacity(size);
    nodes.push(Node::default());
    let fanout = place(words, &mut nodes, 0, 0, words.len(), 0);
    let len = (2 * fanout).next_power_of_two().max(2);
    let mut root = vec![Node::default(); len];
    for &kid in nodes.iter().skip(1).take(fanout) {
        let c = char::from_u32(kid.label()).unwrap_or('\0');
        let mut at = root_slot(c, len);
        while root[at].key != 0 {
            at = (at + 1) & (len - 1);
        }
        root[at] = Node { key: kid.key + (1 << 8), ..kid };
    }
    (nodes, root)
}

/// Fills in node `node`, whose words are `words[lo..hi]` (all sharing its prefix of `depth`
/// bytes): appends its block of children, then each child's subtree. Returns the number
/// of children.
fn place(
    words: &[(&str, u8)],
    nodes: &mut Vec<Node>,
    node: usize,
    mut lo: usize,
    hi: usize,
    depth: usize,
) -> usize {
    let mut ends = 0;
    if lo < hi && words[lo].0.len() == depth {
        ends = u32::from(words[lo].1);
        lo += 1;
    }
    let first = nodes.len();
    // (first word, end of its run, prefix length) of each child
    let mut runs = Vec::new();
    while lo < hi {
        let Some(c) = words[lo].0.get(depth..).and_then(|r| r.chars().next()) else {
            break;
        };
        let mut end = lo + 1;
        while end < hi && words[end].0.get(depth..).is_some_and(|r| r.starts_with(c)) {
            end += 1;
        }
        runs.push((lo, end, depth + c.len_utf8()));
        nodes.push(Node { key: (c as u32) << 8, kids: 0 });
        lo = end;
    }
    let count = nodes.len() - first;
    // compiled-in lists: fewer than 2^24 nodes, fewer than 256 characters after any prefix
    // but the empty one (the root's children are found through the root table)
    assert!(first < 1 << 24 && (node == 0 || count < 256), "trie too large");
    let stored = if node == 0 { 0 } else { count as u32 };
    nodes[node].kids = (first as u32) << 8 | stored;
    nodes[node].key |= ends;
    for (k, (lo, end, depth)) in runs.into_iter().enumerate() {
        place(words, nodes, first + k, lo, end, depth);
    }
    count
}

/// The 56 ethnic groups of China, simplified, without the trailing 族.
pub const ETHNIC_ZH: &[&str] = &[
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];
/// Traditional spellings of the groups whose names differ.
pub const ETHNIC_ZH_TRAD: &[&str] = &[
    "漢",
    "維吾爾",
    "壯",
    "朝鮮",
    "滿",
    "瑤",
    "哈薩克",
    "納西",
    "景頗",
    "柯爾克孜",
    "達斡爾",
    "錫伯",
    "烏孜別克",
    "俄羅斯",
    "鄂溫克",
    "塔塔爾",
    "獨龍",
    "鄂倫春",
    "門巴",
    "基諾",
    "東鄉",
    "畬",
];

/// Chinese gender words (simplified and traditional spellings coincide).
pub const GENDER_ZH: &[&str] = &["男", "女", "男性", "女性", "男士", "女士", "男生", "女生"];
/// Religions and believers, Chinese (simplified and traditional).
pub const RELIGION_ZH: &[&str] = &[
    "佛教",
    "道教",
    "伊斯兰教",
    "伊斯蘭教",
    "基督教",
    "天主教",
    "东正教",
    "東正教",
    "新教",
    "基督新教",
    "犹太教",
    "猶太教",
    "印度教",
    "锡克教",
    "錫克教",
    "耆那教",
    "神道教",
    "儒教",
    "藏传佛教",
    "藏傳佛教",
    "汉传佛教",
    "漢傳佛教",
    "南传佛教",
    "南傳佛教",
    "喇嘛教",
    "萨满教",
    "薩滿教",
    "巴哈伊教",
    "琐罗亚斯德教",
    "拜火教",
    "摩门教",
    "摩門教",
    "伊斯兰",
    "伊斯蘭",
    "佛教徒",
    "道教徒",
    "基督徒",
    "天主教徒",
    "穆斯林",
    "犹太教徒",
    "印度教徒",
    "无神论",
    "無神論",
    "无神论者",
    "無神論者",
    "民间信仰",
    "民間信仰",
];

/// The three Chinese word lists, as tags of the one trie that indexes them (bit numbers).
pub const GENDER: usize = 0;
pub const ETHNIC: usize = 1;
pub const RELIGION: usize = 2;

/// The words of the vocabulary trie: the gender and religion words, the group names with
/// and without 族 (both spellings), tagged by list, as [`prepare`] leaves them.
pub fn vocabulary_words() -> Vec<(String, u8)> {
    let mut words: Vec<(String, u8)> = GENDER_ZH.iter().map(|w| ((*w).to_string(), 1 << GENDER)).collect();
    for g in ETHNIC_ZH.iter().chain(ETHNIC_ZH_TRAD) {
        words.push(((*g).to_string(), 1 << ETHNIC));
        words.push((format!("{g}族"), 1 << ETHNIC));
    }
    words.extend(RELIGION_ZH.iter().map(|w| ((*w).to_string(), 1 << RELIGION)));
    prepare(&mut words);
    words
}

/// A node of a generated trie (`build.rs` writes the tables as calls of this).
pub const fn n(key: u32, kids: u32) -> Node {
    Node { key, kids }
}

/// Province suffixes dropped to form the short name, longest first.
pub const PROVINCE_SUFFIXES: &[&str] =
    &["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"];
/// City suffixes dropped to form the short name.
pub const CITY_SUFFIXES: &[&str] = &["地区", "市", "盟"];

/// The place lists, as tags of the one trie that indexes them (bit numbers).
pub const PROVINCE_FULL: usize = 0;
pub const PROVINCE_SHORT: usize = 1;
pub const CITY_FULL: usize = 2;
pub const CITY_SHORT: usize = 3;
pub const DISTRICT: usize = 4;
/// The tags of the province and city lists (the names a person's name is not).
pub const PROVINCE_OR_CITY: u8 = 0b1111;

/// True when `s` starts with the name of an ethnic group (either spelling; every name has
/// at most four characters).
pub fn starts_with_group(s: &str) -> bool {
    ETHNIC_ZH.iter().chain(ETHNIC_ZH_TRAD).any(|g| s.starts_with(g))
}

/// The short form of an autonomous prefecture: the place name before its first group
/// name (甘孜藏族自治州 → 甘孜, 德宏傣族景颇族自治州 → 德宏).
pub fn prefecture_short(name: &str) -> Option<&str> {
    let body = name.strip_suffix("自治州")?;
    for (n, (i, _)) in body.char_indices().enumerate() {
        if n >= 2 && starts_with_group(&body[i..]) {
            return Some(&body[..i]);
        }
    }
    None
}

/// The five place lists of `divisions` (lines `level<TAB>name`: P province, C prefecture,
/// D county; blank and `#` lines skipped), indexed by the tags above: full and short
/// province names (the municipalities are cities too), full and short city names
/// (county-level cities too), districts.
pub fn place_lists(divisions: &str) -> [Vec<&str>; 5] {
    let mut lists: [Vec<&str>; 5] = Default::default();
    let lines = divisions.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
    for line in lines {
        let Some((level, name)) = line.split_once('\t') else { continue };
        match level {
            "P" => {
                lists[PROVINCE_FULL].push(name);
                if let Some(short) = PROVINCE_SUFFIXES.iter().find_map(|s| name.strip_suffix(s)) {
                    lists[PROVINCE_SHORT].push(short);
                }
                // The municipalities are cities as well.
                if let Some(short) = name.strip_suffix('市') {
                    lists[CITY_FULL].push(name);
                    lists[CITY_SHORT].push(short);
                }
            }
            "C" => {
                lists[CITY_FULL].push(name);
                let short = CITY_SUFFIXES
                    .iter()
                    .find_map(|s| name.strip_suffix(s))
                    .or_else(|| prefecture_short(name));
                if let Some(short) = short.filter(|s| s.chars().count() >= 2) {
                    lists[CITY_SHORT].push(short);
                }
            }
            "D" => {
                lists[DISTRICT].push(name);
                // County-level cities are cities too.
                if name.ends_with('市') {
                    lists[CITY_FULL].push(name);
                }
            }
            _ => {}
        }
    }
    lists
}

/// The words of the place trie, each tagged with the lists it is in, as [`prepare`]
/// leaves them.
pub fn place_words(divisions: &str) -> Vec<(&str, u8)> {
    let lists = place_lists(divisions);
    let mut words: Vec<(&str, u8)> =
        lists.iter().enumerate().flat_map(|(tag, list)| list.iter().map(move |&w| (w, 1u8 << tag))).collect();
    prepare(&mut words);
    words
}

/// Size of the place-name filter, in 64-bit words (16 Kbit: two bits per name for about
/// 1,400 province and city names, so about one word in forty that is no such name passes).
pub const NAME_FILTER_WORDS: usize = 256;

/// The hash of a word for the place-name filter: Fx-style, eight bytes at a time (a
/// name of two to four Chinese characters is one or two steps).
#[inline]
pub fn name_hash(w: &[u8]) -> u64 {
    let mut h = w.len() as u64;
    for chunk in w.chunks(8) {
        let mut x = [0u8; 8];
        x[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(x)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}

/// The two filter bits of a word's hash (bit numbers below `64 * NAME_FILTER_WORDS`).
#[inline]
pub fn name_filter_bits(h: u64) -> (usize, usize) {
    ((h >> 50) as usize, (h >> 36) as usize & (64 * NAME_FILTER_WORDS - 1))
}

/// A Bloom filter of the words whose tags meet `mask`: a word whose two bits are not both
/// set is not one of them.
pub fn name_filter(words: &[(&str, u8)], mask: u8) -> Vec<u64> {
    let mut bits = vec![0u64; NAME_FILTER_WORDS];
    for &(w, tags) in words {
        if tags & mask != 0 {
            let (a, b) = name_filter_bits(name_hash(w.as_bytes()));
            bits[a / 64] |= 1 << (a % 64);
            bits[b / 64] |= 1 << (b % 64);
        }
    }
    bits
}

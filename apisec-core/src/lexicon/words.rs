//! Closed vocabularies: gender (1011), ethnicity (1012) and religion (1025).
//!
//! Input: text whose first characters may be the value. Output: the byte length of the
//! longest known word there, provided the word ends at a boundary (for Chinese words: not
//! followed by a character that would make a different word, e.g. 男 in 男人; for English
//! words: not followed by a letter or digit).

use super::tables::{ETHNIC, GENDER, RELIGION};
use super::{LineSet, Trie, first_char, is_cjk, longest_ascii_word};

/// English gender words, lower case. One-letter codes only count as whole values.
const GENDER_EN: &str = "\
male
female
man
woman
m
f
";
/// Characters that, right after 男/女, make a word that is not a gender value (tested
/// against [`gender_glue`]).
#[cfg(test)]
const GENDER_GLUE: &str = "人子孩装款鞋方友儿神主星篮足排厕宾童婴工权色声团队单双版式网朋娲皇王婿儿婚嫁";

/// English names of the larger groups, lower case.
const ETHNIC_EN: &str = "\
han
han chinese
hui
uyghur
uighur
uygur
tibetan
mongol
mongolian
zhuang
manchu
miao
hmong
tujia
kazakh
hani
buyei
bouyei
korean
yi
dong
yao
bai
dai
li
lisu
she
naxi
qiang
tu
xibe
daur
kyrgyz
salar
tajik
russian
evenki
oroqen
hezhen
tatar
uzbek
derung
jingpo
gelao
mulao
";

/// Religions and believers, English, lower case.
const RELIGION_EN: &str = "\
buddhism
buddhist
taoism
taoist
daoism
daoist
islam
muslim
moslem
christianity
christian
catholicism
catholic
roman catholic
roman catholicism
protestantism
protestant
orthodox
orthodox christianity
eastern orthodox
orthodoxy
judaism
jewish
jew
hinduism
hindu
sikhism
sikh
jainism
jain
shinto
shintoism
confucianism
zoroastrianism
baha'i
bahai
mormon
mormonism
atheism
atheist
agnostic
agnosticism
evangelical
anglican
lutheran
baptist
methodist
tibetan buddhism
sunni
shia
sunni islam
shia islam
folk religion
chinese folk religion
";

/// The Chinese words of the three lists in one trie (tags [`GENDER`], [`ETHNIC`],
/// [`RELIGION`]; the group names with and without 族, both spellings), generated at
/// compile time (see `build.rs`): `WORD_NODES`, `WORD_ROOT`.
mod generated {
    use super::super::tables::{Node, n};
    include!(concat!(env!("OUT_DIR"), "/words_trie.rs"));
}
static WORD_TRIE: Trie<'static> = Trie::new(&generated::WORD_NODES, &generated::WORD_ROOT);
/// The English words, hashed at compile time.
static GENDER_EN_SET: LineSet<16> = LineSet::new(GENDER_EN);
static ETHNIC_EN_SET: LineSet<128> = LineSet::new(ETHNIC_EN);
static RELIGION_EN_SET: LineSet<128> = LineSet::new(RELIGION_EN);

/// The longest word of the list tagged `tag` that `s` starts with (at most `max_chars`
/// characters), as a byte length.
fn longest_zh(s: &str, tag: usize, max_chars: usize) -> Option<usize> {
    let mut max = [0; 3];
    max[tag] = max_chars;
    Some(WORD_TRIE.longest_prefixes(s, &max)[tag]).filter(|&n| n > 0)
}

/// The characters of [`GENDER_GLUE`], as a `match` (no byte search of the string).
fn gender_glue(c: char) -> bool {
    matches!(
        c,
        '人' | '子'
            | '孩'
            | '装'
            | '款'
            | '鞋'
            | '方'
            | '友'
            | '儿'
            | '神'
            | '主'
            | '星'
            | '篮'
            | '足'
            | '排'
            | '厕'
            | '宾'
            | '童'
            | '婴'
            | '工'
            | '权'
            | '色'
            | '声'
            | '团'
            | '队'
            | '单'
            | '双'
            | '版'
            | '式'
            | '网'
            | '朋'
            | '娲'
            | '皇'
            | '王'
            | '婿'
            | '婚'
            | '嫁'
    )
}

/// True when nothing CJK follows at `end` (the word is complete).
fn cjk_ends(s: &str, end: usize) -> bool {
    first_char(&s[end..]).is_none_or(|c| !is_cjk(c) && !c.is_alphanumeric())
}

/// True when `s` starts with the name of an ethnic group (either spelling, with or without
/// 族): the simple definition of [`super::tables::starts_with_group`].
#[cfg(test)]
pub(crate) fn ethnic_group_at(s: &str) -> bool {
    longest_zh(s, ETHNIC, 4).is_some()
}

/// A gender value at the start of `s`: 男/女 (and 男性, 女士 …) or male/female/man/woman/M/F.
///
/// 男/女 followed by a character that forms another word (男人, 女装) is not a match.
pub fn gender_at(s: &str) -> Option<usize> {
    if let Some(n) = longest_zh(s, GENDER, 2) {
        let glued = first_char(&s[n..]).is_some_and(|c| gender_glue(c) || c.is_ascii_alphanumeric());
        return (!glued).then_some(n);
    }
    longest_ascii_word(s, |w| GENDER_EN_SET.contains(w))
}

/// An ethnic group at the start of `s`: one of the 56 groups, with or without 族
/// (汉族, 汉, 维吾尔族, 漢族), or its English name (Han, Uyghur, Tibetan …).
///
/// Without 族 the name must stand alone (not followed by another CJK character).
pub fn ethnicity_at(s: &str) -> Option<usize> {
    if let Some(n) = longest_zh(s, ETHNIC, 5) {
        return (s[..n].ends_with('族') || cjk_ends(s, n)).then_some(n);
    }
    longest_ascii_word(s, |w| ETHNIC_EN_SET.contains(w))
}

/// A religion or believer at the start of `s`: 佛教, 伊斯兰教, 基督徒, Islam, Buddhist,
/// Roman Catholic …
pub fn religion_at(s: &str) -> Option<usize> {
    if let Some(n) = longest_zh(s, RELIGION, 6) {
        return Some(n);
    }
    longest_ascii_word(s, |w| RELIGION_EN_SET.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(s: &str) -> Option<usize> {
        Some(s.len())
    }

    #[test]
    fn gender_glue_agrees_with_the_list() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(gender_glue(c), GENDER_GLUE.contains(c), "{c}");
        }
    }

    use super::super::WordSet;
    use super::super::tables;

    #[test]
    fn generated_trie_is_the_runtime_layout() {
        let set = WordSet::tagged(tables::vocabulary_words());
        let t = set.trie();
        assert_eq!(t.nodes, &generated::WORD_NODES[..]);
        assert_eq!(t.root, &generated::WORD_ROOT[..]);
    }

    /// The old matchers: one set per list, built at run time.
    fn reference(s: &str) -> [Option<usize>; 3] {
        let gender_zh: WordSet = tables::GENDER_ZH.iter().copied().collect();
        let gender_en: WordSet = super::super::data_lines(GENDER_EN).collect();
        let mut groups = Vec::new();
        for g in tables::ETHNIC_ZH.iter().chain(tables::ETHNIC_ZH_TRAD) {
            groups.push((*g).to_string());
            groups.push(format!("{g}族"));
        }
        let ethnic_zh = WordSet::new(groups);
        let ethnic_en: WordSet = super::super::data_lines(ETHNIC_EN).collect();
        let religion_zh: WordSet = tables::RELIGION_ZH.iter().copied().collect();
        let religion_en: WordSet = super::super::data_lines(RELIGION_EN).collect();
        let gender = match gender_zh.longest_prefix(s, 2) {
            Some(n) => {
                let glued = first_char(&s[n..]).is_some_and(|c| gender_glue(c) || c.is_ascii_alphanumeric());
                (!glued).then_some(n)
            }
            None => longest_ascii_word(s, |w| gender_en.contains(w)),
        };
        let ethnic = match ethnic_zh.longest_prefix(s, 5) {
            Some(n) => (s[..n].ends_with('族') || cjk_ends(s, n)).then_some(n),
            None => longest_ascii_word(s, |w| ethnic_en.contains(w)),
        };
        let religion =
            religion_zh.longest_prefix(s, 6).or_else(|| longest_ascii_word(s, |w| religion_en.contains(w)));
        [gender, ethnic, religion]
    }

    proptest::proptest! {
        /// The matchers over the generated trie and the compile-time English sets agree
        /// with one run-time set per list.
        #[test]
        fn vocabularies_agree_with_one_set_per_list(
            s in "[男女性士生人汉族回藏维吾尔蒙古佛道伊斯兰教基督徒天主 ,]{0,6}|(Male|FEMALE|m|Han|han chinese|Han+Chinese|Tibetan|Islam|roman catholic|Buddhist|x|s| ){0,3}",
        ) {
            let want = reference(&s);
            proptest::prop_assert_eq!([gender_at(&s), ethnicity_at(&s), religion_at(&s)], want, "{:?}", s);
        }
    }

    #[test]
    fn english_sets_hold_the_lists() {
        for w in super::super::data_lines(GENDER_EN) {
            assert!(GENDER_EN_SET.contains(w), "{w}");
        }
        for w in super::super::data_lines(ETHNIC_EN) {
            assert!(ETHNIC_EN_SET.contains(w), "{w}");
        }
        for w in super::super::data_lines(RELIGION_EN) {
            assert!(RELIGION_EN_SET.contains(w), "{w}");
        }
    }

    #[test]
    fn gender_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("男", len("男")),
            ("女\"", len("女")),
            ("女，年龄", len("女")),
            ("男性", len("男性")),
            ("女士", len("女士")),
            ("Male", len("Male")),
            ("FEMALE}", len("FEMALE")),
            ("M", Some(1)),
            ("f&x=1", Some(1)),
            // not gender values
            ("男人", None),
            ("女装", None),
            ("males", None),
            ("Mango", None),
            ("man1", None),
            ("性别", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(gender_at(s), *want, "gender_at({s:?})");
        }
    }

    #[test]
    fn ethnicity_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("汉族", len("汉族")),
            ("汉", len("汉")),
            ("汉\",", len("汉")),
            ("维吾尔族", len("维吾尔族")),
            ("维吾尔", len("维吾尔")),
            ("柯尔克孜族，", len("柯尔克孜族")),
            ("漢族", len("漢族")),
            ("蒙古族人", len("蒙古族")),
            ("Han", len("Han")),
            ("Uyghur\"", len("Uyghur")),
            // not ethnicity values
            ("汉堡", None),
            ("水果", None),
            ("白色", None),
            ("Hanna", None),
            ("族", None),
        ];
        for (s, want) in cases {
            assert_eq!(ethnicity_at(s), *want, "ethnicity_at({s:?})");
        }
    }

    #[test]
    fn religion_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("佛教", len("佛教")),
            ("伊斯兰教\"", len("伊斯兰教")),
            ("基督徒", len("基督徒")),
            ("天主教徒", len("天主教徒")),
            ("Islam", len("Islam")),
            ("Roman Catholic,", len("Roman Catholic")),
            ("buddhist", len("buddhist")),
            ("Baha'i", len("Baha'i")),
            // not religions
            ("佛山", None),
            ("Islamabad", None),
            ("Christiansen", None),
            ("教育", None),
        ];
        for (s, want) in cases {
            assert_eq!(religion_at(s), *want, "religion_at({s:?})");
        }
    }
}

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

use super::WordSet;
use super::words::ethnic_group_at;
use super::{data_lines, first_char, is_cjk, longest_ascii_word};
use std::sync::LazyLock;

const DIVISIONS: &str = include_str!("data/divisions.tsv");

/// Pinyin / English province names, lower case.
const PROVINCE_EN: &[&str] = &[
    "beijing",
    "tianjin",
    "hebei",
    "shanxi",
    "inner mongolia",
    "nei mongol",
    "neimenggu",
    "liaoning",
    "jilin",
    "heilongjiang",
    "shanghai",
    "jiangsu",
    "zhejiang",
    "anhui",
    "fujian",
    "jiangxi",
    "shandong",
    "henan",
    "hubei",
    "hunan",
    "guangdong",
    "guangxi",
    "hainan",
    "chongqing",
    "sichuan",
    "guizhou",
    "yunnan",
    "tibet",
    "xizang",
    "shaanxi",
    "gansu",
    "qinghai",
    "ningxia",
    "xinjiang",
];
/// Pinyin / English names of large cities, lower case.
const CITY_EN: &[&str] = &[
    "beijing",
    "shanghai",
    "tianjin",
    "chongqing",
    "guangzhou",
    "shenzhen",
    "hangzhou",
    "nanjing",
    "wuhan",
    "chengdu",
    "xi'an",
    "xian",
    "suzhou",
    "changsha",
    "zhengzhou",
    "qingdao",
    "dalian",
    "shenyang",
    "harbin",
    "changchun",
    "jinan",
    "hefei",
    "fuzhou",
    "xiamen",
    "kunming",
    "nanning",
    "guiyang",
    "nanchang",
    "taiyuan",
    "shijiazhuang",
    "lanzhou",
    "xining",
    "yinchuan",
    "urumqi",
    "lhasa",
    "hohhot",
    "haikou",
    "sanya",
    "ningbo",
    "wuxi",
    "dongguan",
    "foshan",
    "zhuhai",
    "wenzhou",
    "shantou",
    "yantai",
    "tangshan",
    "baotou",
    "luoyang",
    "guilin",
    "zhuzhou",
    "nantong",
    "changzhou",
    "xuzhou",
    "yangzhou",
    "shaoxing",
    "jiaxing",
    "taizhou",
    "zhongshan",
    "huizhou",
    "jiangmen",
    "weifang",
    "zibo",
    "linyi",
    "handan",
    "baoding",
    "datong",
];

/// Province suffixes dropped to form the short name, longest first.
const PROVINCE_SUFFIXES: &[&str] =
    &["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"];
/// City suffixes dropped to form the short name.
const CITY_SUFFIXES: &[&str] = &["地区", "市", "盟"];

struct Places {
    province_full: WordSet,
    province_short: WordSet,
    city_full: WordSet,
    city_short: WordSet,
    district_full: WordSet,
    /// The union of the four province and city sets, for [`is_place_name`].
    names: WordSet,
    province_en: WordSet,
    city_en: WordSet,
}

/// The short form of an autonomous prefecture: the place name before its first group
/// name (甘孜藏族自治州 → 甘孜, 德宏傣族景颇族自治州 → 德宏).
fn prefecture_short(name: &'static str) -> Option<&'static str> {
    let body = name.strip_suffix("自治州")?;
    for (n, (i, _)) in body.char_indices().enumerate() {
        if n >= 2 && ethnic_group_at(&body[i..]) {
            return Some(&body[..i]);
        }
    }
    None
}

static PLACES: LazyLock<Places> = LazyLock::new(|| {
    let (mut province_full, mut province_short) = (Vec::new(), Vec::new());
    let (mut city_full, mut city_short, mut district_full) = (Vec::new(), Vec::new(), Vec::new());
    for line in data_lines(DIVISIONS) {
        let Some((level, name)) = line.split_once('\t') else { continue };
        match level {
            "P" => {
                province_full.push(name);
                if let Some(short) = PROVINCE_SUFFIXES.iter().find_map(|s| name.strip_suffix(s)) {
                    province_short.push(short);
                }
                // The municipalities are cities as well.
                if let Some(short) = name.strip_suffix('市') {
                    city_full.push(name);
                    city_short.push(short);
                }
            }
            "C" => {
                city_full.push(name);
                let short = CITY_SUFFIXES
                    .iter()
                    .find_map(|s| name.strip_suffix(s))
                    .or_else(|| prefecture_short(name));
                if let Some(short) = short.filter(|s| s.chars().count() >= 2) {
                    city_short.push(short);
                }
            }
            "D" => {
                district_full.push(name);
                // County-level cities are cities too.
                if name.ends_with('市') {
                    city_full.push(name);
                }
            }
            _ => {}
        }
    }
    let names = [&province_full, &province_short, &city_full, &city_short];
    let names = WordSet::new(names.into_iter().flatten().copied().collect());
    Places {
        names,
        province_full: WordSet::new(province_full),
        province_short: WordSet::new(province_short),
        city_full: WordSet::new(city_full),
        city_short: WordSet::new(city_short),
        district_full: WordSet::new(district_full),
        province_en: PROVINCE_EN.iter().copied().collect(),
        city_en: CITY_EN.iter().copied().collect(),
    }
});

/// True when `word` is exactly a province or city name, full or short (杭州, 海南, 浙江省):
/// the same as `province_at(word) == Some(word.len()) || city_at(word) == Some(word.len())`
/// for a word of at most four Chinese characters, in one look-up in the union of the sets.
pub(crate) fn is_place_name(word: &str) -> bool {
    PLACES.names.contains(word)
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

/// A province (or municipality / autonomous region / SAR) at the start of `s`:
/// 浙江省, 浙江, 内蒙古自治区, 广西, Zhejiang, Zhejiang Province.
pub fn province_at(s: &str) -> Option<usize> {
    let p = &*PLACES;
    let full = p.province_full.longest_prefix(s, 9);
    // A short name no longer than the full one cannot win: its context is not checked.
    let short = p.province_short.longest_prefix(s, 4).filter(|&n| full.is_none_or(|f| n > f)).filter(|&n| {
        let rest = &s[n..];
        stands_alone(rest) || city_at(rest).is_some() || district_at(rest).is_some()
    });
    if let Some(n) = full.max(short) {
        return Some(n);
    }
    let n = longest_ascii_word(s, |w| p.province_en.contains(w))?;
    Some(n + english_suffix(&s[n..], " province"))
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

fn city_full_at(s: &str) -> Option<usize> {
    let p = &*PLACES;
    p.city_full.longest_prefix(s, 12)
}

/// A city at the start of `s`: prefecture-level (杭州市, 杭州, 甘孜藏族自治州, 阿里地区),
/// county-level cities (义乌市), the municipalities (北京市), or a large city in pinyin
/// (Hangzhou, Hangzhou City).
pub fn city_at(s: &str) -> Option<usize> {
    let p = &*PLACES;
    let full = city_full_at(s);
    // A short name no longer than the full one cannot win: its context is not checked.
    let short = p.city_short.longest_prefix(s, 5).filter(|&n| full.is_none_or(|f| n > f)).filter(|&n| {
        let rest = &s[n..];
        stands_alone(rest) || district_at(rest).is_some()
    });
    if let Some(n) = full.max(short) {
        return Some(n);
    }
    let n = longest_ascii_word(s, |w| p.city_en.contains(w))?;
    Some(n + english_suffix(&s[n..], " city"))
}

/// A known county-level division at the start of `s` (西湖区, 义乌市, 达尔罕茂明安联合旗).
pub fn district_at(s: &str) -> Option<usize> {
    let p = &*PLACES;
    p.district_full.longest_prefix(s, 16)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            for set in [&p.province_full, &p.province_short, &p.city_full, &p.city_short, &p.district_full] {
                let member = |w: &str| set.words.binary_search(&w).is_ok();
                let want = crate::lexicon::longest_prefix(&s, max, member);
                proptest::prop_assert_eq!(set.longest_prefix(&s, max), want, "{:?}", s);
                proptest::prop_assert_eq!(set.contains(&s), member(&s), "{:?}", s);
            }
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
            stands_alone(rest) || city_at(rest).is_some() || district_at(rest).is_some()
        });
        if let Some(n) = full.max(short) {
            return Some(n);
        }
        let n = longest_ascii_word(s, |w| p.province_en.contains(w))?;
        Some(n + english_suffix(&s[n..], " province"))
    }

    fn city_at_reference(s: &str) -> Option<usize> {
        let p = &*PLACES;
        let full = city_full_at(s);
        let short = p.city_short.longest_prefix(s, 5).filter(|&n| {
            let rest = &s[n..];
            stands_alone(rest) || district_at(rest).is_some()
        });
        if let Some(n) = full.max(short) {
            return Some(n);
        }
        let n = longest_ascii_word(s, |w| p.city_en.contains(w))?;
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
        }
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

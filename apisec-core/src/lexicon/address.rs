//! Chinese mainland addresses (1003).
//!
//! Grammar, every part optional but in this order:
//! `[province] [city] [district] [town] street* [No.] [estate] [building] [unit] [floor] [room]`
//! — 浙江省 杭州市 西湖区 转塘街道 文三路 100号 阳光小区 3栋 2单元 5层 501室. Province, city and
//! district are looked up in the division lists first and otherwise recognised by their
//! suffix (…市, …区/县/旗); streets by 路/街/大道/道/巷/弄/胡同, estates by 小区/花园/苑/大厦…,
//! numbered parts by digits (ASCII, full-width or Chinese numerals) and 号/栋/幢/号楼/座/单元/
//! 层/楼/室. A single space may separate parts.
//!
//! An address needs a known place (province, city or district from the lists) plus
//! something finer (town, street, number, estate, building), or three administrative
//! levels two of them known, or a street with its number. It ends after the last part recognised.
//!
//! Input: text starting at the candidate. Output: the byte length of the address.

use super::places::PlaceMemo;
#[cfg(test)]
use super::{city_at, province_at};
use super::{district_at, first_char, is_cjk};

/// Characters that end an administrative or street name; a generic name may not contain
/// them (so 西湖区文三路 is not read as one long city name).
/// (Tested against [`suffix_char`], which the matcher uses.)
#[cfg(test)]
const SUFFIX_CHARS: &str = "省市区县旗镇乡路街道巷弄号村栋幢座楼层室单元";
const CITY_SUFFIXES: &[&str] = &["市", "自治州", "地区", "盟"];
const DISTRICT_SUFFIXES: &[&str] = &["区", "县", "旗", "市"];
#[cfg(test)]
const TOWN_SUFFIXES: &[&str] = &TOWN_LIST;
const TOWN_LIST: [&str; 3] = ["街道", "镇", "乡"];
const STREET_SUFFIXES: &[&str] = &STREET_LIST;
const STREET_LIST: [&str; 8] = ["大道", "大街", "胡同", "路", "街", "道", "巷", "弄"];
/// Characters before 区 that make a campus, estate or area rather than a district (社区, 景区).
const NOT_DISTRICT: &str = "社小景园校营商专服分片赛辖地郊战保禁灾厂";
#[cfg(test)]
const ESTATE_SUFFIXES: &[&str] = &ESTATE_LIST;
const ESTATE_LIST: [&str; 20] = [
    "小区", "花园", "公寓", "大厦", "广场", "家园", "新村", "社区", "大楼", "中心", "苑", "园", "城", "府",
    "庭", "阁", "村", "湾", "邸", "院",
];

/// A generic name of 1..=`max` Chinese characters (none of [`SUFFIX_CHARS`]) followed by
/// one of `suffixes`; the shortest such prefix of `s`, as a byte length. (The three
/// questions per character are one look-up of its [`class_of`]; tested against
/// [`generic_reference`].)
fn generic(s: &str, max: usize, suffixes: &[&str]) -> Option<usize> {
    let mut i = 0;
    let mut k = 0;
    while let Some((c, w)) = code_at(s, i) {
        let cl = class_of(c);
        if k > 0
            && cl & SUFFIX_START != 0
            && let Some(n) = s.as_bytes().get(i..).and_then(|r| suffix_at(r, suffixes))
        {
            return Some(i + n);
        }
        if k >= max || cl & CJK == 0 || cl & NAME_END != 0 {
            return None;
        }
        i += w;
        k += 1;
    }
    None
}

/// The simple definition of [`generic`].
#[cfg(test)]
fn generic_reference(s: &str, max: usize, suffixes: &[&str]) -> Option<usize> {
    for (k, (i, c)) in s.char_indices().enumerate() {
        if k > 0
            && starts_suffix(c)
            && let Some(n) = suffix_at(&s.as_bytes()[i..], suffixes)
        {
            return Some(i + n);
        }
        if k >= max || !is_cjk(c) || suffix_char(c) {
            return None;
        }
    }
    None
}

/// The byte length of the first of `suffixes` that `b` starts with. The suffixes are a few
/// bytes long: an inline byte comparison, where `str::starts_with` would call `memcmp`
/// for each one.
#[inline]
fn suffix_at(b: &[u8], suffixes: &[&str]) -> Option<usize> {
    suffixes
        .iter()
        .map(|suf| suf.as_bytes())
        .find_map(|suf| (b.len() >= suf.len() && b.iter().zip(suf).all(|(x, y)| x == y)).then_some(suf.len()))
}

/// First characters of the suffixes [`generic`] is given (city, district, town, street):
/// only there can one start.
#[cfg(test)]
fn starts_suffix(c: char) -> bool {
    matches!(
        c,
        '市' | '自'
            | '地'
            | '盟'
            | '区'
            | '县'
            | '旗'
            | '街'
            | '镇'
            | '乡'
            | '大'
            | '胡'
            | '路'
            | '道'
            | '巷'
            | '弄'
    )
}

/// True for the characters of [`SUFFIX_CHARS`].
#[cfg(test)]
fn suffix_char(c: char) -> bool {
    matches!(
        c,
        '省' | '市'
            | '区'
            | '县'
            | '旗'
            | '镇'
            | '乡'
            | '路'
            | '街'
            | '道'
            | '巷'
            | '弄'
            | '号'
            | '村'
            | '栋'
            | '幢'
            | '座'
            | '楼'
            | '层'
            | '室'
            | '单'
            | '元'
    )
}

/// First characters of [`ESTATE_SUFFIXES`] (the matcher reads them from [`class`]).
#[cfg(test)]
fn starts_estate(c: char) -> bool {
    matches!(
        c,
        '小' | '花'
            | '公'
            | '大'
            | '广'
            | '家'
            | '新'
            | '社'
            | '中'
            | '苑'
            | '园'
            | '城'
            | '府'
            | '庭'
            | '阁'
            | '村'
            | '湾'
            | '邸'
            | '院'
    )
}

/// True for the full-width digits and the Chinese numerals a number may be written in.
#[cfg(test)]
fn numeral(c: char) -> bool {
    ('０'..='９').contains(&c)
        || matches!(
            c,
            '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零'
        )
}

/// Digits at the start of `s`: ASCII, full-width or Chinese numerals; byte length. (ASCII
/// digits are read as bytes; the other numerals, all of three bytes, are compared as their
/// packed bytes ([`numeral_bytes`]) without decoding the character.)
fn number(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if x.is_ascii_digit() {
            i += 1;
        } else if let Some(&[x, y, z]) = b.get(i..i + 3)
            && numeral_bytes(x, y, z)
        {
            i += 3;
        } else {
            break;
        }
    }
    i
}

/// The numerals other than the ASCII digits (all of three bytes in UTF-8): what [`numeral`]
/// accepts.
const NUMERALS: &str = "０１２３４５６７８９〇一二三四五六七八九十百零";
/// A multiplier under which the packed bytes of the [`NUMERALS`] fall into distinct slots
/// of 32 (checked when [`NUMERAL_TABLE`] is built, at compile time).
const NUMERAL_MUL: u32 = 0xF2CA_77C3;

#[inline]
const fn numeral_slot(c: u32) -> usize {
    (c.wrapping_mul(NUMERAL_MUL) >> 27) as usize
}

/// The packed UTF-8 bytes of the [`NUMERALS`] by [`numeral_slot`] (0: empty; no packed
/// character of three bytes is 0): a perfect hash, one load and one compare per character
/// after a number (号, 栋, 单 …), where a list of compares cost a dozen tests.
static NUMERAL_TABLE: [u32; 32] = {
    let mut t = [0u32; 32];
    let b = NUMERALS.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        let c = (b[i] as u32) << 16 | (b[i + 1] as u32) << 8 | b[i + 2] as u32;
        let at = numeral_slot(c);
        assert!(t[at] == 0, "numeral table collision");
        t[at] = c;
        i += 3;
    }
    t
};

/// [`numeral`] on the UTF-8 bytes of a character of three bytes (`x` its lead byte).
#[inline]
fn numeral_bytes(x: u8, y: u8, z: u8) -> bool {
    let c = u32::from(x) << 16 | u32::from(y) << 8 | u32::from(z);
    NUMERAL_TABLE[numeral_slot(c)] == c
}

/// The simple definition of [`number`].
#[cfg(test)]
fn number_reference(s: &str) -> usize {
    s.char_indices()
        .take_while(|&(_, c)| c.is_ascii_digit() || numeral(c))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The numbering a numbered part starts with: a number (optionally `12-3`), or else one or
/// two capital letters (`A座`, `B栋`); byte length, 0 when there is none. (On the bytes of
/// the text, inlined into [`Numbering::parse`]: no character boundary is asked for.)
#[inline(always)]
fn numbering(b: &[u8]) -> usize {
    let mut n = number(b);
    if n > 0 {
        // the separator of `12-3` / `12之3`, read as bytes
        let sep = match b.get(n) {
            Some(b'-') => 1,
            Some(0xE4) if b.get(n..n + 3) == Some("之".as_bytes()) => 3,
            _ => 0,
        };
        if sep > 0 {
            let m = b.get(n + sep..).map_or(0, number);
            if m > 0 {
                n += sep + m;
            }
        }
    } else {
        n = b.iter().take_while(|x| x.is_ascii_uppercase()).count().min(2);
    }
    n
}

/// A number (optionally `12-3` or a letter `A`/`B`) followed by one of `suffixes`: the
/// simple definition [`numbered_part`] is tested against (with [`part`]).
#[cfg(test)]
fn numbered_reference(s: &str, suffixes: &[&str]) -> Option<usize> {
    let mut n = number_reference(s);
    if n > 0 && s[n..].starts_with(['-', '之']) {
        let m = number_reference(&s[n + first_char(&s[n..])?.len_utf8()..]);
        if m > 0 {
            n += first_char(&s[n..])?.len_utf8() + m;
        }
    }
    if n == 0 {
        // a lettered block: A座, B栋
        n = s.bytes().take_while(u8::is_ascii_uppercase).count().min(2);
        if n == 0 {
            return None;
        }
    }
    let suf = suffixes.iter().find(|suf| s[n..].starts_with(*suf))?;
    Some(n + suf.len())
}

/// A suffix of a numbered part as a pattern over the eight bytes after the number: its
/// bytes (at most eight: two CJK characters are six), little-endian, the mask of as many
/// bytes, and its length.
#[derive(Clone, Copy)]
struct Suffix {
    pat: u64,
    mask: u64,
    len: usize,
}

/// The patterns of `list` (at compile time).
const fn suffixes<const N: usize>(list: [&str; N]) -> [Suffix; N] {
    let mut out = [Suffix { pat: 0, mask: 0, len: 0 }; N];
    let mut k = 0;
    while k < N {
        let b = list[k].as_bytes();
        assert!(!b.is_empty() && b.len() <= 8);
        let mut pat = 0u64;
        let mut i = 0;
        while i < b.len() {
            pat |= (b[i] as u64) << (8 * i);
            i += 1;
        }
        let mask = if b.len() == 8 { u64::MAX } else { (1u64 << (8 * b.len())) - 1 };
        out[k] = Suffix { pat, mask, len: b.len() };
        k += 1;
    }
    out
}

/// The suffix groups the grammar tries after a number, in its order.
const DUAN: [&str; 1] = ["段"];
const STREET_NO: [&str; 5] = ["号院", "号", "號", "弄", "巷"];
const HOUSE_NO: [&str; 3] = ["号院", "号", "號"];
const BUILDING_NO: [&str; 5] = ["号楼", "栋", "幢", "座", "号馆"];
const UNIT_NO: [&str; 1] = ["单元"];
const FLOOR_NO: [&str; 2] = ["层", "楼"];
const ROOM_NO: [&str; 3] = ["室", "房", "号"];

/// The eight bytes of `b` from `i` (zero bytes past the end), little-endian: no suffix
/// byte is zero, so a suffix cut off by the end of the text does not match.
#[inline]
fn word_at(b: &[u8], i: usize) -> u64 {
    // eight bytes left: one load
    if let Some(&x) = b.get(i..i.wrapping_add(8)).and_then(|r| <&[u8; 8]>::try_from(r).ok()) {
        return u64::from_le_bytes(x);
    }
    let mut x = [0u8; 8];
    if let Some(r) = b.get(i..) {
        let n = r.len().min(8);
        x[..n].copy_from_slice(&r[..n]);
    }
    u64::from_le_bytes(x)
}

/// The length of the first of `list` that the text whose next eight bytes are `w` starts
/// with: [`suffix_at`] on one loaded word, a mask and a compare per suffix.
#[inline]
fn suffix_in(w: u64, list: &[Suffix]) -> Option<usize> {
    list.iter().find(|x| w & x.mask == x.pat).map(|x| x.len)
}

/// The numbering at one position of the address (see [`numbering`]), with and without
/// one leading space, and the eight bytes after each: the numbered parts tried one after
/// another at the same position (段, 号, 栋, 单元, 层, 室 …) share one parse of the number
/// and one load of what follows it.
#[derive(Clone, Copy)]
struct Numbering {
    pos: usize,
    plain: usize,
    spaced: usize,
    plain_next: u64,
    spaced_next: u64,
}

impl Numbering {
    /// The numbering at `pos` in `s`, from `memo` when it was parsed there already.
    #[inline(always)]
    fn at(s: &str, pos: usize, memo: &mut Option<Numbering>) -> Numbering {
        match *memo {
            Some(m) if m.pos == pos => m,
            _ => {
                let m = Numbering::parse(s, pos);
                *memo = Some(m);
                m
            }
        }
    }

    /// The numbering at `pos` in `s`, parsed (out of line: the inlined callers only check
    /// the memo).
    #[inline(never)]
    fn parse(s: &str, pos: usize) -> Numbering {
        let b = s.as_bytes();
        let rest = b.get(pos..).unwrap_or_default();
        let spaced = rest.strip_prefix(b" ").map_or(0, numbering);
        let plain = numbering(rest);
        Numbering {
            pos,
            plain,
            spaced,
            plain_next: if plain > 0 { word_at(b, pos + plain) } else { 0 },
            spaced_next: if spaced > 0 { word_at(b, pos + 1 + spaced) } else { 0 },
        }
    }
}

/// [`part`] with a numbered part ([`numbering`] + one of `list`): where the address
/// continues after it. (Inlined: the grammar calls it seven times per address, most of them
/// answered by the memo, where a call's register saves cost as much as the answer.)
#[inline(always)]
fn numbered_part(s: &str, pos: usize, list: &[Suffix], memo: &mut Option<Numbering>) -> Option<usize> {
    let m = Numbering::at(s, pos, memo);
    if m.plain > 0
        && let Some(n) = suffix_in(m.plain_next, list)
    {
        return Some(pos + m.plain + n);
    }
    if m.spaced > 0
        && let Some(n) = suffix_in(m.spaced_next, list)
    {
        return Some(pos + 1 + m.spaced + n);
    }
    None
}

/// Advances over one optional part: skips one space before it when the part follows.
fn part(s: &str, pos: usize, f: impl Fn(&str) -> Option<usize>) -> Option<usize> {
    let rest = &s[pos..];
    if let Some(n) = f(rest).filter(|&n| n > 0) {
        return Some(pos + n);
    }
    let rest = rest.strip_prefix(' ')?;
    f(rest).filter(|&n| n > 0).map(|n| pos + 1 + n)
}

/// [`part`] for a look-up by position in `s` (`f(at)`: the byte length of the part at
/// `at`), so that the look-ups can share work between positions.
fn part_at(s: &str, pos: usize, mut f: impl FnMut(usize) -> Option<usize>) -> Option<usize> {
    if let Some(n) = f(pos).filter(|&n| n > 0) {
        return Some(pos + n);
    }
    if s.as_bytes().get(pos) != Some(&b' ') {
        return None;
    }
    f(pos + 1).filter(|&n| n > 0).map(|n| pos + 1 + n)
}

/// A Chinese mainland address at the start of `s` (see the module docs).
pub fn address_at(s: &str) -> Option<usize> {
    if !first_char(s).is_some_and(|c| is_cjk(c) || c.is_ascii_digit()) {
        return None;
    }
    let mut pos = 0;
    let mut admin = 0;
    let mut known = 0;
    let mut fine = false;
    let (mut street, mut num) = (false, false);
    let mut nums = None;

    // The province, city and district look-ups share one trie walk per position.
    let mut places = PlaceMemo::new(s);
    if let Some(p) = part_at(s, pos, |at| places.province(at)) {
        pos = p;
        admin += 1;
        known += 1;
    }
    if let Some(p) = part_at(s, pos, |at| places.city(at)) {
        pos = p;
        admin += 1;
        known += 1;
    } else if let Some(p) = part(s, pos, |r| generic(r, 6, CITY_SUFFIXES).filter(|&n| continues(&r[n..]))) {
        pos = p;
        admin += 1;
    }
    if let Some(p) = part_at(s, pos, |at| places.district(at)) {
        pos = p;
        admin += 1;
        known += 1;
    } else if let Some(p) = part(s, pos, generic_district) {
        pos = p;
        admin += 1;
    }
    // The town, street and estate look-ups share one decoding of the characters per
    // position (a failed town is retried as a street, a failed street as an estate).
    let mut runs = Run::EMPTY;
    if let Some(p) = part_run(s, pos, &mut runs, |b, run| run.generic(b, 6, &const { suffixes(TOWN_LIST) })) {
        pos = p;
        fine = true;
    }
    // Up to three street levels (路 + 巷 + 弄), each optionally numbered.
    for _ in 0..3 {
        let street_at = |b: &[u8], run: &Run| {
            run.generic(b, 8, &const { suffixes(STREET_LIST) }).or_else(|| run.village_street(b))
        };
        let Some(p) = part_run(s, pos, &mut runs, street_at) else {
            break;
        };
        pos = p;
        street = true;
        fine = true;
        if let Some(p) = numbered_part(s, pos, &const { suffixes(DUAN) }, &mut nums) {
            pos = p;
        }
        if let Some(p) = numbered_part(s, pos, &const { suffixes(STREET_NO) }, &mut nums) {
            pos = p;
            num = true;
        }
    }
    if !num && let Some(p) = numbered_part(s, pos, &const { suffixes(HOUSE_NO) }, &mut nums) {
        pos = p;
        num = true;
        fine = true;
    }
    let details: [&[Suffix]; 4] = [
        &const { suffixes(BUILDING_NO) },
        &const { suffixes(UNIT_NO) },
        &const { suffixes(FLOOR_NO) },
        &const { suffixes(ROOM_NO) },
    ];
    if let Some(p) = part_run(s, pos, &mut runs, |b, run| run.estate(b)) {
        pos = p;
        fine = true;
    } else if num && let Some(p) = unmarked_estate(s, pos, &details) {
        pos = p;
    }
    let mut detail = false;
    for list in details {
        if let Some(p) = numbered_part(s, pos, list, &mut nums) {
            pos = p;
            detail = true;
        }
    }
    // A bare room number after a building or unit: 2单元501.
    if detail {
        let n = s[pos..].bytes().take_while(u8::is_ascii_digit).count();
        if (3..=4).contains(&n) && !s[pos + n..].starts_with(|c: char| c.is_alphanumeric()) {
            pos += n;
        }
    }
    // Generic (unknown) place names alone prove little in running text: they need a
    // numbered street; known ones need any finer part.
    let ok = (known >= 1 && (fine || detail)) || (known >= 2 && admin >= 3) || (street && num);
    ok.then_some(pos)
}

/// An estate with no estate suffix after a house number (`幸福里`, `东方名都`): two to eight
/// Chinese characters, none a building part, that a building, unit, floor or room number
/// follows at once (`…号幸福里23层`, `…号东方名都17栋1单元2004室`). The number after it is what
/// makes the name a part of the address; where it ends.
fn unmarked_estate(s: &str, pos: usize, details: &[&[Suffix]; 4]) -> Option<usize> {
    let mut end = pos;
    let mut k = 0;
    for c in s[pos..].chars() {
        // (not through a particle or conjunction: `…号东方名都的23层` is no estate name)
        if k == 8
            || class_of(c as u32) & (CJK | BUILDING) != CJK
            || matches!(c, '的' | '和' | '与' | '及' | '或')
        {
            break;
        }
        end += c.len_utf8();
        k += 1;
    }
    if k < 2 {
        return None;
    }
    let mut memo = None;
    details.iter().any(|list| numbered_part(s, end, list, &mut memo).is_some()).then_some(end)
}

/// An estate, compound or building name: up to ten characters (Chinese or letters) then
/// 小区 / 花园 / 大厦 / 苑 …
///
/// Takes the longest such name (万科城公寓, 华府花园), never past a digit or a building part.
/// (The simple definition of [`Run::estate`].)
#[cfg(test)]
fn estate(s: &str) -> Option<usize> {
    let mut best = None;
    for (k, (i, c)) in s.char_indices().enumerate() {
        if k > 0
            && starts_estate(c)
            && let Some(n) = suffix_at(&s.as_bytes()[i..], ESTATE_SUFFIXES)
        {
            best = Some(i + n);
        }
        if k >= 12
            || !(is_cjk(c) || c.is_ascii_alphabetic())
            || matches!(c, '号' | '栋' | '幢' | '座' | '楼' | '层' | '室' | '单' | '元')
        {
            break;
        }
    }
    best
}

/// A street named after a village or estate: one to six characters, 村, then a street
/// suffix (中关村大街, 新村路, 南村路). [`generic`] refuses 村 inside a name (it ends an
/// estate or a village: 某某村3组), so without this the estate 中关村 would end the
/// address before its street. Not 村 + 街道 (a town: 李村街道). (The simple definition of
/// [`Run::village_street`].)
#[cfg(test)]
fn village_street(s: &str) -> Option<usize> {
    for (k, (i, c)) in s.char_indices().enumerate() {
        if c == '村' {
            let rest = &s[i + c.len_utf8()..];
            if k == 0 || rest.starts_with("街道") {
                return None;
            }
            return Some(i + c.len_utf8() + suffix_at(rest.as_bytes(), STREET_SUFFIXES)?);
        }
        if k >= 6 || !is_cjk(c) || suffix_char(c) {
            return None;
        }
    }
    None
}

/// Classes of a character for the address grammar (bits of [`class`]).
const CJK: u8 = 1;
/// One of [`SUFFIX_CHARS`] ([`suffix_char`]): a generic name cannot run through it.
const NAME_END: u8 = 2;
/// May start a city, district, town or street suffix ([`starts_suffix`]).
const SUFFIX_START: u8 = 4;
/// May start an estate suffix ([`starts_estate`]).
const ESTATE_START: u8 = 8;
const LETTER: u8 = 16;
/// A building part (号栋幢座楼层室单元): an estate name does not run through it.
const BUILDING: u8 = 32;
const VILLAGE: u8 = 64;

/// The marked characters and their classes (all CJK ideographs): the same as asking
/// [`suffix_char`], [`starts_suffix`], [`starts_estate`] and the building and village
/// characters one by one (tested against [`class_reference`]).
const MARKED: &[(&str, u8)] = &[
    ("省", CJK | NAME_END),
    ("市区县旗镇乡路街道巷弄", CJK | NAME_END | SUFFIX_START),
    ("号栋幢座楼层室单元", CJK | NAME_END | BUILDING),
    ("村", CJK | NAME_END | ESTATE_START | VILLAGE),
    ("自地盟胡", CJK | SUFFIX_START),
    ("大", CJK | SUFFIX_START | ESTATE_START),
    ("小花公广家新社中苑园城府庭阁湾邸院", CJK | ESTATE_START),
];

/// Slots of [`CLASS_TABLE`]: a multiplier under which the 44 marked characters fall into
/// distinct slots of 128 (checked when the table is built, at compile time).
const CLASS_MUL: u32 = 0x82BB_3CC3;

#[inline]
const fn class_slot(c: u32) -> usize {
    (c.wrapping_mul(CLASS_MUL) >> 25) as usize
}

/// The marked characters by [`class_slot`]: `(code point, classes)`, `(0, 0)` for an
/// empty slot. A perfect hash: one load and one compare per character, where a `match`
/// over 44 code points is a tree of branches that the characters of an address take
/// unpredictably.
static CLASS_TABLE: [(u32, u8); 128] = {
    let mut t = [(0u32, 0u8); 128];
    let mut g = 0;
    while g < MARKED.len() {
        let (chars, k) = MARKED[g];
        let b = chars.as_bytes();
        let mut i = 0;
        // three-byte UTF-8 sequences (all the marked characters are in the BMP ideographs)
        while i + 2 < b.len() {
            let c = ((b[i] as u32 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F);
            let at = class_slot(c);
            assert!(t[at].0 == 0, "class table collision");
            t[at] = (c, k);
            i += 3;
        }
        g += 1;
    }
    t
};

/// The classes of `c`: a marked character's from [`CLASS_TABLE`], else CJK or LETTER or
/// nothing (tested against [`class_reference`]).
#[cfg(test)]
fn class(c: char) -> u8 {
    class_of(c as u32)
}

/// [`class`] of a code point.
#[inline]
fn class_of(c: u32) -> u8 {
    let (key, k) = CLASS_TABLE[class_slot(c)];
    // `is_cjk` on the code point
    let cjk = matches!(c, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF);
    let letter = c < 0x80 && (c as u8).is_ascii_alphabetic();
    let base = if cjk { CJK } else { u8::from(letter) * LETTER };
    if key == c { k } else { base }
}

/// The character at byte `i` of `s` as a code point, and its byte length: characters of
/// three bytes (the Chinese ones) and ASCII are read from their bytes, the others through
/// `chars` (`None` at the end of the text). (The text from `i` is taken once and matched
/// by its length: one bounds test, where `get(i..i + 3)` tested for overflow as well, and
/// the digits and punctuation around addresses and names skip the general decoder.)
#[inline]
pub(super) fn code_at(s: &str, i: usize) -> Option<(u32, usize)> {
    match *s.as_bytes().get(i..)? {
        [x, y, z, ..] if x & 0xF0 == 0xE0 => {
            Some(((u32::from(x) & 0x0F) << 12 | (u32::from(y) & 0x3F) << 6 | (u32::from(z) & 0x3F), 3))
        }
        [x, ..] if x < 0x80 => Some((u32::from(x), 1)),
        _ => s.get(i..)?.chars().next().map(|c| (c as u32, c.len_utf8())),
    }
}

/// The simple definition of [`class`].
#[cfg(test)]
fn class_reference(c: char) -> u8 {
    if c.is_ascii_alphabetic() {
        return LETTER;
    }
    if !is_cjk(c) {
        return 0;
    }
    let mut k = CJK;
    if suffix_char(c) {
        k |= NAME_END;
    }
    if starts_suffix(c) {
        k |= SUFFIX_START;
    }
    if starts_estate(c) {
        k |= ESTATE_START;
    }
    if matches!(c, '号' | '栋' | '幢' | '座' | '楼' | '层' | '室' | '单' | '元') {
        k |= BUILDING;
    }
    if c == '村' {
        k |= VILLAGE;
    }
    k
}

/// The characters any of the name scans (town, street, village street, estate) looks at, at
/// one position: their byte offsets from there and their classes, decoded once and
/// classified once. The run stops after the first character that is neither CJK nor a
/// letter (every scan stops there) or after [`RUN`] characters (the longest scan, an
/// estate, looks at 13).
struct Run {
    pos: usize,
    len: usize,
    at: [u8; RUN],
    class: [u8; RUN],
}

const RUN: usize = 13;

impl Run {
    /// No run yet (a position no text has).
    const EMPTY: Run = Run { pos: usize::MAX, len: 0, at: [0; RUN], class: [0; RUN] };

    #[cfg(test)]
    fn new(s: &str, pos: usize) -> Run {
        let mut run = Run::EMPTY;
        run.fill(s, pos);
        run
    }

    /// Makes this the run at `pos` of `s`, in place (the memo of [`part_run`] is refilled
    /// rather than a new run built and copied into it).
    fn fill(&mut self, s: &str, pos: usize) {
        let run = self;
        run.pos = pos;
        run.len = 0;
        let mut i = 0;
        while run.len < RUN
            && let Some((c, w)) = code_at(s, pos + i)
        {
            let k = class_of(c);
            // at most 13 characters of 4 bytes: the offsets fit a byte
            run.at[run.len] = i as u8;
            run.class[run.len] = k;
            run.len += 1;
            i += w;
            if k & (CJK | LETTER) == 0 {
                break;
            }
        }
    }

    /// The characters: (index, byte offset, classes).
    fn chars(&self) -> impl Iterator<Item = (usize, usize, u8)> + '_ {
        let n = self.len.min(RUN);
        self.at[..n].iter().zip(&self.class[..n]).enumerate().map(|(k, (&i, &c))| (k, i as usize, c))
    }

    /// [`generic`] of the text `b` the run was taken from, with the suffixes as patterns
    /// (see [`suffixes`]).
    fn generic(&self, b: &[u8], max: usize, suffixes: &[Suffix]) -> Option<usize> {
        for (k, i, cl) in self.chars() {
            if k > 0
                && cl & SUFFIX_START != 0
                && let Some(n) = suffix_in(word_at(b, i), suffixes)
            {
                return Some(i + n);
            }
            if k >= max || cl & CJK == 0 || cl & NAME_END != 0 {
                return None;
            }
        }
        None
    }

    /// [`village_street`] of the text `b` the run was taken from.
    fn village_street(&self, b: &[u8]) -> Option<usize> {
        for (k, i, cl) in self.chars() {
            if cl & VILLAGE != 0 {
                let end = i + '村'.len_utf8();
                let rest = word_at(b, end);
                let town = const { suffixes(["街道"])[0] };
                if k == 0 || rest & town.mask == town.pat {
                    return None;
                }
                return Some(end + suffix_in(rest, &const { suffixes(STREET_LIST) })?);
            }
            if k >= 6 || cl & CJK == 0 || cl & NAME_END != 0 {
                return None;
            }
        }
        None
    }

    /// [`estate`] of the text `b` the run was taken from.
    fn estate(&self, b: &[u8]) -> Option<usize> {
        let mut best = None;
        for (k, i, cl) in self.chars() {
            if k > 0
                && cl & ESTATE_START != 0
                && let Some(n) = suffix_in(word_at(b, i), &const { suffixes(ESTATE_LIST) })
            {
                best = Some(i + n);
            }
            if k >= 12 || cl & (CJK | LETTER) == 0 || cl & BUILDING != 0 {
                break;
            }
        }
        best
    }
}

/// [`part`] for the scans of a [`Run`]: `f(text from the position, its run)`; the run of a
/// position is kept in `memo` for the next scan there.
#[inline(always)]
fn part_run(s: &str, pos: usize, memo: &mut Run, f: impl Fn(&[u8], &Run) -> Option<usize>) -> Option<usize> {
    // [`part_at`] written out, so that the scan `f` is inlined here rather than called
    // through a closure per position
    let b = s.as_bytes();
    if let Some(n) = f(b.get(pos..)?, run_for(s, pos, memo)).filter(|&n| n > 0) {
        return Some(pos + n);
    }
    if b.get(pos) != Some(&b' ') {
        return None;
    }
    f(b.get(pos + 1..)?, run_for(s, pos + 1, memo)).filter(|&n| n > 0).map(|n| pos + 1 + n)
}

/// The run at `at`, from `memo` when it was taken there already.
#[inline(always)]
fn run_for<'m>(s: &str, at: usize, memo: &'m mut Run) -> &'m Run {
    if memo.pos != at {
        memo.fill(s, at);
    }
    memo
}

/// A county-level name not in the lists: two to six characters + 区/县/旗/市, not a
/// campus or estate (社区, 景区, 园区).
fn generic_district(s: &str) -> Option<usize> {
    let n = generic(s, 6, DISTRICT_SUFFIXES)?;
    let mut name = s[..n].chars().rev().skip(1);
    let before = name.next()?;
    (name.next().is_some() && !NOT_DISTRICT.contains(before)).then_some(n)
}

/// True when another address part follows (used to accept a generic `…市`).
fn continues(s: &str) -> bool {
    let s = s.strip_prefix(' ').unwrap_or(s);
    district_at(s).is_some() || generic_district(s).is_some() || generic(s, 8, STREET_SUFFIXES).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(s: &str) -> Option<usize> {
        Some(s.len())
    }

    #[test]
    fn character_classes_agree_with_the_lists() {
        for c in SUFFIX_CHARS.chars() {
            assert!(suffix_char(c), "{c}");
        }
        assert_eq!(SUFFIX_CHARS.chars().count(), 22);
        let lists = [CITY_SUFFIXES, DISTRICT_SUFFIXES, TOWN_SUFFIXES, STREET_SUFFIXES];
        for suf in lists.iter().flat_map(|l| l.iter()) {
            assert!(starts_suffix(suf.chars().next().unwrap_or(' ')), "{suf}");
        }
        for suf in ESTATE_SUFFIXES {
            assert!(starts_estate(suf.chars().next().unwrap_or(' ')), "{suf}");
        }
    }

    proptest::proptest! {
        /// The one-match classes agree with the predicates, on any character and on every
        /// marked one.
        #[test]
        fn classes_agree_with_the_predicates(c in proptest::char::any()) {
            proptest::prop_assert_eq!(class(c), class_reference(c), "{:?}", c);
        }
    }

    #[test]
    fn classes_of_the_marked_characters() {
        let marked =
            "省市区县旗镇乡路街道巷弄号村栋幢座楼层室单元自地盟大胡小花公广家新社中苑园城府庭阁湾邸院";
        for c in marked.chars().chain("aZ0 ,é一龥㐀豈".chars()) {
            assert_eq!(class(c), class_reference(c), "{c}");
        }
    }

    proptest::proptest! {
        /// The generic name scan by character class agrees with its simple definition, for
        /// every suffix list, on names, suffixes, building parts, letters, digits and other
        /// scripts.
        #[test]
        fn generic_agrees_with_the_simple_definition(
            s in "[杭州西湖文三中关村大街道路镇乡市区县旗盟自治州地号栋单元小花园Ab1 ,é𝄞]{0,12}",
            max in 0usize..9,
        ) {
            for list in [CITY_SUFFIXES, DISTRICT_SUFFIXES, TOWN_SUFFIXES, STREET_SUFFIXES, ESTATE_SUFFIXES] {
                proptest::prop_assert_eq!(generic(&s, max, list), generic_reference(&s, max, list), "{:?}", s);
            }
        }
    }

    #[test]
    fn numeral_bytes_agree_with_numeral_on_every_three_byte_character() {
        for c in ('\u{800}'..='\u{FFFF}').filter(|c| c.len_utf8() == 3) {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(numeral_bytes(b[0], b[1], b[2]), numeral(c), "{c}");
        }
    }

    proptest::proptest! {
        /// The decoding of [`code_at`] agrees with `chars` at every position of any text.
        #[test]
        fn code_at_agrees_with_chars(s in "\\PC{0,12}") {
            for (i, c) in s.char_indices() {
                proptest::prop_assert_eq!(code_at(&s, i), Some((c as u32, c.len_utf8())));
            }
            proptest::prop_assert_eq!(code_at(&s, s.len()), None);
        }
    }

    /// The suffix groups the address grammar tries after a number.
    const NUMBERED_SUFFIXES: &[&[&str]] =
        &[&DUAN, &STREET_NO, &HOUSE_NO, &BUILDING_NO, &UNIT_NO, &FLOOR_NO, &ROOM_NO];

    /// The patterns of [`NUMBERED_SUFFIXES`], group by group.
    fn numbered_patterns(group: usize) -> Vec<Suffix> {
        NUMBERED_SUFFIXES[group].iter().map(|s| suffixes([*s])[0]).collect()
    }

    proptest::proptest! {
        /// The byte-wise number scan and suffix match agree with their simple definitions.
        #[test]
        fn number_and_suffix_agree_with_the_simple_definitions(
            s in "[0-9０９一二十百零〇AB之号院楼单元室 -aé]{0,10}",
        ) {
            proptest::prop_assert_eq!(number(s.as_bytes()), number_reference(&s));
            for suffixes in NUMBERED_SUFFIXES.iter().chain([STREET_SUFFIXES, ESTATE_SUFFIXES, CITY_SUFFIXES].iter()) {
                let want = suffixes.iter().find(|suf| s.starts_with(*suf)).map(|suf| suf.len());
                proptest::prop_assert_eq!(suffix_at(s.as_bytes(), suffixes), want);
            }
            // the one-word match, at every position (the text ends within the word there)
            for (i, _) in s.char_indices() {
                for (g, list) in NUMBERED_SUFFIXES.iter().enumerate() {
                    let want = list.iter().find(|suf| s[i..].starts_with(*suf)).map(|suf| suf.len());
                    proptest::prop_assert_eq!(suffix_in(word_at(s.as_bytes(), i), &numbered_patterns(g)), want, "{:?} {}", s, i);
                }
            }
        }

        /// Numbered parts with the shared number parse (tried in any order, at any position,
        /// with a memo left from another position) agree with [`part`] over the simple
        /// [`numbered_reference`].
        #[test]
        fn numbered_parts_agree_with_the_simple_definition(
            s in "[0-9３一十百零AB之号院號楼栋单元层室房段 -x]{0,12}",
            picks in proptest::collection::vec((0usize..14, 0usize..7), 1..8),
        ) {
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let mut memo = None;
            for (at, group) in picks {
                let pos = bounds[at % bounds.len()];
                let suffixes = NUMBERED_SUFFIXES[group];
                let want = part(&s, pos, |r| numbered_reference(r, suffixes));
                let got = numbered_part(&s, pos, &numbered_patterns(group), &mut memo);
                proptest::prop_assert_eq!(got, want, "{:?} {}", s, pos);
            }
        }
    }

    proptest::proptest! {
        /// The place parts looked up by position through one memo agree with [`part`] over
        /// the plain matchers, at any position, with or without a space before the part.
        #[test]
        fn place_parts_by_position_agree_with_part(
            s in "[浙江省杭州市西湖区北京朝阳上海内蒙古自治区甘孜藏族州文三路100号 ,a]{0,12}",
            picks in proptest::collection::vec((0usize..16, 0usize..3), 1..10),
        ) {
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let mut places = PlaceMemo::new(&s);
            for (at, kind) in picks {
                let pos = bounds[at % bounds.len()];
                let (got, want) = match kind {
                    0 => (part_at(&s, pos, |p| places.province(p)), part(&s, pos, province_at)),
                    1 => (part_at(&s, pos, |p| places.city(p)), part(&s, pos, city_at)),
                    _ => (part_at(&s, pos, |p| places.district(p)), part(&s, pos, district_at)),
                };
                proptest::prop_assert_eq!(got, want, "{:?} {} {}", s, pos, kind);
            }
        }
    }

    proptest::proptest! {
        /// The scans over a shared run agree with their simple definitions at any position
        /// (and [`part_run`] with [`part`], the run memo carried across positions).
        #[test]
        fn run_scans_agree_with_the_simple_definitions(
            s in "[杭州西湖文三中关村大街道路镇乡市区县阳光花园小区号栋单元AB1 ,é]{0,16}",
            picks in proptest::collection::vec((0usize..18, 0usize..8), 1..10),
        ) {
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let mut memo = Run::EMPTY;
            for (at, max) in picks {
                let pos = bounds[at % bounds.len()];
                let run = Run::new(&s, pos);
                let (r, b) = (&s[pos..], &s.as_bytes()[pos..]);
                for list in [DISTRICT_SUFFIXES, TOWN_SUFFIXES, STREET_SUFFIXES] {
                    let patterns: Vec<Suffix> = list.iter().map(|x| suffixes([*x])[0]).collect();
                    proptest::prop_assert_eq!(run.generic(b, max, &patterns), generic_reference(r, max, list), "{:?}", r);
                }
                proptest::prop_assert_eq!(run.village_street(b), village_street(r), "{:?}", r);
                proptest::prop_assert_eq!(run.estate(b), estate(r), "{:?}", r);
                let got = part_run(&s, pos, &mut memo, |b, run| run.generic(b, 8, &const { suffixes(STREET_LIST) }).or_else(|| run.village_street(b)));
                let want = part(&s, pos, |r| generic(r, 8, STREET_SUFFIXES).or_else(|| village_street(r)));
                proptest::prop_assert_eq!(got, want, "{:?} {}", s, pos);
                let got = part_run(&s, pos, &mut memo, |b, run| run.estate(b));
                proptest::prop_assert_eq!(got, part(&s, pos, estate), "{:?} {}", s, pos);
            }
        }
    }

    #[test]
    fn address_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("浙江省杭州市西湖区文三路100号", len("浙江省杭州市西湖区文三路100号")),
            ("杭州市西湖区文三路100号\"", len("杭州市西湖区文三路100号")),
            ("广东省深圳市南山区科技园南区深南大道9988号", len("广东省深圳市南山区科技园")),
            ("广东省深圳市南山区深南大道9988号", len("广东省深圳市南山区深南大道9988号")),
            (
                "江苏省南京市鼓楼区中山北路200号阳光花园3栋2单元501室",
                len("江苏省南京市鼓楼区中山北路200号阳光花园3栋2单元501室"),
            ),
            ("北京市朝阳区建国路88号SOHO现代城A座1201室", len("北京市朝阳区建国路88号SOHO现代城A座1201室")),
            ("上海市浦东新区张江镇祖冲之路887弄", len("上海市浦东新区张江镇祖冲之路887弄")),
            ("河北省石家庄市长安区中山东路39号，电话", len("河北省石家庄市长安区中山东路39号")),
            ("四川成都武侯区人民南路四段11号", len("四川成都武侯区人民南路四段11号")),
            ("湖南省长沙市岳麓区", len("湖南省长沙市岳麓区")),
            ("南京路100号", len("南京路100号")),
            (
                "洛阳市栾川县新华街381号万科城公寓18栋1单元1601室",
                len("洛阳市栾川县新华街381号万科城公寓18栋1单元1601室"),
            ),
            ("吉林市龙潭区长江北路281号华府花园4栋", len("吉林市龙潭区长江北路281号华府花园4栋")),
            ("成都市武侯区人民南路1号阳光小区东门", len("成都市武侯区人民南路1号阳光小区")),
            // an estate with no estate suffix, proved by the building number after it
            ("江西省南昌市红谷滩区黄河路111号幸福里23层", len("江西省南昌市红谷滩区黄河路111号幸福里23层")),
            (
                "贵州省毕节市纳雍县天府大道758号东方名都17栋1单元2004室",
                len("贵州省毕节市纳雍县天府大道758号东方名都17栋1单元2004室"),
            ),
            ("上海市闵行区长江路655号东方名都，谢谢", len("上海市闵行区长江路655号")),
            ("上海市闵行区长江路655号东方名都的23层", len("上海市闵行区长江路655号")),
            ("广州市天河区体育西路 123号 2单元501", len("广州市天河区体育西路 123号 2单元501")),
            // a street named after a village or estate (中关村大街) is a street, and a
            // village is still a village
            ("北京市海淀区中关村大街27号", len("北京市海淀区中关村大街27号")),
            ("北京市海淀区中关村大街27号，电话", len("北京市海淀区中关村大街27号")),
            ("上海市闵行区新村路88号", len("上海市闵行区新村路88号")),
            ("广州市海珠区南村路12号", len("广州市海珠区南村路12号")),
            ("北京市海淀区中关村", len("北京市海淀区中关村")),
            ("浙江省杭州市西湖区某某村3组", len("浙江省杭州市西湖区某某村")),
            ("山东省青岛市李沧区李村街道", len("山东省青岛市李沧区李村")),
            // fake but well-formed places still follow the grammar
            ("山东省桂英市清城区马鞍山路12号", len("山东省桂英市清城区马鞍山路12号")),
            // not addresses
            ("浙江省", None),
            ("杭州市", None),
            ("文三路", None),
            ("张伟", None),
            ("订单号123号", None),
            ("hello", None),
            ("", None),
            // running text
            ("一切社区这里", None),
            ("地区说明社区", None),
            ("学生市场客户这里", None),
            ("去上海看看", None),
        ];
        for (s, want) in cases {
            assert_eq!(address_at(s), *want, "address_at({s:?})");
        }
    }
}

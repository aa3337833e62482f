//! Person names: Chinese (1002 simplified / 1016 traditional) and English (1017).
//!
//! A Chinese name is a known surname (single or compound, either script) followed by a
//! one- or two-character given name. It is traditional (1016) when any of its characters
//! is traditional-only (its simplified form differs: 陳 張 華 麗). Three strengths:
//!
//! - [`chinese_name_at`] — the value of a name field: the name must be the whole Chinese
//!   run (`张伟"` yes, `张伟明天见` no) and its given name must not hold words like 的 / 先生;
//! - [`chinese_name_in_text_at`] — after a phrase such as `联系人：` in running text, where the
//!   name may run straight into the next word (`张伟电话138…`);
//! - [`chinese_name_strict_at`] — with no context at all: common surname, every given
//!   character common in names, not a place or a common word.
//!
//! An English name is `First Last`, `First M. Last`, `First Middle Last` (title case) or
//! `LAST FIRST` / `FIRST LAST` (capitals), each word from the census-based lists.
//!
//! Input: text starting at the candidate. Output: the byte length of the name (and for
//! Chinese names whether it is traditional).

use super::address::code_at;
#[cfg(test)]
use super::data_lines;
#[cfg(test)]
use super::is_cjk;
use super::{LineSet, first_char, is_cjk_code};
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

const SURNAMES: &str = include_str!("data/surnames.txt");
const GIVEN_CHARS: &str = include_str!("data/given_chars.txt");
const TRAD_ONLY: &str = include_str!("data/trad_only.txt");
const EN_FIRST: &str = include_str!("data/en_first.txt");
const EN_LAST: &str = include_str!("data/en_last.txt");

/// Characters that never (or almost never) belong to a given name but often follow a
/// surname-like character in text: function words, titles, field words.
const NOT_GIVEN: &str = "的了是在有和与或及等被把对从到向于之也都就还又再很最更不没无非未已个们这那哪什么吗呢吧啊\
呀省市区县州路街镇乡村号电话手机码证性别女年日岁址住邮箱编名姓先老总经理师傅董局处科长您你我他她它谢请\
元角分块钱价格单订购买卖送收寄货件份次第";
/// Surnames that are also everyday words; a context-free name must not start with them.
const AMBIGUOUS_SURNAMES: &str = "和都时于从能国经后公通空文家全成明向计别终双东那但由信位利来区海相查原平路应花\
司车高金白黑红蓝黄水山石田方万常安强连包单关向任温马钱龙云江周程商何习史章谢须闻门费索容况华乐养";
/// The everyday-word surnames that are among the most frequent surnames: with a given
/// name of name characters only, as a whole value, they are names (何岩, 黄雷楠).
const FREQUENT_SURNAMES: &str = "何黄马高金周程方田江谢万白石龙钱史章温常安任关连包云华";
/// Common words that begin with a surname character (不是人名).
const COMMON_WORDS: &[&str] = &[
    "东方", "南方", "北方", "西方", "方向", "方法", "方式", "方案", "方面", "高级", "高速", "高度", "高端",
    "高清", "金额", "金融", "黄金", "白色", "黑色", "红色", "蓝色", "绿色", "黄色", "文件", "文本", "文字",
    "文章", "时间", "明天", "明细", "中文", "中国", "中心", "中间", "王者", "周末", "周期", "钱包", "江湖",
    "常用", "常见", "安全", "安装", "成功", "成本", "程序", "于是", "余额", "应用", "平安", "平台", "管理",
    "车辆", "车型", "车主", "车位", "关闭", "关于", "关注", "关键", "石油", "马上", "毛利", "温度", "任务",
    "任何", "连接", "连续", "全部", "全国", "强制", "计划", "计算", "单位", "单价", "包括", "包装", "华为",
    "华人", "韩国", "宋体", "黎明", "朱红", "金色", "雷达", "雷电", "云端", "云盘", "林业", "花园", "白天",
    "黑夜", "高兴", "万一", "万元", "史上", "唐朝", "宋朝", "明朝", "秦朝", "汉朝", "周围", "周边", "钟表",
    "钟点", "司机", "司法", "曹操", "孔子", "孟子", "老子", "庄子", "通知", "通过", "通用", "信息", "信用",
    "利用", "利息", "利润", "原因", "原来", "原价", "查询", "查看", "路由", "路线", "海外", "海关", "海报",
    "花费", "相关", "相同", "区域", "区别", "来源", "来自", "位置", "向导", "能力", "能源", "国家", "国际",
    "公司", "公共", "公开", "公告", "家庭", "家居", "全称", "成员", "成长", "明星", "明确", "水平", "水果",
    "山东", "山西", "石头", "田园", "万达", "常州", "安徽", "江苏", "江西", "龙门", "云南", "马来", "黄山",
    "黄河", "长江", "欧美", "欧洲", "武汉", "武器", "苏州", "杭州", "温州", "贺卡", "邵阳", "汤圆", "朱砂",
    "杨柳", "柳树", "梅花", "兰花", "菊花", "桂花", "莲花", "宁静", "安静", "康复", "乐观", "快乐", "欢乐",
    "游戏", "游客", "简单", "简介", "简体", "繁体", "余下", "舒适", "支付", "支持", "管家", "卫生", "卫星",
    "项目", "祝福", "陆地", "邱比", "毕业", "任意", "丁香", "冷静", "冷却", "危险", "富有", "富贵", "满意",
    "满足", "巴士", "易用", "和平", "文明", "海洋", "国庆", "利益", "向往", "公平", "原则", "相信", "信任",
    "通信", "能源", "家乡", "明亮", "平静", "安宁", "海燕", "东风", "来宾", "应急", "路灯", "东西", "商品",
];

/// Two-word place names and phrases whose words happen to be in the name lists.
const EN_NOT_NAMES: &[(&str, &str)] = &[
    ("hong", "kong"),
    ("new", "york"),
    ("san", "jose"),
    ("san", "diego"),
    ("santa", "clara"),
    ("santa", "monica"),
    ("santa", "barbara"),
    ("santa", "ana"),
    ("santa", "fe"),
    ("san", "antonio"),
    ("san", "francisco"),
    ("el", "paso"),
    ("las", "vegas"),
    ("los", "angeles"),
    ("long", "beach"),
    ("kuala", "lumpur"),
    ("sri", "lanka"),
    ("costa", "rica"),
    ("puerto", "rico"),
    ("new", "jersey"),
    ("new", "mexico"),
    ("rhode", "island"),
    ("virginia", "beach"),
    ("grand", "total"),
    ("ho", "chi"),
    ("lee", "county"),
    ("jackson", "hole"),
];

/// Per-character flags of the Chinese-name rules (one table look-up per character).
const F_GIVEN: u8 = 1;
const F_TRAD: u8 = 2;
const F_NOT_GIVEN: u8 = 4;
const F_AMBIGUOUS: u8 = 8;
const F_FREQUENT: u8 = 16;
/// A surname of one character (a line of [`SURNAMES`]).
const F_SURNAME: u8 = 32;
/// The first character of a surname of several characters (上 of 上官): only after it can
/// the look-up of a compound surname succeed.
const F_HEAD: u8 = 64;
/// The first character of a [`COMMON_WORDS`] entry: only a candidate starting with it can
/// be one. (Kept apart from [`F_HEAD`], so that 王, 周, 黄 … ask neither set what does not
/// concern them.)
const F_WORD_HEAD: u8 = 128;

/// First and last code point of the dense part of [`CharFlags`] (CJK extension A and the
/// basic block).
const DENSE: (u32, u32) = (0x3400, 0x9FFF);

/// Flags per character: a dense table over [`DENSE`], a short list for the rest; built at
/// compile time from the lists (so no process pays for it on first use).
struct CharFlags {
    dense: [u8; DENSE_LEN],
    /// `(code point, flags)` of the listed characters outside [`DENSE`], filled from the
    /// front; unused entries 0.
    other: [(u32, u8); OTHER_MAX],
    /// The smallest code point of `other` (`u32::MAX` when it is empty): characters below
    /// it — ASCII, punctuation, every common character outside [`DENSE`] — are answered
    /// without walking `other` (the listed ones are rare extension-B characters).
    other_min: u32,
}

const DENSE_LEN: usize = (DENSE.1 - DENSE.0 + 1) as usize;
/// Room for the listed characters outside [`DENSE`] (checked at compile time).
const OTHER_MAX: usize = 128;

/// The code point starting at byte `i` of the UTF-8 `b`, and its byte length.
const fn decode_at(b: &[u8], i: usize) -> (u32, usize) {
    let c = b[i] as u32;
    if c < 0x80 {
        (c, 1)
    } else if c < 0xE0 {
        (((c & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
    } else if c < 0xF0 {
        (((c & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F), 3)
    } else {
        let hi = ((c & 0x07) << 18) | ((b[i + 1] as u32 & 0x3F) << 12);
        (hi | ((b[i + 2] as u32 & 0x3F) << 6) | (b[i + 3] as u32 & 0x3F), 4)
    }
}

impl CharFlags {
    /// Sets `f` on every character of `text[s..e]`.
    const fn set_range(mut self, text: &[u8], s: usize, e: usize, f: u8) -> Self {
        let mut i = s;
        while i < e {
            let (k, n) = decode_at(text, i);
            if k >= DENSE.0 && k <= DENSE.1 {
                self.dense[(k - DENSE.0) as usize] |= f;
            } else {
                let mut j = 0;
                while self.other[j].0 != 0 && self.other[j].0 != k {
                    j += 1;
                }
                assert!(j + 1 < OTHER_MAX);
                self.other[j].0 = k;
                self.other[j].1 |= f;
            }
            i += n;
        }
        self
    }

    /// Sets `f` on every character of the lines of `text` as [`data_lines`] yields them.
    const fn set_lines(mut self, text: &str, f: u8) -> Self {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (s, e, next) = super::data_line(b, i);
            if e > s {
                self = self.set_range(b, s, e, f);
            }
            i = next;
        }
        self
    }

    /// Sets [`F_SURNAME`] on the one-character lines of `text` and [`F_HEAD`] on the first
    /// character of the longer ones.
    const fn set_surnames(mut self, text: &str) -> Self {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (s, e, next) = super::data_line(b, i);
            if e > s {
                let n = decode_at(b, s).1;
                self = if s + n == e {
                    self.set_range(b, s, e, F_SURNAME)
                } else {
                    self.set_range(b, s, s + n, F_HEAD)
                };
            }
            i = next;
        }
        self
    }

    /// Sets [`F_WORD_HEAD`] on the first character of every word of `words`.
    const fn set_heads(mut self, words: &[&str]) -> Self {
        let mut k = 0;
        while k < words.len() {
            let b = words[k].as_bytes();
            if !b.is_empty() {
                self = self.set_range(b, 0, decode_at(b, 0).1, F_WORD_HEAD);
            }
            k += 1;
        }
        self
    }

    /// Sets `f` on every character of `text`.
    const fn set_all(self, text: &str, f: u8) -> Self {
        self.set_range(text.as_bytes(), 0, text.len(), f)
    }

    /// Records the smallest code point of `other` (the last step of building the table).
    const fn finish(mut self) -> Self {
        let mut j = 0;
        self.other_min = u32::MAX;
        while j < OTHER_MAX && self.other[j].0 != 0 {
            if self.other[j].0 < self.other_min {
                self.other_min = self.other[j].0;
            }
            j += 1;
        }
        self
    }

    #[inline]
    fn get(&self, c: char) -> u8 {
        self.get_code(c as u32)
    }

    /// [`CharFlags::get`] of the code point `k` (as [`super::address::code_at`] reads it).
    #[inline]
    fn get_code(&self, k: u32) -> u8 {
        if (DENSE.0..=DENSE.1).contains(&k) {
            self.dense.get((k - DENSE.0) as usize).copied().unwrap_or(0)
        } else if k < self.other_min {
            0
        } else {
            self.other.iter().take_while(|o| o.0 != 0).find(|o| o.0 == k).map_or(0, |o| o.1)
        }
    }

    /// [`CharFlags::get`] by walking the whole of `other` (its simple definition).
    #[cfg(test)]
    fn get_by_walk(&self, c: char) -> u8 {
        let k = c as u32;
        if (DENSE.0..=DENSE.1).contains(&k) {
            self.dense[(k - DENSE.0) as usize]
        } else {
            self.other.iter().find(|o| o.0 == k && k != 0).map_or(0, |o| o.1)
        }
    }
}

/// The per-character flags of the name lists.
static FLAGS: CharFlags = CharFlags { dense: [0; DENSE_LEN], other: [(0, 0); OTHER_MAX], other_min: 0 }
    .set_lines(GIVEN_CHARS, F_GIVEN)
    .set_lines(TRAD_ONLY, F_TRAD)
    .set_all(NOT_GIVEN, F_NOT_GIVEN)
    .set_all(AMBIGUOUS_SURNAMES, F_AMBIGUOUS)
    .set_all(FREQUENT_SURNAMES, F_FREQUENT)
    .set_surnames(SURNAMES)
    .set_heads(COMMON_WORDS)
    .finish();

struct Names {
    common_words: HashSet<&'static str>,
}

/// The name lists, hashed at compile time (see [`LineSet`]; about a second of compile time,
/// hence the allowed lint).
#[allow(long_running_const_eval)]
static SURNAME_SET: LineSet<2048> = LineSet::new(SURNAMES);
/// The English lists as line sets: the simple definition [`EN_NAMES`] is tested against.
#[cfg(test)]
#[allow(long_running_const_eval)]
static EN_FIRST_SET: LineSet<32768> = LineSet::new(EN_FIRST);
#[cfg(test)]
#[allow(long_running_const_eval)]
static EN_LAST_SET: LineSet<65536> = LineSet::new(EN_LAST);

static NAMES: LazyLock<Names> =
    LazyLock::new(|| Names { common_words: COMMON_WORDS.iter().copied().collect() });

/// True when `c` is a traditional-only character (its simplified form is different).
pub fn is_traditional_only(c: char) -> bool {
    FLAGS.get(c) & F_TRAD != 0
}

/// The surname candidates at the start of `s` (compound first), as byte lengths, and the
/// flags of its first character. A one-character surname is a flag of that character; the
/// set of names is asked only about two characters whose first may start a compound one.
/// (The simple definition: [`surnames_at_by_set`].) Now only the former reader's: [`chinese`]
/// asks the same on the characters it decoded.
#[cfg(test)]
fn surnames_at(s: &str) -> ([Option<usize>; 2], u8) {
    let mut it = s.chars();
    let Some(c) = it.next() else { return ([None, None], 0) };
    let f = FLAGS.get(c);
    let one = c.len_utf8();
    let compound = if f & F_HEAD != 0 {
        it.next().map(|d| one + d.len_utf8()).filter(|&e| SURNAME_SET.contains(&s[..e]))
    } else {
        None
    };
    ([compound, (f & F_SURNAME != 0).then_some(one)], f)
}

/// The surname candidates at the start of `s` by look-ups in the set of names.
#[cfg(test)]
fn surnames_at_by_set(s: &str) -> [Option<usize>; 2] {
    let mut it = s.char_indices().map(|(i, c)| i + c.len_utf8());
    let one = it.next();
    let two = it.next();
    let compound = two.filter(|&e| SURNAME_SET.contains(&s[..e]));
    let single = one.filter(|&e| SURNAME_SET.contains(&s[..e]));
    [compound, single]
}

/// How a candidate name must end and what its given name may hold.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Whole value of a name field.
    Value,
    /// Inside running text after a name phrase.
    Text,
    /// No context at all.
    Strict,
}

/// A Chinese name at the start of `s` under the rules of `mode` (see the module docs): its
/// byte length and whether it is traditional.
///
/// The text's first six characters (a compound surname, up to three characters after it
/// and the one after those: all the rules look at) are decoded and flagged once, and each
/// surname candidate is judged on those arrays. The former version
/// ([`chinese_by_chars`], which it is tested against) decoded them again for every
/// question. A text whose first character starts no surname costs one flag look-up.
fn chinese(s: &str, mode: Mode) -> Option<(usize, bool)> {
    // (the characters are read as code points straight from their bytes, three-byte ones
    // without the general UTF-8 decoder: a name is a handful of Chinese characters)
    let (c0, w0) = code_at(s, 0)?;
    let head = FLAGS.get_code(c0);
    if head & (F_SURNAME | F_HEAD) == 0 {
        return None;
    }
    // characters 0..n: their code points, flags, byte ends, whether they are CJK; the
    // decoding stops after the first character past the surname's first that is no CJK (the
    // rules look at none past it: the given name is CJK, and only that character is asked
    // about after it)
    let (mut ch, mut fl, mut ends, mut cjk) = ([0u32; 6], [0u8; 6], [0usize; 6], [false; 6]);
    (ch[0], fl[0], ends[0], cjk[0]) = (c0, head, w0, is_cjk_code(c0));
    let mut n = 1;
    let mut i = w0;
    while let Some((c, w)) = code_at(s, i) {
        i += w;
        (ch[n], fl[n], ends[n], cjk[n]) = (c, FLAGS.get_code(c), i, is_cjk_code(c));
        n += 1;
        if n == ch.len() || !cjk[n - 1] {
            break;
        }
    }
    // surname candidates as character counts, compound first
    let compound = head & F_HEAD != 0 && n >= 2 && SURNAME_SET.contains(&s[..ends[1]]);
    let single = head & F_SURNAME != 0;
    for k in [compound.then_some(2), single.then_some(1)].into_iter().flatten() {
        // a surname that is also an everyday word needs a given name of name characters
        // only (checked below for every strict match) and a whole value that is no word
        let sur_flags = if k == 1 { head } else { 0 };
        let ambiguous = mode == Mode::Strict && sur_flags & F_AMBIGUOUS != 0;
        if ambiguous && sur_flags & F_FREQUENT == 0 {
            continue;
        }
        // up to three characters of the Chinese run after the surname: k..k + g
        let mut g = 0;
        while g < 3 && k + g < n && cjk[k + g] {
            g += 1;
        }
        // (with fewer than three, the character after the run is none of its)
        let glued = || k + g < n && char::from_u32(ch[k + g]).is_some_and(char::is_alphanumeric);
        let Some(given_len) = given_len(mode, g, glued, |j| fl[k + j]) else {
            continue;
        };
        let chars = k + given_len;
        let end = ends[chars - 1];
        let word = &s[..end];
        // (a common word starts with a character flagged as its head; all are two long)
        let common = head & F_WORD_HEAD != 0 && chars == 2 && NAMES.common_words.contains(word);
        if common || is_place(word) || (ambiguous && !standalone_value(&s[end..])) {
            continue;
        }
        let trad = fl[..chars].iter().any(|f| f & F_TRAD != 0);
        return Some((end, trad));
    }
    None
}

/// The former [`chinese`], which decoded the text again for each question (the surname, the
/// given name, the character after it, the traditional test): the simple definition the
/// one-pass version is tested against.
#[cfg(test)]
fn chinese_by_chars(s: &str, mode: Mode) -> Option<(usize, bool)> {
    let (surnames, head) = surnames_at(s);
    for sur in surnames.into_iter().flatten() {
        // a surname that is also an everyday word needs a given name of name characters
        // only (checked below for every strict match) and a whole value that is no word
        let mut sur_chars = s[..sur].chars();
        let sur_flags = match (sur_chars.next(), sur_chars.next()) {
            (Some(c), None) => FLAGS.get(c),
            _ => 0,
        };
        let ambiguous = mode == Mode::Strict && sur_flags & F_AMBIGUOUS != 0;
        if ambiguous && sur_flags & F_FREQUENT == 0 {
            continue;
        }
        let rest = &s[sur..];
        // Up to three characters of the Chinese run after the surname.
        let mut ends = [0usize; 3];
        let mut chars = ['\0'; 3];
        let mut fl = [0u8; 3];
        let mut g = 0;
        for (i, c) in rest.char_indices() {
            if g == 3 || !is_cjk(c) {
                break;
            }
            chars[g] = c;
            fl[g] = FLAGS.get(c);
            ends[g] = i + c.len_utf8();
            g += 1;
        }
        let glued = || {
            first_char(&rest[if g > 0 { ends[g - 1] } else { 0 }..])
                .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c) || g == 3)
        };
        let Some(given_len) = given_len(mode, g, glued, |k| fl[k]) else {
            continue;
        };
        let end = sur + ends[given_len - 1];
        let word = &s[..end];
        // (a common word starts with a character flagged as its head)
        let common = head & F_WORD_HEAD != 0 && NAMES.common_words.contains(word);
        if common || is_place(word) || (ambiguous && !standalone_value(&s[end..])) {
            continue;
        }
        let trad = word.chars().any(|c| FLAGS.get(c) & F_TRAD != 0);
        return Some((end, trad));
    }
    None
}

/// True when a value ends at the start of `rest` (a quote, a field or text end): a name
/// that starts with an everyday word must be the whole value.
fn standalone_value(rest: &str) -> bool {
    rest.is_empty()
        || rest.starts_with(['"', '\'', ',', '}', ']', '&', ';', ' ', '\n', '\r', '\t', '，', '。'])
}

/// True when `word` is exactly a province or city name (杭州, 海南), which a name is not.
fn is_place(word: &str) -> bool {
    super::is_place_name(word)
}

/// A Chinese name that is the whole value of a name field (see the module docs).
/// Returns the byte length and whether it is traditional (1016) rather than simplified.
pub fn chinese_name_at(s: &str) -> Option<(usize, bool)> {
    chinese(s, Mode::Value)
}

/// A Chinese name in running text after a name phrase (`联系人：张伟，电话…`); the name may
/// run into the next word.
pub fn chinese_name_in_text_at(s: &str) -> Option<(usize, bool)> {
    chinese(s, Mode::Text)
}

/// How many of the `g` name characters after a surname make the given name, in `mode`
/// (`None`: no name with this surname). `flags(j)` are the `F_*` flags of the `j`-th of them;
/// `glued` tells whether the character after them glues onto the name (asked only for
/// values). The one rule behind both readings of a name in [`chinese`].
#[inline(always)]
fn given_len(mode: Mode, g: usize, glued: impl Fn() -> bool, flags: impl Fn(usize) -> u8) -> Option<usize> {
    let not_given = |j: usize| flags(j) & F_NOT_GIVEN != 0;
    let given = |j: usize| flags(j) & F_GIVEN != 0;
    match mode {
        Mode::Value | Mode::Strict => {
            if !(1..=2).contains(&g) || glued() || (0..g).any(not_given) {
                return None;
            }
            if mode == Mode::Strict && !(0..g).all(given) {
                return None;
            }
            Some(g)
        }
        Mode::Text => {
            // running text: the first given character must be one used in names
            if g == 0 || not_given(0) || !given(0) {
                return None;
            }
            Some(if g >= 2 && !not_given(1) && (g == 2 || given(1)) { 2 } else { 1 })
        }
    }
}

/// A Chinese name with no context: common surname, common given-name characters, not a
/// place or common word, and standing alone. Meant for values under neutral keys.
pub fn chinese_name_strict_at(s: &str) -> Option<(usize, bool)> {
    chinese(s, Mode::Strict)
}

/// Case of one English name word.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Case {
    Title,
    Upper,
    Initial,
}

/// One English name word as [`en_word`] reads it.
#[derive(Clone, Copy, PartialEq, Debug)]
struct Word {
    /// Its byte length.
    n: usize,
    case: Case,
    /// Letters only: no inner `'` / `-` (so [`is_last`] needs no look-up of its parts).
    plain: bool,
}

/// One English word at the start of `s`: letters with inner `'` / `-`; returns its length,
/// case and whether it is letters only (the name lists are looked up case-blind in the
/// text itself, so neither a copy nor a lower-cased one is made). Words longer than 32
/// bytes are refused.
fn en_word(s: &str) -> Option<Word> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_uppercase() {
        return None;
    }
    if b.get(1) == Some(&b'.') {
        return Some(Word { n: 2, case: Case::Initial, plain: false });
    }
    // letter runs joined by single `'` / `-` between letters
    let run = letter_run(b);
    let mut n = run;
    while n > 0 && matches!(b.get(n), Some(b'\'' | b'-')) && b.get(n + 1).is_some_and(u8::is_ascii_alphabetic)
    {
        n += 1 + letter_run(&b[n + 1..]);
    }
    // the byte after the word is no ASCII letter (the runs stopped there): it glues on as
    // a digit or `_`, or as the first byte of a non-ASCII letter (only then is it decoded)
    if !(2..=32).contains(&n)
        || b.get(n).is_some_and(|&c| {
            c.is_ascii_alphanumeric()
                || c == b'_'
                || (c >= 0x80 && first_char(&s[n..]).is_some_and(char::is_alphabetic))
        })
    {
        return None;
    }
    let word = &s[..n];
    let wb = word.as_bytes();
    let upper = !wb.iter().any(u8::is_ascii_lowercase);
    // Title case: lower case after the first letter, except after Mc / Mac / O' / a hyphen
    // (only words with a capital after the first letter need the full test).
    let title = !upper && (!wb[1..].iter().any(u8::is_ascii_uppercase) || title_tail(word));
    let case = if upper {
        Case::Upper
    } else if title {
        Case::Title
    } else {
        return None;
    };
    Some(Word { n, case, plain: n == run })
}

/// True when every letter of `word` after the first is lower case, except after Mc / Mac /
/// O' / a hyphen (`McDonald`, `O'Brien`, `Smith-Jones`): the title-case rule of [`en_word`].
fn title_tail(word: &str) -> bool {
    let b = word.as_bytes();
    b.iter().enumerate().skip(1).all(|(i, c)| {
        c.is_ascii_lowercase()
            || !c.is_ascii_alphabetic()
            || matches!(b[i - 1], b'\'' | b'-')
            || word[..i].eq_ignore_ascii_case("mc")
            || word[..i].eq_ignore_ascii_case("mac")
    })
}

/// The former [`en_word`], which lower-cased the word into a buffer: the definition the
/// case-blind version is tested against.
#[cfg(test)]
fn en_word_ref(s: &str, buf: &mut [u8; 32]) -> Option<(usize, Case, String)> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_uppercase() {
        return None;
    }
    if b.get(1) == Some(&b'.') {
        return Some((2, Case::Initial, String::new()));
    }
    let mut n = 0;
    while n < b.len()
        && (b[n].is_ascii_alphabetic()
            || (n > 0 && matches!(b[n], b'\'' | b'-') && b.get(n + 1).is_some_and(u8::is_ascii_alphabetic)))
    {
        if n == buf.len() {
            return None;
        }
        buf[n] = b[n].to_ascii_lowercase();
        n += 1;
    }
    if n < 2
        || b.get(n).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        || first_char(&s[n..]).is_some_and(char::is_alphabetic)
    {
        return None;
    }
    let word = &s[..n];
    let upper = word.bytes().all(|c| !c.is_ascii_lowercase());
    let title = !upper && title_tail(word);
    let case = if upper {
        Case::Upper
    } else if title {
        Case::Title
    } else {
        return None;
    };
    Some((n, case, std::str::from_utf8(&buf[..n]).ok()?.to_string()))
}

/// True when the word `b[..w.n]` (any case) is a listed given name.
#[inline]
fn is_first(b: &[u8], w: Word) -> bool {
    EN_NAMES.flags(b, w.n) & EN_F_FIRST != 0
}

/// True when the word `b[..w.n]` (any case) is a listed surname, or each of its hyphenated
/// parts is. A word of letters only is one look-up.
#[inline]
fn is_last(b: &[u8], w: Word) -> bool {
    EN_NAMES.flags(b, w.n) & EN_F_LAST != 0 || (!w.plain && is_last_joined(b.get(..w.n).unwrap_or_default()))
}

/// [`is_last`] of a word with an inner `'` or `-` (letters, `'`, `-`; at most 32 bytes).
#[cold]
fn is_last_joined(w: &[u8]) -> bool {
    let known = |p: &[u8]| {
        if EN_NAMES.flags(p, p.len()) & EN_F_LAST != 0 {
            return true;
        }
        // The census lists drop apostrophes: O'Brien is listed as obrien.
        let mut buf = [0u8; 32];
        let mut n = 0;
        for &c in p.iter().filter(|&&c| c != b'\'') {
            if let Some(x) = buf.get_mut(n) {
                *x = c;
                n += 1;
            }
        }
        n < p.len() && EN_NAMES.flags(&buf, n) & EN_F_LAST != 0
    };
    known(w) || (w.contains(&b'-') && w.split(|&c| c == b'-').all(known))
}

/// The former look-ups, in the line sets: the definition of [`is_first`].
#[cfg(test)]
fn is_first_ref(w: &str) -> bool {
    EN_FIRST_SET.contains_ignore_ascii_case(w.as_bytes())
}

/// The definition of [`is_last`].
#[cfg(test)]
fn is_last_ref(w: &str) -> bool {
    let known = |p: &str| {
        if EN_LAST_SET.contains_ignore_ascii_case(p.as_bytes()) {
            return true;
        }
        let q: String = p.chars().filter(|&c| c != '\'').collect();
        q.len() < p.len() && EN_LAST_SET.contains_ignore_ascii_case(q.as_bytes())
    };
    known(w) || (w.contains('-') && w.split('-').all(known))
}

/// The text after one word separator: a space, or `+` (a space in form encoding).
#[cfg(test)]
fn after_space(s: &str) -> Option<&str> {
    s.strip_prefix([' ', '+'])
}

/// An English name at the start of `s` (see the module docs); returns its byte length.
pub fn english_name_at(s: &str) -> Option<usize> {
    english(s, false, false)
}

/// An English name in running text with no key naming it (`… issued to Robert Randolph,`):
/// title case only (`First Last`, `First M. Last`, `First Middle Last`), the first word a
/// given name, the last a surname, and no capitalised word glued on after it (so it is not
/// the head of a longer proper noun such as a street or a company).
pub fn english_name_in_text_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    english_name_in_text_after(s, second_word_follows(b)?)
}

/// The first test of a name in running text, cheap enough to inline in the name pass: the
/// word at the start of `b` (letters with inner `'` / `-`) is followed by a word separator
/// and a capital, as the second word of every name in running text is. Most capitalised
/// words of running text start a sentence (`This is`) and fail here, so the pass calls
/// [`english_name_in_text_after`] only for the few others. Returns the length of the
/// leading run of ASCII letters, which the rest of the test reuses.
#[inline]
pub(crate) fn second_word_follows(b: &[u8]) -> Option<usize> {
    let n = letter_run(b);
    let mut m = n;
    while b.get(m).is_some_and(|&c| c.is_ascii_alphabetic() || c == b'\'' || c == b'-') {
        m += 1;
    }
    (matches!(b.get(m), Some(b' ' | b'+')) && b.get(m + 1).is_some_and(u8::is_ascii_uppercase)).then_some(n)
}

/// [`english_name_in_text_at`] once [`second_word_follows`] has passed: `n` is the length of
/// the run of ASCII letters at the start of `s` it returned. Out of line: few words get here.
#[inline(never)]
pub(crate) fn english_name_in_text_after(s: &str, n: usize) -> Option<usize> {
    let first_known = first_name_known(s.as_bytes(), n)?;
    let n = english(s, true, first_known)?;
    let rest = &s[n..];
    let next_cap = rest.strip_prefix(' ').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()));
    (!next_cap).then_some(n)
}

/// [`english_name_in_text_after`] at a word start `b` (an upper-case letter, then a
/// lower-case one) where [`second_word_follows`] holds and [`english_name_at`] found a name
/// of `n` bytes: the same name, unless a capitalised word follows it. Three steps:
///
/// - the first word is title case (its second letter is lower case), and for a title-case
///   first word the whole-value and the in-text readings of [`english`] take the same path
///   (the modes differ only on capitals), `first_known` only saving a look-up;
/// - [`first_name_known`] refuses no word that reading accepted: a word of letters only was
///   looked up and listed (so the Bloom filter lets it through), any other is not looked
///   up;
/// - what is left is the test for a capitalised word after the name.
///
/// Tested against the full reading.
pub(crate) fn english_in_text_from_found(b: &[u8], n: usize) -> Option<usize> {
    let next_cap = b.get(n) == Some(&b' ') && b.get(n + 1).is_some_and(u8::is_ascii_uppercase);
    (!next_cap).then_some(n)
}

/// False when no name in running text can start at `b`, settled from the bytes without
/// [`english`]'s buffers and case checks. Running text holds many capitalised words (each
/// sentence starts with one) and few names, so the name pass runs this for every one of
/// them, in two parts: [`second_word_follows`] inlined in the pass, then [`first_name_known`]
/// out of line in [`english_name_in_text_after`]. This is their composition, tested as one:
///
/// - a name has a second word: after the first word (letters with inner `'` / `-`) must come
///   a word separator and a capital — most sentence starts fail here (`This is`);
/// - the first word, when it is letters only, must be a given name: [`FirstNameFilter`]
///   (two bits of a compile-time bit table) rejects almost every other word, and only the
///   words it lets through are looked up in the list.
///
/// Exactly [`may_start_name_in_text_simple`] (tested).
///
/// `Some(true)` when the first word is letters only and so was found in the list (the
/// caller need not look it up again), `Some(false)` when it holds `'` or `-` and was not
/// looked up.
#[cfg(test)]
fn may_start_name_in_text(b: &[u8]) -> Option<bool> {
    first_name_known(b, second_word_follows(b)?)
}

/// The given-name part of [`may_start_name_in_text`], after [`second_word_follows`] returned
/// `n`, the length of the run of ASCII letters at the start of `b`.
fn first_name_known(b: &[u8], n: usize) -> Option<bool> {
    if matches!(b.get(n), Some(b'\'' | b'-')) {
        return Some(false);
    }
    (FIRST_FILTER.may_contain(b, n) && EN_NAMES.flags(b, n) & EN_F_FIRST != 0).then_some(true)
}

/// The simple definition of [`may_start_name_in_text`]: the separator and capital after the
/// first word, and [`may_start_with_first_name`].
#[cfg(test)]
fn may_start_name_in_text_simple(b: &[u8]) -> bool {
    let n = b.iter().position(|c| !c.is_ascii_alphabetic()).unwrap_or(b.len());
    let m = (n..b.len())
        .find(|&k| !(b[k].is_ascii_alphabetic() || matches!(b[k], b'\'' | b'-')))
        .unwrap_or(b.len());
    matches!(b.get(m), Some(b' ' | b'+'))
        && b.get(m + 1).is_some_and(u8::is_ascii_uppercase)
        && may_start_with_first_name(b)
}

/// False when the word at the start of `b` is certainly no given name: it is a run of ASCII
/// letters (not continued by `'` or `-`, which [`en_word`] takes into the word) whose
/// lower-case form is not in the list.
#[cfg(test)]
fn may_start_with_first_name(b: &[u8]) -> bool {
    let n = b.iter().position(|c| !c.is_ascii_alphabetic()).unwrap_or(b.len());
    matches!(b.get(n), Some(b'\'' | b'-')) || EN_FIRST_SET.contains_ignore_ascii_case(&b[..n])
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
/// Bit 5 of every byte: set, it lower-cases an ASCII letter.
const CASE_BITS: u64 = 0x20 * ONES;

/// The number of ASCII letters at the start of `b`, eight bytes at a time.
#[inline]
fn letter_run(b: &[u8]) -> usize {
    let mut n = 0;
    while let Some(c) = b.get(n..n + 8) {
        let nl = non_letters(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        if nl != 0 {
            return n + (nl.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    while b.get(n).is_some_and(u8::is_ascii_alphabetic) {
        n += 1;
    }
    n
}

/// The top bit of each byte of `x` (little-endian) that is no ASCII letter. A letter is a
/// byte below 0x80 that, with bit 5 set (lower-cased), lies in `a..=z`; on the low seven
/// bits the two range ends are found by adds that never carry into the next byte.
#[inline]
fn non_letters(x: u64) -> u64 {
    let y = (x | CASE_BITS) & !HIGH;
    let from_a = y + 0x1F * ONES; // top bit: y >= 0x61
    let past_z = y + 0x05 * ONES; // top bit: y >= 0x7B
    !(from_a & !past_z & !x) & HIGH
}

/// The key of a word for [`FirstNameFilter`]: its first eight bytes with bit 5 set (so an
/// upper-case letter keys like its lower-case form), little-endian, mixed with its length.
/// Only words of letters are looked up, so setting bit 5 is their case folding; a line with
/// other bytes gets some key, harmlessly (no word of letters equals it).
const fn first_name_key(w: &[u8]) -> u64 {
    let mut x = 0u64;
    let mut k = 0;
    while k < w.len() && k < 8 {
        x |= ((w[k] | 0x20) as u64) << (8 * k);
        k += 1;
    }
    mix(x, w.len())
}

/// The hash of [`first_name_key`]: the eight key bytes mixed with the word length.
const fn mix(x: u64, len: usize) -> u64 {
    (x ^ (len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

/// Bits of [`FirstNameFilter`] (a power of two).
const FILTER_BITS: usize = 1 << 17;

/// A Bloom filter of the given names, built at compile time: each name sets two bits chosen
/// by its [`first_name_key`]; a word with either bit clear is certainly no given name. With
/// about 8,800 names in 2^17 bits, under 2% of other words pass. A word costs one load of
/// eight bytes, a multiply and two bit tests, where the list look-up hashes the word byte by
/// byte and compares it with a line.
struct FirstNameFilter {
    bits: [u64; FILTER_BITS / 64],
}

impl FirstNameFilter {
    const fn new(text: &'static str) -> Self {
        let b = text.as_bytes();
        let mut bits = [0u64; FILTER_BITS / 64];
        let mut i = 0;
        while i < b.len() {
            let (s, e, next) = super::data_line(b, i);
            if e > s {
                let (x, y) = Self::bits(first_name_key(b.split_at(s).1.split_at(e - s).0));
                bits[x / 64] |= 1 << (x % 64);
                bits[y / 64] |= 1 << (y % 64);
            }
            i = next;
        }
        FirstNameFilter { bits }
    }

    const fn bits(h: u64) -> (usize, usize) {
        let x = (h >> (64 - FILTER_BITS.trailing_zeros())) as usize;
        let y = (h >> 20) as usize & (FILTER_BITS - 1);
        (x, y)
    }

    /// False when the word of ASCII letters `b[..n]` is no line of the list (ignoring ASCII
    /// case). Reads the eight bytes at the start of `b` at once and keeps the word's.
    #[inline]
    fn may_contain(&self, b: &[u8], n: usize) -> bool {
        let head = match b.get(..8) {
            Some(c) => u64::from_le_bytes(c.try_into().unwrap_or([0; 8])),
            None => {
                let mut buf = [0u8; 8];
                buf[..b.len()].copy_from_slice(b);
                u64::from_le_bytes(buf)
            }
        };
        let keep = if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
        let (p, q) = Self::bits(mix((head | CASE_BITS) & keep, n));
        self.bits[p / 64] >> (p % 64) & self.bits[q / 64] >> (q % 64) & 1 != 0
    }
}

#[allow(long_running_const_eval)]
static FIRST_FILTER: FirstNameFilter = FirstNameFilter::new(EN_FIRST);

/// [`EnNames`] flag: a listed given name.
const EN_F_FIRST: u8 = 1;
/// [`EnNames`] flag: a listed surname.
const EN_F_LAST: u8 = 2;
/// Slots of [`EnNames`] (a power of two over twice the ~28,600 distinct words).
const EN_SLOTS: usize = 1 << 16;
/// Longest word [`EnNames`] can hold (the longest listed one has 15 bytes; checked at build).
const EN_MAX: usize = 15;

/// The English given names and surnames in one hash table built at compile time, each word
/// once with its flags ([`EN_F_FIRST`], [`EN_F_LAST`]). A name test looks its words up in
/// both lists, often more than once each; the line sets it replaces hashed a word byte by
/// byte, compared it byte by byte with each line met, and held the two lists apart. Here a
/// word is its key: its bytes read as two words of eight, bit 5 set (a letter lower-cased;
/// `'` and `-` have it already), zero past its end ([`en_key`]); the hash is two multiplies
/// of that key and a match is two compares with the line's key, read the same way from the
/// list text. A slot holds `(start + 1) << 8 | list << 6 | flags << 4 | len` of a line
/// (`list` 1 for the surname text), 0 when empty; open addressing, linear probing.
///
/// Only words of ASCII letters, `'` and `-` may be looked up (setting bit 5 of any other
/// byte could make it equal one of those): [`en_word`] reads no other bytes into a word.
struct EnNames {
    slots: [u32; EN_SLOTS],
}

/// The key of the word `b[..n]` (`n <= 15`) at compile time: see [`EnNames`].
const fn en_key_const(b: &[u8], n: usize) -> (u64, u64) {
    let (mut k0, mut k1) = (0u64, 0u64);
    let mut i = 0;
    while i < n {
        let c = (b[i] | 0x20) as u64;
        if i < 8 {
            k0 |= c << (8 * i);
        } else {
            k1 |= c << (8 * (i - 8));
        }
        i += 1;
    }
    (k0, k1)
}

/// The first 16 bytes of `b` as two little-endian words (zero past its end): one load each
/// when they are there.
#[inline(always)]
fn load16(b: &[u8]) -> (u64, u64) {
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
    match b.get(..16) {
        Some(c) => (word(&c[..8]), word(&c[8..])),
        None => {
            let mut buf = [0u8; 16];
            let k = b.len().min(16);
            buf[..k].copy_from_slice(&b[..k]);
            (word(&buf[..8]), word(&buf[8..]))
        }
    }
}

/// The masks of the bytes of a word of `n <= 15` bytes in its two key words.
#[inline(always)]
fn en_masks(n: usize) -> (u64, u64) {
    let m0 = if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
    let m1 = if n <= 8 { 0 } else { (1u64 << (8 * (n - 8))) - 1 };
    (m0, m1)
}

/// The key of the word `b[..n]` (`n <= 15`, `n <= b.len()`): the bytes from `b`'s start
/// read as two little-endian words ([`load16`]), bit 5 set, masked to the word. The same as
/// [`en_key_const`] (tested).
#[inline(always)]
fn en_key(b: &[u8], n: usize) -> (u64, u64) {
    let (x, y) = load16(b);
    let (m0, m1) = en_masks(n);
    ((x | CASE_BITS) & m0, (y | CASE_BITS) & m1)
}

/// The slot a key hashes to.
const fn en_slot(k: (u64, u64)) -> usize {
    ((k.0 ^ k.1.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xD6E8_FEB8_6659_FD93)
        >> (64 - EN_SLOTS.trailing_zeros())) as usize
}

impl EnNames {
    /// The two lists' texts, by the `list` bit of a slot.
    const TEXTS: [&'static [u8]; 2] = [EN_FIRST.as_bytes(), EN_LAST.as_bytes()];

    const fn new() -> Self {
        let mut slots = [0u32; EN_SLOTS];
        let mut list = 0;
        while list < 2 {
            let text = Self::TEXTS[list];
            let mut i = 0;
            while i < text.len() {
                let (s, e, next) = super::data_line(text, i);
                if e > s {
                    let n = e - s;
                    assert!(n <= EN_MAX);
                    let key = en_key_const(text.split_at(s).1, n);
                    let mut at = en_slot(key);
                    loop {
                        let x = slots[at];
                        if x == 0 {
                            slots[at] =
                                ((s as u32 + 1) << 8) | (list as u32) << 6 | (1 << list) << 4 | n as u32;
                            break;
                        }
                        let xn = (x & 15) as usize;
                        let xs = (x >> 8) as usize - 1;
                        let xk = en_key_const(Self::TEXTS[(x >> 6 & 1) as usize].split_at(xs).1, xn);
                        if xn == n && xk.0 == key.0 && xk.1 == key.1 {
                            slots[at] = x | (1 << list) << 4;
                            break;
                        }
                        at = (at + 1) & (EN_SLOTS - 1);
                    }
                }
                i = next;
            }
            list += 1;
        }
        EnNames { slots }
    }

    /// The flags of the word `b[..n]` (letters, `'`, `-`; any case): 0 when neither list
    /// holds it. (Inlined: the call cost as much as the look-up.)
    #[inline(always)]
    fn flags(&self, b: &[u8], n: usize) -> u8 {
        if n == 0 || n > EN_MAX || n > b.len() {
            return 0;
        }
        let key = en_key(b, n);
        let (m0, m1) = en_masks(n);
        let mut at = en_slot(key);
        loop {
            let e = self.slots[at];
            if e == 0 {
                return 0;
            }
            if (e & 15) as usize == n {
                // the line's bytes under the word's masks (listed lines are lower case)
                let text = Self::TEXTS[(e >> 6 & 1) as usize];
                let (lx, ly) = load16(text.get((e >> 8) as usize - 1..).unwrap_or_default());
                if (lx | CASE_BITS) & m0 == key.0 && (ly | CASE_BITS) & m1 == key.1 {
                    return (e >> 4 & 3) as u8;
                }
            }
            at = (at + 1) & (EN_SLOTS - 1);
        }
    }
}

#[allow(long_running_const_eval)]
static EN_NAMES: EnNames = EnNames::new();

/// `first_known`: the first word is known to be a listed given name (it is not looked up).
fn english(s: &str, title_only: bool, first_known: bool) -> Option<usize> {
    let b = s.as_bytes();
    let w1 = en_word(s)?;
    if w1.case == Case::Initial || (title_only && w1.case != Case::Title) {
        return None;
    }
    // every title-case match needs a given name first: reject before parsing further (so
    // below, a title-case first word is a given name)
    if w1.case == Case::Title && !first_known && !is_first(b, w1) {
        return None;
    }
    if !matches!(b.get(w1.n), Some(b' ' | b'+')) {
        return None;
    }
    let o2 = w1.n + 1;
    let w2 = en_word(&s[o2..])?;
    let b2 = &b[o2..];
    let o3 = o2 + w2.n + 1;
    let third = if matches!(b.get(o2 + w2.n), Some(b' ' | b'+')) { en_word(&s[o3..]) } else { None };
    let n = match (w1.case, w2.case) {
        (Case::Title, Case::Initial) => {
            let w3 = third?;
            (w3.case == Case::Title && is_last(&b[o3..], w3)).then_some(o3 + w3.n)
        }
        (Case::Title, Case::Title) => {
            // (each word is looked up once)
            let last2 = is_last(b2, w2);
            match third {
                Some(w3)
                    if w3.case == Case::Title && (last2 || is_first(b2, w2)) && is_last(&b[o3..], w3) =>
                {
                    Some(o3 + w3.n)
                }
                _ => last2.then_some(o2 + w2.n),
            }
        }
        (Case::Upper, Case::Upper) if !title_only => ((is_last(b, w1) && is_first(b2, w2))
            || (is_first(b, w1) && is_last(b2, w2)))
        .then_some(o2 + w2.n),
        _ => None,
    }?;
    // place names and phrases made of name words: checked last, as few pairs get here (an
    // initial stands as the empty word)
    let word2 = if w2.case == Case::Initial { "" } else { &s[o2..o2 + w2.n] };
    (!en_not_name(&s[..w1.n], word2)).then_some(n)
}

/// The former [`english`], over the word reader's spans and the line sets: its definition.
#[cfg(test)]
fn english_ref(s: &str, title_only: bool, first_known: bool) -> Option<usize> {
    let word = |s: &str| -> Option<(usize, Case, String)> {
        let w = en_word(s)?;
        Some((w.n, w.case, if w.case == Case::Initial { String::new() } else { s[..w.n].to_string() }))
    };
    let (n1, c1, w1) = word(s)?;
    if c1 == Case::Initial || (title_only && c1 != Case::Title) {
        return None;
    }
    if c1 == Case::Title && !first_known && !is_first_ref(&w1) {
        return None;
    }
    let after1 = after_space(&s[n1..])?;
    let o2 = n1 + 1;
    let (n2, c2, w2) = word(after1)?;
    let o3 = o2 + n2 + 1;
    let third = after_space(&s[o2 + n2..]).and_then(word);
    let n = match (c1, c2) {
        (Case::Title, Case::Initial) => {
            let (n3, c3, w3) = third?;
            (c3 == Case::Title && is_last_ref(&w3)).then_some(o3 + n3)
        }
        (Case::Title, Case::Title) => {
            if let Some((n3, Case::Title, w3)) = third
                && (is_first_ref(&w2) || is_last_ref(&w2))
                && is_last_ref(&w3)
            {
                Some(o3 + n3)
            } else {
                is_last_ref(&w2).then_some(o2 + n2)
            }
        }
        (Case::Upper, Case::Upper) if !title_only => ((is_last_ref(&w1) && is_first_ref(&w2))
            || (is_first_ref(&w1) && is_last_ref(&w2)))
        .then_some(o2 + n2),
        _ => None,
    }?;
    (!en_not_name(&w1, &w2)).then_some(n)
}

/// True when `w1 w2` is a pair of [`EN_NOT_NAMES`] (any case). Most pairs are refused by one
/// bit of [`NOT_NAME_BITS`] before the list is walked.
fn en_not_name(w1: &str, w2: &str) -> bool {
    let k = not_name_key(w1.as_bytes(), w2.len());
    NOT_NAME_BITS[k / 64] >> (k % 64) & 1 != 0 && en_not_name_by_list(w1, w2)
}

/// [`en_not_name`] by walking the list (its simple definition).
fn en_not_name_by_list(w1: &str, w2: &str) -> bool {
    EN_NOT_NAMES.iter().any(|(a, b)| {
        a.len() == w1.len() && b.len() == w2.len() && a.eq_ignore_ascii_case(w1) && b.eq_ignore_ascii_case(w2)
    })
}

/// A hash of a word pair from the first word's first letter (case-blind) and both lengths:
/// equal for pairs that are equal ignoring case.
const fn not_name_key(w1: &[u8], len2: usize) -> usize {
    let c = if w1.is_empty() { 0 } else { w1[0].to_ascii_lowercase() as usize };
    (c * 31 + w1.len() * 7 + len2) & 255
}

/// Bit [`not_name_key`] of each pair of [`EN_NOT_NAMES`] (built at compile time).
static NOT_NAME_BITS: [u64; 4] = {
    let mut t = [0u64; 4];
    let mut k = 0;
    while k < EN_NOT_NAMES.len() {
        let h = not_name_key(EN_NOT_NAMES[k].0.as_bytes(), EN_NOT_NAMES[k].1.len());
        t[h / 64] |= 1 << (h % 64);
        k += 1;
    }
    t
};

/// Any person name at the start of `s` as the value of a name field: a Chinese name
/// (code 1002, or 1016 when traditional) or an English name (1017).
pub fn person_name_at(s: &str) -> Option<(usize, u16)> {
    use super::codes::{NAME_EN, NAME_ZH, NAME_ZH_TRAD};
    if let Some((n, trad)) = chinese_name_at(s) {
        return Some((n, if trad { NAME_ZH_TRAD } else { NAME_ZH }));
    }
    english_name_at(s).map(|n| (n, NAME_EN))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flag table answers as the full walk for every character.
    #[test]
    fn char_flags_agree_with_the_walk() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(FLAGS.get(c), FLAGS.get_by_walk(c), "{c:?}");
        }
        assert!(FLAGS.other_min > 0x7F);
    }

    proptest::proptest! {
        /// The bit-filtered place-pair test answers as the list walk, for the listed words in
        /// any case, near misses and other words.
        #[test]
        fn en_not_name_filter_agrees_with_the_list(
            a in "(hong|Hong|HONG|new|New|san|San|santa|Santa|el|las|Las|los|long|kuala|sri|costa|puerto|rhode|virginia|grand|ho|lee|Lee|jackson|Jackson|John|Mary|Hon|Sana|[a-zA-Z]{1,9})",
            b in "(kong|Kong|york|York|jose|diego|clara|monica|barbara|ana|fe|antonio|francisco|paso|vegas|angeles|beach|lumpur|lanka|rica|rico|jersey|mexico|island|total|chi|county|hole|Smith|Yorks|[a-zA-Z]{1,10})",
        ) {
            proptest::prop_assert_eq!(en_not_name(&a, &b), en_not_name_by_list(&a, &b));
        }
    }

    fn zh(s: &str, trad: bool) -> Option<(usize, bool)> {
        Some((s.len(), trad))
    }

    #[test]
    fn chinese_value_table() {
        let cases: &[(&str, Option<(usize, bool)>)] = &[
            ("张伟", zh("张伟", false)),
            ("王秀英\"", zh("王秀英", false)),
            ("李娜,", zh("李娜", false)),
            ("欧阳娜娜", zh("欧阳娜娜", false)),
            ("诸葛亮", zh("诸葛亮", false)),
            ("司马相如", zh("司马相如", false)),
            ("陳大文", zh("陳大文", true)),
            ("張偉", zh("張偉", true)),
            ("林志華", zh("林志華", true)),
            ("王麗", zh("王麗", true)),
            ("歐陽娜娜", zh("歐陽娜娜", true)),
            ("林美玲", zh("林美玲", false)),
            ("东方明", zh("东方明", false)),
            // not names
            ("东方", None),
            ("张", None),
            ("张先生", None),
            ("王女士", None),
            ("张伟明天见", None),
            ("张伟123", None),
            ("杭州", None),
            ("海南", None),
            ("中国", None),
            ("公司", None),
            ("hello", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(chinese_name_at(s), *want, "chinese_name_at({s:?})");
        }
    }

    proptest::proptest! {
        /// The one-pass Chinese-name reader answers as the former one in every mode: texts
        /// of surnames (single, compound, everyday-word, traditional), given-name and
        /// not-given characters, common words and places, and what may follow a name
        /// (letters, digits, quotes, delimiters, non-CJK letters, four-byte characters).
        #[test]
        fn chinese_names_agree_with_the_decoding_reader(
            s in "(张|王|李|陳|欧阳|歐陽|司马|上官|诸葛|上|欧|司|和|何|黄|东|东方|高|金|马|伟|娜|秀|英|明|华|麗|文|天|的|先|生|女|士|方|级|杭|州|海|南|京|a|Z|1|\"|,|，|。| |é|\u{20000}|\u{F900}|\u{4DC0}){0,7}",
        ) {
            for mode in [Mode::Value, Mode::Text, Mode::Strict] {
                proptest::prop_assert_eq!(chinese(&s, mode), chinese_by_chars(&s, mode), "{}", s);
            }
        }
    }

    #[test]
    fn common_words_are_two_characters() {
        // the reader looks a candidate up in the common words only when it is two long
        for w in COMMON_WORDS {
            assert_eq!(w.chars().count(), 2, "{w}");
        }
    }

    #[test]
    fn chinese_text_and_strict() {
        assert_eq!(chinese_name_in_text_at("张伟电话13812345678"), zh("张伟", false));
        assert_eq!(chinese_name_in_text_at("王小明，性别男"), zh("王小明", false));
        assert_eq!(chinese_name_in_text_at("陳麗華先生"), zh("陳麗華", true));
        assert_eq!(chinese_name_in_text_at("王的"), None);
        assert_eq!(chinese_name_strict_at("张伟"), zh("张伟", false));
        assert_eq!(chinese_name_strict_at("李秀英"), zh("李秀英", false));
        // context-free: everyday words starting with a surname are not names
        for s in ["东方", "和平", "高速", "明天", "文件", "金额", "方便", "海南", "常州", "王者荣耀", "安全"]
        {
            assert_eq!(chinese_name_strict_at(s), None, "{s}");
        }
    }

    #[test]
    fn char_flags_agree_with_the_lists() {
        for c in NOT_GIVEN.chars() {
            assert!(FLAGS.get(c) & F_NOT_GIVEN != 0, "{c}");
        }
        for c in AMBIGUOUS_SURNAMES.chars() {
            assert!(FLAGS.get(c) & F_AMBIGUOUS != 0, "{c}");
            assert_eq!(FLAGS.get(c) & F_FREQUENT != 0, FREQUENT_SURNAMES.contains(c), "{c}");
        }
        for c in data_lines(GIVEN_CHARS).flat_map(str::chars) {
            assert!(FLAGS.get(c) & F_GIVEN != 0, "{c}");
        }
        for c in data_lines(TRAD_ONLY).flat_map(str::chars) {
            assert!(is_traditional_only(c), "{c}");
        }
        for c in ['a', '好', '\u{20000}'] {
            assert_eq!(FLAGS.get(c) & (F_NOT_GIVEN | F_AMBIGUOUS), 0, "{c}");
        }
    }

    /// The compile-time table holds exactly the flags of the simple run-time build.
    #[test]
    fn compiled_char_flags_are_exact() {
        let mut want: std::collections::HashMap<char, u8> = Default::default();
        let first = |w: &str| w.chars().next();
        let lists: [(Vec<char>, u8); 8] = [
            (data_lines(GIVEN_CHARS).flat_map(str::chars).collect(), F_GIVEN),
            (data_lines(TRAD_ONLY).flat_map(str::chars).collect(), F_TRAD),
            (NOT_GIVEN.chars().collect(), F_NOT_GIVEN),
            (AMBIGUOUS_SURNAMES.chars().collect(), F_AMBIGUOUS),
            (FREQUENT_SURNAMES.chars().collect(), F_FREQUENT),
            (data_lines(SURNAMES).filter(|l| l.chars().count() == 1).filter_map(first).collect(), F_SURNAME),
            (data_lines(SURNAMES).filter(|l| l.chars().count() > 1).filter_map(first).collect(), F_HEAD),
            (COMMON_WORDS.iter().filter_map(|w| first(w)).collect(), F_WORD_HEAD),
        ];
        for (chars, flag) in lists {
            for c in chars {
                *want.entry(c).or_insert(0) |= flag;
            }
        }
        let all = (0..=0x10FFFFu32).filter_map(char::from_u32);
        for c in all {
            assert_eq!(FLAGS.get(c), want.get(&c).copied().unwrap_or(0), "{c:?}");
        }
    }

    #[test]
    fn english_name_lists_are_lower_case() {
        // the case-blind look-ups of `is_first` / `is_last` equal exact look-ups of the
        // lower-cased word only because no listed line holds a capital
        for l in data_lines(EN_FIRST).chain(data_lines(EN_LAST)) {
            assert!(!l.bytes().any(|c| c.is_ascii_uppercase()), "{l}");
        }
    }

    proptest::proptest! {
        /// The case-blind word reader finds the span and case of the lower-casing one, and its
        /// word lower-cases to that one's (words of letters, `'`, `-`, Mc/Mac/O' forms, over-long
        /// words, and non-ASCII letters after them).
        #[test]
        fn en_word_agrees_with_the_lower_casing_reader(s in "(Mc|Mac|O'|[A-Z]|[a-z]|[A-Z][a-z]{0,12}|['\\-. _,9é])*") {
            let mut buf = [0u8; 32];
            let want = en_word_ref(&s, &mut buf);
            let got = en_word(&s).map(|w| {
                let word = if w.case == Case::Initial { String::new() } else { s[..w.n].to_ascii_lowercase() };
                (w.n, w.case, word)
            });
            proptest::prop_assert_eq!(got, want);
            // letters only, exactly when no `'` / `-` joins its runs
            if let Some(w) = en_word(&s).filter(|w| w.case != Case::Initial) {
                proptest::prop_assert_eq!(w.plain, !s[..w.n].contains(['\'', '-']), "{}", s);
            }
        }
    }

    #[test]
    fn compiled_name_sets_agree_with_the_lists() {
        let check = |text: &'static str, len: usize, contains: &dyn Fn(&str) -> bool| {
            let lines: std::collections::HashSet<&str> = data_lines(text).collect();
            assert_eq!(lines.len(), len);
            for l in &lines {
                assert!(contains(l), "{l}");
                // a line with one byte more or less is not in the set unless it is a line too
                let cut = l.char_indices().last().map_or(0, |(i, _)| i);
                for w in [&l[..cut], &format!("{l}a")] {
                    assert_eq!(contains(w), lines.contains(w), "{w}");
                }
            }
        };
        check(EN_FIRST, EN_FIRST_SET.len(), &|w| EN_FIRST_SET.contains(w));
        check(EN_LAST, EN_LAST_SET.len(), &|w| EN_LAST_SET.contains(w));
        check(SURNAMES, SURNAME_SET.len(), &|w| SURNAME_SET.contains(w));
        assert!(!EN_LAST_SET.contains("") && !EN_FIRST_SET.contains("#"));
    }

    proptest::proptest! {
        /// The flag-based surname candidates are the set's (single and compound surnames,
        /// their first characters alone, other Chinese, ASCII, a four-byte character).
        #[test]
        fn surname_flags_agree_with_the_set(s in "(上官|欧阳|司马|诸葛|万俟|上|欧|司|王|李|张|陈|陳|东方|东|好|a|\u{20000}|官|阳)*") {
            proptest::prop_assert_eq!(surnames_at(&s).0, surnames_at_by_set(&s), "{}", s);
        }
    }

    #[test]
    fn traditional_only_set() {
        for c in ['陳', '張', '華', '麗', '劉', '趙', '國'] {
            assert!(is_traditional_only(c), "{c}");
        }
        for c in ['陈', '张', '华', '丽', '林', '王', '干', '后'] {
            assert!(!is_traditional_only(c), "{c}");
        }
    }

    #[test]
    fn english_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("John Smith", Some(10)),
            ("Mary Johnson\"", Some(12)),
            ("John F. Kennedy", Some(15)),
            ("Mary Ann Smith,", Some(14)),
            ("Patrick O'Brien", Some(15)),
            ("Ronald McDonald", Some(15)),
            ("Anna Smith-Jones", Some(16)),
            ("SMITH JOHN", Some(10)),
            ("ZHANG WEI", Some(9)),
            ("Wei Zhang", Some(9)),
            ("Melissa Washington", Some(18)),
            // not English names
            ("New York", None),
            ("Hong Kong", None),
            ("Los Angeles", None),
            ("United States", None),
            ("Customer Service", None),
            ("Order Status", None),
            ("john smith", None),
            ("JOHN", None),
            ("John Smith2", None),
            ("JOHN Smith", None),
            ("A. Smith", None),
            ("", None),
            // form encoding joins words with `+`
            ("Heather+Jackson&x=1", Some(15)),
        ];
        for (s, want) in cases {
            assert_eq!(english_name_at(s), *want, "english_name_at({s:?})");
        }
    }

    proptest::proptest! {
        /// The quick reject never rejects a word that [`english`] would start a name with.
        #[test]
        fn the_first_name_reject_is_exact(first in "(Mary|MARY|Ann|Anne|Jo|O|Xyz|Smith|Mc)([-'](Ann|Neil|x))?", rest in "[ +.,A-Za-z'-]{0,12}") {
            let s = format!("{first}{rest}");
            if english(&s, true, false).is_some() {
                proptest::prop_assert!(may_start_with_first_name(s.as_bytes()), "{}", s);
                proptest::prop_assert!(may_start_name_in_text(s.as_bytes()).is_some(), "{}", s);
            }
        }

        /// The quick test of a name start in running text (letter run eight bytes at a time,
        /// Bloom filter, list look-up) answers exactly what its simple definition answers:
        /// first words drawn from the given-name list or random letters, in any case, then
        /// separators, `'` / `-` parts and capitalised words.
        #[test]
        fn the_name_in_text_reject_is_exact(
            pick in 0usize..1 << 20, word in "[A-Za-z]{0,13}", use_name in proptest::bool::ANY, case in 0u8..3,
            rest in "([ +][A-Z][a-z]{0,4}|[-'][a-zA-Z]{0,3}|[ +.,a-z0-9\u{e9}]){0,4}",
        ) {
            static NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| data_lines(EN_FIRST).collect());
            let first = if use_name { NAMES[pick % NAMES.len()].to_string() } else { word };
            let first = match case {
                0 => first,
                1 => first.get(..1).unwrap_or_default().to_ascii_uppercase() + first.get(1..).unwrap_or_default(),
                _ => first.to_ascii_uppercase(),
            };
            let s = format!("{first}{rest}");
            let got = may_start_name_in_text(s.as_bytes());
            proptest::prop_assert_eq!(got.is_some(), may_start_name_in_text_simple(s.as_bytes()), "{}", s);
            // "first word known" holds only for a word `english` would find listed
            if got == Some(true) {
                proptest::prop_assert!(en_word(&s).is_none_or(|w| is_first(s.as_bytes(), w)), "{}", s);
            }
        }
    }

    /// The flags of [`EN_NAMES`] for `w` (padded with `tail` after it, which the look-up
    /// may read but must not count) and the line sets' answers.
    fn flags_both(w: &str, tail: &str) -> (u8, u8) {
        let text = format!("{w}{tail}");
        let got = EN_NAMES.flags(text.as_bytes(), w.len());
        let want = (u8::from(is_first_ref(w)) * EN_F_FIRST)
            | (u8::from(EN_LAST_SET.contains_ignore_ascii_case(w.as_bytes())) * EN_F_LAST);
        (got, want)
    }

    #[test]
    fn the_name_table_holds_every_listed_word_with_its_lists() {
        for l in data_lines(EN_FIRST).chain(data_lines(EN_LAST)) {
            assert_eq!(en_key(l.as_bytes(), l.len()), en_key_const(l.as_bytes(), l.len()), "{l}");
            let title = l[..1].to_ascii_uppercase() + &l[1..];
            let cut = &l[..l.len() - 1];
            for w in [
                l.to_string(),
                title,
                l.to_ascii_uppercase(),
                cut.to_string(),
                format!("{l}a"),
                format!("{l}'s"),
            ] {
                for tail in ["", " Smith", "-Jones and more text"] {
                    let (got, want) = flags_both(&w, tail);
                    assert_eq!(got, want, "{w:?} {tail:?}");
                }
            }
        }
        assert_eq!(EN_NAMES.flags(b"", 0), 0);
        assert_eq!(EN_NAMES.flags(b"mary", 5), 0);
        assert_eq!(
            EN_NAMES.flags(b"Mary", 4),
            EN_F_FIRST | (EN_F_LAST * u8::from(EN_LAST_SET.contains("mary")))
        );
    }

    /// A text for the English-name proptests from `(pick, kind, case)` parts: listed given names
    /// (kind 0) and surnames (1), a hyphenated surname whose first half is of list `hyphen`
    /// (2), an `O'` surname (3), one of `others` (4), nothing (5+); in lower, title or upper
    /// case; each followed by a separator picked from a set holding `sep5`.
    fn name_text(parts: &[(usize, u8, u8)], hyphen: usize, others: [&str; 7], sep5: &str) -> String {
        static WORDS: LazyLock<[Vec<&'static str>; 2]> =
            LazyLock::new(|| [data_lines(EN_FIRST).collect(), data_lines(EN_LAST).collect()]);
        let mut s = String::new();
        for &(pick, kind, case) in parts {
            let w = match kind {
                0 | 1 => WORDS[usize::from(kind)][pick % WORDS[usize::from(kind)].len()].to_string(),
                2 => format!(
                    "{}-{}",
                    WORDS[hyphen][pick % WORDS[hyphen].len()],
                    WORDS[1][pick / 7 % WORDS[1].len()]
                ),
                3 => format!("o'{}", WORDS[1][pick % WORDS[1].len()]),
                4 => others[pick % 7].to_string(),
                _ => String::new(),
            };
            let w = match case {
                0 => w,
                1 | 2 => w.get(..1).unwrap_or_default().to_ascii_uppercase() + w.get(1..).unwrap_or_default(),
                _ => w.to_ascii_uppercase(),
            };
            s.push_str(&w);
            s.push_str([" ", "+", " ", ", ", "\"", sep5, "9", "\u{e9}"][pick % 8]);
        }
        s
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Look-ups in the one table answer as the two line sets: listed words in any case,
        /// cut or extended, random words of letters, `'` and `-` up to and past the longest
        /// listed length, any bytes after the word.
        #[test]
        fn the_name_table_agrees_with_the_line_sets(
            pick in 0usize..1 << 20, from_list in 0u8..3, case in 0u8..3, cut in 0usize..3,
            word in "[A-Za-z'\\-]{1,18}", more in "[a-z'\\-]{0,2}", tail in "[ -~\u{e9}]{0,20}",
        ) {
            static WORDS: LazyLock<[Vec<&'static str>; 2]> =
                LazyLock::new(|| [data_lines(EN_FIRST).collect(), data_lines(EN_LAST).collect()]);
            let w = match from_list {
                0 => word,
                k => {
                    let list = &WORDS[usize::from(k - 1)];
                    let l = list[pick % list.len()];
                    format!("{}{more}", &l[..l.len() - cut.min(l.len() - 1)])
                }
            };
            let w = match case {
                0 => w,
                1 => w[..1].to_ascii_uppercase() + &w[1..],
                _ => w.to_ascii_uppercase(),
            };
            let (got, want) = flags_both(&w, &tail);
            proptest::prop_assert_eq!(got, want, "{:?} {:?}", w, tail);
        }

        /// The name reader over the one table answers as the former one over the line sets:
        /// texts of listed given names and surnames in any case, initials, hyphenated and
        /// apostrophe surnames, separators and other words, with either mode and either
        /// knowledge of the first word.
        #[test]
        fn english_agrees_with_the_line_set_reader(
            parts in proptest::collection::vec((0usize..1 << 20, 0u8..8, 0u8..4), 1..5),
            title_only in proptest::bool::ANY, first_known in proptest::bool::ANY,
        ) {
            let s = name_text(&parts, 1, ["m.", "x", "new", "york", "mc", "mcdonald", "service"], "  ");
            // `first_known` promises a listed first word: only then may the caller pass it
            let first_known = first_known && en_word(&s).is_some_and(|w| is_first_ref(&s[..w.n]));
            proptest::prop_assert_eq!(
                english(&s, title_only, first_known),
                english_ref(&s, title_only, first_known),
                "{:?}", s
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Where the whole-value reading found a name at a title-case word start with a second
        /// word after it, the in-text reading is that name unless a capital follows it: texts
        /// of listed given names and surnames (hyphenated, with `O'`, in any case), initials,
        /// other words, separators and what may follow a name.
        #[test]
        fn the_in_text_reading_follows_from_the_found_name(
            parts in proptest::collection::vec((0usize..1 << 20, 0u8..7, 0u8..4), 1..5),
        ) {
            let s = name_text(&parts, 0, ["m.", "x", "new", "york", "mc", "ann", "lee"], " X");
            let b = s.as_bytes();
            let start = b.first().is_some_and(u8::is_ascii_uppercase) && b.get(1).is_some_and(u8::is_ascii_lowercase);
            if start
                && let Some(run) = second_word_follows(b)
                && let Some(n) = english_name_at(&s)
            {
                proptest::prop_assert_eq!(english_in_text_from_found(b, n), english_name_in_text_after(&s, run), "{:?}", s);
            }
        }
    }

    #[test]
    fn every_given_name_passes_the_filter_and_few_other_words_do() {
        for l in data_lines(EN_FIRST).filter(|l| l.bytes().all(|c| c.is_ascii_alphabetic())) {
            let title = l[..1].to_ascii_uppercase() + &l[1..];
            for w in [l.to_string(), title, l.to_ascii_uppercase()] {
                for text in [w.clone(), format!("{w} Smith")] {
                    assert!(FIRST_FILTER.may_contain(text.as_bytes(), w.len()), "{text}");
                }
            }
        }
        let first: HashSet<&str> = data_lines(EN_FIRST).collect();
        let others: Vec<&str> = data_lines(EN_LAST).filter(|w| !first.contains(w)).collect();
        let pass = others.iter().filter(|w| FIRST_FILTER.may_contain(w.as_bytes(), w.len())).count();
        assert!(pass * 20 < others.len(), "{pass} of {}", others.len());
    }

    #[test]
    fn english_in_text_needs_title_case_and_no_proper_noun_after() {
        assert_eq!(english_name_in_text_at("Robert Randolph, date of birth"), Some(15));
        assert_eq!(english_name_in_text_at("Tyler R. Adams, your SSN"), Some(14));
        assert_eq!(english_name_in_text_at("Amber Perry called"), Some(11));
        assert_eq!(english_name_in_text_at("SMITH JOHN said"), None);
        assert_eq!(english_name_in_text_at("Amber Perry Foundation"), None);
        assert_eq!(english_name_in_text_at("New York"), None);
        assert_eq!(english_name_in_text_at("Customer Service"), None);
    }

    #[test]
    fn a_bare_name_field_takes_names_with_word_like_surnames_only_whole() {
        assert_eq!(chinese_name_strict_at("何岩\""), zh("何岩", false));
        assert_eq!(chinese_name_strict_at("黄雷楠"), zh("黄雷楠", false));
        assert_eq!(chinese_name_strict_at("何岩山上"), None);
        assert_eq!(chinese_name_strict_at("和平\""), None);
    }

    #[test]
    fn person_names_pick_the_code() {
        assert_eq!(person_name_at("张伟"), Some(("张伟".len(), 1002)));
        assert_eq!(person_name_at("陳大文"), Some(("陳大文".len(), 1016)));
        assert_eq!(person_name_at("Jane Doe"), Some((8, 1017)));
        assert_eq!(person_name_at("iPhone 15"), None);
    }
}

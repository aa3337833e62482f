//! Licence plates (1008) and military officer cards (1010).
//!
//! A plate is a province abbreviation (京 沪 粤 …), an issuing-authority letter (A–Z but
//! I and O), an optional separator (`·` `•` `-` space) and then either five characters
//! (digits and letters without I/O, at most two letters; the last may be 学 警 挂 港 澳 领
//! 试 超) or, for new-energy vehicles, six: `D`/`F` + five (粤BD12345, second may be a
//! letter) or five digits + `D`/`F` (粤B12345D).
//!
//! An officer card is an issuing character (a military region or service: 南 北 沈 兰 成 济
//! 广 海 空 …) + 字第 + six to eight digits + an optional 号: `南字第1234567号`.
//!
//! Input: text starting at the candidate. Output: the byte length of the value when
//! nothing alphanumeric is glued to its end.

use super::first_char;

/// Province abbreviations used on plates (tested against [`plate_province`]).
#[cfg(test)]
const PLATE_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
/// Characters that may end an ordinary plate instead of its fifth character (tested
/// against [`plate_tail`]).
#[cfg(test)]
const PLATE_TAILS: &str = "学警挂港澳领试超";
/// Officer-card issuing characters: the former military regions, the services and
/// departments, and the theatre commands (tested against [`officer_issuer`]).
#[cfg(test)]
const OFFICER_ISSUERS: &str = "南北沈兰成济广海空参政后装军武火战东西中";

/// The characters of [`PLATE_PROVINCES`], as a `match` (`str::contains` would search the
/// string's bytes on every candidate).
fn plate_province(c: char) -> bool {
    matches!(
        c,
        '京' | '津'
            | '沪'
            | '渝'
            | '冀'
            | '豫'
            | '云'
            | '辽'
            | '黑'
            | '湘'
            | '皖'
            | '鲁'
            | '新'
            | '苏'
            | '浙'
            | '赣'
            | '鄂'
            | '桂'
            | '甘'
            | '晋'
            | '蒙'
            | '陕'
            | '吉'
            | '闽'
            | '贵'
            | '粤'
            | '青'
            | '藏'
            | '川'
            | '宁'
            | '琼'
    )
}

/// The characters of [`PLATE_TAILS`].
fn plate_tail(c: char) -> bool {
    matches!(c, '学' | '警' | '挂' | '港' | '澳' | '领' | '试' | '超')
}

/// The characters of [`OFFICER_ISSUERS`].
fn officer_issuer(c: char) -> bool {
    matches!(
        c,
        '南' | '北'
            | '沈'
            | '兰'
            | '成'
            | '济'
            | '广'
            | '海'
            | '空'
            | '参'
            | '政'
            | '后'
            | '装'
            | '军'
            | '武'
            | '火'
            | '战'
            | '东'
            | '西'
            | '中'
    )
}

fn plate_letter(b: u8) -> bool {
    b.is_ascii_uppercase() && b != b'I' && b != b'O'
}

fn glued(s: &str) -> bool {
    first_char(s).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A mainland licence plate at the start of `s`: `京A12345`, `京A·12345`, `京A-12345`,
/// `粤BD12345`, `粤B12345D`, `京A1234学`.
pub fn plate_at(s: &str) -> Option<usize> {
    let prov = first_char(s)?;
    if !plate_province(prov) {
        return None;
    }
    let mut i = prov.len_utf8();
    let b = s.as_bytes();
    if !plate_letter(*b.get(i)?) {
        return None;
    }
    i += 1;
    // optional separator
    for sep in ["·", "•", "・", "-", " ", "．", "."] {
        if let Some(rest) = s[i..].strip_prefix(sep)
            && rest.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
        {
            i += sep.len();
            break;
        }
    }
    let body_start = i;
    let mut n = 0;
    while n < 7 && b.get(body_start + n).is_some_and(|&c| c.is_ascii_digit() || plate_letter(c)) {
        n += 1;
    }
    let body = &b[body_start..body_start + n];
    let end = body_start + n;
    let letters = body.iter().filter(|c| c.is_ascii_alphabetic()).count();
    match n {
        6 => {
            // new energy: D/F + 5 (the second may be a letter), or 5 digits + D/F
            let small = matches!(body[0], b'D' | b'F') && body[2..].iter().all(u8::is_ascii_digit);
            let large = body[..5].iter().all(u8::is_ascii_digit) && matches!(body[5], b'D' | b'F');
            ((small || large) && !glued(&s[end..])).then_some(end)
        }
        5 => (letters <= 2 && !glued(&s[end..]) && !s[end..].starts_with(plate_tail)).then_some(end),
        4 => {
            let tail = first_char(&s[end..]).filter(|&c| plate_tail(c))?;
            let end = end + tail.len_utf8();
            (letters <= 2).then_some(end)
        }
        _ => None,
    }
}

/// A military officer card at the start of `s`: `南字第1234567号` (号 optional).
pub fn officer_card_at(s: &str) -> Option<usize> {
    let issuer = first_char(s)?;
    if !officer_issuer(issuer) {
        return None;
    }
    let rest = s[issuer.len_utf8()..].strip_prefix("字第")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(6..=8).contains(&digits) {
        return None;
    }
    let mut end = s.len() - rest.len() + digits;
    if s[end..].starts_with('号') || s[end..].starts_with('號') {
        end += '号'.len_utf8();
    } else if glued(&s[end..]) {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(s: &str) -> Option<usize> {
        Some(s.len())
    }

    #[test]
    fn character_sets_agree_with_the_lists() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(plate_province(c), PLATE_PROVINCES.contains(c), "{c}");
            assert_eq!(plate_tail(c), PLATE_TAILS.contains(c), "{c}");
            assert_eq!(officer_issuer(c), OFFICER_ISSUERS.contains(c), "{c}");
        }
    }

    #[test]
    fn plate_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("京A12345", len("京A12345")),
            ("京A·12345", len("京A·12345")),
            ("京A-12345\"", len("京A-12345")),
            ("沪B 8K888", len("沪B 8K888")),
            ("粤BD12345", len("粤BD12345")),
            ("粤BDA1234", len("粤BDA1234")),
            ("粤BF1A345", None),
            ("粤B12345D", len("粤B12345D")),
            ("京AF0236，", len("京AF0236")),
            ("浙A1234学", len("浙A1234学")),
            ("川AB123X", len("川AB123X")),
            // not plates
            ("京I12345", None),
            ("京a12345", None),
            ("京A123456", None),
            ("京A1234", None),
            ("京ABCDE", None),
            ("京A12345678", None),
            ("中A12345", None),
            ("粤B12345X", None),
            ("京A12345x", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(plate_at(s), *want, "plate_at({s:?})");
        }
    }

    #[test]
    fn officer_table() {
        let cases: &[(&str, Option<usize>)] = &[
            ("南字第1234567号", len("南字第1234567号")),
            ("南字第1234567", len("南字第1234567")),
            ("海字第123456号，", len("海字第123456号")),
            ("空字第12345678", len("空字第12345678")),
            ("北字第1234567號", len("北字第1234567號")),
            // not officer cards
            ("南字第12345", None),
            ("南字第123456789", None),
            ("文字第1234567号", None),
            ("南字1234567号", None),
            ("南字第1234567a", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(officer_card_at(s), *want, "officer_card_at({s:?})");
        }
    }
}

//! Synthetic personal data that passes the real validators.
//!
//! Input: a [`Rng`]. Output: mainland resident ID numbers (valid area code, real calendar
//! birth date, ISO 7064 MOD 11-2 check digit), mobile numbers with assigned prefixes, bank
//! cards with a real issuer prefix and a Luhn check digit, names, addresses, e-mail
//! addresses, IMEIs, unified social credit codes and vehicle identification numbers. None
//! of it belongs to a real person: every value is drawn from the seed.

use crate::rng::Rng;

/// Area codes (province + city + district) of the mainland, with the address they stand for.
const AREAS: &[(&str, &str, &str, &str)] = &[
    ("110101", "北京市", "北京市", "东城区"),
    ("110105", "北京市", "北京市", "朝阳区"),
    ("110108", "北京市", "北京市", "海淀区"),
    ("310104", "上海市", "上海市", "徐汇区"),
    ("310115", "上海市", "上海市", "浦东新区"),
    ("440106", "广东省", "广州市", "天河区"),
    ("440305", "广东省", "深圳市", "南山区"),
    ("330106", "浙江省", "杭州市", "西湖区"),
    ("320102", "江苏省", "南京市", "玄武区"),
    ("320505", "江苏省", "苏州市", "虎丘区"),
    ("510107", "四川省", "成都市", "武侯区"),
    ("420111", "湖北省", "武汉市", "洪山区"),
    ("610113", "陕西省", "西安市", "雁塔区"),
    ("370202", "山东省", "青岛市", "市南区"),
    ("430104", "湖南省", "长沙市", "岳麓区"),
    ("350203", "福建省", "厦门市", "思明区"),
];

const STREETS: &[&str] = &[
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平街",
    "文化路",
    "科技园路",
    "长江路",
    "滨江大道",
    "学院路",
    "花园街",
    "新华路",
];
const COMMUNITIES: &[&str] =
    &["阳光小区", "锦绣花园", "翠苑", "金色家园", "龙湖天街", "万科城", "碧桂园", "东方明珠苑"];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const SURNAMES_PINYIN: &[&str] = &[
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu",
    "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song", "tang", "xu", "han", "feng",
    "deng", "cao",
];
const GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("秀英", "xiuying"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀兰", "xiulan"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("桂英", "guiying"),
    ("晨", "chen"),
    ("子涵", "zihan"),
    ("浩然", "haoran"),
    ("雨桐", "yutong"),
    ("宇轩", "yuxuan"),
    ("欣怡", "xinyi"),
    ("梓萱", "zixuan"),
];

/// Mobile prefixes assigned to the three mainland carriers.
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182",
    "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
];

/// Debit-card issuer prefixes (UnionPay) with the card length.
const CARD_BINS: &[(&str, usize)] =
    &[("622848", 19), ("622202", 19), ("621700", 19), ("622588", 16), ("621483", 16), ("623058", 19)];

const MAIL_DOMAINS: &[&str] = &["example.com", "mail.example.cn", "example.net", "corp.example.org"];

/// A synthetic person.
#[derive(Clone, Debug)]
pub struct Person {
    /// Numeric user id.
    pub uid: u64,
    /// Login name.
    pub username: String,
    /// Name in Simplified Chinese.
    pub name: String,
    /// Mainland mobile number.
    pub phone: String,
    /// Mainland resident ID number.
    pub id_card: String,
    /// E-mail address.
    pub email: String,
    /// Postal address.
    pub address: String,
    /// Province of the address.
    pub province: String,
    /// City of the address.
    pub city: String,
    /// Debit card number.
    pub bank_card: String,
    /// `male` / `female`, consistent with the ID number.
    pub gender: &'static str,
    /// Birth date `YYYY-MM-DD`, consistent with the ID number.
    pub birthday: String,
}

impl Person {
    /// Draws a person with user id `uid`.
    pub fn new(rng: &mut Rng, uid: u64) -> Person {
        let si = rng.index(SURNAMES.len());
        let (given, given_py) = *rng.pick(GIVEN);
        let area = *rng.pick(AREAS);
        let (id_card, birthday, male) = id_card_in(rng, area.0);
        let py = format!("{}{}", SURNAMES_PINYIN[si], given_py);
        let username = match rng.below(3) {
            0 => format!("{py}{}", rng.range(1, 999)),
            1 => format!("{py}_{}", &birthday[..4]),
            _ => format!("{}{}", py, rng.range(10, 99)),
        };
        let email = format!("{}@{}", username.replace('_', "."), rng.pick(MAIL_DOMAINS));
        let address = format!(
            "{}{}{}{}{}号{}{}栋{}室",
            area.1,
            if area.1 == area.2 { "" } else { area.2 },
            area.3,
            rng.pick(STREETS),
            rng.range(1, 999),
            rng.pick(COMMUNITIES),
            rng.range(1, 30),
            rng.range(101, 2805)
        );
        Person {
            uid,
            username,
            name: format!("{}{}", SURNAMES[si], given),
            phone: mobile(rng),
            id_card,
            email,
            address,
            province: area.1.to_string(),
            city: area.2.to_string(),
            bank_card: bank_card(rng),
            gender: if male { "male" } else { "female" },
            birthday,
        }
    }
}

/// A mainland mobile number with an assigned prefix.
pub fn mobile(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(MOBILE_PREFIXES), rng.digits(8))
}

/// A resident ID number: `(number, birth date YYYY-MM-DD, is_male)`.
pub fn id_card(rng: &mut Rng) -> (String, String, bool) {
    let area = rng.pick(AREAS).0;
    id_card_in(rng, area)
}

fn id_card_in(rng: &mut Rng, area: &str) -> (String, String, bool) {
    let year = rng.range(1958, 2005);
    let month = rng.range(1, 12);
    let day = rng.range(1, days_in_month(year, month));
    let seq = rng.range(1, 999);
    let body = format!("{area}{year:04}{month:02}{day:02}{seq:03}");
    let check = id_check_digit(&body);
    (format!("{body}{check}"), format!("{year:04}-{month:02}-{day:02}"), seq % 2 == 1)
}

/// The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number.
pub fn id_check_digit(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17.bytes().zip(W).map(|(b, w)| u32::from(b - b'0') * w).sum();
    C[(sum % 11) as usize] as char
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A debit card number with a real issuer prefix and a valid Luhn check digit.
pub fn bank_card(rng: &mut Rng) -> String {
    let (bin, len) = *rng.pick(CARD_BINS);
    let body = format!("{bin}{}", rng.digits(len - bin.len() - 1));
    let check = luhn_check_digit(&body);
    format!("{body}{check}")
}

/// The Luhn check digit that completes `body`.
pub fn luhn_check_digit(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i.is_multiple_of(2) {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

/// A 15-digit IMEI with a Luhn check digit.
pub fn imei(rng: &mut Rng) -> String {
    let body = format!("86{}", rng.digits(12));
    let check = luhn_check_digit(&body);
    format!("{body}{check}")
}

/// An 18-character unified social credit code with a valid GB 32100 check character.
pub fn uscc(rng: &mut Rng) -> String {
    let area = rng.pick(AREAS).0;
    let org: String = (0..9).map(|_| USCC_CHARS[rng.index(USCC_CHARS.len())] as char).collect();
    let body = format!("91{area}{org}");
    let check = uscc_check_char(&body);
    format!("{body}{check}")
}

const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The GB 32100 check character of the first 17 characters of a credit code.
pub fn uscc_check_char(first17: &str) -> char {
    const W: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let sum: usize =
        first17.bytes().zip(W).map(|(b, w)| USCC_CHARS.iter().position(|c| *c == b).unwrap_or(0) * w).sum();
    USCC_CHARS[(31 - sum % 31) % 31] as char
}

/// A 17-character vehicle identification number with a valid check character (position 9).
pub fn vin(rng: &mut Rng) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    let wmi = *rng.pick(&["LSV", "LFV", "LGB", "LVS", "LHG"]);
    let mut v: Vec<u8> = wmi.bytes().collect();
    v.extend((0..14).map(|_| CHARS[rng.index(CHARS.len())]));
    v[8] = vin_check_char(&v) as u8;
    String::from_utf8_lossy(&v).into_owned()
}

/// The ISO 3779 / North American check character of a 17-character VIN (position 9 is
/// ignored).
pub fn vin_check_char(vin: &[u8]) -> char {
    const W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let val = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'H' => u32::from(c - b'A') + 1,
            b'J'..=b'N' => u32::from(c - b'J') + 1,
            b'P' => 7,
            b'R' => 9,
            b'S'..=b'Z' => u32::from(c - b'S') + 2,
            _ => 0,
        }
    };
    let sum: u32 = vin.iter().zip(W).map(|(c, w)| val(*c) * w).sum();
    if sum % 11 == 10 { 'X' } else { char::from(b'0' + (sum % 11) as u8) }
}

/// A license plate of the mainland (`京A12345` style).
pub fn plate(rng: &mut Rng) -> String {
    let prov = *rng.pick(&["京", "沪", "粤", "浙", "苏", "川", "鄂", "陕"]);
    let letter = rng.chars(b"ABCDEFGHJK", 1);
    let tail = rng.chars(b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", 5);
    format!("{prov}{letter}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luhn_ok(n: &str) -> bool {
        let body = &n[..n.len() - 1];
        luhn_check_digit(body) == n.chars().last().unwrap_or(' ')
    }

    #[test]
    fn known_id_check_digit() {
        // The worked example of GB 11643: 11010519491231002X.
        assert_eq!(id_check_digit("11010519491231002"), 'X');
    }

    #[test]
    fn known_luhn_digit() {
        assert_eq!(luhn_check_digit("7992739871"), '3');
    }

    #[test]
    fn generated_people_pass_the_validators() {
        let mut r = Rng::new(11, 0);
        for uid in 0..500 {
            let p = Person::new(&mut r, uid);
            assert_eq!(p.id_card.len(), 18);
            assert_eq!(id_check_digit(&p.id_card[..17]), p.id_card.chars().last().unwrap_or(' '));
            let (y, m, d) = (&p.id_card[6..10], &p.id_card[10..12], &p.id_card[12..14]);
            assert_eq!(p.birthday, format!("{y}-{m}-{d}"));
            let (y, m, d): (u64, u64, u64) = (y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap());
            assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
            assert_eq!(p.phone.len(), 11);
            assert!(MOBILE_PREFIXES.contains(&&p.phone[..3]));
            assert!(luhn_ok(&p.bank_card), "{}", p.bank_card);
            assert!(p.email.contains('@'));
        }
        assert!(luhn_ok(&imei(&mut r)));
    }

    #[test]
    fn known_uscc_and_vin_check_characters() {
        // The textbook VIN example 1M8GDM9AXKP042788 has check character X.
        assert_eq!(vin_check_char(b"1M8GDM9AXKP042788"), 'X');
        assert_eq!(uscc_check_char("91350100M000100Y4"), '3');
        let mut r = Rng::new(3, 0);
        for _ in 0..100 {
            let u = uscc(&mut r);
            assert_eq!(uscc_check_char(&u[..17]), u.chars().last().unwrap_or(' '));
            let v = vin(&mut r);
            assert_eq!(vin_check_char(v.as_bytes()), char::from(v.as_bytes()[8]));
            assert!(!v.contains(['I', 'O', 'Q']));
        }
    }
}

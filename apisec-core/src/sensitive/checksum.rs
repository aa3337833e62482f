//! Check-digit and structure validators for identity, card and registration numbers.
//!
//! Every function takes the candidate's bytes exactly as they sit in the text (ASCII) and
//! returns whether it is a well-formed value of its type: Luhn (cards, IMEI), GB 11643 (CN
//! resident ID), GB 32100 (unified social credit code), GB 11714 (organisation code), ISO 7064
//! MOD 11,10 (business licence), ISO 3779 (VIN), HKID, Singapore NRIC/FIN, Malaysian MyKad
//! and US SSN rules. None of them allocates or panics.

/// Luhn check over ASCII digits (false when any byte is not a digit). One pass from the
/// right, the doubled digits read from a table: no division per digit.
pub fn luhn(d: &[u8]) -> bool {
    /// `2v` with its digits summed, for `v` in 0..=9.
    const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    if d.is_empty() {
        return false;
    }
    let mut sum = 0u32;
    let mut doubled = false;
    for &c in d.iter().rev() {
        let v = c.wrapping_sub(b'0');
        if v > 9 {
            return false;
        }
        sum += if doubled { DOUBLED[usize::from(v)] } else { u32::from(v) };
        doubled = !doubled;
    }
    sum.is_multiple_of(10)
}

/// The definition of [`luhn`]: every second digit from the right doubled, nine taken off
/// above nine.
#[cfg(test)]
fn luhn_ref(d: &[u8]) -> bool {
    if d.is_empty() || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &c) in d.iter().rev().enumerate() {
        let mut v = u32::from(c - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// Two-digit province codes of mainland administrative divisions (GB/T 2260 first level).
pub fn cn_province_code(a: u8, b: u8) -> bool {
    matches!(
        (a, b),
        (b'1', b'1'..=b'5')
            | (b'2', b'1'..=b'3')
            | (b'3', b'1'..=b'7')
            | (b'4', b'1'..=b'6')
            | (b'5', b'0'..=b'4')
            | (b'6', b'1'..=b'5')
    )
}

/// A six-digit division code: valid province, and not a malformed prefecture/county part.
pub fn cn_area_code(d: &[u8]) -> bool {
    d.len() >= 6 && d[..6].iter().all(u8::is_ascii_digit) && cn_province_code(d[0], d[1])
}

fn num(d: &[u8]) -> u32 {
    d.iter().fold(0u32, |a, &c| a.wrapping_mul(10).wrapping_add(u32::from(c.wrapping_sub(b'0'))))
}

/// Whether `y-m-d` is a real calendar date.
///
/// Dates are the most common grouped values, and their months and days vary from one value
/// to the next: the month's length is read from a table and the range checks are combined
/// without a branch each (the `match` on the month this replaces mispredicted often). The
/// leap-year rule is asked only of 29 February.
pub fn valid_date(y: u32, m: u32, d: u32) -> bool {
    /// Days per month at index 1..=12 (February at 29); 0 at every other index, so that
    /// month 0 and 13 to 15 take no day.
    const DAYS: [u32; 16] = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0];
    let fits = (m <= 12) & (d != 0) & (d <= DAYS[(m & 15) as usize]);
    fits && (d != 29 || m != 2 || leap_year(y))
}

fn leap_year(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

/// The definition of [`valid_date`]: the month's length by a `match`.
#[cfg(test)]
fn valid_date_ref(y: u32, m: u32, d: u32) -> bool {
    if !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= days
}

/// CN resident ID (GB 11643): 18 chars, division code, real birth date, mod-11 check digit.
pub fn cn_resident_id(s: &[u8]) -> bool {
    // the province code first: two compares refuse most 18-digit record numbers before
    // the walk over the digits
    if s.len() != 18 || !cn_province_code(s[0], s[1]) || !s[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    resident_date_and_check(s)
}

/// [`cn_resident_id`] of bytes already known to be ASCII digits (a digit run): the digit
/// walk is left out (every 18-digit run is asked this).
pub fn cn_resident_id_digits(s: &[u8]) -> bool {
    s.len() == 18 && cn_province_code(s[0], s[1]) && resident_date_and_check(s)
}

/// The definition of [`cn_resident_id`]: the digits, then the division code, then the rest.
#[cfg(test)]
fn cn_resident_id_ref(s: &[u8]) -> bool {
    if s.len() != 18 || !s[..17].iter().all(u8::is_ascii_digit) || !cn_area_code(s) {
        return false;
    }
    resident_date_and_check(s)
}

/// The birth date and the check digit of 18 bytes whose first 17 are digits.
fn resident_date_and_check(s: &[u8]) -> bool {
    let y = num(&s[6..10]);
    if !(1900..=2099).contains(&y) || !valid_date(y, num(&s[10..12]), num(&s[12..14])) {
        return false;
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = s[..17].iter().zip(W).map(|(&c, w)| u32::from(c - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    s[17].to_ascii_uppercase() == check
}

const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Per byte: its value in [`USCC_CHARS`], or `NO_USCC` for a byte outside the alphabet
/// (one table look instead of a search of the alphabet per character).
static USCC_VAL: [u8; 256] = {
    let mut t = [NO_USCC; 256];
    let mut i = 0;
    while i < USCC_CHARS.len() {
        t[USCC_CHARS[i] as usize] = i as u8;
        i += 1;
    }
    t
};
const NO_USCC: u8 = 0xFF;

fn uscc_val(c: u8) -> Option<u32> {
    let v = USCC_VAL[usize::from(c)];
    (v != NO_USCC).then_some(u32::from(v))
}

/// The definition of [`uscc_val`]: the position in the alphabet.
#[cfg(test)]
fn uscc_val_ref(c: u8) -> Option<u32> {
    USCC_CHARS.iter().position(|&x| x == c).map(|p| p as u32)
}

/// Organisation code (GB 11714): 8 digits/upper-case letters plus a check char (digit or X).
pub fn org_code(body: &[u8], check: u8) -> bool {
    if body.len() != 8 {
        return false;
    }
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let mut sum = 0;
    for (&c, w) in body.iter().zip(W) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        sum += v * w;
    }
    let r = 11 - sum % 11;
    let expect = match r {
        10 => b'X',
        11 => b'0',
        r => b'0' + r as u8,
    };
    check.to_ascii_uppercase() == expect
}

/// The weights of the first 17 characters of a unified social credit code.
const USCC_W: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// [`uscc`] of bytes already known to be ASCII digits (a digit run): a digit's value in the
/// code's alphabet is its offset from `0`, so neither the alphabet table nor its refusal test
/// is read per character, and the registration department is any digit but `0`. Every
/// 18-digit run that is no resident ID is asked this (order and record numbers, most of
/// which pass the department and division tests and reach the weighted sum). On other bytes
/// it answers without panicking, though not necessarily as `uscc`.
pub fn uscc_digits(s: &[u8]) -> bool {
    if s.len() != 18 || s[0] == b'0' || !cn_province_code(s[2], s[3]) {
        return false;
    }
    let sum: u32 = s[..17].iter().zip(USCC_W).map(|(&c, w)| u32::from(c.wrapping_sub(b'0')) * w).sum();
    let check = (31 - sum % 31) % 31;
    u32::from(s[17].wrapping_sub(b'0')) == check && org_code(&s[8..16], s[16])
}

/// Unified social credit code (GB 32100): 18 chars, mod-31 check, division code, embedded
/// organisation code valid.
pub fn uscc(s: &[u8]) -> bool {
    // the registration department and the division code first: a few compares refuse most
    // record numbers before the weighted sum
    if s.len() != 18 || !matches!(s[0], b'1'..=b'9' | b'A' | b'N' | b'Y') || !cn_area_code(&s[2..8]) {
        return false;
    }
    let mut sum = 0;
    for (&c, w) in s[..17].iter().zip(USCC_W) {
        match uscc_val(c) {
            Some(v) => sum += v * w,
            None => return false,
        }
    }
    let check = (31 - sum % 31) % 31;
    if uscc_val(s[17]) != Some(check) {
        return false;
    }
    // registration department (1-9, A, N, Y) and a numeric division code
    if !matches!(s[0], b'1'..=b'9' | b'A' | b'N' | b'Y') || !cn_area_code(&s[2..8]) {
        return false;
    }
    org_code(&s[8..16], s[16])
}

/// ISO 7064 MOD 11,10 check over 15 digits (business licence registration number), with a
/// division-code prefix. The running product takes 10 values (1 to 10) and each step
/// depends only on it and the digit: the steps are read from [`LICENCE_STEP`] instead of
/// two divisions per digit (every 15-digit run is asked this).
pub fn business_licence(s: &[u8]) -> bool {
    if s.len() != 15 || !s.iter().all(u8::is_ascii_digit) || !cn_area_code(s) {
        return false;
    }
    let mut p = 10;
    for &c in &s[..14] {
        p = LICENCE_STEP[usize::from(p)][usize::from(c - b'0')];
    }
    (p + (s[14] - b'0')) % 10 == 1
}

/// One step of the MOD 11,10 product: `LICENCE_STEP[p][d]` for product `p` and digit `d`.
static LICENCE_STEP: [[u8; 10]; 11] = {
    let mut t = [[0u8; 10]; 11];
    let mut p = 0;
    while p < 11 {
        let mut d = 0;
        while d < 10 {
            let mut x = (p + d) % 10;
            if x == 0 {
                x = 10;
            }
            t[p][d] = ((x * 2) % 11) as u8;
            d += 1;
        }
        p += 1;
    }
    t
};

/// The definition of [`business_licence`]: the product computed with its divisions.
#[cfg(test)]
fn business_licence_ref(s: &[u8]) -> bool {
    if s.len() != 15 || !s.iter().all(u8::is_ascii_digit) || !cn_area_code(s) {
        return false;
    }
    let mut p = 10u32;
    for &c in &s[..14] {
        let mut x = (p + u32::from(c - b'0')) % 10;
        if x == 0 {
            x = 10;
        }
        p = (x * 2) % 11;
    }
    (p + u32::from(s[14] - b'0')) % 10 == 1
}

/// 15-char tax registration number: division code + organisation code (with its check).
pub fn tax_number(s: &[u8]) -> bool {
    s.len() == 15 && cn_area_code(s) && org_code(&s[6..14], s[14])
}

/// VIN (ISO 3779): 17 chars without I, O, Q; check digit in position 9.
pub fn vin(s: &[u8]) -> bool {
    if s.len() != 17 {
        return false;
    }
    const W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let mut sum = 0;
    let mut letters = 0;
    for (i, &c) in s.iter().enumerate() {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'H' => u32::from(c - b'A') + 1,
            b'J'..=b'N' => u32::from(c - b'J') + 1,
            b'P' => 7,
            b'R' => 9,
            b'S'..=b'Z' => u32::from(c - b'S') + 2,
            _ => return false,
        };
        if c.is_ascii_alphabetic() {
            letters += 1;
        }
        sum += v * W[i];
    }
    // the last four characters of a VIN are always digits
    if letters == 0 || !s[13..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let r = sum % 11;
    let expect = if r == 10 { b'X' } else { b'0' + r as u8 };
    s[8] == expect
}

/// HKID: one or two letters, six digits, check char (digit or A) — given without brackets.
pub fn hkid(prefix: &[u8], digits: &[u8], check: u8) -> bool {
    if !(1..=2).contains(&prefix.len())
        || !prefix.iter().all(u8::is_ascii_uppercase)
        || digits.len() != 6
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let mut sum = if prefix.len() == 1 { 36 * 9 } else { (u32::from(prefix[0] - b'A') + 10) * 9 };
    sum += (u32::from(prefix[prefix.len() - 1] - b'A') + 10) * 8;
    for (i, &d) in digits.iter().enumerate() {
        sum += u32::from(d - b'0') * (7 - i as u32);
    }
    let r = (11 - sum % 11) % 11;
    let expect = match r {
        10 => b'A',
        r => b'0' + r as u8,
    };
    check.to_ascii_uppercase() == expect
}

/// Singapore NRIC / FIN: S, T, F, G (or M) + 7 digits + check letter.
pub fn nric(s: &[u8]) -> bool {
    if s.len() != 9 || !s[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 7] = [2, 7, 6, 5, 4, 3, 2];
    let mut sum: u32 = s[1..8].iter().zip(W).map(|(&c, w)| u32::from(c - b'0') * w).sum();
    let table: &[u8; 11] = match s[0] {
        b'S' => b"JZIHGFEDCBA",
        b'T' => {
            sum += 4;
            b"JZIHGFEDCBA"
        }
        b'F' => b"XWUTRQPNMLK",
        b'G' => {
            sum += 4;
            b"XWUTRQPNMLK"
        }
        b'M' => {
            sum += 3;
            b"XWUTRQPNJLK"
        }
        _ => return false,
    };
    s[8] == table[(sum % 11) as usize]
}

/// Malaysian MyKad birthplace code (the `PB` part): states 01–16, 21–59, foreign 60–68,
/// 71–72, 74–79, 82–93, 98–99.
pub fn mykad_place(p: u32) -> bool {
    matches!(p, 1..=16 | 21..=59 | 60..=68 | 71..=72 | 74..=79 | 82..=93 | 98..=99)
}

/// MyKad: `YYMMDD` + birthplace + 4 digits (12 digits, separators removed).
pub fn mykad(d: &[u8]) -> bool {
    if d.len() != 12 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let yy = num(&d[0..2]);
    // two-digit year: either century is acceptable, Feb 29 must exist in one of them
    let ok_date = valid_date(1900 + yy, num(&d[2..4]), num(&d[4..6]))
        || valid_date(2000 + yy, num(&d[2..4]), num(&d[4..6]));
    ok_date && mykad_place(num(&d[6..8]))
}

/// US SSN `AAA-GG-SSSS` rules: area 001–899 except 666, group 01–99, serial 0001–9999.
pub fn ssn(area: &[u8], group: &[u8], serial: &[u8]) -> bool {
    let (a, g, s) = (num(area), num(group), num(serial));
    area.len() == 3
        && group.len() == 2
        && serial.len() == 4
        && (1..900).contains(&a)
        && a != 666
        && g != 0
        && s != 0
}

/// ISO 3166-1 alpha-2 country codes (officially assigned), for SWIFT/BIC characters 5–6.
pub fn iso_country(a: u8, b: u8) -> bool {
    const CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";
    /// Per first letter, a bit per second letter.
    static TABLE: [u32; 26] = {
        let c = CODES.as_bytes();
        let mut t = [0u32; 26];
        let mut k = 0;
        while k + 1 < c.len() {
            t[(c[k] - b'A') as usize] |= 1 << (c[k + 1] - b'A');
            k += 3;
        }
        t
    };
    a.is_ascii_uppercase() && b.is_ascii_uppercase() && (TABLE[usize::from(a - b'A')] >> (b - b'A')) & 1 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uscc_table_agrees_with_the_alphabet() {
        for c in 0..=255u8 {
            assert_eq!(uscc_val(c), uscc_val_ref(c), "{c}");
        }
    }

    proptest::proptest! {
        /// The table month lengths agree with the `match`: months and days around their
        /// bounds, leap and century years, and any value at all.
        #[test]
        fn valid_date_agrees_with_the_definition(
            y in proptest::prop_oneof![1890u32..2110, proptest::num::u32::ANY],
            m in proptest::prop_oneof![0u32..17, proptest::num::u32::ANY],
            d in proptest::prop_oneof![0u32..33, proptest::num::u32::ANY],
        ) {
            proptest::prop_assert_eq!(valid_date(y, m, d), valid_date_ref(y, m, d));
            // every February end, century years included
            proptest::prop_assert_eq!(valid_date(y, 2, 29), valid_date_ref(y, 2, 29));
        }

        /// On digit runs the digit-only USCC test answers as the full one: prefixes that pass
        /// or fail the department and division tests, and every last two digits (the
        /// organisation-code and code check characters), so that valid codes are met.
        #[test]
        fn uscc_digits_agree_with_uscc(
            pre in proptest::sample::select(vec!["91", "11", "01", "9135", "9120", "913501", "120101", ""]),
            d in proptest::collection::vec(b'0'..=b'9', 0..17),
        ) {
            let mut v = pre.as_bytes().to_vec();
            v.extend(&d);
            v.truncate(16);
            for x in b'0'..=b'9' {
                for y in b'0'..=b'9' {
                    let mut w = v.clone();
                    w.extend([x, y]);
                    proptest::prop_assert_eq!(uscc_digits(&w), uscc(&w));
                }
            }
            proptest::prop_assert_eq!(uscc_digits(&v), uscc(&v));
        }

        /// The table Luhn agrees with its definition on digits and on the bytes next to them.
        #[test]
        fn luhn_agrees_with_the_definition(d in proptest::collection::vec(proptest::sample::select(b"0123456789/:a".to_vec()), 0..24)) {
            proptest::prop_assert_eq!(luhn(&d), luhn_ref(&d));
        }

        /// The step table agrees with the divisions: valid and invalid division codes, then
        /// digits and a letter, at and around 15 bytes.
        #[test]
        fn business_licence_agrees_with_the_definition(
            pre in proptest::sample::select(vec!["11", "20", "1a", "440301", ""]),
            d in proptest::collection::vec(proptest::sample::select(b"0123456789a".to_vec()), 0..17),
        ) {
            let mut v = pre.as_bytes().to_vec();
            v.extend(&d);
            proptest::prop_assert_eq!(business_licence(&v), business_licence_ref(&v));
        }

        /// On digit runs the test without the digit walk answers as the full one.
        #[test]
        fn resident_id_digits_agree_with_the_definition(
            pre in proptest::sample::select(vec!["11", "20", "65", "", "110105194912310"]),
            d in proptest::collection::vec(b'0'..=b'9', 0..20),
        ) {
            let mut v = pre.as_bytes().to_vec();
            v.extend(&d);
            proptest::prop_assert_eq!(cn_resident_id_digits(&v), cn_resident_id(&v));
        }

        /// Reading the province code before the digits changes no answer: valid and invalid
        /// province codes, digits, `X` and a letter, at and around 18 bytes.
        #[test]
        fn resident_id_agrees_with_the_definition(
            pre in proptest::sample::select(vec!["11", "20", "1a", "65", "", "110105194912310"]),
            d in proptest::collection::vec(proptest::sample::select(b"0123456789Xa".to_vec()), 0..20),
        ) {
            let mut v = pre.as_bytes().to_vec();
            v.extend(&d);
            proptest::prop_assert_eq!(cn_resident_id(&v), cn_resident_id_ref(&v));
        }
    }

    #[test]
    fn validators_accept_known_good_and_reject_one_digit_changes() {
        assert!(luhn(b"4111111111111111"));
        assert!(!luhn(b"4111111111111112"));
        assert!(cn_resident_id(b"11010519491231002X"));
        assert!(cn_resident_id(b"11010519491231002x"));
        assert!(!cn_resident_id(b"110105194912310021"));
        assert!(!cn_resident_id(b"110105194913310028"), "month 13");
        assert!(uscc(b"91350100M000100Y43"));
        assert!(!uscc(b"91350100M000100Y44"));
        assert!(org_code(b"D5EDNLXE", b'8') || !org_code(b"D5EDNLXE", b'9'));
        assert!(vin(b"1M8GDM9AXKP042788"));
        assert!(!vin(b"1M8GDM9A1KP042788"));
        assert!(hkid(b"A", b"123456", b'3'));
        assert!(!hkid(b"A", b"123456", b'4'));
        assert!(nric(b"S1234567D"));
        assert!(!nric(b"S1234567A"));
        assert!(mykad(b"900101145678"));
        assert!(!mykad(b"901301145678"));
        assert!(ssn(b"123", b"45", b"6789"));
        assert!(!ssn(b"666", b"45", b"6789"));
        assert!(iso_country(b'C', b'N') && !iso_country(b'X', b'X'));
        // the bit table holds exactly the listed codes
        let listed = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let want = listed.as_bytes().chunks(3).any(|c| c[0] == a && c[1] == b);
                assert_eq!(iso_country(a, b), want, "{a} {b}");
            }
        }
    }
}

//! Telephone numbers: mainland mobiles (assigned prefixes only), mainland landlines with an
//! area code, and North American (NANP) numbers.
//!
//! Inputs are digit slices with separators already removed; outputs are yes/no.

/// Mainland mobile: 11 digits on an assigned prefix (13x, 145/147/149, 15x but 154,
/// 16[2567], 17[0-35-8], 18x, 19[0-35-9]).
pub fn cn_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d.iter().all(u8::is_ascii_digit) && mobile_prefix(d)
}

/// [`cn_mobile`] of bytes already known to be ASCII digits (a digit run): the length and the
/// prefix decide, without a second pass over the digits (every 11-digit run is asked this).
pub fn cn_mobile_digits(d: &[u8]) -> bool {
    d.len() == 11 && mobile_prefix(d)
}

/// An assigned mobile prefix at the start of at least three bytes.
fn mobile_prefix(d: &[u8]) -> bool {
    d[0] == b'1'
        && match (d[1], d[2]) {
            (b'3' | b'8', _) => true,
            (b'4', b'5' | b'7' | b'9') => true,
            (b'5', x) => x != b'4',
            (b'6', b'2' | b'5' | b'6' | b'7') => true,
            (b'7', b'0'..=b'3' | b'5'..=b'8') => true,
            (b'9', x) => x != b'4',
            _ => false,
        }
}

/// Length of the mainland area code (with its leading 0) at the start of `d`, if plausible:
/// `010`, `02x`, or `0` + [3-9][1-9]x.
pub fn cn_area(d: &[u8]) -> Option<usize> {
    match d {
        [b'0', b'1', b'0', ..] => Some(3),
        [b'0', b'2', b'0'..=b'9', ..] => Some(3),
        [b'0', b'3'..=b'9', b'1'..=b'9', b'0'..=b'9', ..] => Some(4),
        _ => None,
    }
}

/// Subscriber part of a landline: 7 or 8 digits, not starting with 0 or 1.
pub fn cn_subscriber(d: &[u8], area_len: usize) -> bool {
    let ok_len = if area_len == 3 { d.len() == 8 } else { d.len() == 7 || d.len() == 8 };
    ok_len && d.iter().all(u8::is_ascii_digit) && (b'2'..=b'9').contains(&d[0])
}

/// A landline written without separators: area code + subscriber.
pub fn cn_landline_bare(d: &[u8]) -> bool {
    cn_area(d).is_some_and(|a| cn_subscriber(&d[a..], a))
}

/// NANP: area `NXX` (not N11, not N9X), exchange `NXX` (not N11), 4-digit line.
pub fn nanp(area: &[u8], exch: &[u8], line: &[u8]) -> bool {
    let nxx = |x: &[u8]| x.len() == 3 && (b'2'..=b'9').contains(&x[0]) && !(x[1] == b'1' && x[2] == b'1');
    nxx(area) && area[1] != b'9' && nxx(exch) && line.len() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// On digit runs the prefix-only test answers as the full one: every prefix digit
        /// pair, lengths around 11.
        #[test]
        fn mobile_digits_agree_with_the_definition(d in proptest::collection::vec(b'0'..=b'9', 0..14), one: bool) {
            let mut d = d;
            if one && !d.is_empty() {
                d[0] = b'1';
            }
            proptest::prop_assert_eq!(cn_mobile_digits(&d), cn_mobile(&d));
        }
    }

    #[test]
    fn phone_rules() {
        assert!(cn_mobile(b"13812345678") && cn_mobile(b"19912345678"));
        assert!(!cn_mobile(b"15412345678") && !cn_mobile(b"12012345678") && !cn_mobile(b"14612345678"));
        assert!(cn_landline_bare(b"04717484871") && cn_landline_bare(b"02080710652"));
        assert!(!cn_landline_bare(b"01012345678"), "Beijing subscriber numbers start 2-9");
        assert!(
            nanp(b"415", b"555", b"0123") && !nanp(b"911", b"555", b"0123") && !nanp(b"415", b"155", b"0123")
        );
    }
}

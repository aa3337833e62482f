//! Network identifiers: e-mail, URL, JDBC connection string, IPv4, IPv6, MAC.
//!
//! Each finder takes the decoded text (bytes) and an anchor position and returns the span of
//! the value, or `None`. IPv6 is parsed as the standard library's full address parser
//! parses it (compressed forms, embedded IPv4; [`ipv6_parses`], tested against it), not by a
//! loose pattern; IPv4 requires four octets 0–255 without leading zeros and no fifth
//! component.

/// ASCII letters and digits, as a table (the scanner's hottest test).
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

#[inline(always)]
pub(crate) fn is_alnum(b: u8) -> bool {
    ALNUM[b as usize]
}

const fn local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// [`EMAIL`]: the byte may be in a local part ([`local_char`]).
const E_LOCAL: u8 = 1;
/// A letter, digit or `-`: may be in a domain label.
const E_LABEL: u8 = 2;
/// Per byte, its [`E_LOCAL`] and [`E_LABEL`] bits: one table look per byte of the walks
/// back over the local part and on over the domain (e-mail addresses run 20 to 40 bytes).
static EMAIL: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        if local_char(b) {
            t[i] |= E_LOCAL;
        }
        if b.is_ascii_alphanumeric() || b == b'-' {
            t[i] |= E_LABEL;
        }
        i += 1;
    }
    t
};

/// E-mail around the `@` at `at`: `(start, end)`. Masked local parts (`z***n@…`) are refused.
pub fn email(t: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut s = at;
    while s > 0 && EMAIL[usize::from(t[s - 1])] & E_LOCAL != 0 && at - s < 64 {
        s -= 1;
    }
    while s < at && matches!(t[s], b'.' | b'+' | b'-' | b'%') {
        s += 1;
    }
    if s == at || (s > 0 && matches!(t[s - 1], b'*' | b'@')) {
        return None;
    }
    // domain: labels of [A-Za-z0-9-] separated by dots, alphabetic TLD
    let mut e = at + 1;
    let mut last_dot = None;
    while e < t.len() {
        if EMAIL[usize::from(t[e])] & E_LABEL == 0 {
            if t[e] == b'.' && e + 1 < t.len() && is_alnum(t[e + 1]) {
                last_dot = Some(e);
            } else {
                break;
            }
        }
        e += 1;
    }
    let dot = last_dot?;
    let tld = &t[dot + 1..e];
    if dot == at + 1 || tld.len() < 2 || !tld.iter().all(u8::is_ascii_alphabetic) || e - at > 255 {
        return None;
    }
    Some((s, e))
}

/// [`URL`]: the byte always ends a URL (a control byte, a space, a quote, a bracket…).
const U_STOP: u8 = 1;
/// Non-ASCII: ends a URL unless it is escaped text.
const U_HIGH: u8 = 2;
/// `&`: ends a URL given as a query value unless escaped.
const U_AMP: u8 = 4;
/// Per byte, how [`url_end`] treats it (0: part of the URL).
static URL: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        if b <= b' ' || matches!(b, b'"' | b'\'' | b'<' | b'>' | b'\\' | b'`' | b'|' | b'{' | b'}' | b'^') {
            t[i] = U_STOP;
        } else if b >= 0x80 {
            t[i] = U_HIGH;
        } else if b == b'&' {
            t[i] = U_AMP;
        }
        i += 1;
    }
    t
};

/// Where a URL from `from` ends. One table look per byte ([`URL`]) instead of a chain of a
/// dozen compares: URLs run long (paths, query strings), and the rare bytes that depend on
/// more (non-ASCII, `&` in a query value) are settled off the common path.
fn url_end(t: &[u8], from: usize, in_query: bool, escaped: &dyn Fn(usize) -> bool) -> usize {
    let mut e = from;
    // `&` matters only in a query value
    let amp = if in_query { U_AMP } else { 0 };
    while e < t.len() {
        let k = URL[usize::from(t[e])];
        if k & (U_STOP | U_HIGH | amp) != 0 && (k == U_STOP || !escaped(e)) {
            break;
        }
        e += 1;
    }
    while e > from && matches!(t[e - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']') {
        e -= 1;
    }
    e
}

/// The definition of [`url_end`]: the byte tests written out.
#[cfg(test)]
fn url_end_ref(t: &[u8], from: usize, in_query: bool, escaped: &dyn Fn(usize) -> bool) -> usize {
    let mut e = from;
    while e < t.len() {
        let b = t[e];
        if b <= b' '
            || (b >= 0x80 && !escaped(e))
            || matches!(b, b'"' | b'\'' | b'<' | b'>' | b'\\' | b'`' | b'|' | b'{' | b'}' | b'^')
        {
            break;
        }
        if in_query && b == b'&' && !escaped(e) {
            break;
        }
        e += 1;
    }
    while e > from && matches!(t[e - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']') {
        e -= 1;
    }
    e
}

/// URL around the `://` at `p`: `http`/`https` scheme just before it.
pub fn url(t: &[u8], p: usize, escaped: &dyn Fn(usize) -> bool) -> Option<(usize, usize)> {
    let s = if p >= 5 && t[p - 5..p].eq_ignore_ascii_case(b"https") {
        p - 5
    } else if p >= 4 && t[p - 4..p].eq_ignore_ascii_case(b"http") {
        p - 4
    } else {
        return None;
    };
    if s > 0 && is_alnum(t[s - 1]) {
        return None;
    }
    let in_query = s > 0 && t[s - 1] == b'=';
    let e = url_end(t, p + 3, in_query, escaped);
    let host = &t[p + 3..e];
    let host_end = host.iter().position(|&b| matches!(b, b'/' | b'?' | b'#' | b':')).unwrap_or(host.len());
    let h = &host[..host_end];
    if h.len() < 3 || !(h.contains(&b'.') || h.eq_ignore_ascii_case(b"localhost")) {
        return None;
    }
    Some((s, e))
}

/// JDBC connection string starting at `s` (which holds `jdbc:`).
pub fn jdbc(t: &[u8], s: usize, escaped: &dyn Fn(usize) -> bool) -> Option<(usize, usize)> {
    if s > 0 && is_alnum(t[s - 1]) {
        return None;
    }
    let sub = s + 5;
    let mut k = sub;
    while k < t.len() && t[k].is_ascii_alphanumeric() {
        k += 1;
    }
    if k == sub || k >= t.len() || t[k] != b':' {
        return None;
    }
    let in_query = s > 0 && t[s - 1] == b'=';
    let e = url_end(t, k, in_query, escaped);
    (e > k + 3).then_some((s, e))
}

/// Parses one IPv4 octet group's digits: 0–255, no leading zero.
pub fn octet(d: &[u8]) -> bool {
    match d.len() {
        1 => true,
        2 => d[0] != b'0',
        3 => {
            d[0] != b'0'
                && (u32::from(d[0] - b'0') * 100 + u32::from(d[1] - b'0') * 10 + u32::from(d[2] - b'0'))
                    <= 255
        }
        _ => false,
    }
}

fn hexb(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

/// [`V6`]: a hex digit or a `.`.
const V6_PART: u8 = 1;
/// [`V6`]: a `:`.
const V6_COLON: u8 = 2;
// `ipv6` reads the colon flag as `V6[b] >> 1`
const _: () = assert!(V6_COLON == 2 && V6_PART == 1);
/// Per byte, whether an IPv6 scan takes it: [`V6_PART`], [`V6_COLON`] or 0 (ends the scan).
static V6: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        if b.is_ascii_hexdigit() || b == b'.' {
            t[i] = V6_PART;
        } else if b == b':' {
            t[i] = V6_COLON;
        }
        i += 1;
    }
    t
};

/// IPv6 starting at `s` (a hex digit or `::`): `end` when the run parses as an address.
pub fn ipv6(t: &[u8], s: usize) -> Option<usize> {
    if s > 0 && (is_alnum(t[s - 1]) || t[s - 1] == b':' || t[s - 1] == b'.') {
        return None;
    }
    let mut e = s;
    let mut colons = 0;
    // whether the scanned bytes hold `::` (1 when they do): the address below is a prefix of
    // them, so fewer than six colons and no `::` here refuse a time (`10:30:00`) before the
    // trimming, the recount and the parser
    let mut pair = 0;
    // one table look per byte (hex digit, `.` or `:`) instead of a chain of range tests, over
    // one slice (no index checks), the colon flag as a 0/1 value (no branch): most calls
    // scan a time or a log date (`2022:22:34:05`) only to refuse it
    let mut prev_colon = 0;
    let limit = t.len().min(s + 46);
    for &c in t.get(s..limit).unwrap_or_default() {
        let k = V6[usize::from(c)];
        if k == 0 {
            break;
        }
        let colon = k >> 1; // `V6_COLON` is 2, `V6_PART` 1
        colons += usize::from(colon);
        pair |= prev_colon & colon;
        prev_colon = colon;
        e += 1;
    }
    if colons < 2 || (colons < 6 && pair == 0) {
        return None;
    }
    ipv6_finish(t, s, e)
}

/// The end of [`ipv6`] (and of its reference) once the candidate run `t[s..e]` of hex digits,
/// `:` and `.` is known: trailing `.` / lone `:` trimmed, then the parser decides.
fn ipv6_finish(t: &[u8], s: usize, mut e: usize) -> Option<usize> {
    while e > s && (t[e - 1] == b'.' || (t[e - 1] == b':' && !(e >= 2 && t[e - 2] == b':'))) {
        e -= 1;
    }
    if e < t.len() && is_alnum(t[e]) {
        return None;
    }
    // without `::` an address has 8 groups (7 colons) or 6 and an IPv4 tail (6 colons): a
    // time such as `10:30:00` is refused before the parser (byte tests: no string search)
    let v = &t[s..e];
    let colons = v.iter().filter(|&&c| c == b':').count();
    if colons < 6 && !v.windows(2).any(|w| w == b"::") {
        return None;
    }
    if v.len() < 3 || !ipv6_parses(v) {
        return None;
    }
    // a bare `::` or `::1`-style short form inside code (`a::b`) is not worth reporting
    (v.len() >= 6 || v.starts_with(b"::")).then_some(e)
}

/// Whether `v` is an IPv6 address as the standard library parses one (`Ipv6Addr`'s
/// `FromStr`, [`ipv6_parses_ref`]): up to eight groups of one to four hex digits, one `::`
/// for one or more zero groups, an IPv4 address in the last two groups' place (octets without
/// leading zeros, never before the `::`), nothing else. The same steps as the standard
/// parser, on byte positions: no `&str` to make first (a UTF-8 check of ASCII bytes), no
/// address to build, no restartable parser state; the library's parser cost about 1,400
/// instructions per candidate, as much as the rest of the value's scan.
fn ipv6_parses(v: &[u8]) -> bool {
    let (n, with_v4, p) = v6_groups(v, 0, 8);
    if n == 8 {
        return p == v.len();
    }
    // an IPv4 part only ends the address; before `::` it cannot stand
    if with_v4 || v.get(p..p + 2) != Some(b"::") {
        return false;
    }
    v6_groups(v, p + 2, 7 - n).2 == v.len()
}

/// The groups of an IPv6 address from `p` on, at most `limit` of them (the standard parser's
/// `read_groups`): how many were read (an IPv4 address counts two), whether the last was an
/// IPv4 address, and where they end. A group that does not parse ends them before its `:`.
fn v6_groups(v: &[u8], mut p: usize, limit: usize) -> (usize, bool, usize) {
    // the separator before every group but the first, then the group
    let sep = |p: usize, i: usize| if i == 0 { Some(p) } else { (v.get(p) == Some(&b':')).then_some(p + 1) };
    for i in 0..limit {
        // an IPv4 address takes two groups
        if i + 1 < limit
            && let Some(e) = sep(p, i).and_then(|q| v4_at(v, q))
        {
            return (i + 2, true, e);
        }
        match sep(p, i).and_then(|q| digits_at(v, q, 4, u8::is_ascii_hexdigit)) {
            Some(e) => p = e,
            None => return (i, false, p),
        }
    }
    (limit, false, p)
}

/// The end of the run of `class` bytes at `p` when it holds one to `max` of them.
fn digits_at(v: &[u8], p: usize, max: usize, class: fn(&u8) -> bool) -> Option<usize> {
    let n = v.get(p..).unwrap_or_default().iter().take_while(|c| class(c)).count();
    (1..=max).contains(&n).then_some(p + n)
}

/// The end of the IPv4 address at `p` as the standard parser reads it: four `.`-joined
/// decimal octets of one to three digits, 255 at most, no leading zero.
fn v4_at(v: &[u8], mut p: usize) -> Option<usize> {
    for i in 0..4 {
        if i > 0 {
            if v.get(p) != Some(&b'.') {
                return None;
            }
            p += 1;
        }
        let e = digits_at(v, p, 3, u8::is_ascii_digit)?;
        if !octet(&v[p..e]) {
            return None;
        }
        p = e;
    }
    Some(p)
}

/// The standard library's answer to [`ipv6_parses`] (its definition).
#[cfg(test)]
fn ipv6_parses_ref(v: &[u8]) -> bool {
    std::str::from_utf8(v).is_ok_and(|t| t.parse::<std::net::Ipv6Addr>().is_ok())
}

/// The definition of [`ipv6`] (without the early refusal of short colon runs).
#[cfg(test)]
fn ipv6_ref(t: &[u8], s: usize) -> Option<usize> {
    if s > 0 && (is_alnum(t[s - 1]) || t[s - 1] == b':' || t[s - 1] == b'.') {
        return None;
    }
    let mut e = s;
    let mut colons = 0;
    while e < t.len() && e - s < 46 && (hexb(t[e]) || t[e] == b':' || t[e] == b'.') {
        colons += usize::from(t[e] == b':');
        e += 1;
    }
    if colons < 2 {
        return None;
    }
    ipv6_finish(t, s, e)
}

/// MAC starting at `s`: `aa:bb:cc:dd:ee:ff`, `AA-BB-…`, or `aabb.ccdd.eeff`.
pub fn mac(t: &[u8], s: usize) -> Option<usize> {
    if s > 0 && (is_alnum(t[s - 1]) || matches!(t[s - 1], b'-' | b'.')) {
        return None;
    }
    // after a colon only when a label is glued on by it (`MAC:AA:BB:…`, `mac:…`): a word
    // with a letter that is no hex digit; hex digits (or nothing) before the colon make
    // the groups part of a longer chain (`AC:B2:…`, `::`)
    if s > 0 && t[s - 1] == b':' {
        let w = t[..s - 1].iter().rev().take_while(|&&b| is_alnum(b)).count();
        if t[s - 1 - w..s - 1].iter().all(|&b| hexb(b)) {
            return None;
        }
    }
    let g = |i: usize, n: usize| t.get(i..i + n).is_some_and(|w| w.iter().all(|&b| hexb(b)));
    let end = if t.len() >= s + 17 && matches!(t[s + 2], b':' | b'-') {
        let sep = t[s + 2];
        (0..6).all(|k| g(s + 3 * k, 2) && (k == 5 || t[s + 3 * k + 2] == sep)).then_some(s + 17)?
    } else if t.len() >= s + 14 && t[s + 4] == b'.' {
        (0..3).all(|k| g(s + 5 * k, 4) && (k == 2 || t[s + 5 * k + 4] == b'.')).then_some(s + 14)?
    } else {
        return None;
    };
    if end < t.len()
        && (is_alnum(t[end])
            || (matches!(t[end], b':' | b'-' | b'.') && t.get(end + 1).is_some_and(|&b| hexb(b))))
    {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    const NO: &dyn Fn(usize) -> bool = &|_| false;

    proptest::proptest! {
        /// The early refusal keeps every address: the same answer as the definition on text
        /// made of hex digits, colons, dots and the bytes around them.
        #[test]
        fn ipv6_agrees_with_the_definition(v in proptest::collection::vec(proptest::sample::select(b"0aF9::::..g \"".to_vec()), 0..48), s in 0usize..48) {
            let s = s.min(v.len());
            proptest::prop_assert_eq!(ipv6(&v, s), ipv6_ref(&v, s));
        }
    }

    proptest::proptest! {
        /// The byte-position IPv6 parser accepts exactly what the standard library's parser
        /// accepts: texts of hex digits, colons and dots, and texts joined from the pieces of
        /// addresses (groups of one to five hex digits, octets with and without leading zeros
        /// or above 255, `:`, `::`, `.`).
        #[test]
        fn ipv6_parser_agrees_with_the_library(
            v in proptest::collection::vec(proptest::sample::select(b"0aF9:::..1g".to_vec()), 0..48),
            parts in proptest::collection::vec(proptest::sample::select(vec![
                &b"1"[..], b"ff", b"0", b"00", b"12ab", b"12345", b"255", b"256", b"01", b"1.2.3.4",
                b"10.0.0.255", b"1.2.3", b":", b":", b":", b"::", b".", b"ffff",
            ]), 0..12),
        ) {
            proptest::prop_assert_eq!(ipv6_parses(&v), ipv6_parses_ref(&v), "{}", String::from_utf8_lossy(&v));
            let w: Vec<u8> = parts.concat();
            proptest::prop_assert_eq!(ipv6_parses(&w), ipv6_parses_ref(&w), "{}", String::from_utf8_lossy(&w));
        }

        /// The table walk of `url_end` stops where the byte tests stop: every stop byte,
        /// `&` in and out of a query value, non-ASCII escaped or not, trailing punctuation.
        #[test]
        fn url_end_agrees_with_the_definition(
            v in proptest::collection::vec(proptest::sample::select(b"a/.?=&%\"' <>\\`|{}^\x00\x1f\x7f\xe4\xb8\x80),]:;!".to_vec()), 0..40),
            from in 0usize..40,
            in_query: bool,
            odd: bool,
        ) {
            let from = from.min(v.len());
            // escaped at odd or at even positions
            let esc = move |i: usize| (i % 2 == 1) == odd;
            proptest::prop_assert_eq!(url_end(&v, from, in_query, &esc), url_end_ref(&v, from, in_query, &esc));
        }

        /// The table walks of `email` find the spans of the byte tests.
        #[test]
        fn email_agrees_with_the_definition(
            v in proptest::collection::vec(proptest::sample::select(b"aZ9@.-_%+*@ \"".to_vec()), 0..40),
            at in 0usize..40,
        ) {
            let at = at.min(v.len().saturating_sub(1));
            if v.get(at) == Some(&b'@') {
                proptest::prop_assert_eq!(email(&v, at), email_ref(&v, at));
            }
        }
    }

    /// The definition of [`email`]: the byte tests written out.
    fn email_ref(t: &[u8], at: usize) -> Option<(usize, usize)> {
        let mut s = at;
        while s > 0 && local_char(t[s - 1]) && at - s < 64 {
            s -= 1;
        }
        while s < at && matches!(t[s], b'.' | b'+' | b'-' | b'%') {
            s += 1;
        }
        if s == at || (s > 0 && matches!(t[s - 1], b'*' | b'@')) {
            return None;
        }
        let mut e = at + 1;
        let mut last_dot = None;
        while e < t.len()
            && (is_alnum(t[e]) || t[e] == b'-' || (t[e] == b'.' && e + 1 < t.len() && is_alnum(t[e + 1])))
        {
            if t[e] == b'.' {
                last_dot = Some(e);
            }
            e += 1;
        }
        let dot = last_dot?;
        let tld = &t[dot + 1..e];
        if dot == at + 1 || tld.len() < 2 || !tld.iter().all(u8::is_ascii_alphabetic) || e - at > 255 {
            return None;
        }
        Some((s, e))
    }

    /// Every text of up to five pieces of addresses (groups, octets, separators) parses as
    /// the library parses it; several thousand of them are addresses.
    #[test]
    fn ipv6_parser_agrees_on_every_short_joining() {
        const PIECES: [&[u8]; 12] = [
            b"1",
            b"ff",
            b"0",
            b"01",
            b"12ab",
            b"12345",
            b"256",
            b"1.2.3.4",
            b":",
            b"::",
            b".",
            b"ffff:ffff:",
        ];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let mut valid = 0;
        for _ in 0..5 {
            let mut next = Vec::new();
            for t in &texts {
                for p in PIECES {
                    let w = [&t[..], p].concat();
                    let want = ipv6_parses_ref(&w);
                    assert_eq!(ipv6_parses(&w), want, "{}", String::from_utf8_lossy(&w));
                    valid += usize::from(want);
                    next.push(w);
                }
            }
            texts = next;
        }
        assert!(valid > 1000, "{valid}");
    }

    #[test]
    fn v6_table_agrees_with_the_byte_tests() {
        for b in 0..=255u8 {
            let want = if b == b':' {
                V6_COLON
            } else if hexb(b) || b == b'.' {
                V6_PART
            } else {
                0
            };
            assert_eq!(V6[usize::from(b)], want, "{b}");
        }
    }

    #[test]
    fn ipv6_keeps_long_and_compressed_forms() {
        for t in [
            &b"1:2:3:4:5:6:7:8 "[..],
            b"fe80::1",
            b"::ffff:10.0.0.1",
            b"2001:db8::8a2e:370:7334",
            b"10:30:00",
        ] {
            assert_eq!(ipv6(t, 0), ipv6_ref(t, 0), "{}", String::from_utf8_lossy(t));
        }
    }

    #[test]
    fn network_values() {
        let t = b"mail a.b+x@mail.example.cn, z***n@163.com";
        assert_eq!(email(t, 10), Some((5, 26)));
        assert_eq!(email(t, 33), None);
        let t = b"u=https://a.example.com/x?id=1&from=sms";
        let p = 7;
        assert_eq!(url(t, p, NO), Some((2, 30)));
        assert_eq!(ipv6(b"240e:6a02:ae9a:5cb::8473,", 0), Some(24));
        assert_eq!(ipv6(b"10:11:12", 0), None);
        assert_eq!(ipv6(b"::ffff:1.2.3.4)", 0), Some(14));
        assert_eq!(mac(b"5c:c7:be:4b:00:4d\"", 0), Some(17));
        assert_eq!(mac(b"aabb.ccdd.eeff", 0), Some(14));
        assert_eq!(mac(b"5c:c7:be:4b:00:4d:11", 0), None);
        assert!(octet(b"255") && !octet(b"256") && !octet(b"01"));
        let t = b"x jdbc:mysql://10.0.0.1:3306/db?user=a&password=b\" y";
        let (s, e) = jdbc(t, 2, NO).unwrap();
        assert_eq!(&t[s..e], b"jdbc:mysql://10.0.0.1:3306/db?user=a&password=b");
    }
}

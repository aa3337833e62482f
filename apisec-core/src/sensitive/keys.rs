//! Key material and system files: PEM certificates and private keys, AccessKey IDs,
//! AccessKey secrets (only where named), Linux passwd and shadow content.
//!
//! Inputs are the decoded text and an anchor offset; outputs are spans. PEM blocks run from
//! `-----BEGIN` to the closing `-----` of the END line; passwd/shadow findings run from the
//! first entry to the end of the last consecutive one.

/// A PEM block starting at `s` (`-----BEGIN `): `(code, end)`; 2003 certificate, 2004 key.
pub fn pem(t: &[u8], s: usize) -> Option<(u16, usize)> {
    let lab_start = s + 11;
    let lab_len = memchr::memmem::find(t.get(lab_start..(lab_start + 64).min(t.len()))?, b"-----")?;
    let label = &t[lab_start..lab_start + lab_len];
    let code = if contains(label, b"PRIVATE KEY") {
        2004
    } else if contains(label, b"CERTIFICATE") {
        2003
    } else {
        return None;
    };
    let body = lab_start + lab_len + 5;
    // the END line, within a sane distance
    let window = &t[body..t.len().min(body + 200_000)];
    let end_at = memchr::memmem::find(window, b"-----END").map(|k| body + k)?;
    let close = memchr::memmem::find(&t[end_at + 8..t.len().min(end_at + 80)], b"-----")?;
    Some((code, end_at + 8 + close + 5))
}

fn contains(h: &[u8], n: &[u8]) -> bool {
    memchr::memmem::find(h, n).is_some()
}

/// AccessKey ID at an alphanumeric run `t[s..e]`: Alibaba `LTAI…` or AWS `AKIA…`/`ASIA…`.
pub fn access_key_id(run: &[u8]) -> bool {
    (run.starts_with(b"LTAI") && (16..=30).contains(&run.len()) && has_digit_and_mixed(&run[4..]))
        || ((run.starts_with(b"AKIA") || run.starts_with(b"ASIA"))
            && run.len() == 20
            && run[4..].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

fn has_digit_and_mixed(r: &[u8]) -> bool {
    r.iter().any(u8::is_ascii_digit)
        || (r.iter().any(u8::is_ascii_lowercase) && r.iter().any(u8::is_ascii_uppercase))
}

/// Per byte, what [`secret_run`] reads it as: a digit (1), a lower-case (2) or upper-case (4)
/// letter, `/` or `+` (8); 0 ends the run.
static SECRET_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = match c {
            b'0'..=b'9' => 1,
            b'a'..=b'z' => 2,
            b'A'..=b'Z' => 4,
            b'/' | b'+' => 8,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// Secret-looking run starting at `s`: 30 alphanumerics, or 40 base64 characters; returns end.
/// One pass finds the run's end and what it is made of: each byte's class is ORed into one
/// byte from a table (a `match` per byte branched on the kind of each random base64 byte, and
/// mispredicted about one time in three), so the only branch left is the end of the run.
pub fn secret_run(t: &[u8], s: usize) -> Option<usize> {
    let w = t.get(s..).unwrap_or(&[]);
    let w = &w[..w.len().min(42)];
    let mut seen = 0u8;
    let mut n = w.len();
    for (k, &c) in w.iter().enumerate() {
        let x = SECRET_CLASS[usize::from(c)];
        if x == 0 {
            n = k;
            break;
        }
        seen |= x;
    }
    if !((n == 30 && seen & 8 == 0) || n == 40) {
        return None;
    }
    let e = s + n;
    let varied = (seen & 7).count_ones() >= 2;
    (varied && !matches!(t.get(e), Some(b'=' | b'-' | b'_' | b'.'))).then_some(e)
}

/// The definition of [`secret_run`]: the run, then its composition in three more passes.
#[cfg(test)]
fn secret_run_ref(t: &[u8], s: usize) -> Option<usize> {
    use super::network::is_alnum;
    let mut e = s;
    while e < t.len() && (is_alnum(t[e]) || t[e] == b'/' || t[e] == b'+') && e - s <= 41 {
        e += 1;
    }
    let r = &t[s..e];
    let ok = (r.len() == 30 && r.iter().all(|&b| is_alnum(b))) || r.len() == 40;
    if !ok {
        return None;
    }
    let varied = r.iter().any(u8::is_ascii_digit) as u8
        + r.iter().any(u8::is_ascii_lowercase) as u8
        + r.iter().any(u8::is_ascii_uppercase) as u8
        >= 2;
    (ok && varied && (e == t.len() || !matches!(t[e], b'=' | b'-' | b'_' | b'.'))).then_some(e)
}

/// [`ETC`]: a byte of a user name (a letter, a digit, `_`, `-`, `.`, `$`).
const E_NAME: u8 = 1;
/// Ends every passwd / shadow field: a non-ASCII byte, `:`, a line break, a quote, `\`.
const E_END: u8 = 2;
/// A space: ends every field but a passwd entry's GECOS field.
const E_SPACE: u8 = 4;
/// Per byte, its [`E_NAME`], [`E_END`] and [`E_SPACE`] bits: the walks over a user name and
/// over the fields of an entry take one table look per byte instead of a chain of compares
/// (a passwd file runs to several hundred bytes of fields, a walk each).
static ETC: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'$') {
            t[i] |= E_NAME;
        }
        if b >= 0x80 || matches!(b, b':' | b'\n' | b'\r' | b'"' | b'\\') {
            t[i] |= E_END;
        }
        if b == b' ' {
            t[i] |= E_SPACE;
        }
        i += 1;
    }
    t
};

/// Where the field starting at `from` ends: at the first byte of class `stop` ([`ETC`]),
/// at `limit` or at the text's end, whichever comes first.
fn field_end(t: &[u8], from: usize, limit: usize, stop: u8) -> usize {
    let w = t.get(from..limit.min(t.len())).unwrap_or_default();
    from + w.iter().position(|&c| ETC[usize::from(c)] & stop != 0).unwrap_or(w.len())
}

fn user_start(t: &[u8], colon: usize) -> Option<usize> {
    // up to 32 name bytes before the colon
    let w = t.get(colon.saturating_sub(32)..colon).unwrap_or_default();
    let s = colon - w.iter().rev().take_while(|&&c| ETC[usize::from(c)] & E_NAME != 0).count();
    (s < colon && (t[s].is_ascii_alphabetic() || t[s] == b'_')).then_some(s)
}

/// The definition of [`user_start`]: the byte tests written out.
#[cfg(test)]
fn user_start_ref(t: &[u8], colon: usize) -> Option<usize> {
    let mut s = colon;
    while s > 0
        && (t[s - 1].is_ascii_alphanumeric() || matches!(t[s - 1], b'_' | b'-' | b'.' | b'$'))
        && colon - s < 32
    {
        s -= 1;
    }
    (s < colon && (t[s].is_ascii_alphabetic() || t[s] == b'_')).then_some(s)
}

/// The definition of [`field_end`] as the entries' loops first wrote it: `space` says
/// whether a space ends the field.
#[cfg(test)]
fn field_end_ref(t: &[u8], from: usize, limit: usize, space: bool) -> usize {
    let mut k = from;
    while k < t.len()
        && k < limit
        && t[k] < 0x80
        && !matches!(t[k], b':' | b'\n' | b'\r' | b'"' | b'\\')
        && (!space || t[k] != b' ')
    {
        k += 1;
    }
    k
}

fn digits(t: &[u8], mut i: usize) -> usize {
    while i < t.len() && t[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// One passwd entry starting at `s`: `name:x:uid:gid:gecos:home:shell`.
fn passwd_entry(t: &[u8], s: usize) -> Option<usize> {
    let colon = s + t[s..].iter().take(33).position(|&b| b == b':')?;
    if user_start(t, colon) != Some(s) || t.get(colon + 1..colon + 3)? != b"x:" {
        return None;
    }
    let u = digits(t, colon + 3);
    if u == colon + 3 || t.get(u) != Some(&b':') {
        return None;
    }
    let g = digits(t, u + 1);
    if g == u + 1 {
        return None;
    }
    let mut e = g;
    // gecos, home, shell: up to three more fields, no quotes or line breaks
    for field in 0..3 {
        if t.get(e) != Some(&b':') {
            break;
        }
        // (up to 127 bytes: `k - e < 128` from the colon at `e`)
        e = field_end(t, e + 1, e + 128, if field == 0 { E_END } else { E_END | E_SPACE });
    }
    Some(e)
}

/// One shadow entry starting at `s`: `name:hash:lastchg:…`.
fn shadow_entry(t: &[u8], s: usize) -> Option<usize> {
    let colon = s + t[s..].iter().take(33).position(|&b| b == b':')?;
    if user_start(t, colon) != Some(s) {
        return None;
    }
    let h = colon + 1;
    let k = field_end(t, h, h + 200, E_END | E_SPACE);
    let hash = &t[h..k];
    let hash_ok = (hash.len() > 3 && hash[0] == b'$')
        || (!hash.is_empty() && hash.iter().all(|&b| matches!(b, b'!' | b'*')));
    if !hash_ok {
        return None;
    }
    if t.get(k) != Some(&b':') {
        // a crypt hash alone (`root:$6$…`) still marks a shadow line
        return (hash[0] == b'$' && hash.len() > 20).then_some(k);
    }
    let mut e = k;
    let mut fields = 0;
    while e < t.len() && t[e] == b':' && fields < 7 {
        e = digits(t, e + 1);
        fields += 1;
    }
    (fields >= 2 || hash[0] == b'$').then_some(e)
}

/// A run of passwd (`shadow == false`) or shadow entries with one entry's separator `:` at
/// `anchor`: `(start, end)`.
pub fn etc_file(t: &[u8], anchor: usize, shadow: bool) -> Option<(usize, usize)> {
    let s = user_start(t, anchor)?;
    let entry = |p: usize| if shadow { shadow_entry(t, p) } else { passwd_entry(t, p) };
    let mut e = entry(s)?;
    // following entries, separated by a line break or a space
    loop {
        let mut n = e;
        while n < t.len() && matches!(t[n], b'\n' | b'\r' | b' ') && n - e < 3 {
            n += 1;
        }
        if n == e || n >= t.len() {
            break;
        }
        match entry(n) {
            Some(x) if x > n => e = x,
            _ => break,
        }
    }
    Some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The table walks over user names and entry fields stop where the byte tests stop:
        /// every stop byte, spaces inside and outside the GECOS field, non-ASCII bytes, limits
        /// inside and past the text.
        #[test]
        fn etc_walks_agree_with_the_definitions(
            v in proptest::collection::vec(proptest::sample::select(b"aZ9_-.$:x \n\r\"\\/,\xe4@".to_vec()), 0..80),
            from in 0usize..80,
            len in 0usize..90,
            space: bool,
        ) {
            let from = from.min(v.len());
            let stop = if space { E_END | E_SPACE } else { E_END };
            proptest::prop_assert_eq!(field_end(&v, from, from + len, stop), field_end_ref(&v, from, from + len, space));
            proptest::prop_assert_eq!(user_start(&v, from), user_start_ref(&v, from));
        }

        /// The one-pass secret run agrees with its definition.
        #[test]
        fn secret_run_agrees_with_the_definition(v in proptest::collection::vec(proptest::sample::select(b"aZ9aZ9aZ9aZ9aZ9aZ9/+=-._ ".to_vec()), 0..50), s in 0usize..50) {
            let s = s.min(v.len());
            proptest::prop_assert_eq!(secret_run(&v, s), secret_run_ref(&v, s));
        }

        /// Same on runs of 28 to 42 bytes, around both accepted lengths.
        #[test]
        fn secret_run_agrees_at_both_lengths(v in proptest::collection::vec(proptest::sample::select(b"aZ9aZ9aZ9aZ9/+".to_vec()), 28..43), end in proptest::sample::select(b"=-._ \"a/".to_vec())) {
            let mut v = v;
            v.push(end);
            proptest::prop_assert_eq!(secret_run(&v, 0), secret_run_ref(&v, 0));
        }
    }

    #[test]
    fn key_material_and_etc_files() {
        let t = b"x -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- y";
        assert_eq!(pem(t, 2), Some((2004, t.len() - 2)));
        assert!(access_key_id(b"LTAIQMDh7tCO1JHT") && access_key_id(b"AKIAZ3JSKTW6VEL3BVOO"));
        assert!(!access_key_id(b"LTAIBRANDNAME"));
        let t = b"c: root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/sbin/nologin\" ok";
        let a = 7;
        assert_eq!(etc_file(t, a, false), Some((3, t.len() - 4)));
        let t = b"root:$6$abc$0123456789abcdefghijklmn:19000:0:99999:7:::\nsys:!:19000:0:99999:7:::";
        assert_eq!(etc_file(t, 4, true), Some((0, t.len())));
    }
}

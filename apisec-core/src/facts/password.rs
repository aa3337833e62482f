//! Password facts: strength, common and vendor-default passwords, hashed-looking values.
//!
//! Input: a password (and for defaults, its username) as `&str`. Output: booleans and small
//! enums. The strength rule is the product's: at least 8 characters and at least 3 of the 4
//! classes (upper case, lower case, digits, other). The common list is the top 10,000 of
//! zxcvbn's password list and the defaults come from DefaultCreds-Cheat-Sheet (both MIT,
//! `data/NOTICE`); both are compiled in and indexed once, on first use.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static COMMON_TEXT: &str = include_str!("data/common-passwords.txt");
static DEFAULTS_TEXT: &str = include_str!("data/default-credentials.tsv");

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| COMMON_TEXT.lines().map(str::trim).filter(|l| !l.is_empty()).collect());

/// Lower-cased username → (password, vendor) pairs; passwords compare exactly.
static DEFAULTS: LazyLock<HashMap<String, Vec<(&'static str, &'static str)>>> = LazyLock::new(|| {
    let mut m: HashMap<String, Vec<(&'static str, &'static str)>> = HashMap::new();
    for line in DEFAULTS_TEXT.lines() {
        let mut it = line.split('\t');
        if let (Some(u), Some(p), Some(v)) = (it.next(), it.next(), it.next()) {
            m.entry(u.to_lowercase()).or_default().push((p, v));
        }
    }
    m
});

/// Minimum length of a strong password.
pub const MIN_STRONG_LEN: usize = 8;
/// Character classes a strong password must mix.
pub const MIN_STRONG_CLASSES: usize = 3;

/// How many of the four classes (upper, lower, digit, other) a password uses.
pub fn char_classes(pw: &str) -> usize {
    let (mut u, mut l, mut d, mut o) = (false, false, false, false);
    for c in pw.chars() {
        if c.is_uppercase() {
            u = true;
        } else if c.is_lowercase() {
            l = true;
        } else if c.is_ascii_digit() {
            d = true;
        } else {
            o = true;
        }
    }
    [u, l, d, o].iter().filter(|x| **x).count()
}

/// The product's strength rule: ≥ 8 characters and ≥ 3 of the 4 classes.
pub fn meets_strength_rule(pw: &str) -> bool {
    pw.chars().count() >= MIN_STRONG_LEN && char_classes(pw) >= MIN_STRONG_CLASSES
}

/// True when the password (compared in lower case) is among the 10,000 most common.
pub fn is_common(pw: &str) -> bool {
    if pw.is_empty() || pw.len() > 64 {
        return false;
    }
    if pw.bytes().any(|b| b.is_ascii_uppercase()) {
        COMMON.contains(pw.to_ascii_lowercase().as_str())
    } else {
        COMMON.contains(pw)
    }
}

/// Weak: fails the strength rule or is a common password (`Risk_WeakPasswd`). An empty
/// password is not judged (there is nothing to judge).
pub fn is_weak(pw: &str) -> bool {
    !pw.is_empty() && (!meets_strength_rule(pw) || is_common(pw))
}

/// The vendor whose default credentials these are (`admin`/`admin` → a vendor name), for
/// `Risk_DefaultPasswd`. The username compares case-insensitively, the password exactly.
pub fn default_credential(username: &str, password: &str) -> Option<&'static str> {
    if password.is_empty() {
        return None;
    }
    DEFAULTS.get(&username.trim().to_lowercase())?.iter().find(|(p, _)| *p == password).map(|(_, v)| *v)
}

/// How a password field's value appears protected, if it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Protection {
    /// Hex digest: MD5 (32), SHA-1 (40), SHA-224 (56), SHA-256 (64), SHA-384 (96), SHA-512 (128).
    HexDigest,
    /// A modular-crypt hash: bcrypt `$2b$`, `$argon2`, `$6$`, `$pbkdf2`…
    CryptHash,
    /// Base64 of a digest (16, 20, 28, 32, 48 or 64 bytes).
    Base64Digest,
    /// A long base64/hex blob: encrypted on the client (RSA, AES) or a token in its place.
    Encrypted,
}

/// Whether a password value looks hashed or encrypted rather than plaintext
/// (`Risk_PasswdUnencrypt` fires on `None` or on plain HTTP).
pub fn protection(pw: &str) -> Option<Protection> {
    let b = pw.as_bytes();
    let n = b.len();
    if matches!(n, 32 | 40 | 56 | 64 | 96 | 128) && b.iter().all(u8::is_ascii_hexdigit) {
        return Some(Protection::HexDigest);
    }
    if pw.starts_with('$') {
        let known = [
            "$2a$", "$2b$", "$2y$", "$2x$", "$argon2", "$1$", "$5$", "$6$", "$pbkdf2", "$scrypt", "$sha1$",
            "$y$",
        ];
        if known.iter().any(|k| pw.starts_with(k)) && n >= 20 {
            return Some(Protection::CryptHash);
        }
    }
    let b64 = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'-' | b'_');
    if b.iter().all(b64) {
        let unpadded = pw.trim_end_matches('=').len();
        let bytes = unpadded * 3 / 4;
        let mixed = b.iter().any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_lowercase);
        if matches!(bytes, 16 | 20 | 28 | 32 | 48 | 64) && mixed && n <= 88 {
            return Some(Protection::Base64Digest);
        }
        if n >= 96 && (mixed || b.iter().all(u8::is_ascii_hexdigit)) {
            return Some(Protection::Encrypted);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_rule() {
        for (pw, strong) in [
            ("Abcdef1!", true),
            ("abcdef12!", true),
            ("ABCDEF12a", true),
            ("Abc1!", false),
            ("abcdefgh", false),
            ("abcdefg1", false),
            ("密码Abc123", true),
            ("", false),
        ] {
            assert_eq!(meets_strength_rule(pw), strong, "{pw}");
        }
        assert_eq!(char_classes("aA1!"), 4);
        assert_eq!(char_classes("aaa"), 1);
    }

    #[test]
    fn common_and_weak() {
        assert!(is_common("123456"));
        assert!(is_common("password"));
        assert!(is_common("Password"));
        assert!(is_common("qwerty"));
        assert!(!is_common("kU-wDE7r"));
        assert!(!is_common(""));
        // Passes the class rule but is on the list.
        assert!(meets_strength_rule("Password1") && is_common("password1"));
        assert!(is_weak("Password1"));
        assert!(is_weak("abc"));
        assert!(!is_weak("kU-wDE7r#x"));
        assert!(!is_weak(""));
        assert_eq!(COMMON.len(), 10_000);
    }

    #[test]
    fn default_credentials() {
        assert!(default_credential("admin", "admin").is_some());
        assert!(default_credential("ADMIN", "admin").is_some());
        assert!(default_credential("root", "calvin").is_some());
        assert!(default_credential("admin", "kU-wDE7r#x").is_none());
        assert!(default_credential("nobody-special", "admin").is_none());
        assert!(default_credential("admin", "").is_none());
    }

    #[test]
    fn hashed_looking() {
        for (pw, want) in [
            ("5f4dcc3b5aa765d61d8327deb882cf99", Some(Protection::HexDigest)),
            ("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8", Some(Protection::HexDigest)),
            ("$2b$12$KIXQ1d6m8V0w5eQd6o3eFeQ0T1x9m2cH7a8b9c0d1e2f3g4h5i6j7", Some(Protection::CryptHash)),
            ("X03MO1qnZdYdgyfeuILPmQ==", Some(Protection::Base64Digest)),
            (&"Ab3+".repeat(43), Some(Protection::Encrypted)),
            ("password123", None),
            ("kU-wDE7r", None),
            ("12345678901234567890123456789012", Some(Protection::HexDigest)),
            ("$dollar$", None),
        ] {
            assert_eq!(protection(pw), want, "{pw}");
        }
    }
}

//! Token facts: JWT decoding, weak signature algorithms, token randomness, credentials
//! carried in URLs and AccessKey pairs in responses.
//!
//! Input: a token string, a text, or a record's [`Params`]. Output: [`Jwt`] (decoded header
//! and claims), [`Alg`] classes, [`TokenStrength`], and references to the parameters that
//! matter. The product counts a JWT as weakly signed when its algorithm is `none` or an
//! HMAC (`HS*`, a shared secret that can be brute-forced offline); RS256 and the other
//! public-key algorithms are the recommended ones.

use crate::catalog::Location;
use crate::params::{Param, Params};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};

/// Class of a JWT `alg`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Alg {
    /// `none` (any case): unsigned.
    None,
    /// `HS256` / `HS384` / `HS512`: a shared secret.
    Hmac,
    /// `RS*` / `PS*`: RSA.
    Rsa,
    /// `ES*` / `EdDSA`: elliptic curves.
    Ec,
    /// Anything else.
    Other,
}

impl Alg {
    /// Classifies an `alg` header value.
    pub fn of(alg: &str) -> Alg {
        let a = alg.trim();
        if a.eq_ignore_ascii_case("none") || a.is_empty() {
            Alg::None
        } else if a.len() >= 2 && a[..2].eq_ignore_ascii_case("hs") {
            Alg::Hmac
        } else if a.len() >= 2 && (a[..2].eq_ignore_ascii_case("rs") || a[..2].eq_ignore_ascii_case("ps")) {
            Alg::Rsa
        } else if a.len() >= 2 && a[..2].eq_ignore_ascii_case("es") || a.eq_ignore_ascii_case("eddsa") {
            Alg::Ec
        } else {
            Alg::Other
        }
    }
    /// True for the classes the product calls weak (`Risk_JwtWeak`-style findings).
    pub fn is_weak(self) -> bool {
        matches!(self, Alg::None | Alg::Hmac)
    }
}

/// A decoded JSON Web Token.
#[derive(Clone, Debug, PartialEq)]
pub struct Jwt {
    /// The header object.
    pub header: serde_json::Value,
    /// The claims object (JWS payload).
    pub claims: serde_json::Value,
    /// `alg` as written (empty when absent).
    pub alg: String,
    /// Its class.
    pub alg_class: Alg,
    /// True when the signature part is empty.
    pub unsigned: bool,
}

/// Longest token decoded (bytes).
pub const MAX_JWT_LEN: usize = 16 * 1024;

/// Decodes base64url with or without padding (standard alphabet accepted too).
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    let t = s.trim_end_matches('=');
    URL_SAFE_NO_PAD.decode(t).ok().or_else(|| STANDARD_NO_PAD.decode(t).ok())
}

/// Parses a compact JWS (`header.payload.signature`). An optional `Bearer ` prefix is
/// dropped. Returns `None` unless the header is a JSON object with `alg` or `typ`.
pub fn parse_jwt(token: &str) -> Option<Jwt> {
    let t = token.trim();
    let t = t.strip_prefix("Bearer ").or_else(|| t.strip_prefix("bearer ")).unwrap_or(t).trim();
    if t.len() > MAX_JWT_LEN || !t.starts_with("eyJ") {
        return None;
    }
    let mut parts = t.split('.');
    let (h, p, sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: serde_json::Value = serde_json::from_slice(&b64url_decode(h)?).ok()?;
    if !header.is_object() || header.get("alg").is_none() && header.get("typ").is_none() {
        return None;
    }
    let claims =
        b64url_decode(p).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or(serde_json::Value::Null);
    let alg = header.get("alg").and_then(|a| a.as_str()).unwrap_or("").to_owned();
    Some(Jwt { alg_class: Alg::of(&alg), alg, header, claims, unsigned: sig.is_empty() })
}

/// The first JWT-looking substring of a text (`eyJ…​.eyJ…​.…`), as written.
pub fn find_jwt(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&b[from..], b"eyJ") {
        let s = from + i;
        let e = s + b[s..]
            .iter()
            .take(MAX_JWT_LEN)
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'='))
            .count();
        let cand = &text[s..e];
        if cand.matches('.').count() == 2 && parse_jwt(cand).is_some() {
            return Some(cand);
        }
        from = s + 3;
    }
    None
}

/// Randomness of an opaque credential.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenStrength {
    /// Length in characters.
    pub len: usize,
    /// Distinct characters.
    pub distinct: usize,
    /// Shannon entropy of the character distribution × length, in bits: an upper bound
    /// on what an attacker must guess.
    pub entropy_bits: f64,
    /// True when the token decodes from base64 to readable `user:password` / JSON / text.
    pub readable_payload: bool,
    /// True when the token is weak (see [`token_strength`]).
    pub weak: bool,
}

/// Minimum length of a strong credential.
pub const MIN_TOKEN_LEN: usize = 16;
/// Minimum estimated entropy of a strong credential, in bits.
pub const MIN_TOKEN_BITS: f64 = 64.0;

/// Judges an authentication credential (`Risk_WeakToken`): weak when shorter than
/// [`MIN_TOKEN_LEN`], when its estimated entropy is below [`MIN_TOKEN_BITS`], when it is
/// only digits (ids, timestamps) or when it is base64 of readable text such as
/// `user:password`. A JWT is judged by its signature algorithm instead (not here).
pub fn token_strength(token: &str) -> TokenStrength {
    let t = token.trim();
    let t = t.strip_prefix("Bearer ").or_else(|| t.strip_prefix("Basic ")).unwrap_or(t).trim();
    let len = t.chars().count();
    let mut counts: Vec<(char, u32)> = Vec::new();
    for c in t.chars().take(512) {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    let n = len.min(512) as f64;
    let h: f64 = counts.iter().map(|(_, k)| f64::from(*k) / n).map(|p| -p * p.log2()).sum();
    let entropy_bits = h * len as f64;
    let readable_payload = readable_base64(t);
    let digits_only = t.bytes().all(|b| b.is_ascii_digit());
    let weak =
        len < MIN_TOKEN_LEN || entropy_bits < MIN_TOKEN_BITS || digits_only && len < 32 || readable_payload;
    TokenStrength { len, distinct: counts.len(), entropy_bits, readable_payload, weak }
}

fn readable_base64(t: &str) -> bool {
    if t.len() < 8 || t.len() > 1024 || t.contains('.') {
        return false;
    }
    let Some(bytes) = b64url_decode(t) else { return false };
    let Ok(s) = std::str::from_utf8(&bytes) else { return false };
    s.len() >= 3 && s.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
}

/// Parameter names that carry an authentication credential (compared without `_`/`-`, in
/// lower case, on the last segment of the name).
const TOKEN_NAMES: &[&str] = &[
    "token",
    "accesstoken",
    "authtoken",
    "authorization",
    "auth",
    "jwt",
    "idtoken",
    "refreshtoken",
    "sessionid",
    "session",
    "sessid",
    "sid",
    "jsessionid",
    "phpsessid",
    "aspsessionid",
    "ticket",
    "apikey",
    "appkey",
    "appsecret",
    "accesskey",
    "secretkey",
    "clientsecret",
    "xauthtoken",
    "bearer",
    "authkey",
    "sessiontoken",
    "usertoken",
    "logintoken",
    "signature",
    "secret",
];

/// True when a parameter name designates a credential (`access_token`, `X-Auth-Token`…).
pub fn is_token_name(name: &str) -> bool {
    let n = crate::facts::leaks::leaf_name(name);
    TOKEN_NAMES.contains(&&*n) || n.ends_with("token") && n.len() <= 32
}

/// A credential passed in the URL (`Risk_TokenUrl`): a query parameter with a credential
/// name and a value of at least 8 characters, or any query value that is a JWT.
pub fn credential_in_url<'p, 'r>(params: &'p Params<'r>) -> Option<&'p Param<'r>> {
    params.at(Location::RequestQuery).find(|p| {
        let v = p.value.trim();
        (v.len() >= 8 && is_token_name(&p.name)) || v.starts_with("eyJ") && parse_jwt(v).is_some()
    })
}

const AK_ID_NAMES: &[&str] =
    &["accesskeyid", "accesskey", "ak", "awsaccesskeyid", "secretid", "appid", "keyid"];
const AK_SECRET_NAMES: &[&str] = &[
    "accesskeysecret",
    "secretaccesskey",
    "secretkey",
    "sk",
    "awssecretaccesskey",
    "appsecret",
    "keysecret",
    "secret",
];

/// Well-known AccessKey id shapes: Alibaba Cloud `LTAI…`, AWS `AKIA…`/`ASIA…`, Tencent
/// `AKID…`, Huawei/others fall back to names.
pub fn is_access_key_id(v: &str) -> bool {
    let b = v.as_bytes();
    let alnum = b.iter().all(u8::is_ascii_alphanumeric);
    alnum
        && (v.starts_with("LTAI") && (16..=30).contains(&b.len())
            || (v.starts_with("AKIA") || v.starts_with("ASIA")) && b.len() == 20
            || v.starts_with("AKID") && (32..=40).contains(&b.len()))
}

fn secret_shaped(v: &str) -> bool {
    (20..=64).contains(&v.len())
        && v.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'_' | b'-'))
        && v.bytes().any(|c| c.is_ascii_digit())
        && v.bytes().any(|c| c.is_ascii_alphabetic())
}

/// An AccessKey id and secret returned together in a response (`Risk_AkLeak`): an id (by
/// name or well-known shape) and a secret-named, secret-shaped value in the same response.
pub fn access_key_pair<'p, 'r>(params: &'p Params<'r>) -> Option<(&'p Param<'r>, &'p Param<'r>)> {
    let resp = || params.items.iter().filter(|p| !p.location.is_request());
    // Value shapes first: the normalised name is only built for values that could be keys.
    let named = |p: &Param<'_>, names: &[&str]| names.contains(&&*crate::facts::leaks::leaf_name(&p.name));
    let id = resp().find(|p| {
        let v = p.value.trim();
        is_access_key_id(v)
            || (16..=64).contains(&v.len())
                && v.bytes().all(|c| c.is_ascii_alphanumeric())
                && named(p, AK_ID_NAMES)
    })?;
    let secret = resp()
        .find(|p| !std::ptr::eq(*p, id) && secret_shaped(p.value.trim()) && named(p, AK_SECRET_NAMES))?;
    Some((id, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HS256: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn jwt_algorithms() {
        let j = parse_jwt(HS256).unwrap();
        assert_eq!(j.alg, "HS256");
        assert_eq!(j.alg_class, Alg::Hmac);
        assert!(j.alg_class.is_weak());
        assert_eq!(j.claims["name"], "John Doe");
        assert!(!j.unsigned);

        let none = format!("{}.{}.", b64(r#"{"alg":"none","typ":"JWT"}"#), b64(r#"{"role":"admin"}"#));
        let j = parse_jwt(&none).unwrap();
        assert_eq!((j.alg_class, j.unsigned), (Alg::None, true));
        let none_upper = format!("{}.{}.", b64(r#"{"alg":"NoNe"}"#), b64("{}"));
        assert_eq!(parse_jwt(&none_upper).unwrap().alg_class, Alg::None);

        let rs = format!("Bearer {}.{}.c2ln", b64(r#"{"alg":"RS256"}"#), b64("{}"));
        let j = parse_jwt(&rs).unwrap();
        assert_eq!(j.alg_class, Alg::Rsa);
        assert!(!j.alg_class.is_weak());
        assert_eq!(Alg::of("ES256"), Alg::Ec);
        assert_eq!(Alg::of("PS512"), Alg::Rsa);
        assert_eq!(Alg::of("EdDSA"), Alg::Ec);

        for bad in ["eyJ", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.x", "eyJub3QiOiJqd3QifQ.e30.x", "eyJ!!.e30.x", ""] {
            assert!(parse_jwt(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn jwt_in_text() {
        let text = format!("{{\"data\":{{\"token\":\"{HS256}\"}}}}");
        assert_eq!(find_jwt(&text), Some(HS256));
        assert_eq!(find_jwt("eyJ nothing here eyJhbGci"), None);
    }

    #[test]
    fn token_randomness() {
        for (tok, weak) in [
            ("a3f9c2e87b1d4f60a9e2c7d1b8f3e5a4", false),
            ("Zm9vYmFyLXJhbmRvbS0xMjM0NTY3ODkw", true), // base64 of readable text
            ("ZXZlOmV2ZXBhc3M=", true),                 // base64 of eve:evepass
            ("123456789012", true),
            ("1700000000123", true),
            ("aaaaaaaaaaaaaaaaaaaaaaaa", true),
            ("abc", true),
            ("k8Qz-2vPx_7LmN4wR9tY1uE6", false),
        ] {
            assert_eq!(token_strength(tok).weak, weak, "{tok}: {:?}", token_strength(tok));
        }
        assert!(token_strength("ZXZlOmV2ZXBhc3M=").readable_payload);
    }

    fn with_params<T>(extra: &str, f: impl FnOnce(&Params<'_>) -> T) -> T {
        let line = format!(
            r#"{{"ts":1700000000,"client_ip":"1.2.3.4","host":"h","method":"GET","path":"/x"{extra}}}"#
        );
        let r = crate::record::Record::from_json(line.as_bytes()).unwrap();
        let p = crate::params::extract(&r);
        f(&p)
    }

    #[test]
    fn credentials_in_urls() {
        let cases = [
            (r#","query":"access_token=a3f9c2e87b1d4f60&page=1""#, Some("access_token")),
            (r#","query":"page=1&sessionId=ABCDEFGH1234""#, Some("sessionId")),
            (&format!(r#","query":"t={HS256}""#) as &str, Some("t")),
            (r#","query":"token=abc""#, None),
            (r#","query":"page=1&size=20""#, None),
            (r#","query":"tokenizer=whitespace-split""#, None),
        ];
        for (extra, want) in cases {
            let got = with_params(extra, |p| credential_in_url(p).map(|x| x.name.to_string()));
            assert_eq!(got.as_deref(), want, "{extra}");
        }
        assert!(is_token_name("X-Auth-Token"));
        assert!(is_token_name("data.access_token"));
        assert!(!is_token_name("username"));
    }

    #[test]
    fn access_key_pairs() {
        let yes = r#","status":200,"resp_headers":{"Content-Type":"application/json"},"resp_body":"{\"data\":{\"AccessKeyId\":\"LTAI5tQx8yZk2PnR7wVb\",\"AccessKeySecret\":\"q3Zr8XvN2kLm5Pw9Ty6Ub1Hc4Jd7Fg\"}}""#;
        let got =
            with_params(yes, |p| access_key_pair(p).map(|(a, b)| (a.value.to_string(), b.name.to_string())));
        assert_eq!(got, Some(("LTAI5tQx8yZk2PnR7wVb".into(), "data.AccessKeySecret".into())));
        let aws = r#","status":200,"resp_headers":{"Content-Type":"application/json"},"resp_body":"{\"id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}""#;
        assert!(with_params(aws, |p| access_key_pair(p).is_some()));
        let id_only = r#","status":200,"resp_headers":{"Content-Type":"application/json"},"resp_body":"{\"AccessKeyId\":\"LTAI5tQx8yZk2PnR7wVb\"}""#;
        assert!(with_params(id_only, |p| access_key_pair(p).is_none()));
        let request_side =
            r#","query":"AccessKeyId=LTAI5tQx8yZk2PnR7wVb&AccessKeySecret=q3Zr8XvN2kLm5Pw9Ty6Ub1Hc4Jd7Fg""#;
        assert!(with_params(request_side, |p| access_key_pair(p).is_none()));
        assert!(is_access_key_id("AKIAIOSFODNN7EXAMPLE"));
        assert!(!is_access_key_id("AKIA-short"));
    }
}

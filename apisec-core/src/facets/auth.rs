//! Authentication fields (`auth_key`) and the per-request "authenticated" fact.
//!
//! Input: one record and its parameters. Output: [`AuthFacts`] — the credential-bearing
//! fields found by the built-in detection (the `Authorization` header and its schemes,
//! API-key and token headers, session / token / JWT cookies, token / signature /
//! access-key query and body parameters, any JWT-shaped value in a header, cookie or
//! query) and whether the request carries a usable credential. CSRF tokens, empty values
//! and placeholders (`null`, `undefined`) are not credentials. Per API, [`AuthAcc`] keeps
//! the names seen (capped) and how many requests were authenticated.

use crate::catalog::Location;
use crate::params::Params;
use crate::record::Record;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What kind of credential a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    /// `Authorization: Bearer …`.
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
    /// `Authorization: Digest …`.
    Digest,
    /// An HMAC / request-signature scheme or a signature parameter.
    Signature,
    /// Another `Authorization` scheme (`Token`, `Negotiate`, a bare token, …).
    Other,
    /// An API key header or parameter.
    ApiKey,
    /// A token header, cookie or parameter.
    Token,
    /// A session cookie or identifier.
    Session,
    /// A JSON Web Token found by its shape.
    Jwt,
    /// A field named by a custom authentication-credential policy.
    Custom,
}

/// One credential-bearing field of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthField<'r> {
    /// Where it is.
    pub location: Location,
    /// Its name as sent.
    pub name: Cow<'r, str>,
    /// What it holds.
    pub kind: AuthKind,
}

/// The authentication facts of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthFacts<'r> {
    /// True when the request carries at least one usable credential.
    pub authenticated: bool,
    /// The credential fields found (a few at most).
    pub fields: SmallVec<[AuthField<'r>; 2]>,
}

impl AuthFacts<'_> {
    fn push(&mut self, location: Location, name: &str, kind: AuthKind) {
        if self.fields.len() < MAX_FIELDS_PER_REQUEST
            && name.len() <= MAX_NAME_LEN
            && !self.fields.iter().any(|f| f.location == location && f.name.eq_ignore_ascii_case(name))
        {
            self.fields.push(AuthField { location, name: Cow::Owned(name.to_owned()), kind });
        }
        self.authenticated = true;
    }
}

/// Longest credential field name recorded.
const MAX_NAME_LEN: usize = 128;
/// Most credential fields recorded per request.
const MAX_FIELDS_PER_REQUEST: usize = 8;

/// The lower-case alphanumeric form of a field name (`X-Auth-Token` → `xauthtoken`).
fn squash(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// True for a value that can carry a credential (not empty, not a placeholder).
fn usable(v: &str) -> bool {
    let v = v.trim();
    v.len() >= 6
        && !matches!(
            v.to_ascii_lowercase().as_str(),
            "null" | "undefined" | "none" | "nil" | "false" | "deleted"
        )
}

/// True for a JSON Web Token (`eyJ…` header, three base64url parts).
pub fn is_jwt(v: &str) -> bool {
    let v = v.trim();
    let v = v.strip_prefix("Bearer ").unwrap_or(v);
    if !v.starts_with("eyJ") || v.len() < 24 {
        return false;
    }
    let parts: SmallVec<[&str; 4]> = v.split('.').collect();
    parts.len() == 3
        && parts[..2].iter().all(|p| p.len() >= 4)
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'='))
}

/// Anti-forgery tokens and per-request ids that tools add (`Postman-Token`) are not
/// credentials.
fn is_csrf(sq: &str) -> bool {
    sq.contains("csrf")
        || sq.contains("xsrf")
        || sq.contains("requestverification")
        || matches!(sq, "postmantoken" | "xrequesttoken" | "nonce" | "xnonce")
}

/// The kind of credential a header name announces (`Authorization` is handled apart).
fn header_kind(sq: &str) -> Option<AuthKind> {
    if is_csrf(sq) {
        return None;
    }
    match sq {
        "xapikey"
        | "apikey"
        | "xapitoken"
        | "xappkey"
        | "appkey"
        | "ocpapimsubscriptionkey"
        | "xfunctionskey" => Some(AuthKind::ApiKey),
        "xsignature" | "signature" | "xsign" | "sign" | "xhmacsignature" | "xcasignature"
        | "xamzcontentsha256" => Some(AuthKind::Signature),
        "xauthorization" | "xauth" | "authtoken" | "token" | "accesstoken" | "ticket" | "xticket" => {
            Some(AuthKind::Token)
        }
        "xsessionid" | "sessionid" | "xsession" | "session" => Some(AuthKind::Session),
        _ if sq.ends_with("token") && !sq.starts_with("xrequest") => Some(AuthKind::Token),
        _ if sq.ends_with("apikey") || sq.ends_with("accesskey") => Some(AuthKind::ApiKey),
        _ if sq.ends_with("sessionid") || sq.ends_with("sessiontoken") => Some(AuthKind::Session),
        _ => None,
    }
}

/// The kind of credential a cookie name announces.
fn cookie_kind(sq: &str) -> Option<AuthKind> {
    if is_csrf(sq) {
        return None;
    }
    match sq {
        "jsessionid" | "phpsessid" | "aspnetsessionid" | "sid" | "session" | "sessionid" | "connectsid"
        | "sess" | "cfid" | "cftoken" | "laravelsession" | "ci_session" | "rackssession" => {
            Some(AuthKind::Session)
        }
        "token" | "auth" | "authtoken" | "accesstoken" | "idtoken" | "jwt" | "refreshtoken" | "ticket"
        | "tgc" | "satoken" | "aspxauth" => Some(AuthKind::Token),
        _ if sq.contains("session") || sq.starts_with("sess") => Some(AuthKind::Session),
        _ if sq.ends_with("token") || sq.ends_with("jwt") || sq.ends_with("auth") => Some(AuthKind::Token),
        _ => None,
    }
}

/// The kind of credential a query or body parameter name announces.
fn param_kind(sq: &str) -> Option<AuthKind> {
    if is_csrf(sq) {
        return None;
    }
    match sq {
        "accesstoken" | "token" | "authtoken" | "idtoken" | "jwt" | "ticket" | "sessiontoken"
        | "apitoken" | "xauthtoken" | "usertoken" => Some(AuthKind::Token),
        "apikey" | "accesskey" | "accesskeyid" | "appkey" | "appsecret" | "secretkey" | "clientsecret" => {
            Some(AuthKind::ApiKey)
        }
        "signature" | "sign" | "sig" | "xamzsignature" | "hmac" => Some(AuthKind::Signature),
        "sessionid" | "sid" | "jsessionid" | "phpsessid" => Some(AuthKind::Session),
        _ if sq.ends_with("accesstoken") || sq.ends_with("authtoken") => Some(AuthKind::Token),
        _ => None,
    }
}

fn authorization_kind(v: &str) -> AuthKind {
    let scheme = v.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    match scheme.as_str() {
        "bearer" => AuthKind::Bearer,
        "basic" => AuthKind::Basic,
        "digest" => AuthKind::Digest,
        s if s.contains("hmac") || s.starts_with("aws4") || s == "signature" || s == "osp" => {
            AuthKind::Signature
        }
        _ if is_jwt(v) => AuthKind::Jwt,
        _ => AuthKind::Other,
    }
}

/// Finds the credential fields of one request (built-in detection only).
pub fn detect<'r>(rec: &'r Record<'_>, params: &Params<'r>) -> AuthFacts<'r> {
    let mut out = AuthFacts::default();
    for (name, value) in rec.req_headers.iter() {
        let sq = squash(name);
        if sq == "cookie" || !usable(value) {
            continue;
        }
        if sq == "authorization" {
            // `Basic` with nothing after it or a scheme alone is not a credential.
            let mut words = value.split_whitespace();
            let first = words.next().unwrap_or("");
            let scheme_only = matches!(
                first.to_ascii_lowercase().as_str(),
                "bearer" | "basic" | "digest" | "token" | "negotiate" | "ntlm"
            );
            let credential = match words.next() {
                Some(rest) => rest,
                None if scheme_only => "",
                None => first,
            };
            if usable(credential) {
                out.push(Location::RequestHeader, name, authorization_kind(value));
            }
        } else if let Some(kind) = header_kind(&sq) {
            out.push(Location::RequestHeader, name, kind);
        } else if is_jwt(value) {
            out.push(Location::RequestHeader, name, AuthKind::Jwt);
        }
    }
    for p in params.items.iter() {
        let kind = match p.location {
            Location::RequestCookie => cookie_kind(&squash(&p.name)),
            Location::RequestQuery | Location::RequestBody => {
                let last = p.name.rsplit('.').next().unwrap_or(&p.name);
                param_kind(&squash(last))
            }
            _ => continue,
        };
        let value = p.value.as_ref();
        if !usable(value) {
            continue;
        }
        if let Some(kind) = kind {
            out.push(p.location, &p.name, kind);
        } else if p.location != Location::RequestBody && is_jwt(value) {
            out.push(p.location, &p.name, AuthKind::Jwt);
        }
    }
    out
}

impl<'r> AuthFacts<'r> {
    /// Adds a field named by a custom authentication-credential policy.
    pub fn add_custom(&mut self, location: Location, name: &str) {
        self.push(location, name, AuthKind::Custom);
    }
}

/// The placeholder that replaces a credential or password in a de-identified sample.
pub const MASK: &str = "******";

fn is_secret_name(name: &str, auth_names: &[String]) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    let sq = squash(last);
    auth_names.iter().any(|n| n.eq_ignore_ascii_case(name) || n.eq_ignore_ascii_case(last))
        || param_kind(&sq).is_some()
        || cookie_kind(&sq).is_some()
        || sq.contains("password")
        || sq.contains("passwd")
        || sq.contains("pwd")
        || sq == "secret"
}

fn mask_pairs(text: &str, sep: char, auth_names: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, pair) in text.split(sep).enumerate() {
        if i > 0 {
            out.push(sep);
        }
        match pair.split_once('=') {
            Some((k, v))
                if !v.is_empty()
                    && is_secret_name(&crate::params::percent_decode(k.trim(), true), auth_names) =>
            {
                out.push_str(k);
                out.push('=');
                out.push_str(MASK);
            }
            _ => out.push_str(pair),
        }
    }
    out
}

fn mask_json(v: &mut serde_json::Value, auth_names: &[String]) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if !child.is_object()
                    && !child.is_array()
                    && !child.is_null()
                    && is_secret_name(k, auth_names)
                {
                    *child = serde_json::Value::String(MASK.into());
                } else {
                    mask_json(child, auth_names);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|c| mask_json(c, auth_names)),
        _ => {}
    }
}

/// Replaces credentials (the API's `auth_key` fields, built-in credential names) and
/// passwords in a sample with [`MASK`]: headers, cookies, `Set-Cookie`, query, and
/// form or JSON request bodies. Sensitive data types are masked by the sensitive stage.
pub fn mask_credentials(sample: &mut crate::model::Sample, auth_names: &[String]) {
    for (k, v) in sample.request_header.iter_mut() {
        if k.eq_ignore_ascii_case("cookie") {
            *v = mask_pairs(v, ';', auth_names);
        } else if k.eq_ignore_ascii_case("authorization")
            || k.eq_ignore_ascii_case("proxy-authorization")
            || header_kind(&squash(k)).is_some()
            || auth_names.iter().any(|n| n.eq_ignore_ascii_case(k))
        {
            *v = MASK.into();
        }
    }
    for (k, v) in sample.response_header.iter_mut() {
        if k.eq_ignore_ascii_case("set-cookie") {
            *v = v
                .split(", ")
                .map(|c| match c.split_once('=') {
                    Some((name, rest)) => {
                        let attrs = rest.split_once(';').map(|(_, a)| a).unwrap_or("");
                        if attrs.is_empty() {
                            format!("{name}={MASK}")
                        } else {
                            format!("{name}={MASK};{attrs}")
                        }
                    }
                    None => c.to_owned(),
                })
                .collect::<Vec<_>>()
                .join(", ");
        }
    }
    if let Some(q) = sample.querystring.strip_prefix('?') {
        sample.querystring = format!("?{}", mask_pairs(q, '&', auth_names));
    }
    let body = sample.request_body.trim_start();
    if body.starts_with('{') || body.starts_with('[') {
        if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(body) {
            mask_json(&mut v, auth_names);
            sample.request_body = v.to_string();
        }
    } else if body.contains('=') && !body.contains(char::is_whitespace) {
        sample.request_body = mask_pairs(body, '&', auth_names);
    }
}

/// What one API's requests showed about authentication.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthAcc {
    /// Requests seen.
    pub requests: u64,
    /// Requests that carried a credential.
    pub authenticated: u64,
    /// Credential fields by `location:lower-case name` (capped at [`AuthAcc::MAX_FIELDS`]).
    pub fields: BTreeMap<String, AuthKeyStat>,
}

/// One credential field of an API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthKeyStat {
    /// The smallest spelling of the name seen.
    pub name: String,
    /// Where it is.
    pub location: Location,
    /// What it holds.
    pub kind: AuthKind,
    /// Requests carrying it.
    pub count: u64,
}

impl AuthAcc {
    /// Most distinct credential fields kept per API.
    pub const MAX_FIELDS: usize = 16;

    /// Counts one request's facts.
    pub fn add(&mut self, facts: &AuthFacts<'_>) {
        self.requests += 1;
        if facts.authenticated {
            self.authenticated += 1;
        }
        for f in &facts.fields {
            let key = format!("{}:{}", f.location, f.name.to_ascii_lowercase());
            if let Some(s) = self.fields.get_mut(&key) {
                s.count += 1;
                if f.name.as_ref() < s.name.as_str() {
                    s.name = f.name.to_string();
                }
            } else if self.fields.len() < Self::MAX_FIELDS {
                let stat =
                    AuthKeyStat { name: f.name.to_string(), location: f.location, kind: f.kind, count: 1 };
                self.fields.insert(key, stat);
            }
        }
    }

    /// Adds another API's counts.
    pub fn absorb(&mut self, other: &AuthAcc) {
        self.requests += other.requests;
        self.authenticated += other.authenticated;
        for (k, s) in &other.fields {
            if let Some(mine) = self.fields.get_mut(k) {
                mine.count += s.count;
                if s.name < mine.name {
                    mine.name = s.name.clone();
                }
            } else if self.fields.len() < Self::MAX_FIELDS {
                self.fields.insert(k.clone(), s.clone());
            }
        }
    }

    /// The `auth_key` list: distinct names, most used first (ties by name).
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<&AuthKeyStat> = self.fields.values().collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        let mut out: Vec<String> = Vec::new();
        for s in v {
            if !out.iter().any(|n| n.eq_ignore_ascii_case(&s.name)) {
                out.push(s.name.clone());
            }
        }
        out
    }

    /// Share of requests that carried a credential (0 when none were seen).
    pub fn authenticated_share(&self) -> f64 {
        if self.requests == 0 { 0.0 } else { self.authenticated as f64 / self.requests as f64 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts_of(json: &str) -> (bool, Vec<(Location, String, AuthKind)>) {
        let rec = Record::from_json(json.as_bytes()).expect("valid record");
        let params = crate::params::extract(&rec);
        let f = detect(&rec, &params);
        (f.authenticated, f.fields.iter().map(|x| (x.location, x.name.to_string(), x.kind)).collect())
    }

    fn with_headers(headers: &str, query: &str) -> String {
        format!(
            r#"{{"ts":1700000000,"client_ip":"203.0.113.5","host":"api.example.com","method":"GET","path":"/v1/me","query":"{query}","req_headers":{headers}}}"#
        )
    }

    const JWT: &str =
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    #[test]
    fn authorization_schemes() {
        let (auth, f) = facts_of(&with_headers(r#"{"Authorization":"Bearer abcdef123456"}"#, ""));
        assert!(auth);
        assert_eq!(f, vec![(Location::RequestHeader, "Authorization".into(), AuthKind::Bearer)]);
        let (_, f) = facts_of(&with_headers(r#"{"authorization":"Basic YWxpY2U6c2VjcmV0"}"#, ""));
        assert_eq!(f[0].2, AuthKind::Basic);
        let (_, f) =
            facts_of(&with_headers(r#"{"Authorization":"Digest username=\"a\", nonce=\"xyz\""}"#, ""));
        assert_eq!(f[0].2, AuthKind::Digest);
        let (_, f) = facts_of(&with_headers(
            r#"{"Authorization":"HMAC-SHA256 Credential=ak/20240101, Signature=ab12"}"#,
            "",
        ));
        assert_eq!(f[0].2, AuthKind::Signature);
        // A scheme with no credential after it, or a placeholder, is not authentication.
        assert!(!facts_of(&with_headers(r#"{"Authorization":"Bearer"}"#, "")).0);
        assert!(!facts_of(&with_headers(r#"{"Authorization":"Bearer undefined"}"#, "")).0);
    }

    #[test]
    fn key_and_token_headers_but_not_csrf() {
        let (auth, f) =
            facts_of(&with_headers(r#"{"X-API-Key":"k-4f9a8b7c6d","X-CSRF-Token":"abcdef123456"}"#, ""));
        assert!(auth);
        assert_eq!(f, vec![(Location::RequestHeader, "X-API-Key".into(), AuthKind::ApiKey)]);
        let (_, f) = facts_of(&with_headers(r#"{"X-Auth-Token":"0123456789abcdef"}"#, ""));
        assert_eq!(f[0].2, AuthKind::Token);
        let (_, f) = facts_of(&with_headers(r#"{"Access-Token":"0123456789abcdef"}"#, ""));
        assert_eq!(f[0].2, AuthKind::Token);
        let (auth, f) = facts_of(&with_headers(
            r#"{"X-XSRF-TOKEN":"abcdef123456","Postman-Token":"2c7b1a9e-5d","Accept":"*/*"}"#,
            "",
        ));
        assert!(!auth && f.is_empty());
    }

    #[test]
    fn session_token_and_jwt_cookies() {
        let cookie = format!(
            r#"{{"Cookie":"JSESSIONID=8F1A2B3C4D5E; theme=dark; _ga=GA1.2.3; prefs={JWT}; csrftoken=zzzzzzzz"}}"#
        );
        let (auth, f) = facts_of(&with_headers(&cookie, ""));
        assert!(auth);
        let names: Vec<&str> = f.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(names, vec!["JSESSIONID", "prefs"]);
        assert_eq!(f[0].2, AuthKind::Session);
        assert_eq!(f[1].2, AuthKind::Jwt);
        let (auth, _) = facts_of(&with_headers(r#"{"Cookie":"theme=dark; lang=en-US; _ga=GA1.2.3"}"#, ""));
        assert!(!auth);
        let (_, f) = facts_of(&with_headers(r#"{"Cookie":"PHPSESSID=q1w2e3r4t5; sid=a1b2c3d4e5"}"#, ""));
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn token_and_signature_query_parameters() {
        let (auth, f) = facts_of(&with_headers("{}", "access_token=ya29.a0Af_longtoken&page=2"));
        assert!(auth);
        assert_eq!(f, vec![(Location::RequestQuery, "access_token".into(), AuthKind::Token)]);
        let (_, f) =
            facts_of(&with_headers("{}", "AccessKeyId=LTAI5tAbCdEf&Signature=Zm9vYmFy%3D&Timestamp=1"));
        assert_eq!(f.iter().map(|x| x.2).collect::<Vec<_>>(), vec![AuthKind::ApiKey, AuthKind::Signature]);
        let (auth, _) = facts_of(&with_headers("{}", "q=token&page=2"));
        assert!(!auth, "a search for the word token is not a credential");
        let (_, f) = facts_of(&with_headers("{}", &format!("id_token={JWT}")));
        assert_eq!(f[0].2, AuthKind::Token);
    }

    #[test]
    fn masking_hides_credentials_and_passwords_only() {
        let mut s = crate::model::Sample::default();
        s.request_header.insert("Authorization".into(), "Bearer abc.def".into());
        s.request_header.insert("X-10086".into(), "12345678901234567".into());
        s.request_header.insert("Cookie".into(), "JSESSIONID=8F1A; theme=dark".into());
        s.request_header.insert("Accept".into(), "application/json".into());
        s.response_header.insert("Set-Cookie".into(), "sid=abc123; Path=/; HttpOnly".into());
        s.querystring = "?access_token=tok123&page=2".into();
        s.request_body = r#"{"user":{"name":"alice","password":"s3cret"},"n":1}"#.into();
        mask_credentials(&mut s, &["X-10086".to_string()]);
        assert_eq!(s.request_header["Authorization"], MASK);
        assert_eq!(s.request_header["X-10086"], MASK);
        assert_eq!(s.request_header["Cookie"], format!("JSESSIONID={MASK}; theme=dark"));
        assert_eq!(s.request_header["Accept"], "application/json");
        assert_eq!(s.response_header["Set-Cookie"], format!("sid={MASK}; Path=/; HttpOnly"));
        assert_eq!(s.querystring, format!("?access_token={MASK}&page=2"));
        assert_eq!(s.request_body, format!(r#"{{"n":1,"user":{{"name":"alice","password":"{MASK}"}}}}"#));
        let mut form =
            crate::model::Sample { request_body: "username=bob&pwd=hunter2".into(), ..Default::default() };
        mask_credentials(&mut form, &[]);
        assert_eq!(form.request_body, format!("username=bob&pwd={MASK}"));
    }

    #[test]
    fn api_accumulator_counts_and_caps() {
        let mut acc = AuthAcc::default();
        for i in 0..40 {
            let rec_json = with_headers(&format!(r#"{{"X-Tok{i}-Token":"abcdef123456"}}"#), "");
            let rec = Record::from_json(rec_json.as_bytes()).unwrap();
            let params = crate::params::extract(&rec);
            acc.add(&detect(&rec, &params));
        }
        let rec_json = with_headers("{}", "");
        let rec = Record::from_json(rec_json.as_bytes()).unwrap();
        let params = crate::params::extract(&rec);
        acc.add(&detect(&rec, &params));
        assert_eq!(acc.requests, 41);
        assert_eq!(acc.authenticated, 40);
        assert_eq!(acc.fields.len(), AuthAcc::MAX_FIELDS);
        let mut other = AuthAcc::default();
        other.absorb(&acc);
        other.absorb(&acc);
        assert_eq!(other.authenticated, 80);
        assert!(other.fields.values().all(|s| s.count == 2));
        assert_eq!(other.names().len(), AuthAcc::MAX_FIELDS);
    }
}

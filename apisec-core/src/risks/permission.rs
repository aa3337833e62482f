//! Permission-management risks (`RiskType_Permission`): guessable credentials, sensitive
//! or internal APIs answering without authentication, credentials in URLs, AccessKey pairs
//! in responses.
//!
//! Input: a record's [`Ctx`] (authentication and sensitive findings come from earlier
//! stages through [`super::RiskInput`]). Output: evidence. Every rule is stateless.

use super::{Ctx, mask, param_info};
use crate::catalog::{Location, Purpose, RiskKind, SensitiveLevel};
use crate::facets::auth::{self, AuthKind};
use crate::facts::token;
use serde_json::{Value, json};

/// **What it detects** — an authentication credential (token header, API key, session
/// cookie, `Authorization` other than Basic) that is guessable: shorter than 16
/// characters, under 64 bits of estimated entropy, digits only, or base64 of readable
/// text such as `user:password`. JWTs are judged by their algorithm
/// (`Risk_WeakSignAlgorithm`), Basic credentials by the password rules.
///
/// **Why it matters** — a credential that can be guessed or decoded lets an attacker act
/// as other users or raise their privileges.
///
/// **Recommendation** — see [`suggestion`].
pub fn weak_token(c: &Ctx<'_, '_>) -> Option<Value> {
    let r = c.i.record;
    let facts = auth::detect(r, c.i.params);
    for f in &facts.fields {
        if matches!(f.kind, AuthKind::Jwt | AuthKind::Basic | AuthKind::Digest | AuthKind::Signature) {
            continue;
        }
        let value = match f.location {
            Location::RequestHeader => r.req_headers.get(&f.name),
            loc => c.i.params.get(loc, &f.name),
        }?;
        let v = value.trim();
        if v.contains("eyJ") && token::find_jwt(v).is_some() {
            continue;
        }
        let s = token::token_strength(v);
        if s.weak {
            let mut info = param_info(f.location, &f.name, mask(v));
            info["length"] = json!(s.len);
            info["entropy_bits"] = json!(s.entropy_bits.round());
            info["readable_payload"] = json!(s.readable_payload);
            return Some(info);
        }
    }
    None
}

/// Highly sensitive data in the response: the S3/S4 types found.
fn high_sensitive<'a>(c: &Ctx<'a, '_>) -> Vec<&'a super::SensitiveCount> {
    c.i.resp_sensitive.iter().filter(|s| s.level >= SensitiveLevel::S3).collect()
}

/// **What it detects** — a successful response carrying highly sensitive data (any S3 or
/// S4 type) to a request that carried no credential. Login and registration APIs are
/// left out: they are unauthenticated by design and are judged by the account rules.
///
/// **Why it matters** — anyone can read the data, no account needed.
///
/// **Recommendation** — see [`suggestion`].
pub fn unauth_sensitive(c: &Ctx<'_, '_>) -> Option<Value> {
    if c.i.authenticated || !c.i.ok() || c.login || c.i.has_purpose(Purpose::RegisterApi) {
        return None;
    }
    let hs = high_sensitive(c);
    if hs.is_empty() {
        return None;
    }
    let types: Vec<Value> = hs
        .iter()
        .map(|s| {
            json!({ "code": s.code.to_string(), "level": s.level, "count": s.count,
            "param": s.param, "sample": s.sample })
        })
        .collect();
    Some(json!({ "status": c.i.record.status, "sensitive": types }))
}

/// **What it detects** — an internal API answering with success a request that carried no
/// credential.
///
/// **Why it matters** — internal functions and data are usable by anyone who reaches the
/// API.
///
/// **Recommendation** — see [`suggestion`].
pub fn unauth_internal_api(c: &Ctx<'_, '_>) -> Option<Value> {
    (c.i.is_internal() && !c.i.authenticated && c.i.ok() && !c.login).then(|| {
        json!({ "client_ip": c.i.record.client_ip.to_string(), "status": c.i.record.status,
            "method": c.i.record.method })
    })
}

/// **What it detects** — a credential in the query string: a token-named parameter
/// (`access_token`, `api_key`, `session`…) of at least 8 characters, or any JWT.
///
/// **Why it matters** — URLs land in logs, proxies, browser history and `Referer`
/// headers; whoever reads them can replay the credential.
///
/// **Recommendation** — see [`suggestion`].
pub fn token_url(c: &Ctx<'_, '_>) -> Option<Value> {
    let p = token::credential_in_url(c.i.params)?;
    Some(param_info(p.location, &p.name, mask(&p.value)))
}

/// **What it detects** — a response returning an AccessKey id (by name or a well-known
/// shape such as `LTAI…` / `AKIA…`) together with a secret-named, secret-shaped value.
///
/// **Why it matters** — with both halves anyone can call the cloud account's APIs with
/// the key's permissions.
///
/// **Recommendation** — see [`suggestion`].
pub fn ak_leak(c: &Ctx<'_, '_>) -> Option<Value> {
    let (id, secret) = token::access_key_pair(c.i.params)?;
    Some(json!({ "location": id.location.as_str(), "access_key_id_param": id.name,
        "access_key_id": mask(&id.value), "secret_param": secret.name, "secret": mask(&secret.value) }))
}

/// The recommendations of this category.
pub fn suggestion(kind: RiskKind) -> Option<&'static str> {
    Some(match kind {
        RiskKind::WeakToken => {
            "Issue credentials from a cryptographically secure random source, long enough \
             (128 bits or more) and with no readable structure such as an encoded user name and \
             password."
        }
        RiskKind::UnauthSensitive | RiskKind::UnauthInternalApi => {
            "Require authentication on the API and check on every call that the caller may see \
             the object and the fields it asks for."
        }
        RiskKind::TokenUrl => {
            "Carry credentials in a header (Authorization or a custom one), a cookie or the \
             body, never in the URL."
        }
        RiskKind::AkLeak => {
            "Stop returning AccessKey pairs, disable or delete the keys already exposed, and \
             issue short-lived credentials through a token service instead."
        }
        _ => return None,
    })
}

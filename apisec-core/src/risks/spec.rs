//! Security-specification risks (`RiskType_Specification`): insecure methods, weakly
//! signed JWTs, URLs passed as parameters.
//!
//! Input: a record's [`Ctx`]. Output: evidence (`abnormal_info`) when the record shows the
//! risk. Each rule is stateless.

use super::{Ctx, param_info};
use crate::catalog::{Location, RiskKind};
use crate::facts::{shape, token};
use serde_json::{Value, json};

/// Methods no API needs to serve: they echo requests back or open tunnels.
const NEVER_NEEDED: &[&str] = &["TRACE", "TRACK", "CONNECT"];

/// **What it detects** — the server accepts (2xx) an insecure method: TRACE / TRACK /
/// CONNECT always; PUT or DELETE when the request carried no credential (anyone may change
/// or delete data) or when PUT writes a file (`/upload/shell.php`, WebDAV style); OPTIONS
/// when it is not a CORS pre-flight and the `Allow` header it returns lists TRACE, TRACK,
/// CONNECT or WebDAV methods. An authenticated PUT/DELETE on a REST resource is the API's
/// normal use and is not reported.
///
/// **Why it matters** — these methods let a caller probe the server or change its data
/// directly: upload files, delete resources, reflect headers (cross-site tracing).
///
/// **Recommendation** — see [`suggestion`].
pub fn unsafe_http_method(c: &Ctx<'_, '_>) -> Option<Value> {
    let r = c.i.record;
    let m = r.method.to_ascii_uppercase();
    if !shape::is_unsafe_method(&m) || !c.i.ok() {
        return None;
    }
    let why = if NEVER_NEEDED.contains(&m.as_str()) {
        "method is never needed by an API"
    } else if m == "OPTIONS" {
        if r.req_headers.get("access-control-request-method").is_some() {
            return None;
        }
        let allow = r.resp_headers.get("allow")?.to_ascii_uppercase();
        let risky = ["TRACE", "TRACK", "CONNECT", "PROPFIND", "MKCOL", "COPY", "MOVE"];
        if !allow.split(',').any(|a| risky.contains(&a.trim())) {
            return None;
        }
        "server advertises risky methods"
    } else if m == "PUT" && file_like(&r.path) {
        "PUT writes a file"
    } else if !c.i.authenticated {
        "accepted without credentials"
    } else {
        return None;
    };
    Some(json!({ "method": m, "status": r.status, "reason": why,
        "allow": r.resp_headers.get("allow") }))
}

/// A path whose last segment names a file (`x.php`, `a.jsp`, `notes.txt`).
fn file_like(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty() && (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// **What it detects** — a JSON Web Token signed with `none` (unsigned) or an HMAC
/// (`HS256/384/512`, a shared secret that can be cracked offline), sent in a request header,
/// cookie or query, or issued in the response.
///
/// **Why it matters** — an unsigned token can be forged outright; a shared-secret token
/// can be forged once its secret is guessed, so any claim (user, role) can be faked.
///
/// **Recommendation** — see [`suggestion`].
pub fn weak_sign_algorithm(c: &Ctx<'_, '_>) -> Option<Value> {
    for p in &c.i.params.items {
        if matches!(p.location, Location::RequestBody) || p.value.len() < 20 {
            continue;
        }
        let Some(t) = token::find_jwt(&p.value) else { continue };
        let Some(jwt) = token::parse_jwt(t) else { continue };
        if jwt.alg_class.is_weak() {
            return Some(json!({ "location": p.location.as_str(), "param": p.name,
                "alg": if jwt.alg.is_empty() { "none" } else { jwt.alg.as_str() },
                "unsigned": jwt.unsigned, "accepted": c.i.ok() }));
        }
    }
    None
}

/// **What it detects** — a request argument (query, body or cookie) whose value is an
/// absolute URL (`callback=https://…`, `{"url": "http://…"}`).
///
/// **Why it matters** — when the server fetches or redirects to a URL the caller chose,
/// it can be steered at internal services (SSRF) or used as an open redirect.
///
/// **Recommendation** — see [`suggestion`].
pub fn url_param(c: &Ctx<'_, '_>) -> Option<Value> {
    let p = shape::url_param(c.i.params)?;
    Some(param_info(p.location, &p.name, c.shown(&p.value)))
}

/// The recommendations of this category.
pub fn suggestion(kind: RiskKind) -> Option<&'static str> {
    Some(match kind {
        RiskKind::UnsafeHttpMethod => {
            "Turn off the methods the business does not need (TRACE, TRACK, CONNECT, WebDAV verbs, \
             and PUT or DELETE where nothing should be written or removed) and require \
             authentication and authorisation on every method that changes data."
        }
        RiskKind::WeakSignAlgorithm => {
            "Sign tokens with an asymmetric algorithm such as RS256 or ES256, reject tokens whose \
             algorithm is none, and keep signing keys long, secret and rotated."
        }
        RiskKind::UrlParam => {
            "Avoid taking whole URLs from the caller. If the business needs them, allow only a \
             fixed list of destinations and schemes, and refuse internal addresses and odd \
             characters before the server fetches or redirects anywhere."
        }
        _ => return None,
    })
}

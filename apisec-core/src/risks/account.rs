//! Account-security risks (`RiskType_Account`): how passwords travel, which passwords a
//! login accepts, what login failures reveal, and whether logins are limited at all.
//!
//! Input: a record's [`Ctx`] (credentials, login flag and outcome already derived).
//! Output: evidence when the record shows the risk. [`LoginTracker`] holds the only
//! cross-record state here (`Risk_LoginRestrict`), bounded per API.

use super::{Ctx, mask, param_info};
use crate::catalog::{Location, RiskKind};
use crate::facts::login::{self, LoginOutcome};
use crate::facts::password;
use crate::params::ValueKind;
use crate::window::CappedTable;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The password a request carries, if non-empty.
fn password_field<'c>(c: &'c Ctx<'_, '_>) -> Option<&'c login::Field<'c>> {
    c.creds.as_ref()?.password.as_ref().filter(|f| !f.value.trim().is_empty())
}

/// **What it detects** — a password field (body, query, cookie or `Authorization: Basic`)
/// whose value is neither hashed nor encrypted (no hex / crypt digest, no long opaque blob).
///
/// **Why it matters** — anyone who can read the traffic or the logs (a proxy, a
/// mis-configured TLS terminator, plain HTTP) obtains the password itself.
///
/// **Recommendation** — see [`suggestion`].
pub fn passwd_unencrypt(c: &Ctx<'_, '_>) -> Option<Value> {
    let f = password_field(c)?;
    if password::protection(&f.value).is_some() {
        return None;
    }
    let scheme = c.i.record.scheme.map(|s| if s == crate::record::Scheme::Https { "https" } else { "http" });
    let mut v = param_info(f.location, &f.name, mask(&f.value));
    v["scheme"] = json!(scheme);
    Some(v)
}

/// A successful login or registration and the plaintext password it used.
fn accepted_password<'c>(c: &'c Ctx<'_, '_>) -> Option<&'c login::Field<'c>> {
    let f = password_field(c)?;
    let accepted = if c.login {
        c.outcome == LoginOutcome::Success
    } else {
        login::looks_like_registration(c.i.record, c.i.params) && c.i.ok()
    };
    // A login won by an injection payload says nothing about the password rule.
    let injected = c.creds.as_ref().is_some_and(|cr| {
        [&cr.username, &cr.password]
            .into_iter()
            .flatten()
            .any(|x| crate::facts::payload::attack(&x.value).is_some())
    });
    (accepted && !injected && password::protection(&f.value).is_none()).then_some(f)
}

fn weak_info(c: &Ctx<'_, '_>, f: &login::Field<'_>) -> Value {
    let mut v = param_info(f.location, &f.name, mask(&f.value));
    v["length"] = json!(f.value.chars().count());
    v["char_classes"] = json!(password::char_classes(&f.value));
    v["common"] = json!(password::is_common(&f.value));
    v["outcome"] = json!(if c.login { "login succeeded" } else { "registration accepted" });
    v
}

/// **What it detects** — a login that succeeds (or a registration that is accepted) with a
/// password shorter than 8 characters, mixing fewer than 3 character classes, or found in
/// the list of common passwords. Only accepted passwords count: a brute force trying weak
/// passwords that all fail shows nothing about the API. Internal APIs raise
/// `Risk_InternalWeakPasswd` instead.
///
/// **Why it matters** — weak passwords fall to dictionary and brute-force attacks.
///
/// **Recommendation** — see [`suggestion`].
pub fn weak_passwd(c: &Ctx<'_, '_>) -> Option<Value> {
    if c.i.is_internal() {
        return None;
    }
    let f = accepted_password(c)?;
    password::is_weak(&f.value).then(|| weak_info(c, f))
}

/// **What it detects** — as `Risk_WeakPasswd`, on an API whose service object is internal.
///
/// **Why it matters** — internal applications often hold administrative functions and
/// data; a guessable password there opens far more than one user's account.
///
/// **Recommendation** — see [`suggestion`].
pub fn internal_weak_passwd(c: &Ctx<'_, '_>) -> Option<Value> {
    if !c.i.is_internal() {
        return None;
    }
    let f = accepted_password(c)?;
    password::is_weak(&f.value).then(|| weak_info(c, f))
}

/// **What it detects** — a successful login whose user name and password are a known
/// vendor default pair (`admin`/`admin`, device and database defaults).
///
/// **Why it matters** — default credentials are public; the first thing any attacker tries.
///
/// **Recommendation** — see [`suggestion`].
pub fn default_passwd(c: &Ctx<'_, '_>) -> Option<Value> {
    if !c.login || c.outcome != LoginOutcome::Success {
        return None;
    }
    let creds = c.creds.as_ref()?;
    let (u, p) = (creds.username.as_ref()?, creds.password.as_ref()?);
    let vendor = password::default_credential(&u.value, &p.value)?;
    Some(json!({ "location": p.location.as_str(), "username": u.value, "default_passwd": mask(&p.value),
        "vendor": vendor }))
}

/// **What it detects** — a response field named like a password (`password`, `pwd`,
/// `user.passwd`…) whose value is a non-empty plaintext (not a hash, not `****`).
///
/// **Why it matters** — the password reaches the client, its caches and logs, and anyone
/// reading the traffic.
///
/// **Recommendation** — see [`suggestion`].
pub fn passwd_response(c: &Ctx<'_, '_>) -> Option<Value> {
    let p = c.i.params.at(Location::ResponseBody).find(|p| {
        let v = p.value.trim();
        p.kind == ValueKind::Text
            && login::is_password_name(&p.name)
            && !v.is_empty()
            && v.len() <= 128
            && !v.chars().all(|ch| matches!(ch, '*' | '•' | 'x' | 'X' | '#'))
            && !matches!(v.to_ascii_lowercase().as_str(), "null" | "none" | "undefined" | "true" | "false")
            && password::protection(v).is_none()
    })?;
    Some(param_info(p.location, &p.name, mask(&p.value)))
}

/// **What it detects** — a request cookie, or a cookie the response sets, whose name says
/// it holds a password and whose value is not empty.
///
/// **Why it matters** — cookies sit on disk, travel with every request and are readable by
/// scripts unless flagged; a password there is exposed many times over.
///
/// **Recommendation** — see [`suggestion`].
pub fn passwd_cookie(c: &Ctx<'_, '_>) -> Option<Value> {
    if let Some(p) =
        c.i.params
            .at(Location::RequestCookie)
            .find(|p| login::is_password_name(&p.name) && !p.value.trim().is_empty())
    {
        return Some(param_info(p.location, &p.name, mask(&p.value)));
    }
    for sc in c.i.record.resp_headers.get_all("set-cookie") {
        let nv = sc.split(';').next().unwrap_or("");
        if let Some((n, v)) = nv.split_once('=')
            && login::is_password_name(n.trim())
            && !v.trim().is_empty()
        {
            return Some(param_info(Location::ResponseHeader, n.trim(), mask(v.trim())));
        }
    }
    None
}

/// **What it detects** — a failed login whose message tells whether the account exists
/// ("user does not exist", "wrong password" alone) instead of one message for both cases.
///
/// **Why it matters** — the difference lets an attacker enumerate registered accounts and
/// then aim password guessing at the real ones.
///
/// **Recommendation** — see [`suggestion`].
pub fn login_prompt(c: &Ctx<'_, '_>) -> Option<Value> {
    if !c.login || c.outcome == LoginOutcome::Success {
        return None;
    }
    let msg = login::failure_message(c.i.params)?;
    login::reveals_account_existence(msg)
        .then(|| json!({ "status": c.i.record.status, "message": super::shorten(msg, 160) }))
}

/// **What it detects** — a password in the query string of the URL.
///
/// **Why it matters** — URLs are written to access logs, proxies, browser history and
/// `Referer` headers, so the password leaks far beyond the exchange.
///
/// **Recommendation** — see [`suggestion`].
pub fn passwd_url(c: &Ctx<'_, '_>) -> Option<Value> {
    let p =
        c.i.params
            .at(Location::RequestQuery)
            .find(|p| login::is_password_name(&p.name) && !p.value.trim().is_empty())?;
    Some(param_info(p.location, &p.name, mask(&p.value)))
}

/// Failures counted before `Risk_LoginRestrict` is raised.
pub const LOGIN_FAILURES: u32 = 20;
/// Window in which those failures must come from one source, seconds.
pub const LOGIN_WINDOW: f64 = 600.0;
/// Login APIs tracked at once.
pub const MAX_LOGIN_APIS: usize = 4096;
/// Sources tracked per login API.
pub const MAX_SOURCES_PER_LOGIN: usize = 64;

/// What one login API has shown so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoginApi {
    /// A CAPTCHA field was ever sent.
    pub captcha: bool,
    /// A throttling / lockout answer was ever seen.
    pub throttled: bool,
    /// Failed attempts seen in total.
    pub failures: u64,
    /// Per source: (window start, failures in the window).
    pub sources: std::collections::BTreeMap<String, (f64, u32)>,
}

/// `Risk_LoginRestrict` state: per login API, CAPTCHA and throttle seen, failures per
/// source in a window. Bounded by [`MAX_LOGIN_APIS`] × [`MAX_SOURCES_PER_LOGIN`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoginTracker {
    apis: CappedTable<String, LoginApi>,
}

impl LoginTracker {
    /// Empty state.
    pub fn new() -> Self {
        LoginTracker { apis: CappedTable::new(MAX_LOGIN_APIS, 30.0 * 86400.0) }
    }

    /// **What it detects** (`Risk_LoginRestrict`) — a login API where one source failed
    /// at least [`LOGIN_FAILURES`] times within [`LOGIN_WINDOW`] seconds, while no request
    /// ever carried a CAPTCHA field and no answer ever showed throttling (429, 423,
    /// `Retry-After`, rate-limit headers, "too many attempts", lockout). A login that
    /// answers a wrong password with 200 and an empty body counts as failed when it is
    /// not a success. Code-checking APIs (the second step of a login by SMS or mail code)
    /// are judged the same way.
    ///
    /// **Why it matters** — without a CAPTCHA or a limit, passwords and codes can be
    /// guessed without end.
    ///
    /// **Recommendation** — see [`suggestion`].
    pub fn observe(&mut self, c: &Ctx<'_, '_>, ts: f64) -> Option<Value> {
        let captcha = login::captcha_field(c.i.params).is_some();
        let attempt = c.login || c.code_check;
        if !attempt && !captcha {
            return None;
        }
        let api = self.apis.entry(&c.i.api_id.to_owned(), ts, LoginApi::default);
        api.captcha |= captcha;
        api.throttled |= c.throttled;
        let failed = attempt
            && (c.outcome == LoginOutcome::Failure
                || c.outcome == LoginOutcome::Unknown && c.i.record.status.is_some() && !c.throttled);
        if !failed || api.captcha || api.throttled {
            return None;
        }
        api.failures += 1;
        let ip = c.i.record.client_ip.to_string();
        if !api.sources.contains_key(&ip) && api.sources.len() >= MAX_SOURCES_PER_LOGIN {
            // Forget the source whose window is oldest (ties by address): deterministic.
            if let Some(old) = api
                .sources
                .iter()
                .min_by(|a, b| a.1.0.total_cmp(&b.1.0).then_with(|| a.0.cmp(b.0)))
                .map(|(k, _)| k.clone())
            {
                api.sources.remove(&old);
            }
        }
        let w = api.sources.entry(ip).or_insert((ts, 0));
        if ts - w.0 > LOGIN_WINDOW {
            *w = (ts, 0);
        }
        w.1 += 1;
        (w.1 >= LOGIN_FAILURES).then(|| {
            json!({ "failures_from_one_source": w.1, "window_seconds": LOGIN_WINDOW,
                "failures_total": api.failures, "captcha_seen": false, "throttle_seen": false,
                "last_status": c.i.record.status })
        })
    }

    /// Folds another shard in: flags OR, counts add, per-source windows keep the larger.
    pub fn merge(&mut self, other: LoginTracker) {
        self.apis.merge_with(other.apis, |mine, v| {
            mine.captcha |= v.captcha;
            mine.throttled |= v.throttled;
            mine.failures += v.failures;
            for (ip, w) in v.sources {
                if let Some(e) = mine.sources.get_mut(&ip) {
                    if (w.1, w.0.to_bits()) > (e.1, e.0.to_bits()) {
                        *e = w;
                    }
                } else if mine.sources.len() < MAX_SOURCES_PER_LOGIN {
                    mine.sources.insert(ip, w);
                }
            }
        });
    }
}

impl Default for LoginTracker {
    fn default() -> Self {
        Self::new()
    }
}

/// The recommendations of this category.
pub fn suggestion(kind: RiskKind) -> Option<&'static str> {
    Some(match kind {
        RiskKind::PasswdUnencrypt => {
            "Never send the password as typed: serve the API over HTTPS only and hash or encrypt the \
             password field on the client before it is sent."
        }
        RiskKind::WeakPasswd | RiskKind::InternalWeakPasswd => {
            "Enforce a password rule when accounts are created or changed: at least 8 characters \
             drawn from at least 3 of upper case, lower case, digits and symbols, and not a common \
             password. Ask the owners of existing weak passwords to change them soon."
        }
        RiskKind::DefaultPasswd => {
            "Force a password change at the first login of any account created with a default \
             password, and ask the owners of accounts still using one to change it now."
        }
        RiskKind::PasswdResponse => {
            "Remove password fields from responses; the client never needs the stored password back."
        }
        RiskKind::PasswdCookie => {
            "Keep account names and passwords out of cookies; store only a random session \
             identifier there, flagged HttpOnly and Secure."
        }
        RiskKind::LoginRestrict => {
            "Limit login attempts: ask for a CAPTCHA after a few failures, slow down or lock out \
             a source or account that keeps failing, and answer throttled attempts with 429."
        }
        RiskKind::LoginPrompt => {
            "Answer every failed login with the same message, such as \"Invalid user name or \
             password\", so the response never tells whether the account exists."
        }
        RiskKind::PasswdUrl => "Send passwords in the body of a POST request over HTTPS, never in the URL.",
        _ => return None,
    })
}

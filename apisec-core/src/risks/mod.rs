//! API risks: weaknesses shown by an API's traffic, one per (API, type).
//!
//! Input: one [`RiskInput`] per record — the record, its parameters, which API it hit, and
//! what earlier stages found (purposes, service objects, authentication, sensitive data).
//! Output: [`RiskHit`]s pushed by [`RiskEngine::observe`]; the engine applies the policy
//! ([`admit`]: switches, levels, whitelists) and the [`RiskStore`] keeps one open risk per
//! (api_id, tag): the first hit creates it (and a risk log), later hits refresh its evidence,
//! last-seen time and hit count — a risk is never raised twice.
//!
//! One file per reference category, each rule a small function with its doc comment in
//! fixed sections (what it detects / why it matters / recommendation):
//! [`spec`] (security specification), [`account`] (account security), [`control`] (access
//! control), [`permission`] (permission management), [`data`] (data protection),
//! [`design`] (API design). Rules that need many records (login restriction, sources,
//! clients, rate, parameter traversal) keep bounded serde state in [`RiskEngine`];
//! [`custom`] evaluates the policy's custom risk conditions.

pub mod account;
pub mod control;
pub mod custom;
pub mod data;
pub mod design;
pub mod permission;
pub mod spec;
pub mod store;

use crate::catalog::{ApiType, Level, Location, Purpose, RiskKind, SensitiveLevel};
use crate::facts::leaks::Leaks;
use crate::facts::login::{self, Credentials, LoginOutcome};
use crate::params::Params;
use crate::record::Record;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use store::{RiskHit, RiskState, RiskStore};

/// One sensitive data type found in one place of an exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SensitiveCount {
    /// Sensitive type code (`1004`).
    pub code: u16,
    /// Its level.
    pub level: SensitiveLevel,
    /// Where it was found.
    pub location: Location,
    /// How many values of the type.
    pub count: u32,
    /// The parameter that held the first value, when known.
    pub param: Option<String>,
    /// The first value, already masked when de-identification is on.
    pub sample: Option<String>,
}

/// What the engine knows about one record when the risk rules run.
///
/// Wiring note: the engine fills `req_sensitive` / `resp_sensitive` from the sensitive
/// stage's per-record findings (one [`SensitiveCount`] per code and location, with the
/// first finding's parameter and masked value); until that stage is merged in with the
/// facets they are empty, so `Risk_UnauthSensitive`, `Risk_SensitiveTypeExcessive`,
/// `Risk_SensitiveNumExcessive` and `Risk_SensitiveURL` only fire in tests.
#[derive(Clone, Copy, Debug)]
pub struct RiskInput<'a, 'r> {
    /// The exchange.
    pub record: &'a Record<'r>,
    /// Its parameters.
    pub params: &'a Params<'a>,
    /// The API it hit.
    pub api_id: &'a str,
    /// The API's path template.
    pub template: &'a str,
    /// The API's business purposes (the record's own and the API's voted ones).
    pub purposes: &'a [Purpose],
    /// The API's service objects.
    pub service_objects: &'a [ApiType],
    /// The request carried an authentication credential.
    pub authenticated: bool,
    /// Sensitive data in the request.
    pub req_sensitive: &'a [SensitiveCount],
    /// Sensitive data in the response.
    pub resp_sensitive: &'a [SensitiveCount],
    /// De-identification display is on: evidence values are masked.
    pub desensitize: bool,
    /// What the response body leaks ([`crate::facts::leaks::scan`] of it): scanned once
    /// per record and shared by the risk and event stages.
    pub leaks: crate::facts::leaks::Leaks,
}

impl RiskInput<'_, '_> {
    /// True when the API has purpose `p`.
    pub fn has_purpose(&self, p: Purpose) -> bool {
        self.purposes.contains(&p)
    }
    /// True when the API serves internal applications.
    pub fn is_internal(&self) -> bool {
        self.service_objects.contains(&ApiType::InternalApi)
    }
    /// Response status in 200..=299.
    pub fn ok(&self) -> bool {
        self.record.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Purposes that make an API a login API.
pub const LOGIN_PURPOSES: &[Purpose] = &[
    Purpose::LoginByUserPasswd,
    Purpose::LoginByPhoneCode,
    Purpose::LoginByMailCode,
    Purpose::LoginApi,
    Purpose::SsoLogin,
];

/// Facts derived once per record and shared by the rules.
pub struct Ctx<'a, 'r> {
    /// The input.
    pub i: RiskInput<'a, 'r>,
    /// Credentials the request carries.
    pub creds: Option<Credentials<'a>>,
    /// The request is a login (by its shape, path or purpose).
    pub login: bool,
    /// The request submits a one-time code to a code-checking API (the second step of a
    /// login by SMS / mail code).
    pub code_check: bool,
    /// Its outcome, for a login or a code check.
    pub outcome: LoginOutcome,
    /// What the response body leaks.
    pub leaks: Leaks,
    /// The response shows throttling.
    pub throttled: bool,
}

impl<'a, 'r> Ctx<'a, 'r> {
    /// Derives the shared facts of one record.
    pub fn new(i: RiskInput<'a, 'r>) -> Self {
        let creds = login::credentials(i.params);
        let login = i.purposes.iter().any(|p| LOGIN_PURPOSES.contains(p))
            || login::looks_like_login(i.record, i.params);
        let code_check = !login
            && i.purposes.contains(&Purpose::CheckVerifyCode)
            && login::verification_code(i.params).is_some();
        let outcome = if login || code_check {
            login::login_outcome(i.record, i.params)
        } else {
            LoginOutcome::Unknown
        };
        let leaks = i.leaks;
        let throttled = login::throttled(i.record, i.params);
        Ctx { i, creds, login, code_check, outcome, leaks, throttled }
    }

    /// A request-side value as evidence: secrets are always partly masked; other values are
    /// shortened, and masked when de-identification is on.
    pub fn shown(&self, v: &str) -> String {
        if self.i.desensitize { mask(v) } else { shorten(v, 160) }
    }
}

/// Masks a value: keeps the first and last characters (two each for longer values) and
/// replaces the rest with `*` (at most 8 of them).
pub fn mask(v: &str) -> String {
    let chars: Vec<char> = v.chars().collect();
    let n = chars.len();
    let keep = match n {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    };
    let mut out: String = chars[..keep].iter().collect();
    out.extend(std::iter::repeat_n('*', (n - 2 * keep).clamp(1, 8)));
    out.extend(chars[n - keep..].iter());
    out
}

/// Shortens a value to `max` characters (with `…`).
pub fn shorten(v: &str, max: usize) -> String {
    if v.chars().count() <= max {
        return v.to_owned();
    }
    let mut s: String = v.chars().take(max).collect();
    s.push('…');
    s
}

/// Evidence of one parameter: where, its name and a (masked) value.
pub fn param_info(location: Location, name: &str, value: String) -> Value {
    serde_json::json!({ "location": location.as_str(), "param": name, "value": value })
}

/// A stateless rule: evidence when the record shows the risk.
pub type Rule = fn(&Ctx<'_, '_>) -> Option<Value>;

/// Every stateless rule, in catalogue order.
pub const RULES: &[(RiskKind, Rule)] = &[
    (RiskKind::UnsafeHttpMethod, spec::unsafe_http_method),
    (RiskKind::WeakSignAlgorithm, spec::weak_sign_algorithm),
    (RiskKind::UrlParam, spec::url_param),
    (RiskKind::PasswdUnencrypt, account::passwd_unencrypt),
    (RiskKind::WeakPasswd, account::weak_passwd),
    (RiskKind::InternalWeakPasswd, account::internal_weak_passwd),
    (RiskKind::DefaultPasswd, account::default_passwd),
    (RiskKind::PasswdResponse, account::passwd_response),
    (RiskKind::PasswdCookie, account::passwd_cookie),
    (RiskKind::LoginPrompt, account::login_prompt),
    (RiskKind::PasswdUrl, account::passwd_url),
    (RiskKind::InternalApi, control::internal_api),
    (RiskKind::WeakToken, permission::weak_token),
    (RiskKind::UnauthSensitive, permission::unauth_sensitive),
    (RiskKind::UnauthInternalApi, permission::unauth_internal_api),
    (RiskKind::TokenUrl, permission::token_url),
    (RiskKind::AkLeak, permission::ak_leak),
    (RiskKind::SensitiveTypeExcessive, data::sensitive_type_excessive),
    (RiskKind::SensitiveNumExcessive, data::sensitive_num_excessive),
    (RiskKind::InvalidDesensitize, data::invalid_desensitize),
    (RiskKind::ServerInfoLeak, data::server_info_leak),
    (RiskKind::InternalIpLeak, data::internal_ip_leak),
    (RiskKind::SensitiveUrl, data::sensitive_url),
    (RiskKind::PageSize, design::page_size),
    (RiskKind::SqlApi, design::sql_api),
    (RiskKind::RceApi, design::rce_api),
    (RiskKind::SmsContent, design::sms_content),
    (RiskKind::MailContent, design::mail_content),
    (RiskKind::SmsVerifyCodeLeak, design::sms_verify_code_leak),
    (RiskKind::MailVerifyCodeLeak, design::mail_verify_code_leak),
    (RiskKind::FileDownload, design::file_download),
    (RiskKind::ExceptionLeak, design::exception_leak),
    (RiskKind::ExceptionSql, design::exception_sql),
];

/// Risk types judged over many records by [`RiskEngine`].
pub const STATEFUL: &[RiskKind] = &[
    RiskKind::LoginRestrict,
    RiskKind::SourceRestrict,
    RiskKind::ClientRestrict,
    RiskKind::SpeedRestrict,
    RiskKind::ParamTraverse,
];

/// The recommendation shown with a built-in risk (the rule's "Recommendation" section).
pub fn suggestion(kind: RiskKind) -> &'static str {
    spec::suggestion(kind)
        .or_else(|| account::suggestion(kind))
        .or_else(|| control::suggestion(kind))
        .or_else(|| permission::suggestion(kind))
        .or_else(|| data::suggestion(kind))
        .or_else(|| design::suggestion(kind))
        .unwrap_or("")
}

/// Applies the policy to a built-in hit: `None` when the type is off or whitelisted for
/// this domain and API, otherwise the level to report. The one place policy semantics live.
pub fn admit(policy: &crate::policy::Policy, kind: RiskKind, host: &str, template: &str) -> Option<Level> {
    if !policy.risk_enabled(kind) || policy.risk_whitelisted(host, template, kind.as_str()) {
        return None;
    }
    Some(policy.risk_level(kind))
}

/// Bounded cross-record state of the risk rules, plus the stateless rule table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RiskEngine {
    /// Login failures, CAPTCHA and throttle per login API.
    pub login: account::LoginTracker,
    /// Sources, clients and rates per API.
    pub access: control::AccessTracker,
    /// Integer values per (API shape, parameter).
    pub traverse: design::TraverseTracker,
}

impl RiskEngine {
    /// Runs every built-in rule on one record and pushes what it found. `enabled` tells
    /// which types the policy turned on (a disabled type costs nothing); levels,
    /// whitelists and the store are the caller's.
    pub fn observe(
        &mut self,
        input: &RiskInput<'_, '_>,
        enabled: &dyn Fn(RiskKind) -> bool,
        out: &mut Vec<RiskHit>,
    ) {
        let ctx = Ctx::new(*input);
        for (kind, rule) in RULES {
            if enabled(*kind)
                && let Some(info) = rule(&ctx)
            {
                out.push(hit(*kind, info));
            }
        }
        let ts = input.record.ts;
        if let Some(info) = self.login.observe(&ctx, ts)
            && enabled(RiskKind::LoginRestrict)
        {
            out.push(hit(RiskKind::LoginRestrict, info));
        }
        for (kind, info) in self.access.observe(&ctx, ts) {
            if enabled(kind) {
                out.push(hit(kind, info));
            }
        }
        if let Some(info) = self.traverse.observe(&ctx, ts)
            && enabled(RiskKind::ParamTraverse)
        {
            out.push(hit(RiskKind::ParamTraverse, info));
        }
    }

    /// Folds another shard's state in.
    pub fn merge(&mut self, other: RiskEngine) {
        self.login.merge(other.login);
        self.access.merge(other.access);
        self.traverse.merge(other.traverse);
    }
}

/// A built-in hit at the default level (the engine re-levels it by policy).
pub fn hit(kind: RiskKind, info: Value) -> RiskHit {
    RiskHit {
        kind: Some(kind),
        tag: kind.as_str().to_owned(),
        level: kind.default_level(),
        info,
        suggestion: suggestion(kind).to_owned(),
    }
}

#[cfg(test)]
mod tests;

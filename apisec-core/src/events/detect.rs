//! Built-in event detectors over event-time windows.
//!
//! Input: one [`EventInput`] per record — the facts of the exchange that the engine has
//! already worked out (client, API, status, WAF verdict, login / verification facts,
//! purposes, response leaks and sensitive counts). Output: `(api_id, EventHit)` pairs for
//! the [`super::EventStore`], which turns them into events with the lifecycle of the
//! reference. State is plain serde data: every table is a [`CappedTable`] whose capacity
//! comes from [`EventLimits`] and whose entries expire by event time, keyed by a 64-bit hash
//! of (subject, API) so no key string is stored.
//!
//! A window is anchored at the first qualifying request of a subject and lasts `window`
//! seconds; when its counts cross the threshold the subject turns *hot* and every further
//! qualifying request is a hit (one event, updated) until it has been quiet for a window.
//!
//! | event | subject | window | threshold (defaults in [`EventLimits`]) |
//! |---|---|---|---|
//! | `Event_AbnormalFrequency` | API | 1 min | requests > 3 × the hour's learned per-minute peak (≥ 30), mature baseline |
//! | `Event_ExceptionIPInvoke` | IP | – | internal API, mature baseline, address never seen |
//! | `Event_ExceptionRegionInvoke` | IP | – | internal API, mature baseline, country never seen |
//! | `Event_ExceptionClientInvoke` | IP | – | mature baseline, client family never seen |
//! | `Event_ExceptionTimeInvoke` | IP | – | mature baseline, hour of day never active |
//! | `Event_AbnormalParamValue` | account or IP | 10 min | 2 values whose format the parameter never had |
//! | `Event_InternalLoginWeakPasswd` | IP | – | a not-refused login with a weak password on an internal API |
//! | `Event_LoginAccountBruteForce` | (IP, API) | 10 min | ≥ 10 failed logins, ≥ 50 % failed, ≥ 10 usernames, ≤ 2 passwords |
//! | `Event_LoginPasswdBruteForce` | (IP, API) / (username, API) | 10 min | ≥ 10 failed, ≥ 10 passwords, ≤ 2 usernames; per username ≥ 20 failed from ≥ 3 IPs |
//! | `Event_LoginCollision` | (IP, API) | 10 min | ≥ 10 failed, ≥ 50 % failed, ≥ 10 usernames and > 2 passwords |
//! | `Event_MobileVerifyBruteForce` | (IP, API) | 10 min | ≥ 10 failed code checks, ≥ 50 % failed, ≥ 10 distinct codes |
//! | `Event_MailVerifyBruteForce` | (IP, API) | 10 min | as above, e-mail channel |
//! | `Event_AbnormalRegister` | (IP, API) | 10 min | ≥ 20 registrations |
//! | `Event_SMSInterfaceAbuse` | (IP, API) / (phone, API) | 10 min | ≥ 50 sends per IP, or ≥ 5 to one number |
//! | `Event_EmailInterfaceAbuse` | (IP, API) / (address, API) | 10 min | ≥ 50 sends per IP, or ≥ 5 to one address |
//! | `Event_AbnormalExport` | (account or IP, API) | 10 min | ≥ 30 export / download requests |
//! | `Event_DataTraverse` | (account or IP, API shape, parameter) | 10 min | ≥ 25 distinct integer ids spread over ≤ 4 × their number |
//! | `Event_WebAttackAPI` | (IP, API) | 10 min | ≥ 1 request blocked by the WAF |
//! | `Event_ObtainSensitiveUnauthorized` | (IP, API) | 10 min | ≥ 5 successful unauthenticated responses carrying sensitive data |
//! | `Event_ObtainSensitiveExcessive` | account or IP | 1 h | ≥ 500 distinct sensitive values (entries when values are unknown) |
//! | `Event_CrossborderIPSensitiveExcessive` | IP outside CN | 1 h | ≥ 100 distinct sensitive values |
//! | `Event_ExceptionResponse` | (IP, API) | 10 min | ≥ 3 responses with a stack trace / runtime error |
//! | `Event_ExceptionSql` | (IP, API) | 10 min | ≥ 3 responses with a database error |
//! | `Event_SystemInfoResponse` | (IP, API) | 10 min | 1 response with a key, password file, env dump…; 3 with paths / listings |
//! | `Event_AbnormalStatus` | (IP, API) | 10 min | ≥ 20 requests since the first 5xx, > 80 % of them 5xx |
//!
//! Shared addresses (NAT, proxies) are the main source of false alarms, so login and code
//! detectors need a majority of failures (a NAT of real users mostly succeeds), rate
//! detectors use the account when the gateway knows it, and injection probes in a username
//! are not counted as username guesses.

use super::baseline::{ApiBaseline, Deviation, Maturity, Observation, OddValue, client_family};
use super::store::EventHit;
use crate::catalog::{EventKind, Level, Purpose, SensitiveLevel};
use crate::facts::leaks::{Leaks, ServerInfo};
use crate::facts::login::LoginOutcome;
use crate::params::Params;
use crate::window::{CappedTable, Distinct, Sketch64, hash64, secs};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::net::IpAddr;

/// Which channel a one-time code travels by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// Text message.
    Sms,
    /// E-mail.
    Mail,
}

/// A login attempt seen in one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginAttempt<'a> {
    /// The account tried, when the request names one.
    pub username: Option<&'a str>,
    /// The password (or PIN) tried.
    pub password: Option<&'a str>,
    /// What the response said.
    pub outcome: LoginOutcome,
}

/// A one-time code submitted for checking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeAttempt<'a> {
    /// The code.
    pub code: &'a str,
    /// What the response said.
    pub outcome: LoginOutcome,
    /// SMS or e-mail.
    pub channel: Channel,
}

/// The facts of one record that the event detectors read. The engine fills it; every
/// field has a neutral default so partial knowledge is fine.
#[derive(Clone, Debug)]
pub struct EventInput<'a, 'r> {
    /// Event time (unix seconds).
    pub ts: f64,
    /// Client address.
    pub ip: IpAddr,
    /// Client country (ISO alpha-2), if known.
    pub country: Option<&'a str>,
    /// Authenticated account, if the gateway knows it.
    pub account: Option<&'a str>,
    /// The API.
    pub api_id: &'a str,
    /// Host name.
    pub host: &'a str,
    /// Path template of the API.
    pub template: &'a str,
    /// Raw request path (integer ids for traversal are read from it).
    pub path: &'a str,
    /// Method.
    pub method: &'a str,
    /// Response status.
    pub status: Option<u16>,
    /// The WAF blocked this request.
    pub waf_blocked: bool,
    /// The WAF rule family, if any.
    pub waf_rule_type: Option<&'a str>,
    /// User-Agent header.
    pub user_agent: Option<&'a str>,
    /// Business purposes of the API (or of this record).
    pub purposes: &'a [Purpose],
    /// The API serves internal users.
    pub internal: bool,
    /// The request carried an authentication credential.
    pub authenticated: bool,
    /// A login attempt, when the request is one.
    pub login: Option<LoginAttempt<'a>>,
    /// A one-time code check, when the request is one.
    pub code: Option<CodeAttempt<'a>>,
    /// The request registers an account.
    pub registration: bool,
    /// The request asks to send a text message; the value is the target number (`""` if unknown).
    pub send_sms: Option<&'a str>,
    /// The request asks to send an e-mail; the value is the target address (`""` if unknown).
    pub send_mail: Option<&'a str>,
    /// The request exports or downloads data (file download, export purpose, attachment).
    pub export: bool,
    /// Sensitive types in the response: (code, entries).
    pub resp_sensitive: &'a [(u16, u32)],
    /// Hashes of the sensitive values in the response (may be empty when unknown).
    pub resp_sensitive_values: &'a [u32],
    /// What the response leaks.
    pub leaks: Leaks,
    /// Request parameters (for value formats and traversal), if extracted.
    pub params: Option<&'a Params<'r>>,
}

impl<'a, 'r> EventInput<'a, 'r> {
    /// An input with only the identity fields set.
    pub fn new(
        ts: f64,
        ip: IpAddr,
        api_id: &'a str,
        host: &'a str,
        template: &'a str,
        method: &'a str,
    ) -> Self {
        EventInput {
            ts,
            ip,
            country: None,
            account: None,
            api_id,
            host,
            template,
            path: template,
            method,
            status: None,
            waf_blocked: false,
            waf_rule_type: None,
            user_agent: None,
            purposes: &[],
            internal: false,
            authenticated: false,
            login: None,
            code: None,
            registration: false,
            send_sms: None,
            send_mail: None,
            export: false,
            resp_sensitive: &[],
            resp_sensitive_values: &[],
            leaks: Leaks::default(),
            params: None,
        }
    }
}

/// Capacities and thresholds of the event detectors. Defaults are documented in the
/// module table; every table keyed by IP, account, (IP, API) or value has a capacity here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventLimits {
    /// Window of the rate detectors (seconds).
    pub window: f64,
    /// Window of the sensitive-volume detectors (seconds).
    pub sensitive_window: f64,
    /// Most (IP, API) login windows.
    pub max_login_keys: usize,
    /// Most (username, API) login windows.
    pub max_account_keys: usize,
    /// Most (IP, API) code-check windows.
    pub max_code_keys: usize,
    /// Most rate windows (registration, SMS, mail, export, WAF, responses, status).
    pub max_rate_keys: usize,
    /// Most traversal windows.
    pub max_traverse_keys: usize,
    /// Most sensitive-volume windows.
    pub max_sensitive_keys: usize,
    /// Most per-API baselines.
    pub max_baselines: usize,
    /// Baseline maturity.
    pub maturity: Maturity,
    /// Failed logins before a login window is judged.
    pub login_min_failures: u32,
    /// Share of failed logins needed (a NAT of real users mostly succeeds).
    pub login_min_fail_ratio: f64,
    /// Distinct usernames / passwords that make a guessing run.
    pub login_distinct: u32,
    /// Most distinct values of the side that stays the same.
    pub login_constant: u32,
    /// Failed logins on one username (any IP) for a password brute force.
    pub account_min_failures: u32,
    /// Distinct source addresses for the per-account view (one address is the IP view's).
    pub account_min_ips: u32,
    /// Failed code checks before judging.
    pub code_min_failures: u32,
    /// Distinct codes tried.
    pub code_distinct: u32,
    /// Registrations per (IP, API) per window.
    pub register_min: u32,
    /// Messages sent per (IP, API) per window.
    pub send_min_per_ip: u32,
    /// Messages sent to one target per window.
    pub send_min_per_target: u32,
    /// Exports per subject per window.
    pub export_min: u32,
    /// Distinct integer ids for a traversal.
    pub traverse_distinct: u32,
    /// Largest id span per distinct id for a traversal.
    pub traverse_max_spread: u32,
    /// WAF blocks before an attack event.
    pub waf_min_blocks: u32,
    /// Unauthenticated sensitive responses per (IP, API) per window.
    pub unauth_min_responses: u32,
    /// Distinct sensitive values per subject per sensitive window.
    pub excessive_min_values: u32,
    /// The same, from outside CN.
    pub crossborder_min_values: u32,
    /// Error / SQL-error responses per (IP, API) per window.
    pub error_min_responses: u32,
    /// Weak system-information responses (paths, listings) per window.
    pub sysinfo_min_responses: u32,
    /// Requests since the first 5xx before the status share is judged.
    pub status_min_requests: u32,
    /// Share of 5xx responses that is abnormal.
    pub status_min_ratio: f64,
    /// Odd parameter values per subject per window.
    pub param_min_values: u32,
}

impl Default for EventLimits {
    fn default() -> Self {
        EventLimits {
            window: 600.0,
            sensitive_window: 3600.0,
            max_login_keys: 100_000,
            max_account_keys: 50_000,
            max_code_keys: 50_000,
            max_rate_keys: 200_000,
            max_traverse_keys: 100_000,
            max_sensitive_keys: 50_000,
            max_baselines: 2_000,
            maturity: Maturity::default(),
            login_min_failures: 10,
            login_min_fail_ratio: 0.5,
            login_distinct: 10,
            login_constant: 2,
            account_min_failures: 20,
            account_min_ips: 3,
            code_min_failures: 10,
            code_distinct: 10,
            register_min: 20,
            send_min_per_ip: 50,
            send_min_per_target: 5,
            export_min: 30,
            traverse_distinct: 25,
            traverse_max_spread: 4,
            waf_min_blocks: 1,
            unauth_min_responses: 5,
            excessive_min_values: 500,
            crossborder_min_values: 100,
            error_min_responses: 3,
            sysinfo_min_responses: 3,
            status_min_requests: 20,
            status_min_ratio: 0.8,
            param_min_values: 2,
        }
    }
}

/// A compact window: anchored start, hot-until, two counters and two 64-bit
/// linear-counting sketches of distinct values (exact enough below ~200). 36 bytes, 4-byte
/// aligned, so with its key and last-seen time a table bucket is 48 bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Win {
    start: u32,
    hot: u32,
    n: u32,
    bad: u32,
    a: Sketch64,
    b: Sketch64,
    /// What the window was judged to be when it turned hot (detector-specific).
    kind: u8,
}

/// Estimated distinct values in a 64-bit linear-counting sketch.
fn distinct(bits: Sketch64) -> u32 {
    let zeros = bits.get().count_zeros();
    if zeros == 0 {
        return 256;
    }
    (-64.0 * (zeros as f64 / 64.0).ln()).round() as u32
}

fn bit(v: &[u8]) -> u64 {
    1u64 << (hash64(&[v]) % 64)
}

impl Win {
    /// Starts a new window if the current one is over. Returns true while hot.
    fn roll(&mut self, now: u32, span: u32) -> bool {
        if self.n == 0 && self.bad == 0 || now > self.start.saturating_add(span) {
            let (hot, kind) = (self.hot, self.kind);
            *self = Win { start: now, hot, kind, ..Win::default() };
        }
        now <= self.hot
    }

    fn heat(&mut self, now: u32, span: u32) {
        self.hot = now.saturating_add(span);
    }

    fn merge(&mut self, o: Win) {
        self.start = self.start.min(o.start);
        self.hot = self.hot.max(o.hot);
        self.n = self.n.saturating_add(o.n);
        self.bad = self.bad.saturating_add(o.bad);
        self.a |= o.a;
        self.b |= o.b;
    }
}

/// Per-subject window of the sensitive-volume detectors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SensWin {
    start: u32,
    hot: u32,
    entries: u32,
    values: Distinct,
}

/// Per-key window of the traversal detector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravWin {
    start: u32,
    hot: u32,
    n: u32,
    lo: u32,
    hi: u32,
    ids: Sketch64,
}

/// Kinds of rate window sharing one table (part of the key).
#[derive(Clone, Copy)]
#[repr(u8)]
enum Rate {
    Register = 1,
    SmsIp,
    SmsTarget,
    MailIp,
    MailTarget,
    Export,
    Waf,
    ErrorResp,
    SqlResp,
    SysInfo,
    Status,
    Unauth,
    OddParam,
}

/// The event detectors' state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventEngine {
    /// Thresholds and capacities.
    pub limits: EventLimits,
    login_ip: CappedTable<u64, Win>,
    login_acct: CappedTable<u64, Win>,
    codes: CappedTable<u64, Win>,
    rates: CappedTable<u64, Win>,
    traverse: CappedTable<u64, TravWin>,
    /// The API a hot traversal is reported on (raw paths may differ per id).
    anchors: CappedTable<u64, String>,
    sensitive: CappedTable<u64, SensWin>,
    baselines: CappedTable<u64, ApiBaseline>,
    /// Windows of the custom event policies.
    #[serde(default)]
    pub custom: super::custom::CustomEvents,
}

impl Default for EventEngine {
    fn default() -> Self {
        EventEngine::new(EventLimits::default())
    }
}

const LOGIN_ACCOUNT: u8 = 1;
const LOGIN_PASSWD: u8 = 2;
const LOGIN_COLLISION: u8 = 3;

fn subject_of(inp: &EventInput<'_, '_>) -> String {
    match inp.account {
        Some(a) => format!("acct:{a}"),
        None => inp.ip.to_string(),
    }
}

impl EventEngine {
    /// An engine with these limits.
    pub fn new(limits: EventLimits) -> Self {
        let idle = limits.window * 2.0;
        let sidle = limits.sensitive_window * 2.0;
        EventEngine {
            login_ip: CappedTable::new(limits.max_login_keys, idle),
            login_acct: CappedTable::new(limits.max_account_keys, idle),
            codes: CappedTable::new(limits.max_code_keys, idle),
            rates: CappedTable::new(limits.max_rate_keys, idle),
            traverse: CappedTable::new(limits.max_traverse_keys, idle),
            anchors: CappedTable::new(limits.max_traverse_keys / 16 + 1, idle),
            sensitive: CappedTable::new(limits.max_sensitive_keys, sidle),
            baselines: CappedTable::new(limits.max_baselines, 35.0 * 86400.0),
            custom: Default::default(),
            limits,
        }
    }

    /// Keys tracked now over every table (for memory accounting).
    pub fn tracked_keys(&self) -> usize {
        self.login_ip.len()
            + self.login_acct.len()
            + self.codes.len()
            + self.rates.len()
            + self.traverse.len()
            + self.anchors.len()
            + self.sensitive.len()
            + self.baselines.len()
            + self.custom.tracked_keys()
    }

    /// Runs every built-in detector on one record and appends the hits.
    pub fn observe(&mut self, inp: &EventInput<'_, '_>, out: &mut Vec<(String, EventHit)>) {
        let now = secs(inp.ts);
        self.baseline(inp, out);
        self.account(inp, now, out);
        self.abuse(inp, now, out);
        self.traversal(inp, now, out);
        self.leaks(inp, now, out);
        self.sensitive(inp, now, out);
    }

    /// Folds another engine's state in (shards that saw disjoint records).
    pub fn merge(&mut self, other: EventEngine) {
        self.login_ip.merge_with(other.login_ip, |a, b| a.merge(b));
        self.login_acct.merge_with(other.login_acct, |a, b| a.merge(b));
        self.codes.merge_with(other.codes, |a, b| a.merge(b));
        self.rates.merge_with(other.rates, |a, b| a.merge(b));
        self.traverse.merge_with(other.traverse, |a, b| {
            a.start = a.start.min(b.start);
            a.hot = a.hot.max(b.hot);
            a.n = a.n.saturating_add(b.n);
            a.lo = a.lo.min(b.lo);
            a.hi = a.hi.max(b.hi);
            a.ids |= b.ids;
        });
        self.anchors.merge_with(other.anchors, |a, b| {
            if b < *a {
                *a = b
            }
        });
        self.sensitive.merge_with(other.sensitive, |a, b| {
            a.start = a.start.min(b.start);
            a.hot = a.hot.max(b.hot);
            a.entries = a.entries.saturating_add(b.entries);
            a.values.merge(&b.values);
        });
        self.baselines.merge_with(other.baselines, |a, b| a.absorb(b));
        self.custom.merge(other.custom);
    }

    fn baseline(&mut self, inp: &EventInput<'_, '_>, out: &mut Vec<(String, EventHit)>) {
        let key = hash64(&[inp.api_id.as_bytes()]);
        let m = self.limits.maturity.clone();
        let b = self.baselines.entry(&key, inp.ts, ApiBaseline::default);
        let mature = b.is_mature(&m);
        let mut devs = Vec::new();
        let client = client_family(inp.user_agent);
        let o = Observation { ts: inp.ts, ip: inp.ip, country: inp.country, client, internal: inp.internal };
        b.observe(&o, &m, &mut devs);
        let mut odd: Vec<OddValue> = Vec::new();
        if let Some(p) = inp.params {
            b.params.observe(p, mature, &mut odd);
        }
        let ip = inp.ip.to_string();
        for d in devs {
            let (kind, subject, info) = match d {
                Deviation::Frequency { observed, baseline } => (
                    EventKind::AbnormalFrequency,
                    "api".to_string(),
                    json!({"per_minute": observed, "baseline_peak_per_minute": baseline}),
                ),
                Deviation::NewIp => (EventKind::ExceptionIpInvoke, ip.clone(), json!({"ip": ip})),
                Deviation::NewRegion(c) => {
                    (EventKind::ExceptionRegionInvoke, ip.clone(), json!({"country": c}))
                }
                Deviation::NewClient(c) => (
                    EventKind::ExceptionClientInvoke,
                    ip.clone(),
                    json!({"client": c, "user_agent": inp.user_agent.unwrap_or("")}),
                ),
                Deviation::QuietHour(h) => {
                    (EventKind::ExceptionTimeInvoke, ip.clone(), json!({"hour_utc": h}))
                }
            };
            let count = match &info["per_minute"] {
                serde_json::Value::Number(n) => n.as_u64().unwrap_or(1),
                _ => 1,
            };
            out.push(hit(inp, kind, subject, count, info, json!({}), json!({})));
        }
        if !odd.is_empty() {
            let subject = subject_of(inp);
            let key = rate_key(Rate::OddParam, &subject, inp.api_id);
            let (span, min) = (self.limits.window as u32, self.limits.param_min_values);
            let now = secs(inp.ts);
            let w = self.rates.entry(&key, inp.ts, Win::default);
            let hot = w.roll(now, span);
            w.bad += odd.len() as u32;
            let count = if hot {
                odd.len() as u32
            } else if w.bad >= min {
                w.bad
            } else {
                0
            };
            if count > 0 {
                w.heat(now, span);
                let req: serde_json::Map<String, serde_json::Value> =
                    odd.iter().map(|o| (o.name.clone(), json!([o.value]))).collect();
                let info = json!({"values": odd.iter().map(|o| json!({"param": o.name, "format": o.format, "usual": o.usual})).collect::<Vec<_>>()});
                out.push(hit(
                    inp,
                    EventKind::AbnormalParamValue,
                    subject,
                    count as u64,
                    info,
                    serde_json::Value::Object(req),
                    json!({}),
                ));
            }
        }
    }

    fn account(&mut self, inp: &EventInput<'_, '_>, now: u32, out: &mut Vec<(String, EventHit)>) {
        let l = &self.limits;
        let span = l.window as u32;
        if let Some(a) = inp.login {
            // Weak password on an internal application: one is enough.
            if inp.internal
                && a.outcome != LoginOutcome::Failure
                && let Some(pw) = a.password
                && !pw.is_empty()
                && crate::facts::password::is_weak(pw)
            {
                let req = json!({"username": [a.username.unwrap_or("")]});
                out.push(hit(
                    inp,
                    EventKind::InternalLoginWeakPasswd,
                    inp.ip.to_string(),
                    1,
                    json!({"outcome": format!("{:?}", a.outcome)}),
                    req,
                    json!({}),
                ));
            }
            // An injection probe in a login field is an attack on the code, not a guess.
            let probe = |v: Option<&str>| v.is_some_and(|s| crate::facts::payload::attack(s).is_some());
            if !probe(a.username) && !probe(a.password) {
                self.login_window(inp, a, now, out);
            }
        }
        if let Some(c) = inp.code {
            let l = &self.limits;
            let key = hash64(&[&ip_bytes(inp.ip), inp.api_id.as_bytes()]);
            let w = self.codes.entry(&key, inp.ts, Win::default);
            let hot = w.roll(now, span);
            w.n += 1;
            if c.outcome != LoginOutcome::Success {
                w.bad += 1;
                w.a |= bit(c.code.as_bytes());
            }
            let kind = match c.channel {
                Channel::Sms => EventKind::MobileVerifyBruteForce,
                Channel::Mail => EventKind::MailVerifyBruteForce,
            };
            let crossed = w.bad >= l.code_min_failures
                && distinct(w.a) >= l.code_distinct
                && w.bad as f64 >= l.login_min_fail_ratio * w.n as f64;
            let count = if hot {
                1
            } else if crossed {
                w.n
            } else {
                0
            };
            if count > 0 {
                let (bad, codes, n) = (w.bad, distinct(w.a), w.n);
                let start = (!hot).then_some(w.start);
                w.heat(now, span);
                out.push(since(
                    start,
                    hit(
                        inp,
                        kind,
                        inp.ip.to_string(),
                        count as u64,
                        json!({"attempts": n, "failed": bad, "distinct_codes": codes, "window_s": span}),
                        json!({"code": [c.code]}),
                        json!({"status": inp.status}),
                    ),
                ));
            }
        }
        if inp.registration {
            let key = rate_key(Rate::Register, &inp.ip.to_string(), inp.api_id);
            let min = self.limits.register_min;
            self.rate(key, inp, now, min, EventKind::AbnormalRegister, inp.ip.to_string(), json!({}), out);
        }
    }

    fn login_window(
        &mut self,
        inp: &EventInput<'_, '_>,
        a: LoginAttempt<'_>,
        now: u32,
        out: &mut Vec<(String, EventHit)>,
    ) {
        let l = self.limits.clone();
        let span = l.window as u32;
        let failed = a.outcome != LoginOutcome::Success;
        let key = hash64(&[&ip_bytes(inp.ip), inp.api_id.as_bytes()]);
        let w = self.login_ip.entry(&key, inp.ts, Win::default);
        let hot = w.roll(now, span);
        w.n += 1;
        if failed {
            w.bad += 1;
            if let Some(u) = a.username {
                w.a |= bit(u.as_bytes());
            }
            if let Some(p) = a.password {
                w.b |= bit(p.as_bytes());
            }
        }
        let (users, pws) = (distinct(w.a), distinct(w.b));
        let mut kind = None;
        if hot {
            kind = Some(w.kind);
        } else if w.bad >= l.login_min_failures && w.bad as f64 >= l.login_min_fail_ratio * w.n as f64 {
            kind = login_kind(users, pws, &l);
        }
        if let Some(k) = kind {
            let count = if hot { 1 } else { w.n };
            w.heat(now, span);
            w.kind = k;
            let (n, bad) = (w.n, w.bad);
            let start = (!hot).then_some(w.start);
            let ek = match k {
                LOGIN_ACCOUNT => EventKind::LoginAccountBruteForce,
                LOGIN_PASSWD => EventKind::LoginPasswdBruteForce,
                _ => EventKind::LoginCollision,
            };
            out.push(since(start, hit(
                inp,
                ek,
                inp.ip.to_string(),
                count as u64,
                json!({"attempts": n, "failed": bad, "distinct_usernames": users, "distinct_passwords": pws, "window_s": span}),
                json!({"username": [a.username.unwrap_or("")]}),
                json!({"status": inp.status}),
            )));
        }
        // The same account guessed from anywhere (a distributed password brute force).
        if let Some(u) = a.username.filter(|u| !u.is_empty())
            && failed
        {
            let key = hash64(&[u.as_bytes(), inp.api_id.as_bytes()]);
            let w = self.login_acct.entry(&key, inp.ts, Win::default);
            let hot = w.roll(now, span);
            w.n += 1;
            w.bad += 1;
            if let Some(p) = a.password {
                w.b |= bit(p.as_bytes());
            }
            w.a |= bit(&ip_bytes(inp.ip));
            let crossed = w.bad >= l.account_min_failures && distinct(w.b) >= l.login_distinct;
            // A single address is already covered by the (IP, API) view.
            if hot || crossed && distinct(w.a) >= l.account_min_ips {
                let count = if hot { 1 } else { w.n };
                let start = (!hot).then_some(w.start);
                w.heat(now, span);
                let info = json!({"failed": w.bad, "distinct_passwords": distinct(w.b), "distinct_ips": distinct(w.a)});
                let mut h = hit(
                    inp,
                    EventKind::LoginPasswdBruteForce,
                    format!("acct:{u}"),
                    count as u64,
                    info,
                    json!({"username": [u]}),
                    json!({}),
                );
                h.1.account = Some(u.to_owned());
                out.push(since(start, h));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn rate(
        &mut self,
        key: u64,
        inp: &EventInput<'_, '_>,
        now: u32,
        min: u32,
        kind: EventKind,
        subject: String,
        req: serde_json::Value,
        out: &mut Vec<(String, EventHit)>,
    ) -> bool {
        let span = self.limits.window as u32;
        let w = self.rates.entry(&key, inp.ts, Win::default);
        let hot = w.roll(now, span);
        w.n += 1;
        let count = if hot {
            1
        } else if w.n >= min {
            w.n
        } else {
            0
        };
        if count == 0 {
            return false;
        }
        let start = (!hot).then_some(w.start);
        w.heat(now, span);
        let n = w.n;
        out.push(since(
            start,
            hit(
                inp,
                kind,
                subject,
                count as u64,
                json!({"requests": n, "threshold": min, "window_s": span}),
                req,
                json!({"status": inp.status}),
            ),
        ));
        true
    }

    fn abuse(&mut self, inp: &EventInput<'_, '_>, now: u32, out: &mut Vec<(String, EventHit)>) {
        let l = self.limits.clone();
        let ip = inp.ip.to_string();
        for (target, ip_kind, t_kind, kind) in [
            (inp.send_sms, Rate::SmsIp, Rate::SmsTarget, EventKind::SmsInterfaceAbuse),
            (inp.send_mail, Rate::MailIp, Rate::MailTarget, EventKind::EmailInterfaceAbuse),
        ] {
            let Some(target) = target else { continue };
            let key = rate_key(ip_kind, &ip, inp.api_id);
            let by_ip = self.rate(key, inp, now, l.send_min_per_ip, kind, ip.clone(), json!({}), out);
            if !by_ip && !target.is_empty() {
                let key = rate_key(t_kind, target, inp.api_id);
                let req = json!({"target": [target]});
                self.rate(key, inp, now, l.send_min_per_target, kind, ip.clone(), req, out);
            }
        }
        if inp.export {
            let s = subject_of(inp);
            let key = rate_key(Rate::Export, &s, inp.api_id);
            self.rate(key, inp, now, l.export_min, EventKind::AbnormalExport, s, json!({}), out);
        }
        if inp.waf_blocked {
            let key = rate_key(Rate::Waf, &ip, inp.api_id);
            let req = json!({"waf_rule_type": [inp.waf_rule_type.unwrap_or("-")]});
            self.rate(key, inp, now, l.waf_min_blocks, EventKind::WebAttackApi, ip.clone(), req, out);
        }
        // Status: a window opens at the first 5xx of an (IP, API) and counts every request after.
        let key = rate_key(Rate::Status, &ip, inp.api_id);
        let bad = inp.status.is_some_and(|s| s >= 500);
        if bad || self.rates.get(&key).is_some() {
            let span = l.window as u32;
            let w = self.rates.entry(&key, inp.ts, Win::default);
            let hot = w.roll(now, span);
            w.n += 1;
            w.bad += bad as u32;
            let ratio = w.bad as f64 / w.n as f64;
            let crossed = w.n >= l.status_min_requests && ratio > l.status_min_ratio;
            if hot && bad || !hot && crossed {
                let count = if hot { 1 } else { w.bad };
                let start = (!hot).then_some(w.start);
                w.heat(now, span);
                let (n, b) = (w.n, w.bad);
                out.push(since(
                    start,
                    hit(
                        inp,
                        EventKind::AbnormalStatus,
                        ip,
                        count as u64,
                        json!({"requests": n, "abnormal": b, "ratio": (ratio * 1000.0).round() / 1000.0}),
                        json!({}),
                        json!({"status": inp.status}),
                    ),
                ));
            }
        }
    }

    fn traversal(&mut self, inp: &EventInput<'_, '_>, now: u32, out: &mut Vec<(String, EventHit)>) {
        let l = &self.limits;
        let span = l.window as u32;
        let subject = subject_of(inp);
        // Integer ids: in the path (keyed by the path's shape) and in query / body arguments.
        let mut ids: Vec<(u64, u64, String)> = Vec::new();
        let shape = path_shape(inp.path);
        for (i, v) in crate::facts::shape::path_ids(inp.path) {
            let k = hash64(&[
                subject.as_bytes(),
                inp.host.as_bytes(),
                inp.method.as_bytes(),
                shape.as_bytes(),
                &[i as u8],
            ]);
            ids.push((k, v, format!("path[{i}]")));
        }
        // Login and code checks guess secrets, not records: their numbers are not ids.
        if let Some(p) = inp.params.filter(|_| inp.login.is_none() && inp.code.is_none()) {
            for (param, v) in crate::facts::shape::integer_params(p).take(4) {
                let k = hash64(&[subject.as_bytes(), inp.api_id.as_bytes(), param.name.as_bytes()]);
                ids.push((k, v, param.name.to_string()));
            }
        }
        for (key, v, name) in ids.into_iter().take(6) {
            let Ok(v32) = u32::try_from(v) else { continue };
            let w = self.traverse.entry(&key, inp.ts, TravWin::default);
            if w.n == 0 || now > w.start.saturating_add(span) {
                let hot = w.hot;
                *w = TravWin { start: now, hot, n: 0, lo: v32, hi: v32, ids: Sketch64::default() };
            }
            let hot = now <= w.hot;
            w.n += 1;
            w.lo = w.lo.min(v32);
            w.hi = w.hi.max(v32);
            w.ids |= bit(&v.to_le_bytes());
            let d = distinct(w.ids);
            let spread = (w.hi - w.lo) as u64 + 1;
            let crossed = d >= l.traverse_distinct && spread <= l.traverse_max_spread as u64 * d as u64;
            if !(hot || crossed) {
                continue;
            }
            let count = if hot { 1 } else { w.n };
            let start = (!hot).then_some(w.start);
            w.heat_trav(now, span);
            let (lo, hi) = (w.lo, w.hi);
            let api = self.anchors.entry(&key, inp.ts, || inp.api_id.to_owned()).clone();
            let h = hit(
                inp,
                EventKind::DataTraverse,
                subject.clone(),
                count as u64,
                json!({"param": name, "distinct_ids": d, "min": lo, "max": hi, "window_s": span}),
                json!({name: [v.to_string()]}),
                json!({"status": inp.status}),
            );
            out.push(since(start, (api, h.1)));
        }
    }

    fn leaks(&mut self, inp: &EventInput<'_, '_>, now: u32, out: &mut Vec<(String, EventHit)>) {
        let lk = inp.leaks;
        if lk.is_empty() {
            return;
        }
        let ip = inp.ip.to_string();
        let l = self.limits.clone();
        if let Some(db) = lk.db_error {
            let key = rate_key(Rate::SqlResp, &ip, inp.api_id);
            let info = json!({"database": format!("{db:?}")});
            self.rate(key, inp, now, l.error_min_responses, EventKind::ExceptionSql, ip.clone(), info, out);
        } else if let Some(lang) = lk.stack_trace {
            let key = rate_key(Rate::ErrorResp, &ip, inp.api_id);
            let info = json!({"runtime": format!("{lang:?}")});
            self.rate(
                key,
                inp,
                now,
                l.error_min_responses,
                EventKind::ExceptionResponse,
                ip.clone(),
                info,
                out,
            );
        }
        if let Some(si) = lk.server_info {
            let strong =
                !matches!(si, ServerInfo::ServerPath | ServerInfo::DirectoryListing | ServerInfo::SourceCode);
            let min = if strong { 1 } else { l.sysinfo_min_responses };
            let key = rate_key(Rate::SysInfo, &ip, inp.api_id);
            let info = json!({"kind": format!("{si:?}")});
            self.rate(key, inp, now, min, EventKind::SystemInfoResponse, ip, info, out);
        }
    }

    fn sensitive(&mut self, inp: &EventInput<'_, '_>, now: u32, out: &mut Vec<(String, EventHit)>) {
        let entries: u32 = inp.resp_sensitive.iter().map(|&(_, n)| n).sum();
        if entries == 0 || inp.status.is_some_and(|s| s >= 400) {
            return;
        }
        let l = self.limits.clone();
        let codes: Vec<String> = inp.resp_sensitive.iter().map(|(c, _)| c.to_string()).collect();
        let high = inp
            .resp_sensitive
            .iter()
            .any(|&(c, _)| crate::catalog::sensitive_type(c).is_some_and(|t| t.level >= SensitiveLevel::S3));
        let ip = inp.ip.to_string();
        if !inp.authenticated && inp.account.is_none() {
            let key = rate_key(Rate::Unauth, &ip, inp.api_id);
            let before = out.len();
            let req = json!({"codes": codes});
            self.rate(
                key,
                inp,
                now,
                l.unauth_min_responses,
                EventKind::ObtainSensitiveUnauthorized,
                ip.clone(),
                req,
                out,
            );
            for (_, h) in &mut out[before..] {
                h.response_data = json!({"codes": codes, "entries": entries});
            }
        }
        let span = l.sensitive_window as u32;
        let foreign = inp.country.is_some_and(|c| !c.eq_ignore_ascii_case("CN"));
        let subject = subject_of(inp);
        let key = hash64(&[subject.as_bytes()]);
        let w = self.sensitive.entry(&key, inp.ts, SensWin::default);
        if w.entries == 0 || now > w.start.saturating_add(span) {
            let hot = w.hot;
            *w = SensWin { start: now, hot, ..SensWin::default() };
        }
        let hot = now <= w.hot;
        w.entries = w.entries.saturating_add(entries);
        for &h in inp.resp_sensitive_values.iter().take(4096) {
            w.values.add_hash(h);
        }
        let volume = if inp.resp_sensitive_values.is_empty() && w.values.count() == 0 {
            w.entries as u64
        } else {
            w.values.count()
        };
        let mut kinds = Vec::new();
        if hot || volume >= l.excessive_min_values as u64 {
            kinds.push(EventKind::ObtainSensitiveExcessive);
        }
        if foreign && (hot || volume >= l.crossborder_min_values as u64) {
            kinds.push(EventKind::CrossborderIpSensitiveExcessive);
        }
        if kinds.is_empty() {
            return;
        }
        w.hot = now.saturating_add(span);
        for kind in kinds {
            let mut h = hit(
                inp,
                kind,
                if kind == EventKind::CrossborderIpSensitiveExcessive { ip.clone() } else { subject.clone() },
                if hot { entries as u64 } else { volume },
                json!({"sensitive_values": volume, "codes": codes, "window_s": span}),
                json!({}),
                json!({"codes": codes, "entries": entries}),
            );
            if high {
                h.1.level = Level::High;
            }
            out.push(h);
        }
    }
}

impl TravWin {
    fn heat_trav(&mut self, now: u32, span: u32) {
        self.hot = now.saturating_add(span);
    }
}

fn login_kind(users: u32, pws: u32, l: &EventLimits) -> Option<u8> {
    if users >= l.login_distinct && pws <= l.login_constant {
        Some(LOGIN_ACCOUNT)
    } else if pws >= l.login_distinct && users <= l.login_constant {
        Some(LOGIN_PASSWD)
    } else if users >= l.login_distinct && pws > l.login_constant {
        Some(LOGIN_COLLISION)
    } else {
        None
    }
}

fn ip_bytes(ip: IpAddr) -> [u8; 16] {
    match ip {
        IpAddr::V4(v) => v.to_ipv6_mapped().octets(),
        IpAddr::V6(v) => v.octets(),
    }
}

fn rate_key(kind: Rate, subject: &str, api: &str) -> u64 {
    hash64(&[&[kind as u8], subject.as_bytes(), api.as_bytes()])
}

/// The path with each integer segment replaced by `{n}` (`/users/42` → `/users/{n}`).
pub fn path_shape(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            s.push('/');
        }
        if !seg.is_empty() && seg.len() <= 9 && seg.bytes().all(|b| b.is_ascii_digit()) {
            s.push_str("{n}");
        } else {
            s.push_str(seg);
        }
    }
    s
}

/// Starts the event at the window's first request when the hit is a threshold crossing.
fn since(start: Option<u32>, mut h: (String, EventHit)) -> (String, EventHit) {
    h.1.first_ts = start.map(f64::from);
    h
}

fn hit(
    inp: &EventInput<'_, '_>,
    kind: EventKind,
    subject: String,
    count: u64,
    info: serde_json::Value,
    request_data: serde_json::Value,
    response_data: serde_json::Value,
) -> (String, EventHit) {
    (
        inp.api_id.to_owned(),
        EventHit {
            kind: Some(kind),
            tag: kind.as_str().to_owned(),
            level: kind.default_level(),
            subject,
            ts: inp.ts,
            first_ts: None,
            count: count.max(1),
            ip: inp.ip.to_string(),
            country: inp.country.unwrap_or("-").to_owned(),
            account: inp.account.map(str::to_owned),
            info,
            request_data,
            response_data,
            suggestion: super::suggestion(kind).to_owned(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_pack_into_small_buckets() {
        // With its u64 key and u32 last-seen time a window fills a 48-byte bucket.
        assert_eq!(std::mem::size_of::<Win>(), 36);
        assert_eq!(std::mem::size_of::<TravWin>(), 28);
    }
}

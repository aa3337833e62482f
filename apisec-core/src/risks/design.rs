//! API-design risks (`RiskType_Design`): enumerable parameters, caller-chosen page sizes,
//! SQL or commands as parameters, free SMS / mail content, verification codes in
//! responses, file paths on download APIs, exception details in responses.
//!
//! Input: a record's [`Ctx`]. Output: evidence. [`TraverseTracker`] keeps the integer
//! values seen per (API shape, parameter) for `Risk_ParamTraverse`, bounded by
//! [`MAX_TRAVERSE_KEYS`] × [`MAX_VALUES`].

use super::{Ctx, param_info};
use crate::catalog::{Purpose, RiskKind};
use crate::facts::leaks::{self, DbEngine, Lang, leaf_name};
use crate::facts::{login, shape};
use crate::window::CappedTable;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn path_has(c: &Ctx<'_, '_>, words: &[&str]) -> bool {
    let p = c.i.template.to_ascii_lowercase();
    words.iter().any(|w| p.contains(w))
}

fn any_purpose(c: &Ctx<'_, '_>, ps: &[Purpose]) -> bool {
    ps.iter().any(|p| c.i.has_purpose(*p))
}

/// Largest JSON array in the response (top level or one level down).
fn largest_array(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.len(),
        Value::Object(o) => o
            .values()
            .map(|x| match x {
                Value::Array(a) => a.len(),
                Value::Object(o2) => o2.values().filter_map(Value::as_array).map(Vec::len).max().unwrap_or(0),
                _ => 0,
            })
            .max()
            .unwrap_or(0),
        _ => 0,
    }
}

/// A page size nobody needs unless the API takes any value.
pub const HUGE_PAGE: u64 = 1000;
/// A page size that is large when the response really holds that many items.
pub const LARGE_PAGE: u64 = 100;

/// **What it detects** — a successful request whose page-size parameter (`pageSize`,
/// `limit`, `per_page`…) asks for at least [`HUGE_PAGE`] items, or for at least
/// [`LARGE_PAGE`] items with a response that really holds that many.
///
/// **Why it matters** — a caller-chosen size lets one request pull the whole table.
///
/// **Recommendation** — see [`suggestion`].
pub fn page_size(c: &Ctx<'_, '_>) -> Option<Value> {
    if !c.i.ok() {
        return None;
    }
    let (p, n) = shape::page_size_param(c.i.params)?;
    let returned = c.i.params.resp_json.as_ref().map(largest_array).unwrap_or(0);
    (n >= HUGE_PAGE || n >= LARGE_PAGE && returned as u64 >= LARGE_PAGE).then(|| {
        let mut v = param_info(p.location, &p.name, n.to_string());
        v["items_returned"] = json!(returned);
        v
    })
}

fn not_refused(c: &Ctx<'_, '_>) -> bool {
    !matches!(c.i.record.status, Some(400..=499))
}

/// **What it detects** — a request argument carrying a whole SQL statement
/// (`select … from …`, `update … set …`) as ordinary input, not an injection probe, that
/// the server did not refuse.
///
/// **Why it matters** — an API that runs the statements it is sent lets any caller read or
/// change the whole database.
///
/// **Recommendation** — see [`suggestion`].
pub fn sql_api(c: &Ctx<'_, '_>) -> Option<Value> {
    if !not_refused(c) {
        return None;
    }
    let p = shape::sql_param(c.i.params)?;
    Some(param_info(p.location, &p.name, c.shown(&p.value)))
}

/// **What it detects** — a request argument carrying an operating-system command line
/// (`ping -c 4 …`, `ls -la /tmp`) as ordinary input, that the server did not refuse.
///
/// **Why it matters** — an API that runs commands it is sent gives the caller the server.
///
/// **Recommendation** — see [`suggestion`].
pub fn rce_api(c: &Ctx<'_, '_>) -> Option<Value> {
    if !not_refused(c) {
        return None;
    }
    let p = shape::command_param(c.i.params)?;
    Some(param_info(p.location, &p.name, c.shown(&p.value)))
}

fn sms_api(c: &Ctx<'_, '_>) -> bool {
    any_purpose(c, &[Purpose::SendSms, Purpose::LoginByPhoneCode, Purpose::RegisterByPhoneCode])
        || path_has(c, &["sms", "otp", "verifycode", "verify-code", "verify_code", "短信"])
}

fn mail_api(c: &Ctx<'_, '_>) -> bool {
    any_purpose(c, &[Purpose::SendMail, Purpose::LoginByMailCode, Purpose::RegisterByMailCode])
        || path_has(c, &["mail", "邮件", "邮箱"])
}

/// **What it detects** — an SMS-sending API whose request holds both a phone number and
/// free message text (sentences, not a template id or a code).
///
/// **Why it matters** — anyone can send any text to any number in the company's name:
/// phishing, spam and SMS cost.
///
/// **Recommendation** — see [`suggestion`].
pub fn sms_content(c: &Ctx<'_, '_>) -> Option<Value> {
    if !sms_api(c) {
        return None;
    }
    let (phone, text) = shape::sms_content(c.i.params)?;
    Some(json!({ "phone_param": phone.name, "phone": super::mask(&phone.value),
        "content_param": text.name, "content": c.shown(&text.value) }))
}

/// **What it detects** — a mail-sending API whose request holds both an e-mail address
/// and free message text or subject.
///
/// **Why it matters** — anyone can send any mail to any address from the company's
/// servers: phishing and spam under a trusted sender.
///
/// **Recommendation** — see [`suggestion`].
pub fn mail_content(c: &Ctx<'_, '_>) -> Option<Value> {
    if !mail_api(c) {
        return None;
    }
    let (to, text) = shape::mail_content(c.i.params)?;
    Some(json!({ "mail_param": to.name, "mail": super::mask(&to.value),
        "content_param": text.name, "content": c.shown(&text.value) }))
}

/// A verification code in the response that the request did not send itself.
fn echoed_code(c: &Ctx<'_, '_>) -> Option<Value> {
    let p = leaks::verification_code_echo(c.i.params)?;
    let v = p.value.trim();
    if c.i.params.request_args().any(|q| q.value.trim() == v || q.value.contains(v) && v.len() >= 6) {
        return None;
    }
    Some(param_info(p.location, &p.name, super::mask(v)))
}

/// **What it detects** — an SMS-sending API (by purpose, or an SMS / OTP path with a
/// phone number in the request) whose response holds a verification code: a code-named
/// field with a code-shaped value, or a message such as "your code is 482913".
///
/// **Why it matters** — the code proves possession of the phone only if it reaches the
/// phone alone; returned to the caller, it lets anyone pass the check.
///
/// **Recommendation** — see [`suggestion`].
pub fn sms_verify_code_leak(c: &Ctx<'_, '_>) -> Option<Value> {
    if !sms_api(c) || mail_only(c) {
        return None;
    }
    echoed_code(c)
}

/// True when the request names an e-mail address and no phone number.
fn mail_only(c: &Ctx<'_, '_>) -> bool {
    let names: Vec<String> = c.i.params.request_args().map(|p| leaf_name(&p.name).into_owned()).collect();
    let mail = names.iter().any(|n| n.contains("mail"));
    let phone = names.iter().any(|n| n.contains("phone") || n.contains("mobile") || n == "tel");
    mail && !phone
}

/// **What it detects** — a mail-sending API whose response holds a verification code.
///
/// **Why it matters** — as for SMS: the code stops proving that the caller owns the
/// mailbox.
///
/// **Recommendation** — see [`suggestion`].
pub fn mail_verify_code_leak(c: &Ctx<'_, '_>) -> Option<Value> {
    if !mail_api(c) || sms_api(c) && !mail_only(c) {
        return None;
    }
    echoed_code(c)
}

/// **What it detects** — a download API (by purpose or a `download` / `file` path) whose
/// request holds a file-system path (`/var/data/a.pdf`, `..\\..\\boot.ini`).
///
/// **Why it matters** — change the path and the API hands over any file the server can
/// read: configuration, keys, other users' files.
///
/// **Recommendation** — see [`suggestion`].
pub fn file_download(c: &Ctx<'_, '_>) -> Option<Value> {
    let download = any_purpose(c, &[Purpose::FileDownload, Purpose::DownloadLog, Purpose::DownloadInfo])
        || path_has(c, &["download", "file", "attachment", "export"]);
    if !download {
        return None;
    }
    let p = shape::file_path_param(c.i.params)?;
    Some(param_info(p.location, &p.name, c.shown(&p.value)))
}

/// **What it detects** — a response carrying an application stack trace or runtime error
/// page (Java, Python, PHP, .NET, Ruby, Node, Go).
///
/// **Why it matters** — traces reveal frameworks, versions, file paths and code structure.
///
/// **Recommendation** — see [`suggestion`].
pub fn exception_leak(c: &Ctx<'_, '_>) -> Option<Value> {
    let lang = c.leaks.stack_trace?;
    let l = match lang {
        Lang::Java => "java",
        Lang::Python => "python",
        Lang::Php => "php",
        Lang::DotNet => ".net",
        Lang::Ruby => "ruby",
        Lang::Node => "node",
        Lang::Go => "go",
    };
    Some(json!({ "language": l, "status": c.i.record.status }))
}

/// **What it detects** — a response carrying a database error message (MySQL / MariaDB,
/// PostgreSQL, SQL Server, Oracle, SQLite, Access, MongoDB…).
///
/// **Why it matters** — database errors reveal statements, table and column names and
/// make SQL injection far easier.
///
/// **Recommendation** — see [`suggestion`].
pub fn exception_sql(c: &Ctx<'_, '_>) -> Option<Value> {
    let db = c.leaks.db_error?;
    let d = match db {
        DbEngine::MySql => "mysql",
        DbEngine::PostgreSql => "postgresql",
        DbEngine::MsSql => "mssql",
        DbEngine::Oracle => "oracle",
        DbEngine::Sqlite => "sqlite",
        DbEngine::Access => "access",
        DbEngine::OtherSql => "sql",
        DbEngine::MongoDb => "mongodb",
        DbEngine::Db2 => "db2",
        DbEngine::Generic => "generic",
    };
    Some(json!({ "database": d, "status": c.i.record.status }))
}

/// Distinct values a parameter needs before it is judged traversable.
pub const TRAVERSE_MIN_VALUES: usize = 10;
/// The values must be dense: their range at most this many times their number.
pub const TRAVERSE_DENSITY: u64 = 4;
/// (API shape, parameter) pairs tracked at once.
pub const MAX_TRAVERSE_KEYS: usize = 16384;
/// Values kept per pair.
pub const MAX_VALUES: usize = 64;

/// Names whose small integers are not object identifiers.
const NOT_IDS: &[&str] = &[
    "page",
    "pageno",
    "pagenum",
    "pagenumber",
    "pageindex",
    "current",
    "offset",
    "start",
    "skip",
    "from",
    "timestamp",
    "ts",
    "t",
    "time",
    "v",
    "version",
    "ver",
    "lang",
    "year",
    "month",
    "day",
    "hour",
    "type",
    "status",
    "sort",
    "order",
    "level",
    "step",
    "retry",
    "_",
    "rnd",
    "random",
    "nonce",
    "pin",
    "pincode",
];

/// Integer values one parameter took.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Traversal {
    /// Values seen on successful answers (first [`MAX_VALUES`]).
    pub values: BTreeSet<u64>,
}

/// `Risk_ParamTraverse` state, keyed by (host, method, path with numeric segments as
/// `{n}`, parameter) so that `/users/1` … `/users/40` meet even before templates exist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraverseTracker {
    keys: CappedTable<(String, String), Traversal>,
}

impl Default for TraverseTracker {
    fn default() -> Self {
        Self::new()
    }
}

fn shape_of(c: &Ctx<'_, '_>) -> String {
    let r = c.i.record;
    let path: Vec<&str> =
        r.path
            .split('/')
            .map(|s| {
                if !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()) { "{n}" } else { s }
            })
            .collect();
    format!("{} {} {}", r.host_name(), r.method, path.join("/"))
}

impl TraverseTracker {
    /// Empty state.
    pub fn new() -> Self {
        TraverseTracker { keys: CappedTable::new(MAX_TRAVERSE_KEYS, 7.0 * 86400.0) }
    }

    /// **What it detects** (`Risk_ParamTraverse`) — a parameter (path segment, query or
    /// body argument) identifying objects by small integers: at least
    /// [`TRAVERSE_MIN_VALUES`] distinct values answered with success, dense (their range
    /// at most [`TRAVERSE_DENSITY`] times their number). Paging, time, version, PIN and
    /// verification-code parameters are not identifiers and are skipped.
    ///
    /// **Why it matters** — ids that can be counted through let anyone walk the whole
    /// collection, and every missing ownership check becomes a bulk leak.
    ///
    /// **Recommendation** — see [`suggestion`].
    pub fn observe(&mut self, c: &Ctx<'_, '_>, ts: f64) -> Option<Value> {
        if !c.i.ok() || c.login {
            return None;
        }
        let mut cands: Vec<(String, String, u64)> = Vec::new();
        let segs: Vec<&str> = c.i.record.path.split('/').filter(|s| !s.is_empty()).collect();
        for (i, v) in shape::path_ids(&c.i.record.path) {
            let prev = if i > 0 { segs.get(i - 1).copied().unwrap_or("") } else { "" };
            cands.push((format!("path[{i}]"), format!("{prev}/{{n}}"), v));
        }
        for (p, v) in shape::integer_params(c.i.params) {
            let n = leaf_name(&p.name);
            if NOT_IDS.contains(&&*n)
                || login::is_password_name(&p.name)
                || leaks::CODE_NAMES.contains(&&*n)
                || shape::page_size_param(c.i.params).is_some_and(|(q, _)| std::ptr::eq(q, p))
            {
                continue;
            }
            cands.push((format!("{}:{}", p.location.as_str(), p.name), p.name.to_string(), v));
        }
        let shape = shape_of(c);
        let mut found = None;
        for (key, name, v) in cands.into_iter().take(8) {
            let t = self.keys.entry(&(shape.clone(), key.clone()), ts, Traversal::default);
            if t.values.len() < MAX_VALUES {
                t.values.insert(v);
            }
            let n = t.values.len();
            if found.is_none() && n >= TRAVERSE_MIN_VALUES {
                let (lo, hi) = (*t.values.first()?, *t.values.last()?);
                if hi - lo < TRAVERSE_DENSITY * n as u64 {
                    let loc = if key.starts_with("path[") {
                        "request_path"
                    } else {
                        key.split(':').next().unwrap_or("")
                    };
                    found = Some(json!({ "location": loc, "param": name, "distinct_values": n,
                        "min": lo, "max": hi }));
                }
            }
        }
        found
    }

    /// Folds another shard in: value sets unite (up to the cap).
    pub fn merge(&mut self, other: TraverseTracker) {
        self.keys.merge_with(other.keys, |t, v| {
            for x in v.values {
                if t.values.len() >= MAX_VALUES {
                    break;
                }
                t.values.insert(x);
            }
        });
    }
}

/// The recommendations of this category.
pub fn suggestion(kind: RiskKind) -> Option<&'static str> {
    Some(match kind {
        RiskKind::ParamTraverse => {
            "Identify objects by long random ids (UUIDs) rather than counters, and check on every \
             call that the caller owns the object asked for."
        }
        RiskKind::PageSize => {
            "Bound the page size on the server (for example at most 100) or offer a few fixed \
             sizes, and ignore larger values."
        }
        RiskKind::SqlApi => {
            "Do not accept SQL from callers: expose fixed operations with typed parameters, and \
             validate and bind every value."
        }
        RiskKind::RceApi => {
            "Do not accept command lines from callers: expose fixed operations, validate every \
             argument against an allow-list and never pass input to a shell."
        }
        RiskKind::SmsContent | RiskKind::MailContent => {
            "Send messages from fixed server-side templates; let callers choose only the \
             template and its variables, and rate-limit sending per recipient and per caller."
        }
        RiskKind::SmsVerifyCodeLeak | RiskKind::MailVerifyCodeLeak => {
            "Never return the verification code to the client; keep it on the server and compare \
             it there when the user submits it."
        }
        RiskKind::FileDownload => {
            "Refer to downloadable files by an id mapped on the server, not a path; if a path is \
             unavoidable, resolve it inside one directory and refuse `..`, absolute paths and \
             odd characters."
        }
        RiskKind::ExceptionLeak => {
            "Catch exceptions on the server, log the details there and return a fixed error \
             message or page."
        }
        RiskKind::ExceptionSql => {
            "Catch database errors on the server, log them there and return a fixed error \
             message; never send SQL errors to the client."
        }
        _ => return None,
    })
}

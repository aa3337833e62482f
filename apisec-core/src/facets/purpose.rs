//! Business purpose (`api_tag`): the 61 built-in purposes of the catalogue.
//!
//! Input: one exchange's method, path (raw or template), request parameters, response
//! headers and the request/response sensitive type codes. Output: a [`PurposeSet`]
//! (multi-label). The path is cut into words (separators, camelCase, letter/digit
//! boundaries, glued words such as `getuserbyid` split against a lexicon, a few Chinese
//! keywords), each word maps to a *concept* (`signin` and `logon` are both `Login`), and
//! one table row per purpose ([`RULES`]) tests concepts, method and parameter facts.
//!
//! Precision comes first: a purpose drives event detection (a login brute force needs a
//! login API), so rules ask for corroboration — `LoginByUserPasswd` needs a login word in
//! the path *and* user + password parameters, `SendSMS` needs an SMS word or a phone
//! parameter on a send/code path with no code submitted, and so on. Per API the labels of
//! many requests are voted by [`PurposeAcc`].

use crate::catalog::{Location, Purpose};
use crate::params::{BodyFormat, Params};
use crate::record::Headers;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// A set of built-in purposes (one bit per [`Purpose::ALL`] index).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PurposeSet(pub u64);

impl PurposeSet {
    /// Adds a purpose.
    pub fn insert(&mut self, p: Purpose) {
        self.0 |= 1 << index(p);
    }
    /// Removes a purpose.
    pub fn remove(&mut self, p: Purpose) {
        self.0 &= !(1 << index(p));
    }
    /// True when the purpose is in the set.
    pub fn contains(self, p: Purpose) -> bool {
        self.0 & (1 << index(p)) != 0
    }
    /// True when no purpose is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The purposes, in catalogue order.
    pub fn iter(self) -> impl Iterator<Item = Purpose> {
        Purpose::ALL.iter().copied().filter(move |p| self.contains(*p))
    }
}

/// Position of a purpose in [`Purpose::ALL`].
pub fn index(p: Purpose) -> usize {
    Purpose::ALL.iter().position(|q| *q == p).unwrap_or(0)
}

/// Built-in purpose switches (every built-in purpose is on by default).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PurposeSettings {
    /// Built-in purposes switched off.
    pub disabled: BTreeSet<Purpose>,
}

/// What the classifier looks at for one exchange.
#[derive(Clone, Copy, Debug)]
pub struct PurposeInput<'a, 'r> {
    /// HTTP method (any case).
    pub method: &'a str,
    /// Raw path or template (`${param}` segments are skipped).
    pub path: &'a str,
    /// The exchange's parameters.
    pub params: &'a Params<'r>,
    /// Response headers (for `Content-Disposition` and `Content-Type`).
    pub resp_headers: Option<&'a Headers<'a>>,
    /// Sensitive type codes found in the request.
    pub req_sensitive: &'a [u16],
    /// Sensitive type codes found in the response.
    pub resp_sensitive: &'a [u16],
}

// ---------------------------------------------------------------------------------------
// Concepts and the lexicon.

/// A meaning several path words share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum C {
    Login,
    Logout,
    Register,
    Password,
    Reset,
    Sms,
    Mail,
    Phone,
    Send,
    Code,
    Check,
    Status,
    Order,
    Export,
    Download,
    Upload,
    Import,
    Pay,
    Log,
    Query,
    Graphql,
    Sql,
    File,
    Admin,
    Dashboard,
    Monitor,
    Notify,
    Add,
    Edit,
    Update,
    Share,
    Delete,
    Sync,
    Submit,
    Copy,
    Audit,
    Save,
    Cancel,
    Start,
    Batch,
    Pause,
    Bind,
    Debug,
    Set,
    Shutdown,
    Wechat,
    Alipay,
    Oauth,
    Authorize,
    Token,
    Oidc,
    Saml,
    Sso,
    Callback,
    History,
    Report,
    /// A known word with no purpose meaning (stops glued-word splitting).
    Neutral,
}

/// A set of concepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Cs(u64);

impl Cs {
    fn add(&mut self, c: C) {
        self.0 |= 1 << c as u8;
    }
    fn has(self, c: C) -> bool {
        self.0 & (1 << c as u8) != 0
    }
    fn any(self, cs: &[C]) -> bool {
        cs.iter().any(|c| self.has(*c))
    }
}

/// Word → concept. Words are lower case; plurals are listed where they occur in paths.
const LEXICON: &[(&str, C)] = &[
    ("login", C::Login),
    ("signin", C::Login),
    ("logon", C::Login),
    ("signon", C::Login),
    ("authenticate", C::Login),
    ("logout", C::Logout),
    ("signout", C::Logout),
    ("logoff", C::Logout),
    ("register", C::Register),
    ("registration", C::Register),
    ("signup", C::Register),
    ("reg", C::Register),
    ("enroll", C::Register),
    ("password", C::Password),
    ("passwd", C::Password),
    ("pwd", C::Password),
    ("psw", C::Password),
    ("reset", C::Reset),
    ("forget", C::Reset),
    ("forgot", C::Reset),
    ("recover", C::Reset),
    ("retrieve", C::Reset),
    ("sms", C::Sms),
    ("mail", C::Mail),
    ("email", C::Mail),
    ("mails", C::Mail),
    ("emails", C::Mail),
    ("phone", C::Phone),
    ("mobile", C::Phone),
    ("tel", C::Phone),
    ("cellphone", C::Phone),
    ("send", C::Send),
    ("code", C::Code),
    ("captcha", C::Code),
    ("otp", C::Code),
    ("vcode", C::Code),
    ("check", C::Check),
    ("verify", C::Check),
    ("validate", C::Check),
    ("verification", C::Check),
    ("valid", C::Check),
    ("status", C::Status),
    ("state", C::Status),
    ("order", C::Order),
    ("orders", C::Order),
    ("trade", C::Order),
    ("trades", C::Order),
    ("export", C::Export),
    ("download", C::Download),
    ("upload", C::Upload),
    ("import", C::Import),
    ("pay", C::Pay),
    ("payment", C::Pay),
    ("payments", C::Pay),
    ("checkout", C::Pay),
    ("log", C::Log),
    ("logs", C::Log),
    ("logging", C::Log),
    ("query", C::Query),
    ("search", C::Query),
    ("get", C::Query),
    ("list", C::Query),
    ("find", C::Query),
    ("fetch", C::Query),
    ("select", C::Query),
    ("detail", C::Query),
    ("details", C::Query),
    ("view", C::Query),
    ("show", C::Query),
    ("lookup", C::Query),
    ("read", C::Query),
    ("graphql", C::Graphql),
    ("gql", C::Graphql),
    ("sql", C::Sql),
    ("file", C::File),
    ("files", C::File),
    ("attachment", C::File),
    ("attachments", C::File),
    ("image", C::File),
    ("images", C::File),
    ("img", C::File),
    ("avatar", C::File),
    ("photo", C::File),
    ("picture", C::File),
    ("pic", C::File),
    ("document", C::File),
    ("documents", C::File),
    ("media", C::File),
    ("oss", C::File),
    ("storage", C::File),
    ("blob", C::File),
    ("video", C::File),
    ("admin", C::Admin),
    ("administrator", C::Admin),
    ("manage", C::Admin),
    ("manager", C::Admin),
    ("management", C::Admin),
    ("backend", C::Admin),
    ("backstage", C::Admin),
    ("mgmt", C::Admin),
    ("dashboard", C::Dashboard),
    ("dashboards", C::Dashboard),
    ("overview", C::Dashboard),
    ("kanban", C::Dashboard),
    ("monitor", C::Monitor),
    ("monitoring", C::Monitor),
    ("metrics", C::Monitor),
    ("metric", C::Monitor),
    ("health", C::Monitor),
    ("healthz", C::Monitor),
    ("healthcheck", C::Monitor),
    ("actuator", C::Monitor),
    ("prometheus", C::Monitor),
    ("heartbeat", C::Monitor),
    ("readiness", C::Monitor),
    ("liveness", C::Monitor),
    ("ping", C::Monitor),
    ("push", C::Notify),
    ("notify", C::Notify),
    ("notification", C::Notify),
    ("notifications", C::Notify),
    ("notice", C::Notify),
    ("message", C::Notify),
    ("messages", C::Notify),
    ("msg", C::Notify),
    ("broadcast", C::Notify),
    ("publish", C::Notify),
    ("add", C::Add),
    ("create", C::Add),
    ("insert", C::Add),
    ("append", C::Add),
    ("new", C::Add),
    ("edit", C::Edit),
    ("modify", C::Edit),
    ("change", C::Edit),
    ("alter", C::Edit),
    ("update", C::Update),
    ("upd", C::Update),
    ("share", C::Share),
    ("sharing", C::Share),
    ("delete", C::Delete),
    ("del", C::Delete),
    ("remove", C::Delete),
    ("destroy", C::Delete),
    ("erase", C::Delete),
    ("purge", C::Delete),
    ("sync", C::Sync),
    ("synchronize", C::Sync),
    ("synchronise", C::Sync),
    ("synchronization", C::Sync),
    ("submit", C::Submit),
    ("commit", C::Submit),
    ("copy", C::Copy),
    ("clone", C::Copy),
    ("duplicate", C::Copy),
    ("audit", C::Audit),
    ("approve", C::Audit),
    ("approval", C::Audit),
    ("review", C::Audit),
    ("save", C::Save),
    ("cancel", C::Cancel),
    ("revoke", C::Cancel),
    ("withdraw", C::Cancel),
    ("undo", C::Cancel),
    ("abort", C::Cancel),
    ("start", C::Start),
    ("launch", C::Start),
    ("begin", C::Start),
    ("activate", C::Start),
    ("enable", C::Start),
    ("resume", C::Start),
    ("batch", C::Batch),
    ("bulk", C::Batch),
    ("pause", C::Pause),
    ("suspend", C::Pause),
    ("freeze", C::Pause),
    ("bind", C::Bind),
    ("unbind", C::Bind),
    ("binding", C::Bind),
    ("debug", C::Debug),
    ("debugging", C::Debug),
    ("debugger", C::Debug),
    ("set", C::Set),
    ("setting", C::Set),
    ("settings", C::Set),
    ("config", C::Set),
    ("configs", C::Set),
    ("configure", C::Set),
    ("configuration", C::Set),
    ("setup", C::Set),
    ("preference", C::Set),
    ("preferences", C::Set),
    ("shutdown", C::Shutdown),
    ("halt", C::Shutdown),
    ("poweroff", C::Shutdown),
    ("reboot", C::Shutdown),
    ("restart", C::Shutdown),
    ("stop", C::Shutdown),
    ("terminate", C::Shutdown),
    ("close", C::Shutdown),
    ("wechat", C::Wechat),
    ("weixin", C::Wechat),
    ("wx", C::Wechat),
    ("alipay", C::Alipay),
    ("zhifubao", C::Alipay),
    ("oauth", C::Oauth),
    ("oauth2", C::Oauth),
    ("authorize", C::Authorize),
    ("token", C::Token),
    ("oidc", C::Oidc),
    ("openid", C::Oidc),
    ("saml", C::Saml),
    ("saml2", C::Saml),
    ("sso", C::Sso),
    ("cas", C::Sso),
    ("callback", C::Callback),
    ("history", C::History),
    ("record", C::History),
    ("records", C::History),
    ("stat", C::History),
    ("stats", C::History),
    ("statistics", C::History),
    ("count", C::History),
    ("report", C::Report),
    ("collect", C::Report),
    ("track", C::Report),
    // Known words without a purpose: they stop wrong splits (`dataset` is not data+set).
    ("asset", C::Neutral),
    ("assets", C::Neutral),
    ("dataset", C::Neutral),
    ("datasets", C::Neutral),
    ("subset", C::Neutral),
    ("preset", C::Neutral),
    ("offset", C::Neutral),
    ("charset", C::Neutral),
    ("address", C::Neutral),
    ("catalog", C::Neutral),
    ("blog", C::Neutral),
    ("dialog", C::Neutral),
    ("news", C::Neutral),
    ("delivery", C::Neutral),
    ("settle", C::Neutral),
    ("settlement", C::Neutral),
    ("passport", C::Neutral),
    ("category", C::Neutral),
    ("statement", C::Neutral),
    ("logistics", C::Neutral),
    ("codec", C::Neutral),
    ("encode", C::Neutral),
    ("decode", C::Neutral),
    ("barcode", C::Neutral),
    ("qrcode", C::Neutral),
    ("zipcode", C::Neutral),
    ("postcode", C::Neutral),
    ("ordinal", C::Neutral),
    ("reorder", C::Neutral),
    ("border", C::Neutral),
    ("shop", C::Neutral),
    ("stopwatch", C::Neutral),
    ("closet", C::Neutral),
];

/// Filler words allowed as pieces when splitting a glued word (`getuserbyid`).
const FILLERS: &[&str] = &[
    "user", "users", "by", "id", "ids", "info", "data", "all", "my", "to", "of", "for", "api", "name",
    "item", "items", "account", "accounts", "member", "card", "bank", "customer", "product", "goods", "cart",
    "page", "sys", "system", "access", "auth", "pre", "app", "web", "h5", "mini", "big", "screen", "by",
    "one", "batch", "key", "role", "roles", "dept", "menu", "org", "group", "job", "task", "tasks", "type",
    "address", "profile", "detail", "list", "base", "open", "verify", "num", "number", "msg", "sms", "image",
    "old",
];

/// The lexicon and fillers as one hash table, built once (lookups only: iteration order
/// never matters).
fn table() -> &'static HashMap<&'static str, Option<C>> {
    static TABLE: OnceLock<HashMap<&'static str, Option<C>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: HashMap<&'static str, Option<C>> = FILLERS.iter().map(|f| (*f, None)).collect();
        m.extend(LEXICON.iter().map(|(k, c)| (*k, Some(*c))));
        m
    })
}

fn lookup(w: &str) -> Option<C> {
    table().get(w).copied().flatten()
}

fn is_piece(w: &str) -> bool {
    table().contains_key(w)
}

/// Splits a glued lower-case word into lexicon/filler pieces covering it completely
/// (fewest pieces wins); `None` when no full cover exists.
fn segment(w: &str) -> Option<Vec<&str>> {
    let n = w.len();
    if !(5..=40).contains(&n) || !w.is_ascii() {
        return None;
    }
    // best[i] = (pieces, previous cut) for the prefix w[..i].
    let mut best: Vec<Option<(u8, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for i in 1..=n {
        for j in 0..i {
            let Some((k, _)) = best[j] else { continue };
            let piece = &w[j..i];
            if piece.len() >= 2 && is_piece(piece) && best[i].is_none_or(|(b, _)| k + 1 < b) {
                best[i] = Some((k + 1, j));
            }
        }
    }
    let (k, _) = best[n]?;
    if k < 2 {
        return None;
    }
    let mut out = Vec::with_capacity(k as usize);
    let mut i = n;
    while i > 0 {
        let (_, j) = best[i]?;
        out.push(&w[j..i]);
        i = j;
    }
    out.reverse();
    Some(out)
}

/// Chinese keywords found anywhere in the decoded path.
const CJK_WORDS: &[(&str, C)] = &[
    ("登录", C::Login),
    ("登陆", C::Login),
    ("注销", C::Logout),
    ("退出", C::Logout),
    ("注册", C::Register),
    ("短信", C::Sms),
    ("邮件", C::Mail),
    ("邮箱", C::Mail),
    ("验证码", C::Code),
    ("密码", C::Password),
    ("订单", C::Order),
    ("日志", C::Log),
    ("上传", C::Upload),
    ("下载", C::Download),
    ("导出", C::Export),
    ("删除", C::Delete),
    ("支付", C::Pay),
    ("查询", C::Query),
];

/// Cuts a path into lower-case words: on non-alphanumerics, camelCase humps and
/// letter/digit boundaries; template placeholders and pure numbers are skipped.
fn path_words(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for seg in path.split('/') {
        if seg.is_empty() || seg.contains("${") {
            continue;
        }
        // A file name: keep only the stem.
        let seg = match seg.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() && (1..=5).contains(&ext.len()) => stem,
            _ => seg,
        };
        let chars: Vec<char> = seg.chars().collect();
        let mut cur = String::new();
        for (i, &ch) in chars.iter().enumerate() {
            if !ch.is_ascii_alphanumeric() {
                flush(&mut cur, &mut out);
                continue;
            }
            if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
                let next_lower = chars.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
                let hump = ch.is_ascii_uppercase()
                    && (prev.is_ascii_lowercase() || (prev.is_ascii_uppercase() && next_lower));
                let digit_edge = ch.is_ascii_digit() != prev.is_ascii_digit() && prev.is_ascii_alphanumeric();
                // `oauth2`, `saml2`, `h5` keep their digit.
                let keep_digit = ch.is_ascii_digit() && matches!(cur.as_str(), "oauth" | "saml" | "h");
                if (hump || digit_edge) && !keep_digit {
                    flush(&mut cur, &mut out);
                }
            }
            cur.push(ch.to_ascii_lowercase());
        }
        flush(&mut cur, &mut out);
    }
    out
}

fn flush(cur: &mut String, out: &mut Vec<String>) {
    if !cur.is_empty() && !cur.bytes().all(|b| b.is_ascii_digit()) && out.len() < 64 {
        out.push(std::mem::take(cur));
    }
    cur.clear();
}

/// Concepts of a path, with two-word phrases (`sign in`, `log out`) joined first.
fn path_concepts(path: &str, words: &[String]) -> (Cs, usize) {
    let mut cs = Cs::default();
    let mut n = 0;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        if let Some(next) = words.get(i + 1) {
            let joined = match (w, next.as_str()) {
                ("sign" | "log", "in" | "on") => Some(C::Login),
                ("sign" | "log", "out" | "off") => Some(C::Logout),
                ("sign", "up") => Some(C::Register),
                ("set", "up") => Some(C::Set),
                _ => None,
            };
            if let Some(c) = joined {
                cs.add(c);
                n += 1;
                i += 2;
                continue;
            }
        }
        n += 1;
        match lookup(w) {
            Some(c) => cs.add(c),
            None => {
                if let Some(pieces) = segment(w) {
                    for p in pieces {
                        if let Some(c) = lookup(p) {
                            cs.add(c);
                        }
                    }
                }
            }
        }
        i += 1;
    }
    if !path.is_ascii() {
        let decoded = crate::params::percent_decode(path, false);
        for (k, c) in CJK_WORDS {
            if decoded.contains(k) {
                cs.add(*c);
                n += 1;
            }
        }
    } else if path.contains('%') {
        let decoded = crate::params::percent_decode(path, false);
        if !decoded.is_ascii() {
            for (k, c) in CJK_WORDS {
                if decoded.contains(k) {
                    cs.add(*c);
                    n += 1;
                }
            }
        }
    }
    (cs, n)
}

// ---------------------------------------------------------------------------------------
// Parameter facts.

/// Facts from the request's parameter names and values.
#[derive(Clone, Copy, Debug, Default)]
struct Args {
    user: bool,
    password: bool,
    phone: bool,
    email: bool,
    /// A short verification code is being submitted.
    code: bool,
    oauth: bool,
    saml: bool,
    ticket: bool,
    sql: bool,
    graphql: bool,
    multipart: bool,
    attachment: bool,
    html: bool,
}

/// The comparable form of a parameter name: last path piece, lower case, alphanumerics.
fn norm_name(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name);
    last.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

const CODE_NAME_EXCLUDE: &[&str] = &[
    "countrycode",
    "areacode",
    "zipcode",
    "postcode",
    "postalcode",
    "currencycode",
    "langcode",
    "languagecode",
    "productcode",
    "statuscode",
    "errorcode",
    "errcode",
    "codetype",
    "qrcode",
    "barcode",
    "citycode",
    "regioncode",
    "provincecode",
    "bankcode",
    "orgcode",
    "deptcode",
    "itemcode",
    "goodscode",
    "skucode",
    "invitecode",
    "invitationcode",
    "promocode",
    "couponcode",
    "sourcecode",
    "shopcode",
    "storecode",
    "companycode",
    "appcode",
    "tenantcode",
];

fn is_code_name(n: &str) -> bool {
    (n.contains("code") || n.contains("captcha") || n == "otp" || n == "vcode")
        && !CODE_NAME_EXCLUDE.contains(&n)
        && (!n.starts_with("code") || matches!(n, "code" | "codevalue"))
}

fn looks_like_code_value(v: &str) -> bool {
    (4..=8).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn is_sql_text(v: &str) -> bool {
    let t = v.trim_start();
    let head: String = t.chars().take(12).flat_map(char::to_lowercase).collect();
    (head.starts_with("select ") && t.to_ascii_lowercase().contains(" from "))
        || head.starts_with("insert into")
        || head.starts_with("delete from")
        || (head.starts_with("update ") && t.to_ascii_lowercase().contains(" set "))
        || head.starts_with("show tables")
        || head.starts_with("create table")
        || head.starts_with("drop table")
}

fn is_graphql_text(v: &str) -> bool {
    let t = v.trim_start();
    (t.starts_with("query")
        || t.starts_with("mutation")
        || t.starts_with("subscription")
        || t.starts_with('{'))
        && t.contains('{')
        && t.contains('}')
}

fn args_of(input: &PurposeInput<'_, '_>) -> Args {
    let mut a = Args::default();
    let (mut response_type, mut client_id, mut state, mut auth_code) = (false, false, false, false);
    for p in input.params.request_args() {
        if p.location == Location::RequestCookie {
            continue;
        }
        let n = norm_name(&p.name);
        let v = p.value.as_ref();
        if n.contains("password")
            || n.contains("passwd")
            || n.contains("pwd")
            || matches!(n.as_str(), "pass" | "psw" | "pin" | "passcode")
        {
            a.password = true;
        } else if is_code_name(&n) && looks_like_code_value(v) {
            a.code = true;
        } else if n.contains("phone") || n.contains("mobile") || matches!(n.as_str(), "tel" | "telephone") {
            a.phone = true;
            a.user = true;
        } else if n.contains("mail") {
            a.email = true;
            a.user = true;
        } else if n.contains("user")
            || n.contains("account")
            || n.contains("login")
            || n == "uname"
            || n == "usr"
        {
            a.user = true;
        }
        match n.as_str() {
            "responsetype" => response_type = true,
            "clientid" => client_id = true,
            "granttype" => a.oauth = true,
            "state" => state = true,
            "code" => auth_code = true,
            "samlrequest" | "samlresponse" => a.saml = true,
            "ticket" | "serviceticket" => a.ticket = true,
            _ => {}
        }
        if n.contains("sql") || (v.len() >= 10 && is_sql_text(v)) {
            a.sql = true;
        }
        if n == "query" && p.location != Location::RequestCookie && is_graphql_text(v) {
            a.graphql = true;
        }
    }
    a.oauth |= response_type && client_id || state && auth_code;
    for c in input.req_sensitive {
        match c {
            1004 | 1009 | 1024 => a.phone = true,
            1005 => a.email = true,
            _ => {}
        }
    }
    a.multipart = input.params.req_format == Some(BodyFormat::Multipart);
    if let Some(h) = input.resp_headers {
        a.attachment =
            h.get("content-disposition").is_some_and(|d| d.to_ascii_lowercase().contains("attachment"));
        a.html = h.get("content-type").is_some_and(|t| t.to_ascii_lowercase().contains("text/html"));
    }
    a
}

// ---------------------------------------------------------------------------------------
// The rules.

/// Everything a rule may test.
#[derive(Clone, Copy, Debug)]
pub struct Features {
    cs: Cs,
    words: usize,
    method: Method,
    a: Args,
    /// The path names a static page or asset (`.html`, `.js`, `.png`, …).
    page: bool,
    /// The last path word names a user collection (`/users`, `/account`).
    users: bool,
    /// The last path word is a plural noun (`/orders`, `/cart/items`): a REST collection.
    collection: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Other,
}

/// Concepts that name an action; a GET with none of them is a plain query.
const ACTIONS: &[C] = &[
    C::Login,
    C::Logout,
    C::Register,
    C::Reset,
    C::Send,
    C::Check,
    C::Export,
    C::Download,
    C::Upload,
    C::Import,
    C::Pay,
    C::Add,
    C::Edit,
    C::Update,
    C::Share,
    C::Delete,
    C::Sync,
    C::Submit,
    C::Copy,
    C::Audit,
    C::Save,
    C::Cancel,
    C::Start,
    C::Batch,
    C::Pause,
    C::Bind,
    C::Debug,
    C::Set,
    C::Shutdown,
    C::Notify,
    C::Report,
    C::Callback,
    C::Authorize,
];

/// Words that turn a login/register path into something *about* logins (a log, a count,
/// a status page, a configuration) rather than the act itself.
const ABOUT: &[C] = &[C::Log, C::History, C::Query, C::Status, C::Set, C::Export, C::Admin];

impl Features {
    fn has(&self, c: C) -> bool {
        self.cs.has(c)
    }
    fn any(&self, cs: &[C]) -> bool {
        self.cs.any(cs)
    }
    fn no_action(&self) -> bool {
        !self.cs.any(ACTIONS)
    }
    /// A login path that is about the act of logging in.
    fn login_path(&self) -> bool {
        self.has(C::Login) && !self.has(C::Logout) && !self.any(ABOUT)
    }
    fn register_path(&self) -> bool {
        self.has(C::Register) && !self.any(ABOUT)
    }
    fn writes(&self) -> bool {
        matches!(self.method, Method::Post | Method::Put | Method::Patch)
    }
}

/// One built-in purpose: what it means and when it applies.
pub struct Rule {
    /// The purpose.
    pub purpose: Purpose,
    /// What the rule asks for.
    pub doc: &'static str,
    test: fn(&Features) -> bool,
}

macro_rules! rules {
    ($($p:ident: $doc:literal => |$f:ident| $body:expr;)+) => {
        /// One row per built-in purpose, in catalogue order.
        pub const RULES: &[Rule] = &[$(Rule { purpose: Purpose::$p, doc: $doc, test: |$f: &Features| $body }),+];
    };
}

rules! {
    LoginByUserPasswd: "login word in the path, a user-ish and a password parameter" =>
        |f| f.login_path() && f.a.user && f.a.password;
    LoginByPhoneCode: "login word, a phone parameter and a short code, no password" =>
        |f| f.login_path() && f.a.phone && f.a.code && !f.a.password;
    LoginByMailCode: "login word, an e-mail parameter and a short code, no password" =>
        |f| f.login_path() && f.a.email && f.a.code && !f.a.password && !f.a.phone;
    WeChatLogin: "WeChat word with a login / OAuth / callback word" =>
        |f| f.has(C::Wechat) && (f.login_path() || f.any(&[C::Oauth, C::Authorize, C::Callback])) && !f.has(C::Pay);
    AliPayLogin: "Alipay word with a login / OAuth / callback word" =>
        |f| f.has(C::Alipay) && (f.login_path() || f.any(&[C::Oauth, C::Authorize])) && !f.has(C::Pay);
    OAuthLogin: "OAuth word with authorize / token / callback / login, or OAuth protocol parameters" =>
        |f| (f.has(C::Oauth) && f.any(&[C::Authorize, C::Token, C::Callback, C::Login]))
            || (f.a.oauth && f.any(&[C::Authorize, C::Token, C::Callback, C::Oauth, C::Login]));
    OidcLogin: "OIDC / OpenID word with authorize / token / callback / login" =>
        |f| f.has(C::Oidc) && f.any(&[C::Authorize, C::Token, C::Callback, C::Login]);
    SamlLogin: "SAML word, or a SAMLRequest / SAMLResponse parameter" =>
        |f| f.has(C::Saml) && !f.any(&[C::Log, C::Set]) || f.a.saml;
    SsoLogin: "SSO / CAS word with a login, callback or validate word, or a ticket parameter" =>
        |f| f.has(C::Sso) && (f.login_path() || f.any(&[C::Callback, C::Check]) || f.a.ticket);
    LoginApi: "a login word about the act of logging in (any login purpose implies it)" =>
        |f| f.login_path();
    LogoutApi: "logout / sign-out / log off word" =>
        |f| f.has(C::Logout) && !f.any(&[C::Log, C::History]);
    RegisterByUserPasswd: "register word (or a POST creating a user: `/users` with no action word), a user-ish and a password parameter" =>
        |f| (f.register_path() || f.users && f.method == Method::Post && f.no_action() && !f.has(C::Admin))
            && f.a.user && f.a.password;
    RegisterByPhoneCode: "register word, a phone parameter and a short code" =>
        |f| f.register_path() && f.a.phone && f.a.code;
    RegisterByMailCode: "register word, an e-mail parameter and a short code" =>
        |f| f.register_path() && f.a.email && f.a.code && !f.a.phone;
    WeChatRegister: "register word with a WeChat word" =>
        |f| f.register_path() && f.has(C::Wechat);
    AliPayRegister: "register word with an Alipay word" =>
        |f| f.register_path() && f.has(C::Alipay);
    RegisterApi: "a register / sign-up word about the act of registering (any register purpose implies it)" =>
        |f| f.register_path();
    SendSms: "SMS word on a send / code path, or a phone parameter on a send or code path with no code submitted" =>
        |f| !f.any(&[C::Log, C::History, C::Query, C::Set, C::Check])
            && ((f.has(C::Sms) && (f.any(&[C::Send, C::Code, C::Notify]) || f.writes()))
                || (f.a.phone && !f.a.code && !f.a.password && f.has(C::Code) && (f.has(C::Send) || f.writes())
                    && !f.has(C::Mail)));
    SendMail: "send + mail words, or an e-mail parameter on a send-code path with no code submitted" =>
        |f| !f.any(&[C::Log, C::History, C::Query, C::Set, C::Check])
            && ((f.has(C::Mail) && f.has(C::Send))
                || (f.a.email && !f.a.phone && !f.a.code && !f.a.password && f.has(C::Code) && f.has(C::Send)));
    ResetPasswd: "password word with reset / forget / change / set / update" =>
        |f| f.has(C::Password) && f.any(&[C::Reset, C::Edit, C::Update, C::Set]) && !f.any(&[C::Log, C::History]);
    CheckVerifyCode: "check / verify word with a code word, or a verify path with a short code submitted" =>
        |f| f.has(C::Check) && (f.has(C::Code) || f.a.code) && !f.has(C::Send);
    CheckStatus: "status word on a query (GET or check / get word)" =>
        |f| f.has(C::Status) && (f.method == Method::Get || f.any(&[C::Check, C::Query])) && !f.has(C::Set);
    QueryOrder: "order word on a query (query word, or a GET with no action word)" =>
        |f| f.has(C::Order) && (f.has(C::Query) || f.method == Method::Get && f.no_action());
    ExportOrder: "order word with export / download" =>
        |f| f.has(C::Order) && f.any(&[C::Export, C::Download]);
    UpdateOrder: "order word with update / edit, or a PUT/PATCH with no other action" =>
        |f| f.has(C::Order) && (f.any(&[C::Update, C::Edit])
            || matches!(f.method, Method::Put | Method::Patch) && f.no_action());
    PayOrder: "pay / payment / checkout word, not a query or configuration of payments" =>
        |f| f.has(C::Pay) && !f.any(&[C::Query, C::Status, C::History, C::Log, C::Set, C::Login]);
    QueryLog: "log word on a query (query word, or a GET with no action word)" =>
        |f| f.has(C::Log) && (f.has(C::Query) || f.method == Method::Get && f.no_action());
    UploadLog: "log word with upload / report / collect / submit / push, or a POST with no other action" =>
        |f| f.has(C::Log) && !f.has(C::Query) && (f.any(&[C::Upload, C::Report, C::Submit, C::Notify, C::Send])
            || f.method == Method::Post && f.no_action());
    DownloadLog: "log word with download / export" =>
        |f| f.has(C::Log) && f.any(&[C::Download, C::Export]);
    LogService: "any log word (every log purpose implies it)" =>
        |f| f.has(C::Log);
    GraphQl: "graphql word, or a GraphQL document in a `query` parameter" =>
        |f| f.has(C::Graphql) || f.a.graphql;
    SqlService: "sql word in the path, or SQL text / an sql-named request parameter" =>
        |f| f.has(C::Sql) || f.a.sql;
    FileUpload: "upload word with a file word or a multipart body" =>
        |f| f.has(C::Upload) && (f.has(C::File) || f.a.multipart) && !f.has(C::Log)
            || f.a.multipart && f.has(C::File) && f.writes();
    FileDownload: "download word (not of logs or orders), or an attachment response" =>
        |f| f.has(C::Download) && !f.any(&[C::Log, C::Order]) || f.a.attachment;
    FileService: "file word (every file purpose implies it)" =>
        |f| f.has(C::File);
    AdminService: "admin / manage / backend word" =>
        |f| f.has(C::Admin);
    DashBoard: "dashboard / overview / kanban word" =>
        |f| f.has(C::Dashboard);
    MonitorService: "monitor / metrics / health / actuator / heartbeat word" =>
        |f| f.has(C::Monitor);
    SendInfo: "send / push / notify word that is not about SMS, mail or codes" =>
        |f| f.any(&[C::Send, C::Notify]) && !f.any(&[C::Sms, C::Mail, C::Code, C::Log, C::Query, C::History])
            && (f.has(C::Send) || f.writes());
    CheckInfo: "check / verify / validate word that is not about codes or status" =>
        |f| f.has(C::Check) && !f.any(&[C::Code, C::Status, C::Sso]) && !f.a.code;
    QueryInfo: "query word, or a GET with no action word on a non-page path" =>
        |f| f.has(C::Query) && !f.any(&[C::Order, C::Log])
            || f.method == Method::Get && f.no_action() && f.words > 0 && !f.a.html && !f.page
                && !f.any(&[C::Order, C::Log, C::Status, C::Monitor, C::Dashboard, C::Graphql, C::Login]);
    UploadInfo: "import word, or upload of something that is not a file or a log" =>
        |f| f.has(C::Import) || f.has(C::Upload) && !f.has(C::File) && !f.a.multipart && !f.has(C::Log);
    DownloadInfo: "export word, not of orders or logs" =>
        |f| f.has(C::Export) && !f.any(&[C::Order, C::Log]);
    AddInfo: "add / create / insert / new word, or a POST to a REST collection (`/orders`) with no action word" =>
        |f| f.has(C::Add)
            || f.method == Method::Post && f.collection && f.no_action()
                && !f.any(&[C::Log, C::Query, C::Graphql, C::Sql, C::Admin]) && !f.a.password;
    EditInfo: "edit / modify / change word" =>
        |f| f.has(C::Edit) && !f.has(C::Password);
    UpdateInfo: "update word, or a PUT/PATCH with no other action" =>
        |f| f.has(C::Update) && !f.any(&[C::Password, C::Order])
            || matches!(f.method, Method::Put | Method::Patch) && f.no_action() && !f.has(C::Order);
    ShareInfo: "share word" => |f| f.has(C::Share);
    DeleteInfo: "delete / remove word, or a DELETE with no other action" =>
        |f| f.has(C::Delete) || f.method == Method::Delete && f.no_action();
    SyncInfo: "sync word" => |f| f.has(C::Sync);
    SubmitInfo: "submit / commit word" => |f| f.has(C::Submit) && !f.has(C::Log);
    CopyInfo: "copy / clone / duplicate word" => |f| f.has(C::Copy);
    AuditInfo: "audit / approve / review word" => |f| f.has(C::Audit) && !f.has(C::Log);
    SaveInfo: "save word" => |f| f.has(C::Save);
    CancelOp: "cancel / revoke / withdraw / undo word" => |f| f.has(C::Cancel);
    StartOp: "start / launch / begin / activate / enable / resume word" => |f| f.has(C::Start);
    BatchOp: "batch / bulk word" => |f| f.has(C::Batch);
    PauseOp: "pause / suspend / freeze word" => |f| f.has(C::Pause);
    BindOp: "bind / unbind / binding word" => |f| f.has(C::Bind);
    DebugOp: "debug word" => |f| f.has(C::Debug);
    SetOp: "set / settings / config / setup / preference word" =>
        |f| f.has(C::Set) && !f.has(C::Password);
    ShutDown: "shutdown / halt / reboot / restart / stop / close word" => |f| f.has(C::Shutdown);
}

/// Computes the features of one exchange.
pub fn features(input: &PurposeInput<'_, '_>) -> Features {
    let path_words = path_words(input.path);
    let (cs, words) = path_concepts(input.path, &path_words);
    let method = match input.method.to_ascii_uppercase().as_str() {
        "GET" | "HEAD" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => Method::Other,
    };
    let last = input.path.rsplit('/').next().unwrap_or("");
    let page = last.rsplit_once('.').is_some_and(|(_, ext)| {
        const PAGES: &[&str] = &[
            "html", "htm", "js", "css", "png", "jpg", "jpeg", "gif", "svg", "ico", "woff", "woff2", "ttf",
            "map", "txt", "webp",
        ];
        PAGES.contains(&ext.to_ascii_lowercase().as_str())
    });
    const USER_NOUNS: &[&str] =
        &["user", "users", "account", "accounts", "member", "members", "customer", "customers"];
    let users = path_words.last().is_some_and(|w| USER_NOUNS.contains(&w.as_str()));
    let collection = path_words.last().is_some_and(|w| {
        w.len() >= 4
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is")
            && lookup(w).is_none_or(|c| matches!(c, C::Order | C::File | C::Neutral))
    });
    Features { cs, words, method, a: args_of(input), page, users, collection }
}

/// Classifies one exchange into built-in purposes (disabled ones are left out).
pub fn classify(input: &PurposeInput<'_, '_>, settings: &PurposeSettings) -> PurposeSet {
    let f = features(input);
    let mut set = PurposeSet::default();
    for r in RULES {
        if (r.test)(&f) {
            set.insert(r.purpose);
        }
    }
    // General purposes implied by the specific ones.
    const LOGINS: &[Purpose] = &[
        Purpose::LoginByUserPasswd,
        Purpose::LoginByPhoneCode,
        Purpose::LoginByMailCode,
        Purpose::WeChatLogin,
        Purpose::AliPayLogin,
        Purpose::OAuthLogin,
        Purpose::OidcLogin,
        Purpose::SamlLogin,
        Purpose::SsoLogin,
    ];
    if LOGINS.iter().any(|p| set.contains(*p)) {
        set.insert(Purpose::LoginApi);
    }
    const REGISTERS: &[Purpose] = &[
        Purpose::RegisterByUserPasswd,
        Purpose::RegisterByPhoneCode,
        Purpose::RegisterByMailCode,
        Purpose::WeChatRegister,
        Purpose::AliPayRegister,
    ];
    if REGISTERS.iter().any(|p| set.contains(*p)) {
        set.insert(Purpose::RegisterApi);
    }
    if [Purpose::FileUpload, Purpose::FileDownload].iter().any(|p| set.contains(*p)) {
        set.insert(Purpose::FileService);
    }
    for p in &settings.disabled {
        set.remove(*p);
    }
    set
}

/// Per-API vote over the purposes of its requests.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PurposeAcc {
    /// Requests classified.
    pub requests: u64,
    /// Hits per purpose, indexed like [`Purpose::ALL`] (empty until the first hit).
    pub hits: Vec<u64>,
    /// Hits per custom purpose policy name (capped at [`PurposeAcc::MAX_CUSTOM`]).
    #[serde(default)]
    pub custom: std::collections::BTreeMap<String, u64>,
}

impl PurposeAcc {
    /// Most custom purpose names counted per API.
    pub const MAX_CUSTOM: usize = 64;

    /// Counts the custom purposes one request matched (call after [`PurposeAcc::add`]).
    pub fn add_custom(&mut self, names: &[&str]) {
        for n in names {
            if let Some(c) = self.custom.get_mut(*n) {
                *c += 1;
            } else if self.custom.len() < Self::MAX_CUSTOM {
                self.custom.insert((*n).to_owned(), 1);
            }
        }
    }

    /// Custom purposes seen in at least a fifth of the requests, by name.
    pub fn custom_result(&self) -> impl Iterator<Item = String> + '_ {
        let need = self.requests.div_ceil(5).max(1);
        self.custom.iter().filter(move |(_, h)| **h >= need).map(|(n, _)| n.clone())
    }

    /// Counts the purposes of one request.
    pub fn add(&mut self, set: PurposeSet) {
        self.requests += 1;
        if set.is_empty() {
            return;
        }
        if self.hits.len() != Purpose::ALL.len() {
            self.hits = vec![0; Purpose::ALL.len()];
        }
        for p in set.iter() {
            self.hits[index(p)] += 1;
        }
    }
    /// Adds another API's votes.
    pub fn absorb(&mut self, other: &PurposeAcc) {
        self.requests += other.requests;
        for (n, h) in &other.custom {
            if let Some(c) = self.custom.get_mut(n) {
                *c += h;
            } else if self.custom.len() < Self::MAX_CUSTOM {
                self.custom.insert(n.clone(), *h);
            }
        }
        if other.hits.len() == Purpose::ALL.len() {
            if self.hits.len() != Purpose::ALL.len() {
                self.hits = vec![0; Purpose::ALL.len()];
            }
            for (a, b) in self.hits.iter_mut().zip(&other.hits) {
                *a += b;
            }
        }
    }
    /// The API's purposes: those seen in at least a fifth of its requests.
    pub fn result(&self) -> PurposeSet {
        let mut set = PurposeSet::default();
        let need = self.requests.div_ceil(5).max(1);
        for (i, &h) in self.hits.iter().enumerate() {
            if h >= need {
                set.insert(Purpose::ALL[i]);
            }
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    /// Classifies a record written as JSON.
    fn tags(json: &str) -> PurposeSet {
        tags_with(json, &[])
    }

    fn tags_with(json: &str, req_sensitive: &[u16]) -> PurposeSet {
        let rec = Record::from_json(json.as_bytes()).expect("valid record");
        let params = crate::params::extract(&rec);
        let input = PurposeInput {
            method: &rec.method,
            path: &rec.path,
            params: &params,
            resp_headers: Some(&rec.resp_headers),
            req_sensitive,
            resp_sensitive: &[],
        };
        classify(&input, &PurposeSettings::default())
    }

    /// A record with a method, path, query and JSON request body.
    fn rec(method: &str, path: &str, query: &str, body: &str) -> String {
        let body_part = if body.is_empty() {
            String::new()
        } else {
            format!(
                r#","req_headers":{{"Content-Type":"application/json"}},"req_body":{}"#,
                serde_json::Value::String(body.into())
            )
        };
        format!(
            r#"{{"ts":1700000000,"client_ip":"198.51.100.7","host":"shop.example.com","method":"{method}","path":"{path}","query":{q}{body_part},"status":200}}"#,
            q = serde_json::Value::String(query.into())
        )
    }

    /// (purpose, positive record, near-miss record) for every built-in purpose.
    fn cases() -> Vec<(Purpose, String, String)> {
        use Purpose::*;
        let multipart = r#"{"ts":1700000000,"client_ip":"198.51.100.7","host":"h.example.com","method":"POST","path":"/api/upload","req_headers":{"Content-Type":"multipart/form-data; boundary=XX"},"req_body":"--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nPNG\r\n--XX--\r\n"}"#;
        let attachment = r#"{"ts":1700000000,"client_ip":"198.51.100.7","host":"h.example.com","method":"GET","path":"/api/contract/${param}","resp_headers":{"Content-Disposition":"attachment; filename=c.pdf"},"status":200}"#;
        vec![
            (
                LoginByUserPasswd,
                rec("POST", "/api/user/login", "", r#"{"username":"alice","password":"x1"}"#),
                rec("POST", "/api/user/login", "", r#"{"username":"alice","remember":true}"#),
            ),
            (
                LoginByPhoneCode,
                rec("POST", "/api/loginBySms", "", r#"{"mobile":"13800001111","smsCode":"482913"}"#),
                rec("POST", "/api/loginBySms", "", r#"{"mobile":"13800001111","password":"p"}"#),
            ),
            (
                LoginByMailCode,
                rec("POST", "/auth/email/login", "", r#"{"email":"a@example.com","code":"7731"}"#),
                rec("POST", "/auth/email/login", "", r#"{"email":"a@example.com"}"#),
            ),
            (
                WeChatLogin,
                rec("GET", "/wechat/oauth/callback", "code=abc&state=x", ""),
                rec("POST", "/wechat/pay/notify", "", r#"{"id":1}"#),
            ),
            (
                AliPayLogin,
                rec("GET", "/alipay/login", "auth_code=q", ""),
                rec("POST", "/alipay/pay", "", r#"{"id":1}"#),
            ),
            (
                OAuthLogin,
                rec("GET", "/oauth2/authorize", "response_type=code&client_id=c1&redirect_uri=x", ""),
                rec("GET", "/oauth2/clients", "", ""),
            ),
            (OidcLogin, rec("GET", "/oidc/callback", "code=z&state=y", ""), rec("GET", "/oidc/jwks", "", "")),
            (
                SamlLogin,
                rec("POST", "/saml2/acs", "", r#"{"SAMLResponse":"PHNhbWw+"}"#),
                rec("GET", "/saml/log/list", "", ""),
            ),
            (
                SsoLogin,
                rec("GET", "/sso/login", "service=https%3A%2F%2Fapp", ""),
                rec("GET", "/sso/userinfo", "", ""),
            ),
            (LoginApi, rec("POST", "/signin", "", r#"{"x":1}"#), rec("GET", "/login/log/list", "", "")),
            (LogoutApi, rec("POST", "/api/logout", "", ""), rec("GET", "/api/logs", "", "")),
            (
                RegisterByUserPasswd,
                rec(
                    "POST",
                    "/user/register",
                    "",
                    r#"{"username":"bob","password":"pw","confirmPassword":"pw"}"#,
                ),
                rec("PUT", "/api/users", "", r#"{"username":"bob","password":"pw"}"#),
            ),
            (
                RegisterByPhoneCode,
                rec("POST", "/register/mobile", "", r#"{"phone":"13800001111","verifyCode":"5521"}"#),
                rec("POST", "/register/mobile", "", r#"{"phone":"13800001111"}"#),
            ),
            (
                RegisterByMailCode,
                rec("POST", "/signup", "", r#"{"email":"b@example.com","emailCode":"A1B2C3"}"#),
                rec("POST", "/signup", "", r#"{"email":"b@example.com","password":"pw"}"#),
            ),
            (
                WeChatRegister,
                rec("POST", "/wx/register", "", r#"{"openid":"o1"}"#),
                rec("POST", "/wx/bind", "", ""),
            ),
            (
                AliPayRegister,
                rec("POST", "/alipay/register", "", r#"{"uid":"1"}"#),
                rec("GET", "/alipay/register/stats", "", ""),
            ),
            (
                RegisterApi,
                rec("POST", "/api/sign-up", "", r#"{"x":1}"#),
                rec("GET", "/registerCount", "", ""),
            ),
            (
                SendSms,
                rec("POST", "/api/sms/send", "", r#"{"phone":"13800001111"}"#),
                rec("GET", "/api/sms/log/list", "", ""),
            ),
            (
                SendMail,
                rec("POST", "/api/sendEmail", "", r#"{"to":"c@example.com"}"#),
                rec("GET", "/api/email/list", "", ""),
            ),
            (
                ResetPasswd,
                rec("POST", "/user/forgotPassword", "", r#"{"email":"c@example.com"}"#),
                rec("GET", "/password/policy/history", "", ""),
            ),
            (
                CheckVerifyCode,
                rec("POST", "/captcha/verify", "", r#"{"captcha":"x7k2"}"#),
                rec("POST", "/captcha/send", "", r#"{"phone":"13800001111"}"#),
            ),
            (CheckStatus, rec("GET", "/job/status", "", ""), rec("POST", "/job/status/set", "", "")),
            (QueryOrder, rec("GET", "/api/orders", "", ""), rec("DELETE", "/api/orders/${param}", "", "")),
            (ExportOrder, rec("GET", "/order/export", "", ""), rec("GET", "/order/list", "", "")),
            (
                UpdateOrder,
                rec("PUT", "/api/orders/${param}", "", ""),
                rec("GET", "/api/orders/${param}", "", ""),
            ),
            (
                PayOrder,
                rec("POST", "/api/payment", "", r#"{"orderId":1}"#),
                rec("GET", "/pay/config", "", ""),
            ),
            (QueryLog, rec("GET", "/api/logs", "page=1", ""), rec("POST", "/api/login", "", "")),
            (
                UploadLog,
                rec("POST", "/log/report", "", r#"{"lines":["a"]}"#),
                rec("GET", "/log/report/list", "", ""),
            ),
            (DownloadLog, rec("GET", "/logs/export", "", ""), rec("GET", "/blog/export", "", "")),
            (LogService, rec("GET", "/audit-log", "", ""), rec("GET", "/catalog/items", "", "")),
            (
                GraphQl,
                rec("POST", "/api", "", r#"{"query":"query { me { id } }"}"#),
                rec("POST", "/api", "", r#"{"query":"shoes"}"#),
            ),
            (
                SqlService,
                rec("POST", "/db/run", "", r#"{"statement":"SELECT id FROM users WHERE 1=1"}"#),
                rec("POST", "/db/run", "", r#"{"statement":"select the best"}"#),
            ),
            (FileUpload, multipart.to_owned(), rec("POST", "/api/upload", "", r#"{"rows":[1]}"#)),
            (FileDownload, attachment.to_owned(), rec("GET", "/api/contract/${param}", "", "")),
            (FileService, rec("GET", "/files/${param}", "", ""), rec("GET", "/profile/${param}", "", "")),
            (AdminService, rec("GET", "/admin/users", "", ""), rec("GET", "/users/admins-guide", "", "")),
            (DashBoard, rec("GET", "/dashboard/summary", "", ""), rec("GET", "/board/games", "", "")),
            (MonitorService, rec("GET", "/actuator/health", "", ""), rec("GET", "/healthy-recipes", "", "")),
            (
                SendInfo,
                rec("POST", "/message/push", "", r#"{"t":"hi"}"#),
                rec("GET", "/message/list", "", ""),
            ),
            (
                CheckInfo,
                rec("POST", "/user/checkName", "", r#"{"name":"a"}"#),
                rec("POST", "/user/name", "", ""),
            ),
            (
                QueryInfo,
                rec("GET", "/api/v1/getuserbyid/${param}", "", ""),
                rec("GET", "/index.html", "", ""),
            ),
            (UploadInfo, rec("POST", "/user/import", "", r#"{"rows":[]}"#), multipart.to_owned()),
            (DownloadInfo, rec("GET", "/users/export", "", ""), rec("GET", "/order/export", "", "")),
            (AddInfo, rec("POST", "/user/add", "", r#"{"n":1}"#), rec("POST", "/address", "", r#"{"n":1}"#)),
            (
                AddInfo,
                rec("POST", "/api/v1/cart/items", "", r#"{"sku":"a"}"#),
                rec("POST", "/api/v1/status", "", ""),
            ),
            (
                AddInfo,
                rec("POST", "/api/v1/orders", "", r#"{"sku":"a"}"#),
                rec("GET", "/api/v1/orders", "", ""),
            ),
            (
                EditInfo,
                rec("POST", "/user/edit", "", r#"{"n":1}"#),
                rec("POST", "/user/editor", "", r#"{"n":1}"#),
            ),
            (
                UpdateInfo,
                rec("POST", "/user/update", "", r#"{"n":1}"#),
                rec("POST", "/user/updatePassword", "", r#"{"n":1}"#),
            ),
            (ShareInfo, rec("POST", "/doc/share", "", r#"{"n":1}"#), rec("GET", "/shares/price", "", "")),
            (
                DeleteInfo,
                rec("DELETE", "/api/users/${param}", "", ""),
                rec("GET", "/api/users/${param}", "", ""),
            ),
            (SyncInfo, rec("POST", "/data/sync", "", r#"{"n":1}"#), rec("POST", "/data/async-job", "", "")),
            (
                SubmitInfo,
                rec("POST", "/form/submit", "", r#"{"n":1}"#),
                rec("GET", "/form/submitted", "", ""),
            ),
            (CopyInfo, rec("POST", "/doc/copy", "", r#"{"n":1}"#), rec("GET", "/copyright", "", "")),
            (AuditInfo, rec("POST", "/leave/approve", "", r#"{"n":1}"#), rec("GET", "/audit/log", "", "")),
            (SaveInfo, rec("POST", "/draft/save", "", r#"{"n":1}"#), rec("GET", "/savings/rate", "", "")),
            (
                CancelOp,
                rec("POST", "/booking/cancel", "", r#"{"n":1}"#),
                rec("GET", "/booking/cancellations", "", ""),
            ),
            (StartOp, rec("POST", "/job/start", "", r#"{"n":1}"#), rec("GET", "/job/starts-at", "", "")),
            (
                BatchOp,
                rec("POST", "/users/batchDelete", "", r#"{"n":1}"#),
                rec("GET", "/users/batches", "", ""),
            ),
            (PauseOp, rec("POST", "/task/pause", "", r#"{"n":1}"#), rec("GET", "/task/paused-list", "", "")),
            (BindOp, rec("POST", "/card/bind", "", r#"{"n":1}"#), rec("GET", "/card/binder", "", "")),
            (DebugOp, rec("POST", "/api/debug/eval", "", r#"{"n":1}"#), rec("GET", "/api/debut", "", "")),
            (SetOp, rec("POST", "/user/settings", "", r#"{"n":1}"#), rec("GET", "/user/settlement", "", "")),
            (ShutDown, rec("POST", "/actuator/shutdown", "", ""), rec("GET", "/stopwatch/laps", "", "")),
        ]
    }

    #[test]
    fn every_purpose_has_a_positive_and_a_near_miss() {
        let cases = cases();
        let tested: BTreeSet<Purpose> = cases.iter().map(|c| c.0).collect();
        let all: BTreeSet<Purpose> = Purpose::ALL.iter().copied().collect();
        assert_eq!(tested, all, "every built-in purpose needs a case");
        assert_eq!(RULES.len(), Purpose::ALL.len());
        assert!(RULES.iter().zip(Purpose::ALL).all(|(r, p)| r.purpose == *p && !r.doc.is_empty()));
        let mut failures = Vec::new();
        for (p, pos, neg) in &cases {
            let got = tags(pos);
            if !got.contains(*p) {
                failures.push(format!("{p} missed on {pos}: got {:?}", got.iter().collect::<Vec<_>>()));
            }
            let got = tags(neg);
            if got.contains(*p) {
                failures.push(format!("{p} wrongly on {neg}: got {:?}", got.iter().collect::<Vec<_>>()));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn login_with_password_is_a_login_api_but_not_a_query() {
        let t = tags(&rec("POST", "/api/v2/auth/signIn", "", r#"{"account":"a","pwd":"b"}"#));
        assert!(t.contains(Purpose::LoginByUserPasswd));
        assert!(t.contains(Purpose::LoginApi));
        assert!(!t.contains(Purpose::QueryInfo));
        assert!(!t.contains(Purpose::RegisterApi));
    }

    #[test]
    fn creating_a_user_with_a_password_is_a_registration() {
        let t = tags(&rec("POST", "/vapi/api1/user", "", r#"{"username":"u","password":"p","name":"n"}"#));
        assert!(t.contains(Purpose::RegisterByUserPasswd) && t.contains(Purpose::RegisterApi));
        let t = tags(&rec("POST", "/user/register", "", r#"{"username":"bob"}"#));
        assert!(t.contains(Purpose::RegisterApi) && !t.contains(Purpose::RegisterByUserPasswd));
        let t = tags(&rec("POST", "/admin/users", "", r#"{"username":"u","password":"p"}"#));
        assert!(!t.contains(Purpose::RegisterByUserPasswd), "an admin creating users is not a sign-up");
        let t = tags(&rec("POST", "/v1/user/login", "", r#"{"username":"u","pin":"1234"}"#));
        assert!(t.contains(Purpose::LoginByUserPasswd));
    }

    #[test]
    fn sensitive_phone_code_counts_as_a_phone_parameter() {
        let body = r#"{"acct":"13800001111","smsCode":"112233"}"#;
        assert!(!tags(&rec("POST", "/login", "", body)).contains(Purpose::LoginByPhoneCode));
        assert!(tags_with(&rec("POST", "/login", "", body), &[1004]).contains(Purpose::LoginByPhoneCode));
    }

    #[test]
    fn chinese_path_words_are_understood() {
        let t = tags(&rec("POST", "/api/%E7%9F%AD%E4%BF%A1/send", "", r#"{"phone":"13800001111"}"#));
        assert!(t.contains(Purpose::SendSms));
    }

    #[test]
    fn disabled_purposes_are_dropped() {
        let input_json = rec("GET", "/api/orders", "", "");
        let rec = Record::from_json(input_json.as_bytes()).unwrap();
        let params = crate::params::extract(&rec);
        let input = PurposeInput {
            method: &rec.method,
            path: &rec.path,
            params: &params,
            resp_headers: None,
            req_sensitive: &[],
            resp_sensitive: &[],
        };
        let mut s = PurposeSettings::default();
        assert!(classify(&input, &s).contains(Purpose::QueryOrder));
        s.disabled.insert(Purpose::QueryOrder);
        assert!(!classify(&input, &s).contains(Purpose::QueryOrder));
    }

    #[test]
    fn glued_words_split_only_on_a_full_cover() {
        assert_eq!(segment("getuserbyid"), Some(vec!["get", "user", "by", "id"]));
        assert_eq!(segment("sendsmscode"), Some(vec!["send", "sms", "code"]));
        assert_eq!(segment("newsletter"), None);
        assert_eq!(path_words("/api/v1/getUserByID/${param}"), vec!["api", "v", "get", "user", "by", "id"]);
        assert_eq!(path_words("/oauth2/HTMLPage.do"), vec!["oauth2", "html", "page"]);
    }

    #[test]
    fn votes_keep_purposes_seen_in_a_fifth_of_requests() {
        let mut acc = PurposeAcc::default();
        let mut login = PurposeSet::default();
        login.insert(Purpose::LoginApi);
        let mut both = login;
        both.insert(Purpose::LoginByUserPasswd);
        for _ in 0..9 {
            acc.add(login);
        }
        acc.add(both);
        let r = acc.result();
        assert!(r.contains(Purpose::LoginApi));
        assert!(!r.contains(Purpose::LoginByUserPasswd));
        let mut other = PurposeAcc::default();
        for _ in 0..5 {
            other.add(both);
        }
        acc.absorb(&other);
        assert!(acc.result().contains(Purpose::LoginByUserPasswd));
        assert_eq!(acc.requests, 15);
    }
}

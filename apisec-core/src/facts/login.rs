//! Login facts: credentials in a request, the outcome of a login, failure messages that
//! reveal whether an account exists, CAPTCHA and throttling signals, verification-code
//! fields and registration signals.
//!
//! Input: a [`Record`] and its [`Params`] (or a message `&str`). Output: [`Credentials`]
//! borrowing from the params, [`LoginOutcome`], booleans. Field names are matched on their
//! last segment, lower-cased, with `_`, `-` and spaces removed, so `user_name`, `userName`,
//! `data.UserName` and `user-name` are one name; Chinese names are matched as written.

use crate::catalog::Location;
use crate::facts::leaks::{CODE_NAMES, code_shaped, leaf_name};
use crate::params::{Param, Params, ValueKind};
use crate::record::Record;
use aho_corasick::AhoCorasick;
use base64::Engine as _;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Names of the account field.
const USER_NAMES: &[&str] = &[
    "username",
    "user",
    "uname",
    "usr",
    "login",
    "loginname",
    "loginid",
    "loginaccount",
    "loginuser",
    "account",
    "accountname",
    "accountid",
    "acct",
    "userid",
    "usercode",
    "useraccount",
    "usrname",
    "email",
    "mail",
    "emailaddress",
    "useremail",
    "mobile",
    "mobileno",
    "mobilenumber",
    "phone",
    "phoneno",
    "phonenumber",
    "tel",
    "telephone",
    "cellphone",
    "msisdn",
    "jusername",
    "log",
    "principal",
    "identity",
    "identifier",
    "nickname",
    "membername",
    "memberid",
    "staffno",
    "empno",
    "workno",
    "j_username",
    "用户名",
    "用户",
    "账号",
    "帐号",
    "账户",
    "帐户",
    "登录名",
    "手机号",
    "手机",
    "邮箱",
    "工号",
];

/// Names of the password field.
const PASSWORD_NAMES: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pass",
    "passwort",
    "contrasena",
    "contraseña",
    "senha",
    "motdepasse",
    "pin",
    "pincode",
    "passcode",
    "userpassword",
    "loginpassword",
    "loginpwd",
    "userpwd",
    "jpassword",
    "newpassword",
    "oldpassword",
    "confirmpassword",
    "repassword",
    "password2",
    "passwordconfirm",
    "pw",
    "upass",
    "userpass",
    "secretcode",
    "j_password",
    "密码",
    "口令",
    "登录密码",
    "新密码",
    "确认密码",
];

/// Normalised leaf name of a parameter (`data.User_Name` → `username`).
pub fn norm_name(name: &str) -> Cow<'_, str> {
    leaf_name(name)
}

/// True when a parameter name designates the account (user name, e-mail, phone…).
pub fn is_username_name(name: &str) -> bool {
    let n = norm_name(name);
    USER_NAMES.contains(&&*n)
}

/// True when a parameter name designates a password (also `newPassword`, `user_pwd`…).
pub fn is_password_name(name: &str) -> bool {
    let n = norm_name(name);
    PASSWORD_NAMES.contains(&&*n)
        || (n.ends_with("password") || n.ends_with("passwd") || n.ends_with("pwd") || n.ends_with("密码"))
            && !n.contains("policy")
            && !n.contains("hint")
            && !n.contains("reset")
            && !n.contains("forgot")
            && !n.contains("expire")
            && n.len() <= 32
}

/// One credential field: where it was, its name and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field<'p> {
    /// Its value (decoded from `Authorization: Basic` when it came from there).
    pub value: Cow<'p, str>,
    /// Where it was found.
    pub location: Location,
    /// The parameter name as written (`Authorization` for Basic auth).
    pub name: Cow<'p, str>,
}

/// The username and password a request carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials<'p> {
    /// The account field, when present.
    pub username: Option<Field<'p>>,
    /// The password field, when present.
    pub password: Option<Field<'p>>,
}

fn field<'p>(p: &'p Param<'_>) -> Field<'p> {
    Field {
        value: Cow::Borrowed(p.value.as_ref()),
        location: p.location,
        name: Cow::Borrowed(p.name.as_ref()),
    }
}

/// Finds the username and password of a request: body first, then query, then cookie,
/// then `Authorization: Basic`. Within a location a non-empty value wins over an empty one.
/// `None` when neither is present.
pub fn credentials<'p>(params: &'p Params<'_>) -> Option<Credentials<'p>> {
    let mut c = Credentials::default();
    for loc in [Location::RequestBody, Location::RequestQuery, Location::RequestCookie] {
        let pick = |is: fn(&str) -> bool| {
            let mut first = None;
            for p in params.at(loc).filter(|p| p.kind == ValueKind::Text || p.kind == ValueKind::Number) {
                if is(&p.name) {
                    if !p.value.is_empty() {
                        return Some(p);
                    }
                    first.get_or_insert(p);
                }
            }
            first
        };
        if c.password.is_none() {
            c.password = pick(is_password_name).map(field);
        }
        if c.username.is_none() {
            c.username = pick(is_username_name).map(field);
        }
    }
    if c.password.is_none()
        && let Some(auth) = params.get(Location::RequestHeader, "Authorization").or_else(|| {
            params
                .at(Location::RequestHeader)
                .find(|p| p.name.eq_ignore_ascii_case("authorization"))
                .map(|p| p.value.as_ref())
        })
        && let Some(b64) = auth.strip_prefix("Basic ").or_else(|| auth.strip_prefix("basic "))
        && let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64.trim())
        && let Ok(text) = String::from_utf8(bytes)
        && let Some((u, p)) = text.split_once(':')
    {
        let name = Cow::Borrowed("Authorization");
        if c.username.is_none() {
            c.username = Some(Field {
                value: Cow::Owned(u.to_owned()),
                location: Location::RequestHeader,
                name: name.clone(),
            });
        }
        c.password = Some(Field { value: Cow::Owned(p.to_owned()), location: Location::RequestHeader, name });
    }
    (c.username.is_some() || c.password.is_some()).then_some(c)
}

/// Did a login succeed?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LoginOutcome {
    /// A session, token or success flag was issued.
    Success,
    /// Refused (status, failure flag or message, redirect back to the login page).
    Failure,
    /// Nothing tells either way (no response, empty 200, unrelated body).
    Unknown,
}

const FAIL_PHRASES: &[&str] = &[
    "incorrect",
    "invalid",
    "wrong",
    "fail",
    "error",
    "denied",
    "not exist",
    "notexist",
    "doesnotexist",
    "not found",
    "notfound",
    "unknown user",
    "mismatch",
    "not match",
    "notmatch",
    "locked",
    "disabled",
    "unauthori",
    "forbidden",
    "expired",
    "bad credential",
    "badcredential",
    "try again",
    "too many",
    "blocked",
    "refused",
    "rejected",
    "not registered",
    "notregistered",
    "no such",
    "does not",
    "unable",
    "错误",
    "失败",
    "不存在",
    "不正确",
    "有误",
    "无效",
    "锁定",
    "冻结",
    "禁用",
    "未注册",
    "不匹配",
    "过多",
    "频繁",
    "拒绝",
    "非法",
    "不能为空",
];
const SUCCESS_PHRASES: &[&str] =
    &["success", "succeed", "logged in", "loggedin", "welcome", "login ok", "authenticated", "成功", "欢迎"];

/// Names of response fields that carry an issued credential.
const ISSUED_NAMES: &[&str] = &[
    "token",
    "accesstoken",
    "authtoken",
    "authkey",
    "jwt",
    "idtoken",
    "refreshtoken",
    "sessionid",
    "sessiontoken",
    "sid",
    "ticket",
    "key",
    "apikey",
    "usertoken",
    "logintoken",
    "bearer",
];

const MESSAGE_NAMES: &[&str] = &[
    "msg",
    "message",
    "cause",
    "error",
    "errmsg",
    "errormsg",
    "errormessage",
    "err",
    "detail",
    "details",
    "description",
    "reason",
    "info",
    "tip",
    "tips",
    "hint",
    "result",
    "status",
    "statusmessage",
    "resultmsg",
    "retmsg",
    "desc",
    "提示",
    "消息",
];

/// Contains any of the phrases after camelCase and `_` are spread out and case folded.
fn phrase_in(text: &str, phrases: &[&str]) -> bool {
    let t = spread(text);
    if phrases.iter().any(|p| t.contains(p)) {
        return true;
    }
    // Also without spaces (`try   again` → `tryagain`); squeezed once, not once per phrase.
    t.contains(' ') && {
        let squeezed = t.replace(' ', "");
        phrases.iter().any(|p| squeezed.contains(p))
    }
}

/// [`phrase_in`] with one automaton over all phrases instead of a search per phrase (for a
/// list checked against every response text).
fn phrase_in_set(text: &str, set: &AhoCorasick) -> bool {
    let t = spread(text);
    set.is_match(&t) || t.contains(' ') && set.is_match(&t.replace(' ', ""))
}

/// `usernameOrPasswordIncorrect` → `username or password incorrect`.
fn spread(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev_lower = false;
    for c in text.chars() {
        // ASCII first: the same answers as the Unicode tests, without their table lookups.
        let (upper, lower) = if c.is_ascii() {
            (c.is_ascii_uppercase(), c.is_ascii_lowercase())
        } else {
            (c.is_uppercase(), c.is_lowercase())
        };
        if upper && prev_lower {
            out.push(' ');
        }
        prev_lower = lower || c.is_ascii_digit();
        if c == '_' || c == '-' {
            out.push(' ');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn truthy(p: &Param<'_>) -> Option<bool> {
    let v = p.value.trim();
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" | "ok" | "yes" | "success" | "succeeded" | "y" => Some(true),
        "false" | "0" | "no" | "fail" | "failed" | "failure" | "error" | "n" => Some(false),
        _ => None,
    }
}

/// Judges whether a login request succeeded, from the response alone: status (401, 403,
/// 423, 429 and 5xx fail), an explicit flag (`success`, `ok`, `succeeded`), a failure
/// message, an issued token or session cookie, a numeric result code (`code`, `errcode`,
/// `ret`: 0 / 200 succeed), and for redirects where they lead.
pub fn login_outcome(rec: &Record<'_>, params: &Params<'_>) -> LoginOutcome {
    let Some(status) = rec.status else { return LoginOutcome::Unknown };
    if matches!(status, 401 | 403 | 423 | 429) || status >= 500 || status == 400 {
        return LoginOutcome::Failure;
    }
    let resp: Vec<&Param<'_>> = params.at(Location::ResponseBody).collect();
    // 1. Explicit flags.
    for p in &resp {
        if p.name.contains('.') && !p.name.starts_with("data.") && !p.name.starts_with("result.") {
            continue;
        }
        let n = norm_name(&p.name);
        if matches!(
            &*n,
            "success" | "succeeded" | "succeed" | "ok" | "issuccess" | "loginsuccess" | "authenticated"
        ) && let Some(b) = truthy(p)
        {
            return if b { LoginOutcome::Success } else { LoginOutcome::Failure };
        }
    }
    // 2. Messages.
    let mut msg_fail = false;
    let mut msg_ok = false;
    for p in &resp {
        let n = norm_name(&p.name);
        if p.kind == ValueKind::Text && MESSAGE_NAMES.contains(&&*n) && !p.value.is_empty() {
            if phrase_in(&p.value, FAIL_PHRASES) {
                msg_fail = true;
            } else if phrase_in(&p.value, SUCCESS_PHRASES) {
                msg_ok = true;
            }
        }
        if n == "error" && matches!(p.kind, ValueKind::Bool) && p.value == "true" {
            msg_fail = true;
        }
    }
    if msg_fail {
        return LoginOutcome::Failure;
    }
    // 3. A credential issued in the body or as a session cookie.
    let issued = resp.iter().any(|p| {
        let n = norm_name(&p.name);
        (ISSUED_NAMES.contains(&&*n) || n.ends_with("token")) && p.value.trim().len() >= 8
    }) || issued_session_cookie(rec);
    // 4. Result codes.
    let mut code_ok = None;
    for p in &resp {
        let n = norm_name(&p.name);
        if p.name.contains('.') {
            continue;
        }
        if matches!(
            &*n,
            "code"
                | "errcode"
                | "errorcode"
                | "ret"
                | "retcode"
                | "resultcode"
                | "errno"
                | "status"
                | "statuscode"
                | "rescode"
        ) && let Ok(v) = p.value.trim().parse::<i64>()
        {
            code_ok =
                Some(v == 0 || v == 200 || (n == "status" || n == "statuscode") && (200..300).contains(&v));
            break;
        }
    }
    if code_ok == Some(false) {
        return LoginOutcome::Failure;
    }
    if (300..400).contains(&status) {
        let to = rec.resp_headers.get("location").unwrap_or("").to_ascii_lowercase();
        let back =
            ["login", "signin", "sign-in", "logon", "error", "fail", "denied"].iter().any(|w| to.contains(w));
        return if back {
            LoginOutcome::Failure
        } else if issued || !to.is_empty() {
            LoginOutcome::Success
        } else {
            LoginOutcome::Unknown
        };
    }
    if issued || msg_ok || code_ok == Some(true) && !resp.is_empty() {
        return LoginOutcome::Success;
    }
    // 5. Small non-JSON bodies: read the text.
    if params.resp_json.is_none()
        && let Some(body) = rec.resp_body.as_deref().filter(|b| !b.is_empty() && b.len() <= 4096)
    {
        let text = String::from_utf8_lossy(body);
        if phrase_in(&text, &["incorrect", "invalid", "wrong password", "login failed", "错误", "失败"]) {
            return LoginOutcome::Failure;
        }
    }
    LoginOutcome::Unknown
}

/// A `Set-Cookie` that issues a non-empty session-like cookie (not a deletion).
pub fn issued_session_cookie(rec: &Record<'_>) -> bool {
    rec.resp_headers.get_all("set-cookie").any(|c| {
        let (nv, attrs) = c.split_once(';').unwrap_or((c, ""));
        let Some((name, value)) = nv.split_once('=') else { return false };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim().trim_matches('"');
        let attrs = attrs.to_ascii_lowercase();
        let deleted = value.is_empty()
            || value.eq_ignore_ascii_case("deleted")
            || attrs.contains("max-age=0")
            || attrs.contains("expires=thu, 01 jan 1970");
        let sessionish = ["sess", "token", "auth", "sid", "jwt", "login", "remember", "ticket", "user"]
            .iter()
            .any(|k| name.contains(k));
        !deleted && sessionish && value.len() >= 8
    })
}

/// True when a login failure message tells whether the account exists (`Risk_LoginPrompt`):
/// it says the user is unknown, or that only the password was wrong. A message that blames
/// user name *or* password together (`Invalid username or password`) reveals nothing.
pub fn reveals_account_existence(msg: &str) -> bool {
    let t = spread(msg);
    let joined = t.replace(' ', "");
    let combined = [
        "usernameorpassword",
        "usernameandpassword",
        "userorpassword",
        "accountorpassword",
        "emailorpassword",
        "loginorpassword",
        "usernameorpwd",
        "username/password",
        "user/password",
        "credentials",
        "用户名或密码",
        "账号或密码",
        "帐号或密码",
        "用户名和密码",
        "账号和密码",
        "手机号或密码",
        "邮箱或密码",
        "用户名或者密码",
        "账户或密码",
        "passwordorusername",
        "密码或用户名",
    ];
    if combined.iter().any(|c| joined.contains(c)) {
        return false;
    }
    let user_unknown = [
        "user does not exist",
        "user not exist",
        "user not found",
        "usernotfound",
        "usernotexist",
        "userdoesnotexist",
        "username does not exist",
        "username not found",
        "no such user",
        "unknown user",
        "account does not exist",
        "account not found",
        "account not exist",
        "accountnotfound",
        "accountnotexist",
        "email not found",
        "email does not exist",
        "not registered",
        "notregistered",
        "unregistered",
        "no account",
        "invalid username",
        "invalid user",
        "incorrect username",
        "wrong username",
        "username is incorrect",
        "username incorrect",
        "usernameincorrect",
        "user is not registered",
        "用户不存在",
        "用户名不存在",
        "账号不存在",
        "帐号不存在",
        "账户不存在",
        "该用户未注册",
        "未注册",
        "用户名错误",
        "账号错误",
        "用户名不正确",
        "手机号未注册",
        "邮箱未注册",
        "查无此用户",
    ];
    let password_only = [
        "wrong password",
        "password is wrong",
        "password wrong",
        "passwordwrong",
        "wrongpassword",
        "incorrect password",
        "password incorrect",
        "password is incorrect",
        "passwordincorrect",
        "incorrectpassword",
        "invalid password",
        "invalidpassword",
        "password mismatch",
        "passworderror",
        "password error",
        "密码错误",
        "密码不正确",
        "密码有误",
        "密码输入错误",
    ];
    user_unknown
        .iter()
        .chain(password_only.iter())
        .any(|p| t.contains(p) || joined.contains(&p.replace(' ', "")))
}

/// The failure message of a login response, if it has one (for
/// [`reveals_account_existence`]).
pub fn failure_message<'p>(params: &'p Params<'_>) -> Option<&'p str> {
    params
        .at(Location::ResponseBody)
        .find(|p| {
            p.kind == ValueKind::Text
                && MESSAGE_NAMES.contains(&&*norm_name(&p.name))
                && !p.value.is_empty()
                && phrase_in(&p.value, FAIL_PHRASES)
        })
        .map(|p| p.value.as_ref())
}

/// Names of CAPTCHA fields a login form sends.
const CAPTCHA_NAMES: &[&str] = &[
    "captcha",
    "captchacode",
    "captchatoken",
    "captchaid",
    "captchakey",
    "verifycode",
    "vcode",
    "imgcode",
    "imagecode",
    "validatecode",
    "validcode",
    "checkcode",
    "kaptcha",
    "grecaptcharesponse",
    "recaptcharesponse",
    "recaptchatoken",
    "hcaptcharesponse",
    "cfturnstileresponse",
    "geetestchallenge",
    "geetestvalidate",
    "geetestseccode",
    "lotnumber",
    "captchaoutput",
    "randstr",
    "ticket",
    "nc_token",
    "slidetoken",
    "验证码",
    "图形验证码",
];

/// A CAPTCHA field in the request (`captcha`, `g-recaptcha-response`, geetest, …).
pub fn captcha_field<'p, 'r>(params: &'p Params<'r>) -> Option<&'p Param<'r>> {
    params.request_args().find(|p| CAPTCHA_NAMES.contains(&&*norm_name(&p.name)))
}

/// A response that shows throttling or lockout: status 429 or 423, `Retry-After`, an
/// `X-RateLimit-*` / `RateLimit-*` header, or a message about too many attempts, a locked
/// account or a CAPTCHA now being required.
pub fn throttled(rec: &Record<'_>, params: &Params<'_>) -> bool {
    if matches!(rec.status, Some(429 | 423)) {
        return true;
    }
    if rec.resp_headers.iter().any(|(n, _)| {
        let n = n.to_ascii_lowercase();
        n == "retry-after"
            || n.starts_with("x-ratelimit")
            || n.starts_with("ratelimit")
            || n.starts_with("x-rate-limit")
    }) {
        return true;
    }
    static THROTTLE_SET: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(THROTTLE).expect("throttle phrases are valid literals"));
    const THROTTLE: &[&str] = &[
        "too many",
        "rate limit",
        "ratelimit",
        "locked",
        "lockout",
        "try again later",
        "try later",
        "temporarily blocked",
        "captcha required",
        "need captcha",
        "needcaptcha",
        "slow down",
        "attempts exceeded",
        "maximum attempts",
        "频繁",
        "次数过多",
        "锁定",
        "稍后再试",
        "稍后重试",
        "请输入验证码",
        "超过限制",
        "冻结",
    ];
    params
        .at(Location::ResponseBody)
        .any(|p| p.kind == ValueKind::Text && p.value.len() <= 512 && phrase_in_set(&p.value, &THROTTLE_SET))
        || params.resp_json.is_none()
            && rec
                .resp_body
                .as_deref()
                .is_some_and(|b| b.len() <= 4096 && phrase_in_set(&String::from_utf8_lossy(b), &THROTTLE_SET))
}

/// The one-time verification code a request submits (SMS / e-mail OTP, PIN guessing): a
/// code-named field with a code-shaped value.
pub fn verification_code<'p, 'r>(params: &'p Params<'r>) -> Option<&'p Param<'r>> {
    params.request_args().find(|p| {
        let n = norm_name(&p.name);
        (CODE_NAMES.contains(&&*n) && !matches!(&*n, "captcha" | "captchacode")
            || n == "pin"
            || n == "pincode")
            && code_shaped(p.value.trim())
    })
}

/// Path words that name a registration endpoint.
const REGISTER_WORDS: &[&str] = &[
    "register",
    "registration",
    "signup",
    "sign-up",
    "sign_up",
    "join",
    "createaccount",
    "create-account",
    "enroll",
    "newuser",
    "注册",
];
/// Path words that name a login endpoint.
const LOGIN_WORDS: &[&str] = &[
    "login",
    "log-in",
    "logon",
    "signin",
    "sign-in",
    "sign_in",
    "auth",
    "authenticate",
    "session",
    "token",
    "登录",
];

fn path_has(path: &str, words: &[&str]) -> bool {
    let p = crate::params::percent_decode(path, false).to_lowercase();
    words.iter().any(|w| p.contains(w))
}

/// Registration signals: a registration word in the path, or a password with a confirmation
/// field, or a password plus account and one of e-mail / phone / invite / agreement fields
/// on a path that does not name a login.
pub fn looks_like_registration(rec: &Record<'_>, params: &Params<'_>) -> bool {
    if !rec.method.eq_ignore_ascii_case("POST") && !rec.method.eq_ignore_ascii_case("PUT") {
        return false;
    }
    if path_has(&rec.path, REGISTER_WORDS) {
        return true;
    }
    let names: Vec<String> = params.request_args().map(|p| norm_name(&p.name).into_owned()).collect();
    let has = |n: &[&str]| names.iter().any(|x| n.contains(&x.as_str()));
    let password = names.iter().any(|n| is_password_name(n));
    let confirm = has(&[
        "confirmpassword",
        "repassword",
        "password2",
        "passwordconfirm",
        "passwordconfirmation",
        "confirmpwd",
        "repwd",
        "确认密码",
    ]);
    let extra = has(&[
        "invitecode",
        "invitationcode",
        "agree",
        "agreement",
        "terms",
        "acceptterms",
        "referrer",
        "referralcode",
    ]);
    password && (confirm || extra) && !path_has(&rec.path, LOGIN_WORDS)
}

/// Login signals: a login word in the path, or a username and password in a POST that is
/// not a registration.
pub fn looks_like_login(rec: &Record<'_>, params: &Params<'_>) -> bool {
    if looks_like_registration(rec, params) {
        return false;
    }
    let creds = credentials(params);
    let has_pw = creds
        .as_ref()
        .is_some_and(|c| c.password.as_ref().is_some_and(|f| f.location != Location::RequestHeader));
    path_has(&rec.path, LOGIN_WORDS) && (has_pw || verification_code(params).is_some())
        || has_pw && creds.is_some_and(|c| c.username.is_some()) && rec.method.eq_ignore_ascii_case("POST")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::extract;

    fn rec(extra: &str) -> String {
        format!(
            r#"{{"ts":1700000000,"client_ip":"1.2.3.4","host":"h","method":"POST","path":"/api/user/login"{extra}}}"#
        )
    }

    fn with<T>(extra: &str, f: impl FnOnce(&Record<'_>, &Params<'_>) -> T) -> T {
        let line = rec(extra);
        let r = Record::from_json(line.as_bytes()).unwrap();
        let p = extract(&r);
        f(&r, &p)
    }

    fn json_body(req: &str) -> String {
        format!(
            r#","req_headers":{{"Content-Type":"application/json"}},"req_body":{}"#,
            serde_json::to_string(req).unwrap()
        )
    }

    #[test]
    fn credential_fields_in_many_styles() {
        let cases: &[(String, Option<&str>, Option<&str>)] = &[
            (json_body(r#"{"username":"alice","password":"s3cret"}"#), Some("alice"), Some("s3cret")),
            (json_body(r#"{"email":"a@b.c","password":"x"}"#), Some("a@b.c"), Some("x")),
            (json_body(r#"{"data":{"loginName":"bob","userPwd":"pw1"}}"#), Some("bob"), Some("pw1")),
            (json_body(r#"{"用户名":"张三","密码":"123456"}"#), Some("张三"), Some("123456")),
            (json_body(r#"{"账号":"zs","pwd":"p"}"#), Some("zs"), Some("p")),
            (json_body(r#"{"mobile":"13800138000","pin":"1655"}"#), Some("13800138000"), Some("1655")),
            (r#","req_headers":{"Content-Type":"application/x-www-form-urlencoded"},"req_body":"user_name=carol&pass=abc""#.into(), Some("carol"), Some("abc")),
            (r#","query":"login=dave&passwd=q""#.into(), Some("dave"), Some("q")),
            (r#","req_headers":{"Cookie":"uname=erin; password=zz"}"#.into(), Some("erin"), Some("zz")),
            (r#","req_headers":{"Authorization":"Basic ZXZlOmV2ZXBhc3M="}"#.into(), Some("eve"), Some("evepass")),
            (json_body(r#"{"username":"","password":"","user":"frank","passwd":"pw"}"#), Some("frank"), Some("pw")),
            (json_body(r#"{"passport":"E123","passwordPolicy":"strict","title":"x"}"#), None, None),
            (json_body(r#"{"q":"hello"}"#), None, None),
        ];
        for (extra, u, p) in cases {
            with(extra, |_, params| {
                let c = credentials(params);
                let got_u = c.as_ref().and_then(|c| c.username.as_ref()).map(|f| f.value.to_string());
                let got_p = c.as_ref().and_then(|c| c.password.as_ref()).map(|f| f.value.to_string());
                assert_eq!((got_u.as_deref(), got_p.as_deref()), (*u, *p), "{extra}");
            });
        }
    }

    fn resp(status: u16, body: &str, headers: &str) -> String {
        format!(
            r#","status":{status},"resp_headers":{{"Content-Type":"application/json"{headers}}},"resp_body":{}"#,
            serde_json::to_string(body).unwrap()
        )
    }

    #[test]
    fn login_outcomes() {
        use LoginOutcome::*;
        let cases: &[(String, LoginOutcome)] = &[
            (resp(401, r#"{"success":"false","cause":"usernameOrPasswordIncorrect"}"#, ""), Failure),
            (resp(200, r#"{"success":"false","cause":"usernameOrPasswordIncorrect"}"#, ""), Failure),
            (resp(200, r#"{"success":"true","token":"OGU2ZjA5NmE2YjQ4YjE3MDhjZWY"}"#, ""), Success),
            (resp(200, r#"{"token":"OGU2ZjA5NmE2YjQ4YjE3MDhjZWY"}"#, ""), Success),
            (resp(200, r#"{"authkey":"a1b2c3d4e5f6g7h8"}"#, ""), Success),
            (resp(200, r#"{"code":0,"msg":"登录成功","data":{"uid":3}}"#, ""), Success),
            (resp(200, r#"{"code":10001,"msg":"用户名或密码错误"}"#, ""), Failure),
            (resp(200, r#"{"code":0,"msg":"密码错误"}"#, ""), Failure),
            (resp(200, r#"{"errcode":40001}"#, ""), Failure),
            (resp(200, r#"{"ok":true}"#, ""), Success),
            (resp(200, r#"{"message":"Invalid credentials"}"#, ""), Failure),
            (resp(200, r#"{"data":{"token":null}}"#, ""), Unknown),
            (resp(200, r#"{"success":false,"data":{"token":"abcdefgh12345678"}}"#, ""), Failure),
            (resp(403, r#"{"message":"IncorrectUsernameOrPassword"}"#, ""), Failure),
            (resp(500, r#"{}"#, ""), Failure),
            (resp(200, "", ""), Unknown),
            (resp(302, "", r#","Location":"/login?error=1""#), Failure),
            (
                resp(302, "", r#","Location":"/dashboard","Set-Cookie":"SESSIONID=9f8e7d6c5b4a; Path=/""#),
                Success,
            ),
            (
                resp(200, r#"{"id":5,"name":"x"}"#, r#","Set-Cookie":"PHPSESSID=9f8e7d6c5b4a3c2d; path=/""#),
                Success,
            ),
            (resp(200, r#"{"id":5}"#, r#","Set-Cookie":"PHPSESSID=deleted; Max-Age=0""#), Unknown),
            (String::new(), Unknown),
        ];
        for (extra, want) in cases {
            with(extra, |r, p| assert_eq!(login_outcome(r, p), *want, "{extra}"));
        }
    }

    #[test]
    fn account_existence_disclosure() {
        for (msg, reveals) in [
            ("Username does not exist", true),
            ("User not found", true),
            ("userNotFound", true),
            ("Wrong password", true),
            ("The password is incorrect", true),
            ("用户不存在", true),
            ("密码错误", true),
            ("该手机号未注册", true),
            ("Invalid username or password", false),
            ("usernameOrPasswordIncorrect", false),
            ("IncorrectUsernameOrPassword", false),
            ("用户名或密码错误", false),
            ("Invalid credentials", false),
            ("Login failed", false),
            ("Too many attempts", false),
        ] {
            assert_eq!(reveals_account_existence(msg), reveals, "{msg}");
        }
    }

    #[test]
    fn captcha_and_throttle() {
        with(&json_body(r#"{"username":"a","password":"b","captcha":"x7k2"}"#), |_, p| {
            assert_eq!(captcha_field(p).map(|f| f.name.as_ref()), Some("captcha"));
        });
        with(&json_body(r#"{"username":"a","password":"b","g-recaptcha-response":"03AGdBq2"}"#), |_, p| {
            assert!(captcha_field(p).is_some());
        });
        with(&json_body(r#"{"username":"a","password":"b"}"#), |_, p| assert!(captcha_field(p).is_none()));
        let throttled_cases = [
            (resp(429, "{}", ""), true),
            (resp(200, "", r#","X-RateLimit-Limit":"5","X-RateLimit-Remaining":"3""#), true),
            (resp(200, r#"{"msg":"Too many failed attempts, try again later"}"#, ""), true),
            (resp(200, r#"{"msg":"登录失败次数过多，账号已锁定"}"#, ""), true),
            (resp(401, r#"{"msg":"Invalid username or password"}"#, ""), false),
            (resp(200, r#"{"ok":true}"#, ""), false),
        ];
        for (extra, want) in throttled_cases {
            with(&extra, |r, p| assert_eq!(throttled(r, p), want, "{extra}"));
        }
    }

    #[test]
    fn verification_codes_and_registration() {
        with(&json_body(r#"{"otp":"1872"}"#), |_, p| {
            assert_eq!(verification_code(p).map(|f| f.value.as_ref()), Some("1872"))
        });
        with(&json_body(r#"{"mobile":"13800138000","smsCode":"482913"}"#), |_, p| {
            assert!(verification_code(p).is_some())
        });
        with(&json_body(r#"{"username":"richard","pin":"1655"}"#), |_, p| {
            assert!(verification_code(p).is_some())
        });
        with(&json_body(r#"{"code":"authorization_code"}"#), |_, p| assert!(verification_code(p).is_none()));
        with(&json_body(r#"{"captcha":"1234"}"#), |_, p| assert!(verification_code(p).is_none()));

        let reg = |path: &str, body: &str| {
            let line = format!(
                r#"{{"ts":1700000000,"client_ip":"1.2.3.4","host":"h","method":"POST","path":"{path}"{}}}"#,
                json_body(body)
            );
            let r = Record::from_json(line.as_bytes()).unwrap();
            let p = extract(&r);
            (looks_like_registration(&r, &p), looks_like_login(&r, &p))
        };
        assert_eq!(reg("/api/v1/register", r#"{"username":"a","password":"b"}"#), (true, false));
        assert_eq!(
            reg("/api/users", r#"{"username":"a","password":"b","confirmPassword":"b"}"#),
            (true, false)
        );
        assert_eq!(reg("/api/user/login", r#"{"username":"a","password":"b"}"#), (false, true));
        assert_eq!(reg("/api/session", r#"{"email":"a@b.c","password":"b"}"#), (false, true));
        assert_eq!(reg("/api/profile", r#"{"nickname":"a","bio":"b"}"#), (false, false));
    }
}

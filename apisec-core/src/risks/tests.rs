//! Risk rule fixtures: for every `Risk_*` type, records that must raise it and near-miss
//! records that must not, in one data-driven table; a registry test proves every code has
//! both.

use super::*;
use crate::catalog::{ApiType, Location, Purpose, RiskKind, SensitiveLevel};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// One fixture: records fed in order to a fresh [`RiskEngine`]; `raise` says whether
/// `kind` must be among the hits.
struct Case {
    kind: RiskKind,
    raise: bool,
    note: &'static str,
    records: Vec<Value>,
    purposes: Vec<Purpose>,
    service: Vec<ApiType>,
    req_sensitive: Vec<SensitiveCount>,
    resp_sensitive: Vec<SensitiveCount>,
}

fn case(kind: RiskKind, raise: bool, note: &'static str, records: Vec<Value>) -> Case {
    Case {
        kind,
        raise,
        note,
        records,
        purposes: vec![],
        service: vec![],
        req_sensitive: vec![],
        resp_sensitive: vec![],
    }
}

impl Case {
    fn internal(mut self) -> Self {
        self.service = vec![ApiType::InternalApi];
        self
    }
    fn resp_sens(mut self, s: &[(u16, SensitiveLevel, u32)]) -> Self {
        self.resp_sensitive = s.iter().map(|&(c, l, n)| sens(c, l, Location::ResponseBody, n)).collect();
        self
    }
    fn req_sens(mut self, s: &[(u16, SensitiveLevel, Location)]) -> Self {
        self.req_sensitive = s.iter().map(|&(c, l, loc)| sens(c, l, loc, 1)).collect();
        self
    }
}

fn sens(code: u16, level: SensitiveLevel, location: Location, count: u32) -> SensitiveCount {
    SensitiveCount { code, level, location, count, param: Some("v".into()), sample: Some("1*****9".into()) }
}

/// A record: defaults overridden by `over` (`req_body` / `resp_body` may be JSON values,
/// which are serialised).
fn r(over: Value) -> Value {
    let mut base = json!({"ts": 1700000000.0, "client_ip": "203.0.113.9", "host": "api.example.com",
        "method": "GET", "path": "/v1/items", "status": 200, "scheme": "https"});
    for (k, v) in over.as_object().unwrap() {
        let v = match (k.as_str(), v) {
            ("req_body" | "resp_body", Value::Object(_) | Value::Array(_)) => Value::String(v.to_string()),
            _ => v.clone(),
        };
        base[k] = v;
    }
    if base.get("req_body").is_some() && base.get("req_headers").is_none() {
        base["req_headers"] = json!({"Content-Type": "application/json"});
    }
    if base.get("resp_body").is_some() && base.get("resp_headers").is_none() {
        base["resp_headers"] = json!({"Content-Type": "application/json"});
    }
    base
}

/// `n` copies of a record, `dt` seconds apart, with `f` applied to each (index, record).
fn many(n: usize, dt: f64, over: Value, f: impl Fn(usize, &mut Value)) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut v = r(over.clone());
            v["ts"] = json!(1700000000.0 + i as f64 * dt);
            f(i, &mut v);
            v
        })
        .collect()
}

const RS256: &str =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu";
const HS256: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const STRONG: &str = "Bearer 9fK2xQ7vLm3Rt8WbZ1cN4pYs6DhJ0aGe";

fn login(pw: &str, status: u16, resp: Value) -> Value {
    r(json!({"method": "POST", "path": "/v1/login", "req_body": {"username": "alice", "password": pw},
        "status": status, "resp_body": resp}))
}

fn cases() -> Vec<Case> {
    use RiskKind as K;
    let ok = json!({"success": true, "token": "9fK2xQ7vLm3Rt8WbZ1cN4pYs6DhJ0aGe"});
    let bad = json!({"success": false, "msg": "Invalid username or password"});
    let s2 = SensitiveLevel::S2;
    let s3 = SensitiveLevel::S3;
    vec![
        // Security specification.
        case(
            K::UnsafeHttpMethod,
            true,
            "PUT writes a file",
            vec![r(json!({"method": "PUT", "path": "/upload/shell.php", "status": 201}))],
        ),
        case(
            K::UnsafeHttpMethod,
            true,
            "DELETE without credentials",
            vec![r(json!({"method": "DELETE", "path": "/v1/items/3"}))],
        ),
        case(K::UnsafeHttpMethod, true, "TRACE answered", vec![r(json!({"method": "TRACE", "path": "/"}))]),
        case(
            K::UnsafeHttpMethod,
            false,
            "authenticated REST DELETE",
            vec![r(
                json!({"method": "DELETE", "path": "/v1/items/3", "req_headers": {"Authorization": STRONG}}),
            )],
        ),
        case(
            K::UnsafeHttpMethod,
            false,
            "CORS pre-flight",
            vec![r(
                json!({"method": "OPTIONS", "path": "/v1/items", "req_headers": {"Access-Control-Request-Method": "PUT"}, "resp_headers": {"Allow": "GET, PUT, TRACE"}}),
            )],
        ),
        case(
            K::UnsafeHttpMethod,
            false,
            "DELETE refused",
            vec![r(json!({"method": "DELETE", "path": "/v1/items/3", "status": 405}))],
        ),
        case(
            K::WeakSignAlgorithm,
            true,
            "HS256 bearer",
            vec![r(json!({"req_headers": {"Authorization": format!("Bearer {HS256}")}}))],
        ),
        case(
            K::WeakSignAlgorithm,
            false,
            "RS256 bearer",
            vec![r(json!({"req_headers": {"Authorization": format!("Bearer {RS256}")}}))],
        ),
        case(
            K::UrlParam,
            true,
            "url in query",
            vec![r(json!({"path": "/v1/fetch", "query": "url=https%3A%2F%2Fexample.org%2Fa.png"}))],
        ),
        case(
            K::UrlParam,
            false,
            "bare domain",
            vec![r(json!({"path": "/v1/search", "query": "q=example.com"}))],
        ),
        // Account security.
        case(K::PasswdUnencrypt, true, "plain password", vec![login("S3cret!pw", 200, ok.clone())]),
        case(
            K::PasswdUnencrypt,
            false,
            "md5 of the password",
            vec![login("5f4dcc3b5aa765d61d8327deb882cf99", 200, ok.clone())],
        ),
        case(K::WeakPasswd, true, "weak password accepted", vec![login("123456", 200, ok.clone())]),
        case(K::WeakPasswd, false, "weak password refused", vec![login("123456", 401, bad.clone())]),
        case(K::WeakPasswd, false, "strong password accepted", vec![login("Tr0ub4dor&3x", 200, ok.clone())]),
        case(
            K::WeakPasswd,
            false,
            "login won by injection",
            vec![r(
                json!({"method": "POST", "path": "/v1/login", "req_body": {"username": "admin' OR '1'='1", "password": "x"}, "resp_body": ok.clone()}),
            )],
        ),
        case(
            K::InternalWeakPasswd,
            true,
            "weak password on internal login",
            vec![login("123456", 200, ok.clone())],
        )
        .internal(),
        case(
            K::InternalWeakPasswd,
            false,
            "weak password on public login",
            vec![login("123456", 200, ok.clone())],
        ),
        case(
            K::DefaultPasswd,
            true,
            "admin/admin accepted",
            vec![r(
                json!({"method": "POST", "path": "/v1/login", "req_body": {"username": "admin", "password": "admin"}, "resp_body": ok.clone()}),
            )],
        ),
        case(
            K::DefaultPasswd,
            false,
            "admin with own password",
            vec![r(
                json!({"method": "POST", "path": "/v1/login", "req_body": {"username": "admin", "password": "Xk9#mQ2!vL"}, "resp_body": ok.clone()}),
            )],
        ),
        case(
            K::PasswdResponse,
            true,
            "password returned",
            vec![r(json!({"path": "/v1/users/1", "resp_body": {"name": "bob", "password": "hunter2"}}))],
        ),
        case(
            K::PasswdResponse,
            false,
            "masked password returned",
            vec![r(
                json!({"path": "/v1/users/1", "resp_body": {"name": "bob", "password": "******", "passwordHash": "$2b$12$abcdefghijklmnopqrstuv"}}),
            )],
        ),
        case(
            K::PasswdCookie,
            true,
            "password cookie",
            vec![r(json!({"req_headers": {"Cookie": "user=bob; password=hunter2"}}))],
        ),
        case(
            K::PasswdCookie,
            false,
            "session cookie",
            vec![r(json!({"req_headers": {"Cookie": "session=9fK2xQ7vLm3Rt8WbZ1cN"}}))],
        ),
        case(
            K::LoginRestrict,
            true,
            "25 failures, no limit",
            many(25, 1.0, json!({}), |i, v| {
                *v = {
                    let mut l = login(&format!("guess{i}"), 401, bad.clone());
                    l["ts"] = json!(1700000000.0 + i as f64);
                    l
                }
            }),
        ),
        case(
            K::LoginRestrict,
            false,
            "25 failures with CAPTCHA",
            many(25, 1.0, json!({}), |i, v| {
                *v = {
                    let mut l = r(
                        json!({"method": "POST", "path": "/v1/login", "req_body": {"username": "alice", "password": format!("guess{i}"), "captcha": "x7k2"}, "status": 401, "resp_body": bad.clone()}),
                    );
                    l["ts"] = json!(1700000000.0 + i as f64);
                    l
                }
            }),
        ),
        case(
            K::LoginRestrict,
            false,
            "throttled after 5",
            many(25, 1.0, json!({}), |i, v| {
                *v = {
                    let mut l = login(&format!("guess{i}"), if i >= 5 { 429 } else { 401 }, bad.clone());
                    l["ts"] = json!(1700000000.0 + i as f64);
                    l
                }
            }),
        ),
        case(
            K::LoginRestrict,
            false,
            "10 failures only",
            many(10, 1.0, json!({}), |i, v| {
                *v = {
                    let mut l = login(&format!("guess{i}"), 401, bad.clone());
                    l["ts"] = json!(1700000000.0 + i as f64);
                    l
                }
            }),
        ),
        case(
            K::LoginPrompt,
            true,
            "says the user is unknown",
            vec![login("x", 200, json!({"success": false, "msg": "User does not exist"}))],
        ),
        case(K::LoginPrompt, false, "one message for both", vec![login("x", 401, bad.clone())]),
        case(
            K::PasswdUrl,
            true,
            "password in query",
            vec![r(json!({"path": "/v1/login", "query": "user=alice&password=secret1"}))],
        ),
        case(K::PasswdUrl, false, "password in body", vec![login("secret1", 200, ok.clone())]),
        // Access control.
        case(
            K::InternalApi,
            true,
            "internal API answers the internet",
            vec![r(json!({"path": "/internal/config"}))],
        )
        .internal(),
        case(
            K::InternalApi,
            false,
            "internal API, private client",
            vec![r(json!({"path": "/internal/config", "client_ip": "10.0.0.5"}))],
        )
        .internal(),
        case(K::SourceRestrict, true, "CN baseline, US caller served", {
            let mut v = many(60, 10.0, json!({"src_country": "CN"}), |i, v| {
                v["client_ip"] = json!(format!("198.51.100.{}", i % 6))
            });
            v.push(r(json!({"ts": 1700001000.0, "src_country": "US", "client_ip": "192.0.2.77"})));
            v
        }),
        case(K::SourceRestrict, false, "US caller refused", {
            let mut v = many(60, 10.0, json!({"src_country": "CN"}), |i, v| {
                v["client_ip"] = json!(format!("198.51.100.{}", i % 6))
            });
            v.push(r(
                json!({"ts": 1700001000.0, "src_country": "US", "client_ip": "192.0.2.77", "status": 403}),
            ));
            v
        }),
        case(K::SourceRestrict, false, "one busy client is no baseline", {
            let mut v = many(60, 10.0, json!({"src_country": "CN"}), |_, _| {});
            v.push(r(json!({"ts": 1700001000.0, "src_country": "US", "client_ip": "192.0.2.77"})));
            v
        }),
        case(
            K::ClientRestrict,
            true,
            "sqlmap served",
            vec![r(json!({"req_headers": {"User-Agent": "sqlmap/1.7.2#stable (https://sqlmap.org)"}}))],
        ),
        case(K::ClientRestrict, true, "curl on a browser API", {
            let mut v = many(
                60,
                10.0,
                json!({"req_headers": {"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"}}),
                |i, v| v["client_ip"] = json!(format!("198.51.100.{}", i % 6)),
            );
            v.push(r(json!({"ts": 1700001000.0, "req_headers": {"User-Agent": "curl/8.4.0"}})));
            v
        }),
        case(
            K::ClientRestrict,
            false,
            "sqlmap refused",
            vec![r(
                json!({"status": 403, "req_headers": {"User-Agent": "sqlmap/1.7.2#stable (https://sqlmap.org)"}}),
            )],
        ),
        case(
            K::ClientRestrict,
            false,
            "curl on a server-to-server API",
            many(60, 10.0, json!({"req_headers": {"User-Agent": "curl/8.4.0"}}), |i, v| {
                v["client_ip"] = json!(format!("198.51.100.{}", i % 6))
            }),
        ),
        case(K::SpeedRestrict, true, "120 requests in 24 s", many(120, 0.2, json!({}), |_, _| {})),
        case(
            K::SpeedRestrict,
            false,
            "throttle seen",
            many(120, 0.2, json!({}), |i, v| {
                if i == 3 {
                    v["status"] = json!(429)
                }
            }),
        ),
        case(K::SpeedRestrict, false, "60 requests a minute", many(120, 1.0, json!({}), |_, _| {})),
        // Permission management.
        case(
            K::WeakToken,
            true,
            "base64 user:password token",
            vec![r(json!({"req_headers": {"X-Auth-Token": "YWxpY2U6c2VjcmV0MQ=="}}))],
        ),
        case(
            K::WeakToken,
            true,
            "short numeric token",
            vec![r(json!({"req_headers": {"Authorization": "Bearer 123456"}}))],
        ),
        case(
            K::WeakToken,
            false,
            "random bearer",
            vec![r(json!({"req_headers": {"Authorization": STRONG}}))],
        ),
        case(
            K::UnauthSensitive,
            true,
            "ID cards without credentials",
            vec![r(json!({"path": "/v1/users/1"}))],
        )
        .resp_sens(&[(1000, s3, 1)]),
        case(
            K::UnauthSensitive,
            false,
            "ID cards behind a token",
            vec![r(json!({"path": "/v1/users/1", "req_headers": {"Authorization": STRONG}}))],
        )
        .resp_sens(&[(1000, s3, 1)]),
        case(K::UnauthSensitive, false, "only S2 data", vec![r(json!({"path": "/v1/users/1"}))])
            .resp_sens(&[(1004, s2, 1)]),
        case(
            K::UnauthInternalApi,
            true,
            "internal API without credentials",
            vec![r(json!({"path": "/internal/config"}))],
        )
        .internal(),
        case(
            K::UnauthInternalApi,
            false,
            "internal API with credentials",
            vec![r(json!({"path": "/internal/config", "req_headers": {"Authorization": STRONG}}))],
        )
        .internal(),
        case(
            K::TokenUrl,
            true,
            "access_token in query",
            vec![r(json!({"query": "access_token=9fK2xQ7vLm3Rt8Wb"}))],
        ),
        case(K::TokenUrl, false, "paging in query", vec![r(json!({"query": "page=2&size=20"}))]),
        case(
            K::AkLeak,
            true,
            "AccessKey pair returned",
            vec![r(
                json!({"resp_body": {"accessKeyId": "LTAI5tAbCdEfGhIjKlMnOp", "accessKeySecret": "Xy9aBcDeFgHiJkLmNoPqRsTuVwXyZ01"}}),
            )],
        ),
        case(
            K::AkLeak,
            false,
            "AccessKey id alone",
            vec![r(json!({"resp_body": {"accessKeyId": "LTAI5tAbCdEfGhIjKlMnOp"}}))],
        ),
        // Data protection.
        case(K::SensitiveTypeExcessive, true, "five S2+ types", vec![r(json!({}))]).resp_sens(&[
            (1002, s2, 1),
            (1003, s2, 1),
            (1004, s2, 1),
            (1005, s2, 1),
            (1000, s3, 1),
        ]),
        case(K::SensitiveTypeExcessive, false, "four types", vec![r(json!({}))]).resp_sens(&[
            (1002, s2, 1),
            (1003, s2, 1),
            (1004, s2, 1),
            (1005, s2, 1),
        ]),
        case(K::SensitiveNumExcessive, true, "60 phone numbers", vec![r(json!({}))])
            .resp_sens(&[(1004, s2, 60)]),
        case(K::SensitiveNumExcessive, false, "20 phone numbers", vec![r(json!({}))])
            .resp_sens(&[(1004, s2, 20)]),
        case(
            K::InvalidDesensitize,
            true,
            "masked and clear phone",
            vec![r(json!({"resp_body": {"phoneMasked": "138****8000", "phone": "13812348000"}}))],
        ),
        case(
            K::InvalidDesensitize,
            false,
            "masked phone, other number",
            vec![r(json!({"resp_body": {"phone": "138****8000", "other": "13999990001"}}))],
        ),
        case(
            K::ServerInfoLeak,
            true,
            "passwd file returned",
            vec![r(
                json!({"resp_headers": {"Content-Type": "text/plain"}, "resp_body": "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"}),
            )],
        ),
        case(
            K::ServerInfoLeak,
            false,
            "ordinary text",
            vec![r(json!({"resp_headers": {"Content-Type": "text/plain"}, "resp_body": "hello world"}))],
        ),
        case(
            K::InternalIpLeak,
            true,
            "10.x address to a public client",
            vec![r(json!({"resp_body": {"backend": "10.1.2.3"}}))],
        ),
        case(
            K::InternalIpLeak,
            false,
            "same answer to a private client",
            vec![r(json!({"client_ip": "10.0.0.8", "resp_body": {"backend": "10.1.2.3"}}))],
        ),
        case(K::SensitiveUrl, true, "ID card in query", vec![r(json!({"query": "idcard=x"}))]).req_sens(&[(
            1000,
            s3,
            Location::RequestQuery,
        )]),
        case(K::SensitiveUrl, false, "ID card in body", vec![r(json!({"method": "POST"}))]).req_sens(&[(
            1000,
            s3,
            Location::RequestBody,
        )]),
        // API design.
        case(
            K::ParamTraverse,
            true,
            "ids 1..12",
            many(12, 1.0, json!({"path": "/v1/orders"}), |i, v| {
                v["query"] = json!(format!("orderId={}", i + 1))
            }),
        ),
        case(
            K::ParamTraverse,
            true,
            "path ids 1..12",
            many(12, 1.0, json!({}), |i, v| v["path"] = json!(format!("/v1/users/{}", i + 1))),
        ),
        case(
            K::ParamTraverse,
            false,
            "sparse ids",
            many(12, 1.0, json!({"path": "/v1/orders"}), |i, v| {
                v["query"] = json!(format!("orderId={}", (i + 1) * 7919))
            }),
        ),
        case(
            K::ParamTraverse,
            false,
            "page numbers",
            many(12, 1.0, json!({"path": "/v1/orders"}), |i, v| {
                v["query"] = json!(format!("page={}", i + 1))
            }),
        ),
        case(
            K::ParamTraverse,
            false,
            "ids refused",
            many(12, 1.0, json!({"path": "/v1/orders", "status": 403}), |i, v| {
                v["query"] = json!(format!("orderId={}", i + 1))
            }),
        ),
        case(K::PageSize, true, "pageSize=5000", vec![r(json!({"query": "pageSize=5000"}))]),
        case(K::PageSize, false, "pageSize=20", vec![r(json!({"query": "pageSize=20"}))]),
        case(
            K::SqlApi,
            true,
            "SQL statement in body",
            vec![r(
                json!({"method": "POST", "path": "/v1/query", "req_body": {"sql": "select * from users where id=1"}}),
            )],
        ),
        case(
            K::SqlApi,
            false,
            "injection probe",
            vec![r(json!({"method": "POST", "path": "/v1/query", "req_body": {"name": "1' or '1'='1"}}))],
        ),
        case(
            K::RceApi,
            true,
            "command in body",
            vec![r(json!({"method": "POST", "path": "/v1/diag", "req_body": {"cmd": "ping -c 4 10.0.0.1"}}))],
        ),
        case(
            K::RceApi,
            false,
            "command refused",
            vec![r(
                json!({"method": "POST", "path": "/v1/diag", "status": 403, "req_body": {"cmd": "ping -c 4 10.0.0.1"}}),
            )],
        ),
        case(
            K::SmsContent,
            true,
            "free SMS text",
            vec![r(
                json!({"method": "POST", "path": "/v1/sms/send", "req_body": {"mobile": "13800138000", "content": "您的订单已发货，请查收"}}),
            )],
        ),
        case(
            K::SmsContent,
            false,
            "SMS template id",
            vec![r(
                json!({"method": "POST", "path": "/v1/sms/send", "req_body": {"mobile": "13800138000", "templateId": "SMS_1234"}}),
            )],
        ),
        case(
            K::MailContent,
            true,
            "free mail text",
            vec![r(
                json!({"method": "POST", "path": "/v1/mail/send", "req_body": {"to": "a@example.com", "subject": "Your invoice is ready", "body": "See attached"}}),
            )],
        ),
        case(
            K::MailContent,
            false,
            "mail template",
            vec![r(
                json!({"method": "POST", "path": "/v1/mail/send", "req_body": {"to": "a@example.com", "type": "welcome"}}),
            )],
        ),
        case(
            K::SmsVerifyCodeLeak,
            true,
            "code returned",
            vec![r(
                json!({"method": "POST", "path": "/v1/sms/code", "req_body": {"mobile": "13800138000"}, "resp_body": {"success": true, "smsCode": "482913"}}),
            )],
        ),
        case(
            K::SmsVerifyCodeLeak,
            false,
            "status code only",
            vec![r(
                json!({"method": "POST", "path": "/v1/sms/code", "req_body": {"mobile": "13800138000"}, "resp_body": {"success": true, "code": 0}}),
            )],
        ),
        case(
            K::MailVerifyCodeLeak,
            true,
            "code returned",
            vec![r(
                json!({"method": "POST", "path": "/v1/mail/code", "req_body": {"email": "a@example.com"}, "resp_body": {"verifyCode": "482913"}}),
            )],
        ),
        case(
            K::MailVerifyCodeLeak,
            false,
            "nothing returned",
            vec![r(
                json!({"method": "POST", "path": "/v1/mail/code", "req_body": {"email": "a@example.com"}, "resp_body": {"msg": "sent"}}),
            )],
        ),
        case(
            K::FileDownload,
            true,
            "path to a file",
            vec![r(json!({"path": "/v1/download", "query": "file=/var/data/report.pdf"}))],
        ),
        case(
            K::FileDownload,
            false,
            "file id",
            vec![r(json!({"path": "/v1/download", "query": "file=report"}))],
        ),
        case(
            K::FileDownload,
            false,
            "path on a non-download API",
            vec![r(json!({"path": "/v1/items", "query": "file=/var/data/report.pdf"}))],
        ),
        case(
            K::ExceptionLeak,
            true,
            "Java stack trace",
            vec![r(
                json!({"status": 500, "resp_headers": {"Content-Type": "text/plain"}, "resp_body": "java.lang.NullPointerException\n\tat com.example.Foo.bar(Foo.java:42)\n\tat com.example.Main.main(Main.java:7)"}),
            )],
        ),
        case(
            K::ExceptionLeak,
            false,
            "plain error",
            vec![r(json!({"status": 500, "resp_body": {"error": "internal error"}}))],
        ),
        case(
            K::ExceptionSql,
            true,
            "MySQL error",
            vec![r(
                json!({"status": 500, "resp_body": {"error": "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version"}}),
            )],
        ),
        case(
            K::ExceptionSql,
            false,
            "plain error",
            vec![r(json!({"status": 500, "resp_body": {"error": "internal error"}}))],
        ),
    ]
}

/// Feeds a case's records to a fresh engine; returns every hit.
fn run(c: &Case) -> Vec<RiskHit> {
    let mut eng = RiskEngine::default();
    let mut hits = Vec::new();
    for v in &c.records {
        let line = v.to_string();
        let rec =
            crate::record::Record::from_json(line.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", c.note));
        let params = crate::params::extract(&rec);
        let auth = crate::facets::auth::detect(&rec, &params);
        let template = rec.path.to_string();
        let input = RiskInput {
            record: &rec,
            params: &params,
            api_id: "api",
            template: &template,
            purposes: &c.purposes,
            service_objects: &c.service,
            authenticated: auth.authenticated,
            req_sensitive: &c.req_sensitive,
            resp_sensitive: &c.resp_sensitive,
            desensitize: false,
            leaks: rec.resp_body.as_deref().map(crate::facts::leaks::scan).unwrap_or_default(),
        };
        eng.observe(&input, &|_| true, &mut hits);
    }
    hits
}

#[test]
fn every_fixture_behaves() {
    let mut failures = Vec::new();
    for c in cases() {
        let hits = run(&c);
        let got = hits.iter().find(|h| h.kind == Some(c.kind));
        if got.is_some() != c.raise {
            failures.push(format!(
                "{} ({}): expected raise={}, hits {:?}",
                c.kind,
                c.note,
                c.raise,
                hits.iter().map(|h| &h.tag).collect::<Vec<_>>()
            ));
        }
        if let Some(h) = got {
            assert!(h.info.is_object(), "{}: evidence must be an object", c.kind);
            assert!(!h.suggestion.is_empty(), "{}: suggestion", c.kind);
            assert_eq!(h.level, c.kind.default_level());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_risk_code_has_a_positive_and_a_near_miss_fixture() {
    let cs = cases();
    let pos: BTreeSet<RiskKind> = cs.iter().filter(|c| c.raise).map(|c| c.kind).collect();
    let neg: BTreeSet<RiskKind> = cs.iter().filter(|c| !c.raise).map(|c| c.kind).collect();
    let all: BTreeSet<RiskKind> = RiskKind::ALL.iter().copied().collect();
    assert_eq!(pos, all, "kinds without a positive fixture: {:?}", all.difference(&pos).collect::<Vec<_>>());
    assert_eq!(neg, all, "kinds without a near-miss fixture: {:?}", all.difference(&neg).collect::<Vec<_>>());
}

#[test]
fn every_risk_code_is_implemented_once_with_a_suggestion() {
    let mut seen: Vec<RiskKind> = RULES.iter().map(|(k, _)| *k).chain(STATEFUL.iter().copied()).collect();
    seen.sort();
    let mut all = RiskKind::ALL.to_vec();
    all.sort();
    assert_eq!(seen, all);
    for k in RiskKind::ALL {
        assert!(suggestion(*k).len() > 40, "{k} needs a recommendation");
    }
}

#[test]
fn masking_keeps_only_the_ends() {
    assert_eq!(mask("hunter2"), "h*****2");
    assert_eq!(mask("S3cret!password"), "S3********rd");
    assert_eq!(mask("ab"), "**");
    assert_eq!(mask(""), "*");
    assert_eq!(mask("密码很长很长的"), "密*****的");
}

#[test]
fn state_merges_and_round_trips() {
    let c = cases().into_iter().find(|c| c.kind == RiskKind::ParamTraverse && c.raise).unwrap();
    let hits = run(&c);
    assert!(hits.iter().any(|h| h.kind == Some(RiskKind::ParamTraverse)));
    let mut a = RiskEngine::default();
    let mut b = RiskEngine::default();
    let mut sink = Vec::new();
    for (i, v) in c.records.iter().enumerate() {
        let line = v.to_string();
        let rec = crate::record::Record::from_json(line.as_bytes()).unwrap();
        let params = crate::params::extract(&rec);
        let input = RiskInput {
            record: &rec,
            params: &params,
            api_id: "api",
            template: "/v1/orders",
            purposes: &[],
            service_objects: &[],
            authenticated: false,
            req_sensitive: &[],
            resp_sensitive: &[],
            desensitize: false,
            leaks: rec.resp_body.as_deref().map(crate::facts::leaks::scan).unwrap_or_default(),
        };
        if i % 2 == 0 {
            a.observe(&input, &|_| true, &mut sink)
        } else {
            b.observe(&input, &|_| true, &mut sink)
        }
    }
    let (mut ab, mut ba) = (a.clone(), b.clone());
    ab.merge(b.clone());
    ba.merge(a.clone());
    // The sweep time is bookkeeping of each side's own history, not learned state.
    let strip = |e: &RiskEngine| {
        let mut v = serde_json::to_value(e).unwrap();
        for part in ["access", "login", "traverse"] {
            for t in v[part].as_object_mut().unwrap().values_mut() {
                t.as_object_mut().unwrap().remove("last_sweep");
            }
        }
        v
    };
    assert_eq!(strip(&ab), strip(&ba));
    let back: RiskEngine = serde_json::from_value(serde_json::to_value(&ab).unwrap()).unwrap();
    assert_eq!(back, ab);
}

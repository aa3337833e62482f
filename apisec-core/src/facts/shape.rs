//! Request-shape facts: page-size parameters, SMS / mail content parameters, file-path and
//! URL parameters, SQL / command carrying parameters, numeric ids in the path and unsafe
//! methods.
//!
//! Input: a record's [`Params`] (or a method / path `&str`). Output: references to the
//! parameters that matter, or small values. Whether an API is an SMS / mail / download API
//! is the caller's knowledge (its business purpose); these functions only read the request.

use crate::facts::leaks::leaf_name;
use crate::facts::payload::{self, integer_id};
use crate::params::{Param, Params};

/// Methods the product calls insecure (`Risk_UnsafeMethod`).
pub const UNSAFE_METHODS: &[&str] = &["PUT", "DELETE", "TRACE", "OPTIONS", "TRACK", "CONNECT"];

/// True for an insecure HTTP method (case-insensitive).
pub fn is_unsafe_method(method: &str) -> bool {
    UNSAFE_METHODS.iter().any(|m| m.eq_ignore_ascii_case(method.trim()))
}

const PAGE_SIZE_NAMES: &[&str] = &[
    "pagesize",
    "size",
    "limit",
    "perpage",
    "pagelimit",
    "rows",
    "count",
    "num",
    "pagenum_size",
    "maxresults",
    "maxrows",
    "maxitems",
    "max",
    "top",
    "take",
    "first",
    "last",
    "length",
    "itemsperpage",
    "resultsperpage",
    "pagecount",
    "ps",
    "rp",
    "psize",
    "fetchsize",
    "batchsize",
    "每页条数",
    "每页数量",
];

/// A parameter that sets how many items come back (`pageSize=20`, `limit=100`,
/// `per_page=50`), with its numeric value.
pub fn page_size_param<'p, 'r>(params: &'p Params<'r>) -> Option<(&'p Param<'r>, u64)> {
    params.request_args().find_map(|p| {
        let n = leaf_name(&p.name);
        if !PAGE_SIZE_NAMES.contains(&&*n) {
            return None;
        }
        integer_id(p.value.trim()).map(|v| (p, v))
    })
}

const PHONE_NAMES: &[&str] = &[
    "mobile",
    "phone",
    "tel",
    "telephone",
    "mobileno",
    "phoneno",
    "phonenumber",
    "mobilenumber",
    "cellphone",
    "msisdn",
    "to",
    "receiver",
    "recipient",
    "phones",
    "mobiles",
    "手机号",
    "手机",
];
const EMAIL_NAMES: &[&str] = &[
    "email",
    "mail",
    "to",
    "receiver",
    "recipient",
    "emailaddress",
    "mailto",
    "address",
    "cc",
    "bcc",
    "邮箱",
];
const CONTENT_NAMES: &[&str] = &[
    "content",
    "text",
    "msg",
    "message",
    "body",
    "sms",
    "smscontent",
    "smstext",
    "template",
    "templatecontent",
    "html",
    "subject",
    "title",
    "mailcontent",
    "emailcontent",
    "内容",
    "短信内容",
    "正文",
];

fn phone_shaped(v: &str) -> bool {
    let d: String = v.chars().filter(char::is_ascii_digit).collect();
    (7..=15).contains(&d.len())
        && v.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | ','))
}

fn email_shaped(v: &str) -> bool {
    let v = v.trim();
    match v.split_once('@') {
        Some((l, d)) => {
            !l.is_empty() && d.contains('.') && !d.starts_with('.') && !v.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Free text that reads like a message to a person: spaces or CJK characters, at least
/// 6 characters, not a template id or a code.
fn free_text(v: &str) -> bool {
    let v = v.trim();
    v.chars().count() >= 6
        && (v.contains(' ') || v.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        && !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A phone number and free message text in one request (`Risk_SmsContent` on an SMS API).
pub fn sms_content<'p, 'r>(params: &'p Params<'r>) -> Option<(&'p Param<'r>, &'p Param<'r>)> {
    let phone = params
        .request_args()
        .find(|p| PHONE_NAMES.contains(&&*leaf_name(&p.name)) && phone_shaped(p.value.trim()))?;
    let content = params
        .request_args()
        .find(|p| CONTENT_NAMES.contains(&&*leaf_name(&p.name)) && free_text(&p.value))?;
    Some((phone, content))
}

/// An e-mail address and free message text or subject in one request (`Risk_MailContent`
/// on a mail API).
pub fn mail_content<'p, 'r>(params: &'p Params<'r>) -> Option<(&'p Param<'r>, &'p Param<'r>)> {
    let to = params
        .request_args()
        .find(|p| EMAIL_NAMES.contains(&&*leaf_name(&p.name)) && email_shaped(&p.value))?;
    let content = params
        .request_args()
        .find(|p| CONTENT_NAMES.contains(&&*leaf_name(&p.name)) && free_text(&p.value))?;
    Some((to, content))
}

/// A request parameter holding a file-system path (`Risk_FileDownload` on a download API).
pub fn file_path_param<'p, 'r>(params: &'p Params<'r>) -> Option<&'p Param<'r>> {
    params.request_args().find(|p| {
        let f = payload::analyze(&p.value);
        f.file_path || f.path_traversal && !f.url
    })
}

/// A request parameter holding an absolute URL (`Risk_UrlParam`). `Referer`-like headers
/// are not request arguments and are never considered.
pub fn url_param<'p, 'r>(params: &'p Params<'r>) -> Option<&'p Param<'r>> {
    params.request_args().find(|p| payload::is_url(&p.value))
}

/// A request parameter carrying a whole SQL statement as normal use (`Risk_SqlAPI`).
pub fn sql_param<'p, 'r>(params: &'p Params<'r>) -> Option<&'p Param<'r>> {
    params.request_args().find(|p| payload::analyze(&p.value).sql_statement)
}

/// A request parameter carrying an OS command line as normal use (`Risk_RceAPI`).
pub fn command_param<'p, 'r>(params: &'p Params<'r>) -> Option<&'p Param<'r>> {
    params.request_args().find(|p| payload::analyze(&p.value).os_command)
}

/// Small integer ids in request arguments (`Risk_ParamTraverse` compares them across
/// records): each parameter whose value is an integer of at most 9 digits.
pub fn integer_params<'p, 'r>(params: &'p Params<'r>) -> impl Iterator<Item = (&'p Param<'r>, u64)> {
    params
        .request_args()
        .filter_map(|p| integer_id(p.value.trim()).filter(|_| p.value.trim().len() <= 9).map(|v| (p, v)))
}

/// Integer ids in a raw path: `(segment index, value)` for each all-digit segment of at
/// most 9 digits (`/users/42/orders/7` → `(1, 42)`, `(3, 7)`).
pub fn path_ids(path: &str) -> impl Iterator<Item = (usize, u64)> + '_ {
    path.split('/')
        .filter(|s| !s.is_empty())
        .enumerate()
        .filter_map(|(i, s)| integer_id(s).filter(|_| s.len() <= 9).map(|v| (i, v)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn with<T>(method: &str, query: &str, body: &str, f: impl FnOnce(&Params<'_>) -> T) -> T {
        let line = format!(
            r#"{{"ts":1700000000,"client_ip":"1.2.3.4","host":"h","method":"{method}","path":"/x","query":{},"req_headers":{{"Content-Type":"application/json"}},"req_body":{}}}"#,
            serde_json::to_string(query).unwrap(),
            serde_json::to_string(body).unwrap()
        );
        let r = Record::from_json(line.as_bytes()).unwrap();
        let p = crate::params::extract(&r);
        f(&p)
    }

    #[test]
    fn methods() {
        for (m, unsafe_) in [
            ("PUT", true),
            ("delete", true),
            ("TRACE", true),
            ("OPTIONS", true),
            ("GET", false),
            ("POST", false),
            ("PATCH", false),
        ] {
            assert_eq!(is_unsafe_method(m), unsafe_, "{m}");
        }
    }

    #[test]
    fn page_sizes() {
        let cases = [
            ("pageSize=20&page=1", Some(("pageSize", 20))),
            ("per_page=1000", Some(("per_page", 1000))),
            ("limit=50", Some(("limit", 50))),
            ("page=3", None),
            ("limit=abc", None),
            ("sizeUnit=kb", None),
        ];
        for (q, want) in cases {
            let got = with("GET", q, "", |p| page_size_param(p).map(|(x, v)| (x.name.to_string(), v)));
            assert_eq!(got.as_ref().map(|(n, v)| (n.as_str(), *v)), want, "{q}");
        }
    }

    #[test]
    fn sms_and_mail_content() {
        let yes = with(
            "POST",
            "",
            r#"{"mobile":"13800138000","content":"您的订单已发货，请查收"}"#,
            |p| sms_content(p).is_some(),
        );
        assert!(yes);
        let yes =
            with("POST", "", r#"{"phone":"+1 415-555-0100","text":"Click here to claim your prize"}"#, |p| {
                sms_content(p).is_some()
            });
        assert!(yes);
        let tpl =
            with("POST", "", r#"{"mobile":"13800138000","templateId":"SMS_1234","code":"4821"}"#, |p| {
                sms_content(p).is_some()
            });
        assert!(!tpl);
        let no_phone = with("POST", "", r#"{"content":"hello there friend"}"#, |p| sms_content(p).is_some());
        assert!(!no_phone);
        let mail = with(
            "POST",
            "",
            r#"{"to":"a@example.com","subject":"Your invoice is ready","body":"See attached"}"#,
            |p| mail_content(p).is_some(),
        );
        assert!(mail);
        let no_mail =
            with("POST", "", r#"{"to":"a@example.com","type":"welcome"}"#, |p| mail_content(p).is_some());
        assert!(!no_mail);
    }

    #[test]
    fn value_carrying_params() {
        assert_eq!(
            with("GET", "file=/var/data/report.pdf", "", |p| file_path_param(p).map(|x| x.name.to_string()))
                .as_deref(),
            Some("file")
        );
        assert_eq!(
            with("GET", "name=../../etc/passwd", "", |p| file_path_param(p).map(|x| x.name.to_string()))
                .as_deref(),
            Some("name")
        );
        assert!(with("GET", "file=report", "", |p| file_path_param(p).is_none()));
        assert_eq!(
            with("GET", "callback=https://x.example/cb", "", |p| url_param(p).map(|x| x.name.to_string()))
                .as_deref(),
            Some("callback")
        );
        assert!(with("GET", "q=example.com", "", |p| url_param(p).is_none()));
        assert!(with("POST", "", r#"{"sql":"select * from t where id=1"}"#, |p| sql_param(p).is_some()));
        assert!(with("POST", "", r#"{"name":"1' or '1'='1"}"#, |p| sql_param(p).is_none()));
        assert!(with("POST", "", r#"{"cmd":"ping -c 4 10.0.0.1"}"#, |p| command_param(p).is_some()));
        assert!(with("POST", "", r#"{"cmd":"free shipping"}"#, |p| command_param(p).is_none()));
        let ids = with("GET", "id=42&name=bob&big=12345678901", "", |p| {
            integer_params(p).map(|(x, v)| (x.name.to_string(), v)).collect::<Vec<_>>()
        });
        assert_eq!(ids, vec![("id".to_string(), 42)]);
        assert_eq!(path_ids("/users/42/orders/7").collect::<Vec<_>>(), vec![(1, 42), (3, 7)]);
        assert_eq!(path_ids("/v1/007/abc").count(), 0);
    }
}

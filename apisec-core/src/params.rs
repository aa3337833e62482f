//! Parameter extraction, shared by every detector.
//!
//! [`extract`] turns one [`Record`] into a flat list of [`Param`]s: query string, cookies,
//! request headers, request body (`application/x-www-form-urlencoded`, JSON with nested keys
//! as dotted paths and `[]` for array elements, `multipart/form-data` fields), response
//! headers and the JSON response body. Values are percent-decoded where their location
//! encodes them. A body that is not what its Content-Type claims yields no parameters for
//! that body; nothing here panics on any input.

use crate::catalog::Location;
use crate::record::Record;
use std::borrow::Cow;

/// Most parameters taken from one body: a 10 MB JSON array must not cost 10 M entries.
pub const MAX_PARAMS_PER_BODY: usize = 4096;
/// Deepest JSON nesting followed.
pub const MAX_JSON_DEPTH: usize = 32;

/// What kind of JSON value a parameter held (`Text` for non-JSON locations).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    /// A string (or any non-JSON value).
    Text,
    /// A JSON number.
    Number,
    /// A JSON boolean.
    Bool,
    /// JSON null.
    Null,
    /// An empty JSON object or array (non-empty ones yield their children).
    Empty,
}

/// One named value of the exchange.
#[derive(Clone, Debug, PartialEq)]
pub struct Param<'r> {
    /// Where it was found.
    pub location: Location,
    /// Its name: header/cookie/query name, or a JSON path like `data.items[].phone`.
    pub name: Cow<'r, str>,
    /// Its decoded value as text (JSON numbers and booleans as written).
    pub value: Cow<'r, str>,
    /// JSON kind of the value.
    pub kind: ValueKind,
    /// True when the value sits inside a JSON array (one of many elements).
    pub in_array: bool,
}

/// The shape a body turned out to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    /// No body.
    None,
    /// JSON.
    Json,
    /// URL-encoded form.
    Form,
    /// Multipart form.
    Multipart,
    /// XML (not decomposed into parameters).
    Xml,
    /// Anything else.
    Other,
}

/// All parameters of one record plus what the bodies turned out to be.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params<'r> {
    /// Every parameter, in location order.
    pub items: Vec<Param<'r>>,
    /// Shape of the request body.
    pub req_format: Option<BodyFormat>,
    /// Shape of the response body.
    pub resp_format: Option<BodyFormat>,
    /// The parsed JSON request body, when it was JSON.
    pub req_json: Option<serde_json::Value>,
    /// The parsed JSON response body, when it was JSON.
    pub resp_json: Option<serde_json::Value>,
}

impl<'r> Params<'r> {
    /// Parameters of one location.
    pub fn at(&self, loc: Location) -> impl Iterator<Item = &Param<'r>> {
        self.items.iter().filter(move |p| p.location == loc)
    }
    /// The first value of a named parameter at a location (exact name).
    pub fn get(&self, loc: Location, name: &str) -> Option<&str> {
        self.at(loc).find(|p| p.name == name).map(|p| p.value.as_ref())
    }
    /// Request-side parameters (query, cookie, body; headers excluded).
    pub fn request_args(&self) -> impl Iterator<Item = &Param<'r>> {
        self.items.iter().filter(|p| {
            matches!(p.location, Location::RequestQuery | Location::RequestBody | Location::RequestCookie)
        })
    }
}

/// Extracts every parameter of a record.
pub fn extract<'r>(rec: &'r Record<'_>) -> Params<'r> {
    let mut out = Params::default();
    if let Some(q) = rec.query.as_deref() {
        parse_urlencoded(q, Location::RequestQuery, &mut out.items);
    }
    for (name, value) in rec.req_headers.iter() {
        if name.eq_ignore_ascii_case("cookie") {
            parse_cookies(value, &mut out.items);
        }
        out.items.push(Param {
            location: Location::RequestHeader,
            name: Cow::Borrowed(name),
            value: Cow::Borrowed(value),
            kind: ValueKind::Text,
            in_array: false,
        });
    }
    if let Some(body) = rec.req_body.as_deref().filter(|b| !b.is_empty()) {
        let ct = rec.req_headers.get("content-type").unwrap_or("");
        let (fmt, json) = parse_body(body, ct, Location::RequestBody, true, &mut out.items);
        out.req_format = Some(fmt);
        out.req_json = json;
    }
    for (name, value) in rec.resp_headers.iter() {
        out.items.push(Param {
            location: Location::ResponseHeader,
            name: Cow::Borrowed(name),
            value: Cow::Borrowed(value),
            kind: ValueKind::Text,
            in_array: false,
        });
    }
    if let Some(body) = rec.resp_body.as_deref().filter(|b| !b.is_empty()) {
        let ct = rec.resp_headers.get("content-type").unwrap_or("");
        let (fmt, json) = parse_body(body, ct, Location::ResponseBody, false, &mut out.items);
        out.resp_format = Some(fmt);
        out.resp_json = json;
    }
    out
}

/// Decides what a body is from its Content-Type, falling back to sniffing the bytes.
pub fn sniff_format(body: &[u8], content_type: &str) -> BodyFormat {
    let ct = content_type.to_ascii_lowercase();
    let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
    if ct.contains("json")
        || (ct.is_empty() || ct.contains("text/plain")) && matches!(first, Some(b'{' | b'['))
    {
        return BodyFormat::Json;
    }
    if ct.contains("x-www-form-urlencoded") {
        return BodyFormat::Form;
    }
    if ct.contains("multipart/") {
        return BodyFormat::Multipart;
    }
    if ct.contains("xml") || first == Some(b'<') && !ct.contains("html") {
        return BodyFormat::Xml;
    }
    if ct.is_empty() && looks_like_form(body) {
        return BodyFormat::Form;
    }
    if matches!(first, Some(b'{' | b'[')) && !ct.contains("html") {
        return BodyFormat::Json;
    }
    BodyFormat::Other
}

fn looks_like_form(body: &[u8]) -> bool {
    body.len() < 65536
        && memchr::memchr(b'=', body).is_some()
        && !body.iter().any(|&b| b.is_ascii_whitespace() || b == b'{' || b == b'<')
}

fn parse_body<'r>(
    body: &'r [u8],
    content_type: &'r str,
    loc: Location,
    allow_forms: bool,
    out: &mut Vec<Param<'r>>,
) -> (BodyFormat, Option<serde_json::Value>) {
    let fmt = sniff_format(body, content_type);
    match fmt {
        BodyFormat::Json => match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(v) => {
                let mut budget = MAX_PARAMS_PER_BODY;
                let mut path = String::new();
                flatten_json(&v, &mut path, 0, false, loc, &mut budget, out);
                (BodyFormat::Json, Some(v))
            }
            Err(_) => (BodyFormat::Other, None),
        },
        BodyFormat::Form if allow_forms => {
            let text = String::from_utf8_lossy(body);
            match text {
                Cow::Borrowed(t) => parse_urlencoded(t, loc, out),
                Cow::Owned(t) => {
                    let mut tmp: Vec<Param<'_>> = Vec::new();
                    parse_urlencoded(&t, loc, &mut tmp);
                    for p in tmp {
                        let owned: Param<'static> = p.into_owned();
                        out.push(owned);
                    }
                }
            }
            (BodyFormat::Form, None)
        }
        BodyFormat::Multipart if allow_forms => {
            parse_multipart(body, content_type, loc, out);
            (BodyFormat::Multipart, None)
        }
        other => (other, None),
    }
}

impl<'r> Param<'r> {
    /// Copies borrowed parts so the parameter outlives its record.
    pub fn into_owned(self) -> Param<'static> {
        Param {
            location: self.location,
            name: Cow::Owned(self.name.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
            kind: self.kind,
            in_array: self.in_array,
        }
    }
}

fn flatten_json<'r>(
    v: &serde_json::Value,
    path: &mut String,
    depth: usize,
    in_array: bool,
    loc: Location,
    budget: &mut usize,
    out: &mut Vec<Param<'r>>,
) {
    use serde_json::Value;
    if *budget == 0 {
        return;
    }
    let mut leaf = |value: Cow<'r, str>, kind: ValueKind, budget: &mut usize| {
        *budget -= 1;
        let name = if path.is_empty() { Cow::Borrowed("$") } else { Cow::Owned(path.clone()) };
        out.push(Param { location: loc, name, value, kind, in_array });
    };
    match v {
        Value::Object(m) if !m.is_empty() && depth < MAX_JSON_DEPTH => {
            for (k, child) in m {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                flatten_json(child, path, depth + 1, in_array, loc, budget, out);
                path.truncate(len);
                if *budget == 0 {
                    return;
                }
            }
        }
        Value::Array(a) if !a.is_empty() && depth < MAX_JSON_DEPTH => {
            let len = path.len();
            path.push_str("[]");
            for child in a {
                flatten_json(child, path, depth + 1, true, loc, budget, out);
                if *budget == 0 {
                    break;
                }
            }
            path.truncate(len);
        }
        Value::Object(_) | Value::Array(_) => leaf(Cow::Borrowed(""), ValueKind::Empty, budget),
        Value::String(s) => leaf(Cow::Owned(s.clone()), ValueKind::Text, budget),
        Value::Number(n) => leaf(Cow::Owned(n.to_string()), ValueKind::Number, budget),
        Value::Bool(b) => leaf(Cow::Borrowed(if *b { "true" } else { "false" }), ValueKind::Bool, budget),
        Value::Null => leaf(Cow::Borrowed(""), ValueKind::Null, budget),
    }
}

/// Parses `a=1&b=two%20words` into parameters (`+` is a space, `%XX` decoded).
pub fn parse_urlencoded<'r>(s: &'r str, loc: Location, out: &mut Vec<Param<'r>>) {
    let mut n = 0;
    for pair in s.split(['&', ';']) {
        if pair.is_empty() {
            continue;
        }
        n += 1;
        if n > MAX_PARAMS_PER_BODY {
            break;
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.push(Param {
            location: loc,
            name: percent_decode(k, true),
            value: percent_decode(v, true),
            kind: ValueKind::Text,
            in_array: false,
        });
    }
}

fn parse_cookies<'r>(header: &'r str, out: &mut Vec<Param<'r>>) {
    for part in header.split(';') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let v = v.trim();
        let v = v.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(v);
        out.push(Param {
            location: Location::RequestCookie,
            name: Cow::Borrowed(k.trim()),
            value: percent_decode(v, false),
            kind: ValueKind::Text,
            in_array: false,
        });
    }
}

fn parse_multipart<'r>(body: &'r [u8], content_type: &str, loc: Location, out: &mut Vec<Param<'r>>) {
    let Some(boundary) = header_attr(content_type, "boundary") else { return };
    let delim = format!("--{boundary}");
    let finder = memchr::memmem::Finder::new(delim.as_bytes());
    let starts: Vec<usize> = finder.find_iter(body).collect();
    for w in starts.windows(2) {
        let part = &body[w[0] + delim.len()..w[1]];
        let part = part.strip_prefix(b"\r\n").or_else(|| part.strip_prefix(b"\n")).unwrap_or(part);
        let (head, content) = match memchr::memmem::find(part, b"\r\n\r\n") {
            Some(i) => (&part[..i], &part[i + 4..]),
            None => match memchr::memmem::find(part, b"\n\n") {
                Some(i) => (&part[..i], &part[i + 2..]),
                None => continue,
            },
        };
        let content =
            content.strip_suffix(b"\r\n").or_else(|| content.strip_suffix(b"\n")).unwrap_or(content);
        let Ok(head) = std::str::from_utf8(head) else { continue };
        let Some(disp) = head.lines().find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
        else {
            continue;
        };
        let Some(name) = header_attr(disp, "name") else { continue };
        let value = match header_attr(disp, "filename") {
            Some(f) => Cow::Owned(f.to_owned()),
            None => match std::str::from_utf8(content) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => String::from_utf8_lossy(content).into_owned().into(),
            },
        };
        out.push(Param {
            location: loc,
            name: Cow::Owned(name.to_owned()),
            value,
            kind: ValueKind::Text,
            in_array: false,
        });
        if out.len() > MAX_PARAMS_PER_BODY * 4 {
            break;
        }
    }
}

/// Reads `attr=value` or `attr="value"` out of a header such as Content-Type.
pub fn header_attr<'h>(header: &'h str, attr: &str) -> Option<&'h str> {
    for part in header.split(';').skip(1) {
        let (k, v) = part.trim().split_once('=')?;
        if k.trim().eq_ignore_ascii_case(attr) {
            let v = v.trim();
            return Some(v.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(v));
        }
    }
    None
}

/// Percent-decodes `s` (and `+` as space when `plus` is set). Malformed escapes stay as
/// written; invalid UTF-8 after decoding is replaced lossily. Borrows when nothing changes.
pub fn percent_decode(s: &str, plus: bool) -> Cow<'_, str> {
    let b = s.as_bytes();
    if !b.iter().any(|&c| c == b'%' || (plus && c == b'+')) {
        return Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(extra: &str) -> String {
        format!(r#"{{"ts":1700000000,"client_ip":"1.2.3.4","host":"h","method":"POST","path":"/x"{extra}}}"#)
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b+c", true), "a b c");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("100%", true), "100%");
        assert_eq!(percent_decode("%zz%4", true), "%zz%4");
        assert_eq!(percent_decode("%E6%89%8B", true), "手");
        assert_eq!(percent_decode("%FF", true), "\u{FFFD}");
        assert!(matches!(percent_decode("plain", true), Cow::Borrowed(_)));
    }

    #[test]
    fn query_cookie_headers_json() {
        let line = rec(
            r#","query":"page=2&q=a%2Bb+c&flag","req_headers":{"Cookie":"sid=abc; lang=zh%2DCN","Content-Type":"application/json"},"req_body":"{\"user\":{\"name\":\"bob\",\"tags\":[\"a\",\"b\"]},\"n\":3,\"ok\":true,\"z\":null,\"e\":{}}","resp_body":"[{\"id\":1},{\"id\":2}]""#,
        );
        let r = Record::from_json(line.as_bytes()).unwrap();
        let p = extract(&r);
        assert_eq!(p.get(Location::RequestQuery, "page"), Some("2"));
        assert_eq!(p.get(Location::RequestQuery, "q"), Some("a+b c"));
        assert_eq!(p.get(Location::RequestQuery, "flag"), Some(""));
        assert_eq!(p.get(Location::RequestCookie, "sid"), Some("abc"));
        assert_eq!(p.get(Location::RequestCookie, "lang"), Some("zh-CN"));
        assert_eq!(p.get(Location::RequestHeader, "Cookie"), Some("sid=abc; lang=zh%2DCN"));
        assert_eq!(p.get(Location::RequestBody, "user.name"), Some("bob"));
        assert_eq!(p.at(Location::RequestBody).filter(|x| x.name == "user.tags[]").count(), 2);
        let n = p.at(Location::RequestBody).find(|x| x.name == "n").unwrap();
        assert_eq!((n.value.as_ref(), n.kind), ("3", ValueKind::Number));
        assert_eq!(p.at(Location::RequestBody).find(|x| x.name == "z").unwrap().kind, ValueKind::Null);
        assert_eq!(p.at(Location::RequestBody).find(|x| x.name == "e").unwrap().kind, ValueKind::Empty);
        let ids: Vec<_> =
            p.at(Location::ResponseBody).map(|x| (x.name.as_ref(), x.value.as_ref(), x.in_array)).collect();
        assert_eq!(ids, [("[].id", "1", true), ("[].id", "2", true)]);
        assert_eq!(p.req_format, Some(BodyFormat::Json));
    }

    #[test]
    fn form_and_multipart() {
        let line = rec(
            r#","req_headers":[["Content-Type","application/x-www-form-urlencoded"]],"req_body":"username=al%C3%ADce&password=p%40ss+1""#,
        );
        let r = Record::from_json(line.as_bytes()).unwrap();
        let p = extract(&r);
        assert_eq!(p.get(Location::RequestBody, "username"), Some("alíce"));
        assert_eq!(p.get(Location::RequestBody, "password"), Some("p@ss 1"));

        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\ncontent\r\n--XyZ--\r\n";
        let line = rec(&format!(
            r#","req_headers":{{"Content-Type":"multipart/form-data; boundary=XyZ"}},"req_body":{}"#,
            serde_json::to_string(body).unwrap()
        ));
        let r = Record::from_json(line.as_bytes()).unwrap();
        let p = extract(&r);
        assert_eq!(p.get(Location::RequestBody, "title"), Some("hello"));
        assert_eq!(p.get(Location::RequestBody, "file"), Some("a.txt"));
    }

    #[test]
    fn lying_content_types_do_not_fail() {
        for (ct, body) in [
            ("application/json", "not json {"),
            ("multipart/form-data", "--x\r\nbroken"),
            ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\n--x"),
            ("application/x-www-form-urlencoded", "%%%&&=="),
            ("", "\u{0}\u{1}binary"),
        ] {
            let line = rec(&format!(
                r#","req_headers":{{"Content-Type":{}}},"req_body":{},"resp_body":{}"#,
                serde_json::to_string(ct).unwrap(),
                serde_json::to_string(body).unwrap(),
                serde_json::to_string(body).unwrap()
            ));
            let r = Record::from_json(line.as_bytes()).unwrap();
            let _ = extract(&r);
        }
    }
}

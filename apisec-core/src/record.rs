//! The input record (DESIGN.md §2): one HTTP request and its response.
//!
//! [`Record::from_json`] parses one JSON object, borrowing every string it can from the
//! input buffer (escaped strings and base64 bodies are the only allocations) and validating
//! each field. An invalid record yields a [`RecordError`] naming the field and what is wrong;
//! it never reaches engine state.

use crate::time::parse_rfc3339;
use base64::Engine as _;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

/// Why a record was rejected: the field (or `json`) and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{field}: {message}")]
pub struct RecordError {
    /// The offending field (`ts`, `req_headers[2]`, …) or `json` for a syntax error.
    pub field: String,
    /// What is wrong, in words.
    pub message: String,
}

impl RecordError {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        RecordError { field: field.into(), message: message.into() }
    }
}

/// `http` or `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Plain HTTP.
    Http,
    /// HTTP over TLS.
    Https,
}

/// A WAF verdict carried by the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WafAction {
    /// The WAF blocked the request.
    Block,
    /// The WAF let it through.
    Pass,
}

/// A header list: names keep their original case; look-ups ignore case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers<'a>(pub Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> Headers<'a> {
    /// The first value of a header, by case-insensitive name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
    /// Every value of a header, by case-insensitive name.
    pub fn get_all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.0.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
    /// Iterates `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_ref(), v.as_ref()))
    }
    /// Number of header lines.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// True when there are no headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Copies every borrowed string so the headers outlive the input buffer.
    pub fn into_owned(self) -> Headers<'static> {
        Headers(self.0.into_iter().map(|(n, v)| (own(n), own(v))).collect())
    }
}

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

/// One HTTP exchange. Strings borrow from the caller's buffer where the JSON allows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Record<'a> {
    /// Event time in unix seconds.
    pub ts: f64,
    /// The real client address.
    pub client_ip: IpAddr,
    /// Host as sent (may carry `:port`).
    pub host: Cow<'a, str>,
    /// HTTP method, upper case as sent.
    pub method: Cow<'a, str>,
    /// Raw path without the query (may be percent-encoded).
    pub path: Cow<'a, str>,
    /// Raw query string without `?`.
    pub query: Option<Cow<'a, str>>,
    /// `http` or `https`, when known.
    pub scheme: Option<Scheme>,
    /// The server port, when known.
    pub server_port: Option<u16>,
    /// Request headers.
    pub req_headers: Headers<'a>,
    /// Response headers.
    pub resp_headers: Headers<'a>,
    /// Request body, decoded from base64 when the record said so.
    pub req_body: Option<Cow<'a, [u8]>>,
    /// Response body, decoded from base64 when the record said so.
    pub resp_body: Option<Cow<'a, [u8]>>,
    /// Response status; `None` when no response was seen.
    pub status: Option<u16>,
    /// ISO 3166 alpha-2 country of the client, upper case.
    pub src_country: Option<Cow<'a, str>>,
    /// The authenticated account, when the gateway knows it.
    pub account: Option<Cow<'a, str>>,
    /// The WAF verdict, if any.
    pub waf_action: Option<WafAction>,
    /// The WAF rule family that decided (`sqli`, `xss`, …).
    pub waf_rule_type: Option<Cow<'a, str>>,
    /// A trace id kept with samples.
    pub trace_id: Option<Cow<'a, str>>,
}

impl<'a> Record<'a> {
    /// Parses and validates one JSON record.
    pub fn from_json(bytes: &'a [u8]) -> Result<Record<'a>, RecordError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let raw = match RawRecord::deserialize(&mut de) {
            Ok(r) => r,
            Err(e) => return Err(json_error(e)),
        };
        de.end()
            .map_err(|e| RecordError::new("json", format!("trailing characters after the record ({e})")))?;
        raw.validate()
    }

    /// The host without a `:port` suffix, lower-cased only if it had upper case.
    pub fn host_name(&self) -> &str {
        strip_port(&self.host)
    }

    /// The request body as text (lossy for invalid UTF-8).
    pub fn req_text(&self) -> Option<Cow<'_, str>> {
        self.req_body.as_deref().map(crate::scan::repair_utf8)
    }

    /// The response body as text (lossy for invalid UTF-8).
    pub fn resp_text(&self) -> Option<Cow<'_, str>> {
        self.resp_body.as_deref().map(crate::scan::repair_utf8)
    }

    /// True when the client's country is the Chinese mainland.
    pub fn is_cn(&self) -> bool {
        self.src_country.as_deref().is_some_and(|c| c.eq_ignore_ascii_case("CN"))
    }

    /// Copies every borrowed part so the record outlives its buffer.
    pub fn into_owned(self) -> Record<'static> {
        Record {
            ts: self.ts,
            client_ip: self.client_ip,
            host: own(self.host),
            method: own(self.method),
            path: own(self.path),
            query: self.query.map(own),
            scheme: self.scheme,
            server_port: self.server_port,
            req_headers: self.req_headers.into_owned(),
            resp_headers: self.resp_headers.into_owned(),
            req_body: self.req_body.map(|b| Cow::Owned(b.into_owned())),
            resp_body: self.resp_body.map(|b| Cow::Owned(b.into_owned())),
            status: self.status,
            src_country: self.src_country.map(own),
            account: self.account.map(own),
            waf_action: self.waf_action,
            waf_rule_type: self.waf_rule_type.map(own),
            trace_id: self.trace_id.map(own),
        }
    }
}

/// Removes a `:port` suffix from a host (IPv6 literals in brackets are kept whole).
pub fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rfind(':') {
        Some(i) if host[i + 1..].bytes().all(|b| b.is_ascii_digit()) && host[..i].find(':').is_none() => {
            &host[..i]
        }
        _ => host,
    }
}

fn json_error(e: serde_json::Error) -> RecordError {
    // Field errors raised by our visitor carry "field\u{0}message".
    let msg = e.to_string();
    if let Some((field, rest)) = msg.split_once('\u{0}') {
        let rest = rest.rsplit_once(" at line ").map(|(m, _)| m).unwrap_or(rest);
        return RecordError::new(field, rest);
    }
    if e.is_eof() {
        return RecordError::new("json", format!("truncated record ({msg})"));
    }
    RecordError::new("json", format!("not a JSON object: {msg}"))
}

fn field_err<E: de::Error>(field: &str, e: impl fmt::Display) -> E {
    E::custom(format_args!("{field}\u{0}{e}"))
}

/// A borrowed-or-owned string that borrows whenever serde_json can.
struct CowStr<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A value that is either null/absent or a string.
struct OptStr<'a>(Option<Cow<'a, str>>);
impl<'de> Deserialize<'de> for OptStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(OptStr(Option::<CowStr<'de>>::deserialize(d)?.map(|c| c.0)))
    }
}

/// `ts`: a number of seconds or an RFC 3339 string.
enum RawTs<'a> {
    Num(f64),
    Str(Cow<'a, str>),
}
impl<'de> Deserialize<'de> for RawTs<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawTs<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of unix seconds or an RFC 3339 string")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(RawTs::Num(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(RawTs::Num(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(RawTs::Num(v as f64))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(RawTs::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawTs::Str(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_any(V)
    }
}

/// Headers in either form: an object `{name: value}` or an array of `[name, value]` pairs.
struct RawHeaders<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);
impl<'de> Deserialize<'de> for RawHeaders<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawHeaders<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object {name: value} or an array of [name, value] pairs")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(RawHeaders(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(m.size_hint().unwrap_or(8));
                while let Some(k) = m.next_key::<CowStr<'de>>()? {
                    let v = m.next_value::<HeaderValue<'de>>().map_err(|e| {
                        de::Error::custom(format_args!("`{}`: {}", k.0, strip_pos(&e.to_string())))
                    })?;
                    for v in v.0 {
                        out.push((k.0.clone(), v));
                    }
                }
                Ok(RawHeaders(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(s.size_hint().unwrap_or(8));
                let mut i = 0usize;
                loop {
                    match s.next_element::<Pair<'de>>() {
                        Ok(Some(p)) => out.push((p.0, p.1)),
                        Ok(None) => break,
                        Err(e) => {
                            return Err(de::Error::custom(format_args!(
                                "[{i}]: {}",
                                strip_pos(&e.to_string())
                            )));
                        }
                    }
                    i += 1;
                }
                Ok(RawHeaders(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A header value: a string, a number, or an array of strings (repeated header).
struct HeaderValue<'a>(Vec<Cow<'a, str>>);
impl<'de> Deserialize<'de> for HeaderValue<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HeaderValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string value (or an array of strings)")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(HeaderValue(vec![Cow::Borrowed(v)]))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(HeaderValue(vec![Cow::Owned(v.to_owned())]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(HeaderValue(vec![Cow::Owned(v.to_string())]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(HeaderValue(vec![Cow::Owned(v.to_string())]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = s.next_element::<CowStr<'de>>()? {
                    out.push(v.0);
                }
                Ok(HeaderValue(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// One `[name, value]` pair of the array header form.
struct Pair<'a>(Cow<'a, str>, Cow<'a, str>);
impl<'de> Deserialize<'de> for Pair<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pair<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a [name, value] pair of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Self::Value, A::Error> {
                let n =
                    s.next_element::<CowStr<'de>>()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let v = s
                    .next_element::<HeaderValue<'de>>()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if s.next_element::<IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(Pair(n.0, join_values(v.0)))
            }
        }
        d.deserialize_seq(V)
    }
}

fn join_values(v: Vec<Cow<'_, str>>) -> Cow<'_, str> {
    let mut it = v.into_iter();
    match (it.next(), it.next()) {
        (None, _) => Cow::Borrowed(""),
        (Some(a), None) => a,
        (Some(a), Some(b)) => {
            let mut s = a.into_owned();
            s.push_str(", ");
            s.push_str(&b);
            for c in it {
                s.push_str(", ");
                s.push_str(&c);
            }
            Cow::Owned(s)
        }
    }
}

fn strip_pos(s: &str) -> &str {
    s.rsplit_once(" at line ").map(|(m, _)| m).unwrap_or(s)
}

/// The record as read, before validation.
#[derive(Default)]
struct RawRecord<'a> {
    ts: Option<RawTs<'a>>,
    client_ip: Option<Cow<'a, str>>,
    host: Option<Cow<'a, str>>,
    method: Option<Cow<'a, str>>,
    path: Option<Cow<'a, str>>,
    query: Option<Cow<'a, str>>,
    scheme: Option<Cow<'a, str>>,
    server_port: Option<i64>,
    req_headers: Option<RawHeaders<'a>>,
    resp_headers: Option<RawHeaders<'a>>,
    req_body: Option<Cow<'a, str>>,
    resp_body: Option<Cow<'a, str>>,
    req_body_encoding: Option<Cow<'a, str>>,
    resp_body_encoding: Option<Cow<'a, str>>,
    status: Option<i64>,
    src_country: Option<Cow<'a, str>>,
    account: Option<Cow<'a, str>>,
    waf_action: Option<Cow<'a, str>>,
    waf_rule_type: Option<Cow<'a, str>>,
    trace_id: Option<Cow<'a, str>>,
}

impl<'de> Deserialize<'de> for RawRecord<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRecord<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object (one record)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut r = RawRecord::default();
                while let Some(key) = m.next_key::<CowStr<'de>>()? {
                    macro_rules! take {
                        ($slot:ident, $ty:ty, $conv:expr) => {{
                            let v: $ty = m.next_value().map_err(|e: A::Error| {
                                field_err::<A::Error>(stringify!($slot), strip_pos(&e.to_string()))
                            })?;
                            r.$slot = $conv(v);
                        }};
                    }
                    match key.0.as_ref() {
                        "ts" => take!(ts, Option<RawTs<'de>>, |v| v),
                        "client_ip" => take!(client_ip, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "host" => take!(host, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "method" => take!(method, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "path" => take!(path, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "query" => take!(query, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "scheme" => take!(scheme, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "server_port" => take!(server_port, Option<i64>, |v| v),
                        "req_headers" => take!(req_headers, Option<RawHeaders<'de>>, |v| v),
                        "resp_headers" => take!(resp_headers, Option<RawHeaders<'de>>, |v| v),
                        "req_body" => take!(req_body, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "resp_body" => take!(resp_body, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "req_body_encoding" => take!(req_body_encoding, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "resp_body_encoding" => take!(resp_body_encoding, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "status" => take!(status, Option<i64>, |v| v),
                        "src_country" => take!(src_country, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "account" => take!(account, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "waf_action" => take!(waf_action, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "waf_rule_type" => take!(waf_rule_type, OptStr<'de>, |v: OptStr<'de>| v.0),
                        "trace_id" => take!(trace_id, OptStr<'de>, |v: OptStr<'de>| v.0),
                        _ => {
                            m.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(r)
            }
        }
        d.deserialize_map(V)
    }
}

fn decode_body<'a>(
    field: &str,
    body: Option<Cow<'a, str>>,
    encoding: Option<&str>,
) -> Result<Option<Cow<'a, [u8]>>, RecordError> {
    let enc_field = format!("{field}_encoding");
    match encoding.unwrap_or("utf8") {
        "utf8" | "utf-8" | "UTF-8" | "" => Ok(body.map(|b| match b {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        })),
        "base64" => match body {
            None => Ok(None),
            Some(b) => {
                let cleaned: Cow<'_, str> = if b.bytes().any(|c| c.is_ascii_whitespace()) {
                    Cow::Owned(b.chars().filter(|c| !c.is_ascii_whitespace()).collect())
                } else {
                    Cow::Borrowed(b.as_ref())
                };
                let engine = if cleaned.contains(['-', '_']) {
                    &base64::engine::general_purpose::URL_SAFE
                } else {
                    &base64::engine::general_purpose::STANDARD
                };
                let padded_ok = engine.decode(cleaned.as_bytes()).or_else(|_| {
                    base64::engine::general_purpose::STANDARD_NO_PAD
                        .decode(cleaned.trim_end_matches('=').as_bytes())
                });
                padded_ok
                    .map(|v| Some(Cow::Owned(v)))
                    .map_err(|e| RecordError::new(field, format!("not valid base64 ({e})")))
            }
        },
        other => Err(RecordError::new(enc_field, format!("must be `utf8` or `base64` (got `{other}`)"))),
    }
}

fn non_empty<'a>(field: &str, v: Option<Cow<'a, str>>) -> Result<Cow<'a, str>, RecordError> {
    match v {
        None => Err(RecordError::new(field, "required field is missing")),
        Some(s) if s.trim().is_empty() => Err(RecordError::new(field, "must not be empty")),
        Some(s) => Ok(s),
    }
}

/// Earliest and latest accepted timestamps (1990-01-01 .. 2200-01-01).
const TS_MIN: f64 = 631_152_000.0;
const TS_MAX: f64 = 7_258_118_400.0;

impl<'a> RawRecord<'a> {
    fn validate(self) -> Result<Record<'a>, RecordError> {
        let ts = match self.ts {
            None => return Err(RecordError::new("ts", "required field is missing")),
            Some(RawTs::Num(n)) => {
                // Milliseconds are a common mistake: accept them, they are unambiguous.
                if n > 1e11 && n / 1000.0 < TS_MAX { n / 1000.0 } else { n }
            }
            Some(RawTs::Str(s)) => match s.trim().parse::<f64>() {
                Ok(n) => n,
                Err(_) => parse_rfc3339(&s)
                    .map_err(|e| RecordError::new("ts", format!("not RFC 3339: {e} (got `{s}`)")))?,
            },
        };
        if !ts.is_finite() || !(TS_MIN..TS_MAX).contains(&ts) {
            return Err(RecordError::new(
                "ts",
                format!("out of range: {ts} is not a plausible unix time in seconds"),
            ));
        }
        let ip_s = non_empty("client_ip", self.client_ip)?;
        let client_ip: IpAddr = parse_ip(ip_s.trim()).ok_or_else(|| {
            RecordError::new("client_ip", format!("not an IPv4 or IPv6 address (got `{ip_s}`)"))
        })?;
        let host = non_empty("host", self.host)?;
        if host.bytes().any(|b| b.is_ascii_whitespace() || b == b'/') {
            return Err(RecordError::new("host", format!("not a host name (got `{host}`)")));
        }
        let method = non_empty("method", self.method)?;
        if !method.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_') || method.len() > 32 {
            return Err(RecordError::new("method", format!("not an HTTP method (got `{method}`)")));
        }
        let method = if method.bytes().any(|b| b.is_ascii_lowercase()) {
            Cow::Owned(method.to_ascii_uppercase())
        } else {
            method
        };
        let path = non_empty("path", self.path)?;
        let (path, query) = split_query(path, self.query);
        if !path.starts_with('/') && !path.starts_with('*') {
            return Err(RecordError::new("path", format!("must start with `/` (got `{path}`)")));
        }
        let scheme = match self.scheme.as_deref() {
            None | Some("") => None,
            Some(s) if s.eq_ignore_ascii_case("http") => Some(Scheme::Http),
            Some(s) if s.eq_ignore_ascii_case("https") => Some(Scheme::Https),
            Some(s) => {
                return Err(RecordError::new("scheme", format!("must be `http` or `https` (got `{s}`)")));
            }
        };
        let server_port = match self.server_port {
            None => None,
            Some(p) if (0..=65535).contains(&p) => Some(p as u16),
            Some(p) => return Err(RecordError::new("server_port", format!("must be 0–65535 (got {p})"))),
        };
        let status = match self.status {
            None => None,
            Some(s) if (100..=999).contains(&s) => Some(s as u16),
            Some(s) => {
                return Err(RecordError::new("status", format!("must be an HTTP status 100–999 (got {s})")));
            }
        };
        let req_body = decode_body("req_body", self.req_body, self.req_body_encoding.as_deref())?;
        let resp_body = decode_body("resp_body", self.resp_body, self.resp_body_encoding.as_deref())?;
        let src_country = match self.src_country {
            None => None,
            Some(c) if c.is_empty() || c == "-" => None,
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
                Some(if c.bytes().any(|b| b.is_ascii_lowercase()) {
                    Cow::Owned(c.to_ascii_uppercase())
                } else {
                    c
                })
            }
            Some(c) => {
                return Err(RecordError::new(
                    "src_country",
                    format!("must be an ISO 3166 alpha-2 code (got `{c}`)"),
                ));
            }
        };
        let waf_action = match self.waf_action.as_deref() {
            None | Some("") => None,
            Some(s) if s.eq_ignore_ascii_case("block") => Some(WafAction::Block),
            Some(s) if s.eq_ignore_ascii_case("pass") => Some(WafAction::Pass),
            Some(s) => {
                return Err(RecordError::new("waf_action", format!("must be `block` or `pass` (got `{s}`)")));
            }
        };
        Ok(Record {
            ts,
            client_ip,
            host,
            method,
            path,
            query,
            scheme,
            server_port,
            req_headers: Headers(self.req_headers.map(|h| h.0).unwrap_or_default()),
            resp_headers: Headers(self.resp_headers.map(|h| h.0).unwrap_or_default()),
            req_body,
            resp_body,
            status,
            src_country,
            account: self.account.filter(|a| !a.is_empty()),
            waf_action,
            waf_rule_type: self.waf_rule_type.filter(|a| !a.is_empty()),
            trace_id: self.trace_id.filter(|a| !a.is_empty()),
        })
    }
}

/// Parses an IP address, accepting a bracketed IPv6 literal or an IPv4 with `:port`.
fn parse_ip(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    let inner = s.strip_prefix('[').and_then(|r| r.split(']').next());
    if let Some(i) = inner {
        return i.parse().ok();
    }
    s.rsplit_once(':').filter(|(h, _)| !h.contains(':')).and_then(|(h, _)| h.parse().ok())
}

/// Moves a `?query` left in `path` into the query when the record gave none.
fn split_query<'a>(path: Cow<'a, str>, query: Option<Cow<'a, str>>) -> (Cow<'a, str>, Option<Cow<'a, str>>) {
    let q = query.filter(|q| !q.is_empty());
    let Some(i) = path.find('?') else { return (path, q) };
    match path {
        Cow::Borrowed(p) => {
            let (a, b) = (&p[..i], &p[i + 1..]);
            (Cow::Borrowed(a), q.or_else(|| (!b.is_empty()).then_some(Cow::Borrowed(b))))
        }
        Cow::Owned(p) => {
            let b = p[i + 1..].to_owned();
            let a = p[..i].to_owned();
            (Cow::Owned(a), q.or_else(|| (!b.is_empty()).then_some(Cow::Owned(b))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"ts":1700000000.5,"client_ip":"203.0.113.7","host":"api.example.com:8443","method":"post","path":"/v1/login","query":"a=1","scheme":"https","server_port":8443,"req_headers":{"Content-Type":"application/json","X-Multi":["a","b"]},"resp_headers":[["Set-Cookie","a=1"],["Set-Cookie","b=2"]],"req_body":"{\"user\":\"bob\"}","resp_body":"eyJvayI6dHJ1ZX0=","resp_body_encoding":"base64","status":200,"src_country":"cn","account":"bob","waf_action":"block","waf_rule_type":"sqli","trace_id":"t-1","unknown":{"x":1}}"#;

    #[test]
    fn parses_every_field() {
        let r = Record::from_json(GOOD.as_bytes()).unwrap();
        assert_eq!(r.ts, 1700000000.5);
        assert_eq!(r.host_name(), "api.example.com");
        assert_eq!(r.method, "POST");
        assert_eq!(r.query.as_deref(), Some("a=1"));
        assert_eq!(r.scheme, Some(Scheme::Https));
        assert_eq!(r.server_port, Some(8443));
        assert_eq!(r.req_headers.get("content-type"), Some("application/json"));
        assert_eq!(r.req_headers.get_all("x-multi").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(r.resp_headers.get_all("set-cookie").count(), 2);
        assert_eq!(r.req_body.as_deref(), Some(&b"{\"user\":\"bob\"}"[..]));
        assert_eq!(r.resp_body.as_deref(), Some(&b"{\"ok\":true}"[..]));
        assert_eq!(r.status, Some(200));
        assert!(r.is_cn());
        assert_eq!(r.account.as_deref(), Some("bob"));
        assert_eq!(r.waf_action, Some(WafAction::Block));
        assert_eq!(r.trace_id.as_deref(), Some("t-1"));
    }

    #[test]
    fn borrows_plain_strings_from_the_buffer() {
        let r = Record::from_json(GOOD.as_bytes()).unwrap();
        assert!(matches!(r.path, Cow::Borrowed(_)));
        assert!(matches!(r.host, Cow::Borrowed(_)));
        assert!(matches!(r.req_headers.0[0].1, Cow::Borrowed(_)));
        // The escaped body had to be unescaped, so it is owned.
        assert!(matches!(r.req_body, Some(Cow::Owned(_))));
    }

    #[test]
    fn accepts_rfc3339_and_query_in_path() {
        let r = Record::from_json(br#"{"ts":"2024-03-05T10:11:12.5+08:00","client_ip":"::1","host":"h","method":"GET","path":"/a?b=1"}"#).unwrap();
        assert_eq!(r.ts, 1709604672.5);
        assert_eq!(r.path, "/a");
        assert_eq!(r.query.as_deref(), Some("b=1"));
    }

    fn err(s: &str) -> RecordError {
        Record::from_json(s.as_bytes()).unwrap_err()
    }

    #[test]
    fn rejects_with_field_and_reason() {
        let base = |extra: &str| {
            format!(
                r#"{{"ts":1700000000,"client_ip":"1.2.3.4","host":"h","method":"GET","path":"/"{extra}}}"#
            )
        };
        assert_eq!(err(r#"{"client_ip":"1.2.3.4","host":"h","method":"GET","path":"/"}"#).field, "ts");
        assert_eq!(err(&base(r#","status":"x""#)).field, "status");
        assert_eq!(err(&base(r#","status":42"#)).field, "status");
        assert_eq!(err(&base(r#","scheme":"ftp""#)).field, "scheme");
        assert_eq!(err(&base(r#","req_body":"@@","req_body_encoding":"base64""#)).field, "req_body");
        assert_eq!(err(&base(r#","req_body_encoding":"rot13""#)).field, "req_body_encoding");
        assert_eq!(err(&base(r#","src_country":"China""#)).field, "src_country");
        let e = err(&base(r#","req_headers":[["a","b"],["c"]]"#));
        assert_eq!(e.field, "req_headers");
        assert!(e.message.contains("[1]"), "{e}");
        assert_eq!(
            err(r#"{"ts":1700000000,"client_ip":"nope","host":"h","method":"GET","path":"/"}"#).field,
            "client_ip"
        );
        assert_eq!(
            err(r#"{"ts":"yesterday","client_ip":"1.1.1.1","host":"h","method":"GET","path":"/"}"#).field,
            "ts"
        );
        assert_eq!(err("[1,2]").field, "json");
        assert!(err("{\"ts\":").message.contains("EOF"));
        assert_eq!(err(r#"{"ts":1,"client_ip":"1.1.1.1","host":"h","method":"GET","path":"/"}"#).field, "ts");
    }
}

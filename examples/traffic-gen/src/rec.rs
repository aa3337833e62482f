//! One generated record and its JSONL text (DESIGN.md §2).
//!
//! Input: the fields a traffic source fills in. Output: one line of compact JSON with the
//! fields in a fixed order; request headers as an object, response headers as an array of
//! `[name, value]` pairs (so repeated `Set-Cookie` lines survive). `ts` is unix seconds
//! with millisecond precision, written from integer milliseconds (no float formatting).

use crate::json::{Json, write_str};

/// A record being built.
#[derive(Clone, Debug, Default)]
pub struct Rec {
    /// Event time, unix milliseconds.
    pub ts_ms: u64,
    /// Client address.
    pub client_ip: String,
    /// Host.
    pub host: &'static str,
    /// Method.
    pub method: &'static str,
    /// Raw path.
    pub path: String,
    /// Raw query (without `?`).
    pub query: Option<String>,
    /// Request headers, in order.
    pub req_headers: Vec<(String, String)>,
    /// Request body.
    pub req_body: Option<String>,
    /// Status; `None` when no response was seen.
    pub status: Option<u16>,
    /// Response headers, in order.
    pub resp_headers: Vec<(String, String)>,
    /// Response body (text, or base64 when `resp_base64`).
    pub resp_body: Option<String>,
    /// Whether `resp_body` is base64.
    pub resp_base64: bool,
    /// Gateway geo lookup.
    pub src_country: Option<&'static str>,
    /// Authenticated account.
    pub account: Option<String>,
    /// WAF verdict and rule family.
    pub waf: Option<(&'static str, &'static str)>,
    /// Trace id.
    pub trace_id: String,
}

impl Rec {
    /// A record for `method host path` from `ip`.
    pub fn new(ip: &str, host: &'static str, method: &'static str, path: impl Into<String>) -> Rec {
        Rec { client_ip: ip.to_string(), host, method, path: path.into(), ..Rec::default() }
    }

    /// Adds a request header.
    pub fn req(&mut self, name: &str, value: &str) {
        self.req_headers.push((name.to_string(), value.to_string()));
    }

    /// Adds a response header.
    pub fn resp(&mut self, name: &str, value: &str) {
        self.resp_headers.push((name.to_string(), value.to_string()));
    }

    /// Sets a JSON request body (and its content type).
    pub fn json_body(&mut self, body: &Json) {
        self.req_body = Some(body.to_text());
    }

    /// Sets the status and a JSON response with the usual server headers.
    pub fn json_response(&mut self, status: u16, body: &Json) {
        let text = body.to_text();
        self.respond(status, "application/json;charset=UTF-8", text);
    }

    /// Sets the status and a response body of the given content type.
    pub fn respond(&mut self, status: u16, content_type: &str, body: String) {
        self.status = Some(status);
        self.resp("Server", "nginx");
        self.resp("Content-Type", content_type);
        self.resp("Content-Length", &body.len().to_string());
        self.resp_body = Some(body);
    }

    /// The JSONL line (without the newline).
    pub fn to_line(&self) -> String {
        let mut o = String::with_capacity(512 + self.resp_body.as_ref().map_or(0, String::len));
        o.push_str("{\"ts\":");
        o.push_str(&format!("{}.{:03}", self.ts_ms / 1000, self.ts_ms % 1000));
        field(&mut o, "client_ip", &self.client_ip);
        field(&mut o, "host", self.host);
        field(&mut o, "method", self.method);
        field(&mut o, "path", &self.path);
        if let Some(q) = &self.query {
            field(&mut o, "query", q);
        }
        field(&mut o, "scheme", "https");
        o.push_str(",\"server_port\":443,\"req_headers\":{");
        for (i, (n, v)) in self.req_headers.iter().enumerate() {
            if i > 0 {
                o.push(',');
            }
            write_str(n, &mut o);
            o.push(':');
            write_str(v, &mut o);
        }
        o.push('}');
        if let Some(b) = &self.req_body {
            field(&mut o, "req_body", b);
        }
        if let Some(s) = self.status {
            o.push_str(&format!(",\"status\":{s}"));
        }
        o.push_str(",\"resp_headers\":[");
        for (i, (n, v)) in self.resp_headers.iter().enumerate() {
            if i > 0 {
                o.push(',');
            }
            o.push('[');
            write_str(n, &mut o);
            o.push(',');
            write_str(v, &mut o);
            o.push(']');
        }
        o.push(']');
        if let Some(b) = &self.resp_body {
            field(&mut o, "resp_body", b);
            if self.resp_base64 {
                field(&mut o, "resp_body_encoding", "base64");
            }
        }
        if let Some(c) = self.src_country {
            field(&mut o, "src_country", c);
        }
        if let Some(a) = &self.account {
            field(&mut o, "account", a);
        }
        if let Some((action, rule)) = self.waf {
            field(&mut o, "waf_action", action);
            field(&mut o, "waf_rule_type", rule);
        }
        field(&mut o, "trace_id", &self.trace_id);
        o.push('}');
        o
    }
}

fn field(o: &mut String, name: &str, value: &str) {
    o.push(',');
    write_str(name, o);
    o.push(':');
    write_str(value, o);
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `(year, month, day, hour, minute, second)` of unix seconds (UTC), proleptic Gregorian.
pub fn civil(secs: u64) -> (u64, u64, u64, u64, u64, u64) {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u64, m as u64, d as u64, rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Unix seconds of a UTC civil date-time.
pub fn unix_of(y: i64, m: u64, d: u64, hh: u64, mm: u64, ss: u64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + (hh * 3600 + mm * 60 + ss) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(unix_of(2026, 3, 1, 0, 0, 0), 1_772_323_200);
        assert_eq!(civil(1_772_323_200 + 3661), (2026, 3, 1, 1, 1, 1));
        assert_eq!(unix_of(2024, 2, 29, 12, 0, 0), 1_709_208_000);
    }

    #[test]
    fn line_has_fixed_field_order_and_millisecond_ts() {
        let mut r = Rec::new("192.0.2.1", "h.example", "GET", "/a");
        r.ts_ms = 1_700_000_000_005;
        r.req("User-Agent", "x");
        r.status = Some(200);
        r.resp("Set-Cookie", "a=1");
        r.resp("Set-Cookie", "b=2");
        r.trace_id = "t".into();
        assert_eq!(
            r.to_line(),
            r#"{"ts":1700000000.005,"client_ip":"192.0.2.1","host":"h.example","method":"GET","path":"/a","scheme":"https","server_port":443,"req_headers":{"User-Agent":"x"},"status":200,"resp_headers":[["Set-Cookie","a=1"],["Set-Cookie","b=2"]],"trace_id":"t"}"#
        );
    }

    #[test]
    fn urlencode_escapes_reserved_bytes() {
        assert_eq!(urlencode("1' OR '1'='1"), "1%27%20OR%20%271%27%3D%271");
        assert_eq!(urlencode("张"), "%E5%BC%A0");
    }
}

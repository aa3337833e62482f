//! HAR 1.2 input (`log.entries[]`): each entry becomes one record.
//!
//! HAR has no client address: an entry's `_clientIP` / `_client_ip` is used when present,
//! otherwise `0.0.0.0`. `startedDateTime` gives `ts`; `response.status` 0 means no response.

use crate::error::Error;
use crate::record::{Record, RecordError};
use serde_json::{Map, Value, json};

/// True when the document looks like HAR (a JSON object with `log.entries`).
pub fn looks_like_har(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let first = head.iter().copied().find(|b| !b.is_ascii_whitespace());
    first == Some(b'{') && memchr::memmem::find(head, b"\"log\"").is_some()
}

/// Reads a HAR document into records. A document that is not HAR is an error; a bad entry
/// becomes a rejected record (its index is the entry's position, from 1).
pub fn read_har(bytes: &[u8]) -> Result<Vec<Result<Record<'static>, RecordError>>, Error> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| Error::Input(format!("HAR: not JSON ({e})")))?;
    let entries = doc
        .get("log")
        .and_then(|l| l.get("entries"))
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Input("HAR: missing `log.entries` array".into()))?;
    Ok(entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let v = entry_to_record(e).map_err(|m| RecordError::new(format!("log.entries[{i}]"), m))?;
            let bytes = serde_json::to_vec(&v)
                .map_err(|e| RecordError::new(format!("log.entries[{i}]"), e.to_string()))?;
            Record::from_json(&bytes).map(Record::into_owned).map_err(|mut e| {
                e.field = format!("log.entries[{i}].{}", e.field);
                e
            })
        })
        .collect())
}

fn headers(v: Option<&Value>) -> Value {
    let mut out = Vec::new();
    for h in v.and_then(Value::as_array).into_iter().flatten() {
        if let (Some(n), Some(val)) =
            (h.get("name").and_then(Value::as_str), h.get("value").and_then(Value::as_str))
        {
            if n.starts_with(':') {
                continue; // HTTP/2 pseudo-headers
            }
            out.push(json!([n, val]));
        }
    }
    Value::Array(out)
}

fn entry_to_record(e: &Value) -> Result<Value, String> {
    let req = e.get("request").ok_or("missing `request`")?;
    let url = req.get("url").and_then(Value::as_str).ok_or("missing `request.url`")?;
    let (scheme, rest) =
        url.split_once("://").ok_or_else(|| format!("`request.url` is not absolute (got `{url}`)"))?;
    let (authority, path_q) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (path, query) = path_q.split_once('?').unwrap_or((path_q, ""));
    let path = path.split('#').next().unwrap_or(path);
    let query = query.split('#').next().unwrap_or(query);
    let mut r = Map::new();
    r.insert("ts".into(), e.get("startedDateTime").cloned().unwrap_or(Value::Null));
    let ip = e.get("_clientIP").or_else(|| e.get("_client_ip")).and_then(Value::as_str).unwrap_or("0.0.0.0");
    r.insert("client_ip".into(), json!(ip));
    r.insert("host".into(), json!(authority));
    r.insert("scheme".into(), json!(scheme));
    r.insert("method".into(), req.get("method").cloned().unwrap_or(Value::Null));
    r.insert("path".into(), json!(path));
    if !query.is_empty() {
        r.insert("query".into(), json!(query));
    }
    r.insert("req_headers".into(), headers(req.get("headers")));
    if let Some(text) = req.get("postData").and_then(|p| p.get("text")).and_then(Value::as_str) {
        r.insert("req_body".into(), json!(text));
    }
    if let Some(resp) = e.get("response") {
        if let Some(s) = resp.get("status").and_then(Value::as_i64).filter(|s| *s > 0) {
            r.insert("status".into(), json!(s));
        }
        r.insert("resp_headers".into(), headers(resp.get("headers")));
        if let Some(c) = resp.get("content")
            && let Some(text) = c.get("text").and_then(Value::as_str)
        {
            {
                r.insert("resp_body".into(), json!(text));
                if c.get("encoding").and_then(Value::as_str) == Some("base64") {
                    r.insert("resp_body_encoding".into(), json!("base64"));
                }
            }
        }
    }
    if let Some(ip) = e.get("serverIPAddress").and_then(Value::as_str) {
        let _ = ip; // the server address is not part of the record
    }
    Ok(Value::Object(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_rejects_bad_ones() {
        let har = br#"{"log":{"version":"1.2","entries":[
          {"startedDateTime":"2024-03-05T10:11:12.000Z","_clientIP":"10.0.0.9","request":{"method":"POST","url":"https://api.example.com:8443/v1/users?id=7","headers":[{"name":"Content-Type","value":"application/json"},{"name":":authority","value":"x"}],"postData":{"mimeType":"application/json","text":"{\"a\":1}"}},"response":{"status":200,"headers":[{"name":"Content-Type","value":"application/json"}],"content":{"mimeType":"application/json","text":"eyJvayI6MX0=","encoding":"base64"}}},
          {"startedDateTime":"never","request":{"method":"GET","url":"http://h/x"},"response":{"status":0}},
          {"request":{"method":"GET"}}
        ]}}"#;
        assert!(looks_like_har(har));
        let recs = read_har(har).unwrap();
        assert_eq!(recs.len(), 3);
        let r = recs[0].as_ref().unwrap();
        assert_eq!(r.host_name(), "api.example.com");
        assert_eq!(r.path, "/v1/users");
        assert_eq!(r.query.as_deref(), Some("id=7"));
        assert_eq!(r.req_headers.len(), 1);
        assert_eq!(r.resp_body.as_deref(), Some(&b"{\"ok\":1}"[..]));
        assert_eq!(r.client_ip.to_string(), "10.0.0.9");
        assert_eq!(recs[1].as_ref().unwrap_err().field, "log.entries[1].ts");
        assert!(recs[2].as_ref().unwrap_err().field.starts_with("log.entries[2]"));
        assert!(read_har(b"{\"log\":{}}").is_err());
    }
}

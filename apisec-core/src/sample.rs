//! Request/response samples kept with assets, risks and events.

use crate::model::Sample;
use crate::record::Record;

/// Longest body kept in a sample.
pub const MAX_SAMPLE_BODY: usize = 4096;

/// Builds a sample from a record (unmasked; masking is applied by the caller when the
/// de-identification switch is on).
pub fn sample_of(rec: &Record<'_>) -> Sample {
    let mut s = Sample::default();
    for (n, v) in rec.req_headers.iter() {
        push_header(&mut s.request_header, n, v);
    }
    for (n, v) in rec.resp_headers.iter() {
        push_header(&mut s.response_header, n, v);
    }
    s.querystring = rec.query.as_deref().map(|q| format!("?{q}")).unwrap_or_default();
    s.request_body = truncate(rec.req_text().as_deref().unwrap_or(""));
    s.response_body = truncate(rec.resp_text().as_deref().unwrap_or(""));
    s.example_timestamp = rec.ts as i64;
    s.example_traceid = rec.trace_id.as_deref().unwrap_or("").to_owned();
    s
}

fn push_header(map: &mut std::collections::BTreeMap<String, String>, n: &str, v: &str) {
    map.entry(n.to_owned())
        .and_modify(|old| {
            old.push_str(", ");
            old.push_str(v);
        })
        .or_insert_with(|| v.to_owned());
}

/// Cuts text to [`MAX_SAMPLE_BODY`] bytes on a character boundary.
pub fn truncate(s: &str) -> String {
    if s.len() <= MAX_SAMPLE_BODY {
        return s.to_owned();
    }
    let mut end = MAX_SAMPLE_BODY;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

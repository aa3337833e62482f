//! Data-protection risks (`RiskType_Sensitive`): too many sensitive types or values in a
//! response, half-done masking, server information and internal addresses in responses,
//! highly sensitive data in URLs.
//!
//! Input: a record's [`Ctx`] (sensitive findings come from the sensitive-data stage through
//! [`super::RiskInput`]; leaks are scanned once per record). Output: evidence. Stateless.

use super::{Ctx, mask, shorten};
use crate::catalog::{Location, RiskKind, SensitiveLevel};
use crate::facts::leaks::{self, ServerInfo};
use crate::params::ValueKind;
use serde_json::{Value, json};

/// Distinct sensitive types (S2 or above) in one response that count as excessive.
pub const EXCESSIVE_TYPES: usize = 5;
/// Sensitive values (S2 or above) in one response that count as excessive.
pub const EXCESSIVE_VALUES: u32 = 50;

fn counted<'a>(c: &Ctx<'a, '_>) -> impl Iterator<Item = &'a super::SensitiveCount> {
    c.i.resp_sensitive.iter().filter(|s| s.level >= SensitiveLevel::S2)
}

/// **What it detects** — one successful response carrying at least [`EXCESSIVE_TYPES`]
/// distinct sensitive types of level S2 or above (name, phone, ID card, address…).
///
/// **Why it matters** — APIs that return every field "just in case" expose far more
/// personal data than the client shows; one leak then exposes whole profiles.
///
/// **Recommendation** — see [`suggestion`].
pub fn sensitive_type_excessive(c: &Ctx<'_, '_>) -> Option<Value> {
    let mut codes: Vec<u16> = counted(c).map(|s| s.code).collect();
    codes.sort_unstable();
    codes.dedup();
    (c.i.ok() && codes.len() >= EXCESSIVE_TYPES).then(|| {
        json!({ "types": codes.iter().map(|c| c.to_string()).collect::<Vec<_>>(), "type_count": codes.len() })
    })
}

/// **What it detects** — one successful response carrying at least [`EXCESSIVE_VALUES`]
/// sensitive values of level S2 or above.
///
/// **Why it matters** — an API that returns that much in one call lets a single request
/// (or a few) pull a large share of the data set.
///
/// **Recommendation** — see [`suggestion`].
pub fn sensitive_num_excessive(c: &Ctx<'_, '_>) -> Option<Value> {
    let total: u32 = counted(c).map(|s| s.count).sum();
    (c.i.ok() && total >= EXCESSIVE_VALUES).then(|| {
        let per: Vec<Value> =
            counted(c).map(|s| json!({ "code": s.code.to_string(), "count": s.count })).collect();
        json!({ "values": total, "by_type": per })
    })
}

/// A masked value split around its run of mask characters: (prefix, suffix).
fn masked_parts(v: &str) -> Option<(&str, &str)> {
    let start = v.find(['*', '•'])?;
    let end = v.rfind(['*', '•']).map(|i| i + v[i..].chars().next().map_or(1, char::len_utf8))?;
    let run = &v[start..end];
    if run.chars().count() < 2 || !run.chars().all(|c| c == '*' || c == '•') {
        return None;
    }
    let (p, s) = (&v[..start], &v[end..]);
    (p.chars().count() + s.chars().count() >= 3 && (!p.is_empty() || !s.is_empty())).then_some((p, s))
}

/// **What it detects** — one response holding a value both masked and in clear: a masked
/// field (`138****8000`, `ali***@example.com`) next to another field with the same visible
/// start and end and real characters where the mask is.
///
/// **Why it matters** — the masking protects nothing when the original travels beside it;
/// the client (and anyone reading the traffic) gets the full value.
///
/// **Recommendation** — see [`suggestion`].
pub fn invalid_desensitize(c: &Ctx<'_, '_>) -> Option<Value> {
    let body: Vec<_> =
        c.i.params
            .at(Location::ResponseBody)
            .filter(|p| {
                matches!(p.kind, ValueKind::Text | ValueKind::Number) && (5..=128).contains(&p.value.len())
            })
            .take(2048)
            .collect();
    for m in body.iter().filter(|p| p.kind == ValueKind::Text) {
        let Some((pre, suf)) = masked_parts(&m.value) else { continue };
        let masked_len = m.value.chars().count();
        for raw in &body {
            let v = raw.value.as_ref();
            if std::ptr::eq(*raw, *m) || v.contains(['*', '•']) || v.len() < 6 {
                continue;
            }
            let middle =
                v.chars().count() as isize - pre.chars().count() as isize - suf.chars().count() as isize;
            if v.starts_with(pre)
                && v.ends_with(suf)
                && middle >= 2
                && (v.chars().count() == masked_len || masked_len.abs_diff(v.chars().count()) <= 8)
            {
                return Some(json!({ "masked_param": m.name, "masked_value": m.value,
                    "clear_param": raw.name, "clear_value": mask(v) }));
            }
        }
    }
    None
}

/// **What it detects** — a response exposing server internals: `/etc/passwd` or Windows
/// system files, `phpinfo()` pages, directory listings, private keys, environment dumps,
/// server-side source code or absolute server paths.
///
/// **Why it matters** — such details map the server for an attacker and sometimes hand
/// over credentials outright.
///
/// **Recommendation** — see [`suggestion`].
pub fn server_info_leak(c: &Ctx<'_, '_>) -> Option<Value> {
    let what = c.leaks.server_info?;
    let name = match what {
        ServerInfo::PasswdFile => "passwd file",
        ServerInfo::PhpInfo => "phpinfo page",
        ServerInfo::DirectoryListing => "directory listing",
        ServerInfo::PrivateKey => "private key",
        ServerInfo::WindowsSystemFile => "windows system file",
        ServerInfo::EnvironmentDump => "environment dump",
        ServerInfo::SourceCode => "server source code",
        ServerInfo::ServerPath => "server file path",
    };
    Some(json!({ "found": name, "status": c.i.record.status }))
}

/// **What it detects** — a private (RFC 1918), loopback or link-local IPv4 address in the
/// response body of a request that came from a public address.
///
/// **Why it matters** — internal addresses sketch the private network for an attacker
/// planning SSRF or lateral movement. Clients on the private network already know them.
///
/// **Recommendation** — see [`suggestion`].
pub fn internal_ip_leak(c: &Ctx<'_, '_>) -> Option<Value> {
    if crate::facets::service::is_private(c.i.record.client_ip) {
        return None;
    }
    let ip = c.leaks.internal_ip?;
    let body = c.i.record.resp_body.as_deref().unwrap_or(&[]);
    let all: Vec<String> = leaks::internal_ips(body, 4).iter().map(|i| i.to_string()).collect();
    Some(json!({ "internal_ip": ip.to_string(), "found": all }))
}

/// **What it detects** — highly sensitive data (S3 or S4: ID cards, bank cards, passports,
/// keys…) in the query string of the URL.
///
/// **Why it matters** — URLs are logged and forwarded everywhere (access logs, proxies,
/// history, `Referer`), so the data leaks far beyond the exchange.
///
/// **Recommendation** — see [`suggestion`].
pub fn sensitive_url(c: &Ctx<'_, '_>) -> Option<Value> {
    let s =
        c.i.req_sensitive
            .iter()
            .find(|s| s.location == Location::RequestQuery && s.level >= SensitiveLevel::S3)?;
    Some(json!({ "location": s.location.as_str(), "code": s.code.to_string(), "level": s.level,
        "param": s.param, "sample": s.sample.as_deref().map(|v| shorten(v, 64)) }))
}

/// The recommendations of this category.
pub fn suggestion(kind: RiskKind) -> Option<&'static str> {
    Some(match kind {
        RiskKind::SensitiveTypeExcessive => {
            "Return only the fields the caller needs; drop the others and mask the sensitive ones \
             that must stay."
        }
        RiskKind::SensitiveNumExcessive => {
            "Cap how many records one call returns (paging with a bounded page size) so one \
             request cannot pull a large share of the data."
        }
        RiskKind::InvalidDesensitize => {
            "Mask on the server and send only the masked form; check the samples for fields that \
             still carry the original next to the masked copy."
        }
        RiskKind::ServerInfoLeak => {
            "Check the samples to see why server details were returned, stop sending them to \
             the client, and serve fixed error pages."
        }
        RiskKind::InternalIpLeak => {
            "Remove internal addresses from responses and headers; show public host names or \
             nothing."
        }
        RiskKind::SensitiveUrl => {
            "Send sensitive values in the body of a POST request over HTTPS, never in the URL."
        }
        _ => return None,
    })
}

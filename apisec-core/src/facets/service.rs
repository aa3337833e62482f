//! Service object (`api_type`): public service, third-party cooperation or internal office.
//!
//! Two signals. Naming: words of the path and of the host's labels (`admin`, `manage`,
//! `internal`, `inner`, `ops`, … mark internal APIs; `partner`, `open`, `isv`, `callback`,
//! `webhook`, … mark third-party ones). Source concentration, from a small bounded sketch
//! of the API's clients ([`SourceSketch`]): an API whose callers are almost all in private
//! address ranges — while the traffic as a whole is not — serves internal staff; an API
//! called a lot from very few public addresses is a partner's server-to-server API.
//! Otherwise the API is a public service.

use crate::catalog::ApiType;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::net::IpAddr;

/// Distinct client addresses remembered exactly per API.
pub const MAX_SOURCES: usize = 32;

/// Words that mark an API for internal staff.
const INTERNAL_WORDS: &[&str] = &[
    "admin",
    "administrator",
    "manage",
    "manager",
    "management",
    "mgmt",
    "internal",
    "inner",
    "intranet",
    "ops",
    "devops",
    "sre",
    "backoffice",
    "backstage",
    "backend",
    "staff",
    "employee",
    "oa",
    "hr",
    "erp",
    "private",
    "corp",
    "sysadmin",
];

/// Words that mark an API for third-party partners.
const THIRDPART_WORDS: &[&str] = &[
    "partner",
    "partners",
    "open",
    "openapi",
    "isv",
    "callback",
    "callbacks",
    "webhook",
    "webhooks",
    "thirdparty",
    "third",
    "vendor",
    "vendors",
    "supplier",
    "merchant",
    "merchants",
    "agent",
    "channel",
    "external",
    "notify",
    "connector",
    "integration",
    "integrations",
];

/// Distinct client addresses and how many calls came from private ranges.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceSketch {
    /// Calls seen.
    pub calls: u64,
    /// Calls from private, loopback or link-local addresses.
    pub private_calls: u64,
    /// The [`MAX_SOURCES`] smallest distinct client addresses.
    pub sources: BTreeSet<IpAddr>,
    /// True once more than [`MAX_SOURCES`] distinct addresses were seen.
    pub overflow: bool,
}

/// True for addresses that never route on the Internet (RFC 1918, CGNAT, loopback,
/// link-local, IPv6 unique-local).
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            v6.is_loopback() || (s[0] & 0xfe00) == 0xfc00 || (s[0] & 0xffc0) == 0xfe80
        }
    }
}

impl SourceSketch {
    /// Counts one call from `ip`.
    pub fn add(&mut self, ip: IpAddr) {
        self.calls += 1;
        if is_private(ip) {
            self.private_calls += 1;
        }
        // Keep the smallest addresses: the same set whatever the order of calls or merges.
        if self.sources.insert(ip) && self.sources.len() > MAX_SOURCES {
            self.sources.pop_last();
            self.overflow = true;
        }
    }

    /// Adds another sketch (the result does not depend on the order of merges).
    pub fn absorb(&mut self, other: &SourceSketch) {
        self.calls += other.calls;
        self.private_calls += other.private_calls;
        self.overflow |= other.overflow;
        self.sources.extend(other.sources.iter().copied());
        while self.sources.len() > MAX_SOURCES {
            self.sources.pop_last();
            self.overflow = true;
        }
    }

    /// Share of calls from private ranges (0 when none were seen).
    pub fn private_share(&self) -> f64 {
        if self.calls == 0 { 0.0 } else { self.private_calls as f64 / self.calls as f64 }
    }
}

/// Days of activity before a few busy public callers are read as a partner.
pub const MIN_PARTNER_DAYS: usize = 3;

/// Calls needed before source concentration says anything.
pub const MIN_CALLS: u64 = 20;

/// Cuts a host or path into lower-case words.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).flat_map(|w| {
        // camelCase humps: `openApi` → open, api.
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut prev_lower = false;
        for ch in w.chars() {
            if ch.is_ascii_uppercase() && prev_lower {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = ch.is_ascii_lowercase();
            cur.push(ch.to_ascii_lowercase());
        }
        out.push(cur);
        out
    })
}

fn is_static_file(seg: &str) -> bool {
    const EXT: &[&str] = &[
        "js", "css", "png", "jpg", "jpeg", "gif", "svg", "ico", "woff", "woff2", "ttf", "map", "html", "htm",
    ];
    seg.rsplit_once('.').is_some_and(|(_, e)| EXT.contains(&e.to_ascii_lowercase().as_str()))
}

/// The service objects of an API.
///
/// `global_private_share` is the private-source share of all traffic: when everything
/// comes from private ranges (a test bed, a proxy that hid the clients), concentration is
/// not evidence and only naming counts. `active_days` is how many days the API was
/// called: a partner integration calls day after day, a one-off burst from one address
/// (a scan, a brute force) is not a partner.
pub fn classify(
    host: &str,
    template: &str,
    sketch: &SourceSketch,
    global_private_share: f64,
    active_days: usize,
) -> Vec<ApiType> {
    let mut internal = false;
    let mut thirdpart = false;
    let host_labels = crate::record::strip_port(host);
    // The registrable part of the host (`example.com`) says nothing; its sub-labels do.
    let labels: Vec<&str> = host_labels.split('.').collect();
    let sub = if labels.len() > 2 { labels[..labels.len() - 2].join(".") } else { String::new() };
    // A static file's name (`vendor.8d21.js`) says nothing about who the API serves.
    let template = match template.rsplit_once('/') {
        Some((dir, last)) if is_static_file(last) => dir,
        _ => template,
    };
    for w in words(template).chain(words(&sub)) {
        internal |= INTERNAL_WORDS.contains(&w.as_str());
        thirdpart |= THIRDPART_WORDS.contains(&w.as_str());
    }
    if !internal && !thirdpart && sketch.calls >= MIN_CALLS {
        let share = sketch.private_share();
        if share >= 0.9 && global_private_share < 0.5 {
            internal = true;
        } else if share < 0.1
            && !sketch.overflow
            && sketch.sources.len() <= 2
            && sketch.calls >= 50
            && active_days >= MIN_PARTNER_DAYS
        {
            thirdpart = true;
        }
    }
    let mut out = Vec::new();
    if thirdpart {
        out.push(ApiType::ThirdpartApi);
    }
    if internal {
        out.push(ApiType::InternalApi);
    }
    if out.is_empty() {
        out.push(ApiType::PublicApi);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch(ips: &[&str], times: usize) -> SourceSketch {
        let mut s = SourceSketch::default();
        for _ in 0..times {
            for ip in ips {
                s.add(ip.parse().unwrap());
            }
        }
        s
    }

    #[test]
    fn naming_marks_internal_and_partner_apis() {
        let empty = SourceSketch::default();
        assert_eq!(
            classify("api.example.com", "/admin/users/${param}", &empty, 0.0, 5),
            vec![ApiType::InternalApi]
        );
        assert_eq!(classify("api.example.com", "/inner/sync", &empty, 0.0, 5), vec![ApiType::InternalApi]);
        assert_eq!(classify("ops.example.com", "/jobs", &empty, 0.0, 5), vec![ApiType::InternalApi]);
        assert_eq!(
            classify("api.example.com", "/openApi/v1/goods", &empty, 0.0, 5),
            vec![ApiType::ThirdpartApi]
        );
        assert_eq!(classify("api.example.com", "/pay/callback", &empty, 0.0, 5), vec![ApiType::ThirdpartApi]);
        assert_eq!(
            classify("partner.example.com", "/v1/orders", &empty, 0.0, 5),
            vec![ApiType::ThirdpartApi]
        );
        // Near misses: `operations`, `opened`, the registrable domain `open.com`.
        assert_eq!(classify("api.example.com", "/operations/list", &empty, 0.0, 5), vec![ApiType::PublicApi]);
        assert_eq!(classify("open.com", "/opened-tickets", &empty, 0.0, 5), vec![ApiType::PublicApi]);
        assert_eq!(
            classify("a.example.com", "/static/js/vendor.8d21.js", &empty, 0.0, 5),
            vec![ApiType::PublicApi]
        );
    }

    #[test]
    fn private_sources_mark_internal_only_when_the_rest_is_public() {
        let s = sketch(&["10.1.2.3", "10.1.2.4", "192.168.0.9"], 10);
        assert_eq!(classify("api.example.com", "/v1/report", &s, 0.2, 5), vec![ApiType::InternalApi]);
        assert_eq!(classify("api.example.com", "/v1/report", &s, 0.95, 5), vec![ApiType::PublicApi]);
        let few = sketch(&["10.1.2.3"], 5);
        assert_eq!(
            classify("api.example.com", "/v1/report", &few, 0.2, 5),
            vec![ApiType::PublicApi],
            "too few calls"
        );
    }

    #[test]
    fn few_public_sources_calling_a_lot_mark_a_partner() {
        let s = sketch(&["198.51.100.20"], 80);
        assert_eq!(classify("api.example.com", "/v1/stock", &s, 0.0, 5), vec![ApiType::ThirdpartApi]);
        // The same burst within one day is a client hammering the API, not a partner.
        assert_eq!(classify("api.example.com", "/v1/stock", &s, 0.0, 1), vec![ApiType::PublicApi]);
        let ips: Vec<String> = (1..=60).map(|i| format!("203.0.113.{i}")).collect();
        let refs: Vec<&str> = ips.iter().map(String::as_str).collect();
        let many = sketch(&refs, 2);
        assert!(many.overflow);
        assert_eq!(many.sources.len(), MAX_SOURCES);
        assert_eq!(classify("api.example.com", "/v1/stock", &many, 0.0, 5), vec![ApiType::PublicApi]);
    }

    #[test]
    fn sketch_merge_is_order_independent() {
        let a = sketch(&["203.0.113.1", "10.0.0.1"], 30);
        let ips: Vec<String> = (1..=40).map(|i| format!("198.51.100.{i}")).collect();
        let refs: Vec<&str> = ips.iter().map(String::as_str).collect();
        let b = sketch(&refs, 1);
        let mut ab = a.clone();
        ab.absorb(&b);
        let mut ba = b.clone();
        ba.absorb(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab.calls, 100);
        assert!(is_private("100.64.1.1".parse().unwrap()));
        assert!(is_private("fd00::1".parse().unwrap()));
        assert!(!is_private("8.8.8.8".parse().unwrap()));
    }
}

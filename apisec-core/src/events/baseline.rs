//! Per-API behaviour baselines for the "baseline exception" events.
//!
//! Each API learns, from its own traffic and by event time: requests per minute by hour of
//! day (peak per hour), the source IPs it is called from (bounded), source countries,
//! client families (from the User-Agent), and active hours. Until the baseline is mature
//! (enough days and requests) it reports nothing. A mature baseline flags a record that is
//! far outside it: a request rate well above the hour's learned peak, an IP or country never
//! seen before on an internal API, a client family never seen, an hour of day that was
//! always quiet. Records are checked before they are learned.

use crate::time::{day_of, hour_of};
use crate::window::CappedTable;
use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::sync::LazyLock;

/// When a baseline is trusted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Maturity {
    /// Distinct days of traffic needed.
    pub min_days: usize,
    /// Requests needed.
    pub min_requests: u64,
}

impl Default for Maturity {
    fn default() -> Self {
        Maturity { min_days: 3, min_requests: 200 }
    }
}

/// Most source IPs remembered per API.
pub const MAX_IPS: usize = 512;
/// Most countries / client families remembered per API.
pub const MAX_LABELS: usize = 64;
/// Days of activity remembered.
const MAX_DAYS: usize = 31;

/// A deviation from the baseline found on one record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Deviation {
    /// Requests this minute far above the hour's learned peak.
    Frequency {
        /// Requests in the current minute.
        observed: u32,
        /// The learned peak per minute for this hour of day.
        baseline: u32,
    },
    /// A source IP never seen on this (internal) API.
    NewIp,
    /// A source country never seen on this (internal) API.
    NewRegion(String),
    /// A client family never seen on this API.
    NewClient(String),
    /// An hour of day with no learned activity.
    QuietHour(u8),
}

/// The learned behaviour of one API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiBaseline {
    requests: u64,
    days: BTreeSet<i64>,
    /// Peak requests per minute seen in each hour of day.
    peak_per_minute: [u32; 24],
    /// Requests seen in each hour of day.
    by_hour: [u64; 24],
    minute: i64,
    minute_count: u32,
    ips: CappedTable<IpAddr, ()>,
    ip_overflow: bool,
    countries: BTreeMap<String, u64>,
    clients: BTreeMap<String, u64>,
    /// Value formats per request parameter.
    #[serde(default)]
    pub params: ParamFormats,
}

impl Default for ApiBaseline {
    fn default() -> Self {
        ApiBaseline {
            requests: 0,
            days: BTreeSet::new(),
            peak_per_minute: [0; 24],
            by_hour: [0; 24],
            minute: i64::MIN,
            minute_count: 0,
            ips: CappedTable::new(MAX_IPS, 30.0 * 86400.0),
            ip_overflow: false,
            countries: BTreeMap::new(),
            clients: BTreeMap::new(),
            params: ParamFormats::default(),
        }
    }
}

/// The facts of one record a baseline looks at.
#[derive(Clone, Copy, Debug)]
pub struct Observation<'a> {
    /// Event time.
    pub ts: f64,
    /// Source address.
    pub ip: IpAddr,
    /// Source country, if known.
    pub country: Option<&'a str>,
    /// Client family (see [`client_family`]).
    pub client: &'a str,
    /// True when the API serves internal users (IP / region checks apply only then).
    pub internal: bool,
}

impl ApiBaseline {
    /// True once the baseline has enough days and requests.
    pub fn is_mature(&self, m: &Maturity) -> bool {
        self.days.len() >= m.min_days && self.requests >= m.min_requests
    }

    /// Checks `o` against the baseline (when mature), then learns it.
    pub fn observe(&mut self, o: &Observation<'_>, m: &Maturity, out: &mut Vec<Deviation>) {
        let minute = (o.ts / 60.0).floor() as i64;
        let hour = hour_of(o.ts) as usize;
        if minute != self.minute {
            self.close_minute();
            self.minute = minute;
            self.minute_count = 0;
        }
        self.minute_count += 1;
        if self.is_mature(m) {
            let peak = self.peak_per_minute[hour];
            let limit = (peak.saturating_mul(3)).max(30);
            if self.minute_count == limit + 1 {
                out.push(Deviation::Frequency { observed: self.minute_count, baseline: peak });
            }
            if self.by_hour[hour] == 0 {
                out.push(Deviation::QuietHour(hour as u8));
            }
            if !self.clients.contains_key(o.client) && self.clients.len() < MAX_LABELS {
                out.push(Deviation::NewClient(o.client.to_owned()));
            }
            if o.internal {
                if !self.ip_overflow && self.ips.get(&o.ip).is_none() {
                    out.push(Deviation::NewIp);
                }
                if let Some(c) = o.country
                    && !self.countries.contains_key(c)
                    && self.countries.len() < MAX_LABELS
                {
                    out.push(Deviation::NewRegion(c.to_owned()));
                }
            }
        }
        self.learn(o, hour);
    }

    fn close_minute(&mut self) {
        if self.minute == i64::MIN {
            return;
        }
        let h = (((self.minute * 60).rem_euclid(86400)) / 3600) as usize;
        self.peak_per_minute[h] = self.peak_per_minute[h].max(self.minute_count);
    }

    fn learn(&mut self, o: &Observation<'_>, hour: usize) {
        self.requests += 1;
        self.by_hour[hour] += 1;
        self.days.insert(day_of(o.ts));
        while self.days.len() > MAX_DAYS {
            self.days.pop_first();
        }
        if self.ips.len() >= MAX_IPS && self.ips.get(&o.ip).is_none() {
            // Too many sources to call any of them unusual.
            self.ip_overflow = true;
        }
        self.ips.entry(&o.ip, o.ts, || ());
        bump(&mut self.countries, o.country.unwrap_or("-"));
        bump(&mut self.clients, o.client);
    }

    /// Requests learned.
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// Folds the baseline of the same API learned by another shard.
    pub fn absorb(&mut self, other: ApiBaseline) {
        self.requests += other.requests;
        self.days.extend(other.days);
        while self.days.len() > MAX_DAYS {
            self.days.pop_first();
        }
        for h in 0..24 {
            self.peak_per_minute[h] = self.peak_per_minute[h].max(other.peak_per_minute[h]);
            self.by_hour[h] += other.by_hour[h];
        }
        self.ip_overflow |= other.ip_overflow;
        self.ips.merge_with(other.ips, |_, _| ());
        for (k, v) in other.countries {
            bump_by(&mut self.countries, &k, v);
        }
        for (k, v) in other.clients {
            bump_by(&mut self.clients, &k, v);
        }
        self.params.absorb(other.params);
    }
}

/// Most request parameters whose value formats are learned per API.
pub const MAX_PARAMS: usize = 32;
/// Values of a parameter needed before its formats are trusted.
pub const MIN_PARAM_VALUES: u32 = 50;

/// Learned value formats of one parameter: how often each format of
/// [`crate::facets::structure::Format`] was seen, and the longest value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParamFormat {
    /// Values seen.
    pub seen: u32,
    /// Count per format, indexed like `Format::ALL`.
    pub by_format: [u32; 14],
    /// Longest value seen (bytes, saturating).
    pub max_len: u16,
}

/// Per-parameter value formats of one API (keyed by a hash of location and name).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParamFormats {
    /// Parameter hash → learned formats (at most [`MAX_PARAMS`]).
    pub params: BTreeMap<u32, ParamFormat>,
}

/// A parameter value that breaks its learned format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OddValue {
    /// The parameter name.
    pub name: String,
    /// The value's format.
    pub format: &'static str,
    /// The format the parameter normally has.
    pub usual: &'static str,
    /// The value (truncated to 64 bytes).
    pub value: String,
}

fn format_index(f: crate::facets::structure::Format) -> usize {
    crate::facets::structure::Format::ALL.iter().position(|x| *x == f).unwrap_or(13)
}

impl ParamFormats {
    /// Checks each request parameter against its learned formats (when `check`), then
    /// learns it. A value is odd when its format was never (or almost never: under 1 %)
    /// seen on a parameter with at least [`MIN_PARAM_VALUES`] values, or when it is over
    /// four times (and 64 bytes) longer than any value seen.
    pub fn observe(&mut self, params: &crate::params::Params<'_>, check: bool, out: &mut Vec<OddValue>) {
        use crate::facets::structure::{Format, format_of};
        for p in params.request_args() {
            let key = crate::window::hash32(&[p.location as u8]) ^ crate::window::hash32(p.name.as_bytes());
            let f = format_of(&p.value, p.kind);
            let fi = format_index(f);
            let len = p.value.len().min(u16::MAX as usize) as u16;
            if check
                && out.len() < 4
                && let Some(pf) = self.params.get(&key)
                && pf.seen >= MIN_PARAM_VALUES
            {
                let rare = (pf.by_format[fi] as u64) * 100 < pf.seen as u64;
                let long = len as usize > 64 && len as u32 > 4 * pf.max_len as u32;
                if rare || long {
                    let usual =
                        (0..14).max_by_key(|&i| (pf.by_format[i], std::cmp::Reverse(i))).unwrap_or(13);
                    let mut value: String = p.value.chars().take(64).collect();
                    value.shrink_to_fit();
                    out.push(OddValue {
                        name: p.name.to_string(),
                        format: f.as_str(),
                        usual: Format::ALL[usual].as_str(),
                        value,
                    });
                    // An odd value is not learned: a probe must not teach the baseline.
                    continue;
                }
            }
            if !self.params.contains_key(&key) && self.params.len() >= MAX_PARAMS {
                continue;
            }
            let pf = self.params.entry(key).or_default();
            pf.seen = pf.seen.saturating_add(1);
            pf.by_format[fi] = pf.by_format[fi].saturating_add(1);
            pf.max_len = pf.max_len.max(len);
        }
    }

    /// Folds another shard's formats in.
    pub fn absorb(&mut self, other: ParamFormats) {
        for (k, o) in other.params {
            if !self.params.contains_key(&k) && self.params.len() >= MAX_PARAMS {
                continue;
            }
            let pf = self.params.entry(k).or_default();
            pf.seen = pf.seen.saturating_add(o.seen);
            for i in 0..14 {
                pf.by_format[i] = pf.by_format[i].saturating_add(o.by_format[i]);
            }
            pf.max_len = pf.max_len.max(o.max_len);
        }
    }
}

fn bump_by(m: &mut BTreeMap<String, u64>, k: &str, n: u64) {
    if let Some(v) = m.get_mut(k) {
        *v += n;
    } else if m.len() < MAX_LABELS {
        m.insert(k.to_owned(), n);
    }
}

fn bump(m: &mut BTreeMap<String, u64>, k: &str) {
    if let Some(v) = m.get_mut(k) {
        *v += 1;
    } else if m.len() < MAX_LABELS {
        m.insert(k.to_owned(), 1);
    }
}

/// The family of a client from its User-Agent: `browser`, `mobile-app`, `curl`,
/// `python`, `java`, `go`, `node`, `postman`, `scanner`, `bot`, `empty` or `other`.
pub fn client_family(ua: Option<&str>) -> &'static str {
    let Some(ua) = ua.map(str::trim).filter(|u| !u.is_empty()) else { return "empty" };
    let l = ua.to_ascii_lowercase();
    const SCANNERS: &[&str] = &[
        "sqlmap",
        "fuzz faster u fool",
        "nikto",
        "nmap",
        "masscan",
        "zgrab",
        "nuclei",
        "ffuf",
        "gobuster",
        "dirbuster",
        "wfuzz",
        "acunetix",
        "nessus",
        "openvas",
        "burp",
        "zap/",
        "havij",
        "w3af",
        "whatweb",
        "feroxbuster",
        "hydra",
    ];
    // One pass over the agent for every scanner name (it runs on every record).
    static SCANNER_SET: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(SCANNERS).expect("scanner names are valid literals"));
    if SCANNER_SET.is_match(&l) {
        return "scanner";
    }
    if l.contains("bot") || l.contains("spider") || l.contains("crawler") {
        return "bot";
    }
    if l.starts_with("curl/") || l.starts_with("wget/") || l.contains("httpie") {
        return "curl";
    }
    if l.contains("python") || l.contains("aiohttp") || l.contains("scrapy") {
        return "python";
    }
    if l.contains("okhttp") || l.contains("dalvik") || l.contains("cfnetwork") || l.contains("alamofire") {
        return "mobile-app";
    }
    if l.starts_with("java/") || l.contains("apache-httpclient") || l.contains("jersey") {
        return "java";
    }
    if l.starts_with("go-http-client") || l.contains("golang") {
        return "go";
    }
    if l.contains("node-fetch") || l.contains("axios") || l.starts_with("node") || l.contains("undici") {
        return "node";
    }
    if l.contains("postman") || l.contains("insomnia") {
        return "postman";
    }
    if l.starts_with("mozilla/") || l.contains("applewebkit") || l.contains("gecko") {
        return "browser";
    }
    "other"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(ts: f64, ip: &str, client: &'static str, internal: bool) -> Observation<'static> {
        Observation { ts, ip: ip.parse().unwrap(), country: Some("CN"), client, internal }
    }

    /// Three days of office-hours traffic (09:00–17:59 UTC) from ten internal hosts.
    fn trained() -> ApiBaseline {
        let mut b = ApiBaseline::default();
        let mut out = Vec::new();
        for day in 0..3 {
            for i in 0..300 {
                let ts = 1_700_006_400.0 + day as f64 * 86400.0 + 9.0 * 3600.0 + i as f64 * 100.0;
                b.observe(
                    &obs(ts, &format!("10.0.0.{}", i % 10), "browser", true),
                    &Maturity::default(),
                    &mut out,
                );
            }
        }
        assert!(out.is_empty(), "no deviations while learning: {out:?}");
        b
    }

    #[test]
    fn quiet_until_mature_then_flags_deviations() {
        let m = Maturity::default();
        let mut young = ApiBaseline::default();
        let mut out = Vec::new();
        young.observe(&obs(1_700_000_000.0, "8.8.8.8", "scanner", true), &m, &mut out);
        assert!(out.is_empty());

        let mut b = trained();
        assert!(b.is_mature(&m));
        let day4 = 1_700_006_400.0 + 3.0 * 86400.0;
        let mut out = Vec::new();
        b.observe(&obs(day4 + 10.0 * 3600.0, "10.0.0.3", "browser", true), &m, &mut out);
        assert!(out.is_empty(), "{out:?}");
        b.observe(&obs(day4 + 10.0 * 3600.0 + 200.0, "203.0.113.9", "scanner", true), &m, &mut out);
        assert_eq!(out, vec![Deviation::NewClient("scanner".into()), Deviation::NewIp]);
        out.clear();
        b.observe(&obs(day4 + 3.0 * 3600.0, "10.0.0.3", "browser", true), &m, &mut out);
        assert_eq!(out, vec![Deviation::QuietHour(3)]);
    }

    #[test]
    fn flags_a_burst_once_per_minute() {
        let m = Maturity::default();
        let mut b = trained();
        let t = 1_700_006_400.0 + 3.0 * 86400.0 + 11.0 * 3600.0;
        let mut out = Vec::new();
        for i in 0..200 {
            b.observe(&obs(t + i as f64 * 0.2, "10.0.0.1", "browser", true), &m, &mut out);
        }
        let freq: Vec<_> = out.iter().filter(|d| matches!(d, Deviation::Frequency { .. })).collect();
        assert_eq!(freq.len(), 1, "{out:?}");
    }

    #[test]
    fn public_api_ignores_new_sources() {
        let m = Maturity::default();
        let mut b = trained();
        let mut out = Vec::new();
        b.observe(
            &obs(1_700_006_400.0 + 3.0 * 86400.0 + 36000.0, "198.51.100.7", "browser", false),
            &m,
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn client_families() {
        assert_eq!(client_family(Some("sqlmap/1.10.10#stable (https://sqlmap.org)")), "scanner");
        assert_eq!(
            client_family(Some("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36")),
            "browser"
        );
        assert_eq!(client_family(Some("python-requests/2.31.0")), "python");
        assert_eq!(client_family(Some("okhttp/4.9.0")), "mobile-app");
        assert_eq!(client_family(Some("PostmanRuntime/7.39.1")), "postman");
        assert_eq!(client_family(Some("Fuzz Faster U Fool v2.1.0-dev")), "scanner");
        assert_eq!(client_family(Some("MyCorpAgent/1.0")), "other");
        assert_eq!(client_family(None), "empty");
    }
}

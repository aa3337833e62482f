//! Compliance check: how many natural persons' personal information left the Chinese
//! mainland, against the thresholds of the Measures for the Security Assessment of
//! Outbound Data Transfer (reference 000, "application criteria for security assessments
//! and filings of cross-border data transfer").
//!
//! Input: one [`FlowInput`] per exchange — event time, host, API, client, the client's
//! country, direction, and the sensitive values found in that direction (type code +
//! value). Output: a [`ComplianceReport`] — persons counted since January 1 of the previous
//! year, overall and per host, whether a security assessment must be applied for, and why.
//!
//! What is counted:
//! - only data *sent to* a client (responses) whose `src_country` is known and is not `CN`
//!   (Hong Kong, Macao and Taiwan are outside the mainland); unknown countries are counted
//!   apart and never as cross-border;
//! - the window starts on January 1 (China Standard Time, UTC+8) of the year before the
//!   year of the latest record seen, by event time; older years are dropped;
//! - a person is one distinct value of an identifying type ([`IDENTIFYING`]: ID numbers,
//!   phone numbers, e-mail, passports, bank cards…), canonicalised and hashed, so a person
//!   whose data flows a thousand times counts once. In each flow, the identifying type with
//!   the most distinct values stands for the persons of that flow (a response listing 50
//!   users with phone and ID number counts 50, not 100); a flow carrying personal data but
//!   no identifier falls back to names. Persons count toward *sensitive* information when
//!   their identifier is itself personal-sensitive (ID card, passport, bank card…) or the
//!   flow carries any personal-sensitive value ([`crate::catalog::SENSITIVE_TYPES`]).
//!   Limitation: one person seen by phone in one flow and by ID number in another counts
//!   twice (nothing links the two), which errs toward applying for an assessment;
//! - counts use [`PersonCounter`]: exact up to 16,384 persons overall (512 per host), then a
//!   HyperLogLog of 2^14 registers overall (0.81% standard error) and 2^12 per host (1.6%).
//!
//! Memory is fixed: at most two years of counters, at most [`ComplianceLimits::hosts`]
//! hosts (later hosts share one `*` bucket; the overall counts still include them).

pub mod counter;

pub use counter::{PersonCounter, canonical, hash64, value_hash};

use crate::catalog::sensitive_type;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which side of an exchange a value was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Sent by the client (query, headers, request body).
    Request,
    /// Sent to the client (response headers and body).
    Response,
}

/// One exchange's sensitive values, as the compliance check and the trace index need them.
#[derive(Clone, Copy, Debug)]
pub struct FlowInput<'a> {
    /// Event time (unix seconds).
    pub ts: f64,
    /// Host name (no port).
    pub host: &'a str,
    /// The API's `api_id`.
    pub api_id: &'a str,
    /// The client's address.
    pub client_ip: &'a str,
    /// The client's country (ISO 3166 alpha-2), when the gateway knows it.
    pub country: Option<&'a str>,
    /// The authenticated account, when known.
    pub account: Option<&'a str>,
    /// Which side the values were found in.
    pub direction: Direction,
    /// Sensitive values found: (type code, value as it appeared).
    pub values: &'a [(u16, &'a str)],
}

/// The per-object switches of the audit features (reference 004 section 9): both off by
/// default, and only effective where basic detection is on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditSwitches {
    /// Count cross-border personal information for the compliance check.
    pub compliance_check: bool,
    /// Index sensitive values for tracing and auditing.
    pub tracing_auditing: bool,
}

impl AuditSwitches {
    /// Both features on.
    pub const ALL: AuditSwitches = AuditSwitches { compliance_check: true, tracing_auditing: true };
}

/// Identifying sensitive types, most specific first: each value names one natural person.
pub const IDENTIFYING: &[u16] = &[
    1000, // ID card (mainland)
    1006, // passport
    1007, // Hong Kong / Macao permit
    1010, // officer ID
    1015, // Hong Kong ID
    1018, // Malaysia ID
    1019, // Singapore ID
    1023, // SSN
    1001, // debit card
    1020, // credit or debit card
    1004, // mobile (mainland)
    1024, // phone (US)
    1009, // landline (mainland)
    1005, // mailbox
];

/// Name types: a person's identity only when a flow has no identifier at all.
pub const NAMES: &[u16] = &[1002, 1016, 1017];

/// Persons whose personal information went abroad: more than this needs an assessment.
pub const PERSONAL_THRESHOLD: u64 = 100_000;
/// Persons whose personal *sensitive* information went abroad: more than this needs one.
pub const SENSITIVE_THRESHOLD: u64 = 10_000;
/// Persons whose personal information went abroad, for every processor (CIIO criterion).
pub const LARGE_THRESHOLD: u64 = 1_000_000;

/// China Standard Time offset: the mainland's January 1 starts at 16:00 UTC on Dec 31.
const CST_OFFSET: f64 = 8.0 * 3600.0;

/// Sizes of the compliance counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceLimits {
    /// Hosts counted separately; later hosts share the `*` bucket.
    pub hosts: usize,
    /// Register exponent of the overall sketches.
    pub total_precision: u8,
    /// Persons counted exactly overall before sketching.
    pub total_exact: usize,
    /// Register exponent of the per-host sketches.
    pub host_precision: u8,
    /// Persons counted exactly per host before sketching.
    pub host_exact: usize,
}

impl Default for ComplianceLimits {
    fn default() -> Self {
        ComplianceLimits {
            hosts: 256,
            total_precision: 14,
            total_exact: 16_384,
            host_precision: 12,
            host_exact: 512,
        }
    }
}

/// Persons of one calendar year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct YearCounts {
    personal: PersonCounter,
    sensitive: PersonCounter,
    flows: u64,
}

impl YearCounts {
    fn new(p: u8, exact: usize) -> Self {
        YearCounts {
            personal: PersonCounter::new(p, exact),
            sensitive: PersonCounter::new(p, exact),
            flows: 0,
        }
    }
    fn merge(&mut self, o: &YearCounts) {
        self.personal.merge(&o.personal);
        self.sensitive.merge(&o.sensitive);
        self.flows += o.flows;
    }
}

/// Counters per year (only the window's two years are kept).
type Years = BTreeMap<i32, YearCounts>;

/// The host bucket shared by hosts beyond the cap.
pub const OTHER_HOSTS: &str = "*";

/// Cross-border person counters: serde data, mergeable, bounded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComplianceTracker {
    limits: ComplianceLimits,
    latest_year: Option<i32>,
    total: Years,
    hosts: BTreeMap<String, Years>,
    /// Flows with personal information sent to mainland clients.
    flows_domestic: u64,
    /// Flows with personal information sent to clients of unknown country.
    flows_unknown_country: u64,
}

impl Default for ComplianceTracker {
    fn default() -> Self {
        ComplianceTracker::new(ComplianceLimits::default())
    }
}

/// The persons of one flow: identifier hashes, and which of them count as sensitive.
#[derive(Debug, Default, PartialEq)]
pub struct FlowPersons {
    /// Persons whose personal information is in the flow.
    pub personal: Vec<u64>,
    /// Persons whose personal sensitive information is in the flow.
    pub sensitive: Vec<u64>,
}

/// Picks the persons of one flow's values (see the module doc for the rule).
pub fn persons_of(values: &[(u16, &str)]) -> FlowPersons {
    let mut by_type: BTreeMap<u16, Vec<u64>> = BTreeMap::new();
    let mut any_personal = false;
    let mut sensitive_non_id = false;
    for &(code, v) in values {
        let Some(t) = sensitive_type(code) else { continue };
        any_personal |= t.personal;
        let identifying = IDENTIFYING.contains(&code);
        if t.personal_sensitive && !identifying {
            sensitive_non_id = true;
        }
        if identifying || NAMES.contains(&code) {
            let c = canonical(v);
            if !c.is_empty() {
                by_type.entry(code).or_default().push(hash64(c.as_bytes()));
            }
        }
    }
    if !any_personal {
        return FlowPersons::default();
    }
    for hs in by_type.values_mut() {
        hs.sort_unstable();
        hs.dedup();
    }
    // The identifying type with the most distinct values; ties go to the more specific.
    let rank = |code: u16| IDENTIFYING.iter().position(|&c| c == code).unwrap_or(usize::MAX);
    let best = IDENTIFYING
        .iter()
        .filter_map(|c| by_type.get(c).map(|v| (*c, v.len())))
        .max_by(|a, b| a.1.cmp(&b.1).then(rank(b.0).cmp(&rank(a.0))))
        .map(|(c, _)| c);
    let chosen: Vec<u64> = match best {
        Some(c) => by_type[&c].clone(),
        None => {
            let mut names: Vec<u64> =
                NAMES.iter().filter_map(|c| by_type.get(c)).flatten().copied().collect();
            names.sort_unstable();
            names.dedup();
            names
        }
    };
    let mut sensitive: Vec<u64> = by_type
        .iter()
        .filter(|(c, _)| IDENTIFYING.contains(c) && sensitive_type(**c).is_some_and(|t| t.personal_sensitive))
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    if sensitive_non_id {
        sensitive.extend_from_slice(&chosen);
    }
    sensitive.sort_unstable();
    sensitive.dedup();
    FlowPersons { personal: chosen, sensitive }
}

/// True for a usable event time: finite, from 1970 to year ~5100 (records are validated
/// more tightly; a [`FlowInput`] built by hand may not be). Flows with other times are
/// ignored by both audit features.
pub fn plausible_ts(ts: f64) -> bool {
    ts.is_finite() && (0.0..1e11).contains(&ts)
}

/// The calendar year of a unix time in China Standard Time.
pub fn cst_year(ts: f64) -> i32 {
    let days = ((ts + CST_OFFSET) / 86400.0).floor();
    let days = days.clamp(-1e9, 1e9) as i64;
    civil_year(days)
}

/// The year of a day count since 1970-01-01 (inverse of Hinnant's `days_from_civil`).
fn civil_year(z: i64) -> i32 {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    y.clamp(i32::MIN as i64, i32::MAX as i64) as i32
}

/// Unix time of January 1, 00:00 China Standard Time, of `year`.
pub fn cst_year_start(year: i32) -> f64 {
    crate::time::days_from_civil(year as i64, 1, 1) as f64 * 86400.0 - CST_OFFSET
}

impl ComplianceTracker {
    /// An empty tracker with these sizes.
    pub fn new(limits: ComplianceLimits) -> Self {
        ComplianceTracker {
            limits,
            latest_year: None,
            total: Years::new(),
            hosts: BTreeMap::new(),
            flows_domestic: 0,
            flows_unknown_country: 0,
        }
    }

    /// Counts one flow (see the module doc for what counts).
    pub fn observe(&mut self, f: &FlowInput<'_>) {
        if f.direction != Direction::Response || !plausible_ts(f.ts) {
            return;
        }
        let persons = persons_of(f.values);
        if persons.personal.is_empty() && persons.sensitive.is_empty() {
            return;
        }
        match f.country {
            None => {
                self.flows_unknown_country += 1;
                return;
            }
            Some(c) if c.trim().is_empty() || c.eq_ignore_ascii_case("--") => {
                self.flows_unknown_country += 1;
                return;
            }
            Some(c) if c.eq_ignore_ascii_case("CN") => {
                self.flows_domestic += 1;
                return;
            }
            Some(_) => {}
        }
        let year = cst_year(f.ts);
        if !self.advance_to(year) {
            return;
        }
        let l = self.limits;
        let t = self.total.entry(year).or_insert_with(|| YearCounts::new(l.total_precision, l.total_exact));
        add_persons(t, &persons);
        let host = f.host.to_ascii_lowercase();
        let key = if self.hosts.contains_key(&host) || self.hosts.len() < l.hosts {
            host
        } else {
            OTHER_HOSTS.to_owned()
        };
        let h = self
            .hosts
            .entry(key)
            .or_default()
            .entry(year)
            .or_insert_with(|| YearCounts::new(l.host_precision, l.host_exact));
        add_persons(h, &persons);
    }

    /// Moves the window so that `year` is covered if it is recent enough; false when the
    /// year is before the window.
    fn advance_to(&mut self, year: i32) -> bool {
        match self.latest_year {
            Some(l) if year < l.saturating_sub(1) => false,
            Some(l) if year <= l => true,
            _ => {
                self.latest_year = Some(year);
                self.prune();
                true
            }
        }
    }

    fn prune(&mut self) {
        let Some(l) = self.latest_year else { return };
        let first = l.saturating_sub(1);
        self.total.retain(|y, _| *y >= first);
        for years in self.hosts.values_mut() {
            years.retain(|y, _| *y >= first);
        }
        self.hosts.retain(|_, years| !years.is_empty());
    }

    /// Folds another tracker (a shard that saw other records) into this one. Below the host
    /// cap the result is the tracker one engine would have built from all records.
    pub fn merge(&mut self, other: &ComplianceTracker) {
        self.latest_year = self.latest_year.max(other.latest_year);
        merge_years(&mut self.total, &other.total);
        for (host, years) in &other.hosts {
            let key = if self.hosts.contains_key(host) || self.hosts.len() < self.limits.hosts {
                host.clone()
            } else {
                OTHER_HOSTS.to_owned()
            };
            merge_years(self.hosts.entry(key).or_default(), years);
        }
        self.flows_domestic += other.flows_domestic;
        self.flows_unknown_country += other.flows_unknown_country;
        self.prune();
    }

    /// Hosts counted separately now (the `*` bucket included).
    pub fn host_count(&self) -> usize {
        self.hosts.len()
    }

    /// Approximate heap bytes held by the counters.
    pub fn heap_bytes(&self) -> usize {
        let years = |y: &Years| -> usize {
            y.values().map(|c| c.personal.heap_bytes() + c.sensitive.heap_bytes()).sum()
        };
        years(&self.total) + self.hosts.values().map(years).sum::<usize>()
    }

    /// The compliance report. `enabled` says whether any protected object has the
    /// compliance check switched on (it is only carried into the report).
    pub fn report(&self, enabled: bool) -> ComplianceReport {
        let since_year = self.latest_year.map(|l| l.saturating_sub(1));
        let since = since_year.map(|y| format!("{y:04}-01-01T00:00:00+08:00"));
        let (overall, exact, err) = summarise(&self.total, self.limits.total_precision);
        let by_host = self
            .hosts
            .iter()
            .map(|(host, years)| {
                let (c, exact, err) = summarise(years, self.limits.host_precision);
                let (criteria, required, reasons) = judge(&c, exact, err, since.as_deref());
                HostCompliance {
                    host: host.clone(),
                    persons_personal: c.personal,
                    persons_sensitive: c.sensitive,
                    flows: c.flows,
                    exact,
                    assessment_required: required,
                    criteria,
                    reasons,
                }
            })
            .collect();
        let (criteria, required, reasons) = judge(&overall, exact, err, since.as_deref());
        ComplianceReport {
            enabled,
            since,
            since_ts: since_year.map(|y| cst_year_start(y) as i64),
            persons_personal: overall.personal,
            persons_sensitive: overall.sensitive,
            exact,
            relative_error: if exact { 0.0 } else { err },
            cross_border_flows: overall.flows,
            domestic_flows: self.flows_domestic,
            unknown_country_flows: self.flows_unknown_country,
            assessment_required: required,
            criteria,
            reasons,
            by_host,
        }
    }
}

fn add_persons(c: &mut YearCounts, p: &FlowPersons) {
    p.personal.iter().for_each(|&h| c.personal.add(h));
    p.sensitive.iter().for_each(|&h| c.sensitive.add(h));
    c.flows += 1;
}

fn merge_years(into: &mut Years, from: &Years) {
    for (y, c) in from {
        match into.get_mut(y) {
            Some(mine) => mine.merge(c),
            None => {
                into.insert(*y, c.clone());
            }
        }
    }
}

#[derive(Default)]
struct Counts {
    personal: u64,
    sensitive: u64,
    flows: u64,
}

/// Union of the window's years: counts, whether they are exact, the sketch error.
fn summarise(years: &Years, p: u8) -> (Counts, bool, f64) {
    let mut it = years.values();
    let Some(first) = it.next() else {
        return (Counts::default(), true, 0.0);
    };
    let mut u = first.clone();
    for c in it {
        u.merge(c);
    }
    let exact = u.personal.is_exact() && u.sensitive.is_exact();
    let err = 1.04 / ((1u64 << p) as f64).sqrt();
    (Counts { personal: u.personal.count(), sensitive: u.sensitive.count(), flows: u.flows }, exact, err)
}

/// Applies the three criteria.
fn judge(c: &Counts, exact: bool, err: f64, since: Option<&str>) -> (Vec<Criterion>, bool, Vec<String>) {
    let since = since.unwrap_or("the start of the window");
    let criteria = vec![
        Criterion::new("personal_information_over_100000", PERSONAL_THRESHOLD, c.personal),
        Criterion::new("sensitive_personal_information_over_10000", SENSITIVE_THRESHOLD, c.sensitive),
        Criterion::new("personal_information_over_1000000", LARGE_THRESHOLD, c.personal),
    ];
    let about = if exact { "" } else { "about " };
    let mut reasons = Vec::new();
    if c.flows == 0 {
        reasons.push(format!(
            "No personal information was seen going to clients outside the Chinese mainland since {since}."
        ));
    } else {
        for k in &criteria {
            if !k.met {
                continue;
            }
            reasons.push(match k.threshold {
                PERSONAL_THRESHOLD => format!(
                    "Personal information of {about}{} natural persons reached clients outside the \
                     Chinese mainland since {since}, more than the 100,000 at which a security \
                     assessment of the outbound transfer must be applied for.",
                    c.personal
                ),
                SENSITIVE_THRESHOLD => format!(
                    "Sensitive personal information of {about}{} natural persons left the Chinese \
                     mainland since {since}, beyond the limit of 10,000 persons; a security \
                     assessment is required.",
                    c.sensitive
                ),
                _ => format!(
                    "Cross-border transfers took place and {about}{} persons' personal information \
                     went abroad since {since}: above 1,000,000, the level at which any data \
                     processor, critical infrastructure operators included, needs an assessment.",
                    c.personal
                ),
            });
        }
        if reasons.is_empty() {
            reasons.push(format!(
                "Since {since}, personal information of {about}{} natural persons (sensitive personal \
                 information: {about}{}) went to clients outside the Chinese mainland. That is below \
                 every criterion (100,000 persons, 10,000 for sensitive information, 1,000,000 \
                 overall), so these transfers do not require a security assessment.",
                c.personal, c.sensitive
            ));
        }
        if !exact {
            for k in &criteria {
                let margin = 3.0 * err * k.threshold as f64;
                if (k.count as f64 - k.threshold as f64).abs() <= margin {
                    reasons.push(format!(
                        "The count of {} is an estimate (standard error {:.1}%) within reach of the \
                         {} threshold: confirm it with an exact audit before relying on the outcome.",
                        k.count,
                        err * 100.0,
                        k.threshold
                    ));
                }
            }
        }
    }
    let required = criteria.iter().any(|k| k.met);
    (criteria, required, reasons)
}

/// One criterion of the reference table and how the counts compare with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable name of the criterion.
    pub rule: String,
    /// Persons above which the criterion is met.
    pub threshold: u64,
    /// Persons counted.
    pub count: u64,
    /// True when `count > threshold`.
    pub met: bool,
}

impl Criterion {
    fn new(rule: &str, threshold: u64, count: u64) -> Self {
        Criterion { rule: rule.to_owned(), threshold, count, met: count > threshold }
    }
}

/// The compliance picture of one host.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HostCompliance {
    /// Host name (`*` for hosts beyond the cap).
    pub host: String,
    /// Persons whose personal information reached foreign clients.
    pub persons_personal: u64,
    /// Persons whose personal sensitive information reached foreign clients.
    pub persons_sensitive: u64,
    /// Cross-border flows with personal information.
    pub flows: u64,
    /// True when the counts are exact.
    pub exact: bool,
    /// True when a criterion is met.
    pub assessment_required: bool,
    /// Each criterion with this host's counts.
    pub criteria: Vec<Criterion>,
    /// Why, in words.
    pub reasons: Vec<String>,
}

/// The answer of [`crate::Engine::compliance`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComplianceReport {
    /// True when the compliance check is on for at least one protected object.
    pub enabled: bool,
    /// Start of the window: January 1 of the year before the latest record's year (UTC+8).
    pub since: Option<String>,
    /// The same as unix seconds.
    pub since_ts: Option<i64>,
    /// Persons whose personal information reached clients outside the Chinese mainland.
    pub persons_personal: u64,
    /// Persons whose personal sensitive information did.
    pub persons_sensitive: u64,
    /// True when both counts are exact (not yet estimated by the sketch).
    pub exact: bool,
    /// Relative standard error of the counts (0 when exact).
    pub relative_error: f64,
    /// Cross-border flows carrying personal information in the window.
    pub cross_border_flows: u64,
    /// Flows carrying personal information to mainland clients (not counted).
    pub domestic_flows: u64,
    /// Flows carrying personal information to clients of unknown country (not counted).
    pub unknown_country_flows: u64,
    /// True when any criterion is met: a security assessment must be applied for.
    pub assessment_required: bool,
    /// Each criterion with the overall counts.
    pub criteria: Vec<Criterion>,
    /// Why, in words.
    pub reasons: Vec<String>,
    /// The same per host, ordered by host name.
    pub by_host: Vec<HostCompliance>,
}

#[cfg(test)]
mod tests;

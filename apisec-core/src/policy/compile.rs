//! Validation and compilation of a [`PolicyConfig`] into the settings detectors read.
//!
//! Input: the parsed document. Output: [`Compiled`] — switch tables indexed by enum
//! position, custom policies with compiled conditions, custom sensitive matchers, whitelist
//! tables and protected-object lookups — or the first [`PolicyError`], naming the exact
//! path and the rule broken. Everything a detector may ask later is decided here, so a
//! policy that loads never fails at run time.

use super::PolicyError;
use super::condition::{self, Cmp, Conditions, Context, MAX_INT, MAX_VALUES, Names};
use super::model::*;
use super::sensitive::{self, CustomSensitiveType};
use crate::catalog::{EventKind, Level, Location, Purpose, RiskKind, SensitiveLevel, sensitive_type};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;

/// Most custom risk policies.
pub const MAX_CUSTOM_RISKS: usize = 20;
/// Most custom event policies.
pub const MAX_CUSTOM_EVENTS: usize = 10;
/// Most data-statistics conditions of one custom event.
pub const MAX_STATISTICS: usize = 10;
/// Longest custom event window, in minutes.
pub const MAX_PERIOD_MINUTES: u32 = 15;
/// Most custom sensitive types.
pub const MAX_CUSTOM_SENSITIVE: usize = 20;
/// Most authentication credential policies (our bound; the reference gives none).
pub const MAX_AUTH_POLICIES: usize = 50;
/// Most custom business purposes (our bound; the reference gives none).
pub const MAX_CUSTOM_PURPOSES: usize = 50;
/// Most whitelists of each kind (our bound).
pub const MAX_WHITELISTS: usize = 100;
/// Most names one whitelist may silence (our bound).
pub const MAX_IGNORE: usize = 100;
/// Longest custom lifecycle duration, in days.
pub const MAX_LIFECYCLE_DAYS: u32 = 31;
/// Most protected objects, and most hosts over all groups (our bound).
pub const MAX_OBJECTS: usize = 1000;
/// Most object groups (our bound).
pub const MAX_GROUPS: usize = 100;
/// Longest policy name, in characters (our bound).
pub const MAX_NAME_CHARS: usize = 64;
/// Longest suggestion text, in characters (our bound).
pub const MAX_SUGGESTION_CHARS: usize = 1024;

const N_RISKS: usize = RiskKind::ALL.len();
const N_EVENTS: usize = EventKind::ALL.len();
const N_PURPOSES: usize = Purpose::ALL.len();

/// A compiled custom risk policy.
#[derive(Clone, Debug)]
pub struct CustomRisk {
    /// Policy name (the risk's `abnormal_tag`).
    pub name: String,
    /// Risk level.
    pub level: Level,
    /// Recommended action.
    pub suggestion: String,
    conditions: Conditions,
}

impl CustomRisk {
    /// True when the exchange meets every condition.
    pub fn matches(&self, f: &dyn super::Facts) -> bool {
        self.conditions.matches(f)
    }
}

/// The rate limit of a custom event: more than `requests` matching requests per object
/// within `period_secs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// What requests are counted per.
    pub object: StatObject,
    /// Window length in seconds (60 to 900).
    pub period_secs: u32,
    /// Request threshold.
    pub requests: u32,
}

/// Whose distinct values a statistics condition counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DistinctOf {
    /// A request header (name compared case-insensitively).
    ReqHeader(String),
    /// A cookie.
    Cookie(String),
    /// A query parameter.
    GetParam(String),
    /// A request body parameter.
    PostParam(String),
}

/// A data-statistics condition the events engine evaluates over one window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statistic {
    /// Responses with `status` number more than `greater_than`.
    StatusCount {
        /// Status code.
        status: u16,
        /// Threshold.
        greater_than: u32,
    },
    /// The number of distinct values of an item compares with `n`.
    Distinct {
        /// The counted item.
        of: DistinctOf,
        /// Comparison.
        cmp: Cmp,
        /// Threshold.
        n: u32,
    },
    /// The number of distinct response sensitive types among `codes` compares with `n`.
    SensitiveTypesDistinct {
        /// The types counted (sorted).
        codes: Vec<u16>,
        /// Comparison.
        cmp: Cmp,
        /// Threshold.
        n: u32,
    },
    /// The number of distinct response sensitivity levels among `levels` exceeds the threshold.
    SensitiveLevelsDistinct {
        /// The levels counted (sorted).
        levels: Vec<SensitiveLevel>,
        /// Threshold.
        greater_than: u32,
    },
    /// The number of distinct source IPs exceeds the threshold.
    SourceIpCount {
        /// Threshold.
        greater_than: u32,
    },
}

/// A compiled custom event policy.
#[derive(Clone, Debug)]
pub struct CustomEvent {
    /// Policy name (the event's `event_tag`).
    pub name: String,
    /// Event level.
    pub level: Level,
    /// Recommended action.
    pub suggestion: String,
    /// The window and threshold.
    pub rate_limit: RateLimit,
    /// Window statistics that must all hold.
    pub statistics: Vec<Statistic>,
    conditions: Conditions,
}

impl CustomEvent {
    /// True when the exchange is one this policy counts.
    pub fn matches(&self, f: &dyn super::Facts) -> bool {
        self.conditions.matches(f)
    }
}

/// A compiled authentication credential policy.
#[derive(Clone, Debug)]
pub struct AuthPolicy {
    /// Policy name.
    pub name: String,
    fields: Vec<(Location, String)>,
    conditions: Conditions,
}

impl AuthPolicy {
    /// True when the request meets every condition (it carries these credentials).
    pub fn matches(&self, f: &dyn super::Facts) -> bool {
        self.conditions.matches(f)
    }
    /// The credential fields the policy names, for `auth_key`: request header, cookie,
    /// query or body parameter, in condition order.
    pub fn fields(&self) -> &[(Location, String)] {
        &self.fields
    }
}

/// A compiled custom business purpose.
#[derive(Clone, Debug)]
pub struct CustomPurpose {
    /// Purpose name, reported in `api_tag`.
    pub name: String,
    conditions: Conditions,
}

impl CustomPurpose {
    /// True when the exchange has this purpose.
    pub fn matches(&self, f: &dyn super::Facts) -> bool {
        self.conditions.matches(f)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Whitelist {
    pub conditions: Conditions,
    pub ignore: FxHashSet<String>,
}

/// Every setting, resolved.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub risk_enabled: [bool; N_RISKS],
    pub risk_level: [Level; N_RISKS],
    pub event_enabled: [bool; N_EVENTS],
    pub purpose_enabled: [bool; N_PURPOSES],
    /// Built-in sensitive codes switched off (sorted).
    pub sensitive_off: Vec<u16>,
    /// Every custom type's (enabled, level), indexed by `code - 9000`.
    pub custom_sensitive_all: Vec<(bool, SensitiveLevel)>,
    pub custom_sensitive: Vec<CustomSensitiveType>,
    pub custom_risks: Vec<CustomRisk>,
    pub custom_events: Vec<CustomEvent>,
    pub auth: Vec<AuthPolicy>,
    pub purposes: Vec<CustomPurpose>,
    pub risk_whitelists: Vec<Whitelist>,
    pub event_whitelists: Vec<Whitelist>,
    pub objects_exact: FxHashMap<String, ObjectSwitches>,
    /// `(".example.com", switches)`, longest suffix first, objects before groups.
    pub objects_wild: Vec<(String, ObjectSwitches)>,
}

impl Compiled {
    /// Settings of the empty policy: every built-in on at its default level.
    pub fn builtin() -> Compiled {
        let mut risk_level = [Level::Low; N_RISKS];
        for r in RiskKind::ALL {
            risk_level[*r as usize] = r.default_level();
        }
        Compiled {
            risk_enabled: [true; N_RISKS],
            risk_level,
            event_enabled: [true; N_EVENTS],
            purpose_enabled: [true; N_PURPOSES],
            sensitive_off: Vec::new(),
            custom_sensitive_all: Vec::new(),
            custom_sensitive: Vec::new(),
            custom_risks: Vec::new(),
            custom_events: Vec::new(),
            auth: Vec::new(),
            purposes: Vec::new(),
            risk_whitelists: Vec::new(),
            event_whitelists: Vec::new(),
            objects_exact: FxHashMap::default(),
            objects_wild: Vec::new(),
        }
    }
}

fn err(path: impl Into<String>, message: impl Into<String>) -> PolicyError {
    PolicyError { path: path.into(), message: message.into() }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Checks a policy name: 1 to 64 of Chinese characters, ASCII letters, digits, `.`, `_`, `-`.
pub(crate) fn check_name(name: &str, path: &str) -> Result<(), PolicyError> {
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS {
        return Err(err(path, format!("must be 1 to {MAX_NAME_CHARS} characters (got {n})")));
    }
    if let Some(c) =
        name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') || is_cjk(*c)))
    {
        return Err(err(
            path,
            format!("character {c:?} not allowed (Chinese characters, letters, digits, `.`, `_`, `-` only)"),
        ));
    }
    Ok(())
}

fn check_suggestion(s: &str, path: &str) -> Result<(), PolicyError> {
    let n = s.chars().count();
    if n > MAX_SUGGESTION_CHARS {
        return Err(err(path, format!("at most {MAX_SUGGESTION_CHARS} characters (got {n})")));
    }
    Ok(())
}

fn check_count(len: usize, max: usize, path: &str, what: &str) -> Result<(), PolicyError> {
    if len > max {
        return Err(err(path, format!("at most {max} {what} (got {len})")));
    }
    Ok(())
}

fn unique<'a>(seen: &mut HashSet<&'a str>, name: &'a str, path: &str) -> Result<(), PolicyError> {
    if !seen.insert(name) {
        return Err(err(path, format!("duplicate name `{name}`")));
    }
    Ok(())
}

/// Validates and compiles a whole policy document.
pub(crate) fn compile(cfg: &PolicyConfig) -> Result<Compiled, PolicyError> {
    let mut out = Compiled::builtin();

    // Section 3 first: conditions elsewhere may name custom sensitive types.
    let sd = &cfg.sensitive_data;
    for (code, sw) in &sd.builtin {
        let path = format!("sensitive_data.builtin.{code}");
        let c = code
            .parse::<u16>()
            .ok()
            .filter(|c| sensitive_type(*c).is_some())
            .ok_or_else(|| err(&path, format!("unknown built-in sensitive data type code `{code}`")))?;
        if !sw.enabled {
            out.sensitive_off.push(c);
        }
    }
    out.sensitive_off.sort_unstable();
    check_count(sd.custom.len(), MAX_CUSTOM_SENSITIVE, "sensitive_data.custom", "custom sensitive types")?;
    let mut names = Names::default();
    let mut seen = HashSet::new();
    for (i, c) in sd.custom.iter().enumerate() {
        let path = format!("sensitive_data.custom[{i}]");
        check_name(&c.name, &format!("{path}.name"))?;
        if c.name.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(format!("{path}.name"), "must not be all digits (it would read as a type code)"));
        }
        if crate::catalog::SENSITIVE_TYPES.iter().any(|t| t.name == c.name) {
            return Err(err(format!("{path}.name"), format!("`{}` is a built-in type's name", c.name)));
        }
        unique(&mut seen, &c.name, &format!("{path}.name"))?;
        let t = sensitive::compile(c, i, &path)?;
        names.sensitive.push((c.name.clone(), t.code, c.level));
        out.custom_sensitive_all.push((c.enabled, c.level));
        if c.enabled {
            out.custom_sensitive.push(t);
        }
    }

    // Section 5 names next: risk and event conditions may name custom purposes.
    let bp = &cfg.business_purpose;
    for (name, sw) in &bp.builtin {
        let p = Purpose::parse(name).ok_or_else(|| {
            err(
                format!("business_purpose.builtin.{name}"),
                format!("unknown built-in business purpose `{name}`"),
            )
        })?;
        out.purpose_enabled[p as usize] = sw.enabled;
    }
    check_count(bp.custom.len(), MAX_CUSTOM_PURPOSES, "business_purpose.custom", "custom purposes")?;
    let mut seen = HashSet::new();
    for (i, c) in bp.custom.iter().enumerate() {
        let npath = format!("business_purpose.custom[{i}].name");
        check_name(&c.name, &npath)?;
        if Purpose::parse(&c.name).is_some() {
            return Err(err(npath, format!("`{}` is a built-in purpose's name", c.name)));
        }
        unique(&mut seen, &c.name, &npath)?;
        names.purposes.insert(c.name.clone());
    }
    for (i, c) in bp.custom.iter().enumerate() {
        let conditions = condition::compile_all(
            &c.conditions,
            Context::Purpose,
            &names,
            &format!("business_purpose.custom[{i}].conditions"),
            1,
        )?;
        if c.enabled {
            out.purposes.push(CustomPurpose { name: c.name.clone(), conditions });
        }
    }

    // Section 1.
    let rd = &cfg.risk_detection;
    for (name, b) in &rd.builtin {
        let r = RiskKind::parse(name).ok_or_else(|| {
            err(format!("risk_detection.builtin.{name}"), format!("unknown built-in risk `{name}`"))
        })?;
        out.risk_enabled[r as usize] = b.enabled;
        if let Some(l) = b.level {
            out.risk_level[r as usize] = l;
        }
    }
    check_count(rd.custom.len(), MAX_CUSTOM_RISKS, "risk_detection.custom", "custom risk policies")?;
    let mut risk_names = HashSet::new();
    for (i, c) in rd.custom.iter().enumerate() {
        let path = format!("risk_detection.custom[{i}]");
        check_name(&c.name, &format!("{path}.name"))?;
        if RiskKind::parse(&c.name).is_some() {
            return Err(err(format!("{path}.name"), format!("`{}` is a built-in risk's name", c.name)));
        }
        unique(&mut risk_names, &c.name, &format!("{path}.name"))?;
        check_suggestion(&c.suggestion, &format!("{path}.suggestion"))?;
        let conditions =
            condition::compile_all(&c.conditions, Context::Risk, &names, &format!("{path}.conditions"), 1)?;
        if c.enabled {
            out.custom_risks.push(CustomRisk {
                name: c.name.clone(),
                level: c.level,
                suggestion: c.suggestion.clone(),
                conditions,
            });
        }
    }

    // Section 2.
    let se = &cfg.security_events;
    for (name, b) in &se.builtin {
        let e = EventKind::parse(name).ok_or_else(|| {
            err(format!("security_events.builtin.{name}"), format!("unknown built-in event `{name}`"))
        })?;
        out.event_enabled[e as usize] = b.enabled;
    }
    check_count(se.custom.len(), MAX_CUSTOM_EVENTS, "security_events.custom", "custom event policies")?;
    let mut event_names = HashSet::new();
    for (i, c) in se.custom.iter().enumerate() {
        let path = format!("security_events.custom[{i}]");
        check_name(&c.name, &format!("{path}.name"))?;
        if EventKind::parse(&c.name).is_some() {
            return Err(err(format!("{path}.name"), format!("`{}` is a built-in event's name", c.name)));
        }
        unique(&mut event_names, &c.name, &format!("{path}.name"))?;
        check_suggestion(&c.suggestion, &format!("{path}.suggestion"))?;
        let conditions =
            condition::compile_all(&c.conditions, Context::Event, &names, &format!("{path}.conditions"), 0)?;
        let rl = &c.rate_limit;
        if !(1..=MAX_PERIOD_MINUTES).contains(&rl.period_minutes) {
            return Err(err(
                format!("{path}.rate_limit.period_minutes"),
                format!("must be 1 to {MAX_PERIOD_MINUTES} minutes (got {})", rl.period_minutes),
            ));
        }
        if rl.requests == 0 {
            return Err(err(format!("{path}.rate_limit.requests"), "must be a positive integer (got 0)"));
        }
        check_count(
            c.statistics.len(),
            MAX_STATISTICS,
            &format!("{path}.statistics"),
            "statistics conditions",
        )?;
        let mut statistics = Vec::with_capacity(c.statistics.len());
        for (j, s) in c.statistics.iter().enumerate() {
            statistics.push(compile_statistic(s, &names, &format!("{path}.statistics[{j}]"))?);
        }
        if c.enabled {
            out.custom_events.push(CustomEvent {
                name: c.name.clone(),
                level: c.level,
                suggestion: c.suggestion.clone(),
                rate_limit: RateLimit {
                    object: rl.object,
                    period_secs: rl.period_minutes * 60,
                    requests: rl.requests,
                },
                statistics,
                conditions,
            });
        }
    }

    // Section 4.
    let ac = &cfg.auth_credentials;
    check_count(ac.custom.len(), MAX_AUTH_POLICIES, "auth_credentials.custom", "credential policies")?;
    let mut seen = HashSet::new();
    for (i, c) in ac.custom.iter().enumerate() {
        let path = format!("auth_credentials.custom[{i}]");
        check_name(&c.name, &format!("{path}.name"))?;
        unique(&mut seen, &c.name, &format!("{path}.name"))?;
        let cpath = format!("{path}.conditions");
        let conditions = condition::compile_all(&c.conditions, Context::Auth, &names, &cpath, 1)?;
        let fields: Vec<(Location, String)> = c
            .conditions
            .iter()
            .filter_map(|k| {
                let loc = match k.field {
                    Field::ReqHeader => Location::RequestHeader,
                    Field::Cookie => Location::RequestCookie,
                    Field::GetParam => Location::RequestQuery,
                    Field::PostParam => Location::RequestBody,
                    _ => return None,
                };
                Some((loc, k.name.clone().unwrap_or_default()))
            })
            .collect();
        if fields.is_empty() {
            return Err(err(
                cpath,
                "at least one condition on req_header, cookie, get_param or post_param required",
            ));
        }
        if c.enabled {
            out.auth.push(AuthPolicy { name: c.name.clone(), fields, conditions });
        }
    }

    // Section 6.
    let wl = &cfg.whitelists;
    for (kind, list, ctx) in
        [("risk", &wl.risk, Context::RiskWhitelist), ("event", &wl.event, Context::EventWhitelist)]
    {
        let base = format!("whitelists.{kind}");
        check_count(list.len(), MAX_WHITELISTS, &base, "whitelists")?;
        let mut seen = HashSet::new();
        for (i, w) in list.iter().enumerate() {
            let path = format!("{base}[{i}]");
            check_name(&w.name, &format!("{path}.name"))?;
            unique(&mut seen, &w.name, &format!("{path}.name"))?;
            let conditions =
                condition::compile_all(&w.conditions, ctx, &names, &format!("{path}.conditions"), 1)?;
            let ipath = format!("{path}.ignore");
            if w.ignore.is_empty() {
                return Err(err(ipath, "at least one risk or event type to ignore required"));
            }
            check_count(w.ignore.len(), MAX_IGNORE, &ipath, "names")?;
            for (j, tag) in w.ignore.iter().enumerate() {
                let known = if ctx == Context::RiskWhitelist {
                    RiskKind::parse(tag).is_some() || risk_names.contains(tag.as_str())
                } else {
                    EventKind::parse(tag).is_some() || event_names.contains(tag.as_str())
                };
                if !known {
                    return Err(err(
                        format!("{ipath}[{j}]"),
                        format!("unknown {kind} type `{tag}` (neither built-in nor a custom {kind} policy)"),
                    ));
                }
            }
            if w.enabled {
                let ignore = w.ignore.iter().cloned().collect();
                let entry = Whitelist { conditions, ignore };
                if ctx == Context::RiskWhitelist {
                    out.risk_whitelists.push(entry);
                } else {
                    out.event_whitelists.push(entry);
                }
            }
        }
    }

    // Section 7.
    if let Lifecycle::Custom { daily_requests, days } = cfg.lifecycle {
        if daily_requests == 0 {
            return Err(err("lifecycle.daily_requests", "must be a positive integer (got 0)"));
        }
        if !(1..=MAX_LIFECYCLE_DAYS).contains(&days) {
            return Err(err(
                "lifecycle.days",
                format!("must be 1 to {MAX_LIFECYCLE_DAYS} days (got {days})"),
            ));
        }
    }

    // Section 9.
    compile_objects(&cfg.effective_objects, &mut out)?;
    Ok(out)
}

fn compile_statistic(s: &StatisticConfig, names: &Names, path: &str) -> Result<Statistic, PolicyError> {
    use StatField as S;
    let op_ok: &[Op] = match s.field {
        S::StatusCount | S::RespSensitiveLevelsDistinct | S::SourceIpCount => &[Op::Gt],
        _ => &[Op::Lt, Op::Eq, Op::Gt],
    };
    if !op_ok.contains(&s.op) {
        let list: Vec<&str> = op_ok
            .iter()
            .map(|o| {
                if *o == Op::Gt {
                    "gt"
                } else if *o == Op::Lt {
                    "lt"
                } else {
                    "eq"
                }
            })
            .collect();
        return Err(err(
            format!("{path}.op"),
            format!("not allowed for this statistic (allowed: {})", list.join(", ")),
        ));
    }
    let cmp = match s.op {
        Op::Lt => Cmp::Lt,
        Op::Eq => Cmp::Eq,
        _ => Cmp::Gt,
    };
    if i64::from(s.value) > MAX_INT {
        return Err(err(
            format!("{path}.value"),
            format!("must be an integer from 0 to {MAX_INT} (got {})", s.value),
        ));
    }
    let n = s.value;
    let wants_name = matches!(
        s.field,
        S::ReqHeaderDistinct | S::CookieDistinct | S::GetParamDistinct | S::PostParamDistinct
    );
    let wants_values = matches!(s.field, S::RespSensitiveTypesDistinct | S::RespSensitiveLevelsDistinct);
    let wants_status = s.field == S::StatusCount;
    if !wants_name && s.name.is_some() {
        return Err(err(format!("{path}.name"), "this statistic takes no name"));
    }
    if !wants_values && !s.values.is_empty() {
        return Err(err(format!("{path}.values"), "this statistic takes no value list"));
    }
    if !wants_status && s.status.is_some() {
        return Err(err(format!("{path}.status"), "only `status_count` takes a status"));
    }
    let vpath = format!("{path}.values");
    if wants_values {
        if s.values.is_empty() {
            return Err(err(&vpath, "at least 1 value required"));
        }
        if s.values.len() > MAX_VALUES {
            return Err(err(&vpath, format!("at most {MAX_VALUES} values (got {})", s.values.len())));
        }
    }
    let name = || -> Result<String, PolicyError> {
        match &s.name {
            Some(n)
                if !n.is_empty()
                    && n.len() <= condition::MAX_SUBNAME_BYTES
                    && !n.chars().any(char::is_control) =>
            {
                Ok(n.clone())
            }
            Some(_) => Err(err(format!("{path}.name"), "must be 1 to 256 bytes without control characters")),
            None => Err(err(format!("{path}.name"), "required: the header / cookie / parameter name")),
        }
    };
    Ok(match s.field {
        S::StatusCount => match s.status {
            Some(st @ 100..=600) => Statistic::StatusCount { status: st, greater_than: n },
            Some(st) => return Err(err(format!("{path}.status"), format!("must be 100 to 600 (got {st})"))),
            None => return Err(err(format!("{path}.status"), "required: the status code counted")),
        },
        S::ReqHeaderDistinct => Statistic::Distinct { of: DistinctOf::ReqHeader(name()?), cmp, n },
        S::CookieDistinct => Statistic::Distinct { of: DistinctOf::Cookie(name()?), cmp, n },
        S::GetParamDistinct => Statistic::Distinct { of: DistinctOf::GetParam(name()?), cmp, n },
        S::PostParamDistinct => Statistic::Distinct { of: DistinctOf::PostParam(name()?), cmp, n },
        S::RespSensitiveTypesDistinct => Statistic::SensitiveTypesDistinct {
            codes: condition::sensitive_codes(&s.values, names, &vpath)?,
            cmp,
            n,
        },
        S::RespSensitiveLevelsDistinct => Statistic::SensitiveLevelsDistinct {
            levels: condition::levels(&s.values, &vpath)?,
            greater_than: n,
        },
        S::SourceIpCount => Statistic::SourceIpCount { greater_than: n },
    })
}

fn check_switches(sw: ObjectSwitches, path: &str) -> Result<(), PolicyError> {
    if !sw.basic_detection && sw.compliance_check {
        return Err(err(format!("{path}.compliance_check"), "needs basic_detection on"));
    }
    if !sw.basic_detection && sw.tracing_auditing {
        return Err(err(format!("{path}.tracing_auditing"), "needs basic_detection on"));
    }
    Ok(())
}

/// Validates a host pattern (`api.example.com` or `*.example.com`) and returns it lower-cased.
fn host_pattern(h: &str, path: &str) -> Result<String, PolicyError> {
    let rest = h.strip_prefix("*.").unwrap_or(h);
    let ok = !rest.is_empty()
        && h.len() <= 253
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']'));
    if !ok {
        return Err(err(path, format!("`{h}` is not a host name or `*.domain` wildcard")));
    }
    Ok(h.to_ascii_lowercase())
}

fn compile_objects(eo: &EffectiveObjects, out: &mut Compiled) -> Result<(), PolicyError> {
    check_count(eo.objects.len(), MAX_OBJECTS, "effective_objects.objects", "protected objects")?;
    check_count(eo.groups.len(), MAX_GROUPS, "effective_objects.groups", "object groups")?;
    let total: usize = eo.groups.iter().map(|g| g.hosts.len()).sum();
    check_count(total, MAX_OBJECTS, "effective_objects.groups", "hosts over all groups")?;
    // (pattern, switches, is_group)
    let mut entries: Vec<(String, ObjectSwitches, bool)> = Vec::new();
    let mut seen = HashSet::new();
    for (i, o) in eo.objects.iter().enumerate() {
        let path = format!("effective_objects.objects[{i}]");
        let sw = ObjectSwitches {
            basic_detection: o.basic_detection,
            compliance_check: o.compliance_check,
            tracing_auditing: o.tracing_auditing,
        };
        check_switches(sw, &path)?;
        let h = host_pattern(&o.host, &format!("{path}.host"))?;
        if !seen.insert(h.clone()) {
            return Err(err(format!("{path}.host"), format!("duplicate protected object `{h}`")));
        }
        entries.push((h, sw, false));
    }
    let mut seen_in_groups = HashSet::new();
    let mut group_names = HashSet::new();
    for (i, g) in eo.groups.iter().enumerate() {
        let path = format!("effective_objects.groups[{i}]");
        check_name(&g.name, &format!("{path}.name"))?;
        unique(&mut group_names, &g.name, &format!("{path}.name"))?;
        let sw = ObjectSwitches {
            basic_detection: g.basic_detection,
            compliance_check: g.compliance_check,
            tracing_auditing: g.tracing_auditing,
        };
        check_switches(sw, &path)?;
        if g.hosts.is_empty() {
            return Err(err(format!("{path}.hosts"), "at least one host required"));
        }
        for (j, h) in g.hosts.iter().enumerate() {
            let hp = format!("{path}.hosts[{j}]");
            let h = host_pattern(h, &hp)?;
            if !seen_in_groups.insert(h.clone()) {
                return Err(err(hp, format!("`{h}` is already in a group")));
            }
            entries.push((h, sw, true));
        }
    }
    let mut wild = Vec::new();
    // Objects come first in `entries`, so an object's exact entry wins over a group's.
    for (h, sw, is_group) in entries {
        match h.strip_prefix('*') {
            Some(suffix) => wild.push((suffix.to_string(), sw, is_group)),
            None => {
                out.objects_exact.entry(h).or_insert(sw);
            }
        }
    }
    wild.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.2.cmp(&b.2)));
    out.objects_wild = wild.into_iter().map(|(s, sw, _)| (s, sw)).collect();
    Ok(())
}

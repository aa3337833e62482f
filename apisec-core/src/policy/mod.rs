//! Policy: the user's configuration of every detector (reference 004, sections 1–7 and 9).
//!
//! Input: a JSON (or TOML) document in the schema of `docs/policy.md`. Output: a
//! [`Policy`] that has been validated and compiled once, at load, so detectors only read
//! settings and never fail at run time. The module is split by stage:
//!
//! - [`model`] — the raw serde document (`deny_unknown_fields` everywhere);
//! - [`condition`] — the condition language: fields, operators, limits, compiled matchers;
//! - [`facts`] — the [`Facts`] trait conditions ask, and [`RecordFacts`] built from a record;
//! - [`sensitive`] — custom sensitive types (basic token rules and linear-time regexes);
//! - [`cidr`] — IP / CIDR sets;
//! - `compile` — validation of each section into the settings behind the accessors.
//!
//! `Policy::default()` turns every built-in detector on, de-identification off.
//!
//! ```
//! use apisec_core::{Policy, RiskKind, Level};
//! let p = Policy::from_json(r#"{"risk_detection": {"builtin": {
//!     "Risk_WeakPasswd": {"enabled": true, "level": "high"},
//!     "Risk_PageSize": {"enabled": false}}}}"#).unwrap();
//! assert_eq!(p.risk_level(RiskKind::WeakPasswd), Level::High);
//! assert!(!p.risk_enabled(RiskKind::PageSize));
//! let e = Policy::from_json(r#"{"risk_detection": {"custom": [{"name": "x", "level": "low",
//!     "conditions": [{"field": "method", "op": "contains_any", "values": ["GET"]}]}]}}"#).unwrap_err();
//! assert_eq!(e.path, "risk_detection.custom[0].conditions[0].op");
//! ```

pub mod cidr;
mod compile;
pub mod condition;
pub mod facts;
pub mod model;
pub mod sensitive;
#[cfg(test)]
mod tests;

pub use compile::{
    AuthPolicy, CustomEvent, CustomPurpose, CustomRisk, DistinctOf, MAX_AUTH_POLICIES, MAX_CUSTOM_EVENTS,
    MAX_CUSTOM_PURPOSES, MAX_CUSTOM_RISKS, MAX_CUSTOM_SENSITIVE, MAX_GROUPS, MAX_IGNORE, MAX_LIFECYCLE_DAYS,
    MAX_NAME_CHARS, MAX_OBJECTS, MAX_PERIOD_MINUTES, MAX_STATISTICS, MAX_SUGGESTION_CHARS, MAX_WHITELISTS,
    RateLimit, Statistic,
};
pub use condition::{Cmp, Condition, Conditions, Context};
pub use facts::{Facts, NameSource, RecordFacts};
pub use model::{Lifecycle, LogSubscription, ObjectSwitches, PolicyConfig, StatObject};
pub use sensitive::{CUSTOM_CODE_BASE, CustomSensitiveType};

use crate::catalog::{EventKind, Level, Purpose, RiskKind, SensitiveLevel, sensitive_type};
use compile::Compiled;
use facts::WhitelistFacts;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::net::IpAddr;
use std::sync::Arc;

/// A policy validation error: the path of the offending value and the rule it breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{path}: {message}")]
pub struct PolicyError {
    /// Path to the offending value, e.g. `risk_detection.custom[3].conditions[1].values`
    /// (`$` for the document itself).
    pub path: String,
    /// What rule it breaks.
    pub message: String,
}

/// The whole user configuration, validated and compiled.
///
/// It keeps the user's document ([`Policy::config`]), which is what it serialises back to,
/// beside the compiled settings the accessors read. Cloning is cheap (the compiled part is
/// shared).
#[derive(Clone, Debug)]
pub struct Policy {
    config: PolicyConfig,
    compiled: Arc<Compiled>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { config: PolicyConfig::default(), compiled: Arc::new(Compiled::builtin()) }
    }
}

impl PartialEq for Policy {
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.config.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Policy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let config = PolicyConfig::deserialize(d)?;
        Policy::from_config(config).map_err(serde::de::Error::custom)
    }
}

fn path_error<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> PolicyError {
    let path = e.path().to_string();
    let path = if path.is_empty() || path == "." { "$".to_string() } else { path };
    PolicyError { path, message: e.into_inner().to_string() }
}

impl Policy {
    /// Parses, validates and compiles a policy from JSON. Errors name the offending path.
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        if !text.trim_start().starts_with('{') {
            return Err(PolicyError {
                path: "$".into(),
                message: "a policy is a JSON object `{...}`".into(),
            });
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let config: PolicyConfig = serde_path_to_error::deserialize(&mut de).map_err(path_error)?;
        de.end().map_err(|e| PolicyError { path: "$".into(), message: e.to_string() })?;
        Policy::from_config(config)
    }

    /// Parses, validates and compiles a policy from TOML (same schema as JSON).
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        let de = toml::Deserializer::parse(text)
            .map_err(|e| PolicyError { path: "$".into(), message: e.to_string().trim().to_string() })?;
        let config: PolicyConfig = serde_path_to_error::deserialize(de).map_err(|e| {
            let mut pe = path_error(e);
            pe.message = pe.message.trim().to_string();
            pe
        })?;
        Policy::from_config(config)
    }

    /// Validates and compiles an already parsed document.
    pub fn from_config(config: PolicyConfig) -> Result<Policy, PolicyError> {
        let compiled = compile::compile(&config)?;
        Ok(Policy { config, compiled: Arc::new(compiled) })
    }

    /// The user's document, as loaded.
    pub fn config(&self) -> &PolicyConfig {
        &self.config
    }

    /// The document as pretty JSON (what [`Policy::from_json`] reads back unchanged).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.config).unwrap_or_default()
    }

    /// Whether a built-in risk is detected.
    pub fn risk_enabled(&self, kind: RiskKind) -> bool {
        self.compiled.risk_enabled[kind as usize]
    }

    /// The level a built-in risk is reported at.
    pub fn risk_level(&self, kind: RiskKind) -> Level {
        self.compiled.risk_level[kind as usize]
    }

    /// Whether a built-in event is detected.
    pub fn event_enabled(&self, kind: EventKind) -> bool {
        self.compiled.event_enabled[kind as usize]
    }

    /// Whether a sensitive type (built-in code or custom code 9000+) is detected; unknown
    /// codes are not.
    pub fn sensitive_enabled(&self, code: u16) -> bool {
        if sensitive_type(code).is_some() {
            return self.compiled.sensitive_off.binary_search(&code).is_err();
        }
        self.custom_slot(code).is_some_and(|(on, _)| on)
    }

    /// The sensitivity level of a built-in or custom type.
    pub fn sensitive_level_of(&self, code: u16) -> Option<SensitiveLevel> {
        sensitive_type(code).map(|t| t.level).or_else(|| self.custom_slot(code).map(|(_, l)| l))
    }

    fn custom_slot(&self, code: u16) -> Option<(bool, SensitiveLevel)> {
        let i = code.checked_sub(CUSTOM_CODE_BASE)? as usize;
        self.compiled.custom_sensitive_all.get(i).copied()
    }

    /// Whether a built-in business purpose is recognised.
    pub fn purpose_enabled(&self, purpose: Purpose) -> bool {
        self.compiled.purpose_enabled[purpose as usize]
    }

    /// Whether samples are shown de-identified.
    pub fn desensitize(&self) -> bool {
        self.config.sensitive_data.desensitize
    }

    /// Enabled custom risk policies, in document order.
    pub fn custom_risks(&self) -> &[CustomRisk] {
        &self.compiled.custom_risks
    }

    /// Enabled custom event policies, in document order.
    pub fn custom_events(&self) -> &[CustomEvent] {
        &self.compiled.custom_events
    }

    /// Enabled custom sensitive types, in document order.
    pub fn custom_sensitive_types(&self) -> &[CustomSensitiveType] {
        &self.compiled.custom_sensitive
    }

    /// Enabled authentication credential policies.
    pub fn auth_policies(&self) -> &[AuthPolicy] {
        &self.compiled.auth
    }

    /// Enabled custom business purposes.
    pub fn custom_purposes(&self) -> &[CustomPurpose] {
        &self.compiled.purposes
    }

    /// True when an enabled risk whitelist matching `host` and `api` silences `tag` (a
    /// `Risk_*` name or a custom risk policy's name).
    pub fn risk_whitelisted(&self, host: &str, api: &str, tag: &str) -> bool {
        let f = WhitelistFacts { host, api, ip: None, account: None };
        self.compiled.risk_whitelists.iter().any(|w| w.ignore.contains(tag) && w.conditions.matches(&f))
    }

    /// True when an enabled event whitelist matching the host, API, IP and account silences
    /// `tag` (an `Event_*` name or a custom event policy's name).
    pub fn event_whitelisted(
        &self,
        host: &str,
        api: &str,
        ip: IpAddr,
        account: Option<&str>,
        tag: &str,
    ) -> bool {
        let f = WhitelistFacts { host, api, ip: Some(ip), account };
        self.compiled.event_whitelists.iter().any(|w| w.ignore.contains(tag) && w.conditions.matches(&f))
    }

    /// How inactive APIs are decided.
    pub fn lifecycle(&self) -> Lifecycle {
        self.config.lifecycle
    }

    /// Which log streams are produced.
    pub fn log_subscription(&self) -> LogSubscription {
        self.config.log_subscription
    }

    /// The switches of the protected object serving `host` (a `:port` suffix is ignored,
    /// case is not significant). An exact object beats a group member, which beats the
    /// longest matching `*.` wildcard; unknown hosts get the defaults (basic detection on).
    pub fn object_switches(&self, host: &str) -> ObjectSwitches {
        let c = &self.compiled;
        if c.objects_exact.is_empty() && c.objects_wild.is_empty() {
            return ObjectSwitches::default();
        }
        let h = crate::record::strip_port(host);
        let h: Cow<'_, str> = if h.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(h.to_ascii_lowercase())
        } else {
            Cow::Borrowed(h)
        };
        if let Some(sw) = c.objects_exact.get(h.as_ref()) {
            return *sw;
        }
        c.objects_wild
            .iter()
            .find(|(suffix, _)| h.len() > suffix.len() && h.ends_with(suffix.as_str()))
            .map(|(_, sw)| *sw)
            .unwrap_or_default()
    }
}

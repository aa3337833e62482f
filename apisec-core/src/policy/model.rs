//! The raw policy document: plain serde types in the shape users write (JSON or TOML).
//!
//! Input: the user's text, deserialised with `deny_unknown_fields` everywhere so a typo is
//! an error naming its path. Output: a [`PolicyConfig`] that has only been *parsed*; the
//! rules of each section (limits, allowed operators, known names) are checked by
//! `compile`, which turns it into the settings detectors read. Every field has a default,
//! so `{}` is a valid policy meaning "every built-in on, nothing custom".
//! `docs/policy.md` is the reference for every field.

use crate::catalog::{Level, SensitiveLevel};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

/// The whole policy document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyConfig {
    /// Section 1: built-in risk switches and levels, custom risk policies.
    #[serde(skip_serializing_if = "is_default")]
    pub risk_detection: RiskDetection,
    /// Section 2: built-in event switches, custom event policies.
    #[serde(skip_serializing_if = "is_default")]
    pub security_events: SecurityEvents,
    /// Section 3: masking switch, built-in sensitive types, custom sensitive types.
    #[serde(skip_serializing_if = "is_default")]
    pub sensitive_data: SensitiveData,
    /// Section 4: custom authentication-credential policies.
    #[serde(skip_serializing_if = "is_default")]
    pub auth_credentials: AuthCredentials,
    /// Section 5: built-in purpose switches, custom purpose policies.
    #[serde(skip_serializing_if = "is_default")]
    pub business_purpose: BusinessPurpose,
    /// Section 6: risk and event whitelists.
    #[serde(skip_serializing_if = "is_default")]
    pub whitelists: Whitelists,
    /// Section 7: how inactive APIs are decided.
    #[serde(skip_serializing_if = "is_default")]
    pub lifecycle: Lifecycle,
    /// Section 8: which log streams are produced.
    #[serde(skip_serializing_if = "is_default")]
    pub log_subscription: LogSubscription,
    /// Section 9: per protected object switches.
    #[serde(skip_serializing_if = "is_default")]
    pub effective_objects: EffectiveObjects,
}

/// A built-in switch: `{"enabled": false}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinSwitch {
    /// Whether the built-in detector runs (default on).
    #[serde(default = "yes")]
    pub enabled: bool,
}

/// A built-in risk's switch and level: `{"enabled": true, "level": "high"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinRisk {
    /// Whether the built-in risk is detected (default on).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Level override; absent keeps the catalogue's default level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
}

/// Section 1.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskDetection {
    /// Overrides of built-in risks, keyed by `Risk_*` name. Absent = on at default level.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub builtin: BTreeMap<String, BuiltinRisk>,
    /// Custom risk policies (at most 20).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<CustomRiskConfig>,
}

/// One custom risk policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRiskConfig {
    /// Policy name (reported as the risk's `abnormal_tag`).
    pub name: String,
    /// On/off (default on).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// Risk level.
    pub level: Level,
    /// Recommended action, free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suggestion: String,
    /// Match conditions, all of which must hold (1 to 10).
    pub conditions: Vec<ConditionConfig>,
}

/// Section 2.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecurityEvents {
    /// Switches of built-in events, keyed by `Event_*` name. Absent = on.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub builtin: BTreeMap<String, BuiltinSwitch>,
    /// Custom event policies (at most 10).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<CustomEventConfig>,
}

/// One custom event policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomEventConfig {
    /// Policy name (reported as the event's `event_tag`).
    pub name: String,
    /// On/off (default on).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// Event level.
    pub level: Level,
    /// Recommended action, free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suggestion: String,
    /// Which requests count, all conditions must hold (0 to 10; none = every request).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionConfig>,
    /// The window and request threshold.
    pub rate_limit: RateLimitConfig,
    /// Extra window statistics that must all hold (0 to 10).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statistics: Vec<StatisticConfig>,
}

/// What a custom event counts per.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatObject {
    /// Per client IP.
    Ip,
    /// Per account.
    Account,
}

/// Rate limit of a custom event: more than `requests` matching requests from one object
/// within `period_minutes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
    /// Statistical object.
    pub object: StatObject,
    /// Window length in minutes, 1 to 15.
    pub period_minutes: u32,
    /// Request threshold, a positive integer.
    pub requests: u32,
}

/// One data-statistics condition of a custom event (see `docs/policy.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticConfig {
    /// What is counted.
    pub field: StatField,
    /// Header / cookie / parameter name for the `*_distinct` fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Status code for `status_count` (100 to 600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Sensitive types or levels for the `resp_sensitive_*` fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Scalar>,
    /// Comparison: `lt`, `eq` or `gt` (which ones depends on the field).
    pub op: Op,
    /// Threshold, 0 to 8192.
    pub value: u32,
}

/// Data-statistics fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatField {
    /// Number of responses with one status code.
    StatusCount,
    /// Distinct values of a request header.
    ReqHeaderDistinct,
    /// Distinct values of a cookie.
    CookieDistinct,
    /// Distinct values of a query parameter.
    GetParamDistinct,
    /// Distinct values of a body parameter.
    PostParamDistinct,
    /// Distinct response sensitive types among the listed ones.
    RespSensitiveTypesDistinct,
    /// Distinct response sensitivity levels among the listed ones.
    RespSensitiveLevelsDistinct,
    /// Distinct source IPs.
    SourceIpCount,
}

/// Section 3.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SensitiveData {
    /// De-identification display of samples (default off).
    #[serde(skip_serializing_if = "is_false")]
    pub desensitize: bool,
    /// Switches of built-in types keyed by code (`"1004"`). Absent = on.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub builtin: BTreeMap<String, BuiltinSwitch>,
    /// Custom types (at most 20); the i-th gets code 9000 + i.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<CustomSensitiveConfig>,
}

/// Character classes of a basic-mode custom sensitive type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharClass {
    /// `0-9`.
    Digit,
    /// `A-Z`.
    Upper,
    /// `a-z`.
    Lower,
}

/// Recognition mode of a custom sensitive type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SensitiveMode {
    /// Whole tokens made of the chosen classes, with a length in `min_len..=max_len`.
    Basic,
    /// A regular expression that cannot match fewer than 6 bytes.
    Expert,
}

/// One custom sensitive type. Basic mode uses `chars`, `min_len`, `max_len`; expert mode
/// uses `pattern`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomSensitiveConfig {
    /// Type name.
    pub name: String,
    /// On/off (default on).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// Sensitivity level S1 to S4.
    pub level: SensitiveLevel,
    /// Basic or expert.
    pub mode: SensitiveMode,
    /// Basic: allowed character classes (at least one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chars: Vec<CharClass>,
    /// Basic: shortest token, 6 to 64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<u32>,
    /// Basic: longest token, `min_len` to 64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    /// Expert: the pattern (regex crate syntax).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

/// Section 4.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthCredentials {
    /// Custom credential policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<NamedConditions>,
}

/// A named, switchable list of conditions (auth-credential and business-purpose policies).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedConditions {
    /// Policy name.
    pub name: String,
    /// On/off (default on).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// Conditions, all of which must hold (1 to 10).
    pub conditions: Vec<ConditionConfig>,
}

/// Section 5.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BusinessPurpose {
    /// Switches of built-in purposes keyed by name (`LoginAPI`). Absent = on.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub builtin: BTreeMap<String, BuiltinSwitch>,
    /// Custom purpose policies; the name is reported in `api_tag`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<NamedConditions>,
}

/// Section 6.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Whitelists {
    /// Whitelists silencing risks (fields: domain, API).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risk: Vec<WhitelistConfig>,
    /// Whitelists silencing events (fields: domain, API, IP, account).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub event: Vec<WhitelistConfig>,
}

/// One whitelist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhitelistConfig {
    /// Whitelist name.
    pub name: String,
    /// On/off (default on).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// Where it applies, all conditions must hold (1 to 10).
    pub conditions: Vec<ConditionConfig>,
    /// The built-in (`Risk_*` / `Event_*`) and custom policy names it silences.
    pub ignore: Vec<String>,
}

/// Section 7: when an API counts as inactive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum Lifecycle {
    /// The built-in model (no or sharply dropped traffic over 8 days).
    #[default]
    Builtin,
    /// Inactive when daily requests stay below `daily_requests` for `days` days.
    Custom {
        /// Daily access volume threshold (at least 1).
        daily_requests: u64,
        /// Duration in days, 1 to 31.
        days: u32,
    },
}

/// Section 8: which log streams are produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSubscription {
    /// Asset log stream.
    pub asset: bool,
    /// Risk log stream.
    pub risk: bool,
    /// Event log stream.
    pub event: bool,
}

impl Default for LogSubscription {
    fn default() -> Self {
        LogSubscription { asset: true, risk: true, event: true }
    }
}

/// Section 9: switches per protected object (host) or object group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EffectiveObjects {
    /// Protected objects, one host (or `*.suffix` wildcard) each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<ObjectConfig>,
    /// Object groups, sharing one set of switches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ObjectGroupConfig>,
}

/// The three switches of a protected object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ObjectSwitches {
    /// Every built-in and custom detector (default on).
    pub basic_detection: bool,
    /// Compliance check (default off; needs basic detection).
    pub compliance_check: bool,
    /// Tracing and auditing (default off; needs basic detection).
    pub tracing_auditing: bool,
}

impl Default for ObjectSwitches {
    fn default() -> Self {
        ObjectSwitches { basic_detection: true, compliance_check: false, tracing_auditing: false }
    }
}

/// One protected object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectConfig {
    /// Host name, exact or `*.example.com`.
    pub host: String,
    /// Every built-in and custom detector (default on).
    #[serde(default = "yes")]
    pub basic_detection: bool,
    /// Compliance check (default off; needs basic detection).
    #[serde(default)]
    pub compliance_check: bool,
    /// Tracing and auditing (default off; needs basic detection).
    #[serde(default)]
    pub tracing_auditing: bool,
}

/// One object group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectGroupConfig {
    /// Group name.
    pub name: String,
    /// Member hosts, exact or `*.example.com`.
    pub hosts: Vec<String>,
    /// Every built-in and custom detector (default on).
    #[serde(default = "yes")]
    pub basic_detection: bool,
    /// Compliance check (default off; needs basic detection).
    #[serde(default)]
    pub compliance_check: bool,
    /// Tracing and auditing (default off; needs basic detection).
    #[serde(default)]
    pub tracing_auditing: bool,
}

/// A match field of the condition language (see `docs/policy.md` for where each is allowed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Host name without port.
    Domain,
    /// API path template.
    Api,
    /// Request method.
    Method,
    /// `User-Agent` request header.
    UserAgent,
    /// `Referer` request header.
    Referer,
    /// `http` / `https`.
    Protocol,
    /// Request `Content-Type`.
    ReqContentType,
    /// Request body length in bytes.
    ReqLength,
    /// Response `Content-Type`.
    RespContentType,
    /// Response body length in bytes.
    RespLength,
    /// HTTP status code.
    Status,
    /// A request header (sub-name required).
    ReqHeader,
    /// A request cookie (sub-name required).
    Cookie,
    /// A query parameter (sub-name required).
    GetParam,
    /// A request body parameter (sub-name required).
    PostParam,
    /// A response header (sub-name required).
    RespHeader,
    /// A response body parameter (sub-name required).
    RespParam,
    /// Business purposes of the API.
    Purpose,
    /// Service objects of the API.
    ServiceObject,
    /// Whether the request carries credentials.
    Authenticated,
    /// Sensitive types found in the request.
    ReqSensitiveTypes,
    /// Sensitivity levels found in the request.
    ReqSensitiveLevels,
    /// Sensitive types found in the response.
    RespSensitiveTypes,
    /// Sensitivity levels found in the response.
    RespSensitiveLevels,
    /// Number of response findings of the listed types.
    RespSensitiveCount,
    /// Source location `CN` / `NOT-CN`.
    Location,
    /// Client IP.
    Ip,
    /// Account (security events and event whitelists only).
    Account,
    /// Names of the request headers (business purpose only).
    ReqHeaderNames,
    /// Names of the request cookies (business purpose only).
    CookieNames,
    /// Names of the query parameters (business purpose only).
    GetParamNames,
    /// Names of the request body parameters (business purpose only).
    PostParamNames,
    /// Names of the response body parameters (business purpose only).
    RespParamNames,
}

/// A logical operator of the condition language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// The value contains at least one listed string (sets: includes one listed item).
    ContainsAny,
    /// The value contains none of the listed strings (sets: includes none).
    ContainsNone,
    /// The value equals one listed string.
    EqualsAny,
    /// The value equals none of the listed strings.
    EqualsNone,
    /// Equals `value`.
    Eq,
    /// Less than `value`.
    Lt,
    /// Greater than `value`.
    Gt,
    /// The named item is present.
    Exists,
    /// The named item is absent.
    NotExists,
    /// The named item's length (in characters) equals `value`.
    LengthEq,
    /// The named item's length is less than `value`.
    LengthLt,
    /// The named item's length is greater than `value`.
    LengthGt,
    /// The number of distinct sensitive types is greater than `value`.
    CountGt,
    /// The IP belongs to one of the listed addresses / CIDR blocks.
    InCidr,
    /// The IP belongs to none of them.
    NotInCidr,
}

/// A JSON scalar as written by the user: a string, an integer or a boolean.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
}

/// One condition: `{"field": "req_header", "name": "X-Token", "op": "length_gt", "value": 16}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionConfig {
    /// Match field.
    pub field: Field,
    /// Sub-name for header / cookie / parameter fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Operator.
    pub op: Op,
    /// Match content for list operators (1 to 50 items).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Scalar>,
    /// Match content for single-value operators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Scalar>,
}

//! Output types (DESIGN.md §4): assets, risks, events, overview and run statistics,
//! serialised with the field names of the product's log-subscription schemas.

use crate::catalog::{ApiSensitiveLevel, ApiStatus, ApiType, Level, Location};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One entry of an API's parameter structure (`struct_baseline`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StructField {
    /// Parameter name or JSON path.
    pub key: String,
    /// Where it appears.
    pub location: Location,
    /// Learned format (`integer`, `string`, `email`, …).
    pub format: String,
    /// `"true"` when present in (nearly) every request, as the reference writes it.
    pub required: String,
}

/// A request/response sample kept with an asset or a risk (masked when the
/// de-identification switch is on).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Request headers as an object.
    pub request_header: BTreeMap<String, String>,
    /// `?query` string.
    pub querystring: String,
    /// Request body (truncated).
    pub request_body: String,
    /// Response headers as an object (repeated names as arrays are joined).
    pub response_header: BTreeMap<String, String>,
    /// Response body (truncated).
    pub response_body: String,
    /// Sample timestamp (unix seconds).
    pub example_timestamp: i64,
    /// Sample trace id.
    pub example_traceid: String,
}

/// One discovered API (asset log schema).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    /// Unique API id (stable across runs for the same host + method + template).
    pub api_id: String,
    /// Domain name.
    pub service_host: String,
    /// API path template, parameters written `${param}`.
    pub api_format: String,
    /// HTTP method.
    pub request_method: String,
    /// Business purposes (built-in `Purpose` names or custom policy names).
    pub api_tag: Vec<String>,
    /// Service objects.
    pub api_type: Vec<ApiType>,
    /// Authentication fields seen.
    pub auth_key: Vec<String>,
    /// Lifecycle state.
    pub api_status: ApiStatus,
    /// API sensitivity level.
    pub api_sensitive_level: ApiSensitiveLevel,
    /// Sensitive type codes seen in requests.
    pub api_sensitive_req: Vec<String>,
    /// Sensitive type codes seen in responses.
    pub api_sensitive_res: Vec<String>,
    /// First seen (unix seconds).
    pub farthest_ts: i64,
    /// Last seen (unix seconds).
    pub lastest_ts: i64,
    /// Open risks on this API.
    pub abnormal_num: u32,
    /// Events on this API.
    pub event_num: u32,
    /// Parameter structure.
    pub struct_baseline: Vec<StructField>,
    /// Protected objects (host patterns) this API belongs to.
    pub matched_hosts: Vec<String>,
    /// Host names seen.
    pub hosts: Vec<String>,
    /// Server ports seen.
    pub server_port: Vec<String>,
    /// Requests seen.
    pub request_count: u64,
    /// Always `asset`.
    pub log_type: String,
    /// One request/response sample.
    #[serde(flatten)]
    pub sample: Sample,
}

/// One risk of an API (risk log schema).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Risk {
    /// Unique risk id.
    pub abnormal_id: String,
    /// The API it concerns.
    pub api_id: String,
    /// Domain name.
    pub service_host: String,
    /// API template.
    pub api_format: String,
    /// HTTP method.
    pub request_method: String,
    /// The API's purposes.
    pub api_tag: Vec<String>,
    /// Risk name: a `Risk_*` type or a custom policy's name.
    pub abnormal_tag: String,
    /// `default` (built-in) or `custom`.
    pub abnormal_type: String,
    /// The risk category (`RiskType_*`, or `custom`).
    pub abnormal_category: String,
    /// Level.
    pub abnormal_level: Level,
    /// When first found.
    pub abnormal_discover_ts: i64,
    /// When last seen.
    pub abnormal_last_ts: i64,
    /// Evidence: what was seen and where.
    pub abnormal_info: serde_json::Value,
    /// What to do about it.
    pub suggestion: String,
    /// Always `risk`.
    pub log_type: String,
    /// The request/response that showed it.
    #[serde(flatten)]
    pub sample: Sample,
}

/// Per-IP attack counts of an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttackIp {
    /// Source address.
    pub ip: String,
    /// Its country (`-` when unknown).
    pub country_id: String,
    /// Its region (`-` when unknown).
    pub region_id: String,
    /// Requests counted for this event.
    pub cnt: u64,
}

/// One security event (event log schema).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Unique event id.
    pub event_id: String,
    /// The API it concerns.
    pub api_id: String,
    /// Domain name.
    pub service_host: String,
    /// Host name.
    pub host: String,
    /// API template.
    pub api_format: String,
    /// HTTP method.
    pub request_method: String,
    /// The API's purposes.
    pub api_tag: Vec<String>,
    /// Event name: an `Event_*` type or a custom policy's name.
    pub event_tag: String,
    /// `default` (built-in) or `custom`.
    pub event_origin: String,
    /// Level (raised with attack volume).
    pub event_level: Level,
    /// First attack request.
    pub start_ts: i64,
    /// Last attack request.
    pub end_ts: i64,
    /// Requests counted.
    pub attack_cnt: u64,
    /// Per-IP counts.
    pub attack_ip_info: Vec<AttackIp>,
    /// The account, where the event is per account.
    pub account: Option<String>,
    /// Evidence: thresholds crossed and observed values.
    pub event_info: serde_json::Value,
    /// Sampled request data (sensitive values or parameters), `{}` when masked.
    pub request_data: serde_json::Value,
    /// Sampled response data, `{}` when masked.
    pub response_data: serde_json::Value,
    /// What to do about it.
    pub suggestion: String,
    /// Always `event`.
    pub log_type: String,
}

/// One rejected input record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// 1-based line (or record ordinal) in the input.
    pub line: u64,
    /// Field and what is wrong.
    pub reason: String,
}

/// Counters of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Records offered (accepted + rejected).
    pub records: u64,
    /// Records accepted.
    pub accepted: u64,
    /// Records rejected.
    pub rejected: u64,
    /// Rejections counted by offending field.
    pub rejected_by_field: BTreeMap<String, u64>,
    /// The first rejections with line and reason (capped at [`Stats::MAX_REJECTS`]).
    pub rejects: Vec<Reject>,
    /// Records skipped because their protected object has basic detection off.
    pub skipped_disabled: u64,
}

impl Stats {
    /// How many rejections keep their line and reason.
    pub const MAX_REJECTS: usize = 1000;
}

/// Counts for the overview page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// APIs discovered.
    pub api_total: u64,
    /// APIs active (not offline).
    pub api_active: u64,
    /// APIs offline.
    pub api_offline: u64,
    /// APIs new.
    pub api_newborn: u64,
    /// APIs by sensitivity level.
    pub api_by_sensitive_level: BTreeMap<String, u64>,
    /// Open risks.
    pub risk_total: u64,
    /// Risks by level.
    pub risk_by_level: BTreeMap<String, u64>,
    /// Risks by type.
    pub risk_by_type: BTreeMap<String, u64>,
    /// Events.
    pub event_total: u64,
    /// Events by level.
    pub event_by_level: BTreeMap<String, u64>,
    /// Events by type.
    pub event_by_type: BTreeMap<String, u64>,
    /// Hosts with risks: host → count.
    pub risky_hosts: BTreeMap<String, u64>,
    /// Hosts attacked: host → event count.
    pub attacked_hosts: BTreeMap<String, u64>,
    /// Request sensitive types: code → API count.
    pub sensitive_req_types: BTreeMap<String, u64>,
    /// Response sensitive types: code → API count.
    pub sensitive_res_types: BTreeMap<String, u64>,
    /// First and last event time seen.
    pub first_ts: Option<i64>,
    /// Last event time seen.
    pub last_ts: Option<i64>,
}

/// The whole report (`apisec analyze --format json`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Every asset.
    pub assets: Vec<Asset>,
    /// Every risk.
    pub risks: Vec<Risk>,
    /// Every event.
    pub events: Vec<Event>,
    /// Overview counts.
    pub overview: Overview,
    /// Run statistics.
    pub stats: Stats,
}

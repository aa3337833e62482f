//! Policy: the user's configuration of every detector (reference 004, sections 1–7 and 9).
//!
//! PLACEHOLDER — the policy issue replaces this with the full model and condition language.
//! `Policy::default()` turns every built-in detector on.

use serde::{Deserialize, Serialize};

/// A policy validation error: the JSON path of the offending value and the rule it breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{path}: {message}")]
pub struct PolicyError {
    /// Path to the offending value, e.g. `risk_detection.custom[3].conditions[1].values`.
    pub path: String,
    /// What rule it breaks.
    pub message: String,
}

/// The whole user configuration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// De-identification display of samples (off by default).
    pub desensitize: bool,
}

impl Policy {
    /// Parses and validates a policy from JSON.
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        serde_json::from_str(text).map_err(|e| PolicyError { path: "$".into(), message: e.to_string() })
    }
}

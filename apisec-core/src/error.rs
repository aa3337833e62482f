//! The error type of the public API. Each kind maps to its own exception class (Python),
//! `code` (Node) and numbered result (C).

use crate::policy::PolicyError;
use crate::record::RecordError;

/// Why an engine call failed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The policy is invalid; the message names the path and the rule.
    #[error("invalid policy: {0}")]
    Policy(#[from] PolicyError),
    /// A record was rejected; engine state is unchanged.
    #[error("rejected record: {0}")]
    Record(#[from] RecordError),
    /// An input file or document could not be read as the format it claims (HAR, …).
    #[error("invalid input: {0}")]
    Input(String),
    /// A snapshot could not be written or read back.
    #[error("snapshot: {0}")]
    Snapshot(String),
}

impl Error {
    /// A short stable name of the error kind (`policy`, `record`, `input`, `snapshot`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Policy(_) => "policy",
            Error::Record(_) => "record",
            Error::Input(_) => "input",
            Error::Snapshot(_) => "snapshot",
        }
    }
}

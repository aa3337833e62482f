//! Log subscription (reference 004 §8): asset, risk and event log records produced as the
//! engine learns, drained by the caller (`Engine::drain_logs`).
//!
//! Delivery rules, by event time: an asset log when a new API is discovered and again at
//! most once an hour while it keeps being called; a risk log when a risk is first found; an
//! event log when an event starts and every 10 minutes while the attack continues. The
//! queue is bounded ([`MAX_QUEUED`]); overflow is counted, never silently grown.

use serde::{Deserialize, Serialize};

/// Which stream a log record belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogKind {
    /// `asset.jsonl`
    Asset,
    /// `risk.jsonl`
    Risk,
    /// `event.jsonl`
    Event,
}

impl LogKind {
    /// The stream's file stem (`asset`, `risk`, `event`).
    pub fn as_str(self) -> &'static str {
        match self {
            LogKind::Asset => "asset",
            LogKind::Risk => "risk",
            LogKind::Event => "event",
        }
    }
}

/// One log record: its stream and its body (an asset, risk or event in the §4 schema).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogRecord {
    /// The stream.
    pub kind: LogKind,
    /// The record body.
    pub body: serde_json::Value,
}

/// Most log records held between two drains.
pub const MAX_QUEUED: usize = 100_000;
/// Seconds between two asset logs of the same API.
pub const ASSET_INTERVAL: f64 = 3600.0;
/// Seconds between two event logs of the same continuing event.
pub const EVENT_INTERVAL: f64 = 600.0;

/// The pending log records and delivery bookkeeping.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LogQueue {
    /// Records not yet drained.
    pub pending: Vec<LogRecord>,
    /// Records dropped because the queue was full.
    pub dropped: u64,
}

impl LogQueue {
    /// Queues a record (or counts it as dropped when full).
    pub fn push(&mut self, kind: LogKind, body: serde_json::Value) {
        if self.pending.len() >= MAX_QUEUED {
            self.dropped += 1;
        } else {
            self.pending.push(LogRecord { kind, body });
        }
    }

    /// Takes every pending record.
    pub fn drain(&mut self) -> Vec<LogRecord> {
        std::mem::take(&mut self.pending)
    }
}

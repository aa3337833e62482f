//! API risks: weaknesses shown by an API's traffic, one per (API, type).
//!
//! Detectors report a [`RiskHit`] (built-in kind or custom policy, evidence, level); the
//! [`RiskStore`] keeps one open risk per (api_id, tag): the first hit creates it (and a
//! risk log), later hits refresh its evidence, last-seen time and hit count — a risk is
//! never raised twice. Disabled types, re-levelled types and whitelists are applied here,
//! so every detector sees the same policy semantics.

pub mod store;

pub use store::{RiskHit, RiskState, RiskStore};

//! Security events: attacks and abuse happening now, judged over time windows.
//!
//! Detectors report an [`EventHit`] when a window crosses its threshold; the
//! [`EventStore`] turns hits into events with the reference's lifecycle: while the attack
//! continues (hits less than [`QUIET_GAP`] seconds apart) the same event is updated —
//! `end_ts`, `attack_cnt`, per-IP counts, level raised with volume — and after a quiet gap
//! a new event starts. Memory is bounded: per-event IP lists and the number of events kept
//! are capped.

pub mod baseline;
pub mod store;

pub use store::{EventHit, EventState, EventStore, QUIET_GAP};

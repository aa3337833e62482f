//! Lifecycle (`api_status`) by event time, and expiry of idle assets.
//!
//! Input: an API's requests per UTC day, its first and last request time and the engine
//! watermark (the latest `ts` seen). Output: [`ApiStatus`]. The clock is always the
//! watermark, never the wall clock, so a replay gives the same answer.
//!
//! - **OfflineInterface** (built-in model): no request during the past 8 days, or the
//!   volume of the past 8 days dropped sharply (below a tenth) against the 8 days before.
//!   With a custom rule instead: fewer than `volume` requests on every one of the last
//!   `days` days (1–31), once the API is that old.
//! - **NewbornInterface**: first seen within the last [`LifecycleSettings::newborn_days`].
//! - **normal** otherwise.
//!
//! An asset idle for more than 30 days is deleted ([`expired`]) with its risks and events.

use crate::catalog::ApiStatus;
use crate::time::day_of;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const DAY: f64 = 86_400.0;

/// The custom inactivity rule: fewer than `volume` requests a day for `days` days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InactiveRule {
    /// Daily volume below which a day counts as inactive.
    pub volume: u64,
    /// Consecutive days (1–31) that must all be inactive.
    pub days: u32,
}

/// Lifecycle settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LifecycleSettings {
    /// An API first seen less than this many days before the watermark is new.
    pub newborn_days: u32,
    /// The custom inactivity rule; `None` uses the built-in model.
    pub custom: Option<InactiveRule>,
}

impl Default for LifecycleSettings {
    fn default() -> Self {
        LifecycleSettings { newborn_days: 7, custom: None }
    }
}

/// Days over which the built-in model looks for silence or a drop.
pub const OFFLINE_WINDOW_DAYS: i64 = 8;
/// Days of inactivity after which an asset is deleted.
pub const RETENTION_DAYS: f64 = 30.0;
/// Requests the 8 days before the window must have held for a drop to count.
pub const MIN_DROP_BASE: u64 = 40;

/// The lifecycle state of an API.
pub fn status(
    daily: &BTreeMap<i64, u64>,
    first_ts: f64,
    last_ts: f64,
    watermark: f64,
    settings: &LifecycleSettings,
) -> ApiStatus {
    let today = day_of(watermark);
    let sum = |from: i64, to: i64| -> u64 { daily.range(from..=to).map(|(_, c)| *c).sum() };
    let offline = match settings.custom {
        Some(rule) => {
            let days = i64::from(rule.days.clamp(1, 31));
            let from = today - days + 1;
            day_of(first_ts) <= from
                && (from..=today).all(|d| daily.get(&d).copied().unwrap_or(0) < rule.volume)
        }
        None => {
            let idle = watermark - last_ts >= OFFLINE_WINDOW_DAYS as f64 * DAY;
            let recent = sum(today - OFFLINE_WINDOW_DAYS + 1, today);
            let before = sum(today - 2 * OFFLINE_WINDOW_DAYS + 1, today - OFFLINE_WINDOW_DAYS);
            let dropped = day_of(first_ts) <= today - 2 * OFFLINE_WINDOW_DAYS + 1
                && before >= MIN_DROP_BASE
                && recent * 10 < before;
            idle || dropped
        }
    };
    if offline {
        ApiStatus::Offline
    } else if watermark - first_ts < f64::from(settings.newborn_days) * DAY {
        ApiStatus::Newborn
    } else {
        ApiStatus::Normal
    }
}

/// True when an asset last active at `last_ts` is over 30 days old at `watermark` and
/// must be deleted with its risks and events.
pub fn expired(last_ts: f64, watermark: f64) -> bool {
    watermark - last_ts > RETENTION_DAYS * DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: f64 = 1_700_000_000.0;

    /// Daily counts from (days after T0, count) pairs.
    fn daily(pairs: &[(i64, u64)]) -> BTreeMap<i64, u64> {
        pairs.iter().map(|(d, c)| (day_of(T0) + d, *c)).collect()
    }

    fn at(days: f64) -> f64 {
        T0 + days * DAY
    }

    #[test]
    fn new_then_normal_then_offline_by_event_time() {
        let s = LifecycleSettings::default();
        let d = daily(&[(0, 5)]);
        assert_eq!(status(&d, T0, T0, T0, &s), ApiStatus::Newborn);
        assert_eq!(status(&d, T0, T0, at(6.9), &s), ApiStatus::Newborn);
        // Another API's record 9 days later moves the watermark: this one went silent.
        assert_eq!(status(&d, T0, T0, at(9.0), &s), ApiStatus::Offline);
        let busy = daily(&(0..12).map(|i| (i, 3)).collect::<Vec<_>>());
        assert_eq!(status(&busy, T0, at(11.5), at(11.6), &s), ApiStatus::Normal);
    }

    #[test]
    fn a_sharp_drop_is_offline_a_mild_one_is_not() {
        let s = LifecycleSettings::default();
        let mut pairs: Vec<(i64, u64)> = (0..8).map(|i| (i, 100)).collect();
        pairs.extend((8..16).map(|i| (i, if i == 15 { 5 } else { 0 })));
        let sharp = daily(&pairs);
        assert_eq!(status(&sharp, T0, at(15.2), at(15.5), &s), ApiStatus::Offline);
        let mild: Vec<(i64, u64)> = (0..16).map(|i| (i, if i < 8 { 100 } else { 40 })).collect();
        assert_eq!(status(&daily(&mild), T0, at(15.2), at(15.5), &s), ApiStatus::Normal);
        // Too little history before the window: no judgement on a drop.
        let thin: Vec<(i64, u64)> = (0..16).map(|i| (i, if i < 8 { 3 } else { 0 })).collect();
        assert_eq!(status(&daily(&thin), T0, at(15.0), at(15.5), &s), ApiStatus::Normal);
    }

    #[test]
    fn custom_rule_replaces_the_model() {
        let s = LifecycleSettings { newborn_days: 7, custom: Some(InactiveRule { volume: 10, days: 3 }) };
        let low: Vec<(i64, u64)> = (0..10).map(|i| (i, if i < 7 { 50 } else { 9 })).collect();
        assert_eq!(status(&daily(&low), T0, at(9.5), at(9.6), &s), ApiStatus::Offline);
        let ok: Vec<(i64, u64)> = (0..10).map(|i| (i, if i == 8 { 10 } else { 9 })).collect();
        assert_eq!(status(&daily(&ok), T0, at(9.5), at(9.6), &s), ApiStatus::Normal);
        // Younger than the rule's span: new, not offline.
        assert_eq!(status(&daily(&[(0, 1)]), T0, T0, at(1.0), &s), ApiStatus::Newborn);
        // Under the custom rule, silence is judged by the rule alone.
        let s4 = LifecycleSettings { newborn_days: 7, custom: Some(InactiveRule { volume: 1, days: 31 }) };
        assert_eq!(status(&daily(&[(0, 1)]), T0, T0, at(9.0), &s4), ApiStatus::Normal);
    }

    #[test]
    fn expiry_after_thirty_days_of_silence() {
        assert!(!expired(T0, at(30.0)));
        assert!(expired(T0, at(30.01)));
    }
}

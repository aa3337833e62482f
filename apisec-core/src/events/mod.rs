//! Security events: attacks and abuse happening now, judged over time windows.
//!
//! Detectors report an [`EventHit`] when a window crosses its threshold; the
//! [`EventStore`] turns hits into events with the reference's lifecycle: while the attack
//! continues (hits less than [`QUIET_GAP`] seconds apart) the same event is updated —
//! `end_ts`, `attack_cnt`, per-IP counts, level raised with volume — and after a quiet gap
//! a new event starts. Memory is bounded: per-event IP lists and the number of events kept
//! are capped.
//!
//! - [`detect`] — the [`EventEngine`]: the 25 built-in detectors over capped, event-time
//!   windows, fed one [`EventInput`] per record (thresholds in its module table);
//! - [`baseline`] — per-API behaviour baselines and parameter value formats;
//! - [`custom`] — custom event policies (conditions, rate limit, window statistics);
//! - [`signals`] — login / code / registration / send / export / leak signals of a record;
//! - [`wire`] — the engine stage: input building, policy switches and whitelists, logs;
//! - [`store`] — the event lifecycle and output.

pub mod baseline;
pub mod custom;
pub mod detect;
pub mod signals;
pub mod store;
pub mod wire;

#[cfg(test)]
mod scenarios;

pub use detect::{Channel, CodeAttempt, EventEngine, EventInput, EventLimits, LoginAttempt};
pub use store::{EventHit, EventState, EventStore, QUIET_GAP};

/// What to do about an event of this kind (our wording).
pub fn suggestion(kind: crate::catalog::EventKind) -> &'static str {
    use crate::catalog::EventKind::*;
    match kind {
        AbnormalFrequency => {
            "Check the logs for the callers behind the burst; block abusive addresses and set a rate limit derived from the API's usual per-minute peak."
        }
        ExceptionIpInvoke => {
            "Confirm whether this address should reach an internal API; block it if not and restrict the API to the addresses it normally serves."
        }
        ExceptionRegionInvoke => {
            "Confirm whether callers from this region are expected on an internal API; block the region or the addresses if not."
        }
        ExceptionClientInvoke => {
            "Review the calls made with this client; block scripted or scanning tools with access control or bot management."
        }
        ExceptionTimeInvoke => {
            "Review calls made outside the API's usual hours and block the source if they are not legitimate."
        }
        AbnormalParamValue => {
            "Inspect the sampled values; block the source if they are attack probes and validate the parameter's format on the server."
        }
        InternalLoginWeakPasswd => {
            "Check whether the login succeeded, force a password change and enforce a rule of 8+ characters with 3 character classes."
        }
        LoginAccountBruteForce => {
            "Check for successful logins from the source, require a CAPTCHA after failures and rate-limit login attempts per address."
        }
        LoginPasswdBruteForce => {
            "Check whether the targeted account was entered, lock or challenge it after repeated failures and rate-limit attempts."
        }
        LoginCollision => {
            "Treat the accounts that logged in as compromised, reset their passwords, and add CAPTCHA and per-address login limits."
        }
        MobileVerifyBruteForce => {
            "Expire a text-message code after a few wrong tries, rate-limit checks per address and number, and block the source."
        }
        MailVerifyBruteForce => {
            "Expire an e-mail code after a few wrong tries, rate-limit checks per address and mailbox, and block the source."
        }
        AbnormalRegister => {
            "Review the new accounts for spam, add a CAPTCHA or phone check to sign-up and rate-limit registrations per address."
        }
        SmsInterfaceAbuse => {
            "Limit messages per number and per address, require a CAPTCHA before sending and block the source."
        }
        EmailInterfaceAbuse => {
            "Limit e-mails per mailbox and per address, require a CAPTCHA before sending and block the source."
        }
        AbnormalExport => {
            "Check what was exported and by whom; cap export volume per user and require approval for bulk downloads."
        }
        DataTraverse => {
            "Block the crawler, check object-level authorization and replace sequential identifiers with unguessable ones."
        }
        WebAttackApi => "Review the blocked requests and consider blacklisting the attacking address.",
        ObtainSensitiveUnauthorized => {
            "Require authentication and object-level authorization on this API, and check what data the caller obtained."
        }
        ObtainSensitiveExcessive => {
            "Check the volume of personal data obtained, mask or drop fields the client does not need and cap results per caller."
        }
        CrossborderIpSensitiveExcessive => {
            "Check whether this transfer abroad is permitted; assess or file it as cross-border data rules require, or block it."
        }
        ExceptionResponse => {
            "Return a generic error page instead of exception details and look into what the caller was provoking."
        }
        ExceptionSql => {
            "Stop returning database errors to clients, check the API for SQL injection and block the source."
        }
        SystemInfoResponse => {
            "Find why the API returned server internals, remove them from responses and check the caller's other requests."
        }
        AbnormalStatus => {
            "Check the origin server's health and whether the source is provoking the failures."
        }
    }
}

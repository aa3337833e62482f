//! Facts about one exchange that risk and event detectors share.
//!
//! Pure functions over a [`Record`](crate::record::Record), its
//! [`Params`](crate::params::Params) or a single `&str`; each returns a small value and keeps
//! no state, so a detector may call them on every record. Stateful questions (how many
//! failed logins from one address, whether a throttle was ever seen) belong to the callers,
//! which feed these per-record answers into their own bounded windows.
//!
//! - [`login`] — credentials in a request, login outcome, account-existence disclosure,
//!   CAPTCHA / throttling signals, verification-code fields, registration signals;
//! - [`password`] — strength rule, common and vendor-default passwords, hashed-looking values;
//! - [`token`] — JWT decoding and weak algorithms, token randomness, credentials in URLs,
//!   AccessKey pairs;
//! - [`leaks`] — database errors, stack traces, server information, internal addresses and
//!   echoed verification codes in response text;
//! - [`payload`] — what one parameter value is (SQL statement vs injection probe, command vs
//!   command injection, XSS, traversal, URL, path, integer id);
//! - [`shape`] — request shape: page-size, SMS / mail content, file and URL parameters,
//!   unsafe methods.
//!
//! Bundled data (common passwords, default credentials, CRS-derived phrases) lives in
//! `facts/data/` with its NOTICE.

pub mod leaks;
pub mod login;
pub mod password;
pub mod payload;
pub mod shape;
pub mod token;

#[cfg(test)]
mod never_panic {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Every value-level fact function accepts any string, and the classification is a
        /// pure function of its input.
        #[test]
        fn value_functions_accept_anything(s in "\\PC{0,200}", raw in proptest::collection::vec(any::<u8>(), 0..300)) {
            let a = super::payload::analyze(&s);
            prop_assert_eq!(a, super::payload::analyze(&s));
            let _ = super::leaks::scan(s.as_bytes());
            let _ = super::leaks::scan(&raw);
            let _ = super::leaks::internal_ips(&raw, 4);
            let _ = super::leaks::message_has_code(&s);
            let _ = super::login::reveals_account_existence(&s);
            let _ = super::password::protection(&s);
            let _ = super::password::is_weak(&s);
            let _ = super::password::default_credential(&s, &s);
            let _ = super::token::parse_jwt(&s);
            let _ = super::token::find_jwt(&s);
            let _ = super::token::token_strength(&s);
            let _ = super::shape::path_ids(&s).count();
        }
    }
}

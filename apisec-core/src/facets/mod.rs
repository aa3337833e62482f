//! Asset facets: what the inventory learns about each API beyond its identity.
//!
//! One file per facet — [`structure`] (parameter structure), [`auth`] (authentication
//! fields), [`purpose`] (business purpose), [`service`] (service object) and [`lifecycle`]
//! (status by event time). Each takes one exchange (a [`crate::record::Record`] plus its
//! [`crate::params::Params`]) and folds it into a small bounded accumulator kept on the
//! API's [`crate::inventory::ApiState`]; accumulators merge with `absorb`.

pub mod auth;
pub mod lifecycle;
pub mod purpose;
pub mod service;
pub mod structure;

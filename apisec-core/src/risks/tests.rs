//! Risk rule fixtures.

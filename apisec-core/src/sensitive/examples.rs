//! Per-type true-positive / false-positive examples (gitleaks style), checked by tests.

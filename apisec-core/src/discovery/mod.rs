//! API discovery: from raw request paths to API templates.
//!
//! - [`segment`] classifies one path segment (identifier, word, version, in-segment id);
//! - [`template`] keeps one path tree per host, learns templates as traffic arrives and
//!   re-learns them from sibling statistics (see its module doc for the algorithm).
//!
//! The inventory ([`crate::inventory`]) groups records by the templates learned here.

pub mod segment;
pub mod template;

pub use segment::{PARAM, Shape, classify, inner_pattern, is_static_path};
pub use template::{Limits, PathTemplater, TemplateView, body_signature};

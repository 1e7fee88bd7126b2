//! # phi-redact
//!
//! Streaming de-identification of clinical free text. Every person becomes a consistent
//! coded initial ("K.R.", never the real initials); dates, places, contacts and identifiers
//! become readable tags; everything else is kept byte for byte.
//!
//! ```
//! let redactor = phi_redact::Redactor::new(phi_redact::Config::default()).unwrap();
//! let out = redactor.redact_str("Mr. Jonathan Smith called 555-123-4567 on 3/14/2023.");
//! assert!(!out.contains("Smith") && !out.contains("4567") && !out.contains("3/14"));
//! ```
//!
//! ## Pipeline
//! read ([`read`]) -> segment ([`segment`]) -> detect ([`detect`], one module per detector,
//! run through a [`detect::Registry`]) -> resolve ([`resolve`]) -> assign codes
//! ([`assign`], the only stage with state: a [`Scope`]) -> render ([`render`]). Real
//! initials written for a full name nearby ([`initials`]) are re-found and rendered as
//! that person's code.
//! [`Redactor`] ([`pipeline`]) owns the compiled stages.
//!
//! ## PHI safety
//! - The library never prints. Errors ([`Error`]) name offsets, paths and kinds, never
//!   note text.
//! - Streams fail closed: a chunk that cannot be processed (invalid UTF-8, a panic in a
//!   detector) is not written at all.
//! - Codes are drawn from a fixed sequence, not computed from names; a code never shares a
//!   letter position with the person's real initials.

#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod assign;
pub mod batch;
pub mod check;
pub mod config;
pub mod dateshift;
pub mod detect;
pub mod error;
pub mod initials;
pub mod keys;
pub mod lexicon;
pub mod pipeline;
pub mod policy;
pub mod read;
pub mod render;
pub mod resolve;
pub mod review;
pub mod segment;
pub mod span;
pub mod spans;
#[cfg(test)]
mod testing;
pub mod write;

pub use assign::Scope;
pub use config::{Config, DateMode, ScopeMode};
pub use error::Error;
pub use pipeline::{Analysis, Recheck, Redactor, Workspace};
pub use span::{Candidate, Kind, Redaction};

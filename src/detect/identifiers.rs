//! Detector `identifiers`: (stub, being written)
use super::{Detector, Note};
use crate::span::Candidate;

/// Contacts and identifiers.
pub struct Identifiers {}

impl Identifiers {
    /// Compiles the patterns.
    pub fn new() -> Identifiers {
        Identifiers {}
    }
}

impl Detector for Identifiers {
    fn name(&self) -> &'static str {
        "identifiers"
    }
    fn detect(&self, _note: &Note<'_>, _out: &mut Vec<Candidate>) {}
}

//! Detector `dates`: (stub, being written)
use super::{Detector, Note};
use crate::span::Candidate;

/// Dates and ages over 89.
pub struct Dates {}

impl Dates {
    /// Compiles the patterns.
    pub fn new() -> Dates {
        Dates {}
    }
}

impl Detector for Dates {
    fn name(&self) -> &'static str {
        "dates"
    }
    fn detect(&self, _note: &Note<'_>, _out: &mut Vec<Candidate>) {}
}

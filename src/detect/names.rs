//! Detector `names`: (stub, being written)
use super::{Detector, Note};
use crate::span::Candidate;

/// Names and ages over 89.
pub struct Names {}

impl Names {
    /// Compiles the patterns.
    pub fn new() -> Names {
        Names {}
    }
}

impl Detector for Names {
    fn name(&self) -> &'static str {
        "names"
    }
    fn detect(&self, _note: &Note<'_>, _out: &mut Vec<Candidate>) {}
}

/// Finds bare mentions of names already seen in this scope (stub).
pub fn refind(_note: &Note<'_>, _known: &std::collections::HashSet<String>, _out: &mut Vec<Candidate>) {}

//! Detector `clinical`: (stub, being written)
use super::{Detector, Note};
use crate::span::Candidate;

/// Clinical and ages over 89.
pub struct Clinical {}

impl Clinical {
    /// Compiles the patterns.
    pub fn new() -> Clinical {
        Clinical {}
    }
}

impl Detector for Clinical {
    fn name(&self) -> &'static str {
        "clinical"
    }
    fn detect(&self, _note: &Note<'_>, _out: &mut Vec<Candidate>) {}
}

//! Detector `locations`: (stub, being written)
use super::{Detector, Note};
use crate::span::Candidate;

/// Addresses, places and facilities.
pub struct Locations {}

impl Locations {
    /// Compiles the patterns.
    pub fn new() -> Locations {
        Locations {}
    }
}

impl Detector for Locations {
    fn name(&self) -> &'static str {
        "locations"
    }
    fn detect(&self, _note: &Note<'_>, _out: &mut Vec<Candidate>) {}
}

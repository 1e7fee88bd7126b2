//! Detection stage: stateless detectors, each in its own module, run through a registry.
//!
//! A detector reads a [`Note`] (the text, its tokens and the lexicon) and appends
//! [`Candidate`]s to a caller-owned vector. Detectors never allocate per token, never print,
//! and never keep state between notes: everything that must be consistent across notes
//! (codes, numbering) happens later, in the assign stage.
//!
//! | detector | finds |
//! |---|---|
//! | `identifiers` | phones, faxes, e-mails, URLs, IPs, SSNs, MRNs and labelled numbers |
//! | `dates` | dates in every common shape (all but the year), ages over 89 |
//! | `locations` | street addresses, ZIP codes, cities, counties, named facilities |
//! | `states` | US states (unless `--keep-states`) |
//! | `names` | people, from dictionaries and context |
//! | `clinical` | clinical eponyms and terms that must survive (protects them) |
//! | `lists` | the user's deny list (always redact) and allow list (never redact) |

pub mod clinical;
pub mod dates;
pub mod identifiers;
pub mod lists;
pub mod locations;
pub mod names;
pub mod short_forms;
pub mod states;
mod wordset;

use crate::config::Config;
use crate::error::Error;
use crate::lexicon::Lexicon;
use crate::segment::{Class, Token};
use crate::span::Candidate;

/// The analysed text a detector reads.
pub struct Note<'a> {
    /// The text (one chunk of a document).
    pub text: &'a str,
    /// Its tokens, in order, covering the text.
    pub tokens: &'a [Token],
    /// The dictionaries.
    pub lex: &'a Lexicon,
}

/// The NATO phonetic alphabet in order, as notes write its words ("Charlie Co.", a plate
/// or an ID read out as "alpha bravo seven ..."), with the spellings "juliett" and "x-ray"
/// beside "juliet" and "xray".
pub(crate) const PHONETIC_ALPHABET: &[&str] = &[
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "juliett", "kilo",
    "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
    "x-ray", "xray", "yankee", "zulu",
];

impl<'a> Note<'a> {
    /// Text of token `i`.
    pub fn tok(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    /// Index of the next word or number after token `i` on the same line, skipping spaces
    /// only (not punctuation).
    pub fn next_word(&self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        while j < self.tokens.len() {
            match self.tokens[j].class {
                Class::Space => j += 1,
                Class::Word | Class::Number => return Some(j),
                _ => return None,
            }
        }
        None
    }

    /// Index of the previous word or number before token `i` on the same line, skipping
    /// spaces only.
    pub fn prev_word(&self, i: usize) -> Option<usize> {
        let mut j = i;
        while j > 0 {
            j -= 1;
            match self.tokens[j].class {
                Class::Space => {}
                Class::Word | Class::Number => return Some(j),
                _ => return None,
            }
        }
        None
    }

    /// Index of the next non-space token after `i` (any class but Space).
    pub fn next_nonspace(&self, i: usize) -> Option<usize> {
        (i + 1..self.tokens.len()).find(|&j| self.tokens[j].class != Class::Space)
    }

    /// Index of the previous non-space token before `i`.
    pub fn prev_nonspace(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| self.tokens[j].class != Class::Space)
    }

    /// True if token `j` is the "]" closing one of the tool's own tags ("[FACILITY-1]",
    /// "\[DATE\]", "\[DATE 2023\]").
    pub fn own_tag_ends_at(&self, j: usize) -> bool {
        self.own_tag_label_ending_at(j).is_some()
    }

    /// The label ("FACILITY-1", "DATE 2023") of the tool's own tag whose "]" is token `j`.
    pub fn own_tag_label_ending_at(&self, j: usize) -> Option<&'a [u8]> {
        if self.tok(j) != "]" {
            return None;
        }
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        let before = &bytes[self.tokens[j].start.saturating_sub(24)..self.tokens[j].start];
        let k = before.iter().rposition(|&b| b == b'[')?;
        let label = &before[k + 1..];
        crate::render::is_tag_label(label).then_some(label)
    }

    /// True if token `j` is the "[" opening one of the tool's own tags.
    pub fn own_tag_starts_at(&self, j: usize) -> bool {
        if self.tok(j) != "[" {
            return false;
        }
        crate::render::tag_follows(&self.text.as_bytes()[self.tokens[j].end..])
    }

    /// Index of the first token that starts at or after byte `offset` (binary search).
    pub fn token_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.start < offset)
    }
}

/// A stateless detector.
pub trait Detector: Send + Sync {
    /// Registry name, shown in `--explain` and the spans output.
    fn name(&self) -> &'static str;
    /// Appends this detector's candidates for `note` to `out`.
    fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>);
}

/// The detectors of one run, compiled once, in a fixed order.
pub struct Registry {
    detectors: Vec<Box<dyn Detector>>,
}

impl Registry {
    /// Builds every detector the configuration enables.
    pub fn new(config: &Config) -> Result<Registry, Error> {
        let mut detectors: Vec<Box<dyn Detector>> = vec![
            Box::new(identifiers::Identifiers::new()),
            Box::new(dates::Dates::new()),
            Box::new(locations::Locations::new()),
            Box::new(names::Names::new()),
            Box::new(clinical::Clinical::new()),
        ];
        if !config.keep_states {
            detectors.push(Box::new(states::States::new()));
        }
        let lists = lists::Lists::new(&config.deny_list, &config.allow_list)?;
        if !lists.is_empty() {
            detectors.push(Box::new(lists));
        }
        Ok(Registry { detectors })
    }

    /// The detector registered under `name`.
    pub fn get(&self, name: &str) -> Option<&dyn Detector> {
        self.detectors.iter().find(|d| d.name() == name).map(|d| d.as_ref())
    }

    /// Names of the registered detectors, in run order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.detectors.iter().map(|d| d.name())
    }

    /// Runs every detector over `note`.
    pub fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        for d in &self.detectors {
            d.detect(note, out);
        }
    }

    /// Runs every detector over every note, one detector at a time, into the `outs` of the
    /// same index: each holds what [`Registry::detect`] would give its note.
    pub fn detect_many(&self, notes: &[Note<'_>], outs: &mut [Vec<Candidate>]) {
        for d in &self.detectors {
            for (note, out) in notes.iter().zip(outs.iter_mut()) {
                d.detect(note, out);
            }
        }
    }
}

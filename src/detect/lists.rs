//! Detector `lists`: the user's deny list (always redact) and allow list (never redact).
//!
//! What: phrases from `--deny-list FILE` become candidates of the kind the list gives
//! (a person's name by default) wherever they occur on word boundaries, in any case;
//! phrases from `--allow-list FILE` become `Protected` spans that no name or place may
//! overlap. Why: a practice knows its client roster and its local jargon better than any
//! dictionary. Example: a roster line "Kowalczyk" redacts "KOWALCZYK" and "kowalczyk's".
//! Known false positives: a roster name that is also a common word ("Hope") is redacted
//! everywhere, by design of a deny list.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Detector, Note};
use crate::config::ListEntry;
use crate::error::Error;
use crate::span::{Candidate, Kind};

/// Priority of deny-list entries: above every dictionary or context detection.
pub const DENY_PRIORITY: u8 = 250;
/// Priority of allow-list entries: above deny-list entries, so a user can carve out
/// exceptions, but below identifiers and dates (see resolve).
pub const ALLOW_PRIORITY: u8 = 240;

/// The user's lists, compiled into one automaton.
pub struct Lists {
    automaton: Option<AhoCorasick>,
    kinds: Vec<Kind>,
}

impl Lists {
    /// Compiles both lists. Allow entries become `Protected`.
    pub fn new(deny: &[ListEntry], allow: &[ListEntry]) -> Result<Lists, Error> {
        let mut phrases = Vec::with_capacity(deny.len() + allow.len());
        let mut kinds = Vec::with_capacity(deny.len() + allow.len());
        for e in deny {
            phrases.push(e.phrase.as_str());
            kinds.push(e.kind);
        }
        for e in allow {
            phrases.push(e.phrase.as_str());
            kinds.push(Kind::Protected);
        }
        if phrases.is_empty() {
            return Ok(Lists { automaton: None, kinds });
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&phrases)
            .map_err(|e| Error::List {
                path: "deny/allow list".into(),
                line: 0,
                reason: format!("cannot compile the lists ({e})"),
            })?;
        Ok(Lists { automaton: Some(automaton), kinds })
    }

    /// True if both lists are empty.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }
}

/// The cue of a deny-list candidate.
pub const DENY_CUE: &str = "deny list";

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

impl Detector for Lists {
    fn name(&self) -> &'static str {
        "lists"
    }

    fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        let Some(ac) = &self.automaton else { return };
        let text = note.text;
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if is_word_char(text[..s].chars().next_back()) || is_word_char(text[e..].chars().next()) {
                continue;
            }
            let kind = self.kinds[m.pattern().as_usize()];
            let (cue, prio) =
                if kind == Kind::Protected { ("allow list", ALLOW_PRIORITY) } else { (DENY_CUE, DENY_PRIORITY) };
            out.push(Candidate::new(s, e, kind, "lists", cue, prio));
        }
    }
}

//! Validated configuration of a run, built by the binary from its flags (and later a policy
//! file). The library never reads flags or the environment itself.

use std::path::Path;

use crate::error::Error;

/// What happens to dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateMode {
    /// HIPAA Safe Harbor: month and day go, a four-digit year stays ("[DATE 2023]").
    #[default]
    Year,
    /// The whole date becomes "[DATE]".
    Tag,
    /// Dates are left as they are (only for data already covered by an agreement).
    Keep,
}

/// One entry of a user list: a phrase, matched case-insensitively on word boundaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListEntry {
    /// The phrase as written in the list.
    pub phrase: String,
    /// For deny-list entries: the kind to redact as (default: a person's name).
    pub kind: crate::span::Kind,
}

/// Settings of a run.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Date handling.
    pub dates: DateMode,
    /// Phrases that are always redacted (e.g. the practice's client roster).
    pub deny_list: Vec<ListEntry>,
    /// Phrases that are never redacted (e.g. local clinical jargon).
    pub allow_list: Vec<ListEntry>,
}

impl Config {
    /// Reads a list file: one phrase per line; `#` starts a comment line; blank lines are
    /// skipped. A deny-list line may start with a kind and a tab (`LOCATION<TAB>Elm Street
    /// Walmart`); without one, the phrase is a person's name.
    pub fn read_list(path: &Path) -> Result<Vec<ListEntry>, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::List {
            path: path.to_path_buf(),
            line: 0,
            reason: format!("cannot read list ({})", e.kind()),
        })?;
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let (kind, phrase) = match line.split_once('\t') {
                Some((k, p)) => (
                    parse_kind(k.trim()).ok_or_else(|| Error::List {
                        path: path.to_path_buf(),
                        line: n + 1,
                        reason: "unknown kind before the tab (use NAME, LOCATION, FACILITY, CITY, ADDRESS, ID, DATE)"
                            .into(),
                    })?,
                    p,
                ),
                None => (crate::span::Kind::Name, line),
            };
            let phrase = phrase.trim();
            if !phrase.is_empty() {
                out.push(ListEntry { phrase: phrase.to_string(), kind });
            }
        }
        Ok(out)
    }
}

fn parse_kind(s: &str) -> Option<crate::span::Kind> {
    use crate::span::Kind::*;
    Some(match s.to_ascii_uppercase().as_str() {
        "NAME" | "PERSON" => Name,
        "LOCATION" => Location,
        "FACILITY" => Facility,
        "CITY" => City,
        "ADDRESS" => Address,
        "ID" => Id,
        "DATE" => Date,
        "PHONE" => Phone,
        "EMAIL" => Email,
        _ => return None,
    })
}

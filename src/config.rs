//! Validated configuration of a run, built by the binary from its flags and an optional
//! policy file (see [`crate::policy`]). The library never reads flags or the environment.

use std::path::Path;
use std::sync::Arc;

use crate::assign::Scope;
use crate::error::Error;
use crate::keys::SecretKey;
use crate::span::Category;

/// What happens to dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateMode {
    /// HIPAA Safe Harbor: month and day go, a four-digit year stays ("[DATE 2023]").
    #[default]
    Year,
    /// The whole date becomes "\[DATE\]".
    Tag,
    /// Dates are left as they are (only for data already covered by an agreement).
    Keep,
    /// Every date of a scope moves by the scope's keyed offset, keeping its format
    /// (Expert Determination, not Safe Harbor). Needs a key.
    Shift,
}

impl DateMode {
    /// The policy-file and flag name of the mode.
    pub fn name(self) -> &'static str {
        match self {
            DateMode::Year => "year",
            DateMode::Tag => "tag",
            DateMode::Keep => "keep",
            DateMode::Shift => "shift",
        }
    }
}

/// Which notes share codes (and a date shift).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScopeMode {
    /// Each document (file, stream, CSV cell or JSONL field) is its own scope.
    #[default]
    Document,
    /// Every record with the same scope key (a CSV column or JSONL field, e.g. client_id)
    /// shares one scope.
    Record,
    /// Everything in one invocation shares one scope.
    Run,
}

impl ScopeMode {
    /// The policy-file and flag name of the mode.
    pub fn name(self) -> &'static str {
        match self {
            ScopeMode::Document => "document",
            ScopeMode::Record => "record",
            ScopeMode::Run => "run",
        }
    }
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
#[derive(Clone, Debug)]
pub struct Config {
    /// Date handling.
    pub dates: DateMode,
    /// Range of the date shift in days, in either direction (`--dates shift`); never 0.
    pub shift_days: (u32, u32),
    /// Phrases that are always redacted (e.g. the practice's client roster).
    pub deny_list: Vec<ListEntry>,
    /// Phrases that are never redacted (e.g. local clinical jargon).
    pub allow_list: Vec<ListEntry>,
    /// Secret key for keyed codes and date shifts.
    pub key: Option<Arc<SecretKey>>,
    /// Which notes share codes.
    pub scope: ScopeMode,
    /// Keep every person's surface forms for a codebook.
    pub codebook: bool,
    /// Keep US state names (Safe Harbor allows them); removed by default.
    pub keep_states: bool,
    /// How a person's code is written: `{code}` stands for the code ("Client {code}").
    pub code_format: String,
    /// Categories that are redacted (all by default). Switching one off is for data
    /// covered by an agreement; names cannot be switched off.
    pub categories: Vec<Category>,
    /// The current year, for years of birth that reveal an age over 89 (Safe Harbor removes
    /// them too). `None`: every four-digit year may stay.
    pub reference_year: Option<i32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dates: DateMode::default(),
            shift_days: (1, 365),
            deny_list: Vec::new(),
            allow_list: Vec::new(),
            key: None,
            scope: ScopeMode::default(),
            codebook: false,
            keep_states: false,
            code_format: "{code}".to_string(),
            categories: vec![
                Category::Name,
                Category::Date,
                Category::Age,
                Category::Location,
                Category::Contact,
                Category::Id,
            ],
            reference_year: None,
        }
    }
}

impl Config {
    /// Checks that the settings fit together.
    pub fn validate(&self) -> Result<(), Error> {
        if self.dates == DateMode::Shift && self.key.is_none() {
            return Err(Error::Policy("date shifting needs a key (--key-file)".into()));
        }
        let (lo, hi) = self.shift_days;
        if lo == 0 || hi < lo || hi > 3650 {
            return Err(Error::Policy("shift_days must be [min, max] with 1 <= min <= max <= 3650".into()));
        }
        if !self.code_format.contains("{code}") {
            return Err(Error::Policy("code_format must contain {code}".into()));
        }
        if !self.categories.contains(&Category::Name) {
            return Err(Error::Policy("names cannot be switched off".into()));
        }
        Ok(())
    }

    /// A new scope for these settings: keyed when a key is set, with a codebook when asked.
    /// `scope_id` names the scope in keyed mode (e.g. "run", or a client id).
    pub fn new_scope(&self, scope_id: &str) -> Scope {
        let scope = match &self.key {
            Some(k) => Scope::keyed(k.clone(), scope_id),
            None => Scope::new(),
        };
        if self.codebook {
            scope.with_codebook()
        } else {
            scope
        }
    }

    /// True if candidates of this category are replaced.
    pub fn redacts(&self, c: Category) -> bool {
        c == Category::None || self.categories.contains(&c)
    }

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

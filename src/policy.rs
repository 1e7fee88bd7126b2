//! Policy files: an organisation's settings in TOML, merged under the command-line flags.
//!
//! ```toml
//! dates = "year"              # year | tag | shift | keep
//! shift_days = [1, 365]       # --dates shift: offset range in days, either direction
//! scope = "record"            # document | record | run
//! code_format = "Client {code}"
//! keep_states = false         # Safe Harbor allows states; removed unless true
//! key_file = "/secure/phi.key"  # path only; the key itself never goes in a policy
//! deny_lists = ["roster.txt"]  # relative paths are relative to the policy file
//! allow_lists = ["jargon.txt"]
//!
//! [categories]                # all true by default; names cannot be switched off
//! location = true
//! contact = true
//! ```
//!
//! Unknown keys are an error that names the key. `phi-redact --print-policy` prints the
//! effective policy (never the key).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The settings a policy file may hold. Every field is optional: absent means "the flag or
/// the default decides".
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Date mode: year, tag, shift or keep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dates: Option<String>,
    /// Date shift range in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shift_days: Option<[u32; 2]>,
    /// Scope: document, record or run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Code format, with `{code}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_format: Option<String>,
    /// Keep US state names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_states: Option<bool>,
    /// Path of the key file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_file: Option<PathBuf>,
    /// Deny-list files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deny_lists: Option<Vec<PathBuf>>,
    /// Allow-list files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_lists: Option<Vec<PathBuf>>,
    /// Categories on or off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub categories: Option<Categories>,
}

/// Categories on (true) or off (false).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Categories {
    /// People (cannot be false).
    #[serde(default = "yes")]
    pub name: bool,
    /// Dates.
    #[serde(default = "yes")]
    pub date: bool,
    /// Ages over 89.
    #[serde(default = "yes")]
    pub age: bool,
    /// Places and facilities.
    #[serde(default = "yes")]
    pub location: bool,
    /// Phones, e-mails, URLs, IPs.
    #[serde(default = "yes")]
    pub contact: bool,
    /// Identifiers.
    #[serde(default = "yes")]
    pub id: bool,
}

impl Default for Categories {
    fn default() -> Self {
        Categories { name: true, date: true, age: true, location: true, contact: true, id: true }
    }
}

fn yes() -> bool {
    true
}

impl Policy {
    /// Reads and checks a policy file; relative paths in it are made relative to its folder.
    pub fn from_file(path: &Path) -> Result<Policy, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Policy(format!("{}: cannot read ({})", path.display(), e.kind())))?;
        let mut p: Policy =
            toml::from_str(&text).map_err(|e| Error::Policy(format!("{}: {}", path.display(), e.message())))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let fix = |q: &mut PathBuf| {
            if q.is_relative() {
                *q = base.join(&*q);
            }
        };
        p.key_file.iter_mut().for_each(fix);
        p.deny_lists.iter_mut().flatten().for_each(fix);
        p.allow_lists.iter_mut().flatten().for_each(fix);
        Ok(p)
    }

    /// The policy as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_named() {
        let err = toml::from_str::<Policy>("datez = \"year\"").unwrap_err();
        assert!(err.message().contains("datez"), "{}", err.message());
        let err = toml::from_str::<Policy>("[categories]\nnames = false").unwrap_err();
        assert!(err.message().contains("names"));
    }

    #[test]
    fn round_trips() {
        let p: Policy =
            toml::from_str("dates = \"shift\"\nshift_days = [2, 30]\n[categories]\nlocation = false\n").unwrap();
        assert!(!p.categories.unwrap().location);
        assert!(p.categories.unwrap().name);
        let again: Policy = toml::from_str(&p.to_toml()).unwrap();
        assert_eq!(again, p);
    }
}

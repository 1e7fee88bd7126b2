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
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::{Config, DateMode, ScopeMode};
use crate::error::Error;
use crate::keys::{KeyFileCheck, SecretKey};
use crate::span::Category;

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
        let mut p: Policy = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
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

    /// The configuration this policy describes, as the binary builds it (the Python
    /// binding too): the key file and the lists are read, the reference year for ages over
    /// 89 is this year. Not yet validated ([`Config::validate`], which [`crate::Redactor::new`]
    /// calls), so a caller may still set a key from elsewhere. Also returns what reading the
    /// key file found (a key file readable by others deserves a warning).
    pub fn to_config(&self) -> Result<(Config, KeyFileCheck), Error> {
        let mut config = Config::default();
        let mut key_check = KeyFileCheck { readable_by_others: false };
        if let Some(d) = &self.dates {
            config.dates = match d.as_str() {
                "year" => DateMode::Year,
                "tag" => DateMode::Tag,
                "shift" => DateMode::Shift,
                "keep" => DateMode::Keep,
                _ => return Err(Error::Policy("dates must be year, tag, shift or keep".into())),
            };
        }
        if let Some([a, b]) = self.shift_days {
            config.shift_days = (a, b);
        }
        if let Some(s) = &self.scope {
            config.scope = match s.as_str() {
                "document" => ScopeMode::Document,
                "record" => ScopeMode::Record,
                "run" => ScopeMode::Run,
                _ => return Err(Error::Policy("scope must be document, record or run".into())),
            };
        }
        if let Some(f) = &self.code_format {
            config.code_format = f.clone();
        }
        config.keep_states = self.keep_states.unwrap_or(false);
        if let Some(path) = &self.key_file {
            let (key, check) = SecretKey::from_file(path)?;
            key_check = check;
            config.key = Some(Arc::new(key));
        }
        let c = self.categories.unwrap_or_default();
        config.categories = [
            (c.name, Category::Name),
            (c.date, Category::Date),
            (c.age, Category::Age),
            (c.location, Category::Location),
            (c.contact, Category::Contact),
            (c.id, Category::Id),
        ]
        .into_iter()
        .filter_map(|(on, cat)| on.then_some(cat))
        .collect();
        for path in self.deny_lists.iter().flatten() {
            config.deny_list.extend(Config::read_list(path)?);
        }
        for path in self.allow_lists.iter().flatten() {
            config.allow_list.extend(Config::read_list(path)?);
        }
        config.reference_year = Some(current_year());
        Ok((config, key_check))
    }
}

/// The current calendar year (UTC), for years of birth that reveal an age over 89.
fn current_year() -> i32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // 365.2425 days a year on average since 1970: exact enough away from New Year's Eve.
    1970 + (secs / 31_556_952) as i32
}

/// A policy file's TOML error as one line: the file, the line and column, and what is wrong,
/// never a value from the file (a note or a key file given as the policy by mistake must not
/// be echoed). Unknown and duplicate keys are named: they are the policy author's words.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let mut msg = e.message().trim().replace('\n', "; ");
    // serde: "invalid type: string \"...\", expected a boolean", "invalid value: integer `5`, ...":
    // keep the kind of value, drop the value.
    for head in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(head) {
            let (unexpected, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
            let kind = unexpected.split([' ', '`', '"']).next().filter(|k| !k.is_empty()).unwrap_or("value");
            msg =
                if expected.is_empty() { format!("{head}{kind}") } else { format!("{head}{kind}, expected{expected}") };
            break;
        }
    }
    let at = match e.span() {
        Some(span) => {
            let before = &text.as_bytes()[..span.start.min(text.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
            format!(": line {line}, column {column}")
        }
        None => String::new(),
    };
    Error::Policy(format!("{}{at}: {msg}", path.display()))
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
    fn errors_name_the_place_never_the_value() {
        let dir = std::env::temp_dir().join(format!("phi-redact-policy-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (text, place, what) in [
            (
                "dates = \"year\"\nkeep_states = \"Mrs. Okafor\"\n",
                "line 2, column 15",
                "invalid type: string, expected a boolean",
            ),
            ("dates = 4471190\n", "line 1, column 9", "invalid type: integer, expected a string"),
            ("Mrs. Okafor was seen\n", "line 1", "expected"),
        ] {
            let p = dir.join("p.toml");
            std::fs::write(&p, text).unwrap();
            let e = Policy::from_file(&p).unwrap_err().to_string();
            assert!(e.contains(place) && e.contains(what), "{e}");
            assert!(!e.contains("Okafor") && !e.contains("4471190"), "{e}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
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

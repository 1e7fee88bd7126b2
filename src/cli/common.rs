//! Options shared by every command, and their validation into a [`Config`]: flags override
//! the policy file (`--policy`), which overrides the defaults.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use phi_redact::policy::{Categories, Policy};
use phi_redact::{Config, Error};

/// How dates are replaced.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DatesArg {
    /// Month and day go, a four-digit year stays (HIPAA Safe Harbor; the default).
    Year,
    /// The whole date becomes [DATE].
    Tag,
    /// Every date of a scope moves by the same keyed offset and keeps its format (needs --key-file).
    Shift,
    /// Dates are left alone.
    Keep,
}

/// Which notes share codes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ScopeArg {
    /// Each document (file, stream, cell) has its own codes (the default).
    Document,
    /// Records with the same --scope-column/--scope-field value share codes.
    Record,
    /// Everything in this run shares codes.
    Run,
}

/// Detection and replacement options.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Policy file (TOML) with the organisation's settings; flags override it.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Print the effective policy (flags merged over the policy file) and exit.
    #[arg(long)]
    pub print_policy: bool,

    /// What happens to dates [default: year].
    #[arg(long, value_enum)]
    pub dates: Option<DatesArg>,

    /// Date shift range in days for --dates shift, as MIN,MAX [default: 1,365].
    #[arg(long, value_name = "MIN,MAX", value_parser = parse_range)]
    pub shift_days: Option<(u32, u32)>,

    /// Which notes share codes and date shifts [default: document].
    #[arg(long, value_enum)]
    pub scope: Option<ScopeArg>,

    /// Secret key file: codes and date shifts become keyed (HMAC-SHA256), the same in every
    /// run and on every machine. The key is never printed.
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,

    /// Write the code -> original names mapping here (created owner-only). This is the most
    /// sensitive file the tool can produce: it re-identifies everyone.
    #[arg(long, value_name = "PATH")]
    pub codebook: Option<PathBuf>,

    /// How codes are written, with {code} for the code, e.g. "Client {code}".
    #[arg(long, value_name = "FORMAT")]
    pub code_format: Option<String>,

    /// Keep US state names (HIPAA Safe Harbor allows them); they are removed by default.
    #[arg(long)]
    pub keep_states: bool,

    /// Phrases always redacted, one per line (e.g. the practice's client roster).
    /// A line "KIND<TAB>phrase" redacts as that kind (LOCATION, FACILITY, ID, ...).
    #[arg(long, value_name = "FILE")]
    pub deny_list: Vec<PathBuf>,

    /// Phrases never redacted, one per line (e.g. local clinical jargon).
    #[arg(long, value_name = "FILE")]
    pub allow_list: Vec<PathBuf>,

    /// Replace invalid UTF-8 with U+FFFD and redact, instead of failing.
    #[arg(long)]
    pub lossy: bool,
}

fn parse_range(s: &str) -> Result<(u32, u32), String> {
    let (a, b) = s.split_once(',').ok_or("expected MIN,MAX")?;
    let a = a.trim().parse().map_err(|_| "MIN is not a whole number")?;
    let b = b.trim().parse().map_err(|_| "MAX is not a whole number")?;
    Ok((a, b))
}

impl CommonArgs {
    /// The policy file merged with the flags (flags win).
    pub fn effective_policy(&self) -> Result<Policy, Error> {
        let mut p = match &self.policy {
            Some(path) => Policy::from_file(path)?,
            None => Policy::default(),
        };
        if let Some(d) = self.dates {
            p.dates = Some(format!("{d:?}").to_ascii_lowercase());
        }
        if let Some((a, b)) = self.shift_days {
            p.shift_days = Some([a, b]);
        }
        if let Some(s) = self.scope {
            p.scope = Some(format!("{s:?}").to_ascii_lowercase());
        }
        if let Some(k) = &self.key_file {
            p.key_file = Some(k.clone());
        }
        if let Some(f) = &self.code_format {
            p.code_format = Some(f.clone());
        }
        if self.keep_states {
            p.keep_states = Some(true);
        }
        if !self.deny_list.is_empty() {
            p.deny_lists.get_or_insert_with(Vec::new).extend(self.deny_list.iter().cloned());
        }
        if !self.allow_list.is_empty() {
            p.allow_lists.get_or_insert_with(Vec::new).extend(self.allow_list.iter().cloned());
        }
        Ok(p)
    }

    /// The validated configuration. Warns on stderr when the key file is readable by others.
    pub fn config(&self) -> Result<Config, Error> {
        let (mut config, key_check) = self.effective_policy()?.to_config()?;
        if key_check.readable_by_others {
            report(None, &"warning: the key file can be read by other users (chmod 600 it)");
        }
        config.codebook = self.codebook.is_some();
        config.validate()?;
        Ok(config)
    }

    /// The effective policy as TOML, with every default spelled out (never the key).
    pub fn print_policy(&self) -> Result<String, Error> {
        let mut p = self.effective_policy()?;
        p.dates.get_or_insert_with(|| "year".into());
        p.shift_days.get_or_insert([1, 365]);
        p.scope.get_or_insert_with(|| "document".into());
        p.code_format.get_or_insert_with(|| "{code}".into());
        p.keep_states.get_or_insert(false);
        p.categories.get_or_insert_with(Categories::default);
        Ok(p.to_toml())
    }
}

/// Prints a one-line error to stderr: the program, the input's name, the error. Never note text.
pub fn report(path: Option<&Path>, e: &dyn std::fmt::Display) {
    match path {
        Some(p) => eprintln!("phi-redact: {}: {e}", display_name(p)),
        None => eprintln!("phi-redact: {e}"),
    }
}

/// How an input path is named in messages ("-" is standard input).
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

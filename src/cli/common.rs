//! Options shared by every command, and their validation into a [`Config`].

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use phi_redact::{Config, DateMode, Error};

/// How dates are replaced.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DatesArg {
    /// Month and day go, a four-digit year stays (HIPAA Safe Harbor).
    Year,
    /// The whole date becomes [DATE].
    Tag,
    /// Dates are left alone.
    Keep,
}

/// Detection and replacement options.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// What happens to dates: keep the year only (Safe Harbor), replace them whole, or keep them.
    #[arg(long, value_enum, default_value_t = DatesArg::Year)]
    pub dates: DatesArg,

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

impl CommonArgs {
    /// The validated configuration.
    pub fn config(&self) -> Result<Config, Error> {
        let mut config = Config {
            dates: match self.dates {
                DatesArg::Year => DateMode::Year,
                DatesArg::Tag => DateMode::Tag,
                DatesArg::Keep => DateMode::Keep,
            },
            ..Config::default()
        };
        for p in &self.deny_list {
            config.deny_list.extend(Config::read_list(p)?);
        }
        for p in &self.allow_list {
            config.allow_list.extend(Config::read_list(p)?);
        }
        Ok(config)
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

//! `phi-redact review NOTE... -o review.html`: one self-contained HTML page showing each
//! note with its detections highlighted next to the de-identified text (see
//! [`phi_redact::review`]). The page holds PHI: it is created owner-only (0600 on Unix, set
//! when the file is created, never widened), and an existing file is replaced only with
//! `--force`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use phi_redact::review::{render_page, NoteReview, Skipped};
use phi_redact::{Error, Redactor, ScopeMode};

use super::common::{display_name, report, CommonArgs};
use super::redact::document_id;
use super::{EXIT_ERROR, EXIT_OK};

/// Arguments of `phi-redact review`.
#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// Notes to review, in page order ("-" is standard input).
    #[arg(required = true, value_name = "NOTE")]
    pub notes: Vec<PathBuf>,

    /// The HTML page to write. It CONTAINS PHI (the original notes): it is created readable
    /// by you only; open it on your own machine and delete it after the review.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Creates `path` for writing with owner-only permissions (0600 on Unix, from the moment
/// it exists). With `replace`, an existing file (or symbolic link) at `path` is removed
/// first, so the new file never inherits wider permissions; without it, an existing file is
/// an `AlreadyExists` error.
pub fn create_private(path: &Path, replace: bool) -> io::Result<File> {
    if replace {
        match fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn read_note(path: &Path, lossy: bool) -> Result<String, Error> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut bytes)
    } else {
        File::open(path).map_err(|e| Error::io("opening input", e))?.read_to_end(&mut bytes)
    }
    .map_err(|e| Error::io("reading input", e))?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(Error::InvalidUtf8 { offset: e.utf8_error().valid_up_to() as u64 }),
    }
}

/// True if `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The shared options that end a `review` or `check` run before it starts: `--print-policy`
/// prints the effective policy (exit 0), and `--codebook`, which only redaction writes, is
/// a usage error rather than silently ignored.
pub fn policy_flags(common: &CommonArgs) -> Option<u8> {
    if common.codebook.is_some() {
        report(None, &"--codebook is written by redaction only (not by review or check)");
        return Some(EXIT_ERROR);
    }
    if !common.print_policy {
        return None;
    }
    Some(match common.print_policy() {
        Ok(toml) => {
            print!("{toml}");
            EXIT_OK
        }
        Err(e) => {
            report(None, &e);
            EXIT_ERROR
        }
    })
}

/// Runs `phi-redact review`; returns the exit code.
pub fn run(args: &ReviewArgs) -> u8 {
    if let Some(code) = policy_flags(&args.common) {
        return code;
    }
    let out_path = &args.output;
    if !args.force && fs::symlink_metadata(out_path).is_ok() {
        report(Some(out_path), &"exists (use --force to replace it)");
        return EXIT_ERROR;
    }
    if args.notes.iter().any(|n| same_file(n, out_path)) {
        report(Some(out_path), &"is one of the notes; choose another output file");
        return EXIT_ERROR;
    }
    let redactor = match args.common.config().and_then(Redactor::new) {
        Ok(r) => r,
        Err(e) => {
            report(None, &e);
            return EXIT_ERROR;
        }
    };
    let mut notes = Vec::new();
    let mut skipped = Vec::new();
    // Scopes as the default command makes them, so the page shows the codes it will give.
    let mut run_scope = (redactor.config().scope == ScopeMode::Run).then(|| redactor.new_scope("run"));
    for path in &args.notes {
        let name = display_name(path);
        let mut own_scope;
        let scope = match run_scope.as_mut() {
            Some(s) => s,
            None => {
                own_scope = redactor.new_scope(&document_id(path));
                &mut own_scope
            }
        };
        match read_note(path, args.common.lossy).and_then(|text| NoteReview::in_scope(&redactor, &name, &text, scope)) {
            Ok(n) => notes.push(n),
            Err(e) => {
                report(Some(path), &e);
                skipped.push(Skipped { name, reason: e.to_string() });
            }
        }
    }
    if notes.is_empty() {
        report(None, &"no note could be processed; no page written");
        return EXIT_ERROR;
    }
    let html = render_page(&notes, &skipped);
    let written = create_private(out_path, args.force).and_then(|mut f| {
        let r = f.write_all(html.as_bytes()).and_then(|()| f.sync_all());
        if r.is_err() {
            let _ = fs::remove_file(out_path);
        }
        r
    });
    if let Err(e) = written {
        let what = if e.kind() == io::ErrorKind::AlreadyExists { "exists (use --force to replace it)" } else { "" };
        if what.is_empty() {
            report(Some(out_path), &Error::io("writing the review page", e));
        } else {
            report(Some(out_path), &what);
        }
        return EXIT_ERROR;
    }
    let detections: usize = notes.iter().map(|n| n.redactions.len()).sum();
    eprintln!(
        "phi-redact: wrote {} ({} note{}, {detections} detections). It CONTAINS PHI: open it on this machine only and \
         delete it after the review.",
        out_path.display(),
        notes.len(),
        if notes.len() == 1 { "" } else { "s" },
    );
    if skipped.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

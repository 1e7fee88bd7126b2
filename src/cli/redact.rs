//! The default command: de-identify text files or standard input to standard output.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use phi_redact::{Error, Redactor, Scope, ScopeMode};

use super::common::{report, CommonArgs};
use super::{EXIT_ERROR, EXIT_OK};

/// Arguments of the default command.
#[derive(Args, Debug)]
pub struct RedactArgs {
    /// Notes to de-identify, written to standard output in order ("-" is standard input).
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,

    #[command(flatten)]
    pub record: super::explain::RecordArgs,

    #[command(flatten)]
    pub batch: super::batch::BatchArgs,
}

/// Runs the default command; returns the exit code.
pub fn run(args: &RedactArgs) -> u8 {
    if args.common.print_policy {
        return match args.common.print_policy() {
            Ok(toml) => {
                print!("{toml}");
                EXIT_OK
            }
            Err(e) => {
                report(None, &e);
                EXIT_ERROR
            }
        };
    }
    let redactor = match args.common.config().and_then(Redactor::new) {
        Ok(r) => r,
        Err(e) => {
            report(None, &e);
            return EXIT_ERROR;
        }
    };
    // --emit spans / --explain: the same loop, through a recorder (src/cli/explain.rs).
    let mut recorder = match super::explain::Recorder::open(&args.record, args.batch.is_active(&args.files)) {
        Ok(r) => r,
        Err(e) => {
            report(None, &e);
            return EXIT_ERROR;
        }
    };
    if args.batch.is_active(&args.files) {
        return super::batch::run(&redactor, &args.files, &args.batch, &args.common);
    }
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let mut out = BufWriter::with_capacity(if is_tty { 1 } else { 1 << 16 }, stdout.lock());
    let inputs: Vec<PathBuf> = if args.files.is_empty() { vec![PathBuf::from("-")] } else { args.files.clone() };
    let mut failed = false;
    // Document scope: one scope per input, named after the file (keyed mode uses the name);
    // run scope: one for all inputs. Text inputs have no scope key, so "record" is "document".
    let per_document = redactor.config().scope != ScopeMode::Run;
    let mut scopes: Vec<(String, Scope)> = Vec::new();
    if !per_document {
        scopes.push(("run".into(), redactor.new_scope("run")));
    }
    for path in &inputs {
        if per_document {
            let id = document_id(path);
            let scope = redactor.new_scope(&id);
            scopes.push((id, scope));
        }
        let scope = &mut scopes.last_mut().expect("a scope was pushed").1;
        let rec = recorder.as_mut();
        let result = if path.as_os_str() == "-" {
            super::explain::redact_stream(&redactor, rec, path, io::stdin().lock(), &mut out, scope, args.common.lossy)
        } else {
            match File::open(path) {
                Ok(f) => {
                    let input = BufReader::with_capacity(1 << 16, f);
                    super::explain::redact_stream(&redactor, rec, path, input, &mut out, scope, args.common.lossy)
                }
                Err(e) => Err(Error::io("opening input", e)),
            }
        };
        if let Err(e) = result {
            if e.is_broken_pipe() {
                return EXIT_OK;
            }
            report(Some(path), &e);
            failed = true;
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            report(None, &Error::io("writing output", e));
            failed = true;
        }
    }
    if let Some(Err(e)) = recorder.map(super::explain::Recorder::finish) {
        report(None, &e);
        failed = true;
    }
    if let Some(path) = &args.common.codebook {
        let refs: Vec<(String, &Scope)> = scopes.iter().map(|(id, s)| (id.clone(), s)).collect();
        if let Err(e) = super::codebook::write(path, &refs) {
            report(Some(path), &e);
            failed = true;
        }
    }
    if failed {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

/// The scope id of a text input in document scope: its file name ("stdin" for standard
/// input), so keyed codes of a document are the same wherever the file is.
pub(super) fn document_id(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        return "stdin".into();
    }
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    format!("document:{name}")
}

//! `--emit spans` and `--explain[=FILE]` of the default command: redaction with a record of
//! every replaced span (see [`phi_redact::spans`]), written as JSON lines instead of the
//! text, and/or explained line by line for a person tuning allow and deny lists.
//!
//! Explain output quotes the original text of every detection: it is PHI. It goes to
//! stderr, or to a file created owner-only; it is never on unless asked for.

use std::io::{self, BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use phi_redact::pipeline::Stats;
use phi_redact::spans::{self, Detection, SpanLine};
use phi_redact::{Error, Redactor, Scope};

use super::common::display_name;
use super::review::create_private;

/// What the default command writes to standard output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// The de-identified text.
    #[default]
    Text,
    /// One JSON line per detection (offsets, kind, detector, cue, replacement; no note
    /// text): the schema is in the README, section "Spans".
    Spans,
}

/// Output options of the default command for the record of detections.
#[derive(Args, Debug, Clone)]
pub struct RecordArgs {
    /// What to write to standard output: the de-identified text, or one JSON line per
    /// detection (byte and character offsets, kind, detector, cue, replacement).
    #[arg(long, value_enum, default_value_t = Emit::Text)]
    pub emit: Emit,

    /// Explain each detection (line:column, kind, the original text, its replacement, the
    /// detector and its reason) on stderr, or in FILE with --explain=FILE (created
    /// owner-only, replaced if it exists). THE EXPLANATION CONTAINS PHI: it quotes the
    /// original text. Use it to tune allow/deny lists on your own machine; never in a
    /// pipeline whose logs are kept.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true, default_missing_value = "-")]
    pub explain: Option<PathBuf>,
}

impl RecordArgs {
    /// True when the plain text path is not enough.
    pub fn is_active(&self) -> bool {
        self.emit != Emit::Text || self.explain.is_some()
    }
}

/// Where explanations go.
struct Explainer {
    out: Option<Box<dyn Write>>,
}

impl Explainer {
    fn open(target: Option<&Path>) -> io::Result<Explainer> {
        let out: Option<Box<dyn Write>> = match target {
            None => None,
            Some(p) if p.as_os_str() == "-" => Some(Box::new(BufWriter::new(io::stderr()))),
            Some(p) => {
                let mut w = BufWriter::new(create_private(p, true)?);
                writeln!(
                    w,
                    "# phi-redact --explain: CONTAINS PHI (the original text of every detection). Delete after use."
                )?;
                Some(Box::new(w))
            }
        };
        Ok(Explainer { out })
    }

    fn line(&mut self, doc: &str, d: &Detection<'_>) -> io::Result<()> {
        let Some(w) = self.out.as_mut() else { return Ok(()) };
        let r = d.redaction;
        let became = if d.replaced() { r.replacement.as_str() } else { "(kept by the policy)" };
        writeln!(
            w,
            "{doc}:{}:{}: {} {:?} -> {became} ({}: {})",
            d.start.line,
            d.start.column,
            r.kind.label(),
            d.original,
            r.detector,
            r.cue
        )
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.as_mut().map_or(Ok(()), |w| w.flush())
    }
}

/// Spans and explanations of one run of the default command.
pub struct Recorder {
    emit: Emit,
    explain: Explainer,
}

impl Recorder {
    /// The recorder `args` ask for; `None` when neither `--emit spans` nor `--explain` is
    /// given. Both work on text inputs only: with batch options (`batch`) it is an error.
    pub fn open(args: &RecordArgs, batch: bool) -> Result<Option<Recorder>, Error> {
        if !args.is_active() {
            return Ok(None);
        }
        if batch {
            return Err(Error::Usage(
                "--emit spans and --explain work on text inputs written to standard output, not with batch options"
                    .into(),
            ));
        }
        let explain =
            Explainer::open(args.explain.as_deref()).map_err(|e| Error::io("creating the explain file", e))?;
        Ok(Some(Recorder { emit: args.emit, explain }))
    }

    /// Redacts one input like [`Redactor::redact_stream`], writing the text or the spans to
    /// `out` and the explanations to their target.
    pub fn redact<R: BufRead, W: Write>(
        &mut self,
        redactor: &Redactor,
        doc: &str,
        input: R,
        out: &mut W,
        scope: &mut Scope,
        lossy: bool,
    ) -> Result<Stats, Error> {
        let explain = &mut self.explain;
        match self.emit {
            Emit::Text => {
                spans::redact_stream_recorded(redactor, input, Some(out), scope, lossy, |d| explain.line(doc, d))
            }
            Emit::Spans => {
                let stats = spans::redact_stream_recorded(redactor, input, None::<&mut W>, scope, lossy, |d| {
                    // A detection the policy keeps (--dates keep, --keep-states) was not
                    // replaced: it is not a span of the output, and its "replacement" is
                    // note text.
                    if d.replaced() {
                        spans::write_json_line(out, &SpanLine::new(doc, d))?;
                    }
                    explain.line(doc, d)
                })?;
                out.flush().map_err(|e| Error::io("writing output", e))?;
                Ok(stats)
            }
        }
    }

    /// Flushes the explanations.
    pub fn finish(mut self) -> Result<(), Error> {
        self.explain.flush().map_err(|e| Error::io("writing the explanation", e))
    }
}

/// [`Redactor::redact_stream`] of input `path`, through the recorder when there is one.
pub fn redact_stream<R: BufRead, W: Write>(
    redactor: &Redactor,
    recorder: Option<&mut Recorder>,
    path: &Path,
    input: R,
    out: &mut W,
    scope: &mut Scope,
    lossy: bool,
) -> Result<Stats, Error> {
    match recorder {
        None => redactor.redact_stream(input, out, scope, lossy),
        Some(r) => r.redact(redactor, &display_name(path), input, out, scope, lossy),
    }
}

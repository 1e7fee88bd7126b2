//! Shared by the fuzz targets: one redactor and one batch runner per process, and the
//! invariants every redaction must keep.

#![allow(dead_code)]

use std::sync::OnceLock;

use phi_redact::batch::{Batch, Format, Input, Options, Silent, Task};
use phi_redact::write::report::FileReport;
use phi_redact::{Config, Redaction, Redactor, Workspace};

pub fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| Redactor::new(Config::default()).expect("the default config is valid"))
}

/// Redacts `text` in a fresh scope and checks that the output is the input with each
/// recorded span (sorted, disjoint, on character boundaries) replaced: every other byte is
/// kept.
pub fn redact_checked(text: &str) -> String {
    redact_recorded(text).0
}

/// [`redact_checked`], with the spans.
pub fn redact_recorded(text: &str) -> (String, Vec<Redaction>) {
    let r = redactor();
    let mut out = String::new();
    let mut spans = Vec::new();
    r.redact_recorded(text, &mut r.new_scope("document"), &mut Workspace::new(), &mut out, &mut spans);
    let mut rebuilt = String::with_capacity(out.len());
    let mut pos = 0;
    for s in &spans {
        assert!(pos <= s.start && s.start < s.end && s.end <= text.len(), "span {}..{} after {pos}", s.start, s.end);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        rebuilt.push_str(&text[pos..s.start]);
        rebuilt.push_str(&s.replacement);
        pos = s.end;
    }
    rebuilt.push_str(&text[pos..]);
    assert_eq!(rebuilt, out, "bytes outside the spans changed");
    (out, spans)
}

/// A second pass over `once` (the output of `text` with `spans`) never touches a code or
/// tag the first pass wrote.
pub fn second_pass_keeps_codes(once: &str, spans: &[Redaction]) {
    let mut written = Vec::new();
    let mut shift = 0isize;
    for s in spans {
        let start = (s.start as isize + shift) as usize;
        written.push(start..start + s.replacement.len());
        shift += s.replacement.len() as isize - (s.end - s.start) as isize;
    }
    let (_, again) = redact_recorded(once);
    for a in &again {
        for w in &written {
            assert!(a.end <= w.start || w.end <= a.start, "second pass changed {:?}", &once[w.clone()]);
        }
    }
}

/// Runs `data` as one input file of `format` through batch mode (two workers, windows of
/// three records) and returns the output and the file's report.
pub fn batch(data: &[u8], format: Format) -> (Vec<u8>, FileReport) {
    static OPTS: OnceLock<Options> = OnceLock::new();
    static B: OnceLock<Batch<'static>> = OnceLock::new();
    let b = B.get_or_init(|| {
        let o = OPTS.get_or_init(|| Options { jobs: 2, window: 3, ..Options::default() });
        Batch::new(redactor(), o).expect("valid options")
    });
    let path = std::env::temp_dir().join(format!("phi-redact-fuzz-{}.{}", std::process::id(), format.name()));
    std::fs::write(&path, data).expect("temporary input written");
    let task =
        Task { input: Input::File(path.clone()), output: None, format, in_directory: false, size: None, skip: None };
    let mut out = Vec::new();
    let mut run = b.run_to(std::slice::from_ref(&task), &mut out, &Silent);
    let _ = std::fs::remove_file(&path);
    assert!(run.output_error.is_none());
    (out, run.files.remove(0))
}

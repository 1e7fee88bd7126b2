//! `--emit spans` and `--explain`: the JSON-lines schema, offsets that land on the right
//! text in multi-byte UTF-8 (bytes and characters both), across chunk boundaries, and an
//! explanation that is never on by default.

use std::process::Output;

use serde_json::Value;

mod common;
use common::run;

fn lines(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect()
}

fn u(v: &Value, key: &str) -> usize {
    v[key].as_u64().unwrap_or_else(|| panic!("{key} is an integer: {v}")) as usize
}

/// Byte offset of every character of a text (plus its length at the end), and the byte
/// offset of every line start: computed once per text.
struct Index {
    chars: Vec<usize>,
    lines: Vec<usize>,
}

impl Index {
    fn new(text: &str) -> Index {
        let mut chars: Vec<usize> = text.char_indices().map(|c| c.0).collect();
        chars.push(text.len());
        let mut lines = vec![0];
        lines.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Index { chars, lines }
    }

    fn line_of(&self, byte: usize) -> usize {
        self.lines.partition_point(|&l| l <= byte)
    }
}

/// The span's text through its byte offsets and through its character offsets; both must
/// agree.
fn span_text<'a>(text: &'a str, v: &Value) -> &'a str {
    span_text_in(text, &Index::new(text), v)
}

fn span_text_in<'a>(text: &'a str, index: &Index, v: &Value) -> &'a str {
    let by_bytes = &text[u(v, "start")..u(v, "end")];
    let by_chars = &text[index.chars[u(v, "char_start")]..index.chars[u(v, "char_end")]];
    assert_eq!(by_bytes, by_chars, "byte and char offsets disagree: {v}");
    by_bytes
}

/// Synthetic note with multi-byte text before and between the PHI: accents, CJK, emoji, a
/// byte-order mark and CRLF line ends.
const NOTE: &str = "\u{FEFF}Résumé 📝 of the café visit — 日本語 notes.\r\n\
Mr. Jonathan Kowalczyk (MRN: 4471190) was seen on 3/14/2023 at 4931 Hamilton Rd.\r\n\
Zoë Ångström 👩‍⚕️ called (555) 123-4567; e-mail zoe.a@example.com.\r\n";

#[test]
fn offsets_land_on_the_right_text_in_multibyte_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ünïcode note.txt");
    std::fs::write(&path, NOTE).unwrap();
    let spans = lines(&run(&["--emit", "spans", path.to_str().unwrap()], b""));
    let found: Vec<&str> = spans.iter().map(|v| span_text(NOTE, v)).collect();
    for phi in ["Jonathan Kowalczyk", "4471190", "3/14/2023", "Zoë Ångström", "(555) 123-4567", "zoe.a@example.com"]
    {
        assert!(found.contains(&phi), "{phi} not found exactly: {found:?}");
    }
    assert!(found.iter().any(|f| f.starts_with("4931 Hamilton")), "{found:?}");
    // Multi-byte text comes first, so bytes and characters really differ.
    assert!(spans.iter().all(|v| u(v, "start") > u(v, "char_start")));
    let zoe = spans.iter().find(|v| span_text(NOTE, v) == "Zoë Ångström").unwrap();
    assert_eq!(u(zoe, "end") - u(zoe, "start"), "Zoë Ångström".len());
    assert_eq!(u(zoe, "char_end") - u(zoe, "char_start"), 12);
    assert_eq!(u(zoe, "line"), 3);
    assert_eq!(zoe["doc"], path.to_str().unwrap());
}

#[test]
fn every_line_has_the_documented_fields_in_order_and_no_note_text() {
    let o = run(&["--emit", "spans"], NOTE.as_bytes());
    let raw = String::from_utf8(o.stdout.clone()).unwrap();
    for phi in ["Kowalczyk", "4471190", "3/14", "Ångström", "123-4567", "example.com"] {
        assert!(!raw.contains(phi), "spans output holds note text: {phi}");
    }
    let spans = lines(&o);
    assert!(spans.len() >= 7);
    let schema =
        ["doc", "start", "end", "char_start", "char_end", "line", "kind", "category", "detector", "cue", "replacement"];
    for line in raw.lines() {
        // Field order is part of the schema: check it on the raw text.
        let mut at = 0;
        for key in schema {
            let pos = line[at..].find(&format!("\"{key}\":")).unwrap_or_else(|| panic!("{key} missing: {line}"));
            at += pos + 1;
        }
    }
    let categories = ["NAME", "DATE", "AGE", "LOCATION", "CONTACT", "ID"];
    for v in &spans {
        assert_eq!(v.as_object().unwrap().len(), schema.len(), "{v}");
        assert_eq!(v["doc"], "<stdin>");
        assert!(categories.contains(&v["category"].as_str().unwrap()), "{v}");
        for key in ["kind", "detector", "cue", "replacement"] {
            assert!(!v[key].as_str().unwrap().is_empty(), "{key} empty: {v}");
        }
    }
    let by_kind = |k: &str| spans.iter().find(|v| v["kind"] == k).unwrap_or_else(|| panic!("no {k}"));
    assert_eq!(by_kind("MRN")["category"], "ID");
    assert_eq!(by_kind("MRN")["replacement"], "[MRN]");
    assert_eq!(by_kind("PHONE")["category"], "CONTACT");
    assert_eq!(by_kind("DATE")["replacement"], "[DATE 2023]");
    assert_eq!(by_kind("ADDRESS")["category"], "LOCATION");
}

#[test]
fn replacements_match_the_text_output() {
    let text = String::from_utf8(run(&[], NOTE.as_bytes()).stdout).unwrap();
    let spans = lines(&run(&["--emit", "spans"], NOTE.as_bytes()));
    // Rebuild the de-identified text from the original and the spans.
    let mut rebuilt = String::new();
    let mut pos = 0;
    for v in &spans {
        rebuilt.push_str(&NOTE[pos..u(v, "start")]);
        rebuilt.push_str(v["replacement"].as_str().unwrap());
        pos = u(v, "end");
    }
    rebuilt.push_str(&NOTE[pos..]);
    assert_eq!(rebuilt, text);
}

#[test]
fn offsets_count_from_the_document_start_across_chunks_and_restart_per_file() {
    // About 1.6 MB: the reader cuts it into chunks of about 1 MiB.
    let para = "Ça va — Mrs. Ottová said 日本 on 3/14/2023. ";
    let mut big = String::new();
    for i in 0..30_000 {
        big.push_str(para);
        if i % 7 == 6 {
            big.push('\n');
        }
    }
    assert!(big.len() > 1 << 20);
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, &big).unwrap();
    std::fs::write(&b, NOTE).unwrap();
    let spans = lines(&run(&["--emit", "spans", a.to_str().unwrap(), b.to_str().unwrap()], b""));
    let (in_a, in_b): (Vec<&Value>, Vec<&Value>) = spans.iter().partition(|v| v["doc"] == a.to_str().unwrap());
    assert_eq!(in_a.iter().filter(|v| v["kind"] == "DATE").count(), 30_000);
    let index = Index::new(&big);
    for v in &in_a {
        let t = span_text_in(&big, &index, v);
        assert!(t == "3/14/2023" || t.contains("Ottová"), "{t:?} at {v}");
        assert_eq!(u(v, "line"), index.line_of(u(v, "start")));
    }
    assert!(u(in_a.last().unwrap(), "start") > 1 << 20, "spans past the first chunk");
    assert!(in_b.iter().all(|v| v["doc"] == b.to_str().unwrap()));
    assert!(in_b.iter().any(|v| span_text(NOTE, v) == "Jonathan Kowalczyk"));
}

#[test]
fn explain_is_off_by_default_and_goes_to_stderr_or_an_owner_only_file() {
    let plain = run(&[], NOTE.as_bytes());
    assert!(plain.stderr.is_empty(), "nothing explained without --explain");
    let explained = run(&["--explain"], NOTE.as_bytes());
    assert!(explained.status.success());
    assert_eq!(explained.stdout, plain.stdout, "explain does not change the text");
    let err = String::from_utf8(explained.stderr).unwrap();
    assert!(err.contains("<stdin>:2:5: NAME \"Jonathan Kowalczyk\" -> "), "{err}");
    assert!(err.contains("DATE \"3/14/2023\" -> [DATE 2023] (dates: "), "{err}");
    // Columns do not count the byte-order mark; CRLF is not part of a line's text.
    assert!(err.lines().all(|l| l.starts_with("<stdin>:")), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("explain.txt");
    std::fs::write(&file, "old").unwrap();
    let arg = format!("--explain={}", file.display());
    let o = run(&["--emit", "spans", &arg], NOTE.as_bytes());
    assert!(o.stderr.is_empty());
    assert_eq!(lines(&o).len(), std::fs::read_to_string(&file).unwrap().lines().count() - 1);
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# phi-redact --explain: CONTAINS PHI"));
    assert!(written.contains("\"Zoë Ångström\""));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // A bare --explain does not swallow the next argument as its file.
    let note = dir.path().join("note.txt");
    std::fs::write(&note, NOTE).unwrap();
    let o = run(&["--explain", note.to_str().unwrap()], b"");
    assert!(o.status.success());
    assert_eq!(o.stdout, plain.stdout);
}

#[test]
fn explain_help_warns_about_phi() {
    let o = run(&["--help"], b"");
    let help = String::from_utf8(o.stdout).unwrap();
    assert!(help.contains("--explain") && help.contains("CONTAINS PHI"), "{help}");
    assert!(help.contains("--emit"));
}

#[test]
fn invalid_utf8_in_spans_mode_fails_closed_without_quoting() {
    let o = run(&["--emit", "spans"], b"Client Zyxwvutsova \xff called 555-867-5309.\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("byte offset 19") && !err.contains("Zyxwvutsova"), "{err}");
}

//! Fail closed, never leak through a side channel: notes holding unique marker names
//! ("Zqxmarkerova", ...) are fed through every error path of the real binary, and the
//! markers must never appear on stderr, in a `--report` file, or in the output of the
//! document that failed. Exit codes are the documented ones (README, "What happens on bad
//! input"). Every marker stands after a title ("Mrs. Zqxmarkerova"), so a document that
//! *is* redacted loses it too: a marker found anywhere is a leak.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::{bin, run};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The part all markers share, in lower case: none may appear, in any case.
const STEM: &str = "xmarkero";

/// A note with marker `n` (a name after a title, a phone and a date).
fn note(n: usize) -> String {
    let c = (b'a' + (n % 26) as u8) as char;
    format!(
        "Session with Mrs. Zqxmarkerov{c} on 3/14/2023; her son Mr. Zqxmarkerov{c} called 555-867-53{:02}.\n\
         Plan: continue weekly CBT. Mrs. Zqxmarkerov{c} agreed.\n",
        n % 100
    )
}

/// [`note`] on one line.
fn line(n: usize) -> String {
    note(n).trim_end().replace('\n', " ")
}

/// Asserts that no marker appears in `bytes` (named `what` in the message).
#[track_caller]
fn clean(what: &str, bytes: &[u8]) {
    let lower = text(bytes).to_lowercase();
    assert!(!lower.contains(STEM), "a marker leaked into {what}: {}", text(bytes));
}

#[track_caller]
fn clean_run(o: &Output) {
    clean("stderr", &o.stderr);
    clean("stdout", &o.stdout);
}

/// Every file under `dir`, hidden ones (temporary files) included, relative.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// A file this process cannot read, if one can be made: mode 000 (not for root), else
/// `/proc/self/mem`, which opens but fails to read (EIO) on Linux.
fn unreadable(dir: &Path) -> Option<PathBuf> {
    let p = dir.join("locked.txt");
    fs::write(&p, note(7)).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&p).is_err() {
            return Some(p);
        }
    }
    let mem = PathBuf::from("/proc/self/mem");
    (mem.exists() && fs::File::open(&mem).and_then(|mut f| f.read(&mut [0u8; 16])).is_err()).then_some(mem)
}

// ---- text -------------------------------------------------------------------------------

#[test]
fn invalid_utf8_withholds_the_document_and_names_the_offset_only() {
    let mut input = note(0).into_bytes();
    let at = input.len();
    input.extend_from_slice(b"Mrs. Zqxmarkerovz \xff\xfe wrote.\n");
    let o = run(&[], &input);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing of the failed document: {}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(err.contains(&format!("byte offset {}", at + 18)) && err.contains("--lossy"), "{err}");
    clean_run(&o);
    // --lossy replaces the bytes and redacts.
    let o = run(&["--lossy"], &input);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains('\u{FFFD}'));
    clean_run(&o);
    // A byte-order mark is kept; a Latin-1 export fails at its first accented byte.
    let o = run(&[], b"\xEF\xBB\xBFMrs. Zqxmarkerova: caf\xE9\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("byte offset 25"), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty() || o.stdout == b"\xEF\xBB\xBF");
    clean_run(&o);
}

#[test]
fn a_bad_byte_late_in_a_big_file_stops_it_without_writing_that_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = String::new();
    let mut n = 0;
    while big.len() < 2_500_000 {
        big.push_str(&note(n));
        n += 1;
    }
    let mut bytes = big.into_bytes();
    let bad = bytes.len() - 1000;
    bytes[bad] = 0xff;
    let path = dir.path().join("big.txt");
    fs::write(&path, &bytes).unwrap();
    let strict = run(&[s(&path)], b"");
    assert_eq!(strict.status.code(), Some(2));
    clean_run(&strict);
    assert!(text(&strict.stderr).contains(&format!("byte offset {bad}")), "{}", text(&strict.stderr));
    let lossy = run(&["--lossy", s(&path)], b"");
    assert_eq!(lossy.status.code(), Some(0));
    clean_run(&lossy);
    // The chunks before the bad one were written, redacted, exactly as with --lossy; the
    // chunk holding the bad byte and everything after it were not.
    assert!(!strict.stdout.is_empty() && strict.stdout.len() < lossy.stdout.len());
    assert!(lossy.stdout.starts_with(&strict.stdout));
    assert!(strict.stdout.ends_with(b"\n"), "chunks end at line breaks");
    // In parallel (batch mode: the next chunk is analysed while one is finished), the
    // same bytes, the same error.
    let parallel = run(&["--jobs", "2", s(&path)], b"");
    assert_eq!(parallel.status.code(), Some(2));
    assert_eq!(parallel.stdout, strict.stdout);
    assert_eq!(parallel.stderr, strict.stderr);
    let parallel = run(&["--jobs", "2", "--lossy", s(&path)], b"");
    assert_eq!((parallel.status.code(), parallel.stdout), (Some(0), lossy.stdout));
}

#[test]
fn one_bad_file_among_good_ones_is_withheld_and_the_others_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let c = dir.path().join("c.txt");
    fs::write(&a, note(1)).unwrap();
    fs::write(&b, [note(2).as_bytes(), b"Mr. Zqxmarkerovq \x80\n"].concat()).unwrap();
    fs::write(&c, note(3)).unwrap();
    let o = run(&[s(&a), s(&b), s(&c)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    let alone = |p: &Path| run(&[s(p)], b"").stdout;
    assert_eq!(o.stdout, [alone(&a), alone(&c)].concat(), "b.txt left nothing, a and c are whole");
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("phi-redact: {}: input is not valid UTF-8 at byte offset", s(&b))), "{err}");
}

#[test]
fn unreadable_and_missing_files_exit_2_and_the_rest_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, note(4)).unwrap();
    let missing = dir.path().join("missing.txt");
    let o = run(&[s(&missing), s(&good)], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("missing.txt: opening input"), "{}", text(&o.stderr));
    assert!(text(&o.stdout).starts_with("Session with Mrs. "));
    clean_run(&o);
    let Some(locked) = unreadable(dir.path()) else { return };
    let o = run(&[s(&locked), s(&good)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    assert!(text(&o.stdout).starts_with("Session with Mrs. "));
    // Batch mode: no output file and no temporary file for it; the report says why.
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let o = run(&["--out", s(&out), "--report", s(&report), s(&locked), s(&good)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    clean("the report", &fs::read(&report).unwrap());
    assert_eq!(files(&out), ["good.txt"]);
}

// ---- closed or failing output --------------------------------------------------------

fn big_input(bytes: usize) -> Vec<u8> {
    let mut big = String::new();
    let mut n = 0;
    while big.len() < bytes {
        big.push_str(&note(n));
        n += 1;
    }
    big.into_bytes()
}

/// Starts the binary with `args`, reads `keep` bytes of its output, closes the pipe and
/// returns its exit code and stderr.
fn read_then_close(args: &[&str], input: Vec<u8>, keep: usize) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let mut child =
        bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stderr = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stderr.read_to_end(&mut v);
        v
    });
    let mut first = vec![0u8; keep];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here (the reader went away, as `| head -c 10` does).
    let code = child.wait().unwrap().code();
    writer.join().unwrap();
    (code, first, err_reader.join().unwrap())
}

#[test]
fn a_closed_stdout_pipe_ends_quietly_with_exit_0() {
    let input = big_input(3_000_000);
    let (code, first, err) = read_then_close(&[], input.clone(), 10);
    assert_eq!(code, Some(0), "{}", text(&err));
    assert!(err.is_empty(), "{}", text(&err));
    assert_eq!(first, b"Session wi");
    // The same for the batch filters.
    let mut csv = b"id,note\n".to_vec();
    let mut jsonl = Vec::new();
    for n in 0..20_000 {
        csv.extend_from_slice(format!("{n},\"{}\"\n", note(n).trim_end()).as_bytes());
        jsonl.extend_from_slice(format!("{}\n", serde_json::json!({ "id": n, "note": note(n) })).as_bytes());
    }
    let (code, _, err) = read_then_close(&["--format", "csv", "--column", "note"], csv, 10);
    assert_eq!(code, Some(0), "{}", text(&err));
    clean("stderr", &err);
    let (code, _, err) = read_then_close(&["--format", "jsonl", "--field", "note"], jsonl, 10);
    assert_eq!(code, Some(0), "{}", text(&err));
    clean("stderr", &err);
    // As a shell pipeline (`phi-redact big.txt | head -c 10`), SIGPIPE included.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    fs::write(&big, &input).unwrap();
    let script =
        format!("\"$0\" {} 2>{} | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}", s(&big), s(&dir.path().join("err")));
    if let Ok(o) = Command::new("bash").arg("-c").arg(&script).arg(env!("CARGO_BIN_EXE_phi-redact")).output() {
        assert_eq!(text(&o.stdout).trim(), "0", "exit status of phi-redact in the pipeline");
        assert!(fs::read(dir.path().join("err")).unwrap().is_empty());
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_is_an_error_without_the_note() {
    let full = fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let o = bin()
        .arg("--lossy")
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(&big_input(200_000))?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("writing output"), "{}", text(&o.stderr));
    clean("stderr", &o.stderr);
}

// ---- CSV and JSONL ----------------------------------------------------------------------

#[test]
fn bad_csv_rows_are_withheld_and_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = b"id,note\n".to_vec();
    csv.extend_from_slice(format!("1,\"{}\"\n", line(1)).as_bytes());
    csv.extend_from_slice(b"2,\"Mrs. Zqxmarkerovb said \"no\" today\"\n"); // text after a closing quote
    csv.extend_from_slice(b"3,Mrs. Zqxmarkerovc came,and left\n"); // one field too many
    csv.extend_from_slice(b"4,\"Caf\xe9 with Mrs. Zqxmarkerovd\"\n"); // not UTF-8
    csv.extend_from_slice(format!("5,\"{}\"\n", line(5)).as_bytes());
    csv.extend_from_slice(b"6,\"Mrs. Zqxmarkerovf never closed the quote\n");
    let o = run(&["--format", "csv", "--column", "note"], &csv);
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&o.stdout[..])
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 7, "row N out is record N in");
    assert_eq!(rows[2], ["[REDACTION FAILED]"; 2]);
    assert_eq!(rows[3], ["[REDACTION FAILED]"; 2]);
    assert_eq!(rows[4], ["4", "[REDACTION FAILED]"]);
    assert_eq!(rows[6], ["[REDACTION FAILED]"; 2]);
    assert_eq!((rows[1][0].as_str(), rows[5][0].as_str()), ("1", "5"));
    let err = text(&o.stderr);
    for record in ["record 2 (line 3)", "record 3 (line 4)", "record 4 (line 5)", "record 6 (line 7)"] {
        assert!(err.contains(record), "{record}: {err}");
    }
    // The same into a directory, with a report.
    let input = dir.path().join("visits.csv");
    fs::write(&input, &csv).unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("audit.json");
    let o = run(&["--column", "note", "--out", s(&out), "--report", s(&report), s(&input)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    clean("the report", &fs::read(&report).unwrap());
    clean("the output file", &fs::read(out.join("visits.csv")).unwrap());
    assert_eq!(files(&out), ["visits.csv"], "no temporary file left");
    #[cfg(unix)]
    assert_eq!((mode(&out.join("visits.csv")), mode(&report)), (0o600, 0o600));
    // --fail-fast: the file in progress leaves nothing.
    let out2 = dir.path().join("out2");
    let o = run(&["--fail-fast", "--column", "note", "--out", s(&out2), s(&input)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    assert!(files(&out2).is_empty(), "{:?}", files(&out2));
}

#[test]
fn a_broken_csv_header_or_missing_column_leaves_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let header = dir.path().join("header.csv");
    fs::write(&header, format!("id,\"note\n1,\"{}\"\n", note(1).trim_end())).unwrap();
    let column = dir.path().join("column.csv");
    fs::write(&column, format!("id,text\n1,\"{}\"\n", note(2).trim_end())).unwrap();
    for (input, col) in [(&header, "note"), (&column, "note")] {
        let o = run(&["--column", col, "--out", s(&out), s(input)], b"");
        assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
        clean_run(&o);
    }
    assert!(files(&out).is_empty(), "{:?}", files(&out));
}

#[test]
fn bad_jsonl_lines_are_withheld_and_never_quoted() {
    let mut jsonl = Vec::new();
    jsonl.extend_from_slice(format!("{}\n", serde_json::json!({ "note": note(1) })).as_bytes());
    jsonl.extend_from_slice(b"{\"note\": \"Mrs. Zqxmarkerovb \xff\"}\n"); // not UTF-8
    jsonl.extend_from_slice(b"{\"note\": \"Mrs. Zqxmarkerovc\" \"x\"}\n"); // not JSON
    jsonl.extend_from_slice(b"Mrs. Zqxmarkerovd, no JSON at all\n");
    jsonl.extend_from_slice(b"{\"note\": \"Mrs. Zqxmarkerove \\ud800\"}\n"); // lone surrogate
    jsonl.extend_from_slice(format!("{}\n", serde_json::json!({ "note": note(6) })).as_bytes());
    for args in [&["--format", "jsonl", "--field", "note"][..], &["--format", "jsonl"][..]] {
        let o = run(args, &jsonl);
        assert_eq!(o.status.code(), Some(2));
        clean_run(&o);
        let out = text(&o.stdout);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 6);
        for l in &lines[1..5] {
            assert_eq!(*l, r#"{"phi_redact":"[REDACTION FAILED]"}"#);
        }
    }
}

// ---- directories ------------------------------------------------------------------------

#[test]
fn binary_files_in_a_directory_are_skipped_with_a_warning_that_quotes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("notes");
    fs::create_dir_all(input.join("scans")).unwrap();
    fs::write(input.join("a.txt"), note(1)).unwrap();
    fs::write(input.join("scans/page.tif"), [b"II*\0\x08\0\0\0".as_slice(), note(2).as_bytes()].concat()).unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let o = run(&["--out", s(&out), "--report", s(&report), s(&input)], b"");
    assert_eq!(o.status.code(), Some(0), "skipped binaries are not errors: {}", text(&o.stderr));
    clean_run(&o);
    assert!(text(&o.stderr).contains("skipped: binary file"), "{}", text(&o.stderr));
    clean("the report", &fs::read(&report).unwrap());
    assert_eq!(files(&out), ["a.txt"]);
    // A text file that is not UTF-8 beside them: exit 2, no output for it, no temporary file.
    fs::write(input.join("latin1.txt"), [note(3).as_bytes(), b"Mrs. Zqxmarkerovq Mu\xF1oz\n"].concat()).unwrap();
    let o = run(&["--force", "--out", s(&out), "--report", s(&report), s(&input)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    clean("the report", &fs::read(&report).unwrap());
    assert_eq!(files(&out), ["a.txt"]);
}

#[test]
fn a_failed_big_file_in_batch_mode_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = big_input(2_500_000);
    let n = bytes.len();
    bytes[n - 10] = 0xC0;
    let input = dir.path().join("big.txt");
    fs::write(&input, &bytes).unwrap();
    let out = dir.path().join("out");
    let o = run(&["--out", s(&out), s(&input)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    assert!(files(&out).is_empty(), "{:?}", files(&out));
}

// ---- settings files ---------------------------------------------------------------------

#[test]
fn bad_policy_files_are_reported_without_their_values_or_the_note() {
    let dir = tempfile::tempdir().unwrap();
    let note_path = dir.path().join("note.txt");
    fs::write(&note_path, note(1)).unwrap();
    let key = dir.path().join("phi.key");
    fs::write(&key, "Zqxmarkerovkey-0123456789abcdef\n").unwrap();
    let policies = [
        "datez = \"year\"\n",
        "keep_states = \"Mrs. Zqxmarkerova\"\n",
        "code_format = \"Zqxmarkerova\"\n",
        "shift_days = [\"Zqxmarkerova\", 2]\n",
        "dates = 4471190\n",
        "[categories]\nname = false\n",
        "Mrs. Zqxmarkerova was seen = today\n",
    ];
    for (i, policy) in policies.iter().enumerate() {
        let p = dir.path().join(format!("p{i}.toml"));
        fs::write(&p, policy).unwrap();
        let o = run(&["--policy", s(&p), s(&note_path)], b"");
        assert_eq!(o.status.code(), Some(2), "{policy}");
        assert!(o.stdout.is_empty(), "nothing is redacted under a bad policy");
        clean_run(&o);
        assert!(!text(&o.stderr).contains("4471190"), "{}", text(&o.stderr));
        assert!(text(&o.stderr).starts_with("phi-redact: policy: "), "{}", text(&o.stderr));
    }
    // A note or the key file given as the policy.
    for wrong in [&note_path, &key] {
        let o = run(&["--policy", s(wrong), s(&note_path)], b"");
        assert_eq!(o.status.code(), Some(2));
        clean_run(&o);
        assert!(!text(&o.stderr).contains("0123456789abcdef"));
    }
    // The same for review and check.
    let page = dir.path().join("review.html");
    let bad = dir.path().join("p1.toml");
    for args in [vec!["review", "--policy", s(&bad), "-o", s(&page), s(&note_path)], vec!["check", "--policy", s(&bad)]]
    {
        let o = run(&args, note(2).as_bytes());
        assert_eq!(o.status.code(), Some(2));
        clean_run(&o);
    }
    assert!(!page.exists());
}

#[test]
fn the_key_is_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "Zqxmarkerovkey-0123456789abcdef";
    let key = dir.path().join("phi.key");
    fs::write(&key, format!("{secret}\n")).unwrap();
    let short = dir.path().join("short.key");
    fs::write(&short, "Zqxmarkerov\n").unwrap();
    let input = note(1);
    // A good key: the output, a warning about its permissions, the printed policy.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
    }
    let jsonl = format!("{}\n", serde_json::json!({ "note": input }));
    for args in [
        vec!["--key-file", s(&key)],
        vec!["--key-file", s(&key), "--dates", "shift"],
        vec!["--key-file", s(&key), "--print-policy"],
        vec!["--key-file", s(&key), "--emit", "spans"],
        vec!["--key-file", s(&key), "--format", "jsonl"],
    ] {
        let stdin = if args.contains(&"jsonl") { jsonl.as_bytes() } else { input.as_bytes() };
        let o = run(&args, stdin);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        clean_run(&o);
    }
    // Bad keys: too short, missing, a directory. Exit 2, nothing processed.
    for k in [&short, &dir.path().join("missing.key"), &dir.path().to_path_buf()] {
        let o = run(&["--key-file", s(k)], input.as_bytes());
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stdout.is_empty());
        assert!(text(&o.stderr).starts_with("phi-redact: key file: "), "{}", text(&o.stderr));
        clean_run(&o);
    }
}

#[test]
fn bad_deny_and_allow_lists_are_reported_by_line_only() {
    let dir = tempfile::tempdir().unwrap();
    let unknown_kind = dir.path().join("kind.txt");
    fs::write(&unknown_kind, "Zqxmarkerova\nPATIENT\tZqxmarkerovb\n").unwrap();
    let latin1 = dir.path().join("latin1.txt");
    fs::write(&latin1, b"Zqxmarkerova Mu\xF1oz\n").unwrap();
    let missing = dir.path().join("missing.txt");
    for (flag, list, expected) in [
        ("--deny-list", &unknown_kind, "line 2: unknown kind"),
        ("--deny-list", &latin1, "cannot read list"),
        ("--allow-list", &latin1, "cannot read list"),
        ("--deny-list", &missing, "cannot read list"),
    ] {
        let o = run(&[flag, s(list)], note(1).as_bytes());
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stdout.is_empty());
        assert!(text(&o.stderr).contains(expected), "{}", text(&o.stderr));
        clean_run(&o);
    }
}

// ---- review, check, explain, codebook -----------------------------------------------------

#[test]
fn review_and_check_fail_without_quoting_and_files_holding_phi_are_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, note(1)).unwrap();
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, b"Mrs. Zqxmarkerovz \xff\n").unwrap();
    let page = dir.path().join("review.html");
    let o = run(&["review", "-o", s(&page), s(&good), s(&bad)], b"");
    assert_eq!(o.status.code(), Some(2), "one note could not be reviewed");
    clean_run(&o);
    #[cfg(unix)]
    assert_eq!(mode(&page), 0o600);
    // No page at all when none can be processed, or when the page cannot be written.
    let page2 = dir.path().join("none.html");
    let o = run(&["review", "-o", s(&page2), s(&bad)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    assert!(!page2.exists());
    let o = run(&["review", "-o", s(&dir.path().join("no/such/dir.html")), s(&good)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    // check: findings name lines and kinds, never the text (exit 1); bad input exit 2.
    let o = run(&["check", s(&good)], b"");
    assert_eq!(o.status.code(), Some(1));
    clean_run(&o);
    let o = run(&["check", s(&bad)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    let csv = dir.path().join("bad.csv");
    fs::write(&csv, "id,note\n1,\"Mrs. Zqxmarkerova\" x,y\n").unwrap();
    let o = run(&["check", s(&csv)], b"");
    assert_eq!(o.status.code(), Some(2));
    clean_run(&o);
    // --explain=FILE and --codebook hold PHI: owner-only.
    let explain = dir.path().join("explain.txt");
    let book = dir.path().join("codebook.jsonl");
    let o = run(&[&format!("--explain={}", s(&explain)), "--codebook", s(&book), s(&good)], b"");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    clean_run(&o);
    #[cfg(unix)]
    assert_eq!((mode(&explain), mode(&book)), (0o600, 0o600));
}

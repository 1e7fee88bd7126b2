//! Batch mode, run through the real binary on the synthetic archives in `fixtures/batch/`:
//! order, pass-through bytes, same client -> same code, atomic outputs, exit codes, a report
//! free of PHI, and the same bytes for `--jobs 1` and `--jobs 2`.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

mod common;
use common::{bin, run};

fn fixture(rel: &str) -> &'static Path {
    Box::leak(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch").join(rel).into_boxed_path())
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, relative path -> bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(p.strip_prefix(root).unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

/// The names, numbers and dates of the fixtures: none may survive in a redacted column.
const PHI: &[&str] = &[
    "Kowalczyk",
    "Jonathan",
    "Mary",
    "Delgado",
    "Maria",
    "Okafor",
    "Samuel",
    "Grace",
    "201-3344",
    "123-4567",
    "867-5309",
    "Hamilton",
    "Hilltop",
    "Springfield",
    "1979-05-02",
    "1988-11-23",
    "123-45-6789",
    "Whitfield",
    "Lindqvist",
    "Haverford",
    "Tomas",
    "5520917",
];

const VISITS_ARGS: &[&str] = &[
    "--column",
    "note",
    "--pseudonymize-column",
    "client_name=name",
    "--pseudonymize-column",
    "dob=date",
    "--drop-column",
    "ssn",
    "--scope-column",
    "client_id",
];

fn visits_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v: Vec<&str> = VISITS_ARGS.to_vec();
    v.extend_from_slice(extra);
    v
}

#[test]
fn a_directory_tree_is_mirrored_and_each_file_matches_the_plain_filter() {
    let out = tempfile::tempdir().unwrap();
    let input = fixture("tree");
    let before = tree(input);
    let o = run(&["--out", s(out.path()), s(input)], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty() && o.stderr.is_empty(), "{}", stderr(&o));
    let written = tree(out.path());
    assert_eq!(written.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>());
    for (rel, bytes) in &before {
        let plain = run(&[], bytes);
        assert_eq!(written[rel], plain.stdout, "{rel} differs from `phi-redact < {rel}`");
        let text = String::from_utf8_lossy(&written[rel]);
        for gone in PHI {
            assert!(!text.contains(gone), "{gone} survived in {rel}");
        }
    }
    assert!(written["2024/phone-call.txt"].windows(2).any(|w| w == b"\r\n"), "CRLF kept");
    assert_eq!(tree(input), before, "inputs are never modified");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(out.path().join("2023/03/intake-0314.txt")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "outputs are owner-only");
    }
}

#[test]
fn binary_files_in_a_directory_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join("scans")).unwrap();
    fs::write(input.join("note.txt"), "Seen by Dr. Healey on 3/14/2023.\n").unwrap();
    fs::write(input.join("scans/page.tif"), b"II*\0\x08\0\0\0Mr. Smith").unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let o = run(&["--out", s(&out), "--report", s(&report), s(&input)], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning") && err.contains("page.tif") && err.contains("binary"), "{err}");
    assert!(!err.contains("Smith"));
    assert_eq!(tree(&out).keys().collect::<Vec<_>>(), ["note.txt"]);
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["totals"]["files_skipped"], 1);
    // --quiet silences the warning.
    let o = run(&["--quiet", "--force", "--out", s(&out), s(&input)], b"");
    assert!(o.status.success() && o.stderr.is_empty(), "{}", stderr(&o));
}

/// The same among many small notes, which are read in groups ahead of their analysis: the
/// binary file is still found and skipped, and the notes around it are written.
#[test]
fn a_binary_file_among_small_notes_read_in_groups_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    for i in 0..40 {
        fs::write(input.join(format!("note-{i:02}.txt")), format!("Seen by Dr. Healey on 3/{}/2023.\n", i % 28 + 1))
            .unwrap();
    }
    fs::write(input.join("note-20.tif"), b"II*\0\x08\0\0\0Mr. Smith").unwrap();
    let out = dir.path().join("out");
    let o = run(&["--jobs", "1", "--out", s(&out), s(&input)], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("note-20.tif") && err.contains("binary") && !err.contains("Smith"), "{err}");
    let written = tree(&out);
    assert_eq!(written.len(), 40);
    assert!(!written.contains_key("note-20.tif"));
    assert!(written.values().all(|b| !String::from_utf8_lossy(b).contains("Healey")));
}

#[test]
fn csv_keeps_order_and_pass_through_bytes_and_codes_each_client_consistently() {
    let out = tempfile::tempdir().unwrap();
    let input = fixture("visits.csv");
    let o = run(&visits_args(&["--out", s(out.path()), s(input)]), b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let raw_in = fs::read(input).unwrap();
    let raw_out = fs::read(out.path().join("visits.csv")).unwrap();
    let rows_in = csv_rows(&raw_in);
    let rows_out = csv_rows(&raw_out);
    assert_eq!(rows_in.len(), rows_out.len(), "one output row per input row");
    assert_eq!(rows_out[0], ["visit_id", "client_id", "client_name", "dob", "visit_date", "note", "billing_code"]);
    let col = |name: &str| rows_in[0].iter().position(|c| c == name).unwrap();
    let (vid, cid, name, date, code) = (col("visit_id"), col("client_id"), col("client_name"), col("visit_date"), 6);
    for (i, o) in rows_in.iter().zip(&rows_out).skip(1) {
        // Order and pass-through values.
        assert_eq!(o[0], i[vid]);
        assert_eq!(o[1], i[cid]);
        assert_eq!(o[4], i[date]);
        assert_eq!(o[code], i[code]);
        assert!(o[3].starts_with("[DATE 19"), "dob: {}", o[3]);
        assert_ne!(o[2], i[name]);
        for gone in PHI {
            assert!(!o[2].contains(gone) && !o[3].contains(gone) && !o[5].contains(gone), "{gone} in {o:?}");
        }
    }
    // Pass-through cells keep their bytes, quotes included.
    let text = String::from_utf8(raw_out.clone()).unwrap();
    for v in 1..=6 {
        assert!(text.contains(&format!("\"V-000{v}\",C-10")), "quoted visit id {v} kept: {text}");
    }
    // Multi-line cells keep their line structure; the row count of lines may differ, not rows.
    assert!(text.contains("\nDenies SI.\n\nPlan: follow up in 2 weeks.\",90791\n"), "{text}");
    // Same client -> same code, in the structured column and in the notes.
    let mut codes: HashMap<&str, &str> = HashMap::new();
    for o in &rows_out[1..] {
        let c = *codes.entry(o[1].as_str()).or_insert(o[2].as_str());
        assert_eq!(c, o[2], "client {} has one code", o[1]);
    }
    let kowalczyk = codes["C-101"];
    for o in rows_out[1..].iter().filter(|o| o[1] == "C-101") {
        assert!(o[5].contains(kowalczyk), "the note of C-101 uses the client's code {kowalczyk}: {}", o[5]);
    }
    assert!(rows_out[1][5].starts_with(&format!("Mr. {kowalczyk} reports")), "{}", rows_out[1][5]);
}

#[test]
fn csv_filter_on_stdin_matches_file_mode_and_jobs_do_not_change_bytes() {
    let input = fs::read(fixture("visits.csv")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let file_mode = run(&visits_args(&["--out", s(out.path()), s(fixture("visits.csv"))]), b"");
    assert!(file_mode.status.success());
    let expected = fs::read(out.path().join("visits.csv")).unwrap();
    for jobs in ["1", "2"] {
        let o = run(&visits_args(&["--format", "csv", "--jobs", jobs]), &input);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(o.stdout, expected, "--jobs {jobs}");
        assert!(o.stderr.is_empty());
    }
}

#[test]
fn column_options_on_stdin_mean_csv_and_field_options_mean_jsonl() {
    let input = fs::read(fixture("visits.csv")).unwrap();
    let named = run(&visits_args(&["--format", "csv"]), &input);
    assert!(named.status.success(), "{}", stderr(&named));
    // No --format: the column options say it is a CSV (not a text whose columns are ignored).
    let implied = run(&visits_args(&[]), &input);
    assert!(implied.status.success(), "{}", stderr(&implied));
    assert_eq!(implied.stdout, named.stdout);

    let line = b"{\"id\": 7, \"note\": \"Mr. Kowalczyk called on 3/14/2023.\"}\n";
    let jsonl = run(&["--field", "note"], line);
    assert!(jsonl.status.success(), "{}", stderr(&jsonl));
    let out = String::from_utf8(jsonl.stdout).unwrap();
    assert!(out.starts_with("{\"id\": 7, \"note\": \"Mr. ") || out.starts_with("{\"id\":7,\"note\":\"Mr. "), "{out}");
    assert!(!out.contains("Kowalczyk") && out.contains("[DATE 2023]"), "{out}");

    let both = run(&["--column", "note", "--field", "note"], line);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
    assert!(stderr(&both).contains("--format"), "{}", stderr(&both));
}

/// A generated archive big enough for several windows of records, with many clients.
fn generated_csv(rows: usize) -> Vec<u8> {
    let first = ["Jonathan", "Maria", "Samuel", "Grace", "Tomas", "Ann", "Robert", "Priya", "Wei", "Fatima"];
    let last = ["Kowalczyk", "Delgado", "Okafor", "Whitfield", "Lindqvist", "Haverford", "Nakamura", "Osei"];
    let mut s = String::from("visit_id,client_id,client_name,note,code\r\n");
    for i in 0..rows {
        let c = (i * 7919) % 97;
        let (f, l) = (first[c % first.len()], last[(c / 3) % last.len()]);
        let w = first[(i * 31) % first.len()];
        s.push_str(&format!(
            "V{i:05},C{c:02},{f} {l},\"Mr. {l} seen {m}/{d}/2023 with {w}.\r\nHe called (555) {p:03}-{q:04}; {f} said \"\"ok\"\".\",9083{r}\r\n",
            m = i % 12 + 1,
            d = i % 28 + 1,
            p = 100 + i % 900,
            q = i % 10_000,
            r = i % 10
        ));
    }
    s.into_bytes()
}

#[test]
fn generated_csv_and_jsonl_are_identical_for_one_and_two_jobs() {
    let csv_in = generated_csv(700);
    let args = ["--format", "csv", "--column", "note", "--pseudonymize-column", "client_name=name"];
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let mut a = args.to_vec();
        a.extend(["--scope-column", "client_id", "--jobs", jobs]);
        let o = run(&a, &csv_in);
        assert!(o.status.success(), "{}", stderr(&o));
        outputs.push(o.stdout);
    }
    assert_eq!(outputs[0], outputs[1], "CSV output depends on --jobs");
    assert_eq!(csv_rows(&outputs[0]).len(), 701);
    assert!(!String::from_utf8_lossy(&outputs[0]).contains("Kowalczyk"));

    let mut jsonl_in = Vec::new();
    for (i, row) in csv_rows(&csv_in).iter().enumerate().skip(1) {
        let v = serde_json::json!({"n": i, "client": {"id": row[1], "name": row[2]}, "note": {"text": row[3]}});
        jsonl_in.extend_from_slice(v.to_string().as_bytes());
        jsonl_in.push(b'\n');
    }
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let a = ["--format", "jsonl", "--field", "note.text", "--field", "client.name", "--scope-field", "client.id"];
        let mut a = a.to_vec();
        a.extend(["--jobs", jobs]);
        let o = run(&a, &jsonl_in);
        assert!(o.status.success(), "{}", stderr(&o));
        outputs.push(o.stdout);
    }
    assert_eq!(outputs[0], outputs[1], "JSONL output depends on --jobs");
    assert_eq!(outputs[0].iter().filter(|&&b| b == b'\n').count(), 700);
}

#[test]
fn small_notes_read_ahead_in_groups_come_out_as_the_plain_filter_writes_them() {
    // Small text files go through the pipeline a group at a time (read, analyse, then
    // finish each); the bytes must be those of `phi-redact < FILE` for every kind of file a
    // group can hold, with one job or two, next to files that go alone.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join("b")).unwrap();
    let notes = [
        "Client Maria Delgado seen 03/14/2024; mother Grace called from 555-201-3344.\n",
        "Pt Samuel Okafor, DOB 1979-05-02, lives in Springfield. Okafor denies SI.\n",
        "Spoke with Mr. Kowalczyk (son) re: discharge to Hilltop Manor.\r\nFollow-up 4/2.\r\n",
    ];
    for i in 0..70 {
        fs::write(input.join(format!("a{i:02}.txt")), notes[i % notes.len()]).unwrap();
    }
    fs::write(input.join("a05.txt"), "").unwrap();
    fs::write(input.join("a06.txt"), [b"\xEF\xBB\xBF".as_slice(), notes[2].as_bytes()].concat()).unwrap();
    fs::write(input.join("a07.txt"), "no PHI here, just a plan to review sleep hygiene\n").unwrap();
    // more than a group's bytes: read in the usual way, between two groups
    fs::write(input.join("a30.txt"), notes[0].repeat(1_500)).unwrap();
    fs::write(input.join("b/c.txt"), notes[1]).unwrap();
    let outs = [dir.path().join("o1"), dir.path().join("o2")];
    for (out, jobs) in outs.iter().zip(["1", "2"]) {
        let o = run(&["--jobs", jobs, "--out", s(out), s(&input)], b"");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let written = tree(&outs[0]);
    assert_eq!(written, tree(&outs[1]), "--jobs 1 and --jobs 2 differ");
    let inputs = tree(&input);
    assert_eq!(written.len(), inputs.len());
    for (rel, bytes) in &inputs {
        assert_eq!(written[rel], run(&[], bytes).stdout, "{rel} differs from `phi-redact < {rel}`");
    }
    assert!(written["a05.txt"].is_empty());
    assert!(
        written["a06.txt"].starts_with(b"\xEF\xBB\xBF")
            && !String::from_utf8_lossy(&written["a06.txt"]).contains("Kowalczyk")
    );
}

#[test]
fn a_directory_run_is_identical_for_one_and_two_jobs() {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    for (d, jobs) in dirs.iter().zip(["1", "2"]) {
        let mut args = visits_args(&["--field", "note.text", "--field", "client.name", "--jobs", jobs]);
        args.extend(["--out", s(d.path()), s(fixture("tree"))]);
        args.extend([s(fixture("visits.csv")), s(fixture("messages.jsonl"))]);
        let o = run(&args, b"");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(tree(dirs[0].path()), tree(dirs[1].path()));
}

#[test]
fn jsonl_redacts_nested_fields_and_keeps_every_other_byte() {
    let input = fs::read_to_string(fixture("messages.jsonl")).unwrap();
    let o = run(
        &["--format", "jsonl", "--field", "note.text", "--field", "client.name", "--scope-field", "client.id"],
        input.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let output = String::from_utf8(o.stdout).unwrap();
    let lines_in: Vec<&str> = input.split('\n').collect();
    let lines_out: Vec<&str> = output.split('\n').collect();
    assert_eq!(lines_in.len(), lines_out.len(), "one output line per input line");
    assert_eq!(lines_out[2], "", "a blank line stays");
    // Raw pass-through bytes: number formats, escapes, spacing, key order.
    assert!(output.contains(r#""score": 1.50, "sent": "2023-03-14T10:00:00Z"}"#), "{output}");
    assert!(output.contains(r#""score": 2e3"#));
    assert!(output.contains(r#""tags":["confirm","\u00e9t\u00e9"],"score":null"#));
    let mut client_code: HashMap<String, String> = HashMap::new();
    for (a, b) in lines_in.iter().zip(&lines_out).filter(|(a, _)| !a.is_empty()) {
        let va: serde_json::Value = serde_json::from_str(a).unwrap();
        let mut vb: serde_json::Value = serde_json::from_str(b).unwrap();
        assert_eq!(va["id"], vb["id"], "order");
        for gone in PHI {
            assert!(!vb["note"]["text"].to_string().contains(gone), "{gone} in {b}");
            assert!(!vb["client"]["name"].to_string().contains(gone), "{gone} in {b}");
        }
        let id = va["client"]["id"].as_str().unwrap().to_string();
        let code = vb["client"]["name"].as_str().unwrap().to_string();
        assert_eq!(client_code.entry(id).or_insert_with(|| code.clone()), &code, "same client, same code");
        // Everything else is equal as JSON.
        let mut va = va;
        for v in [&mut va, &mut vb] {
            v["note"]["text"] = serde_json::Value::Null;
            v["client"]["name"] = serde_json::Value::Null;
        }
        assert_eq!(va, vb);
    }
    let code = &client_code["C-101"];
    assert!(lines_out[3].contains(&format!("\"text\":\"{code} confirmed.")), "{}", lines_out[3]);
    assert!(lines_out[4].contains("\"text\": [\"") && !lines_out[4].contains("Okafor left"), "array of strings");
}

#[test]
fn a_bad_record_is_reported_replaced_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("audit.json");
    let input = fixture("bad_record.csv");
    let o = run(
        &["--column", "note", "--scope-column", "client_id", "--report", s(&report), "--out", s(&out), s(input)],
        b"",
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("bad_record.csv: record 3 (line 4): expected 4 fields, found 5"), "{err}");
    for gone in ["Whitfield", "bus delay", "EXTRA", "Ann"] {
        assert!(!err.contains(gone), "stderr quotes the record: {err}");
    }
    let written = fs::read_to_string(out.join("bad_record.csv")).unwrap();
    let rows = csv_rows(written.as_bytes());
    assert_eq!(rows.len(), 5, "row count kept: {written}");
    assert_eq!(rows[3], vec!["[REDACTION FAILED]"; 4]);
    assert_eq!(rows[1][0], "1");
    assert_eq!(rows[4][0], "4");
    assert!(rows[4][2].starts_with("Brief check-in with Mr. ") && !rows[4][2].contains("Haverford"));
    assert!(!written.contains("Whitfield") && !written.contains("bus delay"));
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    let f = &r["files"][0];
    assert_eq!(f["status"], "partial");
    assert_eq!((f["records_in"].as_u64(), f["records_out"].as_u64()), (Some(4), Some(4)));
    assert_eq!(f["records_failed"], 1);
    assert_eq!(f["records_match"], true);
    assert_eq!(f["errors"][0]["record"], 3);
    assert_eq!(f["errors"][0]["line"], 4);
}

#[test]
fn fail_fast_stops_at_the_first_error_and_leaves_no_partial_output() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&["--fail-fast", "--column", "note", "--out", s(out.path()), s(fixture("bad_record.csv"))], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("record 3"));
    assert!(tree(out.path()).is_empty(), "no output and no temporary file left: {:?}", tree(out.path()).keys());
}

#[test]
fn invalid_utf8_withholds_the_cells_or_line_and_the_rest_goes_on() {
    let csv_in = b"id,note\n1,\"Seen with Mr. Haverford.\"\n2,\"Caf\xE9 with Mr. Lindqvist\"\n3,ok\n".to_vec();
    let o = run(&["--format", "csv", "--column", "note"], &csv_in);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("record 2 (line 3): field 2 is not valid UTF-8"), "{}", stderr(&o));
    let rows = csv_rows(&o.stdout);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[2], ["2", "[REDACTION FAILED]"], "pass-through kept, text withheld");
    assert_eq!(rows[3], ["3", "ok"]);
    // --lossy replaces the bytes and redacts.
    let o = run(&["--format", "csv", "--column", "note", "--lossy"], &csv_in);
    assert!(o.status.success());
    assert!(!String::from_utf8_lossy(&o.stdout).contains("Lindqvist"));

    let jsonl = b"{\"note\": \"Mr. Haverford called.\"}\n{\"note\": \"Caf\xE9 Lindqvist\"}\nnot json, Mr. Osei\n";
    let o = run(&["--format", "jsonl", "--field", "note"], jsonl);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1], r#"{"phi_redact":"[REDACTION FAILED]"}"#);
    assert_eq!(lines[2], r#"{"phi_redact":"[REDACTION FAILED]"}"#);
    let err = stderr(&o);
    assert!(err.contains("record 3 (line 3): not valid JSON"), "{err}");
    assert!(!err.contains("Osei") && !err.contains("Lindqvist"));
}

#[test]
fn many_files_are_committed_in_groups_and_every_one_lands_with_its_report() {
    // More files than one commit group (64), one of them failing at commit (its output
    // exists), one failing before it (not UTF-8): every other output is complete and
    // renamed, nothing temporary is left, and the report lists every file in input order.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let names: Vec<String> = (0..150).map(|i| format!("n{i:03}.txt")).collect();
    for (i, n) in names.iter().enumerate() {
        fs::write(input.join(n), format!("Note {i}. Seen by Dr. Healey on 03/{:02}/2024.\n", i % 28 + 1)).unwrap();
    }
    fs::write(input.join("n070.txt"), b"Latin-1: Mu\xF1oz\n").unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("n100.txt"), "keep me\n").unwrap();
    let report = dir.path().join("report.json");
    let o = run(&["--jobs", "2", "--report", s(&report), "--out", s(&out), s(&input)], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let written = tree(&out);
    assert_eq!(written.len(), 149, "every file but the one not UTF-8, and no temporary file");
    for (i, n) in names.iter().enumerate() {
        match i {
            70 => assert!(!written.contains_key(n)),
            100 => assert_eq!(written[n], b"keep me\n"),
            _ => {
                let plain = run(&[], &fs::read(input.join(n)).unwrap());
                assert_eq!(written[n], plain.stdout, "{n}");
            }
        }
    }
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let files = r["files"].as_array().unwrap();
    let listed: Vec<&str> = files.iter().map(|f| f["input"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), 150);
    assert!(listed.windows(2).all(|w| w[0] < w[1]), "input order");
    let failed: Vec<&str> =
        files.iter().filter(|f| f["status"] != "ok").map(|f| f["input"].as_str().unwrap()).collect();
    assert_eq!(failed.len(), 2);
    assert!(failed[0].ends_with("n070.txt") && failed[1].ends_with("n100.txt"), "{failed:?}");
    assert!(files[100]["output"].is_null(), "a file that was not written names no output");
}

#[test]
fn existing_outputs_are_kept_unless_force_and_failed_files_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.txt"), "Seen by Dr. Healey.\n").unwrap();
    fs::write(input.join("b.txt"), b"Latin-1 note: Mr. Mu\xF1oz.\n").unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("a.txt"), "keep me\n").unwrap();
    let o = run(&["--out", s(&out), s(&input)], b"");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("exists (use --force"), "{err}");
    assert!(err.contains("b.txt: input is not valid UTF-8 at byte offset 20"), "{err}");
    assert!(!err.contains("Mu"));
    assert_eq!(tree(&out).keys().collect::<Vec<_>>(), ["a.txt"], "no output and no temporary file for b.txt");
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "keep me\n");
    let o = run(&["--force", "--out", s(&out), s(&input.join("a.txt"))], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read_to_string(out.join("a.txt")).unwrap().starts_with("Seen by Dr. "));
    // A missing input is reported; the others are still written.
    let o = run(&["--force", "--out", s(&out), s(&dir.path().join("missing.txt")), s(&input.join("a.txt"))], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.txt: opening input"), "{}", stderr(&o));
}

#[test]
fn the_report_has_versions_counts_and_no_phi() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let mut args = visits_args(&["--field", "note.text", "--field", "client.name", "--report", s(&report)]);
    args.extend(["--out", s(&out), s(fixture("visits.csv")), s(fixture("messages.jsonl")), s(fixture("tree"))]);
    let o = run(&args, b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&report).unwrap();
    let r: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(r["tool"], "phi-redact");
    assert_eq!(r["version"], env!("CARGO_PKG_VERSION"));
    assert!(r["policy_digest"].as_str().unwrap().starts_with("sha256:"));
    assert!(r["started"].as_str().unwrap().ends_with('Z') && r["finished"].as_str().unwrap().ends_with('Z'));
    assert_eq!(r["totals"]["files"], 5);
    assert_eq!(r["totals"]["files_ok"], 5);
    assert_eq!(r["totals"]["records_in"], 10);
    assert_eq!(r["totals"]["records_out"], 10);
    assert!(r["totals"]["counts"]["by_kind"]["NAME"].as_u64().unwrap() > 10);
    assert!(r["totals"]["counts"]["by_detector"]["column"].as_u64().unwrap() >= 12);
    let csv = r["files"].as_array().unwrap().iter().find(|f| f["format"] == "csv").unwrap();
    assert_eq!(csv["records_match"], true);
    assert!(csv["output"].as_str().unwrap().ends_with("visits.csv"));
    for gone in PHI {
        assert!(!text.contains(gone), "{gone} in the report");
    }
    // No code appears in the report either.
    let outputs: String = tree(&out).values().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    let codes: Vec<String> = outputs
        .as_bytes()
        .windows(4)
        .filter(|w| w[0].is_ascii_uppercase() && w[1] == b'.' && w[2].is_ascii_uppercase() && w[3] == b'.')
        .map(|w| String::from_utf8(w.to_vec()).unwrap())
        .collect();
    assert!(!codes.is_empty());
    for c in codes {
        assert!(!text.contains(&c), "code {c} in the report");
    }
    // The same settings give the same digest.
    let report2 = dir.path().join("report2.json");
    let out2 = dir.path().join("out2");
    let mut args = visits_args(&["--field", "note.text", "--field", "client.name", "--report", s(&report2)]);
    args.extend(["--out", s(&out2), s(fixture("visits.csv")), s(fixture("messages.jsonl")), s(fixture("tree"))]);
    let o = run(&args, b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let r2: serde_json::Value = serde_json::from_slice(&fs::read(&report2).unwrap()).unwrap();
    assert_eq!(r["policy_digest"], r2["policy_digest"]);
}

/// Starts the binary as a filter with `args`, and returns its standard input, the lines
/// of its standard output as they come, and the child.
fn filter(args: &[&str]) -> (std::process::ChildStdin, mpsc::Receiver<String>, std::process::Child) {
    let mut child =
        bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    (stdin, rx, child)
}

/// Writes three records to a filter, one at a time (`record(i, name)`; `head` before the
/// first), and checks each is answered, de-identified (`answered(i)` starts the answer),
/// before the next is written. `head`, if given, must come back first.
fn answers_each_record(
    args: &[&str],
    head: Option<&str>,
    record: impl Fn(usize, &str) -> String,
    answered: impl Fn(usize) -> String,
) {
    let (mut stdin, rx, mut child) = filter(args);
    let wait = || rx.recv_timeout(Duration::from_secs(20)).expect("an answer before the next request");
    if let Some(h) = head {
        writeln!(stdin, "{h}").unwrap();
    }
    for (i, name) in ["Haverford", "Lindqvist", "Nakamura"].iter().enumerate() {
        writeln!(stdin, "{}", record(i, name)).unwrap();
        stdin.flush().unwrap();
        if let (0, Some(h)) = (i, head) {
            assert_eq!(wait(), h);
        }
        let answer = wait();
        assert!(answer.starts_with(&answered(i)), "{answer}");
        assert!(!answer.contains(name) && answer.contains("[DATE 2023]"), "{answer}");
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn the_jsonl_filter_answers_each_record_before_the_next_arrives() {
    answers_each_record(
        &["--format", "jsonl", "--field", "note"],
        None,
        |i, name| format!("{{\"n\": {i}, \"note\": \"Mr. {name} called on 3/14/2023.\"}}"),
        |i| format!("{{\"n\": {i}, \"note\": \"Mr. "),
    );
}

/// The same for CSV (the header comes back with the first record's answer).
#[test]
fn the_csv_filter_answers_each_record_before_the_next_arrives() {
    answers_each_record(
        &["--format", "csv", "--column", "note"],
        Some("n,note"),
        |i, name| format!("{i},Mr. {name} called on 3/14/2023."),
        |i| format!("{i},Mr. "),
    );
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let visits = fixture("visits.csv");
    for (args, expected) in [
        (vec!["--format", "csv", "--column", "nope"], "no column named \"nope\""),
        (vec!["--format", "csv", "--pseudonymize-column", "dob=birthday"], "unknown kind"),
        (vec!["--format", "csv", "--column", "note", "--drop-column", "note"], "named by both"),
        (vec!["--format", "csv", "--delimiter", "ab"], "--delimiter"),
    ] {
        let o = run(&args, &fs::read(visits).unwrap());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
    }
    // A JSONL field path that reaches nothing in a whole file is most likely misspelt: an error.
    let o = run(&["--format", "jsonl", "--field", "note.txt"], &fs::read(fixture("messages.jsonl")).unwrap());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("<stdin>: --field \"note.txt\" matched no string"), "{}", stderr(&o));
    let o = run(&[s(fixture("tree"))], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a directory: give --out DIR"));
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    fs::write(&a, "x\n").unwrap();
    let o = run(&["--force", "--out", s(dir.path()), s(&a)], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is an input file"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&a).unwrap(), "x\n");
    // A folder written onto itself, directly or through a symbolic link to it.
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("b.txt"), "y\n").unwrap();
    let mut outs = vec![dir.path().to_path_buf()];
    let links = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        let link = links.path().join("link");
        std::os::unix::fs::symlink(dir.path(), &link).unwrap();
        outs.push(link);
    }
    for out in &outs {
        let o = run(&["--force", "--out", s(out), s(dir.path())], b"");
        assert_eq!(o.status.code(), Some(2), "{out:?}");
        assert!(stderr(&o).contains("is an input file"), "{}", stderr(&o));
        assert_eq!(fs::read_to_string(sub.join("b.txt")).unwrap(), "y\n");
    }
}

#[test]
fn semicolon_csv_with_bom_and_crlf_round_trips() {
    let input = "\u{FEFF}\"id\";note;kept\r\n1;\"Mr. Haverford; seen 3/14/2023\";\"a;b\"\r\n2;plain;x\r\n";
    let o = run(&["--format", "csv", "--delimiter", ";", "--column", "note"], input.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("\u{FEFF}\"id\";note;kept\r\n1;\"Mr. "), "{out}");
    assert!(out.ends_with("[DATE 2023]\";\"a;b\"\r\n2;plain;x\r\n"), "{out}");
    assert!(!out.contains("Haverford"));
}

#[test]
fn keyed_codes_match_the_plain_command_and_link_a_client_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("phi.key");
    fs::write(&key, "0123456789abcdef0123456789abcdef\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let note = fixture("tree/2023/03/intake-0314.txt");
    let plain = run(&["--key-file", s(&key), s(note)], b"");
    assert!(plain.status.success(), "{}", stderr(&plain));
    let out = dir.path().join("out");
    let o = run(&["--key-file", s(&key), "--out", s(&out), s(note)], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read(out.join("intake-0314.txt")).unwrap(), plain.stdout, "same scope id, same keyed codes");

    // Two exports of one practice: with a key, client C-101 has one code in both files.
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    fs::write(&a, "client_id,client_name,note\nC-101,Jonathan Kowalczyk,Mr. Kowalczyk called.\n").unwrap();
    fs::write(&b, "client_id,client_name,note\nC-207,Ann Whitfield,Seen.\nC-101,Jonathan Kowalczyk,Kowalczyk late.\n")
        .unwrap();
    let args = ["--column", "note", "--pseudonymize-column", "client_name=name", "--scope-column", "client_id"];
    let mut a_args = args.to_vec();
    a_args.extend(["--key-file", s(&key), "--out", s(&out), s(&a), s(&b)]);
    let o = run(&a_args, b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let ra = csv_rows(&fs::read(out.join("a.csv")).unwrap());
    let rb = csv_rows(&fs::read(out.join("b.csv")).unwrap());
    assert_eq!(ra[1][1], rb[2][1], "one client, one keyed code across files");
    assert!(ra[1][2].starts_with(&format!("Mr. {} called", ra[1][1])), "{:?}", ra[1]);
    assert_ne!(rb[1][1], rb[2][1]);
}

#[test]
fn run_scope_is_sequential_in_input_order_and_writes_a_codebook() {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let mut books = Vec::new();
    for (d, jobs) in dirs.iter().zip(["1", "2"]) {
        let book = d.path().join("codebook.jsonl");
        let out = d.path().join("out");
        let o =
            run(&["--scope", "run", "--jobs", jobs, "--codebook", s(&book), "--out", s(&out), s(fixture("tree"))], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        books.push(fs::read(&book).unwrap());
    }
    assert_eq!(tree(&dirs[0].path().join("out")), tree(&dirs[1].path().join("out")));
    assert_eq!(books[0], books[1]);
    let book = String::from_utf8(books.swap_remove(0)).unwrap();
    assert!(book.contains("Kowalczyk") && book.contains("Okafor"), "the codebook holds the names: {book}");
}

#[test]
fn a_closed_output_pipe_ends_the_run_with_exit_0() {
    let input = generated_csv(1500);
    let mut child = bin()
        .args(["--format", "csv", "--column", "note"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("visit_id,"));
    // The reader goes away (as `| head -1` does).
    assert_eq!(child.wait().unwrap().code(), Some(0));
    writer.join().unwrap();
}

/// A cell or JSON value over 1 MiB is redacted piece by piece, as a stream of the same text
/// would be (bounded memory; benches/run.sh shows the RSS): its bytes equal the text filter's
/// output for that text, and every name in it is gone, at the start, across the piece
/// boundaries and at the end.
#[test]
fn a_huge_cell_is_redacted_like_a_stream_of_its_text() {
    let line = "Mr. Jonathan Kowalczyk called 555-867-5309 on 3/14/2023; mood improved, sleep better.\n";
    let mut note = String::from("Grace Okafor opened. ");
    while note.len() < 3 << 20 {
        note.push_str(line);
    }
    // (after the first piece: a place the re-check finds once "May" is a date)
    note.push_str("Seen in May Wa today.\nClosed by Dr. Whitfield.");
    let text_out = run(&[], note.as_bytes());
    assert!(text_out.status.success());
    let text_out = String::from_utf8(text_out.stdout).unwrap();
    for gone in ["Grace", "Okafor", "Kowalczyk", "5309", "3/14", "Whitfield"] {
        assert!(!text_out.contains(gone), "{gone} survived");
    }
    let quoted = format!("\"{}\"", note.replace('"', "\"\""));
    let csv = format!("id,note\n1,{quoted}\n");
    let out = run(&["--format", "csv", "--column", "note"], csv.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows.len(), 2);
    assert!(rows[1][1] == text_out, "the cell differs from the stream output");
    let json = format!("{{\"id\": 1, \"note\": {}}}\n", serde_json::to_string(&note).unwrap());
    let out = run(&["--format", "jsonl", "--field", "note"], json.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["note"].as_str() == Some(text_out.as_str()), "the JSON value differs from the stream output");
}

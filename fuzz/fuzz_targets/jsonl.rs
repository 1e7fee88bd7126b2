//! Any bytes as JSONL: the line reader accounts for every byte; every string of a valid
//! JSON line is redacted (bytes outside its spans kept) and spliced back, and the line is
//! still valid JSON with the same structure; batch mode writes one line per input line,
//! each valid JSON or the failure marker.

#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_redact::batch::Format;
use phi_redact::read::jsonl::{scope_key, select, validate, LineReader, RawLine};
use phi_redact::write::jsonl::{encode_str, splice, FAILED_LINE};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut reader = LineReader::new(data);
    let mut line = RawLine::default();
    let (mut total, mut lines) = (0usize, 0usize);
    while reader.read_line(&mut line).expect("reading a slice cannot fail") {
        total += line.bytes.len() + line.terminator.len();
        lines += 1;
        let Ok(text) = std::str::from_utf8(&line.bytes) else { continue };
        let Ok(raw) = validate(text) else { continue };
        let _ = scope_key(raw, &["a".to_string(), "b".to_string()]);
        let mut ranges = Vec::new();
        select(text, raw, &[], &mut ranges);
        let mut edits = Vec::new();
        for r in ranges {
            let value: String = serde_json::from_str(&text[r.clone()]).expect("a selected range is a JSON string");
            let mut enc = Vec::new();
            encode_str(&mut enc, &common::redact_checked(&value));
            edits.push((r, enc));
        }
        let mut out = Vec::new();
        splice(&mut out, text.as_bytes(), &edits);
        assert!(validate(std::str::from_utf8(&out).unwrap()).is_ok(), "a spliced line is valid JSON");
        // (Numbers out of f64's range are valid JSON that `Value` refuses: no shape then.)
        if let Ok(before) = serde_json::from_str::<serde_json::Value>(text) {
            let after: serde_json::Value = serde_json::from_slice(&out).expect("a spliced line parses as before");
            assert_eq!(shape(&before), shape(&after), "splicing keeps the structure");
        }
    }
    assert_eq!(total, data.len(), "every byte is accounted for");
    let (out, report) = common::batch(data, Format::Jsonl);
    assert_eq!(report.records_in, report.records_out);
    let mut reader = LineReader::new(&out[..]);
    let mut n = 0;
    while reader.read_line(&mut line).unwrap() {
        n += 1;
        let ok = line.is_blank()
            || line.bytes == FAILED_LINE.as_bytes()
            || std::str::from_utf8(&line.bytes).is_ok_and(|t| validate(t).is_ok());
        assert!(ok, "output line {n} is JSON or the failure marker");
    }
    assert_eq!(n, lines, "one output line per input line");
});

/// The structure of a JSON value, strings left out.
fn shape(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(_) => "s".into(),
        serde_json::Value::Array(a) => format!("[{}]", a.iter().map(shape).collect::<Vec<_>>().join(",")),
        serde_json::Value::Object(o) => {
            format!("{{{}}}", o.iter().map(|(k, v)| format!("{k:?}:{}", shape(v))).collect::<Vec<_>>().join(","))
        }
        other => other.to_string(),
    }
}

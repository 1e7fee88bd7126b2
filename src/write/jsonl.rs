//! Writing JSONL records back: a redacted line is the input line with the byte ranges of the
//! de-identified string values replaced, so every other byte (key order, spacing, number
//! formatting, escapes) is kept. A replaced string is re-encoded with JSON's minimal escaping.

use std::ops::Range;

/// The line written for a record that could not be read as JSON (or not as UTF-8): one
/// object with one fixed field, so the output keeps one line per input line.
pub const FAILED_LINE: &str = "{\"phi_redact\":\"[REDACTION FAILED]\"}";

/// Appends `s` as a JSON string literal.
pub fn encode_str(out: &mut Vec<u8>, s: &str) {
    // Serialising a &str to JSON cannot fail.
    serde_json::to_writer(&mut *out, s).expect("a string serialises");
}

/// Appends `line` to `out` with each range of `edits` (sorted, disjoint) replaced by its bytes.
pub fn splice(out: &mut Vec<u8>, line: &[u8], edits: &[(Range<usize>, Vec<u8>)]) {
    let mut pos = 0;
    for (range, bytes) in edits {
        out.extend_from_slice(&line[pos..range.start]);
        out.extend_from_slice(bytes);
        pos = range.end;
    }
    out.extend_from_slice(&line[pos..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_and_encodes() {
        let line = br#"{"a": "x", "n": 1.50}"#;
        let mut rep = Vec::new();
        encode_str(&mut rep, "K.R. \"said\"");
        let mut out = Vec::new();
        splice(&mut out, line, &[(6..9, rep)]);
        assert_eq!(out, br#"{"a": "K.R. \"said\"", "n": 1.50}"#);
    }
}

//! Any bytes as CSV: the reader accounts for every byte (BOM + records = input; a record's
//! raw bytes are its fields joined by the delimiter); each UTF-8 field is redacted with
//! every byte outside its spans kept, and a row rewritten with the redacted values splits
//! into the same fields again; batch mode writes one output record per input record. The
//! first byte chooses the delimiter.

#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_redact::batch::Format;
use phi_redact::read::csv::{CsvReader, RawRecord};
use phi_redact::write::csv::write_field;
use phi_redact::write::FAILED;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let delim = match data.first().map(|b| b % 3) {
        Some(1) => b';',
        Some(2) => b'\t',
        _ => b',',
    };
    let mut reader = CsvReader::new(data, delim);
    let mut rec = RawRecord::default();
    let mut total = 0usize;
    while reader.read_record(&mut rec).expect("reading a slice cannot fail") {
        total += if rec.bom { 3 } else { 0 } + rec.input_len();
        if rec.fields.is_empty() {
            continue;
        }
        let joined = (0..rec.fields.len()).map(|i| rec.raw_field(i)).collect::<Vec<_>>().join(&delim);
        assert_eq!(joined, rec.raw, "fields and delimiters are the record");
        if rec.fault.is_some() || rec.is_blank() {
            continue;
        }
        // Rewrite the row as batch mode does (after a first cell, so no value can pass for
        // a byte-order mark) and split it again.
        let mut row = b"x".to_vec();
        let mut values = Vec::new();
        for i in 0..rec.fields.len() {
            row.push(delim);
            let v = rec.value(i);
            let new = match std::str::from_utf8(&v) {
                Ok(t) => common::redact_checked(t).into_bytes(),
                Err(_) => FAILED.as_bytes().to_vec(),
            };
            write_field(&mut row, &new, rec.fields[i].quoted, delim);
            values.push(new);
        }
        let mut again = CsvReader::new(&row[..], delim);
        let mut back = RawRecord::default();
        assert!(again.read_record(&mut back).unwrap());
        assert!(back.fault.is_none(), "a rewritten row is well formed");
        assert_eq!(back.fields.len(), values.len() + 1);
        for (i, v) in values.iter().enumerate() {
            assert_eq!(&back.value(i + 1), v, "a rewritten cell reads back as written");
        }
    }
    assert_eq!(total, data.len(), "every byte is accounted for");
    let (_, report) = common::batch(data, Format::Csv);
    assert_eq!(report.records_in, report.records_out, "one output record per input record");
});

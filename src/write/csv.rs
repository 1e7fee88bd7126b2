//! Writing CSV cells back: only the cells batch mode rewrites go through here; every other
//! cell is copied from the input byte for byte (see `src/read/csv.rs`).

/// Appends `value` as one CSV field: quoted if `quote` (the input cell was quoted) or if
/// the value holds the delimiter, a quote or a line break; inner quotes are doubled.
pub fn write_field(out: &mut Vec<u8>, value: &[u8], quote: bool, delimiter: u8) {
    let needs = quote || value.iter().any(|&b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if !needs {
        out.extend_from_slice(value);
        return;
    }
    out.push(b'"');
    for &b in value {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed_or_asked() {
        let mut v = Vec::new();
        write_field(&mut v, b"K.R. was seen", false, b',');
        v.push(b'|');
        write_field(&mut v, b"a \"b\", c", false, b',');
        v.push(b'|');
        write_field(&mut v, b"plain", true, b',');
        v.push(b'|');
        write_field(&mut v, b"x;y", false, b';');
        assert_eq!(v, b"K.R. was seen|\"a \"\"b\"\", c\"|\"plain\"|\"x;y\"");
    }
}

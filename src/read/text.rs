//! Plain-text reader: splits a byte stream into chunks of whole lines of about
//! [`CHUNK_TARGET`] bytes, so memory stays bounded on input of any size. A line longer
//! than that is cut at its last space or tab (or, failing that, at a character boundary).
//! Bytes are passed through untouched: CRLF, BOM and invalid UTF-8 are the caller's to judge.

use std::io::{self, BufRead};

/// Preferred chunk size in bytes.
pub const CHUNK_TARGET: usize = 1 << 20;

/// Yields chunks of a byte stream, each ending at a line break where possible.
pub struct ChunkReader<R> {
    inner: R,
    target: usize,
    carry: Vec<u8>,
}

impl<R: BufRead> ChunkReader<R> {
    /// A reader with the default chunk size.
    pub fn new(inner: R) -> ChunkReader<R> {
        ChunkReader::with_target(inner, CHUNK_TARGET)
    }

    /// A reader with a chosen chunk size (at least 64 bytes).
    pub fn with_target(inner: R, target: usize) -> ChunkReader<R> {
        ChunkReader { inner, target: target.max(64), carry: Vec::new() }
    }

    /// Fills `buf` (cleared first) with the next chunk. Returns `false` at end of input.
    pub fn next_chunk(&mut self, buf: &mut Vec<u8>) -> io::Result<bool> {
        buf.clear();
        buf.append(&mut self.carry);
        loop {
            if buf.len() >= self.target {
                let cut = cut_point(buf, self.target);
                self.carry.extend_from_slice(&buf[cut..]);
                buf.truncate(cut);
                return Ok(true);
            }
            let avail = match self.inner.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok(!buf.is_empty());
            }
            let take = avail.len().min(self.target - buf.len());
            buf.extend_from_slice(&avail[..take]);
            self.inner.consume(take);
        }
    }
}

/// The pieces of `text` a stream of it would be cut into: about `target` bytes each, ending
/// after a line break where there is one (see [`ChunkReader`]).
pub fn pieces(text: &str, target: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = if rest.len() <= target { rest.len() } else { cut_point(rest.as_bytes(), target) };
        // cut_point ends at a line break, a space or a character boundary
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

/// Where to end a chunk of `buf` (which holds at least `target` bytes): after the last line
/// break, else after the last space or tab, else at the last UTF-8 character boundary.
fn cut_point(buf: &[u8], target: usize) -> usize {
    let window = &buf[..target.min(buf.len())];
    if let Some(i) = memchr::memrchr(b'\n', window) {
        return i + 1;
    }
    if let Some(i) = memchr::memrchr2(b' ', b'\t', window) {
        if i > 0 {
            return i + 1;
        }
    }
    let mut i = window.len();
    while i > 1 && i < buf.len() && (buf[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(input: &[u8], target: usize) -> Vec<Vec<u8>> {
        let mut r = ChunkReader::with_target(input, target);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while r.next_chunk(&mut buf).unwrap() {
            out.push(buf.clone());
        }
        out
    }

    #[test]
    fn chunks_end_at_line_breaks_and_lose_nothing() {
        let input: Vec<u8> = (0..200).flat_map(|i| format!("line {i} of the note\r\n").into_bytes()).collect();
        let parts = chunks(&input, 100);
        assert!(parts.len() > 10);
        assert!(parts[..parts.len() - 1].iter().all(|p| p.ends_with(b"\n") && p.len() <= 100));
        assert_eq!(parts.concat(), input);
    }

    #[test]
    fn long_lines_are_cut_at_spaces_or_char_boundaries() {
        let input = "word ".repeat(100).into_bytes();
        let parts = chunks(&input, 64);
        assert!(parts.iter().all(|p| p.len() <= 64));
        assert_eq!(parts.concat(), input);
        let input = "é".repeat(200).into_bytes();
        let parts = chunks(&input, 64);
        assert!(parts.iter().all(|p| std::str::from_utf8(p).is_ok()));
        assert_eq!(parts.concat(), input);
    }

    #[test]
    fn pieces_are_the_chunks_of_a_stream() {
        let text = "ab cd\nef gh ij\nklmnopqrstuvwxyz é é é\n".repeat(20);
        let pieces: Vec<&str> = pieces(&text, 64).collect();
        let streamed: Vec<Vec<u8>> = chunks(text.as_bytes(), 64);
        assert_eq!(pieces.concat(), text);
        assert_eq!(pieces.iter().map(|p| p.as_bytes().to_vec()).collect::<Vec<_>>(), streamed);
    }

    #[test]
    fn empty_input_has_no_chunk() {
        assert!(chunks(b"", 64).is_empty());
    }
}

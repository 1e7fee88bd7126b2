//! A small set of lower-case words that detectors test tokens against ("county",
//! "syndrome"), without allocating and mostly without comparing a string.

/// A set of lower-case words, matched as `eq_ignore_ascii_case` matches them (ASCII letters
/// in any case, other bytes exactly) without allocation: a first-letter x length bit mask
/// rejects most words before a binary search.
pub struct WordSet {
    words: Vec<&'static str>,
    /// Bit `len` of `first[letter]` / `last[letter]`: some word of that length starts /
    /// ends with that letter.
    first: [u32; 27],
    last: [u32; 27],
}

impl WordSet {
    /// The words of `lists` (no ASCII capitals).
    pub fn new(lists: &[&[&'static str]]) -> WordSet {
        let mut words: Vec<&'static str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
        debug_assert!(words.iter().all(|w| !w.bytes().any(|b| b.is_ascii_uppercase())));
        words.sort_unstable();
        words.dedup();
        let (mut first, mut last) = ([0u32; 27], [0u32; 27]);
        for w in &words {
            if let (Some(&a), Some(&z)) = (w.as_bytes().first(), w.as_bytes().last()) {
                if w.len() < 32 {
                    first[Self::slot(a)] |= 1 << w.len();
                    last[Self::slot(z)] |= 1 << w.len();
                }
            }
        }
        WordSet { words, first, last }
    }

    fn slot(b: u8) -> usize {
        usize::from(SLOT[usize::from(b)])
    }

    /// True if `w` (any case) is in the set.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        // (inlined: nearly every word is turned away by the masks, at the cost of two loads)
        let b = w.as_bytes();
        let (Some(&a), Some(&z)) = (b.first(), b.last()) else { return false };
        if b.len() >= 32
            || self.first[Self::slot(a)] & (1 << b.len()) == 0
            || self.last[Self::slot(z)] & (1 << b.len()) == 0
        {
            return false;
        }
        self.search(b)
    }

    /// The binary search of [`WordSet::contains`], for a word of fewer than 32 bytes, on
    /// the word in lower case.
    fn search(&self, b: &[u8]) -> bool {
        let mut lower = [0u8; 32];
        let lower = &mut lower[..b.len()];
        lower.copy_from_slice(b);
        lower.make_ascii_lowercase();
        self.words.binary_search_by(|x| x.as_bytes().cmp(lower)).is_ok()
    }
}

/// [`WordSet`]'s slot of each byte: 0-25 for an ASCII letter of either case, 26 otherwise.
static SLOT: [u8; 256] = {
    let mut t = [26u8; 256];
    let mut c = 0;
    while c < 26 {
        t[b'a' as usize + c] = c as u8;
        t[b'A' as usize + c] = c as u8;
        c += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    /// A set answers what a scan with `eq_ignore_ascii_case` answers, for words of any case,
    /// with non-ASCII letters, and for near misses.
    #[test]
    fn a_set_answers_what_a_scan_answers() {
        const LIST: &[&str] = &["van", "der", "ní", "ó", "st", "disease's", "la", "le"];
        let set = WordSet::new(&[LIST]);
        let pieces = ["v", "V", "a", "n", "N", "d", "e", "r", "í", "Í", "ó", "Ó", "s", "S", "t", "'", "l", "L"];
        let mut rng = crate::testing::Xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..20_000 {
            let count = rng.0 % 4 + 1;
            let w = rng.text(&pieces, count);
            rng.0 = rng.0.wrapping_add(1);
            assert_eq!(set.contains(&w), LIST.iter().any(|x| w.eq_ignore_ascii_case(x)), "{w:?}");
        }
        for w in ["VAN", "Der", "Ní", "ó", "DISEASE'S", "St"] {
            assert!(set.contains(w), "{w}");
        }
    }
}

//! A small set of lower-case ASCII words that detectors test tokens against ("county",
//! "syndrome"), without allocating and mostly without comparing a string.

/// A set of lower-case ASCII words, matched case-insensitively without allocation: a
/// first-letter x length bit mask rejects most words before a binary search.
pub struct WordSet {
    words: Vec<&'static str>,
    /// Bit `len` of `first[letter]` / `last[letter]`: some word of that length starts /
    /// ends with that letter.
    first: [u32; 27],
    last: [u32; 27],
}

impl WordSet {
    /// The words of `lists` (lower-case ASCII).
    pub fn new(lists: &[&[&'static str]]) -> WordSet {
        let mut words: Vec<&'static str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
        debug_assert!(words.iter().all(|w| !w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii())));
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
        if b.is_ascii_alphabetic() {
            usize::from(b.to_ascii_lowercase() - b'a')
        } else {
            26
        }
    }

    /// True if `w` (ASCII, any case) is in the set.
    pub fn contains(&self, w: &str) -> bool {
        let b = w.as_bytes();
        let (Some(&a), Some(&z)) = (b.first(), b.last()) else { return false };
        if b.len() >= 32
            || self.first[Self::slot(a)] & (1 << b.len()) == 0
            || self.last[Self::slot(z)] & (1 << b.len()) == 0
        {
            return false;
        }
        self.words.binary_search_by(|x| x.bytes().cmp(b.iter().map(u8::to_ascii_lowercase))).is_ok()
    }
}

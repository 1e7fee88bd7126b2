//! Helpers shared by the unit tests (compiled for tests only).

/// A xorshift64 generator: deterministic random test input without a dependency.
pub struct Xorshift(pub u64);

impl Xorshift {
    /// The next value (the state after one step).
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value drawn below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `count` pieces drawn at random from `pieces`, concatenated.
    pub fn text(&mut self, pieces: &[&str], count: u64) -> String {
        (0..count).map(|_| pieces[self.below(pieces.len())]).collect()
    }
}

//! Dictionary stage: one look-up answers every list a word or phrase is in.
//!
//! The public lists in `dictionaries/` (Census/SSA names, GeoNames places, USPS suffixes,
//! word frequencies, ICD-10-CM terms, FDA drug names) and the hand-written cue lists in
//! `dictionaries/cues/` are compiled by `build.rs` into one finite-state transducer that is
//! embedded in the binary. Opening it costs nothing and a look-up walks the key's bytes once,
//! so the hot path never builds a hash map or re-reads a file.

// Lexicon entry encoding, shared with build.rs (see entry.rs).
mod entry;

pub use entry::{bits, freq_score, level_score, normalize_into};

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

static LEXICON_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.fst"));
static NICKNAMES_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/nicknames.tsv"));
static EPONYMS_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/medical_eponyms.tsv"));
static CUE_EPONYMS: &str = include_str!(concat!(env!("OUT_DIR"), "/cue_eponyms.txt"));
static CUE_SERVICES: &str = include_str!(concat!(env!("OUT_DIR"), "/cue_services.txt"));
static CUE_HOLIDAYS: &str = include_str!(concat!(env!("OUT_DIR"), "/cue_holidays.txt"));
static CUE_PROGRAMS: &str = include_str!(concat!(env!("OUT_DIR"), "/cue_programs.txt"));
static EPONYMS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/eponyms.fst"));

/// Everything the dictionaries know about one normalised key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry(pub u64);

impl Entry {
    /// The key is in no list.
    pub const NONE: Entry = Entry(0);

    fn byte(self, shift: u32) -> u8 {
        (self.0 >> shift) as u8
    }
    /// First-name frequency score (0 when not a first name); see [`freq_score`].
    pub fn first(self) -> u8 {
        self.byte(bits::FIRST_SHIFT)
    }
    /// Surname frequency score (0 when not a surname).
    pub fn surname(self) -> u8 {
        self.byte(bits::SURNAME_SHIFT)
    }
    /// Common-word frequency score (0 when not an English word in the list).
    pub fn word(self) -> u8 {
        self.byte(bits::WORD_SHIFT)
    }
    /// Population score of the largest place of that name.
    pub fn place_pop(self) -> u8 {
        self.byte(bits::PLACE_POP_SHIFT)
    }
    /// Share of women among people with this first name, in percent, if known.
    pub fn pct_female(self) -> Option<u8> {
        match (self.0 >> bits::FEMALE_SHIFT) & 0xff {
            0 => None,
            v => Some((v - 1) as u8),
        }
    }
    /// Larger of the first-name and surname scores.
    pub fn name(self) -> u8 {
        self.first().max(self.surname())
    }
    /// True if any of `flags` is set.
    pub fn has(self, flags: u64) -> bool {
        self.0 & flags != 0
    }
    /// True if the key is in no list at all.
    pub fn is_unknown(self) -> bool {
        self.0 == 0
    }
}

/// The compiled dictionaries. Cheap to create; share one per process.
pub struct Lexicon {
    map: fst::Map<&'static [u8]>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Self::new()
    }
}

impl Lexicon {
    /// Opens the embedded transducer (no parsing, no allocation).
    pub fn new() -> Lexicon {
        Lexicon { map: fst::Map::new(LEXICON_FST).expect("embedded lexicon is built by build.rs") }
    }

    /// Looks up an already normalised key (see [`normalize_into`]), through a small memo of
    /// this thread's recent keys: a walk of the transducer costs about a thousand
    /// instructions, and the same names and phrases are asked for again and again (a
    /// person's given name at every mention). Every `Lexicon` is the same embedded
    /// transducer, so one memo serves them all.
    pub fn get(&self, normalized: &str) -> Entry {
        thread_local! {
            static MEMO: RefCell<Option<Memo>> = const { RefCell::new(None) };
        }
        if normalized.is_empty() || normalized.len() > Memo::KEY {
            return self.get_unmemoized(normalized);
        }
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let memo = memo.get_or_insert_with(Memo::new);
            let slot = memo.slot(normalized);
            if let Some(e) = slot.get(normalized) {
                return e;
            }
            let e = self.get_unmemoized(normalized);
            slot.set(normalized, e);
            e
        })
    }

    /// Looks up a word of ASCII letters, digits and punctuation, lower-cased into a stack
    /// buffer (no allocation, no Unicode folding): what [`normalize_into`] would make of it.
    /// A word longer than 32 bytes, or not UTF-8, is in no list.
    pub fn get_ascii(&self, word: &[u8]) -> Entry {
        let mut buf = [0u8; 32];
        let Some(low) = buf.get_mut(..word.len()) else { return Entry::NONE };
        for (d, c) in low.iter_mut().zip(word) {
            *d = c.to_ascii_lowercase();
        }
        std::str::from_utf8(low).map_or(Entry::NONE, |k| self.get(k))
    }

    /// [`Lexicon::get`] without the memo (for callers that keep their own).
    fn get_unmemoized(&self, normalized: &str) -> Entry {
        Entry(self.map.get(normalized).unwrap_or(0))
    }

    /// Normalises `word` into `scratch` and looks it up. A word with an apostrophe inside
    /// also gets the entries of its spelling without one: the Census writes "O'Brien" and
    /// "D'Angelo" as "obrien" and "dangelo", while SCOWL keeps "don't".
    pub fn lookup(&self, word: &str, scratch: &mut String) -> Entry {
        normalize_into(word, scratch);
        let e = self.get_unmemoized(scratch);
        if scratch.contains('\'') {
            scratch.retain(|c| c != '\'');
            return Entry(e.0 | self.get_unmemoized(scratch).0);
        }
        e
    }

    /// Number of keys, for diagnostics and tests.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True if the lexicon is empty (never, for a correct build).
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// A direct-mapped memo of transducer look-ups for short keys: one fixed table (128 KiB),
/// no allocation per key, a newer key simply takes an older one's slot.
struct Memo {
    slots: Box<[MemoSlot]>,
}

#[derive(Clone, Copy)]
struct MemoSlot {
    /// Key length; 0: empty.
    len: u8,
    key: [u8; Memo::KEY],
    entry: Entry,
}

impl Memo {
    /// Longest key kept (bytes).
    const KEY: usize = 23;
    const SLOTS: usize = 1 << 12;

    fn new() -> Memo {
        let empty = MemoSlot { len: 0, key: [0; Memo::KEY], entry: Entry::NONE };
        Memo { slots: vec![empty; Memo::SLOTS].into_boxed_slice() }
    }

    /// The slot of `key` (1 to [`Memo::KEY`] bytes).
    fn slot(&mut self, key: &str) -> &mut MemoSlot {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write(key.as_bytes());
        &mut self.slots[h.finish() as usize % Memo::SLOTS]
    }
}

impl MemoSlot {
    fn get(&self, key: &str) -> Option<Entry> {
        (usize::from(self.len) == key.len() && &self.key[..key.len()] == key.as_bytes()).then_some(self.entry)
    }

    fn set(&mut self, key: &str, entry: Entry) {
        self.len = key.len() as u8;
        self.key[..key.len()].copy_from_slice(key.as_bytes());
        self.entry = entry;
    }
}

/// Per-thread memo of look-ups keyed by the word exactly as written, so the common words
/// of a text are normalised and searched once. A word of up to 16 bytes (nearly all) is its
/// own key, packed in an integer: no allocation, no string comparison. Bounded: cleared when
/// it holds 64Ki words.
///
/// In front of the map of short words sits a direct-mapped table of 1,024 slots: a word
/// found there costs one multiplication and one comparison.
#[derive(Default)]
pub struct LookupCache {
    /// Direct-mapped slots (packed word, length + 1, entry); length 0 marks an empty slot.
    /// Allocated on first use.
    front: Vec<(u128, u8, Entry)>,
    short: FxHashMap<(u128, u8), Entry>,
    long: FxHashMap<Box<str>, Entry>,
    scratch: String,
}

/// Packs a word of at most 16 bytes into an integer that tells it apart from every other
/// word of the same length (two overlapping loads cover all its bytes; no copy loop).
#[inline]
fn pack(b: &[u8]) -> u128 {
    let n = b.len();
    debug_assert!(n <= 16);
    if n >= 8 {
        let lo = u64::from_le_bytes(b[..8].try_into().expect("eight bytes"));
        let hi = u64::from_le_bytes(b[n - 8..].try_into().expect("eight bytes"));
        u128::from(lo) | u128::from(hi) << 64
    } else if n >= 4 {
        let lo = u32::from_le_bytes(b[..4].try_into().expect("four bytes"));
        let hi = u32::from_le_bytes(b[n - 4..].try_into().expect("four bytes"));
        u128::from(lo) | u128::from(hi) << 32
    } else {
        b.iter().enumerate().fold(0, |k, (i, &c)| k | u128::from(c) << (8 * i))
    }
}

impl LookupCache {
    const MAX: usize = 1 << 16;
    /// Slots of the direct-mapped front table (32 bytes each): 32 KiB, cheap to set up for
    /// a cache that serves one short note, and under glibc's mmap threshold. 4,096 slots
    /// saved 0.2% more instructions on the first MB but cost a 128 KiB mapping per new
    /// cache (a fresh `Workspace` per call of `redact_str`, for one).
    const FRONT: usize = 1 << 10;

    /// An empty cache.
    pub fn new() -> LookupCache {
        LookupCache::default()
    }

    /// The entry of `word` (normalised as [`Lexicon::lookup`] does).
    pub fn lookup(&mut self, lex: &Lexicon, word: &str) -> Entry {
        let b = word.as_bytes();
        if b.len() <= 16 {
            let key = (pack(b), b.len() as u8 + 1);
            if self.front.is_empty() {
                self.front = vec![(0, 0, Entry::NONE); Self::FRONT];
            }
            // the slot: the top bits of a multiplicative hash of the key
            let mixed = (key.0 as u64 ^ (key.0 >> 64) as u64 ^ u64::from(key.1)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let slot = &mut self.front[(mixed >> (64 - Self::FRONT.trailing_zeros())) as usize];
            if (slot.0, slot.1) == key {
                return slot.2;
            }
            let e = match self.short.get(&key) {
                Some(&e) => e,
                None => {
                    let e = lex.lookup(word, &mut self.scratch);
                    Self::remember(&mut self.short, key, e);
                    e
                }
            };
            *slot = (key.0, key.1, e);
            return e;
        }
        if let Some(&e) = self.long.get(word) {
            return e;
        }
        let e = lex.lookup(word, &mut self.scratch);
        Self::remember(&mut self.long, word.into(), e);
        e
    }

    /// Adds a look-up to `map`, emptying it first when it is full.
    fn remember<K: std::hash::Hash + Eq>(map: &mut FxHashMap<K, Entry>, key: K, e: Entry) {
        if map.len() >= Self::MAX {
            map.clear();
        }
        map.insert(key, e);
    }
}

/// Nickname links: normalised name -> the names it may stand for or be short for
/// ("bill" -> "william"; "william" -> "bill", "will", "billy" ...). Built on first use.
pub fn nickname_links() -> &'static FxHashMap<String, Vec<String>> {
    static LINKS: OnceLock<FxHashMap<String, Vec<String>>> = OnceLock::new();
    LINKS.get_or_init(|| {
        let mut links: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for line in NICKNAMES_TSV.lines().filter(|l| !l.starts_with('#')) {
            let mut it = line.split('\t');
            if let (Some(a), Some(b)) = (it.next(), it.next()) {
                let (a, b) = (a.trim().to_string(), b.trim().to_string());
                if a.is_empty() || b.is_empty() || a == b {
                    continue;
                }
                links.entry(a.clone()).or_default().push(b.clone());
                links.entry(b).or_default().push(a);
            }
        }
        for v in links.values_mut() {
            v.sort();
            v.dedup();
        }
        links
    })
}

/// True if two normalised given names can be the same person's (equal, or linked as
/// name and nickname, or one a prefix of the other of at least three letters: "jon"/"jonathan").
pub fn given_names_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() >= 3 && long.starts_with(short) {
        return true;
    }
    nickname_links().get(a).is_some_and(|v| v.iter().any(|x| x == b))
}

/// Eponym phrases from ICD-10-CM ("parkinson's disease") and of psychology
/// (dictionaries/cues/eponyms.txt: "maslow's hierarchy", "woodcock-johnson"), and the armed
/// services, programs and holidays kept the same way (dictionaries/cues/services.txt,
/// programs.txt, holidays.txt: "army", "head start", "christmas eve"; not the holidays
/// marked "year"), normalised, as listed.
pub fn eponym_phrases() -> impl Iterator<Item = &'static str> {
    EPONYMS_TSV
        .lines()
        .chain(CUE_EPONYMS.lines())
        .chain(CUE_SERVICES.lines())
        .chain(CUE_PROGRAMS.lines())
        .chain(CUE_HOLIDAYS.lines().filter(|l| !l.ends_with("\tyear")))
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap_or("").trim())
}

/// The holidays of dictionaries/cues/holidays.txt, lower case, as listed ("christmas eve",
/// "new year's eve"), those marked "year" too: a holiday before a year is a date.
pub fn holidays() -> impl Iterator<Item = &'static str> {
    CUE_HOLIDAYS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap_or("").trim())
}

/// The eponym phrases of [`eponym_phrases`] in every form they are written in (with `'`,
/// with `\u{2019}`, without the apostrophe: "parkinsons disease"), for the clinical phrase
/// guard: a set transducer built by build.rs, searched in place.
pub struct Eponyms(fst::raw::Fst<&'static [u8]>);

impl Eponyms {
    /// Opens the embedded transducer (no parsing, no allocation).
    pub fn new() -> Eponyms {
        Eponyms(fst::raw::Fst::new(EPONYMS_FST).expect("embedded eponyms are built by build.rs"))
    }

    /// The length of the longest form that `text` starts with, ASCII letters in either
    /// case ("Parkinson's Disease"; other letters as listed).
    pub fn longest_at(&self, text: &[u8]) -> Option<usize> {
        let fst = &self.0;
        let mut node = fst.root();
        let mut longest = None;
        for (i, &b) in text.iter().enumerate() {
            let Some(k) = node.find_input(b.to_ascii_lowercase()) else { break };
            node = fst.node(node.transition_addr(k));
            if node.is_final() {
                longest = Some(i + 1);
            }
        }
        longest
    }
}

impl Default for Eponyms {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::Streamer;

    /// The first `n` keys of the transducer, in its order.
    fn first_keys(lex: &Lexicon, n: usize) -> Vec<String> {
        let mut keys = Vec::with_capacity(n);
        let mut stream = lex.map.stream();
        while let Some((k, _)) = stream.next() {
            if keys.len() == n {
                break;
            }
            keys.push(String::from_utf8_lossy(k).into_owned());
        }
        keys
    }

    /// The memo answers what the transducer answers, for keys that evict each other
    /// (20,000 keys over 4,096 slots), asked twice, and for keys it does not know.
    #[test]
    fn the_memo_answers_what_the_transducer_answers() {
        let lex = Lexicon::new();
        let mut keys = first_keys(&lex, 20_000);
        keys.extend(["zqxv", "", "a-very-long-key-of-more-than-23-bytes", "smith"].map(String::from));
        for _ in 0..2 {
            for k in &keys {
                assert_eq!(lex.get(k), lex.get_unmemoized(k), "{k:?}");
            }
        }
        assert!(!lex.get("smith").is_unknown());
    }

    /// The look-up cache answers what the lexicon answers, for words of every length up to
    /// and past 16 bytes, in every case, that evict each other from its front table, asked
    /// twice; and words of one length that differ in one byte get their own answers.
    #[test]
    fn the_lookup_cache_answers_what_the_lexicon_answers() {
        let lex = Lexicon::new();
        let mut words: Vec<String> = first_keys(&lex, 12_000).into_iter().flat_map(|w| [w.to_uppercase(), w]).collect();
        words.extend(
            ["Smith", "SMITH", "Smitj", "a", "ab", "abc", "Kowalczyk-Nguyen", "Kowalczyk-Nguyeo"].map(String::from),
        );
        let mut cache = LookupCache::new();
        let mut scratch = String::new();
        for _ in 0..2 {
            for w in &words {
                assert_eq!(cache.lookup(&lex, w), lex.lookup(w, &mut scratch), "{w:?}");
            }
        }
    }

    /// Packed keys tell apart words of one length that differ in any byte.
    #[test]
    fn packed_keys_tell_words_of_one_length_apart() {
        for n in 0..=16usize {
            let base: Vec<u8> = (0..n as u8).map(|i| b'a' + i).collect();
            for i in 0..n {
                let mut other = base.clone();
                other[i] = b'Z';
                assert_ne!(pack(&base), pack(&other), "length {n}, byte {i}");
            }
        }
    }
}

//! Segmentation stage: text -> tokens with byte offsets, case shape, sentence and line
//! context, and their dictionary entry.
//!
//! Word boundaries follow Unicode UAX #29 (`unicode-segmentation`), so "O'Brien", "Nguyễn"
//! and "D'Angelo" are single words. A trailing possessive ("Smith's") is split off as its own
//! [`Class::Possessive`] token so detectors and the renderer can keep it readable.
//! Tokens are written into a caller-owned `Vec` that is reused from note to note.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::lexicon::{bits, Entry, Lexicon, LookupCache};

/// Coarse class of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Contains at least one letter.
    Word,
    /// Digits only (may contain `.` or `,` between digits, per UAX #29).
    Number,
    /// Whitespace without a line break.
    Space,
    /// Whitespace containing a line break.
    Newline,
    /// `'s` or `’s` split off a word.
    Possessive,
    /// Anything else: punctuation, symbols, controls.
    Punct,
}

/// Letter case of a word token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// all lower case letters.
    Lower,
    /// First letter upper, at least one lower after it ("Smith", "McDonald").
    Title,
    /// Every letter upper, two letters or more ("SMITH").
    Upper,
    /// A single upper-case letter ("J").
    Initial,
    /// Anything else (starts lower but has upper letters, or no letters).
    Other,
}

/// First word of a sentence (after `.`, `!`, `?`, `:`, a bullet, or at a line start).
pub const SENT_START: u8 = 1;
/// First word on its line.
pub const LINE_START: u8 = 2;
/// The line carries no case information: all capitals or all lower case.
pub const CASELESS: u8 = 4;

/// One token of the analysed text.
#[derive(Clone, Copy, Debug)]
pub struct Token {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Coarse class.
    pub class: Class,
    /// Letter case (words only; `Other` for the rest).
    pub case: Case,
    /// Context flags: [`SENT_START`], [`LINE_START`], [`CASELESS`].
    pub flags: u8,
    /// Dictionary entry of the normalised word ([`Entry::NONE`] for non-words).
    pub entry: Entry,
}

impl Token {
    /// A token without case, flags or entry.
    #[inline]
    fn blank(start: usize, end: usize, class: Class) -> Token {
        Token { start, end, class, case: Case::Other, flags: 0, entry: Entry::NONE }
    }
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
    /// True for words and numbers.
    pub fn is_wordlike(&self) -> bool {
        matches!(self.class, Class::Word | Class::Number)
    }
    /// True if the word starts with a capital letter (Title, Upper or Initial).
    pub fn is_capitalized(&self) -> bool {
        matches!(self.case, Case::Title | Case::Upper | Case::Initial)
    }
    /// True if any of `flags` is set.
    pub fn has(&self, flags: u8) -> bool {
        self.flags & flags != 0
    }
}

fn case_of(word: &str) -> Case {
    if word.is_ascii() {
        ascii_case_of(word.as_bytes())
    } else {
        unicode_case_of(word)
    }
}

fn unicode_case_of(word: &str) -> Case {
    case_from(word.chars().filter(|c| c.is_alphabetic()).map(|c| (c.is_uppercase(), c.is_lowercase())))
}

/// [`case_of`] for ASCII: the same answer from bytes.
fn ascii_case_of(word: &[u8]) -> Case {
    case_from(word.iter().filter(|b| b.is_ascii_alphabetic()).map(|b| (b.is_ascii_uppercase(), b.is_ascii_lowercase())))
}

/// The case of a word from its letters, each (upper case, lower case).
fn case_from(mut letters: impl Iterator<Item = (bool, bool)>) -> Case {
    let Some((first_upper, first_lower)) = letters.next() else { return Case::Other };
    let (mut upper, mut lower) = (0usize, 0usize);
    for (u, l) in letters {
        if u {
            upper += 1;
        } else if l {
            lower += 1;
        }
    }
    if first_upper {
        if upper == 0 && lower == 0 {
            Case::Initial
        } else if lower == 0 {
            Case::Upper
        } else {
            Case::Title
        }
    } else if first_lower && upper == 0 {
        Case::Lower
    } else {
        Case::Other
    }
}

fn class_of(piece: &str) -> Class {
    if piece.is_ascii() {
        ascii_class_of(piece.as_bytes())
    } else {
        unicode_class_of(piece)
    }
}

fn unicode_class_of(piece: &str) -> Class {
    let first = piece.chars().next().unwrap_or(' ');
    if first.is_whitespace() {
        if piece.bytes().any(|b| b == b'\n' || b == b'\r') || piece.contains('\u{2028}') {
            Class::Newline
        } else {
            Class::Space
        }
    } else if piece.chars().any(char::is_alphabetic) {
        Class::Word
    } else if piece.bytes().next().is_some_and(|b| b.is_ascii_digit())
        || piece.chars().next().is_some_and(char::is_numeric)
    {
        Class::Number
    } else {
        Class::Punct
    }
}

/// [`class_of`] for ASCII (`char::is_whitespace` and `is_numeric` restricted to ASCII).
fn ascii_class_of(piece: &[u8]) -> Class {
    match piece.first() {
        Some(b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') | None => {
            if piece.iter().any(|&b| b == b'\n' || b == b'\r') {
                Class::Newline
            } else {
                Class::Space
            }
        }
        Some(_) if piece.iter().any(u8::is_ascii_alphabetic) => Class::Word,
        Some(b) if b.is_ascii_digit() => Class::Number,
        Some(_) => Class::Punct,
    }
}

/// Letter kinds of ASCII bytes for [`ascii_shape`]: 1 upper case, 2 lower case.
const LETTER: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if b.is_ascii_uppercase() {
            1
        } else if b.is_ascii_lowercase() {
            2
        } else {
            0
        };
        c += 1;
    }
    t
};

/// The class of an ASCII piece ([`ascii_class_of`]) and, for a word, the length of its
/// stem before a possessive ([`possessive_split`]) and the stem's case ([`ascii_case_of`]),
/// from one pass over its bytes: every word of a note comes through here.
fn ascii_shape(piece: &[u8]) -> (Class, usize, Case) {
    let len = piece.len();
    // (whitespace as `ascii_class_of` and `char::is_whitespace` have it: with the vertical
    // tab, which `u8::is_ascii_whitespace` leaves out)
    if matches!(piece.first(), None | Some(b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')) {
        return (ascii_class_of(piece), len, Case::Other);
    }
    let mut kinds = piece.iter().map(|&b| LETTER[usize::from(b & 0x7F)]);
    let Some(first) = kinds.by_ref().find(|&k| k != 0) else {
        let class = if piece[0].is_ascii_digit() { Class::Number } else { Class::Punct };
        return (class, len, Case::Other);
    };
    if len > 3 && piece[len - 2] == b'\'' && piece[len - 1] | 0x20 == b's' {
        // "Smith's": the case of the stem (rare enough for a second look)
        let stem = len - 2;
        return (Class::Word, stem, ascii_case_of(&piece[..stem]));
    }
    // (the kinds are 1 and 2: or-ing them sets bit 0 for a capital seen, bit 1 for a small
    // letter, one operation a byte)
    let seen = kinds.fold(0, |seen, k| seen | k);
    let (upper, lower) = (seen & 1 != 0, seen & 2 != 0);
    let case = match (first, upper, lower) {
        (1, _, true) => Case::Title,
        (1, true, false) => Case::Upper,
        (1, false, false) => Case::Initial,
        (_, false, _) => Case::Lower,
        _ => Case::Other,
    };
    (Class::Word, len, case)
}

fn possessive_split(word: &str) -> Option<usize> {
    for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
            return Some(word.len() - suffix.len());
        }
    }
    None
}

/// Splits `text` into `tokens` (cleared first) and looks every word up in `lex` through
/// the per-thread `cache`.
///
/// The pieces are those of [`for_each_word_bound`]; this walks the text once and pushes
/// each piece's token where it is cut (every note's every byte comes through here, twice
/// with the re-check: no callback per piece, no second scan of a whitespace piece).
pub fn tokenize(text: &str, lex: &Lexicon, tokens: &mut Vec<Token>, cache: &mut LookupCache) {
    tokens.clear();
    push_tokens(text, 0, lex, tokens, cache);
    mark_context(text, tokens);
}

/// Pushes the tokens of `text[from..]` without context flags. `from` must be a place where
/// a scan of the whole text starts afresh (see [`is_restart`]): the start, or the edge of
/// ASCII whitespace.
fn push_tokens(text: &str, from: usize, lex: &Lexicon, tokens: &mut Vec<Token>, cache: &mut LookupCache) {
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() {
        if let Some((len, class)) = whitespace_at(b, i) {
            tokens.push(Token::blank(i, i + len, class));
            i += len;
            continue;
        }
        let (run_end, ascii) = run_at(b, i);
        if ascii {
            ascii_run_tokens(text, i, run_end, lex, tokens, cache);
        } else {
            for (s, piece) in text[i..run_end].split_word_bound_indices() {
                let start = i + s;
                match class_of(piece) {
                    Class::Word => {
                        let stem = possessive_split(piece).unwrap_or(piece.len());
                        push_word(text, start, stem, piece.len(), case_of(&piece[..stem]), lex, tokens, cache);
                    }
                    class => tokens.push(Token::blank(start, start + piece.len(), class)),
                }
            }
        }
        i = run_end;
    }
}

/// True if the scan of [`tokenize`] starts afresh at byte `x` of `b`: at either end, or
/// where ASCII whitespace begins or ends. Pieces never cross such a place, and those on
/// either side depend only on the bytes on that side (whitespace pieces look ahead only,
/// and a run between whitespace is cut on its own bytes).
#[inline]
fn is_restart(b: &[u8], x: usize) -> bool {
    x == 0 || x == b.len() || b[x - 1].is_ascii_whitespace() != b[x].is_ascii_whitespace()
}

/// Turns `tokens`, the tokens of `text`, into those of `output` (as [`tokenize`] would give
/// them), where `output` is `text` with each input range of `edits` replaced by its output
/// range (in order, disjoint). Between two places where the scan starts afresh inside a
/// kept stretch of text, the tokens are those of the input, moved; only the stretches
/// around each edit are cut again. `side` is a scratch buffer.
pub fn retokenize(
    text: &str,
    output: &str,
    edits: impl Iterator<Item = (Range<usize>, Range<usize>)>,
    lex: &Lexicon,
    tokens: &mut Vec<Token>,
    cache: &mut LookupCache,
    side: &mut Vec<Token>,
) {
    let (b, out_b) = (text.as_bytes(), output.as_bytes());
    // the next input token to read, the next slot to write
    let (mut r, mut w) = (0, 0);
    // the output is tokenized up to here
    let mut done = 0;
    // the kept stretches: (input start, input end, output start)
    let mut kept_from = (0, 0);
    let mut stretches = edits
        .map(|(i, o)| {
            let k = (kept_from.0, i.start, kept_from.1);
            kept_from = (i.end, o.end);
            k
        })
        .collect::<Vec<_>>();
    stretches.push((kept_from.0, text.len(), kept_from.1));
    let n = stretches.len();
    for (k, (ks, ke, os)) in stretches.into_iter().enumerate() {
        // the first restart strictly inside the stretch (or the text's start, before any edit)
        let lo = if k == 0 { 0 } else { ks + 1 };
        while r < tokens.len() && tokens[r].start < lo {
            r += 1;
        }
        while r < tokens.len() && tokens[r].start < ke && !is_restart(b, tokens[r].start) {
            r += 1;
        }
        if r >= tokens.len() || tokens[r].start >= ke {
            continue;
        }
        // the last restart strictly inside it (or the text's end, after every edit), after
        // that one
        // (a scan, not a binary search: a stretch has few tokens, and they are read next)
        let within = r + tokens[r..].iter().position(|t| t.end > ke).unwrap_or(tokens.len() - r);
        let inside = |t: &Token| (t.end < ke || k == n - 1) && is_restart(b, t.end);
        let Some(last) = tokens[r..within].iter().rposition(inside) else { continue };
        let (mut first, mut last) = (r, r + last + 1);
        let (p, q) = (tokens[first].start, tokens[last - 1].end);
        let moved = |x: usize| x - ks + os;
        // the stretch before `first`, cut again
        side.clear();
        push_tokens(&output[..moved(p)], done, lex, side, cache);
        debug_assert!(is_restart(out_b, moved(p)) && is_restart(out_b, moved(q)));
        if w + side.len() > first {
            // room for the new tokens before the unread ones
            let grow = (w + side.len() - first).max(tokens.len() / 16 + 64);
            tokens.splice(first..first, std::iter::repeat_n(Token::blank(0, 0, Class::Space), grow));
            first += grow;
            last += grow;
        }
        tokens[w..w + side.len()].copy_from_slice(side);
        w += side.len();
        // the tokens between the two restarts, moved
        tokens.copy_within(first..last, w);
        for t in &mut tokens[w..w + (last - first)] {
            (t.start, t.end, t.flags) = (moved(t.start), moved(t.end), 0);
        }
        w += last - first;
        r = last;
        done = moved(q);
    }
    tokens.truncate(w);
    push_tokens(output, done, lex, tokens, cache);
    mark_context(output, tokens);
}

/// The whitespace piece at `b[i]`, if `b[i]` is ASCII whitespace: its length and class.
/// ASCII whitespace always separates words (WB3: CR x LF; WB3d: spaces group; every other
/// whitespace byte alone).
#[inline]
fn whitespace_at(b: &[u8], i: usize) -> Option<(usize, Class)> {
    Some(match b[i] {
        b' ' => (1 + b[i + 1..].iter().take_while(|&&c| c == b' ').count(), Class::Space),
        b'\r' if b.get(i + 1) == Some(&b'\n') => (2, Class::Newline),
        b'\n' | b'\r' => (1, Class::Newline),
        b'\t' | 0x0C => (1, Class::Space),
        _ => return None,
    })
}

/// The end of the run of non-whitespace bytes at `b[i]` (the next ASCII whitespace), and
/// whether the run is all ASCII, from one pass.
#[inline]
fn run_at(b: &[u8], i: usize) -> (usize, bool) {
    let mut end = i;
    let mut ascii = true;
    while end < b.len() && !b[end].is_ascii_whitespace() {
        ascii &= b[end].is_ascii();
        end += 1;
    }
    (end, ascii)
}

/// Pushes the tokens of the ASCII run `text[from..to]` (no whitespace): its pieces as
/// [`ascii_word_bounds`] cuts them, each classified by [`ascii_shape`].
fn ascii_run_tokens(
    text: &str,
    from: usize,
    to: usize,
    lex: &Lexicon,
    tokens: &mut Vec<Token>,
    cache: &mut LookupCache,
) {
    let run = &text.as_bytes()[from..to];
    ascii_pieces(run, |s, e| {
        let piece = &run[s..e];
        let start = from + s;
        // (a lone byte that is not a letter nor the vertical tab: punctuation or a digit,
        // the commonest pieces after words)
        if let [c] = piece {
            if !c.is_ascii_alphabetic() && *c != 0x0B {
                let class = if c.is_ascii_digit() { Class::Number } else { Class::Punct };
                tokens.push(Token::blank(start, start + 1, class));
                return;
            }
        }
        match ascii_shape(piece) {
            (Class::Word, stem, case) => push_word(text, start, stem, piece.len(), case, lex, tokens, cache),
            (class, _, _) => tokens.push(Token::blank(start, start + piece.len(), class)),
        }
    });
}

/// Pushes the word token of `text[start..start + stem]`, looked up in `lex`, and a
/// [`Class::Possessive`] token for the rest of its piece if `stem < len`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn push_word(
    text: &str,
    start: usize,
    stem: usize,
    len: usize,
    case: Case,
    lex: &Lexicon,
    tokens: &mut Vec<Token>,
    cache: &mut LookupCache,
) {
    let wend = start + stem;
    let mut entry = cache.lookup(lex, &text[start..wend]);
    // "Ed" is a first name; only "ED" (or "ed" in shorthand) is the emergency department or
    // an eating disorder: written so, the word loses its clinical reading.
    if stem == 2 && text.as_bytes()[start..wend] == *b"Ed" {
        entry = Entry(entry.0 & !bits::CLINICAL);
    }
    tokens.push(Token { case, entry, ..Token::blank(start, wend, Class::Word) });
    if stem < len {
        tokens.push(Token::blank(wend, start + len, Class::Possessive));
    }
}

/// Calls `f(start, piece)` for every UAX #29 word-boundary piece of `text`, in order.
///
/// ASCII whitespace always separates words, so the text is cut into runs of
/// non-whitespace and whitespace; a run of pure ASCII is segmented by the ASCII subset of
/// the UAX #29 rules (checked against `unicode-segmentation` by a test), any other run by
/// `unicode-segmentation` itself. [`tokenize`] cuts the same pieces.
pub fn for_each_word_bound(text: &str, mut f: impl FnMut(usize, &str)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some((len, _)) = whitespace_at(b, i) {
            f(i, &text[i..i + len]);
            i += len;
            continue;
        }
        let (run_end, ascii) = run_at(b, i);
        let run = &text[i..run_end];
        if ascii {
            ascii_word_bounds(run, |s, piece| f(i + s, piece));
        } else {
            for (s, piece) in run.split_word_bound_indices() {
                f(i + s, piece);
            }
        }
        i = run_end;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Digit,
    /// `:` (MidLetter)
    MidLetter,
    /// `.` and `'` (MidNumLet)
    MidNumLet,
    /// `,` and `;` (MidNum)
    MidNum,
    /// `_` (ExtendNumLet)
    Extend,
    Other,
}

/// [`wb_of`] of every byte: the boundary rules ask it twice or three times per boundary.
const WB: [Wb; 256] = {
    let mut t = [Wb::Other; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = wb_of(c as u8);
        c += 1;
    }
    t
};

#[inline]
fn wb(c: u8) -> Wb {
    WB[usize::from(c)]
}

const fn wb_of(c: u8) -> Wb {
    match c {
        b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
        b'0'..=b'9' => Wb::Digit,
        b':' => Wb::MidLetter,
        b'.' | b'\'' => Wb::MidNumLet,
        b',' | b';' => Wb::MidNum,
        b'_' => Wb::Extend,
        _ => Wb::Other,
    }
}

/// True for the ASCII bytes that join any neighbour of the same kind: letters, digits, `_`
/// (the word-break classes [`Wb::Letter`], [`Wb::Digit`] and [`Wb::Extend`]).
const WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = matches!(WB[c], Wb::Letter | Wb::Digit | Wb::Extend);
        c += 1;
    }
    t
};

/// UAX #29 word boundaries of an ASCII run without whitespace.
fn ascii_word_bounds(run: &str, mut f: impl FnMut(usize, &str)) {
    ascii_pieces(run.as_bytes(), |s, e| f(s, &run[s..e]));
}

/// [`ascii_word_bounds`] as byte ranges: calls `f(start, end)` for every piece of `b`.
#[inline]
fn ascii_pieces(b: &[u8], mut f: impl FnMut(usize, usize)) {
    let mut start = 0;
    let mut i = 1;
    while i <= b.len() {
        // (the bulk: letters, digits and `_` next to each other always join; WB5-WB13b)
        if WORD_BYTE[usize::from(b[i - 1])] {
            while i < b.len() && WORD_BYTE[usize::from(b[i])] {
                i += 1;
            }
        }
        if i < b.len() && joins(b, i) {
            i += 1;
            continue;
        }
        f(start, i);
        start = i;
        i += 1;
    }
}

/// True if there is no word boundary between `b[i - 1]` and `b[i]`.
fn joins(b: &[u8], i: usize) -> bool {
    let (prev, cur) = (wb(b[i - 1]), wb(b[i]));
    let word = |c: Wb| matches!(c, Wb::Letter | Wb::Digit | Wb::Extend);
    if word(prev) && word(cur) {
        return true; // WB5, WB8, WB9, WB10, WB13a, WB13b
    }
    let next = b.get(i + 1).map(|&c| wb(c));
    let before = if i >= 2 { Some(wb(b[i - 2])) } else { None };
    match cur {
        // WB6: AHLetter x (MidLetter | MidNumLet) AHLetter; WB12: Numeric x (MidNum | MidNumLet) Numeric
        Wb::MidLetter | Wb::MidNumLet | Wb::MidNum => {
            (prev == Wb::Letter && next == Some(Wb::Letter) && cur != Wb::MidNum)
                || (prev == Wb::Digit && next == Some(Wb::Digit) && cur != Wb::MidLetter)
        }
        // WB7 and WB11: the letter or digit after the middle character
        Wb::Letter | Wb::Digit => match prev {
            Wb::MidLetter | Wb::MidNumLet | Wb::MidNum => {
                (cur == Wb::Letter && before == Some(Wb::Letter) && prev != Wb::MidNum)
                    || (cur == Wb::Digit && before == Some(Wb::Digit) && prev != Wb::MidLetter)
            }
            _ => false,
        },
        _ => false,
    }
}

/// Sets SENT_START, LINE_START and CASELESS.
fn mark_context(text: &str, tokens: &mut [Token]) {
    // words of two letters or more, and those of them capitalised, in the whole text
    let mut words = Shape::default();
    let mut line_begin = 0usize;
    let mut at_line_start = true;
    let mut at_sentence_start = true;
    let mut prev_punct: Option<u8> = None;
    let mut i = 0;
    while i < tokens.len() {
        // (the fields read, not a copy of the token)
        let Token { start, end, class, .. } = tokens[i];
        match class {
            Class::Newline => {
                words.add(finish_line(text, &mut tokens[line_begin..i]));
                line_begin = i + 1;
                at_line_start = true;
                at_sentence_start = true;
                prev_punct = None;
            }
            Class::Space => {
                if let Some(p) = prev_punct.take() {
                    if matches!(p, b'.' | b'!' | b'?' | b':' | b';') || p == b')' && is_enumerator(text, tokens, i - 1)
                    {
                        at_sentence_start = true;
                    }
                }
                // A tab or a run of spaces separates fields ("DOB May 2    Age 96"): the next
                // word starts one, as a sentence would.
                // (a tab is a piece of its own, but a space piece may be any whitespace)
                let gap = &text.as_bytes()[start..end];
                if gap[0] == b'\t' || gap.starts_with(b"   ") || gap.len() > 1 && gap.contains(&b'\t') {
                    at_sentence_start = true;
                }
            }
            Class::Punct => {
                let b = text.as_bytes()[start];
                let code_dot = i > 0 && tokens[i - 1].end == start && is_own_marker(text, tokens, i - 1);
                if b == b'.' && i > 0 && (is_abbreviation(text, &tokens[i - 1]) || code_dot) {
                    // "Dr. Smith", "J. Smith", "St. Mary's": not the end of a sentence; nor is
                    // the last dot of the tool's own code ("M.T. Grace"; a sentence ending on
                    // a code keeps its own period: "M.T..").
                    at_line_start = false;
                    at_sentence_start = false;
                    i += 1;
                    continue;
                }
                if at_line_start && matches!(b, b'-' | b'*' | b'#' | b'>') {
                    // bullet or heading marker: the next word still starts the sentence
                } else if &text[start..end] == "\u{2022}" {
                } else if closes_sentence_end(prev_punct, &text[start..end]) {
                    // a quote or bracket closing a sentence ("... evaluate." Office fax):
                    // the sentence still ends there
                    at_line_start = false;
                } else {
                    at_line_start = false;
                    prev_punct = Some(b);
                    if !matches!(b, b'"' | b'(' | b'[' | b'\'') {
                        at_sentence_start = false;
                    }
                }
            }
            Class::Word | Class::Number | Class::Possessive => {
                let mut f = 0;
                if at_sentence_start {
                    f |= SENT_START;
                }
                if at_line_start {
                    f |= LINE_START;
                }
                tokens[i].flags |= f;
                at_line_start = false;
                at_sentence_start = false;
                prev_punct = None;
            }
        }
        i += 1;
    }
    words.add(finish_line(text, &mut tokens[line_begin..]));
    mark_lowercase_text(tokens, words);
}

/// True if `piece` is a closing quote or bracket right after a sentence's `.`, `!` or `?`
/// (`prev` is the punctuation just before it): `evaluate." Office`, `(see above.) Then`.
#[inline]
fn closes_sentence_end(prev: Option<u8>, piece: &str) -> bool {
    matches!(prev, Some(b'.' | b'!' | b'?')) && matches!(piece, "\"" | "'" | ")" | "]" | "\u{201d}" | "\u{2019}")
}

/// True if the `)` at `close` ends a list item's number or letter that starts a sentence:
/// "1) Start sertraline", "(2) Chaplain referral", "a) Continue": the word after it starts
/// the item's sentence, as after "1." or a bullet.
fn is_enumerator(text: &str, tokens: &[Token], close: usize) -> bool {
    let Some(label) = close.checked_sub(1).map(|j| &tokens[j]) else { return false };
    let short = match label.class {
        Class::Number => label.end - label.start <= 2,
        Class::Word => label.end - label.start == 1,
        _ => false,
    };
    short
        && label.end == tokens[close].start
        && label.has(SENT_START)
        && &text[tokens[close].start..tokens[close].end] == ")"
}

/// How many words of two letters or more a stretch of text has, and how many of them are
/// capitalised: [`finish_line`] counts them for [`mark_lowercase_text`] in its own pass.
#[derive(Clone, Copy, Default)]
struct Shape {
    words: u32,
    capital: u32,
}

impl Shape {
    fn add(&mut self, other: Shape) {
        self.words += other.words;
        self.capital += other.capital;
    }
}

/// True if a `.` after `word` marks an abbreviation rather than a sentence end: a single
/// letter (an initial), a title, or a common short abbreviation.
fn is_abbreviation(text: &str, word: &Token) -> bool {
    if word.class != Class::Word {
        return false;
    }
    let w = word.text(text);
    one_char(w)
        || word.entry.has(crate::lexicon::bits::TITLE)
        || ["st", "vs", "jr", "sr", "mt", "ft", "approx", "e.g", "i.e", "no", "inc", "co"]
            .iter()
            .chain(&STREET_ABBREVIATIONS)
            .any(|a| w.eq_ignore_ascii_case(a))
}

/// Street types whose period [`is_abbreviation`] reads as an abbreviation's, though it often
/// ends the sentence of an address too ("3400 Fenwick Rd. Case manager is ..."): the names
/// detector reads the word after one as a sentence start. ("St." is left out: "St. Mary's".)
pub(crate) const STREET_ABBREVIATIONS: [&str; 3] = ["ave", "rd", "blvd"];

/// Marks a line CASELESS when its words are (nearly) all capitals, and marks its lower-case
/// words CASELESS when the line has no capitalised word after a sentence start (a line
/// typed in lower case, where names may be lower case too: "f/u with patricia next week").
///
/// The case of a line is read from its vocabulary (common words and function words), which
/// stays when the line is de-identified; names, identifiers and random strings do not vote,
/// as they are what de-identification replaces. The tool's own codes and tags ("M.T.",
/// "[FACILITY-1]") count against either reading: the word they replaced may have had any
/// case. So a second pass reads de-identified text as the first pass read the original
/// (idempotence), or with fewer words CASELESS, which finds less.
///
/// Returns the line's [`Shape`].
fn finish_line(text: &str, line: &mut [Token]) -> Shape {
    // Words of the vocabulary by case, capitalised words (any) after a sentence start, and
    // the tool's own codes and tags.
    let (mut upper, mut lower, mut lower_any, mut title_vocab, mut title_mid, mut own) =
        (0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    let mut shape = Shape::default();
    for (i, t) in line.iter().enumerate().filter(|(_, t)| t.class == Class::Word && t.end - t.start >= 2) {
        shape.words += 1;
        shape.capital += u32::from(t.is_capitalized());
        if is_own_marker(text, line, i) {
            own += 1;
            continue;
        }
        let vocab = t.entry.word() > 0 || t.entry.has(bits::STOPWORD);
        match t.case {
            Case::Upper if vocab => upper += 1,
            Case::Lower => {
                lower_any += 1;
                lower += u32::from(vocab);
            }
            Case::Title if !t.has(SENT_START) => {
                title_mid += 1;
                title_vocab += u32::from(vocab);
            }
            _ => {}
        }
    }
    if upper >= 3 && upper >= (lower + title_vocab + own) * 4 {
        // A Title Case word in a line of capitals still has its case ("Acb" is no less a
        // capitalised word for the capitals around it).
        for t in line.iter_mut().filter(|t| t.case != Case::Title) {
            t.flags |= CASELESS;
        }
    } else if lower_any >= 3 && title_mid + own == 0 {
        for t in line.iter_mut().filter(|t| t.case == Case::Lower) {
            t.flags |= CASELESS;
        }
    }
    shape
}

/// True if `w` is one character: what `w.chars().count() == 1` says, without counting the
/// characters of a long word (asked of every name part and abbreviation).
#[inline]
pub fn one_char(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some() && c.next().is_none()
}

/// True if `w` has two characters or more (`w.chars().count() >= 2`, without the count).
#[inline]
pub fn two_chars_or_more(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some() && c.next().is_some()
}

/// True if word token `i` of `tokens` is part of the tool's own output: a code ("M.T.",
/// "K.R.-X49N2DVYSA", one token "M.T" by UAX #29) or the label of a tag ("[FACILITY-1]",
/// "[DATE 2023]": an upper-case word right after "[").
#[inline]
pub fn is_own_marker(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    // (inlined: nearly every word fails this test, and callers ask about every word)
    if t.class != Class::Word || t.case != Case::Upper && t.case != Case::Initial {
        return false;
    }
    capital_own_marker(text, tokens, i)
}

/// [`is_own_marker`] for a word in capitals.
fn capital_own_marker(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    is_code_word(t.text(text)) || is_own_tag_label(text, tokens, i)
}

/// True if word token `i` is the label of one of the tool's own tags: a word in capitals
/// right after "[" ("[FACILITY-1]", "[DATE 2023]"). Whatever a detector starts there
/// overlaps the tag, whose protection removes it.
#[inline]
pub fn is_own_tag_label(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    t.case == Case::Upper && t.start > 0 && text.as_bytes()[t.start - 1] == b'['
}

/// True if `w` has the shape of a code or of dotted initials as UAX #29 gives them: single
/// capitals joined by dots ("M.T", "K.R").
pub fn is_code_word(w: &str) -> bool {
    // capitals at even offsets, dots at odd ones, a capital at each end
    let b = w.as_bytes();
    b.len() >= 3
        && b.len() % 2 == 1
        && b.iter().enumerate().all(|(i, &c)| if i % 2 == 0 { c.is_ascii_uppercase() } else { c == b'.' })
}

/// Marks the whole text CASELESS when it is written in lower case throughout
/// ("pt's wife mary called"): fewer than one word in fifty starts with a capital. `shape`
/// counts the words of `tokens` (see [`Shape`]).
fn mark_lowercase_text(tokens: &mut [Token], shape: Shape) {
    if shape.words >= 5 && shape.capital * 50 < shape.words {
        for t in tokens.iter_mut() {
            t.flags |= CASELESS;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII fast path must cut exactly where unicode-segmentation cuts.
    #[test]
    fn ascii_fast_path_matches_unicode_segmentation() {
        let alphabet = b"aZk09.:',;_-/ \n\t\r@#()\"";
        let mut rng = crate::testing::Xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let len = (rng.0 % 12) as usize + 1;
            let s: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())] as char).collect();
            let mut fast = Vec::new();
            for_each_word_bound(&s, |i, p| fast.push((i, p.to_string())));
            let slow: Vec<(usize, String)> = s.split_word_bound_indices().map(|(i, p)| (i, p.to_string())).collect();
            assert_eq!(fast, slow, "{s:?}");
        }
    }

    /// The ASCII class and case must be what the Unicode functions say.
    #[test]
    fn ascii_class_and_case_match_the_unicode_ones() {
        let mut rng = crate::testing::Xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..50_000 {
            let len = rng.below(6);
            let s: String = (0..len).map(|_| char::from(rng.below(128) as u8)).collect();
            assert_eq!(ascii_class_of(s.as_bytes()), unicode_class_of(&s), "{s:?}");
            assert_eq!(ascii_case_of(s.as_bytes()), unicode_case_of(&s), "{s:?}");
        }
    }

    /// The one-pass shape of an ASCII piece must be what the separate steps give.
    #[test]
    fn ascii_shape_matches_class_possessive_and_case() {
        let alphabet = b"aZkS s'09.-\n_\x0b";
        let mut rng = crate::testing::Xorshift(0x5851_F42D_4C95_7F2D);
        for _ in 0..50_000 {
            let len = rng.below(7) + 1;
            let s: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())] as char).collect();
            let class = ascii_class_of(s.as_bytes());
            let want = match class {
                Class::Word => {
                    let stem = possessive_split(&s).unwrap_or(s.len());
                    (class, stem, ascii_case_of(&s.as_bytes()[..stem]))
                }
                _ => (class, s.len(), Case::Other),
            };
            assert_eq!(ascii_shape(s.as_bytes()), want, "{s:?}");
        }
    }

    /// The tokens must be the UAX #29 pieces of `unicode-segmentation`, each classified by
    /// the Unicode class and case functions, a possessive split off a word, every word
    /// looked up (the spec the one-pass tokenizer implements), and flagged by
    /// `mark_context`.
    #[test]
    fn tokens_are_the_classified_word_bound_pieces() {
        let lex = Lexicon::new();
        let mut cache = LookupCache::new();
        let alphabet = [
            "a", "Z", "k", "S", "s", "'", "0", "9", ".", ":", ",", "-", "[", "_", " ", "  ", "\n", "\r", "\t", "\u{b}",
            "\u{c}", "\u{e9}", "\u{2019}", "\u{2022}", "\u{a0}", "Smith", "ann", "Dr",
        ];
        let mut rng = crate::testing::Xorshift(0xD1B5_4A32_D192_ED03);
        let (mut tokens, mut want) = (Vec::new(), Vec::new());
        for _ in 0..30_000 {
            let n = rng.below(9) + 1;
            let s: String = (0..n).map(|_| alphabet[rng.below(alphabet.len())]).collect();
            tokenize(&s, &lex, &mut tokens, &mut cache);
            want.clear();
            let mut scratch = String::new();
            for (start, piece) in s.split_word_bound_indices() {
                let end = start + piece.len();
                let blank = Token::blank(start, end, unicode_class_of(piece));
                if blank.class != Class::Word {
                    want.push(blank);
                    continue;
                }
                let wend = start + possessive_split(piece).unwrap_or(piece.len());
                let word = &s[start..wend];
                let case = unicode_case_of(word);
                want.push(Token {
                    case,
                    entry: lex.lookup(word, &mut scratch),
                    ..Token::blank(start, wend, Class::Word)
                });
                if wend < end {
                    want.push(Token::blank(wend, end, Class::Possessive));
                }
            }
            mark_context(&s, &mut want);
            let fields = |t: &Token| (t.start, t.end, t.class, t.case, t.flags, t.entry.0);
            let (got, expected): (Vec<_>, Vec<_>) =
                (tokens.iter().map(fields).collect(), want.iter().map(fields).collect());
            assert_eq!(got, expected, "{s:?}");
        }
    }

    /// Re-tokenizing a rendering from the input's tokens must give the tokens of the
    /// rendering itself, whatever the edits and the text around them.
    #[test]
    fn retokenized_output_equals_its_tokenization() {
        let lex = Lexicon::new();
        let mut cache = LookupCache::new();
        let alphabet = [
            "a", "Z", "S", "s", "'", "0", "9", ".", ":", ",", "-", "[", " ", "  ", "   ", "\n", "\r", "\t", "\u{e9}",
            "\u{2019}", "\u{a0}", "Smith", "ann", "Dr", "WILL", "called",
        ];
        let replacements = ["K.R.", "[NAME]", "[DATE 2023]", "[CITY-2]", "", " ", "x\ny", "\u{e9}", "'s", "M.T..", "A"];
        let mut rng = crate::testing::Xorshift(0x94D0_49BB_1331_11EB);
        let (mut tokens, mut want, mut side) = (Vec::new(), Vec::new(), Vec::new());
        let fields = |t: &Token| (t.start, t.end, t.class, t.case, t.flags, t.entry.0);
        for _ in 0..30_000 {
            let n = rng.below(24) + 1;
            let text: String = (0..n).map(|_| alphabet[rng.below(alphabet.len())]).collect();
            // edits at character boundaries, in order, disjoint
            let cuts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let (mut edits, mut output, mut at) = (Vec::new(), String::new(), 0);
            while edits.len() < 8 {
                let Some(from) = cuts.get(cuts.partition_point(|&c| c < at) + rng.below(4)).copied() else { break };
                // (one edit in five inserts, as at the text's end: no span renders so, but any
                // edit must work)
                let to = if from == text.len() || rng.below(5) == 0 {
                    from
                } else {
                    cuts[(cuts.partition_point(|&c| c <= from) + rng.below(3)).min(cuts.len() - 1)]
                };
                let rep = replacements[rng.below(replacements.len())];
                output.push_str(&text[at..from]);
                edits.push((from..to, output.len()..output.len() + rep.len()));
                output.push_str(rep);
                at = to;
                if at == text.len() {
                    break;
                }
            }
            output.push_str(&text[at..]);
            tokenize(&text, &lex, &mut tokens, &mut cache);
            retokenize(&text, &output, edits.iter().cloned(), &lex, &mut tokens, &mut cache, &mut side);
            tokenize(&output, &lex, &mut want, &mut cache);
            let (got, expected): (Vec<_>, Vec<_>) =
                (tokens.iter().map(fields).collect(), want.iter().map(fields).collect());
            assert_eq!(got, expected, "{text:?} -> {output:?} ({edits:?})");
        }
    }

    #[test]
    fn code_words_are_capitals_joined_by_dots() {
        for w in ["M.T", "K.R", "A.B.C"] {
            assert!(is_code_word(w), "{w}");
        }
        for w in ["", "M", "MT", "M.", "M.T.", ".M.T", "M..T", "M.t", "MM.T", "M.TT", "\u{c9}.T", "M.\u{c9}"] {
            assert!(!is_code_word(w), "{w}");
        }
    }

    #[test]
    fn mixed_text_is_covered_without_gaps() {
        let s = "Nguyễn Văn An met Dr. O'Brien at 3.5 p.m.\r\n  Smith's e-mail: k.r@example.org";
        let mut pos = 0;
        for_each_word_bound(s, |i, p| {
            assert_eq!(i, pos);
            pos += p.len();
        });
        assert_eq!(pos, s.len());
    }
}

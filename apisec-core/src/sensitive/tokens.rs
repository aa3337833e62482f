//! The single pass over a decoded text: candidate spans for every structured type at once.
//!
//! Input: decoded text bytes, the enabled set and an optional outer key. Output: findings in
//! decoded offsets. A prefilter ([`next_interesting`], eight bytes at a time) jumps to the
//! next digit, capital letter, `:`, `(` or dotted-MAC `.`; from the start of the word run
//! holding it, each maximal alphanumeric run (plus its separator-joined digit groups) is
//! classified once by length and composition, and only then validated (check digits,
//! ranges, context). A run of lower-case letters alone is never a candidate (the one thing
//! this gives up: all-lower-case month names in dates such as `march 5, 2020`).

use super::checksum::*;
use super::context::{Ctx, context, vocab};
use super::network::{ipv6, is_alnum, mac, octet};
use super::phone::{cn_area, cn_landline_bare, cn_mobile, cn_subscriber, nanp};
use super::simd::{Chunk, Classes, Level, classes_at};
use super::{Finding, SensitiveScanner};

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Per byte of `x`: the high bit set where the byte lies strictly between `m` and `n`
/// (`m` ≤ 127, `n` ≤ 128; bytes ≥ 0x80 never match). Exact per byte: no carry or borrow
/// crosses a byte boundary.
#[inline]
fn between(x: u64, m: u64, n: u64) -> u64 {
    let lo7 = x & (LO * 127);
    (LO * (127 + n)).wrapping_sub(lo7) & !x & lo7.wrapping_add(LO * (127 - m)) & HI
}

/// Bytes that can start or mark a candidate: digits, `:`, upper-case letters, `(`, `.`
/// (a dotted MAC such as `aabb.ccdd.eeff` has no other mark).
#[inline]
fn interesting(x: u64) -> u64 {
    between(x, 0x2F, 0x3B) | between(x, 0x40, 0x5B) | between(x, 0x27, 0x29) | between(x, 0x2D, 0x2F)
}

fn interesting_byte(c: u8) -> bool {
    c.is_ascii_digit() || c.is_ascii_uppercase() || matches!(c, b':' | b'(' | b'.')
}

static INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_digit() || c.is_ascii_uppercase() || matches!(c, b':' | b'(' | b'.');
        i += 1;
    }
    t
};

/// Four hex digits on both sides of the `.` at `p` (the middle of a dotted MAC).
fn dotted_hex(b: &[u8], p: usize) -> bool {
    p >= 4 && b.len() > p + 4 && b[p - 4..p].iter().chain(&b[p + 1..p + 5]).all(u8::is_ascii_hexdigit)
}

/// The prefilter of the token pass: the first position at or after `i` holding a digit,
/// an upper-case letter, `:` or `(` (or `b.len()`), eight bytes at a time. Every structured
/// value holds one of those; runs of lower-case words, punctuation and CJK text are
/// jumped over without looking at their runs one by one.
pub(crate) fn next_interesting(b: &[u8], mut i: usize) -> usize {
    // after a run the next candidate often starts one or two bytes on (`%E4%BD`, `1.2.3`)
    for _ in 0..2 {
        match b.get(i) {
            Some(&c) if !INTERESTING[usize::from(c)] => i += 1,
            _ => return i,
        }
    }
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let m = interesting(x);
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !interesting_byte(b[i]) {
        i += 1;
    }
    i
}

/// The first position at or after `i` holding an upper-case ASCII letter (or `b.len()`).
#[cfg(test)]
pub(crate) fn next_upper(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let m = between(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])), 0x40, 0x5B);
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !b[i].is_ascii_uppercase() {
        i += 1;
    }
    i
}

/// The first position at or after `i` holding a non-ASCII byte (or `b.len()`).
#[cfg(test)]
pub(crate) fn next_non_ascii(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let m = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) & HI;
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i] < 0x80 {
        i += 1;
    }
    i
}

/// Composition of an alphanumeric run: which of digits, upper-case and lower-case letters
/// it holds (an OR of these bits).
pub(crate) const C_DIG: u8 = 1;
pub(crate) const C_UP: u8 = 2;
pub(crate) const C_LOW: u8 = 4;

/// Per byte: `C_DIG`, `C_UP` or `C_LOW`, 0 for every byte that is not ASCII alphanumeric.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_digit() {
            C_DIG
        } else if c.is_ascii_uppercase() {
            C_UP
        } else if c.is_ascii_lowercase() {
            C_LOW
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Per separator byte: the classes (`C_*`) the byte before it must have for the run after it
/// to be the tail of a value already looked at: `.`, `:`, `+` after a digit (`1.2.3.4.5`,
/// `12:34`), `-` after any alphanumeric (`12-34`, `a-b-c`). One lookup and an AND stand for
/// a chain of byte compares whose outcome the branch predictor cannot guess on dense text.
static TAIL: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'.' as usize] = C_DIG;
    t[b':' as usize] = C_DIG;
    t[b'+' as usize] = C_DIG;
    t[b'-' as usize] = C_DIG | C_UP | C_LOW;
    t
};

/// Per byte: `C_DIG | C_UP | C_LOW` for an alphanumeric, 0 otherwise (the first test of
/// [`tail_at`]).
static ALNUM_MASK: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        if CLASS[i] != 0 {
            t[i] = C_DIG | C_UP | C_LOW;
        }
        i += 1;
    }
    t
};

/// Whether the run after the separator at `r` is such a tail (`TAIL`), needing `0 < r` and
/// `r + 1 < b.len()`: an alphanumeric follows the separator, and the separator follows its
/// class of byte. The byte after is tested first on its own: at the end of most values it is
/// a quote or a comma and the other two lookups are not made; the separator and the byte
/// before it are then ANDed into one byte and compared once (a chain of compares on them
/// took one branch per part).
#[inline(always)]
fn tail_at(b: &[u8], r: usize) -> bool {
    ALNUM_MASK[usize::from(b[r + 1])] != 0 && TAIL[usize::from(b[r])] & CLASS[usize::from(b[r - 1])] != 0
}

// The tests `token` and its guards make on a run are bits of three lookups: `NEXT` of the
// byte after the run (and of the byte before it), `LENS` of its length, `CLASS` of the byte
// after that. A test that needs a length and a next byte has its `L_*` and `N_*` bits at the
// same place, so `LENS[len] & NEXT[next] & bit` is the test, and several tests ORed into one
// word are decided by one compare. (Written as `&&` chains, or `&` of bools, the compiler
// splits them into one branch per part, and these parts are data the predictor cannot learn.)

/// Any byte but `/ + : - . (` and 0xEF: a letters-only run ending there may be idle.
const N_LETTERS_END: u16 = 1;
/// `/`, `+`: a longer base64 text may go on.
const N_SLASH_PLUS: u16 = 2;
/// `:`, `-`, `.`: a MAC or IPv6 group may go on.
const N_HEX_SEP: u16 = 4;
/// ` `, `-`, `.`, `/`, `+`: a digit group may follow.
const N_GROUP: u16 = 16;
/// ` `, `+`: a day or a year may follow.
const N_DAY: u16 = 32;
/// 0xE5 (the lead byte of `年`).
const N_YEAR: u16 = 64;
/// ` ` (at bit 7: shifted down, it meets `C_DIG` of the byte after it).
const N_SPACE: u16 = 128;
/// `+` (read before a run).
const N_PLUS: u16 = 256;

static NEXT: [u16; 256] = {
    let mut t = [N_LETTERS_END; 256];
    t[b'/' as usize] = N_SLASH_PLUS | N_GROUP;
    t[b'+' as usize] = N_SLASH_PLUS | N_GROUP | N_DAY | N_PLUS;
    t[b':' as usize] = N_HEX_SEP;
    t[b'-' as usize] = N_HEX_SEP | N_GROUP;
    t[b'.' as usize] = N_HEX_SEP | N_GROUP;
    t[b'(' as usize] = 0;
    t[0xEF] = 0;
    t[0xE5] = N_LETTERS_END | N_YEAR;
    t[b' ' as usize] = N_LETTERS_END | N_GROUP | N_DAY | N_SPACE;
    t
};

/// Under 14 bytes (with `N_LETTERS_END`).
const L_LETTERS: u16 = N_LETTERS_END;
/// 29, 30, 39 or 40 bytes: a secret's length, alone or with the `/` or `+` before the run
/// (with `N_SLASH_PLUS`: before those the secret test is made at any length).
const L_SECRET: u16 = N_SLASH_PLUS;
/// Up to 4 bytes (with `N_HEX_SEP`).
const L_HEX: u16 = N_HEX_SEP;
/// Up to 2 bytes (with `N_DAY`).
const L_DAY: u16 = N_DAY;
/// 4 bytes (with `N_YEAR`).
const L_YEAR: u16 = N_YEAR;
/// 13 bytes (with `N_PLUS` of the byte before: `+8613812345678`).
const L_PLUS13: u16 = N_PLUS;
/// A length at which a bare digit run can be a value by itself (`numeric`'s last match).
const L_BARE: u16 = 512;

/// `L_*` bits per run length (`len.min(63)`).
static LENS: [u16; 64] = {
    let mut t = [0u16; 64];
    let mut n = 0;
    while n < 64 {
        let mut v = 0;
        if n < 14 {
            v |= L_LETTERS;
        }
        if matches!(n, 29 | 30 | 39 | 40) {
            v |= L_SECRET;
        }
        if n <= 4 {
            v |= L_HEX;
        }
        if n <= 2 {
            v |= L_DAY;
        }
        if n == 4 {
            v |= L_YEAR;
        }
        if n == 13 {
            v |= L_PLUS13;
        }
        if n < 32 && (NUMERIC_LENS >> n) & 1 == 1 {
            v |= L_BARE;
        }
        t[n] = v;
        n += 1;
    }
    t
};

/// The `L_*` bits of a run of `len` bytes.
#[inline(always)]
fn lens(len: usize) -> u16 {
    LENS[len.min(63)]
}

/// Keys `CLASS[first] << 3 | CLASS[last]` of a run that starts with a letter and ends with a
/// digit (a label glued to a number).
const LABEL_KEYS: u64 = 1 << (C_UP << 3 | C_DIG) | 1 << (C_LOW << 3 | C_DIG);

/// The composition bits of a run (byte by byte; the definition [`run_end`] agrees with).
#[cfg(test)]
fn composition(run: &[u8]) -> u8 {
    run.iter().fold(0, |a, &c| a | CLASS[usize::from(c)])
}

/// End of the alphanumeric run starting at `i` and its composition (`C_DIG | C_UP | C_LOW`),
/// eight bytes at a time: one pass finds where the run stops and what it is made of, so a
/// run is classified without walking it again.
#[inline(always)]
pub(crate) fn run_end(b: &[u8], mut i: usize) -> (usize, u8) {
    // Inside a run every byte is a digit (bit 6 clear) or a letter (bit 6 set; bit 5 set for
    // lower case), so three ORs of whole words give the composition: `!x` for digits,
    // `x & x << 1` for lower case, `x & !(x << 1)` for upper case, each read at bit 6.
    let (mut nx, mut lo, mut up) = (0u64, 0u64, 0u64);
    while i + 8 <= b.len() {
        let x = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        let alnum = between(x, 0x2F, 0x3A) | between(x | (LO * 0x20), 0x60, 0x7B);
        let stop = !alnum & HI;
        let x1 = x << 1;
        if stop != 0 {
            // whole bytes before the first stop byte
            let keep = ((stop & stop.wrapping_neg()) >> 7).wrapping_sub(1);
            nx |= !x & keep;
            lo |= x & x1 & keep;
            up |= x & !x1 & keep;
            return (i + (stop.trailing_zeros() / 8) as usize, composition_bits(nx, lo, up));
        }
        nx |= !x;
        lo |= x & x1;
        up |= x & !x1;
        i += 8;
    }
    // the last few bytes one at a time
    let mut c = composition_bits(nx, lo, up);
    while i < b.len() && CLASS[usize::from(b[i])] != 0 {
        c |= CLASS[usize::from(b[i])];
        i += 1;
    }
    (i, c)
}

/// `C_DIG | C_UP | C_LOW` from the bit-6 accumulators of [`run_end`].
#[inline(always)]
fn composition_bits(nx: u64, lo: u64, up: u64) -> u8 {
    const B6: u64 = LO * 0x40;
    (u8::from(nx & B6 != 0) * C_DIG) | (u8::from(up & B6 != 0) * C_UP) | (u8::from(lo & B6 != 0) * C_LOW)
}

/// Bytes that may belong to the run of words and joiners around a candidate: ASCII
/// alphanumerics and `+ - . / :`.
#[inline]
fn joined(x: u64) -> u64 {
    between(x, 0x2A, 0x2C) | between(x, 0x2C, 0x3B) | between(x, 0x40, 0x5B) | between(x, 0x60, 0x7B)
}

static JOINED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || matches!(c, b':' | b'-' | b'.' | b'/' | b'+');
        i += 1;
    }
    t
};

#[inline]
fn joined_byte(c: u8) -> bool {
    JOINED[usize::from(c)]
}

/// Walks back from `j` while the byte before is alphanumeric or a joiner, never below
/// `floor`: the start of the run of words and joiners that ends at `j`.
#[inline(always)]
pub(crate) fn joined_start(b: &[u8], mut j: usize, floor: usize) -> usize {
    // most candidates follow a quote, a space or `=`: one look settles those
    if j == floor || !joined_byte(b[j - 1]) {
        return j;
    }
    while j >= floor + 8 {
        let x = u64::from_le_bytes(b[j - 8..j].try_into().unwrap_or([0; 8]));
        let stop = !joined(x) & HI;
        if stop != 0 {
            return j - 8 + (64 - stop.leading_zeros() as usize) / 8;
        }
        j -= 8;
    }
    while j > floor && joined_byte(b[j - 1]) {
        j -= 1;
    }
    j
}

/// The token pass's view of its text: the byte classes ([`Classes`]) of one 64-byte block,
/// blocks aligned at multiples of 64 from the text's start, loaded when the pass first looks
/// into one. Finding the next interesting byte and the end and composition of a run then
/// costs a shift and a bit count instead of a walk over the bytes (dense JSON and logs hold
/// a run every few bytes). The pass only moves forward through the blocks: a look behind
/// the loaded block (a walk back, a run that starts there) uses the word-at-a-time scans,
/// so no block is loaded twice; base64 interiors the pass steps over are never loaded.
struct Blocks<'a> {
    b: &'a [u8],
    /// Start of the loaded block (`usize::MAX` before the first load).
    base: usize,
    /// The classes of the loaded block that the scans read.
    m: Kept,
    /// `m.digit | m.upper | m.lower`.
    alnum: u64,
    /// The driver's skip spans (sorted by start). [`quiet_runs`] are dropped from `m.interest`
    /// only in blocks no span touches: a step inside a span jumps to the span's end (past the
    /// runs that follow it inside the span, or into the middle of one), and a run that ends at
    /// a span's start is stepped over up to `limit` differently. A run lies inside its block
    /// with the bytes its tests read, so in a block clear of every span the driver steps over it
    /// exactly as in a text with no spans. (Checking the whole text instead turned dropping off
    /// for every document holding one PEM block or passwd line: half the idle visits.)
    skip: &'a [(usize, usize)],
    /// Index of the first span of `skip` that ends after the loaded block's start (blocks are
    /// loaded in increasing order, so it only moves forward).
    ks: usize,
    /// `m.interest` before the quiet runs were dropped from it.
    full: u64,
    /// The bytes of the dropped runs but their first: a scan that resumes there (after a
    /// value that ended inside a run) reads `full`, as the driver must then see the run.
    inner: u64,
    /// The vector kernels the blocks are classified with, detected once per text.
    level: Level,
}

/// The [`Classes`] of a block that [`Blocks`] reads after loading it (the colons, spaces and
/// openers only serve the load itself: not keeping them saves their copies on every block).
#[derive(Clone, Copy, Default)]
struct Kept {
    digit: u64,
    upper: u64,
    lower: u64,
    /// With the droppable colons and the quiet runs taken out (see [`Blocks::load`]).
    interest: u64,
    joined: u64,
}

/// The three scans the driver makes over the bytes ([`Blocks`]; the tests also drive it with
/// the word-at-a-time functions they are defined by, and compare).
trait Scans<'a> {
    /// `skip`: the driver's skip spans; [`Scans::next_interesting`] may also step over
    /// [`quiet_runs`] where none of them is near.
    fn new(b: &'a [u8], skip: &'a [(usize, usize)]) -> Self;
    fn text(&self) -> &'a [u8];
    /// [`next_interesting`], or a later position when every byte in between that
    /// [`next_interesting`] stops at is a `:` the driver steps over at once (see
    /// [`droppable_colon`]) or lies in a run the driver would step over without a finding
    /// (see [`quiet_run`]).
    fn next_interesting(&mut self, i: usize) -> usize;
    /// [`run_end`].
    fn run_end(&mut self, i: usize) -> (usize, u8);
    /// The end alone of [`run_end`] (the tails the step passes need no composition).
    fn run_stop(&mut self, i: usize) -> usize;
    /// [`joined_start`] (`j > 0` when `j > floor`).
    fn joined_start(&mut self, j: usize, floor: usize) -> usize;
}

impl Blocks<'_> {
    /// Makes the block holding `i` the loaded one; false (nothing loaded) when `i` lies
    /// before the loaded block.
    #[inline(always)]
    fn at(&mut self, i: usize) -> bool {
        let nb = i & !63;
        if nb != self.base {
            if nb < self.base && self.base != usize::MAX {
                return false;
            }
            self.load(nb);
        }
        true
    }

    /// Loads the block at `nb`, its classes computed with the kernels detected for the text.
    #[inline(never)]
    fn load(&mut self, nb: usize) {
        self.base = nb;
        let mut m = classes_at(self.level, self.b, nb);
        // A `:` after a byte that is neither alphanumeric nor a joiner and not before another
        // `:` (the colon of `"key": value`) is a stop the driver steps over at once: drop it
        // here. The first and last byte of the block keep theirs (their neighbours lie in
        // other blocks).
        let lone = m.colon & !(m.joined << 1) & !(m.colon >> 1) & !(1 | 1 << 63);
        m.interest &= !lone;
        let alnum = m.digit | m.upper | m.lower;
        self.full = m.interest;
        if m.interest & alnum != 0 && self.clear_of_spans(nb) {
            let q = quiet_runs(&m, alnum);
            m.interest &= !q;
            self.inner = q & (q << 1);
        } else {
            self.inner = 0;
        }
        let Classes { digit, upper, lower, interest, joined, .. } = m;
        self.m = Kept { digit, upper, lower, interest, joined };
        self.alnum = alnum;
    }

    /// Whether no skip span holds a byte of the block at `nb` (`nb` never decreases from one
    /// call to the next). Spans before `ks` all end at or before `nb`; the others start no
    /// earlier than the one at `ks`, so that one alone decides (also for nested spans).
    #[inline(always)]
    fn clear_of_spans(&mut self, nb: usize) -> bool {
        while let Some(&(_, e)) = self.skip.get(self.ks)
            && e <= nb
        {
            self.ks += 1;
        }
        self.skip.get(self.ks).is_none_or(|&(s, _)| s >= nb + 64)
    }
}

/// The runs of one block that the driver would visit only to step over them: bit `k` set for
/// every byte of such a run. Each lies inside the block with the bytes its tests read (never
/// on its first byte, nor on its second after a `:`, nor before a space on its last byte);
/// follows a byte that is neither alphanumeric nor a joiner, or a `:` after such a byte (so
/// the walk back from it stops at its start or at that `:`, which the step passes); is
/// followed by a byte that is neither a joiner nor `(` nor, after a run with a letter or of
/// four digits or more, an opener (0xE5, 0xEF) nor a space before a digit (so the step stops
/// at its end and no value continues past it); and is one of
/// - up to 13 letters with a lower-case one ([`letters_idle`]);
/// - up to 12 alphanumerics with a lower-case letter and a digit: too short for a label glued
///   to a number, and `alnum` only looks at such runs when they have 14, 15 or 18 bytes;
/// - up to seven digits and capitals, not before a space when it is a day (up to two digits,
///   [`numeric_quiet`]): no upper-case value is that short, no bare number either. Before a
///   space a capital word may be a month name (`JUL 5 2023`), but only with a digit after the
///   space, which stops every run here anyway: `GET /`, `POST /`, `CPU iPhone OS` are dropped.
///
/// The per-run tests are bit arithmetic on the whole block: adding a set of run bytes to the
/// run mask carries each run that holds one of them into the byte after its end (`ends`);
/// `g*` mark the bytes that start at least `*` alphanumerics, so a run's length class is read
/// at its first byte; the runs are filled back down from their ends by doubling shifts.
#[inline(always)]
fn quiet_runs(m: &Classes, a: u64) -> u64 {
    let ends = |x: u64| a.wrapping_add(x) & !a;
    let colon_after_gap = m.colon << 1 & !(m.joined << 2);
    // a start on byte 0 has its neighbour in the block before, and so has the `:` before a
    // start on byte 1
    let starts = a & !(a << 1) & !(m.joined << 1 & !colon_after_gap) & !(1 | m.colon << 1 & 2);
    let g2 = a & a >> 1;
    let g4 = g2 & g2 >> 2;
    let g8 = g4 & g4 >> 4;
    let g13 = g8 & g8 >> 5;
    let (has_d, has_l, has_u) = (ends(m.digit), ends(m.lower), ends(m.upper));
    let lower = has_l & ends(starts & !(g13 & g8 >> 6)) & (!has_d | ends(starts & !g13));
    let tiny = ends(starts & !(g2 & a >> 2));
    let short = ends(starts & !g8) & !has_l & !(m.space & tiny & !has_u);
    // a space on the last byte may come before a digit of the next block
    // `(` is the one interesting byte that is not a joiner
    // 0xE5 and 0xEF stop a run with a letter (`C646023（7）`) or four digits or more (`2010年`):
    // a shorter digit run there is quiet by `numeric_quiet` (the `号` of `路326号`, `栋6单元`)
    let opened = m.opener & (has_l | has_u | ends(starts & g4));
    let stop = (m.joined & !a) | (m.interest & !m.joined) | opened | (m.space & (m.digit >> 1 | 1 << 63));
    let e = (lower | short) & !stop;
    // fill each run down from its last byte (runs are at most 13 bytes)
    let mut q = e >> 1;
    q |= q >> 1 & a;
    q |= q >> 2 & g2;
    q |= q >> 4 & g4;
    q |= q >> 8 & g8;
    q
}

impl<'a> Scans<'a> for Blocks<'a> {
    fn new(b: &'a [u8], skip: &'a [(usize, usize)]) -> Self {
        let level = Level::detect();
        Blocks { b, base: usize::MAX, m: Kept::default(), alnum: 0, skip, ks: 0, full: 0, inner: 0, level }
    }

    #[inline(always)]
    fn text(&self) -> &'a [u8] {
        self.b
    }

    #[inline(always)]
    fn next_interesting(&mut self, mut i: usize) -> usize {
        let n = self.b.len();
        while i < n {
            if !self.at(i) {
                return next_interesting(self.b, i);
            }
            let off = i - self.base;
            let m = if (self.inner >> off) & 1 == 0 { self.m.interest } else { self.full } >> off;
            if m != 0 {
                // bytes past the text's end read as 0, never interesting
                return i + m.trailing_zeros() as usize;
            }
            i = self.base + 64;
        }
        n
    }

    #[inline(always)]
    fn run_end(&mut self, mut i: usize) -> (usize, u8) {
        let mut comp = 0;
        loop {
            if !self.at(i) {
                // only ever at the first block of the run: later ones follow the loaded one
                return run_end(self.b, i);
            }
            let off = i - self.base;
            let a = self.alnum >> off;
            // the run's bits from `off` on: those below the first byte that is not
            // alphanumeric (all of them when the run reaches the block's end; the shift
            // brings in zeros, so only at `off` 0 can `!a` be 0)
            let len = (!a).trailing_zeros() as usize;
            let span = ((!a).wrapping_sub(1) & a) << off;
            let m = &self.m;
            comp |= (u8::from(m.digit & span != 0) * C_DIG)
                | (u8::from(m.upper & span != 0) * C_UP)
                | (u8::from(m.lower & span != 0) * C_LOW);
            if len < 64 - off {
                return (i + len, comp);
            }
            // bytes past the text's end read as 0, so a run never continues past it
            i = self.base + 64;
        }
    }

    #[inline(always)]
    fn run_stop(&mut self, mut i: usize) -> usize {
        loop {
            if !self.at(i) {
                return run_end(self.b, i).0;
            }
            let off = i - self.base;
            let len = (!(self.alnum >> off)).trailing_zeros() as usize;
            if len < 64 - off {
                return i + len;
            }
            i = self.base + 64;
        }
    }

    #[inline(always)]
    fn joined_start(&mut self, j: usize, floor: usize) -> usize {
        // No look at the byte before first (most candidates follow a quote, a space or `=`):
        // whether it settles the walk is a coin the branch predictor loses ~1 time in 4 on
        // dense JSON, while the mask answers those cases too without a data-dependent
        // branch (a stop byte below `off` is there almost always). `j == floor` needs no
        // test either: the answer is clamped to `floor`.
        let Some(off) = j.checked_sub(self.base).filter(|&o| o < 64) else {
            return joined_start(self.b, j, floor);
        };
        let nj = !self.m.joined & ((1u64 << off) - 1);
        if nj != 0 {
            (self.base + 64 - nj.leading_zeros() as usize).max(floor)
        } else if floor >= self.base {
            floor
        } else {
            joined_start(self.b, self.base, floor)
        }
    }
}

/// Whether the `:` at `p` is one the driver steps over at once: after a byte that is not
/// alphanumeric or a joiner and not before another `:`.
#[cfg(test)]
fn droppable_colon(b: &[u8], p: usize) -> bool {
    b[p] == b':' && p > 0 && !joined_byte(b[p - 1]) && b.get(p + 1) != Some(&b':')
}

/// Whether byte `k` lies in a run [`quiet_runs`] may drop, by the definitions it rests on:
/// the walk back stops at the run's start, the step stops at its end, and `token` returns
/// that end at once.
#[cfg(test)]
fn quiet_run(b: &[u8], k: usize) -> bool {
    if !is_alnum(b[k]) {
        return false;
    }
    let s = (0..k).rev().find(|&j| !is_alnum(b[j])).map_or(0, |j| j + 1);
    let e = (k..b.len()).find(|&j| !is_alnum(b[j])).unwrap_or(b.len());
    let (len, comp, next) = (e - s, composition(&b[s..e]), b.get(e).copied().unwrap_or(0));
    let walk_stops =
        (s > 0 && !joined_byte(b[s - 1])) || (s > 1 && b[s - 1] == b':' && !joined_byte(b[s - 2]));
    // past the text's end `next` reads as 0: nothing continues there either
    let day_or_group = next == b' ' && b.get(e + 1).is_some_and(u8::is_ascii_digit);
    // a digit run needs no stop at 0xE5 or 0xEF: `numeric_quiet` looks at the `年` after four
    let opener = matches!(next, 0xE5 | 0xEF) && comp != C_DIG;
    let step_stops = !(joined_byte(next) || next == b'(' || opener || day_or_group);
    let idle = if comp & C_LOW != 0 {
        len < 14 && (comp & C_DIG == 0 || len < 13) && (comp & C_DIG != 0 || letters_idle(b, comp, len, e))
    } else {
        len < 8 && !(next == b' ' && comp == C_DIG && len <= 2) && (comp != C_DIG || numeric_quiet(b, s, e))
    };
    walk_stops && step_stops && idle
}

/// The scans as the word-at-a-time functions make them: the reference [`Blocks`] is
/// compared with.
#[cfg(test)]
struct Words<'a>(&'a [u8]);

#[cfg(test)]
impl<'a> Scans<'a> for Words<'a> {
    fn new(b: &'a [u8], _skip: &'a [(usize, usize)]) -> Self {
        Words(b)
    }
    fn text(&self) -> &'a [u8] {
        self.0
    }
    fn next_interesting(&mut self, i: usize) -> usize {
        next_interesting(self.0, i)
    }
    fn run_end(&mut self, i: usize) -> (usize, u8) {
        run_end(self.0, i)
    }
    fn run_stop(&mut self, i: usize) -> usize {
        run_end(self.0, i).0
    }
    fn joined_start(&mut self, j: usize, floor: usize) -> usize {
        joined_start(self.0, j, floor)
    }
}

/// Bytes per block of the base64 test ([`blob_block`]).
const BLOCK: usize = 32;

/// Whether the 32 bytes at `q` read as base64 data rather than structured text: every byte
/// in `[A-Za-z0-9+/]`; at least one digit but never four in a row (numbers, dates and phone
/// digits are the structure the token pass looks for); at least two lower-case letters; and
/// at least two capitals directly followed by another capital or a digit (words and
/// camelCase put a capital before lower case; random base64 does so in only ~40% of its
/// capitals). `carry` holds the digit flags of the three bytes before the block (bits 0–2)
/// and is updated for the next one. Random base64 passes a block ~97% of the time.
///
/// The two tests of letters count distinct byte positions modulo 8 (each 8-byte word's
/// flags ORed into one), and a capital's next byte is looked at within its word only: that
/// is how this test was first written, word by word, and [`blob_pair`] keeps it exactly.
#[cfg(test)]
fn blob_block(b: &[u8], q: usize, carry: &mut u64) -> bool {
    let Some(blk) = b.get(q..q + BLOCK) else {
        return false;
    };
    let (mut bad, mut low, mut ux, mut dbits) = (0u64, 0u64, 0u64, 0u64);
    for (k, w) in blk.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        let d = between(x, 0x2F, 0x3A);
        let up = between(x, 0x40, 0x5B);
        let alpha = between(x | (LO * 0x20), 0x60, 0x7B);
        let sym = between(x, 0x2A, 0x2C) | between(x, 0x2E, 0x30);
        bad |= !(d | alpha | sym) & HI;
        low |= alpha & !up;
        // a capital whose next byte (in the same word) is a capital or a digit
        ux |= up & ((up | d) >> 8);
        // the digit flags gathered into one bit per byte (bit k for byte k of the word)
        dbits |= ((d >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    let w = dbits << 3 | *carry;
    *carry = dbits >> 29;
    let four = w & w >> 1 & w >> 2 & w >> 3;
    bad == 0 && dbits != 0 && four == 0 && low & low.wrapping_sub(1) != 0 && ux & ux.wrapping_sub(1) != 0
}

/// Where the token pass resumes when the alphanumeric run ending at `e` opens a base64
/// upload, or `None`. From `e` on, consecutive 32-byte blocks that pass [`blob_block`] form
/// the blob (two at least); the pass resumes at the last run start at or before one block
/// from the blob's end, so every run stepped over lies inside tested blocks, and a value
/// made of several runs (`138+1234+5678`, `Aug+1+1957`) that starts in the skipped part
/// would end inside them too. Structured text never qualifies: a space, quote, comma,
/// `-`, `.`, `%`, `&` or `=` ends the blob, and so does any run of four digits.
///
/// The blocks are tested two at a time from one [`Chunk`] ([`blob_pair`]): the byte classes
/// of 64 bytes in a few vector compares, where the word-at-a-time [`blob_block`] (the
/// definition, kept for the tests) spent about five instructions per byte on the interior
/// of every upload.
fn blob_resume(b: &[u8], e: usize) -> Option<usize> {
    let mut q = e;
    let mut carry = 0;
    loop {
        let (first, second) = blob_pair(b, q, &mut carry);
        if !first {
            break;
        }
        q += BLOCK;
        if !second {
            break;
        }
        q += BLOCK;
    }
    blob_end(b, e, q)
}

/// [`blob_resume`] block by block with [`blob_block`] (the definition it is tested against).
#[cfg(test)]
fn blob_resume_ref(b: &[u8], e: usize) -> Option<usize> {
    let mut q = e;
    let mut carry = 0;
    while blob_block(b, q, &mut carry) {
        q += BLOCK;
    }
    blob_end(b, e, q)
}

/// [`blob_block`] for the two blocks at `q` and `q + 32` at once, from the classes of one
/// [`Chunk`]: whether each passes (the second's answer only matters when the first passes),
/// `carry` updated past both. A block that does not lie whole in the text fails (the chunk
/// reads zeros past its end, which are no base64 bytes).
#[inline]
fn blob_pair(b: &[u8], q: usize, carry: &mut u64) -> (bool, bool) {
    // each word's last byte: its next byte lies in the next word, which the test ignores
    const WORD_LAST: u64 = 0x8080_8080_8080_8080;
    let ch = Chunk::load(b, q);
    let (d, up, low) = (ch.digits(), ch.upper(), ch.lower());
    let ok = d | up | low | ch.eq(b'+') | ch.eq(b'/');
    let ux = up & ((up | d) >> 1) & !WORD_LAST;
    // one bit per byte position modulo 8 of a 32-bit half: its four words ORed
    let positions = |m: u64| {
        let m = m & 0xFFFF_FFFF;
        (m | m >> 8 | m >> 16 | m >> 24) & 0xFF
    };
    let two = |m: u64| m & m.wrapping_sub(1) != 0;
    let block = |h: u32, carry: u64| {
        let dh = (d >> h) & 0xFFFF_FFFF;
        let w = dh << 3 | carry;
        let four = w & w >> 1 & w >> 2 & w >> 3;
        (ok >> h) & 0xFFFF_FFFF == 0xFFFF_FFFF
            && dh != 0
            && four == 0
            && two(positions(low >> h))
            && two(positions(ux >> h))
    };
    let first = block(0, *carry);
    let second = block(32, (d >> 29) & 7);
    *carry = d >> 61;
    (first, second)
}

/// The end of [`blob_resume`] once the blob's tested blocks end at `q`.
#[inline]
fn blob_end(b: &[u8], e: usize, q: usize) -> Option<usize> {
    if q < e + 2 * BLOCK {
        return None;
    }
    let mut u = q - BLOCK;
    while u > e && (is_alnum(b[u - 1]) || !is_alnum(b[u])) {
        u -= 1;
    }
    (u > e).then_some(u)
}

/// Up to 8 digit groups joined by single separators: group `k` is `b[st(k)..en(k)]`, and
/// `sep[k]` joins groups `k` and `k + 1` (`+` read as a space).
struct Groups {
    /// Start of the first group (every later one starts one byte after the previous end).
    s: usize,
    n: usize,
    /// Number of leading groups joined by one and the same separator (1 when `n` is 1):
    /// `multi` can match no more groups than this.
    same: usize,
    en: [usize; 8],
    sep: [u8; 8],
}

impl Groups {
    #[inline]
    fn st(&self, k: usize) -> usize {
        if k == 0 { self.s } else { self.en[k - 1] + 1 }
    }
    #[inline]
    fn en(&self, k: usize) -> usize {
        self.en[k]
    }
    #[inline]
    fn len(&self, k: usize) -> usize {
        self.en[k] - self.st(k)
    }
    /// The digits of group `k`.
    #[inline]
    fn grp<'a>(&self, b: &'a [u8], k: usize) -> &'a [u8] {
        &b[self.st(k)..self.en[k]]
    }
    /// The digits of the first `k` groups without their separators (at most 32).
    fn digits(&self, b: &[u8], k: usize) -> Digits {
        let mut d = Digits { d: [0; 32], m: 0 };
        for i in 0..k {
            for &x in self.grp(b, i) {
                if d.m < 32 {
                    d.d[d.m] = x;
                    d.m += 1;
                }
            }
        }
        d
    }
}

/// Up to 32 digits copied out of separator-joined groups.
struct Digits {
    d: [u8; 32],
    m: usize,
}

impl Digits {
    fn as_slice(&self) -> &[u8] {
        &self.d[..self.m]
    }
}

/// The end of the digit run at `i` (`i` itself when `b[i]` is not a digit or `i` is past the
/// end), as [`digit_end_ref`] defines it. The groups asked for are mostly short and of varying
/// length (octets, dates, phone groups), so the byte loop mispredicted its exit on almost
/// every call: here, when eight bytes are left, they are read as one word and the first
/// non-digit is found by a per-byte test and a `trailing_zeros`, with no branch on the run's
/// length. Runs of eight digits or more and the last seven bytes of a text take the loop.
#[inline]
fn digit_end(b: &[u8], i: usize) -> usize {
    if let Some(w) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        // digits become 0..=9; adding 0x76 sets the high bit of any byte above 9, and the
        // OR that of a byte that had it. Only the lowest marked byte is used: a carry out of
        // a non-digit byte reaches only the bytes above it
        let y = u64::from_le_bytes(*w) ^ (LO * 0x30);
        let nd = (y.wrapping_add(LO * 0x76) | y) & HI;
        if nd != 0 {
            return i + (nd.trailing_zeros() / 8) as usize;
        }
        return digit_end_ref(b, i + 8);
    }
    digit_end_ref(b, i)
}

/// The definition of [`digit_end`]: the run's bytes one by one.
fn digit_end_ref(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// The high bit of every byte of `x` that is not an ASCII digit. Unlike the test in
/// [`digit_end`], no carry crosses a byte (the high bits are set aside before the add), so
/// every byte's answer holds, not only the lowest one's.
#[inline]
fn non_digits(x: u64) -> u64 {
    let y = x ^ (LO * 0x30);
    (((y & !HI) + LO * 0x76) | y) & HI
}

/// [`octet`] of the `l` ASCII digits in the low bytes of `x` (first digit lowest), for `l` in
/// 1..=3 (any other `l` is refused). Digit strings of one length compare as numbers, so the
/// digits read as a big-endian number of `l` bytes are an octet when they lie between the
/// smallest value without a leading zero (`0`, `10`, `100`) and `255`, written the same way.
#[inline]
fn octet_word(x: u64, l: usize) -> bool {
    if !(1..=3).contains(&l) {
        return false;
    }
    let sh = 8 * (3 - l as u32);
    // digit values, the first digit in the top byte, `l` bytes kept
    let v = ((x as u32) ^ 0x3030_3030).swap_bytes() >> (8 + sh);
    let min = (0x01_0000 >> sh) & !1;
    v >= min && v <= 0x02_0505
}

/// The bytes that join two digit groups ([`group_at`]).
static GROUP_SEP: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'-' as usize] = true;
    t[b'.' as usize] = true;
    t[b'/' as usize] = true;
    t[b'+' as usize] = true;
    t
};

/// Whether another digit group follows at `e`: a separator (` - . / +`) and a digit after it,
/// as [`group_at_ref`] defines it. One table look and one digit test joined without a branch
/// between them: whether a digit run has a group after it varies from run to run, and the
/// chain of compares this replaces branched (and mispredicted) on each part.
#[inline(always)]
fn group_at(b: &[u8], e: usize) -> bool {
    match b.get(e..).and_then(<[u8]>::first_chunk::<2>) {
        Some(&[c, d]) => GROUP_SEP[usize::from(c)] & d.is_ascii_digit(),
        None => false,
    }
}

/// The definition of [`group_at`].
#[cfg(test)]
fn group_at_ref(b: &[u8], e: usize) -> bool {
    e + 1 < b.len() && matches!(b[e], b' ' | b'-' | b'.' | b'/' | b'+') && b[e + 1].is_ascii_digit()
}

/// The digit groups from `s` (a digit), as [`groups_ref`] defines them. The group ends come
/// from one 64-byte digit mask ([`Chunk`]): each group costs a `trailing_zeros` and two byte
/// looks at its separator instead of a loop over its digits (groups past the 64 bytes fall
/// back to the byte loop).
#[inline]
fn groups(b: &[u8], s: usize) -> Groups {
    // bit k: `b[s + k]` is not a digit (bytes past the end read as 0, not a digit)
    let nd = !Chunk::load(b, s).digits();
    let dend = |p: usize| -> usize {
        let off = p - s;
        if off >= 64 {
            return digit_end(b, p);
        }
        match nd >> off {
            0 => digit_end(b, s + 64),
            rest => p + rest.trailing_zeros() as usize,
        }
    };
    groups_by(b, s, dend)
}

/// The groups from `s`, with `dend(p)` giving the end of the digit run at `p`.
#[inline(always)]
fn groups_by(b: &[u8], s: usize, dend: impl Fn(usize) -> usize) -> Groups {
    let mut g = Groups { s, n: 0, same: 1, en: [0; 8], sep: [0; 8] };
    let mut p = s;
    loop {
        let q = dend(p);
        g.en[g.n] = q;
        g.n += 1;
        if g.n == 8 || !group_at(b, q) {
            break;
        }
        let sep = if b[q] == b'+' { b' ' } else { b[q] };
        g.sep[g.n - 1] = sep;
        if g.same == g.n && sep == g.sep[0] {
            g.same += 1;
        }
        p = q + 1;
    }
    g
}

/// The definition of [`groups`]: digit runs joined by one separator byte each, byte by byte.
#[cfg(test)]
fn groups_ref(b: &[u8], s: usize) -> Groups {
    groups_by(b, s, |p| digit_end(b, p))
}

/// True when nothing glues onto the value at `end` (a letter, or `.5` / `-5` continuing it).
fn clean_end(b: &[u8], end: usize) -> bool {
    match b.get(end) {
        None => true,
        Some(&c) if is_alnum(c) => false,
        Some(b'.' | b'-') => !b.get(end + 1).is_some_and(u8::is_ascii_digit),
        _ => true,
    }
}

/// Bank card type by brand and Luhn: 1001 for UnionPay (`62`), 1020 for international brands.
/// The brand and length are read first (a few compares); the Luhn sum only for a known brand.
/// The international brands are 15 or 16 digits long, so 17 to 19 digits are a card only
/// after `62`: most 18-digit record numbers (every one that is no ID nor credit code is
/// asked this) stop at that one compare.
pub fn card_code(d: &[u8]) -> Option<u16> {
    let n = d.len();
    if !(15..=19).contains(&n) || (n > 16 && !d.starts_with(b"62")) || !d[..4].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let p2 = (d[0] - b'0') * 10 + (d[1] - b'0');
    let p4: u32 = d[..4].iter().fold(0, |a, &c| a * 10 + u32::from(c - b'0'));
    let code = if p2 == 62 && n >= 16 {
        1001
    } else if (n == 16 && (d[0] == b'4' || (51..=55).contains(&p2) || (2221..=2720).contains(&p4)))
        || ((p2 == 34 || p2 == 37) && n == 15)
        || ((3528..=3589).contains(&p4) && n == 16)
    {
        1020
    } else {
        return None;
    };
    luhn(d).then_some(code)
}

/// The definition of [`card_code`]: Luhn first, then the brand.
#[cfg(test)]
fn card_code_ref(d: &[u8]) -> Option<u16> {
    if !luhn(d) {
        return None;
    }
    let n = d.len();
    let p2 = (d[0] - b'0') * 10 + (d[1] - b'0');
    let p4: u32 = d[..4].iter().fold(0, |a, &c| a * 10 + u32::from(c - b'0'));
    if p2 == 62 && (16..=19).contains(&n) {
        return Some(1001);
    }
    let intl = (n == 16 && (d[0] == b'4' || (51..=55).contains(&p2) || (2221..=2720).contains(&p4)))
        || ((p2 == 34 || p2 == 37) && n == 15)
        || ((3528..=3589).contains(&p4) && n == 16);
    intl.then_some(1020)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Length of an English month name (full or 3/4-letter abbreviation) at the start of `b`.
fn month_at(b: &[u8]) -> Option<usize> {
    if !matches!(
        b.first().map(u8::to_ascii_lowercase),
        Some(b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd')
    ) {
        return None;
    }
    let mut e = 0;
    while e < b.len() && b[e].is_ascii_alphabetic() && e < 10 {
        e += 1;
    }
    let w = &b[..e];
    if w.len() < 3 || (e < b.len() && is_alnum(b[e])) {
        return None;
    }
    MONTHS
        .iter()
        .any(|m| {
            let m = m.as_bytes();
            w.eq_ignore_ascii_case(m)
                || (w.len() == 3 && w.eq_ignore_ascii_case(&m[..3]))
                || w.eq_ignore_ascii_case(b"sept")
        })
        .then_some(e)
}

fn num(d: &[u8]) -> u32 {
    d.iter().fold(0u32, |a, &c| a.wrapping_mul(10).wrapping_add(u32::from(c.wrapping_sub(b'0'))))
}

fn year_ok(y: &[u8]) -> bool {
    y.len() == 4 && (1900..=2099).contains(&num(y))
}

/// Common English letter pairs: an all-letter candidate made almost only of these is a word
/// (`ACCEPTED`, `VERIFIED`), not a bank identifier code.
const BIGRAMS: &str = "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot il tr ly nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts mo ow pa im mi ai sh ir su id os iv ia am fi ci vi pl ig tu ev ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr od bo sp rd do uc bu ei ov by rm ep tt oc fa ef cu rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua up lu go ht ru ug ds lt pi rc rr eg au ck ew mu br bi pt ak pu ui rg ib tl ny ki rk ys ob mm fu ph og ms ye ud mb ip ub oi rl gu dr hr cc tw ft wn nu af hu nn eo vo rv nf xp gn sm fl iz ok nl my gl aw ju oa sy sl ps jo dy";

/// An upper-case word next to another upper-case word (`SMITH KIMBERLY`): a name or a
/// phrase, not a code.
fn beside_caps_word(b: &[u8], s: usize, e: usize) -> bool {
    let word = |from: usize, to: usize| to >= from + 2 && b[from..to].iter().all(u8::is_ascii_uppercase);
    let before = s >= 3 && matches!(b[s - 1], b' ' | b'+') && {
        let mut k = s - 1;
        while k > 0 && b[k - 1].is_ascii_alphanumeric() {
            k -= 1;
        }
        word(k, s - 1)
    };
    let after = e + 2 < b.len() && matches!(b[e], b' ' | b'+') && {
        let k = e + 1 + b[e + 1..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        word(e + 1, k) && b.get(k) != Some(&b'/')
    };
    before || after
}

/// End of an optional telephone extension (`-3705`) after `end`.
fn ext_end(b: &[u8], end: usize) -> usize {
    if b.get(end) == Some(&b'-') {
        let x = digit_end(b, end + 1);
        if (1..=4).contains(&(x - end - 1)) && clean_end(b, x) {
            return x;
        }
    }
    end
}

/// English-looking: every letter pair common in English, and a common English ending.
fn wordlike(w: &[u8]) -> bool {
    const ENDINGS: &[&[u8]] = &[
        b"ED", b"ING", b"ER", b"AL", b"ON", b"LY", b"NT", b"TE", b"SE", b"RE", b"ES", b"CE", b"GE", b"LE",
        b"VE", b"TY", b"RY", b"SS", b"ST", b"CK", b"TH", b"ND", b"RD", b"RT", b"NG", b"TS", b"DS", b"NE",
        b"ME", b"UM",
    ];
    if !ENDINGS.iter().any(|x| w.ends_with(x)) {
        return false;
    }
    let pairs = w.len() - 1;
    let hits = w
        .windows(2)
        .filter(|p| {
            let (a, c) = (p[0].to_ascii_lowercase(), p[1].to_ascii_lowercase());
            BIGRAMS.as_bytes().chunks(3).any(|x| x[0] == a && x[1] == c)
        })
        .count();
    hits + 1 >= pairs
}

/// Whether the context names an AccessKey secret: a secret word (`secret`, `密钥` …), or
/// the key `sk` (the secret of an AK/SK pair; only as the whole key: as a fragment it is in
/// `task`, `disk`, `risk`). [`sk_key_before`] finds it as the last word of a key.
fn secret_context(c: &Ctx) -> bool {
    c.has(vocab::SECRET) || (c.is_key && c.bytes() == b"sk")
}

/// Whether the value at `from` follows a key (`"k": `, `k=`) whose last word is `sk`:
/// `aliyun_sk`, `oss-sk`, `ossSk`, `OSS_SK`. The context drops the `_` and the case that
/// mark the word, so this reads the raw key's last bytes.
fn sk_key_before(b: &[u8], from: usize) -> bool {
    let mut i = from;
    let quote = |i: usize| i > 0 && matches!(b[i - 1], b'"' | b'\'');
    let spaces = |mut i: usize| {
        while i > 0 && b[i - 1] == b' ' {
            i -= 1;
        }
        i
    };
    if quote(i) {
        i -= 1;
    }
    let word_end = spaces(i);
    // free text: `AK LTAI… SK <secret>`, the word `SK` and a space before the value
    if word_end < i && word_end >= 2 && matches!(&b[word_end - 2..word_end], b"SK" | b"sk") {
        return word_end == 2 || !b[word_end - 3].is_ascii_alphanumeric();
    }
    i = word_end;
    if i == 0 || !matches!(b[i - 1], b':' | b'=') {
        return false;
    }
    i = spaces(i - 1);
    if quote(i) {
        i -= 1;
    }
    // a decorative last word after `sk`: `sk_value`, `skValue`
    let k = &b[..i];
    let k = [&b"_value"[..], b"Value", b"-value", b"_val", b"Val"]
        .iter()
        .find_map(|d| k.strip_suffix(*d))
        .unwrap_or(k);
    sk_last_word(k)
}

/// `k` ends with the word `sk`: `sk` or `SK` after a byte that is no letter or digit (or at
/// the start), or `Sk` after a lower-case letter or digit (camel case).
fn sk_last_word(k: &[u8]) -> bool {
    match k {
        [] | [_] => false,
        [.., a, b2] if !matches!((a, b2), (b's', b'k') | (b'S', b'K') | (b'S', b'k')) => false,
        [_, _] => *k != *b"Sk",
        [.., p, b'S', b'k'] => p.is_ascii_lowercase() || p.is_ascii_digit(),
        [.., p, _, _] => !p.is_ascii_alphanumeric(),
    }
}

impl SensitiveScanner {
    /// Scans decoded text `b`, appending findings (decoded offsets).
    pub(crate) fn scan_tokens(
        &self,
        b: &[u8],
        outer: Option<&Ctx>,
        skip: &[(usize, usize)],
        out: &mut Vec<Finding>,
    ) {
        self.scan_tokens_with::<true>(b, outer, skip, out);
    }

    /// [`Self::scan_tokens`], with the base64 interiors ([`blob_resume`]) and number tails
    /// stepped over or not (tests compare the two).
    fn scan_tokens_with<const BLOBS: bool>(
        &self,
        b: &[u8],
        outer: Option<&Ctx>,
        skip: &[(usize, usize)],
        out: &mut Vec<Finding>,
    ) {
        self.scan_with::<BLOBS, Blocks<'_>>(b, outer, skip, out);
    }

    /// The driver, over the scans `S` (always [`Blocks`] but in the tests).
    fn scan_with<'a, const BLOBS: bool, S: Scans<'a>>(
        &self,
        b: &'a [u8],
        outer: Option<&Ctx>,
        skip: &'a [(usize, usize)],
        out: &mut Vec<Finding>,
    ) {
        let n = b.len();
        let mut i = 0;
        let mut sk = 0;
        let mut bl = S::new(b, skip);
        while i < n {
            // the prefilter: jump to the next byte that can belong to a candidate
            let p = bl.next_interesting(i);
            if p >= n {
                break;
            }
            if b[p] == b'.' && !dotted_hex(b, p) {
                i = p + 1;
                continue;
            }
            // a lone `:` after a quote or a space (`"key": …`): the walk back would stop at
            // once and the step would only move past it
            if b[p] == b':' && (p == i || !joined_byte(b[p - 1])) && b.get(p + 1) != Some(&b':') {
                i = p + 1;
                continue;
            }
            // back to where the run of words and joiners holding `p` starts (`ab:cd:…`,
            // `abc/Def…`), then tokenise run by run from there until past `p`
            let mut j = bl.joined_start(p, i);
            while j <= p && j < n {
                j = self.step::<BLOBS, S>(&mut bl, j, &mut sk, outer, skip, out);
            }
            i = j;
        }
    }

    /// One step of the token pass at `i` (a run start, a separator or any other byte):
    /// classifies what starts there and returns where the pass continues.
    fn step<'a, const BLOBS: bool, S: Scans<'a>>(
        &self,
        bl: &mut S,
        i: usize,
        sk: &mut usize,
        outer: Option<&Ctx>,
        skip: &[(usize, usize)],
        out: &mut Vec<Finding>,
    ) -> usize {
        let b = bl.text();
        let n = b.len();
        let c = b[i];
        if is_alnum(c) {
            while *sk < skip.len() && skip[*sk].1 <= i {
                *sk += 1;
            }
            // a base64 interior may be stepped over up to the next skip span, no further
            let limit = match skip.get(*sk) {
                Some(&(s, e)) if s <= i => return e,
                Some(&(s, _)) if BLOBS => s,
                _ if BLOBS => usize::MAX,
                _ => 0,
            };
            let (e, comp) = bl.run_end(i);
            let mut r = self.token(b, i, e, comp, outer, limit, out).max(e);
            // runs glued on by `.`, `-`, `:` or `+` after a digit, or by `-` after any
            // alphanumeric, are tails `token` returns at once (`1.2.3.4.5`, `12-34`,
            // `a-b-c`): step over them here without the prefilter, the walk back and the
            // step (not into a skip span)
            // (`r > 0`: `r >= e > i`)
            let lim = limit.min(n);
            while r + 1 < lim && tail_at(b, r) {
                r = bl.run_stop(r + 1);
            }
            r
        } else if c == b':' && i + 1 < n && b[i + 1] == b':' && (i == 0 || !is_alnum(b[i - 1])) {
            if self.on(2007)
                && let Some(e) = ipv6(b, i)
            {
                self.push(out, 2007, i, e);
                e
            } else {
                i + 2
            }
        } else if c == b'(' && i + 1 < n && b[i + 1].is_ascii_digit() {
            self.paren_phone(b, i, out).unwrap_or(i + 1)
        } else {
            i + 1
        }
    }

    fn push(&self, out: &mut Vec<Finding>, code: u16, start: usize, end: usize) {
        if self.on(code) {
            out.push(Finding { code, start, end });
        }
    }

    /// `(0571)87654321`, `(415) 555-0123`, `(726)+315-1649`.
    fn paren_phone(&self, b: &[u8], s: usize, out: &mut Vec<Finding>) -> Option<usize> {
        let a_end = digit_end(b, s + 1);
        let area = &b[s + 1..a_end];
        if b.get(a_end) != Some(&b')') {
            return None;
        }
        let mut p = a_end + 1;
        if matches!(b.get(p), Some(b' ' | b'-' | b'+')) {
            p += 1;
        }
        let g = groups(b, p);
        if area.first() == Some(&b'0') && cn_area(area) == Some(area.len()) {
            let sub = g.grp(b, 0);
            let end = ext_end(b, g.en(0));
            if cn_subscriber(sub, area.len()) && clean_end(b, end) {
                self.push(out, 1009, s, end);
                return Some(end);
            }
        }
        if area.len() == 3
            && g.n >= 2
            && g.len(0) == 3
            && g.len(1) == 4
            && matches!(g.sep[0], b'-' | b' ' | b'.')
        {
            let end = g.en(1);
            if nanp(area, g.grp(b, 0), &b[g.st(1)..end]) && clean_end(b, end) {
                self.push(out, 1024, s, end);
                return Some(end);
            }
        }
        None
    }

    /// Classifies one alphanumeric run `b[s..e]`; returns where scanning resumes.
    /// `comp` is the run's composition (`C_DIG | C_UP | C_LOW`): every shape test below is
    /// guarded by a look at it (or at the bytes around the run) before walking the run.
    #[allow(clippy::too_many_arguments)] // `limit` rides along to `alnum`
    fn token(
        &self,
        b: &[u8],
        s: usize,
        e: usize,
        comp: u8,
        outer: Option<&Ctx>,
        limit: usize,
        out: &mut Vec<Finding>,
    ) -> usize {
        let run = &b[s..e];
        let prev = if s > 0 { b[s - 1] } else { 0 };
        let prev2 = if s > 1 { b[s - 2] } else { 0 };
        let len = run.len();
        // the tail of a number already looked at (`1.2.3.4.5`, `12-34`)
        let tail = TAIL[usize::from(prev)] & CLASS[usize::from(prev2)];
        // Digit runs, most of the runs the pass visits, branch off first: of the tests below
        // they need the tail, secret and MAC/IPv6 ones only (no idle word, no label), and the
        // one branch on the composition stands for the two the chain took on it.
        if comp == C_DIG {
            if tail != 0 {
                return e;
            }
            // the date of an ISO time (`2025-12-22T02:19:31Z`): `numeric` would refuse it and
            // return `e` (not into a skip span), the rest are tails
            if len == 4 && prev != b'+' && e <= limit && iso_date_glued(b, s, e) {
                return e;
            }
            if let Some(end) = self.secret_or_hex(b, s, e, comp, outer, out) {
                return end;
            }
            if numeric_quiet(b, s, e) {
                // a log time after its day (`05/Jul/2023:23:48:37 +0800]`): nothing in it can
                // start a value, so it is stepped over in one go (not into a skip span)
                if len == 2
                    && b.get(e) == Some(&b'/')
                    && let Some(end) = clf_time_end(b, s)
                    && end <= limit
                {
                    return end;
                }
                return e;
            }
            return self.numeric(b, s, e, outer, out);
        }
        // the tail or an idle word: both tests computed, one branch taken
        if u16::from(tail) | letters_idle_bits(b, comp, len, e) != 0 {
            return e;
        }
        // a product and its version (`HTTP/1.1`, `Safari/537.36`): nothing in it can start a
        // value, so it is stepped over in one go (not into a skip span)
        if comp & C_DIG == 0
            && b.get(e) == Some(&b'/')
            && let Some(end) = product_version_end(b, s, e, comp)
            && end <= limit
        {
            return end;
        }
        if let Some(end) = self.secret_or_hex(b, s, e, comp, outer, out) {
            return end;
        }
        // a short label glued to a number: `IP13.226.239.254`, `TEL13812345678`
        // (a letter first and a digit last: the run holds both)
        if (LABEL_KEYS >> (CLASS[usize::from(run[0])] << 3 | CLASS[usize::from(run[len - 1])])) & 1 != 0 {
            let next = b.get(e).copied().unwrap_or(0);
            let head = run.iter().take_while(|c| c.is_ascii_alphabetic()).count();
            if (2..=5).contains(&head)
                && head < len
                && !run[0].eq_ignore_ascii_case(&b'v')
                && run[head..].iter().all(u8::is_ascii_digit)
                && ((next == b'.' && b.get(e + 1).is_some_and(u8::is_ascii_digit)) || len - head == 11)
            {
                return self.numeric(b, s + head, e, outer, out);
            }
        }
        self.alnum(b, s, e, comp, outer, limit, out)
    }

    /// The AccessKey secret, MAC and IPv6 tests of [`Self::token`] at the run `b[s..e]`: the
    /// end of what they find there (pushed), or `None`.
    #[inline(always)]
    fn secret_or_hex(
        &self,
        b: &[u8],
        s: usize,
        e: usize,
        comp: u8,
        outer: Option<&Ctx>,
        out: &mut Vec<Finding>,
    ) -> Option<usize> {
        let next = b.get(e).copied().unwrap_or(0);
        let nx = NEXT[usize::from(next)];
        let len = e - s;
        let ln = lens(len);
        // AccessKey secrets: 30 alphanumerics or 40 base64 characters, named by the context
        // the shape first: most runs are short and end at a quote. Before any other byte
        // than `/` or `+` the secret is the run itself or the run and the `/` or `+` before
        // it ([`secret_may`]), so only four lengths can be one.
        if (ln | nx) & N_SLASH_PLUS != 0 && self.on(2006) {
            // (the bytes before the run are read here only: most runs do not get this far)
            let prev = if s > 0 { b[s - 1] } else { 0 };
            let prev2 = if s > 1 { b[s - 2] } else { 0 };
            // inside a longer base64 text (`…/abc+def…`) nothing starts here
            let from = match prev {
                b'/' | b'+' if !is_alnum(prev2) && !matches!(prev2, b'/' | b'+' | b'=') => Some(s - 1),
                b'/' | b'+' if is_alnum(prev2) => None,
                _ => Some(s),
            };
            if let Some(from) = from
                && secret_may(b, from, e)
                && let Some(end) = super::keys::secret_run(b, from)
                && (secret_context(&context(b, from, outer)) || sk_key_before(b, from))
            {
                self.push(out, 2006, from, end);
                return Some(end);
            }
        }
        if ln & nx & N_HEX_SEP != 0
            && (comp == C_DIG || b[s..e].iter().all(u8::is_ascii_hexdigit))
            && !(len == 2 && short_time_at(b, e))
        {
            if ((len == 2 && matches!(next, b':' | b'-')) || (len == 4 && next == b'.'))
                && let Some(end) = mac(b, s)
            {
                self.push(out, 2001, s, end);
                return Some(end);
            }
            if next == b':'
                && self.on(2007)
                && let Some(end) = ipv6(b, s)
            {
                self.push(out, 2007, s, end);
                return Some(end);
            }
        }
        None
    }

    fn numeric(&self, b: &[u8], s: usize, e: usize, outer: Option<&Ctx>, out: &mut Vec<Finding>) -> usize {
        self.numeric_with::<true>(b, s, e, outer, out)
    }

    /// [`Self::numeric`], with the shortcuts for three same-separator groups
    /// ([`Self::three_groups`]) and for refused dotted quads taken or not (the tests compare
    /// the two).
    fn numeric_with<const FAST: bool>(
        &self,
        b: &[u8],
        s: usize,
        e: usize,
        outer: Option<&Ctx>,
        out: &mut Vec<Finding>,
    ) -> usize {
        let run = &b[s..e];
        // international prefixes
        if s > 0 && b[s - 1] == b'+' {
            if let Some(end) = self.intl_phone(b, s, e, out) {
                return end;
            }
            if run.starts_with(b"86") || run == b"1" {
                return e;
            }
        }
        // separator-joined digit groups only when a separator and a digit follow the run
        let glued = 'grouped: {
            if !group_at(b, e) {
                break 'grouped false;
            }
            // the second group's end and whether a third group follows, found once for the
            // dotted-quad shortcut, the refusal of two groups and the three-group shortcut
            let q1 = digit_end(b, e + 1);
            let more = group_at(b, q1);
            // the most common grouped value, a dotted quad, without building the groups
            if more
                && b[e] == b'.'
                && b[q1] == b'.'
                && let Some(end) = self.quad_from(b, s, e, q1, outer)
            {
                self.push(out, 2000, s, end);
                return end;
            }
            if !more && two_idle(b, s, e, q1) {
                break 'grouped true;
            }
            if FAST
                && more
                && b[q1] == b[e]
                && let Some(found) = self.three_groups(b, s, e, q1, out)
            {
                match found {
                    Some(end) => return end,
                    None => break 'grouped true,
                }
            }
            let g = groups(b, s);
            // a dotted quad the shortcut refused (a version key, no clean end, not octets,
            // a fifth group) is refused by `multi` at four groups too: its context is not
            // walked again
            let quad_tried = more && b[e] == b'.' && b[q1] == b'.';
            // `multi` refuses groups joined by different separators: start at the longest
            // run of one separator
            for k in (2..=g.same).rev() {
                if !multi_plausible(b, &g, k) || (FAST && quad_tried && k == 4) {
                    continue;
                }
                if let Some((code, mut end)) = self.multi(b, &g, k, outer) {
                    if code == 1009 {
                        end = ext_end(b, end);
                    }
                    if !clean_end(b, end) {
                        continue;
                    }
                    self.push(out, code, g.st(0), end);
                    return end;
                }
            }
            true
        };
        // past the grouped rules, a run glued to a digit by a separator meets only the
        // bare-value rules of its length (none for most lengths), and with `.` or `-` not
        // even those (no clean end) but the landline with an extension (11 or 12 digits and
        // `-`): decimals, versions, log fields and refused dates (`135.98`, `5.0`, `7.44.4`,
        // `200 18545`) return here without the walk through the rules of `numeric_rest`
        let len = e - s;
        if FAST
            && glued
            && (len >= 32
                || (NUMERIC_LENS >> len) & 1 == 0
                || b[e] == b'.'
                || (b[e] == b'-' && !matches!(len, 11 | 12)))
        {
            return e;
        }
        self.numeric_rest(b, s, e, outer, out)
    }

    /// Three or more digit groups from `s`, the first two joined by the same separator byte
    /// (the second ends at `q1`), settled without building the groups when their lengths
    /// leave `multi` one rule or none: `Some(Some(end))` for a value found (and pushed),
    /// `Some(None)` when the grouped rules find nothing, `None` to take the general path.
    ///
    /// - `yyyy-mm-dd` (year not starting with `0`, month and day of one or two digits, any
    ///   number of groups after): past the two-group refusal and the card rule (which needs
    ///   a second group of 4 to 6 digits), only the year-month-day rule can take them, at three
    ///   groups; so the answer is that rule and a clean end after the third group. Dates are
    ///   the most common grouped values after addresses (`2019-09-09T09:29:44Z`).
    /// - `123456-12-1234` (MyKad), `123-12-1234` (SSN) and `138-1234-5678` (mobile), the
    ///   last two with a first digit other than `0` (which could open a landline area code):
    ///   the MyKad, SSN or mobile rule, at three groups, alone takes them (no other `-` rule
    ///   fits those first groups), so the answer is that check and a clean end.
    /// - groups joined by spaces (or `+`) whose first digit is not `0` and whose first group
    ///   is not of 4 (a card) nor `3 3 4` (a NANP number): the mobile rule at `3 4 4`, or none
    ///   (`+44 20 5313 2855`).
    /// - three or more `.`-joined groups (versions, `7.44.4`, `130.0.2598.233`) whose first
    ///   three are neither `3.3.4` (a NANP number) nor a date shape: no rule takes dotted
    ///   groups but addresses (four groups, refused by the dotted-quad shortcut before this
    ///   is asked), NANP numbers and dates, and two dotted groups are refused.
    #[inline]
    fn three_groups(
        &self,
        b: &[u8],
        s: usize,
        e: usize,
        q1: usize,
        out: &mut Vec<Finding>,
    ) -> Option<Option<usize>> {
        let sep = b[e];
        let q2 = digit_end(b, q1 + 1);
        let (l0, l1, l2) = (e - s, q1 - e - 1, q2 - q1 - 1);
        if matches!(sep, b' ' | b'+') {
            // spaces: past the landline rule (a first `0`), the NANP `3 3 4` and the card
            // rule (a first group of 4), only the mobile rule at `3 4 4` is left
            if b[s] == b'0' || l0 == 4 || (l0, l1, l2) == (3, 3, 4) {
                return None;
            }
            if (l0, l1, l2) != (3, 4, 4) {
                return Some(None);
            }
            let mut d = [0u8; 11];
            d[..3].copy_from_slice(&b[s..e]);
            d[3..7].copy_from_slice(&b[e + 1..q1]);
            d[7..].copy_from_slice(&b[q1 + 1..q2]);
            if cn_mobile(&d) && clean_end(b, q2) {
                self.push(out, 1004, s, q2);
                return Some(Some(q2));
            }
            return Some(None);
        }
        let short = |l: usize| (1..=2).contains(&l);
        if l0 == 4 && b[s] != b'0' && short(l1) && short(l2) {
            let (y, m, d) = (&b[s..e], &b[e + 1..q1], &b[q1 + 1..q2]);
            if year_ok(y) && valid_date(num(y), num(m), num(d)) && clean_end(b, q2) {
                self.push(out, 2009, s, q2);
                return Some(Some(q2));
            }
            return Some(None);
        }
        let (mykad_shape, ssn_shape, mobile_shape) = (
            (l0, l1, l2) == (6, 2, 4),
            (l0, l1, l2) == (3, 2, 4) && b[s] != b'0',
            (l0, l1, l2) == (3, 4, 4) && b[s] != b'0',
        );
        if sep == b'-' && (mykad_shape || ssn_shape || mobile_shape) {
            let (a, g, c) = (&b[s..e], &b[e + 1..q1], &b[q1 + 1..q2]);
            let (ok, code) = if ssn_shape {
                (ssn(a, g, c), 1023)
            } else {
                // the 12 or 11 digits without their separators
                let mut d = [0u8; 12];
                d[..l0].copy_from_slice(a);
                d[l0..l0 + l1].copy_from_slice(g);
                d[l0 + l1..l0 + l1 + l2].copy_from_slice(c);
                if mykad_shape { (mykad(&d), 1018) } else { (cn_mobile(&d[..11]), 1004) }
            };
            if ok && clean_end(b, q2) {
                self.push(out, code, s, q2);
                return Some(Some(q2));
            }
            return Some(None);
        }
        if !matches!(sep, b'-' | b'/' | b'.') {
            return None;
        }
        // dotted groups reach here only after the dotted-quad shortcut refused the first
        // four, which `multi` refuses too; no rule takes five or more dotted groups
        let ruled = (l0, l1, l2) == (3, 3, 4) || (short(l0) && short(l1) && l2 == 4);
        (sep == b'.' && !ruled).then_some(None)
    }

    /// The rules of [`Self::numeric`] past the grouped values: codes and dates glued to the
    /// run, then the bare values by length.
    #[inline(always)]
    fn numeric_rest(
        &self,
        b: &[u8],
        s: usize,
        e: usize,
        outer: Option<&Ctx>,
        out: &mut Vec<Finding>,
    ) -> usize {
        let run = &b[s..e];
        let len = run.len();
        let ctx = || context(b, s, outer);
        let next = b.get(e).copied().unwrap_or(0);
        // 12345678-X organisation code
        if len == 8 && next == b'-' && matches!(b.get(e + 1), Some(b'X' | b'x')) && clean_end(b, e + 2) {
            if org_code(run, b'X') {
                self.push(out, 4002, s, e + 2);
                return e + 2;
            }
            return e;
        }
        // 2010年7月8日
        if len == 4 && b[e..].starts_with("年".as_bytes()) && year_ok(run) {
            if let Some(end) = cn_date(b, e + 3) {
                self.push(out, 2009, s, end);
                return end;
            }
            return e;
        }
        // 1 Aug 1957
        if len <= 2 && matches!(next, b' ' | b'+') && (1..=31).contains(&num(run)) {
            if let Some(m) = month_at(&b[e + 1..]) {
                let ys = e + 1 + m + 1;
                if b.get(e + 1 + m).is_some_and(|&c| c == b' ' || c == b'+') {
                    let ye = digit_end(b, ys);
                    if year_ok(&b[ys..ye]) && clean_end(b, ye) {
                        self.push(out, 2009, s, ye);
                        return ye;
                    }
                }
            }
            return e;
        }
        if (len == 11 || len == 12) && next == b'-' && cn_landline_bare(run) {
            let end = ext_end(b, e);
            if end > e {
                self.push(out, 1009, s, end);
                return end;
            }
        }
        if !clean_end(b, e) {
            return e;
        }
        match len {
            18 => {
                // `run` is a digit run: the ID and mobile tests need not walk it again
                if cn_resident_id_digits(run) {
                    self.push(out, 1000, s, e);
                } else if !id_shaped(run) {
                    // the checks first: the context walk is dearer, and most 18-digit record
                    // numbers fail both
                    let code = if uscc_digits(run) { Some(4003) } else { card_code(run) };
                    if let Some(c) = code
                        && !ctx().has(vocab::ORDER)
                    {
                        self.push(out, c, s, e);
                    }
                }
            }
            11 => {
                if super::phone::cn_mobile_digits(run) {
                    self.push(out, 1004, s, e);
                } else if cn_landline_bare(run) {
                    self.push(out, 1009, s, e);
                }
            }
            12 => {
                if mykad(run) && ctx().has(vocab::MYKAD) {
                    self.push(out, 1018, s, e);
                } else if cn_landline_bare(run) {
                    self.push(out, 1009, s, e);
                }
            }
            15 => {
                if let Some(code) = self.fifteen(run, &ctx) {
                    self.push(out, code, s, e);
                }
            }
            16 | 17 | 19 => {
                if let Some(c) = card_code(run)
                    && (len == 16 || !ctx().has(vocab::ORDER))
                {
                    self.push(out, c, s, e);
                }
            }
            9 => {
                if let Some(code) = nine(run, &ctx) {
                    self.push(out, code, s, e);
                }
            }
            8 if year_ok(&run[..4])
                && valid_date(num(&run[..4]), num(&run[4..6]), num(&run[6..]))
                && ctx().has(vocab::DATE) =>
            {
                self.push(out, 2009, s, e);
            }
            _ => {}
        }
        e
    }

    /// An IPv4 address at the digit run `b[s..e]` (followed by `.`): its end when the grouped
    /// path would report it first, i.e. exactly four `.`-joined groups (no fifth after a
    /// `.`), all octets, a clean end and no version key. `None` leaves the value to that
    /// path, which then decides as before.
    #[cfg(test)]
    fn dotted_quad(&self, b: &[u8], s: usize, e: usize, outer: Option<&Ctx>) -> Option<usize> {
        let mut st = s;
        let mut p = e;
        for k in 0..4 {
            if k > 0 {
                if b.get(p) != Some(&b'.') || !b.get(p + 1).is_some_and(u8::is_ascii_digit) {
                    return None;
                }
                st = p + 1;
                p = digit_end(b, st);
            }
            if !octet(&b[st..p]) {
                return None;
            }
        }
        if b.get(p) == Some(&b'.') && b.get(p + 1).is_some_and(u8::is_ascii_digit) {
            return None; // a fifth component: a version or an OID
        }
        (clean_end(b, p) && !context(b, s, outer).is_version()).then_some(p)
    }

    /// [`Self::dotted_quad`] at a run `b[s..e]` followed by `.`, a second group ending at `q1`
    /// and a `.` and a digit after it: the first two groups are not walked again.
    ///
    /// The four groups are settled from two 8-byte words (at `s` and after the second group)
    /// without a branch per group: the group lengths come from one non-digit mask, and each
    /// group is an octet when its digits, read as a big-endian number of its length, lie in
    /// that length's range ([`octet_word`]). The byte walks this replaces mispredicted on the
    /// octets' varying lengths (1 to 3) at every group. Near the end of the text (fewer than
    /// eight bytes in a word) [`Self::quad_tail`] takes the byte walks.
    #[inline]
    fn quad_from(&self, b: &[u8], s: usize, e: usize, q1: usize, outer: Option<&Ctx>) -> Option<usize> {
        let (l0, l1) = (e - s, q1 - e - 1);
        if l0 > 3 || l1 > 3 {
            return None; // a first or second group of four digits or more is no octet
        }
        let (Some(wa), Some(wb)) = (
            b.get(s..).and_then(<[u8]>::first_chunk::<8>),
            b.get(q1 + 1..).and_then(<[u8]>::first_chunk::<8>),
        ) else {
            return self.quad_tail(b, s, e, q1, outer);
        };
        let (xa, xb) = (u64::from_le_bytes(*wa), u64::from_le_bytes(*wb));
        // the third group starts `wb` (a digit); its end and the fourth's are the first two
        // non-digits there (`l2`, `p_off` bytes in)
        let nd = non_digits(xb);
        let l2 = (nd.trailing_zeros() / 8) as usize;
        let p_off = ((nd & nd.wrapping_sub(1)).trailing_zeros() / 8) as usize;
        let l3 = p_off.wrapping_sub(l2 + 1);
        // `l2` and `l3` in 1..=3 keep every shift below within the word
        let shape = (1..=3).contains(&l2) && (1..=3).contains(&l3) && (xb >> (8 * l2.min(3))) as u8 == b'.';
        if !shape {
            return None;
        }
        let octets = octet_word(xa, l0)
            & octet_word(xa >> (8 * (l0 + 1)), l1)
            & octet_word(xb, l2)
            & octet_word(xb >> (8 * (l2 + 1)), l3);
        let p = q1 + 1 + p_off;
        if !octets || (b.get(p) == Some(&b'.') && b.get(p + 1).is_some_and(u8::is_ascii_digit)) {
            return None; // not an octet, or a fifth component: a version or an OID
        }
        (clean_end(b, p) && !super::context::version_at(b, s, outer)).then_some(p)
    }

    /// [`Self::quad_from`] by byte walks, for groups within eight bytes of the text's end.
    #[cold]
    fn quad_tail(&self, b: &[u8], s: usize, e: usize, q1: usize, outer: Option<&Ctx>) -> Option<usize> {
        if !octet(&b[s..e]) || !octet(&b[e + 1..q1]) {
            return None;
        }
        let q2 = digit_end(b, q1 + 1);
        if !octet(&b[q1 + 1..q2])
            || b.get(q2) != Some(&b'.')
            || !b.get(q2 + 1).is_some_and(u8::is_ascii_digit)
        {
            return None;
        }
        let p = digit_end(b, q2 + 1);
        if !octet(&b[q2 + 1..p]) || (b.get(p) == Some(&b'.') && b.get(p + 1).is_some_and(u8::is_ascii_digit))
        {
            return None; // not an octet, or a fifth component: a version or an OID
        }
        (clean_end(b, p) && !super::context::version_at(b, s, outer)).then_some(p)
    }

    /// 15 digits: IMEI, business licence, tax number or an Amex card, by checks then context.
    fn fifteen(&self, run: &[u8], ctx: &dyn Fn() -> Ctx) -> Option<u16> {
        let imei = luhn(run);
        let lic = business_licence(run);
        let tax = tax_number(run);
        let amex = imei && matches!(&run[..2], b"34" | b"37");
        let n = imei as u8 + lic as u8 + tax as u8;
        if n == 0 {
            return None;
        }
        if !imei && (lic || tax) && ctx().has(vocab::IMEI) {
            return None;
        }
        if n == 1 && !amex {
            return Some(if imei {
                2010
            } else if lic {
                4000
            } else {
                4001
            });
        }
        let c = ctx();
        if amex && c.has(vocab::CARD) {
            return Some(1020);
        }
        if imei && c.has(vocab::IMEI) {
            return Some(2010);
        }
        if lic && c.has(vocab::LICENCE) {
            return Some(4000);
        }
        if tax && c.has(vocab::TAX) {
            return Some(4001);
        }
        if amex {
            return Some(1020);
        }
        Some(if imei && matches!(&run[..2], b"35" | b"86" | b"99" | b"01") {
            2010
        } else if lic {
            4000
        } else if tax {
            4001
        } else {
            2010
        })
    }

    /// `+86 138…`, `+8613…`, `+86-755-…`, `+1 415 555 0123` with `s` at the digits after `+`.
    #[inline(never)]
    fn intl_phone(&self, b: &[u8], s: usize, e: usize, out: &mut Vec<Finding>) -> Option<usize> {
        let run = &b[s..e];
        let start = s - 1;
        if run.len() == 13 && run.starts_with(b"86") && cn_mobile(&run[2..]) && clean_end(b, e) {
            self.push(out, 1004, start, e);
            return Some(e);
        }
        let sep = *b.get(e)?;
        if !matches!(sep, b' ' | b'-' | b'+') || !b.get(e + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        // only `+86` and `+1` numbers have grouped rules here: other country codes are left
        // to the grouped path without building the groups
        if run != b"86" && run != b"1" {
            return None;
        }
        let g = groups(b, e + 1);
        if run == b"86" {
            let mut d = [0u8; 16];
            let mut m = 0;
            for k in 0..g.n.min(3) {
                for &x in g.grp(b, k) {
                    if m < 16 {
                        d[m] = x;
                        m += 1;
                    }
                }
                if m == 11 && cn_mobile(&d[..11]) && clean_end(b, g.en(k)) {
                    self.push(out, 1004, start, g.en(k));
                    return Some(g.en(k));
                }
            }
            // landline: area without its 0, then subscriber (and maybe an extension)
            if g.n >= 2 {
                let area = g.grp(b, 0);
                let mut a0 = [b'0'; 5];
                if area.len() <= 4 {
                    a0[1..=area.len()].copy_from_slice(area);
                    let al = area.len() + 1;
                    let end = ext_end(b, g.en(1));
                    if cn_area(&a0[..al]) == Some(al) && cn_subscriber(g.grp(b, 1), al) && clean_end(b, end) {
                        self.push(out, 1009, start, end);
                        return Some(end);
                    }
                }
            }
        } else if run == b"1" && g.n >= 3 && g.len(0) == 3 && g.len(1) == 3 && g.len(2) == 4 {
            let end = g.en(2);
            if nanp(g.grp(b, 0), g.grp(b, 1), &b[g.st(2)..end]) && clean_end(b, end) {
                self.push(out, 1024, start, end);
                return Some(end);
            }
        }
        None
    }

    /// Multi-group digit patterns over the first `k` groups: `(code, end)`. The separator
    /// and the group lengths pick the few rules that can apply (the same rules, in the same
    /// order, as [`Self::multi_ref`]); the digits are copied out only for a rule that reads
    /// them, and most shapes (versions, decimals, times) return after a few compares.
    #[inline(never)]
    fn multi(&self, b: &[u8], g: &Groups, k: usize, outer: Option<&Ctx>) -> Option<(u16, usize)> {
        if k > g.same || k < 2 {
            return None; // groups joined by different separators
        }
        let sep = g.sep[0];
        let end = g.en(k - 1);
        let grp = |i: usize| g.grp(b, i);
        let l0 = g.len(0);
        let spaced = matches!(sep, b' ' | b'-');
        if k == 4 && sep == b'.' {
            // a fifth component makes it a version or an OID, not an address; no other rule
            // takes four dotted groups
            if g.n > 4 && g.sep[3] == b'.' {
                return None;
            }
            let ip = (0..4).all(|i| octet(grp(i))) && !super::context::version_at(b, g.st(0), outer);
            return ip.then_some((2000, end));
        }
        let l3 = |x: [usize; 3]| k == 3 && [l0, g.len(1), g.len(2)] == x;
        if spaced && l3([3, 4, 4]) && cn_mobile(g.digits(b, 3).as_slice()) {
            return Some((1004, end));
        }
        // landline: area code (with its `0`) as the first group, subscriber in one or two groups
        if k <= 3 && spaced && matches!(l0, 3 | 4) && b[g.st(0)] == b'0' {
            let d = g.digits(b, k);
            let d = d.as_slice();
            if cn_area(d) == Some(l0) && cn_landline_bare(d) {
                return Some((1009, end));
            }
        }
        if k == 3 {
            if l3([3, 3, 4]) && matches!(sep, b'-' | b'.' | b' ') && nanp(grp(0), grp(1), grp(2)) {
                return Some((1024, end));
            }
            if sep == b'-' && l3([3, 2, 4]) && ssn(grp(0), grp(1), grp(2)) {
                return Some((1023, end));
            }
        }
        if k == 4
            && sep == b'-'
            && [l0, g.len(1), g.len(2), g.len(3)] == [2, 6, 6, 1]
            && luhn(g.digits(b, 4).as_slice())
        {
            return Some((2010, end));
        }
        if sep == b'-' && l3([6, 2, 4]) && mykad(g.digits(b, 3).as_slice()) {
            return Some((1018, end));
        }
        // card: 4 digits, then groups of 4 to 6, the last of 1 to 6; 15 to 19 digits in all
        if k >= 3 && spaced && l0 == 4 {
            let total: usize = (0..k).map(|i| g.len(i)).sum();
            let ok = (1..k - 1).all(|i| (4..=6).contains(&g.len(i))) && (1..=6).contains(&g.len(k - 1));
            if ok
                && (15..=19).contains(&total)
                && let Some(c) = card_code(g.digits(b, k).as_slice())
            {
                return Some((c, end));
            }
        }
        if k == 3 && matches!(sep, b'-' | b'/' | b'.') {
            let (a, bb, c) = (grp(0), grp(1), grp(2));
            let (l1, l2) = (bb.len(), c.len());
            let ymd = l0 == 4
                && (1..=2).contains(&l1)
                && (1..=2).contains(&l2)
                && year_ok(a)
                && valid_date(num(a), num(bb), num(c));
            let mdy = (1..=2).contains(&l0)
                && (1..=2).contains(&l1)
                && l2 == 4
                && year_ok(c)
                && (valid_date(num(c), num(a), num(bb)) || valid_date(num(c), num(bb), num(a)));
            if ymd || mdy {
                return Some((2009, end));
            }
        }
        if k == 2 && sep == b'-' && l0 == 8 && g.len(1) == 1 && org_code(grp(0), grp(1)[0]) {
            return Some((4002, end));
        }
        None
    }

    /// The definition of [`Self::multi`]: every rule tried in turn on the group lengths and
    /// the copied digits.
    #[cfg(test)]
    fn multi_ref(&self, b: &[u8], g: &Groups, k: usize, outer: Option<&Ctx>) -> Option<(u16, usize)> {
        if k > g.same {
            return None; // groups joined by different separators
        }
        let sep = g.sep[0];
        let mut lens = [0usize; 8];
        let mut st = g.s;
        for (x, &en) in lens.iter_mut().zip(&g.en).take(k) {
            *x = en - st;
            st = en + 1;
        }
        let l = &lens[..k];
        let end = g.en(k - 1);
        let grp = |i: usize| g.grp(b, i);
        // the digits without separators: only the shapes below that read them need the copy
        let needs_digits = matches!(sep, b' ' | b'-')
            && ((k == 3 && l == [3, 4, 4])
                || (k <= 3 && (l[0] == 3 || l[0] == 4) && b[g.st(0)] == b'0')
                || (k >= 3 && l[0] == 4))
            || (sep == b'-' && ((k == 4 && l == [2, 6, 6, 1]) || (k == 3 && l == [6, 2, 4])));
        let mut d = [0u8; 32];
        let mut m = 0;
        for i in 0..if needs_digits { k } else { 0 } {
            for &x in grp(i) {
                if m < 32 {
                    d[m] = x;
                    m += 1;
                }
            }
        }
        let d = &d[..m];
        match (k, sep) {
            (4, b'.') => {
                // a fifth component makes it a version or an OID, not an address
                if g.n > 4 && g.sep[3] == b'.' {
                    return None;
                }
                if (0..4).all(|i| octet(grp(i))) {
                    if context(b, g.st(0), outer).is_version() {
                        return None;
                    }
                    return Some((2000, end));
                }
            }
            (3, b' ' | b'-') if l == [3, 4, 4] && cn_mobile(d) => {
                return Some((1004, end));
            }
            _ => {}
        }
        // landline: area code as the first group, subscriber in one or two groups
        if k <= 3 && matches!(sep, b' ' | b'-') && cn_area(d) == Some(l[0]) && cn_landline_bare(d) {
            return Some((1009, end));
        }
        if k == 3 && l == [3, 3, 4] && matches!(sep, b'-' | b'.' | b' ') && nanp(grp(0), grp(1), grp(2)) {
            return Some((1024, end));
        }
        if k == 3 && l == [3, 2, 4] && sep == b'-' && ssn(grp(0), grp(1), grp(2)) {
            return Some((1023, end));
        }
        if k == 4 && l == [2, 6, 6, 1] && sep == b'-' && luhn(d) {
            return Some((2010, end));
        }
        if k == 3 && l == [6, 2, 4] && sep == b'-' && mykad(d) {
            return Some((1018, end));
        }
        if k >= 3
            && matches!(sep, b' ' | b'-')
            && l[0] == 4
            && (15..=19).contains(&m)
            && card_code(d).is_some()
        {
            let ok = l[..k - 1].iter().all(|&x| (4..=6).contains(&x)) && (1..=6).contains(&l[k - 1]);
            if ok {
                return card_code(d).map(|c| (c, end));
            }
        }
        if k == 3 && matches!(sep, b'-' | b'/' | b'.') {
            let (a, bb, c) = (grp(0), grp(1), grp(2));
            let ymd = l[0] == 4
                && (1..=2).contains(&l[1])
                && (1..=2).contains(&l[2])
                && year_ok(a)
                && valid_date(num(a), num(bb), num(c));
            let mdy = (1..=2).contains(&l[0])
                && (1..=2).contains(&l[1])
                && l[2] == 4
                && year_ok(c)
                && (valid_date(num(c), num(a), num(bb)) || valid_date(num(c), num(bb), num(a)));
            if ymd || mdy {
                return Some((2009, end));
            }
        }
        if k == 2 && l == [8, 1] && sep == b'-' && org_code(grp(0), grp(1)[0]) {
            return Some((4002, end));
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn alnum(
        &self,
        b: &[u8],
        s: usize,
        e: usize,
        comp: u8,
        outer: Option<&Ctx>,
        limit: usize,
        out: &mut Vec<Finding>,
    ) -> usize {
        let run = &b[s..e];
        let len = run.len();
        let ctx = || context(b, s, outer);
        let next = b.get(e).copied().unwrap_or(0);
        let upper_alnum = comp & C_LOW == 0;
        if len >= 16 && keys_id(run) {
            self.push(out, 2005, s, e);
            return e;
        }
        // month-name dates: `September 26, 2001`, `Aug 1 1957`
        if (3..=9).contains(&len)
            && comp & C_DIG == 0
            && run[0].is_ascii_alphabetic()
            && matches!(next, b' ' | b'+')
            && (comp & C_LOW == 0 || b.get(e + 1).is_some_and(u8::is_ascii_digit))
            && month_at(run).is_some()
        {
            let ds = e + 1;
            let de = digit_end(b, ds);
            if (1..=2).contains(&(de - ds)) {
                let mut p = de;
                if b.get(p) == Some(&b',') {
                    p += 1;
                }
                if b.get(p).is_some_and(|&c| c == b' ' || c == b'+') {
                    let ye = digit_end(b, p + 1);
                    if year_ok(&b[p + 1..ye]) && clean_end(b, ye) {
                        self.push(out, 2009, s, ye);
                        return ye;
                    }
                }
            }
            return e;
        }
        // HKID with its check digit in brackets: A123456(7), AB123456（7）
        if (len == 7 || len == 8) && (next == b'(' || next == 0xEF) {
            let pl = len - 6;
            let (check, end) = if next == b'(' && b.get(e + 2) == Some(&b')') {
                (b.get(e + 1).copied(), e + 3)
            } else if b[e..].starts_with("（".as_bytes())
                && b.get(e + 4..).is_some_and(|r| r.starts_with("）".as_bytes()))
            {
                (b.get(e + 3).copied(), e + 7)
            } else {
                (None, e)
            };
            if let Some(c) = check
                && hkid(&run[..pl], &run[pl..], c)
            {
                self.push(out, 1015, s, end);
                return end;
            }
        }
        // organisation code with letters: D5EDNLXE-8
        if len == 8 && next == b'-' && upper_alnum {
            if let Some(&c) = b.get(e + 1)
                && clean_end(b, e + 2)
                && org_code(run, c)
            {
                self.push(out, 4002, s, e + 2);
                return e + 2;
            }
            return e;
        }
        if !clean_end(b, e) {
            return e;
        }
        if !(upper_alnum || len == 14 || len == 15 || len == 18) {
            // a long mixed-case run with digits glued to more base64 may open an upload:
            // step over its interior (never past `limit`, the next skip span)
            if comp == C_DIG | C_UP | C_LOW
                && len >= 16
                && matches!(next, b'+' | b'/')
                && let Some(u) = blob_resume(b, e)
                && u <= limit
            {
                return u;
            }
            return e;
        }
        let digits_from = |i: usize| run[i..].iter().all(u8::is_ascii_digit);
        let code = match len {
            18 => {
                let up: [u8; 18] = std::array::from_fn(|i| run[i].to_ascii_uppercase());
                if (digits_from(0) || (run[..17].iter().all(u8::is_ascii_digit) && up[17] == b'X'))
                    && cn_resident_id(run)
                {
                    Some(1000)
                } else if upper_alnum && uscc(run) {
                    Some(4003)
                } else {
                    None
                }
            }
            17 => vin(run).then_some(4004),
            14 | 15 => {
                if run.iter().all(u8::is_ascii_hexdigit) && matches!(run[0].to_ascii_uppercase(), b'A'..=b'F')
                {
                    let lower = run.iter().any(u8::is_ascii_lowercase);
                    let upper = run.iter().any(u8::is_ascii_uppercase);
                    (!(lower && upper)).then_some(2011)
                } else if len == 15 && upper_alnum && tax_number(run) {
                    Some(4001)
                } else {
                    None
                }
            }
            11 => {
                if matches!(run[0], b'H' | b'M') && digits_from(1) {
                    Some(1007)
                } else {
                    self.swift(b, s, run, outer)
                }
            }
            9 => self.nine(run, &ctx),
            8 => {
                if run[0].is_ascii_uppercase()
                    && run[1..7].iter().all(u8::is_ascii_digit)
                    && (run[7].is_ascii_digit() || run[7] == b'A')
                    && hkid(&run[..1], &run[1..7], run[7])
                {
                    Some(1015)
                } else {
                    self.swift(b, s, run, outer)
                }
            }
            _ => None,
        };
        if let Some(c) = code {
            self.push(out, c, s, e);
        }
        e
    }

    /// Nine upper-case alphanumerics: passport, HK/Macao permit, NRIC/FIN, two-letter HKID,
    /// or an organisation code under its key.
    fn nine(&self, run: &[u8], ctx: &dyn Fn() -> Ctx) -> Option<u16> {
        let d = |i: usize| run[i..].iter().all(u8::is_ascii_digit);
        let (a, b2) = (run[0], run[1]);
        if a.is_ascii_uppercase() && run[1..8].iter().all(u8::is_ascii_digit) && run[8].is_ascii_uppercase() {
            return nric(run).then_some(1019);
        }
        if d(1) {
            return match a {
                b'E' | b'G' => Some(1006),
                b'C' | b'H' | b'M' => Some(1007),
                _ => None,
            };
        }
        if b2.is_ascii_uppercase() && run[2..8].iter().all(u8::is_ascii_digit) {
            let hk = hkid(&run[..2], &run[2..8], run[8]);
            let pass = a == b'E' && b2 != b'I' && b2 != b'O' && d(2);
            let permit = a == b'C' && d(2);
            if hk && (pass || permit) {
                // the shapes overlap: let the key or the sentence decide
                let c = ctx();
                if c.has(vocab::PERMIT) && permit {
                    return Some(1007);
                }
                if c.has(vocab::PASSPORT) && pass {
                    return Some(1006);
                }
                if c.has(vocab::HKID) {
                    return Some(1015);
                }
            }
            return if pass {
                Some(1006)
            } else if permit {
                Some(1007)
            } else {
                hk.then_some(1015)
            };
        }
        if org_code(&run[..8], run[8]) && ctx().has(vocab::ORG) {
            return Some(4002);
        }
        None
    }

    /// SWIFT/BIC: bank code (4 letters), ISO country, location, optional branch.
    fn swift(&self, b: &[u8], s: usize, run: &[u8], outer: Option<&Ctx>) -> Option<u16> {
        if !run[..6].iter().all(u8::is_ascii_uppercase) || !iso_country(run[4], run[5]) {
            return None;
        }
        let c = context(b, s, outer);
        if c.has(vocab::SWIFT) {
            return Some(1022);
        }
        // glued into base64 or a path (`…+CFOICRCP59R+…`)
        let e = s + run.len();
        if (s > 0 && matches!(b[s - 1], b'+' | b'/')) || matches!(b.get(e), Some(b'+' | b'/')) {
            return None;
        }
        if c.has(vocab::ENUM) {
            return None;
        }
        let letters = run.iter().all(u8::is_ascii_uppercase);
        if letters && (wordlike(run) || beside_caps_word(b, s, s + run.len())) {
            return None;
        }
        Some(1022)
    }
}

/// Eighteen digits laid out like a resident ID (division code, plausible birth date) whose
/// check digit failed: a mistyped ID, never a card or a company code.
fn id_shaped(d: &[u8]) -> bool {
    cn_area_code(d) && year_ok(&d[6..10]) && valid_date(num(&d[6..10]), num(&d[10..12]), num(&d[12..14]))
}

/// 9 digits: a US SSN under an SSN key, else an organisation code under an organisation key.
///
/// A number that passes the SSN check (most do: it refuses few areas and groups) builds the
/// context once and asks it of both vocabularies; asking the two rules in turn built it a
/// second time for every number that also passed the organisation check under a key that
/// is no SSN key. `nine_ref` (in the tests) asks the rules in turn.
#[inline(always)]
fn nine(run: &[u8], ctx: &impl Fn() -> Ctx) -> Option<u16> {
    let org = || org_code(&run[..8], run[8]);
    if ssn(&run[..3], &run[3..5], &run[5..]) {
        let c = ctx();
        if c.has(vocab::SSN) {
            return Some(1023);
        }
        return (org() && c.has(vocab::ORG)).then_some(4002);
    }
    (org() && ctx().has(vocab::ORG)).then_some(4002)
}

/// The definition of [`nine`]: the SSN rule, then the organisation-code rule, each with its
/// own context.
#[cfg(test)]
fn nine_ref(run: &[u8], ctx: &dyn Fn() -> Ctx) -> Option<u16> {
    if ssn(&run[..3], &run[3..5], &run[5..]) && ctx().has(vocab::SSN) {
        Some(1023)
    } else if org_code(&run[..8], run[8]) && ctx().has(vocab::ORG) {
        Some(4002)
    } else {
        None
    }
}

/// Whether `multi` can match the first `k` groups at all. Two groups are only ever a
/// landline (area code with its `0`, joined by a space or `-`) or an `12345678-9`
/// organisation code, so decimals, coordinates and versions (`135.98`, `20.764102`) stop here.
#[inline]
fn multi_plausible(b: &[u8], g: &Groups, k: usize) -> bool {
    if k != 2 {
        return true;
    }
    let (sep, l0) = (g.sep[0], g.len(0));
    matches!(sep, b' ' | b'-')
        && ((matches!(l0, 3 | 4) && b[g.st(0)] == b'0') || (sep == b'-' && l0 == 8 && g.len(1) == 1))
}

/// True when the letters-only run of `len` bytes ending at `e` (composition `comp`) holds
/// lower case and nothing can start there: no secret (20+ bytes or before `/` `+`), access-key
/// ID (16+), hex ID (14/15), MAC or IPv6 group (before `:` `-` `.`), HKID (before `(`) or
/// month name before a day (a space and a digit). camelCase keys and capitalised words stop
/// here without the checks of `token` and `alnum` (which return `e` for them too).
///
/// Every part is computed (table lookups, no short cut) and combined with `&`: the caller
/// takes one branch on the answer instead of one per part.
#[cfg(test)]
fn letters_idle(b: &[u8], comp: u8, len: usize, e: usize) -> bool {
    letters_idle_bits(b, comp, len, e) != 0
}

/// [`letters_idle`] as bit 0 of a word the caller ORs with other tests: the composition
/// (`C_LOW`, maybe `C_UP`, no `C_DIG`: 4 or 6), the length, the byte after the run and the
/// space-and-digit after it each give one bit 0, ANDed.
#[inline(always)]
fn letters_idle_bits(b: &[u8], comp: u8, len: usize, e: usize) -> u16 {
    let nx = NEXT[usize::from(b.get(e).copied().unwrap_or(0))];
    let after = u16::from(CLASS[usize::from(b.get(e + 1).copied().unwrap_or(0))]);
    let lower_only = (0x50u16 >> comp) & 1;
    let day = (nx / N_SPACE) & after;
    lower_only & lens(len) & nx & !day & 1
}

/// The definition of [`letters_idle`] (one test after the other).
#[cfg(test)]
fn letters_idle_ref(b: &[u8], comp: u8, len: usize, e: usize) -> bool {
    let next = b.get(e).copied().unwrap_or(0);
    comp & (C_DIG | C_LOW) == C_LOW
        && len < 14
        && !matches!(next, b'/' | b'+' | b':' | b'-' | b'.' | b'(' | 0xEF)
        && !(next == b' ' && b.get(e + 1).is_some_and(u8::is_ascii_digit))
}

/// True when the digit run `b[s..e]` is followed by exactly one more separator-joined group
/// and [`multi_plausible`] refuses those two groups: decimals, coordinates, ratios
/// (`135.98`, `20.764102`, `3/4`) skip [`groups`] and `multi`. Needs a separator and a digit
/// at `e`.
#[cfg(test)]
fn two_groups_idle(b: &[u8], s: usize, e: usize) -> bool {
    let q = digit_end(b, e + 1);
    if q + 1 < b.len() && matches!(b[q], b' ' | b'-' | b'.' | b'/' | b'+') && b[q + 1].is_ascii_digit() {
        return false; // three groups or more
    }
    let (sep, l0) = (b[e], e - s);
    !(matches!(sep, b' ' | b'-' | b'+')
        && ((matches!(l0, 3 | 4) && b[s] == b'0') || (sep == b'-' && l0 == 8 && q - e - 1 == 1)))
}

/// [`two_groups_idle`] once the second group's end `q1` is known and no third group follows.
#[inline]
fn two_idle(b: &[u8], s: usize, e: usize, q1: usize) -> bool {
    let (sep, l0) = (b[e], e - s);
    !(matches!(sep, b' ' | b'-' | b'+')
        && ((matches!(l0, 3 | 4) && b[s] == b'0') || (sep == b'-' && l0 == 8 && q1 - e - 1 == 1)))
}

/// The shape of a log time from its day (Common Log Format, as web servers write it): `d` a
/// digit, `a` a letter, `s` a sign, any other byte itself.
const CLF_TIME: &[u8; 26] = b"dd/aaa/dddd:dd:dd:dd sdddd";

/// The end of a log time `05/Jul/2023:23:48:37 +0800` starting at `s` (its day), when the
/// byte after the zone is neither alphanumeric, a joiner, a space, `(` nor a CJK lead byte
/// that `token` looks for, or `None`. A log line holds one per request and the driver would
/// visit it five times (day, month, year with its time as tails, the zone's sign and
/// digits), each only to find nothing there:
/// - the day (two digits before `/` and a letter) is a quiet digit run; no secret starts there,
///   as the base64 run through it stops at the `:` after the year, 12 bytes at most;
/// - the month (three letters between `/`) has no rule of its length, no month-name date
///   (no space after it), no secret (a `/` after a digit before it);
/// - the year (four digits before `:`) is no MAC; the IPv6 scan from it meets three colons
///   and no `::` before the space; it is a quiet digit run, and the time's groups are its
///   tails (`:` after a digit);
/// - the zone (four digits after `+` or `-`, then a byte as above) is a quiet digit run with
///   no tail and no secret, MAC or IPv6 test (4 digits, no separator after it).
///
/// The bytes between are `/`, `:`, ` ` and the sign, which the driver steps over one by one.
/// So the driver resumes after the zone exactly as it would have after visiting each part
/// (the tests compare with the path that visits them: `scan_tokens_with::<false>`).
fn clf_time_end(b: &[u8], s: usize) -> Option<usize> {
    let w = b.get(s..s + CLF_TIME.len())?;
    let shaped = w.iter().zip(CLF_TIME).fold(true, |ok, (&c, &p)| {
        ok & match p {
            b'd' => c.is_ascii_digit(),
            b'a' => c.is_ascii_alphabetic(),
            b's' => c == b'+' || c == b'-',
            _ => c == p,
        }
    });
    let end = s + CLF_TIME.len();
    let z = b.get(end).copied().unwrap_or(0);
    (shaped && CLASS[usize::from(z)] == 0 && NEXT[usize::from(z)] == N_LETTERS_END).then_some(end)
}

/// Whether `:dd:dd` follows at `e` and then a byte that is neither a hex digit, nor `:` nor
/// `.` (or the text ends): after a two-character run, the time of day (`02:19:31"`). Neither
/// a MAC (six groups: its third separator would be that byte) nor an IPv6 address (the scan
/// of hex digits, `:` and `.` stops there with two colons and no `::`) starts at the run, so
/// [`SensitiveScanner::secret_or_hex`] skips the two scans.
fn short_time_at(b: &[u8], e: usize) -> bool {
    let Some(w) = b.get(e..e + 6) else {
        return false;
    };
    let shaped = w.iter().zip(b":dd:dd").fold(true, |ok, (&c, &p)| {
        ok & match p {
            b'd' => c.is_ascii_digit(),
            _ => c == p,
        }
    });
    shaped && !b.get(e + 6).is_some_and(|&c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
}

/// Whether the four-digit run `b[s..e]` opens `yyyy-mm-dd` glued to a letter (`2025-12-22T…`,
/// the first digit not `0`), the date of an ISO time. The driver's tests all find nothing
/// there when no `+` comes before the run (the caller's test: that would ask for an
/// international number):
/// - the secret, MAC and IPv6 tests: four digits before a `-` are none of their shapes;
/// - `numeric`: a separator and a digit follow, so the groups are asked; a third group of the
///   same separator and the year-month-day lengths leave the date rule alone
///   (`three_groups`), which needs a clean end and meets the letter; a four-digit run glued
///   to a digit has no bare rule, so `numeric` returns the run's end.
///
/// So the caller returns that end at once (the tests compare with the path that visits it:
/// `scan_tokens_with::<false>`). One fold over seven bytes, no branch per byte: most ISO
/// times have two-digit months and days.
fn iso_date_glued(b: &[u8], s: usize, e: usize) -> bool {
    let Some(w) = b.get(e..e + 7) else {
        return false;
    };
    let shaped = w.iter().zip(b"-dd-dda").fold(true, |ok, (&c, &p)| {
        ok & match p {
            b'd' => c.is_ascii_digit(),
            b'a' => c.is_ascii_alphabetic(),
            _ => c == p,
        }
    });
    shaped & (b[s] != b'0')
}

/// The end of a product and its version (`HTTP/1.1`, `Mozilla/5.0`, `AppleWebKit/605.1.15`:
/// a request line holds one, a user agent several) from the name `b[s..e]` (letters only,
/// `comp` its composition, a `/` at `e`), or `None`. The driver would visit the name and the
/// version's first group, each only to find nothing, and step over the rest as tails:
/// - the name: a letters run of up to 13 bytes with a lower-case one (or of 14 or 15 that are
///   not all hex digits), or of up to 7 capitals, meets no rule of `alnum` (no access-key ID,
///   hex ID, SWIFT code, passport or month name before a `/`), no label glued to a number (no
///   digit), no MAC or IPv6 group (`/` after it); the base64 run a secret would be stops at
///   the version's first `.`, which also refuses a 40-byte one;
/// - the version: two or three `.`-joined groups of one to three digits, then a byte that is
///   neither alphanumeric nor a joiner nor a space before a digit: no fourth group (no dotted
///   quad), no group of four (no NANP number, no date), so `numeric` refuses the first group
///   at once and the others are its tails.
///
/// So the driver resumes after the version exactly as it would have after visiting each part
/// (the tests compare with the path that visits them: `scan_tokens_with::<false>`).
fn product_version_end(b: &[u8], s: usize, e: usize, comp: u8) -> Option<usize> {
    let len = e - s;
    let name_idle = if comp & C_LOW != 0 {
        len <= 13 || (len <= 15 && !b[s..e].iter().all(u8::is_ascii_hexdigit))
    } else {
        len <= 7
    };
    if comp & C_DIG != 0 || !name_idle {
        return None;
    }
    let mut p = e + 1;
    let mut groups = 0;
    loop {
        let q = digit_end(b, p);
        if !(1..=3).contains(&(q - p)) {
            return None;
        }
        groups += 1;
        let next = b.get(q).copied().unwrap_or(0);
        let digit_after = b.get(q + 1).is_some_and(u8::is_ascii_digit);
        if groups < 3 && next == b'.' && digit_after {
            p = q + 1;
            continue;
        }
        let ends =
            CLASS[usize::from(next)] == 0 && !JOINED[usize::from(next)] && !(next == b' ' && digit_after);
        return (groups >= 2 && ends).then(|| status_end(b, q));
    }
}

/// After the protocol version at the end of a request line (`HTTP/1.1" 200 5813`): the end
/// of the status code when the driver would visit it only to find nothing, else `q`. The
/// status (three digits, the first not `0`, between `" ` and a space) is joined by the space
/// to the size (a digit run) as two digit groups; with no third group after the size, the
/// two-group refusal takes them (no landline: no leading `0`), and a three-digit run has no
/// bare rule. The bytes before it (`"`, ` `) are stepped over one by one and the walk back
/// from it stops at the space. The size itself is left to the driver (it may be a value).
fn status_end(b: &[u8], q: usize) -> usize {
    let Some(w) = b.get(q..q + 7) else {
        return q;
    };
    let status = w[0] == b'"'
        && w[1] == b' '
        && matches!(w[2], b'1'..=b'9')
        && w[3].is_ascii_digit()
        && w[4].is_ascii_digit()
        && w[5] == b' '
        && w[6].is_ascii_digit();
    if !status {
        return q;
    }
    let size_end = digit_end(b, q + 6);
    if group_at(b, size_end) { q } else { q + 5 }
}

/// Lengths at which a bare digit run can be a value by itself (`numeric`'s last match).
const NUMERIC_LENS: u32 =
    1 << 8 | 1 << 9 | 1 << 11 | 1 << 12 | 1 << 15 | 1 << 16 | 1 << 17 | 1 << 18 | 1 << 19;

/// True when `numeric` cannot find anything at the digit run `b[s..e]`: no separator and
/// digit after it (no groups), no `年`, month or extension after it, a length no bare value
/// has, and no `+` before it but for 13 digits (`+8613812345678`): after a `+`, only those
/// or groups can be an international number. Most digit runs (amounts, counts, timestamps,
/// the `+0800` of a log time) stop here.
///
/// As [`letters_idle`]: all parts computed from table lookups and combined without a branch.
#[inline(always)]
fn numeric_quiet(b: &[u8], s: usize, e: usize) -> bool {
    let ln = lens(e - s);
    let nx = NEXT[usize::from(b.get(e).copied().unwrap_or(0))];
    let after = u16::from(CLASS[usize::from(b.get(e + 1).copied().unwrap_or(0))]);
    let before = NEXT[usize::from(b.get(s.wrapping_sub(1)).copied().unwrap_or(0))];
    // bare value | `+` and 13 digits | day or year | a separator and a digit (bit 0)
    let live = (ln & L_BARE)
        | (ln & before & L_PLUS13)
        | (ln & nx & (L_DAY | L_YEAR))
        | ((nx / N_GROUP) & after & 1);
    live == 0
}

/// The definition of [`numeric_quiet`] (one test after the other).
#[cfg(test)]
fn numeric_quiet_ref(b: &[u8], s: usize, e: usize) -> bool {
    let len = e - s;
    let next = b.get(e).copied().unwrap_or(0);
    let bare_value = len < 32 && (NUMERIC_LENS >> len) & 1 == 1;
    let after_plus = len == 13 && s > 0 && b[s - 1] == b'+';
    let grouped =
        matches!(next, b' ' | b'-' | b'.' | b'/' | b'+') && b.get(e + 1).is_some_and(u8::is_ascii_digit);
    let day_or_year = (len <= 2 && matches!(next, b' ' | b'+')) || (len == 4 && next == 0xE5);
    !(bare_value || after_plus || grouped || day_or_year)
}

/// Whether a secret run (`keys::secret_run`) can start at `from` when the alphanumeric run
/// there (after a leading `/` or `+`, if any) ends at `e`: it must be exactly 30 alphanumerics
/// or exactly 40 base64 bytes. Past a `/` or `+` only the 40 remain, and then the byte 40 on
/// must end the base64 text; so most runs are refused without walking them.
fn secret_may(b: &[u8], from: usize, e: usize) -> bool {
    let span = e - from;
    if !matches!(b.get(e), Some(b'/' | b'+')) {
        return span == 30 || span == 40;
    }
    let b64 = |c: &u8| is_alnum(*c) || matches!(c, b'/' | b'+');
    span < 40 && b.len() >= from + 40 && !b.get(from + 40).is_some_and(b64)
}

fn keys_id(run: &[u8]) -> bool {
    super::keys::access_key_id(run)
}

/// Rest of a Chinese date after `年`: `7月8日` (the 日 optional); returns the end.
fn cn_date(b: &[u8], p: usize) -> Option<usize> {
    let me = digit_end(b, p);
    if !(1..=2).contains(&(me - p)) || !b[me..].starts_with("月".as_bytes()) {
        return None;
    }
    let ds = me + 3;
    let de = digit_end(b, ds);
    if !(1..=2).contains(&(de - ds)) {
        return None;
    }
    let (m, d) = (num(&b[p..me]), num(&b[ds..de]));
    if !valid_date(2000, m, d) {
        return None;
    }
    Some(if b[de..].starts_with("日".as_bytes()) { de + 3 } else { de })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The 9-digit rules with one shared context answer as asking them in turn: digits
        /// that pass either check, neither or both (an SSN area of `000`, `666` or `9xx`, a
        /// last digit that may be the organisation check digit), under SSN, organisation,
        /// both, other or no keys, as a key or in free text, with an outer key or none.
        #[test]
        fn nine_agrees_with_asking_the_rules_in_turn(
            head in proptest::sample::select(vec!["000", "666", "900", "123", "078", "512"]),
            tail in proptest::collection::vec(b'0'..=b'9', 6),
            pre in proptest::sample::select(vec![
                "", "\"ssn\": ", "orgCode=", "{\"org_no\":\"", "ssn orgcode ", "id: ", "my social_sec ",
                "组织机构代码：", "社保号 ", "uid=",
            ]),
            outer in proptest::sample::select(vec![None, Some("ssn"), Some("orgId"), Some("user")]),
        ) {
            let mut t = pre.as_bytes().to_vec();
            let s = t.len();
            t.extend(head.as_bytes());
            t.extend(&tail);
            let run = &t[s..];
            let outer = outer.map(Ctx::from_key);
            let ctx = || context(&t, s, outer.as_ref());
            proptest::prop_assert_eq!(nine(run, &ctx), nine_ref(run, &ctx));
        }
    }

    proptest::proptest! {
        /// The word-at-a-time digit run end agrees with the byte loop: bytes at the digit
        /// range's edges (`/`, `0`, `9`, `:`) and high bytes, texts shorter and longer than a
        /// word, runs crossing words and reaching the end, starts anywhere up to past the end.
        #[test]
        fn digit_end_agrees_with_the_byte_loop(
            v in proptest::collection::vec(proptest::sample::select(b"0123456789/:a\x80\xff 0009".to_vec()), 0..40),
            from in 0usize..44,
        ) {
            proptest::prop_assert_eq!(digit_end(&v, from), digit_end_ref(&v, from));
        }
    }

    proptest::proptest! {
        /// The eight-bytes-at-a-time jumps stop exactly where a byte-by-byte scan would.
        #[test]
        fn jumps_agree_with_the_byte_definition(v in proptest::collection::vec(proptest::num::u8::ANY, 0..64), from in 0usize..64) {
            let from = from.min(v.len());
            let slow = (from..v.len()).find(|&k| interesting_byte(v[k])).unwrap_or(v.len());
            proptest::prop_assert_eq!(next_interesting(&v, from), slow);
            let slow = (from..v.len()).find(|&k| v[k].is_ascii_uppercase()).unwrap_or(v.len());
            proptest::prop_assert_eq!(next_upper(&v, from), slow);
            let slow = (from..v.len()).find(|&k| v[k] >= 0x80).unwrap_or(v.len());
            proptest::prop_assert_eq!(next_non_ascii(&v, from), slow);
        }
    }

    proptest::proptest! {
        /// The eight-bytes-at-a-time run end and composition are the byte-by-byte ones, and
        /// the walk back stops where a byte-by-byte walk would.
        #[test]
        fn run_scans_agree_with_the_byte_definition(v in proptest::collection::vec(proptest::num::u8::ANY, 0..40), from in 0usize..40) {
            let from = from.min(v.len());
            let end = (from..v.len()).find(|&k| !v[k].is_ascii_alphanumeric()).unwrap_or(v.len());
            proptest::prop_assert_eq!(run_end(&v, from), (end, composition(&v[from..end])));
            for floor in [0, from / 2, from] {
                let mut j = from;
                while j > floor && joined_byte(v[j - 1]) {
                    j -= 1;
                }
                proptest::prop_assert_eq!(joined_start(&v, from, floor), j);
            }
        }

        /// Same on text made of the bytes that matter (letters, digits, joiners).
        #[test]
        fn run_scans_agree_on_token_text(v in proptest::collection::vec(proptest::sample::select(b"aZ09+/:-. \"\x80".to_vec()), 0..40), from in 0usize..40) {
            let from = from.min(v.len());
            let end = (from..v.len()).find(|&k| !v[k].is_ascii_alphanumeric()).unwrap_or(v.len());
            proptest::prop_assert_eq!(run_end(&v, from), (end, composition(&v[from..end])));
            let mut j = from;
            while j > 0 && joined_byte(v[j - 1]) {
                j -= 1;
            }
            proptest::prop_assert_eq!(joined_start(&v, from, 0), j);
        }

        /// `secret_may` never refuses a run `keys::secret_run` accepts.
        #[test]
        fn secret_guard_is_conservative(v in proptest::collection::vec(proptest::sample::select(b"aZ9aZ9aZ9aZ9aZ9aZ9aZ9+/=-.".to_vec()), 0..60), from in 0usize..60) {
            let from = from.min(v.len());
            if let Some(_end) = super::super::keys::secret_run(&v, from) {
                // the alphanumeric run the token pass sees: from `from` (or the byte after a
                // leading `/` / `+`) to its end
                let s = if v.get(from).is_some_and(|c| matches!(c, b'/' | b'+')) { from + 1 } else { from };
                let e = (s..v.len()).find(|&k| !v[k].is_ascii_alphanumeric()).unwrap_or(v.len());
                proptest::prop_assert!(secret_may(&v, from, e));
            }
        }
    }

    #[test]
    fn secret_guard_keeps_both_lengths() {
        let forty = b"k=AbCdEfGh12/IjKlMnOp34+QrStUvWx56/YzAbCdE";
        assert_eq!(super::super::keys::secret_run(forty, 2), Some(42));
        assert!(secret_may(forty, 2, 12));
        let thirty = b"k=AbCdEfGh12IjKlMnOp34QrStUvWx56 ";
        assert_eq!(super::super::keys::secret_run(thirty, 2), Some(32));
        assert!(secret_may(thirty, 2, 32));
        assert!(!secret_may(b"k=AbCdEfGh12/IjKlMnOp34+QrStUvWx56/YzAbCdEf", 2, 12));
    }

    /// Values and near-values of every digit shape, and the bytes that glue them together.
    const DIGIT_PIECES: &[&str] = &[
        "2020-01-02",
        "3/14/2021",
        "13812345678",
        "138 1234 5678",
        "010-62345678",
        "0571 8765432",
        "0571-87654321-12",
        "4111 1111 1111 1111",
        "123-45-6789",
        "10.1.2.3",
        "138-1234-5678",
        "149+6312+5730",
        "20 5313 2855",
        "130.0.2598.233",
        "7.1.32.14",
        "+86 13812345678",
        "+86-755-23456789",
        "+1 415 555 0123",
        "12345678-X",
        "2010年7月8日",
        "1 Aug 1957",
        "415-555-0123",
        "110105194912310028",
        "900101-14-5678",
        "12-345678-901234-5",
        "20200102",
        "12",
        "7",
        " ",
        "-",
        ".",
        "/",
        "+",
        "a",
        "Z",
        ":",
        "(",
    ];

    proptest::proptest! {
        /// Where `numeric_quiet` says a digit run is quiet, `numeric` finds nothing there and
        /// resumes at the run's end; where `multi_plausible` refuses two groups, `multi`
        /// finds nothing in them.
        #[test]
        fn digit_guards_are_conservative(parts in proptest::collection::vec(proptest::sample::select(DIGIT_PIECES.to_vec()), 1..8)) {
            let v: Vec<u8> = parts.concat().into_bytes();
            let sc = SensitiveScanner::default();
            let mut s = 0;
            while s < v.len() {
                if !v[s].is_ascii_digit() || (s > 0 && is_alnum(v[s - 1])) {
                    s += 1;
                    continue;
                }
                let e = (s..v.len()).find(|&k| !v[k].is_ascii_digit()).unwrap_or(v.len());
                if e < v.len() && is_alnum(v[e]) {
                    s = e;
                    continue;
                }
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                let rf = sc.numeric_with::<true>(&v, s, e, None, &mut fast);
                let rs = sc.numeric_with::<false>(&v, s, e, None, &mut slow);
                proptest::prop_assert_eq!((rf, fast), (rs, slow));
                if numeric_quiet(&v, s, e) {
                    let mut out = Vec::new();
                    proptest::prop_assert_eq!(sc.numeric(&v, s, e, None, &mut out), e);
                    proptest::prop_assert!(out.is_empty());
                }
                let g = groups(&v, s);
                // the groups agree with the simple definition: digit runs joined by one
                // separator byte each (`+` read as a space), at most 8; `same` counts the
                // leading groups joined by the first separator, and `multi` refuses more
                let mut p = s;
                for k in 0..g.n {
                    let q = digit_end(&v, p);
                    proptest::prop_assert_eq!((g.st(k), g.en(k), g.grp(&v, k)), (p, q, &v[p..q]));
                    if k + 1 < g.n {
                        proptest::prop_assert_eq!(g.sep[k], if v[q] == b'+' { b' ' } else { v[q] });
                    }
                    p = q + 1;
                }
                let q = g.en(g.n - 1);
                proptest::prop_assert!(g.n == 8 || q + 1 >= v.len() || !matches!(v[q], b' ' | b'-' | b'.' | b'/' | b'+') || !v[q + 1].is_ascii_digit());
                let same = 1 + (0..g.n - 1).take_while(|&k| g.sep[k] == g.sep[0]).count();
                proptest::prop_assert_eq!(g.same, same);
                for k in same + 1..=g.n {
                    proptest::prop_assert!(sc.multi(&v, &g, k, None).is_none());
                }
                if g.n >= 2 && !multi_plausible(&v, &g, 2) {
                    proptest::prop_assert!(sc.multi(&v, &g, 2, None).is_none());
                }
                // the shortcut agrees with building the groups
                if e + 1 < v.len() && matches!(v[e], b' ' | b'-' | b'.' | b'/' | b'+') && v[e + 1].is_ascii_digit() {
                    proptest::prop_assert_eq!(two_groups_idle(&v, s, e), g.n == 2 && !multi_plausible(&v, &g, 2));
                }
                s = e;
            }
        }
    }

    /// Random digit groups (1 to 8 digits, the first digit often `0` or `1`) joined by every
    /// separator and by bytes that end a group, mixed with the value pieces above.
    fn group_text() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let group = (
            proptest::sample::select(b"0123456789001".to_vec()),
            proptest::collection::vec(b'0'..=b'9', 0..8),
        )
            .prop_map(|(f, mut d)| {
                d.insert(0, f);
                d
            });
        let part = prop_oneof![
            3 => group,
            2 => proptest::sample::select(b" -./+ -.".to_vec()).prop_map(|c| vec![c]),
            1 => proptest::sample::select(DIGIT_PIECES.to_vec()).prop_map(|p| p.as_bytes().to_vec()),
        ];
        proptest::collection::vec(part, 1..14).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The mask-built groups are the byte-loop groups, and the shape dispatch of `multi`
        /// answers as trying every rule does, at every group count and with or without an
        /// outer key.
        #[test]
        fn groups_and_multi_agree_with_their_definitions(v in group_text(), pad in 0usize..70) {
            let sc = SensitiveScanner::default();
            let ver = Ctx::from_key("appVersion");
            // a long prefix moves groups across the 64-byte mask's end
            let mut t = vec![b'x'; pad];
            t.push(b' ');
            t.extend(&v);
            for s in 0..t.len() {
                if !t[s].is_ascii_digit() {
                    continue;
                }
                let (g, r) = (groups(&t, s), groups_ref(&t, s));
                proptest::prop_assert_eq!((g.s, g.n, g.same, g.en, g.sep), (r.s, r.n, r.same, r.en, r.sep));
                // the three-group shortcut answers as building the groups does
                if s == 0 || !t[s - 1].is_ascii_digit() {
                    let e = digit_end(&t, s);
                    for outer in [None, Some(&ver)] {
                        let (mut fast, mut slow) = (Vec::new(), Vec::new());
                        let rf = sc.numeric_with::<true>(&t, s, e, outer, &mut fast);
                        let rs = sc.numeric_with::<false>(&t, s, e, outer, &mut slow);
                        proptest::prop_assert_eq!((rf, fast), (rs, slow));
                    }
                }
                // `numeric`'s shared second-group scan answers as the walks it replaces
                let e = g.en(0);
                if e + 1 < t.len() && matches!(t[e], b' ' | b'-' | b'.' | b'/' | b'+') && t[e + 1].is_ascii_digit() {
                    let q1 = digit_end(&t, e + 1);
                    let more = q1 + 1 < t.len()
                        && matches!(t[q1], b' ' | b'-' | b'.' | b'/' | b'+')
                        && t[q1 + 1].is_ascii_digit();
                    proptest::prop_assert_eq!(more, g.n >= 3);
                    if !more {
                        proptest::prop_assert_eq!(two_idle(&t, s, e, q1), two_groups_idle(&t, s, e));
                    }
                    for outer in [None, Some(&ver)] {
                        let fast = if more && t[e] == b'.' && t[q1] == b'.' { sc.quad_from(&t, s, e, q1, outer) } else { None };
                        let slow = if t[e] == b'.' { sc.dotted_quad(&t, s, e, outer) } else { None };
                        proptest::prop_assert_eq!(fast, slow);
                    }
                }
                // the dotted-quad shortcut reports only what the grouped path reports first
                for outer in [None, Some(&ver)] {
                    if let Some(end) = sc.dotted_quad(&t, s, g.en(0), outer) {
                        proptest::prop_assert_eq!(g.same, 4);
                        proptest::prop_assert_eq!(sc.multi_ref(&t, &r, 4, outer), Some((2000, end)));
                        proptest::prop_assert!(clean_end(&t, end));
                    }
                }
                for k in 1..=g.n {
                    for outer in [None, Some(&ver)] {
                        proptest::prop_assert_eq!(sc.multi(&t, &g, k, outer), sc.multi_ref(&t, &r, k, outer));
                    }
                }
            }
        }

        /// Brand first, Luhn last: the same card codes as Luhn first.
        #[test]
        fn card_code_agrees_with_the_definition(pre in proptest::sample::select(vec!["62", "4", "51", "2221", "2720", "34", "37", "3528", "3589", "35", "1", ""]), d in proptest::collection::vec(b'0'..=b'9', 0..20)) {
            let mut v = pre.as_bytes().to_vec();
            v.extend(d);
            if v.len() >= 4 {
                proptest::prop_assert_eq!(card_code(&v), card_code_ref(&v));
            }
        }
    }

    /// Octet-like groups: every length from 0 to 4, leading zeros, and values on both sides
    /// of 255.
    const QUAD_PIECES: [&str; 22] = [
        "0", "7", "00", "09", "10", "99", "010", "100", "199", "249", "250", "255", "256", "259", "260",
        "300", "999", "1000", "2555", ".", "-", "a",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The word-wise dotted quad answers as the byte definition: groups of every length,
        /// values around the octet bounds, a fifth group, glued bytes, and quads that end
        /// within eight bytes of the text's end (the byte-walk tail).
        #[test]
        fn word_quads_agree_with_the_definition(
            parts in proptest::collection::vec(proptest::sample::select(QUAD_PIECES.to_vec()), 1..10),
            dots in proptest::collection::vec(proptest::bool::ANY, 10),
            tail in proptest::sample::select(vec!["", " ", "\"", ".", ".5", "-", "-5", "a", "/", "\u{e9}", "   xx"]),
        ) {
            let sc = SensitiveScanner::default();
            let ver = Ctx::from_key("appVersion");
            let mut t = Vec::new();
            for (k, p) in parts.iter().enumerate() {
                if k > 0 && dots[k] {
                    t.push(b'.');
                }
                t.extend(p.as_bytes());
            }
            t.extend(tail.as_bytes());
            for s in 0..t.len() {
                if !t[s].is_ascii_digit() || (s > 0 && t[s - 1].is_ascii_digit()) {
                    continue;
                }
                let e = digit_end(&t, s);
                if !(e + 1 < t.len() && t[e] == b'.' && t[e + 1].is_ascii_digit()) {
                    continue;
                }
                let q1 = digit_end(&t, e + 1);
                if !(q1 + 1 < t.len() && t[q1] == b'.' && t[q1 + 1].is_ascii_digit()) {
                    continue;
                }
                for outer in [None, Some(&ver)] {
                    proptest::prop_assert_eq!(sc.quad_from(&t, s, e, q1, outer), sc.dotted_quad(&t, s, e, outer));
                    proptest::prop_assert_eq!(sc.quad_tail(&t, s, e, q1, outer), sc.dotted_quad(&t, s, e, outer));
                }
            }
        }

        /// The word octet test is [`octet`] on every string of up to four digits (and a few
        /// lengths it must refuse), with any bytes after the digits.
        #[test]
        fn octet_word_agrees_with_octet(d in proptest::collection::vec(b'0'..=b'9', 0..5), after in proptest::num::u64::ANY) {
            let mut w = after.to_le_bytes();
            w[..d.len()].copy_from_slice(&d);
            proptest::prop_assert_eq!(octet_word(u64::from_le_bytes(w), d.len()), octet(&d));
        }

        /// The joined group test is its definition at every position (and past the end).
        #[test]
        fn group_at_agrees_with_the_definition(v in proptest::collection::vec(proptest::sample::select(b"09 -./+a:\"\x80".to_vec()), 0..12)) {
            for e in 0..v.len() + 2 {
                proptest::prop_assert_eq!(group_at(&v, e), group_at_ref(&v, e));
            }
        }

        /// The carry-free non-digit mask marks exactly the bytes that are not digits.
        #[test]
        fn non_digit_mask_marks_every_byte(w in proptest::collection::vec(proptest::sample::select(b"0189/:\x7f\x80\xb0\xffa".to_vec()), 8)) {
            let x = u64::from_le_bytes(w.clone().try_into().unwrap());
            let want = w.iter().enumerate().fold(0u64, |m, (k, c)| m | u64::from(!c.is_ascii_digit()) << (8 * k + 7));
            proptest::prop_assert_eq!(non_digits(x), want);
        }
    }

    #[test]
    fn dotted_quads_take_the_shortcut_only_when_complete() {
        let sc = SensitiveScanner::default();
        let quad = |t: &[u8]| sc.dotted_quad(t, 0, digit_end(t, 0), None);
        assert_eq!(quad(b"10.1.2.3 x"), Some(8));
        assert_eq!(quad(b"10.1.2.3 4"), Some(8));
        assert_eq!(quad(b"10.1.2.3-4"), None, "glued on: the grouped path decides");
        assert_eq!(quad(b"10.1.2.3.4"), None);
        assert_eq!(quad(b"10.1.2.256"), None);
        assert_eq!(quad(b"10.1.2"), None);
        assert_eq!(quad(b"10.1.2.3a"), None);
        let ver = Ctx::from_key("version");
        assert_eq!(sc.dotted_quad(b"10.1.2.3", 0, 2, Some(&ver)), None);
    }

    #[test]
    fn long_groups_cross_the_mask() {
        let mut t = vec![b'1'; 70];
        t.extend(b"-12 0571-87654321.5");
        for s in [0, 10, 63, 64, 69, 70, 73, 76] {
            let (g, r) = (groups(&t, s), groups_ref(&t, s));
            assert_eq!((g.n, g.same, g.en, g.sep), (r.n, r.same, r.en, r.sep), "{s}");
        }
    }

    /// Letters, a few digits and the bytes that end or join a run (month names and hex
    /// letters included so the guards' exceptions are reached).
    const LETTER_PIECES: [&str; 19] = [
        "abc", "Def", "userName", "March", "Sept", "fe", "ABCDEF", "xyz", "Q", "7", " ", "-", ".", "/", "+",
        ":", "(", "\"", "\u{ff08}",
    ];

    proptest::proptest! {
        /// Where `letters_idle` says a run is idle, `token` (which checks it first) and the
        /// checks it stands in for (`alnum`, the secret and MAC/IPv6 tests) find nothing and
        /// resume at the run's end.
        #[test]
        fn letter_guard_is_conservative(parts in proptest::collection::vec(proptest::sample::select(LETTER_PIECES.to_vec()), 1..12)) {
            let v: Vec<u8> = parts.concat().into_bytes();
            let sc = SensitiveScanner::default();
            let mut s = 0;
            while s < v.len() {
                if !is_alnum(v[s]) || (s > 0 && is_alnum(v[s - 1])) {
                    s += 1;
                    continue;
                }
                let (e, comp) = run_end(&v, s);
                if letters_idle(&v, comp, e - s, e) {
                    let mut out = Vec::new();
                    proptest::prop_assert_eq!(sc.alnum(&v, s, e, comp, None, usize::MAX, &mut out), e);
                    proptest::prop_assert!(out.is_empty());
                    proptest::prop_assert!(e - s < 20 && !matches!(v.get(e), Some(b'/' | b'+' | b':' | b'-' | b'.')));
                }
                s = e;
            }
        }
    }

    #[test]
    fn letter_guard_keeps_dates_and_codes() {
        let idle = |t: &[u8]| {
            let (e, comp) = run_end(t, 0);
            letters_idle(t, comp, e, e)
        };
        assert!(idle(b"userName\":") && idle(b"Beyond do") && idle(b"March is"));
        assert!(!idle(b"March 5, 2020") && !idle(b"Sept+1") && !idle(b"fe:80") && !idle(b"abc/Def"));
        assert!(!idle(b"DECLINED") && !idle(b"a1b2") && !idle(b"abcdefabcdefab"));
    }

    /// Base64 as an upload carries it (random bytes, standard alphabet, no line breaks).
    fn upload(len: usize, seed: u64) -> Vec<u8> {
        const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut x = seed;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                B64[(x >> 58) as usize]
            })
            .collect()
    }

    #[test]
    fn uploads_are_stepped_over() {
        let mut v = b"{\"content\":\"".to_vec();
        let s = v.len();
        v.extend(upload(4000, 0x9E37_79B9_7F4A_7C15));
        v.extend(b"\"}");
        // the first run that is long and mixed opens the blob
        let mut i = s;
        let mut skipped = 0;
        while i < v.len() {
            if !is_alnum(v[i]) {
                i += 1;
                continue;
            }
            let (e, comp) = run_end(&v, i);
            if comp == C_DIG | C_UP | C_LOW
                && e - i >= 16
                && let Some(u) = blob_resume(&v, e)
            {
                assert!(u > e && u <= v.len() - 2 - BLOCK);
                skipped += u - e;
                i = u;
                continue;
            }
            i = e;
        }
        assert!(skipped > 3000, "skipped {skipped}");
    }

    #[test]
    fn structured_text_is_never_a_blob() {
        let texts: &[&[u8]] = &[
            // a long URL path of words, versions and a phone
            b"/api/v1/users/13812345678/orders/20240101/items/AbCdEf12/details/Summary/export/v2/final",
            // camelCase segments with digits but capitals only before lower case
            b"/Users/JohnSmith2/Documents/Reports2020/Quarterly3/Summary4/ExportedFiles5/Archive6/Z",
            // a sentence
            b"Please call Mr Wang at 13812345678 or write to him before 3 May 2021 about order X1Y2Z3.",
            // a JSON list of values
            b"[\"AbCdEfGh12\",\"XyZ98765QwErT\",\"13812345678\",\"LTAIabcDEF123456\",\"Q1W2E3R4T5Y6U7I8\"]",
        ];
        for t in texts {
            for e in 0..t.len() {
                if !is_alnum(t[e]) && (e == 0 || is_alnum(t[e - 1])) {
                    assert_eq!(blob_resume(t, e), None, "{}", String::from_utf8_lossy(t));
                }
            }
        }
        // an upload with digits of a phone in it stops being a blob there
        let mut v = upload(300, 7);
        v.extend(b"+13812345678+");
        v.extend(upload(300, 8));
        let e = run_end(&v, 0).0;
        if let Some(u) = blob_resume(&v, e) {
            assert!(u + 11 < 300, "resumes at {u}");
        }
    }

    proptest::proptest! {
        /// The two-block test of a chunk finds the blob's end where the block-by-block
        /// definition does: texts of base64 bytes, of alphabets short of lower case, of
        /// capitals before capitals or of digits (so each of the tests decides some blocks),
        /// with bytes that are no base64 among them, from every start and at every length
        /// (blocks cut by the text's end).
        #[test]
        fn blob_pairs_agree_with_the_blocks(
            alphabet in 0usize..5,
            v in proptest::collection::vec(proptest::num::u8::ANY, 0..420),
            e in 0usize..100,
        ) {
            const ALPHABETS: [&[u8]; 5] = [
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-\"\xff\x00",
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789a+/",
                b"AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPp0123456789Qq+/",
                b"0123456789012345678901234567890123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij",
            ];
            let a = ALPHABETS[alphabet];
            let v: Vec<u8> = v.iter().map(|&x| a[usize::from(x) % a.len()]).collect();
            let e = e.min(v.len());
            proptest::prop_assert_eq!(blob_resume(&v, e), blob_resume_ref(&v, e));
        }

        /// Values between base64 pieces are found exactly as without the blob skip.
        #[test]
        fn blob_skip_keeps_every_finding(parts in proptest::collection::vec((0usize..4, 0u64..1000, proptest::sample::select(DIGIT_PIECES.to_vec())), 1..12)) {
            let mut v = Vec::new();
            for (kind, seed, piece) in parts {
                match kind {
                    0 => v.extend(upload(40 + (seed as usize % 200), seed + 1)),
                    1 => { v.extend(upload(20, seed + 1)); v.push(b'+'); v.extend(piece.as_bytes()); v.push(b'/'); }
                    2 => { v.push(b' '); v.extend(piece.as_bytes()); v.push(b' '); }
                    _ => v.extend(piece.as_bytes()),
                }
            }
            let sc = SensitiveScanner::default();
            let (mut with, mut without) = (Vec::new(), Vec::new());
            sc.scan_tokens_with::<true>(&v, None, &[], &mut with);
            sc.scan_tokens_with::<false>(&v, None, &[], &mut without);
            proptest::prop_assert_eq!(with, without);
        }
    }

    proptest::proptest! {
        /// Numbers, dates and phones glued together by every joiner: stepping over number
        /// tails finds exactly what visiting each tail run finds.
        #[test]
        fn tail_steps_keep_every_finding(parts in proptest::collection::vec(proptest::sample::select(DIGIT_PIECES.to_vec()), 1..12)) {
            let v: Vec<u8> = parts.concat().into_bytes();
            let sc = SensitiveScanner::default();
            let (mut with, mut without) = (Vec::new(), Vec::new());
            sc.scan_tokens_with::<true>(&v, None, &[], &mut with);
            sc.scan_tokens_with::<false>(&v, None, &[], &mut without);
            proptest::prop_assert_eq!(with, without);
        }
    }

    /// Log times, product versions and near misses of their shapes (a part too short or too
    /// long, a letter for a digit, no sign, a fourth group, a value glued after them), with
    /// the bytes that may follow them.
    const LOG_PIECES: &[&str] = &[
        "05/Jul/2023:23:48:37 +0800",
        "31/dec/1999:00:00:00 -0500",
        "05/JUL/2023:23:48:37 +0800",
        "05/Jul/2023:23:48:37 0800",
        "05/Jul/2023:23:48:3 +0800",
        "05/Ju1/2023:23:48:37 +0800",
        "05/Jul/2023:23:48:37 +08001",
        "05/Jul/2023:23:48:37 +13812345678",
        "05/Jul/2023:23:48:37+0800",
        "2023:23:48:37",
        "05/Jul/",
        "[",
        "]",
        "\"",
        " ",
        "+",
        "-",
        "/",
        ":",
        ".",
        "(",
        "a",
        "Z",
        "7",
        "\u{5e74}",
        "\u{ff08}",
        " 1234",
        "8613812345678",
        "+86 138 1234 5678",
        "192.168.1.1",
        "fe80::1",
        "aa:bb:cc:dd:ee:ff",
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ/a",
        "HTTP/1.1",
        "HTTP/1.1\" 200 5813 ",
        "\" 404 ",
        "\" 012 ",
        "\" 200 13812345678",
        "0 ",
        "Mozilla/5.0",
        "2025-12-22T02:19:31Z",
        "2025-12-22T",
        "1990-01-01T00:00:00+08:00",
        "0025-12-22T",
        "2025-13-45T",
        "2025-1-2T",
        "2025-12-22",
        "2025-12-22 ",
        "2025-12-2",
        "12-22T",
        "2025-12-22.5",
        "AppleWebKit/605.1.15",
        "Chrome/120.0.0.0",
        "Safari/537.36",
        "PostmanRuntime/7.43.9",
        "abcdefabcdefab/1.2",
        "ABCDEFGH/1.2",
        "SWIFTCNBJ/1.2",
        "Ab/555.123.4567",
        "v/1.2.3.4",
        "x/1.2 3",
        "/1.22.333",
        "/1234.5",
        "LTAIabcdefghijklmn/1.2",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Log times and product versions are stepped over in one go only where visiting each
        /// part finds nothing and resumes at the same place: the path that visits every part
        /// (`BLOBS` false, over the word scans) finds exactly the same, with or without skip
        /// spans anywhere.
        #[test]
        fn log_shape_skips_keep_every_finding(
            parts in proptest::collection::vec(proptest::sample::select(LOG_PIECES.to_vec()), 0..32),
            spans in proptest::collection::vec((0usize..300, 0usize..40), 0..3),
        ) {
            let v: Vec<u8> = parts.concat().into_bytes();
            let sc = SensitiveScanner::default();
            let mut many: Vec<(usize, usize)> = spans.iter().map(|&(s, l)| (s, s + l + 1)).collect();
            many.sort_unstable();
            for skip in [&[][..], &many[..]] {
                let (mut with, mut without) = (Vec::new(), Vec::new());
                sc.scan_with::<true, Blocks<'_>>(&v, None, skip, &mut with);
                sc.scan_with::<false, Words<'_>>(&v, None, skip, &mut without);
                proptest::prop_assert_eq!(with, without);
            }
        }
    }

    proptest::proptest! {
        /// Where [`short_time_at`] holds, the MAC and IPv6 scans it lets `secret_or_hex` skip
        /// find nothing (text around a time from bytes at each of their boundaries).
        #[test]
        fn short_times_hold_no_mac_nor_ipv6(
            pre in proptest::collection::vec(proptest::sample::select(b"0a:.- \"".to_vec()), 0..4),
            run in proptest::sample::select(vec!["02", "ab", "fe", "9"]),
            mid in proptest::sample::select(vec![":19:31", ":1:31", ":19:3", "-19:31", ":19:31:19:31:19"]),
            rest in proptest::collection::vec(proptest::sample::select(b"0f9:.-g \"".to_vec()), 0..20),
        ) {
            let mut v = pre.clone();
            v.extend(run.as_bytes());
            let (s, e) = (pre.len(), pre.len() + run.len());
            v.extend(mid.as_bytes());
            v.extend(&rest);
            if e - s == 2 && short_time_at(&v, e) {
                proptest::prop_assert_eq!(mac(&v, s), None);
                proptest::prop_assert_eq!(ipv6(&v, s), None);
            }
        }
    }

    #[test]
    fn short_time_shapes() {
        assert!(short_time_at(b"02:19:31\"", 2));
        assert!(short_time_at(b"02:19:31", 2));
        for t in [&b"02:19:3"[..], b"02:19:31:", b"02:19:31a", b"02:19:31.5", b"02:19-31 "] {
            assert!(!short_time_at(t, 2), "{}", String::from_utf8_lossy(t));
        }
    }

    #[test]
    fn iso_date_shapes() {
        let at = |t: &[u8]| iso_date_glued(t, 0, digit_end(t, 0));
        assert!(at(b"2025-12-22T02:19:31Z"));
        assert!(at(b"1999-01-01t"));
        for t in [
            &b"0025-12-22T"[..],
            b"2025-12-22",
            b"2025-12-22 ",
            b"2025-12-221",
            b"2025-1-22T",
            b"2025-12/22T",
        ] {
            assert!(!at(t), "{}", String::from_utf8_lossy(t));
        }
    }

    #[test]
    fn log_time_shapes() {
        let t = b"[05/Jul/2023:23:48:37 +0800] \"GET";
        assert_eq!(clf_time_end(t, 1), Some(27));
        assert_eq!(clf_time_end(b"05/Jul/2023:23:48:37 -0500", 0), Some(26));
        // glued on: a digit, a joiner, a space (a group may follow), an opener
        for tail in [&b"1"[..], b".", b"-", b"/", b"+", b":", b" ", b"(", "\u{5e74}".as_bytes()] {
            let mut v = b"05/Jul/2023:23:48:37 +0800".to_vec();
            v.extend(tail);
            assert_eq!(clf_time_end(&v, 0), None, "{}", String::from_utf8_lossy(&v));
        }
        assert_eq!(clf_time_end(b"05/Jul/2023:23:48:37 +080", 0), None);
        assert_eq!(clf_time_end(b"05/Jul/2023:23:48:37 *0800", 0), None);
        assert_eq!(clf_time_end(b"05/Jul/2023 23:48:37 +0800", 0), None);
    }

    #[test]
    fn product_version_shapes() {
        let at = |t: &[u8]| {
            let (e, comp) = run_end(t, 0);
            product_version_end(t, 0, e, comp)
        };
        assert_eq!(at(b"HTTP/1.1\" 200"), Some(8));
        assert_eq!(at(b"HTTP/1.1\" 200 5813 \"-\""), Some(13));
        assert_eq!(at(b"HTTP/1.1\" 200 5813"), Some(13));
        for t in [
            &b"HTTP/1.1\" 020 5813 \""[..],
            b"HTTP/1.1\" 200 5813 12",
            b"HTTP/1.1\" 2000 5813",
            b"HTTP/1.1\" 200 x",
        ] {
            assert_eq!(at(t), Some(8), "{}", String::from_utf8_lossy(t));
        }
        assert_eq!(at(b"AppleWebKit/605.1.15 (KHTML"), Some(20));
        assert_eq!(at(b"Mozilla/5.0 (X11"), Some(11));
        assert_eq!(at(b"curl/7.54.1"), Some(11));
        // a fourth group, a group of four, one group, a group after a space, glued bytes
        for t in [
            &b"Chrome/120.0.0.0"[..],
            b"Safari/1234.5",
            b"Safari/537",
            b"Safari/537.36 1",
            b"Safari/537.36-1",
            b"Safari/537.36a",
            b"Safari/537.36.",
            b"Win64/1.2",
            b"abcdefabcdefab/1.2",
            b"ABCDEFGH/1.2",
            b"Abcdefghijklmnop/1.2",
        ] {
            assert_eq!(at(t), None, "{}", String::from_utf8_lossy(t));
        }
    }

    /// Pieces of text for the driver test: every byte class boundary, CJK, base64, digit
    /// groups and the values of [`DIGIT_PIECES`].
    const DRIVER_PIECES: &[&str] = &[
        "a",
        "Z",
        "0",
        "9",
        "+",
        "/",
        ":",
        "-",
        ".",
        " ",
        "\"",
        "(",
        "\u{80}",
        "\u{ff08}",
        "\u{5e74}",
        "\u{53f7}",
        "中文",
        "::",
        "fe80::1",
        "aa:bb:cc:dd:ee:ff",
        "aabb.ccdd.eeff",
        "userName",
        "March 5",
        "LTAI",
        "AbCdEfGh12Ij",
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ",
        "xY9+/Kq3Lm",
        "1.2.3.4.5",
        "12-34",
        "a-b-c",
        "ABCDEFG",
        "ABCDEFGH",
        "ABCDEFGHIJ",
        "ABCDEFGHIJKLM",
        "Abcdefghijklm",
        "abcdefghijklmN",
        "1234567",
        "1234567890",
        "1234567890123",
        "12345678901234",
        "123456789012345",
        "=",
        ",",
        "%E4%BD",
        "\":12",
        "a1b2c3d4e5f6",
        "ab12345678901",
        "Ab123",
        "E4 ",
        "GET ",
        "OS X",
        "JUL ",
        "DEC 5 2020",
        "SEPT ",
        "AB ",
        "15E148 ",
    ];

    proptest::proptest! {
        /// The block driver finds exactly what the word-at-a-time driver finds, at every
        /// offset of a block (pieces long enough to cross several block boundaries), with no
        /// skip span, one, or several anywhere (ending inside runs, touching blocks, nested:
        /// the quiet runs are dropped only in the blocks they leave alone).
        #[test]
        fn block_driver_agrees_with_the_word_scans(
            parts in proptest::collection::vec(proptest::sample::select(
                DRIVER_PIECES.iter().chain(DIGIT_PIECES).copied().collect::<Vec<_>>()), 0..60),
            pad in 0usize..64,
            seed in 0u64..1000,
            blob in 0usize..3,
            spans in proptest::collection::vec((0usize..600, 0usize..90), 0..5),
        ) {
            let mut v = vec![b' '; pad];
            for (k, p) in parts.iter().enumerate() {
                if k == blob * 7 + 3 {
                    v.extend(upload(100 + (seed as usize % 100), seed + 1));
                }
                v.extend(p.as_bytes());
            }
            let sc = SensitiveScanner::default();
            let mut many: Vec<(usize, usize)> = spans.iter().map(|&(s, l)| (s, s + l + 1)).collect();
            many.sort_unstable();
            for skip in [&[][..], &[(pad + 3, pad + 40)][..], &many[..]] {
                let (mut new, mut old) = (Vec::new(), Vec::new());
                sc.scan_with::<true, Blocks<'_>>(&v, None, skip, &mut new);
                sc.scan_with::<true, Words<'_>>(&v, None, skip, &mut old);
                proptest::prop_assert_eq!(&new, &old);
            }
        }

        /// Each scan of [`Blocks`] answers as its word-at-a-time definition, whatever block the
        /// previous query loaded (forward, backward, far away).
        #[test]
        fn block_scans_agree_with_the_word_scans(
            v in proptest::collection::vec(proptest::sample::select(b"aZ09+/:-. \"(\x80\xe4\xe5\xef".to_vec()), 0..300),
            queries in proptest::collection::vec((0usize..4, 0usize..300, 0usize..300), 1..20),
        ) {
            let mut bl = Blocks::new(&v, &[]);
            for (kind, a, f) in queries {
                let a = a.min(v.len());
                match kind {
                    0 => {
                        let r = bl.next_interesting(a);
                        proptest::prop_assert!(r == v.len() || interesting_byte(v[r]));
                        proptest::prop_assert!(r >= next_interesting(&v, a));
                        proptest::prop_assert!((a..r).all(|k| !interesting_byte(v[k])
                            || droppable_colon(&v, k) || quiet_run(&v, k)));
                    }
                    1 => proptest::prop_assert_eq!(bl.run_end(a), run_end(&v, a)),
                    3 => proptest::prop_assert_eq!(bl.run_stop(a), run_end(&v, a).0),
                    _ => {
                        let f = f.min(a);
                        proptest::prop_assert_eq!(bl.joined_start(a, f), joined_start(&v, a, f));
                    }
                }
            }
        }
    }

    /// Bytes at every boundary the branch-free guards read: digits, letters of both cases
    /// (hex and not), each separator, the openers, the `年` lead byte, a quote.
    const GUARD_BYTES: &[u8] = b"0912aAfFgZz.-:+/ (\"=\xEF\xE5\x80";

    proptest::proptest! {
        /// The table-driven guards agree with their one-test-after-the-other definitions at
        /// every run of a text over [`GUARD_BYTES`], and so does the tail test at every
        /// position it may be asked about.
        #[test]
        fn branch_free_guards_agree_with_their_definitions(v in proptest::collection::vec(proptest::sample::select(GUARD_BYTES.to_vec()), 0..40)) {
            for r in 1..v.len().saturating_sub(1) {
                let (c, p) = (v[r], v[r - 1]);
                let want = is_alnum(v[r + 1])
                    && ((matches!(c, b'.' | b'-' | b':' | b'+') && p.is_ascii_digit()) || (c == b'-' && is_alnum(p)));
                proptest::prop_assert_eq!(tail_at(&v, r), want);
            }
            for s in 0..v.len() {
                if !is_alnum(v[s]) {
                    continue;
                }
                let (e, comp) = run_end(&v, s);
                proptest::prop_assert_eq!(letters_idle(&v, comp, e - s, e), letters_idle_ref(&v, comp, e - s, e));
                if comp == C_DIG {
                    proptest::prop_assert_eq!(numeric_quiet(&v, s, e), numeric_quiet_ref(&v, s, e));
                }
            }
        }

        /// Runs of every length around the secret lengths: where `token` skips the secret
        /// test by the run's length and the byte after it, `secret_may` refuses every start
        /// `token` could ask about (the run, or the `/` or `+` before it).
        #[test]
        fn secret_lengths_cover_secret_may(pre in proptest::sample::select(b"/+\" a".to_vec()), len in 1usize..45, post in proptest::sample::select(b"/+\" .=-".to_vec())) {
            let mut v = vec![pre];
            v.extend(std::iter::repeat_n(b'a', len));
            v.push(post);
            let e = 1 + len;
            if (lens(len) | NEXT[usize::from(post)]) & N_SLASH_PLUS == 0 {
                proptest::prop_assert!(!secret_may(&v, 1, e) && !secret_may(&v, 0, e));
            }
        }
    }

    #[test]
    fn every_byte_class_boundary() {
        for c in 0..=255u8 {
            let mut v = vec![b'a'; 11];
            v[9] = c;
            let want = if interesting_byte(c) { 9 } else { 11 };
            assert_eq!(next_interesting(&v, 0), want, "byte {c:#x}");
            assert_eq!(next_interesting(&v[1..], 0), want - 1, "byte {c:#x}");
        }
    }
}

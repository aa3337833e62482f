//! Byte-class bitmasks, 64 bytes at a time: the one place in the crate that uses `unsafe`.
//!
//! A [`Chunk`] holds 64 bytes of a text; its methods answer "which of these bytes are X" as a
//! `u64` (bit `k` = byte `k`). The scanner's passes read these masks and then move by
//! `trailing_zeros` / `leading_zeros` instead of looking at bytes one by one.
//!
//! On x86-64 the chunk lives in four SSE2 registers (SSE2 is part of the x86-64 baseline, so
//! no run-time detection is needed); each mask costs four compares and four `movemask`s.
//! Elsewhere a plain byte array with the same answers is used. Both are checked against the
//! byte-by-byte definition by the tests below.
#![allow(unsafe_code)]

/// 64 bytes of text (bytes past the end of the text read as 0).
#[derive(Clone, Copy)]
pub(crate) struct Chunk {
    #[cfg(target_arch = "x86_64")]
    v: [std::arch::x86_64::__m128i; 4],
    #[cfg(not(target_arch = "x86_64"))]
    v: [u8; 64],
}

impl Chunk {
    /// The 64 bytes of `b` starting at `at` (past `b`'s end: zeros).
    #[inline(always)]
    pub(crate) fn load(b: &[u8], at: usize) -> Chunk {
        match b.get(at..at.saturating_add(64)) {
            Some(s) => Chunk::from_full(s),
            None => {
                let mut buf = [0u8; 64];
                if let Some(s) = b.get(at..) {
                    buf[..s.len()].copy_from_slice(s);
                }
                Chunk::from_full(&buf)
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn from_full(s: &[u8]) -> Chunk {
        use std::arch::x86_64::{__m128i, _mm_loadu_si128};
        assert!(s.len() >= 64);
        let p = s.as_ptr();
        // SAFETY: `s` holds at least 64 bytes (asserted above), so each of the four unaligned
        // 16-byte loads reads inside it; SSE2 is always present on x86-64.
        unsafe {
            Chunk {
                v: [
                    _mm_loadu_si128(p.cast::<__m128i>()),
                    _mm_loadu_si128(p.add(16).cast::<__m128i>()),
                    _mm_loadu_si128(p.add(32).cast::<__m128i>()),
                    _mm_loadu_si128(p.add(48).cast::<__m128i>()),
                ],
            }
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    fn from_full(s: &[u8]) -> Chunk {
        let mut v = [0u8; 64];
        v.copy_from_slice(&s[..64]);
        Chunk { v }
    }

    // SAFETY (every `unsafe` block below): the intrinsics only compute on registers, and the
    // SSE2 feature they need is part of the x86-64 baseline, present on every such CPU.

    /// Bytes equal to `c`.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub(crate) fn eq(&self, c: u8) -> u64 {
        use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_set1_epi8};
        #[allow(clippy::cast_possible_wrap)]
        // SAFETY: register-only SSE2 (see above)
        let k = unsafe { _mm_set1_epi8(c as i8) };
        // SAFETY: register-only SSE2 (see above)
        self.mask(|x| unsafe { _mm_cmpeq_epi8(x, k) })
    }

    /// Bytes `x` with `lo <= x <= hi` (unsigned).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub(crate) fn range(&self, lo: u8, hi: u8) -> u64 {
        use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_max_epu8, _mm_set1_epi8, _mm_sub_epi8};
        #[allow(clippy::cast_possible_wrap)]
        // SAFETY: register-only SSE2 (see above)
        let (l, w) = unsafe { (_mm_set1_epi8(lo as i8), _mm_set1_epi8(hi.wrapping_sub(lo) as i8)) };
        // x - lo (wrapping) <= hi - lo, unsigned: max(x - lo, w) == w
        // SAFETY: register-only SSE2 (see above)
        self.mask(|x| unsafe { _mm_cmpeq_epi8(_mm_max_epu8(_mm_sub_epi8(x, l), w), w) })
    }

    /// Bytes `>= 0x80` (the bytes of non-ASCII characters).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub(crate) fn high(&self) -> u64 {
        self.mask(|x| x)
    }

    /// The top bit of each byte of `f(lane)`, for the four lanes, as one `u64`.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn mask(&self, f: impl Fn(std::arch::x86_64::__m128i) -> std::arch::x86_64::__m128i) -> u64 {
        use std::arch::x86_64::_mm_movemask_epi8;
        #[allow(clippy::cast_sign_loss)]
        // SAFETY: register-only SSE2 (see above)
        let m = |k: usize| u64::from(unsafe { _mm_movemask_epi8(f(self.v[k])) } as u32 as u16);
        m(0) | m(1) << 16 | m(2) << 32 | m(3) << 48
    }

    /// Bytes equal to `c`.
    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    pub(crate) fn eq(&self, c: u8) -> u64 {
        self.by(|x| x == c)
    }

    /// Bytes `x` with `lo <= x <= hi` (unsigned).
    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    pub(crate) fn range(&self, lo: u8, hi: u8) -> u64 {
        self.by(|x| x.wrapping_sub(lo) <= hi.wrapping_sub(lo))
    }

    /// Bytes `>= 0x80` (the bytes of non-ASCII characters).
    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    pub(crate) fn high(&self) -> u64 {
        self.by(|x| x >= 0x80)
    }

    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    fn by(&self, f: impl Fn(u8) -> bool) -> u64 {
        self.v.iter().enumerate().fold(0, |m, (k, &x)| m | u64::from(f(x)) << k)
    }

    /// ASCII digits.
    #[inline(always)]
    pub(crate) fn digits(&self) -> u64 {
        self.range(b'0', b'9')
    }

    /// ASCII upper-case letters.
    #[inline(always)]
    pub(crate) fn upper(&self) -> u64 {
        self.range(b'A', b'Z')
    }

    /// ASCII lower-case letters.
    #[inline(always)]
    pub(crate) fn lower(&self) -> u64 {
        self.range(b'a', b'z')
    }
}

/// `String::from_utf8` with a vectorised check (`simdutf8`): the same answer, several times
/// faster on long texts.
pub(crate) fn string_from_utf8(v: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&v).is_err() {
        return Err(v);
    }
    // SAFETY: `v` was just checked to be valid UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(v) })
}

/// Title-case word starts after a possible gap byte, 64 positions at once: bit `k` is 1 when
/// `w[k]` may separate words (a byte `< 0x2D` or `>= 0x80` — controls, space, `"` `'` `(`
/// `,`, every byte of a non-ASCII character —, or one of `:;<=>`), `w[k + 1]` is an ASCII
/// upper-case and `w[k + 2]` an ASCII lower-case letter. `w` must hold at least 66 bytes.
///
/// The gap test is a superset of the name pass's word gaps that leaves out every letter,
/// digit and `/`: base64 and identifiers give almost no bits (a `+` before a capital does),
/// so the caller confirms each bit with its exact test and sees few of them. On x86-64 the
/// three tests run on three overlapping loads of each 16-byte lane, so the bytes before and
/// after line up without shifting masks; a block with no hit costs one `movemask`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(crate) fn gap_upper_lower(w: &[u8]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_adds_epi8, _mm_and_si128, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_subs_epi8,
    };
    assert!(w.len() >= 66);
    let p = w.as_ptr();
    // SAFETY: register-only SSE2, and loads at `k`, `k + 1`, `k + 2` for `k <= 48` read at
    // most `w[..66]`, inside `w` (asserted above).
    unsafe {
        // Only the sign bit of each test's byte matters (`movemask` reads nothing else), so a
        // test is one or two adds instead of a compare: `x -sat 0x2D` is negative exactly for
        // `x < 0x2D` (signed); `x + a` (wrapping) moves a range of `n` bytes to -128.. and
        // `+sat (128 - n)` then leaves exactly those negative.
        let (lt, colon, colon_n) = (_mm_set1_epi8(0x2D), _mm_set1_epi8(0x46), _mm_set1_epi8(123));
        let (up, lo, letter_n) = (_mm_set1_epi8(0x3F), _mm_set1_epi8(0x1F), _mm_set1_epi8(102));
        let lane = |k: usize| {
            let a = _mm_loadu_si128(p.add(k).cast::<__m128i>());
            let c = _mm_loadu_si128(p.add(k + 1).cast::<__m128i>());
            let d = _mm_loadu_si128(p.add(k + 2).cast::<__m128i>());
            let gap = _mm_or_si128(_mm_subs_epi8(a, lt), _mm_adds_epi8(_mm_add_epi8(a, colon), colon_n));
            let upper = _mm_adds_epi8(_mm_add_epi8(c, up), letter_n);
            let lower = _mm_adds_epi8(_mm_add_epi8(d, lo), letter_n);
            _mm_and_si128(_mm_and_si128(gap, upper), lower)
        };
        let v = [lane(0), lane(16), lane(32), lane(48)];
        if _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]))) == 0 {
            return 0;
        }
        #[allow(clippy::cast_sign_loss)]
        let m = |k: usize| u64::from(_mm_movemask_epi8(v[k]) as u32 as u16);
        m(0) | m(1) << 16 | m(2) << 32 | m(3) << 48
    }
}

/// Title-case word starts after a possible gap byte (see the x86-64 version).
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
pub(crate) fn gap_upper_lower(w: &[u8]) -> u64 {
    gap_upper_lower_bytes(&w[..66])
}

/// The byte-by-byte definition of [`gap_upper_lower`].
#[cfg(any(test, not(target_arch = "x86_64")))]
fn gap_upper_lower_bytes(w: &[u8]) -> u64 {
    (0..64).fold(0, |m, k| {
        let (a, c, d) = (w[k], w[k + 1], w[k + 2]);
        #[allow(clippy::cast_possible_wrap)]
        let gap = (a as i8) < 0x2D || (0x3A..=0x3E).contains(&a);
        m | u64::from(gap && c.is_ascii_uppercase() && d.is_ascii_lowercase()) << k
    })
}

#[cfg(test)]
mod tests {
    use super::Chunk;
    use proptest::prelude::*;

    fn reference(b: &[u8], at: usize, f: impl Fn(u8) -> bool) -> u64 {
        (0..64).fold(0, |m, k| m | u64::from(f(b.get(at + k).copied().unwrap_or(0))) << k)
    }

    proptest! {
        #[test]
        fn utf8_check_agrees_with_std(v in proptest::collection::vec(prop_oneof![Just(b'a'), Just(0xE4u8),
                Just(0xBD), Just(0xA0), Just(0xC2), Just(0xF0), Just(0x9F), Just(0xFF), any::<u8>()], 0..80)) {
            prop_assert_eq!(super::string_from_utf8(v.clone()), String::from_utf8(v.clone()).map_err(|e| e.into_bytes()));
        }

        #[test]
        fn masks_agree_with_the_byte_definition(
            b in proptest::collection::vec(prop_oneof![Just(0u8), Just(b'0'), Just(b'9'), Just(b'A'),
                Just(b'Z'), Just(b'a'), Just(b'z'), Just(0x7F), Just(0x80), Just(0xFF), any::<u8>()], 0..150),
            at in 0usize..160, lo in any::<u8>(), hi in any::<u8>(), c in any::<u8>(),
        ) {
            let ch = Chunk::load(&b, at);
            prop_assert_eq!(ch.eq(c), reference(&b, at, |x| x == c));
            prop_assert_eq!(ch.range(lo, hi), reference(&b, at, |x| x.wrapping_sub(lo) <= hi.wrapping_sub(lo)));
            prop_assert_eq!(ch.high(), reference(&b, at, |x| x >= 0x80));
            prop_assert_eq!(ch.digits(), reference(&b, at, |x| x.is_ascii_digit()));
            prop_assert_eq!(ch.upper(), reference(&b, at, |x| x.is_ascii_uppercase()));
            prop_assert_eq!(ch.lower(), reference(&b, at, |x| x.is_ascii_lowercase()));
        }

        #[test]
        fn title_starts_agree_with_the_byte_definition(
            w in proptest::collection::vec(prop_oneof![Just(0u8), Just(b' '), Just(b','), Just(b'+'),
                Just(b'/'), Just(b'0'), Just(0x28), Just(0x29), Just(0x2C), Just(0x2D), Just(0x39), Just(0x3A), Just(0x3E),
                Just(0x3F), Just(b'@'), Just(b'A'), Just(b'Z'), Just(b'['), Just(b'`'), Just(b'a'),
                Just(b'z'), Just(b'{'), Just(0x7F), Just(0x80), Just(0xFF), any::<u8>(),
                // letters often enough that most vectors hold hits
                Just(b'A'), Just(b'Q'), Just(b'Z'), Just(b'a'), Just(b'q'), Just(b'z')], 66..67),
        ) {
            prop_assert_eq!(super::gap_upper_lower(&w), super::gap_upper_lower_bytes(&w));
        }
    }
}

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

/// The vector instruction set the mask kernels of this module run on, detected once per text
/// (the detection itself is a cached load, but a block-sized kernel called per block pays the
/// branch on it every time; a text's passes carry the answer instead).
///
/// The field is private: the only way to get a level is [`Level::detect`] (or the tests'
/// [`Level::available`]), so holding one proves the CPU runs its instructions, which is what
/// makes the `unsafe` calls of the kernels below sound.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Level(u8);

impl Level {
    /// SSE2 lanes ([`Chunk`]) on x86-64, plain bytes elsewhere.
    const BASE: Level = Level(0);
    /// Two 32-byte AVX2 lanes per block.
    #[cfg(target_arch = "x86_64")]
    const AVX2: Level = Level(1);

    /// The best level this CPU runs.
    #[inline]
    pub(crate) fn detect() -> Level {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                return Level::AVX2;
            }
        }
        Level::BASE
    }

    /// Every level this CPU runs, best last (the tests compare them all).
    #[cfg(test)]
    fn available() -> Vec<Level> {
        let mut v = vec![Level::BASE];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                v.push(Level::AVX2);
            }
        }
        v
    }
}

/// The three masks the fuzzy pass walks, for one block of 64 positions of a text (bit `k`
/// = position `64j + k` of block `j`):
///
/// - `sep`: the key separator bytes `:`, `=` and `0xEF` (the lead byte of `：`) that a value
///   may follow: the byte after is a space, an ASCII letter or `>= 0x80`, or a quote (`"`
///   `'`) followed by an ASCII letter or a byte `>= 0x80` (so `http://`, `12:30`, `id=42`,
///   base64 `==` and the many quoted numbers of JSON, `"id":"42"`, give no bit);
/// - `lead`: the lead bytes of three- and four-byte characters (`>= 0xE0`);
/// - `name`: title-case word starts after a possible gap byte — the byte before may separate
///   words (a byte `< 0x2D` or `>= 0x80`: controls, space, `"` `'` `(` `,`, every byte of a
///   non-ASCII character; or one of `:;<=>`; before the text's first byte: yes), the byte is
///   an ASCII upper-case and the byte after an ASCII lower-case letter.
///
/// The gap test is a superset of the name pass's word gaps that leaves out every letter,
/// digit and `/`: base64 and identifiers give almost no `name` bits (a `+` before a capital
/// does), so the caller confirms each bit with its exact test and sees few of them. Bytes
/// past the text's end read as 0, which sets no bit.
///
/// Each mask is kept as its two 32-bit halves, as the two AVX2 lanes give them: joining two
/// lanes' compare results into one 64-bit word inside the vector loop makes LLVM see a
/// 64-lane boolean vector, which AVX2 has no register for, and take it apart bit by bit;
/// the readers join the halves after loading them.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct FuzzyMasks {
    sep: [u32; 2],
    lead: [u32; 2],
    name: [u32; 2],
}

impl FuzzyMasks {
    #[allow(clippy::cast_possible_truncation)]
    fn from_words(sep: u64, lead: u64, name: u64) -> Self {
        let halves = |m: u64| [m as u32, (m >> 32) as u32];
        FuzzyMasks { sep: halves(sep), lead: halves(lead), name: halves(name) }
    }

    /// The separator mask (see the type).
    #[inline(always)]
    pub(crate) fn sep(&self) -> u64 {
        u64::from(self.sep[0]) | u64::from(self.sep[1]) << 32
    }

    /// The lead-byte mask (see the type).
    #[inline(always)]
    pub(crate) fn lead(&self) -> u64 {
        u64::from(self.lead[0]) | u64::from(self.lead[1]) << 32
    }

    /// The name-start mask (see the type).
    #[inline(always)]
    pub(crate) fn name(&self) -> u64 {
        u64::from(self.name[0]) | u64::from(self.name[1]) << 32
    }
}

/// The block masks of one text that the scanner's passes read before the token pass
/// (`b.len().div_ceil(64)` entries in each, entry `j` for the bytes `64j..64j + 64`): the
/// fuzzy pass's [`FuzzyMasks`], and the anchor bytes, which the anchor pass walks.
///
/// The anchor bytes are every `:` but those right after a `"`, and every `-` before a `B`
/// ([`anchor_byte`]). Each anchor type the pass looks for has one of them: a URL, a JDBC URL
/// and a passwd / shadow entry have a colon after a letter, a digit or a name byte (`http:`,
/// `jdbc:`, `root:x:`), never after a quote, and a PEM block's `-----BEGIN ` has its `-B`. Most
/// colons of a text are the `":` of JSON keys (seven in ten on the evaluation corpus): left out
/// here, the pass no longer visits them one by one, and the `-B` spares it a substring search
/// over every text for the PEM opening.
///
/// The anchor pass used to load and compare every block on its own; the fuzzy loop already
/// holds each block's bytes and its `:` compare, so the anchor mask costs it three compares,
/// one `movemask` and one store per lane. (The token pass's [`Classes`] stay computed per block when the
/// pass first looks into one, [`classes_at`]: computing them in this loop too cost more
/// than it saved, as the pass never looks into the interior of base64 uploads, a quarter
/// of the bytes, and the loop's extra constants no longer fit the registers.)
#[derive(Debug, Default)]
pub(crate) struct TextMasks {
    fuzzy: Vec<FuzzyMasks>,
    /// Each block's anchor mask ([`anchor_byte`]) as its two 32-bit halves (see
    /// [`FuzzyMasks`] for why).
    anchors: Vec<[u32; 2]>,
    /// Blocks of the current text (the vectors may be longer: they keep an earlier text's).
    n: usize,
}

impl TextMasks {
    /// Fills the vectors for `b`.
    ///
    /// On x86-64 with AVX2 (checked once per text) the whole loop runs in one AVX2 function,
    /// its constants in registers; otherwise each block is four SSE2 lanes (or the portable
    /// [`Chunk`]). Each block is read from a window of 67 bytes (the byte before it, its 64
    /// bytes, the two after), loaded at four offsets so that the tests of a byte's
    /// neighbours line up without shifting masks; the first and last blocks read from a
    /// zero-padded copy.
    pub(crate) fn compute(&mut self, b: &[u8]) {
        self.compute_at(Level::detect(), b);
    }

    /// [`TextMasks::compute`] with the kernels of `level`.
    fn compute_at(&mut self, level: Level, b: &[u8]) {
        #[cfg(target_arch = "x86_64")]
        {
            if level == Level::AVX2 {
                // SAFETY: a `Level` other than `BASE` is only made where the CPU has it
                // (`Level::detect`)
                unsafe { text_masks_avx2(b, self) };
            } else {
                self.compute_with(b, |w| block_by_chunks(w, fuzzy_block_sse2));
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = level;
            self.compute_with(b, |w| block_by_chunks(w, fuzzy_block_bytes));
        }
    }

    /// [`TextMasks::compute`] with a per-block kernel (reading a [`block_window`]).
    /// The vectors only grow (to the longest text seen) and are overwritten in place: no
    /// zeroing of the whole buffer per text (as `clear` + `resize` would), no capacity test
    /// and length update per block (as `push` would; they also kept LLVM from holding the
    /// vector work of one block in registers across the next). The loop stays a plain loop,
    /// inlined into the caller: through an iterator adaptor it would run in generic code
    /// without the caller's AVX2, which then cannot inline the block kernel and calls it per
    /// block.
    ///
    /// The blocks whose window lies inside the text (all but the first and the last one or
    /// two) are read in a loop of their own, straight from the text: the former single loop,
    /// which asked [`block_window`] for each block and zipped the two vectors with `take` and
    /// `enumerate`, spent some 33 scalar instructions per block on its bookkeeping (LLVM kept
    /// the zipped iterator's state on the stack), a fifth of the whole kernel.
    #[inline(always)]
    fn compute_with(&mut self, b: &[u8], block: impl Fn(&[u8; 67]) -> (FuzzyMasks, [u32; 2])) {
        let mut buf = [0u8; 67];
        let n = b.len().div_ceil(64);
        self.n = n;
        if self.fuzzy.len() < n {
            self.fuzzy.resize(n, FuzzyMasks::default());
            self.anchors.resize(n, [0; 2]);
        }
        let (fuzzy, anchors) = (&mut self.fuzzy[..n], &mut self.anchors[..n]);
        // blocks `1..inner` have their window `b[64j - 1..64j + 66]` inside the text
        let inner = (b.len().saturating_sub(66) / 64 + 1).min(n);
        for j in 1..inner {
            // (always there: the test only spares an `unwrap`)
            let Some(w) = b.get(64 * j - 1..).and_then(|s| s.first_chunk::<67>()) else { break };
            (fuzzy[j], anchors[j]) = block(w);
        }
        // the last one or two blocks and then the first (read as block `n`), in one loop:
        // the kernel is inlined once for them and once for the inner loop, not at three
        // places (a third copy cost 33 k more I1 misses on n1000; a `chain` of two ranges,
        // 140 k more instructions)
        for j in inner.max(1)..n + 1 {
            let j = if j == n { 0 } else { j };
            (fuzzy[j], anchors[j]) = block(block_window(b, 64 * j, &mut buf));
        }
    }

    /// The anchor masks ([`anchor_byte`]), block by block.
    pub(crate) fn anchors(&self) -> impl Iterator<Item = u64> + '_ {
        let n = self.n.min(self.anchors.len());
        self.anchors[..n].iter().map(|&[l, h]| u64::from(l) | u64::from(h) << 32)
    }

    /// The fuzzy masks (see the type), block by block.
    pub(crate) fn fuzzy(&self) -> &[FuzzyMasks] {
        self.fuzzy.get(..self.n).unwrap_or_default()
    }
}

/// One block of [`TextMasks`] (CPUs without AVX2, other architectures): the fuzzy masks
/// from `fuzzy`, the anchor bytes from [`Chunk`]s.
#[inline(always)]
fn block_by_chunks(w: &[u8; 67], fuzzy: impl Fn(&[u8; 67]) -> FuzzyMasks) -> (FuzzyMasks, [u32; 2]) {
    let (before, at, after) = (Chunk::load(w, 0), Chunk::load(w, 1), Chunk::load(w, 2));
    let anchor = at.eq(b':') & !before.eq(b'"') | at.eq(b'-') & after.eq(b'B');
    #[allow(clippy::cast_possible_truncation)]
    (fuzzy(w), [anchor as u32, (anchor >> 32) as u32])
}

/// Whether the byte at `p` is an anchor byte of [`TextMasks`]: a `:` not right after a `"`,
/// or a `-` right before a `B` (the definition the kernels are tested against).
#[cfg(test)]
fn anchor_byte(b: &[u8], p: usize) -> bool {
    let at = |i: Option<usize>| i.and_then(|i| b.get(i)).copied().unwrap_or(0);
    let (before, c, after) = (at(p.checked_sub(1)), at(Some(p)), at(p.checked_add(1)));
    (c == b':' && before != b'"') || (c == b'-' && after == b'B')
}

/// [`FuzzyMasks`] of every block of `b`, in `out` (the fuzzy part of [`TextMasks`], for
/// the tests).
pub(crate) fn fuzzy_masks(b: &[u8], out: &mut Vec<FuzzyMasks>) {
    let mut m = TextMasks::default();
    m.compute(b);
    *out = m.fuzzy().to_vec();
}

/// The 67 bytes a block at `p` is computed from: `b[p - 1..p + 66]`, or for the first and
/// last blocks a copy with zeros before the text and after its end (into `buf`).
#[inline(always)]
fn block_window<'a>(b: &'a [u8], p: usize, buf: &'a mut [u8; 67]) -> &'a [u8; 67] {
    if let Some(w) = p.checked_sub(1).and_then(|s| b.get(s..)).and_then(|s| s.first_chunk::<67>()) {
        return w;
    }
    *buf = [0; 67];
    if p > 0
        && let Some(&c) = b.get(p - 1)
    {
        buf[0] = c;
    }
    let tail = b.get(p..).unwrap_or_default();
    let n = tail.len().min(66);
    buf[1..=n].copy_from_slice(&tail[..n]);
    buf
}

/// [`TextMasks::compute`] in two 32-byte lanes per block (CPUs with AVX2), the loop inside
/// so that the constants stay in registers and no call is made per block.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)]
fn text_masks_avx2(b: &[u8], out: &mut TextMasks) {
    use std::arch::x86_64::{
        __m256i, _mm256_add_epi8, _mm256_adds_epi8, _mm256_and_si256, _mm256_andnot_si256, _mm256_cmpeq_epi8,
        _mm256_cmpgt_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
        _mm256_subs_epi8,
    };
    // the sign-bit tests of the SSE2 version (see there)
    let (lt, colon, colon_n) = (_mm256_set1_epi8(0x2D), _mm256_set1_epi8(0x46), _mm256_set1_epi8(123));
    let (up, lo, letter_n) = (_mm256_set1_epi8(0x3F), _mm256_set1_epi8(0x1F), _mm256_set1_epi8(102));
    let (s1, s2, s3, lead) = (
        _mm256_set1_epi8(b':' as i8),
        _mm256_set1_epi8(b'=' as i8),
        _mm256_set1_epi8(0xEFu8 as i8),
        _mm256_set1_epi8(-33),
    );
    let (sp, dq, sq, case) = (
        _mm256_set1_epi8(b' ' as i8),
        _mm256_set1_epi8(b'"' as i8),
        _mm256_set1_epi8(b'\'' as i8),
        _mm256_set1_epi8(0x20),
    );
    let (dash, big_b) = (_mm256_set1_epi8(b'-' as i8), _mm256_set1_epi8(b'B' as i8));
    let block = |w: &[u8; 67]| {
        let p = w.as_ptr();
        let lane = |k: usize| {
            // SAFETY: loads at `k` to `k + 3` for `k <= 32` read at most `w[..67]`
            let (a, c, d, e) = unsafe {
                (
                    _mm256_loadu_si256(p.add(k).cast::<__m256i>()),
                    _mm256_loadu_si256(p.add(k + 1).cast::<__m256i>()),
                    _mm256_loadu_si256(p.add(k + 2).cast::<__m256i>()),
                    _mm256_loadu_si256(p.add(k + 3).cast::<__m256i>()),
                )
            };
            let gap = _mm256_or_si256(
                _mm256_subs_epi8(a, lt),
                _mm256_adds_epi8(_mm256_add_epi8(a, colon), colon_n),
            );
            let upper = _mm256_adds_epi8(_mm256_add_epi8(c, up), letter_n);
            let lower = _mm256_adds_epi8(_mm256_add_epi8(d, lo), letter_n);
            let name = _mm256_and_si256(_mm256_and_si256(gap, upper), lower);
            let is_colon = _mm256_cmpeq_epi8(c, s1);
            let sep = _mm256_or_si256(
                _mm256_or_si256(is_colon, _mm256_cmpeq_epi8(c, s2)),
                _mm256_cmpeq_epi8(c, s3),
            );
            // a value may follow: `d` negative (>= 0x80), an ASCII letter (`d | 0x20` in
            // `a..=z`, moved onto -128.. and saturated as in `lower`) or a space, or `d` a
            // quote and `e` negative or a letter
            let quote = _mm256_or_si256(_mm256_cmpeq_epi8(d, dq), _mm256_cmpeq_epi8(d, sq));
            let letter = _mm256_adds_epi8(_mm256_add_epi8(_mm256_or_si256(d, case), lo), letter_n);
            let letter_e = _mm256_adds_epi8(_mm256_add_epi8(_mm256_or_si256(e, case), lo), letter_n);
            let quoted = _mm256_and_si256(quote, _mm256_or_si256(e, letter_e));
            let sep = _mm256_and_si256(
                sep,
                _mm256_or_si256(
                    _mm256_or_si256(d, letter),
                    _mm256_or_si256(_mm256_cmpeq_epi8(d, sp), quoted),
                ),
            );
            // negative (>= 0x80) and above -33 (>= 0xE0): the sign bit of `c & (c > -33)`
            let ld = _mm256_and_si256(c, _mm256_cmpgt_epi8(c, lead));
            // the anchor bytes: a `:` not after a `"`, a `-` before a `B`
            let anchor = _mm256_or_si256(
                _mm256_andnot_si256(_mm256_cmpeq_epi8(a, dq), is_colon),
                _mm256_and_si256(_mm256_cmpeq_epi8(c, dash), _mm256_cmpeq_epi8(d, big_b)),
            );
            (
                _mm256_movemask_epi8(sep) as u32,
                _mm256_movemask_epi8(ld) as u32,
                _mm256_movemask_epi8(name) as u32,
                _mm256_movemask_epi8(anchor) as u32,
            )
        };
        let ((s0, l0, n0, c0), (s1, l1, n1, c1)) = (lane(0), lane(32));
        (FuzzyMasks { sep: [s0, s1], lead: [l0, l1], name: [n0, n1] }, [c0, c1])
    };
    out.compute_with(b, block);
}

/// One block of [`fuzzy_masks`] in four SSE2 lanes (every x86-64 CPU).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)]
fn fuzzy_block_sse2(w: &[u8; 67]) -> FuzzyMasks {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_adds_epi8, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_subs_epi8,
    };
    let p = w.as_ptr();
    let (mut m_sep, mut m_lead, mut m_name) = (0, 0, 0);
    for k in 0..4 {
        // SAFETY: register-only SSE2, and loads at `16k` to `16k + 3` for `k <= 3` read at
        // most `w[..67]`.
        let (sep, ld, name) = unsafe {
            // Only the sign bit of each test's byte matters (`movemask` reads nothing else), so a
            // test is one or two adds instead of a compare: `x -sat 0x2D` is negative exactly for
            // `x < 0x2D` (signed); `x + a` (wrapping) moves a range of `n` bytes to -128.. and
            // `+sat (128 - n)` then leaves exactly those negative.
            let (lt, colon, colon_n) = (_mm_set1_epi8(0x2D), _mm_set1_epi8(0x46), _mm_set1_epi8(123));
            let (up, lo, letter_n) = (_mm_set1_epi8(0x3F), _mm_set1_epi8(0x1F), _mm_set1_epi8(102));
            let a = _mm_loadu_si128(p.add(16 * k).cast::<__m128i>());
            let c = _mm_loadu_si128(p.add(16 * k + 1).cast::<__m128i>());
            let d = _mm_loadu_si128(p.add(16 * k + 2).cast::<__m128i>());
            let e = _mm_loadu_si128(p.add(16 * k + 3).cast::<__m128i>());
            let gap = _mm_or_si128(_mm_subs_epi8(a, lt), _mm_adds_epi8(_mm_add_epi8(a, colon), colon_n));
            let upper = _mm_adds_epi8(_mm_add_epi8(c, up), letter_n);
            let lower = _mm_adds_epi8(_mm_add_epi8(d, lo), letter_n);
            let name = _mm_and_si128(_mm_and_si128(gap, upper), lower);
            let sep = _mm_or_si128(
                _mm_or_si128(
                    _mm_cmpeq_epi8(c, _mm_set1_epi8(b':' as i8)),
                    _mm_cmpeq_epi8(c, _mm_set1_epi8(b'=' as i8)),
                ),
                _mm_cmpeq_epi8(c, _mm_set1_epi8(0xEFu8 as i8)),
            );
            let quote = _mm_or_si128(
                _mm_cmpeq_epi8(d, _mm_set1_epi8(b'"' as i8)),
                _mm_cmpeq_epi8(d, _mm_set1_epi8(b'\'' as i8)),
            );
            let letter = _mm_adds_epi8(_mm_add_epi8(_mm_or_si128(d, _mm_set1_epi8(0x20)), lo), letter_n);
            let letter_e = _mm_adds_epi8(_mm_add_epi8(_mm_or_si128(e, _mm_set1_epi8(0x20)), lo), letter_n);
            let quoted = _mm_and_si128(quote, _mm_or_si128(e, letter_e));
            let space = _mm_cmpeq_epi8(d, _mm_set1_epi8(b' ' as i8));
            let sep = _mm_and_si128(sep, _mm_or_si128(_mm_or_si128(d, letter), _mm_or_si128(space, quoted)));
            let ld = _mm_and_si128(c, _mm_cmpgt_epi8(c, _mm_set1_epi8(-33)));
            let mm = |v| u64::from(_mm_movemask_epi8(v) as u32 as u16) << (16 * k);
            (mm(sep), mm(ld), mm(name))
        };
        m_sep |= sep;
        m_lead |= ld;
        m_name |= name;
    }
    FuzzyMasks::from_words(m_sep, m_lead, m_name)
}

/// The byte-by-byte definition of one block of [`fuzzy_masks`] (`w` as [`block_window`]
/// gives it: the byte before the block, its 64 bytes, the two bytes after).
#[cfg(any(test, not(target_arch = "x86_64")))]
fn fuzzy_block_bytes(w: &[u8; 67]) -> FuzzyMasks {
    let (sep, lead, name) = (0..64).fold((0, 0, 0), |(sep, lead, name), k| {
        let (a, c, d, e) = (w[k], w[k + 1], w[k + 2], w[k + 3]);
        #[allow(clippy::cast_possible_wrap)]
        let gap = (a as i8) < 0x2D || (0x3A..=0x3E).contains(&a);
        let starts = gap && c.is_ascii_uppercase() && d.is_ascii_lowercase();
        (
            sep | u64::from(matches!(c, b':' | b'=' | 0xEF) && value_may_follow(d, e)) << k,
            lead | u64::from(c >= 0xE0) << k,
            name | u64::from(starts) << k,
        )
    });
    FuzzyMasks::from_words(sep, lead, name)
}

/// True when a value may start at the bytes `d`, `e` right after a separator (the `sep`
/// filter of [`FuzzyMasks`]): `d` a space, an ASCII letter or a byte `>= 0x80`, or a quote
/// followed by an ASCII letter or a byte `>= 0x80`.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn value_may_follow(d: u8, e: u8) -> bool {
    let first = |x: u8| x.is_ascii_alphabetic() || x >= 0x80;
    d == b' ' || first(d) || (matches!(d, b'"' | b'\'') && first(e))
}

/// [`fuzzy_masks`] position by position, straight from the text (the tests' reference).
#[cfg(test)]
fn fuzzy_masks_by_position(b: &[u8]) -> Vec<FuzzyMasks> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    (0..b.len().div_ceil(64))
        .map(|j| {
            let mut w = [0u8; 67];
            for (k, x) in w.iter_mut().enumerate() {
                *x = if 64 * j + k == 0 { 0 } else { at(64 * j + k - 1) };
            }
            fuzzy_block_bytes(&w)
        })
        .collect()
}

/// A filter for a set of three-byte characters (the running-text loop's stop characters):
/// the set is split into eight buckets, and a character passes when one bucket holds a
/// character with its lead byte's low nibble, a character with its second byte's low nibble
/// and bits 4–5, and one with its third byte's low nibble and bits 4–5. Each of the five
/// parts is a 16-entry table of bucket bits, so that AVX2 looks them up with one shuffle
/// each ([`run_stops_avx2`]). A superset of the set: every character of it passes, and few
/// others do when the buckets are chosen well (the caller's buckets are).
#[derive(Debug)]
pub(crate) struct CharFilter {
    /// The tables: lead byte's low nibble, second byte's low nibble and bits 4–5, third
    /// byte's low nibble and bits 4–5.
    t: [[u8; 16]; 5],
}

impl CharFilter {
    /// The filter of the characters of `buckets` (each a string of three-byte characters).
    pub(crate) const fn new(buckets: [&str; 8]) -> CharFilter {
        let mut t = [[0u8; 16]; 5];
        let mut k = 0;
        while k < 8 {
            let s = buckets[k].as_bytes();
            let mut i = 0;
            while i + 2 < s.len() {
                let (c, c1, c2) = (s[i], s[i + 1], s[i + 2]);
                assert!(c & 0xF0 == 0xE0, "three-byte characters only");
                let bit = 1 << k;
                t[0][(c & 0x0F) as usize] |= bit;
                t[1][(c1 & 0x0F) as usize] |= bit;
                t[2][(c1 >> 4 & 3) as usize] |= bit;
                t[3][(c2 & 0x0F) as usize] |= bit;
                t[4][(c2 >> 4 & 3) as usize] |= bit;
                i += 3;
            }
            k += 1;
        }
        CharFilter { t }
    }

    /// True when the character whose first three bytes are `c`, `c1`, `c2` passes.
    pub(crate) fn hit(&self, c: u8, c1: u8, c2: u8) -> bool {
        let t = &self.t;
        t[0][usize::from(c & 0x0F)]
            & t[1][usize::from(c1 & 0x0F)]
            & t[2][usize::from(c1 >> 4 & 3)]
            & t[3][usize::from(c2 & 0x0F)]
            & t[4][usize::from(c2 >> 4 & 3)]
            != 0
    }
}

/// The positions of block `j` of `b` (bit `k` = byte `64j + k`) where the running-text loop
/// may have to stop: the lead bytes of three- and four-byte characters (`>= 0xE0`) that are
/// four-byte, or follow a byte that may end a delimiter or is a space (`,` `;` ` ` `0x81`
/// `0x82` `0x8C` `0x9B`), or have an ASCII capital three bytes on (right after a three-byte
/// character), or pass `filter` ([`run_stop_byte`], the definition). Bytes outside `b` read
/// as 0. The loop used to walk every character of a run to ask this; the block's answer
/// lets it jump from one such character to the next.
pub(crate) fn run_stops(level: Level, b: &[u8], j: usize, filter: &CharFilter) -> u64 {
    let p = 64 * j;
    // (the copy is only made, and zeroed, at the text's first and last blocks)
    let mut buf;
    let w = match p.checked_sub(1).and_then(|s| b.get(s..)).and_then(<[u8]>::first_chunk::<68>) {
        Some(w) => w,
        None => {
            buf = [0u8; 68];
            for (k, x) in buf.iter_mut().enumerate() {
                *x = (p + k).checked_sub(1).and_then(|i| b.get(i)).copied().unwrap_or(0);
            }
            &buf
        }
    };
    #[cfg(target_arch = "x86_64")]
    if level != Level::BASE {
        // SAFETY: a `Level` other than `BASE` is only made where the CPU has it
        // (`Level::detect`), and the one such level is AVX2
        return unsafe { run_stops_avx2(w, filter) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = level;
    (0..64).fold(0, |m, k| {
        m | u64::from(run_stop_byte(w[k], w[k + 1], w[k + 2], w[k + 3], w[k + 4], filter)) << k
    })
}

/// One position of [`run_stops`]: the byte before `a`, the byte `c`, the two after it `c1`,
/// `c2` and the byte after those `f`.
fn run_stop_byte(a: u8, c: u8, c1: u8, c2: u8, f: u8, filter: &CharFilter) -> bool {
    c >= 0xE0
        && (c >= 0xF0
            || matches!(a, b',' | b';' | b' ' | 0x81 | 0x82 | 0x8C | 0x9B)
            || f.is_ascii_uppercase()
            || filter.hit(c, c1, c2))
}

/// The byte-before part of [`run_stops`] as a pair of nibble tables: a byte is in the set
/// when its low nibble's entry and its high nibble's entry share a bit (bit 0: high nibble
/// 2, bit 1: 3, bit 2: 8, bit 3: 9; low nibbles 0 ` `, 1 `0x81`, 2 `0x82`, B `;` `0x9B`,
/// C `,` `0x8C`): exactly the seven bytes.
#[cfg(target_arch = "x86_64")]
const RUN_PREV_LO: [u8; 16] = [1, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 2 | 8, 1 | 4, 0, 0, 0];
#[cfg(target_arch = "x86_64")]
const RUN_PREV_HI: [u8; 16] = [0, 0, 1, 2, 0, 0, 0, 0, 4, 8, 0, 0, 0, 0, 0, 0];

/// [`run_stops`] of the 68-byte window `w` (the byte before the block, its 64 bytes, the
/// three after) with AVX2: the filter's five tables and the byte-before pair are seven
/// shuffles per lane, the capital after and the lead and four-byte tests sign-bit
/// arithmetic as in [`text_masks_avx2`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
fn run_stops_avx2(w: &[u8; 68], filter: &CharFilter) -> u64 {
    use std::arch::x86_64::{
        __m256i, _mm_loadu_si128, _mm256_add_epi8, _mm256_adds_epi8, _mm256_and_si256, _mm256_andnot_si256,
        _mm256_broadcastsi128_si256, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_loadu_si256,
        _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8,
        _mm256_srli_epi16,
    };
    // SAFETY: 16-byte loads from 16-byte arrays
    let table = |t: &[u8; 16]| unsafe { _mm256_broadcastsi128_si256(_mm_loadu_si128(t.as_ptr().cast())) };
    let t = filter.t.each_ref().map(table);
    let (prev_lo, prev_hi) = (table(&RUN_PREV_LO), table(&RUN_PREV_HI));
    let (nib, two, zero) = (_mm256_set1_epi8(0x0F), _mm256_set1_epi8(0x03), _mm256_setzero_si256());
    let (up, letter_n, lead, four) =
        (_mm256_set1_epi8(0x3F), _mm256_set1_epi8(102), _mm256_set1_epi8(-33), _mm256_set1_epi8(-17));
    let p = w.as_ptr();
    let lane = |k: usize| {
        // SAFETY: loads at `k` to `k + 4` for `k <= 32` read at most `w[..68]`
        let (a, c, c1, c2, f) = unsafe {
            (
                _mm256_loadu_si256(p.add(k).cast::<__m256i>()),
                _mm256_loadu_si256(p.add(k + 1).cast::<__m256i>()),
                _mm256_loadu_si256(p.add(k + 2).cast::<__m256i>()),
                _mm256_loadu_si256(p.add(k + 3).cast::<__m256i>()),
                _mm256_loadu_si256(p.add(k + 4).cast::<__m256i>()),
            )
        };
        let look = |t: __m256i, x: __m256i, m: __m256i| _mm256_shuffle_epi8(t, _mm256_and_si256(x, m));
        let high = |x: __m256i| _mm256_srli_epi16(x, 4);
        let hit = _mm256_and_si256(
            _mm256_and_si256(look(t[0], c, nib), look(t[1], c1, nib)),
            _mm256_and_si256(
                look(t[2], high(c1), two),
                _mm256_and_si256(look(t[3], c2, nib), look(t[4], high(c2), two)),
            ),
        );
        let prev = _mm256_and_si256(look(prev_lo, a, nib), look(prev_hi, high(a), nib));
        let miss = _mm256_cmpeq_epi8(_mm256_or_si256(hit, prev), zero);
        // negative (>= 0x80) and above -33 (>= 0xE0): the sign bit of `c & (c > -33)`
        let ld = _mm256_and_si256(c, _mm256_cmpgt_epi8(c, lead));
        let upper = _mm256_adds_epi8(_mm256_add_epi8(f, up), letter_n);
        let more = _mm256_or_si256(upper, _mm256_cmpgt_epi8(c, four));
        let stops = _mm256_or_si256(_mm256_andnot_si256(miss, ld), _mm256_and_si256(ld, more));
        _mm256_movemask_epi8(stops) as u32
    };
    u64::from(lane(0)) | u64::from(lane(32)) << 32
}

/// The byte classes the token pass reads on every block, one bit per byte of a [`Chunk`].
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(crate) struct Classes {
    /// ASCII digits.
    pub(crate) digit: u64,
    /// ASCII upper-case letters.
    pub(crate) upper: u64,
    /// ASCII lower-case letters.
    pub(crate) lower: u64,
    /// Bytes that can start or mark a candidate: digits, upper-case letters, `:`, `(`, `.`.
    pub(crate) interest: u64,
    /// `:`.
    pub(crate) colon: u64,
    /// ASCII alphanumerics and the joiners `+ - . / :`.
    pub(crate) joined: u64,
    /// ` `.
    pub(crate) space: u64,
    /// The lead bytes 0xE5 and 0xEF (of `年` and the full-width brackets): after a run, like
    /// `(` (`interest & !joined`), they give it a meaning its own bytes do not have.
    pub(crate) opener: u64,
}

impl Chunk {
    /// All of [`Classes`] at once. On x86-64 the classes are combined in the vector
    /// registers (a range test is one add and one signed compare), so the set costs four
    /// `movemask`s per 16 bytes.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    #[allow(clippy::cast_sign_loss)]
    pub(crate) fn classes(&self) -> Classes {
        use std::arch::x86_64::{_mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
        let mut c = Classes::default();
        for (k, &x) in self.v.iter().enumerate() {
            // SAFETY: register-only SSE2 (see above)
            let [d, u, a, i, o, j, sp, op] = unsafe {
                let (d, u) = (lane_range(x, b'0', b'9'), lane_range(x, b'A', b'Z'));
                let a = lane_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), b'a', b'z');
                let o = lane_eq(x, b':');
                let i = _mm_or_si128(
                    _mm_or_si128(d, u),
                    _mm_or_si128(_mm_or_si128(o, lane_eq(x, b'.')), lane_eq(x, b'(')),
                );
                // `-`, `.`, `/` are 0x2D..=0x2F and `0`..=`9`, `:` are 0x30..=0x3A
                let j = _mm_or_si128(_mm_or_si128(a, lane_range(x, b'-', b':')), lane_eq(x, b'+'));
                let sp = lane_eq(x, b' ');
                let op = _mm_or_si128(lane_eq(x, 0xE5), lane_eq(x, 0xEF));
                [d, u, a, i, o, j, sp, op].map(|v| u64::from(_mm_movemask_epi8(v) as u32 as u16) << (16 * k))
            };
            c.digit |= d;
            c.upper |= u;
            c.lower |= a & !u;
            c.interest |= i;
            c.colon |= o;
            c.joined |= j;
            c.space |= sp;
            c.opener |= op;
        }
        c
    }

    /// All of [`Classes`] at once.
    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    pub(crate) fn classes(&self) -> Classes {
        let (digit, upper, lower, colon) = (self.digits(), self.upper(), self.lower(), self.eq(b':'));
        let interest = digit | upper | colon | self.eq(b'.') | self.eq(b'(');
        let joined = upper | lower | self.range(b'-', b':') | self.eq(b'+');
        let (space, opener) = (self.eq(b' '), self.eq(0xE5) | self.eq(0xEF));
        Classes { digit, upper, lower, interest, colon, joined, space, opener }
    }
}

/// The [`Classes`] of the 64 bytes of `b` at `at` (bytes past `b`'s end read as 0), computed
/// with the kernels of `level`: two AVX2 registers per block where the CPU has them, the four
/// SSE2 lanes of [`Chunk::classes`] otherwise. A block that the
/// text's end cuts (one per text at most) is copied into a zero-padded buffer first.
///
/// The kernels stay calls of their own: inlined together with the caller's work on the
/// classes into one function compiled for AVX2, the caller's 64-bit mask arithmetic was
/// vectorised by LLVM into shuffles and extracts and cost twice as many instructions.
#[inline(always)]
pub(crate) fn classes_at(level: Level, b: &[u8], at: usize) -> Classes {
    #[cfg(target_arch = "x86_64")]
    if level != Level::BASE {
        let mut buf = [0u8; 64];
        let s = match b.get(at..).and_then(<[u8]>::first_chunk::<64>) {
            Some(s) => s,
            None => {
                let tail = b.get(at..).unwrap_or_default();
                buf[..tail.len()].copy_from_slice(tail);
                &buf
            }
        };
        // SAFETY: a `Level` other than `BASE` is only made where the CPU has it
        // (`Level::detect`), and the one such level is AVX2
        return unsafe { classes_avx2(s) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = level;
    Chunk::load(b, at).classes()
}

/// The low-nibble table of the class kernels (see [`classes_avx2`]).
#[cfg(target_arch = "x86_64")]
const LO_NIBBLE: [u8; 16] =
    [0x8A, 0x8F, 0x8F, 0x8F, 0x8F, 0x8F, 0x8F, 0x8F, 0x9F, 0x8F, 0x4F, 0x25, 0x05, 0x25, 0x35, 0x25];
/// The high-nibble table of the class kernels (see [`classes_avx2`]).
#[cfg(target_arch = "x86_64")]
const HI_NIBBLE: [u8; 16] = [0, 0, 0x30, 0xC0, 0x01, 0x02, 0x04, 0x08, 0, 0, 0, 0, 0, 0, 0, 0];

/// [`Chunk::classes`] of `s` with AVX2.
///
/// The classes come from a table per nibble: a byte's class bits are those its low
/// nibble's entry and its high nibble's entry both hold (so each bit stands for a product of
/// a set of low and a set of high nibbles): two shuffles for six classes, where range tests
/// cost two operations each and equality tests one, and fewer constants to set up per call.
/// Bit 7: digits (3 × 0..=9); bit 6: `:` (3 × A); bits 0 and 1: upper-case letters
/// (4 × 1..=F, 5 × 0..=A); bits 2 and 3: lower-case letters (6 × 1..=F, 7 × 0..=A); bit 4:
/// `(` and `.` (2 × {8, E}); bit 5: the joiners `+ - . /` (2 × {B, D, E, F}). High nibbles
/// 8..=F (bytes >= 0x80) hold no bit. A class is then the sign bit of a shift (bits 7, 6)
/// or of `t & bits` plus 127, unsigned saturating (any of the bits set).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
fn classes_avx2(s: &[u8; 64]) -> Classes {
    use std::arch::x86_64::{
        __m256i, _mm_loadu_si128, _mm256_adds_epu8, _mm256_and_si256, _mm256_broadcastsi128_si256,
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
        _mm256_shuffle_epi8, _mm256_slli_epi16, _mm256_srli_epi16,
    };
    // SAFETY: 16-byte loads from 16-byte arrays
    let (lo_table, hi_table) = unsafe {
        (
            _mm256_broadcastsi128_si256(_mm_loadu_si128(LO_NIBBLE.as_ptr().cast())),
            _mm256_broadcastsi128_si256(_mm_loadu_si128(HI_NIBBLE.as_ptr().cast())),
        )
    };
    let (nib, sat) = (_mm256_set1_epi8(0x0F), _mm256_set1_epi8(127));
    let mut c = Classes::default();
    for (k, h) in s.chunks_exact(32).enumerate() {
        // SAFETY: `h` holds 32 bytes, the size of the unaligned load
        let x = unsafe { _mm256_loadu_si256(h.as_ptr().cast::<__m256i>()) };
        let t = _mm256_and_si256(
            _mm256_shuffle_epi8(lo_table, _mm256_and_si256(x, nib)),
            _mm256_shuffle_epi8(hi_table, _mm256_and_si256(_mm256_srli_epi16(x, 4), nib)),
        );
        let any = |bits: u8| _mm256_adds_epu8(_mm256_and_si256(t, _mm256_set1_epi8(bits as i8)), sat);
        let eq = |v: u8| _mm256_cmpeq_epi8(x, _mm256_set1_epi8(v as i8));
        let mm = |v: __m256i| u64::from(_mm256_movemask_epi8(v) as u32) << (32 * k);
        c.digit |= mm(t);
        c.upper |= mm(any(0x03));
        c.lower |= mm(any(0x0C));
        // digits, letters, `:`, `(`, `.`
        c.interest |= mm(any(0xD3));
        c.colon |= mm(_mm256_slli_epi16(t, 1));
        // all but bit 4 (`(`; `.` is in bit 5 too)
        c.joined |= mm(any(0xEF));
        c.space |= mm(eq(b' '));
        c.opener |= mm(_mm256_or_si256(eq(0xE5), eq(0xEF)));
    }
    c
}

/// Bit `j` set when byte `j` of `w` may stop a raw field name: every byte of the field-name
/// stop table of the fuzzy pass (its ASCII stops and the last bytes of the full-width stops),
/// and a few more (the other bytes up to `,`, `=`, the other `|`-cased `[`), which the caller
/// confirms one by one as it does the full-width stops. Sixteen bytes in a dozen register
/// operations, against sixteen table look-ups.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)]
pub(crate) fn key_stop_bits(w: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{__m128i, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    // SAFETY: one unaligned load of the sixteen bytes of `w`, then register-only SSE2.
    unsafe {
        let x = _mm_loadu_si128(w.as_ptr().cast::<__m128i>());
        // `\t` `\n` `\r` ` ` `"` `&` `'` `(` `,`; `;` `<` `>` `?`; `[` `{` (one compare on the
        // byte with bit 5 set); `}`; the last bytes 0x81, 0x82, 0x8C and 0x9B
        let low = lane_range(x, 0x00, 0x2C);
        let angle = lane_range(x, 0x3B, 0x3F);
        let brace = _mm_or_si128(lane_eq(_mm_or_si128(x, _mm_set1_epi8(0x20)), b'{'), lane_eq(x, b'}'));
        let last = _mm_or_si128(lane_range(x, 0x81, 0x82), _mm_or_si128(lane_eq(x, 0x8C), lane_eq(x, 0x9B)));
        let any = _mm_or_si128(_mm_or_si128(low, angle), _mm_or_si128(brace, last));
        _mm_movemask_epi8(any) as u32
    }
}

/// [`key_stop_bits`] without SSE2: the bytes of its sets one by one.
#[cfg(any(test, not(target_arch = "x86_64")))]
pub(crate) fn key_stop_bits_by_bytes(w: &[u8; 16]) -> u32 {
    w.iter().enumerate().fold(0, |m, (j, &c)| {
        let hit = c <= 0x2C
            || (0x3B..=0x3F).contains(&c)
            || c | 0x20 == b'{'
            || c == b'}'
            || matches!(c, 0x81 | 0x82 | 0x8C | 0x9B);
        m | u32::from(hit) << j
    })
}

/// [`key_stop_bits`] where SSE2 is not at hand.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
pub(crate) fn key_stop_bits(w: &[u8; 16]) -> u32 {
    key_stop_bits_by_bytes(w)
}

/// Bytes of one 16-byte lane `x` with `lo <= x <= hi` (unsigned, `lo <= hi`): shifted so that
/// `lo` lands on -128, then one signed compare.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(clippy::cast_possible_wrap)]
unsafe fn lane_range(x: std::arch::x86_64::__m128i, lo: u8, hi: u8) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::{_mm_add_epi8, _mm_cmplt_epi8, _mm_set1_epi8};
    // SAFETY: register-only SSE2 (see above)
    unsafe {
        let y = _mm_add_epi8(x, _mm_set1_epi8(0x80u8.wrapping_sub(lo) as i8));
        _mm_cmplt_epi8(y, _mm_set1_epi8((hi.wrapping_sub(lo) as i8).wrapping_sub(127)))
    }
}

/// Bytes of one 16-byte lane `x` equal to `c`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(clippy::cast_possible_wrap)]
unsafe fn lane_eq(x: std::arch::x86_64::__m128i, c: u8) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_set1_epi8};
    // SAFETY: register-only SSE2 (see above)
    unsafe { _mm_cmpeq_epi8(x, _mm_set1_epi8(c as i8)) }
}

#[cfg(test)]
mod tests {
    use super::{Chunk, Classes, Level, classes_at};
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
                Just(b'Z'), Just(b'a'), Just(b'z'), Just(b':'), Just(b'('), Just(b'.'), Just(b'+'),
                Just(b'-'), Just(b'/'), Just(b','), Just(b'@'), Just(b' '), Just(0xE5), Just(0xEF), Just(b'`'), Just(b'['), Just(b'{'), Just(0x7F), Just(0x80), Just(0xFF), any::<u8>()], 0..150),
            at in 0usize..160, lo in any::<u8>(), hi in any::<u8>(), c in any::<u8>(),
        ) {
            let ch = Chunk::load(&b, at);
            prop_assert_eq!(ch.eq(c), reference(&b, at, |x| x == c));
            prop_assert_eq!(ch.range(lo, hi), reference(&b, at, |x| x.wrapping_sub(lo) <= hi.wrapping_sub(lo)));
            prop_assert_eq!(ch.high(), reference(&b, at, |x| x >= 0x80));
            prop_assert_eq!(ch.digits(), reference(&b, at, |x| x.is_ascii_digit()));
            prop_assert_eq!(ch.upper(), reference(&b, at, |x| x.is_ascii_uppercase()));
            prop_assert_eq!(ch.lower(), reference(&b, at, |x| x.is_ascii_lowercase()));
            let want = Classes {
                digit: reference(&b, at, |x| x.is_ascii_digit()),
                upper: reference(&b, at, |x| x.is_ascii_uppercase()),
                lower: reference(&b, at, |x| x.is_ascii_lowercase()),
                interest: reference(&b, at, |x| {
                    x.is_ascii_digit() || x.is_ascii_uppercase() || matches!(x, b':' | b'(' | b'.')
                }),
                colon: reference(&b, at, |x| x == b':'),
                joined: reference(&b, at, |x| x.is_ascii_alphanumeric() || matches!(x, b'+' | b'-' | b'.' | b'/' | b':')),
                space: reference(&b, at, |x| x == b' '),
                opener: reference(&b, at, |x| matches!(x, 0xE5 | 0xEF)),
            };
            prop_assert_eq!(ch.classes(), want);
            for level in Level::available() {
                prop_assert_eq!(classes_at(level, &b, at), want, "{:?}", level);
            }
        }

        /// The fused block masks agree with the position-by-position definition, for texts of
        /// zero to four blocks (so first, middle, last and partial blocks), on an alphabet
        /// holding every boundary byte of the three tests.
        #[test]
        fn fuzzy_masks_agree_with_the_byte_definition(
            b in proptest::collection::vec(prop_oneof![Just(0u8), Just(b' '), Just(b','), Just(b'+'),
                Just(b'/'), Just(b'0'), Just(0x28), Just(0x29), Just(0x2C), Just(0x2D), Just(0x39), Just(0x3A), Just(0x3E),
                Just(0x3F), Just(b'@'), Just(b'A'), Just(b'Z'), Just(b'['), Just(b'`'), Just(b'a'),
                Just(b'z'), Just(b'{'), Just(0x7F), Just(0x80), Just(0xDF), Just(0xE0), Just(0xEE), Just(0xEF),
                Just(b'"'), Just(b'\''), Just(b'"'), Just(b'a'), Just(b'1'),
                Just(0xF0), Just(0xFF), Just(b':'), Just(b'='), Just(b'<'), any::<u8>(),
                // letters often enough that most vectors hold hits
                Just(b'A'), Just(b'Q'), Just(b'Z'), Just(b'a'), Just(b'q'), Just(b'z')], 0..260),
        ) {
            let want = super::fuzzy_masks_by_position(&b);
            let mut got = Vec::new();
            super::fuzzy_masks(&b, &mut got);
            prop_assert_eq!(&got, &want);
            #[cfg(target_arch = "x86_64")]
            {
                let mut sse = super::TextMasks::default();
                sse.compute_with(&b, |w| super::block_by_chunks(w, super::fuzzy_block_sse2));
                prop_assert_eq!(sse.fuzzy(), &want);
            }
        }

        /// The running-text stop masks agree with their definition position by position, for
        /// every kernel level the CPU runs: texts of zero to four blocks over the bytes each
        /// test reads (lead bytes of both widths, continuation bytes, the bytes before that
        /// count, capitals), with a filter of a few buckets.
        #[test]
        fn run_stops_agree_with_their_definition(
            b in proptest::collection::vec(prop_oneof![Just(0xE5u8), Just(0xE4), Just(0xF0), Just(0xEF),
                Just(0x80), Just(0x81), Just(0x8C), Just(0x9B), Just(0xAD), Just(0x97), Just(0xBF),
                Just(b','), Just(b';'), Just(b' '), Just(b'A'), Just(b'Z'), Just(b'a'), any::<u8>()], 0..260),
        ) {
            const F: super::CharFilter = super::CharFilter::new(["字", "名人", "", "号", "住址", "的", "中国", "是"]);
            let at = |i: usize| b.get(i).copied().unwrap_or(0);
            for j in 0..b.len().div_ceil(64) + 1 {
                let want = (0..64).fold(0u64, |m, k| {
                    let q = 64 * j + k;
                    let a = q.checked_sub(1).map_or(0, at);
                    m | u64::from(super::run_stop_byte(a, at(q), at(q + 1), at(q + 2), at(q + 3), &F)) << k
                });
                for level in Level::available() {
                    prop_assert_eq!(super::run_stops(level, &b, j, &F), want, "{:?} block {}", level, j);
                }
            }
        }

        /// The block masks of a text agree with their definitions — the fuzzy masks position
        /// by position, the anchor bytes byte by byte — for every kernel level the CPU runs (AVX2,
        /// SSE2) and the portable bytes alike, also after a longer text
        /// (whose blocks the vectors keep); texts of zero to four blocks.
        #[test]
        fn text_masks_agree_with_their_definitions(
            b in proptest::collection::vec(prop_oneof![Just(0u8), Just(b':'), Just(b';'), Just(b'9'),
                Just(b'"'), Just(b' '), Just(b'='), Just(b'A'), Just(b'a'), Just(0x80), Just(0xBA),
                Just(0xEF), Just(0xFF), Just(b'-'), Just(b'B'), Just(b'"'), Just(b':'), Just(b'-'),
                any::<u8>()], 0..260),
        ) {
            let anchors: Vec<u64> = (0..b.len().div_ceil(64))
                .map(|j| (0..64).fold(0, |m, k| m | u64::from(super::anchor_byte(&b, 64 * j + k)) << k))
                .collect();
            let fuzzy = super::fuzzy_masks_by_position(&b);
            for level in Level::available() {
                let mut got = super::TextMasks::default();
                got.compute_at(level, &[b':'; 300]);
                for _ in 0..2 {
                    got.compute_at(level, &b);
                    prop_assert_eq!(&got.anchors().collect::<Vec<_>>(), &anchors, "{:?}", level);
                    prop_assert_eq!(got.fuzzy(), &fuzzy, "{:?}", level);
                }
            }
            let mut by_bytes = super::TextMasks::default();
            by_bytes.compute_with(&b, |w| super::block_by_chunks(w, super::fuzzy_block_bytes));
            prop_assert_eq!(&by_bytes.anchors().collect::<Vec<_>>(), &anchors);
            prop_assert_eq!(by_bytes.fuzzy(), &fuzzy);
            #[cfg(target_arch = "x86_64")]
            {
                let mut sse = super::TextMasks::default();
                sse.compute_with(&b, |w| super::block_by_chunks(w, super::fuzzy_block_sse2));
                prop_assert_eq!(&sse.anchors().collect::<Vec<_>>(), &anchors);
                prop_assert_eq!(sse.fuzzy(), &fuzzy);
            }
        }
    }
}

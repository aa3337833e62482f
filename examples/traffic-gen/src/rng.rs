//! The generator's only source of randomness: a seeded ChaCha8 stream.
//!
//! Input: a seed and a stream number (one stream per traffic source, so adding a source
//! never shifts the numbers another source draws). Output: integers, choices and
//! probabilities built from `next_u64` alone with fixed arithmetic, so the bytes the
//! generator writes depend on nothing but the seed — not on the platform, and not on a
//! `rand` distribution's implementation.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng as _, SeedableRng};

/// A deterministic random source.
#[derive(Clone, Debug)]
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream `stream` of the generator seeded with `seed`.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        r.set_stream(stream);
        Rng(r)
    }

    /// The next raw 64-bit value.
    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A value in `0..n` (`0` when `n == 0`), by widening multiplication (bias below 2^-40
    /// for the ranges used here).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.u64()) * u128::from(n)) >> 64) as u64
    }

    /// A value in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// A `usize` index in `0..n`.
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// True with probability `percent / 100`.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A uniformly chosen element.
    pub fn pick<'s, T>(&mut self, items: &'s [T]) -> &'s T {
        &items[self.index(items.len())]
    }

    /// An element chosen with the given integer weights (`(weight, item)` pairs).
    pub fn weighted<'s, T>(&mut self, items: &'s [(u32, T)]) -> &'s T {
        let total: u64 = items.iter().map(|(w, _)| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (w, item) in items {
            let w = u64::from(*w);
            if x < w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].1
    }

    /// A fraction in `[0, 1)` with 53 bits of precision.
    pub fn unit(&mut self) -> f64 {
        (self.u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `n` lower-case hexadecimal digits.
    pub fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        (0..n).map(|_| HEX[self.index(16)] as char).collect()
    }

    /// `n` characters from `alphabet`.
    pub fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n).map(|_| alphabet[self.index(alphabet.len())] as char).collect()
    }

    /// `n` decimal digits (leading zeros allowed).
    pub fn digits(&mut self, n: usize) -> String {
        self.chars(b"0123456789", n)
    }

    /// A random version-4 UUID in its canonical text form.
    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        let variant = b"89ab"[self.index(4)] as char;
        format!("{}-{}-4{}-{}{}-{}", &h[0..8], &h[8..12], &h[13..16], variant, &h[17..20], &h[20..32])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_stream_give_the_same_numbers() {
        let a: Vec<u64> = {
            let mut r = Rng::new(7, 3);
            (0..8).map(|_| r.u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(7, 3);
            (0..8).map(|_| r.u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(7, 4);
            (0..8).map(|_| r.u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn the_chacha8_stream_is_pinned() {
        // If a dependency update ever changed the stream, every committed fixture would
        // drift; this catches it with a clear message.
        let mut r = Rng::new(7, 0);
        assert_eq!(r.u64(), 0x2865_5334_23d7_43bb);
        assert_eq!(r.u64(), 0x2b01_59d3_2e9b_293a);
    }

    #[test]
    fn ranges_stay_in_bounds_and_cover_them() {
        let mut r = Rng::new(1, 1);
        let mut seen = [false; 6];
        for _ in 0..1000 {
            let v = r.range(10, 15);
            assert!((10..=15).contains(&v));
            seen[(v - 10) as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn uuid_has_the_v4_shape() {
        let u = Rng::new(2, 2).uuid();
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), vec![8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
    }
}

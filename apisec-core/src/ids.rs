//! Stable identifiers: a 128-bit FNV-1a hash rendered as 32 hex digits. The same input
//! gives the same id on every machine and every run (no random seeds).

/// 128-bit FNV-1a over the parts, separated so that `("ab","c")` ≠ `("a","bc")`.
pub fn stable_id(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(PRIME);
        }
        for &b in p.as_bytes() {
            h ^= b as u128;
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{h:032x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_and_separated() {
        let a = super::stable_id(&["api.example.com", "GET", "/a"]);
        assert_eq!(a.len(), 32);
        assert_eq!(a, super::stable_id(&["api.example.com", "GET", "/a"]));
        assert_ne!(super::stable_id(&["ab", "c"]), super::stable_id(&["a", "bc"]));
    }
}

//! IP address sets from addresses and CIDR blocks.
//!
//! Input: strings like `10.0.0.0/8`, `203.0.113.7`, `2001:db8::/32`. Output: a [`CidrSet`]
//! whose blocks are merged into sorted, disjoint address ranges per family, so a membership
//! test is one binary search with no allocation. IPv4-mapped IPv6 addresses are tested as
//! IPv4. Hand-written because the whole need is a dozen lines of range arithmetic.

use std::net::IpAddr;

/// A set of IP addresses, compiled from CIDR blocks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CidrSet {
    v4: Vec<(u32, u32)>,
    v6: Vec<(u128, u128)>,
}

/// Parses one address or CIDR block into an inclusive range. Host bits below the prefix
/// are ignored, as network gear does.
pub fn parse_cidr(s: &str) -> Result<(IpAddr, u8), String> {
    let s = s.trim();
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let ip: IpAddr = addr.parse().map_err(|_| format!("`{s}` is not an IP address or CIDR block"))?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) => match p.parse::<u8>() {
            Ok(n) if n <= max && !p.starts_with('+') => n,
            _ => return Err(format!("`{s}` has an invalid prefix length (0 to {max})")),
        },
    };
    Ok((ip, prefix))
}

fn merge<T: Copy + Ord + num_like::Succ>(mut v: Vec<(T, T)>) -> Vec<(T, T)> {
    v.sort_unstable();
    let mut out: Vec<(T, T)> = Vec::with_capacity(v.len());
    for (lo, hi) in v {
        match out.last_mut() {
            Some(last) if last.1.succ().is_none_or(|n| lo <= n) => {
                if hi > last.1 {
                    last.1 = hi;
                }
            }
            _ => out.push((lo, hi)),
        }
    }
    out
}

mod num_like {
    pub trait Succ: Sized {
        fn succ(self) -> Option<Self>;
    }
    impl Succ for u32 {
        fn succ(self) -> Option<u32> {
            self.checked_add(1)
        }
    }
    impl Succ for u128 {
        fn succ(self) -> Option<u128> {
            self.checked_add(1)
        }
    }
}

fn contains<T: Copy + Ord>(ranges: &[(T, T)], x: T) -> bool {
    let i = ranges.partition_point(|r| r.1 < x);
    ranges.get(i).is_some_and(|r| r.0 <= x)
}

impl CidrSet {
    /// Builds a set from parsed blocks.
    pub fn new(blocks: &[(IpAddr, u8)]) -> CidrSet {
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        for &(ip, prefix) in blocks {
            match ip {
                IpAddr::V4(a) => {
                    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
                    let lo = u32::from(a) & mask;
                    v4.push((lo, lo | !mask));
                }
                IpAddr::V6(a) => {
                    let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix) };
                    let lo = u128::from(a) & mask;
                    v6.push((lo, lo | !mask));
                }
            }
        }
        CidrSet { v4: merge(v4), v6: merge(v6) }
    }

    /// True when `ip` lies in one of the blocks.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match ip {
            IpAddr::V4(a) => contains(&self.v4, u32::from(a)),
            IpAddr::V6(a) => match a.to_ipv4_mapped() {
                Some(v4) => contains(&self.v4, u32::from(v4)),
                None => contains(&self.v6, u128::from(a)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> CidrSet {
        CidrSet::new(&items.iter().map(|s| parse_cidr(s).unwrap()).collect::<Vec<_>>())
    }

    #[test]
    fn membership_follows_prefixes() {
        let s = set(&["10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "172.16.5.9/16"]);
        for yes in
            ["10.1.2.3", "10.255.255.255", "192.168.1.7", "2001:db8::1", "172.16.0.1", "::ffff:10.0.0.1"]
        {
            assert!(s.contains(yes.parse().unwrap()), "{yes}");
        }
        for no in ["11.0.0.0", "9.255.255.255", "192.168.1.8", "2001:db9::1", "172.17.0.1", "::1"] {
            assert!(!s.contains(no.parse().unwrap()), "{no}");
        }
    }

    #[test]
    fn overlapping_and_adjacent_blocks_merge() {
        let s = set(&["10.0.0.0/25", "10.0.0.128/25", "10.0.0.5", "0.0.0.0/0"]);
        assert_eq!(s.v4, vec![(0, u32::MAX)]);
        let s = set(&["10.0.0.0/25", "10.0.0.128/25"]);
        assert_eq!(s.v4.len(), 1);
        assert!(set(&["::/0"]).contains("2001::1".parse().unwrap()));
    }

    #[test]
    fn bad_blocks_are_rejected() {
        for bad in ["10.0.0.0/33", "10.0.0/8", "1.1.X.X/24", "::/129", "10.0.0.0/+8", "", "10.0.0.0/"] {
            assert!(parse_cidr(bad).is_err(), "{bad}");
        }
    }
}

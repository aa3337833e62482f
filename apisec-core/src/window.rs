//! Bounded, event-time state for windowed detectors (events, rate risks).
//!
//! - [`CappedTable`]: a map with a hard capacity whose entries expire after an idle time
//!   measured in *event* time (whole seconds); when full it first drops idle entries, then
//!   the least recently seen eighth (of the key's shard in a large table; ties broken by
//!   key, so eviction is deterministic). Peak memory stays near the entries' own size.
//! - [`Sketch64`]: the 64 bits of a linear-counting sketch, 4-byte aligned.
//! - [`RateWindow`]: a sliding-window request counter in a few fixed buckets.
//! - [`Distinct`]: a distinct-value counter, exact for small sets, a 64-register
//!   HyperLogLog beyond, so per-key memory stays fixed however many values arrive.
//!
//! Nothing here reads the wall clock and nothing depends on hash-map iteration order.

use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smallvec::SmallVec;
use std::hash::BuildHasher;
use std::hash::Hash;

/// A 64-bit hash of several byte strings (FNV-1a with separators and a final mix): stable
/// across runs and machines; used to key bounded tables without storing the strings.
pub fn hash64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for &b in *p {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x100000001b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ceb9fe1a85ec53);
    h ^ (h >> 33)
}

/// A 32-bit hash of bytes (FNV-1a folded from 64 bits): stable across runs and machines.
pub fn hash32(bytes: &[u8]) -> u32 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    // Final avalanche so that similar inputs spread over all bits.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51afd7ed558ccd);
    h ^= h >> 33;
    (h ^ (h >> 32)) as u32
}

/// One entry: its value and when it was last seen, in whole seconds of event time (four
/// bytes instead of eight, so a small value packs into one 8-byte-aligned bucket with its key).
#[derive(Clone, Debug, PartialEq)]
struct Slot<V> {
    last: u32,
    value: V,
}

/// The serialized form of a slot: `last` stays a number of seconds, as it always was.
#[derive(Serialize, Deserialize)]
struct SlotRepr<V> {
    last: f64,
    value: V,
}

/// Whole seconds of an event time, clamped into `u32` (NaN becomes 0).
pub fn secs(ts: f64) -> u32 {
    ts.clamp(0.0, u32::MAX as f64) as u32
}

/// Tables with at least this capacity are split into [`SHARDS`] shards.
const SHARD_MIN_CAP: usize = 4096;
/// Shards of a large table.
const SHARDS: usize = 64;

/// A capacity-bounded map whose entries expire after `idle` seconds of event time.
///
/// A large table is split into [`SHARDS`] hash maps by a stable hash of the key, each with
/// its share of the capacity, so that growing, evicting or rebuilding one shard never holds
/// two copies of the whole table: peak memory stays close to the entries themselves. A
/// shard that fills up evicts its least recently seen eighth. Removed entries leave
/// tombstones in an open-addressing table; a shard whose free room is used up by them is
/// rebuilt at its own size instead of being doubled.
#[derive(Clone, Debug)]
pub struct CappedTable<K: Hash + Eq, V> {
    shards: Vec<FxHashMap<K, Slot<V>>>,
    cap: usize,
    idle: f64,
    evicted: u64,
    last_sweep: f64,
}

/// Equal when the entries, capacity, idle time and eviction count are (the time of the last
/// sweep is a cache that a snapshot does not keep).
impl<K: Hash + Eq, V: PartialEq> PartialEq for CappedTable<K, V> {
    fn eq(&self, o: &Self) -> bool {
        self.shards == o.shards && self.cap == o.cap && self.idle == o.idle && self.evicted == o.evicted
    }
}

impl<K: Hash + Eq + Ord + Clone, V> CappedTable<K, V> {
    /// A table holding at most `cap` keys, each forgotten after `idle` seconds unseen.
    pub fn new(cap: usize, idle: f64) -> Self {
        let cap = cap.max(1);
        let n = if cap >= SHARD_MIN_CAP { SHARDS } else { 1 };
        CappedTable {
            shards: (0..n).map(|_| FxHashMap::default()).collect(),
            cap,
            idle,
            evicted: 0,
            last_sweep: f64::MIN,
        }
    }

    fn shard_of(&self, key: &K) -> usize {
        if self.shards.len() == 1 {
            return 0;
        }
        // Middle bits: the map itself uses the low bits (bucket) and the top seven (tag).
        (FxBuildHasher.hash_one(key) >> 40) as usize % self.shards.len()
    }

    /// The capacity of shard `i` (the shares add up to the table's capacity).
    fn shard_cap(&self, i: usize) -> usize {
        let n = self.shards.len();
        (self.cap / n + usize::from(i < self.cap % n)).max(1)
    }

    /// The entry of `key`, created with `init` if absent; marks it seen at `now`.
    pub fn entry(&mut self, key: &K, now: f64, init: impl FnOnce() -> V) -> &mut V {
        if now - self.last_sweep >= self.idle {
            self.expire(now);
        }
        let t = secs(now);
        let i = self.shard_of(key);
        // One lookup on the common path (already tracked).
        if self.shards[i].contains_key(key) {
            let slot = self.shards[i].get_mut(key).expect("present");
            slot.last = slot.last.max(t);
            return &mut slot.value;
        }
        self.room_for_one(i, now);
        &mut self.shards[i].entry(key.clone()).or_insert(Slot { last: t, value: init() }).value
    }

    /// Makes room in shard `i` for one new key: evicts when the shard is at its capacity,
    /// and when its free room is used up sizes it for its whole capacity at once (tables
    /// doubling step by step, or doubling past their capacity because of tombstones, were
    /// what made peak memory twice the size of the entries).
    fn room_for_one(&mut self, i: usize, now: f64) {
        let cap = self.shard_cap(i);
        if self.shards[i].len() >= cap {
            self.make_room(i, now);
        }
        let map = &self.shards[i];
        let len = map.len();
        if len == map.capacity() && len >= cap / 4 {
            let mut fresh = FxHashMap::with_capacity_and_hasher(cap, FxBuildHasher);
            fresh.extend(std::mem::take(&mut self.shards[i]));
            self.shards[i] = fresh;
        }
    }

    /// The value of `key`, if tracked.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.shards[self.shard_of(key)].get(key).map(|s| &s.value)
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let i = self.shard_of(key);
        self.shards[i].remove(key).map(|s| s.value)
    }

    /// Drops every entry idle for longer than the idle time at `now`.
    pub fn expire(&mut self, now: f64) {
        for i in 0..self.shards.len() {
            self.expire_shard(i, now);
        }
        self.last_sweep = now;
    }

    fn expire_shard(&mut self, i: usize, now: f64) {
        let idle = self.idle;
        let map = &mut self.shards[i];
        let before = map.len();
        map.retain(|_, s| now - s.last as f64 <= idle);
        self.evicted += (before - map.len()) as u64;
        // After a mass expiry give the memory back (a burst of unique clients has passed).
        if map.capacity() >= 64 && map.len() < map.capacity() / 8 {
            map.shrink_to(map.len() * 2);
        }
    }

    fn make_room(&mut self, i: usize, now: f64) {
        self.expire_shard(i, now);
        let cap = self.shard_cap(i);
        let map = &mut self.shards[i];
        if map.len() < cap {
            return;
        }
        // Evict the least recently seen eighth, ordered by (last seen, key). The cut-off
        // time is found over the times alone, then the keys seen exactly at the cut-off are
        // ordered to break the tie.
        let n = (cap / 8).max(1).min(map.len());
        let mut times: Vec<u32> = map.values().map(|s| s.last).collect();
        let (_, &mut cut, _) = times.select_nth_unstable(n - 1);
        drop(times);
        let older = map.values().filter(|s| s.last < cut).count();
        let mut tied: Vec<&K> = map.iter().filter(|(_, s)| s.last == cut).map(|(k, _)| k).collect();
        let take = n - older; // ≥ 1 and ≤ tied.len() by the choice of `cut`
        let (_, &mut last_key, _) = tied.select_nth_unstable(take - 1);
        let last_key = last_key.clone();
        drop(tied);
        map.retain(|k, s| s.last > cut || s.last == cut && *k > last_key);
        self.evicted += n as u64;
    }

    /// Keys tracked now.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|m| m.len()).sum()
    }

    /// True when nothing is tracked.
    pub fn is_empty(&self) -> bool {
        self.shards.iter().all(|m| m.is_empty())
    }

    /// Entries dropped so far (idle or evicted for room).
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// The capacity.
    pub fn capacity(&self) -> usize {
        self.cap
    }

    /// Entries in key order (deterministic).
    pub fn sorted(&self) -> Vec<(&K, &V)> {
        let mut v: Vec<(&K, &V)> =
            self.shards.iter().flat_map(|m| m.iter().map(|(k, s)| (k, &s.value))).collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// Inserts a key known to be absent (capacity applies).
    fn insert_new(&mut self, k: K, slot: Slot<V>) {
        let i = self.shard_of(&k);
        self.room_for_one(i, slot.last as f64);
        self.shards[i].insert(k, slot);
    }

    /// Folds `other` in: keys present in both are combined with `combine(mine, theirs)` and
    /// keep the later last-seen time; the rest are copied (capacity still applies, keys
    /// visited in order so the result does not depend on hash order).
    pub fn merge_with(&mut self, other: CappedTable<K, V>, mut combine: impl FnMut(&mut V, V)) {
        let mut entries: Vec<(K, Slot<V>)> = other.shards.into_iter().flatten().collect();
        entries.sort_by(|a, b| a.1.last.cmp(&b.1.last).then_with(|| a.0.cmp(&b.0)));
        for (k, slot) in entries {
            let i = self.shard_of(&k);
            if let Some(mine) = self.shards[i].get_mut(&k) {
                combine(&mut mine.value, slot.value);
                mine.last = mine.last.max(slot.last);
            } else {
                self.insert_new(k, slot);
            }
        }
        self.evicted += other.evicted;
    }

    /// Mutable access to every value (order unspecified: callers must not let it leak).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.shards.iter_mut().flat_map(|m| m.values_mut().map(|s| &mut s.value))
    }
}

#[derive(Serialize, Deserialize)]
struct TableRepr<K, V> {
    cap: usize,
    idle: f64,
    evicted: u64,
    /// When idle entries were last swept: restoring it keeps expiry timing identical.
    #[serde(default = "never")]
    last_sweep: f64,
    entries: Vec<(K, SlotRepr<V>)>,
}

fn never() -> f64 {
    f64::MIN
}

impl<K: Hash + Eq + Ord + Clone + Serialize, V: Serialize + Clone> Serialize for CappedTable<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut entries: Vec<(K, SlotRepr<V>)> = self
            .shards
            .iter()
            .flatten()
            .map(|(k, v)| (k.clone(), SlotRepr { last: v.last as f64, value: v.value.clone() }))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        TableRepr {
            cap: self.cap,
            idle: self.idle,
            evicted: self.evicted,
            last_sweep: self.last_sweep,
            entries,
        }
        .serialize(s)
    }
}

impl<'de, K: Hash + Eq + Ord + Clone + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de>
    for CappedTable<K, V>
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = TableRepr::<K, V>::deserialize(d)?;
        let mut t = CappedTable::new(r.cap, r.idle);
        for (k, v) in r.entries {
            t.insert_new(k, Slot { last: secs(v.last), value: v.value });
        }
        t.evicted = r.evicted;
        t.last_sweep = r.last_sweep;
        Ok(t)
    }
}

/// 64 bits of a linear-counting sketch stored as two 4-byte halves, so a window holding it
/// keeps 4-byte alignment and packs with its neighbours (an 8-byte field would pad a
/// 33-byte window to 40). Serialized as one `u64`, as before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sketch64([u32; 2]);

impl Sketch64 {
    /// The 64 bits.
    pub fn get(self) -> u64 {
        (self.0[0] as u64) | (self.0[1] as u64) << 32
    }

    /// A sketch holding these bits.
    pub fn from_bits(bits: u64) -> Self {
        Sketch64([bits as u32, (bits >> 32) as u32])
    }
}

impl std::ops::BitOrAssign<u64> for Sketch64 {
    fn bitor_assign(&mut self, bits: u64) {
        *self = Sketch64::from_bits(self.get() | bits);
    }
}

impl std::ops::BitOrAssign for Sketch64 {
    fn bitor_assign(&mut self, o: Sketch64) {
        *self |= o.get();
    }
}

impl Serialize for Sketch64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.get())
    }
}

impl<'de> Deserialize<'de> for Sketch64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        u64::deserialize(d).map(Sketch64::from_bits)
    }
}

/// Requests counted over a sliding window of `N` buckets of `bucket` seconds each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateWindow<const N: usize = 10> {
    bucket: f32,
    head: i64,
    #[serde(with = "serde_array")]
    counts: [u32; N],
}

mod serde_array {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer, const N: usize>(a: &[u32; N], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(a.iter())
    }
    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(d: D) -> Result<[u32; N], D::Error> {
        let v = Vec::<u32>::deserialize(d)?;
        v.try_into().map_err(|_| serde::de::Error::custom(format!("expected {N} buckets")))
    }
}

impl<const N: usize> RateWindow<N> {
    /// A window of `span` seconds split into `N` buckets.
    pub fn new(span: f64) -> Self {
        RateWindow { bucket: (span / N as f64).max(0.001) as f32, head: i64::MIN, counts: [0; N] }
    }

    fn advance(&mut self, ts: f64) -> Option<usize> {
        let b = (ts / self.bucket as f64).floor() as i64;
        if self.head == i64::MIN {
            self.head = b;
        }
        if b > self.head {
            let steps = (b - self.head).min(N as i64);
            for i in 1..=steps {
                self.counts[((self.head + i).rem_euclid(N as i64)) as usize] = 0;
            }
            self.head = b;
        }
        // A record older than the window does not count.
        (self.head - b < N as i64).then(|| b.rem_euclid(N as i64) as usize)
    }

    /// Counts `n` requests at `ts`.
    pub fn add(&mut self, ts: f64, n: u32) {
        if let Some(i) = self.advance(ts) {
            self.counts[i] = self.counts[i].saturating_add(n);
        }
    }

    /// Requests in the window ending at the newest bucket.
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|&c| c as u64).sum()
    }

    /// Requests in the window as seen at `now` (buckets older than the window excluded).
    pub fn total_at(&self, now: f64) -> u64 {
        let b = (now / self.bucket as f64).floor() as i64;
        if self.head == i64::MIN || b - self.head >= N as i64 {
            return 0;
        }
        let drop = (b - self.head).max(0);
        (0..N as i64 - drop)
            .map(|i| self.counts[((self.head - i).rem_euclid(N as i64)) as usize] as u64)
            .sum()
    }
}

/// Distinct values seen: exact up to [`Distinct::EXACT`] values, then a 64-register
/// HyperLogLog (about 13% standard error) in 64 bytes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Distinct {
    small: SmallVec<[u32; 6]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hll: Option<Box<Hll>>,
}

/// The registers of a 64-bucket HyperLogLog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hll(#[serde(with = "serde_bytes64")] [u8; 64]);

mod serde_bytes64 {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(a: &[u8; 64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(a.iter())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 64], D::Error> {
        let v = Vec::<u8>::deserialize(d)?;
        v.try_into().map_err(|_| serde::de::Error::custom("expected 64 registers"))
    }
}

impl Distinct {
    /// Values counted exactly before switching to the sketch.
    pub const EXACT: usize = 24;

    /// Adds a value.
    pub fn add(&mut self, value: &[u8]) {
        self.add_hash(hash32(value));
    }

    /// Adds a pre-hashed value.
    pub fn add_hash(&mut self, h: u32) {
        if let Some(hll) = &mut self.hll {
            hll.add(h);
            return;
        }
        if let Err(i) = self.small.binary_search(&h) {
            self.small.insert(i, h);
            if self.small.len() > Self::EXACT {
                let mut hll = Box::new(Hll([0; 64]));
                for &x in &self.small {
                    hll.add(x);
                }
                self.small = SmallVec::new();
                self.hll = Some(hll);
            }
        }
    }

    /// True if the value was certainly seen (exact mode only; false once sketched).
    pub fn contains(&self, value: &[u8]) -> bool {
        self.hll.is_none() && self.small.binary_search(&hash32(value)).is_ok()
    }

    /// Estimated number of distinct values.
    pub fn count(&self) -> u64 {
        match &self.hll {
            None => self.small.len() as u64,
            Some(h) => h.estimate(),
        }
    }

    /// Folds another counter into this one.
    pub fn merge(&mut self, other: &Distinct) {
        match &other.hll {
            None => other.small.iter().for_each(|&h| self.add_hash(h)),
            Some(o) => {
                let mut mine = self.hll.take().unwrap_or_else(|| {
                    let mut h = Box::new(Hll([0; 64]));
                    self.small.iter().for_each(|&x| h.add(x));
                    h
                });
                for (a, b) in mine.0.iter_mut().zip(o.0.iter()) {
                    *a = (*a).max(*b);
                }
                self.small = SmallVec::new();
                self.hll = Some(mine);
            }
        }
    }
}

impl Hll {
    fn add(&mut self, h: u32) {
        let idx = (h >> 26) as usize; // top 6 bits choose the register
        let rest = (h << 6) | (1 << 5); // guard bit bounds the rank
        let rank = rest.leading_zeros() as u8 + 1;
        if rank > self.0[idx] {
            self.0[idx] = rank;
        }
    }

    fn estimate(&self) -> u64 {
        let m = 64.0f64;
        let sum: f64 = self.0.iter().map(|&r| 2f64.powi(-(r as i32))).sum();
        let raw = 0.709 * m * m / sum;
        let zeros = self.0.iter().filter(|&&r| r == 0).count();
        let est = if raw <= 2.5 * m && zeros > 0 { m * (m / zeros as f64).ln() } else { raw };
        est.round() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_expires_by_event_time_and_respects_cap() {
        let mut t: CappedTable<u32, u32> = CappedTable::new(100, 60.0);
        for i in 0..1000u32 {
            *t.entry(&i, i as f64, || 0) += 1;
            assert!(t.len() <= 100);
        }
        // Recent keys survive, old ones were evicted.
        assert!(t.get(&999).is_some());
        assert!(t.get(&0).is_none());
        t.expire(2000.0);
        assert!(t.is_empty());
        assert!(t.evicted() >= 900);
    }

    #[test]
    fn eviction_is_deterministic() {
        let run = || {
            let mut t: CappedTable<u64, u8> = CappedTable::new(16, 1e9);
            for i in 0..200u64 {
                t.entry(&((i * 7919) % 1000), (i / 3) as f64, || 1);
            }
            t.sorted().into_iter().map(|(k, _)| *k).collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn table_round_trips_through_serde() {
        let mut t: CappedTable<String, u32> = CappedTable::new(10, 30.0);
        *t.entry(&"a".to_string(), 1.0, || 0) += 5;
        let j = serde_json::to_string(&t).unwrap();
        let back: CappedTable<String, u32> = serde_json::from_str(&j).unwrap();
        assert_eq!(back.get(&"a".to_string()), Some(&5));
        assert_eq!(back.capacity(), 10);
    }

    #[test]
    fn large_table_never_grows_past_its_capacity() {
        // Many more unique keys than the capacity, the pattern of a scan from new addresses:
        // evictions leave tombstones, which must not make a shard double its buckets.
        let cap = 20_000;
        let mut t: CappedTable<u64, [u32; 9]> = CappedTable::new(cap, 1e9);
        for i in 0..200_000u64 {
            t.entry(&hash64(&[&i.to_le_bytes()]), i as f64 * 0.01, || [0; 9]);
            assert!(t.len() <= cap);
        }
        assert!(t.len() > cap * 7 / 8, "{}", t.len());
        for (i, m) in t.shards.iter().enumerate() {
            // The room of a map sized for its capacity (7/8 of a power of two), never more.
            let own =
                FxHashMap::<u64, Slot<[u32; 9]>>::with_capacity_and_hasher(t.shard_cap(i), FxBuildHasher);
            assert!(m.capacity() <= own.capacity(), "shard {i}: {} > {}", m.capacity(), own.capacity());
            assert!(m.capacity() < 2 * t.shard_cap(i), "shard {i}: {}", m.capacity());
        }
        assert_eq!(t.shards.len(), SHARDS);
        assert_eq!((0..SHARDS).map(|i| t.shard_cap(i)).sum::<usize>(), cap);
    }

    #[test]
    fn eviction_takes_the_least_recently_seen_then_smallest_keys() {
        let mut t: CappedTable<u32, ()> = CappedTable::new(16, 1e9);
        // Keys 0..16 seen at times 16 - k: key 15 is the oldest.
        for k in 0..16u32 {
            t.entry(&k, 16.0 - k as f64, || ());
        }
        t.entry(&100, 20.0, || ()); // full: evicts 16 / 8 = 2 keys, the two oldest
        let keys: Vec<u32> = t.sorted().into_iter().map(|(k, _)| *k).collect();
        assert!(!keys.contains(&15) && !keys.contains(&14), "{keys:?}");
        assert_eq!(keys.len(), 15);
        // Refilled, the next two oldest go.
        t.entry(&101, 21.0, || ());
        t.entry(&102, 21.0, || ());
        let keys: Vec<u32> = t.sorted().into_iter().map(|(k, _)| *k).collect();
        assert!(!keys.contains(&13) && !keys.contains(&12) && keys.contains(&9), "{keys:?}");
    }

    #[test]
    fn ties_at_the_cut_off_are_broken_by_key() {
        let mut t: CappedTable<u32, ()> = CappedTable::new(8, 1e9);
        for k in (0..8u32).rev() {
            t.entry(&k, 5.0, || ());
        }
        t.entry(&50, 6.0, || ()); // evicts one of eight equal-time keys: the smallest
        let keys: Vec<u32> = t.sorted().into_iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, vec![1, 2, 3, 4, 5, 6, 7, 50]);
    }

    #[test]
    fn mass_expiry_gives_memory_back() {
        let mut t: CappedTable<u64, u64> = CappedTable::new(50_000, 60.0);
        for i in 0..50_000u64 {
            t.entry(&i, 1000.0, || i);
        }
        let before: usize = t.shards.iter().map(|m| m.capacity()).sum();
        t.entry(&7, 2000.0, || 0);
        let after: usize = t.shards.iter().map(|m| m.capacity()).sum();
        assert_eq!(t.len(), 1);
        assert!(after * 16 < before, "{after} vs {before}");
    }

    #[test]
    fn sharded_table_round_trips_through_serde() {
        let mut t: CappedTable<u64, u32> = CappedTable::new(10_000, 300.0);
        for i in 0..30_000u64 {
            *t.entry(&(i * 31), i as f64 * 0.5, || 0) += 1;
        }
        let j = serde_json::to_string(&t).unwrap();
        let back: CappedTable<u64, u32> = serde_json::from_str(&j).unwrap();
        assert_eq!(back, t);
        assert_eq!(serde_json::to_string(&back).unwrap(), j);
    }

    #[test]
    fn sketch_keeps_its_bits_and_serializes_as_one_number() {
        let mut s = Sketch64::default();
        s |= 1u64 << 63 | 5;
        s |= Sketch64::from_bits(1 << 40);
        assert_eq!(s.get(), 1u64 << 63 | 1 << 40 | 5);
        assert_eq!(serde_json::to_string(&s).unwrap(), (1u64 << 63 | 1 << 40 | 5).to_string());
        assert_eq!(std::mem::align_of::<Sketch64>(), 4);
    }

    #[test]
    fn rate_window_slides() {
        let mut w: RateWindow<10> = RateWindow::new(60.0);
        for s in 0..60 {
            w.add(1002.0 + s as f64, 1); // buckets of 6 s aligned at 1002
        }
        assert_eq!(w.total(), 60);
        w.add(1092.0, 1); // 30 s after the last: about half slid out
        assert!((20..=36).contains(&w.total()), "{}", w.total());
        assert_eq!(w.total_at(1300.0), 0);
        w.add(500.0, 1); // far in the past: ignored
        assert!(w.total() <= 32);
    }

    #[test]
    fn distinct_is_exact_then_estimates() {
        let mut d = Distinct::default();
        for i in 0..20 {
            d.add(format!("user{i}").as_bytes());
            d.add(format!("user{i}").as_bytes());
        }
        assert_eq!(d.count(), 20);
        assert!(d.contains(b"user3"));
        for i in 0..5000 {
            d.add(format!("user{i}").as_bytes());
        }
        let c = d.count() as f64;
        assert!((3500.0..6500.0).contains(&c), "{c}");
        let mut e = Distinct::default();
        e.add(b"zzz");
        e.merge(&d);
        assert!(e.count() as f64 > 3500.0);
    }
}

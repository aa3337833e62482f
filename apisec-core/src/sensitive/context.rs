//! Context around a candidate value: the key it is the value of, or the words before it.
//!
//! Input: the (decoded) text and the candidate's start offset, plus an optional outer key
//! (the parameter name when the engine scans one value). Output: a short normalised string
//! (ASCII lower-cased, `_ - . space [ ]` dropped, other characters kept) that vocabularies of
//! key-name fragments in English, pinyin and Chinese are matched against. JSON (`"k": v`),
//! query/form (`k=v`), headers (`K: v`), and sentences (`手机：…`, `phone …`) are handled.

use super::simd::Chunk;

/// Longest key or phrase kept.
const MAX_CTX: usize = 40;
/// Size of the buffer holding it: one 64-byte SIMD block, so that [`Ctx::has`] compares a
/// fragment's first byte with every context byte at once.
const BUF: usize = 64;

/// A normalised context string on the stack. The walk back from a value meets the string
/// last byte first, so it is stored right-aligned: the bytes are the last `len` of `buf`,
/// and no copy is needed once the walk ends.
#[derive(Clone, Copy)]
pub struct Ctx {
    buf: [u8; BUF],
    len: usize,
    /// True when the context is a key (`k: v`, `k=v`); false for preceding free text.
    pub is_key: bool,
}

impl Ctx {
    /// The normalised bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.buf[BUF - self.len..]
    }
    /// True when any fragment occurs in the context.
    ///
    /// The context sits at the end of one 64-byte block: a fragment's first byte is compared
    /// with the whole block in one vector step, and only the positions where it matches and
    /// the fragment fits before the end compare the rest. The byte-by-byte search this
    /// replaces ([`Self::has_ref`]) cost a few instructions per fragment and context byte,
    /// and the long lists (`ORDER` has 20 fragments) are asked of 40-byte contexts.
    pub fn has(&self, frags: &[&str]) -> bool {
        let block = Chunk::load(&self.buf, 0);
        // bit p: the context holds position p (the last `len` bytes of the block)
        let held = if self.len == 0 { 0 } else { !0u64 << (BUF - self.len) };
        frags.iter().any(|f| {
            let f = f.as_bytes();
            let Some((&first, rest)) = f.split_first() else {
                return true; // the empty fragment is in every context
            };
            // starts whose fragment ends inside the block (and so inside the context)
            let fits = if f.len() > BUF { 0 } else { !0u64 >> (f.len() - 1) };
            let mut m = block.eq(first) & held & fits;
            while m != 0 {
                let p = m.trailing_zeros() as usize;
                if self.buf[p + 1..p + f.len()] == *rest {
                    return true;
                }
                m &= m - 1;
            }
            false
        })
    }
    /// The definition of [`Self::has`]: each fragment searched for byte by byte.
    #[cfg(test)]
    fn has_ref(&self, frags: &[&str]) -> bool {
        let h = self.bytes();
        frags.iter().any(|f| contains(h, f.as_bytes()))
    }
    /// True when the key looks like a version field (`version`, `appVer`, `fw`, `rev`).
    pub fn is_version(&self) -> bool {
        version_bytes(self.bytes(), self.is_key)
    }
    /// True when the context is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    fn push_rev(&mut self, c: u8) {
        // filled back to front: the bytes stay where they are written
        if self.len < MAX_CTX {
            self.buf[BUF - 1 - self.len] = c;
            self.len += 1;
        }
    }
    /// Builds a context from a key name given by the caller (a parameter name).
    pub fn from_key(key: &str) -> Ctx {
        // a JSON path: the last segment names the value
        let seg = key.rsplit(['.', '/']).find(|s| !s.is_empty() && *s != "[]").unwrap_or(key);
        let mut c = Ctx { buf: [0; BUF], len: 0, is_key: true };
        for &b in seg.as_bytes().iter().rev() {
            if let Some(n) = norm(b) {
                c.push_rev(n);
            }
        }
        c
    }
}

/// Bytes of which every `vocab::VERSION` fragment and every version key ending (`ver`, `fw`,
/// `rev`, `v`) holds at least one.
static VERSION_MARK: [bool; 256] = {
    let mut t = [false; 256];
    let marks = b"vfblk\xE7";
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

/// [`Ctx::is_version`] on the normalised context bytes `h` (a key when `is_key`).
#[inline]
fn version_bytes(h: &[u8], is_key: bool) -> bool {
    // every version fragment and key ending holds one of these bytes: most contexts
    // (`ip`, `host`, `remoteaddr`) are refused in one pass
    if !h.iter().any(|&c| VERSION_MARK[usize::from(c)]) {
        return false;
    }
    has_version(h)
        || (is_key
            && (h.ends_with(b"ver") && !h.ends_with(b"server") || h == b"fw" || h == b"rev" || h == b"v"))
}

/// The first bytes of the `vocab::VERSION` fragments.
static VERSION_FIRST: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < vocab::VERSION.len() {
        t[vocab::VERSION[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    t
};

/// `Ctx::has(vocab::VERSION)` on the context bytes `h`, scalar: a context asked this is
/// short (an IP's key) and the block search pays a vector compare and mask per fragment
/// (eight of them) even when nothing matches. Here one table look per byte finds where a
/// fragment may start, and only those fragments are compared.
fn has_version(h: &[u8]) -> bool {
    (0..h.len()).any(|p| {
        VERSION_FIRST[usize::from(h[p])]
            && vocab::VERSION.iter().any(|f| f.as_bytes()[0] == h[p] && h[p..].starts_with(f.as_bytes()))
    })
}

#[cfg(test)]
fn contains(h: &[u8], n: &[u8]) -> bool {
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    // the first byte is compared inline; only its matches compare the rest
    n.len() <= h.len()
        && h[..=h.len() - n.len()]
            .iter()
            .enumerate()
            .any(|(k, &c)| c == first && h[k + 1..k + n.len()] == *rest)
}

/// [`WALK`] bits: the byte ends a key walked back from its value.
const K_STOP: u8 = 1;
/// Ends the free text before a value.
const F_STOP: u8 = 2;
/// Dropped from the context ([`norm`] gives `None`).
const DROP: u8 = 4;
/// A space (ends a key once part of it is taken).
const SPACE: u8 = 8;
/// Non-ASCII: may end a full-width comma, semicolon or full stop.
const HIGH: u8 = 16;
/// An upper-case letter: OR-ing this bit lower-cases it.
const UPPER: u8 = 0x20;

/// Per byte, the [`context`] walk's tests as bits: `K_STOP`, `F_STOP`, `DROP`, `SPACE`,
/// `HIGH`, `UPPER` (one table look instead of a chain of compares per byte).
static WALK: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut k = 0;
        if matches!(
            b,
            b'"' | b'\'' | b'{' | b',' | b'&' | b'?' | b';' | b'\n' | b'\r' | b'\t' | b'(' | b'>' | b'/'
        ) {
            k |= K_STOP;
        }
        if matches!(b, b'"' | b'{' | b'&' | b'?' | b';' | b'\n' | b'\r' | b'=' | b',') {
            k |= F_STOP;
        }
        if norm(b).is_none() {
            k |= DROP;
        }
        if b == b' ' {
            k |= SPACE;
        }
        if b >= 0x80 {
            k |= HIGH;
        }
        if b.is_ascii_uppercase() {
            k |= UPPER;
        }
        t[i] = k;
        i += 1;
    }
    t
};

/// A full-width comma, semicolon or full stop (three UTF-8 bytes).
#[inline]
fn phrase_end(w: &[u8]) -> bool {
    matches!(w, [0xEF, 0xBC, 0x8C] | [0xEF, 0xBC, 0x9B] | [0xE3, 0x80, 0x82])
}

const fn norm(b: u8) -> Option<u8> {
    match b {
        b'_' | b'-' | b'.' | b' ' | b'[' | b']' | b'"' | b'\'' => None,
        b'A'..=b'Z' => Some(b + 32),
        _ => Some(b),
    }
}

/// The context of a value starting at `start` in `t`.
pub fn context(t: &[u8], start: usize, outer: Option<&Ctx>) -> Ctx {
    let mut c = Ctx { buf: [0; BUF], len: 0, is_key: false };
    let (kind, len) = walk(t, start, &mut c.buf);
    // the nearest `MAX_CTX` bytes are kept
    c.len = len.min(MAX_CTX);
    match kind {
        // nothing written: `c` is still the empty context
        Walk::Outer => return outer.copied().unwrap_or(c),
        Walk::Key => c.is_key = true,
        Walk::Free => {
            // do not start in the middle of a UTF-8 character: drop leading continuation bytes
            let mut k = 0;
            while k < c.len && (c.buf[BUF - c.len + k] & 0xC0) == 0x80 {
                k += 1;
            }
            c.len -= k;
        }
    }
    c
}

/// `context(t, start, outer).is_version()` without building a [`Ctx`]. Most values asked
/// this are IPv4 addresses, and their contexts (`ip`, `remoteAddr`, `clientIp`, a quote and
/// a space in a log line) are short: the fixed cost of a context (an 80-byte value to
/// return, a block search per fragment) outweighed the walk. Here the walk fills a local
/// buffer and [`version_bytes`] asks the same questions as `Ctx::is_version`.
#[inline(never)]
pub fn version_at(t: &[u8], start: usize, outer: Option<&Ctx>) -> bool {
    let mut buf = [0u8; BUF];
    let (kind, len) = walk(t, start, &mut buf);
    let mut h = &buf[BUF - len.min(MAX_CTX)..];
    match kind {
        Walk::Outer => outer.is_some_and(Ctx::is_version),
        Walk::Key => version_bytes(h, true),
        Walk::Free => {
            // as `context`: no leading UTF-8 continuation bytes
            while let [first, rest @ ..] = h
                && first & 0xC0 == 0x80
            {
                h = rest;
            }
            version_bytes(h, false)
        }
    }
}

/// What [`walk`] found before a value.
enum Walk {
    /// Nothing before the value but its opening quote or spaces: the outer key applies.
    Outer,
    /// A key (`k: v`, `k=v`).
    Key,
    /// Preceding free text.
    Free,
}

/// The walk back from a value at `start` shared by [`context`] and [`version_at`]: writes
/// the bytes the context keeps (normalised, nearest last) right-aligned into `buf`, and
/// returns what kind of context it was and how many bytes it kept (all of them: at most
/// 64, as many as the walk takes; the caller keeps the nearest [`MAX_CTX`]).
///
/// The per-byte work is one table look, one store and one add: every byte is stored at
/// the next free place and the place advances only for a kept byte (a dropped `_` or `.`
/// is overwritten by the next byte), and the walk's length limit is one floor compare.
/// Only the stops (and non-ASCII bytes that may end a phrase) branch off.
#[inline(always)]
fn walk(t: &[u8], start: usize, buf: &mut [u8; BUF]) -> (Walk, usize) {
    let mut i = start.min(t.len());
    // skip the value's own opening quote / spaces / bracket / prefix sign
    let mut skipped = 0;
    while i > 0 && skipped < 4 && matches!(t[i - 1], b'"' | b'\'' | b' ' | b'[' | b'(' | b'+' | b'\t') {
        i -= 1;
        skipped += 1;
    }
    if i == 0 {
        return (Walk::Outer, 0);
    }
    // bytes kept so far; fewer than the bytes walked, so below `BUF` at every store
    let mut len = 0;
    let sep = match t[i - 1] {
        b':' | b'=' => Some(1),
        0x9A if i >= 3 && t[i - 3] == 0xEF && t[i - 2] == 0xBC => Some(3), // full-width colon
        _ => None,
    };
    if let Some(n) = sep {
        i -= n;
        while i > 0 && matches!(t[i - 1], b'"' | b'\'' | b' ' | b'\t') {
            i -= 1;
        }
        // a key is at most 64 bytes long; the bytes are read back to front from one slice
        // (no index checks per byte)
        let floor = i.saturating_sub(64);
        for &b in t[floor..i].iter().rev() {
            let k = WALK[usize::from(b)];
            if k & (K_STOP | SPACE | HIGH) != 0 {
                // a space ends a key once part of it is kept
                if k & K_STOP != 0 || (k & SPACE != 0 && len > 0) {
                    break;
                }
                // full-width comma / semicolon / full stop end a phrase
                if k & HIGH != 0 && i >= 3 && phrase_end(&t[i - 3..i]) {
                    break;
                }
            }
            buf[(BUF - 1 - len) % BUF] = b | (k & UPPER);
            len += usize::from(k & DROP == 0);
            i -= 1;
        }
        return (Walk::Key, len);
    }
    // free text: the preceding words (at most 28 bytes), up to a sentence or field boundary
    let floor = i.saturating_sub(28);
    for &b in t[floor..i].iter().rev() {
        let k = WALK[usize::from(b)];
        if k & (F_STOP | HIGH) != 0 {
            if k & F_STOP != 0 {
                break;
            }
            if i >= 3 && phrase_end(&t[i - 3..i]) {
                break;
            }
        }
        buf[(BUF - 1 - len) % BUF] = b | (k & UPPER);
        len += usize::from(k & DROP == 0);
        i -= 1;
    }
    (Walk::Free, len)
}

/// Key fragments naming each kind of value (normalised: lower case, no separators).
pub mod vocab {
    /// CN resident identity numbers.
    pub const ID_CARD: &[&str] = &[
        "idcard",
        "idno",
        "idnum",
        "identity",
        "identif",
        "citizen",
        "national",
        "resident",
        "certno",
        "certnum",
        "certid",
        "cardid",
        "sfz",
        "shenfen",
        "身份",
        "证件",
        "idnumber",
        "personalid",
    ];
    /// Telephone numbers of any kind.
    pub const PHONE: &[&str] = &[
        "phone", "mobile", "tel", "cell", "contact", "fax", "call", "dial", "sms", "msisdn", "手机", "电话",
        "联系", "致电", "座机", "号码", "landline", "shouji", "dianhua",
    ];
    /// Landlines specifically.
    pub const LANDLINE: &[&str] =
        &["landline", "office", "座机", "固话", "固定电话", "办公", "companytel", "worktel", "fixed"];
    /// US social security numbers.
    pub const SSN: &[&str] = &["ssn", "socialsecurity", "socialsec", "社会安全", "社保号"];
    /// Malaysian identity card.
    pub const MYKAD: &[&str] =
        &["mykad", "malaysia", "icno", "icnum", "kadpengenalan", "马来西亚", "nricmy", "myic", "mynric"];
    /// Organisation codes.
    pub const ORG: &[&str] = &[
        "orgcode",
        "orgno",
        "orgcert",
        "organization",
        "organisation",
        "组织机构",
        "机构代码",
        "orgid",
        "orgcd",
        "jgdm",
        "組織機構",
        "機構代碼",
    ];
    /// Business licence numbers.
    pub const LICENCE: &[&str] =
        &["licen", "regno", "registration", "营业执照", "执照", "bizno", "注册号", "yyzz"];
    /// Tax numbers.
    pub const TAX: &[&str] = &["tax", "税"];
    /// IMEI.
    pub const IMEI: &[&str] = &["imei", "device", "串号", "设备"];
    /// Bank cards.
    pub const CARD: &[&str] = &["card", "acct", "account", "bank", "卡", "pan", "ccnum", "cc"];
    /// Secrets.
    pub const SECRET: &[&str] = &["secret", "密钥", "秘钥", "私钥"];
    /// Version strings (a dotted quad under these is not an IP).
    pub const VERSION: &[&str] =
        &["version", "firmware", "fwver", "build", "release", "revision", "版本", "sdk"];
    /// Order / serial / flow numbers: long digit strings under these identify records, not
    /// cards or registration codes.
    pub const ORDER: &[&str] = &[
        "order", "flow", "serial", "trade", "trans", "txn", "batch", "seq", "track", "trace", "request",
        "bizno", "refund", "payment", "invoice", "bill", "ticket", "订单", "流水", "单号",
    ];
    /// SWIFT / BIC.
    pub const SWIFT: &[&str] = &["swift", "bic", "bankcode", "汇款", "收款"];
    /// Enumerations / states (an upper-case word under these is not a BIC).
    pub const ENUM: &[&str] = &[
        "status", "state", "result", "type", "mode", "level", "stage", "phase", "flag", "action", "event",
        "kind", "role", "category", "状态",
    ];
    /// Dates.
    pub const DATE: &[&str] =
        &["birth", "dob", "date", "day", "生日", "出生", "日期", "expir", "valid", "issue"];
    /// HKID.
    pub const HKID: &[&str] = &["hkid", "hkic", "香港", "hongkong"];
    /// Passports.
    pub const PASSPORT: &[&str] = &["passport", "护照", "travel"];
    /// HK/Macao permits.
    pub const PERMIT: &[&str] = &["permit", "通行证", "gangao", "港澳", "hkmo", "hkmacao"];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_marks_cover_every_fragment() {
        for f in vocab::VERSION.iter().chain(&["ver", "fw", "rev", "v"]) {
            assert!(f.bytes().any(|c| VERSION_MARK[usize::from(c)]), "{f}");
        }
        let key = |k: &str| Ctx::from_key(k).is_version();
        assert!(
            key("appVer")
                && key("fw")
                && key("sdkBuild")
                && key("固件版本")
                && !key("serverIp")
                && !key("host")
        );
    }

    #[test]
    fn walk_table_agrees_with_the_byte_tests() {
        for b in 0..=255u8 {
            let k = WALK[usize::from(b)];
            let key_stop = matches!(
                b,
                b'"' | b'\'' | b'{' | b',' | b'&' | b'?' | b';' | b'\n' | b'\r' | b'\t' | b'(' | b'>' | b'/'
            );
            let free_stop = matches!(b, b'"' | b'{' | b'&' | b'?' | b';' | b'\n' | b'\r' | b'=' | b',');
            assert_eq!(k & K_STOP != 0, key_stop, "{b}");
            assert_eq!(k & F_STOP != 0, free_stop, "{b}");
            assert_eq!(k & SPACE != 0, b == b' ', "{b}");
            assert_eq!(k & HIGH != 0, b >= 0x80, "{b}");
            assert_eq!((k & DROP == 0).then_some(b | (k & UPPER)), norm(b), "{b}");
        }
    }

    /// The definition of [`context`]: the walk back written out with the context filled in
    /// place (as it was before [`walk`] was shared with [`version_at`]).
    fn context_ref(t: &[u8], start: usize, outer: Option<&Ctx>) -> Ctx {
        let mut i = start.min(t.len());
        let mut skipped = 0;
        while i > 0 && skipped < 4 && matches!(t[i - 1], b'"' | b'\'' | b' ' | b'[' | b'(' | b'+' | b'\t') {
            i -= 1;
            skipped += 1;
        }
        if i == 0 {
            return outer.copied().unwrap_or(Ctx { buf: [0; BUF], len: 0, is_key: false });
        }
        let mut c = Ctx { buf: [0; BUF], len: 0, is_key: false };
        let sep = match t[i - 1] {
            b':' | b'=' => Some(1),
            0x9A if i >= 3 && t[i - 3] == 0xEF && t[i - 2] == 0xBC => Some(3),
            _ => None,
        };
        if let Some(n) = sep {
            i -= n;
            while i > 0 && matches!(t[i - 1], b'"' | b'\'' | b' ' | b'\t') {
                i -= 1;
            }
            c.is_key = true;
            let mut taken = 0;
            while i > 0 && taken < 64 {
                let b = t[i - 1];
                let key_stop = matches!(
                    b,
                    b'"' | b'\''
                        | b'{'
                        | b','
                        | b'&'
                        | b'?'
                        | b';'
                        | b'\n'
                        | b'\r'
                        | b'\t'
                        | b'('
                        | b'>'
                        | b'/'
                );
                if key_stop || (b == b' ' && c.len > 0) || (i >= 3 && phrase_end(&t[i - 3..i])) {
                    break;
                }
                if let Some(n) = norm(b) {
                    c.push_rev(n);
                }
                i -= 1;
                taken += 1;
            }
            return c;
        }
        let mut taken = 0;
        while i > 0 && taken < 28 {
            let b = t[i - 1];
            if matches!(b, b'"' | b'{' | b'&' | b'?' | b';' | b'\n' | b'\r' | b'=' | b',')
                || (i >= 3 && phrase_end(&t[i - 3..i]))
            {
                break;
            }
            if let Some(n) = norm(b) {
                c.push_rev(n);
            }
            i -= 1;
            taken += 1;
        }
        let mut k = 0;
        while k < c.len && (c.buf[BUF - c.len + k] & 0xC0) == 0x80 {
            k += 1;
        }
        c.len -= k;
        c
    }

    /// The definition of [`Ctx::is_version`]: the block search of every version fragment,
    /// then the key endings, with no prefilter.
    fn is_version_ref(c: &Ctx) -> bool {
        let h = c.bytes();
        c.has_ref(vocab::VERSION)
            || (c.is_key
                && (h.ends_with(b"ver") && !h.ends_with(b"server") || h == b"fw" || h == b"rev" || h == b"v"))
    }

    /// Pieces of text before a value: separators, stops and skipped bytes of both walks,
    /// full-width punctuation, mark bytes and version fragments and key endings, so that
    /// random joins hit every branch of the walk and of `is_version`.
    const CTX_PIECES: &[&str] = &[
        "\"", "'", " ", "[", "(", "+", "\t", ":", "=", "：", "，", "。", "；", "{", ",", "&", "/", "?", "\n",
        "-", "_", ".", "v", "V", "f", "b", "l", "k", "s", "r", "ip", "version", "Ver", "fw", "rev", "server",
        "build", "sdk", "版本", "版", "ab", "X", "1", "é",
    ];

    fn ctx_text() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(proptest::sample::select(CTX_PIECES.to_vec()), 0..40)
            .prop_map(|v| v.concat().into_bytes())
    }

    fn ctx_of(t: &str, needle: &str) -> String {
        let at = t.find(needle).unwrap();
        String::from_utf8(context(t.as_bytes(), at, None).bytes().to_vec()).unwrap()
    }

    #[test]
    fn finds_the_key_in_json_query_header_and_sentence() {
        assert_eq!(ctx_of(r#"{"a":1,"id_Card": "110"}"#, "110"), "idcard");
        assert_eq!(ctx_of("x=1&mobileNo=138", "138"), "mobileno");
        assert_eq!(ctx_of("Host: a\r\nX-Wifi-Mac: 3E", "3E"), "xwifimac");
        assert_eq!(ctx_of("我的手机号是+86 170", "86"), "我的手机号是");
        assert_eq!(ctx_of("证件号码：1101", "1101"), "证件号码");
        assert!(context(b"v", 0, Some(&Ctx::from_key("data.items[].phone"))).has(vocab::PHONE));
    }

    proptest::proptest! {
        /// The block search agrees with searching each fragment byte by byte: keys and
        /// fragments over a small alphabet (with a three-byte character) so that first bytes
        /// repeat, fragments overlap the context's ends and some are longer than it; keys up
        /// to past `MAX_CTX` so that the full context is searched too.
        #[test]
        fn has_agrees_with_the_definition(
            key in proptest::collection::vec(proptest::sample::select(vec!["a", "b", "c", "ab", "卡", "_", "B"]), 0..50),
            frags in proptest::collection::vec(proptest::collection::vec(proptest::sample::select(vec!["a", "b", "c", "卡"]), 0..5), 0..6),
        ) {
            let c = Ctx::from_key(&key.concat());
            let frags: Vec<String> = frags.iter().map(|f| f.concat()).collect();
            let frags: Vec<&str> = frags.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(c.has(&frags), c.has_ref(&frags));
            let t = key.concat();
            let free = context(t.as_bytes(), t.len(), None);
            proptest::prop_assert_eq!(free.has(&frags), free.has_ref(&frags));
        }

        /// The shared walk builds the context its definition builds, and [`version_at`]
        /// answers what the built context's `is_version` answers, at every start (with and
        /// without an outer key); `has_version` agrees with the block search.
        #[test]
        fn walks_agree_with_the_definition(t in ctx_text(), at in 0usize..200, key in proptest::sample::select(vec!["", "appVer", "ip", "fw", "v"])) {
            use proptest::prelude::*;
            let start = at.min(t.len());
            let outer = (!key.is_empty()).then(|| Ctx::from_key(key));
            let (a, r) = (context(&t, start, outer.as_ref()), context_ref(&t, start, outer.as_ref()));
            prop_assert_eq!(a.bytes(), r.bytes());
            prop_assert_eq!(a.is_key, r.is_key);
            prop_assert_eq!(version_at(&t, start, outer.as_ref()), is_version_ref(&r));
            prop_assert_eq!(r.is_version(), is_version_ref(&r));
            prop_assert_eq!(has_version(r.bytes()), r.has_ref(vocab::VERSION));
            let whole = Ctx::from_key(std::str::from_utf8(&t).unwrap_or(""));
            prop_assert_eq!(has_version(whole.bytes()), whole.has_ref(vocab::VERSION));
        }

        /// The first-byte scan finds a fragment exactly where the window comparison does.
        #[test]
        fn contains_agrees_with_windows(h in proptest::collection::vec(b'a'..b'e', 0..12), n in proptest::collection::vec(b'a'..b'e', 1..4)) {
            let slow = n.len() <= h.len() && h.windows(n.len()).any(|w| w == n.as_slice());
            proptest::prop_assert_eq!(contains(&h, &n), slow);
        }
    }
}

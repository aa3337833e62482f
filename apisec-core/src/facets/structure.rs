//! Parameter structure (`struct_baseline`): per parameter key, where it sits, what format
//! its values have and whether (nearly) every request carries it.
//!
//! Input: the [`Params`] of each exchange of one API. Output: `Vec<StructField>`. A key is
//! counted once per request however often it repeats (array elements); its format is the
//! most frequent of the value formats seen ([`Format`]); `required` is `"true"` when the
//! key was present in at least 95 % of the requests once [`MIN_REQUESTS`] were seen (in
//! all of them before that). Keys per API are capped at [`MAX_KEYS`]; header names
//! compare case-insensitively.

use crate::catalog::Location;
use crate::model::StructField;
use crate::params::{Params, ValueKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most distinct keys learned per API.
pub const MAX_KEYS: usize = 256;
/// Longest key name learned (longer names are skipped: they cannot blow up memory).
pub const MAX_KEY_LEN: usize = 256;
/// Requests needed before "required" means ≥ 95 % rather than "every one".
pub const MIN_REQUESTS: u64 = 20;

/// A learned value format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Whole number.
    Integer,
    /// Number with a fraction or exponent.
    Float,
    /// `true` / `false`.
    Boolean,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A calendar date (`2024-03-05`).
    Date,
    /// A date with a time of day (`2024-03-05T10:11:12Z`).
    Datetime,
    /// A UUID.
    Uuid,
    /// An `http(s)://` URL.
    Url,
    /// An IPv4 or IPv6 address.
    Ip,
    /// Embedded JSON text, or an empty JSON object.
    Json,
    /// An empty JSON array.
    Array,
    /// JSON null.
    Null,
    /// Any other text.
    String,
}

impl Format {
    /// Every format, in the order ties are broken.
    pub const ALL: [Format; 14] = [
        Format::Integer,
        Format::Float,
        Format::Boolean,
        Format::Email,
        Format::Phone,
        Format::Date,
        Format::Datetime,
        Format::Uuid,
        Format::Url,
        Format::Ip,
        Format::Json,
        Format::Array,
        Format::Null,
        Format::String,
    ];

    /// The wire name (`integer`, `email`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Integer => "integer",
            Format::Float => "float",
            Format::Boolean => "boolean",
            Format::Email => "email",
            Format::Phone => "phone",
            Format::Date => "date",
            Format::Datetime => "datetime",
            Format::Uuid => "uuid",
            Format::Url => "url",
            Format::Ip => "ip",
            Format::Json => "json",
            Format::Array => "array",
            Format::Null => "null",
            Format::String => "string",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.as_str() == s)
    }
}

/// The format of one value.
pub fn format_of(value: &str, kind: ValueKind) -> Format {
    match kind {
        ValueKind::Number => {
            return if value.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                Format::Integer
            } else {
                Format::Float
            };
        }
        ValueKind::Bool => return Format::Boolean,
        ValueKind::Null => return Format::Null,
        ValueKind::Empty => return if value.starts_with('[') { Format::Array } else { Format::Json },
        ValueKind::Text => {}
    }
    let v = value.trim();
    let b = v.as_bytes();
    if b.is_empty() {
        return Format::String;
    }
    if is_phone(v) {
        return Format::Phone;
    }
    let digits = b.iter().all(|c| c.is_ascii_digit());
    if digits && b.len() <= 18 {
        return Format::Integer;
    }
    if b.len() <= 24 && v.parse::<f64>().is_ok_and(f64::is_finite) && b.contains(&b'.') {
        return Format::Float;
    }
    if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") {
        return Format::Boolean;
    }
    if crate::discovery::segment::is_uuid(b) {
        return Format::Uuid;
    }
    if b.len() >= 10 && is_date(&b[..10]) {
        if b.len() == 10 {
            return Format::Date;
        }
        if crate::time::parse_rfc3339(v).is_ok() || (b.len() == 19 && b[10] == b' ') {
            return Format::Datetime;
        }
    }
    if is_email(v) {
        return Format::Email;
    }
    if v.starts_with("http://") || v.starts_with("https://") {
        return Format::Url;
    }
    if b.len() <= 45 && v.parse::<std::net::IpAddr>().is_ok() {
        return Format::Ip;
    }
    if matches!(b[0], b'{' | b'[')
        && b.len() <= 65536
        && serde_json::from_str::<serde::de::IgnoredAny>(v).is_ok()
    {
        return Format::Json;
    }
    Format::String
}

fn is_phone(v: &str) -> bool {
    let b = v.as_bytes();
    // Chinese mainland mobile: 11 digits starting 13–19, optionally +86.
    let local = v.strip_prefix("+86").or_else(|| v.strip_prefix("86-")).unwrap_or(v).as_bytes();
    if local.len() == 11
        && local[0] == b'1'
        && (b'3'..=b'9').contains(&local[1])
        && local.iter().all(u8::is_ascii_digit)
    {
        return true;
    }
    // International E.164 form.
    b.len() >= 9 && b.len() <= 16 && b[0] == b'+' && b[1..].iter().all(u8::is_ascii_digit)
}

fn is_date(b: &[u8]) -> bool {
    b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-' || *c == b'/',
        _ => c.is_ascii_digit(),
    }) && (b"01".contains(&b[5]) && b"0123".contains(&b[8]))
}

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else { return false };
    !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.contains(char::is_whitespace)
        && domain.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
}

/// What one key of one API showed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct KeyStat {
    /// The key's smallest spelling seen (header names compare case-insensitively).
    pub name: String,
    /// Where it sits.
    pub location: Option<Location>,
    /// Requests in which it was present.
    pub present: u64,
    /// Values seen per format (indexed like [`Format::ALL`]).
    pub formats: [u64; 14],
    /// The request number that last counted this key (0: none since the last merge).
    #[serde(skip)]
    pub last: u64,
}

/// Equality of what was learned (the scratch request stamp is not part of it).
impl PartialEq for KeyStat {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name
            && self.location == o.location
            && self.present == o.present
            && self.formats == o.formats
    }
}

impl KeyStat {
    /// The most frequent format (ties go to the earlier one in [`Format::ALL`]); `Null`
    /// loses to any real format.
    pub fn format(&self) -> Format {
        let mut best = (0u64, Format::String);
        for (i, &n) in self.formats.iter().enumerate() {
            let f = Format::ALL[i];
            if n > best.0 && f != Format::Null {
                best = (n, f);
            }
        }
        if best.0 == 0 && self.formats[12] > 0 { Format::Null } else { best.1 }
    }
}

/// The structure learned for one API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StructAcc {
    /// Requests seen.
    pub requests: u64,
    /// Keys by `location|comparable name` (a string so the state serialises as JSON).
    pub keys: BTreeMap<String, KeyStat>,
}

/// The map key of a parameter: location plus its name (lower case for headers).
pub fn key_of(loc: Location, name: &str) -> String {
    if matches!(loc, Location::RequestHeader | Location::ResponseHeader) {
        format!("{loc}|{}", name.to_ascii_lowercase())
    } else {
        format!("{loc}|{name}")
    }
}

impl StructAcc {
    /// Folds one exchange's parameters in.
    pub fn add(&mut self, params: &Params<'_>) {
        self.requests += 1;
        let stamp = self.requests;
        let mut key = String::with_capacity(64);
        for p in &params.items {
            if p.name.len() > MAX_KEY_LEN {
                continue;
            }
            // The map key, built in one reused buffer.
            key.clear();
            key.push_str(p.location.as_str());
            key.push('|');
            if matches!(p.location, Location::RequestHeader | Location::ResponseHeader) {
                key.extend(p.name.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                key.push_str(&p.name);
            }
            if !self.keys.contains_key(key.as_str()) {
                if self.keys.len() >= MAX_KEYS {
                    continue;
                }
                let stat =
                    KeyStat { name: p.name.to_string(), location: Some(p.location), ..Default::default() };
                self.keys.insert(key.clone(), stat);
            }
            let Some(stat) = self.keys.get_mut(key.as_str()) else { continue };
            // The smallest spelling wins, so the name does not depend on record order.
            if p.name.as_ref() < stat.name.as_str() {
                stat.name = p.name.to_string();
            }
            let f = format_of(&p.value, p.kind);
            stat.formats[Format::ALL.iter().position(|x| *x == f).unwrap_or(13)] += 1;
            // A key repeated in many array elements counts once per request.
            if stat.last != stamp {
                stat.last = stamp;
                stat.present += 1;
            }
        }
    }

    /// Adds another API's structure.
    pub fn absorb(&mut self, other: &StructAcc) {
        self.requests += other.requests;
        for (k, s) in &other.keys {
            if let Some(mine) = self.keys.get_mut(k) {
                if s.name < mine.name {
                    mine.name = s.name.clone();
                }
                mine.present += s.present;
                for (a, b) in mine.formats.iter_mut().zip(&s.formats) {
                    *a += b;
                }
            } else if self.keys.len() < MAX_KEYS {
                self.keys.insert(k.clone(), s.clone());
            }
        }
        // Request stamps of two histories are not comparable: start afresh.
        for s in self.keys.values_mut() {
            s.last = 0;
        }
    }

    /// True when a key with this presence count is required.
    pub fn is_required(&self, present: u64) -> bool {
        if self.requests < MIN_REQUESTS {
            present >= self.requests
        } else {
            present * 100 >= self.requests * 95
        }
    }

    /// The `struct_baseline` entries, ordered by location then key.
    ///
    /// Locations order by their wire name (`request_body` < `request_cookie` < …).
    pub fn fields(&self) -> Vec<StructField> {
        self.keys
            .values()
            .filter_map(|s| Some((s.location?, s)))
            .map(|(loc, s)| StructField {
                key: s.name.clone(),
                location: loc,
                format: s.format().as_str().to_owned(),
                required: self.is_required(s.present).to_string(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn add(acc: &mut StructAcc, json: &str) {
        let rec = Record::from_json(json.as_bytes()).unwrap();
        acc.add(&crate::params::extract(&rec));
    }

    fn field<'a>(v: &'a [StructField], key: &str, loc: Location) -> &'a StructField {
        v.iter().find(|f| f.key == key && f.location == loc).unwrap_or_else(|| panic!("no {key} at {loc}"))
    }

    #[test]
    fn formats_of_values() {
        use ValueKind::*;
        let cases = [
            ("42", Text, Format::Integer),
            ("42", Number, Format::Integer),
            ("4.5", Number, Format::Float),
            ("1e3", Number, Format::Float),
            ("-3.25", Text, Format::Float),
            ("true", Bool, Format::Boolean),
            ("FALSE", Text, Format::Boolean),
            ("13800138000", Text, Format::Phone),
            ("+14155550100", Text, Format::Phone),
            ("alice@example.com", Text, Format::Email),
            ("2024-03-05", Text, Format::Date),
            ("2024-03-05T10:11:12Z", Text, Format::Datetime),
            ("2024-03-05 10:11:12", Text, Format::Datetime),
            ("123e4567-e89b-12d3-a456-426614174000", Text, Format::Uuid),
            ("https://example.com/x", Text, Format::Url),
            ("10.0.0.1", Text, Format::Ip),
            (r#"{"a":1}"#, Text, Format::Json),
            ("", Empty, Format::Json),
            ("", Null, Format::Null),
            ("hello world", Text, Format::String),
            ("{not json", Text, Format::String),
            ("12345678901234567890", Text, Format::String),
            ("a@b", Text, Format::String),
        ];
        for (v, k, want) in cases {
            assert_eq!(format_of(v, k), want, "{v:?} as {k:?}");
        }
    }

    #[test]
    fn baseline_learns_location_format_and_required() {
        let mut acc = StructAcc::default();
        for i in 0..40 {
            let extra = if i % 10 == 0 { r#","coupon":"SPRING""# } else { "" };
            let ua = if i == 3 { "" } else { r#","User-Agent":"curl/8""# };
            let json = format!(
                r#"{{"ts":1700000000,"client_ip":"203.0.113.5","host":"a.example.com","method":"POST","path":"/orders",
                "query":"pageNum={i}","req_headers":{{"Content-Type":"application/json"{ua}}},
                "req_body":"{{\"items\":[{{\"sku\":\"A{i}\",\"qty\":{i}}},{{\"sku\":\"B\",\"qty\":1}}],\"email\":\"u{i}@example.com\"{extra}}}",
                "resp_headers":{{"X-Trace-Id":"{i}"}},"resp_body":"{{\"id\":\"123e4567-e89b-12d3-a456-4266141740{i:02}\",\"ok\":true}}"}}"#,
                extra = extra.replace('"', "\\\"")
            );
            add(&mut acc, &json);
        }
        let f = acc.fields();
        assert_eq!(acc.requests, 40);
        let page = field(&f, "pageNum", Location::RequestQuery);
        assert_eq!((page.format.as_str(), page.required.as_str()), ("integer", "true"));
        let qty = field(&f, "items[].qty", Location::RequestBody);
        assert_eq!((qty.format.as_str(), qty.required.as_str()), ("integer", "true"));
        assert_eq!(acc.keys[&key_of(Location::RequestBody, "items[].qty")].present, 40, "once per request");
        assert_eq!(field(&f, "email", Location::RequestBody).format, "email");
        let coupon = field(&f, "coupon", Location::RequestBody);
        assert_eq!(coupon.required, "false");
        // Missing from 1 of 40 requests is still required (97.5 %).
        assert_eq!(field(&f, "User-Agent", Location::RequestHeader).required, "true");
        assert_eq!(field(&f, "id", Location::ResponseBody).format, "uuid");
        assert_eq!(field(&f, "ok", Location::ResponseBody).format, "boolean");
        assert_eq!(field(&f, "X-Trace-Id", Location::ResponseHeader).format, "integer");
    }

    #[test]
    fn header_names_compare_case_insensitively_and_keys_are_capped() {
        let mut acc = StructAcc::default();
        add(
            &mut acc,
            r#"{"ts":1700000001,"client_ip":"203.0.113.5","host":"h","method":"GET","path":"/","req_headers":{"X-Id":"1"}}"#,
        );
        add(
            &mut acc,
            r#"{"ts":1700000002,"client_ip":"203.0.113.5","host":"h","method":"GET","path":"/","req_headers":{"x-id":"2"}}"#,
        );
        let f = acc.fields();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].key.as_str(), f[0].required.as_str()), ("X-Id", "true"), "smallest spelling");
        let mut query: Vec<String> = vec![format!("{}=1", "x".repeat(MAX_KEY_LEN + 1))];
        query.extend((0..600).map(|i| format!("k{i}=1")));
        let json = format!(
            r#"{{"ts":1700000003,"client_ip":"203.0.113.5","host":"h","method":"GET","path":"/","query":"{}"}}"#,
            query.join("&")
        );
        add(&mut acc, &json);
        assert_eq!(acc.keys.len(), MAX_KEYS);
        assert!(acc.keys.values().all(|k| k.name.len() <= MAX_KEY_LEN));
        let mut merged = acc.clone();
        merged.absorb(&acc);
        assert_eq!(merged.keys.len(), MAX_KEYS);
        assert_eq!(merged.requests, 6);
        assert_eq!(merged.keys[&key_of(Location::RequestHeader, "X-ID")].present, 4);
        add(
            &mut merged,
            r#"{"ts":1700000004,"client_ip":"203.0.113.5","host":"h","method":"GET","path":"/","req_headers":{"X-Id":"5"}}"#,
        );
        assert_eq!(merged.keys[&key_of(Location::RequestHeader, "x-id")].present, 5, "counted after a merge");
    }
}

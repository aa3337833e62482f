//! Event-time helpers: RFC 3339 parsing and UTC calendar arithmetic, no wall clock.

/// Parses an RFC 3339 timestamp (`2024-03-05T10:11:12.5Z`, `…+08:00`) into unix seconds.
pub fn parse_rfc3339(s: &str) -> Result<f64, &'static str> {
    let b = s.trim().as_bytes();
    if b.len() < 19 {
        return Err("too short");
    }
    let num = |r: std::ops::Range<usize>| -> Result<i64, &'static str> {
        let mut v = 0i64;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return Err("expected a digit");
            }
            v = v * 10 + (c - b'0') as i64;
        }
        Ok(v)
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':'
    {
        return Err("expected YYYY-MM-DDTHH:MM:SS");
    }
    let (y, mo, d, h, mi, se) =
        (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60 {
        return Err("date or time out of range");
    }
    let mut i = 19;
    let mut frac = 0.0;
    if i < b.len() && b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err("empty fraction");
        }
        frac = std::str::from_utf8(&b[start - 1..i])
            .ok()
            .and_then(|f| format!("0{f}").parse().ok())
            .unwrap_or(0.0);
    }
    let offset = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let o = num(i + 1..i + 3)? * 3600 + num(i + 4..i + 6)? * 60;
            if sign == b'+' { o } else { -o }
        }
        None => 0,
        _ => return Err("bad time zone offset"),
    };
    let days = days_from_civil(y, mo, d);
    Ok((days * 86400 + h * 3600 + mi * 60 + se - offset) as f64 + frac)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The UTC day number (days since the epoch) of a unix time.
pub fn day_of(ts: f64) -> i64 {
    (ts / 86400.0).floor() as i64
}

/// The UTC hour of day (0–23) of a unix time.
pub fn hour_of(ts: f64) -> u8 {
    ((ts.rem_euclid(86400.0)) / 3600.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Ok(0.0));
        assert_eq!(parse_rfc3339("2000-03-01T00:00:00Z"), Ok(951868800.0));
        assert_eq!(parse_rfc3339("2024-02-29T12:00:00-01:30"), Ok(1709213400.0));
        assert!(parse_rfc3339("2023-02-29T12:00:00Z").is_err());
        assert!(parse_rfc3339("2023-01-01T12:00:00+0100").is_err());
        assert_eq!(hour_of(3600.0 * 25.5), 1);
        assert_eq!(day_of(86400.0 * 3.0 + 1.0), 3);
    }
}

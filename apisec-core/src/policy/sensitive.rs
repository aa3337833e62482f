//! Custom sensitive data types (reference 004, section 3).
//!
//! Input: the user's basic-mode rules (character classes plus a length range within 6–64)
//! or expert-mode regular expressions. Output: [`CustomSensitiveType`]s with a synthetic
//! code (9000 + position in the list) whose [`CustomSensitiveType::find_iter`] reports the
//! byte ranges of matches in a text. Expert patterns run on `regex_automata`'s meta engine
//! with NFA and lazy-DFA cache limits, so matching is linear in the text; a pattern that
//! does not compile, exceeds the limits or can match fewer than 6 bytes is rejected at load.

use super::PolicyError;
use super::model::{CharClass, CustomSensitiveConfig, SensitiveMode};
use crate::catalog::SensitiveLevel;
use regex_automata::meta::Regex;

/// First synthetic code of custom types (the i-th custom type gets `9000 + i`).
pub const CUSTOM_CODE_BASE: u16 = 9000;
/// Shortest match a custom type may have, in characters (basic) or bytes (expert).
pub const MIN_MATCH_LEN: u32 = 6;
/// Longest basic-mode token.
pub const MAX_BASIC_LEN: u32 = 64;
/// Longest expert pattern, in bytes.
pub const MAX_PATTERN_BYTES: usize = 1024;
/// NFA size limit of an expert pattern, in bytes.
pub const NFA_SIZE_LIMIT: usize = 1 << 20;
/// Lazy DFA cache capacity of an expert pattern, in bytes.
pub const DFA_CACHE_CAPACITY: usize = 2 << 20;

const DIGIT: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;

#[derive(Clone, Debug)]
enum Matcher {
    Basic { classes: u8, min: usize, max: usize },
    Expert(Box<Regex>),
}

/// A compiled custom sensitive type.
#[derive(Clone, Debug)]
pub struct CustomSensitiveType {
    /// The user's name for the type.
    pub name: String,
    /// Synthetic code, `9000 + index`.
    pub code: u16,
    /// Sensitivity level.
    pub level: SensitiveLevel,
    matcher: Matcher,
}

fn class_of(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => DIGIT,
        b'A'..=b'Z' => UPPER,
        b'a'..=b'z' => LOWER,
        _ => 0,
    }
}

impl CustomSensitiveType {
    /// Appends the `(start, end)` byte ranges of every match in `text` to `out`.
    ///
    /// Basic mode matches whole tokens: a maximal run of the chosen classes whose length is
    /// within range (a run inside a longer run of the same classes does not count). Ranges
    /// never overlap and are in ascending order.
    pub fn find_iter(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        match &self.matcher {
            Matcher::Basic { classes, min, max } => {
                let bytes = text.as_bytes();
                let mut i = 0;
                while i < bytes.len() {
                    if class_of(bytes[i]) & classes == 0 {
                        i += 1;
                        continue;
                    }
                    let start = i;
                    while i < bytes.len() && class_of(bytes[i]) & classes != 0 {
                        i += 1;
                    }
                    if (*min..=*max).contains(&(i - start)) {
                        out.push((start, i));
                    }
                }
            }
            Matcher::Expert(re) => out.extend(re.find_iter(text).map(|m| (m.start(), m.end()))),
        }
    }
}

fn err(path: String, message: impl Into<String>) -> PolicyError {
    PolicyError { path, message: message.into() }
}

/// Compiles one custom type found at `path` (its index gives the code).
pub(crate) fn compile(
    c: &CustomSensitiveConfig,
    index: usize,
    path: &str,
) -> Result<CustomSensitiveType, PolicyError> {
    let matcher = match c.mode {
        SensitiveMode::Basic => {
            if let Some(_p) = &c.pattern {
                return Err(err(
                    format!("{path}.pattern"),
                    "basic mode takes no pattern (use `chars`, `min_len`, `max_len`)",
                ));
            }
            if c.chars.is_empty() {
                return Err(err(
                    format!("{path}.chars"),
                    "at least one of `digit`, `upper`, `lower` required",
                ));
            }
            let classes = c.chars.iter().fold(0, |m, ch| {
                m | match ch {
                    CharClass::Digit => DIGIT,
                    CharClass::Upper => UPPER,
                    CharClass::Lower => LOWER,
                }
            });
            let range = format!("an integer from {MIN_MATCH_LEN} to {MAX_BASIC_LEN}");
            let min =
                c.min_len.ok_or_else(|| err(format!("{path}.min_len"), format!("required: {range}")))?;
            let max =
                c.max_len.ok_or_else(|| err(format!("{path}.max_len"), format!("required: {range}")))?;
            if !(MIN_MATCH_LEN..=MAX_BASIC_LEN).contains(&min) {
                return Err(err(format!("{path}.min_len"), format!("must be {range} (got {min})")));
            }
            if !(MIN_MATCH_LEN..=MAX_BASIC_LEN).contains(&max) {
                return Err(err(format!("{path}.max_len"), format!("must be {range} (got {max})")));
            }
            if max < min {
                return Err(err(
                    format!("{path}.max_len"),
                    format!("must be at least min_len ({min}), got {max}"),
                ));
            }
            Matcher::Basic { classes, min: min as usize, max: max as usize }
        }
        SensitiveMode::Expert => {
            for (f, set) in [
                ("chars", !c.chars.is_empty()),
                ("min_len", c.min_len.is_some()),
                ("max_len", c.max_len.is_some()),
            ] {
                if set {
                    return Err(err(format!("{path}.{f}"), "expert mode takes only `pattern`"));
                }
            }
            let ppath = format!("{path}.pattern");
            let pattern =
                c.pattern.as_deref().ok_or_else(|| err(ppath.clone(), "required in expert mode"))?;
            Matcher::Expert(Box::new(compile_pattern(pattern).map_err(|m| err(ppath, m))?))
        }
    };
    Ok(CustomSensitiveType {
        name: c.name.clone(),
        code: CUSTOM_CODE_BASE + index as u16,
        level: c.level,
        matcher,
    })
}

/// Checks and compiles an expert pattern.
fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    if pattern.is_empty() {
        return Err("must not be empty".into());
    }
    if pattern.len() > MAX_PATTERN_BYTES {
        return Err(format!("at most {MAX_PATTERN_BYTES} bytes (got {})", pattern.len()));
    }
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(64)
        .build()
        .parse(pattern)
        .map_err(|e| format!("not a valid regular expression: {}", one_line(&e.to_string())))?;
    match hir.properties().minimum_len() {
        None => return Err("can never match anything".into()),
        Some(n) if n < MIN_MATCH_LEN as usize => {
            return Err(format!(
                "must match at least {MIN_MATCH_LEN} characters to avoid false positives (its shortest match is {n} bytes)"
            ));
        }
        Some(_) => {}
    }
    let config = Regex::config()
        .nfa_size_limit(Some(NFA_SIZE_LIMIT))
        .onepass_size_limit(Some(NFA_SIZE_LIMIT))
        .dfa_size_limit(Some(NFA_SIZE_LIMIT))
        .hybrid_cache_capacity(DFA_CACHE_CAPACITY);
    Regex::builder()
        .configure(config)
        .syntax(regex_automata::util::syntax::Config::new().nest_limit(64))
        .build(pattern)
        .map_err(|e| format!("too large or invalid: {}", one_line(&e.to_string())))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(chars: &[CharClass], min: u32, max: u32) -> CustomSensitiveConfig {
        CustomSensitiveConfig {
            name: "t".into(),
            enabled: true,
            level: SensitiveLevel::S2,
            mode: SensitiveMode::Basic,
            chars: chars.to_vec(),
            min_len: Some(min),
            max_len: Some(max),
            pattern: None,
        }
    }

    fn expert(p: &str) -> CustomSensitiveConfig {
        CustomSensitiveConfig {
            mode: SensitiveMode::Expert,
            chars: vec![],
            min_len: None,
            max_len: None,
            pattern: Some(p.into()),
            ..basic(&[], 6, 6)
        }
    }

    fn find<'a>(t: &CustomSensitiveType, text: &'a str) -> Vec<&'a str> {
        let mut v = Vec::new();
        t.find_iter(text, &mut v);
        v.into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn basic_mode_matches_whole_tokens_only() {
        let t = compile(&basic(&[CharClass::Digit], 6, 8), 3, "p").unwrap();
        assert_eq!(t.code, 9003);
        assert_eq!(find(&t, "id=123456, x=1234567890, y=12345, z=abc1234567"), vec!["123456", "1234567"]);
        let t = compile(&basic(&[CharClass::Upper, CharClass::Digit], 6, 6), 0, "p").unwrap();
        assert_eq!(find(&t, "code AB12CD and ab12cd and AB12CDE ÄAB12CDÄ"), vec!["AB12CD", "AB12CD"]);
    }

    #[test]
    fn basic_mode_limits() {
        assert!(compile(&basic(&[CharClass::Digit], 5, 8), 0, "p").unwrap_err().path.ends_with("min_len"));
        assert!(compile(&basic(&[CharClass::Digit], 6, 65), 0, "p").unwrap_err().path.ends_with("max_len"));
        let e = compile(&basic(&[CharClass::Digit], 10, 8), 0, "p").unwrap_err();
        assert_eq!(e.path, "p.max_len");
        assert_eq!(compile(&basic(&[], 6, 8), 0, "p").unwrap_err().path, "p.chars");
        assert!(compile(&basic(&[CharClass::Lower], 64, 64), 0, "p").is_ok());
    }

    #[test]
    fn expert_mode_finds_matches_and_rejects_short_or_bad_patterns() {
        let t = compile(&expert(r"EMP-\d{6}"), 1, "p").unwrap();
        assert_eq!(find(&t, "a EMP-123456 b EMP-12 c EMP-654321"), vec!["EMP-123456", "EMP-654321"]);
        for bad in [r"\d{1,6}", "a|bcdefg", "", "(", r"\d+", "[a-z]{3}"] {
            let e = compile(&expert(bad), 0, "p").unwrap_err();
            assert_eq!(e.path, "p.pattern", "{bad}");
        }
        assert!(compile(&expert(r"\w{1000}\w{1000}\w{1000}"), 0, "p").is_err(), "NFA limit");
        assert!(compile(&expert(r"[0-9]{6,}"), 0, "p").is_ok());
    }

    #[test]
    fn expert_mode_is_linear_on_pathological_input() {
        // A backtracking engine takes exponential time here; the meta engine does not.
        let t = compile(&expert(r"(a+)+b.{4}"), 0, "p").unwrap();
        let text = "a".repeat(50_000);
        assert!(find(&t, &text).is_empty());
    }

    #[test]
    fn mode_fields_must_not_mix() {
        let mut c = basic(&[CharClass::Digit], 6, 8);
        c.pattern = Some("x{6}".into());
        assert_eq!(compile(&c, 0, "p").unwrap_err().path, "p.pattern");
        let mut c = expert("x{6}");
        c.min_len = Some(6);
        assert_eq!(compile(&c, 0, "p").unwrap_err().path, "p.min_len");
    }
}

//! What a single parameter value looks like.
//!
//! Input: one decoded parameter value (`&str`, as [`crate::params`] yields it). Output:
//! [`ValueFacts`], a small `Copy` set of yes/no facts, and [`attack`], the web-attack family
//! the value most likely belongs to.
//!
//! Two pairs of facts matter most to the callers and are kept apart on purpose:
//! - **SQL statement** (a whole `select … from …` carried as normal use, `Risk_SqlAPI`) vs
//!   **SQL-injection probe** (a value that breaks out of a literal: `1' OR '1'='1`,
//!   `1 and sleep(5)`, `-1 union select …`, `Event_AbnormalParamValue`);
//! - **OS command** (`ping -c 4 10.0.0.1` as normal use, `Risk_RceAPI`) vs
//!   **command-injection probe** (`127.0.0.1; cat /etc/passwd`, `` `id` ``).
//!
//! Also: cross-site scripting, path traversal, URL-valued, file-path-valued and small
//! integer id values. Plain values (letters, digits, `_.-@,`) take a fast path that
//! allocates nothing; other values are normalised once (percent-decoded twice at most, HTML
//! entities decoded, ASCII lower-cased, at most [`MAX_ANALYSED_LEN`] bytes looked at).

use std::borrow::Cow;

/// Longest prefix of a value that is analysed (bytes).
pub const MAX_ANALYSED_LEN: usize = 4096;

/// A web-attack family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attack {
    /// SQL injection.
    Sqli,
    /// Cross-site scripting.
    Xss,
    /// Path traversal / local file read.
    PathTraversal,
    /// OS command injection.
    Cmdi,
}

impl Attack {
    /// Stable lower-case name (`sqli`, `xss`, `path-traversal`, `cmdi`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Attack::Sqli => "sqli",
            Attack::Xss => "xss",
            Attack::PathTraversal => "path-traversal",
            Attack::Cmdi => "cmdi",
        }
    }
}

/// Facts about one parameter value. Several may hold at once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ValueFacts {
    /// A complete SQL statement (`select … from …`, `insert into …`, `update … set …`).
    pub sql_statement: bool,
    /// An SQL-injection probe (breaks out of a literal or appends SQL logic).
    pub sql_injection: bool,
    /// An OS command line as a whole value (`ls -la /tmp`, `ping -c 4 host`).
    pub os_command: bool,
    /// A command-injection probe (a shell metacharacter followed by a command).
    pub command_injection: bool,
    /// Markup or script that would run in a browser.
    pub xss: bool,
    /// `../` climbing, encoded dot segments or a well-known system file.
    pub path_traversal: bool,
    /// An absolute URL (`scheme://host…` or `//host…`).
    pub url: bool,
    /// A file-system path (`/var/data/a.pdf`, `C:\x\y.txt`, `docs/a.pdf`).
    pub file_path: bool,
    /// A small non-negative integer (at most 9 digits, no leading zero): a guessable id.
    pub integer_id: bool,
}

impl ValueFacts {
    /// The attack family these facts point to, if any (most specific first).
    pub fn attack(&self) -> Option<Attack> {
        if self.xss {
            Some(Attack::Xss)
        } else if self.command_injection {
            Some(Attack::Cmdi)
        } else if self.path_traversal {
            Some(Attack::PathTraversal)
        } else if self.sql_injection {
            Some(Attack::Sqli)
        } else {
            None
        }
    }
}

/// The attack family of a value, if it looks like an attack probe.
pub fn attack(value: &str) -> Option<Attack> {
    analyze(value).attack()
}

/// Parses a decimal integer id (no sign, no leading zero unless `0`, at most 18 digits).
pub fn integer_id(value: &str) -> Option<u64> {
    let b = value.as_bytes();
    if b.is_empty() || b.len() > 18 || !b.iter().all(u8::is_ascii_digit) || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    value.parse().ok()
}

/// Computes every fact about one value.
pub fn analyze(value: &str) -> ValueFacts {
    let mut f = ValueFacts::default();
    let v = value.trim();
    if v.is_empty() {
        return f;
    }
    if integer_id(v).is_some() {
        f.integer_id = v.len() <= 9;
        return f;
    }
    if is_plain(v) {
        f.os_command = COMMANDS_ALONE.iter().any(|c| v.eq_ignore_ascii_case(c));
        return f;
    }
    let cut = floor_char_boundary(v, MAX_ANALYSED_LEN);
    let norm = normalize(&v[..cut]);
    let s = norm.trim();
    let raw_lower = v[..cut].to_ascii_lowercase();

    f.url = is_url(s);
    f.file_path = !f.url && is_file_path(s);
    f.path_traversal = is_traversal(s, &raw_lower);
    f.xss = is_xss(s);

    let toks = lex(s);
    f.sql_statement = is_sql_statement(&toks);
    f.sql_injection = !f.sql_statement && is_sqli(s, &toks);

    f.os_command = !f.url && is_os_command(s);
    f.command_injection = !f.os_command && is_cmdi(s);
    if f.sql_statement && f.os_command {
        // `set x=1`, `show tables`: SQL wins over a coincidental command name.
        f.os_command = false;
    }
    f
}

/// Letters, digits and `_ . - @ ,` only (non-ASCII letters included): nothing to look at.
fn is_plain(v: &str) -> bool {
    v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'@' | b',') || b >= 0x80)
        && !v.contains("..")
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Percent-decodes (twice at most), decodes HTML entities and lower-cases ASCII.
fn normalize(v: &str) -> String {
    let mut s: Cow<'_, str> = Cow::Borrowed(v);
    for _ in 0..2 {
        if has_percent_escape(&s) {
            let d = crate::params::percent_decode(&s, false).into_owned();
            s = Cow::Owned(d);
        } else {
            break;
        }
    }
    let mut s = if s.contains('&') { html_unescape(&s) } else { s.into_owned() };
    s.make_ascii_lowercase();
    s
}

fn has_percent_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(3).any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
}

fn html_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.bytes().take(10).position(|b| b == b';' || !(b.is_ascii_alphanumeric() || b == b'#'));
        let (ent, consumed) = match end {
            Some(e) => (&after[..e], e + usize::from(after.as_bytes().get(e) == Some(&b';'))),
            None if after.len() <= 10 => (after, after.len()),
            None => ("", 0),
        };
        let ch = match ent.to_ascii_lowercase().as_str() {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "amp" => Some('&'),
            "colon" => Some(':'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse::<u32>().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) if consumed > 0 => {
                out.push(c);
                rest = &after[consumed..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------
// URLs and paths

const URL_SCHEMES: &[&str] = &[
    "http", "https", "ftp", "ftps", "sftp", "tftp", "file", "gopher", "dict", "ldap", "ldaps", "jar",
    "netdoc", "smb", "ws", "wss", "php", "data", "expect", "phar",
];

/// True for an absolute URL: a known scheme followed by `://` (or `data:`), or `//host`.
pub fn is_url(s: &str) -> bool {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix("//") {
        return host_like(rest);
    }
    let Some(i) = s.find(':') else { return false };
    let scheme = &s[..i];
    if !URL_SCHEMES.iter().any(|k| scheme.eq_ignore_ascii_case(k)) {
        return false;
    }
    let rest = &s[i + 1..];
    if scheme.eq_ignore_ascii_case("data") {
        return rest.contains(',');
    }
    match rest.strip_prefix("//") {
        Some(r) => scheme.eq_ignore_ascii_case("file") || host_like(r),
        None => false,
    }
}

fn host_like(r: &str) -> bool {
    let host: &str = r.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    !host.is_empty()
        && host.len() <= 255
        && !host.contains(char::is_whitespace)
        && (host.contains('.') || host.starts_with('[') || host.split(':').next() == Some("localhost"))
}

/// True for a file-system path: absolute (`/a/b`, `~/a`, `C:\a`, `\\srv\a`), dot-relative
/// (`./a`, `../a`) or a relative path whose last part has an extension (`docs/a.pdf`).
pub fn is_file_path(s: &str) -> bool {
    let s = s.trim();
    if s.len() < 2 || s.contains("://") || s.contains(['\n', '<', '>', '|', '"', '*', '?']) {
        return false;
    }
    let b = s.as_bytes();
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/') {
        return true;
    }
    if s.starts_with("\\\\") || s.starts_with("~/") || s.starts_with("./") || s.starts_with("../") {
        return true;
    }
    if s.starts_with("file:") {
        return true;
    }
    let sep = s.contains('/') || s.contains('\\');
    if !sep {
        return false;
    }
    if s.contains(' ') && !s.starts_with('/') {
        return false;
    }
    if let Some(tail) = s.strip_prefix('/') {
        // `/a/b` or `/a.txt`: at least one non-empty segment with a path-ish character set.
        return !tail.is_empty()
            && tail.bytes().all(|c| c.is_ascii_alphanumeric() || b"/._-~ +@=,()".contains(&c) || c >= 0x80);
    }
    let last = s.rsplit(['/', '\\']).next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty() && (1..=5).contains(&ext.len()) && ext.bytes().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// Well-known files a traversal aims at (lower case, matched as substrings).
const TRAVERSAL_TARGETS: &[&str] = &[
    "etc/passwd",
    "etc/shadow",
    "etc/hosts",
    "etc/group",
    "etc/issue",
    "proc/self/",
    "web-inf/web.xml",
    "web-inf\\web.xml",
    "win.ini",
    "boot.ini",
    "system32\\",
    "system32/",
    "windows\\system.ini",
    "windows/system.ini",
    ".ssh/id_rsa",
    ".htpasswd",
    ".bash_history",
    "etcpasswd",
    "web-infweb.xml",
    "windowswin.ini",
];

fn is_traversal(s: &str, raw_lower: &str) -> bool {
    let b = s.as_bytes();
    // `../`, `..\`, `..;/`, `/..` at the end.
    for (i, w) in b.windows(2).enumerate() {
        if w == b".." {
            let next = b.get(i + 2).copied();
            let prev = if i == 0 { None } else { Some(b[i - 1]) };
            if matches!(next, Some(b'/' | b'\\' | b';'))
                && !matches!(prev, Some(c) if c.is_ascii_alphanumeric())
            {
                return true;
            }
            if next.is_none() && matches!(prev, Some(b'/' | b'\\')) {
                return true;
            }
            // `/....//` style: three or more dots as one segment.
            if matches!(prev, Some(b'/' | b'\\') | None) && next == Some(b'.') {
                let run = b[i..].iter().take_while(|&&c| c == b'.').count();
                if run >= 3 && matches!(b.get(i + run), None | Some(b'/' | b'\\' | b'{')) {
                    return true;
                }
            }
        }
    }
    for enc in ["0x2e0x2e", "..0x2f", "..0x5c", "%c0%ae", "%c0%af", "%c1%9c", "%e0%80%ae", "%uff0e", "%u002e"]
    {
        if raw_lower.contains(enc) || s.contains(enc) {
            return true;
        }
    }
    if TRAVERSAL_TARGETS.iter().any(|t| s.contains(t)) {
        return true;
    }
    // `/./././`: many dot segments are only ever a filter-evasion trick.
    s.matches("/./").count() >= 3 || s.matches("//").count() >= 3 && !s.contains("://")
}

// ---------------------------------------------------------------------------------------
// XSS

const XSS_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "base", "svg", "math",
    "xml", "xss", "bgsound", "layer", "ilayer", "isindex", "marquee", "template", "portal",
];

const XSS_CALLS: &[&str] = &[
    "alert(",
    "prompt(",
    "confirm(",
    "document.cookie",
    "document.write",
    "document.location",
    "window.location",
    "fromcharcode",
    "expression(",
    "javascript:",
    "vbscript:",
    "livescript:",
    "data:text/html",
    "<!--#exec",
    "<!--#include",
    "-moz-binding",
    "behavior:",
    "@import",
    "srcdoc=",
];

fn is_xss(s: &str) -> bool {
    let b = s.as_bytes();
    let mut has_tag = false;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off + 1;
        i = at;
        let rest = &s[at..];
        let rest = rest.trim_start_matches(['/', ' ', '\t', '\n', '\r', '\u{0}']);
        let name_len = rest.bytes().take_while(|c| c.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            if rest.starts_with('!') || rest.starts_with('?') {
                has_tag = true;
            }
            continue;
        }
        let name = &rest[..name_len];
        let after = rest.as_bytes().get(name_len).copied();
        if !matches!(after, None | Some(b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r' | b'\x0c')) {
            continue;
        }
        has_tag = true;
        if XSS_TAGS.contains(&name) {
            return true;
        }
        // An event handler inside this tag.
        let tag_end = rest.find('>').unwrap_or(rest.len());
        if has_event_handler(&rest[name_len..tag_end]) {
            return true;
        }
    }
    if XSS_CALLS.iter().any(|c| s.contains(c)) {
        // `javascript:` and friends are only dangerous where a URL or code goes.
        return has_tag
            || s.starts_with("javascript:")
            || s.starts_with("vbscript:")
            || s.contains("alert(")
            || s.contains("prompt(")
            || s.contains("confirm(")
            || s.contains("fromcharcode")
            || s.contains("document.")
            || s.contains("data:text/html")
            || s.contains("\"")
            || s.contains('\'');
    }
    false
}

fn has_event_handler(attrs: &str) -> bool {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        if b[i] == b'o'
            && b[i + 1] == b'n'
            && (i == 0 || matches!(b[i - 1], b' ' | b'/' | b'"' | b'\'' | b'\t' | b'\n' | b'\r'))
        {
            let n = b[i + 2..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
            let mut j = i + 2 + n;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if n >= 3 && b.get(j) == Some(&b'=') {
                return true;
            }
        }
        i += 1;
    }
    false
}

// ---------------------------------------------------------------------------------------
// SQL

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok<'s> {
    Word(&'s str),
    Num,
    Quote,
    /// `)` closing something the value did not open.
    Close,
    Open,
    Comment,
    Semi,
    Cmp,
    Logic,
    Other(u8),
}

const MAX_TOKENS: usize = 512;

fn lex(s: &str) -> Vec<Tok<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() && out.len() < MAX_TOKENS {
        let c = b[i];
        if c.is_ascii_whitespace() || c == b'+' && !b.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c == b'@' || c == b'$' {
            let st = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'$' | b'@')) {
                i += 1;
            }
            out.push(Tok::Word(&s[st..i]));
            continue;
        }
        if c.is_ascii_digit() || c == b'-' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
            }
            out.push(Tok::Num);
            continue;
        }
        let two = b.get(i..i + 2).unwrap_or(&[]);
        let (tok, n) = match (c, two) {
            (_, b"--") | (_, b"/*") | (_, b"*/") => (Tok::Comment, 2),
            (b'#', _) => (Tok::Comment, 1),
            (_, b"||") | (_, b"&&") => (Tok::Logic, 2),
            (_, b"<>") | (_, b"!=") | (_, b"<=") | (_, b">=") => (Tok::Cmp, 2),
            (b'=' | b'<' | b'>', _) => (Tok::Cmp, 1),
            (b'\'' | b'"' | b'`', _) => (Tok::Quote, 1),
            (b'(', _) => (Tok::Open, 1),
            (b')', _) => (Tok::Close, 1),
            (b';', _) => (Tok::Semi, 1),
            _ => (Tok::Other(c), 1),
        };
        out.push(tok);
        i += n;
    }
    out
}

fn word<'s>(t: Option<&Tok<'s>>) -> Option<&'s str> {
    match t {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

/// Words that continue SQL after a literal was closed.
const SQL_CONTINUATIONS: &[&str] = &[
    "or",
    "and",
    "xor",
    "union",
    "select",
    "having",
    "order",
    "group",
    "procedure",
    "into",
    "limit",
    "where",
    "waitfor",
    "rlike",
    "like",
    "regexp",
    "not",
    "div",
    "between",
    "is",
    "collate",
    "sounds",
    "offset",
    "from",
    "as",
    "in",
];

/// Functions practically only seen in injection probes.
const SQLI_FUNCTIONS: &[&str] = &[
    "sleep",
    "benchmark",
    "pg_sleep",
    "extractvalue",
    "updatexml",
    "load_file",
    "randomblob",
    "generate_series",
    "make_set",
    "elt",
    "receive_message",
    "get_host_address",
    "drithsx",
    "xp_cmdshell",
    "group_concat",
    "json_keys",
    "gtid_subset",
    "exp",
    "geometrycollection",
    "multipoint",
    "polygon",
    "linestring",
    "utl_inaddr",
    "dbms_pipe",
    "sys_context",
    "char",
    "chr",
    "concat",
    "concat_ws",
    "ascii",
    "ord",
    "substring",
    "substr",
    "mid",
    "hex",
    "unhex",
    "version",
    "database",
    "user",
    "current_user",
    "system_user",
    "cast",
    "convert",
    "iif",
    "if",
    "ifnull",
    "isnull",
    "nullif",
    "count",
    "rand",
    "floor",
    "md5",
    "sha1",
    "length",
    "upper",
    "lower",
    "like",
    "regexp_substring",
    "dbms_utility",
    "ctxsys",
];

const SQLI_STRONG_FUNCTIONS: &[&str] = &[
    "sleep",
    "benchmark",
    "pg_sleep",
    "extractvalue",
    "updatexml",
    "load_file",
    "randomblob",
    "generate_series",
    "make_set",
    "elt",
    "receive_message",
    "get_host_address",
    "drithsx",
    "xp_cmdshell",
    "json_keys",
    "gtid_subset",
];

const SQLI_NAMES: &[&str] = &[
    "information_schema",
    "sysobjects",
    "syscolumns",
    "sqlite_master",
    "pg_catalog",
    "pg_user",
    "mysql.user",
    "all_tables",
    "dual",
    "xp_cmdshell",
    "sp_executesql",
    "sp_password",
];

const STACKED_VERBS: &[&str] = &[
    "select", "insert", "update", "delete", "drop", "create", "alter", "exec", "execute", "declare",
    "waitfor", "shutdown", "truncate", "begin", "call", "set",
];

fn is_sqli(s: &str, toks: &[Tok<'_>]) -> bool {
    let opens = toks.iter().filter(|t| matches!(t, Tok::Open)).count();
    let closes = toks.iter().filter(|t| matches!(t, Tok::Close)).count();
    let has_quote_or_close = closes > opens || toks.contains(&Tok::Quote);
    let mut weak_fn = false;
    for (i, t) in toks.iter().enumerate() {
        match *t {
            Tok::Quote | Tok::Close => {
                // Skip further closers, then look at what follows.
                let mut j = i + 1;
                while j < toks.len() && matches!(toks[j], Tok::Quote | Tok::Close) {
                    j += 1;
                }
                match toks.get(j) {
                    // `d'or` alone is a name, `'or 1=1` is not: need more after it.
                    Some(Tok::Word(w))
                        if SQL_CONTINUATIONS.contains(w)
                            && j + 1 < toks.len()
                            && (i > 0 || j > i + 1 || !matches!(t, Tok::Close)) =>
                    {
                        return true;
                    }
                    Some(Tok::Semi | Tok::Logic) if j + 1 < toks.len() => return true,
                    Some(Tok::Comment) => return true,
                    Some(Tok::Cmp)
                        if matches!(toks.get(j + 1), Some(Tok::Quote | Tok::Num | Tok::Word(_)))
                            && *t == Tok::Quote =>
                    {
                        return true;
                    }
                    _ => {}
                }
            }
            Tok::Word(w) => {
                if w == "union" {
                    let mut j = i + 1;
                    if matches!(word(toks.get(j)), Some("all" | "distinct")) {
                        j += 1;
                    }
                    while matches!(toks.get(j), Some(Tok::Open)) {
                        j += 1;
                    }
                    if word(toks.get(j)) == Some("select") {
                        return true;
                    }
                }
                if matches!(toks.get(i + 1), Some(Tok::Open)) {
                    if SQLI_STRONG_FUNCTIONS.contains(&w) {
                        return true;
                    }
                    if SQLI_FUNCTIONS.contains(&w) {
                        weak_fn = true;
                    }
                }
                if w == "waitfor" && matches!(word(toks.get(i + 1)), Some("delay" | "time")) {
                    return true;
                }
                if SQLI_NAMES.contains(&w) && toks.len() > 2 {
                    return true;
                }
                if matches!(w, "or" | "and" | "xor" | "where" | "having")
                    && i > 0
                    && logic_compare(toks, i + 1)
                {
                    return true;
                }
            }
            Tok::Logic if i > 0 && logic_compare(toks, i + 1) => return true,
            // A sub-query, or a comparison of two literals in parentheses: `(select …`,
            // `(3190=8783)*8783`.
            Tok::Open => {
                if word(toks.get(i + 1)) == Some("select") {
                    return true;
                }
                if matches!(toks.get(i + 1), Some(Tok::Num))
                    && matches!(toks.get(i + 2), Some(Tok::Cmp))
                    && matches!(toks.get(i + 3), Some(Tok::Num))
                    && matches!(toks.get(i + 4), Some(Tok::Close))
                {
                    return true;
                }
            }
            Tok::Semi => {
                if let Some(w) = word(toks.get(i + 1))
                    && STACKED_VERBS.contains(&w)
                    && toks.len() > i + 2
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    // `admin'--`, `1)#`: a comment at the very end after a closed literal; or an unbalanced
    // quote with a line comment anywhere (`-7424' abc-- xyz`).
    if has_quote_or_close && matches!(toks.last(), Some(Tok::Comment)) {
        return true;
    }
    let quotes = toks.iter().filter(|t| matches!(t, Tok::Quote)).count();
    if quotes % 2 == 1
        && toks.windows(3).any(|w| matches!(w, [Tok::Quote, Tok::Word(_), Tok::Comment]))
        && (s.contains("--") || s.contains('#'))
    {
        return true;
    }
    if weak_fn && (has_quote_or_close || toks.iter().any(|t| matches!(t, Tok::Logic | Tok::Comment))) {
        return true;
    }
    false
}

/// After a logical operator: a comparison of two literals (`1=1`, `'a'='a'`, `8571=8571`),
/// a bare truth value (`or 1`, `or true`) or a function call (`and sleep(5)`).
fn logic_compare(toks: &[Tok<'_>], mut j: usize) -> bool {
    while matches!(toks.get(j), Some(Tok::Open)) || word(toks.get(j)) == Some("not") {
        j += 1;
    }
    let lit = |k: usize| -> Option<usize> {
        match toks.get(k) {
            Some(Tok::Num) => Some(k + 1),
            Some(Tok::Word("true" | "false" | "null")) => Some(k + 1),
            Some(Tok::Quote) => {
                // 'abc' or "" : quote, optional word/num, quote.
                match toks.get(k + 1) {
                    Some(Tok::Quote) => Some(k + 2),
                    Some(Tok::Word(_) | Tok::Num) if matches!(toks.get(k + 2), Some(Tok::Quote) | None) => {
                        Some(k + 3)
                    }
                    _ => Some(k + 1),
                }
            }
            _ => None,
        }
    };
    if let Some(Tok::Word(w)) = toks.get(j)
        && matches!(toks.get(j + 1), Some(Tok::Open))
        && SQLI_FUNCTIONS.contains(w)
    {
        return true;
    }
    let Some(k) = lit(j) else { return false };
    match toks.get(k) {
        Some(Tok::Cmp) => {
            lit(k + 1).is_some()
                || matches!(toks.get(k + 1), Some(Tok::Open))
                || matches!(toks.get(k + 1), Some(Tok::Word(_))) && matches!(toks.get(k + 2), Some(Tok::Open))
        }
        Some(Tok::Word("like" | "rlike" | "regexp" | "between" | "in" | "is")) => true,
        None | Some(Tok::Comment) => matches!(toks.get(j), Some(Tok::Num | Tok::Word(_))),
        _ => false,
    }
}

const SQL_VERBS: &[&str] = &[
    "select", "insert", "update", "delete", "with", "replace", "create", "alter", "drop", "truncate", "show",
    "describe", "desc", "explain", "exec", "execute", "call", "merge", "grant", "revoke", "upsert",
];

fn is_sql_statement(toks: &[Tok<'_>]) -> bool {
    let mut i = 0;
    while matches!(toks.get(i), Some(Tok::Open)) {
        i += 1;
    }
    let Some(verb) = word(toks.get(i)) else { return false };
    if !SQL_VERBS.contains(&verb) {
        return false;
    }
    let words: Vec<&str> = toks[i..].iter().filter_map(|t| word(Some(t))).collect();
    let has = |w: &str| words.contains(&w);
    let nwords = words.len();
    let sym = |c: u8| toks.contains(&Tok::Other(c));
    match verb {
        "select" => {
            has("from")
                && (sym(b'*')
                    || sym(b',')
                    || toks.contains(&Tok::Open)
                    || toks.contains(&Tok::Cmp)
                    || ["where", "join", "limit", "order", "group", "top"].iter().any(|w| has(w))
                    || nwords <= 4)
        }
        "insert" | "replace" | "upsert" => has("into") && (has("values") || has("select") || has("set")),
        "update" => has("set") && toks.contains(&Tok::Cmp),
        "delete" => has("from"),
        "with" => has("as") && has("select"),
        "create" | "alter" | "drop" | "truncate" => words.get(1).is_some_and(|w| {
            matches!(
                *w,
                "table"
                    | "index"
                    | "view"
                    | "database"
                    | "schema"
                    | "procedure"
                    | "function"
                    | "trigger"
                    | "user"
                    | "unique"
                    | "temporary"
                    | "or"
                    | "if"
            )
        }),
        "show" => words.get(1).is_some_and(|w| {
            matches!(
                *w,
                "tables"
                    | "databases"
                    | "columns"
                    | "index"
                    | "grants"
                    | "variables"
                    | "status"
                    | "processlist"
                    | "create"
                    | "full"
            )
        }),
        "describe" | "desc" | "explain" => nwords == 2 || has("select"),
        "exec" | "execute" | "call" => {
            nwords >= 2
                && (words[1].starts_with("sp_") || words[1].starts_with("xp_") || toks.contains(&Tok::Open))
        }
        "merge" => has("into") && has("using"),
        "grant" | "revoke" => has("on") && (has("to") || has("from")),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// OS commands

/// Command names that are not ordinary words: one alone or with any argument is a command.
const COMMANDS_STRONG: &[&str] = &[
    "whoami",
    "uname",
    "ifconfig",
    "ipconfig",
    "netstat",
    "nslookup",
    "traceroute",
    "tracert",
    "wget",
    "curl",
    "nc",
    "ncat",
    "netcat",
    "bash",
    "sh",
    "zsh",
    "ksh",
    "csh",
    "tcsh",
    "dash",
    "powershell",
    "pwsh",
    "cmd",
    "chmod",
    "chown",
    "chgrp",
    "rm",
    "rmdir",
    "mkdir",
    "ls",
    "ps",
    "grep",
    "egrep",
    "fgrep",
    "awk",
    "gawk",
    "sed",
    "tar",
    "gzip",
    "gunzip",
    "unzip",
    "bzip2",
    "python",
    "python2",
    "python3",
    "perl",
    "php",
    "ruby",
    "nmap",
    "telnet",
    "ssh",
    "scp",
    "rsync",
    "crontab",
    "useradd",
    "usermod",
    "userdel",
    "sudo",
    "systemctl",
    "kubectl",
    "docker",
    "tasklist",
    "taskkill",
    "systeminfo",
    "wmic",
    "certutil",
    "bitsadmin",
    "xterm",
    "nohup",
    "ping",
    "cat",
    "id",
    "pwd",
    "dir",
    "uptime",
    "hostname",
    "lsof",
    "killall",
    "pkill",
    "iptables",
    "env",
    "printenv",
    "xargs",
    "base64",
    "dig",
    "host",
    "tftp",
    "ftp",
    "net",
    "reg",
    "sc",
    "schtasks",
    "vssadmin",
    "icacls",
    "attrib",
    "nproc",
    "lscpu",
    "df",
    "du",
    "free",
    "mount",
    "cp",
    "mv",
    "ln",
    "touch",
    "head",
    "tail",
    "less",
    "more",
    "sort",
    "find",
    "locate",
    "echo",
    "printf",
    "sleep",
    "kill",
    "type",
    "whois",
    "openssl",
    "java",
    "node",
    "busybox",
    "cut",
    "tr",
    "od",
    "xxd",
    "strings",
    "file",
    "stat",
    "chattr",
    "groups",
    "last",
    "w",
    "who",
    "history",
    "set",
    "export",
    "source",
    "exec",
    "eval",
    "true",
    "false",
    "timeout",
    "time",
    "date",
    "top",
];

/// Commands that are also everyday words or abbreviations: as a whole value they need an
/// option (`-x`), a path, an address or a pipe after them.
const COMMANDS_WORDY: &[&str] = &[
    "cat", "id", "dir", "host", "net", "reg", "sc", "df", "du", "free", "cp", "mv", "ln", "touch", "head",
    "tail", "less", "more", "sort", "find", "locate", "echo", "printf", "sleep", "kill", "type", "file",
    "stat", "last", "w", "who", "history", "set", "export", "source", "exec", "eval", "true", "false",
    "timeout", "time", "date", "top", "ping", "cut", "tr", "od", "strings", "groups", "java", "node",
    "python", "php", "ruby", "perl", "env", "mount", "dig", "ftp", "tftp", "cmd", "sh", "ls", "pwd", "ps",
    "hostname", "uptime", "ssh", "tar", "nc",
];

/// Commands that alone, without arguments, are still clearly commands.
const COMMANDS_ALONE: &[&str] =
    &["whoami", "ifconfig", "ipconfig", "uname", "netstat", "systeminfo", "tasklist"];

const BIN_PREFIXES: &[&str] = &[
    "/usr/local/bin/",
    "/usr/local/sbin/",
    "/usr/bin/",
    "/usr/sbin/",
    "/bin/",
    "/sbin/",
    "usr/bin/",
    "bin/",
    "c:\\windows\\system32\\",
    "c:/windows/system32/",
];

/// The command word at the start of `s` (after an optional bin directory), with the text
/// after it.
fn command_at(s: &str) -> Option<(&str, &str, bool)> {
    let mut s = s.trim_start_matches([' ', '\t', '\n', '\r', '+', '"', '\'', '(', '{']);
    let mut had_dir = false;
    for p in BIN_PREFIXES {
        if let Some(r) = s.strip_prefix(p) {
            s = r;
            had_dir = true;
            break;
        }
    }
    let n = s.bytes().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')).count();
    if n == 0 {
        return None;
    }
    let mut name = &s[..n];
    if let Some(stem) = name.strip_suffix(".exe") {
        name = stem;
    }
    let rest = &s[n..];
    if !rest.is_empty()
        && !rest.starts_with([
            ' ', '\t', '\n', '\r', '+', ';', '|', '&', '\'', '"', '`', ')', '<', '>', '$', '}', ',',
        ])
    {
        return None;
    }
    if COMMANDS_STRONG.contains(&name)
        || had_dir && name.bytes().all(|c| c.is_ascii_alphanumeric()) && name.len() >= 2
    {
        Some((name, rest, had_dir))
    } else {
        None
    }
}

/// True when an argument list looks like a command's: an option, a path, an address, a
/// pipe or a redirect.
fn command_args(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '+', '\t']);
    if rest.is_empty() {
        return false;
    }
    if rest.starts_with(['|', '>', '<', ';', '`']) || rest.starts_with("&&") || rest.starts_with("2>") {
        return true;
    }
    rest.split([' ', '+', '\t']).filter(|a| !a.is_empty()).take(6).any(|a| {
        let a = a.trim_matches(['"', '\'']);
        (a.starts_with('-') && a.len() >= 2 && a.as_bytes()[1].is_ascii_alphabetic())
            || (a.starts_with('/') && a.len() >= 2)
            || a.starts_with("./")
            || a.starts_with("~/")
            || a.starts_with("$")
            || a.as_bytes().get(1) == Some(&b':')
                && a.as_bytes().get(2).is_some_and(|c| *c == b'\\' || *c == b'/')
            || a.parse::<std::net::Ipv4Addr>().is_ok()
            || a == "localhost"
    })
}

fn is_os_command(s: &str) -> bool {
    let Some((name, rest, had_dir)) = command_at(s) else { return false };
    if had_dir {
        return true;
    }
    if rest.trim().is_empty() {
        return COMMANDS_ALONE.contains(&name);
    }
    if COMMANDS_WORDY.contains(&name) {
        return command_args(rest);
    }
    // A strong name followed by argument-looking text, not prose.
    command_args(rest) || rest.trim_start().split(' ').count() <= 3 && !rest.contains(['.', '?', '!'])
}

fn is_cmdi(s: &str) -> bool {
    let b = s.as_bytes();
    // Whole value is a back-quoted or `$( )` command.
    for (i, &c) in b.iter().enumerate() {
        let (after, weak) = match c {
            b';' | b'|' | b'`' | b'\n' => (&s[i + 1..], false),
            b'&' => (&s[i + 1..], true),
            b'$' if b.get(i + 1) == Some(&b'(') => (&s[i + 2..], false),
            _ => continue,
        };
        let after = after.trim_start_matches(['|', '&']);
        // A wordy name (`find`, `type`) needs arguments, or after a strong separator a short
        // injected tail: `a;b` inside prose (`see above; then`) is not enough.
        if let Some((name, rest, had_dir)) = command_at(after)
            && (had_dir || !COMMANDS_WORDY.contains(&name) || command_args(rest) || !weak && short_tail(rest))
        {
            return true;
        }
    }
    // PHP-style command execution helpers and SSI.
    for f in
        ["system(", "exec(", "passthru(", "shell_exec(", "popen(", "proc_open(", "pcntl_exec(", "<!--#exec"]
    {
        if let Some(p) = s.find(f)
            && (p == 0 || !s.as_bytes()[p - 1].is_ascii_alphanumeric())
        {
            return true;
        }
    }
    false
}

/// The text after a command is short and ends like an injected tail (`;`, `|`, quote, end).
fn short_tail(rest: &str) -> bool {
    let t = rest.trim();
    t.is_empty() || t.len() <= 24 && t.starts_with([';', '|', '&', '\'', '"', '`', ')', '#'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cases: &[(&str, bool)], f: impl Fn(&ValueFacts) -> bool, what: &str) {
        for (v, want) in cases {
            let got = f(&analyze(v));
            assert_eq!(got, *want, "{what} of {v:?}: {:?}", analyze(v));
        }
    }

    #[test]
    fn sql_statement_vs_injection() {
        check(
            &[
                ("select * from t where id=1", true),
                ("SELECT name, email FROM users WHERE age > 30 ORDER BY name", true),
                ("insert into logs (a,b) values (1,'x')", true),
                ("update users set name='bob' where id=3", true),
                ("delete from sessions where ts < 100", true),
                ("select id from t", true),
                ("1' OR '1'='1", false),
                ("select your favourite colour from the list below please", false),
                ("update my address", false),
                ("delete", false),
            ],
            |f| f.sql_statement,
            "statement",
        );
        check(
            &[
                ("1' OR '1'='1", true),
                ("admin'--", true),
                ("admin' #", true),
                ("1 and 1=1", true),
                ("1 or sleep(5)", true),
                ("-1 union all select null,null--", true),
                ("1;drop table users", true),
                ("1\" rlike (select * from (select(sleep(5)))vwyq)#", true),
                ("-8410'))) or 8571=8571--", true),
                ("1%') or 8514=benchmark(5000000,md5(0x544d5a4c))#", true),
                ("1 where 4319=4319 and 8635=(select count(*) from generate_series(1,5000000))--", true),
                ("x' AND extractvalue(1,concat(0x5c,version()))='x", true),
                ("1); waitfor delay '0:0:5'--", true),
                ("a RLIKE (SELECT (CASE WHEN (5551=5551) THEN 0x61 ELSE 0x28 END))", true),
                ("ELT(1121=1121,5391)", true),
                ("(3273=3273)*0x61", true),
                ("a AND 6915=UUID_TO_BIN(CONCAT(0x7162767071))", true),
                ("-7424' kjhmpMZlYf-- omoV", true),
                ("(see note 3)", false),
                ("I'm here -- call me", false),
                ("select * from t where id=1", false),
                ("O'Brien", false),
                ("d'Or", false),
                ("Tom and Jerry", false),
                ("rock & roll", false),
                ("c/ caridad s/n", false),
                ("size>=10 and color=red", false),
                ("l'hospitalet de llobregat", false),
                ("{\"a\": 1, \"b\": \"x\"}", false),
                ("It's 5 o'clock", false),
                ("count (3)", false),
            ],
            |f| f.sql_injection,
            "sqli",
        );
    }

    #[test]
    fn command_vs_injection() {
        check(
            &[
                ("ping -c 4 10.0.0.1", true),
                ("ls -la /tmp", true),
                ("cat /etc/hosts", true),
                ("whoami", true),
                ("/usr/bin/id", true),
                ("netstat -an | grep 80", true),
                ("cat food", false),
                ("find my order", false),
                ("date", false),
                ("free shipping", false),
                ("top sellers", false),
                ("type here", false),
                ("127.0.0.1; cat /etc/passwd", false),
            ],
            |f| f.os_command,
            "command",
        );
        check(
            &[
                ("127.0.0.1; cat /etc/passwd", true),
                ("| id", true),
                ("`id`", true),
                ("a);/usr/bin/id|", true),
                ("$(whoami)", true),
                ("& ping -n 30 127.0.0.1 &", true),
                ("x|nc 10.0.0.1 4444", true),
                (";system('cat /etc/passwd')", true),
                ("ping -c 4 10.0.0.1", false),
                ("Johnson & Johnson", false),
                ("salt & pepper; sugar", false),
                ("research & find", false),
                ("see above; then continue", false),
                ("A|B testing", false),
            ],
            |f| f.command_injection,
            "cmdi",
        );
    }

    #[test]
    fn xss_traversal_url_path() {
        check(
            &[
                ("<script>alert(1)</script>", true),
                ("<img src=x onerror=alert(1)>", true),
                ("<svg/onload=alert(1)>", true),
                ("\"><iframe src=//evil.example>", true),
                ("javascript:alert(document.cookie)", true),
                ("&lt;script&gt;alert(1)&lt;/script&gt;", true),
                ("%3Cscript%3Ealert(1)%3C%2Fscript%3E", true),
                ("\";alert('xss');//", true),
                ("<b>bold</b> text", false),
                ("<a href=\"https://example.com\">link</a>", false),
                ("a < b and c > d", false),
                ("the one-liner", false),
            ],
            |f| f.xss,
            "xss",
        );
        check(
            &[
                ("../../etc/passwd", true),
                ("..\\..\\windows\\win.ini", true),
                ("%2e%2e%2f%2e%2e%2fetc%2fpasswd", true),
                ("....//....//web-inf/web.xml", true),
                ("/..%c0%af../etc", true),
                ("/0x2e0x2e/0x2e0x2e/x", true),
                ("docs/report.pdf", false),
                ("version 1.2..3", false),
                ("wait...", false),
                ("/api/v1/users", false),
            ],
            |f| f.path_traversal,
            "traversal",
        );
        check(
            &[
                ("http://example.com/a", true),
                ("HTTPS://example.com", true),
                ("//cdn.example.com/x.js", true),
                ("gopher://127.0.0.1:70/_x", true),
                ("file:///etc/passwd", true),
                ("mailto:a@b.c", false),
                ("http:/broken", false),
                ("example.com", false),
                ("12:30", false),
            ],
            |f| f.url,
            "url",
        );
        check(
            &[
                ("/var/data/report.pdf", true),
                ("C:\\data\\x.txt", true),
                ("docs/a.pdf", true),
                ("../a.txt", true),
                ("report.pdf", false),
                ("a/b", false),
                ("http://x.example/a.pdf", false),
                ("hello world/today", false),
            ],
            |f| f.file_path,
            "file path",
        );
    }

    #[test]
    fn integer_ids() {
        assert_eq!(integer_id("42"), Some(42));
        assert_eq!(integer_id("0"), Some(0));
        assert_eq!(integer_id("007"), None);
        assert_eq!(integer_id("-1"), None);
        assert_eq!(integer_id("12a"), None);
        assert_eq!(integer_id(""), None);
        assert!(analyze("123456789").integer_id);
        assert!(!analyze("1234567890").integer_id);
        assert!(!analyze("6051283297189804").integer_id);
    }

    #[test]
    fn attack_family() {
        assert_eq!(attack("1' or '1'='1"), Some(Attack::Sqli));
        assert_eq!(attack("<script>alert(1)</script>"), Some(Attack::Xss));
        assert_eq!(attack("../../../etc/passwd"), Some(Attack::PathTraversal));
        assert_eq!(attack("; cat /etc/passwd"), Some(Attack::Cmdi));
        assert_eq!(attack("select * from t where id = 1"), None);
        assert_eq!(attack("calle toronja, 157"), None);
        assert_eq!(Attack::PathTraversal.as_str(), "path-traversal");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for v in
            ["%", "%%", "&#", "&#x;", "&#99999999999;", "<", "'", "\u{0}", "ä'or", "..", "/", "$(", "é&lt"]
        {
            let _ = analyze(v);
        }
        let long = "a'".repeat(10_000);
        let _ = analyze(&long);
        let multi = "é".repeat(3000);
        let _ = analyze(&format!("{multi}' or 1=1--"));
    }
}

//! The condition language: which match fields and operators each policy kind accepts, and
//! conditions compiled for fast evaluation.
//!
//! Input: a raw [`ConditionConfig`] plus the context it appears in (custom risk, custom
//! event, auth credential, business purpose, risk or event whitelist) and the names other
//! sections define. Output: a [`Condition`] whose value lists are hash sets, Aho-Corasick
//! automata or CIDR range tables, and whose evaluation against [`Facts`] allocates nothing.
//! All limits of the reference are checked here once: at most 50 values, integers 0–8192,
//! the operators of each field exactly. Matching is case-sensitive (header *names* are
//! looked up case-insensitively, as HTTP defines them).

use super::PolicyError;
use super::cidr::{CidrSet, parse_cidr};
use super::facts::{Facts, NameSource};
use super::model::{ConditionConfig, Field, Op, Scalar};
use crate::catalog::{ApiType, Purpose, SensitiveLevel, sensitive_type};
use crate::record::Scheme;
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashSet;
use std::collections::HashSet;

/// Most values in one condition's match content.
pub const MAX_VALUES: usize = 50;
/// Most conditions in one policy.
pub const MAX_CONDITIONS: usize = 10;
/// Largest integer a length / count condition accepts.
pub const MAX_INT: i64 = 8192;
/// Longest string value, in bytes.
pub const MAX_VALUE_BYTES: usize = 1024;
/// Longest header / cookie / parameter sub-name, in bytes.
pub const MAX_SUBNAME_BYTES: usize = 256;

/// The kind of policy a condition belongs to; it decides which fields and operators apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// A custom risk policy.
    Risk,
    /// A custom security-event policy's match conditions.
    Event,
    /// An authentication-credential policy.
    Auth,
    /// A custom business-purpose policy.
    Purpose,
    /// A risk whitelist.
    RiskWhitelist,
    /// A security-event whitelist.
    EventWhitelist,
}

use Op::*;
const TEXT4: &[Op] = &[ContainsAny, ContainsNone, EqualsAny, EqualsNone];
const EXACT: &[Op] = &[EqualsAny, EqualsNone];
const CONTAINS: &[Op] = &[ContainsAny, ContainsNone];
const NUMERIC: &[Op] = &[Eq, Lt, Gt];
const PARAM: &[Op] = &[Exists, NotExists, LengthEq, LengthLt, LengthGt, ContainsAny, ContainsNone];
const AUTH_PARAM: &[Op] = &[Exists, LengthEq, LengthLt, LengthGt];
const SENS_TYPES: &[Op] = &[ContainsAny, ContainsNone, CountGt];
const CIDR: &[Op] = &[InCidr, NotInCidr];
const NAMES: &[Op] = &[ContainsAny, EqualsAny];

/// The operators `field` accepts in `ctx`; empty when the field is not allowed there.
pub fn allowed_ops(ctx: Context, field: Field) -> &'static [Op] {
    use Field as F;
    match ctx {
        Context::Risk | Context::Event => match field {
            F::Domain | F::Api | F::UserAgent | F::Referer => TEXT4,
            F::Method | F::Status => EXACT,
            F::Protocol | F::Authenticated | F::Location => &[Eq],
            F::ReqContentType | F::RespContentType => CONTAINS,
            F::ReqLength | F::RespLength => NUMERIC,
            F::ReqHeader | F::Cookie | F::GetParam | F::PostParam | F::RespHeader | F::RespParam => PARAM,
            F::Purpose | F::ServiceObject => CONTAINS,
            F::ReqSensitiveTypes | F::RespSensitiveTypes => SENS_TYPES,
            F::ReqSensitiveLevels | F::RespSensitiveLevels => CONTAINS,
            F::RespSensitiveCount => &[CountGt],
            F::Ip => CIDR,
            F::Account if ctx == Context::Event => EXACT,
            _ => &[],
        },
        Context::Auth => match field {
            F::Domain | F::Api => TEXT4,
            F::ReqHeader | F::Cookie | F::GetParam | F::PostParam => AUTH_PARAM,
            _ => &[],
        },
        Context::Purpose => match field {
            F::Domain | F::Api => TEXT4,
            F::ReqHeaderNames | F::CookieNames | F::GetParamNames | F::PostParamNames | F::RespParamNames => {
                NAMES
            }
            F::ReqSensitiveTypes | F::RespSensitiveTypes => EXACT,
            _ => &[],
        },
        Context::RiskWhitelist => match field {
            F::Domain | F::Api => TEXT4,
            _ => &[],
        },
        Context::EventWhitelist => match field {
            F::Domain | F::Api | F::Account => TEXT4,
            F::Ip => CIDR,
            _ => &[],
        },
    }
}

/// Names defined elsewhere in the policy that conditions may refer to.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Custom business-purpose names.
    pub purposes: HashSet<String>,
    /// Custom sensitive type names → synthetic codes.
    pub sensitive: Vec<(String, u16, SensitiveLevel)>,
}

impl Names {
    fn sensitive_code(&self, v: &Scalar) -> Option<u16> {
        match v {
            Scalar::Int(n) => u16::try_from(*n).ok().filter(|c| self.code_known(*c)),
            Scalar::Str(s) => match s.parse::<u16>() {
                Ok(c) if self.code_known(c) => Some(c),
                _ => self.sensitive.iter().find(|(n, _, _)| n == s).map(|(_, c, _)| *c),
            },
            Scalar::Bool(_) => None,
        }
    }
    fn code_known(&self, c: u16) -> bool {
        sensitive_type(c).is_some() || self.sensitive.iter().any(|(_, code, _)| *code == c)
    }
    fn codes_of_levels(&self, levels: &[SensitiveLevel]) -> Vec<u16> {
        let mut v: Vec<u16> = crate::catalog::SENSITIVE_TYPES
            .iter()
            .filter(|t| levels.contains(&t.level))
            .map(|t| t.code)
            .chain(self.sensitive.iter().filter(|(_, _, l)| levels.contains(l)).map(|(_, c, _)| *c))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// A compiled string test.
#[derive(Clone, Debug)]
enum TextMatch {
    /// Contains at least one of the needles.
    Contains(AhoCorasick),
    /// Equals one of the strings.
    Equals(FxHashSet<Box<str>>),
}

impl TextMatch {
    fn is_match(&self, s: &str) -> bool {
        match self {
            TextMatch::Contains(ac) => ac.is_match(s),
            TextMatch::Equals(set) => set.contains(s),
        }
    }
}

/// `==`, `<` or `>` against a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    /// Less than.
    Lt,
    /// Equal.
    Eq,
    /// Greater than.
    Gt,
}

impl Cmp {
    /// Whether `actual <cmp> threshold` holds.
    pub fn holds(self, actual: u64, threshold: u64) -> bool {
        match self {
            Cmp::Lt => actual < threshold,
            Cmp::Eq => actual == threshold,
            Cmp::Gt => actual > threshold,
        }
    }
    fn of(op: Op) -> Option<Cmp> {
        match op {
            Op::Eq | Op::LengthEq => Some(Cmp::Eq),
            Op::Lt | Op::LengthLt => Some(Cmp::Lt),
            Op::Gt | Op::LengthGt | Op::CountGt => Some(Cmp::Gt),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextSrc {
    Domain,
    Api,
    Method,
    UserAgent,
    Referer,
    ReqContentType,
    RespContentType,
    Account,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParamSrc {
    ReqHeader,
    Cookie,
    GetParam,
    PostParam,
    RespHeader,
    RespParam,
}

#[derive(Clone, Debug)]
enum ParamTest {
    Exists(bool),
    Len(Cmp, u64),
    Text(TextMatch, bool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Req,
    Resp,
}

/// One compiled condition.
#[derive(Clone, Debug)]
pub struct Condition {
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    /// A string field; `negate` turns "any" into "none" (an absent field matches "none").
    Text {
        src: TextSrc,
        m: TextMatch,
        negate: bool,
    },
    Param {
        src: ParamSrc,
        name: Box<str>,
        test: ParamTest,
    },
    Length {
        resp: bool,
        cmp: Cmp,
        n: u64,
    },
    Status {
        set: Vec<u16>,
        negate: bool,
    },
    Protocol(Scheme),
    Purposes {
        set: FxHashSet<Box<str>>,
        negate: bool,
    },
    ServiceObjects {
        set: Vec<ApiType>,
        negate: bool,
    },
    Authenticated(bool),
    /// Sensitive codes (levels are compiled into the codes of those levels).
    SensitiveAny {
        side: Side,
        codes: Vec<u16>,
        negate: bool,
    },
    SensitiveTypesGt {
        side: Side,
        n: u64,
    },
    RespSensitiveCountGt {
        codes: Vec<u16>,
        n: u64,
    },
    Cn(bool),
    Ip {
        set: CidrSet,
        negate: bool,
    },
    Names {
        src: NameSource,
        m: TextMatch,
    },
}

fn has_code(sorted: &[u16], found: &[(u16, u32)]) -> bool {
    found.iter().any(|(c, _)| sorted.binary_search(c).is_ok())
}

impl Condition {
    /// Evaluates the condition against one exchange's facts.
    pub fn matches(&self, f: &dyn Facts) -> bool {
        match &self.kind {
            Kind::Text { src, m, negate } => {
                let v = match src {
                    TextSrc::Domain => Some(f.domain()),
                    TextSrc::Api => Some(f.api()),
                    TextSrc::Method => Some(f.method()),
                    TextSrc::UserAgent => f.user_agent(),
                    TextSrc::Referer => f.referer(),
                    TextSrc::ReqContentType => f.req_content_type(),
                    TextSrc::RespContentType => f.resp_content_type(),
                    TextSrc::Account => f.account(),
                };
                v.is_some_and(|v| m.is_match(v)) != *negate
            }
            Kind::Param { src, name, test } => {
                let v = match src {
                    ParamSrc::ReqHeader => f.req_header(name),
                    ParamSrc::Cookie => f.cookie(name),
                    ParamSrc::GetParam => f.get_param(name),
                    ParamSrc::PostParam => f.post_param(name),
                    ParamSrc::RespHeader => f.resp_header(name),
                    ParamSrc::RespParam => f.resp_param(name),
                };
                match test {
                    ParamTest::Exists(want) => v.is_some() == *want,
                    ParamTest::Len(cmp, n) => v.is_some_and(|v| cmp.holds(v.chars().count() as u64, *n)),
                    ParamTest::Text(m, negate) => v.is_some_and(|v| m.is_match(v)) != *negate,
                }
            }
            Kind::Length { resp, cmp, n } => {
                let len = if *resp { f.resp_length() } else { f.req_length() };
                len.is_some_and(|l| cmp.holds(l, *n))
            }
            Kind::Status { set, negate } => {
                f.status().is_some_and(|s| set.binary_search(&s).is_ok()) != *negate
            }
            Kind::Protocol(p) => f.protocol() == Some(*p),
            Kind::Purposes { set, negate } => {
                f.purposes().iter().any(|p| set.contains(p.as_str())) != *negate
            }
            Kind::ServiceObjects { set, negate } => {
                f.service_objects().iter().any(|t| set.contains(t)) != *negate
            }
            Kind::Authenticated(want) => f.authenticated() == *want,
            Kind::SensitiveAny { side, codes, negate } => {
                let found = if *side == Side::Req { f.req_sensitive() } else { f.resp_sensitive() };
                has_code(codes, found) != *negate
            }
            Kind::SensitiveTypesGt { side, n } => {
                let found = if *side == Side::Req { f.req_sensitive() } else { f.resp_sensitive() };
                found.iter().filter(|(_, c)| *c > 0).count() as u64 > *n
            }
            Kind::RespSensitiveCountGt { codes, n } => {
                let total: u64 = f
                    .resp_sensitive()
                    .iter()
                    .filter(|(c, _)| codes.binary_search(c).is_ok())
                    .map(|(_, k)| u64::from(*k))
                    .sum();
                total > *n
            }
            Kind::Cn(want) => f.is_cn() == Some(*want),
            Kind::Ip { set, negate } => set.contains(f.client_ip()) != *negate,
            Kind::Names { src, m } => f.any_name(*src, &mut |n| m.is_match(n)),
        }
    }
}

/// A compiled AND of conditions.
#[derive(Clone, Debug, Default)]
pub struct Conditions(Vec<Condition>);

impl Conditions {
    /// True when every condition holds (an empty list always holds).
    pub fn matches(&self, f: &dyn Facts) -> bool {
        self.0.iter().all(|c| c.matches(f))
    }
    /// Number of conditions.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn err(path: &str, message: impl Into<String>) -> PolicyError {
    PolicyError { path: path.to_string(), message: message.into() }
}

fn op_name(op: Op) -> String {
    serde_json::to_value(op).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn field_name(f: Field) -> String {
    serde_json::to_value(f).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn ctx_name(ctx: Context) -> &'static str {
    match ctx {
        Context::Risk => "custom risk policies",
        Context::Event => "custom event policies",
        Context::Auth => "authentication credential policies",
        Context::Purpose => "business purpose policies",
        Context::RiskWhitelist => "risk whitelists",
        Context::EventWhitelist => "event whitelists",
    }
}

/// Compiles a list of conditions (at most 10; at least `min` of them).
pub(crate) fn compile_all(
    list: &[ConditionConfig],
    ctx: Context,
    names: &Names,
    path: &str,
    min: usize,
) -> Result<Conditions, PolicyError> {
    if list.len() > MAX_CONDITIONS {
        return Err(err(path, format!("at most {MAX_CONDITIONS} conditions (got {})", list.len())));
    }
    if list.len() < min {
        return Err(err(path, format!("at least {min} condition required")));
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, c) in list.iter().enumerate() {
        out.push(compile(c, ctx, names, &format!("{path}[{i}]"))?);
    }
    Ok(Conditions(out))
}

fn strings<'a>(values: &'a [Scalar], path: &str, nonempty: bool) -> Result<Vec<&'a str>, PolicyError> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Scalar::Str(s) if s.len() > MAX_VALUE_BYTES => Err(err(
                &format!("{path}[{i}]"),
                format!("at most {MAX_VALUE_BYTES} bytes (got {})", s.len()),
            )),
            Scalar::Str(s) if nonempty && s.is_empty() => Err(err(
                &format!("{path}[{i}]"),
                "must not be empty (an empty text is contained in every value)",
            )),
            Scalar::Str(s) => Ok(s.as_str()),
            _ => Err(err(&format!("{path}[{i}]"), "must be a string")),
        })
        .collect()
}

fn text_match(op: Op, values: &[Scalar], path: &str) -> Result<(TextMatch, bool), PolicyError> {
    let contains = matches!(op, ContainsAny | ContainsNone);
    let vals = strings(values, path, contains)?;
    let m = if contains {
        let ac = AhoCorasick::new(&vals).map_err(|e| err(path, format!("cannot compile the values: {e}")))?;
        TextMatch::Contains(ac)
    } else {
        TextMatch::Equals(vals.iter().map(|s| Box::<str>::from(*s)).collect())
    };
    Ok((m, matches!(op, ContainsNone | EqualsNone)))
}

fn int(v: &Scalar, path: &str, lo: i64, hi: i64) -> Result<u64, PolicyError> {
    let n = match v {
        Scalar::Int(n) => *n,
        Scalar::Str(s) => {
            s.trim().parse::<i64>().map_err(|_| err(path, format!("must be an integer from {lo} to {hi}")))?
        }
        Scalar::Bool(_) => return Err(err(path, format!("must be an integer from {lo} to {hi}"))),
    };
    if n < lo || n > hi {
        return Err(err(path, format!("must be an integer from {lo} to {hi} (got {n})")));
    }
    Ok(n as u64)
}

fn level(v: &Scalar, path: &str) -> Result<SensitiveLevel, PolicyError> {
    match v {
        Scalar::Str(s) => SensitiveLevel::parse(s)
            .ok_or_else(|| err(path, format!("unknown sensitivity level `{s}` (S1 to S4)"))),
        _ => Err(err(path, "must be a sensitivity level S1 to S4")),
    }
}

/// Compiles one condition found at `path`.
pub(crate) fn compile(
    c: &ConditionConfig,
    ctx: Context,
    names: &Names,
    path: &str,
) -> Result<Condition, PolicyError> {
    use Field as F;
    let allowed = allowed_ops(ctx, c.field);
    if allowed.is_empty() {
        return Err(err(
            &format!("{path}.field"),
            format!("`{}` is not a match field of {}", field_name(c.field), ctx_name(ctx)),
        ));
    }
    if !allowed.contains(&c.op) {
        let list: Vec<String> = allowed.iter().map(|o| op_name(*o)).collect();
        return Err(err(
            &format!("{path}.op"),
            format!(
                "`{}` does not apply to `{}` here (allowed: {})",
                op_name(c.op),
                field_name(c.field),
                list.join(", ")
            ),
        ));
    }
    let vpath = format!("{path}.values");
    let spath = format!("{path}.value");
    let npath = format!("{path}.name");
    let needs_name = matches!(
        c.field,
        F::ReqHeader | F::Cookie | F::GetParam | F::PostParam | F::RespHeader | F::RespParam
    );
    match (&c.name, needs_name) {
        (None, true) => return Err(err(&npath, "required: the header / cookie / parameter name")),
        (Some(_), false) => return Err(err(&npath, format!("`{}` takes no sub-name", field_name(c.field)))),
        (Some(n), true) if n.is_empty() || n.len() > MAX_SUBNAME_BYTES || n.chars().any(char::is_control) => {
            return Err(err(
                &npath,
                format!("must be 1 to {MAX_SUBNAME_BYTES} bytes without control characters"),
            ));
        }
        _ => {}
    }
    let list_op = matches!(c.op, ContainsAny | ContainsNone | EqualsAny | EqualsNone | InCidr | NotInCidr);
    let wants_values = list_op || c.field == F::RespSensitiveCount;
    let wants_value = matches!(c.op, Eq | Lt | Gt | LengthEq | LengthLt | LengthGt | CountGt);
    if wants_values {
        if c.values.is_empty() {
            return Err(err(&vpath, "at least 1 value required"));
        }
        if c.values.len() > MAX_VALUES && c.field != F::Ip {
            return Err(err(&vpath, format!("at most {MAX_VALUES} values (got {})", c.values.len())));
        }
    } else if !c.values.is_empty() {
        return Err(err(&vpath, format!("`{}` takes no value list", op_name(c.op))));
    }
    let value = match (&c.value, wants_value) {
        (Some(v), true) => Some(v),
        (None, true) => return Err(err(&spath, format!("required by `{}`", op_name(c.op)))),
        (Some(_), false) => return Err(err(&spath, format!("`{}` takes no single value", op_name(c.op)))),
        (None, false) => None,
    };
    let negate = matches!(c.op, ContainsNone | EqualsNone | NotInCidr | NotExists);
    let kind = match c.field {
        F::Domain
        | F::Api
        | F::Method
        | F::UserAgent
        | F::Referer
        | F::ReqContentType
        | F::RespContentType
        | F::Account => {
            let src = match c.field {
                F::Domain => TextSrc::Domain,
                F::Api => TextSrc::Api,
                F::Method => TextSrc::Method,
                F::UserAgent => TextSrc::UserAgent,
                F::Referer => TextSrc::Referer,
                F::ReqContentType => TextSrc::ReqContentType,
                F::RespContentType => TextSrc::RespContentType,
                _ => TextSrc::Account,
            };
            let (m, negate) = text_match(c.op, &c.values, &vpath)?;
            Kind::Text { src, m, negate }
        }
        F::ReqHeader | F::Cookie | F::GetParam | F::PostParam | F::RespHeader | F::RespParam => {
            let src = match c.field {
                F::ReqHeader => ParamSrc::ReqHeader,
                F::Cookie => ParamSrc::Cookie,
                F::GetParam => ParamSrc::GetParam,
                F::PostParam => ParamSrc::PostParam,
                F::RespHeader => ParamSrc::RespHeader,
                _ => ParamSrc::RespParam,
            };
            let test = match c.op {
                Exists | NotExists => ParamTest::Exists(!negate),
                ContainsAny | ContainsNone => {
                    let (m, negate) = text_match(c.op, &c.values, &vpath)?;
                    ParamTest::Text(m, negate)
                }
                op => ParamTest::Len(
                    Cmp::of(op).unwrap_or(Cmp::Eq),
                    int(value.unwrap_or(&Scalar::Int(0)), &spath, 0, MAX_INT)?,
                ),
            };
            Kind::Param { src, name: c.name.as_deref().unwrap_or_default().into(), test }
        }
        F::ReqLength | F::RespLength => Kind::Length {
            resp: c.field == F::RespLength,
            cmp: Cmp::of(c.op).unwrap_or(Cmp::Eq),
            n: int(value.unwrap_or(&Scalar::Int(0)), &spath, 0, MAX_INT)?,
        },
        F::Status => {
            let mut set = Vec::with_capacity(c.values.len());
            for (i, v) in c.values.iter().enumerate() {
                set.push(int(v, &format!("{vpath}[{i}]"), 100, 600)? as u16);
            }
            set.sort_unstable();
            set.dedup();
            Kind::Status { set, negate }
        }
        F::Protocol => match value {
            Some(Scalar::Str(s)) if s.eq_ignore_ascii_case("http") => Kind::Protocol(Scheme::Http),
            Some(Scalar::Str(s)) if s.eq_ignore_ascii_case("https") => Kind::Protocol(Scheme::Https),
            _ => return Err(err(&spath, "must be `http` or `https`")),
        },
        F::Authenticated => match value {
            Some(Scalar::Bool(b)) => Kind::Authenticated(*b),
            Some(Scalar::Str(s)) if s == "YES" || s == "NO" => Kind::Authenticated(s == "YES"),
            _ => return Err(err(&spath, "must be true or false (or `YES` / `NO`)")),
        },
        F::Location => match value {
            Some(Scalar::Str(s)) if s == "CN" => Kind::Cn(true),
            Some(Scalar::Str(s)) if s == "NOT-CN" => Kind::Cn(false),
            _ => return Err(err(&spath, "must be `CN` or `NOT-CN`")),
        },
        F::Purpose => {
            let vals = strings(&c.values, &vpath, true)?;
            for (i, v) in vals.iter().enumerate() {
                if Purpose::parse(v).is_none() && !names.purposes.contains(*v) {
                    return Err(err(
                        &format!("{vpath}[{i}]"),
                        format!("unknown business purpose `{v}` (neither built-in nor a custom purpose)"),
                    ));
                }
            }
            Kind::Purposes { set: vals.into_iter().map(Box::from).collect(), negate }
        }
        F::ServiceObject => {
            let vals = strings(&c.values, &vpath, true)?;
            let mut set = Vec::new();
            for (i, v) in vals.iter().enumerate() {
                let t = ApiType::parse(v).ok_or_else(|| {
                    err(
                        &format!("{vpath}[{i}]"),
                        format!("unknown service object `{v}` (PublicAPI, ThirdpartAPI, InternalAPI)"),
                    )
                })?;
                set.push(t);
            }
            Kind::ServiceObjects { set, negate }
        }
        F::ReqSensitiveTypes | F::RespSensitiveTypes | F::ReqSensitiveLevels | F::RespSensitiveLevels => {
            let side = if matches!(c.field, F::ReqSensitiveTypes | F::ReqSensitiveLevels) {
                Side::Req
            } else {
                Side::Resp
            };
            if c.op == CountGt {
                Kind::SensitiveTypesGt { side, n: int(value.unwrap_or(&Scalar::Int(0)), &spath, 0, MAX_INT)? }
            } else {
                let codes = if matches!(c.field, F::ReqSensitiveLevels | F::RespSensitiveLevels) {
                    let mut levels = Vec::new();
                    for (i, v) in c.values.iter().enumerate() {
                        levels.push(level(v, &format!("{vpath}[{i}]"))?);
                    }
                    names.codes_of_levels(&levels)
                } else {
                    sensitive_codes(&c.values, names, &vpath)?
                };
                Kind::SensitiveAny { side, codes, negate }
            }
        }
        F::RespSensitiveCount => Kind::RespSensitiveCountGt {
            codes: sensitive_codes(&c.values, names, &vpath)?,
            n: int(value.unwrap_or(&Scalar::Int(0)), &spath, 0, MAX_INT)?,
        },
        F::Ip => {
            let mut blocks = Vec::new();
            for (i, v) in c.values.iter().enumerate() {
                let ipath = format!("{vpath}[{i}]");
                let Scalar::Str(s) = v else {
                    return Err(err(&ipath, "must be an IP address or CIDR block string"));
                };
                for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    blocks.push(parse_cidr(part).map_err(|m| err(&ipath, m))?);
                }
            }
            if blocks.len() > MAX_VALUES {
                return Err(err(&vpath, format!("at most {MAX_VALUES} values (got {})", blocks.len())));
            }
            if blocks.is_empty() {
                return Err(err(&vpath, "at least 1 value required"));
            }
            Kind::Ip { set: CidrSet::new(&blocks), negate }
        }
        F::ReqHeaderNames | F::CookieNames | F::GetParamNames | F::PostParamNames | F::RespParamNames => {
            let src = match c.field {
                F::ReqHeaderNames => NameSource::ReqHeader,
                F::CookieNames => NameSource::Cookie,
                F::GetParamNames => NameSource::GetParam,
                F::PostParamNames => NameSource::PostParam,
                _ => NameSource::RespParam,
            };
            let (m, _) = text_match(c.op, &c.values, &vpath)?;
            Kind::Names { src, m }
        }
    };
    Ok(Condition { kind })
}

/// Resolves sensitive type values (built-in codes, custom codes or custom names) to a sorted
/// code list.
pub(crate) fn sensitive_codes(
    values: &[Scalar],
    names: &Names,
    vpath: &str,
) -> Result<Vec<u16>, PolicyError> {
    let mut codes = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        let code = names.sensitive_code(v).ok_or_else(|| {
            err(
                &format!("{vpath}[{i}]"),
                format!(
                    "unknown sensitive data type {} (a code such as \"1004\" or a custom type's name)",
                    show(v)
                ),
            )
        })?;
        codes.push(code);
    }
    codes.sort_unstable();
    codes.dedup();
    Ok(codes)
}

fn show(v: &Scalar) -> String {
    match v {
        Scalar::Str(s) => format!("`{s}`"),
        Scalar::Int(n) => format!("`{n}`"),
        Scalar::Bool(b) => format!("`{b}`"),
    }
}

/// Resolves sensitivity level values for statistics conditions.
pub(crate) fn levels(values: &[Scalar], vpath: &str) -> Result<Vec<SensitiveLevel>, PolicyError> {
    let mut out = Vec::new();
    for (i, v) in values.iter().enumerate() {
        out.push(level(v, &format!("{vpath}[{i}]"))?);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

//! Generated scenarios for every built-in event: an attack that must raise it and a benign
//! look-alike (heavy but normal users, a NAT of many users, a nightly batch job) that must
//! not. [`CASES`] is the registry; a test checks it covers all 25 `Event_*` codes.

use super::detect::{Channel, CodeAttempt, EventEngine, EventInput, LoginAttempt};
use crate::catalog::{EventKind, Location};
use crate::facts::leaks::{DbEngine, Lang, Leaks, ServerInfo};
use crate::facts::login::LoginOutcome;
use crate::params::{Param, Params, ValueKind};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Midnight UTC, the start of "day 0" of every scenario.
const T0: f64 = 1_700_006_400.0;
const DAY: f64 = 86_400.0;
const HOUR: f64 = 3_600.0;

/// One generated record: an owned version of the facts in [`EventInput`].
#[derive(Clone, Debug)]
struct R {
    ts: f64,
    ip: String,
    country: &'static str,
    account: Option<String>,
    api: &'static str,
    path: String,
    ua: &'static str,
    status: u16,
    internal: bool,
    authed: bool,
    waf: bool,
    login: Option<(Option<String>, Option<String>, LoginOutcome)>,
    code: Option<(String, LoginOutcome, Channel)>,
    register: bool,
    sms: Option<String>,
    mail: Option<String>,
    export: bool,
    sens: Vec<(u16, u32)>,
    sens_vals: Vec<u32>,
    leaks: Leaks,
    args: Vec<(&'static str, String)>,
}

fn r(ts: f64, ip: impl Into<String>) -> R {
    R {
        ts,
        ip: ip.into(),
        country: "CN",
        account: None,
        api: "api-1",
        path: "/api/items".into(),
        ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
        status: 200,
        internal: false,
        authed: true,
        waf: false,
        login: None,
        code: None,
        register: false,
        sms: None,
        mail: None,
        export: false,
        sens: Vec::new(),
        sens_vals: Vec::new(),
        leaks: Leaks::default(),
        args: Vec::new(),
    }
}

/// Runs records through a fresh engine; returns the kinds raised.
fn run(recs: &[R]) -> BTreeSet<EventKind> {
    let mut eng = EventEngine::default();
    let mut kinds = BTreeSet::new();
    let mut out = Vec::new();
    for x in recs {
        let params = Params {
            items: x
                .args
                .iter()
                .map(|(n, v)| Param {
                    location: Location::RequestQuery,
                    name: Cow::Borrowed(*n),
                    value: Cow::Borrowed(v.as_str()),
                    kind: ValueKind::Text,
                    in_array: false,
                })
                .collect(),
            ..Params::default()
        };
        let ip = x.ip.parse().expect("ip");
        let mut inp = EventInput::new(x.ts, ip, x.api, "shop.example", x.api, "GET");
        inp.path = &x.path;
        inp.country = Some(x.country);
        inp.account = x.account.as_deref();
        inp.status = Some(x.status);
        inp.waf_blocked = x.waf;
        inp.user_agent = Some(x.ua);
        inp.internal = x.internal;
        inp.authenticated = x.authed;
        inp.login = x.login.as_ref().map(|(u, p, o)| LoginAttempt {
            username: u.as_deref(),
            password: p.as_deref(),
            outcome: *o,
        });
        inp.code = x.code.as_ref().map(|(c, o, ch)| CodeAttempt { code: c, outcome: *o, channel: *ch });
        inp.registration = x.register;
        inp.send_sms = x.sms.as_deref();
        inp.send_mail = x.mail.as_deref();
        inp.export = x.export;
        inp.resp_sensitive = &x.sens;
        inp.resp_sensitive_values = &x.sens_vals;
        inp.leaks = x.leaks;
        inp.params = Some(&params);
        eng.observe(&inp, &mut out);
        kinds.extend(out.drain(..).filter_map(|(_, h)| h.kind));
    }
    kinds
}

/// Three days of office-hours traffic (09:00–17:59 UTC) from ten internal hosts, plus a
/// nightly batch job at 02:00, on an API whose `id` parameter is an integer.
fn training(internal: bool) -> Vec<R> {
    let mut v = Vec::new();
    for day in 0..3 {
        for i in 0..300 {
            let mut x =
                r(T0 + day as f64 * DAY + 9.0 * HOUR + i as f64 * 100.0, format!("10.0.0.{}", i % 10));
            x.internal = internal;
            x.args = vec![("id", (1000 + i * 7).to_string())];
            v.push(x);
        }
        for i in 0..20 {
            let mut x = r(T0 + day as f64 * DAY + 2.0 * HOUR + i as f64 * 30.0, "10.0.0.200");
            x.internal = internal;
            x.ua = "python-requests/2.31.0";
            x.args = vec![("id", (5000 + i).to_string())];
            v.push(x);
        }
    }
    v
}

fn day4(h: f64) -> f64 {
    T0 + 3.0 * DAY + h * HOUR
}

fn trained_then(internal: bool, tail: Vec<R>) -> Vec<R> {
    let mut v = training(internal);
    v.extend(tail);
    v
}

fn one(ts: f64, ip: &str, f: impl FnOnce(&mut R)) -> R {
    let mut x = r(ts, ip);
    f(&mut x);
    x
}

fn many(n: usize, step: f64, f: impl Fn(usize, &mut R)) -> Vec<R> {
    (0..n)
        .map(|i| {
            let mut x = r(day4(11.0) + i as f64 * step, "203.0.113.7");
            f(i, &mut x);
            x
        })
        .collect()
}

fn login(u: &str, p: &str, o: LoginOutcome) -> Option<(Option<String>, Option<String>, LoginOutcome)> {
    Some((Some(u.into()), Some(p.into()), o))
}

/// A NAT: 200 employees behind one address logging in with their own passwords, 5 % typos.
fn nat_logins() -> Vec<R> {
    many(200, 3.0, |i, x| {
        let o = if i % 20 == 7 { LoginOutcome::Failure } else { LoginOutcome::Success };
        x.login = login(&format!("user{i}"), &format!("Own-Passw0rd-{i}"), o);
        x.authed = false;
    })
}

/// Attack and benign generators of one event type.
pub(crate) struct Case {
    kind: EventKind,
    attack: fn() -> Vec<R>,
    benign: fn() -> Vec<R>,
}

pub(crate) const CASES: &[Case] = &[
    Case {
        kind: EventKind::AbnormalFrequency,
        attack: || trained_then(false, many(200, 0.2, |_, _| {})),
        // Heavy but normal: the usual rate at the usual hour.
        benign: || trained_then(false, many(30, 100.0, |i, x| x.ip = format!("10.0.0.{}", i % 10))),
    },
    Case {
        kind: EventKind::ExceptionIpInvoke,
        attack: || trained_then(true, vec![one(day4(10.0), "10.0.0.99", |x| x.internal = true)]),
        benign: || trained_then(true, vec![one(day4(10.0), "10.0.0.3", |x| x.internal = true)]),
    },
    Case {
        kind: EventKind::ExceptionRegionInvoke,
        attack: || {
            trained_then(
                true,
                vec![one(day4(10.0), "10.0.0.3", |x| {
                    x.internal = true;
                    x.country = "US"
                })],
            )
        },
        benign: || trained_then(true, vec![one(day4(10.5), "10.0.0.4", |x| x.internal = true)]),
    },
    Case {
        kind: EventKind::ExceptionClientInvoke,
        attack: || trained_then(false, vec![one(day4(10.0), "10.0.0.3", |x| x.ua = "sqlmap/1.8.2#stable")]),
        // A newer browser build is the same client family.
        benign: || {
            trained_then(
                false,
                vec![one(day4(10.0), "10.0.0.3", |x| {
                    x.ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0"
                })],
            )
        },
    },
    Case {
        kind: EventKind::ExceptionTimeInvoke,
        attack: || trained_then(false, vec![one(day4(3.5), "10.0.0.3", |_| {})]),
        // The nightly batch job at 02:00 runs again.
        benign: || {
            trained_then(
                false,
                vec![one(day4(2.1), "10.0.0.200", |x| {
                    x.ua = "python-requests/2.31.0";
                    x.args = vec![("id", "5003".into())]
                })],
            )
        },
    },
    Case {
        kind: EventKind::AbnormalParamValue,
        attack: || {
            trained_then(
                false,
                vec![
                    one(day4(10.0), "10.0.0.3", |x| x.args = vec![("id", "1' OR '1'='1".into())]),
                    one(day4(10.01), "10.0.0.3", |x| x.args = vec![("id", "1 UNION SELECT user()".into())]),
                ],
            )
        },
        benign: || {
            trained_then(
                false,
                (0..20)
                    .map(|i| {
                        one(day4(10.0) + i as f64, "10.0.0.3", |x| {
                            x.args = vec![("id", format!("{}", 90000 + i))]
                        })
                    })
                    .collect(),
            )
        },
    },
    Case {
        kind: EventKind::InternalLoginWeakPasswd,
        attack: || {
            vec![one(T0, "10.1.2.3", |x| {
                x.internal = true;
                x.login = login("admin", "123456", LoginOutcome::Success)
            })]
        },
        benign: || {
            vec![one(T0, "10.1.2.3", |x| {
                x.internal = true;
                x.login = login("admin", "Tr0ub4dor&3-horse!", LoginOutcome::Success)
            })]
        },
    },
    Case {
        kind: EventKind::LoginAccountBruteForce,
        attack: || {
            many(30, 1.0, |i, x| x.login = login(&format!("user{i}"), "Winter2024!", LoginOutcome::Failure))
        },
        benign: nat_logins,
    },
    Case {
        kind: EventKind::LoginPasswdBruteForce,
        attack: || {
            many(30, 1.0, |i, x| x.login = login("alice", &format!("guess{i}"), LoginOutcome::Failure))
        },
        // Alice forgets her password: four tries, then success.
        benign: || {
            many(5, 20.0, |i, x| {
                let o = if i == 4 { LoginOutcome::Success } else { LoginOutcome::Failure };
                x.login = login("alice", &format!("maybe{i}"), o)
            })
        },
    },
    Case {
        kind: EventKind::LoginCollision,
        attack: || {
            many(40, 0.5, |i, x| {
                x.login =
                    login(&format!("victim{i}@mail.test"), &format!("leaked-{i}"), LoginOutcome::Failure)
            })
        },
        benign: nat_logins,
    },
    Case {
        kind: EventKind::MobileVerifyBruteForce,
        attack: || {
            many(30, 0.5, |i, x| x.code = Some(((1000 + i).to_string(), LoginOutcome::Failure, Channel::Sms)))
        },
        // 50 people behind one NAT verify their own codes; two mistype once.
        benign: || {
            many(50, 5.0, |i, x| {
                let o = if i % 25 == 3 { LoginOutcome::Failure } else { LoginOutcome::Success };
                x.code = Some(((3000 + i * 37).to_string(), o, Channel::Sms))
            })
        },
    },
    Case {
        kind: EventKind::MailVerifyBruteForce,
        attack: || {
            many(30, 0.5, |i, x| x.code = Some((format!("A{:04}", i), LoginOutcome::Failure, Channel::Mail)))
        },
        benign: || {
            many(50, 5.0, |i, x| {
                let o = if i % 25 == 3 { LoginOutcome::Failure } else { LoginOutcome::Success };
                x.code = Some(((3000 + i * 37).to_string(), o, Channel::Mail))
            })
        },
    },
    Case {
        kind: EventKind::AbnormalRegister,
        attack: || many(25, 10.0, |_, x| x.register = true),
        // A NAT where a few colleagues sign up during the same ten minutes.
        benign: || many(8, 70.0, |_, x| x.register = true),
    },
    Case {
        kind: EventKind::SmsInterfaceAbuse,
        attack: || many(6, 30.0, |_, x| x.sms = Some("13800138000".into())),
        // A NAT: 40 people each ask for one code to their own phone.
        benign: || many(40, 15.0, |i, x| x.sms = Some(format!("139{:08}", i))),
    },
    Case {
        kind: EventKind::EmailInterfaceAbuse,
        attack: || many(6, 30.0, |_, x| x.mail = Some("victim@mail.test".into())),
        benign: || many(40, 15.0, |i, x| x.mail = Some(format!("person{i}@corp.test"))),
    },
    Case {
        kind: EventKind::AbnormalExport,
        attack: || {
            many(35, 8.0, |_, x| {
                x.export = true;
                x.account = Some("bob".into())
            })
        },
        // A heavy user downloads ten reports.
        benign: || {
            many(10, 30.0, |_, x| {
                x.export = true;
                x.account = Some("bob".into())
            })
        },
    },
    Case {
        kind: EventKind::DataTraverse,
        attack: || many(30, 0.5, |i, x| x.path = format!("/api/orders/{}", i + 1)),
        // A heavy user opens 30 of their own orders, whose ids are scattered.
        benign: || many(30, 10.0, |i, x| x.path = format!("/api/orders/{}", 100_000 + i * 7919)),
    },
    Case {
        kind: EventKind::WebAttackApi,
        attack: || vec![one(T0, "203.0.113.9", |x| x.waf = true)],
        benign: || many(20, 1.0, |_, _| {}),
    },
    Case {
        kind: EventKind::ObtainSensitiveUnauthorized,
        attack: || {
            many(6, 5.0, |_, x| {
                x.authed = false;
                x.sens = vec![(1004, 3)]
            })
        },
        // The same data to a signed-in user.
        benign: || many(6, 5.0, |_, x| x.sens = vec![(1004, 3)]),
    },
    Case {
        kind: EventKind::ObtainSensitiveExcessive,
        attack: || {
            many(60, 20.0, |i, x| {
                x.account = Some("eve".into());
                x.sens = vec![(1004, 10)];
                x.sens_vals = (0..10).map(|j| crate::window::hash32(format!("p{i}-{j}").as_bytes())).collect()
            })
        },
        // A heavy user reloads their own profile 1,000 times: one phone number.
        benign: || {
            many(1000, 1.0, |_, x| {
                x.account = Some("carol".into());
                x.sens = vec![(1004, 1)];
                x.sens_vals = vec![crate::window::hash32(b"13800000000")]
            })
        },
    },
    Case {
        kind: EventKind::CrossborderIpSensitiveExcessive,
        attack: || {
            many(15, 20.0, |i, x| {
                x.country = "US";
                x.sens = vec![(1004, 10)];
                x.sens_vals = (0..10).map(|j| crate::window::hash32(format!("p{i}-{j}").as_bytes())).collect()
            })
        },
        // The same volume from inside CN stays under the domestic threshold.
        benign: || {
            many(15, 20.0, |i, x| {
                x.sens = vec![(1004, 10)];
                x.sens_vals = (0..10).map(|j| crate::window::hash32(format!("p{i}-{j}").as_bytes())).collect()
            })
        },
    },
    Case {
        kind: EventKind::ExceptionResponse,
        attack: || many(3, 5.0, |_, x| x.leaks = Leaks { stack_trace: Some(Lang::Java), ..Leaks::default() }),
        // One user hits a bug twice.
        benign: || {
            many(2, 60.0, |_, x| x.leaks = Leaks { stack_trace: Some(Lang::Java), ..Leaks::default() })
        },
    },
    Case {
        kind: EventKind::ExceptionSql,
        attack: || {
            many(5, 1.0, |_, x| x.leaks = Leaks { db_error: Some(DbEngine::MySql), ..Leaks::default() })
        },
        benign: || {
            many(2, 60.0, |_, x| x.leaks = Leaks { db_error: Some(DbEngine::MySql), ..Leaks::default() })
        },
    },
    Case {
        kind: EventKind::SystemInfoResponse,
        attack: || {
            vec![one(T0, "203.0.113.9", |x| {
                x.leaks = Leaks { server_info: Some(ServerInfo::PasswdFile), ..Leaks::default() }
            })]
        },
        benign: || {
            many(2, 60.0, |_, x| {
                x.leaks = Leaks { server_info: Some(ServerInfo::ServerPath), ..Leaks::default() }
            })
        },
    },
    Case {
        kind: EventKind::AbnormalStatus,
        attack: || many(25, 2.0, |i, x| x.status = if i == 3 { 200 } else { 503 }),
        // A busy client sees the odd 500 among normal answers.
        benign: || many(60, 2.0, |i, x| x.status = if i % 8 == 0 { 500 } else { 200 }),
    },
];

#[test]
fn every_event_code_has_an_attack_and_a_benign_case() {
    let covered: BTreeSet<EventKind> = CASES.iter().map(|c| c.kind).collect();
    let all: BTreeSet<EventKind> = EventKind::ALL.iter().copied().collect();
    assert_eq!(covered, all, "cases missing for some Event_* codes");
    assert_eq!(CASES.len(), 25, "one case per code");
}

#[test]
fn attacks_raise_their_event() {
    let missed: Vec<&str> =
        CASES.iter().filter(|c| !run(&(c.attack)()).contains(&c.kind)).map(|c| c.kind.as_str()).collect();
    assert!(missed.is_empty(), "attacks not detected: {missed:?}");
}

#[test]
fn benign_look_alikes_stay_quiet() {
    let noisy: Vec<(&str, BTreeSet<EventKind>)> = CASES
        .iter()
        .filter_map(|c| {
            let got = run(&(c.benign)());
            got.contains(&c.kind).then(|| (c.kind.as_str(), got))
        })
        .collect();
    assert!(noisy.is_empty(), "benign traffic raised: {noisy:?}");
}

#[test]
fn training_alone_raises_nothing() {
    assert!(run(&training(true)).is_empty());
    assert!(run(&training(false)).is_empty());
}

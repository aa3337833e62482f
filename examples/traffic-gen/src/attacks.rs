//! Attack traffic: each attack is a burst of a few minutes from its own addresses, once a
//! day at a fixed UTC time (plus a seeded delay of up to 15 minutes).
//!
//! Input: the [`World`] and the schedule in [`PLAN`]. Output: records in `ts` order, one
//! source per (attack, day). What each attack does, from which address, is listed in
//! `examples/README.md`; detectors are meant to find these by behaviour and content, never
//! by the addresses.

use crate::benign::{mask_id, pdf_response, person_row, profile_json};
use crate::json::Json;
use crate::obj;
use crate::pii::{self, Person};
use crate::rec::{Rec, urlencode};
use crate::rng::Rng;
use crate::world::{ADMIN, FIRST_UID, PARTNER, PASSPORT, SHOP, USERS, WEAK_PASSWORDS, World};

/// The attacks in the generated traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// sqlmap probing a search API (MySQL errors) and a partner API (PostgreSQL errors).
    SqlInjection,
    /// SQL injection and XSS attempts that the WAF blocks (`waf_action: block`).
    WafBlocked,
    /// One account, many passwords, on the login API; the last try succeeds.
    BruteForce,
    /// Leaked username/password pairs: many accounts, one or two tries each, three IPs.
    CredentialStuffing,
    /// One password tried against many usernames.
    PasswordSpray,
    /// A logged-in script walking sequential user ids on the profile API.
    Crawl,
    /// Verification-code SMS sent to many phone numbers.
    SmsBomb,
    /// Every six-digit code tried for one phone number.
    SmsCodeBrute,
    /// Verification e-mails sent to many addresses.
    EmailBomb,
    /// Scripted sign-ups with new phone numbers and one weak password.
    BatchRegister,
    /// The internal admin API's user list fetched from the internet without credentials.
    AdminExposure,
    /// The partner member list (ID numbers) paged through without credentials from abroad.
    BulkIdNumbers,
    /// A scanner looking for well-known files (404s) and a path-traversal download.
    Scanner,
    /// Many invoice files downloaded with one stolen session.
    BatchDownload,
}

/// One row of the schedule.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    /// What the attack does.
    pub kind: Kind,
    /// Start, minutes after midnight UTC.
    pub minute_of_day: u64,
    /// Requests per day.
    pub requests: u64,
    /// Mean gap between requests, milliseconds.
    pub step_ms: u64,
    /// Source addresses (used in turn).
    pub ips: &'static [&'static str],
    /// Gateway geo lookup of those addresses.
    pub country: &'static str,
}

/// The daily schedule.
pub const PLAN: &[Plan] = &[
    Plan {
        kind: Kind::SqlInjection,
        minute_of_day: 70,
        requests: 50,
        step_ms: 3000,
        ips: &["192.0.2.66"],
        country: "NL",
    },
    Plan {
        kind: Kind::WafBlocked,
        minute_of_day: 100,
        requests: 30,
        step_ms: 4000,
        ips: &["192.0.2.77"],
        country: "DE",
    },
    Plan {
        kind: Kind::BruteForce,
        minute_of_day: 133,
        requests: 100,
        step_ms: 2000,
        ips: &["203.0.113.10"],
        country: "RU",
    },
    Plan {
        kind: Kind::CredentialStuffing,
        minute_of_day: 185,
        requests: 120,
        step_ms: 1500,
        ips: &["203.0.113.21", "203.0.113.22", "203.0.113.23"],
        country: "US",
    },
    Plan {
        kind: Kind::PasswordSpray,
        minute_of_day: 260,
        requests: 60,
        step_ms: 2500,
        ips: &["203.0.113.30"],
        country: "BR",
    },
    Plan {
        kind: Kind::Crawl,
        minute_of_day: 570,
        requests: 150,
        step_ms: 1000,
        ips: &["198.51.100.7"],
        country: "CN",
    },
    Plan {
        kind: Kind::SmsBomb,
        minute_of_day: 660,
        requests: 120,
        step_ms: 1200,
        ips: &["198.51.100.44"],
        country: "CN",
    },
    Plan {
        kind: Kind::SmsCodeBrute,
        minute_of_day: 700,
        requests: 80,
        step_ms: 1500,
        ips: &["198.51.100.61"],
        country: "CN",
    },
    Plan {
        kind: Kind::EmailBomb,
        minute_of_day: 750,
        requests: 40,
        step_ms: 2000,
        ips: &["198.51.100.52"],
        country: "CN",
    },
    Plan {
        kind: Kind::BatchRegister,
        minute_of_day: 795,
        requests: 60,
        step_ms: 5000,
        ips: &["198.51.100.60"],
        country: "CN",
    },
    Plan {
        kind: Kind::AdminExposure,
        minute_of_day: 920,
        requests: 20,
        step_ms: 6000,
        ips: &["203.0.113.99"],
        country: "US",
    },
    Plan {
        kind: Kind::BulkIdNumbers,
        minute_of_day: 1005,
        requests: 15,
        step_ms: 8000,
        ips: &["198.51.100.88"],
        country: "US",
    },
    Plan {
        kind: Kind::Scanner,
        minute_of_day: 1085,
        requests: 60,
        step_ms: 700,
        ips: &["192.0.2.45"],
        country: "SG",
    },
    Plan {
        kind: Kind::BatchDownload,
        minute_of_day: 1230,
        requests: 60,
        step_ms: 1500,
        ips: &["198.51.100.80"],
        country: "CN",
    },
];

/// Records all attacks add per day.
pub fn requests_per_day() -> u64 {
    PLAN.iter().map(|p| p.requests).sum()
}

const SQLI_PAYLOADS: &[&str] = &[
    "1'",
    "1' AND 1=1-- -",
    "1' AND 1=2-- -",
    "1' ORDER BY 10-- -",
    "1' UNION ALL SELECT NULL,NULL,NULL-- -",
    "1' AND SLEEP(5)-- -",
    "1\" AND 5412=5412-- -",
    "1) AND (SELECT 4235 FROM (SELECT(SLEEP(5)))a)-- -",
    "1' AND EXTRACTVALUE(1,CONCAT(0x7e,(SELECT version())))-- -",
    "1'||(SELECT 'a' FROM DUAL)||'",
    "1 AND 3812=3812",
    "1';SELECT pg_sleep(5)--",
    "-1 UNION SELECT username,password,3 FROM users-- -",
    "1' AND (SELECT COUNT(*) FROM information_schema.tables)>0-- -",
];

const XSS_PAYLOADS: &[&str] = &[
    "<script>alert(document.cookie)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "<svg/onload=confirm(1)>",
];

const SCAN_PATHS: &[&str] = &[
    "/.env",
    "/.git/config",
    "/wp-login.php",
    "/phpmyadmin/index.php",
    "/actuator/env",
    "/admin.php",
    "/config.json",
    "/server-status",
    "/backup.zip",
    "/console/",
    "/solr/admin/info/system",
    "/.DS_Store",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/cgi-bin/luci",
    "/manager/html",
    "/xmlrpc.php",
    "/v2/api-docs",
    "/HNAP1/",
    "/.aws/credentials",
    "/web.config",
];

const PASSWD_FILE: &str = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nmysql:x:106:112:MySQL Server,,,:/nonexistent:/bin/false\nshop:x:1000:1000:shop,,,:/home/shop:/bin/bash\n";

/// One attack on one day.
#[derive(Debug)]
pub struct Attack {
    plan: Plan,
    rng: Rng,
    start_ms: u64,
    i: u64,
    /// The targeted user (brute force, code brute force) or the user whose session is stolen.
    victim: usize,
    /// First user id the crawler asks for / first code tried.
    first: u64,
}

impl Attack {
    /// The attack of `plan` on day `day` of a run that starts at `run_start_ms`.
    pub fn new(seed: u64, index: usize, day: u64, run_start_ms: u64, plan: Plan) -> Attack {
        let mut rng = Rng::new(seed, 1000 + day * 64 + index as u64);
        let start_ms = run_start_ms + day * 86_400_000 + plan.minute_of_day * 60_000 + rng.below(15 * 60_000);
        let victim = rng.index(USERS as usize);
        let first = rng.range(0, 100);
        Attack { plan, rng, start_ms, i: 0, victim, first }
    }

    /// The next record of this attack, or `None` when it is over.
    pub fn next(&mut self, world: &World) -> Option<Rec> {
        if self.i >= self.plan.requests {
            return None;
        }
        let i = self.i;
        self.i += 1;
        let ts_ms = self.start_ms + i * self.plan.step_ms + self.rng.below(self.plan.step_ms / 2);
        let ip = self.plan.ips[(i as usize) % self.plan.ips.len()];
        let mut r = self.build(world, i, ip);
        r.ts_ms = ts_ms;
        r.src_country = Some(self.plan.country);
        r.trace_id = self.rng.hex(32);
        Some(r)
    }

    fn build(&mut self, world: &World, i: u64, ip: &str) -> Rec {
        let last = i + 1 == self.plan.requests;
        let rng = &mut self.rng;
        match self.plan.kind {
            Kind::SqlInjection => {
                let payload = SQLI_PAYLOADS[(i as usize / 2) % SQLI_PAYLOADS.len()];
                let ua = "sqlmap/1.7.2#stable (https://sqlmap.org)";
                let breaks = payload.contains('\'') || payload.contains('"');
                if i.is_multiple_of(2) {
                    let mut r = Rec::new(ip, SHOP, "GET", "/api/v1/search");
                    r.query = Some(format!("q={}&page=1", urlencode(payload)));
                    script_headers(&mut r, ua);
                    if breaks {
                        let msg = format!(
                            "\n### Error querying database.  Cause: java.sql.SQLSyntaxErrorException: You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{}%') LIMIT 0, 10' at line 1\n### The error may exist in com/shop/product/mapper/ProductMapper.xml\n### SQL: SELECT id, name, price FROM product WHERE name LIKE CONCAT('%', '{}', '%') LIMIT 0, 10",
                            payload, payload
                        );
                        r.json_response(
                            500,
                            &obj![
                                ("status", 500),
                                ("error", "Internal Server Error"),
                                ("message", msg),
                                ("path", "/api/v1/search")
                            ],
                        );
                    } else {
                        r.json_response(
                            200,
                            &obj![
                                ("code", 0),
                                ("msg", "success"),
                                ("data", obj![("total", 0), ("items", Vec::<Json>::new())])
                            ],
                        );
                    }
                    r
                } else {
                    let mut r = Rec::new(ip, PARTNER, "GET", "/open/v2/merchants");
                    r.query = Some(format!("name={}", urlencode(payload)));
                    script_headers(&mut r, ua);
                    if breaks {
                        let body = format!(
                            "Traceback (most recent call last):\n  File \"/srv/open/app/views/merchant.py\", line 88, in search\n    cur.execute(sql)\npsycopg2.errors.SyntaxError: unterminated quoted string at or near \"'\"\nLINE 1: SELECT id, name, credit_code FROM merchants WHERE name = '{}' LIMIT 20\n                                                                  ^\n",
                            payload
                        );
                        r.respond(500, "text/plain; charset=utf-8", body);
                    } else {
                        r.json_response(200, &obj![("code", 0), ("data", Vec::<Json>::new())]);
                    }
                    r
                }
            }
            Kind::WafBlocked => {
                let ua = if i.is_multiple_of(2) { "curl/8.4.0" } else { world_browser() };
                let xss = i % 5 == 4;
                let mut r = if xss {
                    let mut r = Rec::new(ip, SHOP, "GET", "/api/v1/search");
                    r.query = Some(format!("q={}", urlencode(XSS_PAYLOADS[i as usize % XSS_PAYLOADS.len()])));
                    r
                } else if i.is_multiple_of(3) {
                    let mut r = Rec::new(ip, PASSPORT, "POST", "/api/auth/login");
                    let payload = SQLI_PAYLOADS[i as usize % SQLI_PAYLOADS.len()];
                    r.json_body(&obj![("username", format!("admin{payload}")), ("password", "x")]);
                    r.req("Content-Type", "application/json");
                    r
                } else {
                    let mut r = Rec::new(ip, SHOP, "GET", "/api/v1/products");
                    let payload = SQLI_PAYLOADS[i as usize % SQLI_PAYLOADS.len()];
                    r.query = Some(format!("id={}", urlencode(payload)));
                    r
                };
                r.req("User-Agent", ua);
                r.req("Accept", "*/*");
                r.respond(
                    405,
                    "text/html",
                    "<html><head><title>405</title></head><body><h1>Request blocked</h1><p>Your request looks like an attack and was blocked by the web application firewall.</p></body></html>".into(),
                );
                r.waf = Some(("block", if xss { "xss" } else { "sqli" }));
                r
            }
            Kind::BruteForce => {
                let u = &world.users[self.victim];
                let password = if last { u.password.clone() } else { brute_password(&u.person, i as usize) };
                let mut r = Rec::new(ip, PASSPORT, "POST", "/api/auth/login");
                script_headers(&mut r, "python-requests/2.31.0");
                r.req("Content-Type", "application/json");
                r.json_body(&obj![("username", &u.person.username), ("password", password)]);
                if last {
                    login_ok(&mut r, u.person.uid, &u.token, &u.session);
                } else {
                    r.json_response(401, &obj![("code", 40101), ("msg", "incorrect password")]);
                }
                r
            }
            Kind::CredentialStuffing => {
                // Accounts change every one or two tries: a leaked combo list.
                let k = i * 2 / 3;
                let mut arng = Rng::new(world.seed, (1 << 41) + k);
                let real = arng.percent(25);
                let (login_name, real_user) = if real {
                    let u = &world.users[arng.index(world.users.len())];
                    (
                        if arng.percent(50) { u.person.email.clone() } else { u.person.username.clone() },
                        Some(u),
                    )
                } else {
                    let p = Person::new(&mut arng, 500_000 + k);
                    (if arng.percent(50) { p.email } else { p.username }, None)
                };
                let success = real_user.is_some() && arng.percent(20) && i % 3 != 1;
                let password = match (success, real_user) {
                    (true, Some(u)) => u.password.clone(),
                    _ => {
                        if arng.percent(60) {
                            arng.pick(WEAK_PASSWORDS).to_string()
                        } else {
                            format!("{}{}", arng.chars(b"abcdefghijklmnopqrstuvwxyz", 6), arng.digits(4))
                        }
                    }
                };
                let mut r = Rec::new(ip, PASSPORT, "POST", "/api/auth/login");
                r.req("User-Agent", world_browser());
                r.req("Accept", "application/json, text/plain, */*");
                r.req("Content-Type", "application/json;charset=UTF-8");
                r.json_body(&obj![("username", login_name), ("password", password), ("remember", true)]);
                match real_user {
                    Some(u) if success => login_ok(&mut r, u.person.uid, &u.token, &u.session),
                    Some(_) => r.json_response(401, &obj![("code", 40101), ("msg", "incorrect password")]),
                    None => r.json_response(401, &obj![("code", 40102), ("msg", "user does not exist")]),
                }
                r
            }
            Kind::PasswordSpray => {
                let u = &world.users[(self.victim + i as usize * 7) % world.users.len()];
                let password = "Aa123456";
                let mut r = Rec::new(ip, PASSPORT, "POST", "/api/auth/login");
                script_headers(&mut r, "python-requests/2.31.0");
                r.req("Content-Type", "application/json");
                r.json_body(&obj![("username", &u.person.username), ("password", password)]);
                if u.password == password {
                    login_ok(&mut r, u.person.uid, &u.token, &u.session);
                } else {
                    r.json_response(401, &obj![("code", 40101), ("msg", "incorrect password")]);
                }
                r
            }
            Kind::Crawl => {
                let thief = &world.users[self.victim];
                let uid = FIRST_UID + self.first + i;
                let mut r = Rec::new(ip, SHOP, "GET", format!("/api/v1/users/{uid}/profile"));
                script_headers(&mut r, "python-requests/2.28.1");
                r.req("Authorization", &format!("Bearer {}", thief.token));
                r.account = Some(thief.person.username.clone());
                r.json_response(
                    200,
                    &obj![("code", 0), ("msg", "success"), ("data", profile_json(&world.person(uid), true))],
                );
                r
            }
            Kind::SmsBomb => {
                let mut r = Rec::new(ip, PASSPORT, "POST", "/api/sms/send-code");
                script_headers(&mut r, "okhttp/3.12.1");
                r.req("Content-Type", "application/json");
                r.json_body(&obj![("phone", pii::mobile(rng)), ("scene", "register"), ("captcha", "")]);
                if i * 5 >= self.plan.requests * 4 {
                    r.json_response(429, &obj![("code", 42900), ("msg", "too many requests")]);
                } else {
                    r.json_response(
                        200,
                        &obj![("code", 0), ("msg", "success"), ("data", obj![("expire", 300)])],
                    );
                }
                r
            }
            Kind::SmsCodeBrute => {
                let u = &world.users[self.victim];
                let mut r = Rec::new(ip, PASSPORT, "POST", "/api/sms/verify-code");
                script_headers(&mut r, "python-requests/2.31.0");
                r.req("Content-Type", "application/json");
                let code = format!("{:06}", self.first * 1000 + i);
                r.json_body(&obj![("phone", &u.person.phone), ("code", code)]);
                if last {
                    r.json_response(
                        200,
                        &obj![("code", 0), ("msg", "success"), ("data", obj![("ticket", rng.hex(24))])],
                    );
                } else {
                    r.json_response(400, &obj![("code", 40103), ("msg", "invalid verification code")]);
                }
                r
            }
            Kind::EmailBomb => {
                let p = Person::new(rng, 400_000 + i);
                let mut r = Rec::new(ip, PASSPORT, "POST", "/api/email/send-code");
                script_headers(&mut r, "python-requests/2.31.0");
                r.req("Content-Type", "application/json");
                r.json_body(&obj![("email", &p.email), ("scene", "register")]);
                r.json_response(200, &obj![("code", 0), ("msg", "success"), ("data", obj![("expire", 600)])]);
                r
            }
            Kind::BatchRegister => {
                let p = Person::new(rng, 300_000 + i);
                let username = format!("u{}", rng.chars(b"abcdefghijklmnopqrstuvwxyz0123456789", 8));
                let mut r = Rec::new(ip, PASSPORT, "POST", "/api/auth/register");
                script_headers(&mut r, "python-requests/2.31.0");
                r.req("Content-Type", "application/json");
                r.json_body(&obj![
                    ("username", &username),
                    ("password", "Aa123456"),
                    ("phone", &p.phone),
                    ("email", format!("{username}@mail.example.cn")),
                    ("sms_code", rng.digits(6)),
                    ("invite_code", "X9K2QW")
                ]);
                r.json_response(
                    200,
                    &obj![("code", 0), ("msg", "success"), ("data", obj![("uid", 700_000 + i)])],
                );
                r
            }
            Kind::AdminExposure => {
                let mut r = if i == 0 {
                    let mut r = Rec::new(ip, ADMIN, "GET", "/admin/api/system/config");
                    r.json_response(
                        200,
                        &obj![("code", 0), ("msg", "success"), ("data", obj![
                            ("datasource", "jdbc:mysql://10.20.8.15:3306/shop?user=shop_rw&password=Sh0p!2024&useSSL=false"),
                            ("redis", "10.20.8.21:6379"),
                            ("mq", "amqp://10.20.8.30:5672"),
                            ("version", "2.14.3")
                        ])],
                    );
                    r
                } else {
                    let mut r = Rec::new(ip, ADMIN, "GET", "/admin/api/users");
                    r.query = Some(format!("page={i}&size=20"));
                    let rows: Vec<Json> = (0..20)
                        .map(|k| person_row(&world.person(FIRST_UID + ((i - 1) * 20 + k) % USERS)))
                        .collect();
                    r.json_response(
                        200,
                        &obj![
                            ("code", 0),
                            ("msg", "success"),
                            ("data", obj![("total", USERS), ("list", rows)])
                        ],
                    );
                    r
                };
                let headers = std::mem::take(&mut r.req_headers);
                script_headers(&mut r, "curl/7.88.1");
                r.req_headers.extend(headers);
                r
            }
            Kind::BulkIdNumbers => {
                let mut r = Rec::new(ip, PARTNER, "GET", "/open/v2/members");
                r.query = Some(format!("page={}&page_size=40", i + 1));
                script_headers(&mut r, "Go-http-client/1.1");
                let rows: Vec<Json> = (0..40)
                    .map(|k| {
                        let p = world.person(FIRST_UID + (i * 40 + k) % USERS);
                        obj![
                            ("name", &p.name),
                            ("idNo", &p.id_card),
                            ("mobile", &p.phone),
                            ("gender", p.gender)
                        ]
                    })
                    .collect();
                r.json_response(200, &obj![("code", 0), ("data", obj![("page", i + 1), ("members", rows)])]);
                r
            }
            Kind::Scanner => {
                let ua = if i.is_multiple_of(2) {
                    "Mozilla/5.0 zgrab/0.x"
                } else {
                    "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000562)"
                };
                if i % 20 == 19 {
                    let mut r = Rec::new(ip, SHOP, "GET", "/api/v1/files/download");
                    r.query = Some("path=..%2F..%2F..%2F..%2Fetc%2Fpasswd".into());
                    script_headers(&mut r, ua);
                    r.respond(200, "application/octet-stream", PASSWD_FILE.into());
                    r
                } else {
                    let path = SCAN_PATHS[i as usize % SCAN_PATHS.len()];
                    let host = if i.is_multiple_of(3) { PASSPORT } else { SHOP };
                    let mut r = Rec::new(ip, host, "GET", path);
                    script_headers(&mut r, ua);
                    r.respond(404, "text/html", "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>".into());
                    r
                }
            }
            Kind::BatchDownload => {
                let u = &world.users[self.victim];
                let mut r = Rec::new(ip, SHOP, "GET", "/api/v1/files/download");
                r.query = Some(format!(
                    "path=invoices%2F2026%2F03%2FINV-{:010}.pdf",
                    3_000_000_000 + self.first * 1000 + i
                ));
                script_headers(&mut r, "python-requests/2.31.0");
                r.req("Cookie", &format!("SESSIONID={}", u.session));
                r.account = Some(u.person.username.clone());
                pdf_response(rng, &mut r);
                r
            }
        }
    }
}

fn world_browser() -> &'static str {
    crate::world::BROWSER_UAS[0]
}

fn script_headers(r: &mut Rec, ua: &str) {
    r.req("User-Agent", ua);
    r.req("Accept", "*/*");
    r.req("Accept-Encoding", "gzip, deflate");
}

fn login_ok(r: &mut Rec, uid: u64, token: &str, session: &str) {
    r.json_response(
        200,
        &obj![
            ("code", 0),
            ("msg", "success"),
            ("data", obj![("uid", uid), ("token", token), ("expires_in", 7200)])
        ],
    );
    r.resp("Set-Cookie", &format!("SESSIONID={session}; Path=/; HttpOnly; Secure; SameSite=Lax"));
}

/// The `i`-th guess of a password list tailored to the victim: common passwords first,
/// then the username and birth year in the usual variations.
fn brute_password(p: &Person, i: usize) -> String {
    if i < WEAK_PASSWORDS.len() {
        return WEAK_PASSWORDS[i].to_string();
    }
    let year = &p.birthday[..4];
    let md = p.birthday[5..].replace('-', "");
    let base = p.username.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
    let variants = [
        format!("{base}{year}"),
        format!("{base}123"),
        format!("{base}@{year}"),
        format!("{year}{md}"),
        format!("{base}{md}"),
        format!("{}{}", p.phone.get(5..).unwrap_or(""), "!"),
        format!("{base}!@#"),
        p.id_card[12..].to_string(),
        mask_id(&p.id_card).replace('*', "0"),
    ];
    let k = i - WEAK_PASSWORDS.len();
    format!(
        "{}{}",
        variants[k % variants.len()],
        if k >= variants.len() { (k / variants.len()).to_string() } else { String::new() }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(kind: Kind) -> (Plan, Vec<Rec>) {
        let world = World::new(7, crate::DEFAULT_START * 1000);
        let (i, plan) = PLAN.iter().enumerate().find(|(_, p)| p.kind == kind).expect("kind is planned");
        let mut a = Attack::new(7, i, 0, crate::DEFAULT_START * 1000, *plan);
        let mut out = Vec::new();
        while let Some(r) = a.next(&world) {
            out.push(r);
        }
        (*plan, out)
    }

    fn body(r: &Rec) -> &str {
        r.resp_body.as_deref().unwrap_or("")
    }

    #[test]
    fn every_attack_is_a_short_ordered_burst_from_its_own_ips() {
        for plan in PLAN {
            let (plan, recs) = run(plan.kind);
            assert_eq!(recs.len() as u64, plan.requests, "{:?}", plan.kind);
            let day_start = crate::DEFAULT_START * 1000;
            let earliest = day_start + plan.minute_of_day * 60_000;
            let latest = earliest + 15 * 60_000 + plan.requests * plan.step_ms;
            for w in recs.windows(2) {
                assert!(w[0].ts_ms <= w[1].ts_ms, "{:?}", plan.kind);
            }
            for r in &recs {
                assert!(r.ts_ms >= earliest && r.ts_ms <= latest, "{:?}", plan.kind);
                assert!(plan.ips.contains(&r.client_ip.as_str()));
                assert_eq!(r.src_country, Some(plan.country));
            }
        }
    }

    #[test]
    fn brute_force_hits_one_account_until_it_gets_in() {
        let (_, recs) = run(Kind::BruteForce);
        let users: std::collections::BTreeSet<String> = recs
            .iter()
            .map(|r| {
                let b = r.req_body.as_deref().unwrap_or("");
                b[..b.find("\"password\"").unwrap_or(0)].to_string()
            })
            .collect();
        assert_eq!(users.len(), 1);
        let passwords: std::collections::BTreeSet<&str> =
            recs.iter().filter_map(|r| r.req_body.as_deref()).collect();
        assert_eq!(passwords.len(), recs.len(), "every try uses a new password");
        assert!(recs[..recs.len() - 1].iter().all(|r| r.status == Some(401)));
        let last = recs.last().unwrap();
        assert_eq!(last.status, Some(200));
        assert!(last.resp_headers.iter().any(|(n, _)| n == "Set-Cookie"));
    }

    #[test]
    fn crawler_walks_consecutive_ids_and_gets_id_numbers() {
        let (_, recs) = run(Kind::Crawl);
        let ids: Vec<u64> = recs
            .iter()
            .map(|r| {
                r.path.trim_start_matches("/api/v1/users/").trim_end_matches("/profile").parse().unwrap()
            })
            .collect();
        assert!(ids.windows(2).all(|w| w[1] == w[0] + 1));
        assert!(recs.iter().all(|r| body(r).contains("\"id_card\":\"") && !body(r).contains("****")));
        assert!(recs.iter().all(|r| r.account.is_some()));
    }

    #[test]
    fn sql_injection_answers_leak_database_errors() {
        let (_, recs) = run(Kind::SqlInjection);
        let mysql = recs.iter().filter(|r| body(r).contains("You have an error in your SQL syntax")).count();
        let pg = recs.iter().filter(|r| body(r).contains("unterminated quoted string")).count();
        assert!(mysql >= 10 && pg >= 10, "{mysql} {pg}");
        assert!(recs.iter().all(|r| r.req_headers.iter().any(|(_, v)| v.starts_with("sqlmap/"))));
    }

    #[test]
    fn waf_blocked_attack_is_marked_blocked() {
        let (_, recs) = run(Kind::WafBlocked);
        assert!(recs.iter().all(|r| matches!(r.waf, Some(("block", "sqli" | "xss")))));
        assert!(recs.iter().filter(|r| r.waf == Some(("block", "sqli"))).count() > recs.len() / 2);
    }

    #[test]
    fn sms_and_email_bombs_target_many_recipients() {
        for kind in [Kind::SmsBomb, Kind::EmailBomb] {
            let (_, recs) = run(kind);
            let targets: std::collections::BTreeSet<&str> =
                recs.iter().filter_map(|r| r.req_body.as_deref()).collect();
            assert!(targets.len() as u64 >= recs.len() as u64 - 2, "{kind:?}");
            assert!(recs.iter().all(|r| r.method == "POST" && r.path.ends_with("/send-code")));
        }
    }

    #[test]
    fn exposure_attacks_carry_no_credentials() {
        for kind in [Kind::AdminExposure, Kind::BulkIdNumbers] {
            let (_, recs) = run(kind);
            for r in &recs {
                assert!(!r.req_headers.iter().any(|(n, _)| n == "Authorization" || n == "Cookie"));
                assert_eq!(r.status, Some(200));
            }
            assert!(recs.iter().filter(|r| body(r).contains("idNo")).count() >= recs.len() - 1);
        }
    }
}

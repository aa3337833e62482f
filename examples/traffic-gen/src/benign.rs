//! Ordinary traffic: shoppers on the web and the app, staff on the internal admin console,
//! partner servers on the open platform.
//!
//! Input: the [`World`], a record budget and the time span. Output: records in `ts` order
//! whose rate follows a daily rhythm (busy in the day and evening, quiet at night, by UTC
//! hour of `ts`). Each record is one call picked by weight from the catalogue of APIs
//! below, with the caller's headers, credentials and realistic JSON bodies — including
//! the small, everyday weaknesses the risk detectors should find (weak passwords, a
//! legacy login that puts the password in the URL, a partner token signed with
//! `alg: none`, masked and unmasked ID numbers from the same API, …).

use crate::json::Json;
use crate::obj;
use crate::pii::{self, Person};
use crate::rec::{Rec, civil, urlencode};
use crate::rng::Rng;
use crate::world::{ADMIN, Client, PARTNER, PASSPORT, SHOP, User, World, b64std, client_headers, user_auth};

/// Relative traffic per UTC hour of the day.
pub const HOURLY_WEIGHTS: [u64; 24] =
    [3, 2, 1, 1, 1, 2, 4, 7, 10, 12, 12, 11, 10, 11, 12, 12, 11, 10, 10, 11, 12, 10, 7, 5];

const HOUR_MS: u64 = 3_600_000;

/// The benign traffic source.
#[derive(Debug)]
pub struct Benign {
    rng: Rng,
    start_ms: u64,
    total: u64,
    hours: u64,
    hour: u64,
    /// Records emitted before the current hour.
    before: u64,
    /// Records in the current hour.
    in_hour: u64,
    i: u64,
}

impl Benign {
    /// `total` records over `days` days from `start_ms`.
    pub fn new(seed: u64, start_ms: u64, days: u64, total: u64) -> Benign {
        let mut b = Benign {
            rng: Rng::new(seed, 2),
            start_ms,
            total,
            hours: days * 24,
            hour: 0,
            before: 0,
            in_hour: 0,
            i: 0,
        };
        b.in_hour = b.cumulative(1);
        b
    }

    /// Records due by the end of hour `h` (exclusive index), spread by weight.
    fn cumulative(&self, h: u64) -> u64 {
        let day_w: u64 = HOURLY_WEIGHTS.iter().sum();
        let w = (h / 24) * day_w + HOURLY_WEIGHTS[..(h % 24) as usize].iter().sum::<u64>();
        let all = self.hours / 24 * day_w;
        ((u128::from(self.total) * u128::from(w)) / u128::from(all.max(1))) as u64
    }

    /// The next benign record, or `None` when the budget is spent.
    pub fn next(&mut self, world: &World) -> Option<Rec> {
        while self.i >= self.in_hour {
            self.hour += 1;
            if self.hour >= self.hours {
                return None;
            }
            self.before += self.in_hour;
            self.in_hour = self.cumulative(self.hour + 1) - self.before;
            self.i = 0;
        }
        let jitter = self.rng.below(HOUR_MS * 9 / 10);
        let offset = (self.i * HOUR_MS + jitter) / self.in_hour;
        let ts_ms = self.start_ms + self.hour * HOUR_MS + offset;
        self.i += 1;
        let mut rec = call(&mut self.rng, world, ts_ms);
        rec.ts_ms = ts_ms;
        rec.trace_id = self.rng.hex(32);
        Some(rec)
    }
}

#[derive(Clone, Copy, Debug)]
enum Act {
    ProductList,
    ProductDetail,
    Reviews,
    Static,
    Profile,
    UpdateAddress,
    OrderList,
    OrderDetail,
    CreateOrder,
    Payment,
    Coupon,
    Cart,
    CartAdd,
    CartDelete,
    GraphQl,
    Search,
    Invoice,
    Login,
    Logout,
    Me,
    SendCode,
    VerifyCode,
    Register,
    ResetPassword,
    EmailCode,
    AdminLogin,
    AdminUsers,
    AdminUser,
    AdminExport,
    AdminConfig,
    Merchant,
    Member,
    MemberQuery,
    PartnerSms,
    Credentials,
}

const ACTS: &[(u32, Act)] = &[
    (150, Act::ProductList),
    (160, Act::ProductDetail),
    (50, Act::Reviews),
    (110, Act::Static),
    (45, Act::Profile),
    (8, Act::UpdateAddress),
    (35, Act::OrderList),
    (40, Act::OrderDetail),
    (15, Act::CreateOrder),
    (10, Act::Payment),
    (15, Act::Coupon),
    (35, Act::Cart),
    (25, Act::CartAdd),
    (6, Act::CartDelete),
    (30, Act::GraphQl),
    (45, Act::Search),
    (6, Act::Invoice),
    (30, Act::Login),
    (8, Act::Logout),
    (20, Act::Me),
    (8, Act::SendCode),
    (7, Act::VerifyCode),
    (3, Act::Register),
    (2, Act::ResetPassword),
    (3, Act::EmailCode),
    (3, Act::AdminLogin),
    (8, Act::AdminUsers),
    (5, Act::AdminUser),
    (2, Act::AdminExport),
    (1, Act::AdminConfig),
    (12, Act::Merchant),
    (10, Act::Member),
    (5, Act::MemberQuery),
    (4, Act::PartnerSms),
    (1, Act::Credentials),
];

const CATEGORIES: &[&str] = &["digital", "home", "food", "sports", "beauty", "books", "clothing"];
const KEYWORDS: &[&str] =
    &["耳机", "keyboard", "green tea", "跑鞋", "power bank", "咖啡", "lamp", "backpack", "手表", "yoga"];
const STATIC_FILES: &[(&str, &str)] = &[
    ("/static/js/app.3f9c1b2e.js", "application/javascript"),
    ("/static/js/vendor.8d21aa07.js", "application/javascript"),
    ("/static/css/main.5be0c1d4.css", "text/css"),
    ("/favicon.ico", "image/x-icon"),
    ("/static/fonts/iconfont.woff2", "font/woff2"),
];

fn ok(data: Json) -> Json {
    obj![("code", 0), ("msg", "success"), ("data", data)]
}

fn price(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn date(ts_ms: u64) -> (u64, u64, u64) {
    let (y, m, d, ..) = civil(ts_ms / 1000);
    (y, m, d)
}

/// An order id like `ORD20260301004217`.
pub fn order_id(rng: &mut Rng, ts_ms: u64) -> String {
    let (y, m, d) = date(ts_ms);
    format!("ORD{y:04}{m:02}{d:02}{}", rng.digits(6))
}

/// Masks the middle of an ID number: first 6 and last 4 characters kept.
pub fn mask_id(id: &str) -> String {
    format!("{}********{}", &id[..6], &id[id.len() - 4..])
}

/// Masks a mobile number: `138****1234`.
pub fn mask_phone(p: &str) -> String {
    format!("{}****{}", &p[..3], &p[p.len() - 4..])
}

/// A user profile as the shop returns it; `full_id` decides whether the ID number is
/// masked.
pub fn profile_json(p: &Person, full_id: bool) -> Json {
    obj![
        ("uid", p.uid),
        ("username", &p.username),
        ("name", &p.name),
        ("phone", &p.phone),
        ("email", &p.email),
        ("id_card", if full_id { p.id_card.clone() } else { mask_id(&p.id_card) }),
        ("gender", p.gender),
        ("birthday", &p.birthday),
        ("level", "gold"),
    ]
}

/// A person as the admin console and the leaky APIs list them (nothing masked).
pub fn person_row(p: &Person) -> Json {
    obj![
        ("uid", p.uid),
        ("name", &p.name),
        ("mobile", &p.phone),
        ("idNo", &p.id_card),
        ("email", &p.email),
        ("address", &p.address),
    ]
}

fn shopper<'w>(rng: &mut Rng, world: &'w World) -> &'w User {
    // A few heavy users make most of the traffic, as in real shops.
    let n = world.users.len();
    if rng.percent(40) { &world.users[rng.index(n / 10)] } else { &world.users[rng.index(n)] }
}

fn shop_call(u: &User, method: &'static str, path: String, auth: bool) -> Rec {
    let mut r = Rec::new(&u.ip, SHOP, method, path);
    client_headers(&mut r, u.ua, matches!(method, "POST" | "PUT"));
    if u.client == Client::Web {
        r.req("Referer", "https://www.shop.example/");
        r.req("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");
    }
    if auth {
        user_auth(&mut r, u);
    }
    r.src_country = Some(u.country);
    r
}

fn call(rng: &mut Rng, world: &World, ts_ms: u64) -> Rec {
    let act = *rng.weighted(ACTS);
    let u = shopper(rng, world);
    match act {
        Act::ProductList => {
            let mut r = shop_call(u, "GET", "/api/v1/products".into(), false);
            let page = rng.range(1, 5);
            r.query = Some(format!("category={}&page={page}&size=10&sort=sales", rng.pick(CATEGORIES)));
            let items: Vec<Json> = (0..3)
                .map(|_| {
                    let p = rng.pick(&world.products);
                    obj![("id", p.id), ("name", p.name), ("price", price(p.price_cents)), ("slug", p.slug)]
                })
                .collect();
            r.json_response(200, &ok(obj![("total", rng.range(40, 400)), ("page", page), ("items", items)]));
            r
        }
        Act::ProductDetail => {
            let p = rng.pick(&world.products).clone();
            let missing = rng.percent(3);
            let id = if missing { rng.range(5000, 9000) } else { p.id };
            let mut r = shop_call(u, "GET", format!("/api/v1/products/{id}"), false);
            if missing {
                r.json_response(404, &obj![("code", 40400), ("msg", "product not found")]);
            } else {
                let seller = obj![
                    ("name", format!("{}旗舰店", &p.name[..p.name.find(' ').unwrap_or(p.name.len())])),
                    ("license", pii::uscc(rng)),
                    ("hotline", format!("0571-8{}", rng.digits(7))),
                ];
                r.json_response(
                    200,
                    &ok(obj![
                        ("id", p.id),
                        ("name", p.name),
                        ("slug", p.slug),
                        ("price", price(p.price_cents)),
                        ("stock", rng.range(0, 900)),
                        ("seller", seller)
                    ]),
                );
            }
            r
        }
        Act::Reviews => {
            let p = rng.pick(&world.products).clone();
            let mut r = shop_call(u, "GET", format!("/api/v1/products/{}/reviews", p.slug), false);
            r.query = Some(format!("page={}", rng.range(1, 3)));
            let items: Vec<Json> = (0..3)
                .map(|_| {
                    let other = world.person(crate::world::FIRST_UID + rng.below(crate::world::USERS));
                    obj![
                        ("user", format!("{}**", other.name.chars().next().unwrap_or('*'))),
                        ("rating", rng.range(3, 5)),
                        (
                            "content",
                            *rng.pick(&[
                                "物流很快，质量不错",
                                "good value",
                                "和描述一致",
                                "包装有点简单",
                                "推荐购买"
                            ])
                        )
                    ]
                })
                .collect();
            r.json_response(200, &ok(obj![("items", items)]));
            r
        }
        Act::Static => {
            let (path, ct) = *rng.pick(STATIC_FILES);
            let (path, ct) = if rng.percent(40) {
                (format!("/images/products/{}.jpg", rng.pick(&world.products).id), "image/jpeg")
            } else {
                (path.to_string(), ct)
            };
            let mut r = Rec::new(&u.ip, SHOP, "GET", path);
            r.req("User-Agent", u.ua);
            r.req("Accept", "*/*");
            r.src_country = Some(u.country);
            let cached = rng.percent(30);
            r.status = Some(if cached { 304 } else { 200 });
            r.resp("Server", "nginx");
            r.resp("Content-Type", ct);
            r.resp("Cache-Control", "public, max-age=31536000");
            r
        }
        Act::Profile => {
            let mut r = shop_call(u, "GET", format!("/api/v1/users/{}/profile", u.person.uid), true);
            r.json_response(200, &ok(profile_json(&u.person, u.client != Client::Web)));
            r
        }
        Act::UpdateAddress => {
            let path = format!("/api/v1/users/{}/addresses/{}", u.person.uid, rng.range(1, 4));
            let mut r = shop_call(u, "PUT", path, true);
            r.json_body(&obj![
                ("receiver", &u.person.name),
                ("phone", &u.person.phone),
                ("province", &u.person.province),
                ("city", &u.person.city),
                ("detail", &u.person.address),
                ("is_default", true)
            ]);
            r.json_response(200, &obj![("code", 0), ("msg", "success")]);
            r
        }
        Act::OrderList => {
            let mut r = shop_call(u, "GET", "/api/v1/orders".into(), true);
            r.query = Some(format!("page=1&page_size={}&status=all", rng.pick(&[10, 20])));
            let items: Vec<Json> = (0..3)
                .map(|_| {
                    let p = rng.pick(&world.products);
                    obj![
                        ("order_id", order_id(rng, ts_ms)),
                        ("amount", price(p.price_cents)),
                        ("status", *rng.pick(&["paid", "shipped", "completed"]))
                    ]
                })
                .collect();
            r.json_response(200, &ok(obj![("items", items)]));
            r
        }
        Act::OrderDetail => {
            let oid = order_id(rng, ts_ms);
            let mut r = shop_call(u, "GET", format!("/api/v1/orders/{oid}"), true);
            let p = rng.pick(&world.products);
            let card = &u.person.bank_card;
            r.json_response(
                200,
                &ok(obj![
                    ("order_id", oid),
                    ("status", "shipped"),
                    ("receiver", &u.person.name),
                    ("phone", &u.person.phone),
                    ("address", &u.person.address),
                    ("items", vec![obj![("product_id", p.id), ("name", p.name), ("qty", 1)]]),
                    ("amount", price(p.price_cents)),
                    ("pay_card", format!("{}******{}", &card[..6], &card[card.len() - 4..])),
                    ("express_no", format!("SF{}", rng.digits(12)))
                ]),
            );
            r
        }
        Act::CreateOrder => {
            let mut r = shop_call(u, "POST", "/api/v1/orders".into(), true);
            let p = rng.pick(&world.products);
            let qty = rng.range(1, 3);
            r.json_body(&obj![
                ("items", vec![obj![("product_id", p.id), ("qty", qty)]]),
                (
                    "address",
                    obj![
                        ("receiver", &u.person.name),
                        ("phone", &u.person.phone),
                        ("detail", &u.person.address)
                    ]
                ),
                ("remark", "")
            ]);
            r.json_response(
                200,
                &ok(obj![("order_id", order_id(rng, ts_ms)), ("amount", price(p.price_cents * qty))]),
            );
            r
        }
        Act::Payment => {
            let mut r = shop_call(u, "POST", "/api/v1/payments".into(), true);
            let card = &u.person.bank_card;
            r.json_body(&obj![
                ("order_id", order_id(rng, ts_ms)),
                ("card_no", card),
                ("holder", &u.person.name),
                ("id_card", &u.person.id_card),
                ("phone", &u.person.phone)
            ]);
            r.json_response(
                200,
                &ok(obj![
                    ("pay_id", format!("PAY{}", rng.digits(16))),
                    ("status", "success"),
                    ("card", format!("{}****{}", &card[..4], &card[card.len() - 4..]))
                ]),
            );
            r
        }
        Act::Coupon => {
            let id = rng.uuid();
            let mut r = shop_call(u, "GET", format!("/api/v1/coupons/{id}"), true);
            r.json_response(
                200,
                &ok(obj![
                    ("id", id),
                    ("discount", "20.00"),
                    ("min_spend", "199.00"),
                    ("expires", "2026-12-31")
                ]),
            );
            r
        }
        Act::Cart => {
            let mut r = shop_call(u, "GET", "/api/v1/cart".into(), true);
            let p = rng.pick(&world.products);
            r.json_response(
                200,
                &ok(obj![(
                    "items",
                    vec![obj![("product_id", p.id), ("qty", 1), ("price", price(p.price_cents))]]
                )]),
            );
            r
        }
        Act::CartAdd => {
            let mut r = shop_call(u, "POST", "/api/v1/cart/items".into(), true);
            r.json_body(&obj![("product_id", rng.pick(&world.products).id), ("qty", rng.range(1, 2))]);
            r.json_response(200, &obj![("code", 0), ("msg", "success")]);
            r
        }
        Act::CartDelete => {
            let path = format!("/api/v1/cart/items/{}", rng.pick(&world.products).id);
            let mut r = shop_call(u, "DELETE", path, true);
            r.status = Some(204);
            r.resp("Server", "nginx");
            r
        }
        Act::GraphQl => {
            let mut r = shop_call(u, "POST", "/graphql".into(), true);
            if rng.percent(60) {
                let p = rng.pick(&world.products);
                r.json_body(&obj![
                    ("operationName", "Product"),
                    ("query", "query Product($id: ID!) { product(id: $id) { id name price stock } }"),
                    ("variables", obj![("id", p.id.to_string())])
                ]);
                r.json_response(
                    200,
                    &obj![(
                        "data",
                        obj![(
                            "product",
                            obj![
                                ("id", p.id.to_string()),
                                ("name", p.name),
                                ("price", price(p.price_cents)),
                                ("stock", rng.range(1, 500))
                            ]
                        )]
                    )],
                );
            } else {
                r.json_body(&obj![
                    ("operationName", "Viewer"),
                    ("query", "query Viewer { viewer { id name mobile email } }"),
                    ("variables", obj![])
                ]);
                r.json_response(
                    200,
                    &obj![(
                        "data",
                        obj![(
                            "viewer",
                            obj![
                                ("id", u.person.uid.to_string()),
                                ("name", &u.person.name),
                                ("mobile", &u.person.phone),
                                ("email", &u.person.email)
                            ]
                        )]
                    )],
                );
            }
            r
        }
        Act::Search => {
            let mut r = shop_call(u, "GET", "/api/v1/search".into(), false);
            r.query = Some(format!("q={}&page=1", urlencode(rng.pick::<&str>(KEYWORDS))));
            let p = rng.pick(&world.products);
            r.json_response(
                200,
                &ok(obj![("total", rng.range(0, 60)), ("items", vec![obj![("id", p.id), ("name", p.name)]])]),
            );
            r
        }
        Act::Invoice => {
            let (y, m, _) = date(ts_ms);
            let mut r = shop_call(u, "GET", "/api/v1/files/download".into(), true);
            r.query = Some(format!("path=invoices%2F{y:04}%2F{m:02}%2FINV-{}.pdf", rng.digits(10)));
            pdf_response(rng, &mut r);
            r
        }
        Act::Login => login(rng, u),
        Act::Logout => {
            let mut r = Rec::new(&u.ip, PASSPORT, "POST", "/api/auth/logout");
            client_headers(&mut r, u.ua, false);
            user_auth(&mut r, u);
            r.src_country = Some(u.country);
            r.json_response(200, &obj![("code", 0), ("msg", "success")]);
            r.resp("Set-Cookie", "SESSIONID=deleted; Path=/; Max-Age=0; HttpOnly; Secure");
            r
        }
        Act::Me => {
            let mut r = Rec::new(&u.ip, PASSPORT, "GET", "/api/account/me");
            client_headers(&mut r, u.ua, false);
            user_auth(&mut r, u);
            r.src_country = Some(u.country);
            let p = &u.person;
            r.json_response(
                200,
                &ok(obj![
                    ("uid", p.uid),
                    ("username", &p.username),
                    ("nickname", &p.name),
                    ("mobile", mask_phone(&p.phone)),
                    ("email", &p.email)
                ]),
            );
            r
        }
        Act::SendCode => {
            let mut r = passport_post(u, "/api/sms/send-code");
            r.json_body(&obj![("phone", &u.person.phone), ("scene", *rng.pick(&["login", "bind", "reset"]))]);
            r.json_response(200, &ok(obj![("expire", 300)]));
            r
        }
        Act::VerifyCode => {
            let mut r = passport_post(u, "/api/sms/verify-code");
            r.json_body(&obj![("phone", &u.person.phone), ("code", rng.digits(6))]);
            if rng.percent(90) {
                r.json_response(200, &ok(obj![("ticket", rng.hex(24))]));
            } else {
                r.json_response(400, &obj![("code", 40103), ("msg", "invalid verification code")]);
            }
            r
        }
        Act::Register => {
            let uid = 90_000 + rng.below(9000);
            let p = Person::new(rng, uid);
            let mut r = passport_post(u, "/api/auth/register");
            r.json_body(&obj![
                ("username", &p.username),
                ("password", format!("{}#{}", p.username, rng.digits(3))),
                ("phone", &p.phone),
                ("email", &p.email),
                ("sms_code", rng.digits(6))
            ]);
            r.json_response(200, &ok(obj![("uid", p.uid)]));
            r
        }
        Act::ResetPassword => {
            let mut r = passport_post(u, "/api/auth/reset-password");
            r.json_body(&obj![
                ("phone", &u.person.phone),
                ("code", rng.digits(6)),
                ("new_password", &u.person.username)
            ]);
            r.json_response(200, &obj![("code", 0), ("msg", "success")]);
            r
        }
        Act::EmailCode => {
            let mut r = passport_post(u, "/api/email/send-code");
            r.json_body(&obj![("email", &u.person.email)]);
            r.json_response(200, &ok(obj![("expire", 600)]));
            r
        }
        Act::AdminLogin | Act::AdminUsers | Act::AdminUser | Act::AdminExport | Act::AdminConfig => {
            admin_call(rng, world, act, ts_ms)
        }
        Act::Merchant | Act::Member | Act::MemberQuery | Act::PartnerSms | Act::Credentials => {
            partner_call(rng, world, act)
        }
    }
}

fn passport_post(u: &User, path: &str) -> Rec {
    let mut r = Rec::new(&u.ip, PASSPORT, "POST", path);
    client_headers(&mut r, u.ua, true);
    r.src_country = Some(u.country);
    r
}

/// A small PDF (base64) with the download headers.
pub fn pdf_response(rng: &mut Rng, r: &mut Rec) {
    let pdf = format!(
        "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n% invoice {}\n%%EOF\n",
        rng.digits(12)
    );
    r.status = Some(200);
    r.resp("Server", "nginx");
    r.resp("Content-Type", "application/pdf");
    r.resp("Content-Disposition", "attachment; filename=\"invoice.pdf\"");
    r.resp("Content-Length", &pdf.len().to_string());
    r.resp_body = Some(b64std(pdf.as_bytes()));
    r.resp_base64 = true;
}

/// A login by a shopper: through the legacy URL form for the old app, else a JSON POST.
fn login(rng: &mut Rng, u: &User) -> Rec {
    let wrong = rng.percent(6);
    let password = if wrong { format!("{}1", u.password) } else { u.password.clone() };
    let mut r = if u.client == Client::Legacy {
        let mut r = Rec::new(&u.ip, PASSPORT, "GET", "/api/v1/legacy/login");
        r.req("User-Agent", u.ua);
        r.query =
            Some(format!("username={}&password={}", urlencode(&u.person.username), urlencode(&password)));
        r.src_country = Some(u.country);
        r
    } else {
        let mut r = passport_post(u, "/api/auth/login");
        r.json_body(&obj![("username", &u.person.username), ("password", &password), ("remember", true)]);
        r
    };
    if wrong {
        r.json_response(401, &obj![("code", 40101), ("msg", "incorrect password")]);
    } else {
        r.json_response(200, &ok(obj![("uid", u.person.uid), ("token", &u.token), ("expires_in", 7200)]));
        r.resp("Set-Cookie", &format!("SESSIONID={}; Path=/; HttpOnly; Secure; SameSite=Lax", u.session));
        r.resp("Set-Cookie", "lang=zh-CN; Path=/");
        if u.account_known {
            r.account = Some(u.person.username.clone());
        }
    }
    r
}

fn admin_call(rng: &mut Rng, world: &World, act: Act, ts_ms: u64) -> Rec {
    let s = rng.pick(&world.staff);
    let (method, path) = match act {
        Act::AdminLogin => ("POST", "/admin/api/login".to_string()),
        Act::AdminUsers => ("GET", "/admin/api/users".to_string()),
        Act::AdminUser => {
            ("GET", format!("/admin/api/users/{}", world.users[rng.index(world.users.len())].person.uid))
        }
        Act::AdminExport => ("GET", "/admin/api/export/orders".to_string()),
        _ => ("GET", "/admin/api/system/config".to_string()),
    };
    let mut r = Rec::new(&s.ip, ADMIN, method, path);
    client_headers(&mut r, s.ua, method == "POST");
    if !matches!(act, Act::AdminLogin) {
        r.req("Cookie", &format!("ADMIN_SESSION={}", s.token));
        r.account = Some(s.account.clone());
    }
    match act {
        Act::AdminLogin => {
            r.json_body(&obj![("username", &s.account), ("password", &s.password)]);
            r.json_response(200, &obj![("code", 0), ("msg", "success")]);
            r.resp("Set-Cookie", &format!("ADMIN_SESSION={}; Path=/admin; HttpOnly", s.token));
            r.account = Some(s.account.clone());
        }
        Act::AdminUsers => {
            let page = rng.range(1, 20);
            r.query = Some(format!("page={page}&size=10"));
            let rows: Vec<Json> = (0..10)
                .map(|i| person_row(&world.person(crate::world::FIRST_UID + (page - 1) * 10 + i)))
                .collect();
            r.json_response(200, &ok(obj![("total", crate::world::USERS), ("list", rows)]));
        }
        Act::AdminUser => {
            let uid: u64 =
                r.path.rsplit('/').next().and_then(|x| x.parse().ok()).unwrap_or(crate::world::FIRST_UID);
            let p = world.person(uid);
            let mut row = person_row(&p);
            if let Json::Obj(fields) = &mut row {
                fields.push(("bankCard".into(), Json::from(&p.bank_card)));
                fields.push(("plate".into(), Json::from(pii::plate(rng))));
                fields.push(("vin".into(), Json::from(pii::vin(rng))));
                fields.push((
                    "lastLoginIp".into(),
                    Json::from(&world.users[(uid - crate::world::FIRST_UID) as usize % world.users.len()].ip),
                ));
            }
            r.json_response(200, &ok(row));
        }
        Act::AdminExport => {
            let (y, m, d) = date(ts_ms);
            r.query = Some(format!("date={y:04}-{m:02}-{d:02}&format=csv"));
            let mut csv = String::from("order_id,receiver,phone,address,amount\n");
            for _ in 0..8 {
                let p = world.person(crate::world::FIRST_UID + rng.below(crate::world::USERS));
                csv.push_str(&format!(
                    "{},{},{},{},{}\n",
                    order_id(rng, ts_ms),
                    p.name,
                    p.phone,
                    p.address,
                    price(rng.range(1000, 99_999))
                ));
            }
            r.respond(200, "text/csv;charset=UTF-8", csv);
            r.resp("Content-Disposition", "attachment; filename=\"orders.csv\"");
        }
        _ => {
            r.json_response(
                200,
                &ok(obj![
                    (
                        "datasource",
                        "jdbc:mysql://10.20.8.15:3306/shop?user=shop_rw&password=Sh0p!2024&useSSL=false"
                    ),
                    ("redis", "10.20.8.21:6379"),
                    ("mq", "amqp://10.20.8.30:5672"),
                    ("version", "2.14.3")
                ]),
            );
        }
    }
    r
}

fn partner_call(rng: &mut Rng, world: &World, act: Act) -> Rec {
    let p = rng.pick(&world.partners);
    let mut r = Rec::new(&p.ip, PARTNER, "GET", "");
    r.req("User-Agent", p.ua);
    r.req("Accept", "application/json");
    r.src_country = Some("CN");
    let member = world.person(crate::world::FIRST_UID + rng.below(crate::world::USERS));
    match act {
        Act::Merchant => {
            let code = pii::uscc(rng);
            r.path = format!("/open/v2/merchants/{code}");
            r.req("Authorization", &format!("Bearer {}", p.token));
            r.json_response(
                200,
                &ok(obj![
                    ("credit_code", code),
                    ("name", format!("{}贸易有限公司", member.city)),
                    ("legal_person", &member.name),
                    ("contact", &member.phone),
                    ("address", &member.address)
                ]),
            );
        }
        Act::Member => {
            let id = rng.uuid();
            r.path = format!("/open/v2/members/{id}");
            r.req("Authorization", &format!("Bearer {}", p.token));
            r.json_response(
                200,
                &ok(obj![
                    ("member_id", id),
                    ("name", &member.name),
                    ("mobile", mask_phone(&member.phone)),
                    ("level", 2)
                ]),
            );
        }
        Act::MemberQuery => {
            r.path = "/open/v2/members/query".into();
            r.query = Some(format!("access_token={}&mobile={}", p.access_token, member.phone));
            r.json_response(200, &ok(obj![("exists", true), ("member_since", "2023-06-18")]));
        }
        Act::PartnerSms => {
            r.method = "POST";
            r.path = "/open/v2/sms/send".into();
            r.req("Authorization", &format!("Bearer {}", p.token));
            r.req("Content-Type", "application/json");
            r.json_body(&obj![
                ("mobile", &member.phone),
                ("content", "【Shop】您的订单已发货，请注意查收。"),
                ("sign", "Shop")
            ]);
            r.json_response(200, &ok(obj![("biz_id", rng.digits(18))]));
        }
        _ => {
            r.path = format!("/open/v2/apps/{}/credentials", p.app_id);
            r.req("Authorization", &format!("Bearer {}", p.token));
            r.json_response(
                200,
                &ok(obj![
                    ("app_id", &p.app_id),
                    (
                        "accessKeyId",
                        format!(
                            "LTAI5t{}",
                            rng.chars(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 18)
                        )
                    ),
                    (
                        "accessKeySecret",
                        rng.chars(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 30)
                    )
                ]),
            );
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benign_traffic_follows_the_daily_rhythm() {
        let start = crate::DEFAULT_START * 1000;
        let world = World::new(3, start);
        let mut b = Benign::new(3, start, 1, 6000);
        let mut per_hour = [0u64; 24];
        let mut n = 0;
        while let Some(r) = b.next(&world) {
            per_hour[((r.ts_ms - start) / HOUR_MS) as usize] += 1;
            n += 1;
        }
        assert_eq!(n, 6000);
        // 03:00 has weight 1, 10:00 has 12.
        assert!(per_hour[10] > 8 * per_hour[3], "{per_hour:?}");
        assert!(per_hour.iter().all(|c| *c > 0));
    }

    #[test]
    fn bodies_carry_valid_personal_data() {
        let start = crate::DEFAULT_START * 1000;
        let world = World::new(4, start);
        let mut b = Benign::new(4, start, 1, 3000);
        let mut ids = 0;
        while let Some(r) = b.next(&world) {
            let text =
                format!("{}{}", r.req_body.as_deref().unwrap_or(""), r.resp_body.as_deref().unwrap_or(""));
            // Every 18-character ID number in a body has a valid check digit.
            for (i, _) in text.match_indices("\"id_card\":\"").chain(text.match_indices("\"idNo\":\"")) {
                let v: String = text[i..].split('"').nth(3).unwrap_or("").to_string();
                if !v.contains('*') {
                    assert_eq!(pii::id_check_digit(&v[..17]), v.chars().last().unwrap_or(' '), "{v}");
                    ids += 1;
                }
            }
        }
        assert!(ids > 20, "{ids}");
    }
}

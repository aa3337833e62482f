//! The simulated population: shoppers, staff on the internal network, partner servers, the
//! product catalogue, and the helpers every traffic source uses to build a [`Rec`].
//!
//! Input: the seed. Output: a read-only [`World`] shared by all sources. A user's personal
//! data is a pure function of `(seed, uid)` ([`World::person`]), so a crawler walking user
//! ids sees the same profile a benign call for that user returns.

use crate::pii::Person;
use crate::rec::Rec;
use crate::rng::Rng;

/// First user id.
pub const FIRST_UID: u64 = 10001;
/// Number of registered shoppers who browse.
pub const USERS: u64 = 400;

const PERSON_STREAM: u64 = 1 << 40;

/// Main shop API host.
pub const SHOP: &str = "api.shop.example";
/// Account / login host.
pub const PASSPORT: &str = "passport.example.com";
/// Internal administration host.
pub const ADMIN: &str = "admin.internal.example";
/// Partner (open platform) host.
pub const PARTNER: &str = "open.partner.example";

/// Browser and app User-Agent strings of ordinary clients.
pub const BROWSER_UAS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.81",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN",
];
/// Mobile-app User-Agent strings.
pub const APP_UAS: &[&str] = &[
    "ShopApp/5.12.0 (iPhone; iOS 17.4.1; Scale/3.00)",
    "ShopApp/5.12.0 (Linux; Android 14; Pixel 8) okhttp/4.12.0",
    "ShopApp/5.11.2 (Linux; Android 13; M2102J2SC) okhttp/4.12.0",
];
/// An old app build that still logs in with the password in the URL.
pub const LEGACY_UA: &str = "Dalvik/2.1.0 (Linux; U; Android 9; MI 8 MIUI/V12.0.2) ShopLegacy/3.2.1";

/// Common weak passwords (the kind a brute-force dictionary starts with).
pub const WEAK_PASSWORDS: &[&str] = &[
    "123456",
    "password",
    "12345678",
    "qwerty",
    "123456789",
    "111111",
    "abc123",
    "1234567",
    "password1",
    "12345",
    "123123",
    "000000",
    "iloveyou",
    "1q2w3e4r",
    "qwe123",
    "666666",
    "888888",
    "a123456",
    "woaini1314",
    "zxcvbnm",
    "123qwe",
    "admin123",
    "Aa123456",
    "qq123456",
    "5201314",
    "654321",
    "1qaz2wsx",
    "asdfgh",
    "112233",
    "abcd1234",
    "passw0rd",
    "welcome1",
    "monkey",
    "dragon",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "trustno1",
    "letmein",
    "master",
    "hello123",
    "shadow",
    "michael",
    "jennifer",
    "computer",
    "121212",
    "147258369",
    "159753",
    "987654321",
    "7758521",
    "aaaaaa",
    "a1b2c3",
    "qwertyuiop",
    "p@ssw0rd",
    "test123",
    "root",
    "admin",
];

/// The kind of client a shopper uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    /// A desktop or mobile browser (session cookie).
    Web,
    /// The shop app (bearer token).
    App,
    /// The old app build that logs in through the URL.
    Legacy,
}

/// A shopper.
#[derive(Clone, Debug)]
pub struct User {
    /// The person behind the account.
    pub person: Person,
    /// Client address.
    pub ip: String,
    /// Gateway's geo lookup of `ip`.
    pub country: &'static str,
    /// User-Agent.
    pub ua: &'static str,
    /// Kind of client.
    pub client: Client,
    /// Bearer JWT (HS256).
    pub token: String,
    /// Session cookie value.
    pub session: String,
    /// The account password.
    pub password: String,
    /// Whether the gateway reports the authenticated account for this user.
    pub account_known: bool,
}

/// An employee on the internal network.
#[derive(Clone, Debug)]
pub struct Staff {
    /// Login name.
    pub account: String,
    /// Private address.
    pub ip: String,
    /// Password (some are weak or default).
    pub password: String,
    /// Session token for the admin console.
    pub token: String,
    /// User-Agent.
    pub ua: &'static str,
}

/// A partner's server calling the open platform.
#[derive(Clone, Debug)]
pub struct Partner {
    /// Application id.
    pub app_id: String,
    /// Server address.
    pub ip: String,
    /// A JWT signed with `alg: none` (a weak-signature token, on purpose).
    pub token: String,
    /// Access token the partner passes in the query string.
    pub access_token: String,
    /// User-Agent.
    pub ua: &'static str,
}

/// A product of the catalogue.
#[derive(Clone, Debug)]
pub struct Product {
    /// Numeric id.
    pub id: u64,
    /// URL slug.
    pub slug: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Price in cents.
    pub price_cents: u64,
}

const PRODUCTS: &[(&str, &str, u64)] = &[
    ("wireless-mouse-m220", "Wireless Mouse M220", 9900),
    ("mechanical-keyboard-k8", "Mechanical Keyboard K8", 45900),
    ("usb-c-hub-7in1", "USB-C Hub 7-in-1", 15900),
    ("noise-cancelling-headphones", "Noise Cancelling Headphones", 129900),
    ("smart-watch-gt4", "Smart Watch GT4", 148800),
    ("phone-case-clear", "Clear Phone Case", 3900),
    ("power-bank-20000", "Power Bank 20000mAh", 16900),
    ("green-tea-500g", "Longjing Green Tea 500g", 26800),
    ("running-shoes-air", "Running Shoes Air", 59900),
    ("backpack-city-25l", "City Backpack 25L", 19900),
    ("desk-lamp-led", "LED Desk Lamp", 12900),
    ("coffee-beans-1kg", "Coffee Beans 1kg", 15800),
    ("yoga-mat-6mm", "Yoga Mat 6mm", 8900),
    ("electric-toothbrush", "Electric Toothbrush", 29900),
    ("air-purifier-x3", "Air Purifier X3", 199900),
    ("rice-cooker-4l", "Rice Cooker 4L", 39900),
    ("water-bottle-steel", "Steel Water Bottle", 6900),
    ("sunglasses-polar", "Polarized Sunglasses", 25900),
    ("tablet-stand-alu", "Aluminium Tablet Stand", 7900),
    ("bluetooth-speaker-mini", "Mini Bluetooth Speaker", 19900),
];

/// Everything the sources share.
#[derive(Clone, Debug)]
pub struct World {
    /// The run's seed.
    pub seed: u64,
    /// Start of the traffic, unix milliseconds.
    pub start_ms: u64,
    /// Shoppers.
    pub users: Vec<User>,
    /// Employees.
    pub staff: Vec<Staff>,
    /// Partner servers.
    pub partners: Vec<Partner>,
    /// The catalogue.
    pub products: Vec<Product>,
}

impl World {
    /// Builds the population for `seed`.
    pub fn new(seed: u64, start_ms: u64) -> World {
        let mut rng = Rng::new(seed, 1);
        let iat = start_ms / 1000;
        let users = (0..USERS)
            .map(|i| {
                let uid = FIRST_UID + i;
                let person = person_for(seed, uid);
                let country = *rng.weighted(&[
                    (80, "CN"),
                    (4, "HK"),
                    (5, "US"),
                    (3, "SG"),
                    (3, "JP"),
                    (2, "DE"),
                    (1, "GB"),
                    (1, "AU"),
                    (1, "KR"),
                ]);
                let ip = benign_ip(&mut rng);
                let client = *rng.weighted(&[(55, Client::Web), (42, Client::App), (3, Client::Legacy)]);
                let ua = match client {
                    Client::Web => *rng.pick(BROWSER_UAS),
                    Client::App => *rng.pick(APP_UAS),
                    Client::Legacy => LEGACY_UA,
                };
                let password = if rng.percent(12) {
                    rng.pick(WEAK_PASSWORDS).to_string()
                } else {
                    strong_password(&mut rng)
                };
                let token = jwt(&mut rng, "HS256", &uid.to_string(), &person.username, iat);
                User {
                    ip,
                    country,
                    ua,
                    client,
                    session: rng.hex(32),
                    password,
                    account_known: rng.percent(70),
                    token,
                    person,
                }
            })
            .collect();
        let staff_names = ["admin", "ops_liwei", "ops_zhangmin", "cs_wangfang", "cs_chenjing", "fin_zhaolei"];
        let staff_passwords =
            ["admin123", "Ops#2026!secure", "zhangmin@1990", "123456", "Cs.Wang#8841", "Fin-Zl!77q"];
        let staff = staff_names
            .iter()
            .zip(staff_passwords)
            .map(|(name, pw)| Staff {
                account: name.to_string(),
                ip: format!("10.20.{}.{}", rng.range(1, 8), rng.range(2, 250)),
                password: pw.to_string(),
                token: rng.hex(40),
                ua: rng.pick::<&str>(&BROWSER_UAS[..4]),
            })
            .collect();
        let partner_uas = [
            "okhttp/4.12.0",
            "Apache-HttpClient/4.5.14 (Java/17.0.9)",
            "Go-http-client/2.0",
            "python-requests/2.31.0",
        ];
        let partners = (0..5)
            .map(|i| {
                let app_id = format!("app_{}", rng.chars(b"abcdefghijklmnopqrstuvwxyz0123456789", 12));
                let token = jwt(&mut rng, "none", &app_id, "partner", iat);
                Partner {
                    ip: format!("203.0.113.{}", 200 + i),
                    token,
                    access_token: rng.hex(32),
                    ua: partner_uas[i % partner_uas.len()],
                    app_id,
                }
            })
            .collect();
        let products = PRODUCTS
            .iter()
            .enumerate()
            .map(|(i, (slug, name, price))| Product {
                id: 1001 + i as u64 * 7,
                slug,
                name,
                price_cents: *price,
            })
            .collect();
        World { seed, start_ms, users, staff, partners, products }
    }

    /// The person with user id `uid` (the same for every call).
    pub fn person(&self, uid: u64) -> Person {
        person_for(self.seed, uid)
    }
}

fn person_for(seed: u64, uid: u64) -> Person {
    Person::new(&mut Rng::new(seed, PERSON_STREAM + uid), uid)
}

/// A public address for an ordinary user: the upper halves of the documentation ranges
/// (`.100`–`.199`; `.1`–`.99` are kept for the attackers and `203.0.113.200`+ for partner
/// servers), or an IPv6 documentation
/// address for about a quarter of the users.
pub fn benign_ip(rng: &mut Rng) -> String {
    if rng.percent(25) {
        format!("2001:db8:{:x}:{:x}::{:x}", rng.range(1, 0xfff), rng.range(1, 0xff), rng.range(1, 0xfffe))
    } else {
        let net = *rng.pick(&["198.51.100", "203.0.113", "192.0.2"]);
        format!("{net}.{}", rng.range(100, 199))
    }
}

fn strong_password(rng: &mut Rng) -> String {
    let mut p = rng.chars(b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ", 6);
    p.push_str(&rng.chars(b"!@#$%&*?", 1));
    p.push_str(&rng.digits(3));
    p.push_str(&rng.chars(b"abcdefghijkmnpqrstuvwxyz", 2));
    p
}

/// A JWT with the given `alg`: header and claims are real base64url JSON, the signature is
/// random bytes (empty for `none`).
pub fn jwt(rng: &mut Rng, alg: &str, sub: &str, name: &str, iat: u64) -> String {
    let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
    let claims = format!(r#"{{"sub":"{sub}","name":"{name}","iat":{iat},"exp":{}}}"#, iat + 30 * 86_400);
    let sig: Vec<u8> = (0..32).map(|_| rng.below(256) as u8).collect();
    let sig = if alg == "none" { String::new() } else { b64url(&sig) };
    format!("{}.{}.{}", b64url(header.as_bytes()), b64url(claims.as_bytes()), sig)
}

/// Unpadded base64url.
pub fn b64url(data: &[u8]) -> String {
    b64(data, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false)
}

/// Standard padded base64.
pub fn b64std(data: &[u8]) -> String {
    b64(data, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true)
}

fn b64(data: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Adds the request headers of an ordinary browser or app call.
pub fn client_headers(rec: &mut Rec, ua: &str, json_body: bool) {
    rec.req("User-Agent", ua);
    rec.req("Accept", "application/json, text/plain, */*");
    if json_body {
        rec.req("Content-Type", "application/json;charset=UTF-8");
    }
}

/// Adds the credential a user's client sends.
pub fn user_auth(rec: &mut Rec, u: &User) {
    match u.client {
        Client::Web => {
            rec.req("Cookie", &format!("SESSIONID={}; lang=zh-CN", u.session));
        }
        Client::App | Client::Legacy => {
            rec.req("Authorization", &format!("Bearer {}", u.token));
        }
    }
    if u.account_known {
        rec.account = Some(u.person.username.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
        ];
        for (plain, enc) in cases {
            assert_eq!(b64std(plain.as_bytes()), enc);
            assert_eq!(b64url(plain.as_bytes()), enc.trim_end_matches('='));
        }
        assert_eq!(b64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn users_are_stable_and_varied() {
        let a = World::new(5, 0);
        let b = World::new(5, 0);
        assert_eq!(a.users.len(), USERS as usize);
        assert_eq!(a.users[17].person.id_card, b.users[17].person.id_card);
        assert_eq!(a.person(FIRST_UID + 17).id_card, a.users[17].person.id_card);
        let cn = a.users.iter().filter(|u| u.country == "CN").count();
        assert!(cn > 250 && cn < 380, "{cn}");
        assert!(a.users.iter().any(|u| WEAK_PASSWORDS.contains(&u.password.as_str())));
        assert!(a.partners[0].token.ends_with('.'));
    }
}

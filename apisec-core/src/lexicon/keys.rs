//! Context hints: which fuzzy type a field name or the words before a value plainly name.
//!
//! [`key_hint`] takes a field name in any style — `realName`, `real_name`, `REAL-NAME`,
//! `data.items[].receiverAddr`, `收货人`, `家庭住址` — and uses its last path segment.
//! [`phrase_hint`] takes the text just before a value in free text (`客户性别：`, `家住`,
//! `Religion: `). Both return the sensitive-type code the context names, or `None`.
//!
//! Person-name contexts return 1002 ([`codes::NAME_ZH`]) except English-name fields
//! (`englishName`, `英文名`), which return 1017: the scanner picks 1002 / 1016 / 1017 from the
//! value itself (see [`super::person_name_at`]). A bare `name` is a hint too, but
//! [`key_hint_detail`] marks it ambiguous (it may name a product or a file): decide by value.
//! A user name / nickname is an account, not a person's name, and gets no hint.

use super::codes;

/// What a field name says about its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyHint {
    /// The sensitive-type code the field names.
    pub code: u16,
    /// True when the name only suggests the type (`name`): require a convincing value.
    pub ambiguous: bool,
}

/// The fuzzy sensitive type a field name plainly names (see the module docs).
pub fn key_hint(key: &str) -> Option<u16> {
    key_hint_detail(key).map(|h| h.code)
}

/// Like [`key_hint`], and says whether the hint is ambiguous.
pub fn key_hint_detail(key: &str) -> Option<KeyHint> {
    let seg = last_segment(key);
    // The colons of IPv6 and MAC addresses and hex dumps leave one to four hex digits as the
    // last segment (`90:de:a2:ec`, `4a1:b4db:ef8d`): a third of the names the scanner's
    // cache misses on the eval sample. No such word names a field (the test
    // `short_hex_segments_name_nothing` asks the rules for every one), so the word is not
    // normalised and matched (~1,000 instructions). (The empty segment is answered here too.)
    if seg.len() <= 4 && seg.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    segment_hint(seg)
}

/// [`key_hint_detail`] of the last segment `seg`: the rules themselves.
fn segment_hint(seg: &str) -> Option<KeyHint> {
    if seg.is_empty() {
        return None;
    }
    if seg.chars().any(super::is_cjk) {
        return cjk_key(seg).map(plain);
    }
    let mut buf = [0u8; 96];
    let norm = normalise(seg, &mut buf)?;
    ascii_key(norm)
}

fn plain(code: u16) -> KeyHint {
    KeyHint { code, ambiguous: false }
}

/// The last segment of a dotted / slashed / bracketed path, without array markers.
fn last_segment(key: &str) -> &str {
    let key = key.trim().trim_end_matches(|c| matches!(c, '[' | ']' | '0'..='9' | '*'));
    let start = key.rfind(['.', '/', '[', ']', ':', '>', '$', '@']).map_or(0, |i| i + 1);
    key[start..].trim()
}

/// Writes `seg` as lower-case words joined by `_` (camelCase, PascalCase, kebab-case,
/// snake_case, spaces), e.g. `receiverAddrLine1` → `receiver_addr_line_1`. `None` when the
/// segment does not fit the buffer or holds characters other than ASCII letters, digits and
/// separators.
fn normalise<'b>(seg: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let bytes = seg.as_bytes();
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let prev = if i > 0 { bytes[i - 1] } else { b'_' };
        let next = bytes.get(i + 1).copied().unwrap_or(b'_');
        if matches!(b, b'_' | b'-' | b' ') {
            if n > 0 && buf[n - 1] != b'_' {
                push(buf, &mut n, b'_')?;
            }
            continue;
        }
        if !b.is_ascii_alphanumeric() {
            return None;
        }
        let boundary = n > 0
            && buf[n - 1] != b'_'
            && ((b.is_ascii_uppercase() && (prev.is_ascii_lowercase() || prev.is_ascii_digit()))
                || (b.is_ascii_uppercase() && prev.is_ascii_uppercase() && next.is_ascii_lowercase())
                || (b.is_ascii_digit() && prev.is_ascii_alphabetic())
                || (b.is_ascii_alphabetic() && prev.is_ascii_digit()));
        if boundary {
            push(buf, &mut n, b'_')?;
        }
        push(buf, &mut n, b.to_ascii_lowercase())?;
    }
    while n > 0 && buf[n - 1] == b'_' {
        n -= 1;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

fn push(buf: &mut [u8], n: &mut usize, b: u8) -> Option<()> {
    *buf.get_mut(*n)? = b;
    *n += 1;
    Some(())
}

/// Words that qualify `name` as a person's name (`real_name`, `真实` = real …); the role nouns of
/// [`PERSON_ROLES`] (`receiver_name`, `passenger_name`) qualify it too.
const PERSON_QUAL: &[&str] = &[
    "real",
    "full",
    "true",
    "person",
    "personal",
    "customer",
    "cust",
    "client",
    "contacts",
    "receive",
    "consignor",
    "shipper",
    "owner",
    "student",
    "employee",
    "emp",
    "staff",
    "driver",
    "buyer",
    "seller",
    "legal",
    "member",
    "citizen",
    "resident",
    "cn",
    "chinese",
    "zh",
    "chn",
    "teacher",
    "doctor",
    "father",
    "mother",
    "spouse",
    "parent",
    "emergency",
    "family",
    "candidate",
    "worker",
    "agent",
    "manager",
    "leader",
    "principal",
    "representative",
    "rep",
    "account",
    "acct",
    "bank",
    "id",
    "idcard",
    "cert",
    "certificate",
    "actual",
    "legal_person",
    "xingming",
    "his",
    "her",
    "display",
    // the script it is written in: `tradName`, `simplified_name`
    "trad",
    "traditional",
    "simp",
    "simplified",
];
/// Language and script tags after `name` that make it a Chinese name (`nameCn`,
/// `name_zh_hant`, `CustNmTrad`).
const ZH_TAGS: &[&str] = &[
    "cn",
    "zh",
    "chn",
    "chinese",
    "tc",
    "sc",
    "hant",
    "hans",
    "tw",
    "hk",
    "cht",
    "chs",
    "trad",
    "simp",
    "traditional",
    "simplified",
];
/// Language and script tags after `name` that make it an English name (`nameEn`, `name_pinyin`,
/// `nameLatin`): the same words [`ENGLISH_QUAL`] accepts before it.
const EN_TAGS: &[&str] = &["en", "eng", "english", "pinyin", "latin", "roman", "romanized"];
/// Qualifiers that make `name` an English name.
const ENGLISH_QUAL: &[&str] = &["en", "eng", "english", "latin", "pinyin", "roman", "romanized", "passport"];
/// Single words (or joined forms) that are person-name fields on their own.
const PERSON_WORDS: &[&str] = &[
    "realname",
    "fullname",
    "truename",
    "personname",
    "customername",
    "contactname",
    "receivername",
    "consignee",
    "recipient",
    "addressee",
    "cardholder",
    "holdername",
    "linkman",
    "contactperson",
    "contact",
    "xingming",
    "xm",
    // pinyin initials of person-name fields: 联系人, 收件人, 收货人, 经办人, 申请人, 持卡人,
    // 负责人, 法人代表, 中文姓名, 户主姓名
    "lxr",
    "sjr",
    "shr",
    "jbr",
    "sqr",
    "ckr",
    "fzr",
    "frdb",
    "zwxm",
    "hzxm",
    "patientname",
    "legalperson",
    "legalrepresentative",
    "payeename",
    "payername",
    "cnname",
    "chinesename",
    "receiver",
    "sender",
    "accountname",
    "acctname",
    "accountholder",
    "holder",
    "applicant",
    "guardian",
];
/// Role nouns that name a person-name field alone or as the last word of a longer key,
/// whatever the words before (`passenger`, `emergencyContact`, `secondary_holder`).
const PERSON_ROLES: &[&str] = &[
    "contact",
    "holder",
    "cardholder",
    "applicant",
    "recipient",
    "consignee",
    "addressee",
    "receiver",
    "sender",
    "passenger",
    "traveler",
    "traveller",
    "visitor",
    "guest",
    "payee",
    "payer",
    "beneficiary",
    "insured",
    "policyholder",
    "borrower",
    "guarantor",
    "tenant",
    "landlord",
    "patient",
    "guardian",
    "linkman",
    "signatory",
];
/// Words before `state` that make it the state (province) of a postal address.
const STATE_OWNERS: &[&str] = &[
    "receiver",
    "recipient",
    "consignee",
    "buyer",
    "shipping",
    "ship",
    "billing",
    "bill",
    "home",
    "addr",
    "address",
    "residence",
    "mailing",
    "delivery",
    "customer",
    "contact",
    "postal",
];
/// Decorative trailing words: `gender_desc`, `city_name`, `address_detail` name the same thing.
const DECOR: &[&str] = &[
    "name", "cn", "zh", "desc", "text", "txt", "label", "str", "value", "val", "title", "info", "detail",
    "details", "full", "line", "display", "show", "chn", "en", "code", "cd", "nm",
];
/// Words before `address` that make it a network / mail / chain address, not a postal one.
const NON_POSTAL: &[&str] = &[
    "ip",
    "ipv4",
    "ipv6",
    "mac",
    "email",
    "mail",
    "e",
    "wallet",
    "remote",
    "server",
    "host",
    "bind",
    "listen",
    "local",
    "web",
    "url",
    "contract",
    "btc",
    "eth",
    "hw",
    "network",
    "net",
    "gateway",
    "proxy",
    "broadcast",
    "multicast",
    "src",
    "dst",
    "source",
    "dest",
    "destination",
    "peer",
    "client",
    "node",
    "socket",
    "memory",
    "mem",
    "hex",
    "base",
    "token",
    "chain",
    "coin",
    "deposit",
    "withdraw",
    "sip",
    "lan",
    "wan",
    "inet",
    "public",
    "private",
    "callback",
    "redirect",
    "api",
    "endpoint",
    "service",
    "smtp",
    "dns",
    "ble",
    "bluetooth",
    "device",
    "forwarded",
    "real_ip",
    "router",
    "link",
    "file",
    "image",
    "img",
    "pic",
    "avatar",
    "video",
    "download",
    "upload",
    "website",
    "site",
    "home_page",
    "homepage",
    "page",
    "cdn",
    "oss",
    "storage",
    "bucket",
    "pay",
    "payment",
    "receive",
];

fn ascii_key(norm: &str) -> Option<KeyHint> {
    // Split into at most 8 words without allocating.
    let mut words: [&str; 8] = [""; 8];
    let mut count = 0;
    for w in norm.split('_') {
        if count == words.len() {
            words.copy_within(1.., 0);
            count -= 1;
        }
        words[count] = w;
        count += 1;
    }
    // Trailing numbers (`address_2`, `name1`) do not change what a field holds.
    while count > 0 && words[count - 1].bytes().all(|b| b.is_ascii_digit()) {
        count -= 1;
    }
    let words = &words[..count];
    // a type prefix of Hungarian notation (`strName`, `szAddress`, `objUser`) says nothing
    let words = match words {
        ["str" | "sz" | "obj", rest @ ..] if !rest.is_empty() => rest,
        w => w,
    };
    let last = *words.last()?;

    // Joined forms of the whole key: `realname`, `fullname`, `plateno` …
    let mut jbuf = [0u8; 96];
    let mut jn = 0;
    for w in words {
        let b = w.as_bytes();
        if jn + b.len() > jbuf.len() {
            return None;
        }
        jbuf[jn..jn + b.len()].copy_from_slice(b);
        jn += b.len();
    }
    let joined = std::str::from_utf8(&jbuf[..jn]).ok()?;

    if let Some(code) = typed_words(words, joined) {
        return Some(plain(code));
    }
    // Strip decorative trailing words (`genderDesc`, `cityName`, `addressDetail`).
    let mut k = words.len();
    while k > 1 && DECOR.contains(&words[k - 1]) {
        k -= 1;
        let j = words[..k].iter().map(|w| w.len()).sum::<usize>();
        if let Some(code) = typed_words(&words[..k], &joined[..j]) {
            return Some(plain(code));
        }
    }
    // Person names.
    if PERSON_WORDS.contains(&joined) {
        return Some(plain(codes::NAME_ZH));
    }
    // a role noun, alone or qualified by other words: `passenger`, `emergencyContact`,
    // `primary_holder`
    if PERSON_ROLES.contains(&last) {
        return Some(plain(codes::NAME_ZH));
    }
    if matches!(last, "name" | "names" | "nm") {
        let before = &words[..words.len() - 1];
        if before.is_empty() {
            return (last != "nm").then_some(KeyHint { code: codes::NAME_ZH, ambiguous: true });
        }
        if before.iter().any(|w| ENGLISH_QUAL.contains(w)) {
            return Some(plain(codes::NAME_EN));
        }
        if before.iter().any(|w| PERSON_QUAL.contains(w) || PERSON_ROLES.contains(w)) {
            return Some(plain(codes::NAME_ZH));
        }
        return None;
    }
    if matches!(joined, "englishname" | "enname" | "pinyinname" | "ywxm" | "ywm") {
        return Some(plain(codes::NAME_EN));
    }
    // `name` with languages or scripts after it: `nameCn`, `name_zh_hant`, `CustNmTrad`,
    // `nameEn` (`tc` / `sc`, `hant` / `hans`, `tw` / `hk`, `trad` / `simp`: the script tags)
    let tags = words.iter().rev().take_while(|w| ZH_TAGS.contains(w) || EN_TAGS.contains(w)).count();
    if tags > 0
        && let Some(core) = words.len().checked_sub(tags + 1).map(|k| words[k])
        && matches!(core, "name" | "names" | "nm" | "xm")
    {
        let en = words[words.len() - tags..].iter().any(|w| EN_TAGS.contains(w));
        return Some(plain(if en { codes::NAME_EN } else { codes::NAME_ZH }));
    }
    None
}

/// Keys whose words name one of the non-name types.
fn typed_words(words: &[&str], joined: &str) -> Option<u16> {
    let last = *words.last()?;
    let before = &words[..words.len() - 1];
    match last {
        "gender" | "sex" | "xingbie" | "xb" => return Some(codes::GENDER),
        "ethnicity" | "ethnic" | "nation" | "nationality" | "minzu" | "race" | "folk" | "mz" => {
            return Some(codes::ETHNICITY);
        }
        // pinyin initials as well: `sf` (省份), `szsf` (所在省份), `cs` (城市), `zjxy` (宗教信仰);
        // short and ambiguous as words, but the value must then be a place or a religion
        "province" | "prov" | "shengfen" | "sf" | "sfmc" | "szsf" => return Some(codes::PROVINCE),
        // `receiver_state`: e-commerce APIs call a Chinese province a state; alone, or after
        // other words (`order_state`), a state is a status
        "state" if before.iter().any(|w| STATE_OWNERS.contains(w)) => return Some(codes::PROVINCE),
        // (a `town` field holds a city as often as a town: the value must name a city)
        "city" | "chengshi" | "cs" | "csmc" | "szcs" | "town" | "hometown" => return Some(codes::CITY),
        "religion" | "religious" | "faith" | "belief" | "beliefs" | "zongjiao" | "xinyang" | "zjxy" => {
            return Some(codes::RELIGION);
        }
        // (pinyin initials too: 地址, 住址, 家庭住址, 联系地址, 通讯地址, 户籍地址, 现住址,
        // 居住地址, 注册地址, 收货地址, 收件地址)
        "address" | "addr" | "adress" | "addresses" | "residence" | "domicile" | "dizhi" | "zhuzhi"
        | "street" | "dz" | "zz" | "jtzz" | "lxdz" | "txdz" | "hjdz" | "xzz" | "jzdz" | "zcdz" | "shdz"
        | "sjdz" => {
            let network = before.iter().any(|w| NON_POSTAL.contains(w));
            return (!network).then_some(codes::ADDRESS);
        }
        "plate" | "chepai" | "chepaihao" | "lpn" => return Some(codes::PLATE),
        _ => {}
    }
    let has = |w: &str| words.contains(&w);
    // `sexType`, `gender_type`: a gender field (an `addressType` holds a kind, not an address)
    if last == "type" && before.last().is_some_and(|w| matches!(*w, "sex" | "gender")) {
        return Some(codes::GENDER);
    }
    // `religiousAffiliation`, `religion_type`, `xinyang_qk`: the religion word decides
    if before.iter().any(|w| matches!(*w, "religion" | "religious" | "zongjiao" | "xinyang")) {
        return Some(codes::RELIGION);
    }
    if matches!(last, "no" | "num" | "number" | "code" | "id" | "card" | "cert" | "certificate" | "nbr") {
        if has("plate")
            || (before.iter().any(|w| matches!(*w, "car" | "vehicle")) && last != "id" && last != "code")
        {
            // carNo, vehicle_number, plateNo; not car_id / vehicle_code
            if has("plate") || matches!(last, "no" | "num" | "number" | "nbr") {
                return Some(codes::PLATE);
            }
        }
        if has("officer") || has("military") || has("army") || has("junguanzheng") {
            return Some(codes::OFFICER_CARD);
        }
    }
    match joined {
        "licenseplate" | "licenceplate" | "plateno" | "platenumber" | "platenum" | "carplate"
        | "vehicleplate" => Some(codes::PLATE),
        "officercard" | "officercardno" | "officerid" | "officeridno" | "junguanzheng"
        | "junguanzhenghao" | "militaryid" | "militarycard" => Some(codes::OFFICER_CARD),
        "religiousbelief" | "ethnicgroup" => {
            Some(if joined == "ethnicgroup" { codes::ETHNICITY } else { codes::RELIGION })
        }
        _ => None,
    }
}

/// Chinese (simplified or traditional) field names.
fn cjk_key(seg: &str) -> Option<u16> {
    let mut seg = seg.trim();
    // a qualifier in brackets at the end: `姓名(繁)`, `地址（详细）`
    if let Some(open) = seg.rfind(['(', '（'])
        && open > 0
        && seg.ends_with([')', '）'])
    {
        seg = &seg[..open];
    }
    // a qualifier after `_` or `-`: `姓名_繁體`, `地址-1`
    if let Some(u) = seg.rfind(['_', '-'])
        && u > 0
        && seg[u + 1..].chars().all(|c| super::is_cjk(c) || c.is_ascii_digit())
        && seg[..u].chars().all(super::is_cjk)
    {
        seg = &seg[..u];
    }
    let mut s = seg
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '（' | '）' | '(' | ')' | '*' | '：' | ':'));
    for decor in ["名称", "名稱", "信息", "資訊", "描述", "情况", "情況"] {
        if let Some(rest) = s.strip_suffix(decor)
            && !rest.is_empty()
        {
            s = rest;
        }
    }
    // a code or a bare 名 after a word of a closed type: `民族代码`, `所在城市名` (tried last;
    // never a person: `用户名` is a login, not 用户 + 名)
    cjk_keyword_code(s, true).or_else(|| {
        let rest = ["代码", "代碼", "编码", "編碼", "名"].iter().find_map(|d| s.strip_suffix(d))?;
        let code = (!rest.is_empty()).then(|| cjk_keyword_code(rest, true)).flatten()?;
        (!matches!(code, codes::NAME_ZH | codes::NAME_EN)).then_some(code)
    })
}

/// Names of agents that, followed by 人, are person-name fields (收货人, 持卡人 …).
const PERSON_AGENT: &[&str] = &[
    "联系",
    "聯繫",
    "聯絡",
    "联络",
    "收货",
    "收貨",
    "收件",
    "寄件",
    "发件",
    "發件",
    "持卡",
    "开户",
    "開戶",
    "申请",
    "申請",
    "经办",
    "經辦",
    "负责",
    "負責",
    "监护",
    "監護",
    "投保",
    "被保险",
    "被保險",
    "受益",
    "借款",
    "担保",
    "擔保",
    "付款",
    "收款",
    "乘车",
    "乘車",
    "入住",
    "购票",
    "購票",
    "订票",
    "訂票",
    "预订",
    "預訂",
    "委托",
    "委託",
    "代理",
    "填报",
    "签收",
    "簽收",
    "承办",
    "领取",
    "法",
    "责任",
    "當事",
    "当事",
    "被申请",
    "推荐",
    "介绍",
    "报案",
    "報案",
    "取件",
    "提货",
    "提貨",
    "送货",
    "寄",
    "收",
    "下单",
    "下單",
    "订购",
    "訂購",
    "购买",
    "購買",
];
/// Nouns for a person in a role, written right before the person's name in running text
/// (`客户张三来电`, `车主：李四`, `户名王五`) as well as used as field names.
const PERSON_ROLE_ZH: &[&str] = &[
    "客户",
    "客戶",
    "用户",
    "用戶",
    "车主",
    "車主",
    "户名",
    "戶名",
    "户主",
    "戶主",
    "员工",
    "員工",
    "职工",
    "職工",
    "本人",
    "患者",
    "病人",
    "乘客",
    "旅客",
    "会员",
    "會員",
    "业主",
    "業主",
    "学生",
    "學生",
    "司机",
    "司機",
    "租客",
    "房东",
    "房東",
    "持证人",
    "持證人",
    "持有人",
    "申请人",
    "申請人",
    "当事人",
    "當事人",
    "开户名",
    "開戶名",
    "账户名",
    "賬戶名",
    "收件人",
    "寄件人",
    // an address label's first item is the addressee: `收货信息：张三 138… 浙江省…`
    "收货信息",
    "收貨信息",
    // the verb: `请联系张三`, `麻烦联系李四确认`
    "联系",
    "聯繫",
    "联络",
    "收件信息",
    "收货人信息",
    // the opening of a certificate: `兹证明张三（身份证号…）系我单位职工`
    "兹证明",
    "茲證明",
    "收货人",
    "收貨人",
    "驾驶员",
    "駕駛員",
    "驾驶人",
    "駕駛人",
    "经办人",
    "經辦人",
    "投保人",
    "被保险人",
    "被保險人",
    "受益人",
    "借款人",
    "担保人",
    "擔保人",
    "监护人",
    "監護人",
    "委托人",
    "委託人",
    "负责人",
    "負責人",
    // people in a role written before their name: `来访人员张三`, `访客李四`, `工作人员王五`
    "来访人员",
    "來訪人員",
    "工作人员",
    "工作人員",
    "值班人员",
    "业务员",
    "業務員",
    "快递员",
    "配送员",
    "访客",
    "訪客",
    "来访者",
    "來訪者",
    // salutations: `尊敬的张三，您好`, `亲爱的李四：`
    "尊敬的",
    "親愛的",
    "亲爱的",
    "您好",
];

/// More person-name keywords (those of two characters only as a whole field name).
const PERSON_WORDS_ZH: &[&str] =
    &["联系人", "聯繫人", "聯絡人", "法人代表", "法定代表人", "患者", "病人", "乘客", "客户", "本人"];

/// Keywords that, at the end of the text, name an address.
const ADDRESS_ENDINGS_ZH: &[&str] = &[
    "住址",
    "住所",
    "居住地",
    "户籍所在地",
    "戶籍所在地",
    "家住",
    "住在",
    "通讯地",
    "通訊地",
    "现住",
    "現住",
    "现居",
    "現居",
    "居住于",
    "居住於",
    // `…，男，1980年出生，住浙江省…`: 住 as the verb of an item of a summary
    "，住",
    "、住",
    "寄往",
    "送至",
    "寄至",
    "发往",
    "發往",
    "送到",
    "寄到",
    "发到",
    "發到",
    "送往",
    "配送至",
    "配送到",
    "邮寄至",
    "邮寄到",
    "送达",
    "寄达",
];

/// Verbs and words of origin or residence before a place in running text (`客户来自湖南省`,
/// `常住杭州市`, `公司位于…`, `户籍河南`): the place may be an address, a province or a city
/// ([`codes::LOCATION`]). The verbs of [`ADDRESS_ENDINGS_ZH`] (`家住`, `现居` …) name one too
/// in running text; as field names those stay addresses.
const LOCATION_ENDINGS_ZH: &[&str] = &[
    "来自",
    "來自",
    "常住",
    "定居",
    "户籍",
    "戶籍",
    "祖籍",
    "出生于",
    "出生於",
    "生于",
    "生於",
    "位于",
    "位於",
    "居住在",
    "老家",
    "老家在",
    "出生地",
    "所在地",
    "户籍地",
    "戶籍地",
    "籍贯地",
    "注册地",
    "註冊地",
    "登记地",
    "收货地",
    "收貨地",
    "发货地",
    "目的地",
];

/// The verbs among [`ADDRESS_ENDINGS_ZH`]: in running text they may be followed by a
/// province or a city as well as by an address.
const ADDRESS_VERBS_ZH: &[&str] =
    &["家住", "住在", "现住", "現住", "现居", "現居", "居住于", "居住於", "，住", "、住"];

/// Province fields of three characters, keywords in running text too (`户籍所在省：湖南省`).
const PROVINCE_WORDS_ZH: &[&str] = &["所在省", "所属省", "所屬省"];
/// City fields of three or four characters, keywords in running text too.
const CITY_WORDS_ZH: &[&str] = &["所在市", "所属市", "所屬市", "所在地市"];

/// Every list of keywords [`cjk_keyword_rules_plates`] tests with `ends_with` (the agents + 人 of
/// [`PERSON_AGENT`] aside): the one place [`KEY_BIGRAMS`], [`BIGRAM_FILTER`] and their
/// tests read them from, so that a new list cannot be left out of one of them.
const KEYWORD_LISTS: [&[&str]; 7] = [
    PERSON_ROLE_ZH,
    PERSON_WORDS_ZH,
    ADDRESS_ENDINGS_ZH,
    OTHER_ENDINGS_ZH,
    LOCATION_ENDINGS_ZH,
    PROVINCE_WORDS_ZH,
    CITY_WORDS_ZH,
];

/// Every other keyword [`cjk_keyword_rules_plates`] tests with `ends_with` (for [`KEY_BIGRAMS`]).
const OTHER_ENDINGS_ZH: &[&str] = &[
    "姓名",
    "名字",
    "英文名",
    "性别",
    "性別",
    "民族",
    "族别",
    "族別",
    "宗教信仰",
    "宗教",
    "信仰",
    "军官证",
    "軍官證",
    "号牌号码",
    "號牌號碼",
    "地址",
    "地點",
    "省份",
    "籍贯",
    "籍貫",
    "城市",
];

/// The last two characters of every keyword of two or more characters: in running text
/// (where one-character field names do not count) a keyword can only end where the text's
/// last two characters are one of these, or where it holds a plate / officer-card word.
static KEY_BIGRAMS: std::sync::LazyLock<rustc_hash::FxHashSet<(char, char)>> =
    std::sync::LazyLock::new(|| {
        let mut set = rustc_hash::FxHashSet::default();
        let mut add = |k: &str| {
            let mut it = k.chars().rev();
            if let (Some(l), Some(p)) = (it.next(), it.next()) {
                set.insert((p, l));
            }
        };
        for k in KEYWORD_LISTS.iter().flat_map(|l| l.iter()) {
            add(k);
        }
        for a in PERSON_AGENT {
            add(&format!("{a}人"));
        }
        set
    });

/// Start of the character before the one ending at `end` of the UTF-8 `b`: the byte
/// after a run of at most three continuation bytes (`None` at the start of `b`).
const fn char_start_before(b: &[u8], end: usize) -> Option<usize> {
    let mut i = end;
    while i > 0 {
        i -= 1;
        if b[i] & 0xC0 != 0x80 || end - i == 4 {
            return Some(i);
        }
    }
    None
}

/// The bytes of the last two characters of `b` (at most eight) as a little-endian word, or
/// `None` when `b` holds fewer than two characters.
const fn last_two_chars(b: &[u8]) -> Option<u64> {
    let Some(p) = char_start_before(b, b.len()) else { return None };
    let Some(s) = char_start_before(b, p) else { return None };
    let mut x = 0u64;
    let mut i = s;
    while i < b.len() {
        x |= (b[i] as u64) << (8 * (i - s));
        i += 1;
    }
    Some(x)
}

/// A list of `N` keywords that a text is asked to end with, with the last two characters of
/// each (followed by `tail`) packed as [`last_two_chars`] packs them, and their
/// [`bigram_bit`]s: a text whose own last two characters' bit is clear ends with none of the
/// words, and the list is not walked; when it is set, a word is compared only when its pair
/// is the text's (an integer compare: the walk used to call `memcmp` for each word). (The role
/// nouns and agents are some 130 words, walked for every running-text keyword ending in 人 /
/// 主 / 员 …)
struct Endings<const N: usize> {
    words: &'static [&'static str],
    pairs: [u64; N],
    bits: [u64; 64],
}

impl<const N: usize> Endings<N> {
    /// The pairs and the filter of `words` (`N` of them), each followed by `tail`; every such
    /// word holds two characters or more (else the build fails: a one-character word would
    /// end texts of any pair).
    const fn new(words: &'static [&'static str], tail: &str) -> Self {
        let mut pairs = [0u64; N];
        let mut bits = [0u64; 64];
        let mut k = 0;
        while k < N {
            let (a, t) = (words[k].as_bytes(), tail.as_bytes());
            let mut w = [0u8; 64];
            let mut n = 0;
            while n < a.len() {
                w[n] = a[n];
                n += 1;
            }
            let mut j = 0;
            while j < t.len() {
                w[n] = t[j];
                n += 1;
                j += 1;
            }
            match last_two_chars(w.split_at(n).0) {
                Some(x) => {
                    pairs[k] = x;
                    bits[bigram_bit(x) / 64] |= 1 << (bigram_bit(x) % 64);
                }
                None => panic!("an ending of one character"),
            }
            k += 1;
        }
        Endings { words, pairs, bits }
    }

    /// True when `ends` holds for a word whose pair is `pair`, the last two characters of the
    /// text ([`last_two_chars`]): `ends` is asked only of the words that may end the text.
    fn any(&self, pair: Option<u64>, ends: impl Fn(&str) -> bool) -> bool {
        let Some(x) = pair else { return false };
        let bit = bigram_bit(x);
        self.bits[bit / 64] >> (bit % 64) & 1 != 0
            && self.words.iter().zip(&self.pairs).any(|(k, &p)| p == x && ends(k))
    }

    /// True when `s`, whose last two characters are `pair`, ends with one of the words.
    fn ended_by(&self, s: &str, pair: Option<u64>) -> bool {
        let ended = self.any(pair, |k| s.ends_with(k));
        // the filter never hides a word (every test that reaches the rules checks it)
        #[cfg(test)]
        assert_eq!(ended, self.words.iter().any(|k| s.ends_with(k)), "{s}");
        ended
    }
}

static ROLE_ENDINGS: Endings<{ PERSON_ROLE_ZH.len() }> = Endings::new(PERSON_ROLE_ZH, "");
static AGENT_ENDINGS: Endings<{ PERSON_AGENT.len() }> = Endings::new(PERSON_AGENT, "人");
static ADDRESS_ENDINGS: Endings<{ ADDRESS_ENDINGS_ZH.len() }> = Endings::new(ADDRESS_ENDINGS_ZH, "");
static ADDRESS_VERBS: Endings<{ ADDRESS_VERBS_ZH.len() }> = Endings::new(ADDRESS_VERBS_ZH, "");
static LOCATION_ENDINGS: Endings<{ LOCATION_ENDINGS_ZH.len() }> = Endings::new(LOCATION_ENDINGS_ZH, "");

/// The bit of [`BIGRAM_FILTER`] for a packed pair of characters.
pub(crate) const fn bigram_bit(x: u64) -> usize {
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// A 4096-bit filter of the last two characters of every keyword [`KEY_BIGRAMS`] holds,
/// read from their UTF-8 bytes: no character decoded, no hash table probed. A bit set for
/// every pair in the set (and for some pairs not in it), built at compile time.
pub(crate) static BIGRAM_FILTER: [u64; 64] = {
    let mut f = [0u64; 64];
    let lists = KEYWORD_LISTS;
    let mut l = 0;
    while l < lists.len() {
        let mut k = 0;
        while k < lists[l].len() {
            if let Some(x) = last_two_chars(lists[l][k].as_bytes()) {
                f[bigram_bit(x) / 64] |= 1 << (bigram_bit(x) % 64);
            }
            k += 1;
        }
        l += 1;
    }
    // an agent's last character followed by 人 (E4 BA BA)
    let mut k = 0;
    while k < PERSON_AGENT.len() {
        let a = PERSON_AGENT[k].as_bytes();
        let mut w = [0u8; 8];
        let mut n = 0;
        if let Some(p) = char_start_before(a, a.len()) {
            let mut i = p;
            while i < a.len() {
                w[n] = a[i];
                n += 1;
                i += 1;
            }
        }
        w[n] = 0xE4;
        w[n + 1] = 0xBA;
        w[n + 2] = 0xBA;
        if let Some(x) = last_two_chars(w.split_at(n + 3).0) {
            f[bigram_bit(x) / 64] |= 1 << (bigram_bit(x) % 64);
        }
        k += 1;
    }
    f
};

/// A cheap necessary condition for [`may_end_keyword_plates`] on any suffix of `b` (holding the
/// same last two characters): the last two characters pass [`BIGRAM_FILTER`], or `b`
/// holds a plate / officer-card word among its last eight characters (the window the rules
/// see), looked for only when one of those characters is 牌 or 官.
fn may_end_keyword_quick(b: &[u8], plate_free: bool) -> bool {
    // two three-byte characters at the end (running Chinese text): one load, no walk
    let tail = b.len().checked_sub(8).and_then(|s| b.get(s..)).and_then(|w| w.try_into().ok());
    let pair = match tail.map(u64::from_le_bytes) {
        Some(w) if w >> 16 & 0xF0 == 0xE0 && w >> 40 & 0xF0 == 0xE0 => Some(w >> 16),
        _ => last_two_chars(b),
    };
    if let Some(x) = pair
        && BIGRAM_FILTER[bigram_bit(x) / 64] >> (bigram_bit(x) % 64) & 1 != 0
    {
        return true;
    }
    !plate_free && window_has_plate_char(b) && has_plate_or_officer_word(b)
}

/// True when one of the last eight characters of the UTF-8 `b` is 牌 or 官, which every
/// plate / officer-card word holds: eight steps back by character, one compare each
/// (where a byte search would stop at the many characters whose middle byte is 牌's).
fn window_has_plate_char(b: &[u8]) -> bool {
    let mut e = b.len();
    let mut k = 0;
    // (fewer than three bytes left hold no three-byte character)
    while k < 8 && e >= 3 {
        match b[e - 3..e] {
            [0xE7, 0x89, 0x8C] | [0xE5, 0xAE, 0x98] => return true,
            // a three-byte character ends here (`e` is a character boundary)
            [l, _, _] if l & 0xF0 == 0xE0 => e -= 3,
            _ => match char_start_before(b, e) {
                Some(s) => e = s,
                None => return false,
            },
        }
        k += 1;
    }
    false
}

/// True when `s` holds 车牌 / 車牌 / 军官证 / 軍官證 (a byte loop: `s` is a few characters).
fn has_plate_or_officer_word(s: &[u8]) -> bool {
    const WORDS: [&[u8]; 4] =
        ["车牌".as_bytes(), "車牌".as_bytes(), "军官证".as_bytes(), "軍官證".as_bytes()];
    // Each word's second character is 牌 (E7 89 8C) or 官 (E5 AE 98): look for its middle
    // byte, then compare the word that would start four bytes before.
    // (Both bytes are rarer in Chinese text than the words' lead bytes E8 / E5.)
    (4..s.len()).any(|p| matches!(s[p], 0x89 | 0xAE) && WORDS.iter().any(|w| s[p - 4..].starts_with(w)))
}

/// [`may_end_keyword_plates`] not told about plates (the tests' entry).
#[cfg(test)]
fn may_end_keyword(s: &str) -> bool {
    may_end_keyword_plates(s, None)
}

/// A cheap necessary condition for [`cjk_keyword_rules_plates`]`(s, false, plates)`: the
/// last two characters end a keyword, or a plate / officer-card word occurs (`plates`: whether
/// `s` holds one, when the caller knows).
fn may_end_keyword_plates(s: &str, plates: Option<bool>) -> bool {
    let mut it = s.chars().rev();
    let (Some(l), Some(p)) = (it.next(), it.next()) else { return false };
    KEY_BIGRAMS.contains(&(p, l)) || plates.unwrap_or_else(|| has_plate_or_officer_word(s.as_bytes()))
}

/// Words before 地址 that make it a network / mail address.
const NON_POSTAL_ZH: &[&str] = &[
    "IP",
    "ip",
    "Ip",
    "MAC",
    "mac",
    "Mac",
    "邮箱",
    "郵箱",
    "邮件",
    "郵件",
    "电子邮件",
    "電子郵件",
    "网站",
    "網站",
    "网页",
    "網頁",
    "服务器",
    "伺服器",
    "链接",
    "鏈接",
    "钱包",
    "錢包",
    "回调",
    "跳转",
    "接口",
    "图片",
    "圖片",
    "下载",
    "下載",
    "访问",
    "訪問",
    "请求",
    "請求",
    "源",
    "目标",
    "目的",
    "网关",
    "網關",
    "代理",
    "物理",
    "内存",
    "合约",
    "区块",
];

/// The type a Chinese keyword names. `whole` = the keyword is the whole field name (so
/// one-character keys like 省 / 市 count); in running text they do not.
/// Last characters of the person-name keywords (see [`name_keyword`]).
fn is_name_final(c: char) -> bool {
    matches!(
        c,
        '名' | '字'
            | '人'
            | '表'
            | '者'
            | '客'
            | '户'
            | '戶'
            | '主'
            | '工'
            | '员'
            | '員'
            | '生'
            | '机'
            | '機'
            | '东'
            | '東'
            | '的'
            | '好'
            | '息'
            | '系'
            | '繫'
            | '络'
            | '明'
    )
}

/// Last characters of the other keywords of [`cjk_keyword_code`].
fn is_other_final(c: char) -> bool {
    matches!(
        c,
        '别' | '別'
            | '族'
            | '教'
            | '仰'
            | '证'
            | '證'
            | '码'
            | '碼'
            | '号'
            | '號'
            | '牌'
            | '址'
            | '點'
            | '住'
            | '所'
            | '地'
            | '在'
            | '居'
            | '于'
            | '於'
            | '往'
            | '至'
            | '到'
            | '达'
            | '份'
            | '贯'
            | '貫'
            | '省'
            | '市'
            | '自'
            | '籍'
            | '家'
    )
}

/// True when any of `pats` occurs in `h` (short haystacks: a compare per candidate start).
fn has_any(h: &[u8], pats: &[&str]) -> bool {
    pats.iter().any(|p| {
        let p = p.as_bytes();
        h.len() >= p.len() && (0..=h.len() - p.len()).any(|i| h[i] == p[0] && &h[i..i + p.len()] == p)
    })
}

/// The person-name keywords: `…姓名`, `…名字`, role nouns (`客户`, `车主`), agents + 人
/// (`收货人`), `英文名`.
/// `pair`: the last two characters of `s` ([`last_two_chars`]).
fn name_keyword(s: &str, whole: bool, pair: Option<u64>) -> Option<u16> {
    if s.ends_with("姓名")
        || s.ends_with("名字") && !s.ends_with("用户名字")
        || ROLE_ENDINGS.ended_by(s, pair) && !s.ends_with("用户名") && !s.ends_with("用戶名")
        || PERSON_WORDS_ZH.iter().any(|k| s.ends_with(k) && (whole || k.chars().count() > 2))
    {
        // both 英 (E8 8B B1) and 拼 (E6 8B BC) hold the byte 8B: a text without it holds
        // neither word, and is not searched for them
        if s.as_bytes().contains(&0x8B)
            && (has_any(s.as_bytes(), &["英文"]) || has_any(s.as_bytes(), &["拼音"]))
        {
            return Some(codes::NAME_EN);
        }
        return Some(codes::NAME_ZH);
    }
    if s == "英文名" || s.ends_with("英文名") {
        return Some(codes::NAME_EN);
    }
    let person = AGENT_ENDINGS.any(pair, |a| s.strip_suffix('人').is_some_and(|g| g.ends_with(a)));
    #[cfg(test)]
    assert_eq!(
        person,
        s.strip_suffix('人').is_some_and(|g| PERSON_AGENT.iter().any(|a| g.ends_with(a))),
        "{s}"
    );
    if person {
        return Some(codes::NAME_ZH);
    }
    None
}

fn cjk_keyword_code(s: &str, whole: bool) -> Option<u16> {
    cjk_keyword_code_plates(s, whole, None)
}

/// [`cjk_keyword_code`] told whether `s` holds a plate / officer-card word, when the caller
/// knows (`Some(false)` for a text without 牌 and 官): the search for the words, which the
/// precheck and the rules would each run, is spared.
fn cjk_keyword_code_plates(s: &str, whole: bool, plates: Option<bool>) -> Option<u16> {
    #[cfg(test)]
    assert!(plates.is_none_or(|p| p == has_plate_or_officer_word(s.as_bytes())), "{s}");
    if !whole && !may_end_keyword_plates(s, plates) {
        return None;
    }
    cjk_keyword_rules_plates(s, whole, plates)
}

/// [`cjk_keyword_rules_plates`] not told about plates (the tests' entry).
#[cfg(test)]
fn cjk_keyword_rules(s: &str, whole: bool) -> Option<u16> {
    cjk_keyword_rules_plates(s, whole, None)
}

/// The keyword rules of [`cjk_keyword_code`], told whether `s` holds a plate / officer-card
/// word when the caller knows (`plates`).
fn cjk_keyword_rules_plates(s: &str, whole: bool, plates: Option<bool>) -> Option<u16> {
    // Each rule needs its keyword's last character at the end of `s` (or a plate / officer
    // card word somewhere in it): dispatching on that character first keeps running text,
    // where most characters end no keyword, to one test.
    let last = s.chars().next_back()?;
    let pair = last_two_chars(s.as_bytes());
    if is_name_final(last)
        && let Some(code) = name_keyword(s, whole, pair)
    {
        return Some(code);
    }
    // whether `s` holds a plate / officer-card word anywhere, settled once by the search for
    // their middle bytes (the words' own searches below only run when it does)
    let plate_words = plates.unwrap_or_else(|| has_plate_or_officer_word(s.as_bytes()));
    if !is_other_final(last) && !plate_words {
        return None;
    }
    if s.ends_with("性别") || s.ends_with("性別") {
        return Some(codes::GENDER);
    }
    if s.ends_with("民族") || s.ends_with("族别") || s.ends_with("族別") {
        return Some(codes::ETHNICITY);
    }
    if s.ends_with("宗教信仰") || s.ends_with("宗教") || s.ends_with("信仰") {
        return Some(codes::RELIGION);
    }
    if s.ends_with("军官证")
        || s.ends_with("軍官證")
        || plate_words && (has_any(s.as_bytes(), &["军官证"]) || has_any(s.as_bytes(), &["軍官證"]))
    {
        return Some(codes::OFFICER_CARD);
    }
    if plate_words && (has_any(s.as_bytes(), &["车牌"]) || has_any(s.as_bytes(), &["車牌"]))
        || s.ends_with("号牌号码")
        || s.ends_with("號牌號碼")
    {
        return Some(codes::PLATE);
    }
    if let Some(before) = s.strip_suffix("地址").or_else(|| s.strip_suffix("地點")) {
        let network = NON_POSTAL_ZH.iter().any(|w| before.ends_with(w));
        return (!network).then_some(codes::ADDRESS);
    }
    // an address noun (`住址`, `户籍所在地`) names an address; a verb of residence or origin
    // (`现住`, `来自`, `常住`) in running text names a place of any size
    let address = ADDRESS_ENDINGS.ended_by(s, pair);
    let verb = ADDRESS_VERBS.ended_by(s, pair);
    if address && !verb {
        return Some(codes::ADDRESS);
    }
    if !whole && (verb || LOCATION_ENDINGS.ended_by(s, pair)) {
        return Some(codes::LOCATION);
    }
    if address {
        return Some(codes::ADDRESS);
    }
    if s.ends_with("省份")
        || s.ends_with("籍贯")
        || s.ends_with("籍貫")
        || PROVINCE_WORDS_ZH.iter().any(|k| s.ends_with(k))
        || (whole && s == "省")
    {
        return Some(codes::PROVINCE);
    }
    if s.ends_with("城市")
        || CITY_WORDS_ZH.iter().any(|k| s.ends_with(k))
        || (whole && matches!(s, "市" | "地市"))
    {
        return Some(codes::CITY);
    }
    None
}

/// Last words of an English label that name nothing alone but do with the word before them
/// (`Ethnic group`, `Religious belief`): the scanner's prefilter lets the phrase rules see
/// such a word when a space and another word precede it. (The number words of `Plate no` /
/// `Officer card` are left out: plates and officer cards are found by their shape, and
/// letting every `… no:` / `… id=` of a log line through cost 0.45 M instructions on the
/// eval sample for nothing found.)
pub(crate) fn completes_label(word: &str) -> bool {
    word.eq_ignore_ascii_case("group") || word.eq_ignore_ascii_case("belief")
}

/// The fuzzy type named by the words just before a value in free text: `性别：`,
/// `民族:`, `籍贯`, `家住`, `收货地址：`, `Religion: `, `his religion is ` (half- or
/// full-width separators, spaces). English words need a separator (`:`/`=`) or `is`.
pub fn phrase_hint(prefix: &str) -> Option<u16> {
    phrase_hint_with(prefix, &mut key_hint_detail)
}

/// [`phrase_hint`] with the field-name look-up supplied (the scanner passes its cache of
/// [`key_hint_detail`] results).
pub(crate) fn phrase_hint_with(prefix: &str, key: &mut impl FnMut(&str) -> Option<KeyHint>) -> Option<u16> {
    phrase_hint_in_text(prefix, false, key)
}

/// [`phrase_hint_with`] told whether `prefix` holds neither 牌 nor 官 (`plate_free`): then it
/// holds no plate / officer-card word either, and the scanner, which meets those characters
/// anyway as it walks running text, spares the rules the look for them in every window.
pub(crate) fn phrase_hint_in_text(
    prefix: &str,
    plate_free: bool,
    key: &mut impl FnMut(&str) -> Option<KeyHint>,
) -> Option<u16> {
    // The scanner asks this after every keyword-final character of running Chinese text.
    // A text ending in a Chinese character other than 是 / 为 / 為 / 叫 has no space, no
    // separator and nothing to trim at its end and is no speaker phrase, so the general
    // path below would go straight to the keyword rules: go there at once.
    if let Some(l) = prefix.chars().next_back()
        && super::is_cjk(l)
        && !matches!(l, '是' | '为' | '為' | '叫')
    {
        // most such characters end no keyword: a filter on the last two characters' bytes
        // (and on plate / officer words anywhere in the text, a superset of the window's)
        // answers before the window is cut
        if !may_end_keyword_quick(prefix.as_bytes(), plate_free) {
            return None;
        }
        let start = prefix.char_indices().rev().nth(7).map_or(0, |(i, _)| i);
        // (a text without 牌 and 官 holds no plate / officer-card word)
        return cjk_keyword_code_plates(&prefix[start..], false, plate_free.then_some(false));
    }
    phrase_hint_general(prefix, key)
}

/// [`phrase_hint_with`] for any text (its simple definition, which its fast path is
/// tested against).
fn phrase_hint_general(prefix: &str, key: &mut impl FnMut(&str) -> Option<KeyHint>) -> Option<u16> {
    let ws = |c: char| c.is_whitespace() || c == '\u{3000}';
    let t = prefix.trim_end_matches(ws);
    let (t, separated) = match t.strip_suffix([':', '：', '=', '＝']) {
        Some(rest) => (rest.trim_end_matches(ws), true),
        None => (t, false),
    };
    // a speaker naming themself: 我是 / 我叫 / 本人是
    if !separated && ["我是", "我叫", "我名叫", "本人是"].iter().any(|k| t.ends_with(k)) {
        return Some(codes::NAME_ZH);
    }
    // Chinese: a keyword at the very end, possibly followed by 是 / 为.
    let t_zh = if separated { t } else { t.trim_end_matches(['是', '为', '為']) };
    if t_zh.ends_with(super::is_cjk) {
        // Only the last few characters matter; keep the whole-key rules off.
        let start = t_zh.char_indices().rev().nth(7).map_or(0, |(i, _)| i);
        return cjk_keyword_code(&t_zh[start..], false);
    }
    // English: the last one to three words, e.g. `Religion`, `Home address`, `Full name`.
    let (t_en, separated) = match strip_ascii_word_suffix(t, &["is", "was", "are", "were"]) {
        Some(rest) => (rest, true),
        None => (t, separated),
    };
    if !separated {
        return None;
    }
    let word_start = |end: usize| {
        let bytes = t_en.as_bytes();
        let mut i = end;
        while i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'_' | b'-')) {
            i -= 1;
        }
        i
    };
    let w1 = word_start(t_en.len());
    if w1 == t_en.len() {
        return None;
    }
    let two_words = |head: &str| {
        let w2 = word_start(head.len());
        (w2 < head.len()).then_some(w2)
    };
    let Some(last) = key(&t_en[w1..]) else {
        // a label whose last word names nothing alone: `Ethnic group: `
        let head = t_en[..w1].strip_suffix(' ')?;
        if !completes_label(&t_en[w1..]) {
            return None;
        }
        let w2 = two_words(head)?;
        return key(&t_en[w2..]).map(|k| k.code);
    };
    // One word before it, separated by one space: `Full name`, `IP address`, `user name`.
    let Some(head) = t_en[..w1].strip_suffix(' ') else { return Some(last.code) };
    let Some(w2) = two_words(head) else { return Some(last.code) };
    match key(&t_en[w2..]) {
        Some(two) => Some(two.code),
        // The word before turns it into something else (`IP address`, `user name`).
        None if last.ambiguous || last.code == codes::ADDRESS => None,
        None => Some(last.code),
    }
}

/// English labels of the closed-vocabulary types, lower-case, with the type each names.
/// In running text these may come straight before their value with only a space between
/// (`Gender M, religion Buddhism, ethnic group Hui`, `practises Islam`), where a field name
/// needs `:` or `is`. (`group` counts only as `ethnic group`.)
const EN_LABELS: &[(&str, u16)] = &[
    ("gender", codes::GENDER),
    ("sex", codes::GENDER),
    ("religion", codes::RELIGION),
    ("faith", codes::RELIGION),
    ("belief", codes::RELIGION),
    ("ethnicity", codes::ETHNICITY),
    ("nationality", codes::ETHNICITY),
    ("group", codes::ETHNICITY),
    // the verb of a faith: `practises Islam`, `practices Buddhism`
    ("practises", codes::RELIGION),
    ("practices", codes::RELIGION),
];

/// The ASCII word of `b` starting at `s` (letters only), lower-cased and packed into a
/// `u128` (first letter lowest), and its length; `None` when it is longer than twelve
/// letters. Labels and copulas are at most eleven letters: a word is compared with all of
/// them in a few integer compares, not a string compare each.
fn packed_word(b: &[u8], s: usize) -> Option<(u128, usize)> {
    let mut x = 0u128;
    let mut n = 0;
    while let Some(&c) = b.get(s + n) {
        if !c.is_ascii_alphabetic() {
            break;
        }
        if n == 12 {
            return None;
        }
        x |= u128::from(c | 0x20) << (8 * n);
        n += 1;
    }
    Some((x, n))
}

/// [`packed_word`] of a label (at compile time).
const fn pack_label(w: &str) -> u128 {
    let w = w.as_bytes();
    let mut x = 0u128;
    let mut n = 0;
    while n < w.len() {
        x |= (w[n] as u128) << (8 * n);
        n += 1;
    }
    x
}

/// [`EN_LABELS`] packed: (word, length, code).
const EN_LABELS_PACKED: [(u128, usize, u16); EN_LABELS.len()] = {
    let mut t = [(0u128, 0usize, 0u16); EN_LABELS.len()];
    let mut k = 0;
    while k < EN_LABELS.len() {
        t[k] = (pack_label(EN_LABELS[k].0), EN_LABELS[k].0.len(), EN_LABELS[k].1);
        k += 1;
    }
    t
};

/// The copulas that may stand between a label and its value: `is`, `was`, `are`.
const COPULAS: [(u128, usize); 3] = [(pack_label("is"), 2), (pack_label("was"), 3), (pack_label("are"), 3)];

/// Start of the ASCII word that ends at `e` (at most thirteen letters back: longer words
/// are no label, and [`packed_word`] refuses them).
fn word_start_before(b: &[u8], e: usize) -> usize {
    let mut s = e;
    while s > 0 && e - s <= 12 && b[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    s
}

/// The type the English label word at `s` names (`group` only as `ethnic group`), with
/// the word's end.
fn en_label_at(b: &[u8], s: usize) -> Option<(u16, usize)> {
    let (x, n) = packed_word(b, s)?;
    let &(_, _, code) = EN_LABELS_PACKED.iter().find(|l| l.0 == x && l.1 == n)?;
    if n == 5 && x == EN_LABELS_PACKED[7].0 {
        // `ethnic group`: the word before must be `ethnic`
        let e = s.checked_sub(1).filter(|&e| b[e] == b' ')?;
        let ws = word_start_before(b, e);
        return b[ws..e].eq_ignore_ascii_case(b"ethnic").then_some((code, s + n));
    }
    Some((code, s + n))
}

/// True when the ASCII word at `s` is a copula ([`COPULAS`]); its end.
fn copula_at(b: &[u8], s: usize) -> Option<usize> {
    let (x, n) = packed_word(b, s)?;
    COPULAS.iter().any(|c| c.0 == x && c.1 == n).then_some(s + n)
}

/// The four bytes of `b` at `s` as a little-endian word with each byte's 0x20 bit set
/// (ASCII letters lower-cased; 0 past the end): a prefilter word for the label tests.
#[inline]
fn low4(b: &[u8], s: usize) -> u32 {
    b.get(s..s + 4).map_or(0, |w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) | 0x2020_2020)
}

/// The first (or, with `tail`, the last) four letters of every label of [`EN_LABELS`] of
/// four letters or more, as [`low4`] words: the prefilter tables derive from the list.
const fn label_words4(tail: bool) -> [u32; 9] {
    let mut t = [0u32; 9];
    let (mut i, mut k) = (0, 0);
    while i < EN_LABELS.len() {
        let w = EN_LABELS[i].0.as_bytes();
        if w.len() >= 4 {
            let s = if tail { w.len() - 4 } else { 0 };
            t[k] = u32::from_le_bytes([w[s], w[s + 1], w[s + 2], w[s + 3]]);
            k += 1;
        }
        i += 1;
    }
    assert!(k == t.len(), "every label of four letters or more has a slot");
    t
}

/// Whether a word starting with the four bytes `x` ([`low4`]) may be a label: the first
/// four letters of one, or `sex`.
#[inline]
fn label_head(x: u32) -> bool {
    const HEADS: [u32; 9] = label_words4(false);
    HEADS.contains(&x) || x & 0x00FF_FFFF == u32::from_le_bytes(*b"sex\0")
}

/// Whether a word ending with the four bytes `x` ([`low4`]) may be a label or a copula:
/// the last four letters of a label, or the last three of `sex`, `was`, `are`, ` is`.
#[inline]
fn label_tail(x: u32) -> bool {
    const TAILS: [u32; 9] = label_words4(true);
    const TAILS3: [u32; 4] = [
        u32::from_le_bytes(*b"\0sex") >> 8,
        u32::from_le_bytes(*b"\0was") >> 8,
        u32::from_le_bytes(*b"\0are") >> 8,
        u32::from_le_bytes(*b"\0 is") >> 8,
    ];
    TAILS.contains(&x) || TAILS3.contains(&(x >> 8))
}

/// False when [`english_label_value_at`] certainly finds nothing at `p`: the word at `p` does
/// not start like a label, and it follows no space after a word that ends like a label or a
/// copula. Exactly the two prefilters that open the two halves of that function, inlined in
/// the name pass so that the common capitalised word, neither label nor value, costs no
/// call. (`p` is the start of a word; past the end every test is false.)
#[inline]
pub(crate) fn english_label_may_be_at(b: &[u8], p: usize) -> bool {
    label_head(low4(b, p)) || (p >= 2 && b[p - 1] == b' ' && (p < 5 || label_tail(low4(b, p - 5))))
}

/// A closed-vocabulary value in English running text next to its label with only a space
/// (or ` is `) between, found from the capitalised word at `p` (the name pass visits each):
/// either the word is the label (`Gender M`, `Ethnicity is Hui`; `Religion: ` is left to
/// the separator rules) and the value follows, or the word is the value (`religion
/// Buddhism`, `ethnicity is Hui`) and the label precedes it. Returns the value's span and
/// type. Labels start with one of a few letters and end in one of a few: most capitalised
/// words are refused on those two bytes.
pub(crate) fn english_label_value_at(t: &str, p: usize) -> Option<(usize, usize, u16)> {
    let b = t.as_bytes();
    // the word is a label, the value follows after one space (or after ` is `)
    if label_head(low4(b, p))
        && let Some((code, end)) = en_label_at(b, p)
        && b.get(end) == Some(&b' ')
    {
        let mut v = end + 1;
        if let Some(e2) = copula_at(b, v)
            && b.get(e2) == Some(&b' ')
        {
            v = e2 + 1;
        }
        if let Some(n) = super::match_type(code, &t[v..]) {
            return Some((v, v + n, code));
        }
    }
    // the word is a value, its label precedes it after one space (or before ` is `)
    if p < 2 || b[p - 1] != b' ' || (p >= 5 && !label_tail(low4(b, p - 5))) {
        return None;
    }
    let mut ls = word_start_before(b, p - 1);
    if copula_at(b, ls).is_some_and(|e| e == p - 1) {
        ls = word_start_before(b, ls.checked_sub(1).filter(|&e| b[e] == b' ')?);
    }
    let (code, _) = en_label_at(b, ls)?;
    let n = super::match_type(code, &t[p..])?;
    Some((p, p + n, code))
}

/// `t` without a trailing ASCII word from `words` (case-insensitive, whole word).
fn strip_ascii_word_suffix<'a>(t: &'a str, words: &[&str]) -> Option<&'a str> {
    for w in words {
        if t.len() > w.len() && t.is_char_boundary(t.len() - w.len()) {
            let (head, tail) = t.split_at(t.len() - w.len());
            if tail.eq_ignore_ascii_case(w) && head.ends_with(' ') {
                return Some(head.trim_end());
            }
        }
    }
    None
}

/// Calls `f` on every word of one to four hex digits, either case (245,410 words): the
/// shortcuts for such keys rest on none of them naming a field.
#[cfg(test)]
pub(crate) fn each_short_hex_word(mut f: impl FnMut(&str)) {
    let digits = b"0123456789abcdefABCDEF";
    let mut word = Vec::new();
    for n in 1..=4u32 {
        for mut i in 0..digits.len().pow(n) {
            word.clear();
            for _ in 0..n {
                word.push(digits[i % digits.len()]);
                i /= digits.len();
            }
            f(std::str::from_utf8(&word).unwrap_or_default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codes::*;

    /// No segment of one to four hex digits names a field: the rules themselves answer
    /// `None` for every one (the shortcut of [`key_hint_detail`] relies on it).
    #[test]
    fn short_hex_segments_name_nothing() {
        each_short_hex_word(|w| assert_eq!(segment_hint(w), None, "{w}"));
    }

    proptest::proptest! {
        /// The fast path for texts ending in a Chinese character answers what the general
        /// path answers (keywords, their final characters, 是/为/叫, separators, spaces).
        #[test]
        fn phrase_fast_path_agrees_with_the_general_path(
            s in "(性别|民族|地址|现住|姓名|联系人|车牌号|军官证|我叫|我是|本人|是|为|為|叫|客户|居住|名|人|住|：|:| |\u{3000}|a|Name|中|，)*"
        ) {
            proptest::prop_assert_eq!(
                phrase_hint_with(&s, &mut key_hint_detail),
                phrase_hint_general(&s, &mut key_hint_detail)
            );
        }
    }

    /// The simple definition of [`english_label_value_at`]: words as strings.
    fn label_value_ref(t: &str, p: usize) -> Option<(usize, usize, u16)> {
        let b = t.as_bytes();
        let word_from = |s: usize| {
            let e = s + b[s..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
            (&t[s..e], e)
        };
        let word_before = |e: usize| {
            let s = e - b[..e].iter().rev().take_while(|c| c.is_ascii_alphabetic()).count();
            (&t[s..e], s)
        };
        let copula = |w: &str| ["is", "was", "are"].iter().any(|c| w.eq_ignore_ascii_case(c));
        let label = |w: &str, s: usize| -> Option<u16> {
            let found = EN_LABELS.iter().find(|(l, _)| w.eq_ignore_ascii_case(l))?;
            if found.0 == "group" {
                let e = s.checked_sub(1).filter(|&e| b[e] == b' ')?;
                return word_before(e).0.eq_ignore_ascii_case("ethnic").then_some(found.1);
            }
            Some(found.1)
        };
        let (w, end) = word_from(p);
        if let Some(code) = label(w, p)
            && b.get(end) == Some(&b' ')
        {
            let mut v = end + 1;
            let (w2, e2) = word_from(v);
            if copula(w2) && b.get(e2) == Some(&b' ') {
                v = e2 + 1;
            }
            if let Some(n) = super::super::match_type(code, &t[v..]) {
                return Some((v, v + n, code));
            }
        }
        if p == 0 || b[p - 1] != b' ' {
            return None;
        }
        let (mut lw, mut ls) = word_before(p - 1);
        if copula(lw) {
            let e = ls.checked_sub(1).filter(|&e| b[e] == b' ')?;
            (lw, ls) = word_before(e);
        }
        let code = label(lw, ls)?;
        let n = super::super::match_type(code, &t[p..])?;
        Some((p, p + n, code))
    }

    proptest::proptest! {
        #[test]
        fn english_labels_agree_with_the_word_definition(
            words in proptest::collection::vec(
                "(Gender|gender|SEX|Sex|religion|Religion|faith|ethnic|Ethnic|group|ethnicity|nationality|Nationality|internationality|is|IS|was|are|Buddhism|Hui|Islam|female|Male|M|F|Han|xreligion|grouping|ethnicityy|Catholic|practises|Practices|practised|中)",
                0..8,
            ),
            seps in proptest::collection::vec("( |, |  |:| is |x)", 8),
        ) {
            let mut t = String::new();
            for (k, w) in words.iter().enumerate() {
                t.push_str(w);
                t.push_str(&seps[k]);
            }
            for p in 0..t.len() {
                if t.as_bytes()[p].is_ascii_alphabetic() {
                    let want = label_value_ref(&t, p);
                    proptest::prop_assert_eq!(english_label_value_at(&t, p), want, "{:?} at {}", t, p);
                    // the inlined prefilter never refuses a position that holds a value
                    proptest::prop_assert!(want.is_none() || english_label_may_be_at(t.as_bytes(), p), "{:?} at {}", t, p);
                }
            }
        }
    }

    #[test]
    fn every_role_noun_ends_in_a_dispatched_character() {
        for k in PERSON_ROLE_ZH {
            let last = k.chars().next_back().unwrap();
            assert!(is_name_final(last), "{k}");
            assert_eq!(cjk_keyword_code(k, false), Some(NAME_ZH), "{k}");
        }
        assert_eq!(cjk_keyword_code("车牌号码", false), Some(PLATE));
        assert_eq!(cjk_keyword_code("军官证件", false), Some(OFFICER_CARD));
        assert_eq!(cjk_keyword_code("户籍所在地", false), Some(ADDRESS));
        assert_eq!(cjk_keyword_code("，现住", false), Some(LOCATION));
        assert_eq!(cjk_keyword_code("现住", true), Some(ADDRESS));
        assert_eq!(cjk_keyword_code("客户来自", false), Some(LOCATION));
        assert_eq!(cjk_keyword_code("来自", true), None);
        assert_eq!(cjk_keyword_code("今天天气很好", false), None);
    }

    /// Every keyword, with text before it, passes the running-text precheck.
    #[test]
    fn every_keyword_passes_the_precheck() {
        let agents: Vec<String> = PERSON_AGENT.iter().map(|a| format!("{a}人")).collect();
        let all =
            KEYWORD_LISTS.iter().flat_map(|l| l.iter()).copied().chain(agents.iter().map(String::as_str));
        for k in all {
            for pre in ["", "我的", "a"] {
                let s = format!("{pre}{k}");
                if cjk_keyword_rules(&s, false).is_some() {
                    assert!(may_end_keyword(&s), "{s}");
                }
            }
        }
        assert!(may_end_keyword("车牌号码京"));
        assert!(!may_end_keyword("今天天气很好"));
    }

    proptest::proptest! {
        /// The precheck never hides a keyword: over the keywords' own characters, the rules
        /// with and without it agree.
        #[test]
        fn precheck_agrees_with_the_rules(s in "[姓名字英文性别別民族宗教信仰军官证軍證车車牌号號码碼地址點住所居在于於往至份籍贯貫省市城户戶客主人员員工生机東东者联系收货寄法用的我是]{0,8}") {
            proptest::prop_assert_eq!(cjk_keyword_code(&s, false), cjk_keyword_rules(&s, false), "{}", s);
        }
    }

    proptest::proptest! {
        /// The byte filter passes whatever the exact precheck passes, on a text and with any
        /// text before it (keyword characters, ASCII, a four-byte character).
        #[test]
        fn quick_precheck_passes_what_the_precheck_passes(
            s in "[姓名字英文性别別民族宗教信仰军官证軍證车車牌号號码碼地址點住所居在于於往至份籍贯貫省市城户戶客主人员員工生机東东者联系收货寄法用的我是a\u{1F600}]{0,8}",
            pre in "[中a，\u{1F600}]{0,3}",
        ) {
            if may_end_keyword(&s) {
                proptest::prop_assert!(may_end_keyword_quick(s.as_bytes(), false), "{}", s);
                let long = format!("{pre}{s}");
                proptest::prop_assert!(may_end_keyword_quick(long.as_bytes(), false), "{}", long);
            }
        }
    }

    proptest::proptest! {
        /// The backward character walk agrees with a search of the last eight characters
        /// (the two characters, their first byte pairs in other characters, one-, two- and
        /// four-byte characters).
        #[test]
        fn plate_chars_agree_with_the_last_eight_characters(s in "[牌官版宏车军a é\u{1F600}]{0,12}") {
            let want = s.chars().rev().take(8).any(|c| c == '牌' || c == '官');
            proptest::prop_assert_eq!(window_has_plate_char(s.as_bytes()), want, "{}", s);
        }

        /// Around plate and officer-card words the byte filter still passes what the exact
        /// precheck passes on the rules' window.
        #[test]
        fn quick_precheck_keeps_plate_words(
            s in "(车牌|車牌|军官证|軍官證|牌|官|号|码|性别|中|a|，)*"
        ) {
            let start = s.char_indices().rev().nth(7).map_or(0, |(i, _)| i);
            if may_end_keyword(&s[start..]) {
                proptest::prop_assert!(may_end_keyword_quick(s.as_bytes(), false), "{}", s);
            }
        }
    }

    proptest::proptest! {
        /// Told that a text holds no 牌 / 官 exactly when it does not, the phrase look-up
        /// answers what the general path answers (plate and officer-card words, keywords,
        /// role nouns and address endings whose lists are filtered by their last two
        /// characters, their characters alone, 是 / 叫, separators).
        #[test]
        fn plate_free_phrases_agree_with_the_general_path(
            s in "(车牌|車牌|军官证|軍官證|牌|官|号|性别|民族|姓名|联系人|住址|地址|现住|户籍|户籍所在地|车牌号|收货人|法人|车主|学生|居住在|来自|，住|寄往|所在市|所在省|我叫|是|为|居|住|在|人|主|员|地|自|往|：|，| |a|中)*"
        ) {
            let plate_free = !s.contains(['牌', '官']);
            proptest::prop_assert_eq!(
                phrase_hint_in_text(&s, plate_free, &mut key_hint_detail),
                phrase_hint_general(&s, &mut key_hint_detail)
            );
        }
    }

    /// Every pair of [`KEY_BIGRAMS`] passes the byte filter.
    #[test]
    fn every_keyword_bigram_passes_the_filter() {
        for &(p, l) in KEY_BIGRAMS.iter() {
            let s = format!("{p}{l}");
            assert!(may_end_keyword_quick(s.as_bytes(), false), "{s}");
            assert!(may_end_keyword_quick(format!("今天{s}").as_bytes(), false), "{s}");
        }
        assert!(!may_end_keyword_quick("今天天气很好".as_bytes(), false));
        assert!(!may_end_keyword_quick("好".as_bytes(), false));
        assert!(!may_end_keyword_quick(b"", false));
    }

    proptest::proptest! {
        /// The middle-byte search finds the words the plain search finds.
        #[test]
        fn plate_or_officer_words_agree_with_the_simple_definition(s in "[车車牌军軍官证證号码a ]{0,10}") {
            let b = s.as_bytes();
            let words = ["车牌", "車牌", "军官证", "軍官證"];
            let want = (0..b.len()).any(|i| words.iter().any(|w| b[i..].starts_with(w.as_bytes())));
            proptest::prop_assert_eq!(has_plate_or_officer_word(b), want);
            // (what lets the keyword rules skip each word's own search when it is false)
            for w in words {
                proptest::prop_assert!(!has_any(b, &[w]) || has_plate_or_officer_word(b));
            }
        }

        /// The byte test before the 英文 / 拼音 searches of the name keywords only turns away
        /// texts that hold neither word (texts of those characters, look-alikes sharing
        /// their lead bytes or their middle byte 8B, and others).
        #[test]
        fn english_name_words_hold_their_shared_byte(s in "[英文拼音茂苗拍担乐名字姓a ]{0,10}") {
            let b = s.as_bytes();
            if has_any(b, &["英文"]) || has_any(b, &["拼音"]) {
                proptest::prop_assert!(b.contains(&0x8B));
            }
        }
    }

    #[test]
    fn normalise_styles() {
        let mut b = [0u8; 96];
        assert_eq!(normalise("realName", &mut b), Some("real_name"));
        assert_eq!(normalise("REAL_NAME", &mut b), Some("real_name"));
        assert_eq!(normalise("real-name", &mut b), Some("real_name"));
        assert_eq!(normalise("RealName", &mut b), Some("real_name"));
        assert_eq!(normalise("receiverAddrLine1", &mut b), Some("receiver_addr_line_1"));
        assert_eq!(normalise("HTTPProxyAddr", &mut b), Some("http_proxy_addr"));
        assert_eq!(normalise("user name", &mut b), Some("user_name"));
        assert_eq!(normalise("a/b", &mut b), None);
    }

    #[test]
    fn last_segments() {
        assert_eq!(last_segment("data.items[].realName"), "realName");
        assert_eq!(last_segment("user/profile/gender"), "gender");
        assert_eq!(last_segment("list[0].address[1]"), "address");
        assert_eq!(last_segment("$.收货人"), "收货人");
    }

    #[test]
    fn key_table() {
        let cases: &[(&str, Option<u16>)] = &[
            ("realName", Some(NAME_ZH)),
            ("emergencyContact", Some(NAME_ZH)),
            ("primary_holder", Some(NAME_ZH)),
            ("displayName", Some(NAME_ZH)),
            ("passenger", Some(NAME_ZH)),
            ("religiousAffiliation", Some(RELIGION)),
            ("宗教信仰情况", Some(RELIGION)),
            ("民族代码", Some(ETHNICITY)),
            ("所在城市名", Some(CITY)),
            ("sexType", Some(GENDER)),
            ("cityNm", Some(CITY)),
            ("nameCn", Some(NAME_ZH)),
            ("name_en", Some(NAME_EN)),
            ("fullNameTc", Some(NAME_ZH)),
            ("tradName", Some(NAME_ZH)),
            ("sf", Some(PROVINCE)),
            ("cs", Some(CITY)),
            ("town", Some(CITY)),
            ("zjxy", Some(RELIGION)),
            ("lxr", Some(NAME_ZH)),
            ("jtzz", Some(ADDRESS)),
            ("lxdz", Some(ADDRESS)),
            ("CustNmTrad", Some(NAME_ZH)),
            ("name_zh_hant", Some(NAME_ZH)),
            ("姓名_繁體", Some(NAME_ZH)),
            ("receiver_state", Some(PROVINCE)),
            ("strName", Some(NAME_ZH)),
            ("strAddress", Some(ADDRESS)),
            ("state", None),
            ("order_state", None),
            ("ywxm", Some(NAME_EN)),
            ("nameLatin", Some(NAME_EN)),
            ("name_romanized", Some(NAME_EN)),
            ("下单人", Some(NAME_ZH)),
            ("姓名（繁）", Some(NAME_ZH)),
            ("住址", Some(ADDRESS)),
            ("contactEmail", None),
            ("real_name", Some(NAME_ZH)),
            ("fullName", Some(NAME_ZH)),
            ("FULL_NAME", Some(NAME_ZH)),
            ("customerName", Some(NAME_ZH)),
            ("receiver_name", Some(NAME_ZH)),
            ("consignee", Some(NAME_ZH)),
            ("contactPerson", Some(NAME_ZH)),
            ("cardHolderName", Some(NAME_ZH)),
            ("name", Some(NAME_ZH)),
            ("englishName", Some(NAME_EN)),
            ("en_name", Some(NAME_EN)),
            ("姓名", Some(NAME_ZH)),
            ("真实姓名", Some(NAME_ZH)),
            ("联系人", Some(NAME_ZH)),
            ("收货人", Some(NAME_ZH)),
            ("持卡人", Some(NAME_ZH)),
            ("英文名", Some(NAME_EN)),
            ("gender", Some(GENDER)),
            ("sex", Some(GENDER)),
            ("userSex", Some(GENDER)),
            ("sex_code", Some(GENDER)),
            ("genderCd", Some(GENDER)),
            ("religionCode", Some(RELIGION)),
            ("genderDesc", Some(GENDER)),
            ("性别", Some(GENDER)),
            ("性別", Some(GENDER)),
            ("nation", Some(ETHNICITY)),
            ("ethnicity", Some(ETHNICITY)),
            ("ethnic_group", Some(ETHNICITY)),
            ("民族", Some(ETHNICITY)),
            ("province", Some(PROVINCE)),
            ("provinceName", Some(PROVINCE)),
            ("省份", Some(PROVINCE)),
            ("籍贯", Some(PROVINCE)),
            ("city", Some(CITY)),
            ("cityName", Some(CITY)),
            ("城市", Some(CITY)),
            ("religion", Some(RELIGION)),
            ("religiousBelief", Some(RELIGION)),
            ("宗教信仰", Some(RELIGION)),
            ("address", Some(ADDRESS)),
            ("addr", Some(ADDRESS)),
            ("homeAddress", Some(ADDRESS)),
            ("shipping_address", Some(ADDRESS)),
            ("addressLine1", Some(ADDRESS)),
            ("detailAddr", Some(ADDRESS)),
            ("住址", Some(ADDRESS)),
            ("家庭地址", Some(ADDRESS)),
            ("收货地址", Some(ADDRESS)),
            ("plateNo", Some(PLATE)),
            ("plate_number", Some(PLATE)),
            ("licensePlate", Some(PLATE)),
            ("carNo", Some(PLATE)),
            ("车牌号", Some(PLATE)),
            ("officerCard", Some(OFFICER_CARD)),
            ("officer_card_no", Some(OFFICER_CARD)),
            ("militaryId", Some(OFFICER_CARD)),
            ("军官证", Some(OFFICER_CARD)),
            ("军官证号", Some(OFFICER_CARD)),
            ("data.list[].receiverAddr", Some(ADDRESS)),
            // not fuzzy-type fields
            ("userName", None),
            ("username", None),
            ("nickName", None),
            ("fileName", None),
            ("productName", None),
            ("hostName", None),
            ("用户名", None),
            ("昵称", None),
            ("ipAddress", None),
            ("ip_addr", None),
            ("macAddress", None),
            ("emailAddress", None),
            ("walletAddress", None),
            ("IP地址", None),
            ("邮箱地址", None),
            ("address_id", None),
            ("addressType", None),
            ("destination", None),
            ("carId", None),
            ("v1", None),
            ("data", None),
            ("", None),
        ];
        for (k, want) in cases {
            assert_eq!(key_hint(k), *want, "key_hint({k:?})");
        }
    }

    #[test]
    fn bare_name_is_ambiguous() {
        assert_eq!(key_hint_detail("name"), Some(KeyHint { code: NAME_ZH, ambiguous: true }));
        assert_eq!(key_hint_detail("realName"), Some(KeyHint { code: NAME_ZH, ambiguous: false }));
    }

    #[test]
    fn phrase_table() {
        let cases: &[(&str, Option<u16>)] = &[
            ("性别：", Some(GENDER)),
            ("客户性别:", Some(GENDER)),
            ("性别 ", Some(GENDER)),
            ("性别为", Some(GENDER)),
            ("民族:", Some(ETHNICITY)),
            ("籍贯", Some(PROVINCE)),
            ("宗教信仰：", Some(RELIGION)),
            ("家住", Some(LOCATION)),
            ("客户来自", Some(LOCATION)),
            ("常住", Some(LOCATION)),
            ("出生地：", Some(LOCATION)),
            ("注册地：", Some(LOCATION)),
            ("收货地为", Some(LOCATION)),
            ("户籍", Some(LOCATION)),
            ("尊敬的", Some(NAME_ZH)),
            ("您好", Some(NAME_ZH)),
            ("驾驶员", Some(NAME_ZH)),
            ("户籍所在省：", Some(PROVINCE)),
            ("所属市：", Some(CITY)),
            ("出生，住", Some(LOCATION)),
            ("请送到", Some(ADDRESS)),
            ("收货信息：", Some(NAME_ZH)),
            ("麻烦联系", Some(NAME_ZH)),
            ("兹证明", Some(NAME_ZH)),
            ("快递已送达", Some(ADDRESS)),
            ("经办人", Some(NAME_ZH)),
            ("来访人员", Some(NAME_ZH)),
            ("访客", Some(NAME_ZH)),
            ("收货地址：", Some(ADDRESS)),
            ("地址:", Some(ADDRESS)),
            ("联系人：", Some(NAME_ZH)),
            ("收件人", Some(NAME_ZH)),
            ("姓名：", Some(NAME_ZH)),
            ("车牌号：", Some(PLATE)),
            ("军官证号", Some(OFFICER_CARD)),
            ("所在城市：", Some(CITY)),
            ("Religion: ", Some(RELIGION)),
            ("religion:", Some(RELIGION)),
            ("his religion is ", Some(RELIGION)),
            ("Home address: ", Some(ADDRESS)),
            ("Full name: ", Some(NAME_ZH)),
            ("Gender=", Some(GENDER)),
            ("Ethnicity: ", Some(ETHNICITY)),
            ("Ethnic group: ", Some(ETHNICITY)),
            ("his ethnic group is ", Some(ETHNICITY)),
            // no hint
            ("IP地址：", None),
            ("我是", Some(NAME_ZH)),
            ("客户", Some(NAME_ZH)),
            ("浙江省", None),
            ("订单号：", None),
            ("religion ", None),
            ("Status: ", None),
            ("Blood group: ", None),
            ("", None),
        ];
        for (p, want) in cases {
            assert_eq!(phrase_hint(p), *want, "phrase_hint({p:?})");
        }
    }
}

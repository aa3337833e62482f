//! Per-type true-positive / false-positive examples (gitleaks style), checked by tests.
//!
//! Each row: a type code, texts in which the marked value `⟦…⟧` must be found with exactly
//! that code and span, and texts in which that code must not be reported at all. A registry
//! test proves every catalogue code has at least one of each.

use super::{Finding, SensitiveScanner};
use crate::catalog::SENSITIVE_TYPES;

/// (code, true positives, false positives)
type Row = (u16, &'static [&'static str], &'static [&'static str]);

const EXAMPLES: &[Row] = &[
    (
        1000,
        &[r#"{"idCard":"⟦11010519491231002X⟧"}"#, "身份证号⟦11010519491231002x⟧"],
        &[r#"{"orderNo":"110105194913310021"}"#, r#"{"id":"110105194912310022"}"#],
    ),
    (
        1001,
        &[r#"{"bankCard":"⟦6222021234567890128⟧"}"#, "卡号 ⟦6222 0212 3456 7890 128⟧"],
        &[r#"{"card":"6222021234567890129"}"#, "6222 **** **** 1234"],
    ),
    (
        1002,
        &[
            r#"{"realName":"⟦王小明⟧"}"#,
            r#"{"emergencyContact":"⟦王小明⟧"}"#,
            "尊敬的⟦王小明⟧，您好",
            "来访人员⟦王小明⟧，电话未留",
            "您好⟦王小明⟧先生，您的订单已发货",
            "驾驶员⟦王小明⟧驾驶京A12345号车辆",
            "⟦王小明⟧，男，汉族，1990年出生",
            r#"{"lxr":"⟦王小明⟧"}"#,
            "收货信息：⟦王小明⟧ 13800000000 浙江省杭州市西湖区文三路398号",
            "麻烦联系⟦王小明⟧确认一下",
        ],
        &[r#"{"v1":"王小明"}"#, "王小明说", "状态人员商品专业", r#"{"task":"王小明"}"#],
    ),
    (
        1003,
        &[
            r#"{"address":"⟦浙江省杭州市西湖区文三路398号⟧"}"#,
            "公司位于⟦浙江省杭州市西湖区文三路398号⟧。",
            r#"{"jtzz":"⟦浙江省杭州市西湖区文三路398号⟧"}"#,
            "张伟，男，1980年出生，住⟦浙江省杭州市西湖区文三路398号⟧。",
            "张伟，手机13800000000，住址⟦浙江省杭州市西湖区文三路398号⟧。",
            "请送到⟦江西省南昌市红谷滩区黄河路111号幸福里23层⟧，谢谢",
        ],
        &[r#"{"remark":"请于周三前完成"}"#, "张伟，住宿费100元"],
    ),
    (
        1004,
        &[r#"{"mobile":"⟦13812345678⟧"}"#, "手机：⟦+86 138-1234-5678⟧", "call ⟦138 1234 5678⟧ now"],
        &[r#"{"mobile":"12012345678"}"#, "138****5678", r#"{"ts":15412345678}"#],
    ),
    (
        1005,
        &[r#"{"email":"⟦li.lei+work@mail.example.cn⟧"}"#, "mail=⟦a%40b.com⟧"],
        &["z***n@163.com", "user@localhost", "a@b.c1"],
    ),
    (1006, &[r#"{"passportNo":"⟦E12345678⟧"}"#, "护照⟦EA1234567⟧"], &[r#"{"sku":"E1234567"}"#, "E123456789"]),
    (
        1007,
        &[r#"{"permit":"⟦C12345678⟧"}"#, "通行证：⟦H1234567890⟧"],
        &[r#"{"code":"C1234567"}"#, "H123456789012"],
    ),
    (1008, &[r#"{"plateNo":"⟦京A12345⟧"}"#], &[r#"{"v1":"京A"}"#]),
    (
        1009,
        &[r#"{"tel":"⟦0571-87654321⟧"}"#, "电话⟦(010)62345678⟧", "座机 ⟦+86-755-2100685-12⟧"],
        &["0571-0765432", "tel 0012345678901"],
    ),
    (1010, &[r#"{"officerCard":"⟦南字第1234567号⟧"}"#], &[r#"{"v1":"第1234567号"}"#]),
    (
        1011,
        &[
            r#"{"gender":"⟦女⟧"}"#,
            "性别：⟦男⟧",
            "Gender ⟦F⟧, age 30",
            "Gender is ⟦female⟧.",
            "王小明，⟦女性⟧，满族，1987年出生",
        ],
        &[r#"{"v1":"女"}"#, "Gender studies", "Sex Pistols", "男女，汉族", "子女，汉族"],
    ),
    (
        1012,
        &[
            r#"{"民族":"⟦汉族⟧"}"#,
            "religion Islam, ethnic group ⟦Hui⟧.",
            "Her ethnicity is ⟦Manchu⟧.",
            "Nationality is ⟦Han⟧.",
            "Ethnic group: ⟦Bai⟧. Religion: Buddhism.",
        ],
        &[r#"{"v1":"汉族"}"#, "the Hui river", "group Han", "Blood group: Han"],
    ),
    (
        1013,
        &[
            r#"{"province":"⟦浙江省⟧"}"#,
            "客户来自⟦浙江省⟧，已婚",
            "出生地：⟦辽宁省⟧。",
            "She was born in ⟦辽宁省⟧.",
            r#"{"sf":"⟦湖北省⟧"}"#,
            "户籍所在省：⟦湖南省⟧；所在市：长沙市",
            r#"{"receiver_state":"⟦浙江省⟧"}"#,
            "Lives in 铜陵市, ⟦安徽⟧ province.",
        ],
        &[r#"{"v1":"浙江省"}"#, r#"{"sf":"1"}"#, r#"{"state":"ACTIVE"}"#],
    ),
    (
        1014,
        &[
            r#"{"city":"⟦杭州市⟧"}"#,
            "常住⟦杭州市⟧。",
            "now lives in ⟦汉中市⟧.",
            "注册地：⟦汉中市⟧",
            r#"{"cityNm":"⟦汉中市⟧"}"#,
            r#"{"cs":"⟦唐山⟧"}"#,
            r#"{"town":"⟦唐山市⟧"}"#,
        ],
        &[r#"{"v1":"杭州市"}"#, r#"{"cs":"3"}"#, r#"{"town":"Springfield"}"#],
    ),
    (
        1015,
        &[r#"{"hkid":"⟦A123456(3)⟧"}"#, "香港身份证⟦A123456（3）⟧"],
        &["A123456(4)", r#"{"x":"A1234564"}"#],
    ),
    (
        1016,
        &[
            r#"{"name":"⟦張麗華⟧"}"#,
            "访客⟦張麗華⟧，港澳通行证",
            r#"{"fullNameTc":"⟦張麗華⟧"}"#,
            r#"{"tradName":"⟦張麗華⟧"}"#,
            r#"{"CustNmTrad":"⟦張麗華⟧"}"#,
            r#"{"name_zh_hant":"⟦張麗華⟧"}"#,
            r#"{"姓名_繁體":"⟦張麗華⟧"}"#,
            r#"{"姓名(繁)":"⟦張麗華⟧"}"#,
        ],
        &[r#"{"v1":"張麗華"}"#],
    ),
    (
        1017,
        &[
            r#"{"fullName":"⟦John Smith⟧"}"#,
            r#"{"displayName":"⟦SMITH JOHN⟧"}"#,
            r#"{"passenger":"⟦JOHN SMITH⟧"}"#,
            r#"{"nameLatin":"⟦ROBERTS ANNA⟧"}"#,
            "nameLatin=⟦Eric+Porter⟧&id=1",
        ],
        &[r#"{"v1":"Hello World"}"#, r#"{"display":"SMITH JOHN"}"#],
    ),
    (
        1018,
        &[r#"{"ic":"⟦900101-14-5678⟧"}"#, r#"{"myKadNo":"⟦900101145678⟧"}"#],
        &["901301-14-5678", r#"{"v":"900101145678"}"#],
    ),
    (1019, &[r#"{"nric":"⟦S1234567D⟧"}"#], &["S1234567A", "X1234567D"]),
    (
        1020,
        &[r#"{"cc":"⟦4111 1111 1111 1111⟧"}"#, "⟦378282246310005⟧"],
        &["4111111111111112", r#"{"ts":"4111111111111"}"#],
    ),
    (
        1022,
        &[r#"{"swift":"⟦DEUTDEFF⟧"}"#, "BIC ⟦BKCHCNBJ110⟧"],
        &[r#"{"status":"ACCEPTED"}"#, "VERIFIED", "DEUTXXFF"],
    ),
    (1023, &["SSN ⟦123-45-6789⟧", r#"{"ssn":"⟦123456789⟧"}"#], &["666-45-6789", r#"{"id":"123456789"}"#]),
    (1024, &[r#"{"phone":"⟦(415) 555-0123⟧"}"#, "⟦+1 415 555 0123⟧"], &["(911) 555-0123", "415-155-0123"]),
    (
        1025,
        &[
            r#"{"religion":"⟦佛教⟧"}"#,
            r#"{"religiousAffiliation":"⟦佛教⟧"}"#,
            "The customer practises ⟦Islam⟧ and lives in Ningxia.",
            r#"{"宗教信仰情况":"⟦佛教⟧"}"#,
            r#"{"zjxy":"⟦佛教⟧"}"#,
            "Gender M, religion ⟦Buddhism⟧, ethnic group Hui",
        ],
        &[r#"{"v1":"佛教"}"#, "my religion teacher", "She practises law in Beijing."],
    ),
    (
        2000,
        &[r#"{"ip":"⟦203.0.113.9⟧"}"#, "from ⟦10.0.0.1⟧:8080"],
        &[r#"{"appVersion":"1.2.3.4"}"#, "1.2.3.4.5", "256.1.1.1"],
    ),
    (
        2001,
        &[
            r#"{"mac":"⟦5c:c7:be:4b:00:4d⟧"}"#,
            "⟦aabb.ccdd.eeff⟧",
            "IP:10.1.2.8 MAC:⟦C0:EC:AC:B1:17:DA⟧ IMEI:1",
        ],
        &["5c:c7:be:4b:00", "10:11:12", "AC:C0:EC:AC:B1:17:DA", "::C0:EC:AC:B1:17:DA"],
    ),
    (2002, &[r#"{"url":"⟦jdbc:mysql://10.0.0.1:3306/db?user=a&password=b⟧"}"#], &["jdbc is a Java API"]),
    (
        2003,
        &["⟦-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----⟧"],
        &["-----BEGIN CERTIFICATE----- (truncated"],
    ),
    (
        2004,
        &["⟦-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----⟧"],
        &["-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----"],
    ),
    (2005, &[r#"{"ak":"⟦LTAI5tQ2kYx8Lm3nP9Rs⟧"}"#, "⟦AKIAIOSFODNN7EXAMPLE⟧"], &["LTAIBRAND", "AKIA1234"]),
    (
        2006,
        &[
            r#"{"accessKeySecret":"⟦mMvEiRKbPgh0Dt8dOdwzbaCllaPjeP⟧"}"#,
            r#"{"sk":"⟦mMvEiRKbPgh0Dt8dOdwzbaCllaPjeP⟧"}"#,
            r#"{"aliyun_sk":"⟦mMvEiRKbPgh0Dt8dOdwzbaCllaPjeP⟧"}"#,
            r#"{"ossSk": "⟦mMvEiRKbPgh0Dt8dOdwzbaCllaPjeP⟧"}"#,
            "sk_value=⟦mMvEiRKbPgh0Dt8dOdwzbaCllaPjeP⟧",
            "Credentials: AK LTAIhVzRYRVaVVZe SK ⟦mMvEiRKbPgh0Dt8dOdwzbaCllaPjeP⟧",
        ],
        &[
            r#"{"sessionToken":"mMvEiRKbPgh0Dt8dOdwzbaCllaPjeP"}"#,
            r#"{"task":"mMvEiRKbPgh0Dt8dOdwzbaCllaPjeP"}"#,
            r#"{"TASK":"mMvEiRKbPgh0Dt8dOdwzbaCllaPjeP"}"#,
            r#"{"user_sk":"12345"}"#,
        ],
    ),
    (2007, &[r#"{"ip6":"⟦2001:db8::8a2e:370:7334⟧"}"#, "(⟦::ffff:192.0.2.1⟧)"], &["10:11:12", "std::vector"]),
    (
        2009,
        &[r#"{"birthday":"⟦1990-01-02⟧"}"#, "出生日期⟦1990年1月2日⟧", "dob ⟦9 Feb 2016⟧"],
        &["1990-13-02", "2023-02-30"],
    ),
    (2010, &[r#"{"imei":"⟦490154203237518⟧"}"#, "⟦49-015420-323751-8⟧"], &[r#"{"imei":"490154203237519"}"#]),
    (2011, &[r#"{"meid":"⟦A0000000002329⟧"}"#], &["00000000002329", "G0000000002329"]),
    (2013, &["⟦root:x:0:0:root:/root:/bin/bash\\nbin:x:1:1:bin:/bin:/sbin/nologin⟧"], &["ratio 1:x:2"]),
    (2014, &["⟦root:$6$salt$abcdefghijklmnopqrstuvwxyz012345:19000:0:99999:7:::⟧"], &["price:$5"]),
    (
        2015,
        &[r#"{"u":"⟦https://www.example.com/a?b=1⟧"}"#, "see ⟦http://example.org/x⟧."],
        &["example.com", "https://x"],
    ),
    (4000, &[r#"{"licenseNo":"⟦110108000000016⟧"}"#], &["110108000000017"]),
    (4001, &[r#"{"taxNo":"⟦110108D5EDNLXE8⟧"}"#], &["110108D5EDNLXE9"]),
    (
        4002,
        &[
            r#"{"orgCode":"⟦D5EDNLXE-8⟧"}"#,
            r#"{"orgCertNo":"⟦D5EDNLXE8⟧"}"#,
            r#"{"zzjgdm":"⟦D5EDNLXE8⟧"}"#,
            "org_cd=⟦D5EDNLXE8⟧",
        ],
        &["D5EDNLXE-9", r#"{"id":"D5EDNLXE8"}"#],
    ),
    (4003, &[r#"{"uscc":"⟦91350100M000100Y43⟧"}"#], &["91350100M000100Y44"]),
    (4004, &[r#"{"vin":"⟦1M8GDM9AXKP042788⟧"}"#], &["1M8GDM9A1KP042788", "1M8GDM9AXKPO42788"]),
];

fn strip(marked: &str) -> (String, usize, usize) {
    let s = marked.find('⟦').expect("marked example");
    let e = marked.find('⟧').expect("marked example");
    let text = marked.replace(['⟦', '⟧'], "");
    (text, s, e - '⟦'.len_utf8())
}

#[test]
fn every_true_positive_is_found_with_its_exact_span() {
    let sc = SensitiveScanner::default();
    let mut bad = Vec::new();
    for &(code, tps, _) in EXAMPLES {
        for tp in tps {
            let (text, s, e) = strip(tp);
            let mut out = Vec::new();
            sc.scan_text(&text, &mut out);
            if !out.contains(&Finding { code, start: s, end: e }) {
                bad.push(format!("{code}: {tp} -> {:?}", out));
            }
        }
    }
    assert!(bad.is_empty(), "missed:\n{}", bad.join("\n"));
}

#[test]
fn no_false_positive_example_reports_its_code() {
    let sc = SensitiveScanner::default();
    let mut bad = Vec::new();
    for &(code, _, fps) in EXAMPLES {
        for fp in fps {
            let mut out = Vec::new();
            sc.scan_text(fp, &mut out);
            if out.iter().any(|f| f.code == code) {
                bad.push(format!("{code}: {fp} -> {:?}", out));
            }
        }
    }
    assert!(bad.is_empty(), "false positives:\n{}", bad.join("\n"));
}

#[test]
fn registry_every_code_has_true_and_false_positive_examples() {
    for t in SENSITIVE_TYPES {
        let row = EXAMPLES.iter().find(|r| r.0 == t.code);
        assert!(row.is_some_and(|r| !r.1.is_empty() && !r.2.is_empty()), "code {} lacks examples", t.code);
    }
    assert_eq!(EXAMPLES.len(), SENSITIVE_TYPES.len());
}

//! Behaviour of the compliance tracker: thresholds, the window, person identity, merge.

use super::*;

/// 2024-06-01T00:00:00Z.
const JUNE_2024: f64 = 1_717_200_000.0;
/// 2023-01-01T00:00:00Z.
const JAN_2023_UTC: f64 = 1_672_531_200.0;

fn id_number(i: u64) -> String {
    format!("110101199{i:09}")
}

fn flow<'a>(ts: f64, host: &'a str, country: Option<&'a str>, values: &'a [(u16, &'a str)]) -> FlowInput<'a> {
    FlowInput {
        ts,
        host,
        api_id: "api-1",
        client_ip: "198.51.100.7",
        country,
        account: None,
        direction: Direction::Response,
        values,
    }
}

/// One response per person carrying that person's ID number.
fn send_ids(t: &mut ComplianceTracker, ids: impl Iterator<Item = u64>, country: Option<&str>, ts: f64) {
    for i in ids {
        let v = id_number(i);
        t.observe(&flow(ts, "api.example.com", country, &[(1000, v.as_str())]));
    }
}

#[test]
fn ten_thousand_and_one_id_numbers_abroad_cross_the_sensitive_threshold() {
    let mut t = ComplianceTracker::default();
    send_ids(&mut t, 0..10_001, Some("US"), JUNE_2024);
    let r = t.report(true);
    assert_eq!(r.persons_sensitive, 10_001);
    assert_eq!(r.persons_personal, 10_001);
    assert!(r.exact);
    assert!(r.assessment_required);
    let met: Vec<&str> = r.criteria.iter().filter(|c| c.met).map(|c| c.rule.as_str()).collect();
    assert_eq!(met, ["sensitive_personal_information_over_10000"]);
    assert!(r.reasons.iter().any(|s| s.contains("10,000") && s.contains("10001")), "{:?}", r.reasons);
    assert_eq!(r.since.as_deref(), Some("2023-01-01T00:00:00+08:00"));
    assert_eq!(r.by_host.len(), 1);
    assert_eq!(r.by_host[0].host, "api.example.com");
    assert!(r.by_host[0].assessment_required);
}

#[test]
fn exactly_ten_thousand_is_not_more_than_the_threshold() {
    let mut t = ComplianceTracker::default();
    send_ids(&mut t, 0..10_000, Some("JP"), JUNE_2024);
    let r = t.report(true);
    assert_eq!(r.persons_sensitive, 10_000);
    assert!(!r.assessment_required);
    assert!(r.reasons[0].contains("below every criterion"), "{:?}", r.reasons);
}

#[test]
fn mainland_clients_are_not_cross_border() {
    let mut t = ComplianceTracker::default();
    send_ids(&mut t, 0..10_001, Some("CN"), JUNE_2024);
    send_ids(&mut t, 0..10, Some("cn"), JUNE_2024);
    send_ids(&mut t, 0..7, None, JUNE_2024);
    let r = t.report(true);
    assert_eq!((r.persons_personal, r.persons_sensitive), (0, 0));
    assert_eq!(r.domestic_flows, 10_011);
    assert_eq!(r.unknown_country_flows, 7);
    assert!(!r.assessment_required);
    // Hong Kong is outside the mainland.
    send_ids(&mut t, 0..3, Some("HK"), JUNE_2024);
    assert_eq!(t.report(true).persons_personal, 3);
}

#[test]
fn the_same_person_counts_once_however_often_and_however_formatted() {
    let mut t = ComplianceTracker::default();
    for k in 0..5_000 {
        let phone = if k % 2 == 0 { "13800138000" } else { "+86 138-0013-8000" };
        t.observe(&flow(JUNE_2024 + k as f64, "a.example.com", Some("US"), &[(1004, phone)]));
        t.observe(&flow(JUNE_2024 + k as f64, "b.example.com", Some("SG"), &[(1000, "11010519491231002X")]));
        t.observe(&flow(JUNE_2024 + k as f64, "b.example.com", Some("SG"), &[(1000, "11010519491231002x")]));
    }
    let r = t.report(true);
    assert_eq!(r.persons_personal, 2);
    assert_eq!(r.persons_sensitive, 1);
    assert_eq!(r.cross_border_flows, 15_000);
}

#[test]
fn requests_from_abroad_are_not_outbound() {
    let mut t = ComplianceTracker::default();
    let mut f = flow(JUNE_2024, "api.example.com", Some("US"), &[(1004, "13800138000")]);
    f.direction = Direction::Request;
    t.observe(&f);
    assert_eq!(t.report(true).cross_border_flows, 0);
}

#[test]
fn window_starts_january_first_of_last_year_by_event_time() {
    let mut t = ComplianceTracker::default();
    // 2022 (mid-year), then the last minutes of 2022 in Beijing, then the first of 2023.
    send_ids(&mut t, 0..100, Some("US"), 1_656_633_600.0); // 2022-07-01Z
    send_ids(&mut t, 100..110, Some("US"), JAN_2023_UTC - 8.0 * 3600.0 - 60.0); // 2022-12-31 23:59 CST
    send_ids(&mut t, 110..130, Some("US"), JAN_2023_UTC - 8.0 * 3600.0 + 60.0); // 2023-01-01 00:01 CST
    // Latest year 2023: the window is 2022-01-01 onward, everything counts.
    let r = t.report(true);
    assert_eq!(r.since.as_deref(), Some("2022-01-01T00:00:00+08:00"));
    assert_eq!(r.persons_personal, 130);
    // A record of 2024 moves the window to 2023-01-01 (CST): the 2022 persons drop out.
    send_ids(&mut t, 1_000..1_005, Some("US"), JUNE_2024);
    let r = t.report(true);
    assert_eq!(r.since.as_deref(), Some("2023-01-01T00:00:00+08:00"));
    assert_eq!(r.since_ts, Some((JAN_2023_UTC - 8.0 * 3600.0) as i64));
    assert_eq!(r.persons_personal, 25);
    // Late records before the window are ignored; late records inside it count.
    send_ids(&mut t, 2_000..2_050, Some("US"), 1_656_633_600.0);
    send_ids(&mut t, 3_000..3_004, Some("US"), JAN_2023_UTC + 86_400.0 * 40.0);
    assert_eq!(t.report(true).persons_personal, 29);
}

#[test]
fn persons_of_a_flow_follow_its_main_identifier() {
    let ids: Vec<String> = (0..50).map(id_number).collect();
    let phones: Vec<String> = (0..50).map(|i| format!("139{i:08}")).collect();
    let mut values: Vec<(u16, &str)> = Vec::new();
    for (a, b) in ids.iter().zip(&phones) {
        values.push((1000, a));
        values.push((1004, b));
        values.push((1011, "female"));
    }
    let p = persons_of(&values);
    assert_eq!(p.personal.len(), 50);
    assert_eq!(p.sensitive.len(), 50);
    // Phones with a personal-sensitive non-identifier (religion): phones are sensitive too.
    let v: Vec<(u16, &str)> = vec![(1004, "13900000001"), (1004, "13900000002"), (1025, "x")];
    let p = persons_of(&v);
    assert_eq!((p.personal.len(), p.sensitive.len()), (2, 2));
    // Phones and gender only: personal, not sensitive.
    let v: Vec<(u16, &str)> = vec![(1004, "13900000001"), (1011, "male")];
    let p = persons_of(&v);
    assert_eq!((p.personal.len(), p.sensitive.len()), (1, 0));
    // No identifier: names stand for persons.
    let v: Vec<(u16, &str)> = vec![(1002, "张三"), (1017, "John Smith"), (1003, "北京市海淀区")];
    assert_eq!(persons_of(&v).personal.len(), 2);
    // Nothing personal: no person.
    let v: Vec<(u16, &str)> = vec![(2015, "https://example.com"), (4004, "LSVAU033512345678")];
    assert_eq!(persons_of(&v), FlowPersons::default());
    // Unknown codes are ignored, never a panic.
    assert_eq!(persons_of(&[(9999, "x"), (1004, "")]), FlowPersons::default());
}

#[test]
fn more_than_100000_persons_are_estimated_and_flag_an_assessment() {
    let mut t = ComplianceTracker::default();
    for i in 0..150_000u64 {
        let phone = format!("13{i:09}");
        t.observe(&flow(JUNE_2024, "api.example.com", Some("US"), &[(1004, phone.as_str())]));
    }
    let r = t.report(true);
    assert!(!r.exact);
    assert!((r.relative_error - 0.0081).abs() < 0.0002);
    let rel = (r.persons_personal as f64 - 150_000.0).abs() / 150_000.0;
    assert!(rel < 3.0 * r.relative_error, "{}", r.persons_personal);
    assert_eq!(r.persons_sensitive, 0);
    assert!(r.assessment_required);
    assert!(r.criteria[0].met && !r.criteria[1].met && !r.criteria[2].met);
    // Memory is the sketch's, not the population's.
    assert!(t.heap_bytes() < 64 * 1024, "{}", t.heap_bytes());
}

#[test]
fn hosts_beyond_the_cap_share_one_bucket_and_still_count_overall() {
    let limits = ComplianceLimits { hosts: 8, ..ComplianceLimits::default() };
    let mut t = ComplianceTracker::new(limits);
    for h in 0..20 {
        let host = format!("h{h:02}.example.com");
        let v = id_number(h);
        t.observe(&flow(JUNE_2024, &host, Some("US"), &[(1000, v.as_str())]));
    }
    assert_eq!(t.host_count(), 9);
    let r = t.report(true);
    assert_eq!(r.persons_personal, 20);
    let other = r.by_host.iter().find(|h| h.host == OTHER_HOSTS).unwrap();
    assert_eq!(other.persons_personal, 12);
}

#[test]
fn shards_merged_in_any_order_report_like_one_tracker() {
    let records: Vec<(f64, String, &str, String)> = (0..30_000u64)
        .map(|i| {
            let ts = if i % 7 == 0 { 1_680_000_000.0 } else { JUNE_2024 + i as f64 }; // 2023 or 2024
            let host = format!("h{}.example.com", i % 5);
            let country = ["US", "CN", "DE"][(i % 3) as usize];
            (ts, host, country, id_number(i % 20_000))
        })
        .collect();
    let mut one = ComplianceTracker::default();
    let mut shards =
        [ComplianceTracker::default(), ComplianceTracker::default(), ComplianceTracker::default()];
    for (k, (ts, host, country, v)) in records.iter().enumerate() {
        let values = [(1000u16, v.as_str())];
        let f = flow(*ts, host, Some(country), &values);
        one.observe(&f);
        shards[k % 3].observe(&f);
    }
    let mut ab = shards[0].clone();
    ab.merge(&shards[1]);
    ab.merge(&shards[2]);
    let mut ba = shards[2].clone();
    ba.merge(&shards[0]);
    ba.merge(&shards[1]);
    assert_eq!(ab.report(true), one.report(true));
    assert_eq!(ba.report(true), one.report(true));
    // And through serde (snapshot / restore).
    let back: ComplianceTracker = serde_json::from_str(&serde_json::to_string(&ab).unwrap()).unwrap();
    assert_eq!(back.report(true), one.report(true));
}

#[test]
fn cst_years() {
    assert_eq!(cst_year(JAN_2023_UTC), 2023);
    assert_eq!(cst_year(JAN_2023_UTC - 8.0 * 3600.0), 2023);
    assert_eq!(cst_year(JAN_2023_UTC - 8.0 * 3600.0 - 1.0), 2022);
    assert_eq!(cst_year(0.0), 1970);
    assert_eq!(cst_year(-86_400.0 * 365.0), 1969);
    assert_eq!(cst_year(1e300), cst_year(1e300)); // clamped, no panic
    assert_eq!(cst_year_start(2023), JAN_2023_UTC - 8.0 * 3600.0);
}

mod props {
    use super::*;
    use crate::trace::{TraceIndex, TraceLimits};
    use proptest::prelude::*;

    fn ts() -> impl Strategy<Value = f64> {
        prop_oneof![
            8 => 1.5e9..1.8e9f64,
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
            1 => any::<f64>(),
        ]
    }

    type Raw = (f64, usize, usize, bool, u16, String, usize);

    fn raw() -> impl Strategy<Value = Raw> {
        let codes = prop::sample::select(vec![1000u16, 1004, 1005, 1002, 1011, 1025, 2009, 9999]);
        let value = prop_oneof!["[0-9]{3,6}", "\\PC{0,12}"];
        (ts(), 0..4usize, 0..4usize, any::<bool>(), codes, value, 0..2usize)
    }

    /// (ts, host, country, direction, (code, value), api).
    type Flow = (f64, String, Option<&'static str>, Direction, (u16, String), &'static str);

    fn flows(raws: &[Raw]) -> Vec<Flow> {
        raws.iter()
            .map(|(ts, h, c, req, code, v, api)| {
                let country = [Some("US"), Some("CN"), None, Some("HK")][*c];
                let dir = if *req { Direction::Request } else { Direction::Response };
                (*ts, format!("h{h}.example.com"), country, dir, (*code, v.clone()), ["a", "b"][*api])
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_flows_never_panic_and_shards_merge_to_one(raws in prop::collection::vec(raw(), 0..80)) {
            let fl = flows(&raws);
            // Room for every (API, direction, address, country) key of a value: merging is
            // exact below the caps (trimming keeps the latest, which depends on order).
            let ix = || TraceIndex::new(TraceLimits { values: 20_000, per_value: 64 });
            let mut one = (ComplianceTracker::default(), ix());
            let mut a = (ComplianceTracker::default(), ix());
            let mut b = (ComplianceTracker::default(), ix());
            for (k, (ts, host, country, dir, (code, v), api)) in fl.iter().enumerate() {
                let values = [(*code, v.as_str())];
                let f = FlowInput {
                    ts: *ts, host, api_id: api, client_ip: if k % 3 == 0 { "192.0.2.1" } else { "192.0.2.2" },
                    country: *country, account: None, direction: *dir, values: &values,
                };
                one.0.observe(&f);
                one.1.observe(&f);
                let shard = if k % 2 == 0 { &mut a } else { &mut b };
                shard.0.observe(&f);
                shard.1.observe(&f);
            }
            let mut ab = a.clone();
            ab.0.merge(&b.0);
            ab.1.merge(&b.1);
            let mut ba = b.clone();
            ba.0.merge(&a.0);
            ba.1.merge(&a.1);
            let want = one.0.report(true);
            prop_assert_eq!(&ab.0.report(true), &want);
            prop_assert_eq!(&ba.0.report(true), &want);
            prop_assert!(want.persons_sensitive <= want.cross_border_flows.max(1) * 2);
            for (_, _, _, _, (_, v), _) in &fl {
                let r = one.1.result(v, true, &[], &[]);
                prop_assert_eq!(&ab.1.result(v, true, &[], &[]), &r);
                prop_assert_eq!(&ba.1.result(v, true, &[], &[]), &r);
            }
        }
    }
}

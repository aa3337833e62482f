//! Policy evaluation speed: every custom risk / event / purpose / auth policy of
//! `examples/policy.json` against one record, whitelist look-ups, and custom sensitive
//! types over a 4 KiB body. Run with `cargo bench -p apisec-core --bench policy`.

use apisec_core::params;
use apisec_core::policy::RecordFacts;
use apisec_core::{Policy, Record};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const EXAMPLE: &str = include_str!("../../examples/policy.json");
const RECORD: &[u8] = br#"{"ts":1700000000,"client_ip":"198.51.100.7","host":"shop.example.com","method":"POST",
 "path":"/api/coupons/check","query":"page=2&token=abcdef","scheme":"https",
 "req_headers":{"User-Agent":"Mozilla/5.0 Test","Content-Type":"application/json","Cookie":"sid=1; theme=dark",
   "X-10086":"0123456789abcdefXYZ"},
 "req_body":"{\"code\":\"SUMMER\",\"user\":{\"name\":\"alice\"}}",
 "resp_headers":{"Content-Type":"application/json"},"resp_body":"{\"data\":{\"phone\":\"13800138000\"}}",
 "status":200,"src_country":"US","account":"alice"}"#;

fn bench(c: &mut Criterion) {
    let policy = Policy::from_json(EXAMPLE).unwrap();
    let rec = Record::from_json(RECORD).unwrap();
    let params = params::extract(&rec);
    let purposes = vec!["QueryInfo".to_string()];
    let resp = [(1004u16, 2u32), (9000, 1)];
    let facts = RecordFacts {
        purposes: &purposes,
        resp_sensitive: &resp,
        ..RecordFacts::new(&rec, &params, "/api/coupons/check")
    };
    c.bench_function("policy/all_custom_policies_one_record", |b| {
        b.iter(|| {
            let f = black_box(&facts);
            let mut n = 0;
            n += policy.custom_risks().iter().filter(|r| r.matches(f)).count();
            n += policy.custom_events().iter().filter(|e| e.matches(f)).count();
            n += policy.custom_purposes().iter().filter(|p| p.matches(f)).count();
            n += policy.auth_policies().iter().filter(|a| a.matches(f)).count();
            n
        })
    });
    let ip = "203.0.113.50".parse().unwrap();
    c.bench_function("policy/whitelists", |b| {
        b.iter(|| {
            policy.risk_whitelisted(black_box("a.internal.example.com"), "/x", "Risk_InternalAPI") as u8
                + policy.event_whitelisted(black_box("h"), "/a", ip, Some("bob"), "coupon-scraping") as u8
        })
    });
    let mut text = String::new();
    while text.len() < 4096 {
        text.push_str(
            "{\"order\":\"AB12CD34EF56GH78IJ90KL\",\"emp\":\"EMP-123456\",\"note\":\"nothing to see here\"},",
        );
    }
    let mut g = c.benchmark_group("policy/custom_sensitive");
    g.throughput(Throughput::Bytes(text.len() as u64));
    let mut out = Vec::with_capacity(256);
    g.bench_function("4KiB", |b| {
        b.iter(|| {
            out.clear();
            for t in policy.custom_sensitive_types() {
                t.find_iter(black_box(&text), &mut out);
            }
            out.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

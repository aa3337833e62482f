//! Throughput of the sensitive-data scan (`Throughput::Bytes`).
//!
//! `sensitive/scan_text` and `sensitive/engine_scan` run on a corpus generated here: compact
//! JSON API bodies (with and without sensitive values), query strings, header blocks and free
//! text, plus one large base64 upload, in a fixed pseudo-random mix (same bytes every run).
//! With `APISEC_SCAN_CORPUS=FILE` (one text per line, e.g. the evaluation corpus) the same
//! two benchmarks also run on that file's lines as `sensitive_file/*`.

use apisec_core::scan::ScanScratch;
use apisec_core::sensitive::{Finding, Scratch, SensitiveScanner};
use apisec_core::{Engine, Policy};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// xorshift64*: a fixed seed makes the corpus identical on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + (self.next() % 10) as u8)).collect()
    }
    fn word(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'a' + (self.next() % 26) as u8)).collect()
    }
}

fn corpus() -> Vec<String> {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut lines = Vec::new();
    for i in 0..4000 {
        let line = match i % 8 {
            0 => format!(
                r#"{{"code":0,"data":{{"userId":{},"name":"张伟","mobile":"138{}","email":"{}@example.com","idCard":"11010519491231002X","address":"浙江省杭州市西湖区文三路{}号","createdAt":"2024-03-05T10:11:12Z","ip":"10.{}.{}.{}"}}}}"#,
                r.digits(9),
                r.digits(8),
                r.word(8),
                r.digits(3),
                r.next() % 256,
                r.next() % 256,
                r.next() % 256
            ),
            1 => format!(
                r#"{{"orderNo":"{}","amount":"{}.{}","status":"ACCEPTED","items":[{{"sku":"{}","qty":{},"price":{}.99}}],"traceId":"{}","ts":{}}}"#,
                r.digits(19),
                r.digits(3),
                r.digits(2),
                r.word(10).to_uppercase(),
                r.next() % 9,
                r.digits(3),
                r.word(32),
                r.digits(13)
            ),
            2 => format!(
                "GET /api/v1/user?uid={}&phone=%2B86%20139{}&token={}&lang=zh-CN&v=1.2.{} HTTP/1.1",
                r.digits(8),
                r.digits(8),
                r.word(32),
                r.next() % 20
            ),
            3 => format!(
                "Host: api.example.com\\r\\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36\\r\\nX-Forwarded-For: 203.0.113.{}, 10.0.0.{}\\r\\nCookie: sid={}; uid={}",
                r.next() % 256,
                r.next() % 256,
                r.word(24),
                r.digits(6)
            ),
            4 => format!(
                "用户在{}年提交了工单，联系电话0571-8765{}，请尽快处理。Customer says the order {} was not delivered to the address on file.",
                2000 + r.next() % 24,
                r.digits(4),
                r.digits(18)
            ),
            5 => format!(
                r#"{{"list":[{}]}}"#,
                (0..20)
                    .map(|_| format!(
                        r#"{{"id":{},"title":"{}","uuid":"{}-{}-{}","md5":"{}"}}"#,
                        r.digits(6),
                        r.word(12),
                        r.word(8),
                        r.word(4),
                        r.word(12),
                        r.word(32)
                    ))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            6 => format!(
                r#"{{"device":{{"imei":"490154203237518","mac":"5c:c7:be:4b:00:4d","ipv6":"2001:db8::{}","model":"{}","appVersion":"4.{}.{}.{}"}}}}"#,
                r.next() % 9999,
                r.word(6),
                r.next() % 10,
                r.next() % 10,
                r.next() % 10
            ),
            _ => format!(r#"{{"message":"{}","count":{},"ok":true}}"#, r.word(60), r.digits(4)),
        };
        lines.push(line);
    }
    // one 64 KB base64 upload
    let b64: String = (0..65536)
        .map(|_| {
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(r.next() % 64) as usize]
                as char
        })
        .collect();
    lines.push(format!(r#"{{"file":"{b64}"}}"#));
    lines
}

fn bench_lines(c: &mut Criterion, group: &str, lines: &[String]) {
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let scanner = SensitiveScanner::default();
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("scan_text", |b| {
        let mut sc = Scratch::default();
        let mut out: Vec<Finding> = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for l in lines {
                out.clear();
                scanner.scan_text_scratch(black_box(l), &mut sc, &mut out);
                n += out.len();
            }
            n
        })
    });
    // what `apisec scan` and the bindings run: policy levels, custom types, sorted hits
    let engine = Engine::new(Policy::default()).expect("default policy");
    g.bench_function("engine_scan", |b| {
        let mut sc = ScanScratch::default();
        let mut out = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for l in lines {
                engine.scan_hits_into(black_box(l), &mut sc, &mut out);
                n += out.len();
            }
            n
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    bench_lines(c, "sensitive", &corpus());
    if let Some(path) = std::env::var_os("APISEC_SCAN_CORPUS") {
        let text = std::fs::read(&path).expect("APISEC_SCAN_CORPUS names a readable file");
        let lines: Vec<String> =
            text.split(|&b| b == b'\n').map(|l| String::from_utf8_lossy(l).into_owned()).collect();
        bench_lines(c, "sensitive_file", &lines);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

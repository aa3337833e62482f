//! The committed demo file (`examples/data/demo.jsonl`) must be exactly what the generator
//! writes for its documented command line; any drift in the generator shows up here.

use apisec_traffic_gen::{Config, DEFAULT_START, write_jsonl};

/// The configuration `examples/README.md` documents for the demo file.
fn demo_config() -> Config {
    Config { seed: 7, records: 5500, days: 2, start: DEFAULT_START }
}

#[test]
fn committed_demo_file_matches_the_generator_byte_for_byte() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo.jsonl");
    let committed = std::fs::read(path).expect("examples/data/demo.jsonl is committed");
    let mut fresh = Vec::new();
    let n = write_jsonl(&demo_config(), &mut fresh).expect("writing to memory cannot fail");
    assert_eq!(n, 5500);
    if fresh != committed {
        let line = fresh
            .split(|b| *b == b'\n')
            .zip(committed.split(|b| *b == b'\n'))
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "the generator no longer reproduces examples/data/demo.jsonl (first differing line {line}); \
             regenerate it with the command in examples/README.md and update the README if attacks changed"
        );
    }
    assert!(committed.len() <= 5 * 1024 * 1024, "the demo file must stay under 5 MB");
}

#[test]
fn generation_is_repeatable() {
    let cfg = Config { records: 1500, days: 1, ..demo_config() };
    let mut a = Vec::new();
    let mut b = Vec::new();
    write_jsonl(&cfg, &mut a).unwrap();
    write_jsonl(&cfg, &mut b).unwrap();
    assert_eq!(a, b);
}

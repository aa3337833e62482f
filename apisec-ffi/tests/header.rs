//! Header drift check: regenerates `include/apisec.h` with cbindgen and fails when the
//! committed file differs. `APISEC_BLESS=1` rewrites the committed header instead.

use std::path::Path;

#[test]
fn committed_header_matches_the_source() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen failed")
        .write(&mut generated);
    let generated = String::from_utf8(generated).expect("header is UTF-8");
    let path = crate_dir.join("../include/apisec.h");
    if std::env::var_os("APISEC_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write include/apisec.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/apisec.h is out of date: run APISEC_BLESS=1 cargo test -p apisec-ffi --test header"
    );
    for sym in ["apisec_engine_new", "apisec_engine_free", "apisec_buf_free", "apisec_last_error_message"] {
        assert!(generated.contains(sym), "{sym} missing from the header");
    }
}

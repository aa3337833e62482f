//! Build script: lets napi-build set the link flags a Node addon needs.
fn main() {
    napi_build::setup();
}

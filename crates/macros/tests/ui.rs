//! Every mistake in a declaration is a compile error with a clear message at the offending
//! token: one file per mistake under `tests/ui/`, with the expected compiler output next to it.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test -p vcc-events-macros --test ui`,
//! then read every changed `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

//! Types that can grow, seen from a partner's crate: neither a generated struct nor a payload
//! struct of the catalog crate can be written as a struct literal (the compiler's message is
//! pinned in `tests/ui/*.stderr`), so that adding an optional member is a minor release. The
//! builders that replace literals are exercised in `tests/building_events.rs`.

#[test]
fn struct_literals_of_published_types_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/generated_struct_literal.rs");
    cases.compile_fail("tests/ui/catalog_struct_literal.rs");
}

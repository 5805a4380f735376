//! Every compile error of the attribute, one case each: the message points
//! at the offending tokens and says how to fix it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

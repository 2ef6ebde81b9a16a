// An upgrade step that can fail (the test family's v1 to v2: a member's type changes through a
// conversion that may refuse a value) is `TryFrom` only, never `From`: a caller cannot upgrade
// without handling the failure.
use workspace_tests::widget::test_widget::{v1, v2};

fn main() {
    let _: fn(v1::Widget) -> v2::Widget = From::from;
}

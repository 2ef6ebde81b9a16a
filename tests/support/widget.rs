//! `test.widget`: a test-only family with three versions that uses every version gate of
//! `#[family]`; shared by the versioning and freeze tests.
//!
//! What changes between the versions of `test.widget`:
//!
//! | member / value                 | v0              | v1                        | v2                     |
//! |--------------------------------|-----------------|---------------------------|------------------------|
//! | `widget.color`                 | `colour`        | renamed `color`           | `color`                |
//! | `widget.size`                  | number (cm)     | changed to text (`with`)  | text                   |
//! | `widget.count`                 | text            | text                      | number (`try_with`)    |
//! | `widget.priority`              | -               | added, default 3          | yes                    |
//! | `widget.owner`                 | -               | added, no default         | yes                    |
//! | `widget.legacyCode`            | yes             | yes                       | removed                |
//! | `widget.origin` (type `Origin`)| yes             | yes                       | removed (with the type)|
//! | `note`                         | yes             | yes                       | removed                |
//! | `tags` (type `Tag`)            | -               | -                         | added (with the type)  |
//! | `Color::Gray`                  | `"grey"`        | renamed `"gray"`          | `"gray"`               |
//! | `Color::Crimson`               | yes             | yes                       | removed, into `Red`    |
//! | `Color::Beige`                 | yes             | yes                       | removed, no into       |
//! | `Color::Teal`                  | -               | added                     | yes                    |
//! | `Color::UltraViolet`           | -               | -                         | added, `"ultra-violet"`|

/// A widget changed. Test-only: exercises every version gate of the family macro.
#[vcc_events::family(
    name = "test.widget",
    source = "/widget",
    subject = widget.widget_id,
    subject_doc = "The widget that changed: its ID, a GUID.",
    versions(
        v0(stability = deprecated, example = "tests/fixtures/test.widget.v0/example.json"),
        v1(stability = stable, example = "tests/fixtures/test.widget.v1/example.json"),
        v2(stability = beta, example = "tests/fixtures/test.widget.v2/example.json"),
    ),
)]
pub mod test_widget {
    use std::num::ParseIntError;

    use vcc_events_runtime::{Guid, Timestamp};

    fn default_priority() -> u64 {
        3
    }

    fn size_to_text(centimetres: u64) -> String {
        format!("{centimetres} cm")
    }

    fn parse_count(count: String) -> Result<u64, ParseIntError> {
        count.parse()
    }

    /// The event payload.
    pub struct Data {
        /// When the widget changed.
        pub timestamp: Timestamp,
        /// The widget that changed.
        pub widget: Widget,
        /// Other names of the widget.
        pub aliases: Vec<String>,
        /// A free-text note.
        #[removed(v2)]
        pub note: Option<String>,
        /// Tags on the widget.
        #[added(v2)]
        pub tags: Vec<Tag>,
    }

    /// The widget.
    pub struct Widget {
        /// The widget's ID.
        pub widget_id: Guid,
        /// The widget's main colour.
        #[renamed(v1, from = "colour")]
        pub color: Color,
        /// The widget's size, as text (a number of centimetres before v1).
        #[changed(v1, from = u64, with = size_to_text)]
        pub size: String,
        /// How many there are (text before v2).
        #[changed(v2, from = String, try_with = parse_count)]
        pub count: u64,
        /// How urgent the widget is, 1 (most) to 5.
        #[added(v1, default = default_priority)]
        pub priority: u64,
        /// Who owns the widget, if anyone.
        #[added(v1)]
        pub owner: Option<Guid>,
        /// The widget's code in the old system.
        #[removed(v2)]
        pub legacy_code: String,
        /// Where the widget was made.
        #[removed(v2)]
        pub origin: Option<Origin>,
        /// Accent colours.
        pub accents: Vec<Color>,
    }

    /// Where a widget was made.
    #[removed(v2)]
    pub struct Origin {
        /// The factory's town.
        pub factory: String,
    }

    /// A tag: a key and a value.
    #[added(v2)]
    pub struct Tag {
        /// The tag's key.
        pub key: String,
        /// The tag's value.
        #[wire = "val"]
        pub value: String,
    }

    /// A colour.
    pub enum Color {
        /// Red.
        Red,
        /// Gray.
        #[renamed(v1, from = "grey")]
        Gray,
        /// Crimson: red from v2 on.
        #[removed(v2, into = Red)]
        Crimson,
        /// Beige: no longer made from v2 on.
        #[removed(v2)]
        Beige,
        /// Teal.
        #[added(v1)]
        Teal,
        /// Ultra violet.
        #[added(v2)]
        #[wire = "ultra-violet"]
        UltraViolet,
    }
}

vcc_events_runtime::catalog! {
    /// Every event of this test's catalog.
    pub enum AnyEvent {
        /// `test.widget`.
        TestWidget(test_widget::TestWidget),
        /// `channel.parked`.
        ChannelParked(vcc_events::channel_parked::ChannelParked),
    }
}

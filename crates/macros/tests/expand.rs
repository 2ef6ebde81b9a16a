//! The generated code compiles and behaves for the less common shapes of a declaration:
//! members renamed or changed twice, a rename and a change in one version, a declared type
//! changed into a scalar, a type that exists in a middle version only, `Option<Vec<T>>` of a
//! type whose upgrade can fail, a subject two structs deep, raw identifiers, a private family
//! module with attributes (`#[cfg]` included).

use vcc_events_runtime::{EventData, Family, Rule};

/// A gadget changed. Test-only.
#[vcc_events_macros::family(
    name = "test.gadget",
    source = "/gadget",
    subject = gadget.info.gadget_id,
    subject_doc = "The gadget's ID.",
    versions(
        v0(stability = beta, example = "tests/fixtures/test.gadget.v0.json"),
        v1(stability = beta, example = "tests/fixtures/test.gadget.v1.json"),
        v2(stability = stable, example = "tests/fixtures/test.gadget.v2.json"),
    ),
)]
#[cfg(test)]
#[allow(clippy::all)]
mod test_gadget {
    use vcc_events_runtime::Guid;

    fn to_text(n: u64) -> String {
        n.to_string()
    }

    fn text_to_flag(text: String) -> Result<bool, String> {
        match text.as_str() {
            "1" => Ok(true),
            "0" => Ok(false),
            other => Err(format!("{other:?} is not 0 or 1")),
        }
    }

    fn kind_to_label(kind: v0::Kind) -> String {
        kind.as_str().to_owned()
    }

    /// The event payload.
    pub struct Data {
        /// The gadget.
        pub gadget: Gadget,
        /// The gadget's parts, when known.
        pub parts: Option<Vec<Part>>,
        /// What kind of gadget it is: a closed list before v1, any text from v1.
        #[changed(v1, from = Kind, with = kind_to_label)]
        pub kind: String,
        /// A note, in v1 only.
        #[added(v1)]
        #[removed(v2)]
        pub note: Option<Note>,
    }

    /// A gadget.
    pub struct Gadget {
        /// Who the gadget is.
        pub info: Info,
        /// The gadget's title: `lbl` in v0, `label` in v1, `title` from v2.
        #[renamed(v1, from = "lbl")]
        #[renamed(v2, from = "label")]
        pub title: String,
        /// Whether the gadget is on: a number in v0, text in v1, a boolean named `enabled` from v2.
        #[changed(v1, from = u64, with = to_text)]
        #[changed(v2, from = String, try_with = text_to_flag)]
        #[renamed(v2, from = "on")]
        pub enabled: bool,
        /// The gadget's mood, if it has one.
        pub mood: Option<Mood>,
        /// The gadget's type, a raw identifier.
        pub r#type: String,
    }

    /// Who a gadget is.
    pub struct Info {
        /// The gadget's ID.
        pub gadget_id: Guid,
    }

    /// A part of a gadget.
    pub struct Part {
        /// The part's name.
        pub name: String,
        /// The part's mood.
        pub mood: Mood,
    }

    /// A closed list of kinds, before v1.
    #[removed(v1)]
    pub enum Kind {
        /// The first kind.
        Alpha,
        /// The second kind.
        Beta,
    }

    /// A note, in v1 only.
    #[added(v1)]
    #[removed(v2)]
    pub struct Note {
        /// The note's text.
        pub text: String,
    }

    /// A mood.
    pub enum Mood {
        /// Happy: `glad` in v0, `joyful` in v1, `happy` from v2.
        #[renamed(v1, from = "glad")]
        #[renamed(v2, from = "joyful")]
        Happy,
        /// Grumpy: gone in v2.
        #[removed(v2)]
        Grumpy,
        /// Calm: in v1 only, happy from v2.
        #[added(v1)]
        #[removed(v2, into = Happy)]
        Calm,
    }
}

use test_gadget::{TestGadget, v0, v1, v2};

const V0: &str = include_str!("fixtures/test.gadget.v0.json");
const V1: &str = include_str!("fixtures/test.gadget.v1.json");
const V2: &str = include_str!("fixtures/test.gadget.v2.json");

use vcc_events_runtime::minify_json as minify;

#[test]
fn every_example_decodes_and_encodes_back_to_its_bytes() {
    for json in [V0, V1, V2] {
        let event = TestGadget::from_slice(json.as_bytes()).unwrap();
        let encoded = match &event {
            TestGadget::V0(e) => e.to_json(),
            TestGadget::V1(e) => e.to_json(),
            TestGadget::V2(e) => e.to_json(),
        };
        assert_eq!(encoded, minify(json));
    }
}

#[test]
fn a_subject_two_structs_deep_has_its_pointer() {
    for info in TestGadget::VERSIONS {
        assert_eq!(info.subject_pointer, "/data/gadget/info/gadgetId");
    }
}

#[test]
fn a_raw_identifier_is_written_without_its_prefix() {
    let event = v2::Event::from_json(V2).unwrap();
    assert_eq!(event.data.gadget.r#type, "widget");
}

#[test]
fn a_member_renamed_twice_has_one_wire_name_per_version() {
    assert_eq!(
        v0::Event::from_json(V0).unwrap().data.gadget.title,
        "Sprocket"
    );
    assert_eq!(
        v1::Event::from_json(V1).unwrap().data.gadget.title,
        "Sprocket"
    );
    assert_eq!(
        v2::Event::from_json(V2).unwrap().data.gadget.title,
        "Sprocket"
    );
}

#[test]
fn a_value_renamed_twice_has_one_wire_value_per_version() {
    assert_eq!(v0::Mood::Happy.as_str(), "glad");
    assert_eq!(v1::Mood::Happy.as_str(), "joyful");
    assert_eq!(v2::Mood::Happy.as_str(), "happy");
}

#[test]
fn upgrading_through_two_changes_converts_at_each_step() {
    let v1 = v0::Event::from_json(V0).unwrap().upgrade().unwrap();
    assert_eq!(v1.data.gadget.enabled, "1");
    assert_eq!(v1.data.kind, "alpha");
    assert_eq!(v1.data.note, None);
    let parts = v1.data.parts.clone().unwrap();
    assert_eq!(parts[0].mood, v1::Mood::Grumpy);
    assert_eq!(parts[1].mood, v1::Mood::Happy);
    let calm = v1::Event::from_json(V1).unwrap().upgrade().unwrap();
    assert!(!calm.data.gadget.enabled);
    assert_eq!(calm.data.gadget.mood, Some(v2::Mood::Happy));
    assert_eq!(calm.data.parts.unwrap()[0].mood, v2::Mood::Happy);
}

#[test]
fn upgraded_events_use_the_new_wire_names() {
    let json = v1::Event::from_json(V1)
        .unwrap()
        .upgrade()
        .unwrap()
        .to_json();
    assert!(
        json.contains(r#""gadget":{"info":{"gadgetId":"0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d"},"title":"Sprocket","enabled":false,"mood":"happy","type":"widget"}"#),
        "{json}"
    );
    assert!(
        json.ends_with(r#""parts":[{"name":"axle","mood":"happy"}],"kind":"beta"}}"#),
        "{json}"
    );
}

#[test]
fn a_failing_upgrade_inside_an_optional_list_names_the_value() {
    let event = v0::Event::from_json(V0).unwrap().upgrade().unwrap();
    let error = event.upgrade().unwrap_err();
    assert_eq!(error.member, "Mood::Grumpy");
    assert_eq!(error.to_version, "v2");
}

#[test]
fn a_failing_conversion_after_a_rename_names_the_member() {
    let event = v1::Event::from_json(&V1.replace(r#""on": "0""#, r#""on": "maybe""#)).unwrap();
    let error = TestGadget::V1(event).into_latest().unwrap_err();
    assert_eq!(error.member, "Gadget::enabled");
    assert_eq!(error.message, "\"maybe\" is not 0 or 1");
}

#[test]
fn a_type_in_a_middle_version_only_is_declared_there_only() {
    let note = v1::Note {
        text: "only in v1".into(),
        extra: Default::default(),
    };
    assert_eq!(v1::Event::from_json(V1).unwrap().data.note, Some(note));
    let in_v2 =
        v2::Event::from_json(&V2.replace(r#""kind": "gamma""#, r#""kind": "gamma", "note": {}"#))
            .unwrap();
    assert!(in_v2.data.extra.get("note").is_some());
}

#[test]
fn a_declared_enum_changed_into_text_refuses_other_values_before_the_change() {
    let error =
        v0::Event::from_json(&V0.replace(r#""kind": "alpha""#, r#""kind": "gamma""#)).unwrap_err();
    assert_eq!(error.rule(), Rule::AllowedValues);
    assert_eq!(error.pointer(), "/data/kind");
}

#[test]
fn the_first_step_is_infallible_and_the_second_is_not() {
    let _: fn(v0::Data) -> v1::Data = From::from;
    let _: fn(v0::Gadget) -> v1::Gadget = From::from;
    let _: fn(v1::Data) -> Result<v2::Data, vcc_events_runtime::UpgradeError> = TryFrom::try_from;
    let _: fn(v1::Part) -> Result<v2::Part, vcc_events_runtime::UpgradeError> = TryFrom::try_from;
    let _: fn(v1::Info) -> v2::Info = From::from;
}

#[test]
fn each_version_describes_its_own_members() {
    use vcc_events_runtime::describe::Shape;
    let Shape::Struct(gadget) = <v2::Gadget as vcc_events_runtime::describe::Describe>::describe()
    else {
        panic!("a struct");
    };
    let names: Vec<&str> = gadget.fields.iter().map(|f| f.name).collect();
    assert_eq!(names, ["info", "title", "enabled", "mood", "type"]);
    assert_eq!(<v0::Data as EventData>::INFO.event_type, "test.gadget.v0");
}

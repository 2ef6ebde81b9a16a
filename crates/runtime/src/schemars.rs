//! [`JsonSchema`] (schemars 1.x) for the event types, from the reflection model (feature
//! `schemars`).
//!
//! The `#[family]` and `#[shapes]` macros implement `JsonSchema` for every declared struct and
//! enum through [`__json_schema!`](crate::__json_schema) (which expands to nothing without
//! this feature); this module implements it for the scalars, [`Open`], and
//! [`CloudEvent<D>`](CloudEvent) (the whole event). The schemas are rendered by
//! [`json_schema`](crate::json_schema), as the published ones are: the schema of
//! `CloudEvent<D>` judges every event as `schemas/<type>.json` does.
//!
//! Declared types are definitions of the generator, named by their declared name (`Data`,
//! `Channel`); two different types of one name (the `Data` of two versions) get `Data`,
//! `Data2`, ...; identical definitions are shared.

use std::borrow::Cow;

pub use ::schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::describe::{Describe, Shape, Used};
use crate::json_schema::{Definitions, address, declared, envelope};
use crate::{CloudEvent, EventData, Guid, Ksuid, NumericId, Open, Timestamp, WireEnum};

/// The schema of the declared type `T` (a struct or an enum the macros declared): its
/// definition, with the declared types it uses as definitions of `generator`.
pub fn declared_schema<T: Describe>(generator: &mut SchemaGenerator) -> Schema {
    let used = Used::plain(T::describe());
    let mut defs = GeneratorDefs {
        generator,
        building: Vec::new(),
        registered: None,
    };
    to_schema(declared(&used, &mut defs))
}

/// The schema of the scalar or other undeclared shape of `T`, written out.
fn inline_schema<T: Describe>(generator: &mut SchemaGenerator) -> Schema {
    declared_schema::<T>(generator)
}

fn to_schema(value: Value) -> Schema {
    Schema::try_from(value).unwrap_or_default()
}

/// The definitions of a [`SchemaGenerator`], seen as [`Definitions`].
struct GeneratorDefs<'a> {
    generator: &'a mut SchemaGenerator,
    /// The declared types being built (address, name), for a type that refers to itself.
    building: Vec<(usize, String)>,
    /// A declared type (its shape's address) whose Rust type is known, and the generator's own
    /// way to refer to it (`subschema_for`): the generator names and registers it.
    registered: Option<(usize, SubschemaFor)>,
}

/// The generator's way to refer to one Rust type (`SchemaGenerator::subschema_for::<T>`).
type SubschemaFor = fn(&mut SchemaGenerator) -> Schema;

impl GeneratorDefs<'_> {
    fn reference_to(&self, name: &str) -> Map<String, Value> {
        let path = self
            .generator
            .settings()
            .definitions_path
            .trim_start_matches('#');
        let path = path.trim_end_matches('/');
        Map::from_iter([("$ref".to_owned(), json!(format!("#{path}/{name}")))])
    }
}

impl Definitions for GeneratorDefs<'_> {
    fn reference(&mut self, name: &'static str, used: &Used) -> Map<String, Value> {
        let address = address(used.shape);
        if let Some((known, subschema_for)) = self.registered
            && known == address
            && used.overrides().is_empty()
        {
            // A reference (an object) for any type that is not inlined.
            return subschema_for(self.generator)
                .as_object()
                .cloned()
                .unwrap_or_default();
        }
        if let Some((_, key)) = self.building.iter().find(|(a, _)| *a == address) {
            return self.reference_to(&key.clone());
        }
        self.building.push((address, name.to_owned()));
        let definition = declared(used, self);
        self.building.pop();
        // The first of `Name`, `Name2`, ... that is free or holds this very definition.
        let definitions = self.generator.definitions_mut();
        let key = (1..)
            .map(|i| {
                if i == 1 {
                    name.to_owned()
                } else {
                    format!("{name}{i}")
                }
            })
            .find(|key| definitions.get(key).is_none_or(|held| *held == definition))
            .unwrap_or_else(|| name.to_owned());
        definitions.insert(key.clone(), definition);
        self.reference_to(&key)
    }
}

/// Implements `JsonSchema` for a declared type: what the macros emit for each struct and enum
/// (with the feature `schemars`; without it, nothing).
#[doc(hidden)]
#[macro_export]
macro_rules! __json_schema {
    ($ty:ident, $name:expr) => {
        impl $crate::schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed($name)
            }

            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", $name))
            }

            fn json_schema(
                generator: &mut $crate::schemars::SchemaGenerator,
            ) -> $crate::schemars::Schema {
                $crate::schemars::declared_schema::<Self>(generator)
            }
        }
    };
}

/// Scalars are written out where they are used.
macro_rules! scalar {
    ($($ty:ty),*) => {$(
        impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($ty))
            }

            fn schema_id() -> Cow<'static, str> {
                Cow::Borrowed(concat!("vcc_events_runtime::", stringify!($ty)))
            }

            fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                inline_schema::<Self>(generator)
            }
        }
    )*};
}

scalar!(Guid, Ksuid, NumericId, Timestamp);

/// An open set: any string, the documented values as `examples`.
impl<E: WireEnum> JsonSchema for Open<E> {
    fn schema_name() -> Cow<'static, str> {
        match <Self as Describe>::describe() {
            Shape::Enum(e) => Cow::Borrowed(e.name),
            _ => Cow::Borrowed("Open"),
        }
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Owned(format!(
            "vcc_events_runtime::Open<{}>",
            std::any::type_name::<E>()
        ))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        declared_schema::<Self>(generator)
    }
}

/// The whole event: the envelope of `D`'s version, its payload as `data`.
impl<D: EventData + JsonSchema> JsonSchema for CloudEvent<D> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(D::INFO.event_type)
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Owned(format!(
            "vcc_events_runtime::CloudEvent<{}>",
            D::INFO.event_type
        ))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        // `data` is a `D`: the generator registers it under a name of its own.
        let mut defs = GeneratorDefs {
            generator,
            building: Vec::new(),
            registered: Some((address(D::describe()), SchemaGenerator::subschema_for::<D>)),
        };
        let mut schema = Map::new();
        schema.insert("description".into(), json!(D::INFO.description));
        schema.extend(envelope(D::INFO, &mut defs));
        to_schema(Value::Object(schema))
    }
}

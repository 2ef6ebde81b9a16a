//! A reflection model of declared types: what the JSON Schemas and doc pages are generated from.
//!
//! The `#[family]` macro implements [`Describe`] for every declared struct and enum, and this
//! crate implements it for the scalar types. The model is static data: walking it allocates
//! nothing and needs no instance of the type.

/// The shape of a type on the wire.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// A string, number or boolean, possibly with a format.
    Scalar(&'static ScalarShape),
    /// A JSON object with declared members.
    Struct(&'static StructShape),
    /// A string with a fixed set of allowed values.
    Enum(&'static EnumShape),
    /// A JSON array of one item shape.
    Array(fn() -> Shape),
}

impl Shape {
    /// The doc comment of a declared struct or enum; empty for other shapes.
    pub fn doc(self) -> &'static str {
        match self {
            Shape::Struct(s) => s.doc,
            Shape::Enum(e) => e.doc,
            Shape::Scalar(_) | Shape::Array(_) => "",
        }
    }
}

/// A scalar's wire form.
#[derive(Debug)]
pub struct ScalarShape {
    /// The Rust name of the type (e.g. `Guid`).
    pub name: &'static str,
    /// The JSON type (`string`, `integer`, `number`, `boolean`).
    pub json_type: &'static str,
    /// The JSON Schema `format`, if any.
    pub format: Option<&'static str>,
    /// The JSON Schema `pattern` (ECMA 262), if any.
    pub pattern: Option<&'static str>,
    /// How a person would name the format, for the docs (e.g. "GUID").
    pub summary: &'static str,
    /// A rule checked on decode that JSON Schema cannot express, if any.
    pub code_only_rule: Option<&'static str>,
}

/// A declared struct: a JSON object.
#[derive(Debug)]
pub struct StructShape {
    /// The type's name, used for the schema's `$defs` entry.
    pub name: &'static str,
    /// The doc comment.
    pub doc: &'static str,
    /// The members, in wire order.
    pub fields: &'static [FieldShape],
}

/// One member of a declared struct.
#[derive(Debug)]
pub struct FieldShape {
    /// The member name on the wire.
    pub name: &'static str,
    /// The doc comment.
    pub doc: &'static str,
    /// Whether the member must be present.
    pub required: bool,
    /// The value's shape.
    pub shape: fn() -> Shape,
}

/// A declared enum: a string with allowed values.
#[derive(Debug)]
pub struct EnumShape {
    /// The type's name, used for the schema's `$defs` entry.
    pub name: &'static str,
    /// The doc comment.
    pub doc: &'static str,
    /// The allowed values, in declaration order.
    pub variants: &'static [VariantShape],
    /// Whether the set is open: the variants are the documented values, and any other string
    /// is accepted and kept (see [`Open`](crate::Open)).
    pub open: bool,
}

/// One allowed value of a declared enum.
#[derive(Debug)]
pub struct VariantShape {
    /// The value on the wire.
    pub name: &'static str,
    /// The doc comment.
    pub doc: &'static str,
}

/// A type whose wire shape is known statically.
pub trait Describe {
    /// The shape of the type.
    fn describe() -> Shape;
}

impl<T: Describe> Describe for Vec<T> {
    fn describe() -> Shape {
        Shape::Array(T::describe)
    }
}

macro_rules! plain {
    ($($ty:ty => $json:literal, $summary:literal;)*) => {$(
        impl Describe for $ty {
            fn describe() -> Shape {
                static SHAPE: ScalarShape = ScalarShape {
                    name: stringify!($ty),
                    json_type: $json,
                    format: None,
                    pattern: None,
                    summary: $summary,
                    code_only_rule: None,
                };
                Shape::Scalar(&SHAPE)
            }
        }
    )*};
}

plain! {
    String => "string", "text";
    bool => "boolean", "true or false";
    i64 => "integer", "integer";
    u64 => "integer", "non-negative integer";
}

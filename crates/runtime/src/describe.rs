//! A reflection model of declared types: what the JSON Schemas and doc pages are generated from.
//!
//! The `#[family]` macro implements [`Describe`] for every declared struct and enum, and this
//! crate implements it for the scalar types. The model is static data and needs no instance of
//! the type.
//!
//! A shape may be used in several places (a shared shape, declared once with `#[shapes]`), and
//! one use may describe the members nested in it in its own words (`#[describe(path = ...,
//! doc = ...)]` on the field). Renderers read a shape through [`Used`], the shape as used at one
//! place: [`Used::members`] gives each member's description with the overrides applied.

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
    /// The descriptions this use gives members nested in the value's shape, replacing theirs
    /// (`#[describe(path = ..., doc = ...)]`).
    pub overrides: &'static [DocOverride],
}

/// A description one use of a shape gives a member nested in it, for that use only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocOverride {
    /// The wire names leading to the member, from the shape of the field that carries the
    /// override (arrays are passed through).
    pub path: &'static [&'static str],
    /// The member's description at this use.
    pub doc: &'static str,
}

/// A shape as used at one place: the shape, and the descriptions this use gives members
/// nested in it. Two uses of one shape with the same overrides describe it the same way.
#[derive(Clone, Debug)]
pub struct Used {
    /// The shape.
    pub shape: Shape,
    /// The overrides that apply below this use, outermost use first: the first that names a
    /// member wins.
    overrides: Vec<DocOverride>,
}

/// One member of a struct as used at one place.
#[derive(Clone, Debug)]
pub struct UsedMember {
    /// The member's declaration.
    pub field: &'static FieldShape,
    /// Its description at this place: an override's, else its doc comment.
    pub doc: &'static str,
    /// Its value's shape, with the overrides that apply below it.
    pub value: Used,
}

impl Used {
    /// `shape` as declared, with no override.
    pub fn plain(shape: Shape) -> Used {
        Used {
            shape,
            overrides: Vec::new(),
        }
    }

    /// The value of `field` as used there: its shape with the field's overrides.
    pub fn field(field: &'static FieldShape) -> Used {
        Used {
            shape: (field.shape)(),
            overrides: field.overrides.to_vec(),
        }
    }

    /// The overrides below this use (empty: the shape as declared).
    pub fn overrides(&self) -> &[DocOverride] {
        &self.overrides
    }

    /// The members of the struct, as used here (none for other shapes).
    pub fn members(&self) -> Vec<UsedMember> {
        let Shape::Struct(s) = self.shape else {
            return Vec::new();
        };
        s.fields
            .iter()
            .map(|field| {
                let mut doc = field.doc;
                let mut below = Vec::new();
                let mut named = false;
                for o in &self.overrides {
                    match o.path.split_first() {
                        Some((head, [])) if *head == field.name && !named => {
                            doc = o.doc;
                            named = true;
                        }
                        Some((head, rest)) if *head == field.name && !rest.is_empty() => {
                            below.push(DocOverride {
                                path: rest,
                                doc: o.doc,
                            });
                        }
                        _ => {}
                    }
                }
                below.extend_from_slice(field.overrides);
                UsedMember {
                    field,
                    doc,
                    value: Used {
                        shape: (field.shape)(),
                        overrides: below,
                    },
                }
            })
            .collect()
    }

    /// The items of an array, with this use's overrides (the shape itself for other shapes).
    pub fn items(&self) -> Used {
        match self.shape {
            Shape::Array(items) => Used {
                shape: items(),
                overrides: self.overrides.clone(),
            },
            _ => self.clone(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> Shape {
        String::describe()
    }

    fn inner() -> Shape {
        Shape::Struct(&INNER)
    }

    fn inners() -> Shape {
        Shape::Array(inner)
    }

    static INNER_FIELDS: [FieldShape; 2] = [
        FieldShape {
            name: "a",
            doc: "A, as declared.",
            required: true,
            shape: text,
            overrides: &[],
        },
        FieldShape {
            name: "b",
            doc: "B, as declared.",
            required: true,
            shape: text,
            overrides: &[],
        },
    ];
    static INNER: StructShape = StructShape {
        name: "Inner",
        doc: "Inner.",
        fields: &INNER_FIELDS,
    };
    static OUTER_FIELDS: [FieldShape; 2] = [
        // A use inside a shape: it describes `a` in its own words.
        FieldShape {
            name: "inner",
            doc: "The inner value.",
            required: true,
            shape: inner,
            overrides: &[DocOverride {
                path: &["a"],
                doc: "A, as the outer shape says.",
            }],
        },
        FieldShape {
            name: "list",
            doc: "A list of inner values.",
            required: true,
            shape: inners,
            overrides: &[],
        },
    ];
    static OUTER: StructShape = StructShape {
        name: "Outer",
        doc: "Outer.",
        fields: &OUTER_FIELDS,
    };
    fn outer() -> Shape {
        Shape::Struct(&OUTER)
    }
    static USE: FieldShape = FieldShape {
        name: "outer",
        doc: "The outer value.",
        required: true,
        shape: outer,
        overrides: &[
            DocOverride {
                path: &["inner", "a"],
                doc: "A, as this use says.",
            },
            DocOverride {
                path: &["list", "b"],
                doc: "B of each item, as this use says.",
            },
            DocOverride {
                path: &["list"],
                doc: "The list, as this use says.",
            },
        ],
    };

    fn docs(used: &Used) -> Vec<(&'static str, &'static str)> {
        used.members()
            .iter()
            .map(|m| (m.field.name, m.doc))
            .collect()
    }

    #[test]
    fn the_outermost_use_wins_and_arrays_pass_overrides_to_their_items() {
        let used = Used::field(&USE);
        let members = used.members();
        assert_eq!(
            docs(&used),
            [
                ("inner", "The inner value."),
                ("list", "The list, as this use says.")
            ]
        );
        assert_eq!(
            docs(&members[0].value),
            [("a", "A, as this use says."), ("b", "B, as declared.")]
        );
        assert_eq!(
            docs(&members[1].value.items()),
            [
                ("a", "A, as declared."),
                ("b", "B of each item, as this use says.")
            ]
        );
    }

    #[test]
    fn without_overrides_a_use_reads_the_declaration_except_where_the_shape_describes_anew() {
        let used = Used::plain(outer());
        assert!(used.overrides().is_empty());
        let members = used.members();
        assert_eq!(
            docs(&members[0].value),
            [
                ("a", "A, as the outer shape says."),
                ("b", "B, as declared.")
            ]
        );
        assert_eq!(
            docs(&members[1].value.items()),
            [("a", "A, as declared."), ("b", "B, as declared.")]
        );
    }
}

//! The Rust code of a consumer crate: typify's output for the typify input, members put back
//! in the schema's order, doc comments one line each, laid out by prettyplease.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::{Map, Value};
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, Fields, Lit, Meta};

use crate::Error;
use crate::input::visit_schemas;

/// The map type of flattened `extra` members: an `IndexMap` keeps the order members arrived
/// in, so that encoding writes undeclared members (extension attributes) in that order.
const MAP_TYPE: &str = "::indexmap::IndexMap";

/// What typify generated for a schema.
pub(crate) struct Generated {
    /// The items, laid out by prettyplease (no header).
    pub code: String,
    /// The name of the root type.
    pub root: String,
}

/// Runs typify on `schema` (a typify input) and lays the result out.
pub(crate) fn generate(schema: &Value) -> Result<Generated, Error> {
    let root_schema: schemars08::schema::RootSchema = serde_json::from_value(schema.clone())
        .map_err(|e| Error(format!("typify cannot read the schema: {e}")))?;
    let mut settings = typify::TypeSpaceSettings::default();
    settings.with_struct_builder(true).with_map_type(MAP_TYPE);
    // typify reports some unsupported constructs by panicking; report them as errors.
    let typified = catch_unwind(AssertUnwindSafe(|| {
        let mut space = typify::TypeSpace::new(&settings);
        let root = space.add_root_schema(root_schema)?;
        let root = match root {
            Some(id) => Some(space.get_type(&id)?.name()),
            None => None,
        };
        Ok::<_, typify::Error>((root, space.to_stream()))
    }));
    let (root, tokens) = match typified {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => return Err(Error(format!("typify: {e}"))),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            return Err(Error(format!("typify panicked: {message}")));
        }
    };
    let root = root.ok_or_else(|| {
        Error("the schema has no `title`, so typify generates no root type".to_owned())
    })?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| Error(format!("typify's output does not parse: {e}")))?;
    crate::grow::apply(&mut file);
    SchemaOrder::of(schema).visit_file_mut(&mut file);
    Docs::of(schema).visit_file_mut(&mut file);
    Ok(Generated {
        code: prettyplease::unparse(&file),
        root,
    })
}

/// Puts the fields of every generated struct in the order the schema lists the properties
/// (typify sorts them by name), so that encoding writes members in the schema's order; a
/// flattened `extra` map stays last.
struct SchemaOrder {
    /// The property names of every object schema with properties, in schema order.
    objects: Vec<Vec<String>>,
}

impl SchemaOrder {
    fn of(schema: &Value) -> Self {
        let mut objects = Vec::new();
        visit_schemas(schema, "", &mut |_, object| {
            if let Some(Value::Object(properties)) = object.get("properties") {
                objects.push(properties.keys().cloned().collect());
            }
        });
        SchemaOrder { objects }
    }

    /// The schema's order of `names`: the one object schema order with exactly these names
    /// (several schemas with the same names must agree), if any.
    fn order_of(&self, names: &BTreeSet<String>) -> Option<&[String]> {
        let mut found: Option<&[String]> = None;
        for order in &self.objects {
            if order.len() == names.len() && order.iter().all(|n| names.contains(n)) {
                match found {
                    Some(f) if f != order.as_slice() => return None,
                    _ => found = Some(order),
                }
            }
        }
        found
    }
}

impl VisitMut for SchemaOrder {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        if let Fields::Named(fields) = &mut item.fields {
            let wire: Vec<(String, bool)> = fields.named.iter().map(wire_name).collect();
            let names: BTreeSet<String> = wire
                .iter()
                .filter(|(_, flattened)| !flattened)
                .map(|(name, _)| name.clone())
                .collect();
            if let Some(order) = self.order_of(&names) {
                let rank = |(name, flattened): &(String, bool)| {
                    if *flattened {
                        usize::MAX
                    } else {
                        order.iter().position(|n| n == name).unwrap_or(usize::MAX)
                    }
                };
                let mut ranked: Vec<(usize, syn::Field)> = fields
                    .named
                    .iter()
                    .zip(&wire)
                    .map(|(field, w)| (rank(w), field.clone()))
                    .collect();
                ranked.sort_by_key(|(rank, _)| *rank); // Stable: flattened ones keep their order.
                fields.named = ranked.into_iter().map(|(_, field)| field).collect();
            }
        }
        visit_mut::visit_item_struct_mut(self, item);
    }
}

/// The member name of a field on the wire (its `#[serde(rename)]`, else its name), and
/// whether it is `#[serde(flatten)]`.
fn wire_name(field: &syn::Field) -> (String, bool) {
    let mut name = field
        .ident
        .as_ref()
        .map(|i| i.to_string().trim_start_matches("r#").to_owned())
        .unwrap_or_default();
    let mut flattened = false;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                name = value.value();
            } else if meta.path.is_ident("flatten") {
                flattened = true;
            } else if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    (name, flattened)
}

/// Writes every doc attribute as one `///` line per line of text (prettyplease writes a
/// multi-line one as a `/** */` block), and escapes what rustdoc would read as markup in schema descriptions.
struct Docs {
    /// Every description in the schema.
    descriptions: BTreeSet<String>,
}

impl Docs {
    fn of(schema: &Value) -> Self {
        let mut descriptions = BTreeSet::new();
        visit_schemas(schema, "", &mut |_, object: &Map<String, Value>| {
            if let Some(Value::String(d)) = object.get("description") {
                descriptions.insert(d.clone());
            }
        });
        Docs { descriptions }
    }

    fn fix(&self, attrs: &mut Vec<Attribute>) {
        let mut fixed = Vec::with_capacity(attrs.len());
        for attr in attrs.drain(..) {
            let Some(text) = doc_text(&attr) else {
                fixed.push(attr);
                continue;
            };
            let from_schema = self.descriptions.contains(&text);
            let lines: Vec<&str> = text.lines().collect();
            for line in lines {
                let line = if from_schema {
                    markdown_text(line)
                } else {
                    line.to_owned()
                };
                match line.is_empty() || line.starts_with(' ') {
                    true => fixed.push(doc_attr(&line)),
                    false => fixed.push(doc_attr(&format!(" {line}"))),
                }
            }
        }
        *attrs = fixed;
    }
}

/// The text of a `#[doc = "..."]` attribute.
fn doc_text(attr: &Attribute) -> Option<String> {
    match &attr.meta {
        Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Str(s) => Some(s.value()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn doc_attr(text: &str) -> Attribute {
    syn::parse_quote!(#[doc = #text])
}

/// A line of plain text as Markdown that reads the same: `[`, `]`, `<`, `>` and `\` escaped,
/// bare URLs made links (rustdoc warns about both).
fn markdown_text(line: &str) -> String {
    let mut escaped = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(c, '[' | ']' | '<' | '>' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
        .split(' ')
        .map(|word| {
            if word.starts_with("https://") || word.starts_with("http://") {
                let url = word.trim_end_matches(['.', ',', ';', ':', ')', '\'', '"']);
                format!("<{url}>{}", &word[url.len()..])
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

macro_rules! fix_docs {
    ($($method:ident($ty:ty) => $walk:ident;)*) => {
        impl VisitMut for Docs {
            $(
                fn $method(&mut self, node: &mut $ty) {
                    self.fix(&mut node.attrs);
                    visit_mut::$walk(self, node);
                }
            )*
        }
    };
}

fix_docs! {
    visit_item_struct_mut(syn::ItemStruct) => visit_item_struct_mut;
    visit_item_enum_mut(syn::ItemEnum) => visit_item_enum_mut;
    visit_item_type_mut(syn::ItemType) => visit_item_type_mut;
    visit_item_mod_mut(syn::ItemMod) => visit_item_mod_mut;
    visit_item_impl_mut(syn::ItemImpl) => visit_item_impl_mut;
    visit_item_fn_mut(syn::ItemFn) => visit_item_fn_mut;
    visit_item_const_mut(syn::ItemConst) => visit_item_const_mut;
    visit_item_static_mut(syn::ItemStatic) => visit_item_static_mut;
    visit_item_trait_mut(syn::ItemTrait) => visit_item_trait_mut;
    visit_field_mut(syn::Field) => visit_field_mut;
    visit_variant_mut(syn::Variant) => visit_variant_mut;
    visit_impl_item_fn_mut(syn::ImplItemFn) => visit_impl_item_fn_mut;
    visit_impl_item_const_mut(syn::ImplItemConst) => visit_impl_item_const_mut;
    visit_impl_item_type_mut(syn::ImplItemType) => visit_impl_item_type_mut;
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fields_follow_the_schema_order_and_extra_stays_last() {
        let schema = json!({
            "title": "thing",
            "type": "object",
            "properties": {
                "zeta": { "type": "string" },
                "type": { "type": "string" },
                "alphaBeta": { "type": "boolean" },
            },
            "required": ["zeta", "type", "alphaBeta"],
            "additionalProperties": { "type": "integer" },
        });
        let code = generate(&schema).unwrap().code;
        let at = |s: &str| code.find(s).unwrap_or_else(|| panic!("{s} in\n{code}"));
        assert!(at("pub zeta:") < at("pub type_:"));
        assert!(at("pub type_:") < at("pub alpha_beta:"));
        assert!(at("pub alpha_beta:") < at("pub extra:"));
        assert!(code.contains("::indexmap::IndexMap<"), "{code}");
    }

    #[test]
    fn descriptions_become_line_comments() {
        let schema = json!({
            "title": "thing",
            "description": "First line with [brackets] and <b>.\n\nSecond, see https://example.com/x.",
            "type": "object",
            "properties": { "a": { "type": "string", "description": "One." } },
        });
        let code = generate(&schema).unwrap().code;
        assert!(!code.contains("/**"), "{code}");
        assert!(
            code.contains(
                "/// First line with \\[brackets\\] and \\<b\\>.\n///\n\
                 /// Second, see <https://example.com/x>.\n"
            ),
            "{code}"
        );
        assert!(code.contains("    /// One.\n"), "{code}");
    }

    #[test]
    fn a_schema_without_title_is_an_error() {
        let error = generate(&json!({ "type": "object" })).err().unwrap();
        assert!(error.0.contains("title"), "{error}");
    }

    #[test]
    fn a_typify_panic_is_an_error() {
        let schema = json!({ "title": "t", "if": {}, "then": {} });
        let error = generate(&schema).err().unwrap();
        assert!(error.0.contains("typify"), "{error}");
    }
}

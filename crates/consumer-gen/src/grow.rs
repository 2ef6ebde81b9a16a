//! Types that can grow: every generated struct with members is `#[non_exhaustive]`, so that a
//! member added to the schema is a minor change of the crate, and is built through typify's
//! builder, which gets doc comments (the members' own) and a `build()`.

use std::collections::BTreeMap;

use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Fields, ImplItem, Item, ItemImpl, ItemMod, parse_quote};

/// Marks the structs of `file` `#[non_exhaustive]` and documents their builders.
pub(crate) fn apply(file: &mut syn::File) {
    // The doc attributes of each struct's members, by struct and member.
    let mut docs: BTreeMap<String, BTreeMap<String, Vec<Attribute>>> = BTreeMap::new();
    for item in &mut file.items {
        match item {
            Item::Struct(s) if matches!(s.fields, Fields::Named(_)) => {
                s.attrs.push(parse_quote!(#[non_exhaustive]));
                let members = docs.entry(s.ident.to_string()).or_default();
                for field in &s.fields {
                    let doc = field
                        .attrs
                        .iter()
                        .filter(|a| a.path().is_ident("doc"))
                        .cloned()
                        .collect();
                    if let Some(ident) = &field.ident {
                        members.insert(ident.to_string(), doc);
                    }
                }
            }
            Item::Impl(imp) if imp.trait_.is_none() => {
                for item in &mut imp.items {
                    if let ImplItem::Fn(f) = item
                        && f.sig.ident == "builder"
                    {
                        f.attrs.push(parse_quote!(
                            #[doc = " Starts building a value member by member (see the builder's `build`)."]
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for item in &mut file.items {
        if let Item::Mod(m) = item
            && m.ident == "builder"
        {
            builders(m, &docs);
        }
    }
}

/// Documents the builders of the `builder` module and gives each a `build()`.
fn builders(module: &mut ItemMod, docs: &BTreeMap<String, BTreeMap<String, Vec<Attribute>>>) {
    module.attrs.push(parse_quote!(
        #[doc = " Builders of the structs: one setter per member, then `build()`. A required member left unset, or a value its type refuses, is an error of `build()` naming the member."]
    ));
    let Some((_, items)) = &mut module.content else {
        return;
    };
    let mut built = Vec::new();
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) => {
                let name = s.ident.to_string();
                let doc = format!(
                    " Builds a [`super::{name}`]: start from `{name}::builder()` (or from a \
                     value, with `From`), set members, then call [`{name}::build`]."
                );
                s.attrs.push(parse_quote!(#[doc = #doc]));
                s.attrs.push(parse_quote!(#[must_use]));
                built.push(s.ident.clone());
            }
            Item::Impl(imp) if is_default_impl(imp) => UnsetExtraIsEmpty.visit_item_impl_mut(imp),
            Item::Impl(imp) if imp.trait_.is_none() => {
                let syn::Type::Path(ty) = &*imp.self_ty else {
                    continue;
                };
                let name = ty.path.segments.last().map(|s| s.ident.to_string());
                let members = name.and_then(|n| docs.get(&n));
                for item in &mut imp.items {
                    if let ImplItem::Fn(f) = item {
                        let member = f.sig.ident.to_string();
                        match members.and_then(|m| m.get(&member)) {
                            Some(doc) if !doc.is_empty() => f.attrs.extend(doc.iter().cloned()),
                            _ if member == "extra" => f.attrs.push(parse_quote!(
                                #[doc = " Sets the members the schema does not declare (kept, and encoded again)."]
                            )),
                            _ => {
                                let doc = format!(" Sets `{member}`.");
                                f.attrs.push(parse_quote!(#[doc = #doc]));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for ident in built {
        items.push(parse_quote! {
            impl #ident {
                /// The value built, or an error naming the first member that is missing or
                /// was given a value its type refuses.
                pub fn build(self) -> ::std::result::Result<super::#ident, super::error::ConversionError> {
                    ::std::convert::TryInto::try_into(self)
                }
            }
        });
    }
}

/// Whether `imp` is an `impl Default for ...`.
fn is_default_impl(imp: &ItemImpl) -> bool {
    imp.trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
        .is_some_and(|s| s.ident == "Default")
}

/// In a builder's `Default`, the `extra` map starts empty: typify makes every member without
/// a schema default required, the undeclared members too.
struct UnsetExtraIsEmpty;

impl VisitMut for UnsetExtraIsEmpty {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        if matches!(&field.member, syn::Member::Named(name) if name == "extra") {
            field.expr = parse_quote!(Ok(::std::default::Default::default()));
        }
        visit_mut::visit_field_value_mut(self, field);
    }
}

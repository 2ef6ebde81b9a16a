//! The types of one version module and their serde impls, validation and reflection.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Type};

use super::rt;
use crate::ast::{Enum, Struct};
use crate::attr;
use crate::model::{FieldModel, VariantModel, option_inner, vec_inner};

pub(super) fn struct_type(s: &Struct, fields: &[FieldModel], v: usize) -> TokenStream {
    let rt = rt();
    let ident = &s.ident;
    let doc = &s.attrs.doc;
    let other = &s.attrs.other;
    let present: Vec<&FieldModel> = fields.iter().filter(|f| f.range.contains(v)).collect();
    let decls = present.iter().map(|f| {
        let fdoc = &f.field.attrs.doc;
        let fother = &f.field.attrs.other;
        let fident = &f.field.ident;
        let ty = f.ty_at(v);
        quote!(#(#fdoc)* #(#fother)* pub #fident: #ty,)
    });
    let count = present.len() as u8;
    let name = ident.to_string();
    let doc_text = attr::doc_text(doc);

    // Serialize: declared members through `Extra::serialize_members`, which keeps arrival order.
    let ser_arms = present.iter().enumerate().map(|(i, f)| {
        let i = i as u8;
        let fident = &f.field.ident;
        let wire = f.wire_at(v);
        if option_inner(f.ty_at(v)).is_some() {
            quote!(#i => match &self.#fident {
                ::core::option::Option::Some(value) => __map.serialize_entry(#wire, value),
                ::core::option::Option::None => ::core::result::Result::Ok(()),
            },)
        } else {
            quote!(#i => __map.serialize_entry(#wire, &self.#fident),)
        }
    });

    // Deserialize: one local per member, required members checked at the end.
    let locals: Vec<Ident> = (0..present.len())
        .map(|i| format_ident!("__f{}", i))
        .collect();
    let local_decls = present.iter().zip(&locals).map(|(f, local)| {
        let ty = value_ty(f.ty_at(v));
        quote!(let mut #local: ::core::option::Option<#ty> = ::core::option::Option::None;)
    });
    let de_arms = present.iter().zip(&locals).enumerate().map(|(i, (f, local))| {
        let i = i as u8;
        let wire = f.wire_at(v);
        let ty = value_ty(f.ty_at(v));
        let duplicate = format!("member `{wire}` appears twice");
        // Lists are read element by element so that an error names the element's index.
        let read = match vec_inner(ty) {
            Some(item) => quote!(__map.next_value::<#rt::__private::List<#item>>().map(|l| l.0)),
            None => quote!(__map.next_value::<#ty>()),
        };
        let wire_bytes = syn::LitByteStr::new(wire.as_bytes(), Span::call_site());
        // Located at the member's type (a type error points there) with the hygiene of the
        // expansion, so that its locals resolve when the declaration comes from a `macro_rules!`.
        let span = Span::call_site().located_at(f.field.ty.span());
        quote_spanned! {span=>
            #wire_bytes => {
                if !__recorder.known(#i) {
                    return ::core::result::Result::Err(#rt::__private::fail_at(#wire, #rt::Rule::Duplicate, #duplicate));
                }
                #local = ::core::option::Option::Some(#rt::__private::within(#wire, #read)?);
            }
        }
    });
    let inits = present.iter().zip(&locals).map(|(f, local)| {
        let fident = &f.field.ident;
        let wire = f.wire_at(v);
        if option_inner(f.ty_at(v)).is_some() {
            quote!(#fident: #local,)
        } else {
            let missing = format!("missing required member `{wire}`");
            quote!(#fident: match #local {
                ::core::option::Option::Some(value) => value,
                ::core::option::Option::None => return ::core::result::Result::Err(
                    #rt::__private::fail_at(#wire, #rt::Rule::Required, #missing)),
            },)
        }
    });
    let expecting = format!("a JSON object ({name})");

    let shapes = present.iter().map(|f| {
        let wire = f.wire_at(v);
        let fdoc = attr::doc_text(&f.field.attrs.doc);
        let ty = f.ty_at(v);
        let required = option_inner(ty).is_none();
        let ty = value_ty(ty);
        let describe = quote_spanned!(ty.span()=> <#ty as #rt::describe::Describe>::describe);
        let overrides = overrides(&f.field.attrs.describe, member_value(f.ty_at(v)));
        quote!(#rt::describe::FieldShape { name: #wire, doc: #fdoc, required: #required, shape: #describe, overrides: &[#(#overrides),*] },)
    });

    let builder = builder(s, &present, v);

    quote! {
        #(#doc)*
        #(#other)*
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #ident {
            #(#decls)*
            /// Members this version does not declare, kept as received, and the order members
            /// arrived in. `Default::default()` when building a value in code.
            pub extra: #rt::Extra,
        }

        impl #rt::__private::serde::Serialize for #ident {
            fn serialize<__S: #rt::__private::serde::Serializer>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                use #rt::__private::serde::ser::SerializeMap as _;
                let mut __map = __serializer.serialize_map(::core::option::Option::None)?;
                self.extra.serialize_members(&mut __map, #count, |__map, __index| match __index {
                    #(#ser_arms)*
                    _ => ::core::result::Result::Ok(()),
                })?;
                __map.end()
            }
        }

        impl<'de> #rt::__private::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: #rt::__private::serde::Deserializer<'de>>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> #rt::__private::serde::de::Visitor<'de> for __Visitor {
                    type Value = #ident;
                    fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        __f.write_str(#expecting)
                    }
                    fn visit_map<__A: #rt::__private::serde::de::MapAccess<'de>>(self, mut __map: __A) -> ::core::result::Result<#ident, __A::Error> {
                        let mut __recorder = #rt::__private::Recorder::new();
                        #(#local_decls)*
                        while let ::core::option::Option::Some(__key) = __map.next_key::<#rt::__private::Bytes<'de>>()? {
                            match &*__key.0 {
                                #(#de_arms)*
                                __other => {
                                    let __other = #rt::__private::member_name(__other)?;
                                    let __value = #rt::__private::within_owned(__other, __map.next_value::<::std::boxed::Box<#rt::__private::serde_json::value::RawValue>>())?;
                                    __recorder.extra(__other, __value)?;
                                }
                            }
                        }
                        ::core::result::Result::Ok(#ident {
                            #(#inits)*
                            extra: __recorder.finish(),
                        })
                    }
                }
                __deserializer.deserialize_map(__Visitor)
            }
        }

        impl #rt::describe::Describe for #ident {
            fn describe() -> #rt::describe::Shape {
                static SHAPE: #rt::describe::StructShape = #rt::describe::StructShape {
                    name: #name,
                    doc: #doc_text,
                    fields: &[#(#shapes)*],
                };
                #rt::describe::Shape::Struct(&SHAPE)
            }
        }

        #rt::__json_schema!(#ident, #name);

        #builder
    }
}

/// The builder of a struct: `Type::builder()`, one setter per member (the member's docs), then
/// `build()`, which names a required member left unset. With the struct `#[non_exhaustive]`, it
/// is how code outside the crate builds a value, so that an optional member added later breaks
/// no one.
fn builder(s: &Struct, present: &[&FieldModel], v: usize) -> TokenStream {
    let rt = rt();
    let ident = &s.ident;
    let name = ident.to_string();
    let builder = format_ident!("{}Builder", ident);
    let builder_doc = format!(
        " Builds a [`{name}`] member by member: start from [`{name}::builder`] (or from a value, \
         with `From`), set members, then call [`{name}Builder::build`]."
    );
    let start_doc = format!(" Starts building a `{name}` (see [`{name}Builder`]).");
    let mut slots = Vec::new();
    let mut setters = Vec::new();
    let mut takes = Vec::new();
    let mut gives = Vec::new();
    for f in present {
        let fident = &f.field.ident;
        let fdoc = &f.field.attrs.doc;
        let ty = f.ty_at(v);
        let wire = f.wire_at(v);
        match option_inner(ty) {
            Some(inner) => {
                slots.push(quote!(#fident: ::core::option::Option<#inner>,));
                setters.push(quote! {
                    #(#fdoc)*
                    pub fn #fident(mut self, value: impl ::core::convert::Into<::core::option::Option<#inner>>) -> Self {
                        self.#fident = value.into();
                        self
                    }
                });
                takes.push(quote!(#fident: self.#fident,));
                gives.push(quote!(#fident: value.#fident,));
            }
            None => {
                slots.push(quote!(#fident: ::core::option::Option<#ty>,));
                setters.push(quote! {
                    #(#fdoc)*
                    pub fn #fident(mut self, value: impl ::core::convert::Into<#ty>) -> Self {
                        self.#fident = ::core::option::Option::Some(value.into());
                        self
                    }
                });
                takes.push(quote!(#fident: match self.#fident {
                    ::core::option::Option::Some(value) => value,
                    ::core::option::Option::None => return ::core::result::Result::Err(
                        #rt::__private::missing_member(#name, #wire)),
                },));
                gives.push(quote!(#fident: ::core::option::Option::Some(value.#fident),));
            }
        }
    }
    quote! {
        impl #ident {
            #[doc = #start_doc]
            pub fn builder() -> #builder {
                ::core::default::Default::default()
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone, Debug, Default)]
        #[must_use]
        pub struct #builder {
            #(#slots)*
            extra: #rt::Extra,
        }

        impl #builder {
            #(#setters)*

            /// Sets the members this version does not declare (kept, and encoded after the
            /// declared ones).
            pub fn extra(mut self, extra: #rt::Extra) -> Self {
                self.extra = extra;
                self
            }

            /// The value built, or the error naming the first required member left unset.
            pub fn build(self) -> ::core::result::Result<#ident, #rt::BuildError> {
                ::core::result::Result::Ok(#ident {
                    #(#takes)*
                    extra: self.extra,
                })
            }
        }

        impl ::core::convert::From<#ident> for #builder {
            fn from(value: #ident) -> Self {
                #builder {
                    #(#gives)*
                    extra: value.extra,
                }
            }
        }
    }
}

/// The type a `#[describe]` path starts from: the member's type without `Option` and `Vec`.
pub(super) fn member_value(ty: &Type) -> &Type {
    match option_inner(ty).or_else(|| crate::model::vec_inner(ty)) {
        Some(inner) => member_value(inner),
        None => ty,
    }
}

/// The `DocOverride`s of a field's `#[describe]`s, the path's wire names found step by step
/// through the `Member` impls of the shared shapes (a wrong step is a compile error there).
fn overrides(describe: &[attr::Describe], start: &Type) -> Vec<TokenStream> {
    let rt = rt();
    describe
        .iter()
        .map(|d| {
            let mut ty = quote!(#start);
            let names = d.steps.iter().map(|step| {
                let key = super::member_key(step);
                // The type is located at the step too: a wrong step is reported at the path.
                let at_step = located_at(ty.clone(), step.span());
                let name =
                    quote_spanned!(step.span()=> #rt::__private::describe_step::<#at_step, #key>());
                ty = quote!(<#ty as #rt::__private::Member<#key>>::Value);
                name
            });
            let names: Vec<TokenStream> = names.collect();
            let doc = d.doc.value().trim().to_owned();
            quote!(#rt::describe::DocOverride { path: &[#(#names),*], doc: #doc })
        })
        .collect()
}

/// `tokens` with every token located at `span` (keeping its hygiene).
fn located_at(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), located_at(group.stream(), span));
                inner.set_span(group.span().located_at(span));
                tree = proc_macro2::TokenTree::Group(inner);
            } else {
                tree.set_span(tree.span().located_at(span));
            }
            tree
        })
        .collect()
}

/// The type of a member's value: `T` for `Option<T>`, else the type itself.
fn value_ty(ty: &Type) -> &Type {
    option_inner(ty).unwrap_or(ty)
}

pub(super) fn enum_type(e: &Enum, variants: &[VariantModel], v: usize) -> TokenStream {
    let rt = rt();
    let ident = &e.ident;
    let doc = &e.attrs.doc;
    let other = &e.attrs.other;
    let present: Vec<&VariantModel> = variants.iter().filter(|x| x.range.contains(v)).collect();
    let decls = present.iter().map(|x| {
        let vdoc = &x.variant.attrs.doc;
        let vother = &x.variant.attrs.other;
        let vident = &x.variant.ident;
        quote!(#(#vdoc)* #(#vother)* #vident,)
    });
    let idents: Vec<&Ident> = present.iter().map(|x| &x.variant.ident).collect();
    let wires: Vec<&str> = present.iter().map(|x| x.wire_at(v)).collect();
    let byte_wires: Vec<syn::LitByteStr> = wires
        .iter()
        .map(|w| syn::LitByteStr::new(w.as_bytes(), Span::call_site()))
        .collect();
    let allowed = wires.join(", ");
    let name = ident.to_string();
    let doc_text = attr::doc_text(doc);
    let variant_shapes: Vec<TokenStream> = present
        .iter()
        .map(|x| {
            let wire = x.wire_at(v);
            let vdoc = attr::doc_text(&x.variant.attrs.doc);
            quote!(#rt::describe::VariantShape { name: #wire, doc: #vdoc },)
        })
        .collect();
    let expecting = format!("one of: {allowed}");
    quote! {
        #(#doc)*
        #(#other)*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #ident {
            #(#decls)*
        }

        impl #ident {
            /// Every value, in declaration order.
            pub const ALL: &'static [#ident] = &[#(#ident::#idents),*];

            /// The value on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#ident::#idents => #wires,)*
                }
            }
        }

        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #rt::__private::serde::Serialize for #ident {
            fn serialize<__S: #rt::__private::serde::Serializer>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                __serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #rt::__private::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: #rt::__private::serde::Deserializer<'de>>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> #rt::__private::serde::de::Visitor<'de> for __Visitor {
                    type Value = #ident;
                    fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        __f.write_str(#expecting)
                    }
                    fn visit_str<__E: #rt::__private::serde::de::Error>(self, __value: &str) -> ::core::result::Result<#ident, __E> {
                        self.visit_bytes(__value.as_bytes())
                    }
                    fn visit_bytes<__E: #rt::__private::serde::de::Error>(self, __value: &[u8]) -> ::core::result::Result<#ident, __E> {
                        match __value {
                            #(#byte_wires => ::core::result::Result::Ok(#ident::#idents),)*
                            _ => ::core::result::Result::Err(#rt::__private::fail(
                                #rt::Rule::AllowedValues,
                                ::std::format!(
                                    "{:?} is not an allowed value: expected one of {}",
                                    ::std::string::String::from_utf8_lossy(__value),
                                    #allowed,
                                ),
                            )),
                        }
                    }
                }
                // As bytes: the allowed values are ASCII, so JSON's own UTF-8 check of the
                // string would be wasted.
                __deserializer.deserialize_bytes(__Visitor)
            }
        }

        impl #rt::describe::Describe for #ident {
            fn describe() -> #rt::describe::Shape {
                static SHAPE: #rt::describe::EnumShape = #rt::describe::EnumShape {
                    name: #name,
                    doc: #doc_text,
                    variants: &[#(#variant_shapes)*],
                    open: false,
                };
                #rt::describe::Shape::Enum(&SHAPE)
            }
        }

        #rt::__json_schema!(#ident, #name);

        impl #rt::WireEnum for #ident {
            fn from_wire(__bytes: &[u8]) -> ::core::option::Option<Self> {
                match __bytes {
                    #(#byte_wires => ::core::option::Option::Some(#ident::#idents),)*
                    _ => ::core::option::Option::None,
                }
            }

            fn wire(self) -> &'static str {
                self.as_str()
            }

            fn describe_open() -> #rt::describe::Shape {
                static SHAPE: #rt::describe::EnumShape = #rt::describe::EnumShape {
                    name: #name,
                    doc: #doc_text,
                    variants: &[#(#variant_shapes)*],
                    open: true,
                };
                #rt::describe::Shape::Enum(&SHAPE)
            }
        }
    }
}

//! Code generation from a checked [`Model`]: a module per version with its types, their serde
//! impls, validation and reflection; upgrades between consecutive versions; the family enum.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, ItemMod, Type};

use crate::ast::{self, Enum, Struct};
use crate::attr;
use crate::case;
use crate::ctxt::Ctxt;
use crate::model::{
    FieldModel, Kind, Model, TypeModel, VariantModel, option_inner, single_ident, vec_inner,
};
use crate::valid;

pub fn family(args: TokenStream, input: TokenStream) -> syn::Result<TokenStream> {
    let module: ItemMod = syn::parse2(input).map_err(|e| {
        syn::Error::new(
            e.span(),
            "`#[family]` goes on a module: `#[family(...)] pub mod name { ... }`",
        )
    })?;
    let cx = Ctxt::default();
    let args = attr::family_args(&cx, args);
    let family = ast::Family::from_syn(&cx, args, module);
    let model = family.as_ref().and_then(|f| valid::check(&cx, f));
    cx.check()?;
    match &model {
        Some(model) if model.subject_ty.is_some() => Ok(expand(model)),
        _ => Err(syn::Error::new(
            Span::call_site(),
            "invalid family declaration",
        )),
    }
}

fn rt() -> TokenStream {
    quote!(::vcc_events_runtime)
}

fn expand(model: &Model) -> TokenStream {
    let family = model.family;
    let vis = &family.vis;
    let ident = &family.ident;
    let others = &family.others;
    let doc = &family.attrs.doc;
    let passthrough = &family.attrs.other;
    let fallible = Fallible::compute(model);
    let versions = (0..model.versions.len()).map(|v| version_module(model, v));
    let upgrades =
        (0..model.versions.len().saturating_sub(1)).map(|v| upgrades(model, &fallible, v));
    let family_enum = family_enum(model);
    let undeclared = crate::expand_undeclared::impls(model);
    let added_default = needs_added_default(model).then(|| added_default_trait(ident.span()));
    quote! {
        #(#doc)*
        #(#passthrough)*
        #vis mod #ident {
            #(#others)*
            #added_default
            #(#versions)*
            #(#upgrades)*
            #family_enum
            #undeclared
        }
    }
}

/// Whether a member is added after the first version without a `default` function.
fn needs_added_default(model: &Model) -> bool {
    model.types.iter().any(|t| match &t.kind {
        Kind::Struct(_, fields) => fields
            .iter()
            .any(|f| f.range.from > t.range.from && f.default.is_none()),
        Kind::Enum(..) => false,
    })
}

/// The value of a member added without a `default` function, in events upgraded from before
/// it was added: `Default::default()`, with a message that says what to do when there is none.
fn added_default_trait(span: Span) -> TokenStream {
    // Spanned at the family's name: the compiler's note on the trait's impl points there.
    quote_spanned! {span=>
        #[doc(hidden)]
        #[diagnostic::on_unimplemented(
            message = "`{Self}` has no default value for the events upgraded from before this member was added",
            label = "add `default = path::to::fn` to its `#[added]` gate, or make the member an `Option`"
        )]
        trait __AddedDefault {
            fn added_default() -> Self;
        }

        impl<T: ::core::default::Default> __AddedDefault for T {
            fn added_default() -> T {
                ::core::default::Default::default()
            }
        }
    }
}

fn version_module(model: &Model, v: usize) -> TokenStream {
    let rt = rt();
    let version = &model.versions[v];
    let vident = &version.ident;
    let event_type = format!("{}.{}", model.name, vident);
    let module_doc = format!("`{event_type}`: the types of this version.");
    let types = model
        .types
        .iter()
        .filter(|t| t.range.contains(v))
        .map(|t| match &t.kind {
            Kind::Struct(s, fields) => struct_type(s, fields, v),
            Kind::Enum(e, variants) => enum_type(e, variants, v),
        });
    let family_name = &model.name;
    let version_name = vident.to_string();
    let stability = format_ident!("{}", case::pascal_case(&version.stability.to_string()));
    let description = &model.description;
    let source = &model.source;
    let subject_doc = &model.subject_doc;
    let subject_pointer = model.subject_pointers.get(v).cloned().unwrap_or_default();
    let subject_ty = model.subject_ty;
    let subject_path = &model.subject;
    let example = &version.example;
    // Spanned at the path, so that a missing file is reported there.
    let include_example = quote_spanned! {example.span()=>
        ::core::include_str!(::core::concat!(::core::env!("CARGO_MANIFEST_DIR"), "/", #example))
    };
    let event_doc =
        format!("A whole `{event_type}` event: the CloudEvents envelope around [`Data`].");
    quote! {
        #[doc = #module_doc]
        pub mod #vident {
            #[allow(unused_imports)]
            use super::*;

            #(#types)*

            #[doc = #event_doc]
            pub type Event = #rt::CloudEvent<Data>;

            impl #rt::EventData for Data {
                const INFO: &'static #rt::VersionInfo = &#rt::VersionInfo {
                    event_type: #event_type,
                    family: #family_name,
                    version: #version_name,
                    stability: #rt::Stability::#stability,
                    description: #description,
                    source: #source,
                    subject_doc: #subject_doc,
                    subject_pointer: #subject_pointer,
                    subject: <#subject_ty as #rt::describe::Describe>::describe,
                    data: <Data as #rt::describe::Describe>::describe,
                    example: #include_example,
                };
                type Subject = #subject_ty;
                fn subject(&self) -> &#subject_ty {
                    &self #(.#subject_path)*
                }
            }
        }
    }
}

fn struct_type(s: &Struct, fields: &[FieldModel], v: usize) -> TokenStream {
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
        quote_spanned! {f.field.ty.span()=>
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
        quote!(#rt::describe::FieldShape { name: #wire, doc: #fdoc, required: #required, shape: #describe },)
    });

    quote! {
        #(#doc)*
        #(#other)*
        #[derive(Clone, Debug, PartialEq)]
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
                                    if !__recorder.extra(__other, __value) {
                                        return ::core::result::Result::Err(#rt::__private::fail_at_owned(
                                            __other, #rt::Rule::Duplicate, ::std::format!("member `{}` appears twice", __other)));
                                    }
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
    }
}

/// The type of a member's value: `T` for `Option<T>`, else the type itself.
fn value_ty(ty: &Type) -> &Type {
    option_inner(ty).unwrap_or(ty)
}

fn enum_type(e: &Enum, variants: &[VariantModel], v: usize) -> TokenStream {
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
    let variant_shapes = present.iter().map(|x| {
        let wire = x.wire_at(v);
        let vdoc = attr::doc_text(&x.variant.attrs.doc);
        quote!(#rt::describe::VariantShape { name: #wire, doc: #vdoc },)
    });
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
                };
                #rt::describe::Shape::Enum(&SHAPE)
            }
        }
    }
}

/// Which types' upgrades can fail, per step (`v` -> `v + 1`).
struct Fallible {
    /// `(type name, step)` pairs whose upgrade is fallible.
    set: Vec<(String, usize)>,
}

impl Fallible {
    fn compute(model: &Model) -> Fallible {
        let mut set: Vec<(String, usize)> = Vec::new();
        let steps = model.versions.len().saturating_sub(1);
        loop {
            let before = set.len();
            for t in &model.types {
                for step in 0..steps {
                    if !(t.range.contains(step) && t.range.contains(step + 1)) {
                        continue;
                    }
                    let name = t.decl.ident().to_string();
                    if set.contains(&(name.clone(), step)) {
                        continue;
                    }
                    let fallible = match &t.kind {
                        Kind::Struct(_, fields) => fields.iter().any(|f| {
                            f.range.contains(step)
                                && f.range.contains(step + 1)
                                && match f.change_into(step + 1) {
                                    Some((_, fallible)) => fallible,
                                    None => mentions_fallible(model, &set, f.ty_at(step + 1), step),
                                }
                        }),
                        Kind::Enum(_, variants) => variants.iter().any(|x| {
                            x.range.contains(step)
                                && !x.range.contains(step + 1)
                                && x.into.is_none()
                        }),
                    };
                    if fallible {
                        set.push((name, step));
                    }
                }
            }
            if set.len() == before {
                return Fallible { set };
            }
        }
    }

    fn contains(&self, name: &Ident, step: usize) -> bool {
        self.set.iter().any(|(n, s)| name == n && *s == step)
    }
}

fn mentions_fallible(model: &Model, set: &[(String, usize)], ty: &Type, step: usize) -> bool {
    let mut idents = Vec::new();
    crate::model::mentioned_idents(ty, &mut idents);
    idents
        .iter()
        .any(|i| model.type_named(i).is_some() && set.iter().any(|(n, s)| i == n && *s == step))
}

fn upgrades(model: &Model, fallible: &Fallible, step: usize) -> TokenStream {
    let rt = rt();
    let from_v = &model.versions[step].ident;
    let to_v = &model.versions[step + 1].ident;
    let to_name = to_v.to_string();
    let impls = model
        .types
        .iter()
        .filter(|t| t.range.contains(step) && t.range.contains(step + 1))
        .map(|t| {
            let ident = t.decl.ident();
            let is_fallible = fallible.contains(ident, step);
            let body = match &t.kind {
                Kind::Struct(_, fields) => upgrade_struct(model, fallible, t, fields, step),
                Kind::Enum(_, variants) => upgrade_enum(t, variants, step, &to_name),
            };
            let doc = format!("Upgrades `{ident}` from `{from_v}` to `{to_v}`.");
            if is_fallible {
                quote! {
                    #[doc = #doc]
                    impl ::core::convert::TryFrom<#from_v::#ident> for #to_v::#ident {
                        type Error = #rt::UpgradeError;
                        #[allow(unused_variables, clippy::needless_question_mark)]
                        fn try_from(old: #from_v::#ident) -> ::core::result::Result<Self, #rt::UpgradeError> {
                            ::core::result::Result::Ok(#body)
                        }
                    }
                }
            } else {
                quote! {
                    #[doc = #doc]
                    impl ::core::convert::From<#from_v::#ident> for #to_v::#ident {
                        #[allow(unused_variables, clippy::needless_question_mark)]
                        fn from(old: #from_v::#ident) -> Self {
                            #body
                        }
                    }
                }
            }
        });
    let data = Ident::new("Data", Span::call_site());
    let upgrade_data = if fallible.contains(&data, step) {
        quote!(::core::convert::TryFrom::try_from(self))
    } else {
        quote!(::core::result::Result::Ok(::core::convert::From::from(
            self
        )))
    };
    quote! {
        #(#impls)*

        impl #rt::Upgrade for #from_v::Data {
            type Next = #to_v::Data;
            fn upgrade(self) -> ::core::result::Result<#to_v::Data, #rt::UpgradeError> {
                #upgrade_data
            }
        }
    }
}

fn upgrade_struct(
    model: &Model,
    fallible: &Fallible,
    t: &TypeModel,
    fields: &[FieldModel],
    step: usize,
) -> TokenStream {
    let rt = rt();
    let ident = t.decl.ident();
    let to_v = &model.versions[step + 1].ident;
    let to_name = to_v.to_string();
    let next: Vec<&FieldModel> = fields
        .iter()
        .filter(|f| f.range.contains(step + 1))
        .collect();
    let wires: Vec<&str> = next.iter().map(|f| f.wire_at(step + 1)).collect();
    let inits = next.iter().map(|f| {
        let fident = &f.field.ident;
        let span = f.field.ident.span();
        if !f.range.contains(step) {
            // Added in this step.
            return match f.default {
                Some(path) => quote_spanned!(span=> #fident: #path(),),
                None => quote_spanned!(span=> #fident: __AddedDefault::added_default(),),
            };
        }
        let value = quote!(old.#fident);
        // A conversion that takes another type than the old one is reported at `from = OldType`.
        let old_ty = qualified(model, f.ty_at(step), &model.versions[step].ident);
        let old_value = quote_spanned!(old_ty.span()=> ::core::convert::identity::<#old_ty>(#value));
        let converted = match f.change_into(step + 1) {
            Some((with, false)) => quote_spanned!(with.span()=> #with(#old_value)),
            Some((with, true)) => {
                let member = format!("{ident}::{fident}");
                quote_spanned!(with.span()=> #with(#old_value).map_err(|e| #rt::UpgradeError::new(#member, #to_name, e))?)
            }
            None => convert(model, fallible, f.ty_at(step + 1), step, value),
        };
        quote!(#fident: #converted,)
    });
    quote! {
        #to_v::#ident {
            #(#inits)*
            extra: old.extra.upgrade(&[#(#wires),*]),
        }
    }
}

/// A member's type as seen from the family module, where the upgrades are: declared types
/// are qualified by their version's module (`Party` -> `v0::Party`), spanned as written.
fn qualified(model: &Model, ty: &Type, version: &Ident) -> Type {
    let mut ty = ty.clone();
    qualify(model, &mut ty, version);
    ty
}

fn qualify(model: &Model, ty: &mut Type, version: &Ident) {
    match ty {
        Type::Path(p) => {
            if let Some(q) = &mut p.qself {
                qualify(model, &mut q.ty, version);
            }
            for seg in &mut p.path.segments {
                if let syn::PathArguments::AngleBracketed(args) = &mut seg.arguments {
                    for arg in &mut args.args {
                        if let syn::GenericArgument::Type(t) = arg {
                            qualify(model, t, version);
                        }
                    }
                }
            }
            let one_segment =
                p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1;
            if one_segment && model.type_named(&p.path.segments[0].ident).is_some() {
                let span = p.path.segments[0].ident.span();
                let module = Ident::new(&version.to_string(), span);
                p.path.segments.insert(0, syn::PathSegment::from(module));
            }
        }
        Type::Array(a) => qualify(model, &mut a.elem, version),
        Type::Slice(s) => qualify(model, &mut s.elem, version),
        Type::Group(g) => qualify(model, &mut g.elem, version),
        Type::Paren(p) => qualify(model, &mut p.elem, version),
        Type::Reference(r) => qualify(model, &mut r.elem, version),
        Type::Tuple(t) => t.elems.iter_mut().for_each(|e| qualify(model, e, version)),
        _ => {}
    }
}

/// Converts a value of a member whose type mentions declared types to the next version: the
/// value itself when it mentions none, `?` only where a conversion can fail.
fn convert(
    model: &Model,
    fallible: &Fallible,
    ty: &Type,
    step: usize,
    value: TokenStream,
) -> TokenStream {
    let rt = rt();
    if !mentions_declared(model, ty) {
        return value;
    }
    if let Some(inner) = option_inner(ty) {
        let x = convert(model, fallible, inner, step, quote!(x));
        return quote!(match #value { ::core::option::Option::Some(x) => ::core::option::Option::Some(#x), ::core::option::Option::None => ::core::option::Option::None });
    }
    if let Some(inner) = vec_inner(ty) {
        let x = convert(model, fallible, inner, step, quote!(x));
        return if mentions_fallible(model, &fallible.set, inner, step) {
            quote!(#value.into_iter().map(|x| ::core::result::Result::<_, #rt::UpgradeError>::Ok(#x)).collect::<::core::result::Result<::std::vec::Vec<_>, #rt::UpgradeError>>()?)
        } else {
            quote!(#value.into_iter().map(|x| #x).collect::<::std::vec::Vec<_>>())
        };
    }
    match single_ident(ty) {
        Some(ident) if model.type_named(ident).is_some() => {
            if fallible.contains(ident, step) {
                quote!(::core::convert::TryFrom::try_from(#value)?)
            } else {
                quote!(::core::convert::From::from(#value))
            }
        }
        _ => value,
    }
}

/// Whether a type mentions a declared type.
fn mentions_declared(model: &Model, ty: &Type) -> bool {
    let mut idents = Vec::new();
    crate::model::mentioned_idents(ty, &mut idents);
    idents.iter().any(|i| model.type_named(i).is_some())
}

fn upgrade_enum(
    t: &TypeModel,
    variants: &[VariantModel],
    step: usize,
    to_name: &str,
) -> TokenStream {
    let rt = rt();
    let ident = t.decl.ident();
    let arms = variants.iter().filter(|x| x.range.contains(step)).map(|x| {
        let vident = &x.variant.ident;
        let from_v = format_ident!("v{}", step);
        let to_v = format_ident!("v{}", step + 1);
        if x.range.contains(step + 1) {
            quote!(#from_v::#ident::#vident => #to_v::#ident::#vident,)
        } else if let Some(into) = x.into {
            quote!(#from_v::#ident::#vident => #to_v::#ident::#into,)
        } else {
            let member = format!("{ident}::{vident}");
            let message = format!("{to_name} has no value \"{}\"", x.wire_at(step));
            quote!(#from_v::#ident::#vident => return ::core::result::Result::Err(#rt::UpgradeError::new(#member, #to_name, #message)),)
        }
    });
    quote! {
        match old {
            #(#arms)*
        }
    }
}

fn family_enum(model: &Model) -> TokenStream {
    let rt = rt();
    let name = format_ident!("{}", case::pascal_case(&model.family.ident.to_string()));
    let family_name = &model.name;
    let vidents: Vec<&Ident> = model.versions.iter().map(|v| &v.ident).collect();
    let variants: Vec<Ident> = vidents
        .iter()
        .map(|v| format_ident!("{}", v.to_string().to_uppercase()))
        .collect();
    let version_names: Vec<String> = vidents.iter().map(|v| v.to_string()).collect();
    let indices: Vec<usize> = (0..vidents.len()).collect();
    let event_types: Vec<String> = vidents
        .iter()
        .map(|v| format!("{family_name}.{v}"))
        .collect();
    let variant_docs = vidents.iter().map(|v| format!("`{family_name}.{v}`"));
    let doc = format!("`{family_name}` at any version: decodes by the CloudEvents `type`.");
    let last = vidents.last().copied();
    let into_latest_arms = variants.iter().enumerate().map(|(i, variant)| {
        // The last step's result is returned as it is (`Ok(x?)` would be needless).
        let steps = variants.len() - 1 - i;
        if steps == 0 {
            return quote!(#name::#variant(event) => ::core::result::Result::Ok(event),);
        }
        let ups = (1..steps).map(|_| quote!(.upgrade()?));
        quote!(#name::#variant(event) => event #(#ups)* .upgrade(),)
    });
    let latest = last.map(|last| {
        let latest_doc = format!("The latest version, `{family_name}.{last}`.");
        quote! {
            #[doc = #latest_doc]
            pub type Latest = #last::Event;

            impl #name {
                /// Upgrades the event, whatever its version, to the latest version.
                pub fn into_latest(self) -> ::core::result::Result<Latest, #rt::UpgradeError> {
                    match self {
                        #(#into_latest_arms)*
                    }
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #( #[doc = #variant_docs] #variants(#vidents::Event), )*
        }

        #(
            impl ::core::convert::From<#vidents::Event> for #name {
                fn from(event: #vidents::Event) -> Self {
                    #name::#variants(event)
                }
            }
        )*

        impl #rt::Family for #name {
            const NAME: &'static str = #family_name;
            const VERSIONS: &'static [&'static #rt::VersionInfo] = &[
                #( <#vidents::Data as #rt::EventData>::INFO, )*
            ];

            #[inline]
            fn from_raw(raw: #rt::envelope::RawEvent<'_>) -> ::core::result::Result<Self, #rt::DecodeError> {
                let version: usize = match #rt::catalog::split_type(raw.event_type()).1 {
                    #( #version_names => #indices, )*
                    other => return ::core::result::Result::Err(#rt::catalog::unknown_version(
                        #family_name, other, <Self as #rt::Family>::VERSIONS)),
                };
                match version {
                    #( #indices => raw.finish::<#vidents::Data>().map(#name::#variants), )*
                    _ => ::core::unreachable!("every version index has an arm"),
                }
            }

            #[inline]
            fn decode_type(event_type: &str, json: &[u8]) -> ::core::option::Option<::core::result::Result<Self, #rt::DecodeError>> {
                ::core::option::Option::Some(match event_type {
                    #( #event_types => #rt::CloudEvent::<#vidents::Data>::from_slice(json).map(#name::#variants), )*
                    _ => return ::core::option::Option::None,
                })
            }

            fn info(&self) -> &'static #rt::VersionInfo {
                match self {
                    #( #name::#variants(_) => <#vidents::Data as #rt::EventData>::INFO, )*
                }
            }
        }

        impl #rt::__private::serde::Serialize for #name {
            fn serialize<__S: #rt::__private::serde::Serializer>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                match self {
                    #( #name::#variants(event) => #rt::__private::serde::Serialize::serialize(event, __serializer), )*
                }
            }
        }

        impl #name {
            /// Decodes and validates one event of this family, at any of its versions.
            pub fn from_slice(json: &[u8]) -> ::core::result::Result<Self, #rt::DecodeError> {
                #rt::catalog::decode_family(json)
            }

            /// The CloudEvents `type` of this event.
            pub fn event_type(&self) -> &'static str {
                #rt::Family::info(self).event_type
            }
        }

        #latest
    }
}

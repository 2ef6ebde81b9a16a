//! Code generation from a checked [`Model`]: a module per version with its types, their serde
//! impls, validation and reflection; upgrades between consecutive versions; the family enum.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Ident, ItemMod};

use crate::ast::{self};
use crate::attr;
use crate::ctxt::Ctxt;
use crate::model::{Fallible, Kind, Model};
use crate::valid;

mod family_enum;
mod shapes;
mod types;
mod upgrade;

use family_enum::family_enum;
pub use shapes::shapes;
use types::{enum_type, struct_type};
use upgrade::upgrades;

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

/// The key of field `name` in the runtime's `Member` trait: a call of the runtime's
/// `member_key`, so that the key is computed in one place. Spanned at the name, which is how
/// the compiler shows a key it names in a message (`Member<channel_id>`).
fn member_key(name: &Ident) -> TokenStream {
    let rt = rt();
    let text = name.to_string();
    quote_spanned!(name.span()=> { #rt::__private::member_key(#text) })
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
    let stability = format_ident!("{}", format!("{:?}", version.stability));
    let description = &model.description;
    let source = &model.source;
    let subject_doc = &model.subject_doc;
    let Subject {
        ty: subject_ty,
        pointer: subject_pointer,
        checks: subject_checks,
    } = subject(model, v);
    let subject_path = &model.subject;
    let example = &version.example;
    let why = &version.why;
    let meanings = version.meanings.iter().map(|(attribute, doc)| {
        let name = attribute.to_string();
        quote!(#rt::Meaning { attribute: #name, doc: #doc },)
    });
    // Each attribute a meaning names is checked against the runtime's envelope table.
    let meaning_checks = version.meanings.iter().map(|(attribute, _)| {
        let name = attribute.to_string();
        let message = format!(
            "`meaning({name} = ...)`: `{name}` is not an envelope attribute whose meaning a version can state (any but `data`)"
        );
        quote_spanned! {attribute.span()=>
            const _: () = ::core::assert!(#rt::__private::can_state_meaning(#name), #message);
        }
    });
    let transition = match &model.lifecycle {
        Some((from, to)) => quote!(::core::option::Option::Some(&#rt::Transition {
            from: &[#(#from),*],
            to: #to,
        })),
        None => quote!(::core::option::Option::None),
    };
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

            #(#meaning_checks)*
            #(#subject_checks)*

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
                    why: #why,
                    meanings: &[#(#meanings)*],
                    transition: #transition,
                };
                type Subject = #subject_ty;
                fn subject(&self) -> &#subject_ty {
                    &self #(.#subject_path)*
                }
            }
        }
    }
}

/// The subject's type and pointer in one version, as tokens, and the compile-time checks of a
/// path that leads into a shared shape.
struct Subject {
    ty: TokenStream,
    pointer: TokenStream,
    checks: Vec<TokenStream>,
}

/// Through a shared shape, each step is the shape's `Member` impl for the field: its type, its
/// wire name (joined into the pointer at compile time) and whether it is required.
fn subject(model: &Model, v: usize) -> Subject {
    let rt = rt();
    let declared = model.subject_pointers.get(v).cloned().unwrap_or_default();
    let entry = model.subject_ty;
    if model.subject_shared.is_empty() {
        return Subject {
            ty: quote!(#entry),
            pointer: quote!(#declared),
            checks: Vec::new(),
        };
    }
    let mut ty = quote!(#entry);
    let mut parts = vec![quote!(#declared)];
    let mut checks = Vec::new();
    for step in &model.subject_shared {
        let key = member_key(step);
        let member = quote_spanned!(step.span()=> <#ty as #rt::__private::Member<#key>>);
        let message = format!(
            "the subject is derived from a required member: `{step}` is optional in its shape"
        );
        checks.push(quote_spanned! {step.span()=>
            const _: () = ::core::assert!(#member::REQUIRED, #message);
        });
        parts.push(quote!("/"));
        parts.push(quote!(#member::TOKEN));
        ty = quote!(#member::Type);
    }
    let pointer = quote!({
        const PARTS: &[&str] = &[#(#parts),*];
        const LEN: usize = #rt::__private::concat_len(PARTS);
        const BYTES: [u8; LEN] = #rt::__private::concat::<LEN>(PARTS);
        #rt::__private::utf8(&BYTES)
    });
    Subject {
        ty,
        pointer,
        checks,
    }
}

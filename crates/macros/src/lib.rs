//! The `#[family]` attribute macro: one declaration of an event family, with all its
//! versions, becomes typed Rust events; `#[shapes]` declares the types several families share.
//!
//! The macro parses the declaration into a typed AST that keeps the `syn` nodes for spans
//! (`ast`), checks it and reports every mistake at once (`valid`), then generates per
//! version a module of concrete types with serde impls, validation and schema reflection, the
//! upgrades from each version to the next, and the family enum that decodes by `type`
//! (`expand`). See the `vcc-events` crate for the declaration syntax.

mod ast;
mod attr;
mod case;
mod ctxt;
mod expand;
mod expand_undeclared;
mod model;
mod valid;

use proc_macro::TokenStream;

/// Declares an event family with all its versions. See the `vcc-events` crate documentation.
#[proc_macro_attribute]
pub fn family(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::family(args.into(), input.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Declares shapes several families share: unversioned structs and enums, with the same wire
/// rules, serde impls and reflection as a family's own types. A family uses one by importing
/// it; its `subject` path may lead into it. See the `vcc-events` crate documentation.
#[proc_macro_attribute]
pub fn shapes(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::shapes(args.into(), input.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

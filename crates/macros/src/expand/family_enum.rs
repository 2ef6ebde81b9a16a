//! The family enum: one variant per version, decoding by `type`, and the latest version's
//! aliases.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Ident;

use super::rt;
use crate::case;
use crate::model::Model;

pub(super) fn family_enum(model: &Model) -> TokenStream {
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
            fn from_raw(raw: #rt::__private::RawEvent<'_>) -> ::core::result::Result<Self, #rt::DecodeError> {
                let version: usize = match #rt::__private::split_type(raw.event_type()).1 {
                    #( #version_names => #indices, )*
                    other => return ::core::result::Result::Err(#rt::__private::unknown_version(
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

            fn id(&self) -> &#rt::Ksuid {
                match self {
                    #( #name::#variants(event) => &event.id, )*
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
                #rt::__private::decode_family(json)
            }

            /// The CloudEvents `type` of this event.
            pub fn event_type(&self) -> &'static str {
                #rt::Family::info(self).event_type
            }
        }

        #latest
    }
}

//! Parsing of the macro's attributes: the `#[family(...)]` arguments, the version gates
//! (`added`, `removed`, `renamed`, `changed`), `wire` and doc comments.

use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Attribute, Ident, LitStr, Path, Token, Type};

use crate::ctxt::Ctxt;

/// The arguments of `#[family(...)]`.
pub struct FamilyArgs {
    pub name: Option<LitStr>,
    pub source: Option<LitStr>,
    pub subject: Option<Vec<Ident>>,
    pub subject_doc: Option<LitStr>,
    pub versions: Vec<VersionArgs>,
    pub versions_span: Option<Span>,
}

/// One entry of `versions(...)`: `v0(stability = beta, example = "path")`.
pub struct VersionArgs {
    pub ident: Ident,
    pub stability: Option<Ident>,
    pub example: Option<LitStr>,
}

pub fn family_args(cx: &Ctxt, args: TokenStream) -> FamilyArgs {
    let mut out = FamilyArgs {
        name: None,
        source: None,
        subject: None,
        subject_doc: None,
        versions: Vec::new(),
        versions_span: None,
    };
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("name") {
            out.name = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("source") {
            out.source = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("subject") {
            let value = meta.value()?;
            let path =
                syn::punctuated::Punctuated::<Ident, Token![.]>::parse_separated_nonempty(value)?;
            out.subject = Some(path.into_iter().collect());
        } else if meta.path.is_ident("subject_doc") {
            out.subject_doc = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("versions") {
            out.versions_span = Some(meta.path.span());
            meta.parse_nested_meta(|version| {
                let ident = version.path.require_ident()?.clone();
                let mut v = VersionArgs {
                    ident,
                    stability: None,
                    example: None,
                };
                version.parse_nested_meta(|arg| {
                    if arg.path.is_ident("stability") {
                        v.stability = Some(arg.value()?.parse()?);
                    } else if arg.path.is_ident("example") {
                        v.example = Some(arg.value()?.parse()?);
                    } else {
                        return Err(arg
                            .error("unknown version argument: expected `stability` or `example`"));
                    }
                    Ok(())
                })?;
                out.versions.push(v);
                Ok(())
            })?;
        } else {
            return Err(meta.error(
                "unknown family argument: expected `name`, `source`, `subject`, `subject_doc` or `versions`",
            ));
        }
        Ok(())
    });
    if let Err(e) = parser.parse2(args) {
        cx.syn_error(e);
    }
    out
}

/// A version named in a gate, e.g. the `v1` of `#[added(v1)]`.
#[derive(Clone)]
pub struct VersionRef {
    pub ident: Ident,
}

/// `#[added(vN)]` or `#[added(vN, default = path)]`.
pub struct Added {
    pub attr: Attribute,
    pub since: VersionRef,
    pub default: Option<Path>,
}

/// `#[removed(vN)]` or, on an enum variant, `#[removed(vN, into = Variant)]`.
pub struct Removed {
    pub attr: Attribute,
    pub since: VersionRef,
    pub into: Option<Ident>,
}

/// `#[renamed(vN, from = "oldName")]`: the wire name before vN.
pub struct Renamed {
    pub attr: Attribute,
    pub since: VersionRef,
    pub from: LitStr,
}

/// `#[changed(vN, from = OldType, with = path)]` or `try_with = path`: the type before vN.
pub struct Changed {
    pub attr: Attribute,
    pub since: VersionRef,
    pub from: Type,
    pub with: Path,
    pub fallible: bool,
}

/// The attributes the macro understands on a type, field or variant.
#[derive(Default)]
pub struct Attrs {
    pub doc: Vec<Attribute>,
    pub wire: Option<LitStr>,
    pub added: Vec<Added>,
    pub removed: Vec<Removed>,
    pub renamed: Vec<Renamed>,
    pub changed: Vec<Changed>,
    /// Attributes passed through unchanged (e.g. `#[cfg]`, lints).
    pub other: Vec<Attribute>,
}

/// The kinds of gate a place accepts.
#[derive(Clone, Copy, PartialEq)]
pub enum Place {
    Type,
    Field,
    Variant,
}

pub fn attrs(cx: &Ctxt, attrs: &[Attribute], place: Place) -> Attrs {
    let mut out = Attrs::default();
    for attr in attrs {
        let path = attr.path();
        let name = path.get_ident().map(Ident::to_string).unwrap_or_default();
        let result = match name.as_str() {
            "doc" => {
                out.doc.push(attr.clone());
                Ok(())
            }
            "wire" if place != Place::Type => match &attr.meta {
                syn::Meta::NameValue(syn::MetaNameValue {
                    value:
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }),
                    ..
                }) => {
                    out.wire = Some(s.clone());
                    Ok(())
                }
                _ => Err(syn::Error::new_spanned(
                    attr,
                    "expected `#[wire = \"name\"]`",
                )),
            },
            "added" => parse_gate(attr, |input, since| {
                let mut default = None;
                while input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                    if input.is_empty() {
                        break;
                    }
                    let key: Ident = input.parse()?;
                    input.parse::<Token![=]>()?;
                    match key.to_string().as_str() {
                        "default" if place == Place::Field => default = Some(input.parse()?),
                        _ => {
                            return Err(syn::Error::new(key.span(), gate_args_hint("added", place)));
                        }
                    }
                }
                out.added.push(Added {
                    attr: attr.clone(),
                    since,
                    default,
                });
                Ok(())
            }),
            "removed" => parse_gate(attr, |input, since| {
                let mut into = None;
                while input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                    if input.is_empty() {
                        break;
                    }
                    let key: Ident = input.parse()?;
                    input.parse::<Token![=]>()?;
                    match key.to_string().as_str() {
                        "into" if place == Place::Variant => into = Some(input.parse()?),
                        _ => {
                            return Err(syn::Error::new(
                                key.span(),
                                gate_args_hint("removed", place),
                            ));
                        }
                    }
                }
                out.removed.push(Removed {
                    attr: attr.clone(),
                    since,
                    into,
                });
                Ok(())
            }),
            "renamed" if place != Place::Type => parse_gate(attr, |input, since| {
                input.parse::<Token![,]>()?;
                let key: Ident = input.parse()?;
                if key != "from" {
                    return Err(syn::Error::new(
                        key.span(),
                        "expected `#[renamed(vN, from = \"oldName\")]`",
                    ));
                }
                input.parse::<Token![=]>()?;
                let from = input.parse()?;
                input.parse::<Option<Token![,]>>()?;
                out.renamed.push(Renamed {
                    attr: attr.clone(),
                    since,
                    from,
                });
                Ok(())
            }),
            "changed" if place == Place::Field => parse_gate(attr, |input, since| {
                let (mut from, mut with, mut fallible) = (None, None, false);
                while input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                    if input.is_empty() {
                        break;
                    }
                    let key: Ident = input.parse()?;
                    input.parse::<Token![=]>()?;
                    match key.to_string().as_str() {
                        "from" => from = Some(input.parse()?),
                        "with" => with = Some(input.parse()?),
                        "try_with" => {
                            with = Some(input.parse()?);
                            fallible = true;
                        }
                        _ => return Err(syn::Error::new(key.span(), CHANGED_HINT)),
                    }
                }
                match (from, with) {
                    (Some(from), Some(with)) => {
                        out.changed.push(Changed {
                            attr: attr.clone(),
                            since,
                            from,
                            with,
                            fallible,
                        });
                        Ok(())
                    }
                    _ => Err(syn::Error::new_spanned(attr, CHANGED_HINT)),
                }
            }),
            "serde" | "schemars" => Err(syn::Error::new_spanned(
                attr,
                "`#[serde]` attributes are not used here: the macro writes the serde impls; use `#[wire = \"name\"]` and the version gates",
            )),
            "wire" | "renamed" | "changed" => Err(syn::Error::new_spanned(
                attr,
                format!("`#[{name}]` is not allowed on {}", place_name(place)),
            )),
            _ => {
                out.other.push(attr.clone());
                Ok(())
            }
        };
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

const CHANGED_HINT: &str = "expected `#[changed(vN, from = OldType, with = convert)]` or `#[changed(vN, from = OldType, try_with = convert)]`";

fn gate_args_hint(gate: &str, place: Place) -> String {
    match (gate, place) {
        ("added", Place::Field) => {
            "expected `#[added(vN)]` or `#[added(vN, default = path::to::fn)]`".into()
        }
        ("removed", Place::Variant) => {
            "expected `#[removed(vN)]` or `#[removed(vN, into = Variant)]`".into()
        }
        _ => format!("expected `#[{gate}(vN)]`"),
    }
}

fn place_name(place: Place) -> &'static str {
    match place {
        Place::Type => "a type",
        Place::Field => "a field",
        Place::Variant => "an enum variant",
    }
}

fn parse_gate(
    attr: &Attribute,
    rest: impl FnOnce(ParseStream, VersionRef) -> syn::Result<()>,
) -> syn::Result<()> {
    attr.parse_args_with(|input: ParseStream| {
        let ident: Ident = input.parse()?;
        rest(input, VersionRef { ident })?;
        if !input.is_empty() {
            return Err(input.error("unexpected tokens"));
        }
        Ok(())
    })
}

/// The text of doc comments: one leading space per line removed, outer blank lines trimmed.
pub fn doc_text(doc: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in doc {
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
            {
                for line in s.value().lines() {
                    lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
                }
            }
        }
    }
    let text = lines.join("\n");
    text.trim_matches('\n').to_owned()
}

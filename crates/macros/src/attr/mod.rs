//! Parsing of the macro's attributes: the version gates (`added`, `removed`, `renamed`,
//! `changed`), `wire`, `describe` and doc comments on items; the `#[family(...)]` arguments are
//! in [`family`].

mod family;

pub use family::{FamilyArgs, Lifecycle, family_args};

use syn::parse::ParseStream;
use syn::{Attribute, Ident, LitStr, Path, Token, Type};

use crate::ctxt::Ctxt;

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
    /// `#[describe(path = "...", doc = "...")]`: descriptions this use gives members nested in
    /// the field's shared shape.
    pub describe: Vec<Describe>,
    /// Attributes passed through unchanged (e.g. `#[cfg]`, lints).
    pub other: Vec<Attribute>,
}

/// `#[describe(path = "channel_id", doc = "...")]` on a field whose type is a shared shape:
/// the description of the nested member `path` leads to, for this use only.
pub struct Describe {
    /// The path as written.
    pub path: LitStr,
    /// The Rust field names it follows, spanned at the path.
    pub steps: Vec<Ident>,
    /// The description.
    pub doc: LitStr,
}

/// The kinds of gate a place accepts.
#[derive(Clone, Copy, PartialEq)]
pub enum Place {
    /// The family module.
    Family,
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
            "wire" if matches!(place, Place::Field | Place::Variant) => match &attr.meta {
                syn::Meta::NameValue(syn::MetaNameValue {
                    value:
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }),
                    ..
                }) => {
                    if out.wire.is_some() {
                        Err(syn::Error::new_spanned(attr, "duplicate `#[wire]`"))
                    } else if s.value().is_empty() {
                        Err(syn::Error::new_spanned(s, "a wire name is not empty"))
                    } else {
                        out.wire = Some(s.clone());
                        Ok(())
                    }
                }
                _ => Err(syn::Error::new_spanned(
                    attr,
                    "expected `#[wire = \"name\"]`",
                )),
            },
            "added" => parse_gate(attr, |input, since| {
                let mut default = None;
                gate_args(input, |key, input| match key.to_string().as_str() {
                    "default" if place == Place::Field => {
                        default = Some(input.parse()?);
                        Ok(())
                    }
                    "default" => Err(syn::Error::new(
                        key.span(),
                        format!(
                            "`default` is only for fields: on {}, write `#[added(vN)]`",
                            place_name(place)
                        ),
                    )),
                    _ => Err(unknown_gate_arg(key, "added", place)),
                })?;
                out.added.push(Added {
                    attr: attr.clone(),
                    since,
                    default,
                });
                Ok(())
            }),
            "removed" => parse_gate(attr, |input, since| {
                let mut into = None;
                gate_args(input, |key, input| match key.to_string().as_str() {
                    "into" if place == Place::Variant => {
                        into = Some(input.parse()?);
                        Ok(())
                    }
                    "into" => Err(syn::Error::new(
                        key.span(),
                        format!(
                            "`into` is only for enum variants: on {}, write `#[removed(vN)]`",
                            place_name(place)
                        ),
                    )),
                    _ => Err(unknown_gate_arg(key, "removed", place)),
                })?;
                out.removed.push(Removed {
                    attr: attr.clone(),
                    since,
                    into,
                });
                Ok(())
            }),
            "renamed" if matches!(place, Place::Field | Place::Variant) => {
                parse_gate(attr, |input, since| {
                    let mut from = None;
                    gate_args(input, |key, input| match key.to_string().as_str() {
                        "from" => {
                            from = Some(input.parse()?);
                            Ok(())
                        }
                        _ => Err(unknown_gate_arg(key, "renamed", place)),
                    })?;
                    let Some(from) = from else {
                        return Err(syn::Error::new_spanned(
                            &attr.meta,
                            "`renamed` needs the wire name before the rename: `#[renamed(vN, from = \"oldName\")]`",
                        ));
                    };
                    out.renamed.push(Renamed {
                        attr: attr.clone(),
                        since,
                        from,
                    });
                    Ok(())
                })
            }
            "changed" if place == Place::Field => parse_gate(attr, |input, since| {
                let (mut from, mut with, mut fallible) = (None, None, false);
                gate_args(input, |key, input| {
                    let key_text = key.to_string();
                    match key_text.as_str() {
                        "from" => from = Some(input.parse()?),
                        "with" | "try_with" if with.is_some() => {
                            return Err(syn::Error::new(
                                key.span(),
                                "one conversion only: `with` for one that cannot fail, or `try_with` for one that can",
                            ));
                        }
                        "with" | "try_with" => {
                            with = Some(input.parse()?);
                            fallible = key_text == "try_with";
                        }
                        _ => return Err(unknown_gate_arg(key, "changed", place)),
                    }
                    Ok(())
                })?;
                let Some(from) = from else {
                    return Err(syn::Error::new_spanned(
                        &attr.meta,
                        "`changed` needs the type before the change: add `from = OldType`",
                    ));
                };
                let Some(with) = with else {
                    return Err(syn::Error::new_spanned(
                        &attr.meta,
                        "`changed` needs a conversion from the old type: add `with = path::to::fn`, or `try_with = path::to::fn` for one that can fail",
                    ));
                };
                out.changed.push(Changed {
                    attr: attr.clone(),
                    since,
                    from,
                    with,
                    fallible,
                });
                Ok(())
            }),
            "describe" if place == Place::Field => {
                parse_describe(attr, &out.describe).map(|d| out.describe.push(d))
            }
            "describe" => Err(syn::Error::new_spanned(
                attr,
                format!(
                    "`#[describe]` is only for fields whose type is a shared shape, not for {}",
                    place_name(place)
                ),
            )),
            "cfg" | "cfg_attr" if place != Place::Family => Err(syn::Error::new_spanned(
                attr,
                format!(
                    "`#[{name}]` is not supported in a family: every version's types, members and values are always compiled"
                ),
            )),
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

fn unknown_gate_arg(key: &Ident, gate: &str, place: Place) -> syn::Error {
    let expected = match (gate, place) {
        ("added", Place::Field) => "`#[added(vN)]` or `#[added(vN, default = path::to::fn)]`",
        ("removed", Place::Variant) => "`#[removed(vN)]` or `#[removed(vN, into = Variant)]`",
        ("renamed", _) => "`#[renamed(vN, from = \"oldName\")]`",
        ("changed", _) => {
            "`#[changed(vN, from = OldType, with = path::to::fn)]` or `try_with = path::to::fn`"
        }
        ("added", _) => "`#[added(vN)]`",
        _ => "`#[removed(vN)]`",
    };
    syn::Error::new(
        key.span(),
        format!("unknown argument `{key}`: expected {expected}"),
    )
}

/// Reads the `, key = value` arguments after a gate's version; `arg` reads the value of `key`.
fn gate_args(
    input: ParseStream,
    mut arg: impl FnMut(&Ident, ParseStream) -> syn::Result<()>,
) -> syn::Result<()> {
    while !input.is_empty() {
        input.parse::<Token![,]>()?;
        if input.is_empty() {
            break;
        }
        let key: Ident = input.parse()?;
        input.parse::<Token![=]>()?;
        arg(&key, input)?;
    }
    Ok(())
}

fn place_name(place: Place) -> &'static str {
    match place {
        Place::Family => "a family",
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
        let ident: Ident = input.parse().map_err(|e| {
            syn::Error::new(e.span(), "expected the version of the change, e.g. `v1`")
        })?;
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
        if let syn::Meta::NameValue(nv) = &attr.meta
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
        {
            // `split`, not `lines`: a blank `///` line is an empty string, and it separates
            // paragraphs.
            for line in s.value().split('\n') {
                lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
            }
        }
    }
    let text = lines.join("\n");
    text.trim_matches('\n').to_owned()
}

const DESCRIBE_SYNTAX: &str =
    "`#[describe(path = \"member\", doc = \"Its description at this use.\")]`";

/// Parses `#[describe(path = "a.b", doc = "...")]`; `earlier` are the field's overrides before it.
fn parse_describe(attr: &Attribute, earlier: &[Describe]) -> syn::Result<Describe> {
    let (mut path, mut doc): (Option<LitStr>, Option<LitStr>) = (None, None);
    let syn::Meta::List(_) = &attr.meta else {
        return Err(syn::Error::new_spanned(
            attr,
            format!("expected {DESCRIBE_SYNTAX}"),
        ));
    };
    attr.parse_nested_meta(|meta| {
        let key = meta.path.get_ident().map(Ident::to_string).unwrap_or_default();
        let slot = match key.as_str() {
            "path" => &mut path,
            "doc" => &mut doc,
            _ => {
                return Err(meta.error(format!(
                    "unknown `#[describe]` argument: expected `path` or `doc`, as in {DESCRIBE_SYNTAX}"
                )));
            }
        };
        if slot.is_some() {
            return Err(meta.error(format!("`{key}` is given twice")));
        }
        *slot = Some(meta.value()?.parse()?);
        Ok(())
    })?;
    let missing: Vec<&str> = [("`path`", path.is_none()), ("`doc`", doc.is_none())]
        .into_iter()
        .filter_map(|(name, missing)| missing.then_some(name))
        .collect();
    let (Some(path), Some(doc)) = (path, doc) else {
        return Err(syn::Error::new_spanned(
            &attr.meta,
            format!(
                "`#[describe]` needs {}: {DESCRIBE_SYNTAX}",
                missing.join(" and ")
            ),
        ));
    };
    let text = path.value();
    let steps = text
        .split('.')
        .map(|step| {
            syn::parse_str::<Ident>(step)
                .ok()
                .filter(|_| !step.is_empty())
                .map(|ident| Ident::new(&ident.to_string(), path.span()))
        })
        .collect::<Option<Vec<Ident>>>()
        .ok_or_else(|| {
            syn::Error::new_spanned(
                &path,
                "a `#[describe]` path is the Rust field names leading to the member, joined by `.`: e.g. `\"channel_id\"` or `\"party.agent_id\"`",
            )
        })?;
    if doc.value().trim().is_empty() {
        return Err(syn::Error::new_spanned(
            &doc,
            "the description is not empty: say what the member holds at this use",
        ));
    }
    if earlier.iter().any(|d| d.path.value() == text) {
        return Err(syn::Error::new_spanned(
            &path,
            format!("`{text}` is already described at this field: one description per member"),
        ));
    }
    Ok(Describe { path, steps, doc })
}

#[cfg(test)]
mod tests {
    use super::doc_text;

    #[test]
    fn blank_doc_lines_separate_paragraphs() {
        let item: syn::ItemStruct = syn::parse_quote! {
            /// First paragraph.
            ///
            /// Second paragraph.
            struct S;
        };
        assert_eq!(
            doc_text(&item.attrs),
            "First paragraph.\n\nSecond paragraph."
        );
    }
}

//! Parsing of the macro's attributes: the `#[family(...)]` arguments, the version gates
//! (`added`, `removed`, `renamed`, `changed`), `wire`, `describe` and doc comments.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitStr, Path, Token, Type};

use crate::ctxt::Ctxt;

/// The arguments of `#[family(...)]` (none for `#[shapes]`).
#[derive(Default)]
pub struct FamilyArgs {
    pub name: Option<LitStr>,
    pub source: Option<LitStr>,
    pub subject: Option<Vec<Ident>>,
    pub subject_doc: Option<LitStr>,
    pub lifecycle: Option<Lifecycle>,
    pub versions: Vec<VersionArgs>,
    pub versions_span: Option<Span>,
    /// The arguments that were written, valid or not: a missing one is reported only if it
    /// was not written at all.
    pub given: Vec<String>,
    /// Whether reading the arguments stopped at a syntax error (what follows was not read).
    pub incomplete: bool,
}

impl FamilyArgs {
    /// Whether `name` was neither written nor possibly hidden by a syntax error.
    pub fn missing(&self, name: &str) -> bool {
        !self.incomplete && !self.given.iter().any(|g| g == name)
    }
}

/// One entry of `versions(...)`: `v0(stability = beta, example = "path")`.
pub struct VersionArgs {
    pub ident: Ident,
    pub stability: Option<Ident>,
    pub example: Option<LitStr>,
    /// `why = "..."`: why this version exists.
    pub why: Option<LitStr>,
    /// `meaning(time = "...")`: envelope attributes whose meaning this version states anew.
    pub meanings: Vec<(Ident, LitStr)>,
}

/// `lifecycle(from = "Connected", to = "Held")`: the step of its entity's lifecycle a family's
/// events mark; `from` may list several phases, and without it the step starts the lifecycle.
pub struct Lifecycle {
    pub from: Vec<LitStr>,
    pub to: LitStr,
}

const FAMILY_ARGS: &str = "`name`, `source`, `subject`, `subject_doc`, `lifecycle` or `versions`";

pub fn family_args(cx: &Ctxt, args: TokenStream) -> FamilyArgs {
    let mut out = FamilyArgs {
        name: None,
        source: None,
        subject: None,
        subject_doc: None,
        lifecycle: None,
        versions: Vec::new(),
        versions_span: None,
        given: Vec::new(),
        incomplete: false,
    };
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(Ident::to_string)
            .unwrap_or_default();
        let known = [
            "name",
            "source",
            "subject",
            "subject_doc",
            "lifecycle",
            "versions",
        ]
        .contains(&key.as_str());
        if known && out.given.contains(&key) {
            cx.error_spanned_by(&meta.path, format!("duplicate family argument `{key}`"));
        }
        match key.as_str() {
            "name" => out.name = string_value(cx, &meta, "name = \"entity.happened\"")?,
            "source" => out.source = string_value(cx, &meta, "source = \"/entity\"")?,
            "subject_doc" => out.subject_doc = string_value(cx, &meta, "subject_doc = \"...\"")?,
            "subject" => {
                let expr: Expr = meta.value()?.parse()?;
                out.subject = subject_path(&expr);
                if out.subject.is_none() {
                    cx.error_spanned_by(
                        &expr,
                        "expected the path of a payload member, e.g. `subject = channel.channel_id`",
                    );
                }
            }
            "lifecycle" => out.lifecycle = lifecycle(cx, &meta)?,
            "versions" => {
                out.versions_span = Some(meta.path.span());
                out.versions = versions(cx, &meta)?;
            }
            _ => {
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "unknown family argument `{}`: expected {FAMILY_ARGS}",
                        path_text(&meta.path)
                    ),
                );
                skip_value(&meta)?;
            }
        }
        if known {
            out.given.push(key);
        }
        Ok(())
    });
    if let Err(e) = parser.parse2(args) {
        cx.syn_error(e);
        out.incomplete = true;
    }
    out
}

/// `lifecycle(from = "Connected", to = "Held")`, `from = ["A", "B"]` or no `from`.
fn lifecycle(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Lifecycle>> {
    let mut from = Vec::new();
    let mut to = None;
    meta.parse_nested_meta(|arg| {
        match arg.path.get_ident().map(Ident::to_string).as_deref() {
            Some("to") => to = string_value(cx, &arg, "to = \"Phase\"")?,
            Some("from") => {
                let expr: Expr = arg.value()?.parse()?;
                let items: Vec<Expr> = match expr {
                    Expr::Array(array) => array.elems.into_iter().collect(),
                    other => vec![other],
                };
                for item in items {
                    match item {
                        Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(phase),
                            ..
                        }) => from.push(phase),
                        other => cx.error_spanned_by(
                            &other,
                            "expected a phase name or a list of them, e.g. `from = [\"Held\", \"Parked\"]`",
                        ),
                    }
                }
            }
            _ => {
                cx.error_spanned_by(
                    &arg.path,
                    "unknown lifecycle argument: expected `from` or `to`",
                );
                skip_value(&arg)?;
            }
        }
        Ok(())
    })?;
    match to {
        Some(to) => Ok(Some(Lifecycle { from, to })),
        None => {
            cx.error_spanned_by(
                &meta.path,
                "a lifecycle step needs the phase it leads to: `lifecycle(to = \"Phase\")`",
            );
            Ok(None)
        }
    }
}

/// `v0(stability = beta, example = "path"), v1(...)`.
fn versions(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Vec<VersionArgs>> {
    let content;
    syn::parenthesized!(content in meta.input);
    let mut out = Vec::new();
    syn::meta::parser(|version| {
        let Some(ident) = version.path.get_ident().cloned() else {
            return Err(syn::Error::new_spanned(
                &version.path,
                "expected a version, e.g. `v0(...)`",
            ));
        };
        let mut v = VersionArgs {
            ident,
            stability: None,
            example: None,
            why: None,
            meanings: Vec::new(),
        };
        if version.input.peek(syn::token::Paren) {
            version.parse_nested_meta(|arg| {
                let key = arg
                    .path
                    .get_ident()
                    .map(Ident::to_string)
                    .unwrap_or_default();
                match key.as_str() {
                    "stability" => {
                        let expr: Expr = arg.value()?.parse()?;
                        let ident = match &expr {
                            Expr::Path(p) if p.qself.is_none() => p.path.get_ident().cloned(),
                            _ => None,
                        };
                        v.stability = Some(ident.unwrap_or_else(|| {
                            cx.error_spanned_by(
                                &expr,
                                "expected `beta`, `stable` or `deprecated`, without quotes",
                            );
                            Ident::new("beta", expr.span())
                        }));
                    }
                    "example" => {
                        let path =
                            string_value(cx, &arg, "example = \"events/entity.happened.v0.json\"")?;
                        v.example = Some(path.unwrap_or_else(|| LitStr::new("", arg.path.span())));
                    }
                    "why" => v.why = string_value(cx, &arg, "why = \"what this version changes\"")?,
                    "meaning" => {
                        arg.parse_nested_meta(|meaning| {
                            let Some(name) = meaning.path.get_ident().cloned() else {
                                return Err(meaning.error(
                                    "expected an envelope attribute, e.g. `meaning(time = \"...\")`",
                                ));
                            };
                            if let Some(doc) = string_value(cx, &meaning, "time = \"...\"")? {
                                v.meanings.push((name, doc));
                            }
                            Ok(())
                        })?;
                    }
                    _ => {
                        cx.error_spanned_by(
                            &arg.path,
                            format!(
                                "unknown version argument `{}`: expected `stability`, `example`, `why` or `meaning`",
                                path_text(&arg.path)
                            ),
                        );
                        skip_value(&arg)?;
                    }
                }
                Ok(())
            })?;
        }
        out.push(v);
        Ok(())
    })
    .parse2(content.parse()?)?;
    Ok(out)
}

/// The value of `key = "text"`; a value that is not a string is reported and read as `None`.
fn string_value(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Option<LitStr>> {
    let expr: Expr = meta.value()?.parse()?;
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Ok(Some(s)),
        other => {
            cx.error_spanned_by(&other, format!("expected a string: `{example}`"));
            Ok(None)
        }
    }
}

/// `channel.channel_id` -> `[channel, channel_id]`.
fn subject_path(expr: &Expr) -> Option<Vec<Ident>> {
    match expr {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => {
            p.path.get_ident().map(|i| vec![i.clone()])
        }
        Expr::Field(f) if f.attrs.is_empty() => {
            let mut path = subject_path(&f.base)?;
            match &f.member {
                syn::Member::Named(ident) => path.push(ident.clone()),
                syn::Member::Unnamed(_) => return None,
            }
            Some(path)
        }
        _ => None,
    }
}

/// Skips the value of an argument that was reported: `= expr` or `(...)`.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

fn path_text(path: &Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.join("::")
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

//! Parsing of `#[family(...)]`'s arguments: name, source, subject, lifecycle and the
//! versions with their stability, example and meanings.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr, Path, Token};

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

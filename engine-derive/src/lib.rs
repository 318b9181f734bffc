//! Derive macros for the `engine` embedding API.
//!
//! * `#[derive(FromJs)]` and `#[derive(IntoJs)]`: a struct with named
//!   fields is a plain object (one property per field), a tuple struct an
//!   array, a unit struct `undefined`; an enum's unit variants are strings
//!   (their names), other variants an object with one property named after
//!   the variant (`{ Circle: { r: 1 } }`, as serde's external tagging).
//! * `#[derive(Trace)]`: reports every field to the cycle collector (fields
//!   marked `#[js(skip_trace)]` are left out).
//!
//! Attributes: `#[js(rename = "name")]` on a field or variant,
//! `#[js(rename_all = "camelCase")]` on the type, `#[js(default)]` on a
//! field (missing or `undefined` gives `Default::default()`).
//!
//! ```
//! use engine::{Context, Runtime};
//! use engine_derive::{FromJs, IntoJs};
//!
//! #[derive(FromJs, IntoJs, Debug, PartialEq)]
//! #[js(rename_all = "camelCase")]
//! struct User { user_name: String, age: u32, #[js(default)] tags: Vec<String> }
//!
//! #[derive(FromJs, IntoJs, Debug, PartialEq)]
//! enum Shape { Empty, Circle { r: f64 }, Square(f64) }
//!
//! let rt = Runtime::new();
//! let ctx = Context::new(&rt);
//! let u: User = ctx.eval_as("({ userName: 'ann', age: 30 })").unwrap();
//! assert_eq!(u, User { user_name: "ann".into(), age: 30, tags: vec![] });
//! let shapes: Vec<Shape> = ctx.eval_as("['Empty', { Circle: { r: 2 } }, { Square: 3 }]").unwrap();
//! assert_eq!(shapes, [Shape::Empty, Shape::Circle { r: 2.0 }, Shape::Square(3.0)]);
//! let v = ctx.to_js(Shape::Circle { r: 1.5 }).unwrap();
//! assert_eq!(ctx.inspect(&v), "{ Circle: { r: 1.5 } }");
//! ```

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::{Attribute, Data, DeriveInput, Fields, Ident, LitStr, parse_macro_input};

#[derive(Default)]
struct Opts {
    rename: Option<String>,
    rename_all: Option<String>,
    default: bool,
    skip_trace: bool,
}

fn opts(attrs: &[Attribute]) -> syn::Result<Opts> {
    let mut o = Opts::default();
    for a in attrs.iter().filter(|a| a.path().is_ident("js")) {
        a.parse_nested_meta(|m| {
            if m.path.is_ident("rename") {
                o.rename = Some(m.value()?.parse::<LitStr>()?.value());
            } else if m.path.is_ident("rename_all") {
                o.rename_all = Some(m.value()?.parse::<LitStr>()?.value());
            } else if m.path.is_ident("default") {
                o.default = true;
            } else if m.path.is_ident("skip_trace") {
                o.skip_trace = true;
            } else {
                return Err(m.error("unknown js attribute"));
            }
            Ok(())
        })?;
    }
    Ok(o)
}

/// The JavaScript name of a field or variant.
fn js_name(ident: &Ident, own: &Opts, rename_all: Option<&str>) -> String {
    if let Some(r) = &own.rename {
        return r.clone();
    }
    let s = ident.to_string();
    let s = s.strip_prefix("r#").unwrap_or(&s).to_string();
    match rename_all {
        Some("camelCase") => {
            let mut out = String::new();
            let mut up = false;
            for (i, c) in s.chars().enumerate() {
                if c == '_' {
                    up = i > 0;
                } else if up {
                    out.extend(c.to_uppercase());
                    up = false;
                } else if i == 0 {
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
            }
            out
        }
        Some("lowercase") => s.to_lowercase(),
        Some("UPPERCASE") => s.to_uppercase(),
        Some("snake_case") => {
            let mut out = String::new();
            for (i, c) in s.chars().enumerate() {
                if c.is_uppercase() {
                    if i > 0 {
                        out.push('_');
                    }
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => s,
    }
}

/// Code reading `fields` from the JS value `__v` into a constructor `path`.
fn read_fields(path: Tokens, fields: &Fields, rename_all: Option<&str>) -> syn::Result<Tokens> {
    Ok(match fields {
        Fields::Named(named) => {
            let mut inits = Vec::new();
            for f in &named.named {
                let id = f.ident.clone().expect("named field");
                let o = opts(&f.attrs)?;
                let name = js_name(&id, &o, rename_all);
                let read = if o.default {
                    quote! {{
                        let __x = __o.get(__ctx, #name)?;
                        if __x.is_undefined() {
                            ::core::default::Default::default()
                        } else {
                            ::engine::FromJs::from_js(__ctx, __x)
                                .map_err(|e| e.in_place(concat!("property '", #name, "'")))?
                        }
                    }}
                } else {
                    quote! {
                        ::engine::FromJs::from_js(__ctx, __o.get(__ctx, #name)?)
                            .map_err(|e| e.in_place(concat!("property '", #name, "'")))?
                    }
                };
                inits.push(quote! { #id: #read });
            }
            quote! {{
                let __o: ::engine::JsObject = ::engine::FromJs::from_js(__ctx, __v)?;
                #path { #(#inits),* }
            }}
        }
        Fields::Unnamed(un) if un.unnamed.len() == 1 => {
            quote! { #path(::engine::FromJs::from_js(__ctx, __v)?) }
        }
        Fields::Unnamed(un) => {
            let reads = (0..un.unnamed.len()).map(|i| {
                let i = i as u32;
                quote! {
                    ::engine::FromJs::from_js(__ctx, __o.get(__ctx, #i)?)
                        .map_err(|e| e.in_place(concat!("element ", #i)))?
                }
            });
            quote! {{
                let __o: ::engine::JsArray = ::engine::FromJs::from_js(__ctx, __v)?;
                #path(#(#reads),*)
            }}
        }
        Fields::Unit => quote! { #path },
    })
}

/// Code building a JS value from the bound field variables.
fn write_fields(fields: &Fields, rename_all: Option<&str>, bind: &[Ident]) -> syn::Result<Tokens> {
    Ok(match fields {
        Fields::Named(named) => {
            let mut puts = Vec::new();
            for (f, b) in named.named.iter().zip(bind) {
                let id = f.ident.clone().expect("named field");
                let name = js_name(&id, &opts(&f.attrs)?, rename_all);
                puts.push(quote! { __o.put(__ctx, #name, #b)?; });
            }
            quote! {{
                let __o = __ctx.new_object();
                #(#puts)*
                ::core::result::Result::Ok(::engine::JsValue::from(__o))
            }}
        }
        Fields::Unnamed(un) if un.unnamed.len() == 1 => {
            let b = &bind[0];
            quote! { ::engine::IntoJs::into_js(#b, __ctx) }
        }
        Fields::Unnamed(_) => {
            quote! {{
                let __a = ::engine::JsArray::new(__ctx);
                #(__a.push(__ctx, #bind)?;)*
                ::core::result::Result::Ok(::engine::JsValue::from(__a))
            }}
        }
        Fields::Unit => quote! { ::core::result::Result::Ok(::engine::JsValue::undefined()) },
    })
}

/// Identifiers binding each field of a pattern, and the pattern.
fn bindings(path: Tokens, fields: &Fields) -> (Vec<Ident>, Tokens) {
    match fields {
        Fields::Named(named) => {
            let ids: Vec<Ident> = named
                .named
                .iter()
                .map(|f| f.ident.clone().expect("named field"))
                .collect();
            let b: Vec<Ident> = ids.iter().map(|i| format_ident!("__f_{}", i)).collect();
            (b.clone(), quote! { #path { #(#ids: #b),* } })
        }
        Fields::Unnamed(un) => {
            let b: Vec<Ident> = (0..un.unnamed.len())
                .map(|i| format_ident!("__f{}", i))
                .collect();
            (b.clone(), quote! { #path(#(#b),*) })
        }
        Fields::Unit => (Vec::new(), quote! { #path }),
    }
}

/// `#[derive(FromJs)]`: see the crate documentation.
#[proc_macro_derive(FromJs, attributes(js))]
pub fn derive_from_js(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    from_js(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

fn from_js(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let top = opts(&input.attrs)?;
    let ra = top.rename_all.as_deref();
    let (ig, tg, wc) = input.generics.split_for_impl();
    let body = match &input.data {
        Data::Struct(s) => read_fields(quote! { #name }, &s.fields, ra)?,
        Data::Enum(e) => {
            let mut units = Vec::new();
            let mut tagged = Vec::new();
            for v in &e.variants {
                let vid = &v.ident;
                let vname = js_name(vid, &opts(&v.attrs)?, ra);
                match &v.fields {
                    Fields::Unit => units.push(quote! { #vname => return Ok(#name::#vid), }),
                    fields => {
                        let read = read_fields(quote! { #name::#vid }, fields, None)?;
                        tagged.push(quote! {
                            if __tag.has_own(__ctx, #vname)? {
                                let __v = __tag.get(__ctx, #vname)?;
                                return Ok(#read);
                            }
                        });
                    }
                }
            }
            let expected = format!("a variant of {name}");
            quote! {{
                if let Some(__s) = __v.as_string() {
                    match __s.as_str() {
                        #(#units)*
                        _ => {}
                    }
                }
                if let Some(__tag) = __v.as_object() {
                    #(#tagged)*
                }
                return Err(::engine::JsError::type_error(
                    format!("expected {}, got {}", #expected, __ctx.inspect(&__v))
                ));
            }}
        }
        Data::Union(_) => {
            return Err(syn::Error::new(
                Span::call_site(),
                "unions cannot be derived",
            ));
        }
    };
    Ok(quote! {
        impl #ig ::engine::FromJs for #name #tg #wc {
            #[allow(unreachable_code, clippy::needless_return)]
            fn from_js(__ctx: &::engine::Context, __v: ::engine::JsValue)
                -> ::core::result::Result<Self, ::engine::JsError>
            {
                Ok(#body)
            }
        }
    })
}

/// `#[derive(IntoJs)]`: see the crate documentation.
#[proc_macro_derive(IntoJs, attributes(js))]
pub fn derive_into_js(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    into_js(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

fn into_js(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let top = opts(&input.attrs)?;
    let ra = top.rename_all.as_deref();
    let (ig, tg, wc) = input.generics.split_for_impl();
    let body = match &input.data {
        Data::Struct(s) => {
            let (b, pat) = bindings(quote! { #name }, &s.fields);
            let w = write_fields(&s.fields, ra, &b)?;
            quote! { let #pat = self; #w }
        }
        Data::Enum(e) => {
            let mut arms = Vec::new();
            for v in &e.variants {
                let vid = &v.ident;
                let vname = js_name(vid, &opts(&v.attrs)?, ra);
                let (b, pat) = bindings(quote! { #name::#vid }, &v.fields);
                let arm = match &v.fields {
                    Fields::Unit => quote! { #pat => ::engine::IntoJs::into_js(#vname, __ctx), },
                    fields => {
                        let w = write_fields(fields, None, &b)?;
                        quote! { #pat => {
                            let __inner: ::core::result::Result<::engine::JsValue, ::engine::JsError> = #w;
                            let __o = __ctx.new_object();
                            __o.put(__ctx, #vname, __inner?)?;
                            Ok(::engine::JsValue::from(__o))
                        } }
                    }
                };
                arms.push(arm);
            }
            quote! { match self { #(#arms)* } }
        }
        Data::Union(_) => {
            return Err(syn::Error::new(
                Span::call_site(),
                "unions cannot be derived",
            ));
        }
    };
    Ok(quote! {
        impl #ig ::engine::IntoJs for #name #tg #wc {
            #[allow(unused_variables, non_snake_case)]
            fn into_js(self, __ctx: &::engine::Context)
                -> ::core::result::Result<::engine::JsValue, ::engine::JsError>
            {
                #body
            }
        }
    })
}

/// `#[derive(Trace)]`: reports every field (but those marked
/// `#[js(skip_trace)]`) to the cycle collector.
#[proc_macro_derive(Trace, attributes(js))]
pub fn derive_trace(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    trace(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

fn trace(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let (ig, tg, wc) = input.generics.split_for_impl();
    let traced = |fields: &Fields, b: &[Ident]| -> syn::Result<Tokens> {
        let mut out = Vec::new();
        for (f, b) in fields.iter().zip(b) {
            if !opts(&f.attrs)?.skip_trace {
                out.push(quote! { ::engine::Trace::trace(#b, __t); });
            }
        }
        Ok(quote! { #(#out)* })
    };
    let body = match &input.data {
        Data::Struct(s) => {
            let (b, pat) = bindings(quote! { #name }, &s.fields);
            let t = traced(&s.fields, &b)?;
            quote! { let #pat = self; #t }
        }
        Data::Enum(e) => {
            let mut arms = Vec::new();
            for v in &e.variants {
                let vid = &v.ident;
                let (b, pat) = bindings(quote! { #name::#vid }, &v.fields);
                let t = traced(&v.fields, &b)?;
                arms.push(quote! { #pat => { #t } });
            }
            quote! { match self { #(#arms)* } }
        }
        Data::Union(_) => {
            return Err(syn::Error::new(
                Span::call_site(),
                "unions cannot be derived",
            ));
        }
    };
    Ok(quote! {
        impl #ig ::engine::Trace for #name #tg #wc {
            #[allow(unused_variables, non_snake_case)]
            fn trace(&self, __t: &mut ::engine::Tracer<'_>) {
                #body
            }
        }
    })
}

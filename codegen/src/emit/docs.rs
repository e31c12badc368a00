//! Rustdoc built from schema facts (no description text is pinned).

use proc_macro2::TokenStream;
use quote::quote;

/// One `#[doc = "..."]` attribute per line, so prettyplease prints `///` lines.
pub fn outer(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = format!(" {l}");
        let l = l.trim_end();
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Inner doc attributes (`//!`) for a module file.
pub fn inner(lines: &[String]) -> Vec<syn::Attribute> {
    lines
        .iter()
        .map(|l| {
            let l = format!(" {l}");
            let l = l.trim_end().to_string();
            syn::parse_quote!(#![doc = #l])
        })
        .collect()
}

/// Escapes text for Markdown inside backticks (backticks themselves are rare in
/// schema names but would end the code span).
pub fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

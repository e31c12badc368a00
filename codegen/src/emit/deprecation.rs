//! The `#[deprecated]` attribute of a generated item, from the revision facts
//! ([`Deprecation`]): `since` the service's deprecation date, the note naming the
//! revision and the removal date. The generated crate declares its generated modules
//! `#[allow(deprecated)]`, so its own code may refer to deprecated items; a program
//! using one gets the warning.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Deprecation;

/// `#[deprecated(since = "DATE", note = "...")]`, or nothing.
pub fn attribute(deprecation: Option<&Deprecation>) -> TokenStream {
    match deprecation {
        Some(d) => {
            let arguments = arguments(d);
            quote!(#[deprecated(#arguments)])
        }
        None => TokenStream::new(),
    }
}

/// The prefix of a `model!` row whose property is deprecated:
/// `@deprecated(since = "DATE", note = "...")` (the runtime's macro marks the
/// property's path constant with it), or nothing.
pub fn row_prefix(deprecation: Option<&Deprecation>) -> TokenStream {
    match deprecation {
        Some(d) => {
            let arguments = arguments(d);
            quote!(@deprecated(#arguments))
        }
        None => TokenStream::new(),
    }
}

/// `since = "DATE", note = "..."` (no `since` without a date).
fn arguments(d: &Deprecation) -> TokenStream {
    let note = d.note();
    match &d.date {
        Some(since) => quote!(since = #since, note = #note),
        None => quote!(note = #note),
    }
}

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
    let Some(d) = deprecation else {
        return TokenStream::new();
    };
    let note = d.note();
    match &d.date {
        Some(since) => quote!(#[deprecated(since = #since, note = #note)]),
        None => quote!(#[deprecated(note = #note)]),
    }
}

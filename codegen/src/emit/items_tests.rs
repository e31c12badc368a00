//! The `ToTokens` items of the pinned schema: each is valid Rust, and so is
//! the file text written from its pieces (prettyplease for items, the table
//! printer for tables, checked to read back as their tokens).

use proc_macro2::TokenStream;
use quote::ToTokens;

use super::{Plan, Segment, Settings, enums, poly, render, structs, table};

fn pinned() -> crate::Pin {
    let metadata = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../metadata");
    crate::Pin::load(&metadata).unwrap_or_else(|e| panic!("{e}"))
}

/// `tokens` parse as a file, and so does the text `render` writes from
/// `segments` (which checks that every table and line it prints reads back as
/// its tokens; prettyplease may add a trailing comma where it wraps).
fn check(plan: &Plan<'_>, what: &str, tokens: TokenStream, segments: &[Segment]) {
    syn::parse2::<syn::File>(tokens)
        .unwrap_or_else(|e| panic!("{what}: the item's tokens do not parse: {e}"));
    let text = render(plan, what, Vec::new(), segments).unwrap();
    syn::parse_file(&text)
        .unwrap_or_else(|e| panic!("{what}: the written text does not parse: {e}"));
    for segment in segments {
        let printed = match segment {
            Segment::Table(call) => call.render().unwrap(),
            Segment::Line(tokens) => table::render_line(tokens).unwrap(),
            Segment::Items(_) => continue,
        };
        assert!(text.contains(&printed), "{what}: {printed} not in\n{text}");
    }
}

#[test]
fn every_item_of_the_pin_is_valid_rust_and_written_as_its_tokens() {
    let pin = pinned();
    let schema = pin.schema();
    let plan = Plan::new(schema, Settings::crate_default()).unwrap();
    let (mut models, mut families, mut flags) = (0, 0, 0);
    for t in schema.structured.values() {
        let model = structs::emit(&plan, t).unwrap();
        let expected = match t.kind {
            crate::ir::StructuredKind::Entity => {
                "impl Model, Entity, Debug, Serialize, Deserialize, Wire for "
            }
            crate::ir::StructuredKind::Complex => {
                "impl Model, Debug, Serialize, Deserialize, Wire for "
            }
        };
        assert!(
            table::line(&model.table.head).starts_with(expected),
            "{}",
            t.name
        );
        let tokens = model.to_token_stream();
        check(&plan, &t.name.to_string(), tokens, &model.segments());
        models += 1;
        if let Some(family) = poly::emit(&plan, t).unwrap() {
            let tokens = family.to_token_stream();
            check(&plan, &t.name.to_string(), tokens, &family.segments());
            families += 1;
        }
    }
    for e in schema.enums.values() {
        let item = enums::emit(&plan, e).unwrap();
        flags += usize::from(item.flags.is_some());
        let line = table::line(&item.impls);
        assert_eq!(
            line.contains(", BitOr for "),
            e.is_flags,
            "{}: {line}",
            e.name
        );
        let tokens = item.to_token_stream();
        check(&plan, &e.name.to_string(), tokens, &item.segments());
    }
    assert!(
        models > 500 && families > 5 && flags > 5,
        "{models} {families} {flags}"
    );
}

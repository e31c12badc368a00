//! The cargo features of the generated crate, one per area of the URL tree
//! ([`crate::areas`]): the manifest block and the crate docs' list.

use crate::areas::Areas;

/// The feature that turns every area on.
pub const ALL_AREAS: &str = "all_areas";

/// What an area is, for docs: its path below the singleton.
fn area_path(areas: &Areas, segment: &str) -> String {
    if segment.is_empty() {
        format!("`{}` itself and its actions and functions", areas.root_path)
    } else {
        format!("`{}/{segment}`", areas.root_path)
    }
}

/// The `[features]` lines of the areas: `all_areas`, then one feature per
/// area with a `##` doc line (path, type counts).
pub fn manifest_block(areas: &Areas) -> String {
    let names: Vec<String> = areas.areas.keys().map(|f| format!("{f:?}")).collect();
    let mut out = format!(
        "## Every area below (what `default` turns on).\n{ALL_AREAS} = [{}]\n",
        names.join(", ")
    );
    for (feature, area) in &areas.areas {
        out.push_str(&format!(
            "## {}: {} types ({} needed by no other area).\n{feature} = []\n",
            area_path(areas, &area.segment),
            area.type_count,
            area.exclusive_type_count
        ));
    }
    out
}

/// Lines for the models module docs: one per feature.
pub fn doc_lines(areas: &Areas) -> Vec<String> {
    if areas.areas.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        String::from("# Cargo features"),
        String::new(),
        format!(
            "One feature per area of the URL tree gates its request builders and the types only it needs; `default` (through `{ALL_AREAS}`) turns every area on."
        ),
        String::new(),
    ];
    for (feature, area) in &areas.areas {
        lines.push(format!(
            "- `{feature}`: {}, {} types ({} needed by no other area).",
            area_path(areas, &area.segment),
            area.type_count,
            area.exclusive_type_count
        ));
    }
    lines
}

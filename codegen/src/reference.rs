//! Links to Microsoft's API reference: the page that documents each operation and
//! each type, derived from a facts-only index of the reference (`../shared/graph-docs/`:
//! `operations.tsv`, `types.tsv`, `pages.tsv`) and stored in `metadata/reference.json`,
//! which [`crate::Pin::load`] reads. Text in, data out (no files).
//!
//! # Matching an operation
//!
//! A row of `operations.tsv` (`page`, `method`, `path`) is the page of a route when
//! the methods are equal (ignoring case) and the paths are equal segment by segment
//! after [`structural_path`]: letter case is ignored, every `{...}` placeholder is a key
//! whatever its name (`{alertId}`, `{id}`), OData key syntax (`cases('{id}')`) is a
//! key segment, a namespace qualifier (`microsoft.graph.security.runHuntingQuery`) and
//! a function's parameter list (`f(p={p})`) are dropped, and a missing leading `/` is
//! supplied (the rules of [`crate::permissions::normalise_path`], plus the key syntax).
//! When several pages list the same method and path, the first row of the index wins
//! (the index follows the reference's table of contents). `GET <collection>/$count` has
//! no page of its own; it gets the page of `GET <collection>` (the list page documents
//! `$count`), when no row names the `$count` path itself.
//!
//! # Matching a type
//!
//! A row of `types.tsv` (`page`, `namespace`, `type`) is the page of the schema type
//! `namespace.type` (ignoring case). A row without a namespace names the schema type
//! of that name when exactly one type of the schema has it (ignoring case).
//!
//! # The URL
//!
//! The page's URL as `pages.tsv` gives it
//! (`https://learn.microsoft.com/graph/api/<page>?view=graph-rest-1.0`, resource pages
//! under `/resources/`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::{Error, Location};
use crate::ir::Schema;
use crate::permissions::normalise_path;
use crate::routes::Route;

/// The reference facts' file name inside `metadata/`.
pub const PINNED_REFERENCE: &str = "reference.json";

/// What the canonical file says about itself.
const COMMENT: &str = "Links to Microsoft's v1.0 API reference pages for the operations and types \
of the pin, derived from the facts-only index of the reference (page names, methods, path templates, \
type names, URLs) by `cargo xtask reference`. Written by the generator; do not edit.";

/// One row of `operations.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocOperation {
    /// The page name (`security-incident-get`).
    pub page: String,
    /// The HTTP method as written.
    pub method: String,
    /// The path template as written.
    pub path: String,
}

/// One row of `types.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocType {
    /// The page name (`security-incident`).
    pub page: String,
    /// The namespace (may be empty).
    pub namespace: String,
    /// The type name as the page spells it.
    pub name: String,
}

/// The index of Microsoft's reference pages (the three tables of `graph-docs/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocsIndex {
    /// The rows of `operations.tsv`, in file order.
    pub operations: Vec<DocOperation>,
    /// The rows of `types.tsv`, in file order.
    pub types: Vec<DocType>,
    /// Page name -> URL, from `pages.tsv`.
    pub urls: BTreeMap<String, String>,
}

/// The rows of a tab-separated table with the expected header, each with its line
/// number; an error names the file and line.
fn table<'t>(
    text: &'t str,
    file: &str,
    header: &[&str],
) -> Result<Vec<(usize, Vec<&'t str>)>, Error> {
    let mut lines = text.lines().enumerate();
    let invalid = |line: usize, message: String| Error::Invalid {
        location: Location::new(file, u32::try_from(line).unwrap_or(u32::MAX), 1),
        message,
    };
    match lines.next() {
        Some((_, first)) if first.trim_end().split('\t').eq(header.iter().copied()) => {}
        _ => {
            return Err(invalid(
                1,
                format!("the header is not `{}`", header.join("<TAB>")),
            ));
        }
    }
    let mut rows = Vec::new();
    for (index, line) in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != header.len() {
            return Err(invalid(
                index + 1,
                format!(
                    "{} cells where the header has {}",
                    cells.len(),
                    header.len()
                ),
            ));
        }
        rows.push((index + 1, cells));
    }
    Ok(rows)
}

impl DocsIndex {
    /// Reads the index from the texts of its three files (`operations.tsv`,
    /// `types.tsv`, `pages.tsv`); errors name the file and line.
    ///
    /// # Errors
    ///
    /// A wrong header, a row with another number of cells, an empty page, method or
    /// path, a page of the operations or types with no URL in `pages.tsv`, a URL that
    /// is not `https://`.
    pub fn from_tsv(operations: &str, types: &str, pages: &str) -> Result<DocsIndex, Error> {
        let mut index = DocsIndex::default();
        let invalid = |file: &str, line: usize, message: String| Error::Invalid {
            location: Location::new(file, u32::try_from(line).unwrap_or(u32::MAX), 1),
            message,
        };
        for (line, cells) in table(
            pages,
            "pages.tsv",
            &["kind", "page", "commit", "status", "url"],
        )? {
            let (page, url) = (cells[1].trim(), cells[4].trim());
            if page.is_empty() || !url.starts_with("https://") || url.contains(char::is_whitespace)
            {
                return Err(invalid(
                    "pages.tsv",
                    line,
                    format!("page `{page}`: the URL `{url}` is not an https URL"),
                ));
            }
            index.urls.insert(page.to_string(), url.to_string());
        }
        for (line, cells) in table(operations, "operations.tsv", &["page", "method", "path"])? {
            let (page, method, path) = (cells[0].trim(), cells[1].trim(), cells[2].trim());
            if page.is_empty() || method.is_empty() || path.is_empty() {
                return Err(invalid(
                    "operations.tsv",
                    line,
                    String::from("an empty page, method or path"),
                ));
            }
            if !index.urls.contains_key(page) {
                return Err(invalid(
                    "operations.tsv",
                    line,
                    format!("page `{page}` has no URL in pages.tsv"),
                ));
            }
            index.operations.push(DocOperation {
                page: page.to_string(),
                method: method.to_string(),
                path: path.to_string(),
            });
        }
        for (line, cells) in table(types, "types.tsv", &["page", "namespace", "type"])? {
            let (page, namespace, name) = (cells[0].trim(), cells[1].trim(), cells[2].trim());
            if page.is_empty() || name.is_empty() {
                return Err(invalid(
                    "types.tsv",
                    line,
                    String::from("an empty page or type"),
                ));
            }
            if !index.urls.contains_key(page) {
                return Err(invalid(
                    "types.tsv",
                    line,
                    format!("page `{page}` has no URL in pages.tsv"),
                ));
            }
            index.types.push(DocType {
                page: page.to_string(),
                namespace: namespace.to_string(),
                name: name.to_string(),
            });
        }
        Ok(index)
    }
}

/// A path as [`crate::permissions::normalise_path`] compares it, after turning OData
/// key syntax into key segments (`cases('{id}')/x` and `cases({id})/x` are
/// `cases/{}/x`) and supplying a missing leading `/`.
pub fn structural_path(path: &str) -> String {
    let path = path.trim();
    let mut out = String::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        out.push('/');
    }
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        match key_syntax(segment) {
            Some(name) => {
                out.push_str(name);
                out.push_str("/{}");
            }
            None => out.push_str(segment),
        }
    }
    normalise_path(&out)
}

/// `name('{x}')` or `name({x})` (a key in parentheses, not a function's parameter
/// list): the name.
fn key_syntax(segment: &str) -> Option<&str> {
    let (name, rest) = segment.split_once('(')?;
    let inner = rest.strip_suffix(')')?;
    let inner = inner
        .strip_prefix('\'')
        .and_then(|i| i.strip_suffix('\''))
        .unwrap_or(inner);
    let is_key = inner.starts_with('{') && inner.ends_with('}') && !inner[1..].contains('{');
    (is_key && !name.is_empty() && !name.contains('.')).then_some(name)
}

/// The links, as `metadata/reference.json` holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferenceFacts {
    /// `METHOD /path` (a route as [`Route`] displays it, keys `{}`) -> the page URL.
    pub operations: BTreeMap<String, String>,
    /// Qualified type name (`microsoft.graph.security.incident`) -> the page URL.
    pub types: BTreeMap<String, String>,
}

impl ReferenceFacts {
    /// The page of a route, if any.
    pub fn operation(&self, route: &Route) -> Option<&str> {
        self.operations.get(&route.to_string()).map(String::as_str)
    }

    /// The page of a type (qualified name), if any.
    pub fn type_page(&self, qualified: &str) -> Option<&str> {
        self.types.get(qualified).map(String::as_str)
    }

    /// The canonical file: sorted, two-space indented, a trailing newline.
    pub fn to_json_text(&self) -> String {
        let map = |m: &BTreeMap<String, String>| {
            Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect::<Map<_, _>>(),
            )
        };
        let mut root = Map::new();
        root.insert(String::from("$comment"), Value::String(COMMENT.to_string()));
        root.insert(String::from("operations"), map(&self.operations));
        root.insert(String::from("types"), map(&self.types));
        let mut text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads the canonical file; `file_name` names it in errors.
    ///
    /// # Errors
    ///
    /// Not JSON, `operations` or `types` missing or not an object of strings, a key
    /// of `operations` that is not `METHOD /path`, a URL that is not `https://`.
    pub fn from_json_text(text: &str, file_name: &str) -> Result<ReferenceFacts, Error> {
        let root: Value = serde_json::from_str(text).map_err(|e| Error::Invalid {
            location: Location::new(
                file_name,
                u32::try_from(e.line()).unwrap_or(u32::MAX),
                u32::try_from(e.column()).unwrap_or(u32::MAX),
            ),
            message: format!("not valid JSON: {e}"),
        })?;
        let invalid = |message: String| Error::Invalid {
            location: Location::new(file_name, 1, 1),
            message,
        };
        let map = |key: &str| -> Result<BTreeMap<String, String>, Error> {
            let object = root
                .get(key)
                .and_then(Value::as_object)
                .ok_or_else(|| invalid(format!("`{key}` is missing or not an object")))?;
            object
                .iter()
                .map(|(k, v)| match v.as_str() {
                    Some(url) if url.starts_with("https://") => Ok((k.clone(), url.to_string())),
                    _ => Err(invalid(format!("`{key}`.`{k}`: not an https URL"))),
                })
                .collect()
        };
        let operations = map("operations")?;
        if let Some(bad) = operations.keys().find(
            |k| !matches!(k.split_once(' '), Some((m, p)) if !m.is_empty() && p.starts_with('/')),
        ) {
            return Err(invalid(format!(
                "`operations`: the key `{bad}` is not `METHOD /path`"
            )));
        }
        Ok(ReferenceFacts {
            operations,
            types: map("types")?,
        })
    }
}

/// Why a row of the index or a route got no link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unmatched {
    /// A row of `operations.tsv` whose path is outside `/security` (another URL tree).
    OutsideSecurity(String),
    /// A row whose path is a node of the pin, but the method is not offered there.
    MethodNotOffered(String),
    /// A row whose path is no node of the pin (beta, legacy, or outside the selection).
    NoSuchPath(String),
    /// A row of `types.tsv` naming no type of the pin.
    NoSuchType(String),
    /// A route of the pin that no row lists (with whether the permissions reference
    /// documents it).
    RouteWithoutPage {
        /// `METHOD /path`.
        route: String,
        /// Whether the permission facts name permissions for it.
        has_permissions: bool,
    },
}

/// What [`derive`] makes: the facts and what did not match, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Derivation {
    /// The links.
    pub facts: ReferenceFacts,
    /// Rows and routes without a link, each with its reason.
    pub unmatched: Vec<Unmatched>,
    /// Routes of the pin.
    pub routes: usize,
    /// Types of the pin (structured and enums).
    pub types: usize,
}

impl Derivation {
    /// The counts as a few lines of text (what `cargo xtask reference` prints first).
    pub fn summary(&self) -> String {
        let count = |f: &dyn Fn(&Unmatched) -> bool| self.unmatched.iter().filter(|u| f(u)).count();
        let documented_without = count(&|u| {
            matches!(
                u,
                Unmatched::RouteWithoutPage {
                    has_permissions: true,
                    ..
                }
            )
        });
        let without = count(&|u| matches!(u, Unmatched::RouteWithoutPage { .. }));
        format!(
            "operations: {} of {} routes linked; {} without a page ({} of them in the permissions reference)\n\
             types: {} of {} linked\n\
             index rows unmatched: {} outside /security, {} method not offered at that path, {} path not in the pin, {} type not in the pin\n",
            self.facts.operations.len(),
            self.routes,
            without,
            documented_without,
            self.facts.types.len(),
            self.types,
            count(&|u| matches!(u, Unmatched::OutsideSecurity(_))),
            count(&|u| matches!(u, Unmatched::MethodNotOffered(_))),
            count(&|u| matches!(u, Unmatched::NoSuchPath(_))),
            count(&|u| matches!(u, Unmatched::NoSuchType(_))),
        )
    }
}

/// Derives the links of `routes` and the types of `schema` from `index` (see the
/// [module documentation](self) for the rules). `documented` tells whether the
/// permission facts name permissions for a route (only for the report).
pub fn derive(
    schema: &Schema,
    routes: &[Route],
    index: &DocsIndex,
    documented: &dyn Fn(&Route) -> bool,
) -> Derivation {
    let mut out = Derivation {
        routes: routes.len(),
        types: schema.structured.len() + schema.enums.len(),
        ..Derivation::default()
    };
    // (METHOD, structural path) -> first page.
    let mut pages: BTreeMap<(String, String), &str> = BTreeMap::new();
    for row in &index.operations {
        pages
            .entry((row.method.to_ascii_uppercase(), structural_path(&row.path)))
            .or_insert(&row.page);
    }
    let url = |page: &str| index.urls.get(page).cloned().unwrap_or_default();
    let mut route_keys: BTreeSet<(String, String)> = BTreeSet::new();
    let mut paths: BTreeSet<String> = BTreeSet::new();
    for route in routes {
        let key = (
            route.method.as_str().to_string(),
            structural_path(&route.path),
        );
        paths.insert(key.1.clone());
        let page = pages.get(&key).copied().or_else(|| {
            let list = key.1.strip_suffix("/$count")?;
            (key.0 == "GET")
                .then(|| pages.get(&(key.0.clone(), list.to_string())).copied())
                .flatten()
        });
        route_keys.insert(key);
        match page {
            Some(page) => {
                out.facts.operations.insert(route.to_string(), url(page));
            }
            None => out.unmatched.push(Unmatched::RouteWithoutPage {
                route: route.to_string(),
                has_permissions: documented(route),
            }),
        }
    }
    for row in &index.operations {
        let key = (row.method.to_ascii_uppercase(), structural_path(&row.path));
        if route_keys.contains(&key) {
            continue;
        }
        let text = format!("{} {} ({})", row.method, row.path, row.page);
        out.unmatched.push(
            if !(key.1 == "/security" || key.1.starts_with("/security/")) {
                Unmatched::OutsideSecurity(text)
            } else if paths.contains(&key.1) {
                Unmatched::MethodNotOffered(text)
            } else {
                Unmatched::NoSuchPath(text)
            },
        );
    }
    let names: Vec<String> = schema
        .structured
        .keys()
        .chain(schema.enums.keys())
        .map(ToString::to_string)
        .collect();
    for row in &index.types {
        let wanted = if row.namespace.is_empty() {
            let suffix = format!(".{}", row.name.to_lowercase());
            let found: Vec<&String> = names
                .iter()
                .filter(|n| n.to_lowercase().ends_with(&suffix))
                .collect();
            match found.as_slice() {
                [one] => Some((*one).clone()),
                _ => None,
            }
        } else {
            let qualified = format!("{}.{}", row.namespace, row.name).to_lowercase();
            names
                .iter()
                .find(|n| n.to_lowercase() == qualified)
                .cloned()
        };
        match wanted {
            Some(name) => {
                out.facts
                    .types
                    .entry(name)
                    .or_insert_with(|| url(&row.page));
            }
            None if row.namespace.is_empty() => out.unmatched.push(Unmatched::NoSuchType(format!(
                "{} (no namespace; {})",
                row.name, row.page
            ))),
            None => out.unmatched.push(Unmatched::NoSuchType(format!(
                "{}.{} ({})",
                row.namespace, row.name, row.page
            ))),
        }
    }
    out.unmatched.sort();
    out
}

#[cfg(test)]
mod tests;

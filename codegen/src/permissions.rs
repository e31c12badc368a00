//! Microsoft Graph permission facts for the routes under `/security`: JSON in,
//! data out (no files).
//!
//! The source is `permissions.json` of `microsoftgraph/microsoft-graph-devx-content`
//! (the data behind the "Permissions" tables of the Graph API docs; a copy lives in
//! `../shared/graph-permissions/`). [`extract`] keeps only the facts the request
//! builders need; [`PermissionFacts::to_json_text`] writes them in a canonical form
//! (`metadata/permissions.json`), which [`PermissionFacts::from_json_text`] reads back;
//! [`PermissionFacts::for_route`] answers "which permissions does `GET
//! /security/incidents/{}` need?" for a path as [`crate::routes`] spells it.
//!
//! # What is kept
//!
//! A path set (`permissions.<Name>.pathSets[]`) is kept when at least one of its paths
//! is `/security` or starts with `/security/` (compared case-insensitively; paths such
//! as `/users/{userId}/security/...` are other URL trees and are not kept). Of a kept
//! path set: its `methods` (upper case), its `schemeKeys`, and only its paths under
//! `/security`, each with its marker (`least=DelegatedWork,Application` or, elsewhere
//! in the data, `AlsoRequires=...`). Of a permission with a kept path set: the names of
//! its schemes with their `privilegeLevel` (when present and not `null`). Display
//! names, descriptions, consent flags and owners are dropped. The canonical file has
//! the same shape as the source (`{"permissions": {NAME: {"schemes": ..., "pathSets":
//! ...}}}`), sorted, so it is itself a valid input of [`extract`] and reads back to the
//! same facts.
//!
//! # Matching a route
//!
//! Both the route's path and the permission paths are normalised, segment by segment:
//!
//! 1. letter case is ignored (the data spells `/security/cases/ediscoverycases` and
//!    `/security/cases/ediscoveryCases`), a trailing `/` is dropped;
//! 2. every `{...}` is a key placeholder `{}` (`{id}`, `{workspaceId}`,
//!    `{ediscoveryCaseId}` all mean "a key"); a key glued to the name before it
//!    outside parentheses is its own segment (the data has one such slip,
//!    `/security/subjectrightsrequests{subjectrightsrequestid}/getfinalreport`);
//! 3. a segment with parentheses is compared by the name before them: a function
//!    matches whether it is written `f`, `f()`, `f(p={p})` or, as routes spell it,
//!    `ns.f(p={})` (the data writes `computeInheritance(labelIds={labelIds},...)` and
//!    the plain name for the same function);
//! 4. a segment with dots is compared by its part after the last dot: a bound
//!    operation matches with or without its namespace qualifier
//!    (`microsoft.graph.security.runHuntingQuery`, `microsoft.graph.runHuntingQuery`
//!    and `runhuntingquery` are the same segment). The data writes bound operations
//!    unqualified almost always (`/security/runhuntingquery`,
//!    `/security/cases/ediscoverycases/{id}/close`), routes always qualified. Type-cast
//!    segments (`.../cases/microsoft.graph.security.caseManagement.genericCase`) are
//!    shortened too but never meet a route (routes have no casts).
//!
//! The method is compared case-insensitively. `GET <collection>/$count` has no entry
//! of its own in the data; it gets the permissions of `GET <collection>` (counting is
//! reading the list), used only when the `$count` path itself has no entry.
//!
//! # Reading the answer
//!
//! For each scheme a route lists every permission whose path set names the scheme,
//! the method and the path. The lists are sorted: the permissions the data marks
//! least-privileged (`least=` naming that scheme) first, then by the scheme's
//! `privilegeLevel` (absent last), then by name. The least-privileged permission is
//! the first of that list. Two findings in the real data (2026-08-07) shape this:
//!
//! - **More than one permission marked least** for the same method, path and scheme
//!   (such as a `X.Read.All` / `X.ReadWrite.All` pair): the privilege level and then
//!   the name decide, which picks the `Read` grant. Where the data grants a write to a
//!   `Read` permission too, the data is followed as it is.
//! - **No permission marked least**: the first of the sorted list is still named, so
//!   every documented route has a least-privileged permission per scheme it supports.
//!
//! How often each case occurs in the pinned data is in `metadata/README.md`.
//!
//! Delegated means `DelegatedWork` (work or school accounts). `DelegatedPersonal`
//! (personal Microsoft accounts) does not appear in a path set under `/security` in
//! the data, so it is not reported; the facts would keep it if it did (a test over the
//! pinned facts fails then).
//!
//! # Coverage
//!
//! The test `coverage_of_the_v1_routes` (run it with `--nocapture`) measures the data
//! against the routes of the v1.0 pin; the figures are in `metadata/README.md`. Pairs
//! the v1.0 routes do not have are beta-only branches, beta-only paths in v1.0
//! branches, `PUT`, and methods the v1.0 routes do not offer; v1.0 routes without an
//! entry are mostly the ones the docs do not document (singletons' `PATCH`/`DELETE`,
//! reference navigation, creates and deletes the service does not support).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::{Error, Location};

/// The scheme of delegated access with a work or school account.
pub const DELEGATED_WORK: &str = "DelegatedWork";
/// The scheme of delegated access with a personal Microsoft account.
pub const DELEGATED_PERSONAL: &str = "DelegatedPersonal";
/// The scheme of application (app-only) access.
pub const APPLICATION: &str = "Application";

/// The root of the URL tree whose facts are kept.
const ROOT: &str = "/security";

/// What the canonical file says about itself.
const COMMENT: &str = "Facts from Microsoft Graph permissions.json \
(microsoftgraph/microsoft-graph-devx-content) for path sets with a path under /security: \
names, schemes with privilegeLevel, methods, schemeKeys, paths with their markers. \
Written by the generator; do not edit.";

/// The permission facts for the `/security` URL tree, by permission name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PermissionFacts {
    /// Every permission with at least one path set under `/security`, by name
    /// (`SecurityIncident.Read.All`).
    pub permissions: BTreeMap<String, Permission>,
}

/// One permission: its schemes and the path sets it grants under `/security`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permission {
    /// The schemes the permission exists in (`Application`, `DelegatedWork`,
    /// `DelegatedPersonal`), by name.
    pub schemes: BTreeMap<String, Scheme>,
    /// The path sets with a path under `/security`, sorted, without duplicates.
    pub path_sets: Vec<PathSet>,
}

/// The facts of one scheme of a permission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scheme {
    /// The data's `privilegeLevel` (1 is the least), when given.
    pub privilege_level: Option<u32>,
}

/// A set of paths and methods a permission grants in some schemes.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct PathSet {
    /// The HTTP methods, upper case, sorted (`GET`, `PATCH`, ...).
    pub methods: Vec<String>,
    /// The schemes the grant holds in, sorted.
    pub scheme_keys: Vec<String>,
    /// The paths under `/security`, spelled as in the data, with their markers.
    pub paths: BTreeMap<String, Marker>,
}

/// The marker of a path in a path set.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Marker {
    /// The schemes for which this permission is the least-privileged one for the
    /// path (`least=DelegatedWork,Application`), sorted.
    pub least: Vec<String>,
    /// Permissions also required (`AlsoRequires=A,B`), sorted. Not seen under
    /// `/security` so far.
    pub also_requires: Vec<String>,
}

impl Marker {
    /// The marker as the data writes it: `""`, `least=A,B`, `AlsoRequires=C`, or
    /// both joined by `;`.
    pub fn to_text(&self) -> String {
        let mut parts = Vec::new();
        if !self.least.is_empty() {
            parts.push(format!("least={}", self.least.join(",")));
        }
        if !self.also_requires.is_empty() {
            parts.push(format!("AlsoRequires={}", self.also_requires.join(",")));
        }
        parts.join(";")
    }

    /// Parses a marker, or says what is wrong with it.
    fn parse(text: &str) -> Result<Self, String> {
        let mut marker = Marker::default();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| {
                format!("marker `{text}` is neither `least=...` nor `AlsoRequires=...`")
            })?;
            let names = value
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from);
            if key.trim().eq_ignore_ascii_case("least") {
                marker.least.extend(names);
            } else if key.trim().eq_ignore_ascii_case("AlsoRequires") {
                marker.also_requires.extend(names);
            } else {
                return Err(format!(
                    "marker `{text}` is neither `least=...` nor `AlsoRequires=...`"
                ));
            }
        }
        sort_dedup(&mut marker.least);
        sort_dedup(&mut marker.also_requires);
        Ok(marker)
    }
}

/// The permissions of one route (see the [module documentation](self) for the rules).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct RoutePermissions {
    /// The least-privileged delegated (`DelegatedWork`) permission.
    pub least_delegated: Option<String>,
    /// The least-privileged application permission.
    pub least_application: Option<String>,
    /// Every delegated (`DelegatedWork`) permission that grants the route,
    /// least-privileged first.
    pub delegated: Vec<String>,
    /// Every application permission that grants the route, least-privileged first.
    pub application: Vec<String>,
}

impl RoutePermissions {
    /// True when the data names no permission for the route.
    pub fn is_empty(&self) -> bool {
        self.delegated.is_empty() && self.application.is_empty()
    }
}

/// Reads a Graph `permissions.json` and keeps the facts for paths under `/security`
/// (see the [module documentation](self)). `file_name` names the document in errors,
/// which point at the offending permission's entry.
pub fn extract(json_text: &str, file_name: &str) -> Result<PermissionFacts, Error> {
    let root: Value = serde_json::from_str(json_text).map_err(|e| json_error(file_name, &e))?;
    let at_start = || Location::new(file_name, 1, 1);
    let permissions = root
        .get("permissions")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::Invalid {
            location: at_start(),
            message: String::from("the document has no `permissions` object at its top level"),
        })?;
    let mut facts = PermissionFacts::default();
    for (name, value) in permissions {
        let invalid = |message: String| Error::Invalid {
            location: key_location(json_text, file_name, name),
            message: format!("permission `{name}`: {message}"),
        };
        if let Some(permission) = read_permission(value).map_err(invalid)? {
            facts.permissions.insert(name.clone(), permission);
        }
    }
    Ok(facts)
}

/// One permission's facts, `None` when it has no path set under `/security`.
fn read_permission(value: &Value) -> Result<Option<Permission>, String> {
    let object = value.as_object().ok_or("not an object")?;
    let mut permission = Permission::default();
    let path_sets = match object.get("pathSets") {
        None | Some(Value::Null) => &Vec::new(),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(String::from("`pathSets` is not an array")),
    };
    for (index, set) in path_sets.iter().enumerate() {
        let kept = read_path_set(set).map_err(|m| format!("pathSets[{index}]: {m}"))?;
        permission.path_sets.extend(kept);
    }
    if permission.path_sets.is_empty() {
        return Ok(None);
    }
    permission.path_sets.sort();
    permission.path_sets.dedup();
    let schemes = match object.get("schemes") {
        None | Some(Value::Null) => &Map::new(),
        Some(Value::Object(o)) => o,
        Some(_) => return Err(String::from("`schemes` is not an object")),
    };
    for (scheme, value) in schemes {
        if !value.is_object() {
            return Err(format!("scheme `{scheme}` is not an object"));
        }
        let privilege_level = match value.get("privilegeLevel") {
            None | Some(Value::Null) => None,
            Some(level) => Some(
                level
                    .as_u64()
                    .and_then(|l| u32::try_from(l).ok())
                    .ok_or_else(|| {
                        format!("scheme `{scheme}`: `privilegeLevel` {level} is not a small whole number")
                    })?,
            ),
        };
        permission
            .schemes
            .insert(scheme.clone(), Scheme { privilege_level });
    }
    Ok(Some(permission))
}

/// A path set restricted to its paths under `/security`, `None` when it has none.
fn read_path_set(value: &Value) -> Result<Option<PathSet>, String> {
    let object = value.as_object().ok_or("not an object")?;
    let strings = |key: &str| -> Result<Vec<String>, String> {
        let array = object
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| format!("`{key}` is missing or not an array"))?;
        array
            .iter()
            .map(|v| v.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| format!("`{key}` holds something other than strings"))
    };
    let paths = object
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("`paths` is missing or not an object")?;
    let mut kept = BTreeMap::new();
    for (path, marker) in paths {
        if !is_under_root(path) {
            continue;
        }
        let marker = marker
            .as_str()
            .ok_or_else(|| format!("path `{path}`: the marker is not a string"))?;
        let marker = Marker::parse(marker).map_err(|m| format!("path `{path}`: {m}"))?;
        kept.insert(path.clone(), marker);
    }
    if kept.is_empty() {
        return Ok(None);
    }
    let mut methods: Vec<String> = strings("methods")?
        .iter()
        .map(|m| m.trim().to_ascii_uppercase())
        .collect();
    sort_dedup(&mut methods);
    let mut scheme_keys = strings("schemeKeys")?;
    sort_dedup(&mut scheme_keys);
    Ok(Some(PathSet {
        methods,
        scheme_keys,
        paths: kept,
    }))
}

/// `/security` or `/security/...`, in any letter case.
fn is_under_root(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= ROOT.len()
        && bytes[..ROOT.len()].eq_ignore_ascii_case(ROOT.as_bytes())
        && matches!(bytes.get(ROOT.len()), None | Some(b'/'))
}

fn sort_dedup(v: &mut Vec<String>) {
    v.sort();
    v.dedup();
}

/// A serde_json error as an [`Error::Invalid`] at its position.
fn json_error(file_name: &str, e: &serde_json::Error) -> Error {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let line = u32::try_from(e.line()).unwrap_or(u32::MAX).max(1);
    let column = u32::try_from(e.column()).unwrap_or(u32::MAX).max(1);
    Error::Invalid {
        location: Location::new(file_name, line, column),
        message: format!("malformed JSON: {message}"),
    }
}

/// Where the object key `"name":` first occurs in `text` (1-based line and column
/// in characters), or the start of the document.
fn key_location(text: &str, file_name: &str, name: &str) -> Location {
    let needle = format!("\"{name}\"");
    let mut from = 0;
    while let Some(found) = text[from..].find(&needle) {
        let start = from + found;
        let after = &text[start + needle.len()..];
        if after.trim_start().starts_with(':') {
            let before = &text[..start];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[line_start..].chars().count() + 1;
            return Location::new(
                file_name,
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(u32::MAX),
            );
        }
        from = start + needle.len();
    }
    Location::new(file_name, 1, 1)
}

/// A path normalised for matching (see the [module documentation](self)):
/// `/security/incidents/{}`, `/security/runhuntingquery`.
pub fn normalise_path(path: &str) -> String {
    let trimmed = path.trim().trim_end_matches('/');
    // A key glued to the name before it (`requests{id}`) is a segment of its own.
    let mut separated = String::with_capacity(trimmed.len());
    let mut depth = 0usize;
    let mut previous = '/';
    for c in trimmed.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '{' if depth == 0 && previous != '/' => separated.push('/'),
            _ => {}
        }
        separated.push(c);
        previous = c;
    }
    let mut out = String::new();
    for segment in separated.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        out.push_str(&normalise_segment(segment));
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

fn normalise_segment(segment: &str) -> String {
    let lower = segment.to_lowercase();
    // Every `{...}` is a key placeholder.
    let mut keyed = String::new();
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('{') {
        keyed.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                keyed.push_str("{}");
                rest = &rest[open + close + 1..];
            }
            None => {
                keyed.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    keyed.push_str(rest);
    if keyed == "{}" {
        return keyed;
    }
    // Functions: the name only.
    let name = match keyed.find('(') {
        Some(open) if keyed.ends_with(')') => &keyed[..open],
        _ => keyed.as_str(),
    };
    // Bound operations: without the namespace qualifier.
    let name = name.rsplit_once('.').map_or(name, |(_, n)| n);
    name.to_string()
}

impl PermissionFacts {
    /// Reads the canonical facts file (`metadata/permissions.json`); `file_name` names
    /// it in errors. The canonical file is a valid `permissions.json`, so this is
    /// [`extract`]; it exists so that callers say which file they read.
    pub fn from_json_text(text: &str, file_name: &str) -> Result<Self, Error> {
        extract(text, file_name)
    }

    /// The canonical text: the source's shape restricted to the facts, keys sorted,
    /// pretty-printed with two spaces, ending with a newline. The same facts always
    /// give the same text.
    pub fn to_json_text(&self) -> String {
        let mut permissions = Map::new();
        for (name, permission) in &self.permissions {
            let mut schemes = Map::new();
            for (scheme, facts) in &permission.schemes {
                let mut object = Map::new();
                if let Some(level) = facts.privilege_level {
                    object.insert(String::from("privilegeLevel"), Value::from(level));
                }
                schemes.insert(scheme.clone(), Value::Object(object));
            }
            let mut sets = permission.path_sets.clone();
            sets.sort();
            sets.dedup();
            let path_sets: Vec<Value> = sets
                .iter()
                .map(|set| {
                    let mut object = Map::new();
                    object.insert(String::from("methods"), strings(&set.methods));
                    object.insert(String::from("schemeKeys"), strings(&set.scheme_keys));
                    let paths: Map<String, Value> = set
                        .paths
                        .iter()
                        .map(|(p, m)| (p.clone(), Value::String(m.to_text())))
                        .collect();
                    object.insert(String::from("paths"), Value::Object(paths));
                    Value::Object(object)
                })
                .collect();
            let mut object = Map::new();
            object.insert(String::from("pathSets"), Value::Array(path_sets));
            object.insert(String::from("schemes"), Value::Object(schemes));
            permissions.insert(name.clone(), Value::Object(object));
        }
        let mut root = Map::new();
        root.insert(
            String::from("$comment"),
            Value::String(String::from(COMMENT)),
        );
        root.insert(String::from("permissions"), Value::Object(permissions));
        let mut text = serde_json::to_string_pretty(&Value::Object(root))
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        text.push('\n');
        text
    }

    /// Every distinct `(METHOD, normalised path)` the facts name, sorted.
    pub fn method_paths(&self) -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        for permission in self.permissions.values() {
            for set in &permission.path_sets {
                for path in set.paths.keys() {
                    for method in &set.methods {
                        out.insert((method.clone(), normalise_path(path)));
                    }
                }
            }
        }
        out
    }

    /// The permissions of `method` on `path` (a path as [`crate::routes`] spells it,
    /// `/security/incidents/{}`); see the [module documentation](self) for the rules.
    pub fn for_route(&self, method: &str, path: &str) -> RoutePermissions {
        self.index().for_route(method, path)
    }

    /// Every grant indexed by method and normalised path, for many look-ups
    /// (each path of the facts is normalised once, not once per look-up).
    pub fn index(&self) -> PermissionIndex<'_> {
        let mut grants: BTreeMap<(String, String), Grants> = BTreeMap::new();
        for (name, permission) in &self.permissions {
            for set in &permission.path_sets {
                for (path, marker) in &set.paths {
                    let key = normalise_path(path);
                    for method in &set.methods {
                        let found = grants.entry((method.clone(), key.clone())).or_default();
                        for scheme in &set.scheme_keys {
                            let least = marker.least.contains(scheme);
                            let entry = found
                                .entry(scheme.clone())
                                .or_default()
                                .entry(name.clone())
                                .or_default();
                            *entry |= least;
                        }
                    }
                }
            }
        }
        PermissionIndex {
            facts: self,
            grants,
        }
    }

    /// The least-privileged permission and the sorted list for one scheme.
    fn ranked(
        &self,
        found: &BTreeMap<String, BTreeMap<String, bool>>,
        scheme: &str,
    ) -> (Option<String>, Vec<String>) {
        let Some(names) = found.get(scheme) else {
            return (None, Vec::new());
        };
        let level = |name: &str| {
            self.permissions
                .get(name)
                .and_then(|p| p.schemes.get(scheme))
                .and_then(|s| s.privilege_level)
                .unwrap_or(u32::MAX)
        };
        let mut list: Vec<(bool, u32, &String)> = names
            .iter()
            .map(|(name, least)| (!least, level(name), name))
            .collect();
        list.sort();
        let list: Vec<String> = list.into_iter().map(|(_, _, n)| n.clone()).collect();
        (list.first().cloned(), list)
    }
}

fn strings(values: &[String]) -> Value {
    Value::Array(values.iter().cloned().map(Value::String).collect())
}

/// scheme -> permission name -> marked least for that scheme.
type Grants = BTreeMap<String, BTreeMap<String, bool>>;

/// [`PermissionFacts`] indexed for look-ups by route ([`PermissionFacts::index`]).
#[derive(Debug, Clone)]
pub struct PermissionIndex<'f> {
    facts: &'f PermissionFacts,
    /// (method, normalised path) -> what grants it.
    grants: BTreeMap<(String, String), Grants>,
}

impl PermissionIndex<'_> {
    /// The permissions of `method` on `path` (a route path with `{}` keys, or any
    /// spelling [`normalise_path`] accepts), as [`PermissionFacts::for_route`].
    pub fn for_route(&self, method: &str, path: &str) -> RoutePermissions {
        let method = method.trim().to_ascii_uppercase();
        let key = normalise_path(path);
        let grants = |key: &str| {
            self.grants
                .get(&(method.clone(), key.to_string()))
                .cloned()
                .unwrap_or_default()
        };
        let mut found = grants(&key);
        if found.is_empty() && method == "GET" {
            if let Some(list) = key.strip_suffix("/$count") {
                found = grants(list);
            }
        }
        let (least_delegated, delegated) = self.facts.ranked(&found, DELEGATED_WORK);
        let (least_application, application) = self.facts.ranked(&found, APPLICATION);
        RoutePermissions {
            least_delegated,
            least_application,
            delegated,
            application,
        }
    }
}

#[cfg(test)]
mod tests;

//! The module layering of the generator and the runtime stays one way: no import
//! cycle between the top-level modules of `codegen/src` or `runtime/src` (test code
//! aside), and the runtime's serde core keeps its order, value codecs (`codec`) ->
//! one member of a struct (`field`) -> models (`model`, read by `de`, written by
//! `ser`).
//!
//! The edges are the `crate::<module>` paths of each file (and `super::<module>` in
//! a crate's top-level files), outside comments, `#[cfg(test)]` code and the test-only
//! files (`tests.rs`, `*_tests.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use msgraph_security_tests::workspace_root;

/// Top-level module -> the top-level modules its non-test code names.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if path.extension().is_none_or(|x| x != "rs")
                || parts.last().unwrap().ends_with("tests.rs")
            {
                continue;
            }
            let module = parts[0].trim_end_matches(".rs").to_string();
            if module == "lib" {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let edges = graph.entry(module.clone()).or_default();
            for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
                let mut prefixes = vec!["crate::"];
                if parts.len() == 1 {
                    prefixes.push("super::");
                }
                for prefix in prefixes {
                    for (at, _) in line.match_indices(prefix) {
                        // `$crate::` in macro text names the crate from outside.
                        if line[..at].ends_with('$') {
                            continue;
                        }
                        let name: String = line[at + prefix.len()..]
                            .chars()
                            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                            .collect();
                        if !name.is_empty() && name != module {
                            edges.insert(name);
                        }
                    }
                }
            }
        }
    }
    graph
}

/// A cycle of `graph`, if there is one, as the path around it.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        graph: &Graph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut found = path[start..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if graph.contains_key(next) {
                if let Some(found) = visit(graph, next, path, done) {
                    return Some(found);
                }
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default();
    assert_eq!(cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

#[test]
fn the_generator_modules_import_one_way() {
    let g = graph(&workspace_root().join("codegen/src"));
    assert!(g.contains_key("pin") && g.contains_key("emit"), "{g:?}");
    assert_eq!(cycle(&g), None, "import cycle between codegen modules");
    // The areas are planned before emission, from the neutral naming helpers.
    assert!(!g["areas"].contains("emit"), "{:?}", g["areas"]);
    // Only the pipeline type reads and generates; the file writer does neither.
    for name in ["csdl", "emit", "pin", "select"] {
        assert!(!g["files"].contains(name), "files uses {name}");
    }
}

#[test]
fn the_runtime_serde_core_is_layered() {
    let g = graph(&workspace_root().join("runtime/src"));
    assert_eq!(cycle(&g), None, "import cycle between runtime modules");
    let below = |module: &str, not: &[&str]| {
        for name in not {
            assert!(
                !g[module].contains(*name),
                "{module} uses {name}: {:?}",
                g[module]
            );
        }
    };
    below("codec", &["field", "model", "de", "ser"]);
    below("field", &["model", "de", "ser"]);
    below("model", &["de", "ser"]);
}

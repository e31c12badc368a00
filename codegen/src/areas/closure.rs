//! The type closure of one area: rules 1 to 3 of the [module documentation](super),
//! applied to the area's seeds until nothing changes.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{QualifiedName, Schema};

/// Every structured type's descendants (direct or not), sorted by name; computed once.
pub(super) struct Families {
    descendants: BTreeMap<QualifiedName, Vec<QualifiedName>>,
}

impl Families {
    pub(super) fn new(schema: &Schema) -> Self {
        let mut descendants: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
        for t in schema.structured.values() {
            for a in schema.ancestors(&t.name) {
                descendants
                    .entry(a.name.clone())
                    .or_default()
                    .push(t.name.clone());
            }
        }
        for list in descendants.values_mut() {
            list.sort();
        }
        Self { descendants }
    }

    fn of(&self, name: &QualifiedName) -> &[QualifiedName] {
        self.descendants.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The closure of one area.
pub(super) struct Closure<'a> {
    schema: &'a Schema,
    family: &'a Families,
    /// The singleton's type: its navigation properties are areas, not followed.
    root: &'a QualifiedName,
    pub(super) needed: BTreeSet<QualifiedName>,
    pub(super) poly: BTreeSet<QualifiedName>,
    work: Vec<QualifiedName>,
}

impl<'a> Closure<'a> {
    pub(super) fn new(schema: &'a Schema, family: &'a Families, root: &'a QualifiedName) -> Self {
        Self {
            schema,
            family,
            root,
            needed: BTreeSet::new(),
            poly: BTreeSet::new(),
            work: Vec::new(),
        }
    }

    /// Rule 1: a declared type of a value that may hold any derived type.
    pub(super) fn reference(&mut self, name: &QualifiedName) {
        self.need(name);
        let derived = self.family.of(name);
        if !derived.is_empty() && self.poly.insert(name.clone()) {
            for d in derived {
                self.need(d);
            }
        }
    }

    /// The type's struct or enum is compiled.
    pub(super) fn need(&mut self, name: &QualifiedName) {
        if self.schema.get(name).is_some() && self.needed.insert(name.clone()) {
            self.work.push(name.clone());
        }
    }

    /// Rules 2 and 3 until nothing changes.
    pub(super) fn run(&mut self) {
        let schema = self.schema;
        while let Some(name) = self.work.pop() {
            let Some(t) = schema.structured.get(&name) else {
                continue;
            };
            let mut chain = vec![t];
            chain.extend(schema.ancestors(&name));
            for base in &chain[1..] {
                self.need(&base.name);
            }
            for owner in chain {
                for p in &owner.properties {
                    if let Some(n) = p.ty.named() {
                        self.reference(n);
                    }
                }
                if owner.name == *self.root {
                    continue;
                }
                for n in &owner.navigation {
                    if let Some(target) = n.ty.named() {
                        self.reference(target);
                    }
                }
            }
        }
    }
}

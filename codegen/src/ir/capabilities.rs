//! The capability annotations (`Org.OData.Capabilities.V1`) of one target, lowered
//! once into typed facts: the route walk ([`crate::routes`]) asks which operations and
//! query options a target allows, the struct emitter which properties it rules out of
//! `$filter`, `$orderby` and `$expand`. Neither reads annotation terms itself.

use std::collections::{BTreeMap, BTreeSet};

use super::{Annotation, AnnotationValue, Schema};

/// The namespace of the OData capability vocabulary.
pub const CAPABILITIES: &str = "Org.OData.Capabilities.V1";

/// One Boolean capability a target can state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capability {
    /// `InsertRestrictions/Insertable`: the collection takes `POST`.
    Insertable,
    /// `UpdateRestrictions/Updatable`: `PATCH`.
    Updatable,
    /// `DeleteRestrictions/Deletable`: `DELETE`.
    Deletable,
    /// `CountRestrictions/Countable`: `$count`.
    Countable,
    /// `FilterRestrictions/Filterable`: `$filter`.
    Filterable,
    /// `SearchRestrictions/Searchable`: `$search`.
    Searchable,
    /// `SortRestrictions/Sortable`: `$orderby`.
    Sortable,
    /// `ExpandRestrictions/Expandable`: `$expand`.
    Expandable,
    /// `SelectSupport/Supported`: `$select`.
    SelectSupported,
    /// `TopSupported` (a Boolean term): `$top`.
    TopSupported,
    /// `SkipSupported` (a Boolean term): `$skip`.
    SkipSupported,
}

impl Capability {
    /// Every capability.
    pub const ALL: [Capability; 11] = [
        Capability::Insertable,
        Capability::Updatable,
        Capability::Deletable,
        Capability::Countable,
        Capability::Filterable,
        Capability::Searchable,
        Capability::Sortable,
        Capability::Expandable,
        Capability::SelectSupported,
        Capability::TopSupported,
        Capability::SkipSupported,
    ];

    /// The term (without the vocabulary's namespace) and the record property that
    /// states the capability; no property when the term is itself a Boolean.
    pub fn term(self) -> (&'static str, Option<&'static str>) {
        match self {
            Capability::Insertable => ("InsertRestrictions", Some("Insertable")),
            Capability::Updatable => ("UpdateRestrictions", Some("Updatable")),
            Capability::Deletable => ("DeleteRestrictions", Some("Deletable")),
            Capability::Countable => ("CountRestrictions", Some("Countable")),
            Capability::Filterable => ("FilterRestrictions", Some("Filterable")),
            Capability::Searchable => ("SearchRestrictions", Some("Searchable")),
            Capability::Sortable => ("SortRestrictions", Some("Sortable")),
            Capability::Expandable => ("ExpandRestrictions", Some("Expandable")),
            Capability::SelectSupported => ("SelectSupport", Some("Supported")),
            Capability::TopSupported => ("TopSupported", None),
            Capability::SkipSupported => ("SkipSupported", None),
        }
    }

    /// The Boolean an annotation `value` of this capability's term states, if any.
    fn read(self, value: &AnnotationValue) -> Option<bool> {
        match (self.term().1, value) {
            (Some(property), AnnotationValue::Record(record)) => match record.get(property) {
                Some(AnnotationValue::Bool(b)) => Some(*b),
                _ => None,
            },
            (None, AnnotationValue::Bool(b)) => Some(*b),
            _ => None,
        }
    }
}

/// What the capability annotations on one target state (see
/// [`Schema::capabilities`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// Each capability the target states, with the first value stated (absent:
    /// nothing said, which allows).
    pub stated: BTreeMap<Capability, bool>,
    /// `FilterRestrictions/NonFilterableProperties`: property paths.
    pub non_filterable: BTreeSet<String>,
    /// `SortRestrictions/NonSortableProperties`.
    pub non_sortable: BTreeSet<String>,
    /// `ExpandRestrictions/NonExpandableProperties`.
    pub non_expandable: BTreeSet<String>,
}

impl Capabilities {
    /// Lowers the annotations of one target (terms fully qualified, as the reader
    /// keeps them; other vocabularies' terms are ignored).
    pub fn lower(annotations: &[Annotation]) -> Capabilities {
        let mut out = Capabilities::default();
        for annotation in annotations {
            let Some(term) = annotation
                .term
                .strip_prefix(CAPABILITIES)
                .and_then(|t| t.strip_prefix('.'))
            else {
                continue;
            };
            for capability in Capability::ALL {
                if capability.term().0 != term || out.stated.contains_key(&capability) {
                    continue;
                }
                if let Some(b) = capability.read(&annotation.value) {
                    out.stated.insert(capability, b);
                }
            }
            let (set, property) = match term {
                "FilterRestrictions" => (&mut out.non_filterable, "NonFilterableProperties"),
                "SortRestrictions" => (&mut out.non_sortable, "NonSortableProperties"),
                "ExpandRestrictions" => (&mut out.non_expandable, "NonExpandableProperties"),
                _ => continue,
            };
            if let AnnotationValue::Record(record) = &annotation.value {
                if let Some(AnnotationValue::Collection(items)) = record.get(property) {
                    for item in items {
                        if let AnnotationValue::Path(path) | AnnotationValue::String(path) = item {
                            set.insert(path.clone());
                        }
                    }
                }
            }
        }
        out
    }

    /// What the target states of `capability` (`None`: nothing).
    pub fn get(&self, capability: Capability) -> Option<bool> {
        self.stated.get(&capability).copied()
    }
}

impl Schema {
    /// The capability annotations on a target path, lowered ([`Capabilities::lower`]).
    pub fn capabilities(&self, target: &str) -> Capabilities {
        Capabilities::lower(self.annotations_for(target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotation(term: &str, value: AnnotationValue) -> Annotation {
        Annotation {
            term: term.to_string(),
            value,
        }
    }

    fn record(entries: &[(&str, AnnotationValue)]) -> AnnotationValue {
        AnnotationValue::Record(
            entries
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn terms_are_lowered_once_first_statement_wins() {
        let caps = Capabilities::lower(&[
            annotation(
                "Org.OData.Capabilities.V1.InsertRestrictions",
                record(&[("Insertable", AnnotationValue::Bool(false))]),
            ),
            annotation(
                "Org.OData.Capabilities.V1.InsertRestrictions",
                record(&[("Insertable", AnnotationValue::Bool(true))]),
            ),
            annotation(
                "Org.OData.Capabilities.V1.TopSupported",
                AnnotationValue::Bool(false),
            ),
            annotation(
                "Org.OData.Capabilities.V1.FilterRestrictions",
                record(&[(
                    "NonFilterableProperties",
                    AnnotationValue::Collection(vec![
                        AnnotationValue::Path("title".into()),
                        AnnotationValue::String("severity".into()),
                    ]),
                )]),
            ),
            // Another vocabulary's term of the same last segment says nothing.
            annotation(
                "Other.V1.SortRestrictions",
                record(&[("Sortable", AnnotationValue::Bool(false))]),
            ),
        ]);
        assert_eq!(caps.get(Capability::Insertable), Some(false));
        assert_eq!(caps.get(Capability::TopSupported), Some(false));
        assert_eq!(caps.get(Capability::Sortable), None);
        assert_eq!(caps.get(Capability::Filterable), None);
        assert_eq!(
            caps.non_filterable.iter().collect::<Vec<_>>(),
            ["severity", "title"]
        );
        assert!(caps.non_sortable.is_empty());
    }
}

//! The revision annotations (`Org.OData.Core.V1.Revisions`) of one target, lowered
//! once into typed facts: kind, dates and version (the description is prose and
//! never reaches the IR). The emitters ask [`Schema::type_deprecation`],
//! [`Schema::member_deprecation`] and [`Schema::operation_deprecation`] whether an
//! item is deprecated and mark it `#[deprecated]`; the route listing and the drift
//! report read the same facts.

use std::collections::BTreeMap;
use std::fmt;

use super::{Annotation, AnnotationValue, Operation, QualifiedName, Schema};

/// The revisions term of the OData core vocabulary.
pub const REVISIONS: &str = "Org.OData.Core.V1.Revisions";

/// `Org.OData.Core.V1.RevisionKind`: what a revision did to its target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RevisionKind {
    /// `Added`.
    Added,
    /// `Modified`.
    Modified,
    /// `Deprecated`: the target is going away (see [`Revision::removal_date`]).
    Deprecated,
    /// A member the vocabulary does not define (kept, never acted on).
    Other(String),
}

impl RevisionKind {
    /// The kind an `EnumMember` value names (`Org.OData.Core.V1.RevisionKind/Deprecated`,
    /// or the bare member name).
    fn parse(text: &str) -> RevisionKind {
        let member = text.rsplit('/').next().unwrap_or(text).trim();
        match member {
            "Added" => RevisionKind::Added,
            "Modified" => RevisionKind::Modified,
            "Deprecated" => RevisionKind::Deprecated,
            other => RevisionKind::Other(other.to_owned()),
        }
    }
}

/// One record of a `Revisions` annotation: facts only.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Revision {
    /// What the revision did; a record without a kind is not lowered.
    pub kind: RevisionKind,
    /// `Date`: when the revision took effect (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// `RemovalDate`: when a deprecated target goes away (`YYYY-MM-DD`).
    pub removal_date: Option<String>,
    /// `Version`: the service's name for the revision (`2024-01/Deprecation`).
    pub version: Option<String>,
}

impl Revision {
    /// Lowers the `Revisions` annotations among a target's annotations (other
    /// terms are ignored; records without a `Kind` too, as the term requires one).
    pub fn lower(annotations: &[Annotation]) -> Vec<Revision> {
        let mut out = Vec::new();
        for annotation in annotations.iter().filter(|a| a.term == REVISIONS) {
            let records: &[AnnotationValue] = match &annotation.value {
                AnnotationValue::Collection(items) => items,
                record @ AnnotationValue::Record(_) => std::slice::from_ref(record),
                _ => &[],
            };
            for record in records {
                let AnnotationValue::Record(fields) = record else {
                    continue;
                };
                let text = |name: &str| match fields.get(name) {
                    Some(
                        AnnotationValue::Date(s)
                        | AnnotationValue::String(s)
                        | AnnotationValue::EnumMember(s),
                    ) => Some(s.trim().to_owned()),
                    _ => None,
                };
                let Some(kind) = text("Kind") else {
                    continue;
                };
                out.push(Revision {
                    kind: RevisionKind::parse(&kind),
                    date: text("Date"),
                    removal_date: text("RemovalDate"),
                    version: text("Version"),
                });
            }
        }
        out
    }
}

/// What a `Deprecated` revision states about its target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Deprecation {
    /// When it was deprecated.
    pub date: Option<String>,
    /// When the service removes it.
    pub removal_date: Option<String>,
    /// The service's name for the revision.
    pub version: Option<String>,
}

impl Deprecation {
    /// The first `Deprecated` revision among a target's annotations.
    pub fn lower(annotations: &[Annotation]) -> Option<Deprecation> {
        Revision::lower(annotations)
            .into_iter()
            .find(|r| r.kind == RevisionKind::Deprecated)
            .map(|r| Deprecation {
                date: r.date,
                removal_date: r.removal_date,
                version: r.version,
            })
    }

    /// The note of the emitted `#[deprecated]`: that the service deprecated the
    /// item, the revision's name and the removal date.
    pub fn note(&self) -> String {
        let mut note = String::from("deprecated by Microsoft Graph");
        if let Some(version) = &self.version {
            note.push_str(&format!(" ({version})"));
        }
        match &self.removal_date {
            Some(date) => note.push_str(&format!("; removal date {date}")),
            None => note.push_str("; no removal date announced"),
        }
        note
    }

    /// Whether the removal date is before `today` (`YYYY-MM-DD`; ISO dates compare
    /// as text). No removal date: never.
    pub fn removed_before(&self, today: &str) -> bool {
        self.removal_date
            .as_deref()
            .is_some_and(|date| date < today)
    }
}

impl fmt::Display for Deprecation {
    /// `deprecated (removal YYYY-MM-DD)`, the form the route listing and the
    /// drift report print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.removal_date {
            Some(date) => write!(f, "deprecated (removal {date})"),
            None => f.write_str("deprecated (no removal date)"),
        }
    }
}

impl Schema {
    /// The revisions stated on a target path ([`Revision::lower`]).
    pub fn revisions(&self, target: &str) -> Vec<Revision> {
        Revision::lower(self.annotations_for(target))
    }

    /// The deprecation stated on a target path, if any.
    pub fn deprecation(&self, target: &str) -> Option<Deprecation> {
        Deprecation::lower(self.annotations_for(target))
    }

    /// Every deprecated target path, sorted.
    pub fn deprecations(&self) -> BTreeMap<String, Deprecation> {
        self.annotations
            .iter()
            .filter_map(|(target, list)| Some((target.clone(), Deprecation::lower(list)?)))
            .collect()
    }

    /// The deprecation of a type (structured or enum).
    pub fn type_deprecation(&self, name: &QualifiedName) -> Option<Deprecation> {
        self.deprecation(&name.to_string())
    }

    /// The deprecation of a member of a type (property, navigation property or enum
    /// member), stated on the member itself.
    pub fn member_deprecation(&self, owner: &QualifiedName, member: &str) -> Option<Deprecation> {
        self.deprecation(&format!("{owner}/{member}"))
    }

    /// The deprecation of an operation: stated on the operation (by its full
    /// signature, its binding type or its name alone), or on its binding type or
    /// return type, which it cannot be used without.
    pub fn operation_deprecation(&self, op: &Operation) -> Option<Deprecation> {
        let types: Vec<String> = op.parameters.iter().map(|p| p.ty.to_string()).collect();
        let mut targets = vec![format!("{}({})", op.name, types.join(", "))];
        if let Some(binding) = op.binding() {
            targets.push(format!("{}({})", op.name, binding.ty));
        }
        targets.push(op.name.to_string());
        if let Some(found) = targets.iter().find_map(|t| self.deprecation(t)) {
            return Some(found);
        }
        let binding = op.binding().and_then(|b| b.ty.named());
        let returned = op.return_type.as_ref().and_then(|r| r.ty.named());
        binding
            .into_iter()
            .chain(returned)
            .find_map(|name| self.type_deprecation(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(entries: &[(&str, AnnotationValue)]) -> AnnotationValue {
        AnnotationValue::Record(
            entries
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn the_first_deprecated_record_is_the_deprecation() {
        let annotations = [
            Annotation {
                term: "Org.OData.Capabilities.V1.TopSupported".into(),
                value: AnnotationValue::Bool(true),
            },
            Annotation {
                term: REVISIONS.into(),
                value: AnnotationValue::Collection(vec![
                    record(&[
                        (
                            "Kind",
                            AnnotationValue::EnumMember(
                                "Org.OData.Core.V1.RevisionKind/Added".into(),
                            ),
                        ),
                        ("Date", AnnotationValue::Date("2020-01-01".into())),
                    ]),
                    // No kind: not a revision.
                    record(&[("Date", AnnotationValue::Date("2021-01-01".into()))]),
                    record(&[
                        (
                            "Kind",
                            AnnotationValue::EnumMember(
                                "Org.OData.Core.V1.RevisionKind/Deprecated".into(),
                            ),
                        ),
                        ("Date", AnnotationValue::Date("2024-04-10".into())),
                        ("RemovalDate", AnnotationValue::Date("2026-04-10".into())),
                        (
                            "Version",
                            AnnotationValue::String("2024-01/Deprecation".into()),
                        ),
                    ]),
                ]),
            },
        ];
        let revisions = Revision::lower(&annotations);
        assert_eq!(revisions.len(), 2);
        assert_eq!(revisions[0].kind, RevisionKind::Added);
        let deprecation = Deprecation::lower(&annotations).expect("deprecated");
        assert_eq!(deprecation.removal_date.as_deref(), Some("2026-04-10"));
        assert_eq!(
            deprecation.note(),
            "deprecated by Microsoft Graph (2024-01/Deprecation); removal date 2026-04-10"
        );
        assert!(deprecation.removed_before("2026-04-11"));
        assert!(!deprecation.removed_before("2026-04-10"));
        assert_eq!(deprecation.to_string(), "deprecated (removal 2026-04-10)");
        assert_eq!(Deprecation::lower(&annotations[..1]), None);
    }
}

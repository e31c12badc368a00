//! The drift report: what changed ([`Change`], [`ChangeKind`]), its effect on the
//! generated API ([`Effect`]), the implied version bump ([`Bump`]), and the
//! [`Report`] rendered as text or JSON.

use std::collections::BTreeMap;
use std::fmt;

/// What a change does to the generated crate's API. Ordered most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// Code that compiled against the old crate may not compile against the new one.
    Breaking,
    /// New API, nothing removed or changed.
    Additive,
    /// No effect on the Rust API (wire-level or documentation-level only).
    Compatible,
}

impl Effect {
    /// Every effect, most severe first.
    pub const ALL: [Effect; 3] = [Effect::Breaking, Effect::Additive, Effect::Compatible];

    /// `breaking`, `additive`, `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Breaking => "breaking",
            Effect::Additive => "additive",
            Effect::Compatible => "compatible",
        }
    }

    /// The section title of the text report.
    fn title(self) -> &'static str {
        match self {
            Effect::Breaking => "Breaking",
            Effect::Additive => "Additive",
            Effect::Compatible => "Compatible",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The semver bump a report implies for the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// No change at all.
    None,
    /// Only [`Effect::Compatible`] changes.
    Patch,
    /// At least one [`Effect::Additive`] change, nothing breaking.
    Minor,
    /// At least one [`Effect::Breaking`] change.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor`, `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What changed. The subject each kind names is given in its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A type (`ns.t`) appeared; detail: `entity`, `complex`, `enum` or `flags enum`.
    TypeAdded,
    /// A type (`ns.t`) is gone; detail as for [`ChangeKind::TypeAdded`].
    TypeRemoved,
    /// A type (`ns.t`) changed between entity, complex and enum (`entity -> complex`).
    TypeKindChanged,
    /// The base type of `ns.t` changed (`none -> ns.b`).
    BaseTypeChanged,
    /// `Abstract` of `ns.t` changed.
    AbstractChanged,
    /// `OpenType` of `ns.t` changed.
    OpenTypeChanged,
    /// `HasStream` of `ns.t` changed.
    HasStreamChanged,
    /// A structural property (`ns.t/p`) was declared; detail: its type.
    PropertyAdded,
    /// A declared structural property (`ns.t/p`) is gone; detail: its old type.
    PropertyRemoved,
    /// The type of `ns.t/p` changed.
    PropertyTypeChanged,
    /// The nullability of `ns.t/p` changed.
    PropertyNullabilityChanged,
    /// A navigation property (`ns.t/n`) was declared; detail: its type.
    NavigationAdded,
    /// A declared navigation property (`ns.t/n`) is gone.
    NavigationRemoved,
    /// The type, nullability or containment of `ns.t/n` changed.
    NavigationChanged,
    /// A member (`ns.e/m`) was added to an enum type; detail: its value.
    EnumMemberAdded,
    /// A member (`ns.e/m`) is gone.
    EnumMemberRemoved,
    /// The value of `ns.e/m` changed.
    EnumMemberValueChanged,
    /// `IsFlags` of `ns.e` changed.
    FlagsChanged,
    /// The underlying type of `ns.e` changed.
    UnderlyingTypeChanged,
    /// A type (detail) now derives from `ns.b`, the base of a polymorphic family.
    DerivedTypeAdded,
    /// A type (detail) no longer derives from `ns.b`, the base of a polymorphic family.
    DerivedTypeRemoved,
    /// An action appeared (`ns.a` or, bound, `ns.a(binding type)`).
    ActionAdded,
    /// An action is gone.
    ActionRemoved,
    /// The parameters or return type of an action changed.
    ActionChanged,
    /// A function appeared (`ns.f` or, bound, `ns.f(binding type)`).
    FunctionAdded,
    /// A function is gone.
    FunctionRemoved,
    /// The parameters or return type of a function changed.
    FunctionChanged,
    /// A route (`GET /security/incidents`) appeared.
    RouteAdded,
    /// A route is gone.
    RouteRemoved,
    /// The schema newly deprecates a target (`ns.t`, `ns.t/p`, `ns.e/m`, an operation
    /// `ns.a(binding type)`); detail: `deprecated (removal DATE)`. Compatible (the
    /// items gain `#[deprecated]`, a warning), but called out in its own section.
    DeprecationAdded,
    /// A deprecation's removal date changed (`deprecated (removal A) -> deprecated (removal B)`).
    DeprecationChanged,
    /// The schema no longer deprecates a target.
    DeprecationRemoved,
    /// A difference in the generated Rust API that no schema change above accounts
    /// for (subject: the type, `type/field`, `enum/member` or `base/derived`).
    RustApiChanged,
}

impl ChangeKind {
    /// Every kind, in declaration (and report) order.
    pub const ALL: [ChangeKind; 33] = {
        use ChangeKind as K;
        [
            K::TypeAdded,
            K::TypeRemoved,
            K::TypeKindChanged,
            K::BaseTypeChanged,
            K::AbstractChanged,
            K::OpenTypeChanged,
            K::HasStreamChanged,
            K::PropertyAdded,
            K::PropertyRemoved,
            K::PropertyTypeChanged,
            K::PropertyNullabilityChanged,
            K::NavigationAdded,
            K::NavigationRemoved,
            K::NavigationChanged,
            K::EnumMemberAdded,
            K::EnumMemberRemoved,
            K::EnumMemberValueChanged,
            K::FlagsChanged,
            K::UnderlyingTypeChanged,
            K::DerivedTypeAdded,
            K::DerivedTypeRemoved,
            K::ActionAdded,
            K::ActionRemoved,
            K::ActionChanged,
            K::FunctionAdded,
            K::FunctionRemoved,
            K::FunctionChanged,
            K::RouteAdded,
            K::RouteRemoved,
            K::DeprecationAdded,
            K::DeprecationChanged,
            K::DeprecationRemoved,
            K::RustApiChanged,
        ]
    };

    /// The kebab-case name used in reports (`property-type-changed`).
    pub fn as_str(self) -> &'static str {
        use ChangeKind as K;
        match self {
            K::TypeAdded => "type-added",
            K::TypeRemoved => "type-removed",
            K::TypeKindChanged => "type-kind-changed",
            K::BaseTypeChanged => "base-type-changed",
            K::AbstractChanged => "abstract-changed",
            K::OpenTypeChanged => "open-type-changed",
            K::HasStreamChanged => "has-stream-changed",
            K::PropertyAdded => "property-added",
            K::PropertyRemoved => "property-removed",
            K::PropertyTypeChanged => "property-type-changed",
            K::PropertyNullabilityChanged => "property-nullability-changed",
            K::NavigationAdded => "navigation-added",
            K::NavigationRemoved => "navigation-removed",
            K::NavigationChanged => "navigation-changed",
            K::EnumMemberAdded => "enum-member-added",
            K::EnumMemberRemoved => "enum-member-removed",
            K::EnumMemberValueChanged => "enum-member-value-changed",
            K::FlagsChanged => "flags-changed",
            K::UnderlyingTypeChanged => "underlying-type-changed",
            K::DerivedTypeAdded => "derived-type-added",
            K::DerivedTypeRemoved => "derived-type-removed",
            K::ActionAdded => "action-added",
            K::ActionRemoved => "action-removed",
            K::ActionChanged => "action-changed",
            K::FunctionAdded => "function-added",
            K::FunctionRemoved => "function-removed",
            K::FunctionChanged => "function-changed",
            K::RouteAdded => "route-added",
            K::RouteRemoved => "route-removed",
            K::DeprecationAdded => "deprecation-added",
            K::DeprecationChanged => "deprecation-changed",
            K::DeprecationRemoved => "deprecation-removed",
            K::RustApiChanged => "rust-api-changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between two schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// What it changed in: `microsoft.graph.security.alert/evidence`, a type name,
    /// a route (`GET /security/incidents`).
    pub subject: String,
    /// The facts: `Edm.String -> Edm.Int32`; empty when there is nothing to add.
    pub detail: String,
    /// What it does to the generated crate's API.
    pub effect: Effect,
}

impl Change {
    /// `<kind> <subject>: <detail>` (without `: <detail>` when the detail is empty).
    pub fn line(&self) -> String {
        if self.detail.is_empty() {
            format!("{} {}", self.kind, self.subject)
        } else {
            format!("{} {}: {}", self.kind, self.subject, self.detail)
        }
    }

    /// The order of a report: effect, kind, subject, detail.
    pub(super) fn sort_key(&self) -> (Effect, ChangeKind, &str, &str) {
        (self.effect, self.kind, &self.subject, &self.detail)
    }
}

/// The drift report: every change, sorted by effect, kind, subject and detail.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The changes, most severe first.
    pub changes: Vec<Change>,
}

impl Report {
    /// No change at all.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes have this effect.
    pub fn count(&self, effect: Effect) -> usize {
        self.changes.iter().filter(|c| c.effect == effect).count()
    }

    /// How many changes there are of each kind (kinds in declaration order).
    pub fn counts_by_kind(&self) -> BTreeMap<ChangeKind, usize> {
        let mut out = BTreeMap::new();
        for c in &self.changes {
            *out.entry(c.kind).or_insert(0) += 1;
        }
        out
    }

    /// The implied version bump: major on any breaking change, minor on any additive
    /// one, patch when only compatible changes remain, none for an empty report.
    pub fn bump(&self) -> Bump {
        if self.changes.is_empty() {
            Bump::None
        } else if self.count(Effect::Breaking) > 0 {
            Bump::Major
        } else if self.count(Effect::Additive) > 0 {
            Bump::Minor
        } else {
            Bump::Patch
        }
    }

    /// One line: `N changes: B breaking, A additive, C compatible (K1 n1, K2 n2, ...)`.
    pub fn summary(&self) -> String {
        let total = self.changes.len();
        let mut line = format!(
            "{total} change{}: {} breaking, {} additive, {} compatible",
            if total == 1 { "" } else { "s" },
            self.count(Effect::Breaking),
            self.count(Effect::Additive),
            self.count(Effect::Compatible)
        );
        let kinds: Vec<String> = self
            .counts_by_kind()
            .into_iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        if !kinds.is_empty() {
            line.push_str(&format!(" ({})", kinds.join(", ")));
        }
        line
    }

    /// The sections `Breaking (N):`, `Additive (N):`, `Deprecations (compatible, N):`,
    /// `Compatible (N):` (the empty ones left out; the deprecation kinds are compatible
    /// but called out in their own section, not repeated under `Compatible`), each
    /// with one `  <kind> <subject>: <detail>` line per change and followed by a blank
    /// line. Empty for an empty report.
    pub fn sections(&self) -> String {
        let is_deprecation = |c: &&Change| {
            matches!(
                c.kind,
                ChangeKind::DeprecationAdded
                    | ChangeKind::DeprecationChanged
                    | ChangeKind::DeprecationRemoved
            )
        };
        let mut out = String::new();
        for effect in [
            Some(Effect::Breaking),
            Some(Effect::Additive),
            None,
            Some(Effect::Compatible),
        ] {
            let title = effect.map_or("Deprecations (compatible", Effect::title);
            let lines: Vec<String> = self
                .changes
                .iter()
                .filter(|c| match effect {
                    Some(effect) => c.effect == effect && !is_deprecation(c),
                    None => is_deprecation(c),
                })
                .map(Change::line)
                .collect();
            if lines.is_empty() {
                continue;
            }
            let separator = if effect.is_none() { ", " } else { " (" };
            out.push_str(&format!("{title}{separator}{}):\n", lines.len()));
            for line in lines {
                out.push_str("  ");
                out.push_str(&line);
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }

    /// The report for people: the summary line, a blank line, the [sections](Self::sections),
    /// and last `Implied version bump: major|minor|patch|none`.
    pub fn to_text(&self) -> String {
        format!(
            "{}\n\n{}Implied version bump: {}\n",
            self.summary(),
            self.sections(),
            self.bump()
        )
    }

    /// The report for programs:
    /// `{"bump", "counts": {"total", "breaking", "additive", "compatible", "by_kind": {..}}, "changes": [{"kind", "subject", "detail", "effect"}]}`,
    /// changes in report order.
    pub fn to_json(&self) -> serde_json::Value {
        let by_kind: serde_json::Map<String, serde_json::Value> = self
            .counts_by_kind()
            .into_iter()
            .map(|(k, n)| (k.as_str().to_string(), n.into()))
            .collect();
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "kind": c.kind.as_str(),
                    "subject": c.subject,
                    "detail": c.detail,
                    "effect": c.effect.as_str(),
                })
            })
            .collect();
        serde_json::json!({
            "bump": self.bump().as_str(),
            "counts": {
                "total": self.changes.len(),
                "breaking": self.count(Effect::Breaking),
                "additive": self.count(Effect::Additive),
                "compatible": self.count(Effect::Compatible),
                "by_kind": by_kind,
            },
            "changes": changes,
        })
    }
}

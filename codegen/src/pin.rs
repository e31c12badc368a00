//! The pipeline as one value: a [`Pin`] is a selected schema (what `metadata/` holds)
//! with the permission facts that go with it, and every step the maintainer commands
//! and the tests run is a method on it.
//!
//! - [`Pin::from_document`]: a full Graph `$metadata` document (or a pin) -> read,
//!   select ([`crate::select::security_closure`]), write in canonical form and read
//!   that back, failing when it reads back differently (what `cargo xtask import` pins).
//! - [`Pin::load`]: the pin, permission facts and reference links of a `metadata/` directory (what
//!   `cargo xtask regen` generates from).
//! - [`Pin::generate`], [`Pin::routes`], [`Pin::areas`], [`Pin::diff`]: the generated
//!   files, the route listing, the areas and the drift report to another pin.
//!
//! So `cargo xtask import`, `regen`, `routes`, `diff`, `features`, `documents` and
//! `semver`, and the tests, are each file I/O around one call here. This module reads
//! the files of [`Pin::load`]; writing is [`crate::files`]'s job.

use std::path::Path;

use crate::areas::{self, Areas};
use crate::diff::{self, Report};
use crate::emit::{self, Settings};
use crate::error::Error;
use crate::ir::{NamespaceCounts, SECURITY_NAMESPACE, Schema};
use crate::permissions::{PermissionFacts, RoutePermissions};
use crate::reference::{PINNED_REFERENCE, ReferenceFacts};
use crate::routes::Route;
use crate::{Generated, csdl, select};

/// The pinned schema's file name inside `metadata/`.
pub const PINNED_SCHEMA: &str = "microsoft.graph.security.csdl.xml";
/// The pinned permission facts' file name inside `metadata/`.
pub const PINNED_PERMISSIONS: &str = "permissions.json";
/// The note of where the pin came from, inside `metadata/`.
pub const PINNED_SOURCE: &str = "source.json";

/// What [`Pin::import`] makes of a document: the pin and the counts of the
/// security namespace in the whole document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The selection, as [`Pin::from_document`] gives it.
    pub pin: Pin,
    /// The security namespace's counts in the whole document.
    pub source: NamespaceCounts,
}

/// A selected schema and its permission facts (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// The schema (a selection, or a fixture taken as it is).
    schema: Schema,
    /// The permission facts the request builders' docs and the route listing name
    /// (empty: every operation undocumented).
    permissions: PermissionFacts,
    /// The links to Microsoft's API reference (empty: no links).
    reference: ReferenceFacts,
}

impl Pin {
    /// Reads a full Graph `$metadata` document (aliases or qualified names, BOM or not;
    /// or a pin, on which selection changes nothing) and keeps what the crate needs,
    /// exactly as `cargo xtask import` pins it. `name` names the document in errors.
    ///
    /// # Errors
    ///
    /// The reader's errors, located as `NAME:LINE:COLUMN: ...`; an internal error when
    /// the canonical form ([`Pin::canonical_text`]) does not read back to the same
    /// schema (`regen` would then see something else than was selected).
    pub fn from_document(text: &str, name: &str) -> Result<Pin, Error> {
        Ok(Pin::import(text, name)?.pin)
    }

    /// [`Pin::from_document`], also giving the security namespace's counts in the
    /// whole document (what `cargo xtask import` notes in `metadata/source.json`).
    ///
    /// # Errors
    ///
    /// As [`Pin::from_document`].
    pub fn import(text: &str, name: &str) -> Result<Import, Error> {
        let full = csdl::read(text, name)?;
        let source = full.counts(SECURITY_NAMESPACE);
        let schema = select::security_closure(&full);
        let canonical = csdl::write(&schema);
        let reread = csdl::read(&canonical, PINNED_SCHEMA).map_err(|e| Error::Other {
            message: format!("{name}: internal: the canonical pin does not read back: {e}"),
        })?;
        if reread != schema {
            return Err(Error::Other {
                message: format!("{name}: internal: the canonical pin reads back differently"),
            });
        }
        Ok(Import {
            pin: Pin::from_schema(schema),
            source,
        })
    }

    /// A schema taken as it is, without selection (a test fixture, say), with no
    /// permission facts.
    pub fn from_schema(schema: Schema) -> Pin {
        Pin {
            schema,
            permissions: PermissionFacts::default(),
            reference: ReferenceFacts::default(),
        }
    }

    /// Reads a document as it is, without selection ([`Pin::from_schema`] of
    /// [`csdl::read`]).
    ///
    /// # Errors
    ///
    /// The reader's errors, located as `NAME:LINE:COLUMN: ...`.
    pub fn read(text: &str, name: &str) -> Result<Pin, Error> {
        Ok(Pin::from_schema(csdl::read(text, name)?))
    }

    /// The pin of a `metadata/` directory: [`PINNED_SCHEMA`], [`PINNED_PERMISSIONS`] and
    /// [`PINNED_REFERENCE`].
    ///
    /// # Errors
    ///
    /// A file that cannot be read (the message names it and says to run
    /// `cargo xtask import` first) and the readers' errors, located in
    /// `metadata/<file>`.
    pub fn load(metadata: &Path) -> Result<Pin, Error> {
        let read = |name: &str| {
            let path = metadata.join(name);
            std::fs::read_to_string(&path).map_err(|e| Error::Other {
                message: format!(
                    "{}: cannot read: {e} (run `cargo xtask import <PATH>` first)",
                    path.display()
                ),
            })
        };
        let permissions = PermissionFacts::from_json_text(
            &read(PINNED_PERMISSIONS)?,
            &format!("metadata/{PINNED_PERMISSIONS}"),
        )?;
        let schema = csdl::read(&read(PINNED_SCHEMA)?, &format!("metadata/{PINNED_SCHEMA}"))?;
        let reference = ReferenceFacts::from_json_text(
            &read(PINNED_REFERENCE)?,
            &format!("metadata/{PINNED_REFERENCE}"),
        )?;
        Ok(Pin {
            schema,
            permissions,
            reference,
        })
    }

    /// The pin with these permission facts instead of its own.
    pub fn with_permissions(self, permissions: PermissionFacts) -> Pin {
        Pin {
            permissions,
            ..self
        }
    }

    /// The pin with these links to Microsoft's API reference instead of its own.
    pub fn with_reference(self, reference: ReferenceFacts) -> Pin {
        Pin { reference, ..self }
    }

    /// The links to Microsoft's API reference.
    pub fn reference(&self) -> &ReferenceFacts {
        &self.reference
    }

    /// The schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The permission facts.
    pub fn permissions(&self) -> &PermissionFacts {
        &self.permissions
    }

    /// The pin in canonical form, what `metadata/` holds (qualified names, sorted,
    /// no description text).
    pub fn canonical_text(&self) -> String {
        csdl::write(&self.schema)
    }

    /// The generated files: models, request builders and the area features.
    ///
    /// # Errors
    ///
    /// When the schema cannot be planned (two types map to the same Rust name, a
    /// route's area cannot be told) or emitted.
    pub fn generate(&self, settings: &Settings) -> Result<Generated, Error> {
        let index = self.permissions.index();
        let lookup = |route: &Route| index.for_route(route.method.as_str(), &route.path);
        // One plan (names, cycles, areas) for every output.
        let mut plan = emit::Plan::new(&self.schema, settings.clone())?;
        plan.reference = self.reference.clone();
        plan.returned_by = emit::requests::returned_by(&plan);
        Ok(Generated {
            models: emit::models_of(&plan)?,
            requests: emit::requests::emit_of(&plan, &lookup)?,
            features: emit::features::manifest_block(&plan.areas),
        })
    }

    /// The text of `cargo xtask routes`: one line per generated operation, sorted
    /// (see [`crate::routes::listing`]).
    pub fn routes(&self) -> String {
        let index = self.permissions.index();
        let lookup = |route: &Route| index.for_route(route.method.as_str(), &route.path);
        let documented =
            |route: &Route| !lookup(route).is_empty() || self.reference.operation(route).is_some();
        let deprecated = crate::deprecations::of_routes(&self.schema);
        crate::routes::listing(
            &emit::requests::calls(&self.schema),
            &documented,
            &deprecated,
        )
    }

    /// The syncable collections (`cargo xtask routes --sync`), one per line:
    /// `GET /path`, the change-time property, `ordered` or `unordered`, the
    /// Rust call ([`emit::sync::listing`]).
    pub fn sync_routes(&self) -> String {
        emit::sync::listing(&self.schema)
    }

    /// The permissions of one route by the pin's facts.
    pub fn route_permissions(&self, route: &Route) -> RoutePermissions {
        self.permissions
            .index()
            .for_route(route.method.as_str(), &route.path)
    }

    /// The areas of the URL tree (one cargo feature each) and what each gates.
    ///
    /// # Errors
    ///
    /// See [`areas::compute`].
    pub fn areas(&self) -> Result<Areas, Error> {
        areas::compute(&self.schema)
    }

    /// The drift report from this pin (the old one) to `new`; permission facts are
    /// not compared.
    ///
    /// # Errors
    ///
    /// See [`diff::diff`].
    pub fn diff(&self, new: &Pin) -> Result<Report, Error> {
        diff::diff(&self.schema, &new.schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full document with a security type outside the selection's needs.
    const DOC: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
      <EntityType Name="unrelated" BaseType="graph.entity"/>
      <EntityContainer Name="GraphService">
        <Singleton Name="security" Type="microsoft.graph.security.security"/>
      </EntityContainer>
    </Schema>
    <Schema Namespace="microsoft.graph.security" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="security" BaseType="graph.entity">
        <NavigationProperty Name="incidents" Type="Collection(microsoft.graph.security.incident)" ContainsTarget="true"/>
      </EntityType>
      <EntityType Name="incident" BaseType="graph.entity">
        <Property Name="status" Type="Edm.String"/>
      </EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    #[test]
    fn a_document_is_selected_and_its_canonical_form_is_a_pin() {
        let pin = Pin::from_document(DOC, "doc.xml").unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> = pin
            .schema()
            .structured
            .keys()
            .map(|n| n.to_string())
            .collect();
        assert!(
            names
                .iter()
                .any(|n| n == "microsoft.graph.security.incident"),
            "{names:?}"
        );
        assert!(
            !names.iter().any(|n| n == "microsoft.graph.unrelated"),
            "{names:?}"
        );
        // The canonical text is a pin: read as it is, it is the same pin.
        let again =
            Pin::read(&pin.canonical_text(), PINNED_SCHEMA).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, pin);
        assert_eq!(
            Pin::from_document(&pin.canonical_text(), "pin").unwrap_or_else(|e| panic!("{e}")),
            pin
        );
        // Without permission facts every route lists as undocumented.
        let routes = pin.routes();
        assert!(
            routes.contains("GET /security/incidents\tundocumented\t"),
            "{routes}"
        );
        assert!(
            pin.diff(&again)
                .unwrap_or_else(|e| panic!("{e}"))
                .is_empty()
        );
    }

    #[test]
    fn a_bad_document_names_where() {
        let err = Pin::from_document("<edmx:Edmx", "bad.xml").unwrap_err();
        assert!(err.to_string().starts_with("bad.xml:1:"), "{err}");
    }

    #[test]
    fn a_missing_metadata_directory_says_to_import() {
        let dir = std::env::temp_dir().join(format!("msgraph-pin-none-{}", std::process::id()));
        let err = Pin::load(&dir).unwrap_err().to_string();
        assert!(err.contains(PINNED_PERMISSIONS), "{err}");
        assert!(err.contains("cargo xtask import"), "{err}");
    }
}

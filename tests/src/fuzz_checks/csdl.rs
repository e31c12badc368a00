//! The CSDL reader, the canonical writer and the import selection.
//!
//! Invariants, for any input:
//! - [`csdl::read`] returns a schema or an error that names the file, a line
//!   and a column inside the document (no panic, no stack overflow);
//! - a schema it returns, written by the canonical writer, reads back to the
//!   same schema, and writing that again gives the same text;
//! - the import selection ([`select::security_closure`]) of that schema is a
//!   schema that holds together: its canonical form reads back (every reference
//!   resolves) to the same selection.

use std::fmt::Write as _;

use arbitrary::Unstructured;
use msgraph_security_codegen::error::Error;
use msgraph_security_codegen::ir::Schema;
use msgraph_security_codegen::{csdl, select};

/// The file name the checks give the reader.
pub const FILE: &str = "fuzz.xml";

/// Target `csdl`: arbitrary bytes as a document (invalid UTF-8 replaced, as a
/// caller reading a file lossily would).
pub fn check_bytes(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_text(&text);
}

/// Target `csdl_structured`: the bytes drive [`render`], which writes a
/// well-formed CSDL document (with aliases, references right and wrong, base
/// types, keys, operations, containers and annotations), so the fuzzer spends
/// its time in the reader's lowering and validation rather than in the XML
/// parser.
pub fn check_structured(data: &[u8]) {
    let text = render(data);
    check_text(&text);
}

/// Reads `text` and checks every invariant of the module; returns the schema
/// when the document was accepted.
pub fn check_text(text: &str) -> Option<Schema> {
    match csdl::read(text, FILE) {
        Err(error) => {
            check_error(text, &error);
            None
        }
        Ok(schema) => {
            check_canonical(&schema, "the schema");
            let selected = select::security_closure(&schema);
            check_canonical(&selected, "the import selection");
            Some(schema)
        }
    }
}

/// An error of the reader points into the document: `FILE:LINE:COLUMN: `,
/// the line one of the document's (or the position just past its end) and the
/// column inside that line (or just past its last character).
fn check_error(text: &str, error: &Error) {
    let Some(location) = error.location() else {
        panic!("an error without a location: {error}");
    };
    assert_eq!(location.file, FILE, "{error}");
    let prefix = format!("{FILE}:{}:{}: ", location.line, location.column);
    assert!(
        error.to_string().starts_with(&prefix),
        "{error:?} is not displayed starting with {prefix:?}"
    );
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let line = usize::try_from(location.line).unwrap_or(usize::MAX);
    assert!(
        (1..=lines.len()).contains(&line),
        "{error}: line {line} is outside the document's {} lines",
        lines.len()
    );
    let columns = lines[line - 1].chars().count() + 1;
    let column = usize::try_from(location.column).unwrap_or(usize::MAX);
    assert!(
        (1..=columns).contains(&column),
        "{error}: column {column} is outside line {line} ({} characters)",
        columns - 1
    );
}

/// `read(write(s)) == s` and `write` is a fixed point.
fn check_canonical(schema: &Schema, what: &str) {
    let written = csdl::write(schema);
    let again = match csdl::read(&written, "canonical.xml") {
        Ok(again) => again,
        Err(e) => panic!("{what}: its canonical form does not read back: {e}\n{written}"),
    };
    if again != *schema {
        panic!(
            "{what}: its canonical form reads back to another schema: {}\n{written}",
            first_difference(&format!("{schema:#?}"), &format!("{again:#?}"))
        );
    }
    assert_eq!(
        csdl::write(&again),
        written,
        "{what}: writing the schema read back from its canonical form gives other text"
    );
}

/// The first line where two texts differ, with both versions.
fn first_difference(a: &str, b: &str) -> String {
    let mut a_lines = a.lines();
    let mut b_lines = b.lines();
    for number in 1.. {
        match (a_lines.next(), b_lines.next()) {
            (None, None) => break,
            (x, y) if x == y => {}
            (x, y) => return format!("line {number}: {x:?} vs {y:?}"),
        }
    }
    String::from("(no difference in the Debug form)")
}

/// A CSDL document chosen by `data`: see [`check_structured`].
pub fn render(data: &[u8]) -> String {
    let mut g = Gen {
        u: Unstructured::new(data),
        out: String::new(),
        names: Vec::new(),
    };
    g.document();
    g.out
}

/// Namespaces and the aliases they may be referred to by.
const NAMESPACES: &[(&str, &str)] = &[
    ("microsoft.graph", "graph"),
    ("microsoft.graph.security", "self"),
    ("fx", "f"),
    ("Org.OData.Core.V1", "Core"),
];
const TYPE_NAMES: &[&str] = &[
    "security",
    "alert",
    "incident",
    "evidence",
    "fileEvidence",
    "case",
    "Alert",
    "entity",
    "status",
    "kind",
    "a",
    "b",
];
const MEMBER_NAMES: &[&str] = &[
    "id",
    "status",
    "title",
    "value",
    "alerts",
    "evidence",
    "none",
    "read",
    "type",
    "self",
    "unknownFutureValue",
    "Id",
];
const PRIMITIVES: &[&str] = &[
    "Edm.String",
    "Edm.Int32",
    "Edm.Int64",
    "Edm.Int16",
    "Edm.Byte",
    "Edm.SByte",
    "Edm.Boolean",
    "Edm.Double",
    "Edm.Single",
    "Edm.Decimal",
    "Edm.DateTimeOffset",
    "Edm.Date",
    "Edm.TimeOfDay",
    "Edm.Duration",
    "Edm.Guid",
    "Edm.Binary",
    "Edm.Stream",
    "Edm.Untyped",
    "Edm.Geography",
    "Edm.PrimitiveType",
];
const TERMS: &[&str] = &[
    "Org.OData.Capabilities.V1.InsertRestrictions",
    "Org.OData.Capabilities.V1.UpdateRestrictions",
    "Org.OData.Capabilities.V1.DeleteRestrictions",
    "Org.OData.Capabilities.V1.ReadRestrictions",
    "Org.OData.Capabilities.V1.FilterRestrictions",
    "Org.OData.Capabilities.V1.ExpandRestrictions",
    "Org.OData.Capabilities.V1.CountRestrictions",
    "Org.OData.Capabilities.V1.SelectSupport",
    "Org.OData.Capabilities.V1.TopSupported",
    "Org.OData.Capabilities.V1.SkipSupported",
    "Org.OData.Capabilities.V1.SearchRestrictions",
    "Org.OData.Capabilities.V1.SortRestrictions",
    "Org.OData.Core.V1.Description",
    "Org.OData.Core.V1.OptionalParameter",
    "Core.Description",
];
const RECORD_PROPERTIES: &[&str] = &[
    "Insertable",
    "Updatable",
    "Deletable",
    "Filterable",
    "Expandable",
    "Countable",
    "Supported",
    "Searchable",
    "Sortable",
    "Readable",
    "NonFilterableProperties",
    "NonExpandableProperties",
    "Description",
    "LongDescription",
    "ReadByKeyRestrictions",
    "Permissions",
];

struct Gen<'a> {
    u: Unstructured<'a>,
    out: String,
    /// Qualified names of the types defined so far (for references).
    names: Vec<String>,
}

impl Gen<'_> {
    /// The next byte; 255 once the input is used up (so `chance` is false and
    /// the document ends small).
    fn byte(&mut self) -> u8 {
        if self.u.is_empty() {
            return 255;
        }
        self.u.arbitrary().unwrap_or(255)
    }

    /// True with probability about `percent`%.
    fn chance(&mut self, percent: u8) -> bool {
        u16::from(self.byte()) * 100 < u16::from(percent) * 256
    }

    /// A count in `0..=max`.
    fn count(&mut self, max: usize) -> usize {
        if self.u.is_empty() {
            return 0;
        }
        usize::from(self.byte()) % (max + 1)
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[usize::from(self.byte()) % from.len()]
    }

    /// A short string straight from the input (names the reader must reject
    /// or keep).
    fn raw(&mut self) -> String {
        let len = self.count(6);
        let mut s = String::new();
        for _ in 0..len {
            let c = match self.byte() {
                b @ 0..=25 => char::from(b'a' + b),
                26 => '.',
                27 => ' ',
                28 => '(',
                29 => ')',
                30 => '/',
                31 => '@',
                32 => 'é',
                33 => '$',
                34 => '#',
                35 => ',',
                b @ 36..=45 => char::from(b'0' + b - 36),
                b => char::from(b'A' + b % 26),
            };
            s.push(c);
        }
        s
    }

    fn name(&mut self, pool: &[&str]) -> String {
        if self.chance(6) {
            self.raw()
        } else {
            self.pick(pool).to_owned()
        }
    }

    /// A namespace or one of the aliases of it.
    fn namespace_ref(&mut self, ns: usize) -> String {
        let (namespace, alias) = NAMESPACES[ns % NAMESPACES.len()];
        if self.chance(30) {
            alias.to_owned()
        } else {
            namespace.to_owned()
        }
    }

    /// A type reference: a primitive, a defined type (qualified or by alias),
    /// an undefined one, maybe in `Collection(...)`.
    fn type_ref(&mut self) -> String {
        let target = match self.count(9) {
            0..=3 => self.pick(PRIMITIVES).to_owned(),
            4..=7 if !self.names.is_empty() => {
                let i = usize::from(self.byte()) % self.names.len();
                let name = self.names[i].clone();
                self.realias(&name)
            }
            _ => {
                let ns = usize::from(self.byte());
                let ns = self.namespace_ref(ns);
                let ty = self.name(TYPE_NAMES);
                format!("{ns}.{ty}")
            }
        };
        if self.chance(25) {
            format!("Collection({target})")
        } else {
            target
        }
    }

    /// `name` (qualified), maybe spelled with its namespace's alias.
    fn realias(&mut self, name: &str) -> String {
        for &(namespace, alias) in NAMESPACES {
            if let Some(local) = name
                .strip_prefix(namespace)
                .and_then(|r| r.strip_prefix('.'))
            {
                if !local.contains('.') && self.chance(40) {
                    return format!("{alias}.{local}");
                }
            }
        }
        name.to_owned()
    }

    fn attr(&mut self, name: &str, value: &str) {
        let _ = write!(self.out, " {name}=\"{}\"", escape(value));
    }

    fn maybe_bool_attr(&mut self, name: &str) {
        if self.chance(25) {
            let value = if self.chance(5) {
                self.pick(&["True", "1", ""])
            } else {
                self.pick(&["true", "false"])
            };
            self.attr(name, value);
        }
    }

    fn document(&mut self) {
        if self.chance(10) {
            self.out.push('\u{feff}');
        }
        self.out
            .push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        self.out.push_str(
            "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n",
        );
        for _ in 0..self.count(2) {
            self.out
                .push_str("<edmx:Reference Uri=\"https://example.com/core.xml\">");
            let ns = usize::from(self.byte());
            let (namespace, alias) = NAMESPACES[ns % NAMESPACES.len()];
            self.out.push_str("<edmx:Include");
            self.attr("Namespace", namespace);
            if self.chance(70) {
                let alias = if self.chance(10) { "graph" } else { alias };
                self.attr("Alias", alias);
            }
            self.out.push_str("/></edmx:Reference>\n");
        }
        self.out.push_str("<edmx:DataServices>\n");
        let schemas = 1 + self.count(2);
        for _ in 0..schemas {
            self.schema();
        }
        self.out.push_str("</edmx:DataServices>\n</edmx:Edmx>\n");
    }

    fn schema(&mut self) {
        let ns = usize::from(self.byte()) % 3;
        let (namespace, alias) = NAMESPACES[ns];
        self.out.push_str("<Schema");
        self.attr("Namespace", namespace);
        if self.chance(60) {
            self.attr("Alias", alias);
        }
        self.out
            .push_str(" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n");
        let items = self.count(12);
        for _ in 0..items {
            match self.count(9) {
                0 | 1 => self.enum_type(namespace),
                2 | 3 => self.structured("ComplexType", namespace),
                4..=6 => self.structured("EntityType", namespace),
                7 => self.operation(),
                8 if !self.out.contains("<EntityContainer") || self.chance(5) => self.container(),
                8 => self.enum_type(namespace),
                _ => self.annotations(),
            }
        }
        self.out.push_str("</Schema>\n");
    }

    /// A name from `pool` not in `used` (mostly: a duplicate now and then).
    fn fresh(&mut self, pool: &[&str], used: &mut Vec<String>) -> String {
        let mut name = self.name(pool);
        if used.contains(&name) && !self.chance(5) {
            name = format!("{name}{}", used.len());
        }
        used.push(name.clone());
        name
    }

    fn define(&mut self, namespace: &str) -> String {
        let prefix = format!("{namespace}.");
        let mut used: Vec<String> = self
            .names
            .iter()
            .filter_map(|n| n.strip_prefix(&prefix))
            .map(str::to_owned)
            .collect();
        let local = self.fresh(TYPE_NAMES, &mut used);
        self.names.push(format!("{namespace}.{local}"));
        local
    }

    fn enum_type(&mut self, namespace: &str) {
        let local = self.define(namespace);
        self.out.push_str("<EnumType");
        self.attr("Name", &local);
        self.maybe_bool_attr("IsFlags");
        if self.chance(15) {
            let underlying = if self.chance(10) {
                self.pick(&["Edm.String", "Edm.Double", "x"])
            } else {
                self.pick(&[
                    "Edm.Int32",
                    "Edm.Int64",
                    "Edm.Byte",
                    "Edm.Int16",
                    "Edm.SByte",
                ])
            };
            self.attr("UnderlyingType", underlying);
        }
        self.out.push_str(">\n");
        let mut used = Vec::new();
        for i in 0..self.count(5) {
            self.out.push_str("<Member");
            let member = self.fresh(MEMBER_NAMES, &mut used);
            self.attr("Name", &member);
            if self.chance(70) {
                let value = match self.count(100) {
                    0 => String::from("-1"),
                    1 => String::from("x"),
                    2 => u64::MAX.to_string(),
                    3..=20 => i.to_string(),
                    _ => (1u64 << (i % 63)).to_string(),
                };
                self.attr("Value", &value);
            }
            self.out.push_str("/>\n");
        }
        self.out.push_str("</EnumType>\n");
    }

    fn structured(&mut self, element: &str, namespace: &str) {
        let local = self.define(namespace);
        let _ = write!(self.out, "<{element}");
        self.attr("Name", &local);
        if self.chance(40) && !self.names.is_empty() {
            let base = self.type_ref();
            let base = base
                .strip_prefix("Collection(")
                .and_then(|b| b.strip_suffix(')'))
                .map_or(base.clone(), str::to_owned);
            self.attr("BaseType", &base);
        }
        self.maybe_bool_attr("Abstract");
        self.maybe_bool_attr("OpenType");
        self.maybe_bool_attr("HasStream");
        self.out.push_str(">\n");
        if element == "EntityType" && self.chance(50) {
            self.out.push_str("<Key>");
            for _ in 0..1 + self.count(1) {
                let key = self.name(MEMBER_NAMES);
                self.out.push_str("<PropertyRef");
                self.attr("Name", &key);
                self.out.push_str("/>");
            }
            self.out.push_str("</Key>\n");
        }
        let mut used = Vec::new();
        for _ in 0..self.count(5) {
            let navigation = self.chance(30);
            let tag = if navigation {
                "NavigationProperty"
            } else {
                "Property"
            };
            let _ = write!(self.out, "<{tag}");
            let member = self.fresh(MEMBER_NAMES, &mut used);
            self.attr("Name", &member);
            if !self.chance(1) {
                let ty = if navigation && !self.names.is_empty() && self.chance(85) {
                    let i = usize::from(self.byte()) % self.names.len();
                    let name = self.names[i].clone();
                    let name = self.realias(&name);
                    if self.chance(30) {
                        format!("Collection({name})")
                    } else {
                        name
                    }
                } else {
                    self.type_ref()
                };
                self.attr("Type", &ty);
            }
            self.maybe_bool_attr("Nullable");
            if navigation {
                self.maybe_bool_attr("ContainsTarget");
            }
            if self.chance(15) {
                self.out.push('>');
                self.annotation();
                let _ = writeln!(self.out, "</{tag}>");
            } else {
                self.out.push_str("/>\n");
            }
        }
        if self.chance(15) {
            self.annotation();
        }
        let _ = writeln!(self.out, "</{element}>");
    }

    fn operation(&mut self) {
        let function = self.chance(50);
        let tag = if function { "Function" } else { "Action" };
        let _ = write!(self.out, "<{tag}");
        let name = self.name(&["runHuntingQuery", "ping", "updateIndex", "get", "a"]);
        self.attr("Name", &name);
        self.maybe_bool_attr("IsBound");
        if function {
            self.maybe_bool_attr("IsComposable");
        }
        if self.chance(10) {
            self.attr("EntitySetPath", "bindingParameter/x");
        }
        self.out.push_str(">\n");
        let mut used = Vec::new();
        for _ in 0..self.count(3) {
            self.out.push_str("<Parameter");
            let parameter = self.fresh(
                &["bindingParameter", "query", "count", "id", "self"],
                &mut used,
            );
            self.attr("Name", &parameter);
            let ty = self.type_ref();
            self.attr("Type", &ty);
            self.maybe_bool_attr("Nullable");
            if self.chance(20) {
                self.out.push_str("><Annotation");
                let term = self.pick(&[
                    "Org.OData.Core.V1.OptionalParameter",
                    "Core.OptionalParameter",
                ]);
                self.attr("Term", term);
                self.out.push_str("/></Parameter>\n");
            } else {
                self.out.push_str("/>\n");
            }
        }
        if function || self.chance(50) {
            self.out.push_str("<ReturnType");
            let ty = self.type_ref();
            self.attr("Type", &ty);
            self.maybe_bool_attr("Nullable");
            self.out.push_str("/>\n");
        }
        let _ = writeln!(self.out, "</{tag}>");
    }

    fn container(&mut self) {
        self.out.push_str("<EntityContainer");
        let name = self.name(&["GraphService", "Container"]);
        self.attr("Name", &name);
        self.out.push_str(">\n");
        let mut used = Vec::new();
        for _ in 0..self.count(3) {
            let singleton = self.chance(60);
            let (tag, attr) = if singleton {
                ("Singleton", "Type")
            } else {
                ("EntitySet", "EntityType")
            };
            let _ = write!(self.out, "<{tag}");
            let name = self.fresh(&["security", "alerts", "incidents", "users"], &mut used);
            self.attr("Name", &name);
            let ty = self.type_ref();
            self.attr(attr, &ty);
            if self.chance(20) {
                self.out.push('>');
                self.annotation();
                let _ = writeln!(self.out, "</{tag}>");
            } else {
                self.out.push_str("/>\n");
            }
        }
        self.out.push_str("</EntityContainer>\n");
    }

    fn annotations(&mut self) {
        self.out.push_str("<Annotations");
        let target = match self.count(4) {
            0 => self.raw(),
            1 | 2 if !self.names.is_empty() => {
                let i = usize::from(self.byte()) % self.names.len();
                let name = self.names[i].clone();
                let name = self.realias(&name);
                if self.chance(40) {
                    let member = self.name(MEMBER_NAMES);
                    format!("{name}/{member}")
                } else {
                    name
                }
            }
            3 => String::from("microsoft.graph.GraphService/security"),
            _ => String::from("microsoft.graph.security.runHuntingQuery(microsoft.graph.security)"),
        };
        self.attr("Target", &target);
        self.out.push_str(">\n");
        for _ in 0..1 + self.count(2) {
            self.annotation();
        }
        self.out.push_str("</Annotations>\n");
    }

    fn annotation(&mut self) {
        self.out.push_str("<Annotation");
        let term = self.pick(TERMS);
        self.attr("Term", term);
        if self.chance(15) {
            self.attr("Qualifier", "q");
        }
        match self.count(4) {
            0 => {
                let value = self.pick(&["true", "false", "yes"]);
                self.attr("Bool", value);
                self.out.push_str("/>\n");
            }
            1 => {
                let value = self.raw();
                self.attr("String", &value);
                self.out.push_str("/>\n");
            }
            _ => {
                self.out.push('>');
                self.expression(0);
                self.out.push_str("</Annotation>\n");
            }
        }
    }

    fn expression(&mut self, depth: usize) {
        match self.count(5) {
            0 | 1 if depth < 3 => {
                self.out.push_str("<Record>");
                for _ in 0..self.count(3) {
                    self.out.push_str("<PropertyValue");
                    let property = self.pick(RECORD_PROPERTIES);
                    self.attr("Property", property);
                    match self.count(4) {
                        0 => {
                            let value = self.pick(&["true", "false", "1"]);
                            self.attr("Bool", value);
                            self.out.push_str("/>");
                        }
                        1 => {
                            let value = self.raw();
                            self.attr("String", &value);
                            self.out.push_str("/>");
                        }
                        2 => {
                            let value = self.pick(&["0", "-1", "99999999999999999999", "x"]);
                            self.attr("Int", value);
                            self.out.push_str("/>");
                        }
                        _ => {
                            self.out.push('>');
                            self.expression(depth + 1);
                            self.out.push_str("</PropertyValue>");
                        }
                    }
                }
                self.out.push_str("</Record>");
            }
            2 if depth < 3 => {
                self.out.push_str("<Collection>");
                for _ in 0..self.count(3) {
                    self.expression(depth + 1);
                }
                self.out.push_str("</Collection>");
            }
            3 => {
                let tag = self.pick(&["PropertyPath", "NavigationPropertyPath", "String", "Path"]);
                let value = self.name(MEMBER_NAMES);
                let _ = write!(self.out, "<{tag}>{}</{tag}>", escape(&value));
            }
            4 => self.out.push_str("<Null/>"),
            _ => {
                let value = self.pick(&["true", "false"]);
                let _ = write!(self.out, "<Bool>{value}</Bool>");
            }
        }
    }
}

/// XML-escapes an attribute value or text.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::shown;
    use super::*;

    #[test]
    fn rendered_documents_are_well_formed_and_often_accepted() {
        let mut accepted = 0;
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..300 {
            let data: Vec<u8> = (0..400)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed.to_le_bytes()[0]
                })
                .collect();
            let text = render(&data);
            if let Err(e @ Error::Xml { .. }) = csdl::read(&text, FILE) {
                panic!("{e}\n{text}");
            }
            if check_text(&text).is_some() {
                accepted += 1;
            }
        }
        // The structure-aware target exists to get past validation often.
        assert!(accepted > 10, "only {accepted} of 300 documents accepted");
    }

    #[test]
    fn errors_point_into_the_document() {
        for text in ["", "<a>", "<edmx:Edmx/>", "\n\n<x y='1' y='2'/>"] {
            assert!(check_text(text).is_none(), "{}", shown(text.as_bytes()));
        }
    }
}

//! CSDL XML -> [`Schema`]: parsing, alias resolution and validation.

use std::collections::{BTreeMap, HashMap, HashSet};

use roxmltree::{Document, Node as XmlNode};

use super::names::Aliases;
use crate::error::{Error, Location};
use crate::ir::{
    Annotation, AnnotationValue, Container, EntitySet, EnumMember, EnumType, NavigationProperty,
    Operation, OperationKind, Parameter, Primitive, Property, QualifiedName, ReturnType, Schema,
    Singleton, StructuredKind, StructuredType, TypeRef, TypeTarget,
};

/// The namespace of the annotation terms the reader keeps.
pub(crate) const CAPABILITIES_NAMESPACE: &str = "Org.OData.Capabilities.V1";
/// The one term outside that namespace the reader keeps too: the revision facts
/// (kind, dates, version; the description is prose and dropped).
pub(crate) const REVISIONS_TERM: &str = crate::ir::REVISIONS;
/// The term that marks a parameter optional.
pub(crate) const OPTIONAL_PARAMETER: &str = "Org.OData.Core.V1.OptionalParameter";
/// Record properties of kept annotations that hold prose, dropped like
/// `Core.Description`.
const PROSE_PROPERTIES: &[&str] = &["Description", "LongDescription"];

/// Reads a whole document. See [`super::read`].
pub(crate) fn read(text: &str, file: &str) -> Result<Schema, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = Document::parse(text).map_err(|e| xml_error(&e, file))?;
    let mut reader = Reader::new(&doc, file);
    reader.read_document()?;
    reader.validate()?;
    reader.read_annotations()?;
    Ok(reader.finish())
}

/// A CSDL simple identifier: a letter or `_`, then letters, digits or `_`.
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// A CSDL namespace: identifiers separated by `.`.
fn is_namespace(text: &str) -> bool {
    text.split('.').all(is_identifier)
}

fn xml_error(e: &roxmltree::Error, file: &str) -> Error {
    let pos = e.pos();
    let message = e.to_string().replacen(&format!(" at {pos}"), "", 1);
    Error::Xml {
        location: Location::new(file, pos.row, pos.col),
        message,
    }
}

/// The local name of an element, whatever its XML namespace.
fn local<'a>(node: &XmlNode<'a, '_>) -> &'a str {
    node.tag_name().name()
}

/// The element children of a node.
fn elements<'a, 'input>(node: XmlNode<'a, 'input>) -> impl Iterator<Item = XmlNode<'a, 'input>> {
    node.children().filter(XmlNode::is_element)
}

/// What a type reference must point at.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Any structured or enum type.
    Any,
    /// An entity type.
    Entity,
    /// A structured type of this kind (a base type).
    Base(StructuredKind),
}

/// Who holds a type reference (for error messages).
#[derive(Debug, Clone)]
enum Referrer {
    Property {
        property: String,
        owner: QualifiedName,
    },
    Navigation {
        property: String,
        owner: QualifiedName,
    },
    Base {
        owner: QualifiedName,
    },
    Parameter {
        parameter: String,
        kind: OperationKind,
        operation: QualifiedName,
    },
    Return {
        kind: OperationKind,
        operation: QualifiedName,
    },
    Singleton {
        name: String,
    },
    EntitySet {
        name: String,
    },
}

fn kind_word(kind: OperationKind) -> &'static str {
    match kind {
        OperationKind::Action => "action",
        OperationKind::Function => "function",
    }
}

impl std::fmt::Display for Referrer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Referrer::Property { property, owner } => {
                write!(f, "property `{property}` of type `{owner}`")
            }
            Referrer::Navigation { property, owner } => {
                write!(f, "navigation property `{property}` of type `{owner}`")
            }
            Referrer::Base { owner } => write!(f, "base type of `{owner}`"),
            Referrer::Parameter {
                parameter,
                kind,
                operation,
            } => write!(
                f,
                "parameter `{parameter}` of {} `{operation}`",
                kind_word(*kind)
            ),
            Referrer::Return { kind, operation } => {
                write!(f, "return type of {} `{operation}`", kind_word(*kind))
            }
            Referrer::Singleton { name } => write!(f, "singleton `{name}`"),
            Referrer::EntitySet { name } => write!(f, "entity set `{name}`"),
        }
    }
}

/// A named type reference waiting for every definition to be read.
#[derive(Debug)]
struct PendingRef {
    name: QualifiedName,
    pos: usize,
    expect: Expect,
    referrer: Referrer,
}

/// Member names of one structured type with the byte offsets of their elements.
#[derive(Debug, Default)]
struct Members {
    order: Vec<(String, usize)>,
    index: HashMap<String, usize>,
}

struct Reader<'a, 'input> {
    doc: &'a Document<'input>,
    file: &'a str,
    aliases: Aliases,
    schema: Schema,
    /// Byte offset of every type definition (structured and enum).
    type_pos: HashMap<QualifiedName, usize>,
    /// Structured types in document order.
    type_order: Vec<QualifiedName>,
    members: HashMap<QualifiedName, Members>,
    refs: Vec<PendingRef>,
    operations: Vec<(Operation, usize)>,
    container_pos: Option<usize>,
    container_members: HashMap<String, usize>,
}

impl<'a, 'input> Reader<'a, 'input> {
    fn new(doc: &'a Document<'input>, file: &'a str) -> Self {
        Self {
            doc,
            file,
            aliases: Aliases::default(),
            schema: Schema::default(),
            type_pos: HashMap::new(),
            type_order: Vec::new(),
            members: HashMap::new(),
            refs: Vec::new(),
            operations: Vec::new(),
            container_pos: None,
            container_members: HashMap::new(),
        }
    }

    fn location(&self, pos: usize) -> Location {
        let p = self.doc.text_pos_at(pos);
        Location::new(self.file, p.row, p.col)
    }

    fn invalid(&self, node: &XmlNode<'_, '_>, message: impl Into<String>) -> Error {
        Error::Invalid {
            location: self.location(node.range().start),
            message: message.into(),
        }
    }

    fn duplicate(&self, pos: usize, name: impl Into<String>, first: usize) -> Error {
        Error::Duplicate {
            location: self.location(pos),
            name: name.into(),
            first: self.location(first),
        }
    }

    /// A required attribute; `context` names the enclosing definition.
    fn required(
        &self,
        node: &XmlNode<'a, 'input>,
        attr: &str,
        context: &str,
    ) -> Result<&'a str, Error> {
        node.attribute(attr).ok_or_else(|| {
            self.invalid(
                node,
                format!("<{}> in `{context}` has no {attr} attribute", local(node)),
            )
        })
    }

    /// The `Name` attribute of a type, operation, container or container
    /// child: required, and an identifier (names end up in qualified names and
    /// annotation target paths, where `.`, `/`, `(` or `,` would read back as
    /// other names).
    fn name(&self, node: &XmlNode<'a, 'input>, context: &str) -> Result<&'a str, Error> {
        let name = self.required(node, "Name", context)?;
        if !is_identifier(name) {
            return Err(self.invalid(
                node,
                format!(
                    "Name=\"{name}\" on <{}> in `{context}` is not an identifier (a letter or `_`, then letters, digits or `_`)",
                    local(node)
                ),
            ));
        }
        Ok(name)
    }

    /// The `Name` attribute of a property, navigation property, enum member or
    /// parameter: required, and a path segment (Graph has `request-id`):
    /// not empty, without `.`, `/`, `(`, `)`, `,`, whitespace or control
    /// characters.
    fn member_name(&self, node: &XmlNode<'a, 'input>, context: &str) -> Result<&'a str, Error> {
        let name = self.required(node, "Name", context)?;
        let bad = |c: char| {
            matches!(c, '.' | '/' | '(' | ')' | ',') || c.is_whitespace() || c.is_control()
        };
        if name.is_empty() || name.contains(bad) {
            return Err(self.invalid(
                node,
                format!(
                    "Name=\"{name}\" on <{}> in `{context}` is not a member name (not empty, without `.`, `/`, `(`, `)`, `,` or spaces)",
                    local(node)
                ),
            ));
        }
        Ok(name)
    }

    fn boolean(&self, node: &XmlNode<'_, '_>, attr: &str, default: bool) -> Result<bool, Error> {
        match node.attribute(attr) {
            None => Ok(default),
            Some(v) => parse_bool(v).ok_or_else(|| {
                self.invalid(
                    node,
                    format!(
                        "{attr}=\"{v}\" on <{}> is not a boolean (expected true or false)",
                        local(node)
                    ),
                )
            }),
        }
    }

    fn type_ref(&self, node: &XmlNode<'_, '_>, text: &str, what: &str) -> Result<TypeRef, Error> {
        self.aliases
            .type_ref(text)
            .map_err(|e| self.invalid(node, format!("{e} in {what}")))
    }

    fn read_document(&mut self) -> Result<(), Error> {
        let root = self.doc.root_element();
        if local(&root) != "Edmx" {
            return Err(self.invalid(
                &root,
                format!("the root element is <{}>, not <edmx:Edmx>", local(&root)),
            ));
        }
        // Aliases first: they hold across the whole document.
        for node in root.descendants().filter(XmlNode::is_element) {
            if matches!(local(&node), "Schema" | "Include") {
                if let (Some(namespace), Some(alias)) =
                    (node.attribute("Namespace"), node.attribute("Alias"))
                {
                    if !is_namespace(namespace) || !is_identifier(alias) {
                        return Err(self.invalid(
                            &node,
                            format!(
                                "<{}> Namespace=\"{namespace}\" Alias=\"{alias}\": expected identifiers (the namespace's separated by `.`)",
                                local(&node)
                            ),
                        ));
                    }
                    self.aliases.insert(alias, namespace);
                }
            }
        }
        for services in elements(root).filter(|n| local(n) == "DataServices") {
            for schema in elements(services).filter(|n| local(n) == "Schema") {
                self.read_schema(schema)?;
            }
        }
        Ok(())
    }

    fn read_schema(&mut self, node: XmlNode<'a, 'input>) -> Result<(), Error> {
        let namespace = node
            .attribute("Namespace")
            .ok_or_else(|| self.invalid(&node, "<Schema> has no Namespace attribute"))?;
        if !is_namespace(namespace) {
            return Err(self.invalid(
                &node,
                format!("Namespace=\"{namespace}\" on <Schema> is not a namespace name (identifiers separated by `.`)"),
            ));
        }
        for child in elements(node) {
            match local(&child) {
                "EntityType" => self.read_structured(child, namespace, StructuredKind::Entity)?,
                "ComplexType" => self.read_structured(child, namespace, StructuredKind::Complex)?,
                "EnumType" => self.read_enum(child, namespace)?,
                "Action" => self.read_operation(child, namespace, OperationKind::Action)?,
                "Function" => self.read_operation(child, namespace, OperationKind::Function)?,
                "EntityContainer" => self.read_container(child, namespace)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Registers a type name, rejecting a second definition.
    fn define_type(&mut self, name: &QualifiedName, node: &XmlNode<'_, '_>) -> Result<(), Error> {
        let pos = node.range().start;
        if let Some(&first) = self.type_pos.get(name) {
            return Err(self.duplicate(pos, name.to_string(), first));
        }
        self.type_pos.insert(name.clone(), pos);
        Ok(())
    }

    fn read_structured(
        &mut self,
        node: XmlNode<'a, 'input>,
        namespace: &str,
        kind: StructuredKind,
    ) -> Result<(), Error> {
        let name = QualifiedName::new(namespace, self.name(&node, namespace)?);
        self.define_type(&name, &node)?;
        let owner = name.to_string();
        let base = match node.attribute("BaseType") {
            None => None,
            Some(text) => {
                let base = self.aliases.qualified(text).ok_or_else(|| {
                    self.invalid(
                        &node,
                        format!("BaseType `{text}` of `{owner}` is not a qualified name"),
                    )
                })?;
                self.refs.push(PendingRef {
                    name: base.clone(),
                    pos: node.range().start,
                    expect: Expect::Base(kind),
                    referrer: Referrer::Base {
                        owner: name.clone(),
                    },
                });
                Some(base)
            }
        };
        let mut ty = StructuredType {
            name: name.clone(),
            kind,
            base,
            is_abstract: self.boolean(&node, "Abstract", false)?,
            open: self.boolean(&node, "OpenType", false)?,
            has_stream: self.boolean(&node, "HasStream", false)?,
            key: Vec::new(),
            properties: Vec::new(),
            navigation: Vec::new(),
        };
        let mut members = Members::default();
        for child in elements(node) {
            match local(&child) {
                "Key" => {
                    for r in elements(child).filter(|n| local(n) == "PropertyRef") {
                        ty.key.push(self.required(&r, "Name", &owner)?.to_owned());
                    }
                }
                "Property" => {
                    let prop = self.member_name(&child, &owner)?;
                    self.add_member(&mut members, &owner, prop, &child)?;
                    let text = self.required(&child, "Type", &format!("{owner}/{prop}"))?;
                    let what = format!("property `{prop}` of type `{owner}`");
                    let t = self.type_ref(&child, text, &what)?;
                    if let TypeTarget::Named(target) = &t.target {
                        self.refs.push(PendingRef {
                            name: target.clone(),
                            pos: child.range().start,
                            expect: Expect::Any,
                            referrer: Referrer::Property {
                                property: prop.to_owned(),
                                owner: name.clone(),
                            },
                        });
                    }
                    ty.properties.push(Property {
                        name: prop.to_owned(),
                        ty: t,
                        nullable: self.boolean(&child, "Nullable", true)?,
                    });
                }
                "NavigationProperty" => {
                    let prop = self.member_name(&child, &owner)?;
                    self.add_member(&mut members, &owner, prop, &child)?;
                    let text = self.required(&child, "Type", &format!("{owner}/{prop}"))?;
                    let what = format!("navigation property `{prop}` of type `{owner}`");
                    let t = self.type_ref(&child, text, &what)?;
                    let TypeTarget::Named(target) = &t.target else {
                        return Err(self.invalid(
                            &child,
                            format!("{what} has the primitive type `{t}`, not an entity type"),
                        ));
                    };
                    self.refs.push(PendingRef {
                        name: target.clone(),
                        pos: child.range().start,
                        expect: Expect::Entity,
                        referrer: Referrer::Navigation {
                            property: prop.to_owned(),
                            owner: name.clone(),
                        },
                    });
                    ty.navigation.push(NavigationProperty {
                        name: prop.to_owned(),
                        ty: t,
                        nullable: self.boolean(&child, "Nullable", true)?,
                        contains_target: self.boolean(&child, "ContainsTarget", false)?,
                    });
                }
                _ => {}
            }
        }
        self.members.insert(name.clone(), members);
        self.type_order.push(name.clone());
        self.schema.structured.insert(name, ty);
        Ok(())
    }

    fn add_member(
        &self,
        members: &mut Members,
        owner: &str,
        name: &str,
        node: &XmlNode<'_, '_>,
    ) -> Result<(), Error> {
        let pos = node.range().start;
        if let Some(&first) = members.index.get(name) {
            return Err(self.duplicate(pos, format!("{owner}/{name}"), first));
        }
        members.index.insert(name.to_owned(), pos);
        members.order.push((name.to_owned(), pos));
        Ok(())
    }

    fn read_enum(&mut self, node: XmlNode<'a, 'input>, namespace: &str) -> Result<(), Error> {
        let name = QualifiedName::new(namespace, self.name(&node, namespace)?);
        self.define_type(&name, &node)?;
        let owner = name.to_string();
        let underlying = match node.attribute("UnderlyingType") {
            None => Primitive::Int32,
            Some(text) => match text.strip_prefix("Edm.").and_then(Primitive::from_edm_name) {
                Some(
                    p @ (Primitive::Byte
                    | Primitive::SByte
                    | Primitive::Int16
                    | Primitive::Int32
                    | Primitive::Int64),
                ) => p,
                _ => {
                    return Err(self.invalid(
                        &node,
                        format!("UnderlyingType `{text}` of enum `{owner}` is not an integer type"),
                    ));
                }
            },
        };
        let mut members: Vec<EnumMember> = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for child in elements(node).filter(|n| local(n) == "Member") {
            let member = self.member_name(&child, &owner)?;
            let pos = child.range().start;
            if let Some(&first) = seen.get(member) {
                return Err(self.duplicate(pos, format!("{owner}/{member}"), first));
            }
            seen.insert(member, pos);
            let value = match child.attribute("Value") {
                Some(text) => text.trim().parse::<i64>().map_err(|_| {
                    self.invalid(
                        &child,
                        format!("Value `{text}` of member `{member}` of enum `{owner}` is not an integer"),
                    )
                })?,
                None => match members.last() {
                    None => 0,
                    Some(prev) => prev.value.checked_add(1).ok_or_else(|| {
                        self.invalid(
                            &child,
                            format!("the implicit value of member `{member}` of enum `{owner}` overflows"),
                        )
                    })?,
                },
            };
            members.push(EnumMember {
                name: member.to_owned(),
                value,
            });
        }
        let is_flags = self.boolean(&node, "IsFlags", false)?;
        self.schema.enums.insert(
            name.clone(),
            EnumType {
                name,
                underlying,
                is_flags,
                members,
            },
        );
        Ok(())
    }

    fn read_operation(
        &mut self,
        node: XmlNode<'a, 'input>,
        namespace: &str,
        kind: OperationKind,
    ) -> Result<(), Error> {
        let name = QualifiedName::new(namespace, self.name(&node, namespace)?);
        let owner = name.to_string();
        let word = kind_word(kind);
        let mut parameters: Vec<Parameter> = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut return_type: Option<ReturnType> = None;
        for child in elements(node) {
            match local(&child) {
                "Parameter" => {
                    let param = self.member_name(&child, &owner)?;
                    let pos = child.range().start;
                    if let Some(&first) = seen.get(param) {
                        return Err(self.duplicate(pos, format!("{owner}/{param}"), first));
                    }
                    seen.insert(param, pos);
                    let text = self.required(&child, "Type", &format!("{owner}/{param}"))?;
                    let what = format!("parameter `{param}` of {word} `{owner}`");
                    let ty = self.type_ref(&child, text, &what)?;
                    if let TypeTarget::Named(target) = &ty.target {
                        self.refs.push(PendingRef {
                            name: target.clone(),
                            pos,
                            expect: Expect::Any,
                            referrer: Referrer::Parameter {
                                parameter: param.to_owned(),
                                kind,
                                operation: name.clone(),
                            },
                        });
                    }
                    let optional = elements(child).any(|a| {
                        local(&a) == "Annotation"
                            && a.attribute("Term")
                                .is_some_and(|t| self.aliases.canonical(t) == OPTIONAL_PARAMETER)
                    });
                    parameters.push(Parameter {
                        name: param.to_owned(),
                        ty,
                        nullable: self.boolean(&child, "Nullable", true)?,
                        optional,
                    });
                }
                "ReturnType" => {
                    if return_type.is_some() {
                        return Err(self.invalid(
                            &child,
                            format!("{word} `{owner}` has more than one <ReturnType>"),
                        ));
                    }
                    let text = self.required(&child, "Type", &owner)?;
                    let what = format!("return type of {word} `{owner}`");
                    let ty = self.type_ref(&child, text, &what)?;
                    if let TypeTarget::Named(target) = &ty.target {
                        self.refs.push(PendingRef {
                            name: target.clone(),
                            pos: child.range().start,
                            expect: Expect::Any,
                            referrer: Referrer::Return {
                                kind,
                                operation: name.clone(),
                            },
                        });
                    }
                    return_type = Some(ReturnType {
                        ty,
                        nullable: self.boolean(&child, "Nullable", true)?,
                    });
                }
                _ => {}
            }
        }
        let is_bound = self.boolean(&node, "IsBound", false)?;
        if is_bound && parameters.is_empty() {
            return Err(self.invalid(
                &node,
                format!("bound {word} `{owner}` has no binding parameter"),
            ));
        }
        let operation = Operation {
            name,
            kind,
            is_bound,
            is_composable: self.boolean(&node, "IsComposable", false)?,
            entity_set_path: node.attribute("EntitySetPath").map(str::to_owned),
            parameters,
            return_type,
        };
        self.operations.push((operation, node.range().start));
        Ok(())
    }

    fn read_container(&mut self, node: XmlNode<'a, 'input>, namespace: &str) -> Result<(), Error> {
        let name = QualifiedName::new(namespace, self.name(&node, namespace)?);
        if let Some(first) = self.container_pos {
            let first = self.location(first);
            return Err(self.invalid(
                &node,
                format!(
                    "a second <EntityContainer> `{name}` (the first is at {}:{})",
                    first.line, first.column
                ),
            ));
        }
        self.container_pos = Some(node.range().start);
        let owner = name.to_string();
        let mut container = Container {
            name: Some(name),
            ..Container::default()
        };
        for child in elements(node) {
            let (attr, singleton) = match local(&child) {
                "Singleton" => ("Type", true),
                "EntitySet" => ("EntityType", false),
                _ => continue,
            };
            let member = self.name(&child, &owner)?;
            let pos = child.range().start;
            if let Some(&first) = self.container_members.get(member) {
                return Err(self.duplicate(pos, format!("{owner}/{member}"), first));
            }
            self.container_members.insert(member.to_owned(), pos);
            let text = self.required(&child, attr, &format!("{owner}/{member}"))?;
            let ty = self.aliases.qualified(text).ok_or_else(|| {
                self.invalid(
                    &child,
                    format!("{attr} `{text}` of `{owner}/{member}` is not a qualified name"),
                )
            })?;
            let referrer = if singleton {
                Referrer::Singleton {
                    name: member.to_owned(),
                }
            } else {
                Referrer::EntitySet {
                    name: member.to_owned(),
                }
            };
            self.refs.push(PendingRef {
                name: ty.clone(),
                pos,
                expect: Expect::Entity,
                referrer,
            });
            if singleton {
                container.singletons.push(Singleton {
                    name: member.to_owned(),
                    ty,
                });
            } else {
                container.entity_sets.push(EntitySet {
                    name: member.to_owned(),
                    ty,
                });
            }
        }
        self.schema.container = container;
        Ok(())
    }

    /// Whole-document checks, once every definition is known.
    fn validate(&mut self) -> Result<(), Error> {
        self.check_refs()?;
        self.check_cycles()?;
        self.check_inherited_members()?;
        self.check_operations()
    }

    fn check_refs(&self) -> Result<(), Error> {
        for r in &self.refs {
            let structured = self.schema.structured.get(&r.name);
            let found = structured.is_some() || self.schema.enums.contains_key(&r.name);
            if !found {
                return Err(Error::DanglingType {
                    location: self.location(r.pos),
                    name: r.name.to_string(),
                    referrer: r.referrer.to_string(),
                });
            }
            let wanted = match r.expect {
                Expect::Any => continue,
                Expect::Entity => StructuredKind::Entity,
                Expect::Base(kind) => kind,
            };
            let actual = match structured {
                Some(t) if t.kind == wanted => continue,
                Some(t) => kind_name(t.kind),
                None => "an enum type",
            };
            let message = match &r.referrer {
                Referrer::Base { owner } => format!(
                    "the base type `{}` of {} `{owner}` is {actual}",
                    r.name,
                    kind_noun(wanted)
                ),
                other => format!(
                    "{other} refers to `{}`, which is {actual}, not an entity type",
                    r.name
                ),
            };
            return Err(Error::Invalid {
                location: self.location(r.pos),
                message,
            });
        }
        Ok(())
    }

    fn check_cycles(&self) -> Result<(), Error> {
        let mut done: HashSet<&QualifiedName> = HashSet::new();
        for start in &self.type_order {
            let mut path: Vec<&QualifiedName> = Vec::new();
            let mut current = Some(start);
            while let Some(name) = current {
                if done.contains(name) {
                    break;
                }
                if let Some(i) = path.iter().position(|p| *p == name) {
                    let mut cycle: Vec<String> = path[i..].iter().map(|n| n.to_string()).collect();
                    cycle.push(name.to_string());
                    let pos = self.type_pos.get(name).copied().unwrap_or(0);
                    return Err(Error::BaseTypeCycle {
                        location: self.location(pos),
                        cycle,
                    });
                }
                path.push(name);
                current = self
                    .schema
                    .structured
                    .get(name)
                    .and_then(|t| t.base.as_ref());
            }
            done.extend(path);
        }
        Ok(())
    }

    fn check_inherited_members(&self) -> Result<(), Error> {
        for name in &self.type_order {
            let ancestors = self.schema.ancestors(name);
            if ancestors.is_empty() {
                continue;
            }
            let Some(own) = self.members.get(name) else {
                continue;
            };
            for (member, pos) in &own.order {
                for a in &ancestors {
                    let first = self.members.get(&a.name).and_then(|m| m.index.get(member));
                    if let Some(&first) = first {
                        return Err(self.duplicate(*pos, format!("{name}/{member}"), first));
                    }
                }
            }
        }
        Ok(())
    }

    fn check_operations(&mut self) -> Result<(), Error> {
        type Key = (QualifiedName, OperationKind, Option<TypeRef>, Vec<String>);
        let mut seen: HashMap<Key, usize> = HashMap::new();
        for (op, pos) in &self.operations {
            let (name, kind, binding) = op.sort_key();
            let names = op.parameters.iter().map(|p| p.name.clone()).collect();
            let key = (name, kind, binding, names);
            if let Some(&first) = seen.get(&key) {
                return Err(self.duplicate(*pos, operation_target(op), first));
            }
            seen.insert(key, *pos);
        }
        let mut operations: Vec<Operation> = std::mem::take(&mut self.operations)
            .into_iter()
            .map(|(op, _)| op)
            .collect();
        operations.sort_by_cached_key(|op| {
            let names: Vec<String> = op.parameters.iter().map(|p| p.name.clone()).collect();
            (op.sort_key(), names)
        });
        self.schema.operations = operations;
        Ok(())
    }

    /// Collects the kept (`Org.OData.Capabilities.V1` and `Org.OData.Core.V1.Revisions`) annotations, inline and
    /// in `<Annotations>` blocks, in document order: when a target gets the
    /// same term twice, the later one wins.
    fn read_annotations(&mut self) -> Result<(), Error> {
        let root = self.doc.root_element();
        for node in root
            .descendants()
            .filter(|n| n.is_element() && local(n) == "Annotation")
        {
            let Some(parent) = node.parent_element() else {
                continue;
            };
            let Some(term) = node.attribute("Term") else {
                return Err(self.invalid(&node, "<Annotation> has no Term attribute"));
            };
            let term = self.aliases.canonical(term);
            let in_capabilities = term
                .rsplit_once('.')
                .is_some_and(|(ns, _)| ns == CAPABILITIES_NAMESPACE);
            if !in_capabilities && term != REVISIONS_TERM {
                continue;
            }
            let Some(target) = self.target_of(&parent)? else {
                continue;
            };
            let value = self.value(&node)?;
            let list = self.schema.annotations.entry(target).or_default();
            match list.iter_mut().find(|a| a.term == term) {
                Some(existing) => existing.value = value,
                None => list.push(Annotation { term, value }),
            }
        }
        for list in self.schema.annotations.values_mut() {
            list.sort_by(|a, b| a.term.cmp(&b.term));
        }
        Ok(())
    }

    /// The canonical target path of an element an `<Annotation>` sits in, or
    /// `None` for elements whose annotations are not kept.
    fn target_of(&self, parent: &XmlNode<'_, '_>) -> Result<Option<String>, Error> {
        let name = |n: &XmlNode<'_, '_>| n.attribute("Name").unwrap_or_default().to_owned();
        let schema_ns = |n: &XmlNode<'_, '_>| {
            n.ancestors()
                .find(|a| a.is_element() && local(a) == "Schema")
                .and_then(|s| s.attribute("Namespace"))
                .unwrap_or_default()
                .to_owned()
        };
        let qualified = |n: &XmlNode<'_, '_>| format!("{}.{}", schema_ns(n), name(n));
        let target = match local(parent) {
            "Annotations" => match parent.attribute("Target") {
                Some(t) => self.aliases.target(t),
                None => return Err(self.invalid(parent, "<Annotations> has no Target attribute")),
            },
            "EntityType" | "ComplexType" | "EntityContainer" | "EnumType" => qualified(parent),
            "Property" | "NavigationProperty" | "EntitySet" | "Singleton" | "Member" => {
                let Some(owner) = parent.parent_element() else {
                    return Ok(None);
                };
                if !matches!(
                    local(&owner),
                    "EntityType" | "ComplexType" | "EntityContainer" | "EnumType"
                ) {
                    return Ok(None);
                }
                format!("{}/{}", qualified(&owner), name(parent))
            }
            "Action" | "Function" => {
                let types: Vec<String> = elements(*parent)
                    .filter(|p| local(p) == "Parameter")
                    .map(|p| {
                        let text = p.attribute("Type").unwrap_or_default();
                        self.aliases
                            .type_ref(text)
                            .map(|t| t.to_string())
                            .unwrap_or_else(|_| text.to_owned())
                    })
                    .collect();
                format!("{}({})", qualified(parent), types.join(", "))
            }
            _ => return Ok(None),
        };
        Ok(Some(target))
    }

    /// The value of an `<Annotation>` or `<PropertyValue>`: an attribute form,
    /// else its first expression child, else [`AnnotationValue::Tag`].
    fn value(&self, node: &XmlNode<'_, '_>) -> Result<AnnotationValue, Error> {
        for attr in [
            "Bool",
            "Int",
            "String",
            "Date",
            "EnumMember",
            "Path",
            "PropertyPath",
            "NavigationPropertyPath",
        ] {
            if let Some(text) = node.attribute(attr) {
                return self.scalar(node, attr, text);
            }
        }
        for child in elements(*node) {
            if let Some(v) = self.expression(&child)? {
                return Ok(v);
            }
        }
        Ok(AnnotationValue::Tag)
    }

    fn scalar(
        &self,
        node: &XmlNode<'_, '_>,
        kind: &str,
        text: &str,
    ) -> Result<AnnotationValue, Error> {
        Ok(match kind {
            "Bool" => AnnotationValue::Bool(parse_bool(text.trim()).ok_or_else(|| {
                self.invalid(
                    node,
                    format!("`{text}` is not a boolean (expected true or false)"),
                )
            })?),
            "Int" => AnnotationValue::Int(
                text.trim()
                    .parse()
                    .map_err(|_| self.invalid(node, format!("`{text}` is not an integer")))?,
            ),
            "String" => AnnotationValue::String(text.to_owned()),
            "Date" => AnnotationValue::Date(text.trim().to_owned()),
            "EnumMember" => AnnotationValue::EnumMember(text.trim().to_owned()),
            _ => AnnotationValue::Path(text.trim().to_owned()),
        })
    }

    /// An expression element; `None` for elements that are not one we keep
    /// (nested annotations, unsupported expressions).
    fn expression(&self, node: &XmlNode<'_, '_>) -> Result<Option<AnnotationValue>, Error> {
        let kind = local(node);
        Ok(Some(match kind {
            "Bool"
            | "Int"
            | "String"
            | "Date"
            | "EnumMember"
            | "Path"
            | "PropertyPath"
            | "NavigationPropertyPath" => {
                self.scalar(node, kind, node.text().unwrap_or_default())?
            }
            "Null" => AnnotationValue::Tag,
            "Record" => {
                let mut record = BTreeMap::new();
                for pv in elements(*node).filter(|n| local(n) == "PropertyValue") {
                    let Some(property) = pv.attribute("Property") else {
                        return Err(self.invalid(&pv, "<PropertyValue> has no Property attribute"));
                    };
                    if PROSE_PROPERTIES.contains(&property) {
                        continue;
                    }
                    record.insert(property.to_owned(), self.value(&pv)?);
                }
                AnnotationValue::Record(record)
            }
            "Collection" => {
                let mut items = Vec::new();
                for child in elements(*node) {
                    if let Some(v) = self.expression(&child)? {
                        items.push(v);
                    }
                }
                AnnotationValue::Collection(items)
            }
            _ => return Ok(None),
        }))
    }

    fn finish(mut self) -> Schema {
        self.schema
            .container
            .singletons
            .sort_by(|a, b| a.name.cmp(&b.name));
        self.schema
            .container
            .entity_sets
            .sort_by(|a, b| a.name.cmp(&b.name));
        self.schema
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

fn kind_name(kind: StructuredKind) -> &'static str {
    match kind {
        StructuredKind::Entity => "an entity type",
        StructuredKind::Complex => "a complex type",
    }
}

fn kind_noun(kind: StructuredKind) -> &'static str {
    match kind {
        StructuredKind::Entity => "entity type",
        StructuredKind::Complex => "complex type",
    }
}

/// `ns.op(T1, T2)`: how an operation overload is named in messages and
/// annotation targets (every parameter type, the binding parameter first).
pub fn operation_target(op: &Operation) -> String {
    let types: Vec<String> = op.parameters.iter().map(|p| p.ty.to_string()).collect();
    format!("{}({})", op.name, types.join(", "))
}

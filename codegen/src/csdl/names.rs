//! Name resolution: schema and `edmx:Include` aliases, qualified names, type
//! references and annotation target paths.

use std::collections::HashMap;

use crate::ir::{Primitive, QualifiedName, TypeRef, TypeTarget};

/// The alias table of a whole document: alias -> namespace. An alias holds
/// across the whole document, whichever schema spells it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Aliases {
    map: HashMap<String, String>,
}

impl Aliases {
    /// Records `alias` as a spelling of `namespace`.
    pub(crate) fn insert(&mut self, alias: &str, namespace: &str) {
        self.map.insert(alias.to_owned(), namespace.to_owned());
    }

    /// The namespace a prefix stands for: itself unless it is an alias.
    pub(crate) fn namespace<'a>(&'a self, prefix: &'a str) -> &'a str {
        self.map.get(prefix).map(String::as_str).unwrap_or(prefix)
    }

    /// Splits `prefix.name` at its last dot and resolves the prefix.
    pub(crate) fn qualified(&self, text: &str) -> Option<QualifiedName> {
        let q = QualifiedName::parse(text)?;
        Some(QualifiedName::new(self.namespace(&q.namespace), q.name))
    }

    /// Resolves a dotted name (term, type) to its canonical spelling; text
    /// without a dot is returned unchanged.
    pub(crate) fn canonical(&self, text: &str) -> String {
        match self.qualified(text) {
            Some(q) => q.to_string(),
            None => text.to_owned(),
        }
    }

    /// Parses `Edm.String`, `ns.t`, `alias.t`, `Collection(...)`.
    pub(crate) fn type_ref(&self, text: &str) -> Result<TypeRef, String> {
        let (collection, inner) = match text
            .strip_prefix("Collection(")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            Some(inner) => (true, inner),
            None => (false, text),
        };
        if inner.starts_with("Collection(") {
            return Err(format!("nested collection type `{text}` is not supported"));
        }
        if let Some(local) = inner.strip_prefix("Edm.") {
            return match Primitive::from_edm_name(local) {
                Some(p) => Ok(TypeRef {
                    collection,
                    target: TypeTarget::Primitive(p),
                }),
                None => Err(format!("unknown primitive type `{inner}`")),
            };
        }
        match self.qualified(inner) {
            Some(name) => Ok(TypeRef {
                collection,
                target: TypeTarget::Named(name),
            }),
            None => Err(format!("type `{text}` is not a qualified name")),
        }
    }

    /// Canonicalizes an annotation target: the qualified first segment (and
    /// the parameter types of an operation target `ns.f(T1, T2)`) through the
    /// alias table, every further segment that is a dotted name with an alias
    /// prefix (a type cast) likewise; everything else is kept as written.
    pub(crate) fn target(&self, text: &str) -> String {
        let (head, rest) = match text.split_once('/') {
            Some((head, rest)) => (head, Some(rest)),
            None => (text, None),
        };
        let mut out = match head.split_once('(') {
            Some((name, params)) => {
                let params = params.strip_suffix(')').unwrap_or(params);
                let params: Vec<String> = params
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| self.param_type(p))
                    .collect();
                format!("{}({})", self.canonical(name.trim()), params.join(", "))
            }
            None => self.canonical(head),
        };
        if let Some(rest) = rest {
            for segment in rest.split('/') {
                out.push('/');
                match QualifiedName::parse(segment) {
                    Some(q) if self.map.contains_key(&q.namespace) => {
                        out.push_str(&format!("{}.{}", self.namespace(&q.namespace), q.name));
                    }
                    _ => out.push_str(segment),
                }
            }
        }
        out
    }

    /// A parameter type inside an operation target, canonicalized.
    fn param_type(&self, text: &str) -> String {
        match text
            .strip_prefix("Collection(")
            .and_then(|r| r.strip_suffix(')'))
        {
            Some(inner) => format!("Collection({})", self.param_type(inner.trim())),
            None if text.starts_with("Edm.") => text.to_owned(),
            None => self.canonical(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases() -> Aliases {
        let mut a = Aliases::default();
        a.insert("graph", "microsoft.graph");
        a.insert("self", "microsoft.graph.security");
        a
    }

    #[test]
    fn type_refs() {
        let a = aliases();
        assert_eq!(
            a.type_ref("Collection(self.alert)").map(|t| t.to_string()),
            Ok("Collection(microsoft.graph.security.alert)".to_owned())
        );
        assert_eq!(
            a.type_ref("Edm.GeographyPoint").map(|t| t.target),
            Ok(TypeTarget::Primitive(Primitive::Untyped))
        );
        assert!(a.type_ref("Edm.Nope").is_err());
        assert!(a.type_ref("alert").is_err());
        assert!(a.type_ref("Collection(Collection(Edm.String))").is_err());
        assert_eq!(
            a.type_ref("microsoft.graph.security.alert"),
            a.type_ref("self.alert")
        );
    }

    #[test]
    fn targets() {
        let a = aliases();
        assert_eq!(
            a.target("self.alert/comments"),
            "microsoft.graph.security.alert/comments"
        );
        assert_eq!(
            a.target("microsoft.graph.security"),
            "microsoft.graph.security"
        );
        assert_eq!(
            a.target("graph.f(Collection(graph.x),Edm.String)"),
            "microsoft.graph.f(Collection(microsoft.graph.x), Edm.String)"
        );
        assert_eq!(
            a.target("graph.GraphService/users/graph.user/x"),
            "microsoft.graph.GraphService/users/microsoft.graph.user/x"
        );
    }
}

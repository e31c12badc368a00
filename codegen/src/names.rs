//! Rust spellings of schema names: type names, field names, enum variants,
//! module and file names, with keywords and collisions handled.

use std::collections::BTreeSet;

use heck::ToSnakeCase;

/// Words that are keywords in some Rust edition (strict, reserved and the 2024 `gen`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code uses unqualified; a schema type spelled the same
/// would shadow them, so it gets a trailing underscore.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "From",
    "Into",
    "Iterator",
    "Send",
    "Sync",
    "Sized",
];

/// Whether `s` is a keyword in some edition.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// An identifier spelled so that `syn` accepts it: keywords become raw
/// identifiers (`r#type`), or take a trailing underscore where raw is impossible.
pub fn ident(s: &str) -> proc_macro2::Ident {
    let span = proc_macro2::Span::call_site();
    if NOT_RAW.contains(&s) {
        proc_macro2::Ident::new(&format!("{s}_"), span)
    } else if is_keyword(s) {
        proc_macro2::Ident::new_raw(s, span)
    } else {
        proc_macro2::Ident::new(s, span)
    }
}

/// Makes any text a valid identifier body: characters outside `[A-Za-z0-9_]`
/// become `_`, and a leading digit gets a prefix.
fn sanitize(s: &str, digit_prefix: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() {
        out.push_str(digit_prefix);
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, digit_prefix);
    }
    out
}

/// The Rust name of an OData type: the name with its first letter upper-cased
/// and nothing else changed (`aISpanOutputsAuditRecord` -> `AISpanOutputsAuditRecord`).
pub fn type_name(odata: &str) -> String {
    let s = sanitize(odata, "T");
    let mut chars = s.chars();
    let upper = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
        None => String::from("T"),
    };
    if RESERVED_TYPE_NAMES.contains(&upper.as_str()) {
        format!("{upper}_")
    } else {
        upper
    }
}

/// snake_case spelling of a property (`ipv4Address` -> `ipv4_address`).
pub fn snake(odata: &str) -> String {
    let s = odata.to_snake_case();
    sanitize(if s.is_empty() { odata } else { &s }, "f")
}

/// UpperCamel spelling of an enum member: pieces split at `_`, each piece's
/// first letter upper-cased, the rest kept (`inbox_folder` -> `InboxFolder`,
/// `unknownFutureValue` -> `UnknownFutureValue`).
pub fn variant(odata: &str) -> String {
    let mut out = String::new();
    for piece in odata.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = piece.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars);
        }
    }
    let out = sanitize(&out, "V");
    if out == "Self" {
        String::from("Self_")
    } else {
        out
    }
}

/// Hands out names unique within one scope, suffixing `_2`, `_3`, ... on collision.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Takes `wanted`, or the first free `wanted_2`, `wanted_3`, ... (for
    /// UpperCamel names `Wanted2`, ...).
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let camel = wanted.starts_with(|c: char| c.is_ascii_uppercase());
        let mut n = 2u32;
        loop {
            let candidate = if camel {
                format!("{wanted}{n}")
            } else {
                format!("{wanted}_{n}")
            };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Whether a name is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// Module (and file) name of a namespace relative to the models root:
/// `None` for the root namespace itself.
pub fn namespace_module(namespace: &str, root_namespace: &str) -> Option<String> {
    if namespace == root_namespace {
        return None;
    }
    let last = namespace.rsplit('.').next().unwrap_or(namespace);
    let m = snake(last);
    Some(if is_keyword(&m) || NOT_RAW.contains(&m.as_str()) {
        format!("{m}_")
    } else {
        m
    })
}

/// File stem (and module name) for a type: snake case, keywords suffixed with `_`.
pub fn file_stem(odata: &str) -> String {
    let s = snake(odata);
    if is_keyword(&s) || NOT_RAW.contains(&s.as_str()) || s == "mod" {
        format!("{s}_")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_keep_everything_but_the_first_letter() {
        assert_eq!(type_name("incident"), "Incident");
        assert_eq!(
            type_name("aISpanOutputsAuditRecord"),
            "AISpanOutputsAuditRecord"
        );
        assert_eq!(
            type_name("x509CertificateEvidence"),
            "X509CertificateEvidence"
        );
        assert_eq!(type_name("option"), "Option_");
        assert_eq!(type_name("self"), "Self_");
    }

    #[test]
    fn snake_case_of_graph_names() {
        assert_eq!(snake("ipv4Address"), "ipv4_address");
        assert_eq!(snake("sha256"), "sha256");
        assert_eq!(snake("alerts_v2"), "alerts_v2");
        assert_eq!(
            snake("x509CertificateEvidence"),
            "x509_certificate_evidence"
        );
        assert_eq!(snake("3rdParty"), "f3rd_party");
    }

    #[test]
    fn variants_of_members() {
        assert_eq!(variant("inbox_folder"), "InboxFolder");
        assert_eq!(variant("unknownFutureValue"), "UnknownFutureValue");
        assert_eq!(variant("iOS"), "IOS");
        assert_eq!(variant("1day"), "V1day");
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("gen").to_string(), "r#gen");
        assert_eq!(file_stem("match"), "match_");
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut s = Scope::with_reserved(&["odata_type"]);
        assert_eq!(s.claim("odata_type"), "odata_type_2");
        assert_eq!(s.claim("x"), "x");
        assert_eq!(s.claim("x"), "x_2");
        assert_eq!(s.claim("Foo"), "Foo");
        assert_eq!(s.claim("Foo"), "Foo2");
    }
}

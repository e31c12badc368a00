//! The tables of generated code: invocations of the runtime's macros
//! (`model!`, `polymorphic!`) with one row per line, formatted here because
//! prettyplease prints macro bodies as one run of tokens.

use proc_macro2::Literal;
use quote::ToTokens;

/// A braced macro invocation: `path! { head { row row ... } }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroCall {
    /// The macro's path, e.g. `crate::runtime::model`.
    pub path: String,
    /// What precedes the rows, e.g. `Incident = "microsoft.graph.security.incident"`.
    pub head: String,
    /// One line each, e.g. `"id" => id,`.
    pub rows: Vec<String>,
    /// Attributes of the whole invocation (a `#[cfg(..)]`), one line each.
    pub attrs: Vec<String>,
}

impl MacroCall {
    /// The invocation as source text, rows indented by eight spaces.
    pub fn render(&self) -> String {
        let mut out: String = self.attrs.iter().map(|a| format!("{a}\n")).collect();
        out.push_str(&format!("{}! {{\n    {} {{\n", self.path, self.head));
        for row in &self.rows {
            out.push_str("        ");
            out.push_str(row);
            out.push('\n');
        }
        out.push_str("    }\n}\n");
        out
    }
}

/// A Rust string literal for `s` (quoted and escaped).
pub fn string(s: &str) -> String {
    Literal::string(s).to_string()
}

/// A path as source text without the spaces `ToTokens` puts around `::`.
pub fn path(p: &syn::Path) -> String {
    p.to_token_stream().to_string().replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_one_row_per_line() {
        let call = MacroCall {
            path: path(&syn::parse_quote!(crate::runtime::model)),
            head: format!("Incident = {}", string("a\"b")),
            rows: vec![
                String::from("\"id\" => id,"),
                String::from("\"type\" => r#type,"),
            ],
            attrs: vec![String::from("#[cfg(feature = \"a\")]")],
        };
        assert_eq!(
            call.render(),
            "#[cfg(feature = \"a\")]\ncrate::runtime::model! {\n    Incident = \"a\\\"b\" {\n        \"id\" => id,\n        \"type\" => r#type,\n    }\n}\n"
        );
    }
}

//! The tables of generated code: invocations of the runtime's macros
//! (`model!`, `polymorphic!`, `parameters!`) built from tokens and printed
//! here with one row per line, because prettyplease prints a macro body as
//! one run of tokens.
//!
//! The printer ([`line`]) walks token trees with a few spacing rules (none
//! around `::`, none inside `<..>`, none before `,` `;` `:` or a closing
//! delimiter, none between a name and its `(..)`, ...). [`MacroCall::render`]
//! checks that the text it prints reads back as the very tokens it was given,
//! so a spacing rule can change how a table looks but never what it means.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt, quote};

use crate::error::Error;

/// A braced macro invocation: `attrs path! { head { row row ... } }`.
#[derive(Debug, Clone)]
pub struct MacroCall {
    /// Attributes of the whole invocation (a `#[cfg(..)]`), one line each.
    pub attrs: Vec<TokenStream>,
    /// The macro's path, e.g. `crate::runtime::model`.
    pub path: TokenStream,
    /// What precedes the rows, e.g. `impl Model, Debug for Incident = "microsoft.graph.security.incident"`.
    pub head: TokenStream,
    /// One line each, e.g. `"id" => id: Option<String> => ID,`.
    pub rows: Vec<TokenStream>,
}

impl ToTokens for MacroCall {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Self {
            attrs,
            path,
            head,
            rows,
        } = self;
        tokens.append_all(quote! {
            #(#attrs)*
            #path! {
                #head {
                    #(#rows)*
                }
            }
        });
    }
}

impl MacroCall {
    /// The invocation as source text, rows indented by eight spaces; an error
    /// (a bug of the printer) when the text does not read back as the tokens.
    pub fn render(&self) -> Result<String, Error> {
        let mut out = String::new();
        for attr in &self.attrs {
            out.push_str(&line(attr));
            out.push('\n');
        }
        out.push_str(&line(&self.path));
        out.push_str("! {\n    ");
        out.push_str(&line(&self.head));
        out.push_str(" {\n");
        for row in &self.rows {
            out.push_str("        ");
            out.push_str(&line(row));
            out.push('\n');
        }
        out.push_str("    }\n}\n");
        checked(out, self.to_token_stream())
    }
}

/// An item on one line (`path!(..);`, which prettyplease would wrap), checked
/// like [`MacroCall::render`].
pub fn render_line(tokens: &TokenStream) -> Result<String, Error> {
    let mut out = line(tokens);
    out.push('\n');
    checked(out, tokens.clone())
}

/// `text`, when it reads back as `tokens`.
fn checked(text: String, tokens: TokenStream) -> Result<String, Error> {
    let read: TokenStream = text.parse().map_err(|e| Error::Other {
        message: format!("internal: printed generated code does not parse: {e}\n{text}"),
    })?;
    if !same(read, tokens) {
        return Err(Error::Other {
            message: format!("internal: printed generated code reads back differently:\n{text}"),
        });
    }
    Ok(text)
}

/// Whether two token streams are the same trees (punctuation spacing aside:
/// the printer merges the joint pairs it knows and a reparse joins `>>`
/// that were built apart).
fn same(a: TokenStream, b: TokenStream) -> bool {
    fn trees(t: TokenStream, out: &mut Vec<TokenTree>) {
        for tree in t {
            match tree {
                TokenTree::Group(g) if g.delimiter() == Delimiter::None => trees(g.stream(), out),
                other => out.push(other),
            }
        }
    }
    let (mut x, mut y) = (Vec::new(), Vec::new());
    trees(a, &mut x);
    trees(b, &mut y);
    x.len() == y.len()
        && x.into_iter().zip(y).all(|pair| match pair {
            (TokenTree::Group(g), TokenTree::Group(h)) => {
                g.delimiter() == h.delimiter() && same(g.stream(), h.stream())
            }
            (TokenTree::Punct(p), TokenTree::Punct(q)) => p.as_char() == q.as_char(),
            (TokenTree::Ident(i), TokenTree::Ident(j)) => i == j,
            (TokenTree::Literal(l), TokenTree::Literal(m)) => l.to_string() == m.to_string(),
            _ => false,
        })
}

/// One printed unit: a word (identifier, literal, lifetime), an operator
/// (one punctuation character, or `::`, `=>`, `->`), or a delimiter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Word(String),
    /// A literal: spaced like a word, but a `<` after it is an operator.
    Lit(String),
    Op(String),
    /// `<` opening generic arguments (it follows a name).
    AngleOpen,
    /// `>` closing generic arguments.
    AngleClose,
    Open(char),
    Close(char),
}

/// Tokens as Rust is written by hand, on one line:
/// `"id" => id: Option<Vec<crate::models::Alert>> => ID,`.
pub fn line(tokens: &TokenStream) -> String {
    let mut atoms = Vec::new();
    flatten(tokens.clone(), &mut atoms);
    let mut out = String::new();
    let mut prev: Option<&Atom> = None;
    for atom in &atoms {
        if let Some(prev) = prev {
            if space(prev, atom) {
                out.push(' ');
            }
        }
        match atom {
            Atom::Word(w) | Atom::Lit(w) | Atom::Op(w) => out.push_str(w),
            Atom::AngleOpen => out.push('<'),
            Atom::AngleClose => out.push('>'),
            Atom::Open(c) | Atom::Close(c) => out.push(*c),
        }
        prev = Some(atom);
    }
    out
}

/// Token trees to atoms: joint `::`, `=>`, `->` and lifetimes merged, and
/// `<` after a name (and its `>`) told apart from the operators: in a table,
/// `a < b` after a name is generic arguments.
fn flatten(tokens: TokenStream, out: &mut Vec<Atom>) {
    let mut angle = 0usize;
    flatten_into(tokens, out, &mut angle);
}

fn flatten_into(tokens: TokenStream, out: &mut Vec<Atom>, angle: &mut usize) {
    let mut iter = tokens.into_iter().peekable();
    while let Some(tree) = iter.next() {
        match tree {
            TokenTree::Ident(i) => out.push(Atom::Word(i.to_string())),
            TokenTree::Literal(l) => out.push(Atom::Lit(l.to_string())),
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ('(', ')'),
                    Delimiter::Bracket => ('[', ']'),
                    Delimiter::Brace => ('{', '}'),
                    Delimiter::None => {
                        flatten_into(g.stream(), out, angle);
                        continue;
                    }
                };
                out.push(Atom::Open(open));
                // Generic arguments do not cross a delimiter.
                let mut inner = 0usize;
                flatten_into(g.stream(), out, &mut inner);
                out.push(Atom::Close(close));
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                let next = match iter.peek() {
                    Some(TokenTree::Punct(n)) if p.spacing() == Spacing::Joint => Some(n.as_char()),
                    _ => None,
                };
                let pair = match (c, next) {
                    (':', Some(':')) => Some("::"),
                    ('=', Some('>')) => Some("=>"),
                    ('-', Some('>')) => Some("->"),
                    _ => None,
                };
                if let Some(pair) = pair {
                    iter.next();
                    out.push(Atom::Op(pair.to_string()));
                    continue;
                }
                if c == '\'' {
                    if let Some(TokenTree::Ident(i)) = iter.peek() {
                        out.push(Atom::Word(format!("'{i}")));
                        iter.next();
                        continue;
                    }
                }
                let after_name = matches!(out.last(), Some(Atom::Word(_) | Atom::AngleClose));
                if c == '<' && after_name {
                    *angle += 1;
                    out.push(Atom::AngleOpen);
                } else if c == '>' && *angle > 0 {
                    *angle -= 1;
                    out.push(Atom::AngleClose);
                } else {
                    out.push(Atom::Op(c.to_string()));
                }
            }
        }
    }
}

/// Whether a space separates `prev` and `next`.
fn space(prev: &Atom, next: &Atom) -> bool {
    let op = |a: &Atom, s: &str| matches!(a, Atom::Op(o) if o == s);
    let lit = Atom::Word(String::new());
    let prev = if matches!(prev, Atom::Lit(_)) {
        &lit
    } else {
        prev
    };
    match next {
        Atom::Close('}') => return !matches!(prev, Atom::Open('{')),
        Atom::Close(_) | Atom::AngleOpen | Atom::AngleClose => return false,
        Atom::Op(o) if o == "!" && matches!(prev, Atom::Word(_)) => return false,
        Atom::Op(o) if o == "," || o == ";" || o == ":" => return false,
        Atom::Op(o) if o == "::" => {
            return !matches!(
                prev,
                Atom::Word(_) | Atom::AngleClose | Atom::AngleOpen | Atom::Open(_)
            ) && !op(prev, "#")
                && !op(prev, "&");
        }
        Atom::Open('(') | Atom::Open('[')
            if matches!(prev, Atom::Word(_)) || op(prev, "#") || op(prev, "!") =>
        {
            return false;
        }
        _ => {}
    }
    match prev {
        Atom::Open('{') => true,
        Atom::Open(_) | Atom::AngleOpen => false,
        Atom::Op(o) => {
            !matches!(o.as_str(), "::" | "#" | "@" | "&" | "!") || next == &Atom::Open('{')
        }
        _ => true,
    }
}

/// A path as rustdoc link text (`crate::runtime::Flags`): prose, not code.
pub fn doc_path(p: &syn::Path) -> String {
    line(&p.to_token_stream())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(tokens: TokenStream) -> String {
        line(&tokens)
    }

    #[test]
    fn prints_rows_as_written_by_hand() {
        assert_eq!(
            printed(quote!("id" => id: Option<Vec<crate::models::Alert>> => ID,)),
            r#""id" => id: Option<Vec<crate::models::Alert>> => ID,"#
        );
        assert_eq!(
            printed(
                quote!("x" => x: ::serde_json::Value => X where crate::runtime::query::Capabilities<true, false, true> as AsOption<Decimal>,)
            ),
            r#""x" => x: ::serde_json::Value => X where crate::runtime::query::Capabilities<true, false, true> as AsOption<Decimal>,"#
        );
        assert_eq!(
            printed(
                quote!(#[cfg(any(feature = "a", feature = "b"))] @deprecated(since = "2024-01-01", note = "gone") "r" => r#type: Box<crate::models::graph::Entity> => TYPE,)
            ),
            r#"#[cfg(any(feature = "a", feature = "b"))] @deprecated(since = "2024-01-01", note = "gone") "r" => r#type: Box<crate::models::graph::Entity> => TYPE,"#
        );
        assert_eq!(
            printed(quote!(AlertEvidence(crate::models::AlertEvidence),)),
            "AlertEvidence(crate::models::AlertEvidence),"
        );
        assert_eq!(
            printed(quote!(impl Model, Debug for Incident = "a\"b")),
            r#"impl Model, Debug for Incident = "a\"b""#
        );
        assert_eq!(
            printed(quote!(
                a(1 < 2, c > d),
                f(&'static str) -> T,
                x! { y },
                m!(z),
                {}
            )),
            "a(1 < 2, c > d), f(&'static str) -> T, x! { y }, m!(z), {}"
        );
    }

    #[test]
    fn renders_one_row_per_line_and_checks_the_round_trip() {
        let call = MacroCall {
            attrs: vec![quote!(#[cfg(feature = "a")])],
            path: quote!(crate::runtime::model),
            head: quote!(impl Model for Incident = "a\"b"),
            rows: vec![quote!("id" => id,), quote!("type" => r#type,)],
        };
        assert_eq!(
            call.render().unwrap(),
            "#[cfg(feature = \"a\")]\ncrate::runtime::model! {\n    impl Model for Incident = \"a\\\"b\" {\n        \"id\" => id,\n        \"type\" => r#type,\n    }\n}\n"
        );
    }

    #[test]
    fn renders_a_line() {
        assert_eq!(
            render_line(
                &quote!(crate::runtime::odata_enum!(impl Display, BitOr for Scope, Unrecognized);)
            )
            .unwrap(),
            "crate::runtime::odata_enum!(impl Display, BitOr for Scope, Unrecognized);\n"
        );
    }

    #[test]
    fn a_row_that_does_not_read_back_is_an_error() {
        // A lone `'` before a string: printed `' "x"`, which does not lex.
        let mut row = TokenStream::new();
        row.append(proc_macro2::Punct::new('\'', Spacing::Alone));
        row.append_all(quote!("x"));
        let call = MacroCall {
            attrs: Vec::new(),
            path: quote!(m),
            head: quote!(H),
            rows: vec![row],
        };
        assert!(call.render().is_err());
    }
}

//! Doc lines that point a reader at Microsoft's API reference: one
//! `Microsoft's reference: <URL>` line on each type the reference documents (the
//! operations get theirs in [`super::requests`]), from the links of
//! [`crate::reference`] the plan carries.

use super::Plan;
use crate::ir::QualifiedName;

/// `Microsoft's reference: <URL>` for a type with a reference page, else nothing.
pub fn type_line(plan: &Plan<'_>, name: &QualifiedName) -> Option<String> {
    plan.reference
        .type_page(&name.to_string())
        .map(|url| format!("Microsoft's reference: <{url}>"))
}

//! [`QuerySupport`]: the OData system query options an operation accepts.

use super::Verb;

/// The OData query options an operation accepts, after the capability
/// annotations (`FilterRestrictions/Filterable`, `SearchRestrictions/Searchable`,
/// `SortRestrictions/Sortable`, `ExpandRestrictions/Expandable`,
/// `SelectSupport/Supported`, `TopSupported`, `SkipSupported`,
/// `CountRestrictions/Countable`). Lists take all of them, reads `$select` and
/// `$expand`, counts `$filter` and `$search`; other operations none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct QuerySupport {
    /// `$filter`.
    pub filter: bool,
    /// `$search`.
    pub search: bool,
    /// `$orderby`.
    pub orderby: bool,
    /// `$expand`.
    pub expand: bool,
    /// `$select`.
    pub select: bool,
    /// `$top`.
    pub top: bool,
    /// `$skip`.
    pub skip: bool,
    /// `$count=true`.
    pub count: bool,
}

impl QuerySupport {
    /// The options an operation of `verb` can take at all.
    pub fn applicable(verb: &Verb) -> Self {
        match verb {
            Verb::List => Self::from_flags([true; 8]),
            Verb::Get => QuerySupport {
                expand: true,
                select: true,
                ..QuerySupport::default()
            },
            Verb::Count => QuerySupport {
                filter: true,
                search: true,
                ..QuerySupport::default()
            },
            _ => QuerySupport::default(),
        }
    }

    /// Each option's `$` name and the name of its marker trait in the client's
    /// `options` module, in the order of [`flags`](Self::flags).
    pub const NAMES: [(&'static str, &'static str); 8] = [
        ("$filter", "FilterOption"),
        ("$search", "SearchOption"),
        ("$orderby", "OrderByOption"),
        ("$expand", "ExpandOption"),
        ("$select", "SelectOption"),
        ("$top", "TopOption"),
        ("$skip", "SkipOption"),
        ("$count", "CountOption"),
    ];

    /// Whether each option is accepted, in the order of [`NAMES`](Self::NAMES).
    pub fn flags(&self) -> [bool; 8] {
        [
            self.filter,
            self.search,
            self.orderby,
            self.expand,
            self.select,
            self.top,
            self.skip,
            self.count,
        ]
    }

    fn from_flags(f: [bool; 8]) -> Self {
        let [filter, search, orderby, expand, select, top, skip, count] = f;
        QuerySupport {
            filter,
            search,
            orderby,
            expand,
            select,
            top,
            skip,
            count,
        }
    }

    /// The options both accept.
    pub fn intersect(&self, other: &QuerySupport) -> Self {
        let (a, b) = (self.flags(), other.flags());
        Self::from_flags(std::array::from_fn(|i| a[i] && b[i]))
    }

    /// The options `self` has and `other` has not, by their `$` names.
    pub fn missing_from(&self, other: &QuerySupport) -> Vec<&'static str> {
        self.flags()
            .into_iter()
            .zip(other.flags())
            .zip(Self::NAMES)
            .filter(|((a, b), _)| *a && !*b)
            .map(|(_, (name, _))| name)
            .collect()
    }

    /// The marker trait names of the accepted options.
    pub fn traits(&self) -> Vec<&'static str> {
        self.flags()
            .into_iter()
            .zip(Self::NAMES)
            .filter(|(accepted, _)| *accepted)
            .map(|(_, (_, tr))| tr)
            .collect()
    }
}

use super::{Flags, FlagsEnum};
use crate::enums::{ODataEnum, UnrecognizedValue};
use serde_json::json;

/// A hand-written flags enum shaped exactly like a generated one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Scope {
    None,
    Mailbox,
    Site,
    Unrecognized(UnrecognizedValue),
}

crate::odata_enum!(impl Display, FromStr, Literal, Serialize, Deserialize, Wire, BitOr for Scope, Unrecognized);

impl ODataEnum for Scope {
    const ODATA_TYPE: &'static str = "microsoft.graph.security.scope";
    const MEMBERS: &'static [(&'static str, Self)] = &[
        ("none", Self::None),
        ("mailbox", Self::Mailbox),
        ("site", Self::Site),
    ];
}

impl FlagsEnum for Scope {
    // Deliberately not in value order.
    const VALUES: &'static [(&'static str, u64)] = &[("none", 0), ("site", 2), ("mailbox", 1)];
}

/// No zero-valued member, and an `all` member that is the union of others.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Access {
    Read,
    Write,
    All,
    Unrecognized(UnrecognizedValue),
}

crate::odata_enum!(impl Display, FromStr, Literal, Serialize, Deserialize, Wire, BitOr for Access, Unrecognized);

impl ODataEnum for Access {
    const ODATA_TYPE: &'static str = "microsoft.graph.access";
    const MEMBERS: &'static [(&'static str, Self)] = &[
        ("read", Self::Read),
        ("write", Self::Write),
        ("all", Self::All),
    ];
}

impl FlagsEnum for Access {
    const VALUES: &'static [(&'static str, u64)] = &[("read", 1), ("write", 2), ("all", 3)];
}

fn parse(s: &str) -> Flags<Scope> {
    let Ok(flags) = s.parse::<Flags<Scope>>();
    flags
}

fn unknown(name: &str) -> Scope {
    Scope::from_wire(name)
}

#[test]
fn unknown_members_are_named_explicitly() {
    assert_eq!(Scope::unrecognized("SITE"), Scope::Site);
    assert_eq!(Scope::unrecognized("tenant"), unknown("tenant"));
    let all = Access::unrecognized("all") | Access::unrecognized("audit");
    assert_eq!(all.to_string(), "all,audit");
}

#[test]
fn parse_tolerates_spaces_empty_pieces_and_case() {
    let flags = parse(" site , ,MAILBOX,, ");
    assert!(flags.contains(&Scope::Mailbox));
    assert!(flags.contains(&Scope::Site));
    assert_eq!(flags.len(), 2);
    assert_eq!(flags.unrecognized().count(), 0);
    assert_eq!(flags.to_string(), "mailbox,site");
}

#[test]
fn writes_in_ascending_value_order_whatever_the_input_order() {
    assert_eq!(parse("site,mailbox").to_string(), "mailbox,site");
    assert_eq!(parse("mailbox,site").to_string(), "mailbox,site");
    assert_eq!(
        parse("site,mailbox").iter().collect::<Vec<_>>(),
        vec![Scope::Mailbox, Scope::Site]
    );
}

#[test]
fn unknown_members_are_kept_sorted_after_known_ones() {
    let flags = parse("zeta,site,alpha,zeta");
    assert_eq!(flags.to_string(), "site,alpha,zeta");
    let names: Vec<&str> = flags.unrecognized().map(|u| u.as_str()).collect();
    assert_eq!(names, ["alpha", "zeta"]);
    assert!(flags.contains(&unknown("alpha")));
    assert!(!flags.contains(&unknown("beta")));
    assert_eq!(flags.len(), 3);
    let members: Vec<Scope> = flags.iter().collect();
    assert_eq!(members[0], Scope::Site);
    assert_eq!(members[1].as_str(), "alpha");
    assert_eq!(members[2].as_str(), "zeta");
}

#[test]
fn zero_member_parses_to_nothing_and_names_the_empty_set() {
    let flags = parse("none");
    assert!(flags.is_empty());
    assert_eq!(flags.len(), 0);
    assert!(flags.contains(&Scope::None));
    assert_eq!(flags.to_string(), "none");
    assert_eq!(parse("").to_string(), "none");
    assert_eq!(parse("none,site").to_string(), "site");
    assert!(!parse("site").contains(&Scope::None));
    // Without a zero-valued member the empty set is written as "".
    assert_eq!(Flags::<Access>::new().to_string(), "");
}

#[test]
fn union_member_is_written_as_itself() {
    let Ok(flags) = "read,write".parse::<Flags<Access>>();
    assert_eq!(flags.to_string(), "all");
    assert!(flags.contains(&Access::Read));
    assert!(flags.contains(&Access::All));
    let Ok(read) = "read".parse::<Flags<Access>>();
    assert!(!read.contains(&Access::All));
    assert_eq!(read.to_string(), "read");
}

#[test]
fn set_operations() {
    let a = parse("mailbox,x");
    let b = parse("site,x,y");
    assert_eq!(a.union(&b).to_string(), "mailbox,site,x,y");
    assert_eq!(a.intersection(&b).to_string(), "x");
    assert_eq!(a.difference(&b).to_string(), "mailbox");
    assert_eq!(b.difference(&a).to_string(), "site,y");
    assert_eq!(a.symmetric_difference(&b).to_string(), "mailbox,site,y");

    assert_eq!(a.clone() | b.clone(), a.union(&b));
    assert_eq!(a.clone() & b.clone(), a.intersection(&b));
    assert_eq!(a.clone() - b.clone(), a.difference(&b));
    assert_eq!(a.clone() ^ b.clone(), a.symmetric_difference(&b));

    assert_eq!((a.clone() | Scope::Site).to_string(), "mailbox,site,x");
    assert_eq!((a.clone() & Scope::Mailbox).to_string(), "mailbox");
    assert_eq!((a.clone() - Scope::Mailbox).to_string(), "x");
    assert_eq!((a.clone() ^ Scope::Mailbox).to_string(), "x");
    assert_eq!((a.clone() ^ unknown("y")).to_string(), "mailbox,x,y");

    let mut c = a.clone();
    c |= b.clone();
    assert_eq!(c, a.union(&b));
    c &= parse("site,y");
    assert_eq!(c.to_string(), "site,y");
    c -= Scope::Site;
    assert_eq!(c.to_string(), "y");
    c ^= parse("y,mailbox");
    assert_eq!(c.to_string(), "mailbox");
    c |= Scope::Site;
    c &= Scope::Site;
    assert_eq!(c.to_string(), "site");
    c ^= Scope::Mailbox;
    c -= parse("site");
    assert_eq!(c.to_string(), "mailbox");
}

#[test]
fn insert_remove_and_builders() {
    let mut flags = Flags::<Scope>::empty();
    assert!(flags.is_empty());
    flags.insert(Scope::Site);
    flags.insert(unknown("extra"));
    flags.insert(Scope::None);
    assert_eq!(flags.to_string(), "site,extra");
    flags.remove(&unknown("extra"));
    flags.remove(&Scope::Site);
    assert!(flags.is_empty());

    assert_eq!((Scope::Site | Scope::Mailbox).to_string(), "mailbox,site");
    let collected: Flags<Scope> = [Scope::Site, Scope::Mailbox, Scope::Site]
        .into_iter()
        .collect();
    assert_eq!(collected, Scope::Mailbox | Scope::Site);
    let mut extended = Flags::from(Scope::Site);
    extended.extend([unknown("b"), unknown("a")]);
    assert_eq!(extended.to_string(), "site,a,b");
    assert_eq!(Flags::<Scope>::default(), Flags::new());
}

#[test]
fn debug_lists_member_names() {
    assert_eq!(
        format!("{:?}", parse("site,mailbox,new")),
        "Flags(mailbox | site | new)"
    );
    assert_eq!(format!("{:?}", Flags::<Scope>::new()), "Flags()");
}

#[test]
fn serde_round_trip_of_the_string_form() {
    let flags: Flags<Scope> = serde_json::from_str(r#""site, Mailbox,other""#).unwrap();
    assert_eq!(
        serde_json::to_string(&flags).unwrap(),
        r#""mailbox,site,other""#
    );
    let from_value: Flags<Scope> = serde_json::from_value(json!("mailbox")).unwrap();
    assert_eq!(from_value, Flags::from(Scope::Mailbox));
    let canonical = json!("mailbox,site");
    let typed: Flags<Scope> = serde_json::from_value(canonical.clone()).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), canonical);
}

#[test]
fn numeric_form_maps_bits_and_keeps_leftovers() {
    let flags: Flags<Scope> = serde_json::from_str("3").unwrap();
    assert_eq!(flags, Scope::Mailbox | Scope::Site);
    let flags: Flags<Scope> = serde_json::from_str("0").unwrap();
    assert!(flags.is_empty());
    let flags: Flags<Scope> = serde_json::from_str("70").unwrap();
    assert_eq!(flags.to_string(), "site,68");
    assert!(flags.contains(&unknown("68")));
}

#[test]
fn other_json_types_are_errors() {
    for bad in ["-1", "1.5", "true", "null", "[]", "{}"] {
        let err = serde_json::from_str::<Flags<Scope>>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("microsoft.graph.security.scope"),
            "{bad}: {err}"
        );
    }
}

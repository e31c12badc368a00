//! [`Flags`]: a set of members of a flags enum type (`IsFlags="true"`),
//! written on the wire as `"a,b,c"`.

use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Sub, SubAssign};
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use super::enums::{ODataEnum, UnrecognizedValue};

/// Implemented by the member enum of every flags enum type (`IsFlags="true"`).
pub trait FlagsEnum: ODataEnum {
    /// `(wire name, value)` of every known member, in schema order. Values are
    /// the CSDL member values (powers of two, possibly one member with value 0
    /// such as `"none"`).
    const VALUES: &'static [(&'static str, u64)];
    /// The CSDL value of this member; `None` for the catch-all (unrecognized)
    /// variant.
    fn bits(&self) -> Option<u64> {
        if self.__unrecognized().is_some() {
            return None;
        }
        let name = self.as_str();
        Self::VALUES
            .iter()
            .find(|(member, _)| *member == name)
            .map(|(_, value)| *value)
    }
}

/// A set of members of the flags enum `E`, e.g. `Flags<AdditionalOptions>`;
/// on the wire `"a,b,c"`.
///
/// # Wire format
///
/// - Parsing splits on `,`, trims spaces around each name and skips empty
///   pieces. A name matches a member exactly or, failing that, ignoring ASCII
///   case. A zero-valued member (such as `"none"`) adds nothing. A name no
///   member has is kept verbatim (see [`unrecognized`](Self::unrecognized)).
/// - Writing lists the known members in ascending value order, then the
///   unrecognized names in sorted order, joined with `,` and no spaces. An
///   empty set is written as the zero-valued member's name when `E` has one,
///   otherwise as `""`.
/// - The numeric form OData also allows (a JSON number holding the bits) is
///   accepted when deserializing: each set bit that belongs to a known member
///   selects it, and leftover bits are kept as one unrecognized name, their
///   decimal value (`"64"`), which is written back in the string form.
///
/// Members are stored by value, so a member whose value is the union of
/// others (an `"all"` member, say) is written as itself when all of its bits
/// are set: like .NET, writing picks members greedily from the highest value
/// down.
pub struct Flags<E> {
    /// Union of the values of the known members in the set.
    bits: u64,
    /// Names no member has, sorted and deduplicated.
    unknown: Vec<UnrecognizedValue>,
    _members: PhantomData<fn() -> E>,
}

impl<E> Flags<E> {
    /// The empty set.
    pub const fn new() -> Self {
        Self {
            bits: 0,
            unknown: Vec::new(),
            _members: PhantomData,
        }
    }

    /// The empty set (same as [`new`](Self::new)).
    pub const fn empty() -> Self {
        Self::new()
    }

    /// Whether the set has no member, known or not.
    pub fn is_empty(&self) -> bool {
        self.bits == 0 && self.unknown.is_empty()
    }

    /// The unrecognized member names in the set, in sorted order.
    pub fn unrecognized(&self) -> impl Iterator<Item = &UnrecognizedValue> + '_ {
        self.unknown.iter()
    }

    fn from_parts(bits: u64, unknown: Vec<UnrecognizedValue>) -> Self {
        Self {
            bits,
            unknown,
            _members: PhantomData,
        }
    }

    fn insert_unknown(&mut self, name: &str) {
        if let Err(at) = self
            .unknown
            .binary_search_by(|probe| probe.as_str().cmp(name))
        {
            self.unknown.insert(at, UnrecognizedValue::new(name));
        }
    }

    fn remove_unknown(&mut self, name: &str) {
        if let Ok(at) = self
            .unknown
            .binary_search_by(|probe| probe.as_str().cmp(name))
        {
            self.unknown.remove(at);
        }
    }

    fn has_unknown(&self, name: &str) -> bool {
        self.unknown
            .binary_search_by(|probe| probe.as_str().cmp(name))
            .is_ok()
    }
}

impl<E: FlagsEnum> Flags<E> {
    /// Whether `member` is in the set. For a known member: whether all of its
    /// bits are set (for a zero-valued member such as `"none"`: whether the set
    /// is empty). For an unrecognized value: whether that raw name is kept.
    pub fn contains(&self, member: &E) -> bool {
        match member.bits() {
            Some(0) => self.is_empty(),
            Some(value) => self.bits & value == value,
            None => self.has_unknown(member.as_str()),
        }
    }

    /// Adds `member` to the set (a zero-valued member adds nothing).
    pub fn insert(&mut self, member: E) {
        match member.bits() {
            Some(value) => self.bits |= value,
            None => self.insert_unknown(member.as_str()),
        }
    }

    /// Removes `member` from the set (a zero-valued member removes nothing).
    pub fn remove(&mut self, member: &E) {
        match member.bits() {
            Some(value) => self.bits &= !value,
            None => self.remove_unknown(member.as_str()),
        }
    }

    /// The members in either set.
    pub fn union(&self, other: &Self) -> Self {
        let mut unknown = self.unknown.clone();
        unknown.extend(other.unknown.iter().cloned());
        unknown.sort();
        unknown.dedup();
        Self::from_parts(self.bits | other.bits, unknown)
    }

    /// The members in both sets.
    pub fn intersection(&self, other: &Self) -> Self {
        let unknown = self
            .unknown
            .iter()
            .filter(|u| other.has_unknown(u.as_str()))
            .cloned()
            .collect();
        Self::from_parts(self.bits & other.bits, unknown)
    }

    /// The members in `self` but not in `other`.
    pub fn difference(&self, other: &Self) -> Self {
        let unknown = self
            .unknown
            .iter()
            .filter(|u| !other.has_unknown(u.as_str()))
            .cloned()
            .collect();
        Self::from_parts(self.bits & !other.bits, unknown)
    }

    /// The members in exactly one of the sets.
    pub fn symmetric_difference(&self, other: &Self) -> Self {
        let mut unknown: Vec<UnrecognizedValue> = self
            .unknown
            .iter()
            .filter(|u| !other.has_unknown(u.as_str()))
            .chain(
                other
                    .unknown
                    .iter()
                    .filter(|u| !self.has_unknown(u.as_str())),
            )
            .cloned()
            .collect();
        unknown.sort();
        Self::from_parts(self.bits ^ other.bits, unknown)
    }

    /// The members of the set: the known ones in ascending value order (as
    /// written on the wire), then the unrecognized ones in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = E> + '_ {
        self.known_names()
            .into_iter()
            .map(E::from_wire)
            .chain(self.unknown.iter().map(|u| E::from_wire(u.as_str())))
    }

    /// The number of members [`iter`](Self::iter) yields.
    pub fn len(&self) -> usize {
        self.known_names().len() + self.unknown.len()
    }

    /// Parses the wire form; never fails (unknown names are kept).
    fn parse(input: &str) -> Self {
        let mut flags = Self::new();
        for piece in input.split(',') {
            let name = piece.trim();
            if name.is_empty() {
                continue;
            }
            match member_value::<E>(name) {
                Some(value) => flags.bits |= value,
                None => flags.insert_unknown(name),
            }
        }
        flags
    }

    /// The numeric wire form: known members by bit, leftover bits kept as one
    /// unrecognized name holding their decimal value.
    fn from_numeric(value: u64) -> Self {
        let known = E::VALUES.iter().fold(0, |acc, (_, v)| acc | v);
        let mut flags = Self::new();
        flags.bits = value & known;
        let leftover = value & !known;
        if leftover != 0 {
            flags.insert_unknown(&leftover.to_string());
        }
        flags
    }

    /// Names of the known members that make up `bits`, in ascending value
    /// order (schema order between equal values).
    fn known_names(&self) -> Vec<&'static str> {
        if self.bits == 0 {
            return Vec::new();
        }
        let mut members: Vec<(&'static str, u64)> = E::VALUES
            .iter()
            .copied()
            .filter(|&(_, value)| value != 0)
            .collect();
        // Greedy from the highest value down, as .NET formats flags: a member
        // that is the union of others is preferred to its parts.
        members.sort_by_key(|&(_, value)| std::cmp::Reverse(value));
        let mut remaining = self.bits;
        let mut chosen = Vec::new();
        for &(name, value) in &members {
            if remaining & value == value {
                remaining &= !value;
                chosen.push((name, value));
            }
        }
        if remaining != 0 {
            // Overlapping member values the greedy pass cannot cover exactly:
            // list every member whose bits are all set (their union is `bits`).
            chosen = members
                .into_iter()
                .filter(|&(_, value)| self.bits & value == value)
                .collect();
        }
        chosen.sort_by_key(|&(_, value)| value);
        chosen.into_iter().map(|(name, _)| name).collect()
    }
}

/// The value of the member named `name`: exact match first, then ASCII case
/// insensitive; `None` if no member has that name.
fn member_value<E: FlagsEnum>(name: &str) -> Option<u64> {
    E::VALUES
        .iter()
        .find(|(member, _)| *member == name)
        .or_else(|| {
            E::VALUES
                .iter()
                .find(|(member, _)| member.eq_ignore_ascii_case(name))
        })
        .map(|&(_, value)| value)
}

impl<E> Default for Flags<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Clone for Flags<E> {
    fn clone(&self) -> Self {
        Self::from_parts(self.bits, self.unknown.clone())
    }
}

impl<E> PartialEq for Flags<E> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits && self.unknown == other.unknown
    }
}

impl<E> Eq for Flags<E> {}

impl<E> Hash for Flags<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
        self.unknown.hash(state);
    }
}

impl<E: FlagsEnum> fmt::Debug for Flags<E> {
    /// `Flags(mailbox | site)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Flags(")?;
        let known = self.known_names();
        let unknown = self.unknown.iter().map(UnrecognizedValue::as_str);
        for (i, name) in known.into_iter().chain(unknown).enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            f.write_str(name)?;
        }
        f.write_str(")")
    }
}

impl<E: FlagsEnum> fmt::Display for Flags<E> {
    /// The wire form, e.g. `mailbox,site`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            let zero = E::VALUES.iter().find(|&&(_, value)| value == 0);
            return match zero {
                Some((name, _)) => f.write_str(name),
                None => Ok(()),
            };
        }
        let known = self.known_names();
        let unknown = self.unknown.iter().map(UnrecognizedValue::as_str);
        for (i, name) in known.into_iter().chain(unknown).enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl<E: FlagsEnum> FromStr for Flags<E> {
    type Err = Infallible;

    /// Parses the wire form (see [`Flags`]); never fails.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(s))
    }
}

impl<E: FlagsEnum> From<E> for Flags<E> {
    fn from(member: E) -> Self {
        let mut flags = Self::new();
        flags.insert(member);
        flags
    }
}

impl<E: FlagsEnum> FromIterator<E> for Flags<E> {
    fn from_iter<I: IntoIterator<Item = E>>(iter: I) -> Self {
        let mut flags = Self::new();
        flags.extend(iter);
        flags
    }
}

impl<E: FlagsEnum> Extend<E> for Flags<E> {
    fn extend<I: IntoIterator<Item = E>>(&mut self, iter: I) {
        for member in iter {
            self.insert(member);
        }
    }
}

impl<E: FlagsEnum> BitOr for Flags<E> {
    type Output = Self;

    /// Union.
    fn bitor(self, rhs: Self) -> Self {
        self.union(&rhs)
    }
}

impl<E: FlagsEnum> BitOr<E> for Flags<E> {
    type Output = Self;

    /// Adds a member.
    fn bitor(mut self, rhs: E) -> Self {
        self.insert(rhs);
        self
    }
}

impl<E: FlagsEnum> BitAnd for Flags<E> {
    type Output = Self;

    /// Intersection.
    fn bitand(self, rhs: Self) -> Self {
        self.intersection(&rhs)
    }
}

impl<E: FlagsEnum> BitAnd<E> for Flags<E> {
    type Output = Self;

    /// Intersection with a single member.
    fn bitand(self, rhs: E) -> Self {
        self.intersection(&Self::from(rhs))
    }
}

impl<E: FlagsEnum> Sub for Flags<E> {
    type Output = Self;

    /// Difference.
    fn sub(self, rhs: Self) -> Self {
        self.difference(&rhs)
    }
}

impl<E: FlagsEnum> Sub<E> for Flags<E> {
    type Output = Self;

    /// Removes a member.
    fn sub(mut self, rhs: E) -> Self {
        self.remove(&rhs);
        self
    }
}

impl<E: FlagsEnum> BitXor for Flags<E> {
    type Output = Self;

    /// Symmetric difference.
    fn bitxor(self, rhs: Self) -> Self {
        self.symmetric_difference(&rhs)
    }
}

impl<E: FlagsEnum> BitXor<E> for Flags<E> {
    type Output = Self;

    /// Toggles a member.
    fn bitxor(self, rhs: E) -> Self {
        self.symmetric_difference(&Self::from(rhs))
    }
}

impl<E: FlagsEnum> BitOrAssign for Flags<E> {
    fn bitor_assign(&mut self, rhs: Self) {
        *self = self.union(&rhs);
    }
}

impl<E: FlagsEnum> BitOrAssign<E> for Flags<E> {
    fn bitor_assign(&mut self, rhs: E) {
        self.insert(rhs);
    }
}

impl<E: FlagsEnum> BitAndAssign for Flags<E> {
    fn bitand_assign(&mut self, rhs: Self) {
        *self = self.intersection(&rhs);
    }
}

impl<E: FlagsEnum> BitAndAssign<E> for Flags<E> {
    fn bitand_assign(&mut self, rhs: E) {
        *self = self.intersection(&Self::from(rhs));
    }
}

impl<E: FlagsEnum> SubAssign for Flags<E> {
    fn sub_assign(&mut self, rhs: Self) {
        *self = self.difference(&rhs);
    }
}

impl<E: FlagsEnum> SubAssign<E> for Flags<E> {
    fn sub_assign(&mut self, rhs: E) {
        self.remove(&rhs);
    }
}

impl<E: FlagsEnum> BitXorAssign for Flags<E> {
    fn bitxor_assign(&mut self, rhs: Self) {
        *self = self.symmetric_difference(&rhs);
    }
}

impl<E: FlagsEnum> BitXorAssign<E> for Flags<E> {
    fn bitxor_assign(&mut self, rhs: E) {
        *self = self.symmetric_difference(&Self::from(rhs));
    }
}

impl<E: FlagsEnum> Serialize for Flags<E> {
    /// Writes the wire string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, E: FlagsEnum> Deserialize<'de> for Flags<E> {
    /// Reads the wire string, or the numeric form (see [`Flags`]).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FlagsVisitor(PhantomData))
    }
}

struct FlagsVisitor<E>(PhantomData<fn() -> E>);

impl<E: FlagsEnum> Visitor<'_> for FlagsVisitor<E> {
    type Value = Flags<E>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a comma-separated list of {} members (or their numeric value)",
            E::ODATA_TYPE
        )
    }

    fn visit_str<Err: de::Error>(self, value: &str) -> Result<Self::Value, Err> {
        Ok(Flags::parse(value))
    }

    fn visit_u64<Err: de::Error>(self, value: u64) -> Result<Self::Value, Err> {
        Ok(Flags::from_numeric(value))
    }

    fn visit_i64<Err: de::Error>(self, value: i64) -> Result<Self::Value, Err> {
        u64::try_from(value)
            .map(Flags::from_numeric)
            .map_err(|_| Err::invalid_value(de::Unexpected::Signed(value), &self))
    }
}

#[cfg(test)]
pub(crate) mod tests;

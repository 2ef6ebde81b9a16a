//! [`Undeclared`]: the members a decoded event carried that its version does not declare,
//! listed from what the decoder kept ([`Extra`](crate::Extra)) without reading the input again.
//!
//! The `#[family]` and `#[shapes]` macros implement it for every declared type and family
//! enum (every member of a declared struct is visited, so a member's type implements it),
//! this module for the scalars, the envelope ([`CloudEvent`], whose undeclared members are its extension attributes),
//! `Option` and `Vec`, and [`catalog!`](crate::catalog!) for the catalog's enum.

use crate::{CloudEvent, EventData};

use walk::{extra, member};

/// A decoded value that can list the members it carried without declaring them, its own and
/// those of the values it holds.
pub trait Undeclared {
    /// Calls `found` with the JSON pointer of each undeclared member, in wire order; `at` is
    /// the pointer of this value (`""` for a whole event) and is left as it was.
    fn undeclared(&self, at: &mut String, found: &mut dyn FnMut(&str));
}

/// The JSON pointers of every undeclared member of `value`, a whole event.
pub fn pointers<T: Undeclared + ?Sized>(value: &T) -> Vec<String> {
    let mut out = Vec::new();
    value.undeclared(&mut String::new(), &mut |pointer| {
        out.push(pointer.to_owned())
    });
    out
}

impl<D: EventData + Undeclared> Undeclared for CloudEvent<D> {
    fn undeclared(&self, at: &mut String, found: &mut dyn FnMut(&str)) {
        extra(at, &self.extensions, found);
        member(at, "data", &self.data, found);
    }
}

impl<T: Undeclared> Undeclared for Option<T> {
    fn undeclared(&self, at: &mut String, found: &mut dyn FnMut(&str)) {
        if let Some(value) = self {
            value.undeclared(at, found);
        }
    }
}

impl<T: Undeclared> Undeclared for Vec<T> {
    fn undeclared(&self, at: &mut String, found: &mut dyn FnMut(&str)) {
        let len = at.len();
        for (i, item) in self.iter().enumerate() {
            at.push('/');
            at.push_str(&i.to_string());
            item.undeclared(at, found);
            at.truncate(len);
        }
    }
}

/// Values that are not objects carry no members: scalars, and the documented values of an
/// open set.
macro_rules! no_members {
    ($($ty:ty),* $(,)?) => {$(
        impl Undeclared for $ty {
            fn undeclared(&self, _: &mut String, _: &mut dyn FnMut(&str)) {}
        }
    )*};
}

no_members!(
    crate::Guid,
    crate::Ksuid,
    crate::NumericId,
    crate::Timestamp,
    String,
    bool,
    i64,
    u64,
);

impl<E> Undeclared for crate::Open<E> {
    fn undeclared(&self, _: &mut String, _: &mut dyn FnMut(&str)) {}
}

/// Implements [`Undeclared`] for the enum a [`catalog!`](crate::catalog!) declares.
#[doc(hidden)]
#[macro_export]
macro_rules! __undeclared_for_catalog {
    ($name:ident $(, $variant:ident)*) => {
        impl $crate::undeclared::Undeclared for $name {
            fn undeclared(&self, at: &mut ::std::string::String, found: &mut dyn ::core::ops::FnMut(&str)) {
                match self {
                    $( $name::$variant(event) => $crate::undeclared::Undeclared::undeclared(event, at, found), )*
                }
            }
        }
    };
}

/// The steps of a listing, which the generated impls call for each member.
pub(crate) mod walk {
    use crate::Extra;
    use crate::error::escape_into;

    use super::Undeclared;

    /// Lists the undeclared members of `value`, the member `name` of the value at `at`.
    pub fn member<T: Undeclared + ?Sized>(
        at: &mut String,
        name: &str,
        value: &T,
        found: &mut dyn FnMut(&str),
    ) {
        let len = at.len();
        at.push('/');
        escape_into(at, name);
        value.undeclared(at, found);
        at.truncate(len);
    }

    /// Lists the members kept in `extra`, those of the object at `at`.
    pub fn extra(at: &mut String, extra: &Extra, found: &mut dyn FnMut(&str)) {
        let len = at.len();
        for (name, _) in extra.iter() {
            at.push('/');
            escape_into(at, name);
            found(at);
            at.truncate(len);
        }
    }
}

//! What generated code asks of a field's value or type: whether a
//! `#[graph(default)]` field holds its default (and so is left out), and
//! whether a field's type is `std::time::Duration` (refused).

/// A field's type, for checks the attribute makes by type at compile time.
/// `FieldType::<T>::STD_DURATION` is `true` only for `std::time::Duration`
/// (and its `Option` and `Vec`): an inherent constant of those types, and
/// [`NotStdDuration`]'s `false` for every other.
pub struct FieldType<T: ?Sized>(std::marker::PhantomData<T>);

impl FieldType<std::time::Duration> {
    /// serde writes it `{"secs":..,"nanos":..}`, which Graph does not read.
    pub const STD_DURATION: bool = true;
}

impl FieldType<Option<std::time::Duration>> {
    /// As for `Duration`.
    pub const STD_DURATION: bool = true;
}

impl FieldType<Vec<std::time::Duration>> {
    /// As for `Duration`.
    pub const STD_DURATION: bool = true;
}

/// `STD_DURATION` for every type but `std::time::Duration`'s.
pub trait NotStdDuration {
    /// Not `std::time::Duration`.
    const STD_DURATION: bool = false;
}

impl<T: ?Sized> NotStdDuration for FieldType<T> {}

/// Whether a `#[graph(default)]` field holds its default, and so is left
/// out when written: absent reads as the default, and the default writes as
/// absent, so an update sends only what the caller set.
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

//! The traits the attribute implements: a resource, its property names,
//! its paths.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::odata::path::{InvalidPathValue, Template};

/// A resource in a Graph collection: what `#[graph_resource(path = "...")]`
/// implements.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a resource with a path",
    note = "a path leads to a collection of resources: put #[graph_resource(path = \"...\")] on `{Self}`"
)]
pub trait GraphResource: PropertyNames + Serialize + DeserializeOwned {
    /// The path type generated from the attribute's template.
    type Path<'a>: ResourcePath<Resource = Self>;

    /// The template of the attribute's path.
    const PATH: &'static Template;
}

/// The wire names of a type's properties, which an update may clear by
/// name. `#[graph_resource]` implements it for structs and for polymorphic
/// enums (whose properties are those of any of their types).
pub trait PropertyNames {
    /// What messages call the type: its OData type, or the enum's name.
    const TYPE_NAME: &'static str;

    /// Whether `name` is the wire name of one of its properties.
    fn has_property(name: &str) -> bool;

    /// The wire names, for messages.
    fn property_names() -> Vec<&'static str>;
}

/// A filled-in path to a collection of `Resource`: the generated
/// `<Struct>Path`, or one declared with `graph_path!`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the path of a collection",
    label = "`list` and `create` take a collection's path",
    note = "a collection's path is the `<Struct>Path` of a struct with `#[graph_resource(path = \
            \"/users\")]`; a singleton's path (`singleton`: `/me`) or one item's (`path.item(id)`) is read \
            with `get` and changed with `update`"
)]
pub trait ResourcePath {
    /// What the collection holds.
    type Resource;

    /// The template the path fills in.
    const TEMPLATE: &'static Template;

    /// The path, every value percent-encoded, relative to the client's base URL.
    ///
    /// # Errors
    ///
    /// [`InvalidPathValue`] (which converts into `Error::InvalidPath`) if a
    /// value is empty or is `.` or `..` where a whole segment is expected:
    /// such a value would change the path's shape.
    fn render(&self) -> Result<String, InvalidPathValue>;

    /// The path to the item with this `id` in the collection.
    fn item(self, id: &str) -> ItemPath<'_, Self>
    where
        Self: Sized,
    {
        ItemPath { collection: self, id }
    }
}

/// The path to one item of a collection: the collection's path and the
/// item's `id` as one more segment. Made with [`ResourcePath::item`].
///
/// ```
/// use graph_resource::ResourcePath;
/// use graph_resource_models::EnrollmentConfigurationAssignmentPath;
///
/// let item = EnrollmentConfigurationAssignmentPath {
///     users_id: "adele@contoso.com",
///     device_enrollment_configuration_id: "c1",
/// }
/// .item("a/1");
/// assert_eq!(
///     item.render().unwrap(),
///     "/users/adele%40contoso.com/deviceEnrollmentConfigurations/c1/assignments/a%2F1"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemPath<'a, P> {
    /// The collection's path.
    pub collection: P,
    /// The item's id.
    pub id: &'a str,
}

impl<P: ResourcePath> ItemPath<'_, P> {
    /// The path, every value percent-encoded, relative to the client's base URL.
    ///
    /// # Errors
    ///
    /// [`InvalidPathValue`] (which converts into `Error::InvalidPath`) if a
    /// value of the collection's path, or the id, is empty, `.` or `..`.
    pub fn render(&self) -> Result<String, InvalidPathValue> {
        let mut out = self.collection.render()?;
        crate::odata::path::push_item_id(&mut out, self.id)?;
        Ok(out)
    }
}

/// Where one object is: an item of a collection ([`ItemPath`]), or the path
/// of a singleton or single-valued navigation (`/me`, `/deviceManagement`,
/// `/users/{usersId}/manager`), which `#[graph_resource(path = "...",
/// singleton)]` generates.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the path of one object",
    label = "`get`, `update` and `delete` take the path of one object",
    note = "one item of a collection is its collection's path and its id: `path.item(id)`, \
            e.g. `User::get(&client, UserPath.item(id))`; \
            an object with no collection (`/me`, `/users/{{userId}}/manager`) has a struct with `singleton`"
)]
pub trait ObjectPath {
    /// The object's type.
    type Resource;

    /// The template the path fills in (the collection's, for an item).
    const TEMPLATE: &'static Template;

    /// Whether the path ends with an item's id.
    const ITEM: bool;

    /// The path, every value percent-encoded, relative to the client's base URL.
    ///
    /// # Errors
    ///
    /// [`InvalidPathValue`] (which converts into `Error::InvalidPath`) if a value is empty, `.` or `..`.
    fn render(&self) -> Result<String, InvalidPathValue>;
}

impl<P: ResourcePath> ObjectPath for ItemPath<'_, P> {
    type Resource = P::Resource;
    const TEMPLATE: &'static Template = P::TEMPLATE;
    const ITEM: bool = true;

    fn render(&self) -> Result<String, InvalidPathValue> {
        ItemPath::render(self)
    }
}

//! The traits the attribute implements, and the operations it calls.

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::BoxFuture;
use crate::list::List;
use crate::pipeline::{Call, Target};
use crate::{Client, Error, Template};

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
pub trait ResourcePath {
    /// What the collection holds.
    type Resource;

    /// The template the path fills in.
    const TEMPLATE: &'static Template;

    /// The path, every value percent-encoded, relative to the client's base URL.
    ///
    /// # Errors
    ///
    /// `Error::InvalidPath` if a value is empty or is `.` or `..` where
    /// a whole segment is expected: such a value would change the path's shape.
    fn render(&self) -> Result<String, Error>;

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
/// use graph_resource::models::EnrollmentConfigurationAssignmentPath;
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
    /// `Error::InvalidPath` if a value of the collection's path, or the id,
    /// is empty, `.` or `..`.
    pub fn render(&self) -> Result<String, Error> {
        let mut out = self.collection.render()?;
        crate::path::push_item_id(&mut out, self.id)?;
        Ok(out)
    }
}

/// `POST` the resource to its collection, expecting the created object back.
#[doc(hidden)]
pub async fn create<T, P>(client: &Client, path: P, resource: &T) -> Result<T, Error>
where
    T: Serialize + DeserializeOwned,
    P: ResourcePath<Resource = T>,
{
    let rendered = path.render()?;
    let body = json_body(resource)?;
    let answer = client
        .send(Call::new(
            Method::POST,
            P::TEMPLATE,
            false,
            Target::Path(&rendered),
            Some(body),
        ))
        .await?;
    answer.json()
}

/// A request body: the value as JSON. A value that does not serialize (a
/// map with non-string keys in `extra`, say) is an invalid request.
pub(crate) fn json_body<T: Serialize + ?Sized>(value: &T) -> Result<Bytes, Error> {
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(|e| Error::invalid_request(format!("the body does not serialize: {e}")))
}

/// `GET` one item.
#[doc(hidden)]
pub async fn get<T, P>(client: &Client, path: ItemPath<'_, P>) -> Result<T, Error>
where
    T: DeserializeOwned,
    P: ResourcePath<Resource = T>,
{
    let rendered = path.render()?;
    let answer = client
        .send(Call::new(
            Method::GET,
            P::TEMPLATE,
            true,
            Target::Path(&rendered),
            None,
        ))
        .await?;
    answer.json()
}

/// `DELETE` one item; Graph answers `204 No Content`.
#[doc(hidden)]
pub async fn delete<T, P>(client: &Client, path: ItemPath<'_, P>) -> Result<(), Error>
where
    P: ResourcePath<Resource = T>,
{
    let rendered = path.render()?;
    client
        .send(Call::new(
            Method::DELETE,
            P::TEMPLATE,
            true,
            Target::Path(&rendered),
            None,
        ))
        .await?;
    Ok(())
}

/// Lists the items of one derived type `V` of the collection at `path`,
/// through an OData type cast: `GET {path}/microsoft.graph.{type}`.
#[doc(hidden)]
pub fn list_of<V, P>(client: &Client, path: P) -> List<V>
where
    V: crate::ODataType + DeserializeOwned + Send + 'static,
    P: ResourcePath,
{
    let cast = V::ODATA_TYPE.trim_start_matches('#');
    List::new(client, P::TEMPLATE, path.render().map(|p| format!("{p}/{cast}")))
}

/// Lists the collection at `path`.
#[doc(hidden)]
pub fn list<T, P>(client: &Client, path: P) -> List<T>
where
    T: DeserializeOwned + Send + 'static,
    P: ResourcePath<Resource = T>,
{
    List::new(client, P::TEMPLATE, path.render())
}

/// An update (`PATCH`) of one item, sent when awaited. Made by the
/// generated `update` method.
///
/// The body holds the properties that are set (`Some`); those that are
/// `None` are left as they are on the server. To clear a property, name it
/// with [`set_null`](Update::set_null): it is sent as `null`.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// use graph_resource::ResourcePath;
/// use graph_resource::models::{DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment, DeviceManagementEnrollmentConfigurationAssignmentsPath};
///
/// let path = DeviceManagementEnrollmentConfigurationAssignmentsPath { device_enrollment_configuration_id: "c1" };
/// let change = EnrollmentConfigurationAssignment {
///     source: Some(DeviceAndAppManagementAssignmentSource::PolicySets),
///     ..Default::default()
/// };
/// let updated = change.update(&client, path.item("a1")).set_null("sourceId").await?;
/// # Ok(()) }
/// ```
#[must_use = "an update is sent when awaited"]
pub struct Update<'a, T, P> {
    client: &'a Client,
    path: ItemPath<'a, P>,
    resource: &'a T,
    nulls: Vec<String>,
}

impl<T, P: std::fmt::Debug> std::fmt::Debug for Update<'_, T, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Update")
            .field("path", &self.path)
            .field("nulls", &self.nulls)
            .finish_non_exhaustive()
    }
}

impl<'a, T, P> Update<'a, T, P> {
    #[doc(hidden)]
    pub fn new(client: &'a Client, path: ItemPath<'a, P>, resource: &'a T) -> Self {
        Update {
            client,
            path,
            resource,
            nulls: Vec::new(),
        }
    }

    /// Sends `property` (its name on the wire, e.g. `sourceId`) as `null`,
    /// which clears it.
    pub fn set_null(mut self, property: &str) -> Self {
        self.nulls.push(property.to_owned());
        self
    }
}

impl<'a, T, P> std::future::IntoFuture for Update<'a, T, P>
where
    T: PropertyNames + Serialize + DeserializeOwned + Sync,
    P: ResourcePath<Resource = T> + Send + Sync + 'a,
{
    type Output = Result<Option<T>, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let rendered = self.path.render()?;
            let mut body = match serde_json::to_value(self.resource) {
                Ok(serde_json::Value::Object(map)) => map,
                Ok(_) => {
                    return Err(Error::invalid_request(
                        "the resource does not serialize to an object",
                    ));
                }
                Err(e) => {
                    return Err(Error::invalid_request(format!(
                        "the resource does not serialize: {e}"
                    )));
                }
            };
            for name in &self.nulls {
                if !<T as PropertyNames>::has_property(name) {
                    return Err(Error::invalid_request(format!(
                        "`{name}` is not a property of {}: it has {}",
                        T::TYPE_NAME,
                        T::property_names().join(", ")
                    )));
                }
                body.insert(name.clone(), serde_json::Value::Null);
            }
            let body = json_body(&body)?;
            let answer = self
                .client
                .send(Call::new(
                    Method::PATCH,
                    P::TEMPLATE,
                    true,
                    Target::Path(&rendered),
                    Some(body),
                ))
                .await?;
            if answer.body.is_empty() {
                Ok(None)
            } else {
                answer.json().map(Some)
            }
        })
    }
}

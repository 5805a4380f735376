//! One item's read (`Get`) and update (`Update`): set up with options and
//! headers, then sent when awaited.

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::http::BoxFuture;
use crate::http::call::{Call, Target};
use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::error::RequestPart;
use crate::http::headers::Headers;
use crate::odata::query::Names;
use crate::odata::query::Query;
use crate::odata::resource::{ObjectPath, PropertyNames};
use crate::ops::control::{Control, per_call_control};
use crate::ops::operations::json_body;
use crate::ops::options::{Operation, Setup};
use crate::ops::response::{Answered, answers};

/// A read (`GET`) of one item, sent when awaited. Made by the generated
/// `get` method; query options and headers are set on it first.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// use graph_resource::ResourcePath;
/// use graph_resource_models::{DeviceEnrollmentConfiguration, DeviceEnrollmentConfigurationPath};
///
/// let path = DeviceEnrollmentConfigurationPath.item("c1");
/// let configuration = DeviceEnrollmentConfiguration::get(&client, path)
///     .select(["id", "displayName", "priority"])
///     .expand(["assignments"])
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a get is sent when awaited"]
pub struct Get<'a, T, A> {
    client: &'a Client,
    path: A,
    setup: Setup,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<T, A: std::fmt::Debug> std::fmt::Debug for Get<'_, T, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Get")
            .field("path", &self.path)
            .field("query", &self.setup.query)
            .finish_non_exhaustive()
    }
}

impl<'a, T: PropertyNames, A> Get<'a, T, A> {
    #[doc(hidden)]
    pub fn new(client: &'a Client, path: A) -> Self {
        Get {
            client,
            path,
            setup: Setup::default(),
            item: std::marker::PhantomData,
        }
    }

    /// `$select`: the properties to return, each checked against `T`'s.
    pub fn select(mut self, properties: impl Names) -> Self {
        self.setup.select::<T>(properties.into_names());
        self
    }

    /// `$expand`: relationships to return inline, each checked against
    /// `T`'s properties.
    pub fn expand(mut self, relationships: impl Names) -> Self {
        self.setup.expand::<T>(relationships.into_names());
        self
    }

    /// Any other query option; see [`Query::option`]. Options that only a
    /// collection has (`$filter`, `$top`, ...) are refused when sent.
    pub fn option(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.setup.with_query(|q| q.option(name, value));
        self
    }

    /// Sets all query options at once; names are not checked against the type.
    pub fn query(mut self, query: Query) -> Self {
        self.setup.query = query;
        self
    }

    /// A request header, e.g. `ConsistencyLevel: eventual`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.setup.headers.set(name, value);
        self
    }
}

impl<'a, T, A> std::future::IntoFuture for Get<'a, T, A>
where
    T: DeserializeOwned + 'a,
    A: ObjectPath<Resource = T> + Send + Sync + 'a,
{
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.run().await.map(Answered::into_value) })
    }
}

impl<'a, T, A> Get<'a, T, A>
where
    T: DeserializeOwned + 'a,
    A: ObjectPath<Resource = T> + Send + Sync + 'a,
{
    async fn run(mut self) -> Result<Answered<T>, Error> {
        let headers = self.setup.ready(Operation::Get)?;
        let target = self.setup.target(&self.path.render()?);
        let call = Call::new(Method::GET, A::TEMPLATE, A::ITEM, Target::Path(&target), None).headers(headers);
        let mut answer = self
            .client
            .send(self.setup.control.apply(self.client, call))
            .await?;
        let value = answer.json()?;
        Ok(Answered::new(value, &mut answer))
    }
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
/// use graph_resource_models::{
///     DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
///     DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath as AssignmentsPath,
/// };
///
/// let path = AssignmentsPath { device_enrollment_configuration_id: "c1" };
/// let change = EnrollmentConfigurationAssignment {
///     source: Some(DeviceAndAppManagementAssignmentSource::PolicySets),
///     ..Default::default()
/// };
/// let updated = change.update(&client, path.item("a1")).set_null("sourceId").await?;
/// # Ok(()) }
/// ```
#[must_use = "an update is sent when awaited"]
pub struct Update<'a, T, A> {
    client: &'a Client,
    path: A,
    resource: &'a T,
    nulls: Vec<String>,
    headers: Headers,
    control: Control,
}

impl<T, A: std::fmt::Debug> std::fmt::Debug for Update<'_, T, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Update")
            .field("path", &self.path)
            .field("nulls", &self.nulls)
            .finish_non_exhaustive()
    }
}

impl<'a, T, A> Update<'a, T, A> {
    #[doc(hidden)]
    pub fn new(client: &'a Client, path: A, resource: &'a T) -> Self {
        Update {
            client,
            path,
            resource,
            nulls: Vec::new(),
            headers: Headers::default(),
            control: Control::default(),
        }
    }

    /// Sends `property` (its name on the wire, e.g. `sourceId`) as `null`,
    /// which clears it.
    pub fn set_null(mut self, property: &str) -> Self {
        self.nulls.push(property.to_owned());
        self
    }

    /// A request header, e.g. `Prefer: return=representation`, with which
    /// Graph answers the update with the updated object.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.set(name, value);
        self
    }
}

impl<'a, T, A> std::future::IntoFuture for Update<'a, T, A>
where
    T: PropertyNames + Serialize + DeserializeOwned + Sync,
    A: ObjectPath<Resource = T> + Send + Sync + 'a,
{
    type Output = Result<Option<T>, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.run().await.map(Answered::into_value) })
    }
}

impl<'a, T, A> Update<'a, T, A>
where
    T: PropertyNames + Serialize + DeserializeOwned + Sync,
    A: ObjectPath<Resource = T> + Send + Sync + 'a,
{
    async fn run(self) -> Result<Answered<Option<T>>, Error> {
        let rendered = self.path.render()?;
        let mut body = match serde_json::to_value(self.resource) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(_) => {
                return Err(Error::invalid_request(
                    RequestPart::Body,
                    "the resource does not serialize to an object",
                ));
            }
            Err(e) => {
                return Err(Error::invalid_request(
                    RequestPart::Body,
                    format!("the resource does not serialize: {e}"),
                ));
            }
        };
        for name in &self.nulls {
            if !<T as PropertyNames>::has_property(name) {
                return Err(Error::invalid_request(
                    RequestPart::Property,
                    format!(
                        "`{name}` is not a property of {}: it has {}",
                        T::TYPE_NAME,
                        T::property_names().join(", ")
                    ),
                ));
            }
            body.insert(name.clone(), serde_json::Value::Null);
        }
        let body = json_body(&body)?;
        let headers = self.headers.to_http()?;
        let call = Call::new(
            Method::PATCH,
            A::TEMPLATE,
            A::ITEM,
            Target::Path(&rendered),
            Some(body),
        )
        .headers(headers);
        let mut answer = self.client.send(self.control.apply(self.client, call)).await?;
        let value = if answer.body.is_empty() {
            None
        } else {
            Some(answer.json()?)
        };
        Ok(Answered::new(value, &mut answer))
    }
}

per_call_control!(['a, T, A] Get<'a, T, A> => setup.control, ['a, T, A] Update<'a, T, A> => control);
answers!(
    ['a, T, A] Get<'a, T, A> where [
        T: DeserializeOwned + 'a,
        A: ObjectPath<Resource = T> + Send + Sync + 'a,
    ] => T,
    ['a, T, A] Update<'a, T, A> where [
        T: PropertyNames + Serialize + DeserializeOwned + Sync,
        A: ObjectPath<Resource = T> + Send + Sync + 'a,
    ] => Option<T>,
);

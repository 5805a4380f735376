//! The operations the generated methods call: create and delete (builders
//! sent when awaited) and list a resource; `get` and `update` are in
//! `builders`, actions and functions in `calls`.

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::http::BoxFuture;
use crate::http::call::{Call, Target};
use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::error::RequestPart;
use crate::odata::resource::{ObjectPath, ResourcePath};
use crate::ops::control::{Control, per_call_control};
use crate::ops::list::List;
use crate::ops::response::{Answered, answers};

/// A create (`POST` to a collection, `201 Created`), sent when awaited:
/// the generated `create` method makes it. It answers with the object
/// Graph created, its new `id` included. Throttling (429) and
/// unavailability (503, 504) are retried; a create whose answer was lost
/// is never sent again ([`Error::OutcomeUnknown`]).
#[must_use = "a create is sent when awaited"]
pub struct Create<'a, T, P> {
    client: &'a Client,
    path: P,
    resource: &'a T,
    control: Control,
}

impl<T, P: std::fmt::Debug> std::fmt::Debug for Create<'_, T, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Create")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl<'a, T, P> Create<'a, T, P> {
    #[doc(hidden)]
    pub fn new(client: &'a Client, path: P, resource: &'a T) -> Self {
        Create {
            client,
            path,
            resource,
            control: Control::default(),
        }
    }
}

impl<'a, T, P> std::future::IntoFuture for Create<'a, T, P>
where
    T: Serialize + DeserializeOwned + Sync,
    P: ResourcePath<Resource = T> + Send + Sync + 'a,
{
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.run().await.map(Answered::into_value) })
    }
}

impl<'a, T, P> Create<'a, T, P>
where
    T: Serialize + DeserializeOwned + Sync,
    P: ResourcePath<Resource = T> + Send + Sync + 'a,
{
    async fn run(self) -> Result<Answered<T>, Error> {
        let rendered = self.path.render()?;
        let body = json_body(self.resource)?;
        let call = Call::new(
            Method::POST,
            P::TEMPLATE,
            false,
            Target::Path(&rendered),
            Some(body),
        );
        let mut answer = self.client.send(self.control.apply(self.client, call)).await?;
        let value = answer.json()?;
        Ok(Answered::new(value, &mut answer))
    }
}

/// A request body: the value as JSON. A value that does not serialize (a
/// map with non-string keys in `extra`, say) is an invalid request.
pub(crate) fn json_body<T: Serialize + ?Sized>(value: &T) -> Result<Bytes, Error> {
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(|e| Error::invalid_request(RequestPart::Body, format!("the body does not serialize: {e}")))
}

/// A delete (`DELETE` of one object, `204 No Content`), sent when
/// awaited: the generated `delete` method makes it.
#[must_use = "a delete is sent when awaited"]
pub struct Delete<'a, T, A> {
    client: &'a Client,
    path: A,
    control: Control,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<T, A: std::fmt::Debug> std::fmt::Debug for Delete<'_, T, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delete")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl<'a, T, A> Delete<'a, T, A> {
    #[doc(hidden)]
    pub fn new(client: &'a Client, path: A) -> Self {
        Delete {
            client,
            path,
            control: Control::default(),
            item: std::marker::PhantomData,
        }
    }
}

impl<'a, T, A> std::future::IntoFuture for Delete<'a, T, A>
where
    T: 'a,
    A: ObjectPath<Resource = T> + Send + Sync + 'a,
{
    type Output = Result<(), Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.run().await.map(Answered::into_value) })
    }
}

impl<'a, T, A> Delete<'a, T, A>
where
    T: 'a,
    A: ObjectPath<Resource = T> + Send + Sync + 'a,
{
    async fn run(self) -> Result<Answered<()>, Error> {
        let rendered = self.path.render()?;
        let call = Call::new(
            Method::DELETE,
            A::TEMPLATE,
            A::ITEM,
            Target::Path(&rendered),
            None,
        );
        let mut answer = self.client.send(self.control.apply(self.client, call)).await?;
        Ok(Answered::new((), &mut answer))
    }
}

per_call_control!(['a, T, P] Create<'a, T, P> => control, ['a, T, A] Delete<'a, T, A> => control);
answers!(
    ['a, T, P] Create<'a, T, P> where [
        T: Serialize + DeserializeOwned + Sync,
        P: ResourcePath<Resource = T> + Send + Sync + 'a,
    ] => T,
    ['a, T, A] Delete<'a, T, A> where [T: 'a, A: ObjectPath<Resource = T> + Send + Sync + 'a] => (),
);

/// Lists the items of one derived type `V` of the collection at `path`,
/// through an OData type cast: `GET {path}/microsoft.graph.{type}`.
#[doc(hidden)]
pub fn list_of<V, P>(client: &Client, path: P) -> List<V>
where
    V: crate::odata::object::ODataType + DeserializeOwned + Send + 'static,
    P: ResourcePath,
{
    let cast = V::ODATA_TYPE.trim_start_matches('#');
    List::new(
        client,
        P::TEMPLATE,
        path.render().map(|p| format!("{p}/{cast}")).map_err(Error::from),
    )
}

/// Lists the collection at `path`.
#[doc(hidden)]
pub fn list<T, P>(client: &Client, path: P) -> List<T>
where
    T: DeserializeOwned + Send + 'static,
    P: ResourcePath<Resource = T>,
{
    List::new(client, P::TEMPLATE, path.render().map_err(Error::from))
}

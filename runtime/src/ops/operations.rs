//! The operations the generated methods call: create, delete and list a
//! resource; `get` and `update` are builders of their own (`builders`),
//! actions and functions are `calls`.

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::pipeline::{Call, Target};
use crate::odata::resource::{ObjectPath, ResourcePath};
use crate::ops::list::List;

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

/// `DELETE` one item; Graph answers `204 No Content`.
#[doc(hidden)]
pub async fn delete<T, A>(client: &Client, path: A) -> Result<(), Error>
where
    A: ObjectPath<Resource = T>,
{
    let rendered = path.render()?;
    client
        .send(Call::new(
            Method::DELETE,
            A::TEMPLATE,
            A::ITEM,
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

//! The traits the attribute implements, and the operations it calls.

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::Call;
use crate::{Client, Error, Template};

/// A type with an OData type name, written as `@odata.type`.
///
/// Implemented by `#[graph_resource]` on every struct.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no OData type",
    note = "put #[graph_resource] on `{Self}`"
)]
pub trait ODataType {
    /// The qualified name with its `#`, e.g. `#microsoft.graph.groupAssignmentTarget`.
    const ODATA_TYPE: &'static str;
}

/// A resource in a Graph collection: what `#[graph_resource(path = "...")]`
/// implements.
pub trait GraphResource: ODataType + Serialize + DeserializeOwned {
    /// The path type generated from the attribute's template.
    type Path<'a>: ResourcePath<Resource = Self>;

    /// The template of the attribute's path.
    const PATH: &'static Template;
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
}

/// `POST` the resource to its collection, expecting the created object back.
#[doc(hidden)]
pub async fn create<T, P>(client: &Client, path: P, resource: &T) -> Result<T, Error>
where
    T: Serialize + DeserializeOwned,
    P: ResourcePath<Resource = T>,
{
    let rendered = path.render()?;
    let body = serde_json::to_vec(resource)
        .map_err(|e| Error::invalid_request(format!("the resource does not serialize: {e}")))?;
    let answer = client
        .send(Call {
            method: Method::POST,
            template: P::TEMPLATE,
            path: &rendered,
            body: Some(Bytes::from(body)),
        })
        .await?;
    answer.json()
}

//! Actions and functions: what a struct of parameters with `action` or
//! `function` implements, and the request it makes, alone or in `$batch`.

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;

use crate::http::BoxFuture;
use crate::http::call::{Call, Target};
use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::headers::Headers;
use crate::odata::literal::FunctionArgs;
use crate::odata::resource::ResourcePath;
use crate::odata::returned::Returned;
use crate::ops::control::{Control, per_call_control};
use crate::ops::operations::json_body;
use crate::ops::response::{Answered, answers};

/// An action's or function's parameters: what `#[graph_resource(action =
/// "...")]` and `#[graph_resource(function = "...")]` implement.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an action or function",
    label = "a `call` path leads to an action or function",
    note = "put #[graph_resource(action = \"...\")] or #[graph_resource(function = \"...\")] on `{Self}`, or \
            drop `call` for a path to a collection"
)]
pub trait Callable: Serialize {
    /// What it answers with (`returns = ...`, or `()`).
    type Returns: Returned;

    /// Whether it is an action (`POST`, the parameters as the body) rather
    /// than a function (`GET`, the parameters in the URL).
    const ACTION: bool;

    /// A function's parameters as OData literals; none for an action.
    #[doc(hidden)]
    fn arguments(&self) -> FunctionArgs;
}

/// The request of one call: its method, its path (with a function's
/// parameters, and their aliases' query) and its body.
pub(crate) fn request<T: Callable, P: ResourcePath>(
    path: &P,
    parameters: &T,
) -> Result<(Method, String, Option<Bytes>), Error> {
    let mut rendered = path.render()?;
    if T::ACTION {
        let body = json_body(parameters)?;
        // `syncDevice` and its kind take no body at all.
        let body = (&body[..] != b"{}").then_some(body);
        return Ok((Method::POST, rendered, body));
    }
    if let Some(aliases) = parameters.arguments().write(&mut rendered) {
        rendered.push('?');
        rendered.push_str(&aliases);
    }
    Ok((Method::GET, rendered, None))
}

/// One call of an action or function, sent when awaited. Made by the
/// generated `call` method; headers are set on it first.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// use graph_resource_models::{AssignDeviceEnrollmentConfiguration, AssignDeviceEnrollmentConfigurationPath};
///
/// AssignDeviceEnrollmentConfiguration { enrollment_configuration_assignments: Some(vec![]) }
///     .call(&client, AssignDeviceEnrollmentConfigurationPath { device_enrollment_configuration_id: "c1" })
///     .header("Prefer", "include-unknown-enum-members")
///     .await?;
/// # Ok(()) }
/// ```
///
/// An action is not sent again when its answer was lost: the error then
/// says its outcome is unknown. A function is read again, as any `GET`, on
/// throttling and lost connections.
#[must_use = "a call is sent when awaited"]
pub struct Invoke<'a, T, P> {
    client: &'a Client,
    path: P,
    parameters: &'a T,
    headers: Headers,
    control: Control,
}

impl<T, P: std::fmt::Debug> std::fmt::Debug for Invoke<'_, T, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Invoke")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl<'a, T, P> Invoke<'a, T, P> {
    #[doc(hidden)]
    pub fn new(client: &'a Client, path: P, parameters: &'a T) -> Self {
        Invoke {
            client,
            path,
            parameters,
            headers: Headers::default(),
            control: Control::default(),
        }
    }

    /// A request header, e.g. `Prefer: include-unknown-enum-members` or
    /// `ConsistencyLevel: eventual`. Checked when sent, as a `get`'s are.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.set(name, value);
        self
    }
}

impl<'a, T, P> std::future::IntoFuture for Invoke<'a, T, P>
where
    T: Callable + Sync,
    P: ResourcePath<Resource = T> + Send + Sync + 'a,
{
    type Output = Result<T::Returns, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.run().await.map(Answered::into_value) })
    }
}

impl<'a, T, P> Invoke<'a, T, P>
where
    T: Callable + Sync,
    P: ResourcePath<Resource = T> + Send + Sync + 'a,
{
    async fn run(self) -> Result<Answered<T::Returns>, Error> {
        let headers = self.headers.to_http()?;
        let (method, rendered, body) = request(&self.path, self.parameters)?;
        let call = Call::new(method, P::TEMPLATE, false, Target::Path(&rendered), body).headers(headers);
        let mut answer = self.client.send(self.control.apply(self.client, call)).await?;
        let value = T::Returns::from_body(&answer.body).map_err(|e| answer.decode_error(e))?;
        Ok(Answered::new(value, &mut answer))
    }
}

per_call_control!(['a, T, P] Invoke<'a, T, P> => control);
answers!(['a, T, P] Invoke<'a, T, P> where [
    T: Callable + Sync,
    P: ResourcePath<Resource = T> + Send + Sync + 'a,
] => T::Returns);

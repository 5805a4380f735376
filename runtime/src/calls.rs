//! Actions and functions: what a struct of parameters with `action` or
//! `function` implements, and the request it makes, alone or in `$batch`.

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;

use crate::literal::FunctionArgs;
use crate::operations::json_body;
use crate::pipeline::{Call, Target};
use crate::resource::ResourcePath;
use crate::returned::Returned;
use crate::{Client, Error};

/// An action's or function's parameters: what `#[graph_resource(action =
/// "...")]` and `#[graph_resource(function = "...")]` implement.
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

/// Calls an action or function and reads its answer. An action whose
/// answer was lost is never sent again; a function is retried as any read.
#[doc(hidden)]
pub async fn call<T, P>(client: &Client, path: P, parameters: &T) -> Result<T::Returns, Error>
where
    T: Callable,
    P: ResourcePath<Resource = T>,
{
    let (method, rendered, body) = request(&path, parameters)?;
    let answer = client
        .send(Call::new(
            method,
            P::TEMPLATE,
            false,
            Target::Path(&rendered),
            body,
        ))
        .await?;
    T::Returns::from_body(&answer.body).map_err(|e| answer.decode_error(e))
}

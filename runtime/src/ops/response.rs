//! An answer's status and headers beside its value, for a call that asks
//! for them (`.with_headers()`): a `Location` after `202 Accepted`, an
//! `ETag`, a `Content-Range`. The plain forms answer with the value alone.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::http::call::Answer;
use crate::http::error::Error;

/// A value with the status and headers of the answer that carried it.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// use graph_resource::Method;
///
/// let answered = client
///     .request(Method::POST, "/drives/{drive}/items/{item}/copy")
///     .value("drive", "d1")
///     .value("item", "i1")
///     .json(&serde_json::json!({"name": "copy.docx"}))
///     .send_with_headers::<()>()
///     .await?;
/// // A copy answers 202 Accepted, its progress at `Location`.
/// println!("{} {:?}", answered.status(), answered.header("location"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Answered<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
}

impl<T> Answered<T> {
    pub(crate) fn new(value: T, answer: &mut Answer) -> Self {
        Answered {
            value,
            status: answer.status,
            headers: std::mem::take(&mut answer.headers),
        }
    }

    #[cfg(feature = "transfer")]
    pub(crate) fn from_parts(value: T, status: StatusCode, headers: HeaderMap) -> Self {
        Answered {
            value,
            status,
            headers,
        }
    }

    /// The value read from the body.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value, without the rest.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The answer's status: `200`, `201`, `202`, `204`.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's first value, if it is there and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// A call whose answer's status and headers can be asked for with
/// [`with_headers`](crate::ops::Get::with_headers): every operation that
/// sends one request (`Get`, `Create`, `Update`, `Delete`, `Invoke`).
pub trait Answers: sealed::Sealed + Sized {
    /// What the call answers with.
    type Value;
    /// The call, sent.
    type Future: std::future::Future<Output = Result<Answered<Self::Value>, Error>>;

    #[doc(hidden)]
    fn answered(self) -> Self::Future;
}

/// A call that answers with its value's [`Answered`]: status and headers
/// too. Made by each operation's `with_headers()`; sent when awaited.
#[must_use = "a call is sent when awaited"]
#[derive(Debug)]
pub struct WithHeaders<B>(pub(crate) B);

impl<B: Answers> std::future::IntoFuture for WithHeaders<B> {
    type Output = Result<Answered<B::Value>, Error>;
    type IntoFuture = B::Future;

    fn into_future(self) -> Self::IntoFuture {
        self.0.answered()
    }
}

/// `Sealed`, `Answers` through the builder's own `answered` method, and
/// `with_headers`, for each builder.
macro_rules! answers {
    ($([$($generics:tt)*] $builder:ty where [$($bounds:tt)*] => $value:ty),* $(,)?) => {$(
        impl<$($generics)*> $crate::ops::response::sealed::Sealed for $builder {}

        impl<$($generics)*> $crate::ops::response::Answers for $builder where $($bounds)* {
            type Value = $value;
            type Future = $crate::http::BoxFuture<
                'a,
                Result<$crate::ops::response::Answered<$value>, $crate::http::error::Error>,
            >;

            fn answered(self) -> Self::Future {
                Box::pin(self.run())
            }
        }

        impl<$($generics)*> $builder {
            /// Answers with the value's [`Answered`](crate::ops::Answered):
            /// the answer's status and headers beside it.
            pub fn with_headers(self) -> $crate::ops::response::WithHeaders<Self> {
                $crate::ops::response::WithHeaders(self)
            }
        }
    )*};
}
pub(crate) use answers;

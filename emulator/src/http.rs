//! The HTTP edge: the only part that speaks hyper. It records each request,
//! applies faults, routes to the token endpoint, `$batch` or the store, and
//! writes the answer.

use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};

use crate::disk::WireBody;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::RecordedRequest;
use crate::answer::{Answer, Body, GRAPH_JSON};
use crate::faults::{Fault, fault_answer};
use crate::request::GraphRequest;
use crate::state::Shared;

/// The largest request body the log keeps; a larger one is logged empty.
const MAX_LOGGED_BODY: usize = 1024 * 1024;

/// Accepts connections for ever, serving each on its own task.
pub(crate) async fn serve(listener: TcpListener, state: Shared, addr: SocketAddr) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        state.lock().connections += 1;
        let state = state.clone();
        tokio::spawn(async move {
            let handler = state.clone();
            let service = service_fn(move |req| handle(handler.clone(), addr, req));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
            state.lock().connections_ended += 1;
        });
    }
}

/// The error hyper is given to close a connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

async fn handle(
    state: Shared,
    addr: SocketAddr,
    req: Request<Incoming>,
) -> Result<Response<WireBody>, Dropped> {
    let method = req.method().as_str().to_owned();
    let target = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    // The fault for this request, if a test queued one: picked before the
    // body is read, so that a connection can be cut in the middle of it.
    // Token requests and requests for no version take none.
    let takes_fault = outside(&target).is_some()
        || (!crate::token::is_token_request(&target) && GraphRequest::split(&target).is_some());
    let fault = if takes_fault {
        state.lock().faults.next()
    } else {
        None
    };
    let mut incoming = req.into_body();
    if let Some(Fault::CutBody) = fault {
        // The first piece arrives; then the connection is cut.
        let _ = incoming.frame().await;
        state.lock().log.push(RecordedRequest {
            method,
            target,
            headers,
            body: Bytes::new(),
        });
        return Err(Dropped);
    }
    // A body that does not arrive whole (the client's stream failed, the
    // connection broke) is not served: as a server, the emulator drops it.
    let Ok(body) = incoming.collect().await.map(|b| b.to_bytes()) else {
        return Err(Dropped);
    };
    let recorded = RecordedRequest {
        method,
        target,
        headers,
        body,
    };
    {
        // The log keeps what tests read; a slice of a large upload is kept
        // by its length alone, so that the emulator's memory stays small.
        let mut logged = recorded.clone();
        if logged.body.len() > MAX_LOGGED_BODY {
            logged.body = Bytes::new();
        }
        state.lock().log.push(logged);
    }
    let client_request_id = recorded.header("client-request-id").map(str::to_owned);

    // Outside Graph: pre-signed storage URLs, upload URLs and monitor URLs,
    // which injected faults stand in for the services' own.
    if let Some(outside) = outside(&recorded.target) {
        let answer = with_fault(fault, || outside(&mut state.lock(), &recorded)).await?;
        return Ok(to_http(answer, None));
    }
    if crate::token::is_token_request(&recorded.target) {
        let answer = crate::token::issue(&mut state.lock(), &recorded);
        return Ok(to_http(answer, None));
    }
    let Some((version, path, query)) = GraphRequest::split(&recorded.target) else {
        let answer = Answer::error(
            400,
            "BadRequest",
            "Invalid version: the path must start with /v1.0 or /beta.",
        );
        return Ok(to_http(answer, client_request_id));
    };
    let origin = format!("http://{addr}");
    let graph = GraphRequest {
        method: &recorded.method,
        version,
        path,
        query,
        headers: &recorded.headers,
        body: &recorded.body,
        origin: &origin,
    };
    let answer = with_fault(fault, || route(&state, &graph)).await?;
    Ok(to_http(answer, client_request_id))
}

/// The answer `serve` gives, as `fault` changes it: dropped before or after
/// serving, delayed, or replaced by the fault's own answer.
async fn with_fault(fault: Option<Fault>, serve: impl FnOnce() -> Answer) -> Result<Answer, Dropped> {
    match fault {
        Some(Fault::Drop) => Err(Dropped),
        Some(Fault::DropAfterServing) => {
            serve();
            Err(Dropped)
        }
        Some(Fault::Delay(d)) => {
            tokio::time::sleep(d).await;
            Ok(serve())
        }
        Some(fault) => Ok(fault_answer(fault).unwrap_or_else(serve)),
        None => Ok(serve()),
    }
}

/// What serves a request outside Graph's versions, if it is one.
fn outside(target: &str) -> Option<fn(&mut crate::state::State, &RecordedRequest) -> Answer> {
    if target.starts_with(crate::content::STORAGE) {
        Some(crate::content::storage)
    } else if target.starts_with(crate::uploads::UPLOADS) {
        Some(crate::uploads::serve)
    } else if target.starts_with(crate::blobs::BLOBS) {
        Some(crate::blobs::serve)
    } else if target.starts_with(crate::operations::MONITOR) {
        Some(|state, req| crate::operations::monitor(state, &req.target))
    } else {
        None
    }
}

fn route(state: &Shared, req: &GraphRequest<'_>) -> Answer {
    let mut state = state.lock();
    if crate::batch::is_batch(req) {
        // Its requests count one by one, not the envelope.
        crate::batch::serve(&mut state, req)
    } else if let Some(throttled) = crate::limits::over_limit(&mut state, req) {
        throttled
    } else {
        crate::store::serve(&mut state, req)
    }
}

/// An answer on the wire, with the headers Graph puts on every answer.
fn to_http(answer: Answer, client_request_id: Option<String>) -> Response<WireBody> {
    let mut r = Response::builder()
        .status(answer.status)
        .header("request-id", uuid::Uuid::new_v4().to_string())
        .header("odata-version", "4.0");
    if let Some(id) = client_request_id {
        r = r.header("client-request-id", id);
    }
    for (name, value) in answer.headers {
        r = r.header(name, value);
    }
    let body = match answer.body {
        Body::Empty => WireBody::Full(Full::new(Bytes::new())),
        Body::Json(v) => {
            r = r.header("content-type", GRAPH_JSON);
            WireBody::Full(Full::new(Bytes::from(v.to_string())))
        }
        Body::Raw { content_type, bytes } => {
            r = r.header("content-type", content_type);
            WireBody::Full(Full::new(bytes))
        }
        Body::Content(part) => {
            r = r.header("content-type", "application/octet-stream");
            WireBody::of(part)
        }
    };
    // Every header above is valid; should one not be, answer 500 rather than panic.
    r.body(body).unwrap_or_else(|_| {
        let mut fallback = Response::new(WireBody::Full(Full::new(Bytes::new())));
        *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}

//! Compile errors that lead to the API that does what was meant (and, in
//! `odata::query`, `Query::param`'s).
//!
//! A few names that Rust users reach for have no meaning here, or another
//! one (`list.count()` after a loop, `client.post(..)`, `Query::param`).
//! Left undefined, rustc's suggestions lead nowhere, or the call compiles
//! and does something else. Each is a hidden method whose bound no type
//! meets, and the bound's trait carries the message that names the method
//! to use instead: the call does not compile, and the error says what
//! does. No trait here has an implementation, so none of these methods can
//! ever run.

/// `List::count`.
#[diagnostic::on_unimplemented(
    message = "a `List` has no `count()`: `@odata.count` is `.with_count()` before reading and \
               `.total_count()` after the first page",
    label = "not the number of items",
    note = "ask Graph for the total with `.with_count()` and read it with `list.total_count()` once the \
            first page is read; to count the items read, count them in the loop"
)]
pub trait ListCountIsTotalCount {}

/// `List::delta_link`.
#[diagnostic::on_unimplemented(
    message = "a `List` has no delta link: a delta query is a `Delta`",
    label = "not a delta query",
    note = "`graph_resource::ops::Delta::start(&client, path)` reads the changes, and its `delta_link()` \
            gives the link to store after the last page; `Delta::resume(&client, &link)` starts from it"
)]
pub trait DeltaLinkIsOnDelta {}

/// `Client::get`, `post`, `patch`, `put`, `delete`.
#[diagnostic::on_unimplemented(
    message = "`Client` has no method per HTTP verb: any request is `client.request(Method::POST, path)`",
    label = "use `client.request(method, path)`",
    note = "`client.request(graph_resource::Method::POST, \
            \"/deviceManagement/managedDevices/{{id}}/syncDevice\").value(\"id\", id).send::<()>().await`; a \
            typed model's own operations (`create`, `get`, `update`, `delete`, `list`, `call`) need \
            none of it"
)]
pub trait VerbIsRequest {}

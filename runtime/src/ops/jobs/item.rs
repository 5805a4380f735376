//! One operation of a job, as it is kept in Redis: which tenant it is for,
//! the kind a lookup recognizes, and the request (method, path, body).

use reqwest::Method;
use serde::Serialize;
use serde_json::{Value, json};

use crate::http::error::{Error, RequestPart};
use crate::odata::resource::{ObjectPath, ResourcePath};
use crate::ops::calls::Callable;

/// One operation of a job: a create, an update, a delete or an action,
/// for one tenant. Made from a typed path and value
/// ([`create`](Item::create), [`update`](Item::update),
/// [`delete`](Item::delete), [`call`](Item::call) for an action) or from a
/// request of one's own ([`request`](Item::request)).
///
/// ```
/// # #[cfg(feature = "redis")] {
/// use graph_resource::ops::jobs::Item;
/// use graph_resource_models::{EnrollmentConfigurationAssignment, EnrollmentConfigurationAssignmentPath};
///
/// let path = EnrollmentConfigurationAssignmentPath {
///     users_id: "adele@contoso.com",
///     device_enrollment_configuration_id: "c1",
/// };
/// let item = Item::create(&path, &EnrollmentConfigurationAssignment::default())?
///     .tenant("contoso.onmicrosoft.com")
///     .kind("assignment");
/// assert_eq!(item.path(), "/users/adele%40contoso.com/deviceEnrollmentConfigurations/c1/assignments");
/// # }
/// # Ok::<(), graph_resource::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    tenant: String,
    kind: String,
    method: Method,
    path: String,
    body: Option<Value>,
    key: Option<Value>,
}

impl Item {
    /// A create: `POST` of `resource` to the collection at `path`.
    ///
    /// # Errors
    ///
    /// A path value that would change the path's shape, or a resource that
    /// does not serialize.
    pub fn create<P>(path: &P, resource: &P::Resource) -> Result<Item, Error>
    where
        P: ResourcePath,
        P::Resource: Serialize,
    {
        Ok(Item::request(Method::POST, path.render()?, Some(to_json(resource)?)).kind("create"))
    }

    /// An update: `PATCH` of `changes` to the object at `path`.
    ///
    /// # Errors
    ///
    /// As [`create`](Item::create).
    pub fn update<P: ObjectPath>(path: &P, changes: &impl Serialize) -> Result<Item, Error> {
        Ok(Item::request(Method::PATCH, path.render()?, Some(to_json(changes)?)).kind("update"))
    }

    /// A delete of the object at `path`.
    ///
    /// # Errors
    ///
    /// A path value that would change the path's shape.
    pub fn delete<P: ObjectPath>(path: &P) -> Result<Item, Error> {
        Ok(Item::request(Method::DELETE, path.render()?, None).kind("delete"))
    }

    /// An action (`assign`, `syncDevice`, ...) on the object or collection
    /// at `path`, with its parameters, as the typed action's `call` sends
    /// it; its kind is the action's path's last segment.
    ///
    /// # Errors
    ///
    /// A function (it only reads: a job makes changes), a path value that
    /// would change the path's shape, or parameters that do not serialize.
    pub fn call<T: Callable, P: ResourcePath>(path: &P, parameters: &T) -> Result<Item, Error> {
        if !T::ACTION {
            return Err(Error::invalid_request(
                RequestPart::Body,
                "a function only reads: a job's items are changes (creates, updates, deletes, actions)",
            ));
        }
        let (method, path, body) = crate::ops::calls::request(path, parameters)?;
        let body = match body {
            Some(bytes) => Some(serde_json::from_slice(&bytes).map_err(|e| {
                Error::invalid_request(RequestPart::Body, format!("the parameters are not JSON: {e}"))
            })?),
            None => None,
        };
        let kind = path.rsplit('/').next().unwrap_or("action").to_owned();
        Ok(Item::request(method, path, body).kind(kind))
    }

    /// A request of one's own (an action: `POST .../assign`), its path
    /// already rendered and encoded (as [`ResourcePath::render`] gives one).
    pub fn request(method: Method, path: impl Into<String>, body: Option<Value>) -> Item {
        let kind = method.as_str().to_ascii_lowercase();
        Item {
            tenant: String::new(),
            kind,
            method,
            path: path.into(),
            body,
            key: None,
        }
    }

    /// The tenant it is for: the worker sends it with that tenant's client,
    /// within that tenant's budget (none set: the worker's default client).
    pub fn tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = tenant.into();
        self
    }

    /// Its kind, which names the lookup that checks whether it took effect
    /// when its outcome is unknown (`create`, `update`, `delete` or the
    /// method unless set).
    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = kind.into();
        self
    }

    /// Data of the caller's for its lookup (the group an assignment
    /// targets, say), kept with the item.
    pub fn key(mut self, key: Value) -> Self {
        self.key = Some(key);
        self
    }

    /// The tenant (empty for the default client).
    pub fn tenant_name(&self) -> &str {
        &self.tenant
    }

    /// The kind.
    pub fn kind_name(&self) -> &str {
        &self.kind
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, encoded, relative to the client's base URL.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The body, if it has one.
    pub fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    /// The caller's data for the lookup.
    pub fn lookup_key(&self) -> Option<&Value> {
        self.key.as_ref()
    }

    pub(crate) fn to_json(&self) -> String {
        json!({
            "tenant": self.tenant,
            "kind": self.kind,
            "method": self.method.as_str(),
            "path": self.path,
            "body": self.body,
            "key": self.key,
        })
        .to_string()
    }

    pub(crate) fn from_json(text: &str) -> Option<Item> {
        let v: Value = serde_json::from_str(text).ok()?;
        let string = |k: &str| v[k].as_str().map(str::to_owned);
        Some(Item {
            tenant: string("tenant")?,
            kind: string("kind")?,
            method: Method::from_bytes(v["method"].as_str()?.as_bytes()).ok()?,
            path: string("path")?,
            body: Some(v["body"].clone()).filter(|b| !b.is_null()),
            key: Some(v["key"].clone()).filter(|k| !k.is_null()),
        })
    }
}

fn to_json(value: &impl Serialize) -> Result<Value, Error> {
    serde_json::to_value(value)
        .map_err(|e| Error::invalid_request(RequestPart::Body, format!("the body does not serialize: {e}")))
}

//! A Graph request as the routes see it: method, version, path and query
//! split apart, wherever it came from (the wire, or a `$batch` item).

/// The API versions served.
pub(crate) const VERSIONS: [&str; 2] = ["beta", "v1.0"];

/// One Graph request.
pub(crate) struct GraphRequest<'a> {
    pub(crate) method: &'a str,
    /// `beta` or `v1.0`.
    pub(crate) version: &'a str,
    /// The path below the version, percent-encoded as sent, without a
    /// trailing `/`, e.g. `/users/a%40b.com/assignments`.
    pub(crate) path: &'a str,
    /// The query string, without `?`.
    pub(crate) query: &'a str,
    pub(crate) headers: &'a [(String, String)],
    pub(crate) body: &'a [u8],
    /// `http://127.0.0.1:<port>`, for links.
    pub(crate) origin: &'a str,
}

impl<'a> GraphRequest<'a> {
    /// Splits `/beta/users?$top=1` into version, path and query; `None` when
    /// the first segment is not a version served.
    pub(crate) fn split(target: &'a str) -> Option<(&'a str, &'a str, &'a str)> {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let version = path.strip_prefix('/')?.split('/').next()?;
        VERSIONS
            .contains(&version)
            .then(|| (version, path[version.len() + 1..].trim_end_matches('/'), query))
    }

    pub(crate) fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(self.body).ok()
    }

    /// Query options, decoded: `?a=1&b=2` → `[("a", "1"), ...]`.
    pub(crate) fn query_options(&self) -> Vec<(String, String)> {
        self.query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    /// The `@odata.context` of an answer about this path.
    pub(crate) fn context(&self, suffix: &str) -> String {
        self.context_of(self.path, suffix)
    }

    /// The `@odata.context` of one item of a collection, which Graph writes
    /// as its collection's (`.../assignments/$entity`, the item's id left
    /// out): the same for the answer to its create, get and update.
    pub(crate) fn item_context(&self) -> String {
        let collection = self.path.rsplit_once('/').map_or(self.path, |(c, _)| c);
        self.context_of(collection, "/$entity")
    }

    fn context_of(&self, path: &str, suffix: &str) -> String {
        format!(
            "{}/{}/$metadata#{}{suffix}",
            self.origin,
            self.version,
            path.trim_start_matches('/')
        )
    }
}

pub(crate) fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_versions_are_served() {
        assert_eq!(
            GraphRequest::split("/beta/users/?$top=1"),
            Some(("beta", "/users", "$top=1"))
        );
        assert_eq!(GraphRequest::split("/v1.0/me"), Some(("v1.0", "/me", "")));
        assert_eq!(GraphRequest::split("/v1.0"), Some(("v1.0", "", "")));
        assert_eq!(GraphRequest::split("/v2/users"), None);
    }
}

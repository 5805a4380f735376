//! Azure Blob Storage's block blobs, as Intune hands them out for a Win32
//! app's content: a SAS URL (`sv`, `sr`, `sp`, `se`, `sig` in its query)
//! on another origin than Graph's, which refuses `Authorization` and stops
//! working when its `se` passes. It speaks the Blob API's block calls: Put
//! Block (`PUT ?comp=block&blockid=...`), Put Block List (`PUT
//! ?comp=blocklist`, an XML `<BlockList>`) and Get Block List (`GET
//! ?comp=blocklist&blocklisttype=...`), with Azure Storage's XML errors and
//! `x-ms-error-code`. Blocks are kept in a temporary file, so that a large
//! upload does not grow the emulator's memory.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;

use crate::RecordedRequest;
use crate::answer::{Answer, Body};
use crate::content::storage_error;
use crate::state::State;

/// Where blob URLs live, below the emulator's root.
pub(crate) const BLOBS: &str = "/_blob/";

/// How long a SAS lives unless a test says otherwise.
const SAS_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// A block blob: its blocks' bytes in one temporary file, appended as they
/// come; which are uncommitted and which make the blob.
#[derive(Default)]
pub(crate) struct Blob {
    file: Option<(File, PathBuf)>,
    end: u64,
    uncommitted: HashMap<String, (u64, u64)>,
    committed: Vec<(String, u64, u64)>,
}

impl Blob {
    /// The committed blob's size.
    pub(crate) fn size(&self) -> u64 {
        self.committed.iter().map(|(_, _, len)| len).sum()
    }

    /// The committed blob, read whole (for tests, which keep it small).
    pub(crate) fn bytes(&mut self) -> Option<Bytes> {
        let (file, _) = self.file.as_mut()?;
        let mut all = Vec::new();
        for (_, offset, len) in &self.committed {
            let mut part = vec![0; *len as usize];
            file.seek(SeekFrom::Start(*offset)).ok()?;
            file.read_exact(&mut part).ok()?;
            all.extend_from_slice(&part);
        }
        Some(Bytes::from(all))
    }

    fn put_block(&mut self, id: String, bytes: &[u8]) -> std::io::Result<()> {
        if self.file.is_none() {
            let path = std::env::temp_dir().join(format!(
                "graph-resource-emulator-blob-{}-{}",
                std::process::id(),
                uuid::Uuid::new_v4().simple()
            ));
            let file = File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)?;
            self.file = Some((file, path));
        }
        let (file, _) = self.file.as_mut().expect("made above");
        file.seek(SeekFrom::Start(self.end))?;
        file.write_all(bytes)?;
        self.uncommitted.insert(id, (self.end, bytes.len() as u64));
        self.end += bytes.len() as u64;
        Ok(())
    }

    fn exists(&self) -> bool {
        !self.committed.is_empty() || !self.uncommitted.is_empty()
    }
}

impl Drop for Blob {
    fn drop(&mut self) {
        if let Some((_, path)) = self.file.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// What a SAS gives access to, and until when.
pub(crate) struct Sas {
    blob: String,
    expires: Instant,
}

impl Sas {
    pub(crate) fn expire(&mut self, now: Instant) {
        self.expires = self.expires.min(now);
    }
}

/// A new SAS URL for `blob` on the emulator's other name, and its expiry
/// as Graph writes `azureStorageUriExpirationDateTime`.
pub(crate) fn sign(state: &mut State, blob: &str, origin: &str) -> (String, String) {
    let lifetime = state.sas_lifetime.unwrap_or(SAS_LIFETIME);
    let sig = uuid::Uuid::new_v4().simple().to_string();
    state.sas.insert(
        sig.clone(),
        Sas {
            blob: blob.to_owned(),
            expires: Instant::now() + lifetime,
        },
    );
    state.blobs.entry(blob.to_owned()).or_default();
    let se = iso_utc(SystemTime::now() + lifetime);
    let other = origin.replacen("127.0.0.1", "localhost", 1);
    let url = format!(
        "{other}{BLOBS}intune/{blob}?sv=2023-11-03&sr=b&sp=rcw&se={}&sig={sig}",
        se.replace(':', "%3A")
    );
    (url, se)
}

/// A container of another storage service, given by a container SAS URL.
pub(crate) struct Container {
    url: String,
    query: String,
}

impl Container {
    pub(crate) fn parse(sas: &str) -> Result<Container, String> {
        let (url, query) = sas
            .split_once('?')
            .ok_or("a container SAS URL has its signature in its query (`?sv=...&sig=...`)")?;
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or("a container SAS URL starts with https:// (or http:// for Azurite)")?;
        if !rest.trim_end_matches('/').contains('/') || !query.contains("sig=") {
            return Err("a container SAS URL is `http(s)://host/container?...&sig=...`".into());
        }
        Ok(Container {
            url: url.trim_end_matches('/').to_owned(),
            query: query.to_owned(),
        })
    }

    /// `blob`'s URI in the container, and the SAS's expiry as written.
    pub(crate) fn uri(&self, blob: &str) -> (String, String) {
        let se = self
            .query
            .split('&')
            .find_map(|p| p.strip_prefix("se="))
            .map(crate::request::decode)
            .unwrap_or_default();
        (format!("{}/{blob}?{}", self.url, self.query), se)
    }
}

/// Serves a request to a blob URL.
pub(crate) fn serve(state: &mut State, req: &RecordedRequest) -> Answer {
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let blob = path.rsplit('/').next().unwrap_or("");
    if req.header("authorization").is_some() {
        return storage_error(
            400,
            "InvalidAuthenticationInfo",
            "This URL carries its own authorization: a request to it must not carry an Authorization header.",
        );
    }
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
            .map(crate::request::decode)
    };
    let Some(sas) = param("sig")
        .and_then(|sig| state.sas.get(&sig))
        .filter(|s| s.blob == blob)
    else {
        return storage_error(
            403,
            "AuthenticationFailed",
            "Server failed to authenticate the request. Make sure the value of Authorization header is \
             formed correctly including the signature.",
        );
    };
    if Instant::now() >= sas.expires {
        return storage_error(
            403,
            "AuthenticationFailed",
            "Server failed to authenticate the request. Signature not valid in the specified time frame: the \
             signed expiry time has passed.",
        );
    }
    let Some(stored) = state.blobs.get_mut(blob) else {
        return storage_error(
            404,
            "ContainerNotFound",
            "The specified container does not exist.",
        );
    };
    match (req.method.as_str(), param("comp").as_deref()) {
        ("PUT", Some("block")) => put_block(stored, param("blockid"), &req.body),
        ("PUT", Some("blocklist")) => put_block_list(stored, &req.body),
        ("GET", Some("blocklist")) => get_block_list(stored, param("blocklisttype").as_deref()),
        _ => storage_error(
            400,
            "UnsupportedQueryParameter",
            "The emulator's blobs take Put Block, Put Block List and Get Block List.",
        ),
    }
}

fn put_block(blob: &mut Blob, id: Option<String>, body: &[u8]) -> Answer {
    use base64::Engine as _;
    let Some(id) = id else {
        return storage_error(400, "MissingRequiredQueryParameter", "blockid is required.");
    };
    let decoded = base64::engine::general_purpose::STANDARD.decode(&id);
    if decoded.as_ref().map_or(true, |d| d.is_empty() || d.len() > 64) {
        return storage_error(
            400,
            "InvalidQueryParameterValue",
            "blockid must be Base64 of at most 64 bytes.",
        );
    }
    let same_length = blob
        .uncommitted
        .keys()
        .chain(blob.committed.iter().map(|(id, _, _)| id))
        .all(|other| other.len() == id.len());
    if !same_length {
        return storage_error(
            400,
            "InvalidBlobOrBlock",
            "The specified blob or block content is invalid: block ids of one blob have one length.",
        );
    }
    match blob.put_block(id, body) {
        Ok(()) => Answer::empty(201).header("x-ms-request-server-encrypted", "true"),
        Err(e) => storage_error(500, "InternalError", &format!("the block cannot be kept: {e}")),
    }
}

fn put_block_list(blob: &mut Blob, body: &[u8]) -> Answer {
    let xml = String::from_utf8_lossy(body);
    if !xml.contains("<BlockList>") {
        return storage_error(
            400,
            "InvalidXmlDocument",
            "XML specified is not syntactically valid.",
        );
    }
    let mut committed = Vec::new();
    for (kind, id) in entries(&xml) {
        let found = match kind {
            "Latest" => blob
                .uncommitted
                .get(id)
                .copied()
                .or_else(|| committed_block(blob, id)),
            "Uncommitted" => blob.uncommitted.get(id).copied(),
            _ => committed_block(blob, id),
        };
        let Some((offset, len)) = found else {
            return storage_error(400, "InvalidBlockList", "The specified block list is invalid.");
        };
        committed.push((id.to_owned(), offset, len));
    }
    blob.committed = committed;
    blob.uncommitted.clear();
    Answer::empty(201)
}

fn committed_block(blob: &Blob, id: &str) -> Option<(u64, u64)> {
    blob.committed
        .iter()
        .find(|(c, _, _)| c == id)
        .map(|(_, offset, len)| (*offset, *len))
}

/// The `<Latest>`, `<Committed>` and `<Uncommitted>` entries of a block
/// list, in order.
fn entries(xml: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if let kind @ ("Latest" | "Committed" | "Uncommitted") = tag
            && let Some(end) = rest.find("</")
        {
            found.push((kind, rest[..end].trim()));
        }
    }
    found
}

fn get_block_list(blob: &Blob, kind: Option<&str>) -> Answer {
    if !blob.exists() {
        return storage_error(404, "BlobNotFound", "The specified blob does not exist.");
    }
    let kind = kind.unwrap_or("committed");
    let list = |blocks: &mut dyn Iterator<Item = (&String, u64)>| {
        blocks
            .map(|(id, len)| format!("<Block><Name>{id}</Name><Size>{len}</Size></Block>"))
            .collect::<String>()
    };
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
    if matches!(kind, "committed" | "all") {
        xml += "<CommittedBlocks>";
        xml += &list(&mut blob.committed.iter().map(|(id, _, len)| (id, *len)));
        xml += "</CommittedBlocks>";
    }
    if matches!(kind, "uncommitted" | "all") {
        let mut uncommitted: Vec<_> = blob.uncommitted.iter().collect();
        uncommitted.sort_by_key(|(_, (offset, _))| *offset);
        xml += "<UncommittedBlocks>";
        xml += &list(&mut uncommitted.into_iter().map(|(id, (_, len))| (id, *len)));
        xml += "</UncommittedBlocks>";
    }
    xml += "</BlockList>";
    Answer {
        status: 200,
        headers: vec![("x-ms-blob-content-length", blob.size().to_string())],
        body: Body::Raw {
            content_type: "application/xml".into(),
            bytes: Bytes::from(xml),
        },
    }
}

/// `2026-12-05T08:00:00Z`.
pub(crate) fn iso_utc(at: SystemTime) -> String {
    let secs = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_utc_writes_civil_dates() {
        assert_eq!(iso_utc(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let leap = SystemTime::UNIX_EPOCH + Duration::from_secs(951_825_600); // 2000-02-29T12:00:00Z
        assert_eq!(iso_utc(leap), "2000-02-29T12:00:00Z");
    }

    #[test]
    fn a_block_list_is_read_in_order() {
        let xml = "<?xml version=\"1.0\"?><BlockList><Latest>AA==</Latest><Committed>AQ==</Committed><Uncommitted>Ag==</Uncommitted></BlockList>";
        assert_eq!(
            entries(xml),
            [("Latest", "AA=="), ("Committed", "AQ=="), ("Uncommitted", "Ag==")]
        );
    }
}

//! The storage leg of a content upload: an encrypted payload sent to an
//! Azure Storage SAS URL as a block blob, with the Blob API's own calls
//! (Put Block, Put Block List, Get Block List), through
//! [`Client::presigned`](crate::Client::presigned): no Graph token, its
//! retries of `503` and lost connections. Block ids are the block's number,
//! so that a run resumed later finds the blocks storage already holds and
//! sends only the others.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;

use crate::http::client::Client;
use crate::http::error::text::xml_element;
use crate::http::error::{Error, ProtocolKind};
use crate::odata::edm::DateTimeOffset;

/// The usual block: 6 MiB, as Intune's own tools send.
pub const DEFAULT_BLOCK: u64 = 6 * 1024 * 1024;

/// Azure Storage's largest block: 4,000 MiB.
pub const MAX_BLOCK: u64 = 4000 * 1024 * 1024;

/// Block `index`'s id: Base64 of `block-{index:08}`, one length for all.
pub(crate) fn block_id(index: u64) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("block-{index:08}"))
}

/// `sas` with the Blob API's operation appended to its query.
fn with_query(sas: &str, extra: &str) -> String {
    let separator = if sas.contains('?') { '&' } else { '?' };
    format!("{sas}{separator}{extra}")
}

/// Put Block: one block of the blob.
pub(crate) async fn put_block(
    client: &Client,
    sas: String,
    index: u64,
    bytes: bytes::Bytes,
    timeout: Duration,
) -> Result<(), Error> {
    let id = utf8_percent_encode(&block_id(index), NON_ALPHANUMERIC).to_string();
    client
        .presigned(
            Method::PUT,
            &with_query(&sas, &format!("comp=block&blockid={id}")),
        )
        .header("x-ms-blob-type", "BlockBlob")
        .body(bytes, "application/octet-stream")
        .timeout(timeout)
        .send()
        .await
        .map(drop)
}

/// Put Block List: blocks `0..count`, in order, make the blob.
pub(crate) async fn put_block_list(client: &Client, sas: String, count: u64) -> Result<(), Error> {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
    for index in 0..count {
        xml.push_str("<Latest>");
        xml.push_str(&block_id(index));
        xml.push_str("</Latest>");
    }
    xml.push_str("</BlockList>");
    client
        .presigned(Method::PUT, &with_query(&sas, "comp=blocklist"))
        .body(xml, "application/xml")
        .send()
        .await
        .map(drop)
}

/// Get Block List: the blocks storage holds for the blob, committed or
/// not, by id, with their sizes; none when the blob does not exist yet.
pub(crate) async fn stored_blocks(client: &Client, sas: &str) -> Result<HashMap<String, u64>, Error> {
    let answer = client
        .presigned(Method::GET, &with_query(sas, "comp=blocklist&blocklisttype=all"))
        .send()
        .await;
    let body = match answer {
        Ok(answer) => answer.into_value(),
        Err(Error::Api(e)) if e.status == reqwest::StatusCode::NOT_FOUND => return Ok(HashMap::new()),
        Err(e) => return Err(e),
    };
    let xml = std::str::from_utf8(&body)
        .map_err(|_| Error::protocol(ProtocolKind::AppContent, "storage's block list is not UTF-8"))?;
    let mut blocks = HashMap::new();
    for block in xml.split("<Block>").skip(1) {
        let (Some(name), Some(size)) = (xml_element(block, "Name"), xml_element(block, "Size")) else {
            return Err(Error::protocol(
                ProtocolKind::AppContent,
                "storage's block list has a block without a name or size",
            ));
        };
        let size = size.parse().map_err(|_| {
            Error::protocol(
                ProtocolKind::AppContent,
                "storage's block list has a size that is not a number",
            )
        })?;
        blocks.insert(name.to_owned(), size);
    }
    Ok(blocks)
}

/// How long the SAS URL has left by its `se` (signed expiry), as this
/// machine's clock reads it; `None` when it has none that can be read.
pub(crate) fn lifetime_left(sas: &str) -> Option<Duration> {
    let query = sas.split_once('?')?.1;
    let se = query.split('&').find_map(|p| p.strip_prefix("se="))?;
    let se = percent_encoding::percent_decode_str(se).decode_utf8().ok()?;
    let at: DateTimeOffset = se.parse().ok()?;
    let expires = at.unix_timestamp();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs() as i64;
    u64::try_from(expires - now).ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_ids_have_one_length_and_name_their_number() {
        assert_eq!(block_id(0), "YmxvY2stMDAwMDAwMDA=");
        assert_eq!(block_id(0).len(), block_id(99_999_999).len());
        assert_ne!(block_id(1), block_id(10));
    }

    #[test]
    fn expiry_is_read_from_the_sas_query() {
        let at: DateTimeOffset = "1970-01-02T00:00:01Z".parse().unwrap();
        assert_eq!(at.unix_timestamp(), 86_401);
        let at: DateTimeOffset = "2000-03-01T01:00:00+01:00".parse().unwrap();
        assert_eq!(at.unix_timestamp(), 951_868_800);
        let se = "2999-01-01T00:00:00Z";
        let left = lifetime_left(&format!(
            "https://a.blob/c/b?sv=1&se={}&sig=x",
            se.replace(':', "%3A")
        ))
        .expect("a readable se");
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let expected = se.parse::<DateTimeOffset>().unwrap().unix_timestamp() - now;
        assert!((expected - left.as_secs() as i64).abs() <= 1, "{left:?}");
        assert_eq!(lifetime_left("https://a.blob/c/b?sv=1&sig=x"), None);
        assert_eq!(lifetime_left("https://a.blob/c/b?se=2000-01-01T00:00:00Z"), None);
    }
}

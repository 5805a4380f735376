//! Intune's report actions (`POST /deviceManagement/reports/get...Report`),
//! which answer with a stream holding a table: `Schema` (the columns' names
//! and types), `Values` (rows, each an array in the schema's order) and
//! `TotalRowCount`, a page of it by `skip` and `top`. Read here page by
//! page into rows of a caller's type, by the columns' names.

use std::collections::VecDeque;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::http::client::Client;
use crate::http::error::text::Secrets;
use crate::http::error::{DecodeError, Error, ProtocolKind, RequestPart};

/// How many rows a page asks for unless set.
const PAGE: u64 = 1_000;

/// A report action to read: made by [`Client::report_table`], read by
/// [`rows`](ReportTable::rows).
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// #[derive(serde::Deserialize)]
/// struct Device {
///     #[serde(rename = "DeviceName")]
///     name: String,
///     #[serde(rename = "PolicyName")]
///     policy: String,
/// }
///
/// let mut rows = client
///     .report_table("getDeviceNonComplianceReport")
///     .select(["DeviceName", "PolicyName"])
///     .filter("(PolicyPlatformType eq 'Windows10AndLater')")
///     .rows::<Device>();
/// while let Some(device) = rows.next().await? {
///     println!("{} breaks {}", device.name, device.policy);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "nothing is read until `rows` is read"]
pub struct ReportTable<'a> {
    client: &'a Client,
    action: String,
    body: Map<String, Value>,
    page: u64,
}

impl Client {
    /// A report action of Intune's (`getDeviceNonComplianceReport`,
    /// `getDevicesWithoutCompliancePolicyReport`, ...), read page by page
    /// into rows; see [`ReportTable`]. For a whole report as a file, see
    /// [`export_report`](Client::export_report).
    pub fn report_table(&self, action: &str) -> ReportTable<'_> {
        ReportTable {
            client: self,
            action: action.to_owned(),
            body: Map::new(),
            page: PAGE,
        }
    }
}

impl<'a> ReportTable<'a> {
    /// The columns to read (the report's defaults if none).
    pub fn select<I: IntoIterator<Item = S>, S: Into<String>>(mut self, columns: I) -> Self {
        let columns: Vec<String> = columns.into_iter().map(Into::into).collect();
        self.body.insert("select".into(), json!(columns));
        self
    }

    /// The report's `filter` (its own syntax, as the report documents it).
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.body.insert("filter".into(), json!(filter.into()));
        self
    }

    /// The order of the rows: columns, each optionally followed by ` desc`.
    pub fn order_by<I: IntoIterator<Item = S>, S: Into<String>>(mut self, columns: I) -> Self {
        let columns: Vec<String> = columns.into_iter().map(Into::into).collect();
        self.body.insert("orderBy".into(), json!(columns));
        self
    }

    /// A search term, as the report takes one.
    pub fn search(mut self, search: impl Into<String>) -> Self {
        self.body.insert("search".into(), json!(search.into()));
        self
    }

    /// How many rows each request asks for (`top`; 1,000 unless set).
    pub fn page_size(mut self, rows: u64) -> Self {
        self.page = rows.max(1);
        self
    }

    /// The rows, read into `T` by the columns' names, a page at a time.
    pub fn rows<T: DeserializeOwned>(self) -> TableRows<'a, T> {
        TableRows {
            table: self,
            skip: 0,
            total: None,
            buffered: VecDeque::new(),
            done: false,
        }
    }
}

/// A report table's rows, read page by page; see [`ReportTable::rows`].
#[derive(Debug)]
pub struct TableRows<'a, T> {
    table: ReportTable<'a>,
    skip: u64,
    total: Option<u64>,
    buffered: VecDeque<T>,
    done: bool,
}

impl<T: DeserializeOwned> TableRows<'_, T> {
    /// The next row, reading the next page when this one is used up;
    /// `None` after the last.
    ///
    /// # Errors
    ///
    /// The request's own; [`Error::Decode`] when a row does not read into
    /// `T` (its body is the row, numbered, as its columns name it);
    /// [`Error::Protocol`] when the answer is not a table.
    pub async fn next(&mut self) -> Result<Option<T>, Error> {
        while self.buffered.is_empty() && !self.done {
            self.read_page().await?;
        }
        Ok(self.buffered.pop_front())
    }

    /// The report's row count (`TotalRowCount`), once a page was read.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    async fn read_page(&mut self) -> Result<(), Error> {
        let t = &self.table;
        if t.action.is_empty() || !t.action.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::invalid_request(
                RequestPart::Path,
                format!(
                    "`{}` is not a report action's name (such as getDeviceNonComplianceReport)",
                    t.action.escape_debug()
                ),
            ));
        }
        let mut body = t.body.clone();
        body.insert("skip".into(), json!(self.skip));
        body.insert("top".into(), json!(t.page));
        let answered = t
            .client
            .request(Method::POST, "/deviceManagement/reports/{action}")
            .value("action", t.action.as_str())
            .json(&body)
            .send_with_headers::<Value>()
            .await?;
        let (status, request_id) = (answered.status(), answered.headers().get("request-id").cloned());
        let answer = answered.into_value();
        let not_a_table = |what: &str| {
            Error::protocol(
                ProtocolKind::ReportTable,
                format!("the report's answer is not a table: {what}"),
            )
        };
        let columns: Vec<&str> = answer["Schema"]
            .as_array()
            .ok_or_else(|| not_a_table("it has no Schema"))?
            .iter()
            .map(|c| {
                c["Column"]
                    .as_str()
                    .ok_or_else(|| not_a_table("a column without a name"))
            })
            .collect::<Result<_, _>>()?;
        let values = answer["Values"]
            .as_array()
            .ok_or_else(|| not_a_table("it has no Values"))?;
        self.total = answer["TotalRowCount"].as_u64().or(self.total);
        for (i, row) in values.iter().enumerate() {
            let cells = row
                .as_array()
                .ok_or_else(|| not_a_table("a row that is not an array"))?;
            let object: Map<String, Value> = columns
                .iter()
                .zip(cells)
                .map(|(name, cell)| ((*name).to_owned(), cell.clone()))
                .collect();
            let object = Value::Object(object);
            let row = T::deserialize(&object).map_err(|e| {
                // The row, as its columns name it, is what the error shows.
                let shown = format!("row {}: {object}", self.skip + i as u64);
                Error::Decode(Box::new(DecodeError::new(
                    status,
                    request_id.as_ref(),
                    shown.as_bytes(),
                    e,
                    Secrets::default(),
                )))
            })?;
            self.buffered.push_back(row);
        }
        let read = values.len() as u64;
        self.skip += read;
        self.done = read < t.page || self.total.is_some_and(|total| self.skip >= total);
        Ok(())
    }
}

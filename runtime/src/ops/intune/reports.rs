//! Intune's report exports: a job posted to
//! `/deviceManagement/reports/exportJobs`, waited on until `completed`, its
//! ZIP downloaded from a pre-signed URL (without the token) to a temporary
//! file, and its CSV read as rows into a caller's type, a row at a time.

use std::path::PathBuf;
use std::time::Duration;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::http::client::Client;
use crate::http::error::{Error, FileError, ProtocolKind};
use crate::ops::poll::Poll;

/// An export job to run: made by [`Client::export_report`], run by
/// [`run`](ExportJob::run).
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), Box<dyn std::error::Error>> {
/// #[derive(serde::Deserialize)]
/// struct Device {
///     #[serde(rename = "DeviceName")]
///     name: String,
///     #[serde(rename = "ComplianceState")]
///     state: String,
/// }
///
/// let report = client
///     .export_report("DeviceCompliance")
///     .select(["DeviceName", "ComplianceState"])
///     .filter("(ComplianceState eq 'noncompliant')")
///     .run()
///     .await?;
/// for device in report.rows::<Device>()? {
///     let device = device?;
///     println!("{}: {}", device.name, device.state);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "nothing is exported until `run` is awaited"]
pub struct ExportJob<'a> {
    client: &'a Client,
    report: String,
    filter: Option<String>,
    select: Vec<String>,
    interval: Duration,
    deadline: Duration,
}

impl Client {
    /// An export of the Intune report `name` (`DeviceCompliance`,
    /// `DevicesWithInventory`, ...) as CSV; see [`ExportJob`].
    pub fn export_report(&self, name: &str) -> ExportJob<'_> {
        ExportJob {
            client: self,
            report: name.to_owned(),
            filter: None,
            select: Vec::new(),
            interval: Duration::from_secs(2),
            deadline: Duration::from_secs(30 * 60),
        }
    }
}

impl ExportJob<'_> {
    /// The report's `filter` (its own syntax, as the report documents it).
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.filter = Some(filter.into());
        self
    }

    /// The columns to export (all of the report's defaults if none).
    pub fn select<I: IntoIterator<Item = S>, S: Into<String>>(mut self, columns: I) -> Self {
        self.select.extend(columns.into_iter().map(Into::into));
        self
    }

    /// How long to wait between reads of the job (2 s unless set).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// How long to wait for the job in all (30 minutes unless set).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Posts the job, waits until it is `completed`, and downloads its ZIP.
    ///
    /// # Errors
    ///
    /// The requests' own; [`Error::Poll`] when the job fails or the deadline
    /// passes; [`Error::File`] when the download cannot be kept.
    pub async fn run(self) -> Result<Report, Error> {
        let mut body = json!({"reportName": self.report, "format": "csv"});
        if let Some(filter) = &self.filter {
            body["filter"] = json!(filter);
        }
        if !self.select.is_empty() {
            body["select"] = json!(self.select);
        }
        let job: Value = self
            .client
            .request(Method::POST, "/deviceManagement/reports/exportJobs")
            .json(&body)
            .send()
            .await?;
        let id = job["id"]
            .as_str()
            .ok_or_else(|| {
                Error::protocol(
                    ProtocolKind::ExportJob,
                    "the export job was answered without an id",
                )
            })?
            .to_owned();
        let client = self.client;
        let done: Value = Poll::new(
            || {
                client
                    .request(Method::GET, "/deviceManagement/reports/exportJobs('{id}')")
                    .value("id", id.as_str())
                    .send()
            },
            |job: &Value| job["status"].as_str().map(str::to_owned),
        )
        .until(["completed"])
        .failing(["failed"])
        .interval(self.interval)
        .deadline(self.deadline)
        .wait()
        .await?;
        let url = done["url"]
            .as_str()
            .ok_or_else(|| Error::protocol(ProtocolKind::ExportJob, "the completed export job has no url"))?;
        let path = std::env::temp_dir().join(format!(
            "graph-resource-export-{}-{}.zip",
            std::process::id(),
            crate::http::random::u64()
        ));
        let report = Report { path };
        client
            .presigned(Method::GET, url)
            .download()
            .await?
            .to_file(&report.path)
            .await?;
        Ok(report)
    }
}

/// A downloaded export: its ZIP in a temporary file, removed when dropped.
#[derive(Debug)]
pub struct Report {
    path: PathBuf,
}

impl Report {
    /// The report's rows, read into `T` a row at a time by the CSV's header
    /// names: the CSV is taken out of the ZIP into a temporary file, and
    /// read from it in bounded memory.
    ///
    /// # Errors
    ///
    /// [`Error::File`] when the ZIP holds no CSV or cannot be read; each row
    /// that does not read into `T` is an error of its own (`csv::Error`,
    /// which says which row and why).
    pub fn rows<T: DeserializeOwned>(&self) -> Result<Rows<T>, Error> {
        let fail = |message: String| {
            Error::File(Box::new(FileError {
                path: self.path.clone(),
                writing: false,
                source: std::io::Error::other(message),
            }))
        };
        let file = std::fs::File::open(&self.path).map_err(|e| fail(e.to_string()))?;
        let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| fail(e.to_string()))?;
        let mut entry = zip
            .by_index(0)
            .map_err(|_| fail("the export's ZIP is empty".into()))?;
        let csv = self.path.with_extension("csv");
        let mut out = std::fs::File::create(&csv).map_err(|e| fail(e.to_string()))?;
        std::io::copy(&mut entry, &mut out).map_err(|e| fail(e.to_string()))?;
        let reader = csv::Reader::from_path(&csv).map_err(|e| fail(e.to_string()))?;
        Ok(Rows {
            rows: reader.into_deserialize(),
            csv,
        })
    }
}

impl Drop for Report {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A report's rows, read one at a time; see [`Report::rows`].
pub struct Rows<T> {
    rows: csv::DeserializeRecordsIntoIter<std::fs::File, T>,
    csv: PathBuf,
}

impl<T> std::fmt::Debug for Rows<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rows")
            .field("csv", &self.csv)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Iterator for Rows<T> {
    type Item = Result<T, csv::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

impl<T> Drop for Rows<T> {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.csv);
    }
}

//! Intune's report exports, as Graph runs them: `POST
//! /deviceManagement/reports/exportJobs` makes a job that moves from
//! `notStarted` through `inProgress` to `completed` as it is read, and then
//! holds a `url`: a pre-signed URL (no token) to a ZIP with the report's
//! CSV. A test sets each report's CSV, and can make the next job fail.
//! The report actions (`POST /deviceManagement/reports/get...Report`)
//! answer from the CSV set under the action's name: a stream holding a
//! table (`Schema`, `Values`, `TotalRowCount`), a page of it by `skip` and
//! `top`, the columns `select` names.

use bytes::Bytes;
use serde_json::{Value, json};

use crate::Emulator;
use crate::answer::Answer;
use crate::disk::Content;
use crate::request::GraphRequest;
use crate::state::State;

const JOBS: &str = "/deviceManagement/reports/exportJobs";

/// A job under way.
pub(crate) struct Export {
    job: Value,
    reads: u32,
    fails: bool,
}

/// Serves the export jobs' routes, if the request is for one.
pub(crate) fn serve(state: &mut State, req: &GraphRequest<'_>) -> Option<Answer> {
    if let Some(action) = req.path.strip_prefix("/deviceManagement/reports/")
        && action.starts_with("get")
        && action.ends_with("Report")
        && req.method == "POST"
    {
        return Some(table(state, action, req));
    }
    let rest = req.path.strip_prefix(JOBS)?;
    if rest.is_empty() && req.method == "POST" {
        return Some(create(state, req));
    }
    // `exportJobs('{id}')` (Graph's key form) or `exportJobs/{id}`.
    let id = rest
        .strip_prefix("('")
        .and_then(|r| r.strip_suffix("')"))
        .or_else(|| rest.strip_prefix('/'))?;
    let id = crate::request::decode(id);
    if req.method != "GET" {
        return Some(Answer::error(
            405,
            "BadRequest",
            "An export job is created and read.",
        ));
    }
    let origin = req.origin.to_owned();
    Some(match state.exports.contains_key(&id) {
        true => read(state, &id, &origin),
        false => Answer::error(404, "ResourceNotFound", "The export job was not found."),
    })
}

fn create(state: &mut State, req: &GraphRequest<'_>) -> Answer {
    let Some(Value::Object(body)) = req.json() else {
        return Answer::error(400, "BadRequest", "The body must be a JSON object.");
    };
    let Some(name) = body.get("reportName").and_then(Value::as_str) else {
        return Answer::error(400, "BadRequest", "reportName is required.");
    };
    let id = format!("{name}_{}", uuid::Uuid::new_v4().simple());
    let job = json!({
        "@odata.type": "#microsoft.graph.deviceManagementExportJob",
        "id": id,
        "reportName": name,
        "filter": body.get("filter").cloned().unwrap_or(json!("")),
        "select": body.get("select").cloned().unwrap_or(json!([])),
        "format": body.get("format").cloned().unwrap_or(json!("csv")),
        "status": "notStarted",
        "url": null,
    });
    let fails = std::mem::take(&mut state.fail_next_export);
    state.exports.insert(
        id,
        Export {
            job: job.clone(),
            reads: 0,
            fails,
        },
    );
    Answer::json(201, job)
}

/// A read moves the job on: `inProgress` on the first, done on the second.
fn read(state: &mut State, id: &str, origin: &str) -> Answer {
    let export = state.exports.get_mut(id).expect("checked by the caller");
    export.reads += 1;
    let status = match (export.reads, export.fails) {
        (1, _) => "inProgress",
        (_, true) => "failed",
        _ => "completed",
    };
    export.job["status"] = json!(status);
    if status == "completed" && export.job["url"].is_null() {
        let name = export.job["reportName"].as_str().unwrap_or("report").to_owned();
        let csv = state
            .reports
            .get(&name)
            .cloned()
            .unwrap_or_else(|| Bytes::from_static(b"DeviceId,DeviceName\n"));
        let zip = stored_zip(&format!("{id}.csv"), &csv);
        let item = format!("/_exports/{id}");
        state.contents.insert(item.clone(), Content::Memory(zip));
        let url = crate::content::presign(state, &item, origin);
        let export = state.exports.get_mut(id).expect("checked by the caller");
        export.job["url"] = json!(url);
    }
    Answer::json(200, state.exports[id].job.clone())
}

/// A report action's page: the CSV set under its name, as a table.
fn table(state: &State, action: &str, req: &GraphRequest<'_>) -> Answer {
    let Some(csv) = state.reports.get(action) else {
        return Answer::error(400, "BadRequest", &format!("No report named {action}."));
    };
    let body = req.json().unwrap_or(Value::Null);
    let mut lines = std::str::from_utf8(csv).unwrap_or("").lines().map(csv_fields);
    let header = lines.next().unwrap_or_default();
    let rows: Vec<Vec<String>> = lines.collect();
    let picked: Vec<usize> = match body["select"].as_array() {
        Some(names) if !names.is_empty() => {
            let mut picked = Vec::new();
            for name in names {
                let name = name.as_str().unwrap_or("");
                match header.iter().position(|h| h == name) {
                    Some(i) => picked.push(i),
                    None => {
                        return Answer::error(400, "BadRequest", &format!("Unknown column {name}."));
                    }
                }
            }
            picked
        }
        _ => (0..header.len()).collect(),
    };
    let skip = body["skip"].as_u64().unwrap_or(0) as usize;
    let top = body["top"].as_u64().unwrap_or(50) as usize;
    let cell = |text: &str| match text.parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => json!(text),
    };
    let values: Vec<Value> = rows
        .iter()
        .skip(skip)
        .take(top)
        .map(|row| {
            Value::Array(
                picked
                    .iter()
                    .map(|&i| cell(row.get(i).map_or("", String::as_str)))
                    .collect(),
            )
        })
        .collect();
    let schema: Vec<Value> = picked
        .iter()
        .map(|&i| {
            let numeric = rows
                .iter()
                .all(|r| r.get(i).is_some_and(|c| c.parse::<i64>().is_ok()));
            json!({"Column": header[i], "PropertyType": if numeric { "Int64" } else { "String" }})
        })
        .collect();
    let table = json!({
        "TotalRowCount": rows.len(),
        "Schema": schema,
        "Values": values,
        "SessionId": "",
    });
    Answer {
        status: 200,
        headers: Vec::new(),
        body: crate::answer::Body::Raw {
            content_type: "application/octet-stream".into(),
            bytes: Bytes::from(table.to_string()),
        },
    }
}

/// A CSV line's fields, with quoted fields (`"PC, 3"`, `""` for a quote).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// A ZIP of one stored (uncompressed) file.
fn stored_zip(name: &str, data: &[u8]) -> Bytes {
    let crc = crc32(data);
    let (size, name_len) = (data.len() as u32, name.len() as u16);
    let mut zip = Vec::with_capacity(data.len() + 2 * name.len() + 100);
    // Local file header: version 2.0, no flags, stored, 1980-01-01.
    zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    for v in [20u16, 0, 0, 0, 0x21] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    for v in [crc, size, size] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    zip.extend_from_slice(&name_len.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip.extend_from_slice(name.as_bytes());
    zip.extend_from_slice(data);
    // Central directory.
    let directory = zip.len() as u32;
    zip.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    for v in [20u16, 20, 0, 0, 0, 0x21] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    for v in [crc, size, size] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    for v in [name_len, 0, 0, 0, 0] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    zip.extend_from_slice(&0u32.to_le_bytes());
    zip.extend_from_slice(&0u32.to_le_bytes());
    zip.extend_from_slice(name.as_bytes());
    let directory_size = zip.len() as u32 - directory;
    // End of central directory.
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, 1, 1] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    zip.extend_from_slice(&directory_size.to_le_bytes());
    zip.extend_from_slice(&directory.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    Bytes::from(zip)
}

/// CRC-32 (IEEE), as ZIP records it.
fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, entry) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *entry = c;
    }
    !data
        .iter()
        .fold(!0u32, |c, &b| table[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8))
}

impl Emulator {
    /// The CSV that export jobs of the report `name` answer with, header
    /// line first; under an action's name (`getDeviceNonComplianceReport`),
    /// the table that action answers with.
    pub fn set_report(&self, name: &str, csv: impl Into<Bytes>) {
        self.state.lock().reports.insert(name.to_owned(), csv.into());
    }

    /// Makes the next export job end in `failed`.
    pub fn fail_next_export(&self) {
        self.state.lock().fail_next_export = true;
    }
}

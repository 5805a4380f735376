//! Keeps a local JSON copy of the tenant's users with a delta query: the
//! first run reads every user and stores the `@odata.deltaLink`; a later
//! run resumes from the stored link and applies only what changed.
//!
//! ```text
//! GET /users?$count=true&$top=1    the total, with ConsistencyLevel: eventual
//! GET /users/delta?$select=...     a full sync; later, the stored @odata.deltaLink
//! ```
//!
//! With `GRAPH_TOKEN` set it syncs the real tenant into `SYNC_FILE` (default
//! `users.json` in the temporary directory), resuming from the link stored
//! there by the previous run. Without it, it runs against the built-in
//! emulator: a full sync of 250 users, then a few changes made in the
//! emulator, then a second sync resumed from the link read back from the
//! file, which applies exactly those changes.
//!
//! ```text
//! cargo run --example sync_users
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::ops::{Change, Delta};
use graph_resource::{Client, ResourcePath, StaticToken, graph_resource};
use graph_resource_examples::{exit_code, setting};
use serde_json::{Map, Value, json};

/// The properties kept of each user.
#[graph_resource(path = "/users")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct User {
    /// Its id.
    pub id: Option<String>,
    /// Its name.
    pub display_name: Option<String>,
    /// Its sign-in name.
    pub user_principal_name: Option<String>,
    /// Its mail address.
    pub mail: Option<String>,
    /// Whether it can sign in.
    pub account_enabled: Option<bool>,
}

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let file = setting("SYNC_FILE").map_or_else(|| std::env::temp_dir().join("users.json"), PathBuf::from);
    match setting("GRAPH_TOKEN") {
        Some(token) => {
            let client = Client::new(StaticToken::new(token));
            sync(&client, &file).await
        }
        None => {
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN is not set: using the built-in emulator at {}",
                emulator.base_url()
            );
            emulator.insert(&UserPath.render()?, (0..250).map(sample));
            let client = emulator.client();
            // A fresh emulator knows no earlier link: start from nothing.
            let _ = std::fs::remove_file(&file);
            sync(&client, &file).await?;
            println!("changing the tenant: one user added, one renamed, one deleted");
            User {
                display_name: Some("Nestor Wilke".into()),
                user_principal_name: Some("nestor@contoso.com".into()),
                account_enabled: Some(true),
                ..Default::default()
            }
            .create(&client, UserPath)
            .await?;
            User {
                display_name: Some("Adele Vance (Finance)".into()),
                ..Default::default()
            }
            .update(&client, UserPath.item("user-0"))
            .await?;
            User::delete(&client, UserPath.item("user-1")).await?;
            sync(&client, &file).await
        }
    }
}

/// One sync: resumes from the stored link, or reads every user; then
/// stores the users and the new link.
async fn sync(client: &Client, file: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut total = User::list(client, UserPath).with_count().top(1);
    total.next().await.transpose()?;
    match total.total_count() {
        Some(n) => println!("the tenant has {n} users (@odata.count)"),
        None => println!("the tenant did not tell its user count"),
    }

    let mut stored = read(file)?;
    let link = stored.get("deltaLink").and_then(Value::as_str).map(str::to_owned);
    let mut changes = match &link {
        Some(link) => {
            println!("resuming from the link stored in {}", file.display());
            Delta::<User>::resume(client, link)
        }
        None => {
            println!("no stored link: a full sync");
            Delta::start(client, UserPath).select([
                "displayName",
                "userPrincipalName",
                "mail",
                "accountEnabled",
            ])
        }
    };
    let users = stored
        .entry("users")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or("the file's `users` is not an object")?;
    let (mut changed, mut removed, mut skipped) = (0usize, 0usize, 0usize);
    while let Some(change) = changes.next().await {
        match change {
            Ok(Change::Changed(user)) => {
                let Some(id) = user.id.clone() else { continue };
                // A change may carry only the properties that changed.
                let entry = users.entry(id).or_insert_with(|| json!({}));
                for (key, value) in [
                    ("displayName", user.display_name.map(Value::from)),
                    ("userPrincipalName", user.user_principal_name.map(Value::from)),
                    ("mail", user.mail.map(Value::from)),
                    ("accountEnabled", user.account_enabled.map(Value::from)),
                ] {
                    if let (Some(value), Some(entry)) = (value, entry.as_object_mut()) {
                        entry.insert(key.into(), value);
                    }
                }
                changed += 1;
            }
            Ok(Change::Removed(gone)) => {
                users.remove(&gone.id);
                removed += 1;
            }
            Err(graph_resource::Error::Item(bad)) => {
                eprintln!("skipped: {bad}");
                skipped += 1;
            }
            Err(e) if e.is_resync_required() => {
                eprintln!("{e}");
                std::fs::remove_file(file)?;
                return Err("the stored link expired: run again for a full sync".into());
            }
            Err(e) => return Err(e.into()),
        }
        if (changed + removed).is_multiple_of(100) {
            eprint!(
                "\r{changed} changed, {removed} removed, page {}",
                changes.pages_read()
            );
        }
    }
    eprintln!(
        "\r{changed} changed, {removed} removed, {skipped} skipped, {} pages",
        changes.pages_read()
    );
    let kept = users.len();
    let link = changes.delta_link().ok_or("Graph gave no @odata.deltaLink")?;
    stored.insert("deltaLink".into(), Value::String(link.to_owned()));
    std::fs::write(file, serde_json::to_vec_pretty(&stored)?)?;
    println!("{kept} users and the delta link stored in {}", file.display());
    Ok(())
}

/// The stored sync, or an empty one.
fn read(file: &Path) -> Result<Map<String, Value>, Box<dyn std::error::Error>> {
    match std::fs::read(file) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Map::new()),
        Err(e) => Err(e.into()),
    }
}

fn sample(i: usize) -> Value {
    let names = [
        "Adele Vance",
        "Alex Wilber",
        "Megan Bowen",
        "Lee Gu",
        "Diego Siciliani",
    ];
    json!({
        "@odata.type": "#microsoft.graph.user",
        "id": format!("user-{i}"),
        "displayName": format!("{} {i}", names[i % names.len()]),
        "userPrincipalName": format!("user{i}@contoso.com"),
        "mail": format!("user{i}@contoso.com"),
        "accountEnabled": !i.is_multiple_of(10),
        "department": "Sales",
    })
}

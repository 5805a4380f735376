//! `.intunewin` packages: a folder packed, opened again, its payload
//! decrypted back to the folder's bytes, its `Detection.xml` holding the
//! format's fields; a changed package or the wrong keys refused.

use std::io::Read;
use std::path::{Path, PathBuf};

use graph_resource::ops::intune::{DETECTION, PAYLOAD, Package, PackageError, pack};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("graph-resource-intune-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A folder with a setup file, a nested file and 200 KiB of data.
fn folder(at: &Path) -> Vec<(String, Vec<u8>)> {
    let files = vec![
        ("setup.exe".to_owned(), b"MZ\x90\x00 an installer".to_vec()),
        ("config/settings.json".to_owned(), br#"{"silent": true}"#.to_vec()),
        (
            "data.bin".to_owned(),
            (0..200_000).map(|i| (i * 13 % 256) as u8).collect(),
        ),
    ];
    for (name, bytes) in &files {
        let path = at.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    files
}

#[test]
fn a_packed_folder_opens_and_decrypts_back_to_its_files() {
    let dir = scratch("round-trip");
    let files = folder(&dir.join("app"));
    let out = dir.join("app.intunewin");
    let package = pack(&dir.join("app"), "setup.exe", &out).unwrap();
    let d = package.detection();
    assert_eq!(
        (d.name.as_str(), d.setup_file.as_str(), d.file_name.as_str()),
        ("setup.exe", "setup.exe", "IntunePackage.intunewin")
    );
    assert_eq!(d.encryption.profile_identifier, "ProfileVersion1");
    assert_eq!(d.encryption.file_digest_algorithm, "SHA256");
    assert_eq!(
        (d.encryption.encryption_key.len(), d.encryption.mac_key.len()),
        (32, 32)
    );
    assert_eq!(
        (
            d.encryption.initialization_vector.len(),
            d.encryption.mac.len(),
            d.encryption.file_digest.len()
        ),
        (16, 32, 32)
    );
    // mac ‖ iv ‖ ciphertext, padded to whole blocks.
    let padded = (d.unencrypted_content_size / 16 + 1) * 16;
    assert_eq!(package.encrypted_size(), 48 + padded);
    // Secrets stay out of `Debug`.
    let shown = format!("{package:?}");
    for secret in [&d.encryption.encryption_key, &d.encryption.mac_key] {
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret);
        assert!(!shown.contains(&b64), "{shown}");
    }

    let reopened = Package::open(&out).unwrap();
    assert_eq!(reopened.detection(), d);
    let mut zip = Vec::new();
    let size = reopened.decrypt_to(&mut zip).unwrap();
    assert_eq!(size, d.unencrypted_content_size);
    // The content is the folder's ZIP: every file, byte for byte.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert_eq!(archive.len(), files.len());
    for (name, bytes) in &files {
        let mut read = Vec::new();
        archive.by_name(name).unwrap().read_to_end(&mut read).unwrap();
        assert!(read == *bytes, "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn detection_xml_has_the_formats_fields() {
    let dir = scratch("detection");
    folder(&dir.join("app"));
    let out = dir.join("app.intunewin");
    pack(&dir.join("app"), "setup.exe", &out).unwrap();
    let mut outer = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let names: Vec<String> = outer.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(
        names.contains(&PAYLOAD.to_owned()) && names.contains(&DETECTION.to_owned()),
        "{names:?}"
    );
    let mut xml = String::new();
    outer
        .by_name(DETECTION)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert!(root.has_tag_name("ApplicationInfo") && root.attribute("ToolVersion").is_some());
    let child = |parent: roxmltree::Node<'_, '_>, name: &str| {
        parent
            .children()
            .find(|n| n.has_tag_name(name))
            .map(|n| n.text().unwrap_or("").to_owned())
    };
    for field in ["Name", "UnencryptedContentSize", "FileName", "SetupFile"] {
        assert!(child(root, field).is_some_and(|t| !t.is_empty()), "<{field}>");
    }
    let info = root
        .children()
        .find(|n| n.has_tag_name("EncryptionInfo"))
        .unwrap();
    for field in [
        "EncryptionKey",
        "MacKey",
        "InitializationVector",
        "Mac",
        "ProfileIdentifier",
        "FileDigest",
        "FileDigestAlgorithm",
    ] {
        assert!(child(info, field).is_some_and(|t| !t.is_empty()), "<{field}>");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_changed_package_or_a_missing_setup_file_is_refused() {
    let dir = scratch("refused");
    folder(&dir.join("app"));
    let err = pack(&dir.join("app"), "install.exe", &dir.join("x.intunewin")).unwrap_err();
    assert!(
        matches!(&err, PackageError::Format(m) if m.contains("install.exe")),
        "{err}"
    );
    let err = pack(&dir.join("nowhere"), "setup.exe", &dir.join("x.intunewin")).unwrap_err();
    assert!(matches!(&err, PackageError::Format(_)), "{err}");

    // A payload whose bytes were changed fails its MAC.
    let out = dir.join("app.intunewin");
    pack(&dir.join("app"), "setup.exe", &out).unwrap();
    let package = Package::open(&out).unwrap();
    let mut payload = Vec::new();
    package
        .read_payload(|r| {
            r.read_to_end(&mut payload)
                .map_err(|e| PackageError::Format(e.to_string()))
        })
        .unwrap();
    let last = payload.len() - 1;
    payload[last] ^= 1;
    let tampered = dir.join("tampered.intunewin");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&tampered).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file(PAYLOAD, stored).unwrap();
    std::io::Write::write_all(&mut writer, &payload).unwrap();
    writer.start_file(DETECTION, stored).unwrap();
    std::io::Write::write_all(&mut writer, package.detection().to_xml().as_bytes()).unwrap();
    writer.finish().unwrap();
    let err = Package::open(&tampered)
        .unwrap()
        .decrypt_to(&mut std::io::sink())
        .unwrap_err();
    assert!(
        matches!(&err, PackageError::Integrity(m) if m.contains("MAC")),
        "{err}"
    );
    // Not a package at all.
    std::fs::write(dir.join("junk.intunewin"), b"not a zip").unwrap();
    assert!(matches!(
        Package::open(&dir.join("junk.intunewin")),
        Err(PackageError::Format(_))
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

mod exports {
    use std::time::Duration;

    use graph_resource::Error;
    use graph_resource::emulator::{Emulator, EmulatorExt};

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Device {
        #[serde(rename = "DeviceName")]
        name: String,
        #[serde(rename = "ComplianceState")]
        state: String,
        #[serde(rename = "LastContact")]
        days: u32,
    }

    #[tokio::test]
    async fn an_export_is_run_waited_on_downloaded_without_the_token_and_read_as_rows() {
        let emulator = Emulator::start().await.unwrap();
        emulator.set_report(
            "DeviceCompliance",
            "DeviceName,ComplianceState,LastContact\nPC-1,compliant,1\nPC-2,noncompliant,12\n\"PC, 3\",compliant,0\n",
        );
        let client = emulator.client();
        let report = client
            .export_report("DeviceCompliance")
            .select(["DeviceName", "ComplianceState", "LastContact"])
            .filter("(ComplianceState eq 'compliant')")
            .interval(Duration::from_millis(5))
            .run()
            .await
            .unwrap();
        let rows: Vec<Device> = report.rows().unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[2],
            Device {
                name: "PC, 3".into(),
                state: "compliant".into(),
                days: 0
            }
        );
        let sent = emulator.requests();
        let post = sent.iter().find(|r| r.method == "POST").unwrap().json().unwrap();
        assert_eq!(post["reportName"], "DeviceCompliance");
        assert_eq!(post["format"], "csv");
        assert_eq!(post["select"][1], "ComplianceState");
        assert_eq!(post["filter"], "(ComplianceState eq 'compliant')");
        let download = sent.iter().find(|r| r.target.starts_with("/_storage/")).unwrap();
        assert_eq!(download.header("authorization"), None);
        // A row that does not read into the type is an error of its own,
        // naming where it is.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Wrong {
            #[serde(rename = "ComplianceState")]
            state: u32,
        }
        let first = report.rows::<Wrong>().unwrap().next().unwrap().unwrap_err();
        assert!(first.to_string().contains("line: 2"), "{first}");
    }

    #[tokio::test]
    async fn a_failed_export_says_so() {
        let emulator = Emulator::start().await.unwrap();
        emulator.fail_next_export();
        let err = emulator
            .client()
            .export_report("DeviceCompliance")
            .interval(Duration::from_millis(5))
            .run()
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Poll(p) if p.last_status.as_deref() == Some("failed")),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn a_report_actions_table_is_read_page_by_page_into_rows() {
        let emulator = Emulator::start().await.unwrap();
        let mut csv = String::from("DeviceName,ComplianceState,LastContact,OS\n");
        for i in 0..25 {
            csv.push_str(&format!("\"PC, {i}\",noncompliant,{i},Windows\n"));
        }
        emulator.set_report("getDeviceNonComplianceReport", csv);
        let client = emulator.client();
        let mut rows = client
            .report_table("getDeviceNonComplianceReport")
            .select(["DeviceName", "ComplianceState", "LastContact"])
            .filter("(OS eq 'Windows')")
            .page_size(10)
            .rows::<Device>();
        let mut read = Vec::new();
        while let Some(device) = rows.next().await.unwrap() {
            read.push(device);
        }
        assert_eq!(rows.total(), Some(25));
        assert_eq!(read.len(), 25);
        assert_eq!(
            read[24],
            Device {
                name: "PC, 24".into(),
                state: "noncompliant".into(),
                days: 24
            }
        );
        // Three pages, by skip and top, each with the same select and filter.
        let pages: Vec<serde_json::Value> = emulator
            .requests()
            .iter()
            .filter(|r| r.target.ends_with("/getDeviceNonComplianceReport"))
            .map(|r| r.json().unwrap())
            .collect();
        let skips: Vec<u64> = pages.iter().map(|p| p["skip"].as_u64().unwrap()).collect();
        assert_eq!(skips, [0, 10, 20]);
        assert!(
            pages
                .iter()
                .all(|p| p["top"] == 10 && p["filter"] == "(OS eq 'Windows')")
        );
        assert_eq!(pages[0]["select"][2], "LastContact");
    }

    #[tokio::test]
    async fn a_table_row_that_does_not_fit_names_itself() {
        let emulator = Emulator::start().await.unwrap();
        emulator.set_report(
            "getDevicesWithoutCompliancePolicyReport",
            "DeviceName,ComplianceState,LastContact\nPC-1,compliant,1\nPC-2,compliant,never\n",
        );
        let client = emulator.client();
        let mut rows = client
            .report_table("getDevicesWithoutCompliancePolicyReport")
            .rows::<Device>();
        let err = rows.next().await.unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        let shown = err.to_string();
        assert!(shown.contains("row 1") && shown.contains("never"), "{shown}");
        let bad = client
            .report_table("get../x")
            .rows::<Device>()
            .next()
            .await
            .unwrap_err();
        assert!(matches!(bad, Error::InvalidRequest(_)), "{bad:?}");
    }
}

//! `IntuneWinPackage/Metadata/Detection.xml`: what a package holds and the
//! keys that decrypt it, as Microsoft's packer writes it and Intune's
//! `commit` reads it (`fileEncryptionInfo`).

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::PackageError;

/// The profile every package names.
pub const PROFILE: &str = "ProfileVersion1";

/// What `Detection.xml` says of a package.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Detection {
    /// The packer's version, as the file says it.
    pub tool_version: String,
    /// The package's name: its setup file's.
    pub name: String,
    /// The size of the content before encryption (the inner ZIP).
    pub unencrypted_content_size: u64,
    /// The encrypted payload's name: `IntunePackage.intunewin`.
    pub file_name: String,
    /// The file that installs the app, within the packed folder.
    pub setup_file: String,
    /// The keys and digests, as Intune's `commit` takes them.
    pub encryption: EncryptionInfo,
}

/// `fileEncryptionInfo`: the keys that encrypt the payload and the digest
/// of what they encrypt. Secret: its `Debug` shows none of them.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncryptionInfo {
    /// The AES-256 key.
    pub encryption_key: Vec<u8>,
    /// The HMAC-SHA256 key.
    pub mac_key: Vec<u8>,
    /// The CBC initialization vector.
    pub initialization_vector: Vec<u8>,
    /// The HMAC-SHA256 of the IV and the ciphertext.
    pub mac: Vec<u8>,
    /// `ProfileVersion1`.
    pub profile_identifier: String,
    /// The SHA-256 of the content before encryption.
    pub file_digest: Vec<u8>,
    /// `SHA256`.
    pub file_digest_algorithm: String,
}

impl std::fmt::Debug for Detection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detection")
            .field("name", &self.name)
            .field("unencrypted_content_size", &self.unencrypted_content_size)
            .field("file_name", &self.file_name)
            .field("setup_file", &self.setup_file)
            .field("encryption", &self.encryption)
            .finish()
    }
}

impl std::fmt::Debug for EncryptionInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncryptionInfo")
            .field("profile_identifier", &self.profile_identifier)
            .field("file_digest_algorithm", &self.file_digest_algorithm)
            .finish_non_exhaustive()
    }
}

impl Detection {
    /// The XML, as the packer writes it.
    pub fn to_xml(&self) -> String {
        let e = &self.encryption;
        let b64 = |bytes: &[u8]| STANDARD.encode(bytes);
        let mut xml = String::from("<ApplicationInfo xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" ");
        let _ = writeln!(
            xml,
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ToolVersion=\"{}\">",
            escape(&self.tool_version)
        );
        let _ = writeln!(xml, "  <Name>{}</Name>", escape(&self.name));
        let _ = writeln!(
            xml,
            "  <UnencryptedContentSize>{}</UnencryptedContentSize>",
            self.unencrypted_content_size
        );
        let _ = writeln!(xml, "  <FileName>{}</FileName>", escape(&self.file_name));
        let _ = writeln!(xml, "  <SetupFile>{}</SetupFile>", escape(&self.setup_file));
        xml.push_str("  <EncryptionInfo>\n");
        let _ = writeln!(
            xml,
            "    <EncryptionKey>{}</EncryptionKey>",
            b64(&e.encryption_key)
        );
        let _ = writeln!(xml, "    <MacKey>{}</MacKey>", b64(&e.mac_key));
        let _ = writeln!(
            xml,
            "    <InitializationVector>{}</InitializationVector>",
            b64(&e.initialization_vector)
        );
        let _ = writeln!(xml, "    <Mac>{}</Mac>", b64(&e.mac));
        let _ = writeln!(
            xml,
            "    <ProfileIdentifier>{}</ProfileIdentifier>",
            escape(&e.profile_identifier)
        );
        let _ = writeln!(xml, "    <FileDigest>{}</FileDigest>", b64(&e.file_digest));
        let _ = writeln!(
            xml,
            "    <FileDigestAlgorithm>{}</FileDigestAlgorithm>",
            escape(&e.file_digest_algorithm)
        );
        xml.push_str("  </EncryptionInfo>\n</ApplicationInfo>\n");
        xml
    }

    /// Reads `Detection.xml`.
    ///
    /// # Errors
    ///
    /// XML that does not parse, or that lacks a field (named in the error).
    pub fn from_xml(xml: &str) -> Result<Detection, PackageError> {
        let doc = roxmltree::Document::parse(xml.trim_start_matches('\u{feff}'))
            .map_err(|e| PackageError::format(format!("Detection.xml is not XML: {e}")))?;
        let root = doc.root_element();
        let text = |parent: roxmltree::Node<'_, '_>, name: &str| -> Result<String, PackageError> {
            parent
                .children()
                .find(|n| n.has_tag_name(name))
                .map(|n| n.text().unwrap_or("").trim().to_owned())
                .ok_or_else(|| PackageError::format(format!("Detection.xml has no <{name}>")))
        };
        let bytes = |parent, name: &str| -> Result<Vec<u8>, PackageError> {
            STANDARD
                .decode(text(parent, name)?)
                .map_err(|e| PackageError::format(format!("Detection.xml's <{name}> is not base64: {e}")))
        };
        let info = root
            .children()
            .find(|n| n.has_tag_name("EncryptionInfo"))
            .ok_or_else(|| PackageError::format("Detection.xml has no <EncryptionInfo>"))?;
        let size = text(root, "UnencryptedContentSize")?;
        Ok(Detection {
            tool_version: root.attribute("ToolVersion").unwrap_or("").to_owned(),
            name: text(root, "Name")?,
            unencrypted_content_size: size.parse().map_err(|_| {
                PackageError::format(format!(
                    "Detection.xml's <UnencryptedContentSize> `{size}` is not a size"
                ))
            })?,
            file_name: text(root, "FileName")?,
            setup_file: text(root, "SetupFile")?,
            encryption: EncryptionInfo {
                encryption_key: bytes(info, "EncryptionKey")?,
                mac_key: bytes(info, "MacKey")?,
                initialization_vector: bytes(info, "InitializationVector")?,
                mac: bytes(info, "Mac")?,
                profile_identifier: text(info, "ProfileIdentifier")?,
                file_digest: bytes(info, "FileDigest")?,
                file_digest_algorithm: text(info, "FileDigestAlgorithm")?,
            },
        })
    }
}

impl EncryptionInfo {
    /// `fileEncryptionInfo` as Intune's `commit` takes it: each key and
    /// digest in base64.
    pub fn to_graph(&self) -> serde_json::Value {
        let b64 = |bytes: &[u8]| STANDARD.encode(bytes);
        serde_json::json!({
            "@odata.type": "#microsoft.graph.fileEncryptionInfo",
            "encryptionKey": b64(&self.encryption_key),
            "macKey": b64(&self.mac_key),
            "initializationVector": b64(&self.initialization_vector),
            "mac": b64(&self.mac),
            "profileIdentifier": self.profile_identifier,
            "fileDigest": b64(&self.file_digest),
            "fileDigestAlgorithm": self.file_digest_algorithm,
        })
    }

    /// The MAC in base64: which encrypted payload this is.
    pub(crate) fn mac_base64(&self) -> String {
        STANDARD.encode(&self.mac)
    }
}

/// Text as XML element content or an attribute value.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

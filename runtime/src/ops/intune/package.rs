//! Packing a folder into a `.intunewin` and reading one back: the folder
//! zipped, the ZIP encrypted with AES-256-CBC and authenticated with an
//! HMAC-SHA256 (`mac ‖ iv ‖ ciphertext`), and the keys and digests in
//! `Detection.xml`, all in one outer ZIP:
//!
//! ```text
//! IntuneWinPackage/Contents/IntunePackage.intunewin   the encrypted payload
//! IntuneWinPackage/Metadata/Detection.xml             what it is, and its keys
//! ```

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit, generic_array::GenericArray};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::PackageError;
use super::detection::{Detection, EncryptionInfo, PROFILE};

/// Where the payload is inside a package.
pub const PAYLOAD: &str = "IntuneWinPackage/Contents/IntunePackage.intunewin";
/// Where `Detection.xml` is inside a package.
pub const DETECTION: &str = "IntuneWinPackage/Metadata/Detection.xml";
/// The packer version this one writes as.
const TOOL_VERSION: &str = "1.8.6.0";
/// How much is read, encrypted or hashed at a time: a multiple of 16.
const PIECE: usize = 64 * 1024;

type Encryptor = cbc::Encryptor<aes::Aes256>;
type Decryptor = cbc::Decryptor<aes::Aes256>;
type HmacSha256 = Hmac<Sha256>;

/// A `.intunewin` on disk: its `Detection.xml`, read.
#[derive(Debug, Clone)]
pub struct Package {
    path: PathBuf,
    detection: Detection,
    encrypted_size: u64,
}

/// Packs `folder` into the `.intunewin` at `out`, `setup_file` (a path
/// inside the folder) as the file that installs it. Memory stays bounded:
/// the inner ZIP and the payload go through temporary files beside `out`.
///
/// # Errors
///
/// A folder or setup file that is not there, or a file that cannot be read
/// or written.
pub fn pack(folder: &Path, setup_file: &str, out: &Path) -> Result<Package, PackageError> {
    if !folder.is_dir() {
        return Err(PackageError::format(format!(
            "{} is not a folder",
            folder.display()
        )));
    }
    if !folder.join(setup_file).is_file() {
        return Err(PackageError::format(format!(
            "the setup file `{setup_file}` is not in {}",
            folder.display()
        )));
    }
    let inner = temp_beside(out, "zip");
    let payload = temp_beside(out, "payload");
    let result = pack_with(folder, setup_file, out, &inner, &payload);
    let _ = std::fs::remove_file(&inner);
    let _ = std::fs::remove_file(&payload);
    result?;
    Package::open(out)
}

fn pack_with(
    folder: &Path,
    setup_file: &str,
    out: &Path,
    inner: &Path,
    payload: &Path,
) -> Result<(), PackageError> {
    zip_folder(folder, inner)?;
    let mut keys = [0u8; 80];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut keys)
        .map_err(|_| PackageError::format("the system's random source failed"))?;
    let (encryption_key, rest) = keys.split_at(32);
    let (mac_key, iv) = rest.split_at(32);
    let (size, digest, mac) = encrypt(inner, payload, encryption_key, mac_key, iv)?;
    let detection = Detection {
        tool_version: TOOL_VERSION.to_owned(),
        name: Path::new(setup_file)
            .file_name()
            .map_or(setup_file.into(), |n| n.to_string_lossy().into_owned()),
        unencrypted_content_size: size,
        file_name: "IntunePackage.intunewin".to_owned(),
        setup_file: setup_file.to_owned(),
        encryption: EncryptionInfo {
            encryption_key: encryption_key.to_vec(),
            mac_key: mac_key.to_vec(),
            initialization_vector: iv.to_vec(),
            mac,
            profile_identifier: PROFILE.to_owned(),
            file_digest: digest,
            file_digest_algorithm: "SHA256".to_owned(),
        },
    };
    let mut zip = ZipWriter::new(BufWriter::new(create(out)?));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    zip.start_file(PAYLOAD, stored).map_err(zip_error)?;
    std::io::copy(&mut BufReader::new(open(payload)?), &mut zip).map_err(|e| io(out, e))?;
    zip.start_file(DETECTION, SimpleFileOptions::default())
        .map_err(zip_error)?;
    zip.write_all(detection.to_xml().as_bytes())
        .map_err(|e| io(out, e))?;
    zip.finish().map_err(zip_error)?.flush().map_err(|e| io(out, e))?;
    Ok(())
}

/// Zips the folder's files (names with `/`, in name order) into `to`.
fn zip_folder(folder: &Path, to: &Path) -> Result<(), PackageError> {
    let mut files = Vec::new();
    let mut dirs = vec![folder.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
            let path = entry.map_err(|e| io(&dir, e))?.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut zip = ZipWriter::new(BufWriter::new(create(to)?));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true);
    for path in files {
        let name = path
            .strip_prefix(folder)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        zip.start_file(name, options).map_err(zip_error)?;
        std::io::copy(&mut BufReader::new(open(&path)?), &mut zip).map_err(|e| io(&path, e))?;
    }
    zip.finish().map_err(zip_error)?.flush().map_err(|e| io(to, e))?;
    Ok(())
}

/// Encrypts `from` into `to` as `mac ‖ iv ‖ ciphertext`; answers the
/// plaintext's size and SHA-256, and the MAC.
fn encrypt(
    from: &Path,
    to: &Path,
    key: &[u8],
    mac_key: &[u8],
    iv: &[u8],
) -> Result<(u64, Vec<u8>, Vec<u8>), PackageError> {
    let mut cipher =
        Encryptor::new_from_slices(key, iv).map_err(|_| PackageError::format("a key of the wrong length"))?;
    let mut hmac = HmacSha256::new_from_slice(mac_key)
        .map_err(|_| PackageError::format("a MAC key of the wrong length"))?;
    let mut digest = Sha256::new();
    let mut input = BufReader::new(open(from)?);
    let mut output = BufWriter::new(create(to)?);
    output.write_all(&[0; 32]).map_err(|e| io(to, e))?;
    output.write_all(iv).map_err(|e| io(to, e))?;
    hmac.update(iv);
    let mut size = 0u64;
    let mut buf = vec![0u8; PIECE];
    loop {
        let n = read_full(&mut input, &mut buf).map_err(|e| io(from, e))?;
        digest.update(&buf[..n]);
        size += n as u64;
        let last = n < PIECE;
        let len = if last {
            // PKCS#7: 1 to 16 bytes, each the count.
            let pad = 16 - n % 16;
            buf[n..n + pad].fill(pad as u8);
            n + pad
        } else {
            n
        };
        for block in buf[..len].chunks_exact_mut(16) {
            cipher.encrypt_block_mut(GenericArray::from_mut_slice(block));
        }
        hmac.update(&buf[..len]);
        output.write_all(&buf[..len]).map_err(|e| io(to, e))?;
        if last {
            break;
        }
    }
    let mac = hmac.finalize().into_bytes().to_vec();
    let mut file = output.into_inner().map_err(|e| io(to, e.into_error()))?;
    file.seek(SeekFrom::Start(0)).map_err(|e| io(to, e))?;
    file.write_all(&mac).map_err(|e| io(to, e))?;
    Ok((size, digest.finalize().to_vec(), mac))
}

impl Package {
    /// Opens a `.intunewin` and reads its `Detection.xml`.
    ///
    /// # Errors
    ///
    /// A file that is not there, not a ZIP, or without the package's two
    /// entries.
    pub fn open(path: &Path) -> Result<Package, PackageError> {
        let mut zip = ZipArchive::new(BufReader::new(open(path)?)).map_err(zip_error)?;
        let mut xml = String::new();
        zip.by_name(DETECTION)
            .map_err(|_| PackageError::format(format!("{} has no {DETECTION}", path.display())))?
            .read_to_string(&mut xml)
            .map_err(|e| io(path, e))?;
        let detection = Detection::from_xml(&xml)?;
        let encrypted_size = zip
            .by_name(PAYLOAD)
            .map_err(|_| PackageError::format(format!("{} has no {PAYLOAD}", path.display())))?
            .size();
        Ok(Package {
            path: path.to_owned(),
            detection,
            encrypted_size,
        })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What its `Detection.xml` says.
    pub fn detection(&self) -> &Detection {
        &self.detection
    }

    /// The encrypted payload's size: Intune's `sizeEncrypted`.
    pub fn encrypted_size(&self) -> u64 {
        self.encrypted_size
    }

    /// Reads the encrypted payload (what is uploaded) from its start with
    /// `read`, in bounded memory.
    ///
    /// # Errors
    ///
    /// A package that cannot be read, or `read`'s own error.
    pub fn read_payload<T>(
        &self,
        read: impl FnOnce(&mut dyn Read) -> Result<T, PackageError>,
    ) -> Result<T, PackageError> {
        let mut zip = ZipArchive::new(BufReader::new(open(&self.path)?)).map_err(zip_error)?;
        let mut entry = zip
            .by_name(PAYLOAD)
            .map_err(|_| PackageError::format(format!("the package has no {PAYLOAD}")))?;
        read(&mut entry)
    }

    /// Checks the payload's MAC, decrypts it, checks its SHA-256, and
    /// writes the content (the folder's ZIP) to `out`; answers its size.
    ///
    /// # Errors
    ///
    /// A MAC or digest that does not match (the package was changed, or its
    /// keys are not its own), or a file that cannot be read or written.
    pub fn decrypt_to(&self, out: &mut impl Write) -> Result<u64, PackageError> {
        let e = &self.detection.encryption;
        // First pass: the MAC, over `iv ‖ ciphertext`.
        self.read_payload(|payload| {
            let mut mac = [0u8; 32];
            payload.read_exact(&mut mac).map_err(|err| io(&self.path, err))?;
            let mut hmac = HmacSha256::new_from_slice(&e.mac_key)
                .map_err(|_| PackageError::format("a MAC key of the wrong length"))?;
            let mut buf = vec![0u8; PIECE];
            loop {
                let n = read_full(payload, &mut buf).map_err(|err| io(&self.path, err))?;
                hmac.update(&buf[..n]);
                if n < PIECE {
                    break;
                }
            }
            hmac.verify_slice(&mac).map_err(|_| {
                PackageError::integrity(
                    "the payload's MAC does not match: it was changed, or the keys are not its own",
                )
            })
        })?;
        // Second pass: decrypt, holding back the last block for its padding.
        self.read_payload(|payload| self.decrypt_from(payload, out))
    }

    fn decrypt_from(&self, payload: &mut dyn Read, out: &mut impl Write) -> Result<u64, PackageError> {
        let e = &self.detection.encryption;
        let mut buf = vec![0u8; PIECE];
        let mut skip = [0u8; 48];
        payload.read_exact(&mut skip).map_err(|err| io(&self.path, err))?;
        let mut cipher = Decryptor::new_from_slices(&e.encryption_key, &e.initialization_vector)
            .map_err(|_| PackageError::format("a key of the wrong length"))?;
        let mut digest = Sha256::new();
        let mut held: Vec<u8> = Vec::new();
        let mut written = 0u64;
        loop {
            let n = read_full(payload, &mut buf).map_err(|err| io(&self.path, err))?;
            if n % 16 != 0 {
                return Err(PackageError::integrity("the payload is not whole AES blocks"));
            }
            for block in buf[..n].chunks_exact_mut(16) {
                cipher.decrypt_block_mut(GenericArray::from_mut_slice(block));
            }
            if !held.is_empty() && n > 0 {
                digest.update(&held);
                out.write_all(&held)
                    .map_err(|err| io(Path::new("(output)"), err))?;
                written += held.len() as u64;
                held.clear();
            }
            if n == 0 {
                break;
            }
            // Everything but the last block goes out; the last waits.
            let keep = n - 16;
            digest.update(&buf[..keep]);
            out.write_all(&buf[..keep])
                .map_err(|err| io(Path::new("(output)"), err))?;
            written += keep as u64;
            held.extend_from_slice(&buf[keep..n]);
            if n < PIECE {
                break;
            }
        }
        let pad = *held
            .last()
            .ok_or_else(|| PackageError::integrity("the payload is empty"))? as usize;
        if !(1..=16).contains(&pad)
            || held.len() < pad
            || held[held.len() - pad..].iter().any(|&b| b as usize != pad)
        {
            return Err(PackageError::integrity("the payload's padding is not PKCS#7"));
        }
        let tail = &held[..held.len() - pad];
        digest.update(tail);
        out.write_all(tail)
            .map_err(|err| io(Path::new("(output)"), err))?;
        written += tail.len() as u64;
        if digest.finalize().as_slice() != e.file_digest.as_slice()
            || written != self.detection.unencrypted_content_size
        {
            return Err(PackageError::integrity(
                "the content's SHA-256 or size is not the one Detection.xml gives",
            ));
        }
        Ok(written)
    }
}

/// Reads until `buf` is full or the input ends.
pub(crate) fn read_full(input: &mut (impl Read + ?Sized), buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn temp_beside(out: &Path, what: &str) -> PathBuf {
    let mut name = out
        .file_name()
        .map_or_else(Default::default, |n| n.to_os_string());
    name.push(format!(".{}.{what}.tmp", std::process::id()));
    out.with_file_name(name)
}

fn open(path: &Path) -> Result<File, PackageError> {
    File::open(path).map_err(|e| io(path, e))
}

fn create(path: &Path) -> Result<File, PackageError> {
    File::create(path).map_err(|e| io(path, e))
}

fn io(path: &Path, source: std::io::Error) -> PackageError {
    PackageError::Io {
        path: path.to_owned(),
        source,
    }
}

fn zip_error(e: zip::result::ZipError) -> PackageError {
    PackageError::format(format!("not a ZIP this package can be: {e}"))
}

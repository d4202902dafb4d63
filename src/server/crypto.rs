//! Secrets at rest: AES-256-GCM with a fresh random nonce per seal, the
//! row's identity bound as associated data, and the key version stored in
//! front of the ciphertext so keys can be rotated.
//!
//! Sealed layout: `[key version: 1 byte][nonce: 12 bytes][ciphertext+tag]`.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::Sha256;

const NONCE_LEN: usize = 12;
pub const KEY_FILE: &str = "master.key";

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("master key entry {0} is not `version:base64` with a 32-byte key")]
    BadEntry(usize),
    #[error("master key file {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("no master key given")]
    Empty,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("sealed value is malformed")]
    Malformed,
    #[error("sealed with key version {0}, which is not configured")]
    UnknownKey(u8),
    #[error("does not decrypt: wrong key, tampered, or moved from another row")]
    Rejected,
}

/// Which row and field a secret belongs to. A ciphertext copied to another
/// row, tenant or field no longer opens.
#[derive(Debug, Clone, Copy)]
pub struct SecretSlot<'a> {
    pub table: &'a str,
    pub row_id: i64,
    pub tenant_id: i64,
    pub field: &'a str,
}

impl SecretSlot<'_> {
    fn associated_data(&self) -> Vec<u8> {
        format!(
            "switchboard/v1/{}/{}/tenant:{}/{}",
            self.table, self.row_id, self.tenant_id, self.field
        )
        .into_bytes()
    }
}

/// An opened secret. Not serializable, and `Debug` hides it.
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

pub struct Keyring {
    current: u8,
    keys: BTreeMap<u8, Aes256Gcm>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current)
            .field("versions", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Keyring {
    /// From `SWITCHBOARD_MASTER_KEY` when given, else from the key file in
    /// the data directory, created (mode 0600) on first start.
    pub fn load(spec: Option<&str>, data_dir: &Path) -> Result<Keyring, KeyringError> {
        match spec {
            Some(spec) => Keyring::parse(spec),
            None => Keyring::from_file(&data_dir.join(KEY_FILE)),
        }
    }

    pub fn parse(spec: &str) -> Result<Keyring, KeyringError> {
        let mut keys = BTreeMap::new();
        for (index, entry) in spec
            .split([',', '\n'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .enumerate()
        {
            let (version, encoded) = match entry.split_once(':') {
                Some((v, k)) => (
                    v.parse::<u8>().map_err(|_| KeyringError::BadEntry(index))?,
                    k,
                ),
                None => (1, entry),
            };
            let bytes = BASE64
                .decode(encoded.trim())
                .map_err(|_| KeyringError::BadEntry(index))?;
            if bytes.len() != 32 || version == 0 {
                return Err(KeyringError::BadEntry(index));
            }
            keys.insert(
                version,
                Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&bytes)),
            );
        }
        let current = *keys.keys().next_back().ok_or(KeyringError::Empty)?;
        Ok(Keyring { current, keys })
    }

    fn from_file(path: &Path) -> Result<Keyring, KeyringError> {
        let file_error = |source| KeyringError::File {
            path: path.display().to_string(),
            source,
        };
        if !path.exists() {
            let key = Aes256Gcm::generate_key(OsRng);
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(file_error)?;
            writeln!(file, "1:{}", BASE64.encode(key)).map_err(file_error)?;
            file.sync_all().map_err(file_error)?;
            tracing::info!(path = %path.display(), "created a new master key file");
        }
        let mode = std::fs::metadata(path)
            .map_err(file_error)?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            tracing::warn!(path = %path.display(), mode = format!("{mode:o}"), "master key file is readable by others; chmod 600 it");
        }
        let spec = std::fs::read_to_string(path).map_err(file_error)?;
        Keyring::parse(&spec)
    }

    pub fn current_version(&self) -> u8 {
        self.current
    }

    pub fn seal(&self, plaintext: &str, slot: SecretSlot<'_>) -> Vec<u8> {
        let cipher = &self.keys[&self.current];
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = slot.associated_data();
        let ciphertext = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            // AES-GCM encryption only fails for inputs beyond 64 GiB.
            .expect("AES-GCM encryption of a short secret");
        let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        sealed.push(self.current);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    pub fn open(&self, sealed: &[u8], slot: SecretSlot<'_>) -> Result<Secret, OpenError> {
        if sealed.len() < 1 + NONCE_LEN + 16 {
            return Err(OpenError::Malformed);
        }
        let version = sealed[0];
        let cipher = self
            .keys
            .get(&version)
            .ok_or(OpenError::UnknownKey(version))?;
        let nonce = Nonce::from_slice(&sealed[1..1 + NONCE_LEN]);
        let aad = slot.associated_data();
        let plaintext = cipher
            .decrypt(
                nonce,
                Payload {
                    msg: &sealed[1 + NONCE_LEN..],
                    aad: &aad,
                },
            )
            .map_err(|_| OpenError::Rejected)?;
        String::from_utf8(plaintext)
            .map(Secret)
            .map_err(|_| OpenError::Malformed)
    }

    /// The key version a sealed value was made with (to find values to re-seal
    /// after a rotation).
    pub fn version_of(sealed: &[u8]) -> Option<u8> {
        sealed.first().copied()
    }
}

/// The process's signing key for errors carried in a URL (see
/// `http::url_errors`): random per process, never stored.
pub struct UrlErrorKey([u8; 32]);

impl UrlErrorKey {
    pub fn random() -> UrlErrorKey {
        UrlErrorKey(rand::random())
    }

    fn mac(&self, session: &str, path: &str, error: &str) -> Hmac<Sha256> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        // Lengths first: no two (session, path, error) give the same input.
        for part in [session, path, error] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac
    }

    pub fn signature(&self, session: &str, path: &str, error: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(session, path, error).finalize().into_bytes())
    }

    pub fn verifies(&self, session: &str, path: &str, error: &str, signature: &str) -> bool {
        URL_SAFE_NO_PAD.decode(signature).is_ok_and(|bytes| {
            // Constant time.
            self.mac(session, path, error).verify_slice(&bytes).is_ok()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> String {
        BASE64.encode([byte; 32])
    }

    fn slot(row_id: i64) -> SecretSlot<'static> {
        SecretSlot {
            table: "pbx_connections",
            row_id,
            tenant_id: 7,
            field: "ami_secret",
        }
    }

    #[test]
    fn round_trip_uses_a_fresh_nonce_each_time() {
        let ring = Keyring::parse(&key(1)).unwrap();
        let a = ring.seal("s3cret", slot(1));
        let b = ring.seal("s3cret", slot(1));
        assert_ne!(a, b, "same plaintext must not give the same ciphertext");
        assert_eq!(ring.open(&a, slot(1)).unwrap().expose(), "s3cret");
        assert_eq!(ring.open(&b, slot(1)).unwrap().expose(), "s3cret");
    }

    #[test]
    fn tampering_is_detected() {
        let ring = Keyring::parse(&key(1)).unwrap();
        let mut sealed = ring.seal("s3cret", slot(1));
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(
            ring.open(&sealed, slot(1)).unwrap_err(),
            OpenError::Rejected
        );
    }

    #[test]
    fn ciphertext_copied_to_another_row_or_field_does_not_open() {
        let ring = Keyring::parse(&key(1)).unwrap();
        let sealed = ring.seal("s3cret", slot(1));
        assert_eq!(
            ring.open(&sealed, slot(2)).unwrap_err(),
            OpenError::Rejected
        );
        let other_field = SecretSlot {
            field: "ari_password",
            ..slot(1)
        };
        assert_eq!(
            ring.open(&sealed, other_field).unwrap_err(),
            OpenError::Rejected
        );
        let other_tenant = SecretSlot {
            tenant_id: 8,
            ..slot(1)
        };
        assert_eq!(
            ring.open(&sealed, other_tenant).unwrap_err(),
            OpenError::Rejected
        );
    }

    #[test]
    fn rotation_seals_with_the_newest_and_opens_older_versions() {
        let old = Keyring::parse(&format!("1:{}", key(1))).unwrap();
        let sealed_old = old.seal("old", slot(1));
        let rotated = Keyring::parse(&format!("1:{},2:{}", key(1), key(2))).unwrap();
        assert_eq!(rotated.current_version(), 2);
        assert_eq!(rotated.open(&sealed_old, slot(1)).unwrap().expose(), "old");
        let sealed_new = rotated.seal("new", slot(1));
        assert_eq!(Keyring::version_of(&sealed_new), Some(2));
        assert_eq!(
            old.open(&sealed_new, slot(1)).unwrap_err(),
            OpenError::UnknownKey(2)
        );
    }

    #[test]
    fn key_file_is_created_with_mode_0600_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = Keyring::load(None, dir.path()).unwrap();
        let mode = std::fs::metadata(dir.path().join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let sealed = first.seal("x", slot(1));
        let second = Keyring::load(None, dir.path()).unwrap();
        assert_eq!(second.open(&sealed, slot(1)).unwrap().expose(), "x");
    }

    #[test]
    fn bad_keys_are_refused() {
        assert!(Keyring::parse("not base64!").is_err());
        assert!(Keyring::parse(&BASE64.encode([0u8; 16])).is_err());
        assert!(Keyring::parse("").is_err());
    }
}

//! The secret key behind keyed codes and date shifts (HMAC-SHA256, RustCrypto `hmac`).
//!
//! With a key, the same person in the same scope gets the same code in every run and on
//! every machine, with no shared state; without the key, no one can compute a code from a
//! name. The key is never printed: its `Debug` shows only its length.

use std::fmt;
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::Error;

/// Fewest key bytes accepted (128 bits).
pub const MIN_KEY_BYTES: usize = 16;

/// A secret key read from a key file.
#[derive(Clone)]
pub struct SecretKey(Vec<u8>);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({} bytes)", self.0.len())
    }
}

/// What reading a key file found besides the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyFileCheck {
    /// The file can be read by its group or by others (mode & 0o077 != 0 on unix).
    pub readable_by_others: bool,
}

impl SecretKey {
    /// A key from raw bytes (at least [`MIN_KEY_BYTES`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<SecretKey, Error> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(Error::Key { reason: "the key must hold at least 16 bytes (e.g. `openssl rand -hex 32`)" });
        }
        Ok(SecretKey(bytes.to_vec()))
    }

    /// Reads a key file: its bytes, without one trailing line break, are the key.
    pub fn from_file(path: &Path) -> Result<(SecretKey, KeyFileCheck), Error> {
        let bytes = std::fs::read(path).map_err(|_| Error::Key { reason: "cannot read the key file" })?;
        let mut key: &[u8] = &bytes;
        if let Some(k) = key.strip_suffix(b"\n") {
            key = k.strip_suffix(b"\r").unwrap_or(k);
        }
        let check = KeyFileCheck { readable_by_others: readable_by_others(path) };
        Ok((SecretKey::from_bytes(key)?, check))
    }

    /// HMAC-SHA256 of the parts, each prefixed with its length (so parts cannot run into
    /// each other).
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        for p in parts {
            m.update(&(p.len() as u64).to_le_bytes());
            m.update(p);
        }
        m.finalize().into_bytes().into()
    }
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).map(|m| m.permissions().mode() & 0o077 != 0).unwrap_or(false)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_refused_and_debug_hides_the_key() {
        assert!(SecretKey::from_bytes(b"short").is_err());
        let k = SecretKey::from_bytes(b"0123456789abcdef0123").unwrap();
        assert_eq!(format!("{k:?}"), "SecretKey(20 bytes)");
    }

    #[test]
    fn mac_is_keyed_and_framed() {
        let a = SecretKey::from_bytes(b"0123456789abcdef").unwrap();
        let b = SecretKey::from_bytes(b"0123456789abcdeg").unwrap();
        assert_ne!(a.mac(&[b"x"]), b.mac(&[b"x"]));
        assert_ne!(a.mac(&[b"ab", b"c"]), a.mac(&[b"a", b"bc"]));
        assert_eq!(a.mac(&[b"x"]), a.mac(&[b"x"]));
    }
}

//! Versioned, serde-encoded records: `b'J'`, a big-endian u16 version, then JSON.
//! A record type bumps `VERSION` when its shape changes incompatibly and teaches `migrate` how to
//! read the older versions; additive changes use `#[serde(default)]` and keep the version.

use super::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

const TAG: u8 = b'J';

pub trait Record: Serialize + DeserializeOwned {
    const VERSION: u16 = 1;

    /// Read a record stored with an older version.
    fn migrate(version: u16, value: serde_json::Value) -> Result<Self, StoreError> {
        let _ = value;
        Err(StoreError::Decode(format!("no migration from version {version}")))
    }
}

pub fn encode<T: Record>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.push(TAG);
    out.extend_from_slice(&T::VERSION.to_be_bytes());
    // Serialising our own types to JSON cannot fail (no non-string map keys, no NaN floats
    // reach records); fall back to null rather than panic if it ever did.
    if serde_json::to_writer(&mut out, value).is_err() {
        out.truncate(3);
        out.extend_from_slice(b"null");
    }
    out
}

pub fn decode<T: Record>(bytes: &[u8]) -> Result<T, StoreError> {
    if bytes.len() < 3 || bytes[0] != TAG {
        return Err(StoreError::Decode("unknown record format".into()));
    }
    let version = u16::from_be_bytes([bytes[1], bytes[2]]);
    let body = &bytes[3..];
    if version == T::VERSION {
        serde_json::from_slice(body).map_err(|e| StoreError::Decode(e.to_string()))
    } else {
        let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| StoreError::Decode(e.to_string()))?;
        T::migrate(version, value)
    }
}

/// Any record as JSON (for /export), with its version.
pub fn to_json(bytes: &[u8]) -> serde_json::Value {
    if bytes.len() >= 3 && bytes[0] == TAG {
        let version = u16::from_be_bytes([bytes[1], bytes[2]]);
        let data = serde_json::from_slice(&bytes[3..]).unwrap_or(serde_json::Value::Null);
        serde_json::json!({ "version": version, "data": data })
    } else {
        serde_json::Value::Null
    }
}

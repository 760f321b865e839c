//! Why a turn failed. A failed turn commits nothing and the user gets the storage-error reply
//! (`Engine::handle`); the cause goes to the log.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum TurnError {
    /// Reading or committing the user's records failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The user's data could not be written out as JSON (/export).
    #[error("encoding the export: {0}")]
    Export(#[from] serde_json::Error),
}

/// The result of a turn's step.
pub type Result<T, E = TurnError> = std::result::Result<T, E>;

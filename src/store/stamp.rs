//! What a file held when a flow was read from it or saved to it: a SHA-256 of its bytes.
//! Recovery copies record it, so that recovering work can say when the file changed on
//! disk since (another program, another session, a `git pull`).

use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};

/// The SHA-256 of a file's bytes, as lowercase hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct FileStamp(String);

impl FileStamp {
    pub fn of_bytes(bytes: &[u8]) -> FileStamp {
        let digest = Sha256::digest(bytes);
        let mut hex = String::with_capacity(64);
        for b in digest {
            hex.push_str(&format!("{b:02x}"));
        }
        FileStamp(hex)
    }

    /// The stamp of the file at `path` as it is now; `None` when it cannot be read (gone,
    /// not a file, too large).
    pub fn of_file(path: &Path) -> Option<FileStamp> {
        super::read_document(path)
            .ok()
            .map(|text| FileStamp::of_bytes(text.as_bytes()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FileStamp {
    /// The first twelve hex digits: enough to tell two versions apart in a message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get(..12).unwrap_or(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_is_the_sha256_of_the_bytes() {
        assert_eq!(
            FileStamp::of_bytes(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(FileStamp::of_bytes(b"abc").to_string(), "ba7816bf8f01");
    }
}

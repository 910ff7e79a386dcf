//! Reading an earlier version of a flow file out of the git repository it lives in
//! (`switchboard diff FLOW --against HEAD~1`), through gix: the repository is found from
//! the file's folder upwards, the revision resolved as `git rev-parse` would (HEAD,
//! HEAD~1, a branch, a tag, a commit id) and the file's bytes read from that commit's
//! tree. Nothing is written and nothing touches the network.

use std::path::{Path, PathBuf};

use crate::store::{self, MAX_DOCUMENT_BYTES};

/// Why the earlier version could not be read; each says what to do, the path last.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("this file is not in a git repository, so there is no earlier version to compare with; compare two files instead: switchboard diff OLD NEW (for {})", path.display())]
    NotInRepository { path: PathBuf },
    #[error("the git repository has no working folder (a bare repository), so the file cannot be found in it (for {})", path.display())]
    Bare { path: PathBuf },
    #[error("the revision {rev} is not known in this repository; give a commit id, a branch, a tag, HEAD or HEAD~1 (for {})", path.display())]
    UnknownRevision { rev: String, path: PathBuf },
    #[error("the file did not exist at revision {rev} (for {})", path.display())]
    NotThen { rev: String, path: PathBuf },
    #[error("at revision {rev} this is not a file (for {})", path.display())]
    NotAFile { rev: String, path: PathBuf },
    #[error("at revision {rev} the file is {size} bytes, more than a flow file can be ({MAX_DOCUMENT_BYTES} bytes) (for {})", path.display())]
    TooLarge {
        rev: String,
        size: u64,
        path: PathBuf,
    },
    #[error("could not read the file at revision {rev}: {reason} (for {})", path.display())]
    Read {
        rev: String,
        reason: String,
        path: PathBuf,
    },
    #[error("at revision {rev}: {source}")]
    Text {
        rev: String,
        source: Box<store::LoadError>,
    },
}

/// The text of the file at `path` as it was at revision `rev` of its repository.
pub fn read_at_revision(path: &Path, rev: &str) -> Result<String, GitError> {
    let absolute = absolute(path);
    let not_in_repo = || GitError::NotInRepository {
        path: path.to_owned(),
    };
    let folder = absolute.parent().ok_or_else(not_in_repo)?;
    let repo = gix::discover(folder).map_err(|_| not_in_repo())?;
    let workdir = repo.workdir().ok_or_else(|| GitError::Bare {
        path: path.to_owned(),
    })?;
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_owned());
    let relative = absolute.strip_prefix(&workdir).map_err(|_| not_in_repo())?;
    let read = |reason: String| GitError::Read {
        rev: rev.to_owned(),
        reason,
        path: path.to_owned(),
    };
    let tree = repo
        .rev_parse_single(rev)
        .map_err(|_| GitError::UnknownRevision {
            rev: rev.to_owned(),
            path: path.to_owned(),
        })?
        .object()
        .and_then(|o| o.peel_to_tree())
        .map_err(|e| read(e.to_string()))?;
    let entry = tree
        .lookup_entry_by_path(relative)
        .map_err(|e| read(e.to_string()))?
        .ok_or_else(|| GitError::NotThen {
            rev: rev.to_owned(),
            path: path.to_owned(),
        })?;
    if !entry.mode().is_blob() {
        return Err(GitError::NotAFile {
            rev: rev.to_owned(),
            path: path.to_owned(),
        });
    }
    let header = repo
        .find_header(entry.object_id())
        .map_err(|e| read(e.to_string()))?;
    if header.size() > MAX_DOCUMENT_BYTES {
        return Err(GitError::TooLarge {
            rev: rev.to_owned(),
            size: header.size(),
            path: path.to_owned(),
        });
    }
    let blob = entry.object().map_err(|e| read(e.to_string()))?;
    store::text_from_bytes(path, blob.detach().data).map_err(|source| GitError::Text {
        rev: rev.to_owned(),
        source: Box::new(source),
    })
}

/// The file's absolute path with its folder's links resolved, as the repository's
/// working folder is (the file itself may be gone from the working folder).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(resolved) = path.canonicalize() {
        return resolved;
    }
    let joined = std::env::current_dir()
        .map(|here| here.join(path))
        .unwrap_or_else(|_| path.to_owned());
    match (joined.parent(), joined.file_name()) {
        (Some(folder), Some(name)) => folder
            .canonicalize()
            .map_or_else(|_| joined.clone(), |f| f.join(name)),
        _ => joined,
    }
}

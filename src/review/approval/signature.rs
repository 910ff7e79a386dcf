//! SSH signatures over approvals, in the format of `ssh-keygen -Y sign` (SSHSIG) with the
//! namespace `switchboard-approval`, so that `ssh-keygen -Y verify` accepts them and a
//! reviewer can check one without Switchboard.
//!
//! What is signed is [`signed_message`]: every field of the approval but the signature,
//! as one compact JSON object with its keys sorted (JSON's escaping is fixed by its standard,
//! so the bytes never depend on a RON library's version).

use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use std::path::Path;

use crate::model::Approval;
use crate::workspace::policy::Reviewer;

/// The SSHSIG namespace of approvals: a signature made for anything else never counts.
pub const NAMESPACE: &str = "switchboard-approval";

/// The environment variable holding the passphrase of an encrypted private key.
pub const PASSPHRASE_VARIABLE: &str = "SWITCHBOARD_KEY_PASSPHRASE";

/// Width of the base64 lines of an armoured SSH signature, as ssh-keygen writes them.
const PEM_LINE: usize = 70;

/// Why a private key cannot sign.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the private key cannot be read: {why}: {path}")]
    Unreadable { why: String, path: String },
    #[error(
        "the private key is protected by a passphrase: put the passphrase in the environment variable {PASSPHRASE_VARIABLE} and try again: {path}"
    )]
    NeedsPassphrase { path: String },
    #[error("the passphrase in {PASSPHRASE_VARIABLE} does not open the private key: {path}")]
    WrongPassphrase { path: String },
    #[error(
        "only ed25519 keys can approve, and this one is {algorithm}; make one with `ssh-keygen -t ed25519` and add its .pub line to the reviewers in policy.ron: {path}"
    )]
    NotEd25519 { algorithm: String, path: String },
    #[error("the approval could not be signed: {0}")]
    Signing(String),
}

/// Why an approval in approvals.ron does not count.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("its signature cannot be read ({0})")]
    UnreadableSignature(String),
    #[error(
        "it is signed with a key that is not one of the reviewers' in policy.ron ({fingerprint})"
    )]
    UnknownKey { fingerprint: String },
    #[error(
        "its signature does not match what it says: it was changed after it was signed, or signed for something else"
    )]
    BadSignature,
    #[error("it names {named}, but is signed with the key of {signer}")]
    NotTheSigner { named: String, signer: String },
}

/// The bytes a reviewer signs for `approval`: all its fields but the signature.
pub fn signed_message(approval: &Approval) -> Vec<u8> {
    let fields = [
        ("switchboard-approval", "1"),
        ("flow", approval.flow.as_str()),
        ("content", &approval.content),
        ("systems", &approval.systems),
        ("policy", &approval.policy),
        ("reviewer", &approval.reviewer),
        ("email", &approval.email),
        ("time", &approval.time),
        ("comment", &approval.comment),
    ];
    // Sorted by name, inserted in that order: the same bytes whether or not serde_json
    // keeps insertion order (its `preserve_order` feature).
    let sorted: std::collections::BTreeMap<&str, &str> = fields.into_iter().collect();
    let object: serde_json::Map<String, serde_json::Value> = sorted
        .into_iter()
        .map(|(name, value)| (name.to_owned(), serde_json::Value::String(value.to_owned())))
        .collect();
    serde_json::Value::Object(object).to_string().into_bytes()
}

/// Reads the OpenSSH private key at `path`, decrypting it with the passphrase in
/// [`PASSPHRASE_VARIABLE`] when it has one.
pub fn load_private_key(path: &Path) -> Result<PrivateKey, KeyError> {
    let shown = path.display().to_string();
    let text = read_key_file(path).map_err(|why| KeyError::Unreadable {
        why,
        path: shown.clone(),
    })?;
    let key = PrivateKey::from_openssh(text.trim()).map_err(|e| KeyError::Unreadable {
        why: format!("it is not an OpenSSH private key ({e})"),
        path: shown.clone(),
    })?;
    let key = if key.is_encrypted() {
        let passphrase =
            std::env::var(PASSPHRASE_VARIABLE).map_err(|_| KeyError::NeedsPassphrase {
                path: shown.clone(),
            })?;
        key.decrypt(passphrase.as_bytes())
            .map_err(|_| KeyError::WrongPassphrase {
                path: shown.clone(),
            })?
    } else {
        key
    };
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(KeyError::NotEd25519 {
            algorithm: key.algorithm().to_string(),
            path: shown,
        });
    }
    Ok(key)
}

/// The text of a key file: a regular file (never a FIFO or a device, which could block or
/// never end) of at most 64 KiB (an OpenSSH key is a few hundred bytes).
fn read_key_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    const LIMIT: u64 = 64 * 1024;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is not a regular file".into());
    }
    let mut text = String::new();
    file.take(LIMIT + 1)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    if text.len() as u64 > LIMIT {
        return Err("it is far larger than an SSH key".into());
    }
    Ok(text)
}

/// Signs `approval` with `key`, filling in its `signature`.
pub fn sign(approval: &mut Approval, key: &PrivateKey) -> Result<(), KeyError> {
    let signature = key
        .sign(NAMESPACE, HashAlg::Sha512, &signed_message(approval))
        .map_err(|e| KeyError::Signing(e.to_string()))?;
    let pem = signature
        .to_pem(LineEnding::LF)
        .map_err(|e| KeyError::Signing(e.to_string()))?;
    approval.signature = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    Ok(())
}

/// The approval's signature in the armoured form `ssh-keygen -Y verify -s FILE` reads.
pub fn signature_pem(approval: &Approval) -> String {
    let body: Vec<char> = approval
        .signature
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut pem = String::from("-----BEGIN SSH SIGNATURE-----\n");
    for line in body.chunks(PEM_LINE) {
        pem.extend(line);
        pem.push('\n');
    }
    pem.push_str("-----END SSH SIGNATURE-----\n");
    pem
}

/// The approval's signature as one line, from the armoured form ssh-keygen writes.
pub fn signature_from_pem(pem: &str) -> String {
    pem.lines()
        .filter(|line| !line.starts_with("-----"))
        .map(str::trim)
        .collect()
}

/// Which of `reviewers` signed `approval`, or why it does not count.
pub fn verify<'r>(approval: &Approval, reviewers: &'r [Reviewer]) -> Result<&'r Reviewer, Refusal> {
    let signature = SshSig::from_pem(signature_pem(approval))
        .map_err(|e| Refusal::UnreadableSignature(e.to_string()))?;
    let signer = PublicKey::from(signature.public_key().clone());
    let reviewer = reviewers
        .iter()
        .find(|r| {
            r.public_key()
                .is_ok_and(|k| k.key_data() == signer.key_data())
        })
        .ok_or_else(|| Refusal::UnknownKey {
            fingerprint: signer.fingerprint(HashAlg::Sha256).to_string(),
        })?;
    signer
        .verify(NAMESPACE, &signed_message(approval), &signature)
        .map_err(|_| Refusal::BadSignature)?;
    if reviewer.name != approval.reviewer || !reviewer.email.eq_ignore_ascii_case(&approval.email) {
        return Err(Refusal::NotTheSigner {
            named: format!("{} <{}>", approval.reviewer, approval.email),
            signer: format!("{} <{}>", reviewer.name, reviewer.email),
        });
    }
    Ok(reviewer)
}

/// The reviewer among `reviewers` whose key is `key`'s public half.
pub fn reviewer_of<'r>(key: &PrivateKey, reviewers: &'r [Reviewer]) -> Option<&'r Reviewer> {
    reviewers.iter().find(|r| {
        r.public_key()
            .is_ok_and(|k| k.key_data() == key.public_key().key_data())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_or_a_huge_file_is_not_read_as_a_key() {
        let err = load_private_key(Path::new("/dev/zero")).expect_err("refused");
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let dir = tempfile::tempdir().expect("temp dir");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 100 * 1024]).expect("write");
        let err = load_private_key(&big).expect_err("refused");
        assert!(err.to_string().contains("far larger"), "{err}");
    }
}

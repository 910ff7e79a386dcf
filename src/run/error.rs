//! Why a read or write of a test run failed. Every variant reads as the sentence the user
//! sees (which system, what happened, what to do); the variant says what kind of failure
//! it is, for the code that must tell them apart — a lookup by key that the system
//! answers with 404 found nothing, which is no failure at all.

use crate::workspace::Unresolved;

/// A failed read or write, from the samples, a system's API or a local file or database.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The system answered 404 Not Found.
    #[error("{system} answered HTTP 404 to {method} {url}")]
    NotFound {
        system: String,
        method: &'static str,
        url: String,
    },
    /// The system refused the credential (401 or 403; 400 too from a token endpoint).
    #[error(
        "{system} refused the credentials (HTTP {status}): check the secret in {reference} and that it may use this API"
    )]
    Refused {
        system: String,
        status: u16,
        /// Where the credential comes from, in words ("the environment variable CRM_TOKEN").
        reference: String,
    },
    /// Still 429 Too Many Requests after every try the run's patience allows.
    #[error(
        "{system} is limiting how often it may be called: it still answered 429 Too Many Requests after {tries} tries"
    )]
    RateLimited { system: String, tries: u32 },
    /// A 5xx answer: the system failed on its side.
    #[error(
        "{system} failed on its side (HTTP {status} from {method} {url}); try again later or tell its owner"
    )]
    Failed {
        system: String,
        status: u16,
        method: &'static str,
        url: String,
    },
    /// Any other status that is not a success.
    #[error("{system} answered HTTP {status} to {method} {url}")]
    Status {
        system: String,
        status: u16,
        method: &'static str,
        url: String,
    },
    /// The call did not get through: nothing answered, no answer in time, the secure
    /// connection was refused, the answer broke off.
    #[error("{0}")]
    Transport(String),
    /// The run's time limit was reached before or during the call.
    #[error("{0}")]
    OutOfTime(String),
    /// The system's answer cannot be used: a link or redirect outside its endpoint, too
    /// large, not JSON, records that do not fit the schema, pages that never end.
    #[error("{0}")]
    Answer(String),
    /// The flow names a system, connector or object the workspace does not have.
    #[error("{0}")]
    Unresolved(Unresolved),
    /// The workspace does not say how to make the call: no endpoint for the environment,
    /// an endpoint a run cannot use, a credential that is not set, no such operation.
    #[error("{0}")]
    Setup(String),
    /// A file-drop folder or SQLite database could not be read or written.
    #[error("{0}")]
    Local(String),
    /// The workspace's sample records could not be loaded (sample runs).
    #[error("{0}")]
    Samples(String),
}

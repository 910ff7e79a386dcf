//! Reading an answer's body within a size limit: a system that sends 2 GB fails the
//! step with a clear fault instead of filling the memory. The limit is the connector's
//! `max_response_mb`, 64 MB unless its manifest says otherwise.

use std::io::Read;

/// The body, or `None` when it is larger than `limit` bytes: refused unread when its
/// declared length says so, else read up to one byte past the limit and no further.
pub fn read_capped(
    body: impl Read,
    declared: Option<u64>,
    limit: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    if declared.is_some_and(|n| n > limit) {
        return Ok(None);
    }
    // The declared length is at most the limit here, and a lie only costs a reallocation.
    let capacity = usize::try_from(declared.unwrap_or(0)).unwrap_or(0);
    let mut out = Vec::with_capacity(capacity);
    body.take(limit.saturating_add(1)).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= limit).then_some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_past_the_limit_is_refused_declared_or_not() {
        let ten = || std::io::Cursor::new(vec![b'x'; 10]);
        assert_eq!(
            read_capped(ten(), None, 10).expect("read"),
            Some(vec![b'x'; 10])
        );
        assert_eq!(read_capped(ten(), None, 9).expect("read"), None);
        assert_eq!(
            read_capped(ten(), Some(10), 10)
                .expect("read")
                .map(|b| b.len()),
            Some(10)
        );
        assert_eq!(
            read_capped(ten(), Some(2_000_000_000), 10).expect("read"),
            None
        );
        // A length that understates the body does not get past the limit either.
        assert_eq!(read_capped(ten(), Some(3), 9).expect("read"), None);
    }

    #[test]
    fn an_endless_body_stops_one_byte_past_the_limit() {
        let endless = std::io::repeat(b' ');
        assert_eq!(read_capped(endless, None, 1 << 20).expect("read"), None);
    }
}

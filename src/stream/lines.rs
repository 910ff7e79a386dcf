//! Lines of a byte stream, handed out in place: a line is a slice of one large buffer,
//! its end found with `memchr`, and whether it is text is the caller's question, line by
//! line (a line that is not UTF-8 is refused alone; the stream goes on).

use std::io::{ErrorKind, Read};

/// Reads `input` a large block at a time and splits it at `\n`.
pub struct Lines<R> {
    input: R,
    buffer: Vec<u8>,
    /// The unread part of `buffer`.
    start: usize,
    end: usize,
    /// How far from `start` no `\n` was found, so a refill searches only new bytes.
    searched: usize,
    done: bool,
}

impl<R: Read> Lines<R> {
    /// Lines read `block` bytes at a time; a longer line grows the buffer.
    pub fn new(input: R, block: usize) -> Lines<R> {
        Lines {
            input,
            buffer: vec![0; block.max(1)],
            start: 0,
            end: 0,
            searched: 0,
            done: false,
        }
    }

    /// The next line without its `\n`; the last line need not end with one.
    pub fn next_line(&mut self) -> std::io::Result<Option<&[u8]>> {
        loop {
            let unread = &self.buffer[self.start + self.searched..self.end];
            if let Some(at) = memchr::memchr(b'\n', unread) {
                let line = self.start..self.start + self.searched + at;
                self.start = line.end + 1;
                self.searched = 0;
                return Ok(Some(&self.buffer[line]));
            }
            self.searched = self.end - self.start;
            if self.done {
                if self.start == self.end {
                    return Ok(None);
                }
                let line = self.start..self.end;
                self.start = self.end;
                self.searched = 0;
                return Ok(Some(&self.buffer[line]));
            }
            self.refill()?;
        }
    }

    /// Moves the unfinished line to the front and reads more after it.
    fn refill(&mut self) -> std::io::Result<()> {
        self.buffer.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buffer.len() {
            self.buffer.resize(self.buffer.len() * 2, 0);
        }
        loop {
            match self.input.read(&mut self.buffer[self.end..]) {
                Ok(0) => {
                    self.done = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_lines(text: &[u8], block: usize) -> Vec<Vec<u8>> {
        let mut lines = Lines::new(text, block);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().expect("reads") {
            out.push(line.to_vec());
        }
        out
    }

    #[test]
    fn lines_come_out_as_split_would_give_them_whatever_the_block_size() {
        for text in [
            &b""[..],
            b"\n",
            b"one",
            b"one\n",
            b"one\ntwo",
            b"one\n\ntwo\n",
            b"a long line that is longer than any small block\nshort\n\xff\xfe\n",
        ] {
            let mut expected: Vec<Vec<u8>> =
                text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            if text.ends_with(b"\n") || text.is_empty() {
                expected.pop();
            }
            for block in [1, 2, 3, 7, 64, 1 << 20] {
                assert_eq!(
                    all_lines(text, block),
                    expected,
                    "{text:?} in blocks of {block}"
                );
            }
        }
    }

    /// A reader that is interrupted before every read, as a signal would.
    struct Interrupted<'a>(&'a [u8], bool);

    impl Read for Interrupted<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.1 = !self.1;
            if self.1 {
                return Err(ErrorKind::Interrupted.into());
            }
            self.0.read(buf)
        }
    }

    #[test]
    fn an_interrupted_read_is_retried() {
        let mut lines = Lines::new(Interrupted(b"a\nb", false), 1);
        assert_eq!(lines.next_line().expect("a"), Some(&b"a"[..]));
        assert_eq!(lines.next_line().expect("b"), Some(&b"b"[..]));
        assert_eq!(lines.next_line().expect("end"), None);
    }
}

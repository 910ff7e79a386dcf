//! The input cut into chunks at line ends and mapped on worker threads, written in input
//! order. A reader thread fills chunks of about [`Options::chunk_bytes`], each ending at
//! a line end; each worker maps whole chunks with a [`LineMapper`] of its own (its own
//! slots, reader and output buffer); the calling thread writes each chunk's output in
//! input order and reports its problems, numbering its lines after all the lines of the
//! chunks before it. A fixed number of chunks circulate — reader, worker, writer, back to
//! the reader — so memory stays bounded however fast the input comes and however slowly
//! the output goes, and their buffers are reused rather than allocated anew.

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use super::engine::LineMapper;
use super::outcome::{Options, Problem, Summary};
use crate::formula::Env;
use crate::formula::preview::CompiledMap;

/// Part of the input, whole lines, and what mapping them gave.
#[derive(Default)]
struct Chunk {
    /// Its place in the input: chunks are written in this order.
    seq: u64,
    /// `input[..len]` is the chunk; the rest is room. Only the input's last line may end
    /// without a line end.
    input: Vec<u8>,
    len: usize,
    output: Vec<u8>,
    /// Lines in the chunk, blank ones counted.
    lines: u64,
    records: u64,
    /// Numbered from 1 at the chunk's first line.
    problems: Vec<Problem>,
}

/// What reaches the writer: a mapped chunk, or the read that failed in its place.
enum Done {
    Mapped(Chunk),
    Failed(u64, std::io::Error),
}

impl Done {
    fn seq(&self) -> u64 {
        match self {
            Done::Mapped(chunk) => chunk.seq,
            Done::Failed(seq, _) => *seq,
        }
    }
}

/// [`super::map_lines`] with `options.threads` workers.
pub(super) fn map_in_chunks(
    map: &CompiledMap,
    env: &Env,
    input: impl Read + Send,
    output: &mut dyn Write,
    options: Options,
    report: &mut dyn FnMut(&Problem) -> std::io::Result<()>,
) -> std::io::Result<Summary> {
    let workers = options.threads.get();
    // Enough that every worker has a chunk to map while the writer and the reader each
    // hold one or two.
    let in_flight = 2 * workers + 2;
    let (free_tx, free_rx) = channel::<Chunk>();
    // Never full: no more chunks exist than it holds.
    let (work_tx, work_rx) = sync_channel::<Chunk>(in_flight);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = channel::<Done>();
    std::thread::scope(|scope| {
        let reader_done = done_tx.clone();
        let size = options.chunk_bytes.max(1);
        scope.spawn(move || read_chunks(input, size, in_flight, free_rx, work_tx, reader_done));
        for _ in 0..workers {
            let (done, work) = (done_tx.clone(), &work_rx);
            scope.spawn(move || work_on(map, env, work, done));
        }
        drop(done_tx);
        // Returning drops the writer's ends of the channels: a reader waiting for a free
        // chunk and workers handing one over stop, and the scope can end.
        write_in_order(done_rx, free_tx, output, report)
    })
}

/// The reader: fills chunks (new ones until `in_flight` exist, then those the writer
/// hands back) and sends them to the workers; a failed read goes to the writer in place
/// of the chunk it was filling.
fn read_chunks(
    mut input: impl Read,
    size: usize,
    in_flight: usize,
    free: Receiver<Chunk>,
    work: SyncSender<Chunk>,
    done: Sender<Done>,
) {
    // The start of the line the last chunk cut off.
    let mut carry = Vec::new();
    for seq in 0.. {
        let mut chunk = if seq < in_flight as u64 {
            Chunk::default()
        } else {
            match free.recv() {
                Ok(chunk) => chunk,
                // The writer stopped.
                Err(_) => return,
            }
        };
        chunk.seq = seq;
        match fill(&mut input, &mut chunk, &mut carry, size) {
            Ok(more) => {
                if chunk.len > 0 && work.send(chunk).is_err() {
                    return;
                }
                if !more {
                    return;
                }
            }
            Err(e) => {
                // The whole lines read before the failure are mapped first.
                let mut seq = seq;
                if chunk.len > 0 {
                    if work.send(chunk).is_err() {
                        return;
                    }
                    seq += 1;
                }
                let _ = done.send(Done::Failed(seq, e));
                return;
            }
        }
    }
}

/// Fills `chunk` with `carry` and then input, up to about `size` bytes cut after the last
/// line end, keeping what follows it in `carry`. False at the end of the input, when the
/// chunk holds all that was left; after a failed read it holds the whole lines before it.
fn fill(
    input: &mut impl Read,
    chunk: &mut Chunk,
    carry: &mut Vec<u8>,
    size: usize,
) -> std::io::Result<bool> {
    let buffer = &mut chunk.input;
    // Grown with zeros once; later chunks reuse it without clearing.
    let want = size.max(carry.len() + size / 2);
    if buffer.len() < want {
        buffer.resize(want, 0);
    }
    buffer[..carry.len()].copy_from_slice(carry);
    let mut filled = carry.len();
    carry.clear();
    loop {
        if filled == buffer.len() {
            if let Some(end) = memchr::memrchr(b'\n', &buffer[..filled]) {
                carry.extend_from_slice(&buffer[end + 1..filled]);
                chunk.len = end + 1;
                return Ok(true);
            }
            // One line longer than the chunk: the chunk grows to hold it.
            buffer.resize(buffer.len() * 2, 0);
        }
        match input.read(&mut buffer[filled..]) {
            Ok(0) => {
                chunk.len = filled;
                return Ok(false);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => {
                chunk.len = memchr::memrchr(b'\n', &buffer[..filled]).map_or(0, |end| end + 1);
                return Err(e);
            }
        }
    }
}

/// A worker: maps chunks until there are no more, or the writer has stopped.
fn work_on(map: &CompiledMap, env: &Env, work: &Mutex<Receiver<Chunk>>, done: Sender<Done>) {
    let mut mapper = LineMapper::new(map, env);
    loop {
        // One worker waits for the reader while the others wait for it.
        let next = match work.lock() {
            Ok(work) => work.recv(),
            Err(_) => return,
        };
        let Ok(mut chunk) = next else { return };
        map_chunk(&mut mapper, &mut chunk);
        if done.send(Done::Mapped(chunk)).is_err() {
            return;
        }
    }
}

/// Maps every line of `chunk`, leaving its output, counts and problems in it.
fn map_chunk(mapper: &mut LineMapper, chunk: &mut Chunk) {
    chunk.problems.clear();
    chunk.records = 0;
    let mut rest = &chunk.input[..chunk.len];
    let mut n = 0;
    while !rest.is_empty() {
        let (line, after) = match memchr::memchr(b'\n', rest) {
            Some(end) => (&rest[..end], &rest[end + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        n += 1;
        chunk.records += u64::from(mapper.line(n, line, &mut chunk.problems));
        rest = after;
    }
    chunk.lines = n;
    chunk.output = mapper.out.lines.take(std::mem::take(&mut chunk.output));
}

/// The writer: each chunk's output and problems in input order, its chunk then handed
/// back to the reader. Ends when the reader and every worker have stopped.
fn write_in_order(
    done: Receiver<Done>,
    free: Sender<Chunk>,
    output: &mut dyn Write,
    report: &mut dyn FnMut(&Problem) -> std::io::Result<()>,
) -> std::io::Result<Summary> {
    let mut summary = Summary::default();
    // Chunks mapped ahead of one still being mapped.
    let mut waiting = BTreeMap::new();
    let (mut next, mut lines_before) = (0, 0);
    for finished in done {
        waiting.insert(finished.seq(), finished);
        while let Some(finished) = waiting.remove(&next) {
            let mut chunk = match finished {
                Done::Mapped(chunk) => chunk,
                Done::Failed(_, e) => return Err(e),
            };
            for problem in &mut chunk.problems {
                problem.line += lines_before;
                report(problem)?;
            }
            output.write_all(&chunk.output)?;
            summary.records += chunk.records;
            summary.problems += chunk.problems.len() as u64;
            lines_before += chunk.lines;
            next += 1;
            // The reader may have read everything and stopped taking them.
            let _ = free.send(chunk);
        }
    }
    output.flush()?;
    Ok(summary)
}

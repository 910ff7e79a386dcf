//! The streaming engine (`switchboard::stream`): chunked runs on several threads write what
//! one thread writes, byte for byte, and number problems by the same lines; failures to
//! read or write end a run with the error and every thread stopped.

use std::io::{Read, Write};
use std::num::NonZeroUsize;

use switchboard::formula::Env;
use switchboard::formula::preview::CompiledMap;
use switchboard::model::NodeId;
use switchboard::stream::{Options, Problem, Summary, map_lines};
use switchboard::workspace::Workspace;

use crate::support;

fn env(ws: &Workspace) -> Env<'_> {
    Env {
        now: "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("now"),
        tables: &ws.value_maps,
    }
}

fn compiled(ws: &Workspace, flow: &str, node: &str) -> CompiledMap {
    let flow = support::example_flow(flow);
    CompiledMap::new(&flow, ws, &NodeId::new(node).expect("id")).expect("compiles")
}

/// What a run wrote, the problems it reported, and its summary.
type Run = (Vec<u8>, Vec<Problem>, Summary);

fn run(map: &CompiledMap, env: &Env, input: &[u8], threads: usize, chunk_bytes: usize) -> Run {
    let options = Options {
        threads: NonZeroUsize::new(threads).expect("threads"),
        chunk_bytes,
    };
    let (mut output, mut problems) = (Vec::new(), Vec::new());
    let summary = map_lines(map, env, input, &mut output, options, &mut |p| {
        problems.push(p.clone());
        Ok(())
    })
    .expect("maps in memory");
    (output, problems, summary)
}

/// POS sales as an export might hold them: good records, CRLF line ends, blank lines, a
/// cell that fails, lines that are not JSON, not an object or not UTF-8, a line far longer
/// than the small chunks below, and no line end after the last.
fn sales() -> Vec<u8> {
    let mut input = Vec::new();
    for i in 0..40 {
        input.extend_from_slice(
            format!(
                "{{\"CustomerFirstName\":\" dana {i}\",\"CustomerLastName\":\"OKAFOR\",\"CustomerEmail\":\"d{i}@example.org\",\"MarketingOptIn\":true,\"Total\":{i}.50}}\r\n"
            )
            .as_bytes(),
        );
        match i % 8 {
            0 => input.extend_from_slice(b"\r\n\n   \n"),
            1 => {
                input.extend_from_slice(b"{\"CustomerEmail\":\"x@y.example\",\"Total\":\"lots\"}\n")
            }
            2 => input.extend_from_slice(b"not json\r\n"),
            3 => input.extend_from_slice(b"[1, 2]\n"),
            4 => input.extend_from_slice(b"{\"CustomerLastName\":\"Ren\xe9\"}\n"),
            5 => input.extend_from_slice(
                format!("{{\"CustomerLastName\":\"{}\"}}\n", "long ".repeat(200)).as_bytes(),
            ),
            _ => {}
        }
    }
    input.extend_from_slice(b"{\"CustomerEmail\":\"last@example.org\"}");
    input
}

#[test]
fn chunks_on_several_threads_write_what_one_thread_writes_with_the_same_line_numbers() {
    let ws = support::example_workspace();
    let map = compiled(&ws, "pos-sale-to-crm-contact", "build_contact");
    assert!(map.slots().is_some(), "the fast way, into slots");
    let env = env(&ws);
    let input = sales();
    let one = run(&map, &env, &input, 1, 1 << 20);
    let (output, problems, summary) = &one;
    // The single-threaded run is the reference; check it is worth comparing with.
    assert_eq!(summary.records, 40 + 5 + 5 + 1, "{problems:#?}");
    assert_eq!(summary.problems, problems.len() as u64);
    assert_eq!(output.iter().filter(|&&b| b == b'\n').count(), 51);
    let line_of = |text: &[u8]| -> u64 {
        let at = input
            .windows(text.len())
            .position(|w| w == text)
            .expect("in the input");
        input[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1
    };
    assert_eq!(problems[0].line, line_of(b"\"lots\""));
    assert_eq!(problems[0].field.as_deref(), Some("TotalPosSpend"));
    assert_eq!(problems[1].line, line_of(b"not json"));
    assert_eq!(problems[2].line, line_of(b"[1, 2]"));
    assert_eq!(problems[3].line, line_of(b"Ren\xe9"));
    assert!(
        problems[3].message.starts_with("not UTF-8"),
        "{problems:#?}"
    );
    // Chunks of one byte (a chunk is then one line), of a few lines, and larger than the
    // long line or not.
    for chunk_bytes in [1, 7, 100, 300, 1500, 4096] {
        for threads in [2, 3] {
            let many = run(&map, &env, &input, threads, chunk_bytes);
            assert!(
                many == one,
                "{threads} threads, chunks of {chunk_bytes} bytes: {:#?}\n{}",
                many.1,
                String::from_utf8_lossy(&many.0)
            );
        }
    }
}

#[test]
fn whole_records_are_mapped_in_chunks_as_on_one_thread() {
    // Formulas reading a nested record (`Parent.Name`) take the way through whole records.
    let ws = support::example_workspace();
    let map = compiled(&ws, "opportunity-to-reservation", "build_reservation");
    assert!(map.slots().is_none(), "the way through whole records");
    let env = env(&ws);
    let mut input = Vec::new();
    for i in 0..30 {
        input.extend_from_slice(
            format!(
                "{{\"ProductCode\":\"P-{i}\",\"Quantity\":{i},\"Parent\":{{\"Id\":\"006{i}\",\"Name\":\"Deal {i}\",\"CloseDate\":\"2026-0{}-1{}\",\"Account\":{{\"ErpCustomerNumber\":\"C{i}\"}}}}}}\r\n",
                i % 9 + 1,
                i % 10
            )
            .as_bytes(),
        );
        if i % 7 == 3 {
            input.extend_from_slice(b"{\"Parent\":{\"CloseDate\":\"someday\"}}\n\n{\n");
        }
    }
    let one = run(&map, &env, &input, 1, 1 << 20);
    assert!(one.2.records >= 30 && one.2.problems >= 4, "{:#?}", one.1);
    for chunk_bytes in [1, 64, 512] {
        assert!(
            run(&map, &env, &input, 2, chunk_bytes) == one,
            "{chunk_bytes}"
        );
    }
}

/// A reader that gives `good` and then fails.
struct FailsAfter<'a>(&'a [u8]);

impl Read for FailsAfter<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() {
            return Err(std::io::Error::other("the disk went away"));
        }
        self.0.read(buf)
    }
}

/// A writer that takes `room` bytes and then fails, as a closed pipe does.
struct Full(usize, Vec<u8>);

impl Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.1.len() + buf.len() > self.0 {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        self.1.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failed_read_or_write_ends_the_run_with_its_error_after_the_lines_before_it() {
    let ws = support::example_workspace();
    let map = compiled(&ws, "pos-sale-to-crm-contact", "build_contact");
    let env = env(&ws);
    let input = sales();
    let whole = run(&map, &env, &input, 1, 1 << 20).0;
    let cut = input.len() / 2;
    let cut = cut
        + input[cut..]
            .iter()
            .position(|&b| b == b'\n')
            .expect("a line end")
        + 1;
    for threads in [1, 2] {
        let options = Options {
            threads: NonZeroUsize::new(threads).expect("threads"),
            chunk_bytes: 64,
        };
        let mut output = Vec::new();
        let failed = map_lines(
            &map,
            &env,
            FailsAfter(&input[..cut]),
            &mut output,
            options,
            &mut |_| Ok(()),
        )
        .expect_err("the read fails");
        assert_eq!(failed.to_string(), "the disk went away");
        let before = run(&map, &env, &input[..cut], 1, 1 << 20).0;
        assert_eq!(
            output, before,
            "{threads} threads: every line before the failure"
        );

        let mut full = Full(whole.len() / 3, Vec::new());
        let failed = map_lines(&map, &env, &input[..], &mut full, options, &mut |_| Ok(()))
            .expect_err("the write fails");
        assert_eq!(failed.kind(), std::io::ErrorKind::BrokenPipe);
        assert!(whole.starts_with(&full.1), "{threads} threads");
    }
}

#[test]
fn map_writes_the_same_bytes_and_messages_with_one_thread_or_two() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Over three megabytes: several of the chunks `map` cuts (a megabyte each), with
    // problems, blank lines and CRLF ends on either side of the cuts.
    let notes = "n".repeat(900);
    let mut input = Vec::new();
    for i in 0..3600 {
        let line = match i % 97 {
            13 => "not json".to_owned(),
            29 => String::new(),
            41 => "{\"CustomerEmail\":\"x@y.example\",\"Total\":\"lots\"}".to_owned(),
            _ => format!(
                "{{\"CustomerFirstName\":\"dana {i}\",\"CustomerEmail\":\"d{i}@example.org\",\"MarketingOptIn\":true,\"Total\":{i},\"Notes\":\"{notes}\"}}"
            ),
        };
        input.extend_from_slice(line.as_bytes());
        input.extend_from_slice(if i % 2 == 0 { b"\r\n" } else { b"\n" });
    }
    assert!(input.len() > 3 << 20);
    let path = dir.path().join("sales.jsonl");
    std::fs::write(&path, &input).expect("write");
    let flow = support::examples().join("pos-sale-to-crm-contact.flow.ron");
    let map = |threads: &str| {
        let output = dir.path().join(format!("contacts-{threads}.jsonl"));
        let out = support::switchboard_in(
            dir.path(),
            &[
                "map",
                flow.to_str().expect("path"),
                "--node",
                "build_contact",
                "--now",
                "2026-11-22T09:30:00-05:00[America/New_York]",
                "--input",
                path.to_str().expect("path"),
                "--output",
                output.to_str().expect("path"),
                "--threads",
                threads,
            ],
        );
        assert_eq!(out.status.code(), Some(1), "problems are found");
        let messages = String::from_utf8(out.stderr).expect("messages");
        (std::fs::read(output).expect("output"), messages)
    };
    let (one, said_one) = map("1");
    let (two, said_two) = map("2");
    assert!(one == two, "the same bytes");
    assert_eq!(said_one, said_two);
    // 3,600 lines, each 97th from the 14th not JSON, from the 30th blank and from the
    // 42nd with a total that is not a number.
    let (bad, blank, lots) = (37, 37, 37);
    assert!(
        said_two.ends_with(&format!(
            "Mapped {} records; {} problems.\n",
            3600 - bad - blank,
            bad + lots
        )),
        "{said_two}"
    );
    assert!(said_two.contains("line 3409: not valid JSON"), "{said_two}");
    assert!(said_two.contains("line 3437, TotalPosSpend:"), "{said_two}");
}

#[test]
fn map_refuses_zero_threads_plainly() {
    let out = support::switchboard_in(
        &support::examples(),
        &[
            "map",
            "pos-sale-to-crm-contact.flow.ron",
            "--node",
            "build_contact",
            "--threads",
            "0",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("0 is not a number of threads: give a whole number from 1 up, such as 2"),
        "{said}"
    );
}

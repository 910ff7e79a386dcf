//! A corpus of broken files: each gives a located, plain-words message and never a panic.

use std::path::Path;

use switchboard::store::{self, LoadError, LoadErrorKind, Position, load_flow, parse_flow};

use crate::support;

fn load_fixture(name: &str) -> LoadError {
    load_flow(&support::fixture(&format!("broken/{name}"))).expect_err("a broken file is refused")
}

fn at(e: &LoadError) -> (usize, usize) {
    let Position { line, column } = e.position.unwrap_or_else(|| panic!("not located: {e}"));
    (line, column)
}

#[test]
fn an_unknown_node_kind_names_the_kinds_that_exist() {
    let e = load_fixture("unknown-node-kind.flow.ron");
    assert_eq!(e.kind, LoadErrorKind::Syntax);
    assert!(
        e.message.starts_with("unknown node kind `SendFax`"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("`Trigger`") && e.message.contains("`Write`"),
        "{}",
        e.message
    );
    assert_eq!(at(&e), (14, 19));
    assert_eq!(e.span.map(|s| s.len()), Some("SendFax".len()));
}

#[test]
fn a_duplicate_id_points_at_the_second_node() {
    let e = load_fixture("duplicate-id.flow.ron");
    assert_eq!(e.kind, LoadErrorKind::Invalid);
    assert!(
        e.message.contains("two nodes have the id `check`"),
        "{}",
        e.message
    );
    assert_eq!(at(&e), (17, 13));
}

#[test]
fn a_wrong_type_says_what_was_expected() {
    let e = load_fixture("wrong-type.flow.ron");
    assert!(e.message.contains("expected"), "{}", e.message);
    assert_eq!(at(&e).0, 6);
}

#[test]
fn a_missing_field_is_named() {
    let e = load_fixture("missing-field.flow.ron");
    assert!(
        e.message
            .contains("the field `label` is missing in this node"),
        "{}",
        e.message
    );
    assert!(at(&e).0 >= 6);
}

#[test]
fn a_misspelt_field_lists_the_right_ones() {
    let e = load_fixture("unknown-field.flow.ron");
    assert!(e.message.contains("unknown field `lable`"), "{}", e.message);
    assert!(e.message.contains("`label`"), "{}", e.message);
    assert_eq!(at(&e).0, 8);
}

#[test]
fn a_wire_to_a_missing_node_or_port_points_at_the_wire() {
    let e = load_fixture("wire-to-missing-node.flow.ron");
    assert_eq!(e.kind, LoadErrorKind::Invalid);
    assert!(
        e.message.contains("`deleted_step`, which does not exist"),
        "{}",
        e.message
    );
    assert_eq!(at(&e), (13, 9));

    let e = load_fixture("wire-to-missing-port.flow.ron");
    assert!(
        e.message.contains("output `small` of node `route`"),
        "{}",
        e.message
    );
    assert!(e.message.contains("`big`, `else`"), "{}", e.message);
    assert_eq!(at(&e), (24, 9));
}

#[test]
fn an_id_outside_the_slug_alphabet_is_refused() {
    let e = load_fixture("bad-id.flow.ron");
    assert!(
        e.message.contains("`start here` is not a valid id"),
        "{}",
        e.message
    );
    assert_eq!(at(&e).0, 7);
}

#[test]
fn every_truncation_of_an_example_is_refused_with_a_position() {
    let path = support::examples().join("service-request-to-work-order.flow.ron");
    let bytes = std::fs::read(&path).expect("read");
    // Cut everywhere, including inside multi-byte characters and escapes.
    let full_length = bytes.len();
    for cut in (0..full_length - 2).step_by(3) {
        let outcome = store::text_from_bytes(&path, bytes[..cut].to_vec())
            .and_then(|text| parse_flow(&path, &text));
        let e = outcome.expect_err("a truncated flow is refused");
        assert!(e.position.is_some(), "cut at {cut}: {e}");
    }
}

#[test]
fn invalid_utf8_is_located_at_the_first_bad_byte() {
    let mut bytes = b"(\n    format: 1,\n    name: \"caf".to_vec();
    bytes.extend([0xE9, b'"']); // Latin-1 é
    let e = store::text_from_bytes(Path::new("latin1.flow.ron"), bytes).expect_err("refused");
    assert_eq!(e.kind, LoadErrorKind::Encoding);
    assert_eq!(at(&e), (3, 15));
}

#[test]
fn binary_garbage_is_refused_without_a_panic() {
    // A deterministic pseudo-random byte soup, and some patterns that look half like RON.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut soup = Vec::new();
    for _ in 0..64 * 1024 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        soup.push((state >> 24) as u8);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in [
        ("soup.flow.ron", soup.clone()),
        (
            "ascii-soup.flow.ron",
            soup.iter()
                .map(|b| b"([{\"}]):,abc 01\\"[(*b % 16) as usize])
                .collect(),
        ),
        ("nul.flow.ron", vec![0u8; 1000]),
        ("empty.flow.ron", Vec::new()),
        ("png.flow.ron", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let e = load_flow(&path).expect_err("garbage is refused");
        assert!(e.position.is_some(), "{name}: {e}");
        assert_eq!(e.path, path);
    }
}

#[test]
fn deep_nesting_is_refused_before_it_can_exhaust_the_stack() {
    for open in ["[", "(", "{\"a\": ", "Some("] {
        let text = format!(
            "(format: 1, id: \"deep\", name: \"x\", nodes: [], samples: [{{\"x\": {}]}})",
            open.repeat(100_000)
        );
        let e = parse_flow(Path::new("deep.flow.ron"), &text).expect_err("refused");
        assert!(e.position.is_some(), "{e}");
        assert!(
            e.message.contains("nested more than"),
            "{open}: {}",
            e.message
        );
    }
}

#[test]
fn a_fifty_megabyte_file_is_refused_by_its_size_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.flow.ron");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(50 * 1024 * 1024).expect("a sparse 50 MB file");
    let e = load_flow(&path).expect_err("refused");
    assert_eq!(e.kind, LoadErrorKind::TooLarge);
    assert!(e.message.contains("52.4 MB"), "{}", e.message);
    assert!(
        e.to_string().ends_with(&format!("(in {})", path.display())),
        "{e}"
    );
}

#[test]
fn a_huge_repetitive_file_under_the_limit_still_loads_or_fails_cleanly() {
    // 20 MB of one sample record repeated: the parser copes, and its message is located.
    let record = "{\"Email\": \"a@b.example\", \"Amount\": 12.5},\n";
    let body = record.repeat(20 * 1024 * 1024 / record.len());
    let text = format!("(format: 1, id: \"big\", name: \"x\", nodes: [], samples: [\n{body}\n)");
    let e = parse_flow(Path::new("big.flow.ron"), &text).expect_err("the list is never closed");
    let (line, _) = at(&e);
    assert!(line > 400_000, "located near the end, at line {line}");
}

#[test]
fn a_folder_or_a_missing_file_is_said_plainly() {
    let e = load_flow(&support::examples()).expect_err("a folder");
    assert_eq!(e.kind, LoadErrorKind::Unreadable);
    assert!(e.message.contains("folder"), "{}", e.message);
    let e = load_flow(Path::new("/nonexistent/x.flow.ron")).expect_err("missing");
    assert_eq!(e.kind, LoadErrorKind::Unreadable);
}

#[test]
fn a_byte_order_mark_is_read_past_and_dropped_when_formatted() {
    let ws = support::scratch_workspace();
    let flow = ws.path().join("pos-sale-to-crm-contact.flow.ron");
    let original = std::fs::read(&flow).expect("flow");
    for name in [
        "systems.ron",
        "value_maps.ron",
        "samples/sales_crm/Account.ron",
        "pos-sale-to-crm-contact.flow.ron",
    ] {
        let path = ws.path().join(name);
        let mut marked = b"\xEF\xBB\xBF".to_vec();
        marked.extend(std::fs::read(&path).expect("read"));
        std::fs::write(&path, marked).expect("write");
    }
    let workspace = switchboard::workspace::Workspace::load(ws.path()).expect("opens");
    assert!(workspace.problems.is_empty(), "{:?}", workspace.problems);
    let loaded = load_flow(&flow).expect("the flow loads");
    assert_eq!(loaded.id.as_str(), "pos-sale-to-crm-contact");

    let name = "pos-sale-to-crm-contact.flow.ron";
    let out = support::switchboard_in(ws.path(), &["fmt", "--check", name]);
    assert_eq!(out.status.code(), Some(1), "the mark is not canonical");
    let out = support::switchboard_in(ws.path(), &["fmt", name]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read(&flow).expect("flow"), original);
}

mod arbitrary_input {
    use proptest::prelude::*;
    use std::path::Path;

    use switchboard::store::{self, parse_flow};
    use switchboard::workspace::{Landscape, Policy, connector::Connector};

    fn example_text() -> String {
        std::fs::read_to_string(
            crate::support::examples().join("opportunity-to-reservation.flow.ron"),
        )
        .expect("read")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Any text at all: refused or accepted, never a panic, and a refusal is located
        /// unless it is about the whole file.
        #[test]
        fn any_text_loads_or_is_refused_with_a_position(text in any::<String>()) {
            if let Err(e) = parse_flow(Path::new("any.flow.ron"), &text) {
                prop_assert!(e.position.is_some(), "{}", e);
            }
        }

        /// RON-shaped noise gets much deeper into the parser than arbitrary Unicode.
        #[test]
        fn ron_shaped_noise_never_panics(text in "[(\\[{\"'\\\\:, a-zA-Z0-9_.#!-]{0,300}\\)?") {
            let _ = parse_flow(Path::new("noise.flow.ron"), &text);
            let _ = store::parse::<Landscape>(Path::new("systems.ron"), &text);
            let _ = store::parse::<Policy>(Path::new("policy.ron"), &text);
            let _ = store::parse::<Connector>(Path::new("c.ron"), &text);
        }

        /// A valid flow with a few bytes changed: every kind of near miss.
        #[test]
        fn mutated_example_flows_never_panic(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)
        ) {
            let mut bytes = example_text().into_bytes();
            for (at, byte) in edits {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            let outcome = store::text_from_bytes(Path::new("m.flow.ron"), bytes)
                .and_then(|text| parse_flow(Path::new("m.flow.ron"), &text));
            if let Err(e) = outcome {
                prop_assert!(e.position.is_some(), "{}", e);
            }
        }
    }
}

//! Hostile workspaces: opening and checking one never opens a connection and never runs a
//! program, and files built to hurt — 100 MB, nested 100,000 deep, invalid UTF-8, a drop
//! folder pointing out of the workspace — each get a clear message while the rest of the
//! workspace still opens. (Flow files alone: tests/broken_files.rs.)

use std::path::Path;
use std::process::Command;

use switchboard::store::LoadErrorKind;
use switchboard::workspace::Workspace;

use crate::support;

/// Runs `command` under strace, recording every socket, connect and exec; returns its exit
/// code and what was recorded. strace comes from scripts/install-deps.sh.
fn traced_with_code(command: &mut Command) -> (i32, Vec<String>) {
    let log = tempfile::NamedTempFile::new().expect("temp file");
    let program = command.get_program().to_owned();
    let args: Vec<_> = command.get_args().map(ToOwned::to_owned).collect();
    let status = Command::new("strace")
        .args(["-f", "-qq", "-e"])
        .arg("trace=socket,socketpair,connect,execve,execveat,vfork")
        .arg("-o")
        .arg(log.path())
        .arg(&program)
        .args(&args)
        .envs(command.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .current_dir(command.get_current_dir().unwrap_or(Path::new(".")))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("strace runs: install it with scripts/install-deps.sh");
    let code = status
        .code()
        .unwrap_or_else(|| panic!("{program:?} was killed"));
    let trace = std::fs::read_to_string(log.path())
        .expect("the trace")
        .lines()
        .map(str::to_owned)
        .collect();
    (code, trace)
}

fn traced(command: &mut Command) -> Vec<String> {
    traced_with_code(command).1
}

/// Everything but the one exec that started `program` itself.
fn calls_beyond_start(trace: &[String], program: &Path) -> Vec<String> {
    let start = format!("execve(\"{}\"", program.display());
    trace
        .iter()
        .filter(|line| !line.contains(&start))
        .cloned()
        .collect()
}

/// A copy of the example workspace whose systems all point at addresses that would answer
/// if anything tried them, plus a file-drop system with a local folder.
fn tempting_workspace() -> tempfile::TempDir {
    let ws = support::scratch_workspace();
    let path = ws.path().join("systems.ron");
    let text = std::fs::read_to_string(&path).expect("systems").replace(
        "\"production\": \"smb://fileserver01/parks/incoming\",",
        "\"production\": \"smb://fileserver01/parks/incoming\", \"test\": \"file:drops/parks\",",
    );
    std::fs::write(&path, text).expect("write");
    ws
}

#[test]
fn checking_a_workspace_opens_no_connection_and_runs_nothing() {
    let ws = tempting_workspace();
    let exe = Path::new(env!("CARGO_BIN_EXE_switchboard"));
    for args in [
        vec!["check", "."],
        vec!["check", ".", "--format", "sarif"],
        vec!["catalog", "."],
        vec!["fmt", "--check", "."],
        vec!["run", "opportunity-to-reservation.flow.ron"],
    ] {
        let trace = traced(Command::new(exe).args(&args).current_dir(ws.path()));
        assert!(
            trace.iter().any(|l| l.contains("execve(")),
            "strace saw the start"
        );
        let beyond = calls_beyond_start(&trace, exe);
        assert!(
            beyond.is_empty(),
            "switchboard {} made calls it must not:\n{}",
            args.join(" "),
            beyond.join("\n")
        );
    }
    // The watch itself works: a live run, which does connect, is seen doing it.
    let trace = traced(
        Command::new(exe)
            .args([
                "run",
                "opportunity-to-reservation.flow.ron",
                "--live",
                "--yes",
            ])
            .args(["--timeout", "1"])
            .env("CRM_CLIENT_SECRET", "not-a-real-secret")
            .env("ERP_API_KEY", "not-a-real-key")
            .current_dir(ws.path()),
    );
    assert!(
        calls_beyond_start(&trace, exe)
            .iter()
            .any(|l| l.contains("socket(") || l.contains("connect(")),
        "strace sees connections: {trace:?}"
    );
}

/// The child of [`the_designer_opens_a_workspace_without_connections`]: opens the
/// workspace and a flow in the designer (headless) and draws a few frames.
#[cfg(feature = "gui")]
#[test]
#[ignore = "the child process of the_designer_opens_a_workspace_without_connections"]
fn designer_opening_a_workspace() {
    let Some(ws) = std::env::var_os("SWITCHBOARD_HOSTILE_WORKSPACE") else {
        return;
    };
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = crate::designer::open_flow_in(
        Path::new(&ws),
        recovery.path(),
        "opportunity-to-reservation",
    );
    h.run_steps(8);
}

#[cfg(feature = "gui")]
#[test]
fn the_designer_opens_a_workspace_without_connections() {
    let ws = tempting_workspace();
    let exe = std::env::current_exe().expect("test binary");
    let (code, trace) = traced_with_code(
        Command::new(&exe)
            .args([
                "--exact",
                "hostile::designer_opening_a_workspace",
                "--ignored",
            ])
            .env("SWITCHBOARD_HOSTILE_WORKSPACE", ws.path()),
    );
    assert_eq!(code, 0, "the designer opened the workspace and its flow");
    let beyond = calls_beyond_start(&trace, &exe);
    assert!(
        beyond.is_empty(),
        "opening the workspace in the designer made calls it must not:\n{}",
        beyond.join("\n")
    );
}

/// Loads `ws`, expecting it to open with one problem about `file`; returns that problem.
fn the_problem_with(ws: &Path, file: &str) -> switchboard::store::LoadError {
    let workspace = Workspace::load(ws).expect("the workspace still opens");
    let problems: Vec<_> = workspace
        .problems
        .iter()
        .filter(|p| p.path.ends_with(file))
        .collect();
    assert_eq!(problems.len(), 1, "{:?}", workspace.problems);
    problems[0].clone()
}

#[test]
fn a_hundred_megabyte_file_anywhere_in_a_workspace_is_refused_by_its_size() {
    let ws = support::scratch_workspace();
    let sample = ws.path().join("samples/sales_crm/Opportunity.ron");
    std::fs::File::create(&sample)
        .and_then(|f| f.set_len(100 * 1_000_000))
        .expect("a sparse 100 MB file");
    let e = the_problem_with(ws.path(), "Opportunity.ron");
    assert_eq!(e.kind, LoadErrorKind::TooLarge);
    assert!(e.message.contains("100.0 MB"), "{}", e.message);

    // A 100 MB flow is one problem of the check; the other flows are still checked.
    std::fs::File::create(ws.path().join("huge.flow.ron"))
        .and_then(|f| f.set_len(100 * 1_000_000))
        .expect("a sparse 100 MB flow");
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["check", "."])
        .current_dir(ws.path())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("huge.flow.ron"), "{text}");
    assert!(text.contains("100.0 MB"), "{text}");
    assert!(text.contains("pos-sale-to-crm-contact.flow.ron"), "{text}");

    // The registry itself too big: the workspace cannot open, and says why.
    std::fs::File::create(ws.path().join("systems.ron"))
        .and_then(|f| f.set_len(100 * 1_000_000))
        .expect("a sparse 100 MB registry");
    let e = Workspace::load(ws.path()).expect_err("no registry, no workspace");
    assert_eq!(e.kind, LoadErrorKind::TooLarge);
}

#[test]
fn deep_nesting_and_invalid_utf8_in_workspace_files_are_located() {
    let ws = support::scratch_workspace();
    let deep = format!("[{{\"Id\": {}", "[".repeat(100_000));
    std::fs::write(ws.path().join("samples/sales_crm/Opportunity.ron"), deep).expect("write");
    let e = the_problem_with(ws.path(), "Opportunity.ron");
    assert!(e.message.contains("nested more than"), "{}", e.message);
    assert!(e.position.is_some(), "{e}");

    let mut policy = b"(rules: {\"PII-001\": Error}, // caf".to_vec();
    policy.extend([0xC3, 0x28, b'\n', b')']);
    std::fs::write(ws.path().join("policy.ron"), policy).expect("write");
    let e = the_problem_with(ws.path(), "policy.ron");
    assert_eq!(e.kind, LoadErrorKind::Encoding);
    let position = e.position.expect("located");
    assert_eq!((position.line, position.column), (1, 35), "{e}");
}

#[test]
fn huge_repetition_in_a_sample_file_loads() {
    // 20 MB of one record: big, legal, and opened in reasonable time.
    let ws = support::scratch_workspace();
    let record = "{\"Id\": \"006\", \"Name\": \"Repeated\", \"Amount\": 12.5},\n";
    let body = record.repeat(20 * 1_000_000 / record.len());
    std::fs::write(
        ws.path().join("samples/sales_crm/Opportunity.ron"),
        format!("[{body}]"),
    )
    .expect("write");
    let workspace = Workspace::load(ws.path()).expect("opens");
    let records = workspace.samples_of(
        &switchboard::model::SystemId::new("sales_crm").expect("id"),
        "Opportunity",
    );
    assert_eq!(records.len(), 20 * 1_000_000 / record.len());
}

#[test]
fn a_drop_folder_outside_the_workspace_is_a_problem_of_the_registry() {
    for outside in ["file:../../etc", "file:/etc", "file:///tmp/elsewhere"] {
        let ws = support::scratch_workspace();
        let path = ws.path().join("systems.ron");
        let text = std::fs::read_to_string(&path).expect("systems").replace(
            "\"production\": \"smb://fileserver01/parks/incoming\",",
            &format!(
                "\"production\": \"smb://fileserver01/parks/incoming\", \"test\": \"{outside}\","
            ),
        );
        std::fs::write(&path, &text).expect("write");
        let e = the_problem_with(ws.path(), "systems.ron");
        assert!(
            e.message
                .contains("test endpoint of system `parks_dropbox`")
                && e.message.contains("outside the workspace folder"),
            "{outside}: {}",
            e.message
        );
        let line = e.position.expect("located").line;
        let system_line = text
            .lines()
            .position(|l| l.contains("id: \"parks_dropbox\""))
            .expect("the system")
            + 1;
        assert!(
            (system_line.saturating_sub(3)..=system_line).contains(&line),
            "at line {line}, the system starts near {system_line}"
        );
    }
}

/// The designer names a refused workspace file and says why, beside the flows list.
#[cfg(feature = "gui")]
#[test]
fn the_designer_says_which_workspace_file_was_refused_and_why() {
    use egui_kittest::kittest::Queryable;
    let ws = support::scratch_workspace();
    let path = ws.path().join("systems.ron");
    let text = std::fs::read_to_string(&path).expect("systems").replace(
        "\"production\": \"smb://fileserver01/parks/incoming\",",
        "\"production\": \"smb://fileserver01/parks/incoming\", \"test\": \"file:../../etc\",",
    );
    std::fs::write(&path, text).expect("write");
    let recovery = tempfile::tempdir().expect("temp dir");
    let h = crate::designer::harness(crate::designer::designer_on(ws.path(), recovery.path()));
    h.get_by_label_contains(
        "⚠ systems.ron: the test endpoint of system `parks_dropbox` points to ../../etc",
    );
}

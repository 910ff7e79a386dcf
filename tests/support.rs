//! Paths and loaders shared by the integration tests.

use std::path::{Path, PathBuf};

use switchboard::model::Flow;
use switchboard::workspace::Workspace;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn examples() -> PathBuf {
    repo().join("flows")
}

pub fn fixture(path: &str) -> PathBuf {
    repo().join("tests/fixtures").join(path)
}

pub fn example_workspace() -> Workspace {
    Workspace::load(&examples()).expect("the example workspace loads")
}

pub fn example_flow_paths() -> Vec<PathBuf> {
    let paths = switchboard::workspace::flow_files(&examples()).expect("lists flows/");
    assert!(
        paths.len() >= 5,
        "the example workspace has at least five flows"
    );
    paths
}

pub fn example_flow(name: &str) -> Flow {
    let path = examples().join(format!("{name}.flow.ron"));
    switchboard::store::load_flow(&path).expect("example flow loads")
}

/// The example POS flow (card data over plain HTTP) as someone sent it: a copy named
/// `shared.flow.ron` in a folder outside any workspace.
pub fn foreign_flow() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("shared.flow.ron");
    std::fs::copy(examples().join("pos-sale-to-crm-contact.flow.ron"), &path).expect("copy");
    (dir, path)
}

/// A copy of the example workspace in a temporary folder, to change freely.
pub fn scratch_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&examples(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs the `switchboard` binary in `dir` with `args`, standard input empty. A run killed
/// by a signal (a stack overflow aborts) fails the test with what it printed; so does a
/// run still going after two minutes (a hang), which is killed first, so a hanging
/// command cannot hang the test suite.
pub fn switchboard_in(dir: &Path, args: &[&str]) -> std::process::Output {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let out = tempfile::tempfile().expect("temp file");
    let err = tempfile::tempfile().expect("temp file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("handle"))
        .stderr(err.try_clone().expect("handle"))
        .spawn()
        .expect("the binary starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("switchboard {} still ran after two minutes", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |mut f: std::fs::File| {
        use std::io::{Read, Seek};
        let mut bytes = Vec::new();
        f.rewind()
            .and_then(|_| f.read_to_end(&mut bytes))
            .expect("read");
        bytes
    };
    let output = std::process::Output {
        status,
        stdout: read(out),
        stderr: read(err),
    };
    assert!(
        status.code().is_some(),
        "switchboard {} was killed ({status}):\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

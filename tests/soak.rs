//! Crash-safe saving under SIGKILL: a child process saves two versions of a large flow over
//! the same file as fast as it can; the parent kills it at a random moment and checks the
//! file holds exactly one of the two versions — never a mix, never a partial or empty file.
//!
//! The child is this same test binary running [`saver`] (an ignored test that only does
//! anything with `SWITCHBOARD_SOAK_FILE` set), so the saves go through the real
//! `store::save_flow`. The suite runs 20 kills; `scripts/save-soak.sh` runs 1,000:
//!
//! ```sh
//! SWITCHBOARD_SOAK_KILLS=1000 cargo test --no-default-features --test main soak::killed_saves -- --nocapture
//! ```

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use switchboard::model::{Flow, synthetic};
use switchboard::store;

const FILE_VAR: &str = "SWITCHBOARD_SOAK_FILE";
const KILLS_VAR: &str = "SWITCHBOARD_SOAK_KILLS";

/// The two versions: big enough (about 1 MB) that a save takes milliseconds, so kills land
/// inside writes, fsyncs and renames, not only between saves.
fn versions() -> [Flow; 2] {
    let old = synthetic::flow(3000);
    let mut new = old.clone();
    new.name = "Renamed while saving".to_owned();
    new.description = "x".repeat(10_000);
    [old, new]
}

/// The child: saves the two versions alternately until killed.
#[test]
#[ignore = "the child process of killed_saves"]
fn saver() {
    let Some(path) = std::env::var_os(FILE_VAR) else {
        return;
    };
    let versions = versions();
    println!("ready");
    for i in 0usize.. {
        store::save_flow(Path::new(&path), &versions[i % 2]).expect("save");
    }
}

#[test]
fn killed_saves_leave_the_old_or_the_new_file() {
    let kills: usize = std::env::var(KILLS_VAR)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("soak.flow.ron");
    let expected = versions().map(|f| store::flow_to_string(&f).expect("serializes"));
    let timed = Instant::now();
    store::save_flow(&path, &versions()[0]).expect("first save");
    // Kills land anywhere within about three saves.
    let window = (timed.elapsed().as_micros() as u64 * 3).max(1_000);

    let mut random = Random::seeded();
    let (mut saw_old, mut saw_new) = (0, 0);
    let started = Instant::now();
    for kill in 0..kills {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", "soak::saver", "--ignored", "--nocapture"])
            .env(FILE_VAR, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the saver");
        // libtest prints its own lines first.
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        assert!(
            lines.any(|l| l.is_ok_and(|l| l == "ready")),
            "the saver did not start"
        );
        std::thread::sleep(Duration::from_micros(random.below(window)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");

        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("kill {kill}: the file is unreadable: {e}"));
        match expected.iter().position(|e| *e == text) {
            Some(0) => saw_old += 1,
            Some(_) => saw_new += 1,
            None => panic!(
                "kill {kill}: the file is neither version ({} bytes; versions are {} and {})",
                text.len(),
                expected[0].len(),
                expected[1].len()
            ),
        }
    }
    let leftovers = std::fs::read_dir(dir.path())
        .expect("list")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path() != path))
        .count();
    println!(
        "{kills} kills in {:.1} s: old version {saw_old}×, new {saw_new}×; \
         {leftovers} temporary files left by killed saves",
        started.elapsed().as_secs_f64()
    );
    assert!(
        kills < 10 || (saw_old > 0 && saw_new > 0),
        "kills should land at different moments: old {saw_old}, new {saw_new}"
    );
}

/// xorshift64*: enough randomness for kill moments, seeded from the clock (and printed,
/// so a failing run can be repeated with SWITCHBOARD_SOAK_SEED).
struct Random(u64);

impl Random {
    fn seeded() -> Random {
        let seed = std::env::var("SWITCHBOARD_SOAK_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        println!("soak seed: {seed}");
        Random(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

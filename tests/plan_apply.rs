//! Plans and their writes (issue 21): `switchboard plan` works a run out without sending
//! anything, `switchboard apply` sends one write at a time with its idempotency key, and
//! says by its exit code whether a failure is worth trying again.

use std::path::Path;
use std::process::Command;

use crate::live::{CRM_SECRET, ERP_KEY, Received, systems, workspace_at};
use crate::support;

const NOW: &str = "2026-11-22T09:30:00-05:00[America/New_York]";

fn switchboard(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(args)
        .env("CRM_CLIENT_SECRET", CRM_SECRET)
        .env("ERP_API_KEY", ERP_KEY)
        .current_dir(dir)
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !text.contains(CRM_SECRET) && !text.contains(ERP_KEY),
        "a secret was printed:\n{text}"
    );
    (out.status.code().expect("exit code"), text)
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

fn keys(plan: &serde_json::Value) -> Vec<String> {
    plan["writes"]
        .as_array()
        .expect("writes")
        .iter()
        .map(|w| w["key"].as_str().expect("key").to_owned())
        .collect()
}

#[test]
fn a_sample_plan_holds_the_writes_a_sample_run_captures_each_with_its_own_key() {
    let dir = support::scratch_workspace();
    let flow = "opportunity-to-reservation.flow.ron";
    let (code, out) = switchboard(
        dir.path(),
        &["plan", flow, "--sample", "--now", NOW, "--out", "plan.json"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Planned 3 writes"), "{out}");
    let (code, out) = switchboard(
        dir.path(),
        &["run", flow, "--now", NOW, "--trace", "trace.json"],
    );
    assert_eq!(code, 0, "{out}");

    let plan = read_json(&dir.path().join("plan.json"));
    let trace = read_json(&dir.path().join("trace.json"));
    let captured: Vec<&serde_json::Value> = trace["nodes"]
        .as_object()
        .expect("nodes")
        .values()
        .flat_map(|n| n["writes"].as_array().expect("writes"))
        .map(|w| &w["record"])
        .collect();
    let planned: Vec<&serde_json::Value> = plan["writes"]
        .as_array()
        .expect("writes")
        .iter()
        .map(|w| &w["record"])
        .collect();
    assert_eq!(planned.len(), captured.len());
    for record in &planned {
        assert!(
            captured.contains(record),
            "{record} was not in the test run"
        );
    }
    let keys = keys(&plan);
    let unique: std::collections::BTreeSet<&String> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "{keys:?}");
    assert!(
        keys.iter()
            .all(|k| k.starts_with("opportunity-to-reservation/")
                && k.is_ascii()
                && !k.contains(char::is_whitespace)),
        "{keys:?}"
    );
    assert_eq!(plan["flow"], "opportunity-to-reservation");
    assert!(
        plan["flow_hash"]
            .as_str()
            .expect("hash")
            .starts_with("sha256:")
    );

    let (code, out) = switchboard(
        dir.path(),
        &[
            "plan",
            flow,
            "--sample",
            "--now",
            NOW,
            "--out",
            "again.json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        read_json(&dir.path().join("again.json"))["writes"],
        plan["writes"],
        "the same events planned again give the same writes and keys"
    );

    // A run named by the runtime (a schedule's) is keyed by that name.
    let named = |name: &str, out: &str| {
        let (code, said) = switchboard(
            dir.path(),
            &[
                "plan", flow, "--sample", "--now", NOW, "--event", name, "--out", out,
            ],
        );
        assert_eq!(code, 0, "{said}");
        self::keys(&read_json(&dir.path().join(out)))
    };
    let monday = named("switchboard/won-2026-12-07T07:00:00Z", "monday.json");
    let tuesday = named("switchboard/won-2026-12-08T07:00:00Z", "tuesday.json");
    assert!(
        monday
            .iter()
            .all(|k| k.contains("/switchboard-won-2026-12-07T07-00-00Z/")),
        "{monday:?}"
    );
    assert!(
        monday.iter().all(|k| !tuesday.contains(k)),
        "{monday:?} {tuesday:?}"
    );
}

/// Applies every write of `plan`, trying a retryable failure again up to `tries` times;
/// gives each write's exit codes.
fn apply_all(dir: &Path, plan: &str, count: usize, tries: usize) -> Vec<Vec<i32>> {
    (0..count)
        .map(|n| {
            let mut codes = Vec::new();
            for _ in 0..tries {
                let (code, out) = switchboard(
                    dir,
                    &["apply", plan, "--write", &n.to_string(), "--timeout", "2"],
                );
                assert!(matches!(code, 0 | 75), "write {n}: {out}");
                codes.push(code);
                if code == 0 {
                    break;
                }
            }
            codes
        })
        .collect()
}

fn reservations(received: &[Received]) -> Vec<&Received> {
    received
        .iter()
        .filter(|r| r.url == "/erp/reservations")
        .collect()
}

fn idempotency_key(r: &Received) -> Option<&str> {
    r.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("idempotency-key"))
        .map(|(_, v)| v.as_str())
}

#[test]
fn a_live_plan_reads_the_crm_and_each_write_reaches_the_erp_once_with_its_key() {
    for fail_once in [false, true] {
        let server = if fail_once {
            systems_failing_once()
        } else {
            systems(|_, _| None)
        };
        let dir = workspace_at(
            &format!("{}/crm", server.base),
            &format!("{}/erp", server.base),
        );
        let flow = "opportunity-to-reservation.flow.ron";
        let (code, out) = switchboard(
            dir.path(),
            &[
                "plan",
                flow,
                "--now",
                NOW,
                "--timeout",
                "2",
                "--out",
                "plan.json",
            ],
        );
        assert_eq!(code, 0, "{out}");
        {
            let got = server.received.lock().expect("log");
            assert!(!got.is_empty(), "the plan read the CRM");
            assert!(
                reservations(&got).is_empty(),
                "planning sent a write: {got:#?}"
            );
        }
        let plan = read_json(&dir.path().join("plan.json"));
        let keys = keys(&plan);
        assert_eq!(keys.len(), 3);

        let codes = apply_all(dir.path(), "plan.json", keys.len(), 5);
        let got = server.received.lock().expect("log").clone();
        let sent = reservations(&got);
        assert!(
            sent.iter().all(|r| idempotency_key(r).is_some()),
            "{sent:#?}"
        );
        let distinct: std::collections::BTreeSet<&str> =
            sent.iter().filter_map(|r| idempotency_key(r)).collect();
        assert_eq!(
            distinct,
            keys.iter().map(String::as_str).collect(),
            "each planned write arrived under its own key: {codes:?}"
        );
        if fail_once {
            assert_eq!(
                sent.len(),
                keys.len() + 1,
                "the failed write was sent again: {codes:?}"
            );
            assert_eq!(
                idempotency_key(sent[1]),
                idempotency_key(sent[2]),
                "the retry carried the failed attempt's key: {sent:#?}"
            );
        } else {
            assert_eq!(sent.len(), keys.len(), "{codes:?}");
            assert!(codes.iter().all(|c| c == &[0]), "{codes:?}");
        }
    }
}

/// The second reservation the ERP is sent fails with 500, once.
fn systems_failing_once() -> crate::live::Server {
    let reservations_seen = std::sync::atomic::AtomicUsize::new(0);
    systems(move |r: &Received, _| {
        if r.url != "/erp/reservations" {
            return None;
        }
        let n = reservations_seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        (n == 1).then(|| (500, Vec::new(), "{\"error\": \"try later\"}".to_owned()))
    })
}

#[test]
fn apply_says_whether_a_failure_is_worth_trying_again() {
    let cases: [(u16, i32, &str); 3] = [
        (503, 75, "may pass when tried again"),
        (429, 75, "may pass when tried again"),
        (400, 1, "will not pass as it is"),
    ];
    for (status, want, words) in cases {
        let server = systems(move |r: &Received, _| {
            (r.url == "/erp/reservations").then(|| {
                (
                    status,
                    vec![("Retry-After", "0".to_owned())],
                    "{}".to_owned(),
                )
            })
        });
        let dir = workspace_at(
            &format!("{}/crm", server.base),
            &format!("{}/erp", server.base),
        );
        let (code, out) = switchboard(
            dir.path(),
            &[
                "plan",
                "opportunity-to-reservation.flow.ron",
                "--now",
                NOW,
                "--timeout",
                "2",
                "--out",
                "plan.json",
            ],
        );
        assert_eq!(code, 0, "{out}");
        let (code, out) = switchboard(
            dir.path(),
            &["apply", "plan.json", "--write", "0", "--timeout", "2"],
        );
        assert_eq!(code, want, "HTTP {status}: {out}");
        assert!(out.contains(words), "HTTP {status}: {out}");
    }
    // A credential read with a line break at its end: nothing is sent, and no retry
    // would mend it.
    let server = systems(|_, _| None);
    let dir = workspace_at(
        &format!("{}/crm", server.base),
        &format!("{}/erp", server.base),
    );
    let (code, out) = switchboard(
        dir.path(),
        &[
            "plan",
            "opportunity-to-reservation.flow.ron",
            "--now",
            NOW,
            "--environment",
            "test",
            "--out",
            "plan.json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["apply", "plan.json", "--write", "0"])
        .env("ERP_API_KEY", format!("{ERP_KEY}\n"))
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(
            "line break at the end of the credential in the environment variable ERP_API_KEY"
        ),
        "{said}"
    );
    assert!(!said.contains(ERP_KEY));
    assert!(
        !reservations(&server.received.lock().expect("log"))
            .iter()
            .any(|_| true),
        "nothing was sent"
    );
    let (code, out) = switchboard(dir.path(), &["apply", "plan.json", "--write", "7"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the plan has 3 writes, 0 to 2; there is no write 7"),
        "{out}"
    );
    let (code, out) = switchboard(
        dir.path(),
        &[
            "apply",
            "plan.json",
            "--write",
            "0",
            "--timeout",
            "18446744073709551615",
        ],
    );
    assert_eq!(
        code, 2,
        "refused by the argument parser, not a panic: {out}"
    );

    let dir = support::scratch_workspace();
    let (code, out) = switchboard(dir.path(), &["apply", "missing.json", "--write", "0"]);
    assert_eq!(code, 2, "{out}");
    std::fs::write(dir.path().join("plan.json"), "{\"format\": 9}").expect("write");
    let (code, out) = switchboard(dir.path(), &["apply", "plan.json", "--write", "0"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("newer Switchboard"), "{out}");
}

#[test]
fn a_database_write_is_made_once_however_often_it_is_applied() {
    let dir = support::scratch_workspace();
    let db = dir.path().join("data/reporting.db");
    std::fs::create_dir_all(db.parent().expect("folder")).expect("mkdir");
    rusqlite::Connection::open(&db)
        .expect("db")
        .execute_batch(
            "CREATE TABLE daily_sales (id TEXT, sale_date TEXT, location TEXT, channel TEXT, total REAL, currency TEXT, item_count INTEGER)",
        )
        .expect("table");
    let flow = "pos-sales-to-reporting.flow.ron";
    // The day after the sample sales.
    let now = "2026-11-21T09:00:00-05:00[America/New_York]";
    let (code, out) = switchboard(
        dir.path(),
        &["plan", flow, "--sample", "--now", now, "--out", "plan.json"],
    );
    assert_eq!(code, 0, "{out}");
    let plan = read_json(&dir.path().join("plan.json"));
    let count = keys(&plan).len();
    assert!(count > 0, "{plan}");
    let (code, out) = switchboard(dir.path(), &["apply", "plan.json", "--write", "0"]);
    assert_eq!(
        code, 1,
        "sample records are not sent without saying so: {out}"
    );
    assert!(out.contains("give --sample-data"), "{out}");
    for _ in 0..2 {
        for n in 0..count {
            let (code, out) = switchboard(
                dir.path(),
                &[
                    "apply",
                    "plan.json",
                    "--write",
                    &n.to_string(),
                    "--environment",
                    "production",
                    "--sample-data",
                ],
            );
            assert_eq!(code, 0, "{out}");
        }
    }
    let connection = rusqlite::Connection::open(&db).expect("db");
    let rows: i64 = connection
        .query_row("SELECT COUNT(*) FROM daily_sales", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, count as i64, "each write once, though applied twice");
    let noted: i64 = connection
        .query_row("SELECT COUNT(*) FROM switchboard_applied", [], |r| r.get(0))
        .expect("ledger");
    assert_eq!(noted, count as i64);
}

#[test]
fn a_file_drop_write_is_made_once_however_often_it_is_applied() {
    let dir = crate::live::writer_flow(
        "parks_dropbox",
        "WorkOrder",
        &[(crate::live::PARKS_SMB, "\"test\": \"file:drops/parks\",")],
    );
    std::fs::write(
        dir.path().join("input.jsonl"),
        "{\"ExternalReference\": \"311-0042\", \"ShortDescription\": \"Fallen tree\"}\n\
         {\"ExternalReference\": \"311-0043\", \"ShortDescription\": \"Broken bench\"}\n",
    )
    .expect("input");
    let (code, out) = switchboard(
        dir.path(),
        &[
            "plan",
            "write-test.flow.ron",
            "--input",
            "input.jsonl",
            "--environment",
            "test",
            "--out",
            "plan.json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    for _ in 0..3 {
        for n in ["0", "1"] {
            let (code, out) = switchboard(dir.path(), &["apply", "plan.json", "--write", n]);
            assert_eq!(code, 0, "{out}");
        }
    }
    let folder = dir.path().join("drops/parks");
    let drops: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
        .expect("folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .expect("name")
                .to_string_lossy()
                .starts_with('.')
        })
        .collect();
    assert_eq!(drops.len(), 1, "{drops:?}");
    let rows = csv::Reader::from_path(&drops[0])
        .expect("csv")
        .records()
        .count();
    assert_eq!(rows, 2, "each record once, though applied three times");
    let name = drops[0]
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let ledger = std::fs::read_to_string(folder.join(format!(".{name}.applied")))
        .expect("ledger beside the file");
    let plan = read_json(&dir.path().join("plan.json"));
    assert_eq!(ledger.lines().collect::<Vec<_>>(), self::keys(&plan));
}

#[test]
fn a_named_pipe_in_the_ledgers_place_is_refused_not_waited_on() {
    let dir = crate::live::writer_flow(
        "parks_dropbox",
        "WorkOrder",
        &[(crate::live::PARKS_SMB, "\"test\": \"file:drops/parks\",")],
    );
    std::fs::write(
        dir.path().join("input.jsonl"),
        "{\"ExternalReference\": \"311-0042\", \"ShortDescription\": \"Fallen tree\"}\n",
    )
    .expect("input");
    let (code, out) = switchboard(
        dir.path(),
        &[
            "plan",
            "write-test.flow.ron",
            "--input",
            "input.jsonl",
            "--environment",
            "test",
            "--out",
            "plan.json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    // Where today's drop file's ledger goes, a FIFO nobody writes to.
    let folder = dir.path().join("drops/parks");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let today = jiff::Zoned::now().date().to_string();
    let fifo = folder.join(format!(".workorders-{today}.csv.applied"));
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let (code, out) = switchboard(dir.path(), &["apply", "plan.json", "--write", "0"]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("named pipe"), "{out}");
}

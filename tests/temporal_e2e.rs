//! The production runtime end to end (issue 21): Temporal's dev server, the worker and the
//! intake of `runtime/temporal/` (from the virtual environment `scripts/install-deps.sh`
//! makes), a bundle exported from a copy of the example workspace, and fake CRM and ERP
//! servers on 127.0.0.1. Each sample trigger record of "reserve stock when a deal is won"
//! is posted to the intake, and one of them twice; the ERP must create exactly the
//! reservations `switchboard run --live` makes — again when it fails one write once, and
//! again when one of two workers is killed while a write is on its way.
//!
//! The fake ERP behaves as an API with idempotency keys does: a write whose key it has
//! created a record for already is answered as before and creates nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::live::{Answer, CRM_SECRET, ERP_KEY, Received, Server, systems, workspace_at};
use crate::support;

const FLOW: &str = "opportunity-to-reservation.flow.ron";
const ROUTE: &str = "/events/sales_crm/Opportunity/updated";
const INTAKE_TOKEN: &str = "intake-token-3e9f";

/// A child process killed when the test is done with it, its output kept in a file.
struct Process {
    child: Child,
    log: PathBuf,
}

impl Process {
    fn start(mut command: Command, log: PathBuf) -> Process {
        let file = std::fs::File::create(&log).expect("log file");
        let child = command
            .stdout(file.try_clone().expect("log"))
            .stderr(file)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {command:?}: {e}"));
        Process { child, log }
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn venv() -> PathBuf {
    let venv = support::repo().join("target/temporal-venv/bin");
    assert!(
        venv.join("temporal").is_file() && venv.join("python").is_file(),
        "the Temporal runtime is not installed: run scripts/install-deps.sh (it makes {})",
        venv.display()
    );
    venv
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn wait_for_port(port: u16, what: &Process) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "nothing listens on {port}:\n{}",
            what.output()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The dev server, `workers` workers and the intake, on a bundle of `workspace`.
struct Runtime {
    /// The dev server's address, `127.0.0.1:PORT`.
    address: String,
    _server: Process,
    workers: Vec<Process>,
    ingress: Process,
    intake: u16,
    _dir: tempfile::TempDir,
}

fn start_runtime(workspace: &Path, workers: usize) -> Runtime {
    let venv = venv();
    let dir = tempfile::tempdir().expect("tempdir");
    let bundle = dir.path().join("bundle");
    let export = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["export", "temporal"])
        .arg(workspace)
        .arg("--out")
        .arg(&bundle)
        .args(["--time-zone", "America/New_York"])
        .output()
        .expect("export");
    let said = String::from_utf8_lossy(&export.stdout);
    assert!(
        bundle.join(FLOW).is_file(),
        "the flow was not exported: {said}"
    );

    let temporal = free_port();
    let mut server = Command::new(venv.join("temporal"));
    server
        .args([
            "server",
            "start-dev",
            "--headless",
            "--ip",
            "127.0.0.1",
            "--log-level",
            "error",
        ])
        .args(["--port", &temporal.to_string()])
        .args(["--http-port", &free_port().to_string()])
        .args(["--metrics-port", &free_port().to_string()]);
    let server = Process::start(server, dir.path().join("server.log"));
    wait_for_port(temporal, &server);

    let address = format!("127.0.0.1:{temporal}");
    let runtime = support::repo().join("runtime/temporal");
    let python = |script: &str| {
        let mut c = Command::new(venv.join("python"));
        c.arg(runtime.join(script))
            .arg("--bundle")
            .arg(&bundle)
            .args(["--address", &address])
            .env("PYTHONUNBUFFERED", "1")
            .current_dir(&runtime);
        c
    };
    let workers = (0..workers)
        .map(|i| {
            let mut c = python("worker.py");
            c.args([
                "--switchboard",
                env!("CARGO_BIN_EXE_switchboard"),
                "--environment",
                "test",
            ])
            .env("CRM_CLIENT_SECRET", CRM_SECRET)
            .env("ERP_API_KEY", ERP_KEY)
            // A killed worker's write is given to the other one after this.
            .env("SWITCHBOARD_ACTIVITY_TIMEOUT", "4");
            Process::start(c, dir.path().join(format!("worker-{i}.log")))
        })
        .collect();
    let intake = free_port();
    let mut ingress = python("ingress.py");
    ingress
        .args([
            "--listen",
            &format!("127.0.0.1:{intake}"),
            "--token-env",
            "INTAKE_TOKEN",
        ])
        .env("INTAKE_TOKEN", INTAKE_TOKEN);
    let ingress = Process::start(ingress, dir.path().join("ingress.log"));
    wait_for_port(intake, &ingress);
    Runtime {
        address,
        _server: server,
        workers,
        ingress,
        intake,
        _dir: dir,
    }
}

impl Runtime {
    fn logs(&self) -> String {
        let mut out = format!("--- ingress\n{}", self.ingress.output());
        for (i, w) in self.workers.iter().enumerate() {
            out.push_str(&format!("\n--- worker {i}\n{}", w.output()));
        }
        out
    }

    /// Posts `record` to the intake with its token; the status and body of the answer.
    fn post(&self, record: &serde_json::Value) -> (u16, String) {
        let body = record.to_string();
        self.send(&format!(
            "POST {ROUTE} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {INTAKE_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ))
    }

    /// Sends `request` as it is; the status and body of the answer.
    fn send(&self, request: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.intake)).expect("intake");
        stream.write_all(request.as_bytes()).expect("send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("answer");
        let status = answer
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (
            status,
            answer.split("\r\n\r\n").nth(1).unwrap_or("").to_owned(),
        )
    }
}

/// The ERP's reservations: each arrival by key, and the records it created.
#[derive(Default)]
struct Ledger {
    arrivals: Vec<String>,
    created: BTreeMap<String, serde_json::Value>,
}

fn idempotency_key(r: &Received) -> String {
    r.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("idempotency-key"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// The fake CRM and an ERP that creates a reservation once per idempotency key. The
/// `n`-th reservation to arrive (from 0) may be failed with 500 (`fail`) or held for a
/// second after `arrived` is raised (`hold`).
fn idempotent_systems(
    fail: Option<(usize, u16)>,
    hold: Option<Arc<AtomicUsize>>,
) -> (Server, Arc<Mutex<Ledger>>) {
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let log = ledger.clone();
    let server = systems(move |r: &Received, _| {
        if r.url != "/erp/reservations" {
            return None;
        }
        let key = idempotency_key(r);
        let n = {
            let mut ledger = log.lock().expect("ledger");
            ledger.arrivals.push(key.clone());
            ledger.arrivals.len() - 1
        };
        if let Some(flag) = &hold
            && n == 0
        {
            flag.store(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(1500));
        }
        if let Some((at, status)) = fail
            && at == n
        {
            return Some((status, Vec::new(), "{\"error\": \"not now\"}".to_owned()));
        }
        let body: serde_json::Value = serde_json::from_str(&r.body).expect("a JSON body");
        let mut ledger = log.lock().expect("ledger");
        let number = ledger.created.len() + 1;
        ledger.created.entry(key).or_insert(body);
        let answer: Answer = (
            201,
            vec![("Content-Type", "application/json".to_owned())],
            serde_json::json!({ "ReservationNumber": format!("R-{number}") }).to_string(),
        );
        Some(answer)
    });
    (server, ledger)
}

/// A scratch workspace whose CRM and ERP point at `server`, with API limits high enough
/// that the write queues do not hold a test up.
fn workspace_for(server: &Server) -> tempfile::TempDir {
    let dir = workspace_at(
        &format!("{}/crm", server.base),
        &format!("{}/erp", server.base),
    );
    let path = dir.path().join("systems.ron");
    let text = std::fs::read_to_string(&path).expect("systems");
    let text = text.replace(
        "api_calls_per_day: Some(20000)",
        "api_calls_per_day: Some(100000000)",
    );
    std::fs::write(&path, text).expect("write");
    dir
}

/// The reservations `switchboard run --live` makes, against servers of its own.
fn reservations_of_a_live_run() -> Vec<serde_json::Value> {
    let (server, ledger) = idempotent_systems(None, None);
    let dir = workspace_for(&server);
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["run", FLOW, "--live", "--yes", "--timeout", "5"])
        .env("CRM_CLIENT_SECRET", CRM_SECRET)
        .env("ERP_API_KEY", ERP_KEY)
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let created = ledger.lock().expect("ledger").arrivals.len();
    let server_received = server.received.lock().expect("log");
    server_received
        .iter()
        .filter(|r| r.url == "/erp/reservations")
        .take(created)
        .map(|r| serde_json::from_str(&r.body).expect("json"))
        .collect()
}

fn trigger_records() -> Vec<serde_json::Value> {
    support::example_flow("opportunity-to-reservation")
        .samples
        .iter()
        .map(|r| serde_json::to_value(r).expect("json"))
        .collect()
}

/// Posts every sample event and the first one again; waits until the ERP has created
/// `expected` reservations, and a little longer for anything extra to arrive.
fn post_events_and_wait(runtime: &Runtime, ledger: &Mutex<Ledger>, expected: usize) {
    let events = trigger_records();
    for event in &events {
        let (status, body) = runtime.post(event);
        assert_eq!(status, 202, "{body}\n{}", runtime.logs());
    }
    let (status, body) = runtime.post(&events[0]);
    assert_eq!(status, 200, "a duplicate event starts nothing: {body}");
    assert!(body.contains("\"duplicate\": true"), "{body}");
    let started = Instant::now();
    while ledger.lock().expect("ledger").created.len() < expected {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "only {} of {expected} reservations were made:\n{}",
            ledger.lock().expect("ledger").created.len(),
            runtime.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(2));
}

fn assert_exactly(ledger: &Ledger, expected: &[serde_json::Value]) {
    let mut made: Vec<String> = ledger.created.values().map(|v| v.to_string()).collect();
    let mut want: Vec<String> = expected.iter().map(|v| v.to_string()).collect();
    made.sort();
    want.sort();
    assert_eq!(
        made, want,
        "the ERP got other reservations than a live run makes"
    );
}

fn arrivals_by_key(ledger: &Ledger) -> BTreeMap<&str, usize> {
    let mut count = BTreeMap::new();
    for key in &ledger.arrivals {
        *count.entry(key.as_str()).or_default() += 1;
    }
    count
}

#[test]
fn events_through_temporal_reach_the_erp_exactly_once() {
    let expected = reservations_of_a_live_run();
    assert_eq!(
        expected.len(),
        3,
        "one reservation per product of the won deals"
    );

    // Every event once, a duplicate turned away at the intake.
    let (server, ledger) = idempotent_systems(None, None);
    let workspace = workspace_for(&server);
    let runtime = start_runtime(workspace.path(), 1);
    post_events_and_wait(&runtime, &ledger, expected.len());
    let ledger_now = ledger.lock().expect("ledger");
    assert_exactly(&ledger_now, &expected);
    assert!(
        arrivals_by_key(&ledger_now).values().all(|&n| n == 1),
        "each write was sent once: {:?}",
        ledger_now.arrivals
    );
    assert!(
        ledger_now
            .arrivals
            .iter()
            .all(|k| k.starts_with("opportunity-to-reservation/"))
    );
    drop(ledger_now);
    drop(runtime);

    // The ERP fails the second write once: it is sent again under the same key.
    let (server, ledger) = idempotent_systems(Some((1, 500)), None);
    let workspace = workspace_for(&server);
    let runtime = start_runtime(workspace.path(), 1);
    post_events_and_wait(&runtime, &ledger, expected.len());
    let ledger_now = ledger.lock().expect("ledger");
    assert_exactly(&ledger_now, &expected);
    let failed = &ledger_now.arrivals[1];
    assert_eq!(
        arrivals_by_key(&ledger_now)[failed.as_str()],
        2,
        "{:?}",
        ledger_now.arrivals
    );
    assert_eq!(
        ledger_now.arrivals.len(),
        expected.len() + 1,
        "{:?}",
        ledger_now.arrivals
    );
}

#[test]
fn a_worker_killed_while_it_writes_loses_nothing_and_doubles_nothing() {
    let expected = reservations_of_a_live_run();
    let arrived = Arc::new(AtomicUsize::new(0));
    let (server, ledger) = idempotent_systems(None, Some(arrived.clone()));
    let workspace = workspace_for(&server);
    let mut runtime = start_runtime(workspace.path(), 2);
    let events = trigger_records();
    let killer = {
        let pids: Vec<u32> = runtime.workers.iter().map(|w| w.child.id()).collect();
        std::thread::spawn(move || {
            let started = Instant::now();
            while arrived.load(Ordering::SeqCst) == 0 && started.elapsed() < Duration::from_secs(60)
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            // The worker whose `switchboard apply` is sending the held write.
            pids.iter().position(|&pid| children_apply(pid))
        })
    };
    for event in &events {
        let (status, body) = runtime.post(event);
        assert_eq!(status, 202, "{body}");
    }
    let sender = killer
        .join()
        .expect("killer")
        .expect("a worker was sending the first write");
    // kill -9: no shutdown, its activity never completes.
    runtime.workers[sender].child.kill().expect("kill -9");
    let started = Instant::now();
    while ledger.lock().expect("ledger").created.len() < expected.len() {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "only {} of {} reservations were made after the kill:\n{}",
            ledger.lock().expect("ledger").created.len(),
            expected.len(),
            runtime.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // Long enough for the dead worker's write to be given to the other one and sent again.
    std::thread::sleep(Duration::from_secs(6));
    let ledger_now = ledger.lock().expect("ledger");
    assert_exactly(&ledger_now, &expected);
    let keys: BTreeSet<&String> = ledger_now.arrivals.iter().collect();
    assert_eq!(keys.len(), expected.len(), "{:?}", ledger_now.arrivals);
    // The writes in flight when their worker died reached the ERP, and were sent again
    // by the other worker, under the same keys: the ERP made each once. (A worker runs
    // several activities at once: the killed one may have been sending more than one.)
    let counts = arrivals_by_key(&ledger_now);
    assert!(
        counts.values().any(|&n| n == 2),
        "a write was sent again: {:?}",
        ledger_now.arrivals
    );
    assert!(
        counts.values().all(|&n| n <= 2),
        "{:?}",
        ledger_now.arrivals
    );
}

/// Whether a child of `pid` is a `switchboard apply` (Linux: /proc).
fn children_apply(pid: u32) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|e| {
        let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
        let parent = stat
            .rsplit_once(") ")
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        parent == Some(pid) && String::from_utf8_lossy(&cmdline).contains("apply")
    })
}

/// `temporal ARGS… --address` of the runtime's server: its exit status and output.
fn temporal(runtime: &Runtime, args: &[&str]) -> (bool, String) {
    let out = Command::new(venv().join("temporal"))
        .args(args)
        .args(["--address", &runtime.address])
        .output()
        .expect("temporal runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_worker_makes_the_bundles_schedules_and_a_scheduled_run_writes() {
    let levels: Vec<switchboard::model::Record> = ron::from_str(
        &std::fs::read_to_string(support::examples().join("samples/erp/InventoryLevel.ron"))
            .expect("samples"),
    )
    .expect("ron");
    let levels = serde_json::to_value(&levels[..2]).expect("json");
    let server = systems(move |r: &Received, _| {
        let path = r.url.split('?').next().unwrap_or("");
        let json = |v: &serde_json::Value| {
            Some((
                200,
                vec![("Content-Type", "application/json".to_owned())],
                v.to_string(),
            ))
        };
        match r.method.as_str() {
            "GET" if path == "/erp/inventory-levels" => json(&levels),
            "PUT" if path.starts_with("/crm/Product/ProductCode/") => {
                json(&serde_json::json!({"success": true}))
            }
            _ => None,
        }
    });
    let workspace = workspace_for(&server);
    let runtime = start_runtime(workspace.path(), 1);
    let id = "switchboard/nightly-stock-copy";
    let started = Instant::now();
    let described = loop {
        let (ok, said) = temporal(&runtime, &["schedule", "describe", "--schedule-id", id]);
        if ok {
            break said;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no schedule {id}: {said}\n{}",
            runtime.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(described.contains("America/New_York"), "{described}");

    let upserts = || {
        server
            .received
            .lock()
            .expect("log")
            .iter()
            .filter(|r| r.method == "PUT" && r.url.starts_with("/crm/Product/ProductCode/"))
            .count()
    };
    for run in 1..=2 {
        let (ok, said) = temporal(&runtime, &["schedule", "trigger", "--schedule-id", id]);
        assert!(ok, "{said}");
        let started = Instant::now();
        while upserts() < 2 * run {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "run {run} made {} of its product updates:\n{}",
                upserts() - 2 * (run - 1),
                runtime.logs()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        upserts(),
        4,
        "each scheduled run wrote its own updates, no more"
    );
}

#[test]
fn the_intake_refuses_what_no_flow_could_take_and_a_failed_run_may_be_sent_again() {
    // The ERP refuses the first reservation for good (400): that event's run fails.
    let (server, ledger) = idempotent_systems(Some((0, 400)), None);
    let workspace = workspace_for(&server);
    let runtime = start_runtime(workspace.path(), 1);

    let raw = |headers: &str, body: &str| {
        runtime.send(&format!(
            "POST {ROUTE} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n{body}"
        ))
    };
    let auth = format!("Authorization: Bearer {INTAKE_TOKEN}\r\n");
    let (status, body) = raw("Content-Length: 2\r\n", "{}");
    assert_eq!(status, 401, "no token: {body}");
    let (status, body) = raw("Authorization: Bearer wrong\r\nContent-Length: 2\r\n", "{}");
    assert_eq!(status, 401, "a wrong token: {body}");
    for (headers, body, want) in [
        ("Content-Length: 11\r\n", "{\"Id\": NaN}", 400),
        ("Content-Length: 13\r\n", "{\"Id\": 1e400}", 400),
        ("Content-Length: -1\r\n", "{}", 400),
        ("Content-Length: abc\r\n", "{}", 400),
        (
            "Transfer-Encoding: chunked\r\n",
            "2\r\n{}\r\n0\r\n\r\n",
            411,
        ),
        ("Content-Length: 3\r\n", "[1]", 400),
        ("Content-Length: 9999999\r\n", "{}", 413),
    ] {
        let (status, answer) = raw(&format!("{auth}{headers}"), body);
        assert_eq!(status, want, "{headers}{body}: {answer}");
        assert!(answer.contains("\"error\""), "{answer}");
    }
    let (status, answer) =
        runtime.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405, "{answer}");

    let events = trigger_records();
    for event in &events {
        assert_eq!(runtime.post(event).0, 202);
    }
    // The run whose write the ERP refused fails; its event sent again runs again (the
    // ERP takes it now) rather than being turned away as a duplicate.
    let started = Instant::now();
    let refused_key = loop {
        if let Some(key) = ledger.lock().expect("ledger").arrivals.first() {
            break key.clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no write arrived:\n{}",
            runtime.logs()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let refused_id = refused_key
        .split('/')
        .nth(1)
        .expect("the key names the record");
    let failed = events
        .iter()
        .find(|e| e["Id"] == refused_id)
        .expect("the refused write's event");
    let resent = loop {
        let (status, body) = runtime.post(failed);
        if status == 202 {
            break body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the failed run was never startable again: {body}\n{}",
            runtime.logs()
        );
        std::thread::sleep(Duration::from_millis(300));
    };
    assert!(resent.contains("\"started\": true"), "{resent}");
    let started = Instant::now();
    while ledger.lock().expect("ledger").created.len() < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{:?}\n{}",
            ledger.lock().expect("ledger").arrivals,
            runtime.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_exactly(
        &ledger.lock().expect("ledger"),
        &reservations_of_a_live_run(),
    );
}

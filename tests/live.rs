//! Live test runs against real HTTP servers the tests start on 127.0.0.1, emulating the
//! CRM and ERP endpoints of the connector manifests: the example "reserve stock" flow end
//! to end (checking what the servers received), confirmation of writes, and each fault
//! shown in plain words on the step it happened at.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support;

pub(crate) const CRM_SECRET: &str = "crm-secret-7f3a9b";
pub(crate) const ERP_KEY: &str = "erp-key-51c2d8";

/// One request a server received.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) body: String,
    pub(crate) headers: Vec<(String, String)>,
}

/// What a server answers: status, extra headers, body.
pub(crate) type Answer = (u16, Vec<(&'static str, String)>, String);

pub(crate) struct Server {
    pub(crate) base: String,
    pub(crate) received: Arc<Mutex<Vec<Received>>>,
}

/// Starts a server on a free port; `answer` decides each response.
pub(crate) fn serve(answer: impl Fn(&Received, usize) -> Answer + Send + 'static) -> Server {
    serve_on(
        tiny_http::Server::http("127.0.0.1:0").expect("binds"),
        answer,
    )
}

/// Like [`serve`], on a server already bound (to a port a test picked).
pub(crate) fn serve_on(
    server: tiny_http::Server,
    answer: impl Fn(&Received, usize) -> Answer + Send + 'static,
) -> Server {
    let base = format!("http://{}", server.server_addr().to_ip().expect("ip"));
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    std::thread::spawn(move || {
        for mut request in server.incoming_requests() {
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            let got = Received {
                method: request.method().to_string(),
                url: request.url().to_owned(),
                body,
                headers: request
                    .headers()
                    .iter()
                    .map(|h| (h.field.to_string(), h.value.to_string()))
                    .collect(),
            };
            let n = {
                let mut log = log.lock().expect("log");
                log.push(got.clone());
                log.len()
            };
            let (status, headers, text) = answer(&got, n);
            let mut response = tiny_http::Response::from_string(text).with_status_code(status);
            for (name, value) in headers {
                response = response
                    .with_header(tiny_http::Header::from_bytes(name, value).expect("header"));
            }
            let _ = request.respond(response);
        }
    });
    Server { base, received }
}

fn accounts() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(support::examples().join("samples/sales_crm/Account.ron"))
        .expect("samples");
    let records: Vec<switchboard::model::Record> = ron::from_str(&text).expect("ron");
    records
        .iter()
        .map(|r| serde_json::to_value(r).expect("json"))
        .collect()
}

/// CRM: token and accounts by id; ERP: reservations created. `fault` may take over.
pub(crate) fn systems(
    fault: impl Fn(&Received, usize) -> Option<Answer> + Send + 'static,
) -> Server {
    let accounts = accounts();
    serve(move |r, n| {
        if let Some(answer) = fault(r, n) {
            return answer;
        }
        let json = |s: u16, v: serde_json::Value| {
            (
                s,
                vec![("Content-Type", "application/json".to_owned())],
                v.to_string(),
            )
        };
        match (r.method.as_str(), r.url.as_str()) {
            ("POST", "/crm/oauth2/token") if r.body.contains(CRM_SECRET) => {
                json(200, serde_json::json!({"access_token": "tok-1"}))
            }
            ("POST", "/crm/oauth2/token") => {
                json(401, serde_json::json!({"error": "invalid_client"}))
            }
            ("GET", url) if url.starts_with("/crm/Account/") => {
                let id = url.trim_start_matches("/crm/Account/");
                match accounts.iter().find(|a| a["Id"] == id) {
                    Some(a) => json(200, a.clone()),
                    None => json(404, serde_json::json!({"error": "not found"})),
                }
            }
            ("POST", "/erp/reservations") => json(
                201,
                serde_json::json!({"ReservationNumber": format!("R-{n}")}),
            ),
            _ => json(404, serde_json::json!({"error": "no such route"})),
        }
    })
}

/// A scratch copy of the example workspace whose CRM and ERP test endpoints point at
/// `crm` and `erp`.
pub(crate) fn workspace_at(crm: &str, erp: &str) -> tempfile::TempDir {
    let dir = support::scratch_workspace();
    let path = dir.path().join("systems.ron");
    let text = std::fs::read_to_string(&path)
        .expect("systems")
        .replace(
            "https://riverton--uat.crm.example.com/services/data/v61.0",
            crm,
        )
        .replace("https://erp-qa.riverton.example/api/v2", erp);
    std::fs::write(&path, text).expect("write");
    dir
}

fn run_live(dir: &std::path::Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args([
            "run",
            "opportunity-to-reservation.flow.ron",
            "--live",
            "--yes",
            "--timeout",
            "2",
        ])
        .args(extra)
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
    (out.status.code(), text)
}

#[test]
fn the_reserve_stock_flow_runs_live_against_the_crm_and_the_erp() {
    let server = systems(|_, _| None);
    let dir = workspace_at(
        &format!("{}/crm", server.base),
        &format!("{}/erp", server.base),
    );
    let trace = dir.path().join("trace.json");
    let (code, out) = run_live(dir.path(), &["--trace", trace.to_str().expect("utf-8")]);
    assert_eq!(code, Some(0), "{out}");
    let got = server.received.lock().expect("log").clone();
    let token_calls = got.iter().filter(|r| r.url == "/crm/oauth2/token").count();
    assert_eq!(token_calls, 1, "one token, reused: {got:#?}");
    let lookups: Vec<_> = got
        .iter()
        .filter(|r| r.url.starts_with("/crm/Account/"))
        .collect();
    assert_eq!(lookups.len(), 2);
    assert!(lookups.iter().all(|r| {
        r.headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("authorization") && v == "Bearer tok-1")
    }));
    let writes: Vec<_> = got
        .iter()
        .filter(|r| r.url == "/erp/reservations")
        .collect();
    assert_eq!(
        writes.len(),
        3,
        "one reservation per product of the won deals"
    );
    for w in &writes {
        assert!(
            w.headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("x-api-key") && v == ERP_KEY)
        );
        let body: serde_json::Value = serde_json::from_str(&w.body).expect("json body");
        assert!(
            body["ItemNumber"].is_string() && body["Quantity"].is_number(),
            "{body}"
        );
    }
    assert!(
        out.contains("POST ") && out.contains("/erp/reservations → 201"),
        "{out}"
    );
    let trace = std::fs::read_to_string(trace).expect("trace");
    assert!(
        !trace.contains(CRM_SECRET) && !trace.contains(ERP_KEY) && !trace.contains("tok-1"),
        "credentials in the trace"
    );
    assert!(trace.contains("<redacted>"));
}

#[test]
fn a_live_run_that_writes_asks_first() {
    let server = systems(|_, _| None);
    let dir = workspace_at(
        &format!("{}/crm", server.base),
        &format!("{}/erp", server.base),
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["run", "opportunity-to-reservation.flow.ron", "--live"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains(&format!("Finance ERP  {}/erp", server.base)),
        "{text}"
    );
    assert!(
        server.received.lock().expect("log").is_empty(),
        "nothing was called before confirming"
    );
}

/// Runs the flow live with `fault` answering some calls; returns the output.
fn with_fault(
    fault: impl Fn(&Received, usize) -> Option<Answer> + Send + 'static,
) -> (Option<i32>, String, Vec<Received>) {
    let server = systems(fault);
    let dir = workspace_at(
        &format!("{}/crm", server.base),
        &format!("{}/erp", server.base),
    );
    let (code, out) = run_live(dir.path(), &[]);
    let got = server.received.lock().expect("log").clone();
    (code, out, got)
}

fn is_account(r: &Received) -> bool {
    r.url.starts_with("/crm/Account/")
}

fn is_write(r: &Received) -> bool {
    r.url == "/erp/reservations"
}

#[test]
fn refused_credentials_name_the_reference_never_the_secret() {
    let (code, out, _) = with_fault(|r, _| is_account(r).then(|| (401, vec![], "{}".into())));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("FAIL Find the account"), "{out}");
    assert!(out.contains("Sales CRM refused the credentials (HTTP 401): check the secret in the environment variable CRM_CLIENT_SECRET"), "{out}");
    assert!(
        out.contains("ok   Only won deals"),
        "the rest of the trace stays: {out}"
    );
    assert_eq!(
        out.matches("refused the credentials").count(),
        1,
        "said once for both items: {out}"
    );
    assert!(
        out.contains("CRM_CLIENT_SECRET and that it may use this API (2 items)"),
        "{out}"
    );
}

#[test]
fn not_found_server_errors_and_bodies_that_are_not_json_are_said_plainly() {
    let (_, out, _) = with_fault(|r, _| is_write(r).then(|| (404, vec![], "{}".into())));
    assert!(
        out.contains("FAIL Reserve stock") && out.contains("Finance ERP answered HTTP 404"),
        "{out}"
    );
    let (_, out, _) = with_fault(|r, _| is_write(r).then(|| (502, vec![], "bad gateway".into())));
    assert!(
        out.contains("Finance ERP failed on its side (HTTP 502"),
        "{out}"
    );
    let (_, out, _) =
        with_fault(|r, _| is_account(r).then(|| (200, vec![], "<html>maintenance</html>".into())));
    assert!(
        out.contains(
            "Sales CRM answered with something that is not JSON: “<html>maintenance</html>”"
        ),
        "{out}"
    );
}

/// A lookup by key reads a 404 from the record's own URL as "no such record"; a 404 from
/// the token endpoint on the way is a fault of the step, never "nothing found" (it was
/// taken for one while faults were told apart by searching their text for "HTTP 404").
#[test]
fn a_token_endpoint_answering_404_fails_the_lookup_rather_than_finding_nothing() {
    let (code, out, got) =
        with_fault(|r, _| (r.url == "/crm/oauth2/token").then(|| (404, vec![], "{}".into())));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("FAIL Find the account"), "{out}");
    assert!(
        out.contains("Sales CRM could not issue a token: HTTP 404 from"),
        "{out}"
    );
    assert!(
        !got.iter().any(is_account),
        "no account was asked for: {got:#?}"
    );
}

#[test]
fn an_answer_that_does_not_match_the_schema_is_a_fault() {
    let (_, out, _) = with_fault(|r, _| {
        is_account(r).then(|| {
            (
                200,
                vec![],
                r#"{"Id": "0015g00000AbC9dAAF", "Industry": "Retail"}"#.into(),
            )
        })
    });
    assert!(
        out.contains("Sales CRM sent a Account without the required field Name"),
        "{out}"
    );
    let (_, out, _) = with_fault(|r, _| {
        is_account(r).then(|| {
            (
                200,
                vec![],
                r#"{"Id": "x", "Name": "Acme", "AnnualRevenue": "lots"}"#.into(),
            )
        })
    });
    assert!(
        out.contains(
            "Sales CRM sent AnnualRevenue = lots in a Account, where the connector expects"
        ),
        "{out}"
    );
}

#[test]
fn busy_systems_are_retried_honouring_retry_after() {
    // The first write is refused once with Retry-After: 0, then accepted.
    let (code, out, got) = with_fault(|r, n| {
        (is_write(r) && n == 4).then(|| (429, vec![("Retry-After", "0".to_owned())], "{}".into()))
    });
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(
        got.iter().filter(|r| is_write(r)).count(),
        4,
        "one retry, then the three writes"
    );
    let (code, out, got) = with_fault(|r, _| {
        is_write(r).then(|| (429, vec![("Retry-After", "0".to_owned())], "{}".into()))
    });
    assert_eq!(code, Some(1));
    assert!(
        out.contains("still answered 429 Too Many Requests after 4 tries"),
        "{out}"
    );
    assert_eq!(
        got.iter().filter(|r| is_write(r)).count(),
        12,
        "four tries for each of three items"
    );
}

#[test]
fn refused_connections_timeouts_and_tls_failures_are_said_on_the_step() {
    // Nothing listens on the ERP's address.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let server = systems(|_, _| None);
    let dir = workspace_at(&format!("{}/crm", server.base), &format!("{dead}/erp"));
    let (_, out) = run_live(dir.path(), &[]);
    assert!(
        out.contains(&format!("could not connect to Finance ERP at {dead}/erp")),
        "{out}"
    );

    let slow = systems(|r, _| {
        if is_account(r) {
            std::thread::sleep(Duration::from_secs(4));
        }
        None
    });
    let dir = workspace_at(&format!("{}/crm", slow.base), &format!("{}/erp", slow.base));
    let (_, out) = run_live(dir.path(), &[]);
    assert!(out.contains("Sales CRM did not answer in time"), "{out}");

    // Something that does not speak TLS behind an https:// address: the handshake fails.
    let not_tls = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let https = format!("https://{}", not_tls.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in not_tls.incoming().flatten() {
            use std::io::Write;
            let mut stream = stream;
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\nthis is not TLS");
        }
    });
    let dir = workspace_at(&format!("{https}/crm"), &format!("{https}/erp"));
    let (_, out) = run_live(dir.path(), &[]);
    assert!(out.contains("the secure connection to Sales CRM"), "{out}");
}

/// A scratch workspace with a two-step flow: a manual start, then `write` to `system`.
pub(crate) fn writer_flow(
    system: &str,
    object: &str,
    replace: &[(&str, &str)],
) -> tempfile::TempDir {
    use switchboard::model::{
        Flow, FlowId, Node, NodeId, Step, SystemId, Trigger, Wire, WriteAction,
    };
    let dir = support::scratch_workspace();
    let path = dir.path().join("systems.ron");
    let mut text = std::fs::read_to_string(&path).expect("systems");
    for (from, to) in replace {
        assert!(text.contains(from), "{from} is in systems.ron");
        text = text.replace(from, to);
    }
    std::fs::write(&path, text).expect("write");
    let mut flow = Flow::new(FlowId::new("write-test").expect("id"), "Write test");
    let start = NodeId::new("start").expect("id");
    let write = NodeId::new("write").expect("id");
    flow.nodes.push(Node {
        id: start.clone(),
        label: "Start".into(),
        step: Step::Trigger(Trigger::Manual { inputs: Vec::new() }),
    });
    flow.nodes.push(Node {
        id: write.clone(),
        label: "Write it".into(),
        step: Step::Write {
            system: SystemId::new(system).expect("id"),
            object: object.into(),
            action: WriteAction::Create,
        },
    });
    flow.wires.push(Wire::between(start, write));
    switchboard::store::save_flow(&dir.path().join("write-test.flow.ron"), &flow).expect("saves");
    dir
}

pub(crate) fn run_writer(dir: &std::path::Path, input: &str) -> (Option<i32>, String) {
    std::fs::write(dir.join("input.jsonl"), input).expect("input");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args([
            "run",
            "write-test.flow.ron",
            "--live",
            "--yes",
            "--input",
            "input.jsonl",
        ])
        .current_dir(dir)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

pub(crate) const PARKS_SMB: &str = "\"production\": \"smb://fileserver01/parks/incoming\",";

#[test]
fn the_file_drop_connector_writes_csv_rows_in_its_folder_only() {
    let dir = writer_flow(
        "parks_dropbox",
        "WorkOrder",
        &[(PARKS_SMB, "\"test\": \"file:drops/parks\",")],
    );
    let rows = "{\"ExternalReference\": \"311-0042\", \"ShortDescription\": \"Fallen tree\", \"Street\": \"Willow Park\"}\n\
                {\"ExternalReference\": \"311-0043\", \"ShortDescription\": \"Broken bench, \\\"urgent\\\"\", \"Street\": \"Elm St, 12\"}\n";
    let (code, out) = run_writer(dir.path(), rows);
    assert_eq!(code, Some(0), "{out}");
    let folder = dir.path().join("drops/parks");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .expect("folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0]
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("workorders-") && name.ends_with(".csv"),
        "{name}"
    );
    let mut reader = csv::Reader::from_path(&files[0]).expect("csv");
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], "ExternalReference");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        &rows[1][1], "Broken bench, \"urgent\"",
        "quotes and commas survive"
    );
}

#[test]
fn a_file_drop_folder_outside_the_workspace_is_refused() {
    for outside in ["file:../../etc", "file:/etc", "file:///tmp/elsewhere"] {
        let dir = writer_flow(
            "parks_dropbox",
            "WorkOrder",
            &[(PARKS_SMB, &format!("\"test\": \"{outside}\","))],
        );
        let (code, out) = run_writer(
            dir.path(),
            "{\"ExternalReference\": \"1\", \"ShortDescription\": \"x\", \"Street\": \"y\"}\n",
        );
        assert_eq!(code, Some(1), "{out}");
        assert!(
            out.contains("outside the workspace folder"),
            "{outside}: {out}"
        );
    }
    // A network share cannot be reached from a test run: said, not attempted.
    let dir = writer_flow("parks_dropbox", "WorkOrder", &[]);
    let (_, out) = run_writer(
        dir.path(),
        "{\"ExternalReference\": \"1\", \"ShortDescription\": \"x\", \"Street\": \"y\"}\n",
    );
    assert!(
        out.contains("smb://fileserver01/parks/incoming, which a live run cannot use"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn a_drop_folder_that_is_a_link_out_of_the_workspace_is_refused() {
    let dir = writer_flow(
        "parks_dropbox",
        "WorkOrder",
        &[(PARKS_SMB, "\"test\": \"file:drops/parks\",")],
    );
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("drops")).expect("mkdir");
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("drops/parks")).expect("link");
    let (code, out) = run_writer(
        dir.path(),
        "{\"ExternalReference\": \"1\", \"ShortDescription\": \"x\", \"Street\": \"y\"}\n",
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("which is a link to") && out.contains("outside the workspace folder"),
        "{out}"
    );
    assert!(
        std::fs::read_dir(elsewhere.path())
            .expect("list")
            .next()
            .is_none(),
        "nothing was written through the link"
    );
}

#[test]
fn the_sqlite_connector_inserts_and_reads_rows_of_a_real_database() {
    let dir = writer_flow(
        "reporting_db",
        "DailySales",
        &[(
            "\"production\": \"sqlite:data/reporting.db\",",
            "\"test\": \"sqlite:data/reporting.db\",",
        )],
    );
    std::fs::create_dir_all(dir.path().join("data")).expect("mkdir");
    let db = dir.path().join("data/reporting.db");
    let connection = rusqlite::Connection::open(&db).expect("db");
    connection
        .execute_batch(
            "CREATE TABLE daily_sales (id TEXT PRIMARY KEY, sale_date TEXT NOT NULL, location TEXT, channel TEXT, total REAL NOT NULL, currency TEXT, item_count INTEGER);",
        )
        .expect("schema");
    let rows = "{\"Id\": \"2026-11-21-12\", \"SaleDate\": \"2026-11-21\", \"Location\": \"Store 12\", \"Total\": 1234.5, \"Currency\": \"USD\", \"ItemCount\": 17}\n";
    let (code, out) = run_writer(dir.path(), rows);
    assert_eq!(code, Some(0), "{out}");
    let (total, items): (f64, i64) = connection
        .query_row(
            "SELECT total, item_count FROM daily_sales WHERE id = '2026-11-21-12'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the row is there");
    assert_eq!((total, items), (1234.5, 17));

    // A second insert of the same id breaks the table's key: the database's own words, on the step.
    let (code, out) = run_writer(dir.path(), rows);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("FAIL Write it") && out.contains("UNIQUE constraint failed"),
        "{out}"
    );
}

#[test]
fn a_lookup_follows_the_crm_cursor_to_the_second_page() {
    let leads = std::fs::read_to_string(support::examples().join("samples/sales_crm/Lead.ron"))
        .expect("leads");
    let leads: Vec<switchboard::model::Record> = ron::from_str(&leads).expect("ron");
    let leads: Vec<serde_json::Value> = leads
        .iter()
        .map(|r| serde_json::to_value(r).expect("json"))
        .collect();
    let server = systems(move |r, _| {
        if r.method == "POST" && r.url == "/crm/Lead" {
            return Some((201, vec![], "{\"id\": \"00Q9\"}".into()));
        }
        if !r.url.starts_with("/crm/Lead?") {
            return None;
        }
        let body = if r.url.contains("cursor=p2") {
            // The second page holds the lead whose e-mail is asked for, if there is one.
            let wanted: Vec<_> = leads
                .iter()
                .filter(|l| {
                    r.url
                        .contains(&l["Email"].as_str().unwrap_or_default().replace('@', "%40"))
                })
                .cloned()
                .collect();
            serde_json::json!({"records": wanted})
        } else {
            let next = format!("{}&cursor=p2", r.url);
            serde_json::json!({"records": [], "nextRecordsUrl": next})
        };
        Some((200, vec![], body.to_string()))
    });
    let dir = workspace_at(
        &format!("{}/crm", server.base),
        &format!("{}/erp", server.base),
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args([
            "run",
            "marketing-lead-to-crm-lead.flow.ron",
            "--live",
            "--yes",
            "--timeout",
            "2",
        ])
        .env("CRM_CLIENT_SECRET", CRM_SECRET)
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("ok   Only leads the CRM lacks: 2 in, 1 out"),
        "the lead on page 2 was found: {text}"
    );
    let got = server.received.lock().expect("log").clone();
    assert_eq!(
        got.iter().filter(|r| r.url.contains("cursor=p2")).count(),
        2,
        "one second page per lookup"
    );
    assert_eq!(
        got.iter()
            .filter(|r| r.method == "POST" && r.url == "/crm/Lead")
            .count(),
        1
    );
}

#[test]
fn a_credential_missing_from_the_keyring_is_said_on_the_step() {
    let server = systems(|_, _| None);
    let dir = workspace_at(
        &format!("{}/crm", server.base),
        &format!("{}/erp", server.base),
    );
    let path = dir.path().join("systems.ron");
    let text = std::fs::read_to_string(&path).expect("systems").replacen(
        "connector: \"crm\",",
        "connector: \"crm\",\n            credential: Some(Keyring(\"switchboard/no-such-entry\")),",
        1,
    );
    std::fs::write(&path, text).expect("write");
    let (code, out) = run_live(dir.path(), &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("the credential for Sales CRM should be in the OS keyring entry “switchboard/no-such-entry”"),
        "{out}"
    );
    assert!(
        server.received.lock().expect("log").is_empty(),
        "no call without a credential"
    );
}

/// Every file under `dir` that holds one of `secrets`, as plain text or base64.
pub(crate) fn files_holding(dir: &std::path::Path, secrets: &[&str]) -> Vec<String> {
    use base64::Engine;
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            for secret in secrets {
                let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
                let hit = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
                if hit(secret.as_bytes()) || hit(encoded.as_bytes()) {
                    found.push(format!("{} holds {secret}", path.display()));
                }
            }
        }
    }
    found
}

#[test]
fn no_file_written_after_a_live_run_holds_a_secret() {
    let server = systems(|_, _| None);
    let dir = workspace_at(
        &format!("{}/crm", server.base),
        &format!("{}/erp", server.base),
    );
    let (code, out) = run_live(dir.path(), &["--trace", "trace.json"]);
    assert_eq!(code, Some(0), "{out}");
    // Save every flow (canonical form), export the catalog and the reports.
    let switchboard = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(args)
            .env("CRM_CLIENT_SECRET", CRM_SECRET)
            .env("ERP_API_KEY", ERP_KEY)
            .current_dir(dir.path())
            .output()
            .expect("runs")
    };
    let flow = dir.path().join("opportunity-to-reservation.flow.ron");
    let mut saved = switchboard::store::load_flow(&flow).expect("loads");
    saved.description.push_str(" Checked live.");
    switchboard::store::save_flow(&flow, &saved).expect("saves");
    switchboard(&["fmt", "."]);
    switchboard(&["catalog", ".", "--out", "catalog.csv"]);
    let sarif = switchboard(&["check", ".", "--format", "sarif"]);
    std::fs::write(dir.path().join("findings.sarif"), sarif.stdout).expect("write");
    for written in ["trace.json", "catalog.csv", "findings.sarif"] {
        assert!(dir.path().join(written).is_file(), "{written} was written");
    }
    let leaks = files_holding(dir.path(), &[CRM_SECRET, ERP_KEY, "tok-1"]);
    assert!(leaks.is_empty(), "{leaks:#?}");
    // The search itself finds what is there.
    std::fs::write(dir.path().join("planted.txt"), ERP_KEY).expect("write");
    assert_eq!(files_holding(dir.path(), &[ERP_KEY]).len(), 1);
}

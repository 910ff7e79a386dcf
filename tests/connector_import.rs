//! `switchboard connector import`: the six real descriptions of shared/openapi (unedited,
//! defects included), a file of the hard parts, what the import writes into a workspace,
//! and a live run against a server on 127.0.0.1 that follows an imported description.

use std::path::{Path, PathBuf};

use switchboard::model::{Classification, FieldType};
use switchboard::workspace::connector::{
    AuthScheme, Connector, HttpMethod, OperationKind, Pagination, Via,
};
use switchboard::workspace::{Landscape, Workspace};

use crate::live::{Answer, Received, serve};
use crate::support;

fn shared(name: &str) -> PathBuf {
    // Copies of shared/openapi, byte for byte (see their README for sources and licences).
    support::fixture("openapi/real").join(name)
}

/// Imports `spec` as system `id` into a scratch copy of the example workspace.
fn import(spec: &Path, id: &str, extra: &[&str]) -> (tempfile::TempDir, i32, String, Connector) {
    let dir = support::scratch_workspace();
    let spec = spec.to_string_lossy().into_owned();
    let ws = dir.path().to_string_lossy().into_owned();
    let mut args = vec![
        "connector",
        "import",
        spec.as_str(),
        "--workspace",
        ws.as_str(),
        "--system",
        id,
    ];
    args.extend_from_slice(extra);
    let out = support::switchboard_in(dir.path(), &args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let code = out.status.code().expect("exits");
    let manifest = dir.path().join("connectors").join(format!("{id}.ron"));
    let connector = match std::fs::read_to_string(&manifest) {
        Ok(text) => {
            ron::from_str(&text).unwrap_or_else(|e| panic!("the manifest reads back: {e}\n{text}"))
        }
        Err(e) => panic!("no manifest ({e}):\n{text}"),
    };
    (dir, code, text, connector)
}

fn op<'c>(
    c: &'c Connector,
    object: &str,
    kind: OperationKind,
) -> &'c switchboard::workspace::connector::Operation {
    c.object(object)
        .unwrap_or_else(|| {
            panic!(
                "object {object} in {:?}",
                c.objects.iter().map(|o| &o.name).collect::<Vec<_>>()
            )
        })
        .operations
        .iter()
        .find(|o| o.kind == kind)
        .unwrap_or_else(|| panic!("{object} can {kind:?}"))
}

fn path_of(op: &switchboard::workspace::connector::Operation) -> (&HttpMethod, &str) {
    match &op.via {
        Via::Http { method, path, .. } => (method, path),
        other => panic!("not HTTP: {other:?}"),
    }
}

/// Every real description imports into a workspace that then loads without a problem,
/// and `check` asks for the new system's owner.
#[test]
fn the_six_real_descriptions_import_into_a_workspace_that_loads() {
    let cases = [
        ("oai-petstore.v2.yaml", "petstore", 0),
        ("oai-petstore-expanded.v3.0.yaml", "petstore_expanded", 0),
        ("servicenow-incident-sample.swagger2.json", "servicenow", 1),
        ("forcemanager-crm.swagger2.json", "forcemanager", 1),
        ("paypal-invoicing_v2.json", "paypal", 1),
        ("okta-governance-access-requests-v2.yaml", "okta", 1),
    ];
    for (file, id, want) in cases {
        let (dir, code, text, connector) = import(&shared(file), id, &[]);
        assert_eq!(code, want, "{file}:\n{text}");
        assert!(!connector.objects.is_empty(), "{file}");
        let ws = Workspace::load(dir.path()).expect("loads");
        assert!(ws.problems.is_empty(), "{file}: {:?}", ws.problems);
        let system = ws
            .landscape
            .systems
            .iter()
            .find(|s| s.id.as_str() == id)
            .expect("system added");
        assert_eq!(system.connector, id);
        assert!(system.owner.is_none());
        let check = support::switchboard_in(dir.path(), &["check", "."]);
        let said = String::from_utf8_lossy(&check.stdout);
        assert!(
            !said.contains("connectors/"),
            "the manifest is clean:\n{said}"
        );
        if want == 1 {
            assert!(
                text.contains("Left out:"),
                "{file} says what it left out:\n{text}"
            );
        }
    }
}

#[test]
fn paypal_signs_in_with_client_credentials_and_lists_invoices_from_items() {
    let (dir, _, text, c) = import(&shared("paypal-invoicing_v2.json"), "paypal", &[]);
    match &c.auth.scheme {
        AuthScheme::OAuth2ClientCredentials {
            token_path,
            client_id,
        } => {
            assert_eq!(token_path, "/v1/oauth2/token");
            assert!(client_id.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert!(text.contains("fill `client_id`"), "{text}");
    assert!(
        matches!(&c.pagination, Pagination::PageNumber { page_param, size_param, .. } if page_param == "page" && size_param == "page_size"),
        "{:?}",
        c.pagination
    );
    let list = op(&c, "Invoice", OperationKind::Query);
    assert_eq!(list.records_at, "items");
    assert_eq!(path_of(list), (&HttpMethod::Get, "/v2/invoicing/invoices"));
    assert_eq!(
        path_of(op(&c, "Invoice", OperationKind::Get)).1,
        "/v2/invoicing/invoices/{id}"
    );
    assert!(
        text.contains(
            "POST /v2/invoicing/invoices/{invoice_id}/send: an action on one record (`send`)"
        ),
        "{text}"
    );
    let systems: Landscape =
        ron::from_str(&std::fs::read_to_string(dir.path().join("systems.ron")).unwrap()).unwrap();
    let paypal = systems
        .systems
        .iter()
        .find(|s| s.id.as_str() == "paypal")
        .unwrap();
    assert_eq!(
        paypal.endpoints.get("production").map(String::as_str),
        Some("https://api-m.paypal.com")
    );
    assert_eq!(
        paypal.endpoints.get("test").map(String::as_str),
        Some("https://api-m.sandbox.paypal.com")
    );
}

#[test]
fn servicenow_needs_a_person_to_sign_in_and_says_so() {
    let (_, code, text, c) = import(
        &shared("servicenow-incident-sample.swagger2.json"),
        "snow",
        &[],
    );
    assert_eq!(code, 1);
    assert!(c.auth.scheme.needs_a_person(), "{:?}", c.auth.scheme);
    assert!(text.contains("unattended runs cannot use it"), "{text}");
    let incident = c.object("Incident").expect("Incident");
    assert_eq!(incident.key, "sys_id");
    assert_eq!(op(&c, "Incident", OperationKind::Get).records_at, "result");
    assert_eq!(
        op(&c, "Incident", OperationKind::Query).records_at,
        "result"
    );
}

#[test]
fn forcemanager_pages_with_a_size_header_and_reads_bare_arrays() {
    let (_, _, _, c) = import(&shared("forcemanager-crm.swagger2.json"), "fm", &[]);
    assert!(
        matches!(&c.pagination, Pagination::PageNumber { page_param, size_param, size_in_header: true, .. } if page_param == "page" && size_param == "count"),
        "{:?}",
        c.pagination
    );
    let list = op(&c, "Account", OperationKind::Query);
    assert!(list.records_at.is_empty(), "a bare array");
    // A required parameter with a default is written into the path.
    assert_eq!(
        path_of(op(&c, "Branch", OperationKind::Query)).1,
        "/branches?getFullList=true"
    );
    let contact = c.object("Contact").unwrap();
    let email = contact.field("email").expect("email");
    assert_eq!(email.classification, Classification::Pii);
    assert!(email.guessed);
}

#[test]
fn okta_pages_by_link_header_and_fills_the_server_template() {
    let (dir, _, text, c) = import(
        &shared("okta-governance-access-requests-v2.yaml"),
        "okta",
        &[],
    );
    assert_eq!(c.pagination, Pagination::LinkHeader);
    assert!(text.contains("{yourOktaDomain}"), "{text}");
    let systems = std::fs::read_to_string(dir.path().join("systems.ron")).unwrap();
    assert!(systems.contains("https://subdomain.okta.com"), "{systems}");
    let list = op(&c, "Request", OperationKind::Query);
    assert!(
        !list
            .params
            .iter()
            .any(|p| p.name == "after" || p.name == "limit"),
        "paging is not a filter: {:?}",
        list.params
    );
    assert!(list.params.iter().any(|p| p.name == "filter"));
}

#[test]
fn petstores_key_their_pets_by_id_whatever_the_path_calls_it() {
    let (_, code, text, c) = import(&shared("oai-petstore.v2.yaml"), "pets", &[]);
    assert_eq!(code, 0, "{text}");
    let pet = c.object("Pet").unwrap();
    assert_eq!(pet.key, "id");
    assert_eq!(path_of(op(&c, "Pet", OperationKind::Get)).1, "/pets/{id}");
    let (_, _, _, c) = import(&shared("oai-petstore-expanded.v3.0.yaml"), "pets", &[]);
    let pet = c.object("Pet").unwrap();
    // `id` is in Pet (allOf NewPet + id) but not in NewPet, which creating takes.
    let id = pet.field("id").unwrap();
    assert!(id.read_only && !id.required);
    assert!(pet.field("name").unwrap().required);
}

#[test]
fn the_hard_parts_of_real_descriptions_import() {
    let spec = support::fixture("openapi/hard-parts.v3.1.yaml");
    let (dir, code, text, c) = import(&spec, "desk", &[]);
    assert_eq!(code, 1, "{text}");
    // One located message for the reference that leads nowhere; the rest imports.
    assert_eq!(
        text.matches("#/components/schemas/Missing").count(),
        1,
        "{text}"
    );
    assert!(text.contains("line 62, GET /queues"), "{text}");
    assert_eq!(
        c.auth.scheme,
        AuthScheme::ApiKeyQuery {
            param: "api_key".into()
        }
    );
    assert_eq!(
        c.pagination,
        Pagination::PageNumber {
            page_param: "page".into(),
            size_param: "per_page".into(),
            max_size: 50,
            size_in_header: true
        }
    );
    let ticket = c.object("Ticket").unwrap();
    let ty = |name: &str| {
        ticket
            .field(name)
            .unwrap_or_else(|| panic!("{name}"))
            .field_type
            .clone()
    };
    assert_eq!(ty("due"), FieldType::Date, "3.1 type arrays");
    assert_eq!(
        ty("priority"),
        FieldType::Integer,
        "a default of the wrong type is ignored"
    );
    assert_eq!(
        ty("status"),
        FieldType::Picklist(vec!["open".into(), "pending".into(), "closed".into()])
    );
    assert!(
        matches!(ty("parent"), FieldType::Record(_)),
        "recursive schema expanded once"
    );
    assert!(
        matches!(ty("assignee"), FieldType::Record(f) if f.len() == 2),
        "oneOf with null"
    );
    assert!(ticket.field("subject").unwrap().required);
    assert!(ticket.field("opened").unwrap().read_only);
    let get = op(&c, "Ticket", OperationKind::Get);
    assert_eq!(
        path_of(get).1,
        "/tickets/{id}",
        "deep pointer through components/responses"
    );
    let create = op(&c, "Ticket", OperationKind::Create);
    assert!(
        matches!(&create.via, Via::Http { form: true, .. }),
        "form-encoded body"
    );
    let list = op(&c, "Ticket", OperationKind::Query);
    assert_eq!(path_of(list).1, "/tickets?view=all%20open");
    assert!(
        list.params.iter().any(|p| p.name == "service_ids[]"),
        "path-level parameters: {:?}",
        list.params
    );
    assert!(text.contains("an action on one record (`close`)"));
    let systems = std::fs::read_to_string(dir.path().join("systems.ron")).unwrap();
    assert!(
        systems.contains("\"production\": \"https://riverton.desk.example/api/v2\""),
        "{systems}"
    );
    assert!(
        systems.contains("\"test\": \"https://sandbox.desk.example/api/v2\""),
        "{systems}"
    );
}

#[test]
fn importing_again_updates_the_system_and_keeps_what_people_set() {
    let (dir, ..) = import(&shared("oai-petstore.v2.yaml"), "pets", &[]);
    let path = dir.path().join("systems.ron");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "            owner: None,\n            connector: \"pets\",",
        "            owner: Some((team: \"Shelter\", contact: \"shelter@riverton.example\")), // set by hand\n            connector: \"pets\",",
    );
    std::fs::write(&path, &text).unwrap();
    let spec = shared("oai-petstore.v2.yaml");
    let out = support::switchboard_in(
        dir.path(),
        &[
            "connector",
            "import",
            &spec.to_string_lossy(),
            "--workspace",
            ".",
            "--system",
            "pets",
            "--base-url",
            "https://pets.riverton.example/v1",
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("Updated system `pets`"), "{said}");
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("// set by hand"), "{after}");
    assert!(after.contains("https://pets.riverton.example/v1"));
    assert!(!after.contains("petstore.swagger.io"));
    assert!(
        after.starts_with("// The landscape of the example workspace"),
        "comments stay"
    );
    assert_eq!(after.matches("id: \"pets\"").count(), 1);
}

#[test]
fn what_cannot_be_imported_exits_2_and_writes_nothing() {
    let dir = support::scratch_workspace();
    let before = std::fs::read_to_string(dir.path().join("systems.ron")).unwrap();
    let cases: [(&str, &str, &str); 5] = [
        ("not-yaml.yaml", "a: [1, 2\nb: 3\n", "not valid YAML"),
        ("not-json.json", "{\"openapi\": \"3.0.0\",\n}", "line 2"),
        (
            "other.yaml",
            "name: a compose file\nservices: {}\n",
            "neither `openapi` nor `swagger`",
        ),
        (
            "old.json",
            "{\"swagger\": \"1.2\", \"paths\": {}}",
            "Swagger 1.2 is not a version",
        ),
        ("laughs.yaml", &laughs(), "aliases"),
    ];
    for (name, content, says) in cases {
        let spec = dir.path().join(name);
        std::fs::write(&spec, content).unwrap();
        let out = support::switchboard_in(
            dir.path(),
            &[
                "connector",
                "import",
                &spec.to_string_lossy(),
                "--workspace",
                ".",
                "--system",
                "x",
            ],
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{name}: {said}");
        assert!(said.contains(says), "{name}: {said}");
    }
    let out = support::switchboard_in(
        dir.path(),
        &[
            "connector",
            "import",
            &shared("oai-petstore.v2.yaml").to_string_lossy(),
            "--workspace",
            ".",
            "--system",
            "Bad Id",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("cannot be a system id"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("systems.ron")).unwrap(),
        before
    );
    assert!(!dir.path().join("connectors").exists());
}

fn laughs() -> String {
    let mut text = String::from("openapi: 3.0.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        text.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    text
}

/// The live test: a shelter server that follows `pets-paged.v3.0.yaml` — pages of two
/// pets linked by `Link` headers, an API key in a header, pets created with POST and
/// read back by id. A flow reads every pet, reads each again by its id, and creates a
/// copy; a second run reads the copies back.
#[test]
fn a_flow_runs_live_against_a_server_that_follows_an_imported_description() {
    use std::sync::{Arc, Mutex};
    const KEY: &str = "shelter-key-93b1";
    let pets = Arc::new(Mutex::new(vec![
        serde_json::json!({"id": "1", "name": "Rex", "species": "dog"}),
        serde_json::json!({"id": "2", "name": "Tom", "species": "cat"}),
        serde_json::json!({"id": "3", "name": "Kiwi", "species": "bird"}),
    ]));
    let store = pets.clone();
    let server = serve(move |r: &Received, _| -> Answer {
        if !r
            .headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("X-Shelter-Key") && v == KEY)
        {
            return (401, vec![], "{}".into());
        }
        let mut pets = store.lock().unwrap();
        let (path, query) = r.url.split_once('?').unwrap_or((&r.url, ""));
        match (r.method.as_str(), path) {
            ("GET", "/v1/pets") => {
                let after: usize = query
                    .split('&')
                    .find_map(|p| p.strip_prefix("after="))
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(0);
                let page: Vec<_> = pets.iter().skip(after).take(2).cloned().collect();
                let mut headers = vec![];
                if after + 2 < pets.len() {
                    headers.push((
                        "Link",
                        format!("</v1/pets?after={}>; rel=\"next\"", after + 2),
                    ));
                }
                (200, headers, serde_json::Value::Array(page).to_string())
            }
            ("GET", p) if p.starts_with("/v1/pets/") => {
                let id = &p["/v1/pets/".len()..];
                match pets.iter().find(|pet| pet["id"] == id) {
                    Some(pet) => (200, vec![], pet.to_string()),
                    None => (404, vec![], "{}".into()),
                }
            }
            ("POST", "/v1/pets") => {
                let mut pet: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
                pet["id"] = serde_json::json!((pets.len() + 1).to_string());
                pets.push(pet.clone());
                (201, vec![], pet.to_string())
            }
            _ => (404, vec![], "{}".into()),
        }
    });
    let (dir, code, text, c) = import(
        &support::fixture("openapi/pets-paged.v3.0.yaml"),
        "shelter",
        &["--base-url", &format!("{}/v1", server.base)],
    );
    assert_eq!(code, 0, "{text}");
    assert_eq!(c.pagination, Pagination::LinkHeader);
    std::fs::write(dir.path().join("copy-pets.flow.ron"), COPY_PETS).unwrap();
    let run = || {
        let (code, said) = run_copy_pets(dir.path(), KEY, &[]);
        assert!(!said.contains(KEY), "the key was printed: {said}");
        (code, said)
    };
    let (code, said) = run();
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("Read all pets: 1 in, 3 out"),
        "both pages read: {said}"
    );
    let got = server.received.lock().unwrap().clone();
    assert_eq!(
        got.iter()
            .filter(|r| r.url.starts_with("/v1/pets?"))
            .count()
            + got
                .iter()
                .filter(|r| r.url == "/v1/pets" && r.method == "GET")
                .count(),
        2,
        "two pages"
    );
    assert_eq!(
        got.iter()
            .filter(|r| r.method == "GET" && r.url.starts_with("/v1/pets/"))
            .count(),
        3,
        "each read by id"
    );
    let created: Vec<_> = got.iter().filter(|r| r.method == "POST").collect();
    assert_eq!(created.len(), 3);
    assert!(
        created[0].body.contains("\"name\":\"Rex (copy)\""),
        "{}",
        created[0].body
    );
    assert!(created.iter().all(|r| {
        r.headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("Content-Type") && v.starts_with("application/json")
        })
    }));
    // Read back: the second run lists the three pets and their three copies.
    let (code, said) = run();
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("Read all pets: 1 in, 6 out"), "{said}");
    assert_eq!(pets.lock().unwrap().len(), 12);
    // The imported system has no owner yet: governance asks for one, once a flow uses it.
    let check = support::switchboard_in(dir.path(), &["check", "copy-pets.flow.ron"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("Nobody owns Pet Shelter (`shelter`)"),
        "{said}"
    );
    // Its e-mail field's class was guessed: the finding on it says where to confirm it.
    assert!(
        said.contains("The class of adopter_email was guessed from the field name — confirm it in connectors/shelter.ron."),
        "{said}"
    );
}

/// Runs the copy-pets flow live in `dir` with the shelter's key; exit code and output.
fn run_copy_pets(dir: &Path, key: &str, extra: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args([
            "run",
            "copy-pets.flow.ron",
            "--live",
            "--yes",
            "--timeout",
            "5",
        ])
        .args(extra)
        .env("SHELTER_API_KEY", key)
        .current_dir(dir)
        .output()
        .expect("runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), said)
}

const COPY_PETS: &str = r#"(
    format: 1,
    id: "copy-pets",
    name: "Copy pets",
    description: "Reads every pet of the shelter and creates a copy of each.",
    owner: Some((team: "Shelter", contact: "shelter@riverton.example")),
    nodes: [
        (id: "start", label: "Every night", step: Trigger(Schedule(Daily(at: "02:00")))),
        (id: "read_pets", label: "Read all pets", step: Read(system: "shelter", object: "Pet", by: All)),
        (id: "again", label: "Read each pet by its id", step: Lookup(system: "shelter", object: "Pet", match_field: "id", key: "id", into: "again")),
        (id: "build", label: "Build the copy", step: Map(target: (system: "shelter", object: "Pet"), mappings: {"name": "again.name & \" (copy)\"", "species": "species"})),
        (id: "create", label: "Create the copy", step: Write(system: "shelter", object: "Pet", action: Create)),
    ],
    wires: ["again -> build", "build -> create", "read_pets -> again", "start -> read_pets"],
    layout: {},
    samples: [{}],
)
"#;

/// A typo in a workspace's own manifest is said once, where it is: not again as a
/// connector "not installed" in systems.ron, nor once per step of every flow using it.
#[test]
fn a_typo_in_a_manifest_is_said_once_where_it_is() {
    let (dir, ..) = import(&shared("oai-petstore.v2.yaml"), "pets", &[]);
    let manifest = dir.path().join("connectors/pets.ron");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replacen("kind: Get,", "kind: Gte,", 1);
    std::fs::write(&manifest, text).unwrap();
    std::fs::write(
        dir.path().join("copy-pets.flow.ron"),
        COPY_PETS.replace("shelter", "pets"),
    )
    .unwrap();
    let out = support::switchboard_in(dir.path(), &["check", "copy-pets.flow.ron"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        said.matches("error[file-syntax]: unknown operation `Gte`")
            .count(),
        1,
        "{said}"
    );
    assert!(said.contains("connectors/pets.ron:"), "located: {said}");
    assert!(!said.contains("not installed"), "{said}");
    assert_eq!(said.matches("error[connector-broken]").count(), 1, "{said}");
    assert!(!said.contains("unknown-system"), "{said}");
    let map = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["map", "copy-pets.flow.ron", "--node", "build"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&map.stderr);
    assert!(said.contains("whose manifest has an error"), "{said}");
    assert!(!said.contains("not installed"), "{said}");
}

/// A description whose schemas each refer to four others, thirty levels deep (4^30 ways
/// through), imports in bounded work: the fields past the limit are text, said once.
#[test]
fn schemas_that_fan_out_without_end_are_cut_with_a_note() {
    let mut schemas = String::new();
    for i in 0..30 {
        let next = format!("{{$ref: '#/components/schemas/S{}'}}", i + 1);
        schemas.push_str(&format!(
            "    S{i}: {{type: object, properties: {{a: {next}, b: {next}, c: {{oneOf: [{next}, {next}]}}}}}}\n"
        ));
    }
    schemas.push_str("    S30: {type: object, properties: {leaf: {type: string}}}\n");
    let text = format!(
        "openapi: 3.0.0\ninfo: {{title: Fan}}\nservers: [{{url: 'https://fan.example'}}]\npaths:\n  /things:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: array, items: {{$ref: '#/components/schemas/S0'}}}}\ncomponents:\n  schemas:\n{schemas}"
    );
    let options = switchboard::openapi::Options {
        system: "fan".into(),
        ..Default::default()
    };
    let imported = switchboard::openapi::import(&text, &options).expect("imports");
    assert!(imported.left_out());
    assert_eq!(
        imported
            .notes
            .iter()
            .filter(|n| n.message.contains("refer to each other so many times"))
            .count(),
        1
    );
    assert_eq!(imported.connector.objects.len(), 1);
}

/// Importing over a manifest someone completed keeps what they filled in (the client id
/// a description cannot hold, a class they confirmed) and the old file beside the new.
#[test]
fn importing_again_keeps_what_people_filled_into_the_manifest() {
    let (dir, ..) = import(&shared("paypal-invoicing_v2.json"), "paypal", &[]);
    let manifest = dir.path().join("connectors/paypal.ron");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let mut connector: Connector = ron::from_str(&text).unwrap();
    if let AuthScheme::OAuth2ClientCredentials { client_id, .. } = &mut connector.auth.scheme {
        *client_id = "switchboard-app-42".into();
    }
    let invoice = connector
        .objects
        .iter_mut()
        .find(|o| o.name == "Invoice")
        .unwrap();
    let number = invoice
        .fields
        .iter_mut()
        .find(|f| f.name == "status")
        .unwrap();
    number.classification = Classification::Confidential;
    std::fs::write(
        &manifest,
        switchboard::store::to_canonical(&connector).unwrap(),
    )
    .unwrap();
    let spec = shared("paypal-invoicing_v2.json");
    let out = support::switchboard_in(
        dir.path(),
        &[
            "connector",
            "import",
            &spec.to_string_lossy(),
            "--workspace",
            ".",
            "--system",
            "paypal",
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("kept as ./connectors/paypal.ron.previous"),
        "{said}"
    );
    let after: Connector = ron::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    assert!(
        matches!(&after.auth.scheme, AuthScheme::OAuth2ClientCredentials { client_id, .. } if client_id == "switchboard-app-42")
    );
    let status = after.object("Invoice").unwrap().field("status").unwrap();
    assert_eq!(status.classification, Classification::Confidential);
    assert!(dir.path().join("connectors/paypal.ron.previous").exists());
    let ws = Workspace::load(dir.path()).expect("loads");
    assert!(
        ws.problems.is_empty(),
        "the kept copy is not loaded: {:?}",
        ws.problems
    );
}

/// An API key sent as a query parameter goes on every call — a redirect inside the
/// endpoint included — and is never printed.
#[test]
fn an_api_key_in_the_query_follows_a_redirect_and_is_never_printed() {
    const KEY: &str = "query-key-5c7e";
    let server = serve(move |r: &Received, _| -> Answer {
        if !r.url.contains(&format!("api_key={KEY}")) {
            return (401, vec![], "{}".into());
        }
        let path = r.url.split('?').next().unwrap_or_default();
        match (r.method.as_str(), path) {
            ("GET", "/v1/pets") => (
                302,
                vec![("Location", "/v1/all-pets".to_owned())],
                String::new(),
            ),
            ("GET", "/v1/all-pets") => (200, vec![], r#"[{"id": "1", "name": "Rex"}]"#.into()),
            ("GET", "/v1/pets/1") => (200, vec![], r#"{"id": "1", "name": "Rex"}"#.into()),
            ("POST", "/v1/pets") => (201, vec![], r#"{"id": "2", "name": "Rex (copy)"}"#.into()),
            _ => (404, vec![], "{}".into()),
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("pets-query-key.yaml");
    let text = std::fs::read_to_string(support::fixture("openapi/pets-paged.v3.0.yaml"))
        .unwrap()
        .replace(
            "{type: apiKey, in: header, name: X-Shelter-Key}",
            "{type: apiKey, in: query, name: api_key}",
        );
    std::fs::write(&spec, text).unwrap();
    let (ws, code, said, c) = import(
        &spec,
        "shelter",
        &["--base-url", &format!("{}/v1", server.base)],
    );
    assert_eq!(code, 0, "{said}");
    assert_eq!(
        c.auth.scheme,
        AuthScheme::ApiKeyQuery {
            param: "api_key".into()
        }
    );
    std::fs::write(ws.path().join("copy-pets.flow.ron"), COPY_PETS).unwrap();
    let trace = ws.path().join("trace.json");
    let (code, printed) = run_copy_pets(ws.path(), KEY, &["--trace".as_ref(), trace.as_os_str()]);
    assert_eq!(code, Some(0), "{printed}");
    assert!(printed.contains("Read all pets: 1 in, 1 out"), "{printed}");
    assert!(!printed.contains(KEY), "{printed}");
    let written = std::fs::read_to_string(&trace).expect("trace written");
    assert!(!written.contains(KEY), "the trace holds the key: {written}");
    let got = server.received.lock().unwrap().clone();
    assert!(
        got.iter().any(|r| r.url.starts_with("/v1/all-pets?")),
        "the redirect was followed with the key"
    );
    assert!(
        got.iter().all(|r| r.url.matches("api_key=").count() == 1),
        "{got:?}"
    );
}

/// A second system made from a description whose title another system has is named
/// apart, so the palette and findings can tell the two from each other.
#[test]
fn a_second_system_of_the_same_name_is_named_apart() {
    let (dir, ..) = import(
        &support::fixture("openapi/hard-parts.v3.1.yaml"),
        "desk",
        &[],
    );
    let spec = support::fixture("openapi/hard-parts.v3.1.yaml");
    let out = support::switchboard_in(
        dir.path(),
        &[
            "connector",
            "import",
            &spec.to_string_lossy(),
            "--workspace",
            ".",
            "--system",
            "desk2",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let ws = Workspace::load(dir.path()).expect("loads");
    let names: Vec<&str> = ws
        .landscape
        .systems
        .iter()
        .filter(|s| s.connector.starts_with("desk"))
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Service Desk", "Service Desk (desk2)"]);
}

//! Importing an API description (issue 18's target: a 3 MB description with ~500
//! operations in under 1 s). The description is generated: 125 collections, each with a
//! list, create, read, update and delete (625 operations), schemas of 90 properties with
//! `$ref`s, `allOf`, enums, nested objects and descriptions — 3.0 MB of JSON, and the
//! same as YAML; the sizes are in the benchmarks' names. Three of the real descriptions
//! (tests/fixtures/openapi/real) are timed too.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use switchboard::openapi::{Options, import};

/// The allocator the switchboard binary uses (src/main.rs), so numbers match the app.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn generated() -> serde_json::Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for i in 0..125 {
        let name = format!("Thing{i}");
        let mut props = serde_json::Map::new();
        for p in 0..90 {
            let prop = match p % 5 {
                0 => {
                    serde_json::json!({"type": "string", "description": format!("The {p}th property of {name}, which holds a value users look at every day when they work with this kind of record in the system of record.")})
                }
                1 => serde_json::json!({"type": "string", "format": "date-time", "readOnly": true}),
                2 => {
                    serde_json::json!({"type": "string", "enum": ["new", "open", "pending", "closed", "archived"]})
                }
                3 => {
                    serde_json::json!({"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}, "postal_code": {"type": "string"}, "country": {"type": "string"}}})
                }
                _ => serde_json::json!({"$ref": "#/components/schemas/Money"}),
            };
            props.insert(format!("field_{p}_email_{i}"), prop);
        }
        schemas.insert(format!("New{name}"), serde_json::json!({"type": "object", "required": ["field_0_email_0"], "properties": props}));
        schemas.insert(name.clone(), serde_json::json!({"allOf": [{"$ref": format!("#/components/schemas/New{name}")}, {"type": "object", "properties": {"id": {"type": "string"}}}]}));
        let item = serde_json::json!({"$ref": format!("#/components/schemas/{name}")});
        let new = serde_json::json!({"$ref": format!("#/components/schemas/New{name}")});
        let answer = |schema: serde_json::Value| serde_json::json!({"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}});
        paths.insert(format!("/v2/things{i}"), serde_json::json!({
            "get": {"parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}, {"name": "page_size", "in": "query", "schema": {"type": "integer", "maximum": 200}}, {"name": "status", "in": "query", "schema": {"type": "string"}}],
                    "responses": answer(serde_json::json!({"type": "object", "properties": {"items": {"type": "array", "items": item}, "total": {"type": "integer"}}}))},
            "post": {"requestBody": {"content": {"application/json": {"schema": new}}}, "responses": answer(item.clone())},
        }));
        paths.insert(format!("/v2/things{i}/{{thing_id}}"), serde_json::json!({
            "parameters": [{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "get": {"responses": answer(item.clone())},
            "patch": {"requestBody": {"content": {"application/json": {"schema": new}}}, "responses": answer(item.clone())},
            "delete": {"responses": {"204": {"description": "Gone"}}},
        }));
    }
    schemas.insert("Money".into(), serde_json::json!({"type": "object", "properties": {"currency_code": {"type": "string"}, "value": {"type": "string"}}}));
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Generated", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "components": {"securitySchemes": {"oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {}}}}}, "schemas": schemas},
        "paths": paths,
    })
}

fn bench(c: &mut Criterion) {
    let options = Options {
        system: "things".into(),
        ..Options::default()
    };
    let json = serde_json::to_string_pretty(&generated()).expect("json");
    let yaml = to_yaml(&generated(), 0);
    eprintln!(
        "generated description: {:.1} MB of JSON, {:.1} MB of YAML",
        json.len() as f64 / 1e6,
        yaml.len() as f64 / 1e6
    );
    let imported = import(&json, &options).expect("imports");
    assert_eq!(imported.connector.objects.len(), 125);
    let mb = |text: &str| text.len() as f64 / 1e6;
    c.bench_function(
        &format!("import {:.1} MB JSON, 625 operations", mb(&json)),
        |b| b.iter(|| import(black_box(&json), &options).expect("imports")),
    );
    c.bench_function(
        &format!("import {:.1} MB YAML, 625 operations", mb(&yaml)),
        |b| b.iter(|| import(black_box(&yaml), &options).expect("imports")),
    );
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/real");
    for name in [
        "paypal-invoicing_v2.json",
        "okta-governance-access-requests-v2.yaml",
        "forcemanager-crm.swagger2.json",
    ] {
        let Ok(text) = std::fs::read_to_string(shared.join(name)) else {
            continue;
        };
        c.bench_function(&format!("import {name}"), |b| {
            b.iter(|| import(black_box(&text), &options).expect("imports"))
        });
    }
}

/// Block-style YAML of a JSON value (keys quoted, so nothing is re-typed).
fn to_yaml(value: &serde_json::Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    match value {
        serde_json::Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                match v {
                    serde_json::Value::Object(m) if !m.is_empty() => {
                        out.push_str(&format!("{pad}{k:?}:\n{}", to_yaml(v, indent + 2)))
                    }
                    serde_json::Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}{k:?}:\n{}", to_yaml(v, indent + 2)))
                    }
                    _ => out.push_str(&format!("{pad}{k:?}: {v}\n")),
                }
            }
        }
        serde_json::Value::Array(items) if !items.is_empty() => {
            for item in items {
                let inner = to_yaml(item, indent + 2);
                let inner = inner.trim_start();
                out.push_str(&format!("{pad}- {inner}"));
                if !inner.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
        other => out.push_str(&format!("{pad}{other}\n")),
    }
    out
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);

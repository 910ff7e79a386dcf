//! The fuzz targets' code in the test suite: every input a fuzzer ever crashed on
//! (fuzz/regressions/<target>/) runs again here, and so do the seeds the fuzzers start
//! from (the example workspace), so the bodies themselves stay correct.

use std::path::Path;

#[path = "../fuzz/targets.rs"]
mod targets;

/// Runs `body` on every file of fuzz/regressions/`target`/.
fn replay(target: &str, body: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    // Git keeps no empty folder: a target that never crashed has none.
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let data = std::fs::read(entry.path()).expect("read");
        body(&data);
    }
}

#[test]
fn every_flow_crash_found_stays_fixed() {
    replay("flow", targets::flow);
    for path in &targets::workspace().flow_paths {
        targets::flow(&std::fs::read(path).expect("example flow"));
    }
}

#[test]
fn every_workspace_crash_found_stays_fixed() {
    replay("workspace", targets::workspace_files);
    let ex = targets::examples();
    let parts: Vec<String> = [
        ex.join("systems.ron"),
        ex.join("../assets/policy/default.ron"),
        ex.join("value_maps.ron"),
        ex.join("../assets/connectors/crm.ron"),
        ex.join("samples/sales_crm/Account.ron"),
    ]
    .iter()
    .map(|p| std::fs::read_to_string(p).expect("example file"))
    .collect();
    targets::workspace_files(parts.join("\0").as_bytes());
}

#[test]
fn every_formula_crash_found_stays_fixed() {
    replay("formula", targets::formula);
    for text in [
        "IF(Amount > 10000, UPPER(TRIM(Name)), LOWER(Name))",
        "LOOKUP(StageName, \"stage_to_status\", \"Open\")",
        "ADDDAYS(CloseDate, 14) & \" \" & TEXT(Amount * 1.2)",
        "((((((((((1))))))))))",
    ] {
        targets::formula(text.as_bytes());
    }
}

//! Profiling helper: evaluates the 20-field benchmark mapping on one opportunity record
//! 200,000 times (`perf record target/release/examples/profile_map`).
use std::collections::HashMap;
use std::path::Path;

use switchboard::formula::{Env, Inputs, SchemaScope, analyze};
use switchboard::workspace::Workspace;

const MAPPING: [&str; 20] = [
    "UPPER(TRIM(Name))",
    "LEFT(AccountId, 15)",
    "StageName = \"Closed Won\"",
    "ROUND(Amount * 1.19, 2)",
    "FORMAT_DATE(CloseDate, \"yyyy-MM-dd\")",
    "ADDDAYS(CloseDate, 30)",
    "IF(Amount > 10000, \"Key\", \"Standard\")",
    "LOOKUP(StageName, \"opportunity_stage_to_order_status\", \"Open\")",
    "BLANKVALUE(PurchaseOrderNumber, \"n/a\")",
    "Probability / 100",
    "LOWER(CurrencyIsoCode)",
    "Type & \" / \" & LeadSource",
    "YEAR(CloseDate)",
    "SUM(LineItems.TotalPrice)",
    "COUNT(LineItems)",
    "IF(IsWon, \"Won\", \"Open\")",
    "TEXT(Amount, \"#,##0.00\")",
    "SUBSTITUTE(Name, \" - \", \": \")",
    "DAYS_BETWEEN(CloseDate, BLANKVALUE(RequestedDeliveryDate, CloseDate))",
    "CASE(ForecastCategory, \"Commit\", 1, \"Best Case\", 2, 3)",
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows");
    let ws = Workspace::load(&root).expect("example workspace");
    let fields = &ws.connectors["crm"]
        .object("Opportunity")
        .expect("object")
        .fields;
    let scope = SchemaScope {
        fields,
        nodes: Vec::new(),
    };
    let programs: Vec<_> = MAPPING
        .iter()
        .map(|t| analyze(t, &scope).program().cloned().expect("compiles"))
        .collect();
    let flow = switchboard::store::load_flow(&root.join("opportunity-to-reservation.flow.ron"))
        .expect("flow");
    let record = flow.samples[0].clone();
    let env = Env {
        now: "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("now"),
        tables: &ws.value_maps,
    };
    let nodes = HashMap::new();
    let inputs = Inputs {
        record: &record,
        nodes: &nodes,
    };
    for _ in 0..200_000 {
        for p in &programs {
            std::hint::black_box(p.eval(&inputs, &env).expect("evaluates"));
        }
    }
}

//! Profiling helper for `valgrind --tool=callgrind`: loads a generated 10,000-node flow
//! once with ron alone (`ron`) or through `parse_flow` (default).
fn main() {
    let flow = switchboard::model::synthetic::flow(10_000);
    let text = switchboard::store::flow_to_string(&flow).expect("serializes");
    if std::env::args().any(|a| a == "ron") {
        let f: switchboard::model::Flow = ron::from_str(&text).expect("parses");
        std::hint::black_box(f);
    } else {
        let f = switchboard::store::parse_flow(std::path::Path::new("x"), &text).expect("parses");
        std::hint::black_box(f);
    }
}

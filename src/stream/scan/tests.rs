//! The scanner against serde_json: what one accepts the other accepts, and reads the same.

use super::*;
use crate::model::Record;

/// Takes every member.
struct All(Record, String);

impl Members for All {
    fn wants(&mut self, _: usize, key: Key<'_>) -> bool {
        let Key::Other(key) = key else {
            unreachable!("All expects no key")
        };
        self.1 = key.to_owned();
        true
    }
    fn value(&mut self, value: Raw<'_>) -> Result<(), String> {
        self.0
            .insert(std::mem::take(&mut self.1), value.into_value()?);
        Ok(())
    }
}

/// Takes none.
struct Nothing;

impl Members for Nothing {
    fn wants(&mut self, _: usize, _: Key<'_>) -> bool {
        false
    }
    fn value(&mut self, _: Raw<'_>) -> Result<(), String> {
        Ok(())
    }
}

fn scanned(line: &str) -> Result<Record, String> {
    let mut all = All(Record::new(), String::new());
    scan_object(line, &mut all)
        .map(|()| all.0)
        .map_err(|e| e.to_string())
}

/// The reference: serde_json reading the line as a record, as `model::Value`
/// deserialises (numbers exact); valid JSON that is not an object is refused as such.
fn serde(line: &str) -> Result<Record, String> {
    let any: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    if !any.is_object() {
        return Err(LineError::NotAnObject.to_string());
    }
    serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))
}

#[test]
fn lines_read_as_serde_json_reads_them() {
    for line in [
        r#"{}"#,
        r#" { "a" : 1 , "b":-0.50,"c":"x\"y\n\u00e9\ud83d\ude00","d":null,"e":[true,false,[]],"f":{"g":12345678901234567.5,"h":{}}} "#,
        r#"{"n":1e3,"m":-0,"k":99999999999999999999,"s":"\/\b\f\r\t","t":"Zürich – ✓"}"#,
        r#"{"a":1,"a":2}"#,
    ] {
        assert_eq!(scanned(line), serde(line), "{line}");
        assert_eq!(scan_object(line, &mut Nothing), Ok(()), "{line}");
    }
}

#[test]
fn what_serde_json_refuses_is_refused_and_located() {
    for (line, column) in [
        ("", 1),
        ("{", 2),
        (r#"{"a"}"#, 5),
        (r#"{"a":}"#, 6),
        (r#"{"a":1,}"#, 8),
        (r#"{"a":01}"#, 7),
        (r#"{"a":1.}"#, 8),
        (r#"{"a":-}"#, 7),
        (r#"{"a":tru}"#, 6),
        (r#"{"a":"x"} x"#, 11),
        (r#"{"a":"\x"}"#, 8),
        (r#"{"a":"\ud800"}"#, 13),
        (r#"{"a":"\u12"}"#, 9),
        ("{\"a\":\"tab\there\"}", 10),
        (r#"{"a":[1,2}"#, 10),
        (r#"{"a":{"b" 1}}"#, 11),
        (r#"{"a":"unterminated}"#, 20),
    ] {
        assert!(serde(line).is_err(), "serde_json takes {line}");
        let ours = scan_object(line, &mut Nothing).expect_err(line);
        assert!(
            matches!(ours, LineError::NotJson { column: at, .. } if at == column),
            "{line}: {ours}"
        );
    }
    for not_object in ["[1]", "\"a\"", "12", "null"] {
        assert_eq!(
            scan_object(not_object, &mut Nothing),
            Err(LineError::NotAnObject)
        );
        assert_eq!(serde(not_object), Err(LineError::NotAnObject.to_string()));
    }
    // A value's own rule is named, at the value.
    let twice = r#"{"a":{"b":1,"b":2}}"#;
    assert!(serde(twice).is_err());
    assert_eq!(
        scan_object(twice, &mut All(Record::new(), String::new())).map_err(|e| e.to_string()),
        Err("not valid JSON: the field `b` appears twice at column 6".to_owned())
    );
    let deep = format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200));
    assert!(serde(&deep).is_err());
    assert!(scan_object(&deep, &mut Nothing).is_err());
}

#[test]
fn names_compare_equal_exactly_when_their_bytes_do() {
    for n in 0..40 {
        let a: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
        assert!(same_bytes(&a, &a.clone()), "{n}");
        for at in 0..n {
            let mut b = a.clone();
            b[at] = b'#';
            assert!(!same_bytes(&a, &b), "{n}: differs at {at}");
        }
        assert!(!same_bytes(&a, &a[..n.saturating_sub(1)]) || n == 0);
    }
}

proptest::proptest! {
    /// Any line — JSON built from parts, or JSON with a byte changed — is accepted
    /// exactly when serde_json accepts it, and then reads the same.
    #[test]
    fn agrees_with_serde_json(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "{", "}", "[", "]", ",", ":", " ", "\"a\"", "\"b\\n\"", "\"\\u00e9\"",
                "1", "-2.5", "1e3", "0", "01", "true", "null", "nul", "\"", "\\", "x",
                "{\"k\":", "\"v\"}", "[1,2]", "{}", "\t",
            ]),
            0..12,
        )
    ) {
        let line = parts.concat();
        let ours = scanned(&line);
        let theirs = serde(&line);
        proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} {:?} {:?}", line, ours, theirs);
        if let (Ok(a), Ok(b)) = (ours, theirs) {
            proptest::prop_assert_eq!(a, b);
        }
    }
}

/// `json` with white space around every `{ } [ ] : ,` outside text.
fn spaced_out(json: &str) -> String {
    let (mut out, mut in_text, mut escaped) = (String::new(), false, false);
    for c in json.chars() {
        let structural = !in_text && matches!(c, '{' | '}' | '[' | ']' | ':' | ',');
        if structural {
            out.push_str(" \t");
        }
        out.push(c);
        if structural {
            out.push_str("\n\r ");
        }
        match c {
            _ if escaped => escaped = false,
            '\\' if in_text => escaped = true,
            '"' => in_text = !in_text,
            _ => {}
        }
    }
    out
}

fn json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "[a-z\"\\\n\u{e9}\u{1F600} ]{0,6}".prop_map(serde_json::Value::from),
        "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,8})?([eE][+-]?[0-9]{1,2})?"
            .prop_map(|n| { serde_json::from_str(&n).unwrap_or(serde_json::Value::Null) }),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
            proptest::collection::btree_map("[a-c]{1,2}", inner, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest::proptest! {
    /// Real JSON objects read as serde_json reads them; with one byte changed, they
    /// are refused exactly when serde_json refuses them.
    #[test]
    fn agrees_with_serde_json_on_objects(
        members in proptest::collection::btree_map("[A-Za-z]{1,8}", json(), 0..8),
        at in proptest::prelude::any::<proptest::sample::Index>(),
        byte in proptest::sample::select(b"{}[],:\"\\ 0-.eEtfnu\n".to_vec()),
    ) {
        let object = serde_json::Value::Object(members.into_iter().collect());
        let line = serde_json::to_string(&object).unwrap_or_default();
        let (ours, theirs) = (scanned(&line), serde(&line));
        proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} {:?} {:?}", line, ours, theirs);
        if let (Ok(a), Ok(b)) = (ours, theirs) {
            proptest::prop_assert_eq!(a, b);
        }
        // The same object with white space wherever JSON allows it.
        let spaced = spaced_out(&line);
        let (ours, theirs) = (scanned(&spaced), serde(&spaced));
        proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} {:?} {:?}", spaced, ours, theirs);
        if let (Ok(a), Ok(b)) = (ours, theirs) {
            proptest::prop_assert_eq!(a, b);
        }
        let mut bytes = line.into_bytes();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        if let Ok(changed) = String::from_utf8(bytes) {
            let ours = scanned(&changed);
            let theirs = serde(&changed);
            proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} {:?} {:?}", changed, ours, theirs);
            if let (Ok(a), Ok(b)) = (ours, theirs) {
                proptest::prop_assert_eq!(a, b);
            }
        }
    }
}

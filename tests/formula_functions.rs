//! The function library: every function's example (shown in the editor) gives what its
//! entry says; spreadsheet edge cases behave as in Excel and LibreOffice Calc.

use std::collections::{BTreeMap, HashMap};

use switchboard::formula::functions::catalogue;
use switchboard::formula::{Env, Inputs, LookupTables, SchemaScope, Value, analyze};
use switchboard::model::Record;

fn tables() -> LookupTables {
    BTreeMap::from([(
        "opportunity_stage_to_order_status".to_owned(),
        BTreeMap::from([("Closed Won".to_owned(), "Released".to_owned())]),
    )])
}

/// Evaluates a formula with no fields, on the pinned clock of the examples.
pub fn eval(text: &str) -> Result<Value, String> {
    let scope = SchemaScope {
        fields: &[],
        nodes: Vec::new(),
    };
    let analysis = analyze(text, &scope);
    let Some(program) = analysis.program() else {
        return Err(format!("check: {:?}", analysis.problems));
    };
    let tables = tables();
    let env = Env {
        now: "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("pinned now"),
        tables: &tables,
    };
    let record = Record::new();
    let nodes = HashMap::new();
    program
        .eval(
            &Inputs {
                record: &record,
                nodes: &nodes,
            },
            &env,
        )
        .map_err(|e| e.message)
}

fn shows(text: &str) -> String {
    match eval(text) {
        Ok(v) => v.to_string(),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn every_example_gives_what_its_entry_says() {
    let all = catalogue();
    assert!(all.len() >= 60, "{} functions", all.len());
    let mut failures = Vec::new();
    for f in &all {
        assert!(
            f.example.to_uppercase().contains(&format!("{}(", f.name)),
            "{}'s example calls it",
            f.name
        );
        assert!(f.signature.starts_with(f.name) && !f.doc.is_empty());
        let got = shows(f.example);
        if got != f.gives {
            failures.push(format!(
                "{}: {} gave {got}, its entry says {}",
                f.name, f.example, f.gives
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn function_names_are_case_insensitive() {
    assert_eq!(shows("upper(\"a\")"), "\"A\"");
    assert_eq!(shows("Len(\"abc\")"), "3");
}

#[test]
fn text_edge_cases_match_spreadsheets() {
    assert_eq!(shows("MID(\"abc\", 5, 2)"), "\"\"");
    assert_eq!(shows("MID(\"abc\", 2, 10)"), "\"bc\"");
    assert!(shows("MID(\"abc\", 0, 1)").starts_with("error: MID: the start must be 1"));
    assert_eq!(shows("LEFT(\"abc\", 10)"), "\"abc\"");
    assert_eq!(shows("LEFT(\"abc\")"), "\"a\"");
    assert_eq!(shows("LEFT(\"abc\", 1.9)"), "\"a\"");
    assert!(shows("LEFT(\"abc\", -1)").starts_with("error"));
    assert_eq!(shows("RIGHT(\"abc\", 0)"), "\"\"");
    assert_eq!(shows("FIND(\"b\", \"abcb\", 3)"), "4");
    assert!(shows("FIND(\"B\", \"abc\")").contains("not found"));
    assert_eq!(shows("SUBSTITUTE(\"a-b-c\", \"-\", \"+\", 2)"), "\"a-b+c\"");
    assert_eq!(shows("SUBSTITUTE(\"abc\", \"\", \"x\")"), "\"abc\"");
    assert_eq!(shows("REPLACE(\"abc\", 5, 1, \"Z\")"), "\"abcZ\"");
    assert_eq!(shows("TRIM(BLANK())"), "\"\"");
    assert_eq!(shows("PROPER(\"2-way street\")"), "\"2-Way Street\"");
    assert_eq!(shows("LEN(BLANK())"), "0");
    assert_eq!(shows("\"a\" = \"A\""), "TRUE");
    assert_eq!(shows("LPAD(\"abcdef\", 3)"), "\"abc\"");
    assert_eq!(shows("1.50 & \"\""), "\"1.5\"");
    assert_eq!(shows("TRUE & \"\""), "\"TRUE\"");
}

#[test]
fn number_edge_cases_match_spreadsheets() {
    assert_eq!(shows("0.1 + 0.2"), "0.3");
    assert_eq!(shows("ROUND(2.5, 0)"), "3");
    assert_eq!(shows("ROUND(-2.5, 0)"), "-3");
    assert_eq!(shows("ROUND(1250, -2)"), "1300");
    assert_eq!(shows("ROUND(0.125, 2)"), "0.13");
    assert_eq!(shows("ROUNDUP(-1.21, 1)"), "-1.3");
    assert_eq!(shows("FLOOR(2.5, 2)"), "2");
    assert_eq!(shows("FLOOR(-2.5, -2)"), "-2");
    assert!(shows("FLOOR(2.5, -2)").contains("#NUM!"));
    assert_eq!(shows("CEILING(-2.5, 2)"), "-2");
    assert_eq!(shows("CEILING(-2.5, -2)"), "-4");
    assert_eq!(shows("MOD(3, -2)"), "-1");
    assert_eq!(shows("MOD(-3.5, 2)"), "0.5");
    assert!(shows("MOD(1, 0)").contains("#DIV/0!"));
    assert!(shows("1 / 0").contains("#DIV/0!"));
    assert!(shows("0 ^ 0").contains("#NUM!"));
    assert_eq!(shows("-2 ^ 2"), "4");
    assert_eq!(shows("2 ^ 3 ^ 2"), "64");
    assert_eq!(shows("2 ^ -1"), "0.5");
    assert_eq!(shows("50%"), "0.5");
    assert_eq!(shows("BLANK() + 1"), "1");
    assert_eq!(shows("MAX(BLANK())"), "0");
    assert!(shows("MAX()").contains("MAX takes at least 1 argument, not 0"));
    assert_eq!(shows("MIN(5, BLANK(), 7)"), "5");
    assert_eq!(shows("TEXT(0.256, \"0.0%\")"), "\"25.6%\"");
    assert_eq!(shows("TEXT(-1234.567, \"$#,##0.00\")"), "\"-$1,234.57\"");
    assert_eq!(shows("TEXT(5, \"000\")"), "\"005\"");
    assert_eq!(shows("TEXT(0.5, \"#.##\")"), "\".5\"");
    // Excel's years and numbers: a year below 1900 counts from 1900; a date is a number.
    assert_eq!(shows("DATE(99, 1, 1)"), "1999-01-01");
    assert_eq!(shows("DATE(2024, 3, 5)"), "2024-03-05");
    assert!(
        shows("DATE(-1, 1, 1)").contains("#NUM!"),
        "{}",
        shows("DATE(-1, 1, 1)")
    );
    assert_eq!(shows("ISNUMBER(DATE(2024, 3, 5))"), "TRUE");
    assert_eq!(shows("ISNUMBER(\"12\")"), "FALSE");
    // Dates take the spreadsheet's codes: mm is the month here (it was read as minutes).
    assert_eq!(
        shows("TEXT(DATE(2024,3,5), \"yyyy-mm-dd\")"),
        "\"2024-03-05\""
    );
    assert_eq!(
        shows("TEXT(DATE(2024,3,5), \"dddd, mmmm d\")"),
        "\"Tuesday, March 5\""
    );
    assert_eq!(shows("VALUE(\"  -12.5 \")"), "-12.5");
    assert_eq!(shows("VALUE(\"12%\")"), "0.12");
    assert!(shows("VALUE(\"twelve\")").contains("is not a number (#VALUE!)"));
    assert_eq!(shows("SQRT(16)"), "4");
    assert!(shows("SQRT(-1)").contains("#NUM!"));
}

#[test]
fn date_edge_cases_match_spreadsheets() {
    assert_eq!(shows("DATE(2026, 2, 29)"), "2026-03-01");
    assert_eq!(shows("DATE(2026, 0, 1)"), "2025-12-01");
    assert_eq!(shows("DATE(2026, 3, 0)"), "2026-02-28");
    assert_eq!(shows("ADDMONTHS(DATE(2024, 2, 29), 12)"), "2025-02-28");
    assert_eq!(shows("ADDMONTHS(DATE(2026, 3, 31), -1)"), "2026-02-28");
    assert_eq!(shows("DATE(2026, 12, 25) - DATE(2026, 11, 22)"), "33");
    assert_eq!(shows("DATE(2026, 11, 22) + 10"), "2026-12-02");
    assert_eq!(shows("WEEKDAY(DATE(2026, 11, 22), 2)"), "7");
    assert_eq!(shows("WEEKDAY(DATE(2026, 11, 22), 3)"), "6");
    assert_eq!(
        shows("FORMAT_DATE(DATE(2026, 1, 5), \"dd.MM.yy 'KW'\")"),
        "\"05.01.26 KW\""
    );
    assert_eq!(
        shows("FORMAT_DATE(DATETIMEVALUE(\"2026-11-20T21:05:09-05:00\"), \"h:mm:ss a XXX\")"),
        "\"9:05:09 PM -05:00\""
    );
    assert_eq!(shows("FORMAT_DATE(TODAY(), \"MMMM\")"), "\"November\"");
    assert_eq!(shows("DATEVALUE(\"\")"), "BLANK()");
    assert!(shows("DATEVALUE(\"20/11/2026\")").contains("is not a date"));
    assert!(shows("CONVERT_TZ(NOW(), \"Mars/Olympus\")").contains("not a time zone"));
    assert_eq!(
        shows("CONVERT_TZ(DATETIMEVALUE(\"2026-07-01T12:00:00Z\"), \"America/New_York\")"),
        "2026-07-01T08:00:00-04:00"
    );
    assert_eq!(
        shows("NOW() - DATETIMEVALUE(\"2026-11-21T09:30:00-05:00\")"),
        "1"
    );
    assert_eq!(shows("TODAY() = DATE(2026, 11, 22)"), "TRUE");
}

#[test]
fn logic_is_lazy_where_spreadsheets_are() {
    assert_eq!(shows("IF(TRUE, 1, 1 / 0)"), "1");
    assert_eq!(shows("IF(FALSE, 1)"), "BLANK()");
    assert_eq!(shows("AND(FALSE, 1 / 0 > 1)"), "FALSE");
    assert_eq!(shows("OR(TRUE, 1 / 0 > 1)"), "TRUE");
    assert_eq!(shows("IFERROR(1 / 0, -1)"), "-1");
    assert!(shows("IFS(FALSE, 1)").contains("#N/A"));
    assert!(shows("CASE(\"x\", \"a\", 1, \"b\", 2)").contains("#N/A"));
    assert_eq!(shows("CASE(\"B\", \"a\", 1, \"b\", 2)"), "2");
    assert_eq!(shows("BLANK() = 0"), "TRUE");
    assert_eq!(shows("BLANK() = \"\""), "TRUE");
    assert_eq!(shows("ISBLANK(\" \")"), "FALSE");
    assert!(
        shows("LOOKUP(\"Prospecting\", \"opportunity_stage_to_order_status\")")
            .contains("no entry for \"Prospecting\"")
    );
    assert_eq!(
        shows("LOOKUP(\"Prospecting\", \"opportunity_stage_to_order_status\", \"Open\")"),
        "\"Open\""
    );
}

#[test]
fn errors_inside_arguments_keep_their_own_place() {
    let scope = SchemaScope {
        fields: &[],
        nodes: Vec::new(),
    };
    let text = "UPPER(LEFT(\"abc\", -1))";
    let analysis = analyze(text, &scope);
    let program = analysis.program().expect("checks");
    let tables = tables();
    let env = Env {
        now: "2026-11-22T09:30:00-05:00[America/New_York]"
            .parse()
            .expect("now"),
        tables: &tables,
    };
    let (record, nodes) = (Record::new(), HashMap::new());
    let e = program
        .eval(
            &Inputs {
                record: &record,
                nodes: &nodes,
            },
            &env,
        )
        .expect_err("fails");
    assert_eq!(&text[e.span.clone()], "LEFT(\"abc\", -1)");
    assert!(
        e.message
            .starts_with("LEFT: the number of characters cannot be negative")
    );
}

/// Upper case as Excel writes it: ß stays ß.
fn excel_upper(s: &str) -> String {
    s.split('ß')
        .map(str::to_uppercase)
        .collect::<Vec<_>>()
        .join("ß")
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}

proptest::proptest! {
    /// Text functions give the same result whether their text is written in the formula
    /// (borrowed) or computed by an inner function (which they may reuse in place), and
    /// the result Rust's own string functions give.
    #[test]
    fn text_functions_agree_on_borrowed_and_computed_text(
        s in "[a ßΣς-]{0,12}",
        old in "[a -]{1,3}",
        new in "[b,]{0,2}",
        n in 0usize..14,
    ) {
        let words: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
        let left: String = s.chars().take(n).collect();
        for (formula, expected) in [
            ("UPPER(#)".to_owned(), excel_upper(&s)),
            ("LOWER(#)".to_owned(), s.to_lowercase()),
            ("TRIM(#)".to_owned(), words.join(" ")),
            (format!("LEFT(#, {n})"), left),
            (format!("SUBSTITUTE(#, \"{old}\", \"{new}\")"), s.replace(&old, &new)),
            (format!("UPPER(LEFT(TRIM(#), {n}))"), words.join(" ").chars().take(n).collect::<String>().as_str().pipe(excel_upper)),
        ] {
            let borrowed = eval(&formula.replace('#', &format!("\"{s}\"")));
            let computed = eval(&formula.replace('#', &format!("(\"{s}\" & \"\")")));
            proptest::prop_assert_eq!(&borrowed, &Ok(Value::Text(expected)), "{}", formula);
            proptest::prop_assert_eq!(&computed, &borrowed, "{}", formula);
        }
    }
}

/// Issue 19's examples, as a spreadsheet gives them.
#[test]
fn spreadsheet_habits_work_as_in_a_spreadsheet() {
    for (formula, gives) in [
        ("IF(TRUE,)", "0"),
        ("IF(FALSE,1,)", "0"),
        ("CONCATENATE(\"a\",,\"b\")", "\"ab\""),
        ("CEILING.MATH(-5.5, 2)", "-4"),
        ("floor.math(5.5)", "5"),
        ("1/3*3 = 1", "TRUE"),
        ("INT(1/3*3)", "1"),
        ("TRUNC(2/3*3)", "2"),
        ("\"x\" & 1/3", "\"x0.333333333333333\""),
        ("TEXT(1/3)", "\"0.333333333333333\""),
        ("UPPER(123)", "\"123\""),
        ("\"3\" + 4", "7"),
        ("IF(1, \"yes\", \"no\")", "\"yes\""),
        ("DAY(45352)", "1"),
        ("LEN(TRUE)", "4"),
        ("DATEVALUE(\"3/15/2024\")", "2024-03-15"),
        ("VALUE(\"(100)\")", "-100"),
        ("VALUE(\"1,234.5\")", "1234.5"),
        ("VALUE(\"12%\")", "0.12"),
        ("ISNA(NA())", "TRUE"),
        ("IFNA(1/0, 0)", "error: division by zero (#DIV/0!)"),
        ("ISERR(1/0)", "TRUE"),
        ("ISNUMBER(1/0)", "FALSE"),
        ("SEARCH(\"w*d\", \"Hello World\")", "7"),
        (
            "TEXT(45352.75, \"yyyy-mm-dd hh:mm\")",
            "\"2024-03-01 18:00\"",
        ),
        ("TEXT(-5, \"0;(0);\"\"zero\"\"\")", "\"(5)\""),
        (
            "ADDMONTHS(DATE(2024, 1, 31), 1) = EDATE(DATE(2024, 1, 31), 1)",
            "TRUE",
        ),
        ("UPPER(\"straße\")", "\"STRAßE\""),
    ] {
        assert_eq!(shows(formula), gives, "{formula}");
    }
    // Where Excel gives #VALUE!, so do we: here the text is computed, so the check lets it
    // through and the run says it.
    assert!(
        shows("(\"abc\" & \"\") + 1").ends_with("is not a number (#VALUE!)"),
        "{}",
        shows("(\"abc\" & \"\") + 1")
    );
}

/// A Date cannot hold a time of day: moving it by a fraction is said, not quietly cut to
/// whole days (it was: `DATE(2024,3,5) + TIME(14,30,0)` came out at midnight).
#[test]
fn a_date_plus_a_fraction_of_a_day_is_said_not_cut() {
    assert_eq!(shows("DATE(2024, 3, 5) + 2"), "2024-03-07");
    assert_eq!(shows("DATE(2024, 3, 5) - 1"), "2024-03-04");
    let said = shows("DATE(2024, 3, 5) + TIME(14, 30, 0)");
    assert!(said.contains("a Date has no time of day"), "{said}");
    assert!(shows("DATE(2024, 3, 5) - 0.5").contains("#VALUE!"));
}

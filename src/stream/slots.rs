//! Reading JSON lines straight into a compiled map's slots, the fast way into a mapping:
//! only the fields the formulas read are decoded, each as the type they read it as.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use super::scan::{Key, LineError, Members, Raw, scan_object};
use super::text::needs_no_escape;
use crate::formula::eval::Slot;
use crate::formula::value::parse_date;
use crate::formula::{Type, Value as FormulaValue};

/// Reads JSON lines straight into a compiled map's slots: each field the formulas read
/// is decoded as the type they read it as, and every other field is skipped without
/// building a value. Exports write their fields in the same order on every line, so the
/// reader hands the scanner the previous line's names to expect, and only looks a name
/// up when it is not the one expected. Text slots keep their buffers from line to line.
pub struct SlotReader {
    types: Vec<Type>,
    /// Each name read, with its slots (a name read as two types has two).
    names: Vec<(String, SmallVec<[usize; 1]>)>,
    by_name: FxHashMap<String, usize>,
    /// The previous line's names, in order: each with its entry in `names` if read, and
    /// whether it can be expected as bytes.
    order: Vec<Expected>,
    /// Which slots the line being read has filled.
    filled: Filled,
    /// For each entry in `names` read into one slot, how its usual values go there (see
    /// [`Quick`]); `None` for a name read as two types.
    quick: Vec<Option<Quick>>,
}

/// A name read into one slot, and how the values an export usually holds for it go there
/// without the general conversion (anything else takes it).
#[derive(Clone, Copy)]
struct Quick {
    slot: usize,
    kind: QuickKind,
}

#[derive(Clone, Copy)]
enum QuickKind {
    /// Text kept as it is, copied into the slot's buffer; `keeps_empty` when empty text
    /// stays text (a Text slot) rather than becoming blank.
    Text { keeps_empty: bool },
    /// `2026-11-20`.
    Date,
    /// A whole number.
    Number,
    /// True, false and null, which every type reads the same way.
    Other,
}

/// Which slots a line has filled, and how many it has not.
#[derive(Default)]
struct Filled {
    marks: Vec<bool>,
    missing: usize,
}

impl Filled {
    fn reset(&mut self, slots: usize) {
        self.marks.clear();
        self.marks.resize(slots, false);
        self.missing = slots;
    }

    #[inline]
    fn mark(&mut self, slot: usize) {
        if let Some(mark) = self.marks.get_mut(slot)
            && !*mark
        {
            *mark = true;
            self.missing -= 1;
        }
    }
}

/// A name seen at some place on the previous line.
struct Expected {
    name: String,
    entry: Option<usize>,
    plain: bool,
}

impl SlotReader {
    /// A reader for the slots of [`crate::formula::preview::CompiledMap::slots`].
    pub fn new(slots: &[(String, Type)]) -> SlotReader {
        let mut by_name = FxHashMap::default();
        let mut names: Vec<(String, SmallVec<[usize; 1]>)> = Vec::new();
        for (i, (name, _)) in slots.iter().enumerate() {
            let entry = *by_name.entry(name.clone()).or_insert_with(|| {
                names.push((name.clone(), SmallVec::new()));
                names.len() - 1
            });
            names[entry].1.push(i);
        }
        let quick = names
            .iter()
            .map(|(_, indices)| match indices.as_slice() {
                &[slot] => Some(Quick {
                    slot,
                    kind: match &slots[slot].1 {
                        Type::Text => QuickKind::Text { keeps_empty: true },
                        Type::Date => QuickKind::Date,
                        Type::Number | Type::Integer | Type::Currency => QuickKind::Number,
                        ty if FormulaValue::keeps_text(ty) => {
                            QuickKind::Text { keeps_empty: false }
                        }
                        _ => QuickKind::Other,
                    },
                }),
                _ => None,
            })
            .collect();
        SlotReader {
            types: slots.iter().map(|(_, ty)| ty.clone()).collect(),
            names,
            by_name,
            order: Vec::new(),
            filled: Filled::default(),
            quick,
        }
    }

    /// Fills `slots` from one JSON object; a field the line does not have is blank.
    pub fn read(&mut self, line: &str, slots: &mut Vec<Slot>) -> Result<(), LineError> {
        if slots.len() != self.types.len() {
            slots.resize(self.types.len(), Ok(FormulaValue::Blank));
        }
        self.filled.reset(slots.len());
        scan_object(
            line,
            &mut Filling {
                reader: self,
                slots,
                entry: None,
            },
        )?;
        // Usually every field is there.
        if self.filled.missing > 0 {
            for (slot, _) in slots
                .iter_mut()
                .zip(&self.filled.marks)
                .filter(|(_, f)| !**f)
            {
                *slot = Ok(FormulaValue::Blank);
            }
        }
        Ok(())
    }

    /// The entry in `names` of the `position`-th name of a line, `key`, remembered as the
    /// name to expect there next time. Once per place on the first line, and again only
    /// where a line's names differ from the line before.
    #[cold]
    fn entry_of(&mut self, position: usize, key: &str) -> Option<usize> {
        let entry = self.by_name.get(key).copied();
        self.order.truncate(position);
        self.order.push(Expected {
            name: key.to_owned(),
            entry,
            plain: needs_no_escape(key),
        });
        entry
    }
}

/// A line's members going into slots.
struct Filling<'r> {
    reader: &'r mut SlotReader,
    slots: &'r mut [Slot],
    /// The entry in `names` of the member just wanted.
    entry: Option<usize>,
}

impl Members for Filling<'_> {
    #[inline]
    fn expected_key(&self, position: usize) -> Option<&str> {
        let expected = self.reader.order.get(position)?;
        expected.plain.then_some(expected.name.as_str())
    }

    #[inline]
    fn wants(&mut self, position: usize, key: Key<'_>) -> bool {
        self.entry = match key {
            Key::AsExpected => self.reader.order.get(position).and_then(|e| e.entry),
            Key::Other(key) => self.reader.entry_of(position, key),
        };
        self.entry.is_some()
    }

    // Inlined into the scanner's member loop, which calls it for every value read.
    #[inline(always)]
    fn value(&mut self, value: Raw<'_>) -> Result<(), String> {
        let Some(entry) = self.entry else {
            return Ok(());
        };
        let Some(&Some(Quick { slot, kind })) = self.reader.quick.get(entry) else {
            return self.convert(entry, value);
        };
        let Some(held) = self.slots.get_mut(slot) else {
            return self.convert(entry, value);
        };
        if let Raw::Text(text) = &value {
            if !fill_text(held, kind, text) {
                return self.convert(entry, value);
            }
        } else {
            match (&value, kind, held) {
                // The last line's value of the same kind is overwritten where it is: assigning
                // the whole slot would first drop whatever it held, through a call.
                (Raw::Number(digits), QuickKind::Number, held)
                    if let Ok(whole) = digits.parse::<i64>() =>
                {
                    match held {
                        Ok(FormulaValue::Number(kept)) => *kept = whole.into(),
                        held => *held = Ok(FormulaValue::Number(whole.into())),
                    }
                }
                (Raw::Bool(b), _, held) => match held {
                    Ok(FormulaValue::Bool(kept)) => *kept = *b,
                    held => *held = Ok(FormulaValue::Bool(*b)),
                },
                (Raw::Null, _, held) => *held = Ok(FormulaValue::Blank),
                // Anything else, or a value that is not what the slot reads, whose message
                // the general way words: there.
                _ => return self.convert(entry, value),
            }
        }
        self.reader.filled.mark(slot);
        Ok(())
    }

    // Text without escapes, most of what is read: no `Raw` to build and drop.
    #[inline(always)]
    fn text(&mut self, text: &str) -> Result<(), String> {
        let Some(entry) = self.entry else {
            return Ok(());
        };
        if let Some(&Some(Quick { slot, kind })) = self.reader.quick.get(entry)
            && let Some(held) = self.slots.get_mut(slot)
            && fill_text(held, kind, text)
        {
            self.reader.filled.mark(slot);
            return Ok(());
        }
        self.convert(entry, Raw::Text(Cow::Borrowed(text)))
    }
}

/// Text into a slot the quick way, if its kind has one: kept as it is in a slot that
/// keeps it (copied over the last line's text), or a `2026-11-20` date. False leaves the
/// slot to the general conversion.
#[inline(always)]
fn fill_text(held: &mut Slot, kind: QuickKind, text: &str) -> bool {
    match (kind, held) {
        (QuickKind::Text { keeps_empty }, Ok(FormulaValue::Text(kept)))
            if keeps_empty || !text.is_empty() =>
        {
            kept.clear();
            kept.push_str(text);
            true
        }
        (QuickKind::Date, held) => match parse_date(text) {
            // The last line's date is overwritten where it is (see `value`).
            Some(date) => {
                match held {
                    Ok(FormulaValue::Date(kept)) => *kept = date,
                    held => *held = Ok(FormulaValue::Date(date)),
                }
                true
            }
            None => false,
        },
        _ => false,
    }
}

impl Filling<'_> {
    /// Any value into every slot of `entry`, as [`FormulaValue::from_record_value`] reads it.
    fn convert(&mut self, entry: usize, value: Raw<'_>) -> Result<(), String> {
        let Some((name, slots)) = self.reader.names.get(entry) else {
            return Ok(());
        };
        let named = |e: String| format!("{name}: {e}");
        match value {
            Raw::Text(text) => {
                for &i in slots {
                    self.slots[i] =
                        FormulaValue::from_text(&text, &self.reader.types[i]).map_err(named);
                }
            }
            other => {
                let value = other.into_value()?;
                for &i in slots {
                    self.slots[i] = FormulaValue::from_record_value(&value, &self.reader.types[i])
                        .map_err(named);
                }
            }
        }
        for &i in slots {
            self.reader.filled.mark(i);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::record::record_from_json;
    use super::*;

    /// field converted as [`FormulaValue::from_record_value`] does.
    fn expected_slots(line: &str, slots: &[(String, Type)]) -> Result<Vec<Slot>, LineError> {
        let record = record_from_json(line, None)?;
        Ok(slots
            .iter()
            .map(|(name, ty)| match record.get(name) {
                Some(v) => {
                    FormulaValue::from_record_value(v, ty).map_err(|e| format!("{name}: {e}"))
                }
                None => Ok(FormulaValue::Blank),
            })
            .collect())
    }

    #[test]
    fn slots_hold_what_the_whole_record_holds_whatever_the_order_of_the_lines() {
        let slots: Vec<(String, Type)> = [
            ("Amount", Type::Number),
            ("Name", Type::Text),
            ("Close", Type::Date),
            ("Amount", Type::Text),
            ("Won", Type::Boolean),
            ("Tags", Type::List(Box::new(Type::Text))),
            ("Empty", Type::Text),
            ("Empty", Type::Number),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_owned(), t))
        .collect();
        let lines = [
            r#"{"Name":"A \"quoted\" name","Amount":12345678901234567.5,"Close":"2026-11-20","Won":true,"Tags":["a","b"],"Empty":""}"#,
            r#"{"Name":"Same order","Amount":3,"Close":"2026-01-02","Won":false,"Tags":[],"Empty":null}"#,
            r#"{"Won":"yes","Other":{"deep":[1,{"x":"\u00e9"}]},"Amount":"12.50","Name":"\u0041\n"}"#,
            r#"{"Amount":"lots","Close":"someday","Won":"maybe","Name":7}"#,
            r#"{}"#,
            r#"{"Name":"last wins","Name":"second"}"#,
        ];
        let mut reader = SlotReader::new(&slots);
        let mut got = Vec::new();
        for line in lines {
            reader.read(line, &mut got).expect(line);
            assert_eq!(got, expected_slots(line, &slots).expect(line), "{line}");
        }
        assert_eq!(
            got[0],
            Ok(FormulaValue::Blank),
            "a field the last line lacks is blank, not the previous line's"
        );
    }

    proptest::proptest! {
        /// Lines whose names change from one to the next — a name one letter longer or
        /// shorter, the same name escaped, a name with a quote in it, spaces where JSON
        /// allows them — fill the slots as the whole record says, however the previous
        /// line's names mislead the reader.
        #[test]
        fn slots_follow_the_names_of_each_line(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    (
                        proptest::sample::select(vec![
                            r#""Name""#, r#""Names""#, r#""Nam""#, r#""Na\u006de""#,
                            r#""a\"b""#, r#""a\\""#, r#""Close""#, r#""""#, r#""Due""#,
                            r#""Won""#,
                        ]),
                        proptest::sample::select(vec![
                            r#""text""#, r#""""#, "12.50", "null", "true", r#""2026-11-20""#,
                            r#""esc\"aped""#, "[1]", "42", "-7", r#"" 2026-02-30""#,
                        ]),
                        // Spaces around the name, the colon and the value, or none.
                        proptest::sample::select(vec!["", " ", "\t", " \n "]),
                    ),
                    0..5,
                ),
                1..6,
            )
        ) {
            let slots: Vec<(String, Type)> = [
                ("Name", Type::Text),
                ("Names", Type::Any),
                ("a\"b", Type::Text),
                ("a\\", Type::Number),
                ("Close", Type::Date),
                ("Close", Type::Text),
                ("", Type::Text),
                ("Due", Type::Date),
                ("Won", Type::Boolean),
            ]
            .into_iter()
            .map(|(n, t)| (n.to_owned(), t))
            .collect();
            let mut reader = SlotReader::new(&slots);
            let mut got = Vec::new();
            for members in lines {
                let line = format!(
                    "{{{}}}",
                    members
                        .iter()
                        .map(|(k, v, sp)| format!("{sp}{k}{sp}:{sp}{v}{sp}"))
                        .collect::<Vec<_>>()
                        .join(",")
                );
                let expected = expected_slots(&line, &slots);
                let read = reader.read(&line, &mut got).map(|()| got.clone());
                proptest::prop_assert_eq!(read, expected, "{}", line);
            }
        }
    }

    #[test]
    fn slot_reading_refuses_what_record_reading_refuses() {
        let slots = vec![("a".to_owned(), Type::Text)];
        let mut reader = SlotReader::new(&slots);
        let mut got = Vec::new();
        for line in [
            "[1]",
            "not json",
            r#"{"a":"x"} trailing"#,
            r#"{"a":"x","#,
            r#"{"b":[1,}"#,
            "\"a\"",
        ] {
            let ours = reader.read(line, &mut got).expect_err(line);
            let theirs = record_from_json(line, None).expect_err(line);
            // The same kind of refusal; the scanner words its own messages.
            assert_eq!(
                ours == LineError::NotAnObject,
                theirs == LineError::NotAnObject,
                "{line}: {ours} / {theirs}"
            );
        }
    }
}

//! Formula analyses kept from one check to the next. The designer re-checks a flow on
//! every edit, and an edit changes one formula, if any, of the hundreds a large flow
//! holds: the others need not be parsed and type-checked again. An analysis is reused
//! only when the formula's text is the same and every question the checker asked its
//! scope (each field the formula names, the value maps) gets the same answer now. The
//! checker is deterministic, so the same answers mean the same analysis; and a changed
//! input schema, a renamed step or a new value map is noticed without hashing whole
//! schemas.

use rustc_hash::FxHashMap;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

use super::ast::FieldRef;
use super::check::{Analysis, analyze};
use super::scope::{Scope, ScopeField};

/// What a scope answered about one field.
type Answer = Result<ScopeField, (String, Option<String>)>;

/// Analyses by formula text, each with the questions it asked. One per open flow.
#[derive(Default)]
pub struct Memo {
    entries: RefCell<FxHashMap<String, Vec<Entry>>>,
    /// Counts sweeps; an entry remembers the last one before it was used.
    generation: Cell<u64>,
}

struct Entry {
    asked: Asked,
    analysis: Arc<Analysis>,
    used: u64,
}

/// The questions an analysis asked its scope, with the answers.
#[derive(Default)]
struct Asked {
    fields: Vec<(FieldRef, Answer)>,
    /// `None` if it never asked for the value maps.
    value_maps: Option<Option<Vec<String>>>,
}

impl Asked {
    /// Whether `scope` answers every question as it was answered before.
    fn still_holds(&self, scope: &dyn Scope) -> bool {
        self.fields
            .iter()
            .all(|(field, answer)| scope.field(field) == *answer)
            && self
                .value_maps
                .as_ref()
                .is_none_or(|maps| scope.value_maps().map(owned) == *maps)
    }
}

fn owned(names: Vec<&str>) -> Vec<String> {
    names.into_iter().map(str::to_owned).collect()
}

impl Memo {
    /// [`analyze`], or the analysis of an earlier call whose answers still hold.
    pub fn analyze(&self, text: &str, scope: &dyn Scope) -> Arc<Analysis> {
        let now = self.generation.get();
        if let Some(entries) = self.entries.borrow_mut().get_mut(text)
            && let Some(entry) = entries.iter_mut().find(|e| e.asked.still_holds(scope))
        {
            entry.used = now;
            return Arc::clone(&entry.analysis);
        }
        let recording = Recording {
            scope,
            asked: RefCell::default(),
        };
        let analysis = Arc::new(analyze(text, &recording));
        self.entries
            .borrow_mut()
            .entry(text.to_owned())
            .or_default()
            .push(Entry {
                asked: recording.asked.into_inner(),
                analysis: Arc::clone(&analysis),
                used: now,
            });
        analysis
    }

    /// Forgets the analyses not used since the previous sweep (formulas since changed or
    /// deleted), so the memo holds about one flow's worth. Call it after each check.
    pub fn sweep(&self) {
        let now = self.generation.get();
        self.entries.borrow_mut().retain(|_, entries| {
            entries.retain(|e| e.used == now);
            !entries.is_empty()
        });
        self.generation.set(now + 1);
    }

    /// How many analyses it holds.
    pub fn len(&self) -> usize {
        self.entries.borrow().values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A scope that notes down what it was asked and what it answered.
struct Recording<'s> {
    scope: &'s dyn Scope,
    asked: RefCell<Asked>,
}

impl Scope for Recording<'_> {
    fn field(&self, field: &FieldRef) -> Answer {
        let answer = self.scope.field(field);
        self.asked
            .borrow_mut()
            .fields
            .push((field.clone(), answer.clone()));
        answer
    }

    fn value_maps(&self) -> Option<Vec<&str>> {
        let maps = self.scope.value_maps();
        self.asked.borrow_mut().value_maps = Some(maps.clone().map(owned));
        maps
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formula::scope::SchemaScope;
    use crate::formula::types::Type;
    use crate::model::{Field, FieldType};

    fn scope(fields: &[Field]) -> SchemaScope<'_> {
        SchemaScope {
            fields,
            nodes: vec![],
        }
    }

    /// A scope that knows some value maps, for LOOKUP.
    struct WithMaps<'a>(SchemaScope<'a>, Vec<&'static str>);

    impl Scope for WithMaps<'_> {
        fn field(&self, field: &FieldRef) -> Answer {
            self.0.field(field)
        }
        fn value_maps(&self) -> Option<Vec<&str>> {
            Some(self.1.clone())
        }
    }

    #[test]
    fn the_same_formula_over_the_same_fields_is_analysed_once() {
        let fields = [Field::new("Amount", FieldType::Number)];
        let memo = Memo::default();
        let first = memo.analyze("Amount * 2", &scope(&fields));
        let again = memo.analyze("Amount * 2", &scope(&fields));
        assert!(Arc::ptr_eq(&first, &again));
        let other = memo.analyze("Amount * 3", &scope(&fields));
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!(memo.len(), 2);
    }

    #[test]
    fn a_changed_field_is_noticed() {
        let memo = Memo::default();
        let number = [Field::new("Amount", FieldType::Number)];
        assert_eq!(memo.analyze("Amount", &scope(&number)).ty, Type::Number);
        let text = [Field::new("Amount", FieldType::Text)];
        assert_eq!(memo.analyze("Amount", &scope(&text)).ty, Type::Text);
        let mut required = Field::new("Amount", FieldType::Number);
        required.required = true;
        assert!(!memo.analyze("Amount", &scope(&[required])).maybe_blank);
        let gone = memo.analyze("Amount", &scope(&[Field::new("Total", FieldType::Number)]));
        assert_eq!(gone.errors().count(), 1, "{:?}", gone.problems);
        // An unrelated field coming or going changes no answer, so nothing is re-analysed.
        let before = memo.analyze("Amount", &scope(&number));
        let more = [
            Field::new("Amount", FieldType::Number),
            Field::new("Notes", FieldType::Text),
        ];
        assert!(Arc::ptr_eq(&before, &memo.analyze("Amount", &scope(&more))));
    }

    #[test]
    fn a_changed_set_of_value_maps_is_noticed() {
        let fields = [Field::new("Stage", FieldType::Text)];
        let memo = Memo::default();
        let text = "LOOKUP(Stage, \"stages\")";
        let without = memo.analyze(text, &WithMaps(scope(&fields), vec!["other"]));
        assert_eq!(without.errors().count(), 1, "{:?}", without.problems);
        let with = memo.analyze(text, &WithMaps(scope(&fields), vec!["other", "stages"]));
        assert_eq!(with.errors().count(), 0, "{:?}", with.problems);
    }

    #[test]
    fn a_sweep_forgets_what_the_last_check_did_not_use() {
        let fields = [Field::new("Amount", FieldType::Number)];
        let memo = Memo::default();
        memo.analyze("Amount * 2", &scope(&fields));
        memo.analyze("Amount * 3", &scope(&fields));
        memo.sweep();
        assert_eq!(memo.len(), 2);
        memo.analyze("Amount * 2", &scope(&fields));
        memo.sweep();
        assert_eq!(
            memo.len(),
            1,
            "the formula no longer in the flow is forgotten"
        );
        memo.sweep();
        assert!(memo.is_empty());
    }
}

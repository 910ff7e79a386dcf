//! The run loop: steps in dependency order, item by item. A trigger emits its records;
//! each step turns the items that reach it into items for the steps after it, following
//! filters, branch paths and for-each lists. In sample mode reads and lookups answer from
//! the workspace's `samples/`, and writes are captured, never sent.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as Atomic};
use std::time::{Duration, Instant};

use super::compile::{CompiledStep, compile, setting_words};
use super::deadline::Deadline;
use super::error::CallError;
use super::http::Patience;
use super::live::Live;
use super::source::{Samples, Source};
use super::trace::{NodeTrace, Trace};
use super::trigger::missing_samples;
use crate::formula::preview::Cell;
use crate::formula::{Env, Inputs, Value as FValue};
use crate::model::{Flow, Node, NodeId, PortId, ReadBy, Record, Step, Value};
use crate::workspace::{Workspace, ports::topological_order};

/// How a run is bounded and what clock it sees.
#[derive(Clone, Debug)]
pub struct Options {
    /// What TODAY() and NOW() give (pinned, so a run repeats).
    pub now: jiff::Zoned,
    /// Records the trigger emits instead of the flow's pinned samples.
    pub inputs: Option<Vec<Record>>,
    /// Most items one step may emit; beyond it the run stops with a message.
    pub max_items_per_step: usize,
    /// The time limit: when it is reached, the step running fails and the run stops.
    pub max_duration: Duration,
    /// Which endpoint of each system a live run calls (default: `test`, else `production`).
    pub environment: Option<String>,
}

impl Options {
    pub fn new(now: jiff::Zoned) -> Options {
        Options {
            now,
            inputs: None,
            max_items_per_step: 10_000,
            max_duration: Duration::from_secs(30),
            environment: None,
        }
    }
}

/// Shared between a run on a worker thread and whoever watches it: progress to show, and
/// a flag to cancel.
#[derive(Debug, Default)]
pub struct Control {
    pub cancel: AtomicBool,
    pub steps_done: AtomicUsize,
    pub steps_total: AtomicUsize,
}

/// One item on its way, with the outputs of the steps it passed (formulas may name them).
#[derive(Clone)]
struct Item {
    record: Record,
    path: Option<Rc<Passed>>,
}

struct Passed {
    node: String,
    record: Record,
    before: Option<Rc<Passed>>,
}

impl Drop for Passed {
    /// Unlinks the steps passed one by one: dropped the usual way, each link would drop
    /// the next from inside its own drop, one stack frame per step, and a long chain of
    /// steps would overflow the stack.
    fn drop(&mut self) {
        let mut next = self.before.take();
        while let Some(link) = next {
            // A link other items still share stays; they drop it in their turn.
            next = Rc::into_inner(link).and_then(|mut passed| passed.before.take());
        }
    }
}

/// Runs `flow` in sample mode: reads from `samples/`, writes captured, nothing sent.
pub fn run_sample(
    flow: &Flow,
    workspace: &Workspace,
    options: &Options,
    control: &Control,
) -> Trace {
    let deadline = Deadline::starting_now(options.max_duration);
    run(
        flow,
        workspace,
        options,
        control,
        &mut Samples { workspace },
        deadline,
    )
}

/// Runs `flow` against the systems themselves. Only call this after the user confirmed
/// the writes listed by [`super::live_writes`]. The trace comes back with every secret
/// the run looked up redacted, ready to print, show or write.
pub fn run_live(
    flow: &Flow,
    workspace: &Workspace,
    options: &Options,
    control: &Control,
    patience: Patience,
) -> Result<Trace, String> {
    let deadline = Deadline::starting_now(options.max_duration);
    let mut live = Live::new(workspace, options.environment.clone(), patience, deadline)
        .map_err(|e| e.to_string())?;
    let mut trace = run(flow, workspace, options, control, &mut live, deadline);
    live.redactor().trace(&mut trace);
    Ok(trace)
}

/// How deep sub-flows may call sub-flows in one run. The checks refuse a flow whose calls
/// go deeper or round in a circle; this keeps a run bounded whatever the files say.
const MAX_CALL_DEPTH: usize = crate::subflow::MAX_DEPTH;

/// How many times one run may run sub-flows in all: each call of each item runs one, and
/// calls inside them multiply, so a flow calling a sub-flow that calls the next ten times
/// over would otherwise run (and trace) billions of steps before its time limit.
const MAX_SUBFLOW_RUNS: usize = 10_000;

/// The sub-flows a run calls, each compiled once for the whole run (a call runs its
/// sub-flow once per item).
type CompiledSubflows = RefCell<HashMap<crate::model::FlowId, Rc<HashMap<NodeId, CompiledStep>>>>;

/// Runs `flow`.
pub(super) fn run(
    flow: &Flow,
    workspace: &Workspace,
    options: &Options,
    control: &Control,
    source: &mut dyn Source,
    deadline: Deadline,
) -> Trace {
    let compiled = compile(flow, workspace);
    let subflows = CompiledSubflows::default();
    let subflow_runs = std::cell::Cell::new(0);
    let within = Within {
        workspace,
        options,
        control,
        deadline,
        depth: 0,
        subflows: &subflows,
        subflow_runs: &subflow_runs,
    };
    run_compiled(flow, &compiled, &within, source, options.inputs.as_deref())
}

/// Runs `flow`, compiled, as part of the run `within` says (`depth` sub-flow calls deep),
/// its trigger emitting `inputs` when given.
fn run_compiled(
    flow: &Flow,
    compiled: &HashMap<NodeId, CompiledStep>,
    within: &Within,
    source: &mut dyn Source,
    inputs: Option<&[Record]>,
) -> Trace {
    let Within {
        workspace,
        options,
        control,
        deadline,
        ..
    } = *within;
    let started = Instant::now();
    let order = topological_order(flow);
    control.steps_total.store(order.len(), Atomic::Relaxed);
    let env = Env {
        now: options.now.clone(),
        tables: &workspace.value_maps,
    };
    let mut next: HashMap<(&NodeId, &PortId), Vec<&NodeId>> = HashMap::new();
    for wire in &flow.wires {
        next.entry((&wire.from.node, &wire.from.port))
            .or_default()
            .push(&wire.to.node);
    }
    let mut inbox: HashMap<NodeId, Vec<Item>> = HashMap::new();
    let mut trace = Trace::default();
    for (done, node) in order.into_iter().enumerate() {
        if control.cancel.load(Atomic::Relaxed) {
            trace.stopped = Some(format!(
                "Cancelled after {done} of {} steps.",
                flow.nodes.len()
            ));
            break;
        }
        let step_started = Instant::now();
        source.step(&node.id);
        let mut node_trace = NodeTrace::default();
        let call = within;
        let items = match &node.step {
            // Inside a call only the Sub-flow input starts: another trigger there is an
            // error of the sub-flow's check, never a second start.
            Step::Trigger(t)
                if within.depth > 0 && !matches!(t, crate::model::Trigger::SubflowInput { .. }) =>
            {
                Vec::new()
            }
            Step::Trigger(_) => trigger_items(flow, inputs).unwrap_or_else(|e| {
                node_trace.errors.push(e);
                Vec::new()
            }),
            _ => inbox.remove(&node.id).unwrap_or_default(),
        };
        let step = &compiled[&node.id];
        let mut out: Vec<(PortId, Item)> = Vec::new();
        if !node.step.is_trigger() {
            node_trace.input = items.iter().map(|i| i.record.clone()).collect();
        }
        if !step.broken.is_empty() && !items.is_empty() {
            node_trace.errors.extend(step.broken.iter().map(|b| {
                format!(
                    "Not run: {b}. Fix it in the step's settings (the Problems panel points to it)."
                )
            }));
        } else {
            for item in items {
                if deadline.passed() {
                    break;
                }
                let result = run_step(node, step, &item, call, source, &env, &mut node_trace);
                node_trace.calls.extend(source.take_calls());
                match result {
                    Ok(results) => out.extend(results.into_iter().map(|(port, record)| {
                        let path = Some(Rc::new(Passed {
                            node: node.id.to_string(),
                            record: record.clone(),
                            before: item.path.clone(),
                        }));
                        (port, Item { record, path })
                    })),
                    Err(e) => node_trace.errors.push(e.to_string()),
                }
            }
        }
        if out.len() > options.max_items_per_step {
            out.truncate(options.max_items_per_step);
            trace.stopped = Some(format!(
                "The '{}' step made more than {} items; the run stopped there.",
                node.label, options.max_items_per_step
            ));
        }
        for (port, item) in out {
            node_trace
                .output
                .push((port.to_string(), item.record.clone()));
            for to in next.get(&(&node.id, &port)).into_iter().flatten() {
                inbox.entry((*to).clone()).or_default().push(item.clone());
            }
        }
        if deadline.passed() {
            // The limit was reached while this step ran: it fails, and nothing after it runs.
            let fault = deadline.fault();
            if !node_trace.errors.contains(&fault) {
                node_trace.errors.push(fault);
            }
            trace.stopped = Some(deadline.stopped());
            trace.out_of_time = true;
        }
        node_trace.duration = step_started.elapsed();
        trace.nodes.insert(node.id.clone(), node_trace);
        control.steps_done.store(done + 1, Atomic::Relaxed);
        if trace.stopped.is_some() {
            break;
        }
    }
    trace.duration = started.elapsed();
    trace
}

/// What the trigger emits: the given inputs, else the flow's pinned samples, else one
/// empty item (a schedule's tick). A trigger that starts a run with records (a record
/// event, a declared payload or inputs) and has none fails, naming itself: a run that
/// silently moved nothing would look like a flow that works.
fn trigger_items(flow: &Flow, inputs: Option<&[Record]>) -> Result<Vec<Item>, String> {
    if let Some(missing) = missing_samples(flow, inputs) {
        return Err(format!(
            "{missing}: pin some in the designer's Test run tab, or give records for the run"
        ));
    }
    let mut records = inputs.unwrap_or(&flow.samples).to_vec();
    if records.is_empty() {
        records.push(Record::new());
    }
    Ok(records
        .into_iter()
        .map(|record| Item { record, path: None })
        .collect())
}

/// The outputs of earlier steps a step's formulas name, for this item.
fn named_outputs(step: &CompiledStep, item: &Item) -> HashMap<String, Record> {
    let mut nodes = HashMap::new();
    if step.reads_nodes.is_empty() {
        return nodes;
    }
    let mut at = item.path.as_deref();
    while let Some(passed) = at {
        if step.reads_nodes.contains(&passed.node) && !nodes.contains_key(&passed.node) {
            nodes.insert(passed.node.clone(), passed.record.clone());
        }
        at = passed.before.as_deref();
    }
    nodes
}

fn eval(
    step: &CompiledStep,
    setting: &str,
    record: &Record,
    nodes: &HashMap<String, Record>,
    env: &Env,
) -> Result<FValue, String> {
    let program = step
        .programs
        .get(setting)
        .ok_or_else(|| format!("{} is missing", setting_words(setting)))?;
    program.eval(&Inputs { record, nodes }, env).map_err(|e| {
        format!(
            "{} failed on this item: {}",
            setting_words(setting),
            e.message
        )
    })
}

fn truth(value: FValue, what: &str) -> Result<bool, String> {
    match value {
        FValue::Bool(b) => Ok(b),
        FValue::Blank => Ok(false),
        other => Err(format!("{what} gave {other}, not TRUE or FALSE")),
    }
}

/// Why one item failed a step: a read or write the systems refused, or the step's own
/// reason (a formula that failed, a condition that is neither TRUE nor FALSE). Both read
/// as the sentence the trace shows.
#[derive(Debug, thiserror::Error)]
enum StepError {
    #[error(transparent)]
    Call(#[from] CallError),
    #[error("{0}")]
    Step(String),
}

impl From<String> for StepError {
    fn from(reason: String) -> StepError {
        StepError::Step(reason)
    }
}

/// The run a step is part of: what it needs to run a sub-flow it calls.
#[derive(Clone, Copy)]
struct Within<'a> {
    workspace: &'a Workspace,
    options: &'a Options,
    control: &'a Control,
    deadline: Deadline,
    /// How many sub-flow calls deep (0 for the flow the user started).
    depth: usize,
    subflows: &'a CompiledSubflows,
    /// How many times sub-flows ran so far in the whole run.
    subflow_runs: &'a std::cell::Cell<usize>,
}

/// One item through one step: the items it makes, by output port.
fn run_step(
    node: &Node,
    step: &CompiledStep,
    item: &Item,
    call: &Within,
    source: &mut dyn Source,
    env: &Env,
    trace: &mut NodeTrace,
) -> Result<Vec<(PortId, Record)>, StepError> {
    let workspace = call.workspace;
    let nodes = named_outputs(step, item);
    let record = &item.record;
    let out = |r: Record| vec![(PortId::output(), r)];
    match &node.step {
        Step::Trigger(_) => Ok(out(record.clone())),
        Step::Note { .. } => Ok(Vec::new()),
        Step::Filter { .. } => {
            let pass = truth(
                eval(step, "condition", record, &nodes, env)?,
                "the condition",
            )?;
            Ok(if pass {
                out(record.clone())
            } else {
                Vec::new()
            })
        }
        Step::Branch { cases } => {
            for case in cases {
                let value = eval(step, case.port.as_str(), record, &nodes, env)?;
                if truth(value, &format!("the condition of path {}", case.port))? {
                    return Ok(vec![(case.port.clone(), record.clone())]);
                }
            }
            Ok(vec![(PortId::otherwise(), record.clone())])
        }
        Step::ForEach { list } => match record.get(list) {
            None | Some(Value::Blank) => Ok(Vec::new()),
            Some(Value::List(entries)) => Ok(entries
                .iter()
                .map(|entry| {
                    let mut each = match entry {
                        Value::Record(r) => r.clone(),
                        other => Record::from([("Value".to_owned(), other.clone())]),
                    };
                    each.insert("Parent".into(), Value::Record(record.clone()));
                    (PortId::output(), each)
                })
                .collect()),
            Some(_) => Err(StepError::Step(format!(
                "{list} is not a list, so there is nothing to go through"
            ))),
        },
        Step::Lookup {
            system,
            object,
            match_field,
            into,
            ..
        } => {
            let key = eval(step, "key", record, &nodes, env)?.to_record_value();
            let found = source.find(system, object, match_field, &key)?;
            let mut with = record.clone();
            with.insert(into.clone(), found.map_or(Value::Blank, Value::Record));
            Ok(out(with))
        }
        Step::Read { by, system, object } => {
            let records: Vec<Record> = match by {
                ReadBy::Key(_) => {
                    let key = eval(step, "by", record, &nodes, env)?.to_record_value();
                    let key_field = workspace
                        .object(system, object)
                        .map(|o| o.key.clone())
                        .map_err(CallError::Unresolved)?;
                    source
                        .find(system, object, &key_field, &key)?
                        .into_iter()
                        .collect()
                }
                ReadBy::Query(_) => {
                    let mut hits = Vec::new();
                    for candidate in source.list(system, object, false)? {
                        if truth(
                            eval(step, "by", &candidate, &nodes, env)?,
                            "the search condition",
                        )? {
                            hits.push(candidate);
                        }
                    }
                    hits
                }
                ReadBy::All => source.list(system, object, false)?,
                ReadBy::ChangedSinceLastRun => source.list(system, object, true)?,
            };
            Ok(records.into_iter().map(|r| (PortId::output(), r)).collect())
        }
        Step::Map { .. } => {
            let map = step
                .map
                .as_ref()
                .ok_or_else(|| "the mapping could not be compiled".to_owned())?;
            let cells = map.run(record, &nodes, env);
            let mut built = Record::new();
            let mut failures = Vec::new();
            for (column, cell) in map.columns.iter().zip(cells) {
                match cell {
                    Cell::Value(v) => {
                        built.insert(column.field.name.clone(), v.to_record_value());
                    }
                    Cell::Error(e) => {
                        failures.push(format!("{}: {}", column.field.name, e.message))
                    }
                    Cell::NotChecked => {
                        failures.push(format!("{}: its formula has errors", column.field.name))
                    }
                    Cell::Unmapped => failures.push(format!(
                        "{} is required but has no formula",
                        column.field.name
                    )),
                }
            }
            if failures.is_empty() {
                Ok(out(built))
            } else {
                Err(StepError::Step(failures.join("; ")))
            }
        }
        Step::Write {
            system,
            object,
            action,
        } => {
            let key = match step.programs.contains_key("key") {
                true => Some(eval(step, "key", record, &nodes, env)?.to_record_value()),
                false => None,
            };
            if let Some(captured) = source.write(system, object, action, record, key.as_ref())? {
                trace.writes.push(captured);
            }
            Ok(out(record.clone()))
        }
        // What reaches a sub-flow's output leaves it, as the fields the output declares.
        Step::SubflowOutput { port, fields } => {
            let kept: Record = fields
                .iter()
                .filter_map(|f| Some((f.name.clone(), record.get(&f.name)?.clone())))
                .collect();
            Ok(vec![(port.clone(), kept)])
        }
        Step::CallSubflow {
            subflow, inputs, ..
        } => {
            let Some(sub) = call.workspace.subflow(subflow) else {
                return Err(StepError::Step(format!(
                    "the sub-flow `{subflow}` is not in the workspace"
                )));
            };
            let declared = sub.subflow_inputs().unwrap_or_default();
            let mut handed = Record::new();
            // Only what the sub-flow takes: an input it does not declare is a finding of
            // the checks, not something to hand over.
            for field in inputs
                .keys()
                .filter(|k| declared.iter().any(|f| &f.name == *k))
            {
                let program = step.programs.get(field).ok_or_else(|| {
                    format!("the formula for the sub-flow's input {field} is missing")
                })?;
                let value = program
                    .eval(
                        &Inputs {
                            record,
                            nodes: &nodes,
                        },
                        env,
                    )
                    .map_err(|e| {
                        format!(
                            "the formula for the sub-flow's input {field} failed on this item: {}",
                            e.message
                        )
                    })?;
                handed.insert(field.clone(), value.to_record_value());
            }
            call_subflow(node, subflow, handed, call, source, trace)
        }
    }
}

/// Runs the sub-flow `subflow` on one record; what reaches its outputs leaves the call by
/// the port of the same name. The sub-flow's steps are traced under the call, and a
/// failure inside it fails the call's item with the step that failed named.
fn call_subflow(
    node: &Node,
    subflow: &crate::model::FlowId,
    handed: Record,
    call: &Within,
    source: &mut dyn Source,
    trace: &mut NodeTrace,
) -> Result<Vec<(PortId, Record)>, StepError> {
    let Some(sub) = call.workspace.subflow(subflow) else {
        return Err(StepError::Step(format!(
            "the sub-flow `{subflow}` is not in the workspace"
        )));
    };
    let runs = call.subflow_runs.get() + 1;
    call.subflow_runs.set(runs);
    if runs > MAX_SUBFLOW_RUNS {
        return Err(StepError::Step(format!(
            "sub-flows ran more than {} times in this run; it goes no further, so a flow that calls them many times over stays bounded",
            crate::governance::thousands(MAX_SUBFLOW_RUNS as u64)
        )));
    }
    if call.control.cancel.load(Atomic::Relaxed) {
        return Err(StepError::Step("cancelled before the sub-flow ran".into()));
    }
    if call.depth >= MAX_CALL_DEPTH {
        return Err(StepError::Step(format!(
            "sub-flows call each other more than {MAX_CALL_DEPTH} deep here; the run does not go further"
        )));
    }
    let compiled = call
        .subflows
        .borrow_mut()
        .entry(subflow.clone())
        .or_insert_with(|| Rc::new(compile(sub, call.workspace)))
        .clone();
    let control = Control::default();
    let within = Within {
        control: &control,
        depth: call.depth + 1,
        ..*call
    };
    let mut inside = Nested {
        outer: source,
        call: node.id.clone(),
    };
    let ran = run_compiled(
        sub,
        &compiled,
        &within,
        &mut inside,
        Some(std::slice::from_ref(&handed)),
    );
    let mut out = Vec::new();
    let mut failed = Vec::new();
    for inner in &sub.nodes {
        let Some(inner_trace) = ran.node(&inner.id) else {
            continue;
        };
        if let Step::SubflowOutput { .. } = inner.step {
            for (port, record) in &inner_trace.output {
                if let Ok(port) = PortId::new(port.clone()) {
                    out.push((port, record.clone()));
                }
            }
        }
        if let Some(first) = inner_trace.errors.first() {
            // A failure deeper down is said by its cause: the way there is in the trace.
            let cause = match first.strip_prefix("In the sub-flow ") {
                Some(deeper) => deeper.rsplit(" failed: ").next().unwrap_or(deeper),
                None => first.as_str(),
            };
            failed.push(format!("the step '{}' failed: {cause}", inner.label));
        }
    }
    let stopped = ran.stopped.clone();
    match &mut trace.nested {
        Some(nested) => nested.absorb(ran),
        None => trace.nested = Some(Box::new(ran)),
    }
    if let Some(why) = failed.into_iter().next().or(stopped) {
        return Err(StepError::Step(format!(
            "In the sub-flow '{}', {why}",
            sub.name
        )));
    }
    Ok(out)
}

/// The source a sub-flow runs against: its caller's, with each inner step named under
/// the call (`call--inner`) so a planned write's idempotency key stays unique.
struct Nested<'s> {
    outer: &'s mut dyn Source,
    call: NodeId,
}

impl Source for Nested<'_> {
    fn find(
        &mut self,
        system: &crate::model::SystemId,
        object: &str,
        field: &str,
        key: &Value,
    ) -> Result<Option<Record>, CallError> {
        self.outer.find(system, object, field, key)
    }

    fn list(
        &mut self,
        system: &crate::model::SystemId,
        object: &str,
        changed_only: bool,
    ) -> Result<Vec<Record>, CallError> {
        self.outer.list(system, object, changed_only)
    }

    fn write(
        &mut self,
        system: &crate::model::SystemId,
        object: &str,
        action: &crate::model::WriteAction,
        record: &Record,
        key: Option<&Value>,
    ) -> Result<Option<super::trace::CapturedWrite>, CallError> {
        self.outer.write(system, object, action, record, key)
    }

    fn take_calls(&mut self) -> Vec<super::trace::Call> {
        self.outer.take_calls()
    }

    fn step(&mut self, node: &NodeId) {
        let named = NodeId::new(format!("{}--{node}", self.call)).unwrap_or_else(|_| node.clone());
        self.outer.step(&named);
    }
}

//! What a flow's trigger hands a test run, and whether it has it. A record-event trigger
//! starts the run with records of its system's object, a webhook with payloads of the
//! fields it declares, a manual start with the inputs it asks for: each of those needs
//! sample records pinned into the flow (or given with `run --input`), and a run without
//! them is refused by name rather than showing every step with nothing in and nothing
//! out. A schedule (and a webhook or manual start that declares no fields) receives no
//! record: its run starts with one empty item, and its Read steps answer from the
//! workspace's `samples/`.

use std::fmt;

use crate::model::{Field, Flow, Node, NodeId, ObjectRef, Record, Step, Trigger};
use crate::workspace::{Unresolved, Workspace};

/// What the records a trigger starts a run with are.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Records of a system object (a record event).
    Object(ObjectRef),
    /// The payload a webhook is called with, as it declares it.
    Payload(Vec<Field>),
    /// The inputs someone fills in when starting the flow by hand.
    Inputs(Vec<Field>),
}

/// A trigger that starts a run with records: the step, and what its records are.
#[derive(Clone, Debug, PartialEq)]
pub struct TriggerRecords {
    pub node: NodeId,
    pub label: String,
    pub shape: Shape,
}

impl TriggerRecords {
    /// The trigger of `flow` if it starts a run with records; `None` for a flow without
    /// a trigger and for one that receives none (a schedule's tick, a webhook or manual
    /// start that declares no fields).
    pub fn of(flow: &Flow) -> Option<TriggerRecords> {
        let node = flow.triggers().next()?;
        let Step::Trigger(trigger) = &node.step else {
            return None;
        };
        let shape = match trigger {
            Trigger::RecordEvent { system, object, .. } => Shape::Object(ObjectRef {
                system: system.clone(),
                object: object.clone(),
            }),
            Trigger::Webhook { payload, .. } if !payload.is_empty() => {
                Shape::Payload(payload.clone())
            }
            Trigger::Manual { inputs } if !inputs.is_empty() => Shape::Inputs(inputs.clone()),
            Trigger::SubflowInput { fields } if !fields.is_empty() => Shape::Inputs(fields.clone()),
            _ => return None,
        };
        Some(TriggerRecords {
            node: node.id.clone(),
            label: node.label.clone(),
            shape,
        })
    }

    /// The fields its records have: the object's schema from the workspace's connectors,
    /// or the fields the trigger declares.
    pub fn fields(&self, workspace: &Workspace) -> Result<Vec<Field>, Unresolved> {
        match &self.shape {
            Shape::Object(o) => Ok(workspace.object(&o.system, &o.object)?.fields.clone()),
            Shape::Payload(fields) | Shape::Inputs(fields) => Ok(fields.clone()),
        }
    }

    /// What one record is, in a user's words: "Opportunity record", "webhook payload".
    pub fn record_noun(&self) -> String {
        match &self.shape {
            Shape::Object(o) => format!("{} record", o.object),
            Shape::Payload(_) => "webhook payload".into(),
            Shape::Inputs(_) => "set of inputs".into(),
        }
    }

    /// The same, several: "Opportunity records", "webhook payloads", "sets of inputs".
    pub fn records_noun(&self) -> String {
        match &self.shape {
            Shape::Inputs(_) => "sets of inputs".into(),
            _ => format!("{}s", self.record_noun()),
        }
    }
}

/// Why a run has nothing to start with: its trigger needs records and none were pinned
/// or given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoSamples {
    pub node: NodeId,
    pub label: String,
}

impl fmt::Display for NoSamples {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "The trigger '{}' has no sample records", self.label)
    }
}

/// Whether a run of `flow` would start with nothing: its trigger needs records and has
/// none. `inputs` are records given for the run (`run --input`'s), which replace the
/// flow's pinned samples; `None` runs on the pinned ones.
pub fn missing_samples(flow: &Flow, inputs: Option<&[Record]>) -> Option<NoSamples> {
    if !inputs.unwrap_or(&flow.samples).is_empty() {
        return None;
    }
    TriggerRecords::of(flow).map(|t| NoSamples {
        node: t.node,
        label: t.label,
    })
}

/// A sentence saying what a flow's trigger starts a run with, for a trigger that needs
/// no records (a schedule, a webhook or manual start without declared fields).
pub fn starts_without_records(node: &Node) -> Option<&'static str> {
    match &node.step {
        Step::Trigger(Trigger::Schedule(_)) => Some(
            "This flow starts on a schedule, so its trigger receives no record: a test run starts with one tick, and its Read steps answer from the workspace's samples folder.",
        ),
        Step::Trigger(Trigger::Webhook { payload, .. }) if payload.is_empty() => Some(
            "This webhook declares no payload fields, so a test run starts with one empty call. Declare the payload's fields in the inspector to test with sample payloads.",
        ),
        Step::Trigger(Trigger::Manual { inputs }) if inputs.is_empty() => Some(
            "This flow is started by hand and asks for no inputs, so a test run starts with one empty start. Declare its inputs in the inspector to test with sample values.",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldType, FlowId, RecordEvent, Schedule, SystemId, Value};

    fn flow_with(trigger: Trigger) -> Flow {
        let mut flow = Flow::new(FlowId::new("f").expect("id"), "F");
        flow.nodes.push(Node {
            id: NodeId::new("start").expect("id"),
            label: "When a deal is won".into(),
            step: Step::Trigger(trigger),
        });
        flow
    }

    #[test]
    fn record_events_and_declared_payloads_need_records_and_schedules_do_not() {
        let event = flow_with(Trigger::RecordEvent {
            system: SystemId::new("crm").expect("id"),
            object: "Opportunity".into(),
            event: RecordEvent::Updated,
            fields: Vec::new(),
        });
        let missing = missing_samples(&event, None).expect("needs records");
        assert_eq!(
            missing.to_string(),
            "The trigger 'When a deal is won' has no sample records"
        );
        let record = Record::from([("Name".into(), Value::Text("A".into()))]);
        assert_eq!(
            missing_samples(&event, Some(std::slice::from_ref(&record))),
            None
        );
        let mut pinned = event.clone();
        pinned.samples.push(record);
        assert_eq!(missing_samples(&pinned, None), None);
        // Records given for the run replace the pinned ones, even when there are none.
        assert!(missing_samples(&pinned, Some(&[])).is_some());

        let hook = |payload| {
            flow_with(Trigger::Webhook {
                path: "/in".into(),
                payload,
            })
        };
        assert!(missing_samples(&hook(vec![Field::new("Id", FieldType::Text)]), None).is_some());
        assert_eq!(missing_samples(&hook(Vec::new()), None), None);
        let schedule = flow_with(Trigger::Schedule(Schedule::EveryHours(1)));
        assert_eq!(missing_samples(&schedule, None), None);
        assert!(starts_without_records(&schedule.nodes[0]).is_some());
        assert_eq!(
            missing_samples(&Flow::new(FlowId::new("e").expect("id"), "E"), None),
            None
        );
    }
}

//! The content hash an approval is bound to: SHA-256 of the flow's canonical text with
//! what is presentation or test data left out, so that moving a step on the canvas or
//! editing the sample records keeps an approval, and any change to what the flow does
//! makes it stale.
//!
//! Left out: `layout` (canvas positions) and `samples` (the records a test run on samples
//! feeds the trigger: test data, never run in production; a finding they cause is still
//! reported by every check). Everything else — steps, wires, formulas, names, descriptions,
//! owner, catalog volumes — is what a reviewer reads and approves, so it is in.

use crate::model::{Flow, Layout};
use crate::store::{self, FileStamp};
use crate::workspace::Workspace;

/// The `sha256:<hex>` of `flow`'s approvable content.
pub fn content_hash(flow: &Flow) -> Result<String, ron::Error> {
    Ok(format!(
        "sha256:{}",
        FileStamp::of_bytes(content_text(flow)?.as_bytes()).as_str()
    ))
}

/// The hash an approval of `flow` binds: its own content, and when it calls sub-flows,
/// theirs too (every sub-flow it runs, directly or through others, in id order), so a
/// change to a called sub-flow makes the caller's approval stale. A flow that calls none
/// hashes as [`content_hash`] does, so approvals given before sub-flows existed hold.
pub fn approved_content_hash(flow: &Flow, workspace: &Workspace) -> Result<String, ron::Error> {
    let called = crate::subflow::called_transitively(flow, workspace);
    if called.is_empty() {
        return content_hash(flow);
    }
    let mut text = content_text(flow)?;
    for (id, sub) in called {
        text.push_str(&format!("\n// calls the sub-flow {id}\n"));
        text.push_str(&content_text(sub)?);
    }
    Ok(format!(
        "sha256:{}",
        FileStamp::of_bytes(text.as_bytes()).as_str()
    ))
}

/// The canonical text that is hashed: the flow's file without layout and samples.
pub fn content_text(flow: &Flow) -> Result<String, ron::Error> {
    let mut content = flow.clone();
    content.layout = Layout::default();
    content.samples = Vec::new();
    store::flow_to_string(&content)
}

/// The hex part of a `sha256:<hex>` hash, as file names use it.
pub fn hex_of(hash: &str) -> &str {
    hash.strip_prefix("sha256:").unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FlowId, Node, NodeId, Pos, Step};

    fn flow() -> Flow {
        let mut flow = Flow::new(FlowId::new("f").expect("slug"), "A flow");
        flow.nodes.push(Node {
            id: NodeId::new("n").expect("slug"),
            label: "A note".into(),
            step: Step::Note { text: "why".into() },
        });
        flow
    }

    #[test]
    fn layout_and_samples_do_not_change_the_hash_but_the_name_does() {
        let base = content_hash(&flow()).expect("hash");
        let mut moved = flow();
        moved
            .layout
            .0
            .insert(NodeId::new("n").expect("slug"), Pos(10.0, 20.0));
        moved.samples.push(Default::default());
        assert_eq!(content_hash(&moved).expect("hash"), base);
        let mut renamed = flow();
        renamed.name = "Another flow".into();
        assert_ne!(content_hash(&renamed).expect("hash"), base);
        assert!(
            base.starts_with("sha256:") && base.len() == 7 + 64,
            "{base}"
        );
    }
}

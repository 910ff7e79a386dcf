//! `cycle`: wires that lead back to where they started. Items would go round forever, so
//! a flow is a graph without cycles; one finding per cycle, on its first step in the file.

use super::{Context, sentence};
use crate::governance::{Finding, Location, Severity};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let flow = cx.flow;
    let next = cx.index.successors();
    for component in strongly_connected(next) {
        let is_cycle = component.len() > 1 || next[component[0]].contains(&component[0]);
        if !is_cycle {
            continue;
        }
        let mut members = component.clone();
        members.sort_unstable();
        let first = &flow.nodes[members[0]];
        let names: Vec<String> = members
            .iter()
            .map(|&i| format!("'{}'", flow.nodes[i].label))
            .collect();
        out.push(Finding::new(
            "cycle",
            Severity::Error,
            Location::Node { node: first.id.clone() },
            format!(
                "{} is part of a loop ({}): items would go round forever",
                sentence(cx.describe(first)),
                names.join(", then ")
            ),
            "Remove the wire that leads back to an earlier step. To handle each entry of a list, use a For each step instead of a loop.",
        ));
    }
}

/// Tarjan's strongly connected components, iteratively so deep graphs cannot overflow
/// the stack.
fn strongly_connected(next: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = next.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0usize)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if let Some(&w) = next[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_loops_and_leaves_chains_alone() {
        // 0 → 1 → 2 → 1, 3 → 3
        let next = vec![vec![1], vec![2], vec![1], vec![3]];
        let mut comps: Vec<Vec<usize>> = strongly_connected(&next)
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        comps.sort();
        assert_eq!(comps, vec![vec![0], vec![1, 2], vec![3]]);
    }
}

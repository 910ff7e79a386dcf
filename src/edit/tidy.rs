//! Auto-tidy: lays a flow out left to right in the order items travel. Each step goes in
//! the column after the furthest step that feeds it; within a column, steps keep the
//! order of the file. Notes and steps nothing reaches go in a last row.

use std::collections::HashMap;

use super::Command;
use crate::model::{Flow, NodeId, Pos};

const COLUMN_WIDTH: f32 = 280.0;
const ROW_HEIGHT: f32 = 150.0;

/// The command moving every node to its tidy place.
pub fn tidy(flow: &Flow) -> Command {
    let depth = depths(flow);
    let mut rows: HashMap<usize, usize> = HashMap::new();
    let mut moves = Vec::with_capacity(flow.nodes.len());
    let deepest = depth.values().copied().max().unwrap_or(0);
    let mut loose = 0;
    for node in &flow.nodes {
        let pos = match depth.get(&node.id) {
            Some(&column) => {
                let row = rows.entry(column).or_default();
                let pos = Pos(column as f32 * COLUMN_WIDTH, *row as f32 * ROW_HEIGHT);
                *row += 1;
                pos
            }
            None => {
                let tallest = rows.values().copied().max().unwrap_or(0);
                let pos = Pos(loose as f32 * COLUMN_WIDTH, tallest as f32 * ROW_HEIGHT);
                loose = (loose + 1) % (deepest + 1).max(4);
                pos
            }
        };
        if flow.layout.0.get(&node.id) != Some(&pos) {
            moves.push((node.id.clone(), pos));
        }
    }
    Command::MoveNodes(moves)
}

/// Longest distance from a trigger for every node a trigger reaches (cycles are cut: a
/// node is placed at most once per step count).
fn depths(flow: &Flow) -> HashMap<NodeId, usize> {
    let mut out: HashMap<&NodeId, Vec<&NodeId>> = HashMap::new();
    for w in &flow.wires {
        out.entry(&w.from.node).or_default().push(&w.to.node);
    }
    let mut depth: HashMap<NodeId, usize> = HashMap::new();
    let mut frontier: Vec<&NodeId> = flow.triggers().map(|n| &n.id).collect();
    for id in &frontier {
        depth.insert((*id).clone(), 0);
    }
    // Relax edges level by level; a step is pushed right each time a longer path reaches
    // it, bounded by the node count so a cycle cannot loop forever.
    for level in 1..=flow.nodes.len() {
        let mut next = Vec::new();
        for id in frontier {
            for to in out.get(id).into_iter().flatten() {
                if depth.get(*to).is_none_or(|d| *d < level) {
                    depth.insert((*to).clone(), level);
                    next.push(*to);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        next.sort();
        next.dedup();
        frontier = next;
    }
    depth
}

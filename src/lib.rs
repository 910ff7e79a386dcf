//! Switchboard's core: the flow model, its files, the workspace, and the checks that run
//! on every edit and in CI. Nothing here knows about the designer's GUI; `cargo test
//! --no-default-features` builds and tests all of it without egui.

pub mod cli;
pub mod edit;
pub mod formula;
pub mod governance;
pub mod model;
pub mod openapi;
pub mod production;
pub mod review;
pub mod run;
pub mod store;
pub mod stream;
pub mod subflow;
pub mod template;
#[cfg(feature = "gui")]
pub mod ui;
pub mod words;
pub mod workspace;

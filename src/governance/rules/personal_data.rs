//! `personal-data-unencrypted`: personal data (PII, PHI, PCI) read from or written to a
//! system over an unencrypted transport — plain HTTP, plain FTP, a network file share.
//! Data computed from personal data by a formula counts as personal data.

use super::lens::{class_names, some_names, who_to_ask};
use super::{Lens, Rule};
use crate::governance::{Finding, Location, Severity};
use crate::model::Step;
use crate::workspace::Transport;

pub struct PersonalDataUnencrypted;

impl Rule for PersonalDataUnencrypted {
    fn code(&self) -> &'static str {
        "personal-data-unencrypted"
    }

    fn title(&self) -> &'static str {
        "Personal data sent unencrypted"
    }

    fn explanation(&self) -> &'static str {
        "Names, e-mail addresses, health and card data must never cross a network where anyone on it could read them. Plain HTTP, plain FTP and network file shares are such networks."
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, lens: &Lens, out: &mut Vec<Finding>) {
        for node in &lens.flow.nodes {
            let Some(system) = lens.system_of(node) else {
                continue;
            };
            let Some((environment, transport)) = system
                .endpoints
                .iter()
                .map(|(env, url)| (env, Transport::of_endpoint(url)))
                .find(|(_, t)| {
                    !lens
                        .workspace
                        .policy
                        .parameters
                        .approved_transports
                        .contains(t)
                })
            else {
                continue;
            };
            let (fields, direction) = match &node.step {
                Step::Write { .. } => (lens.fields_written(node), "sends"),
                _ => (lens.fields_read(node), "brings in"),
            };
            let personal: Vec<_> = fields
                .into_iter()
                .filter(|(_, c)| c.is_personal())
                .collect();
            if personal.is_empty() {
                continue;
            }
            let names: Vec<String> = personal.iter().map(|(n, _)| n.clone()).collect();
            let classes: Vec<_> = personal.iter().map(|(_, c)| *c).collect();
            let url = &system.endpoints[environment];
            let to_from = if direction == "sends" { "to" } else { "from" };
            out.push(Finding::new(
                self.code(),
                self.default_severity(),
                Location::Node { node: node.id.clone() },
                format!(
                    "{} {direction} {} data ({}) {to_from} {} over {} ({url}): anyone on that network can read them",
                    sentence(&lens.describe(node)),
                    class_names(&classes),
                    some_names(&names),
                    system.name,
                    transport.label(),
                ),
                format!(
                    "Ask {} to move {} to an encrypted connection (HTTPS or SFTP), then update its {environment} endpoint in systems.ron.{}",
                    who_to_ask(system),
                    system.name,
                    lens.guessed_note(node, &names)
                ),
            ));
        }
    }
}

fn sentence(text: &str) -> String {
    crate::governance::structure::sentence(text.to_owned())
}

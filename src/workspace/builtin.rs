//! The connector manifests and default policy that ship inside the binary, so a
//! workspace opens the same wherever Switchboard is installed. Their sources live in
//! `assets/`; a workspace may add or replace connectors in its own `connectors/` folder.

/// `(file name, text)` of every built-in connector manifest.
pub const CONNECTORS: &[(&str, &str)] = &[
    ("crm.ron", include_str!("../../assets/connectors/crm.ron")),
    ("erp.ron", include_str!("../../assets/connectors/erp.ron")),
    ("itsm.ron", include_str!("../../assets/connectors/itsm.ron")),
    ("pos.ron", include_str!("../../assets/connectors/pos.ron")),
    (
        "marketing.ron",
        include_str!("../../assets/connectors/marketing.ron"),
    ),
    ("rest.ron", include_str!("../../assets/connectors/rest.ron")),
    (
        "file_drop.ron",
        include_str!("../../assets/connectors/file_drop.ron"),
    ),
    (
        "sqlite.ron",
        include_str!("../../assets/connectors/sqlite.ron"),
    ),
];

/// The default governance policy.
pub const DEFAULT_POLICY: (&str, &str) = (
    "default.ron",
    include_str!("../../assets/policy/default.ron"),
);

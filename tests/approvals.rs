//! Approvals bound to content: `switchboard approve` signs, `check --require-approval`
//! says which flows lack a current valid approval and why, and ssh-keygen agrees with our
//! signatures both ways.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ssh_key::{Algorithm, LineEnding, PrivateKey};
use switchboard::model::{Approval, ApprovalsFile};
use switchboard::review::approval;

use crate::support;

const CLEAN: &str = "marketing-lead-to-crm-lead.flow.ron";
const WITH_WARNINGS: &str = "inventory-to-crm-availability.flow.ron";
const WITH_ERRORS: &str = "pos-sale-to-crm-contact.flow.ron";
const NOW: &str = "2026-12-05T14:03:00Z";

/// A scratch copy of the example workspace whose policy names Ana as reviewer, with her
/// key and a stranger's key in `keys/`.
pub(crate) struct Setup {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) ana: PathBuf,
    stranger: PathBuf,
}

fn key(dir: &Path, name: &str) -> (PathBuf, PrivateKey) {
    let key =
        PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).expect("a key");
    let path = dir.join(name);
    key.write_openssh_file(&path, LineEnding::LF)
        .expect("key written");
    (path, key)
}

pub(crate) fn setup() -> Setup {
    let dir = support::scratch_workspace();
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).expect("mkdir");
    let (ana, ana_key) = key(&keys, "ana");
    let (stranger, _) = key(&keys, "stranger");
    let public = ana_key.public_key().to_openssh().expect("public key");
    std::fs::write(
        dir.path().join("policy.ron"),
        format!(
            "(\n    format: 1,\n    reviewers: [\n        (name: \"Ana Ruiz\", email: \"ana@example.com\", key: \"{public} ana\"),\n    ],\n)\n"
        ),
    )
    .expect("policy");
    Setup { dir, ana, stranger }
}

fn switchboard(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(args)
        .current_dir(dir)
        .env_remove(approval::PASSPHRASE_VARIABLE)
        .output()
        .expect("the binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub(crate) fn approve(s: &Setup, flow: &str, key: &Path, comment: &str) -> Output {
    let key = key.to_str().expect("utf-8");
    let mut args = vec!["approve", flow, "--key", key, "--now", NOW];
    if !comment.is_empty() {
        args.extend(["--comment", comment]);
    }
    switchboard(&args, s.dir.path())
}

fn check(s: &Setup, flow: &str) -> Output {
    switchboard(&["check", "--require-approval", flow], s.dir.path())
}

fn approvals(s: &Setup) -> Vec<Approval> {
    let path = s.dir.path().join("approvals.ron");
    switchboard::store::load_document::<ApprovalsFile>(&path)
        .expect("approvals.ron parses")
        .approvals
}

#[test]
fn an_approved_flow_passes_the_gate_until_its_content_changes() {
    let s = setup();
    let out = approve(&s, CLEAN, &s.ana, "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("as Ana Ruiz <ana@example.com> at 2026-12-05T14:03:00Z"));
    let out = check(&s, CLEAN);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("not-approved"), "{}", text(&out));
    // The approved version is kept, for "compare with the last approved version".
    let entry = &approvals(&s)[0];
    let copy = approval::approved_copy_path(s.dir.path(), entry.flow.as_str(), &entry.content);
    assert!(copy.is_file(), "{}", copy.display());

    // Moving a step on the canvas is not a change of content.
    let flow = switchboard::store::load_flow(&s.dir.path().join(CLEAN)).expect("loads");
    let mut moved = flow.clone();
    for pos in moved.layout.0.values_mut() {
        pos.0 += 40.0;
    }
    switchboard::store::save_flow(&s.dir.path().join(CLEAN), &moved).expect("saves");
    let out = check(&s, CLEAN);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // Renaming it is.
    let mut renamed = moved;
    renamed.name.push_str(" (v2)");
    switchboard::store::save_flow(&s.dir.path().join(CLEAN), &renamed).expect("saves");
    let out = check(&s, CLEAN);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("error[not-approved]: This flow changed since it was approved by Ana Ruiz <ana@example.com> on 2026-12-05T14:03:00Z"),
        "{printed}"
    );
    assert!(
        printed.contains("Ask one of the reviewers in policy.ron (Ana Ruiz <ana@example.com>)"),
        "{printed}"
    );
}

#[test]
fn a_flow_never_approved_and_one_approved_under_other_systems_fail_the_gate() {
    let s = setup();
    let out = check(&s, CLEAN);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("error[not-approved]: This flow has never been approved"),
        "{}",
        text(&out)
    );
    assert_eq!(approve(&s, CLEAN, &s.ana, "").status.code(), Some(0));
    let systems = s.dir.path().join("systems.ron");
    let mut text_now = std::fs::read_to_string(&systems).expect("read");
    text_now.push_str("// a new comment is a new systems.ron\n");
    std::fs::write(&systems, text_now).expect("write");
    let out = check(&s, CLEAN);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("approved by Ana Ruiz <ana@example.com> on 2026-12-05T14:03:00Z under another systems.ron"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_key_not_in_the_policy_cannot_approve_and_its_approvals_do_not_count() {
    let s = setup();
    let out = approve(&s, CLEAN, &s.stranger, "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("is not one of the reviewers' in policy.ron"),
        "{}",
        text(&out)
    );
    assert!(!s.dir.path().join("approvals.ron").exists());

    // A stranger's entry written by hand, signed and all, still does not count.
    assert_eq!(approve(&s, CLEAN, &s.ana, "").status.code(), Some(0));
    let mut entries = approvals(&s);
    let stranger = approval::load_private_key(&s.stranger).expect("key");
    let mut forged = entries[0].clone();
    forged.time = "2026-12-06T09:00:00Z".into();
    sign_with(&mut forged, &stranger);
    entries = vec![forged];
    write_approvals(&s, &entries);
    let out = check(&s, CLEAN);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("This flow has never been approved; the approval by Ana Ruiz <ana@example.com> on 2026-12-06T09:00:00Z does not count: it is signed with a key that is not one of the reviewers' in policy.ron (SHA256:"), "{printed}");
}

fn sign_with(entry: &mut Approval, key: &PrivateKey) {
    let sig = key
        .sign(
            approval::NAMESPACE,
            ssh_key::HashAlg::Sha512,
            &approval::signed_message(entry),
        )
        .expect("signs");
    entry.signature = approval::signature_from_pem(&sig.to_pem(LineEnding::LF).expect("pem"));
}

fn write_approvals(s: &Setup, entries: &[Approval]) {
    let text = approval::approvals_text(entries).expect("writes");
    std::fs::write(s.dir.path().join("approvals.ron"), text).expect("write");
}

#[test]
fn a_tampered_entry_does_not_count_and_check_says_why() {
    let s = setup();
    assert_eq!(approve(&s, CLEAN, &s.ana, "").status.code(), Some(0));
    let path = s.dir.path().join("approvals.ron");
    let before = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        before.replace("comment: \"\"", "comment: \"all fine\""),
    )
    .expect("write");
    let out = check(&s, CLEAN);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("does not count: its signature does not match what it says: it was changed after it was signed"), "{printed}");

    // Naming someone else than the key's owner, signature and all, does not count either.
    let ana = approval::load_private_key(&s.ana).expect("key");
    let mut entry = approvals(&s)[0].clone();
    entry.reviewer = "Bo Li".into();
    sign_with(&mut entry, &ana);
    write_approvals(&s, &[entry]);
    let printed = text(&check(&s, CLEAN));
    assert!(printed.contains("it names Bo Li <ana@example.com>, but is signed with the key of Ana Ruiz <ana@example.com>"), "{printed}");
}

#[test]
fn errors_refuse_an_approval_and_warnings_need_a_comment() {
    let s = setup();
    let out = approve(&s, WITH_ERRORS, &s.ana, "fine by me");
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("errors block approval"), "{printed}");
    assert!(
        printed.contains("  error[personal-data-unencrypted]:"),
        "{printed}"
    );

    let out = approve(&s, WITH_WARNINGS, &s.ana, "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("say in a comment why it may go ahead"),
        "{}",
        text(&out)
    );
    assert!(!s.dir.path().join("approvals.ron").exists());
    let out = approve(&s, WITH_WARNINGS, &s.ana, "Both flows stay until Q3");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(approvals(&s)[0].comment, "Both flows stay until Q3");
}

#[test]
fn a_broken_approvals_file_is_one_located_problem_and_the_flows_check_as_unapproved() {
    let s = setup();
    std::fs::write(
        s.dir.path().join("approvals.ron"),
        "(\n    format: 1,\n    approvals: [\n        (flow: \"x\",,\n",
    )
    .expect("write");
    let out = check(&s, CLEAN);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(2), "{printed}");
    assert_eq!(printed.matches("approvals.ron:").count(), 1, "{printed}");
    assert!(printed.contains("approvals.ron:4:"), "{printed}");
    assert!(
        printed.contains("error[not-approved]: This flow has never been approved"),
        "{printed}"
    );
    // Approving would write over what is in it: refused.
    let out = approve(&s, CLEAN, &s.ana, "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("approvals.ron cannot be read"),
        "{}",
        text(&out)
    );
}

#[test]
fn an_encrypted_key_needs_its_passphrase_from_the_environment() {
    let s = setup();
    let ana = approval::load_private_key(&s.ana).expect("key");
    let locked = ana
        .encrypt(&mut ssh_key::rand_core::OsRng, "open sesame")
        .expect("encrypts");
    let path = s.dir.path().join("keys/ana-locked");
    locked
        .write_openssh_file(&path, LineEnding::LF)
        .expect("written");
    let out = approve(&s, CLEAN, &path, "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("protected by a passphrase: put the passphrase in the environment variable SWITCHBOARD_KEY_PASSPHRASE"),
        "{}",
        text(&out)
    );
}

#[test]
fn sarif_carries_the_approval_findings() {
    let s = setup();
    let out = switchboard(
        &["check", "--require-approval", "--format", "sarif", CLEAN],
        s.dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let results = &sarif["runs"][0]["results"];
    let ids: Vec<&str> = results
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert_eq!(ids, ["not-approved"], "{sarif}");
}

#[test]
fn without_require_approval_check_is_unchanged() {
    let s = setup();
    let out = switchboard(&["check", CLEAN], s.dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("approv"), "{}", text(&out));
}

/// ssh-keygen, if the machine has it (CI installs it: scripts/install-deps.sh).
fn ssh_keygen() -> Option<&'static str> {
    let found = Command::new("ssh-keygen").arg("-?").output().is_ok();
    // CI installs it, so there its absence is a failure, not a skip.
    assert!(
        found || std::env::var_os("CI").is_none(),
        "ssh-keygen is missing: scripts/install-deps.sh installs openssh-client"
    );
    if !found {
        eprintln!(
            "note: ssh-keygen is not installed, so the signatures were not checked against it (apt-get install openssh-client)"
        );
    }
    found.then_some("ssh-keygen")
}

#[test]
fn ssh_keygen_verifies_our_signatures_and_we_verify_its() {
    let Some(keygen) = ssh_keygen() else { return };
    let s = setup();
    assert_eq!(approve(&s, CLEAN, &s.ana, "ok").status.code(), Some(0));
    let entry = approvals(&s)[0].clone();
    let work = s.dir.path().join("keys");
    let ana = approval::load_private_key(&s.ana).expect("key");
    let signers = work.join("allowed_signers");
    std::fs::write(
        &signers,
        format!(
            "ana@example.com {}\n",
            ana.public_key().to_openssh().expect("pub")
        ),
    )
    .expect("write");
    let message = work.join("message");
    std::fs::write(&message, approval::signed_message(&entry)).expect("write");
    let sig = work.join("message.sig");
    std::fs::write(&sig, approval::signature_pem(&entry)).expect("write");
    let verify = |sig: &Path| {
        Command::new(keygen)
            .args(["-Y", "verify", "-f"])
            .arg(&signers)
            .args(["-I", "ana@example.com", "-n", approval::NAMESPACE, "-s"])
            .arg(sig)
            .stdin(std::fs::File::open(&message).expect("open"))
            .output()
            .expect("ssh-keygen runs")
    };
    let out = verify(&sig);
    assert!(out.status.success(), "{}", text(&out));
    // And it refuses a changed message, so the check above can fail.
    std::fs::write(&message, b"something else").expect("write");
    assert!(!verify(&sig).status.success());

    // ed25519 signatures are deterministic: for the same message ssh-keygen writes the
    // very bytes we wrote.
    std::fs::write(&message, approval::signed_message(&entry)).expect("write");
    let _ = std::fs::remove_file(&sig);
    let sign = || {
        let out = Command::new(keygen)
            .args(["-Y", "sign", "-n", approval::NAMESPACE, "-f"])
            .arg(&s.ana)
            .arg(&message)
            .output()
            .expect("ssh-keygen runs");
        assert!(out.status.success(), "{}", text(&out));
        let pem = std::fs::read_to_string(&sig).expect("read sig");
        let _ = std::fs::remove_file(&sig);
        approval::signature_from_pem(&pem)
    };
    assert_eq!(sign(), entry.signature);
    // The other way: an approval ssh-keygen alone signed counts in approvals.ron.
    let mut theirs = entry.clone();
    theirs.comment = "signed with ssh-keygen".into();
    std::fs::write(&message, approval::signed_message(&theirs)).expect("write");
    theirs.signature = sign();
    write_approvals(&s, &[theirs]);
    let out = check(&s, CLEAN);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn the_core_api_says_where_a_flow_stands_and_finds_the_last_approved_version() {
    let s = setup();
    let ws = switchboard::workspace::Workspace::load(s.dir.path()).expect("loads");
    let flow = switchboard::store::load_flow(&s.dir.path().join(CLEAN)).expect("loads");
    let state = switchboard::review::approval_state(&flow, &ws);
    assert_eq!(
        state.status,
        switchboard::review::ApprovalStatus::NeverApproved
    );
    assert!(approval::last_approved(&flow, &ws).is_none());
    assert_eq!(approve(&s, CLEAN, &s.ana, "").status.code(), Some(0));
    let ws = switchboard::workspace::Workspace::load(s.dir.path()).expect("loads");
    let state = switchboard::review::approval_state(&flow, &ws);
    assert!(state.is_approved(), "{state:?}");
    let (entry, copy) = approval::last_approved(&flow, &ws).expect("kept");
    assert_eq!(entry.reviewer, "Ana Ruiz");
    let kept = switchboard::store::load_flow(&copy).expect("the copy loads");
    assert_eq!(kept, flow);
}

#[test]
fn a_changed_policy_makes_approvals_stale_and_a_bad_reviewer_key_is_located() {
    let s = setup();
    assert_eq!(approve(&s, CLEAN, &s.ana, "").status.code(), Some(0));
    let policy = s.dir.path().join("policy.ron");
    let before = std::fs::read_to_string(&policy).expect("read");
    let with_bad_key = before.replace(
        "    ],\n)",
        "        (name: \"Bo Li\", email: \"bo@example.com\", key: \"ssh-ed25519 not-base64\"),\n    ],\n)",
    );
    std::fs::write(&policy, with_bad_key).expect("write");
    let out = check(&s, CLEAN);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(2), "{printed}");
    assert!(printed.contains("under another policy.ron"), "{printed}");
    assert!(
        printed.contains("the key of reviewer Bo Li <bo@example.com> cannot be used"),
        "{printed}"
    );
    assert!(printed.contains("policy.ron:5:"), "{printed}");
}

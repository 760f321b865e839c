//! /schedule and /plan through the `coach` binary's terminal chat (cleared environment, piped):
//! a booking made, then listed, and a plan printed.

mod common;
use common::*;

#[test]
fn the_terminal_books_lists_and_plans() {
    use std::io::Write;
    let data = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let mut child = coach_command()
        .args(["chat", "--user", "sc"])
        .env("COACH_DATA_DIR", data.path())
        .env("COACH_PLAN_SEED", PLAN_SEED.to_string())
        .current_dir(cwd.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn coach");
    let script = "/schedule tomorrow 18:00 technical backend senior\n/schedule\n/plan\n";
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.contains("Booked: Technical interview, backend, senior"), "{out}");
    let list = out.split("Booked mock interviews").nth(1).expect("the list");
    assert!(
        list.contains("18:00 UTC) — Technical interview, backend, senior"),
        "{out}"
    );
    let plan = out.split("Study plan for the next 14 days").nth(1).expect("a plan");
    assert!(plan.contains("Tomorrow ("), "{out}");
    assert!(plan.contains("booked mock interview at 18:00 UTC"), "{out}");
    assert!(plan.contains("In all "), "{out}");
}

//! /schedule and /plan through the `coach` binary's terminal chat (cleared environment, piped):
//! a booking made, then listed, and a plan printed.

mod common;
use common::*;

#[test]
fn the_terminal_books_lists_and_plans() {
    let data = tempfile::tempdir().unwrap();
    let out = chat_piped(
        "sc",
        data.path(),
        "/schedule tomorrow 18:00 technical backend senior\n/schedule\n/plan\n",
    );
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

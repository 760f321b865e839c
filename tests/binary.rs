//! The `coach` binary end to end: a scripted piped session, a restart in the middle of an
//! interview, a SIGKILL right after a reply (the answer must be durable), SIGKILLs at moments
//! while a drill answer is being handled (its answer and its reviews: all or nothing), and
//! `coach score`.

mod common;
use common::GOOD_ANSWER;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn coach(dir: &std::path::Path, args: &[&str]) -> Command {
    let mut c = common::coach_command();
    c.args(args)
        .env("COACH_DATA_DIR", dir)
        .env("COACH_PLAN_SEED", common::PLAN_SEED.to_string())
        .current_dir(dir);
    c
}

fn run_script(dir: &std::path::Path, user: &str, script: &str) -> String {
    let mut child = coach(dir, &["chat", "--user", user])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn coach");
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "coach failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_scripted_interview_through_the_terminal_adapter() {
    let dir = tempfile::tempdir().unwrap();
    let answer = GOOD_ANSWER;
    let script = format!("/mock behavioral 2 neutral\n{answer}\n{answer}\n{answer}\n{answer}\n/progress\n");
    let out = run_script(dir.path(), "alice", &script);
    assert!(out.contains("Question 1/2"), "{out}");
    assert!(out.contains("Score:"), "{out}");
    assert!(out.contains("Interview report"), "{out}");
    assert!(out.contains("completed: 1"), "{out}");
    // Multi-line answers with a """ block, and button presses with #N.
    let out = run_script(
        dir.path(),
        "alice",
        "/bank\n#1\n/mock behavioral 1\n\"\"\"\nFirst line of my answer.\nSecond line with 40% growth at Finlo.\n\"\"\"\n",
    );
    assert!(out.contains("Behavioural · "), "pressing #1 opened a category: {out}");
    assert!(out.contains("Score"), "{out}");
    assert!(
        !out.contains("Second line with 40% growth at Finlo.\n\nQuestion"),
        "the block was one message"
    );
}

#[test]
fn restart_mid_interview_continues_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_script(dir.path(), "bob", &format!("/mock behavioral 3\n{GOOD_ANSWER}\n"));
    assert!(out.contains("Score"), "{out}");
    let out = run_script(dir.path(), "bob", "/status\n");
    assert!(out.contains("question 2 of 3") || out.contains("Follow-up"), "{out}");
    let out = run_script(
        dir.path(),
        "bob",
        &format!("{GOOD_ANSWER}\n{GOOD_ANSWER}\n{GOOD_ANSWER}\n{GOOD_ANSWER}\n"),
    );
    assert!(out.contains("Interview report"), "{out}");
}

struct Lines {
    rx: mpsc::Receiver<String>,
}

impl Lines {
    fn of(child: &mut Child) -> Lines {
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Lines { rx }
    }
    fn wait_for(&self, needle: &str) -> String {
        let mut seen = String::new();
        loop {
            let l = self
                .rx
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no {needle:?} in: {seen}"));
            seen.push_str(&l);
            seen.push('\n');
            if l.contains(needle) {
                return seen;
            }
        }
    }
}

/// `coach chat --user <user>` over `dir`, kept open: its stdin and its stdout's lines.
fn open_chat(dir: &std::path::Path, user: &str) -> (Child, std::process::ChildStdin, Lines) {
    let mut child = coach(dir, &["chat", "--user", user])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let lines = Lines::of(&mut child);
    (child, stdin, lines)
}

#[test]
fn sigkill_right_after_a_reply_keeps_the_answer_and_its_score() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, mut stdin, lines) = open_chat(dir.path(), "cat");
    writeln!(stdin, "/mock behavioral 3").unwrap();
    lines.wait_for("Question 1/3");
    writeln!(stdin, "{GOOD_ANSWER}").unwrap();
    let seen = lines.wait_for("Score");
    // Kill the moment the score was printed: no chance to flush anything else.
    child.kill().unwrap();
    child.wait().unwrap();
    let printed: u32 = seen
        .lines()
        .find_map(|l| l.split("Score: ").nth(1).or_else(|| l.split("Score so far: ").nth(1)))
        .and_then(|s| s.split('/').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("a printed score");

    let records = exported(dir.path(), "cat");
    let answers: Vec<&serde_json::Value> = records
        .iter()
        .filter(|(k, _)| k.starts_with("a/"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(answers.len(), 1, "{records:?}");
    assert_eq!(answers[0]["data"]["answer"].as_str().unwrap(), GOOD_ANSWER);
    assert_eq!(answers[0]["data"]["score"]["overall"].as_u64().unwrap() as u32, printed);
}

/// The records of `user`'s /export, read by the binary from `dir` (key without `u/<user>/`).
fn exported(dir: &std::path::Path, user: &str) -> serde_json::Map<String, serde_json::Value> {
    let exports = dir.join("exports");
    let _ = std::fs::remove_dir_all(&exports);
    let out = run_script(dir, user, "/export\n");
    assert!(out.contains("saved to"), "{out}");
    let file = std::fs::read_dir(&exports)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("interview-coach-export"))
        .expect("export file");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(file.path()).unwrap()).unwrap();
    v["records"].as_object().unwrap().clone()
}

/// A drill answer closes its question, so its turn writes the answer and two reviews (the
/// competency's card and the question's). Killed with SIGKILL at moments from "before the
/// answer is read" to "after its reply": every run leaves either the answer with both reviews
/// of it, or none of them — never an answer without its review or a review without its answer.
#[test]
fn sigkill_while_a_drill_answer_is_handled_keeps_the_answer_and_its_reviews_together() {
    let mut complete = 0;
    for delay_ms in [0u64, 1, 3, 6, 10, 20, 40, 80, 160, u64::MAX] {
        let dir = tempfile::tempdir().unwrap();
        let (mut child, mut stdin, lines) = open_chat(dir.path(), "kd");
        writeln!(stdin, "/practice conflict").unwrap();
        lines.wait_for("Practice drill · 1 question");
        writeln!(stdin, "{GOOD_ANSWER}").unwrap();
        if delay_ms == u64::MAX {
            lines.wait_for("Score");
        } else {
            std::thread::sleep(Duration::from_millis(delay_ms));
        }
        child.kill().unwrap();
        child.wait().unwrap();

        let records = exported(dir.path(), "kd");
        let answers: Vec<(&String, &serde_json::Value)> = records.iter().filter(|(k, _)| k.starts_with("a/")).collect();
        let reviewed = |prefix: &str| -> Vec<serde_json::Value> {
            records
                .iter()
                .filter(|(k, _)| k.starts_with(prefix))
                .flat_map(|(_, v)| v["data"]["history"].as_array().cloned().unwrap_or_default())
                .filter(|r| !r["answer"].is_null())
                .collect()
        };
        let (by_competency, by_question) = (reviewed("r/c/"), reviewed("r/q/"));
        match answers.as_slice() {
            [] => {
                assert!(
                    by_competency.is_empty() && by_question.is_empty(),
                    "a review without its answer (killed after {delay_ms} ms): {records:?}"
                );
            }
            [(key, answer)] => {
                complete += 1;
                assert_eq!(answer["data"]["answer"].as_str(), Some(GOOD_ANSWER));
                let score = answer["data"]["score"]["overall"].as_u64().unwrap();
                for (card, reviews) in [("competency", &by_competency), ("question", &by_question)] {
                    assert_eq!(
                        reviews.len(),
                        1,
                        "the {card} card's review of {key} ({delay_ms} ms): {records:?}"
                    );
                    assert_eq!(reviews[0]["score"].as_u64(), Some(score), "{card}: {records:?}");
                }
            }
            more => panic!("one answer was sent, {} stored", more.len()),
        }
    }
    assert!(complete >= 1, "the run that waited for the score kept its answer");
}

#[test]
fn coach_score_prints_one_json_object() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = coach(
        dir.path(),
        &[
            "score",
            "--question",
            "Tell me about a time you led a project.",
            "--category",
            "case_study",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .spawn()
    .unwrap();
    child.stdin.take().unwrap().write_all(GOOD_ANSWER.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["overall"].as_u64().unwrap() <= 100);
    assert_eq!(v["brain"], "offline");
    assert_eq!(v["category"], "case");
    for k in ["breakdown", "rubric", "evidence", "improvement", "flags", "skeleton"] {
        assert!(v.get(k).is_some(), "missing {k}: {v}");
    }

    let id = interview_coach::bank::Bank::embedded().unwrap().all()[0].id.clone();
    let mut child = coach(dir.path(), &["score", "--question-id", &id])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"I don't know").unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["overall"].as_u64().unwrap() < 20);
    assert_eq!(v["question_id"], id.as_str());

    let out = coach(dir.path(), &["score", "--question-id", "nope"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no question with id"));
}

#[test]
fn a_locked_or_damaged_database_gives_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = coach(dir.path(), &["chat", "--user", "dan"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = first.stdin.take().unwrap();
    let lines = Lines::of(&mut first);
    writeln!(stdin, "/help").unwrap();
    lines.wait_for("Commands");
    let out = coach(dir.path(), &["chat", "--user", "dan"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in use by another coach process"), "{err}");
    drop(stdin);
    first.wait().unwrap();

    let bad = tempfile::tempdir().unwrap();
    std::fs::write(bad.path().join("conf"), b"\xff\xfe garbage").unwrap();
    std::fs::write(bad.path().join("db"), vec![0x42u8; 4096]).unwrap();
    let out = coach(bad.path(), &["chat", "--user", "dan"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("coach:") && !err.contains("panicked"), "{err}");
}

#[test]
fn a_bad_setting_or_prompt_file_stops_the_coach_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // The coach started with one variable set: it must stop, saying only `said`.
    let stops_saying = |name: &str, value: &std::ffi::OsStr, said: &str| {
        let out = coach(dir.path(), &["chat", "--user", "dan"])
            .env(name, value)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{name} accepted");
        assert_eq!(String::from_utf8_lossy(&out.stderr), said);
    };
    stops_saying(
        "COACH_TIME_FACTOR",
        "99".as_ref(),
        "coach: COACH_TIME_FACTOR must be a number from 0.25 to 10\n",
    );
    stops_saying(
        "COACH_LATE_GRACE_SECS",
        "a minute".as_ref(),
        "coach: COACH_LATE_GRACE_SECS must be a whole number of seconds from 0 to 600\n",
    );
    let prompts = tempfile::tempdir().unwrap();
    std::fs::write(prompts.path().join("coach_chat.md"), "Hello {{profile}} {{typo}}").unwrap();
    stops_saying(
        "COACH_PROMPTS_DIR",
        prompts.path().as_os_str(),
        "coach: prompt coach_chat.md lacks placeholder(s) {{guide}}, {{weak_areas}}\n",
    );
}

#[test]
fn terminal_export_goes_to_the_data_directory_and_prints_its_full_path() {
    let data = tempfile::tempdir().unwrap();
    // The user runs the coach from somewhere else (a repository checkout, say).
    let cwd = tempfile::tempdir().unwrap();
    let mut child = coach(data.path(), &["chat", "--user", "exa"])
        .current_dir(cwd.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn coach");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/profile role backend\n/export\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8(out.stdout).unwrap();

    let exports = data.path().join("exports");
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&exports)
        .unwrap_or_else(|e| panic!("no {}: {e}; output: {out}", exports.display()))
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let file = &files[0];
    assert!(
        file.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("interview-coach-export-"),
        "{file:?}"
    );
    // The reply names the file by its full path.
    assert!(file.is_absolute());
    assert!(out.contains(&format!("(saved to {})", file.display())), "{out}");
    // Above it, the file's line (messages::terminal_file).
    assert!(
        out.contains("[file: interview-coach-export-") && out.contains(" bytes]"),
        "{out}"
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(v["format"], "interview-coach-export");
    assert!(v["records"].as_object().unwrap().keys().any(|k| k == "profile"), "{v}");
    // Nothing was written where the coach was started.
    let left: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A reminder that fell due while no terminal was open is printed once the next time the
/// user's terminal chat opens (the scheduler fires it at start; the engine holds it until the
/// terminal listens), and once only.
#[test]
fn a_reminder_missed_while_the_terminal_was_closed_is_shown_when_it_opens() {
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::Utc::now();
    let mut at = now + chrono::Duration::seconds(60 - now.timestamp() % 60);
    // Far enough ahead that setting it (a process start, under a loaded CI) cannot miss it.
    if at - now < chrono::Duration::seconds(25) {
        at += chrono::Duration::seconds(60);
    }
    let hm = at.format("%H:%M").to_string();
    let out = run_script(dir.path(), "rm", &format!("/remind daily {hm}\n"));
    assert!(out.contains("Reminders saved"), "{out}");
    assert!(
        out.contains("next reminder in "),
        "set for the coming minute, not tomorrow: {out}"
    );
    // The coach is closed when the reminder falls due.
    let wait = at - chrono::Utc::now() + chrono::Duration::seconds(2);
    std::thread::sleep(wait.to_std().unwrap_or_default());

    let (mut child, mut stdin, lines) = open_chat(dir.path(), "rm");
    let mut seen = lines.wait_for("Nothing is due for review today");
    writeln!(stdin, "/remind").unwrap();
    seen.push_str(&lines.wait_for("next reminder"));
    drop(stdin);
    child.wait().unwrap();
    assert_eq!(seen.matches("Nothing is due for review today").count(), 1, "{seen}");
}

//! The intent recogniser's phrasings: each intent in many wordings, and messages that match none.

use super::*;

fn is(text: &str, want: &Intent) {
    assert_eq!(recognise(text).as_ref(), Some(want), "{text:?}");
}

#[test]
fn review_requests_take_the_pasted_answer() {
    for (text, answer) in [
        (
            "Review my answer: I led the migration of our billing service.",
            "I led the migration of our billing service.",
        ),
        (
            "can you review: At Acme I cut costs by 20%.",
            "At Acme I cut costs by 20%.",
        ),
        (
            "Could you review this answer — I owned the launch.",
            "I owned the launch.",
        ),
        (
            "please score my answer:\nI built the pipeline.",
            "I built the pipeline.",
        ),
        ("Hey coach, rate my answer: We shipped it.", "We shipped it."),
        ("Review: my story about the outage", "my story about the outage"),
        (
            "What do you think of my answer: I mentored two juniors.",
            "I mentored two juniors.",
        ),
        ("review my answer", ""),
        ("Can you review my answer?", ""),
    ] {
        match recognise(text) {
            Some(Intent::Review { answer: a, .. }) => assert_eq!(a, answer, "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    match recognise("Review my answer to \"Tell me about a conflict\": I sat down with Sam.") {
        Some(Intent::Review { answer, question }) => {
            assert_eq!(answer, "I sat down with Sam.");
            assert_eq!(question.as_deref(), Some("Tell me about a conflict"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn how_to_answer_keeps_the_topic() {
    is(
        "How do I answer tell me about yourself?",
        &Intent::HowToAnswer {
            topic: "tell me about yourself".into(),
        },
    );
    is(
        "how should I handle the question: why are you leaving",
        &Intent::HowToAnswer {
            topic: "why are you leaving".into(),
        },
    );
    is(
        "What's a good answer to \u{201c}what is your greatest weakness\u{201d}?",
        &Intent::HowToAnswer {
            topic: "what is your greatest weakness".into(),
        },
    );
    is(
        "hi coach, how to explain a layoff",
        &Intent::HowToAnswer {
            topic: "a layoff".into(),
        },
    );
    // Talking about weaknesses in an interview is how to answer, not the user's history.
    is(
        "how do I talk about my weaknesses",
        &Intent::HowToAnswer {
            topic: "my weaknesses".into(),
        },
    );
}

#[test]
fn weak_points_and_fix_first() {
    for t in [
        "what are my weak points",
        "What are my weak areas?",
        "show me my weaknesses",
        "where am I weakest",
        "What am I bad at?",
        "tell me my weakest topics",
    ] {
        is(t, &Intent::WeakPoints);
    }
    for t in [
        "What should I fix first?",
        "what should I work on",
        "how can I improve",
        "Where should I focus?",
        "suggest",
    ] {
        is(t, &Intent::FixFirst);
    }
}

#[test]
fn practice_questions_read_company_and_role() {
    is(
        "Give me practice questions for a backend role at Stripe",
        &Intent::PracticeQuestions {
            company: Some("Stripe".into()),
            role: Some("backend"),
        },
    );
    is(
        "what will they ask me at Acme Corp for product manager?",
        &Intent::PracticeQuestions {
            company: Some("Acme Corp".into()),
            role: Some("product_manager"),
        },
    );
    is(
        "Give me practice questions for Acme backend",
        &Intent::PracticeQuestions {
            company: Some("Acme".into()),
            role: Some("backend"),
        },
    );
    is(
        "practice questions for a Data Scientist",
        &Intent::PracticeQuestions {
            company: None,
            role: Some("data_scientist"),
        },
    );
    is(
        "practice questions please",
        &Intent::PracticeQuestions {
            company: None,
            role: None,
        },
    );
}

#[test]
fn draft_and_questions_to_ask() {
    is("help me draft an answer", &Intent::Draft { topic: None });
    is(
        "Can you draft my answer to tell me about a failure?",
        &Intent::Draft {
            topic: Some("tell me about a failure".into()),
        },
    );
    is(
        "What should I ask the interviewer?",
        &Intent::AskInterviewer {
            stage: None,
            role: None,
        },
    );
    is(
        "questions to ask the hiring manager for a data scientist job",
        &Intent::AskInterviewer {
            stage: Some(Stage::HiringManager),
            role: Some("data_scientist"),
        },
    );
    is(
        "what to ask a recruiter on the phone screen",
        &Intent::AskInterviewer {
            stage: Some(Stage::Recruiter),
            role: None,
        },
    );
}

#[test]
fn other_messages_match_nothing() {
    for t in [
        "what's the capital of Peru and can you write me a poem",
        "hello there",
        "I have an interview on Friday",
        "How are you?",
        "how do I become a manager",
        "I need to review my notes tonight before the interview at noon",
        "the reviewer said my answer was fine",
        "weak coffee again",
        "rate limits are annoying",
        "",
        "   ",
        "???",
        "my answer: I led the team",
    ] {
        assert_eq!(recognise(t), None, "{t:?}");
    }
}

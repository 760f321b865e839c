//! Button payloads: `<owner tag>|<action>`. The owner tag (a short hash of the user id) lets the
//! engine tell a stranger's press in a group from a stale button of the user's own. Payloads stay
//! within 64 bytes (Telegram's callback-data limit; Discord allows 100).

use super::event::UserId;
use super::reply::{Button, MAX_PAYLOAD};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// /mock set-up: a chosen type, then a persona.
    Mock {
        kind: String,
        persona: Option<String>,
    },
    Hint {
        session: String,
    },
    Skip {
        session: String,
    },
    Repeat {
        session: String,
    },
    End {
        session: String,
    },
    Details {
        session: String,
        seq: u32,
    },
    ForgetYes {
        nonce: String,
    },
    ForgetNo,
    BankMore,
    BankShow {
        id: String,
    },
    /// Run a command as if typed (next-step suggestions).
    Run {
        command: String,
    },
    /// Drill one question again ("Try again" in a report and in /weak).
    Drill {
        question: String,
    },
    /// Start the interview set up by /mock in a group, after the privacy warning.
    GroupMockYes,
    /// Drop a pending choice.
    Cancel,
    /// A reminder's Snooze: an hour, or tomorrow at the rule's time.
    Snooze {
        rule: String,
        tomorrow: bool,
    },
}

/// Six hex digits of FNV-1a over the user id.
pub fn owner_tag(user: &UserId) -> String {
    let mut h: u32 = 0x811c9dc5;
    for b in user.as_str().bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    format!("{:06x}", h & 0xffffff)
}

pub fn encode(owner: &UserId, action: &Action) -> String {
    let body = match action {
        Action::Mock { kind, persona: None } => format!("mk:{kind}"),
        Action::Mock { kind, persona: Some(p) } => format!("mk:{kind}:{p}"),
        Action::Hint { session } => format!("hi:{session}"),
        Action::Skip { session } => format!("sk:{session}"),
        Action::Repeat { session } => format!("rp:{session}"),
        Action::End { session } => format!("en:{session}"),
        Action::Details { session, seq } => format!("dt:{session}:{seq}"),
        Action::ForgetYes { nonce } => format!("fy:{nonce}"),
        Action::ForgetNo => "fn".to_string(),
        Action::GroupMockYes => "gy".to_string(),
        Action::Cancel => "cx".to_string(),
        Action::BankMore => "bm".to_string(),
        Action::BankShow { id } => format!("bq:{id}"),
        Action::Run { command } => format!("rn:{command}"),
        Action::Drill { question } => format!("dr:{question}"),
        Action::Snooze { rule, tomorrow } => format!("sz:{}:{rule}", if *tomorrow { "t" } else { "h" }),
    };
    let mut s = format!("{}|{}", owner_tag(owner), body);
    if s.len() > MAX_PAYLOAD {
        // Never produce a payload a platform would reject; cut on a char boundary.
        let mut end = MAX_PAYLOAD;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

pub fn button(owner: &UserId, label: impl Into<String>, action: Action) -> Button {
    Button {
        label: label.into(),
        payload: encode(owner, &action),
    }
}

/// Parse a payload into (owner tag, action). `None` for anything we did not make.
pub fn decode(payload: &str) -> Option<(String, Action)> {
    let (tag, body) = payload.split_once('|')?;
    if tag.len() != 6 || !tag.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let (kind, rest) = body.split_once(':').unwrap_or((body, ""));
    let action = match kind {
        "mk" => {
            let mut parts = rest.splitn(2, ':');
            let k = parts.next().filter(|s| !s.is_empty())?.to_string();
            Action::Mock {
                kind: k,
                persona: parts.next().map(str::to_string),
            }
        }
        "hi" => Action::Hint {
            session: nonempty(rest)?,
        },
        "sk" => Action::Skip {
            session: nonempty(rest)?,
        },
        "rp" => Action::Repeat {
            session: nonempty(rest)?,
        },
        "en" => Action::End {
            session: nonempty(rest)?,
        },
        "dt" => {
            let (s, n) = rest.split_once(':')?;
            Action::Details {
                session: nonempty(s)?,
                seq: n.parse().ok()?,
            }
        }
        "fy" => Action::ForgetYes { nonce: nonempty(rest)? },
        "fn" => Action::ForgetNo,
        "gy" => Action::GroupMockYes,
        "cx" => Action::Cancel,
        "bm" => Action::BankMore,
        "bq" => Action::BankShow { id: nonempty(rest)? },
        "rn" => Action::Run {
            command: nonempty(rest)?,
        },
        "dr" => Action::Drill {
            question: nonempty(rest)?,
        },
        "sz" => {
            let (when, rule) = rest.split_once(':')?;
            Action::Snooze {
                rule: nonempty(rule)?,
                tomorrow: match when {
                    "t" => true,
                    "h" => false,
                    _ => return None,
                },
            }
        }
        _ => return None,
    };
    Some((tag.to_string(), action))
}

fn nonempty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::event::Platform;

    #[test]
    fn round_trip_and_limit() {
        let u = UserId::new(Platform::Telegram, "123456789");
        for a in [
            Action::Mock {
                kind: "behavioral".into(),
                persona: Some("challenging".into()),
            },
            Action::Details {
                session: "lq2k3j9xabc".into(),
                seq: 12,
            },
            Action::ForgetYes { nonce: "a1b2c3".into() },
            Action::BankShow {
                id: "tech-data-scientist-012".into(),
            },
            Action::Drill {
                question: "tech-data-scientist-012".into(),
            },
            Action::Snooze {
                rule: "r12".into(),
                tomorrow: true,
            },
        ] {
            let p = encode(&u, &a);
            assert!(p.len() <= MAX_PAYLOAD);
            assert_eq!(decode(&p), Some((owner_tag(&u), a)));
        }
        assert_eq!(decode("garbage"), None);
        assert_eq!(decode("zzzzzz|hi:x"), None);
    }
}

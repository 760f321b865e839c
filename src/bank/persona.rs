//! Interviewer personas (data/personas.toml): tone, stock phrases, follow-up appetite.

use super::BankError;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub id: String,
    pub name: String,
    pub description: String,
    pub tone: String,
    /// May use `{role}` and `{count}` (the questions of the asked kind; `{count} questions`
    /// reads "1 question" for one).
    pub greeting: String,
    pub acknowledgements: Vec<String>,
    pub transitions: Vec<String>,
    pub follow_up_prefixes: Vec<String>,
    /// May use `{seconds}` (`{seconds} seconds` reads "1 second" for one).
    pub time_warning: String,
    pub timeout: String,
    pub closing: String,
    /// An answer scoring below this gets a follow-up question.
    pub follow_up_threshold: u8,
    pub max_follow_ups: u8,
}

#[derive(Deserialize)]
struct PersonaFile {
    personas: Vec<Persona>,
}

pub struct PersonaSet {
    personas: Vec<Persona>,
}

pub const PERSONA_IDS: [&str; 3] = ["friendly", "neutral", "challenging"];

impl PersonaSet {
    pub fn parse(text: &str) -> Result<PersonaSet, BankError> {
        let err = |id: &str, problem: String| BankError {
            file: "personas.toml".into(),
            id: id.into(),
            problem,
        };
        let file: PersonaFile = toml::from_str(text).map_err(|e| err("-", e.to_string()))?;
        for p in &file.personas {
            if p.acknowledgements.is_empty() || p.transitions.is_empty() || p.follow_up_prefixes.is_empty() {
                return Err(err(
                    &p.id,
                    "acknowledgements, transitions and follow_up_prefixes need entries".into(),
                ));
            }
            if p.follow_up_threshold > 100 {
                return Err(err(&p.id, "follow_up_threshold must be 0..=100".into()));
            }
        }
        for p in &file.personas {
            if !PERSONA_IDS.contains(&p.id.as_str()) {
                return Err(err(
                    &p.id,
                    format!("unknown persona; the commands offer {}", PERSONA_IDS.join(", ")),
                ));
            }
        }
        for id in PERSONA_IDS {
            if !file.personas.iter().any(|p| p.id == id) {
                return Err(err(id, "persona is missing".into()));
            }
        }
        Ok(PersonaSet {
            personas: file.personas,
        })
    }

    pub fn embedded() -> Result<PersonaSet, BankError> {
        Self::parse(super::EMBEDDED_PERSONAS)
    }

    pub fn get(&self, id: &str) -> &Persona {
        self.personas
            .iter()
            .find(|p| p.id == id)
            .or_else(|| self.personas.iter().find(|p| p.id == "neutral"))
            .unwrap_or(&self.personas[0])
    }

    pub fn parse_id(s: &str) -> Option<&'static str> {
        match super::catalog::norm(s).as_str() {
            "friendly" | "nice" | "kind" | "supportive" | "warm" => Some("friendly"),
            "neutral" | "standard" | "default" => Some("neutral"),
            "challenging" | "tough" | "strict" | "hard_nosed" | "grilling" | "challenge" => Some("challenging"),
            _ => None,
        }
    }
}

impl Persona {
    /// Pick one of a list of phrases deterministically from a seed.
    pub fn pick(list: &[String], seed: u64) -> &str {
        if list.is_empty() {
            return "";
        }
        &list[(seed % list.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded file defines exactly the personas the commands offer, in any order.
    #[test]
    fn embedded_personas_are_exactly_the_command_choices() {
        let set = PersonaSet::embedded().expect("embedded personas");
        let mut ids: Vec<&str> = set.personas.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        let mut want = PERSONA_IDS.to_vec();
        want.sort_unstable();
        assert_eq!(ids, want);
    }

    /// A persona the commands do not offer is refused, naming the file and the id.
    #[test]
    fn an_unknown_persona_is_refused() {
        // The first persona again, under an id no command offers.
        let text = super::super::EMBEDDED_PERSONAS;
        let first = text.split("[[personas]]").nth(1).expect("a persona");
        let extra = format!(
            "{text}\n[[personas]]{}",
            first.replace("id = \"friendly\"", "id = \"pirate\"")
        );
        let e = PersonaSet::parse(&extra).err().expect("pirate refused");
        assert_eq!(
            (e.file.as_str(), e.id.as_str()),
            ("personas.toml", "pirate"),
            "{}",
            e.problem
        );
    }
}

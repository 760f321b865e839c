//! Questions to ask the interviewer, curated in `data/interviewer_questions.toml` by interview
//! stage (recruiter, hiring manager, teammates, final round) with a few per role; the offline
//! coach's answer to "what should I ask the interviewer?" (issue #18). Embedded and parsed
//! once; pure.

use super::intents::Stage;
use serde::Deserialize;
use std::sync::LazyLock;

const EMBEDDED: &str = include_str!("../../data/interviewer_questions.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StageList {
    id: String,
    title: String,
    questions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleList {
    roles: Vec<String>,
    questions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    stages: Vec<StageList>,
    roles: Vec<RoleList>,
}

/// The embedded file; a broken file leaves the lists empty (a test keeps it whole).
static FILE: LazyLock<File> = LazyLock::new(|| {
    toml::from_str(EMBEDDED).unwrap_or_else(|e| {
        tracing::error!(error = %e, "interviewer_questions.toml does not parse");
        File {
            stages: Vec::new(),
            roles: Vec::new(),
        }
    })
});

/// One titled list of questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskList {
    pub title: String,
    pub questions: Vec<String>,
}

/// How many questions of each stage are shown when no stage was named.
const PER_STAGE: usize = 2;

/// The lists for a stage (all its questions) or, with none named, the first questions of every
/// stage; then the role's questions when a role is known.
pub fn lists(stage: Option<Stage>, role: Option<&str>, role_label: Option<&str>) -> Vec<AskList> {
    let mut out: Vec<AskList> = FILE
        .stages
        .iter()
        .filter(|s| stage.is_none_or(|st| st.slug() == s.id))
        .map(|s| AskList {
            title: s.title.clone(),
            questions: s
                .questions
                .iter()
                .take(if stage.is_some() { usize::MAX } else { PER_STAGE })
                .cloned()
                .collect(),
        })
        .collect();
    if let Some(r) = role
        && let Some(l) = FILE.roles.iter().find(|l| l.roles.iter().any(|x| x == r))
    {
        out.push(AskList {
            title: format!("For a {} role", role_label.unwrap_or(r)),
            questions: l.questions.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_has_every_stage_and_only_known_roles() {
        let f: File = toml::from_str(EMBEDDED).expect("interviewer_questions.toml parses");
        for st in [Stage::Recruiter, Stage::HiringManager, Stage::Team, Stage::Final] {
            let s = f
                .stages
                .iter()
                .find(|s| s.id == st.slug())
                .unwrap_or_else(|| panic!("stage {}", st.slug()));
            assert!(s.questions.len() >= 4, "{}", s.id);
        }
        for l in &f.roles {
            for r in &l.roles {
                assert!(crate::bank::catalog::role(r).is_some(), "unknown role {r}");
            }
        }
    }

    #[test]
    fn a_stage_gives_its_list_and_a_role_adds_its_own() {
        let all = lists(None, None, None);
        assert_eq!(all.len(), 4);
        assert!(all.iter().all(|l| l.questions.len() == PER_STAGE));
        let hm = lists(
            Some(Stage::HiringManager),
            Some("data_scientist"),
            Some("Data scientist"),
        );
        assert_eq!(hm.len(), 2);
        assert_eq!(hm[0].title, "Hiring manager");
        assert!(hm[0].questions.len() >= 5);
        assert_eq!(hm[1].title, "For a Data scientist role");
        assert!(lists(None, Some("nonsense"), None).len() == 4);
    }
}

//! /guide [topic] — a coaching guide by id or topic words (also the target of guide buttons).

use crate::copilot;
use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let guide =
        t.e.guides
            .get(args.trim())
            .or_else(|| t.e.guides.find(args).map(|g| g.guide));
    match guide {
        Some(g) => {
            let related = copilot::related_questions(&t.e.bank, &format!("{} {}", g.title, g.triggers.join(" ")), 2);
            let r = m::guide(&t.user, g, &related);
            t.reply(r);
        }
        None => {
            let topics: Vec<&copilot::Guide> = t.e.guides.all().iter().collect();
            let r = m::offline_help(&t.user, &topics, t.e.llm.is_some());
            t.reply(r);
        }
    }
    Ok(())
}

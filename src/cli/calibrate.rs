//! `coach calibrate`: the evaluation set graded by the configured model (see
//! [`crate::calibrate`]); progress on stderr, the ρ table and the chosen weight on stdout.

use crate::app;
use anyhow::Context;

/// Grade, choose, print.
pub fn run(
    data_dir: Option<std::path::PathBuf>,
    eval_dir: Option<std::path::PathBuf>,
    opts: crate::models::Options,
) -> anyhow::Result<()> {
    use crate::models::Progress;
    let config = app::config(data_dir)?;
    let settings = config.llm.clone().ok_or_else(|| {
        anyhow::anyhow!("no language model configured: set OPENAI_BASE_URL (and COACH_MODEL) to the model to calibrate")
    })?;
    let prompts = app::prompts(&config)?;
    let bank = app::bank(&config)?;
    let cases = match &eval_dir {
        Some(d) => crate::scoring::eval::load_dir(d),
        None => crate::scoring::eval::embedded(),
    }?;
    let store = app::open_store(&config)?;
    let llm = app::build_llm(&settings, Some(&store))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    eprintln!(
        "calibrating {} on {} graded answers (every {}, from {}); each graded answer is kept as it comes",
        llm.describe(),
        cases.len(),
        opts.every,
        opts.skip
    );
    let result = runtime.block_on(crate::models::run(
        &store,
        &llm,
        &prompts,
        &bank,
        &cases,
        &opts,
        |i, n, p| match p {
            Progress::Kept(r) => eprintln!("[{i}/{n}] {} kept from an earlier run", r.id),
            Progress::Graded(r) => eprintln!(
                "[{i}/{n}] {} grade {} offline {} model {} ({:.1} s)",
                r.id,
                r.grade,
                r.offline,
                r.model.map_or("-".into(), |m| m.to_string()),
                r.seconds
            ),
            Progress::FellBack(r, why) => eprintln!("[{i}/{n}] {} fell back to offline: {why}", r.id),
        },
    ));
    store.flush_blocking().context("final flush")?;
    let (rows, cal) = result?;
    println!(
        "model: {} ({} structured output)",
        llm.describe(),
        llm.json_mode().label()
    );
    print!("{}", crate::models::table(&rows, &cal));
    Ok(())
}

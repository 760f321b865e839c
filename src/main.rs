//! `coach`: wiring only. Reads configuration, opens the store, builds the engine, starts the
//! scheduler and the adapters, and shuts down cleanly.

use anyhow::Context;
use clap::{Parser, Subcommand};
use interview_coach::adapters::terminal;
use interview_coach::bank::Category;
use interview_coach::config::Config;
use interview_coach::store::Store;
use interview_coach::{build_engine, system_clock};
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "coach",
    version,
    about = "Interview Coach: mock interviews and answer scoring, in the terminal, Telegram and Discord"
)]
struct Cli {
    /// Data directory (overrides COACH_DATA_DIR).
    #[arg(long, global = true)]
    data_dir: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the configured platforms, or open the terminal chat when none is configured (default).
    Run,
    /// Chat with the coach in the terminal: interactive on a TTY, line-by-line when piped.
    Chat {
        /// Your user name in the terminal (each name has its own history).
        #[arg(long, default_value_t = default_user())]
        user: String,
    },
    /// Score one answer read from stdin and print the result as JSON.
    Score {
        /// A question of the bank.
        #[arg(long, conflicts_with_all = ["question", "category"])]
        question_id: Option<String>,
        /// A question given as text (with --category).
        #[arg(long, requires = "category")]
        question: Option<String>,
        /// behavioral, technical, system_design, case (case_study), situational or motivation.
        #[arg(long)]
        category: Option<String>,
        /// Pretty-print the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Check the configuration: data directory, prompts, and whether the language model answers.
    Doctor,
    /// Grade the hand-graded evaluation set with the configured model and store the model's
    /// measured share of the score (0 unless a share ranks the set better than the offline
    /// scorer alone, on both halves). Resumable: answers graded by an earlier run are kept.
    Calibrate {
        /// A directory of evaluation files (eval/*.toml format) instead of the built-in set.
        #[arg(long)]
        eval_dir: Option<std::path::PathBuf>,
        /// Grade every k-th answer only (runs over other subsets add up).
        #[arg(long, default_value_t = 1)]
        every: usize,
        /// Start at this answer.
        #[arg(long, default_value_t = 0)]
        skip: usize,
        /// Grade at most this many answers in this run.
        #[arg(long)]
        limit: Option<usize>,
        /// Forget this model's earlier results first.
        #[arg(long)]
        fresh: bool,
    },
}

fn default_user() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "me".into())
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .take(32)
        .collect()
}

fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Cmd::Score {
            question_id,
            question,
            category,
            pretty,
        }) => score(question_id, question, category, pretty),
        Some(Cmd::Chat { user }) => serve(cli.data_dir, Some(user)),
        Some(Cmd::Doctor) => doctor(cli.data_dir),
        Some(Cmd::Calibrate {
            eval_dir,
            every,
            skip,
            limit,
            fresh,
        }) => calibrate(
            cli.data_dir,
            eval_dir,
            interview_coach::calibrate::Options {
                every: every.max(1),
                skip,
                limit: limit.unwrap_or(usize::MAX),
                fresh,
            },
        ),
        Some(Cmd::Run) | None => serve(cli.data_dir, None),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("coach: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Where log lines go. Serving platforms log to stderr (`default` level unless `RUST_LOG`
/// says otherwise). The terminal chat keeps its screen for the conversation: its log goes to
/// `coach.log` in the data directory (size-capped, the last three files kept), or to stderr
/// only when `RUST_LOG` asks for it.
fn init_logging(default: &str, chat_log: Option<&std::path::Path>) {
    let from_env = tracing_subscriber::EnvFilter::try_from_env("RUST_LOG").ok();
    let builder = tracing_subscriber::fmt().with_target(false);
    let _ = match (from_env, chat_log) {
        (None, Some(dir)) => {
            use file_rotate::{ContentLimit, FileRotate, compression::Compression, suffix::AppendCount};
            let file = FileRotate::new(
                dir.join("coach.log"),
                AppendCount::new(3),
                ContentLimit::BytesSurpassed(LOG_FILE_BYTES),
                Compression::None,
                None,
            );
            builder
                .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(file))
                .try_init()
        }
        (filter, _) => builder
            .with_env_filter(filter.unwrap_or_else(|| tracing_subscriber::EnvFilter::new(default)))
            .with_writer(std::io::stderr)
            .try_init(),
    };
}

/// Size of one `coach.log` before it is rotated.
const LOG_FILE_BYTES: usize = 1 << 20;

fn serve(data_dir: Option<std::path::PathBuf>, chat_user: Option<String>) -> anyhow::Result<()> {
    let mut config = Config::from_env().map_err(anyhow::Error::msg)?;
    if let Some(d) = data_dir {
        config.data_dir = d;
    }
    let platforms = config.telegram_token.is_some() || config.discord_token.is_some();
    let store = Store::open(&config.data_dir)?;
    if platforms && chat_user.is_none() {
        init_logging("info", None);
    } else {
        init_logging("warn", Some(&config.data_dir));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let engine_store = store.clone();
    let result = runtime.block_on(async move {
        let engine = build_engine(engine_store, config.clone(), system_clock())?;
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let scheduler = engine.start_scheduler(stop_rx.clone());
        if platforms && chat_user.is_none() {
            let mut adapters = tokio::task::JoinSet::new();
            if let Some(token) = config.telegram_token.clone() {
                let opts = interview_coach::adapters::telegram::Options {
                    token,
                    api_url: config.telegram_api_url.clone(),
                    webhook_url: config.telegram_webhook_url.clone(),
                    webhook_addr: config.telegram_webhook_addr,
                    poll_timeout: 25,
                };
                adapters.spawn(interview_coach::adapters::telegram::run(
                    engine.clone(),
                    opts,
                    stop_rx.clone(),
                ));
            }
            if let Some(token) = config.discord_token.clone() {
                let opts = interview_coach::adapters::discord::Options {
                    token,
                    api_url: config.discord_api_url.clone(),
                    guild_id: config.discord_guild_id,
                };
                adapters.spawn(interview_coach::adapters::discord::run(
                    engine.clone(),
                    opts,
                    stop_rx.clone(),
                ));
            }
            if adapters.is_empty() {
                anyhow::bail!("no platform could be started");
            }
            tokio::select! {
                done = adapters.join_next() => {
                    if let Some(Ok(Err(e))) = done {
                        let _ = stop_tx.send(true);
                        let _ = scheduler.await;
                        return Err(e);
                    }
                }
                _ = tokio::signal::ctrl_c() => {
                    eprintln!("coach: shutting down");
                }
            }
            let _ = stop_tx.send(true);
            while tokio::time::timeout(std::time::Duration::from_secs(5), adapters.join_next())
                .await
                .ok()
                .flatten()
                .is_some()
            {}
            let _ = scheduler.await;
            return anyhow::Ok(());
        }
        let user = chat_user.unwrap_or_else(default_user);
        let interactive = std::io::stdin().is_terminal();
        let opts = terminal::Options {
            user: if user.is_empty() { "me".into() } else { user },
            interactive,
            export_dir: config.data_dir.join("exports"),
        };
        let chat = terminal::run(engine.clone(), opts);
        tokio::select! {
            r = chat => r?,
            _ = tokio::signal::ctrl_c() => {}
        }
        let _ = stop_tx.send(true);
        let _ = scheduler.await;
        anyhow::Ok(())
    });
    store.flush_blocking().context("final flush")?;
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    result
}

/// `coach doctor`: what is configured and whether it works, one line each. Exits non-zero when
/// a configured language model does not answer (the coach would run on the offline engine).
fn doctor(data_dir: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let mut config = Config::from_env().map_err(anyhow::Error::msg)?;
    if let Some(d) = data_dir {
        config.data_dir = d;
    }
    println!("data directory: {}", config.data_dir.display());
    match interview_coach::llm::Prompts::load(config.prompts_dir.as_deref()) {
        Ok(_) => println!("prompts: ok"),
        Err(e) => anyhow::bail!("prompts: {e}"),
    }
    let platforms: Vec<&str> = [
        config.telegram_token.as_ref().map(|_| "Telegram"),
        config.discord_token.as_ref().map(|_| "Discord"),
    ]
    .into_iter()
    .flatten()
    .collect();
    println!(
        "platforms: {}",
        if platforms.is_empty() {
            "none configured (terminal chat)".to_string()
        } else {
            platforms.join(", ")
        }
    );
    let Some(settings) = config.llm.clone() else {
        println!("brain: offline (set OPENAI_BASE_URL or OPENAI_API_KEY to use a language model)");
        return Ok(());
    };
    // The mode found is kept for the serving coach; a running coach holds the data directory.
    let store = match Store::open(&config.data_dir) {
        Ok(s) => Some(s),
        Err(e) => {
            println!("data: cannot open ({e}); what this check finds is not kept");
            None
        }
    };
    let remembered = store
        .as_ref()
        .and_then(|s| interview_coach::calibrate::remembered_json_mode(s, &settings));
    let llm = interview_coach::build_llm(&settings, store.as_ref())?;
    // Probe from the top, so a server that has learned json_schema since is noticed.
    llm.start_in(interview_coach::llm::JsonMode::Schema);
    println!(
        "brain: LLM {} (key {})",
        llm.describe(),
        if llm.settings.api_key.is_some() {
            "set"
        } else {
            "not set"
        }
    );
    println!("score: {}", score_weight(&config, store.as_ref()).describe());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let checked = runtime.block_on(async {
        let started = std::time::Instant::now();
        match llm.ping(llm.settings.timeout).await {
            Ok(models) => {
                let listed = models.contains(&llm.settings.model);
                println!(
                    "endpoint: answers ({} model{} listed{}; {} ms)",
                    models.len(),
                    if models.len() == 1 { "" } else { "s" },
                    if listed {
                        ", including ours"
                    } else {
                        "; ours is not among them"
                    },
                    started.elapsed().as_millis()
                );
            }
            Err(e) => println!("endpoint: /models failed ({e}); trying a completion anyway"),
        }
        let started = std::time::Instant::now();
        let usage = llm
            .probe()
            .await
            .map_err(|e| anyhow::anyhow!("completion failed: {e}; the coach would use the offline engine"))?;
        let now = llm.json_mode();
        println!(
            "structured output: ok via {} ({} ms, {} tokens){}",
            now.label(),
            started.elapsed().as_millis(),
            usage.total(),
            match (&store, remembered, now) {
                (None, ..) | (Some(_), None, interview_coach::llm::JsonMode::Schema) => "",
                (Some(_), Some(m), now) if m == now => "; as remembered for this model",
                _ => "; remembered for this model from now on",
            }
        );
        // A server that takes a richer mode than the one remembered (steps down are kept as
        // they happen): keep what works now.
        if let Some(store) = &store
            && remembered.is_some_and(|m| m != now)
        {
            interview_coach::calibrate::remember_json_mode(store, &settings, now).await;
        }
        anyhow::Ok(())
    });
    if let Some(store) = &store {
        store.flush_blocking().context("final flush")?;
    }
    checked
}

/// `coach calibrate`: progress on stderr, the ρ table and the chosen weight on stdout.
fn calibrate(
    data_dir: Option<std::path::PathBuf>,
    eval_dir: Option<std::path::PathBuf>,
    opts: interview_coach::calibrate::Options,
) -> anyhow::Result<()> {
    use interview_coach::calibrate::Progress;
    let mut config = Config::from_env().map_err(anyhow::Error::msg)?;
    if let Some(d) = data_dir {
        config.data_dir = d;
    }
    let settings = config.llm.clone().ok_or_else(|| {
        anyhow::anyhow!("no language model configured: set OPENAI_BASE_URL (and COACH_MODEL) to the model to calibrate")
    })?;
    let prompts = interview_coach::llm::Prompts::load(config.prompts_dir.as_deref()).map_err(anyhow::Error::msg)?;
    let bank = match &config.bank_dir {
        Some(d) => interview_coach::bank::Bank::from_dir(d)?,
        None => interview_coach::bank::Bank::embedded()?,
    };
    let cases = match &eval_dir {
        Some(d) => interview_coach::scoring::eval::load_dir(d),
        None => interview_coach::scoring::eval::embedded(),
    }
    .map_err(anyhow::Error::msg)?;
    let store = Store::open(&config.data_dir)?;
    let llm = interview_coach::build_llm(&settings, Some(&store))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    eprintln!(
        "calibrating {} on {} graded answers (every {}, from {}); each graded answer is kept as it comes",
        llm.describe(),
        cases.len(),
        opts.every,
        opts.skip
    );
    let result = runtime.block_on(interview_coach::calibrate::run(
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
    print!("{}", interview_coach::calibrate::table(&rows, &cal));
    Ok(())
}

/// The score weight for `coach score` and `doctor`: from the environment, or the model's
/// calibration in the data directory (none there yet: uncalibrated; held by a running coach:
/// unknown, and 0).
fn score_weight(config: &Config, store: Option<&Store>) -> interview_coach::calibrate::ScoreWeight {
    use interview_coach::calibrate::{Calibrations, resolve};
    if config.llm_score_weight.is_some() || !config.data_dir.exists() {
        return resolve(config, Calibrations::None);
    }
    match store {
        Some(store) => resolve(config, Calibrations::In(store)),
        None => resolve(config, Calibrations::Unreadable),
    }
}

/// The data directory's store when it exists and no running coach holds it.
fn existing_store(config: &Config) -> Option<Store> {
    config
        .data_dir
        .exists()
        .then(|| Store::open(&config.data_dir).ok())
        .flatten()
}

fn score(
    question_id: Option<String>,
    question: Option<String>,
    category: Option<String>,
    pretty: bool,
) -> anyhow::Result<()> {
    let config = Config::from_env().map_err(anyhow::Error::msg)?;
    let bank = match &config.bank_dir {
        Some(d) => interview_coach::bank::Bank::from_dir(d)?,
        None => interview_coach::bank::Bank::embedded()?,
    };
    let scorer = interview_coach::scoring::OfflineScorer::new(&bank);
    let mut raw = Vec::new();
    std::io::stdin()
        .read_to_end(&mut raw)
        .context("reading the answer from stdin")?;
    let answer = String::from_utf8_lossy(&raw).into_owned();
    let (target, qid, qtext) = match (question_id, question) {
        (Some(id), _) => {
            let t = scorer
                .target(&id)
                .ok_or_else(|| anyhow::anyhow!("no question with id {id:?} in the bank (see /bank in the chat)"))?;
            (t.clone(), Some(id), t.question.clone())
        }
        (None, Some(text)) => {
            let cat = category.as_deref().unwrap_or("");
            let c = Category::parse(cat).ok_or_else(|| {
                anyhow::anyhow!("unknown category {cat:?}: use behavioral, technical, system_design, case, situational or motivation")
            })?;
            (scorer.target_from_text(&text, c), None, text)
        }
        (None, None) => anyhow::bail!("give --question-id ID, or --question TEXT with --category CAT"),
    };
    let offline = scorer.score(&target, &answer);
    // With a model configured, the LLM grader (capped by the offline guards); any fault falls
    // back to the offline result, and `brain` says which one this is.
    let mut fallback: Option<String> = None;
    let mut model_part = None;
    let result = match &config.llm {
        None => offline,
        Some(settings) => {
            let store = existing_store(&config);
            let llm = interview_coach::build_llm(settings, store.as_ref())?;
            let prompts =
                interview_coach::llm::Prompts::load(config.prompts_dir.as_deref()).map_err(anyhow::Error::msg)?;
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            let ctx = interview_coach::scoring::llm::GradeContext::standalone(&qtext, "general");
            let mut usage = interview_coach::llm::Usage::default();
            let weight = score_weight(&config, store.as_ref());
            let grader = interview_coach::scoring::llm::Grader {
                llm: &llm,
                prompts: &prompts,
                weight: weight.weight,
            };
            let graded = runtime.block_on(interview_coach::scoring::llm::grade(
                &grader, &ctx, &target, &answer, offline, &mut usage,
            ));
            match graded {
                Ok((r, d)) => {
                    model_part = Some((d.model_overall, weight));
                    r
                }
                Err((r, e)) => {
                    fallback = Some(e.to_string());
                    r
                }
            }
        }
    };
    let mut v = serde_json::to_value(&result)?;
    if let (Some(o), Some((model, weight))) = (v.as_object_mut(), model_part) {
        // How the number was made: the model's own overall and its share in the blend.
        o.insert("model_overall".into(), serde_json::json!(model));
        o.insert("model_weight".into(), serde_json::json!(weight.weight));
        o.insert("model_weight_source".into(), serde_json::json!(weight.describe()));
    }
    if let (Some(o), Some(why)) = (v.as_object_mut(), fallback) {
        o.insert("fallback_reason".into(), serde_json::Value::String(why));
    }
    if let Some(o) = v.as_object_mut() {
        o.insert("question".into(), serde_json::Value::String(qtext));
        if let Some(id) = qid {
            o.insert("question_id".into(), serde_json::Value::String(id));
        }
    }
    let s = if pretty {
        serde_json::to_string_pretty(&v)?
    } else {
        serde_json::to_string(&v)?
    };
    println!("{s}");
    Ok(())
}

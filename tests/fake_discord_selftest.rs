//! The fake Discord against the real serenity 0.12 client: gateway handshake, interactions,
//! messages, REST validation, threads, DMs, commands and the 4014 (disallowed intents) close.

use coach_fakes::fake_discord;

use fake_discord::{APP_ID, BOT_ID, FakeDiscord, GUILD_ID, TEXT_CHANNEL_ID, TOKEN};
use serde_json::json;
use serenity::all::{
    ActionRowComponent, ChannelId, ChannelType, Command, Context, CreateActionRow, CreateButton, CreateCommand,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateThread, EditInteractionResponse, EventHandler,
    GatewayIntents, GuildId, Interaction, InteractionId, Message, Ready, UserId,
};
use serenity::gateway::{GatewayError, ShardManager};
use serenity::http::{Http, HttpBuilder, HttpError};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

const WAIT: Duration = Duration::from_secs(10);
const USER: u64 = 42;

#[derive(Default)]
struct Seen {
    ready: usize,
    cache_has_guild: bool,
    /// (first callback ok, error of the second callback)
    callbacks: Vec<(bool, String)>,
    options: Vec<String>,
    /// (content, author is a bot, in a guild)
    messages: Vec<(String, bool, bool)>,
    clicks: Vec<String>,
    modals: Vec<Vec<(String, String)>>,
    modal_edit_errors: Vec<String>,
}

struct Handler(Arc<Mutex<Seen>>);

fn pong(name: &str) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(format!("pong {name}"))
            .components(vec![CreateActionRow::Buttons(vec![
                CreateButton::new("again").label("Again"),
            ])]),
    )
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, _ready: Ready) {
        self.0.lock().unwrap().ready += 1;
    }

    async fn cache_ready(&self, ctx: Context, _guilds: Vec<GuildId>) {
        let ok = ctx
            .cache
            .guild(GuildId::new(GUILD_ID))
            .is_some_and(|g| g.channels.contains_key(&ChannelId::new(TEXT_CHANNEL_ID)));
        self.0.lock().unwrap().cache_has_guild = ok;
    }

    async fn message(&self, _ctx: Context, msg: Message) {
        self.0
            .lock()
            .unwrap()
            .messages
            .push((msg.content.clone(), msg.author.bot, msg.guild_id.is_some()));
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(cmd) => {
                if cmd.data.name == "later" {
                    return; // the test answers (too late) itself
                }
                let options: Vec<String> = cmd
                    .data
                    .options
                    .iter()
                    .map(|o| format!("{}={:?}", o.name, o.value))
                    .collect();
                let first = cmd.create_response(&ctx.http, pong(&cmd.data.name)).await;
                let second = cmd.create_response(&ctx.http, pong(&cmd.data.name)).await;
                let mut seen = self.0.lock().unwrap();
                seen.options.extend(options);
                seen.callbacks.push((
                    first.is_ok(),
                    second.err().map(|e| format!("{e:?}")).unwrap_or_default(),
                ));
            }
            Interaction::Component(c) => {
                let update = CreateInteractionResponse::UpdateMessage(
                    CreateInteractionResponseMessage::new().content("updated"),
                );
                c.create_response(&ctx.http, update).await.expect("update message");
                self.0.lock().unwrap().clicks.push(c.data.custom_id.clone());
            }
            Interaction::Modal(m) => {
                let fields: Vec<(String, String)> = m
                    .data
                    .components
                    .iter()
                    .flat_map(|row| row.components.iter())
                    .filter_map(|c| match c {
                        ActionRowComponent::InputText(t) => {
                            Some((t.custom_id.clone(), t.value.clone().unwrap_or_default()))
                        }
                        _ => None,
                    })
                    .collect();
                let text = format!("modal ok: {}", fields.first().map(|f| f.1.as_str()).unwrap_or(""));
                if m.data.custom_id == "plain-defer" {
                    // serenity's ModalInteraction::defer is type 6 (deferred *update*): for a modal
                    // opened from a slash command there is no message to edit afterwards.
                    m.defer(&ctx.http).await.expect("defer (type 6)");
                    let edit = m
                        .edit_response(&ctx.http, EditInteractionResponse::new().content(text))
                        .await;
                    self.0
                        .lock()
                        .unwrap()
                        .modal_edit_errors
                        .push(format!("{:?}", edit.err()));
                    return;
                }
                let defer = CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new());
                m.create_response(&ctx.http, defer).await.expect("defer (type 5)");
                m.edit_response(&ctx.http, EditInteractionResponse::new().content(text))
                    .await
                    .expect("edit original");
                self.0.lock().unwrap().modals.push(fields);
            }
            _ => {}
        }
    }
}

struct Bot {
    http: Arc<Http>,
    manager: Arc<ShardManager>,
    task: JoinHandle<serenity::Result<()>>,
    seen: Arc<Mutex<Seen>>,
}

async fn start_bot(fake: &FakeDiscord, intents: GatewayIntents) -> Bot {
    let http = HttpBuilder::new(TOKEN)
        .proxy(fake.url())
        .ratelimiter_disabled(true)
        .build();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let mut client = serenity::client::ClientBuilder::new_with_http(http, intents)
        .event_handler(Handler(seen.clone()))
        .await
        .expect("build the serenity client");
    let http = client.http.clone();
    let manager = client.shard_manager.clone();
    let task = tokio::spawn(async move { client.start().await });
    Bot {
        http,
        manager,
        task,
        seen,
    }
}

fn base_intents() -> GatewayIntents {
    GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES
}

fn discord_code(e: &serenity::Error) -> Option<(u16, isize)> {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => Some((r.status_code.as_u16(), r.error.code)),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serenity_client_against_the_fake() {
    let fake = FakeDiscord::start().await;
    let bot = start_bot(&fake, base_intents() | GatewayIntents::MESSAGE_CONTENT).await;
    fake.wait_ready(WAIT).await;
    let seen = bot.seen.clone();
    fake.wait_for(WAIT, |_| {
        let s = seen.lock().unwrap();
        s.ready == 1 && s.cache_has_guild
    })
    .await;

    // What serenity did at startup.
    let calls = fake.calls();
    assert_eq!(calls[0].method, "GET");
    assert_eq!(calls[0].path, "/gateway");
    assert_eq!(fake.gateway_connects(), vec!["/?v=10".to_string()]);
    let identify = &fake.identifies()[0];
    assert_eq!(identify["token"], format!("Bot {TOKEN}"));
    assert_eq!(identify["shard"], json!([0, 1]));
    assert_eq!(identify["compress"], json!(true));
    let intents = (base_intents() | GatewayIntents::MESSAGE_CONTENT).bits();
    assert_eq!(identify["intents"].as_u64(), Some(intents));
    assert_eq!(
        bot.http.application_id().map(|a| a.get()),
        Some(APP_ID),
        "serenity takes the app id from READY"
    );

    // Commands: valid ones are echoed with ids, invalid names are refused like Discord does.
    let cmds = Command::set_global_commands(
        &bot.http,
        vec![
            CreateCommand::new("ping").description("Ping the bot"),
            CreateCommand::new("later").description("x"),
        ],
    )
    .await
    .expect("register commands");
    assert_eq!(cmds.len(), 2);
    let bad = Command::set_global_commands(&bot.http, vec![CreateCommand::new("Bad Name").description("x")]).await;
    assert_eq!(discord_code(&bad.unwrap_err()), Some((400, 50035)));
    assert!(
        fake.errors()
            .iter()
            .any(|e| e.contains("APPLICATION_COMMAND_INVALID_NAME")),
        "{:?}",
        fake.errors()
    );
    let no_description = Command::set_global_commands(&bot.http, vec![CreateCommand::new("nodesc")]).await;
    assert!(no_description.is_err());

    // A slash command: exactly one callback is accepted, the second is refused (40060).
    let id = fake.slash_command(
        TEXT_CHANNEL_ID,
        Some(GUILD_ID),
        USER,
        "ping",
        vec![("count", json!(3)), ("text", json!("hi")), ("flag", json!(true))],
    );
    fake.wait_for(WAIT, |_| !seen.lock().unwrap().callbacks.is_empty())
        .await;
    let (first_ok, second_err) = seen.lock().unwrap().callbacks[0].clone();
    assert!(first_ok);
    assert!(second_err.contains("40060"), "{second_err}");
    let responses = fake.interaction_responses(id);
    assert_eq!(responses.len(), 2);
    assert_eq!(responses[0].body["type"], 4);
    assert!(fake.errors().iter().any(|e| e.contains("already acknowledged")));
    assert_eq!(
        seen.lock().unwrap().options,
        vec!["count=Integer(3)", "text=String(\"hi\")", "flag=Boolean(true)"]
    );
    assert!(!fake.notes().iter().any(|n| n.contains("never registered")));
    let msgs = fake.messages_in(TEXT_CHANNEL_ID);
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0]["content"], "pong ping");

    // Clicking the button of that response: an UPDATE_MESSAGE edits it.
    let (mid, custom_id) = fake.button(TEXT_CHANNEL_ID, "Again").expect("button");
    assert_eq!(custom_id, "again");
    let click = fake.click(TEXT_CHANNEL_ID, Some(GUILD_ID), USER, mid, &custom_id);
    fake.wait_for(WAIT, |f| !f.interaction_responses(click).is_empty())
        .await;
    assert_eq!(fake.interaction_responses(click)[0].body["type"], 7);
    assert_eq!(fake.message(mid).unwrap()["content"], "updated");
    assert_eq!(fake.edits_in(TEXT_CHANNEL_ID).len(), 1);
    assert_eq!(seen.lock().unwrap().clicks, vec!["again"]);

    // A modal submission: deferred (5), then the original response is written (PATCH @original).
    let modal = fake.modal_submit(
        TEXT_CHANNEL_ID,
        Some(GUILD_ID),
        USER,
        "answer",
        vec![("text", "my answer")],
    );
    fake.wait_for(WAIT, |f| f.interaction_responses(modal).len() == 2).await;
    let r = fake.interaction_responses(modal);
    assert_eq!(r[0].body["type"], 5);
    assert_eq!(r[1].method, "PATCH");
    assert!(r[1].path.ends_with("/messages/@original"));
    assert_eq!(
        fake.messages_in(TEXT_CHANNEL_ID).last().unwrap()["content"],
        "modal ok: my answer"
    );
    assert_eq!(
        seen.lock().unwrap().modals[0],
        vec![("text".to_string(), "my answer".to_string())]
    );
    let plain = fake.modal_submit(
        TEXT_CHANNEL_ID,
        Some(GUILD_ID),
        USER,
        "plain-defer",
        vec![("text", "x")],
    );
    fake.wait_for(WAIT, |_| !seen.lock().unwrap().modal_edit_errors.is_empty())
        .await;
    assert_eq!(fake.interaction_responses(plain)[0].body["type"], 6);
    let edit_error = seen.lock().unwrap().modal_edit_errors[0].clone();
    assert!(edit_error.contains("10008"), "{edit_error}");

    // A callback later than 3 s is refused with 10062; a followup before any callback with 10015.
    let late = fake.slash_command(TEXT_CHANNEL_ID, None, USER, "later", vec![]);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let token = format!("itok{late}");
    let early = bot
        .http
        .create_followup_message(&token, &json!({"content": "too early"}), vec![])
        .await;
    assert_eq!(discord_code(&early.unwrap_err()), Some((404, 10015)));
    fake.backdate_interaction(late, Duration::from_secs(4));
    let r = bot
        .http
        .create_interaction_response(
            InteractionId::new(late),
            &token,
            &json!({"type": 4, "data": {"content": "late"}}),
            vec![],
        )
        .await;
    assert_eq!(discord_code(&r.unwrap_err()), Some((404, 10062)));
    assert!(fake.errors().iter().any(|e| e.contains("Discord allows 3 s")));

    // Gateway messages reach the handler. serenity runs each event handler call in its own task,
    // so events sent back to back may be handled in any order.
    fake.user_message(TEXT_CHANNEL_ID, Some(GUILD_ID), USER, "hello");
    fake.bot_message_seen(TEXT_CHANNEL_ID, "my own message");
    fake.wait_for(WAIT, |_| seen.lock().unwrap().messages.len() == 2).await;
    let mut messages = seen.lock().unwrap().messages.clone();
    messages.sort();
    assert_eq!(
        messages,
        vec![
            ("hello".to_string(), false, true),
            ("my own message".to_string(), true, true)
        ]
    );

    // Content over 2000 characters: serenity's builder refuses it before sending; the raw call
    // reaches the fake and gets Discord's 400 50035.
    let before = fake.calls().len();
    let built = ChannelId::new(TEXT_CHANNEL_ID).say(&bot.http, "x".repeat(2001)).await;
    assert!(built.is_err());
    assert_eq!(fake.calls().len(), before, "serenity checks the length itself");
    let raw = bot
        .http
        .send_message(
            ChannelId::new(TEXT_CHANNEL_ID),
            vec![],
            &json!({"content": "x".repeat(2001)}),
        )
        .await
        .unwrap_err();
    assert_eq!(discord_code(&raw), Some((400, 50035)));
    if let serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) = &raw {
        assert_eq!(r.error.errors[0].path, "content");
    }
    assert!(fake.errors().iter().any(|e| e.contains("content")));
    let empty = bot
        .http
        .send_message(ChannelId::new(TEXT_CHANNEL_ID), vec![], &json!({"content": ""}))
        .await;
    assert_eq!(discord_code(&empty.unwrap_err()), Some((400, 50006)));

    // A normal message, with a file (multipart).
    let file = serenity::all::CreateAttachment::bytes(b"report".to_vec(), "report.txt");
    let sent = ChannelId::new(TEXT_CHANNEL_ID)
        .send_message(
            &bot.http,
            serenity::all::CreateMessage::new().content("see file").add_file(file),
        )
        .await
        .expect("send with a file");
    assert_eq!(sent.attachments.len(), 1);
    assert_eq!(
        fake.attachments_in(TEXT_CHANNEL_ID),
        vec![("report.txt".to_string(), b"report".to_vec())]
    );
    assert_eq!(fake.messages_in(TEXT_CHANNEL_ID).last().unwrap()["content"], "see file");

    // Mass mentions.
    let ch = ChannelId::new(TEXT_CHANNEL_ID);
    ch.say(&bot.http, "hi @\u{200B}everyone").await.unwrap();
    bot.http
        .send_message(
            ch,
            vec![],
            &json!({"content": "hi @here", "allowed_mentions": {"parse": []}}),
        )
        .await
        .unwrap();
    assert_eq!(fake.unescaped_mass_mentions(), 0);
    ch.say(&bot.http, "hi @everyone").await.unwrap();
    assert_eq!(fake.unescaped_mass_mentions(), 1);

    // Threads: private when allowed, 403 when not, public always; members.
    let private = ch
        .create_thread(
            &bot.http,
            CreateThread::new("interview")
                .kind(ChannelType::PrivateThread)
                .invitable(false),
        )
        .await
        .expect("private thread");
    assert_eq!(private.kind, ChannelType::PrivateThread);
    fake.set_private_threads_allowed(false);
    let refused = ch
        .create_thread(&bot.http, CreateThread::new("again").kind(ChannelType::PrivateThread))
        .await;
    assert_eq!(discord_code(&refused.unwrap_err()), Some((403, 50001)));
    let public = ch
        .create_thread(&bot.http, CreateThread::new("public").kind(ChannelType::PublicThread))
        .await
        .expect("public thread");
    public
        .id
        .add_thread_member(&bot.http, UserId::new(USER))
        .await
        .expect("add member");
    assert_eq!(fake.thread_members(), vec![(public.id.get(), USER)]);
    let threads = fake.threads();
    assert_eq!(threads.len(), 2);
    assert_eq!(threads[0]["type"], 12);
    assert_eq!(threads[1]["id"], public.id.get().to_string());
    public.id.say(&bot.http, "in the thread").await.unwrap();
    assert_eq!(fake.messages_in(public.id.get())[0]["content"], "in the thread");
    let untyped = ch
        .create_thread(&bot.http, CreateThread::new("untyped"))
        .await
        .expect("untyped thread");
    assert_eq!(untyped.kind, ChannelType::PublicThread);
    assert!(fake.errors().iter().any(|e| e.contains("without `type`")));

    // DMs: the channel the bot opens is the one the fake's dm_channel names.
    let dm = bot
        .http
        .create_private_channel(&json!({"recipient_id": USER.to_string()}))
        .await
        .expect("dm");
    assert_eq!(dm.id.get(), fake.dm_channel(USER));
    assert_eq!(dm.recipient.id.get(), USER);
    fake.user_message(dm.id.get(), None, USER, "in a dm");
    fake.wait_for(WAIT, |_| seen.lock().unwrap().messages.len() == 3).await;
    assert_eq!(seen.lock().unwrap().messages[2], ("in a dm".to_string(), false, false));

    // Unknown routes are 404 and recorded.
    let unknown = bot.http.get_guild(GuildId::new(GUILD_ID)).await;
    assert_eq!(discord_code(&unknown.unwrap_err()), Some((404, 0)));
    assert!(
        fake.errors()
            .iter()
            .any(|e| e.starts_with("unknown route: GET /guilds/"))
    );

    // The bot user.
    let me = bot.http.get_current_user().await.expect("users/@me");
    assert_eq!(me.id.get(), BOT_ID);

    bot.manager.shutdown_all().await;
    let ended = tokio::time::timeout(WAIT, bot.task)
        .await
        .expect("client stops")
        .expect("join");
    assert!(ended.is_ok(), "{ended:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn message_content_refused_with_4014_then_ready_without_it() {
    let fake = FakeDiscord::start_without_message_content().await;
    let bot = start_bot(&fake, base_intents() | GatewayIntents::MESSAGE_CONTENT).await;
    let result = tokio::time::timeout(WAIT, bot.task)
        .await
        .expect("client.start returns")
        .expect("join");
    assert!(
        matches!(
            result,
            Err(serenity::Error::Gateway(GatewayError::DisallowedGatewayIntents))
        ),
        "{result:?}"
    );
    assert_eq!(fake.identifies().len(), 1);
    assert_eq!(fake.ready_count(), 0);

    // What the bot does next: start again without the privileged intent.
    let bot = start_bot(&fake, base_intents()).await;
    fake.wait_ready(WAIT).await;
    let seen = bot.seen.clone();
    fake.wait_for(WAIT, |_| seen.lock().unwrap().ready == 1).await;
    // Guild messages arrive without content unless the bot is mentioned; DMs keep it.
    fake.user_message(TEXT_CHANNEL_ID, Some(GUILD_ID), USER, "secret answer");
    fake.user_message(TEXT_CHANNEL_ID, Some(GUILD_ID), USER, &format!("<@{BOT_ID}> hello"));
    let dm = fake.dm_channel(USER);
    fake.user_message(dm, None, USER, "dm answer");
    fake.wait_for(WAIT, |_| seen.lock().unwrap().messages.len() == 3).await;
    let mut contents: Vec<String> = seen.lock().unwrap().messages.iter().map(|m| m.0.clone()).collect();
    contents.sort(); // handler calls run concurrently
    assert_eq!(
        contents,
        vec!["".to_string(), format!("<@{BOT_ID}> hello"), "dm answer".to_string()]
    );
    assert!(fake.errors().is_empty(), "{:?}", fake.errors());
    bot.manager.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_reconnect_resumes_and_intents_filter_events() {
    let fake = FakeDiscord::start().await;
    // No GUILD_MESSAGES: guild messages are not delivered at all.
    let bot = start_bot(&fake, GatewayIntents::GUILDS | GatewayIntents::DIRECT_MESSAGES).await;
    fake.wait_ready(WAIT).await;
    fake.close_gateway(4000);
    fake.wait_for(WAIT, |f| f.resume_count() == 1).await;
    fake.user_message(TEXT_CHANNEL_ID, Some(GUILD_ID), USER, "not delivered");
    fake.user_message(fake.dm_channel(USER), None, USER, "delivered");
    let seen = bot.seen.clone();
    fake.wait_for(WAIT, |_| !seen.lock().unwrap().messages.is_empty()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        seen.lock().unwrap().messages,
        vec![("delivered".to_string(), false, false)]
    );
    assert!(fake.notes().iter().any(|n| n.contains("MESSAGE_CREATE not delivered")));
    assert_eq!(fake.ready_count(), 1);
    bot.manager.shutdown_all().await;
}

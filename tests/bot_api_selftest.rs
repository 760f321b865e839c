//! Drives the Telegram Bot API emulator (`coach_fakes::bot_api`) with the real teloxide client.

use coach_fakes::bot_api;

use bot_api::{BOT_ID, BOT_USERNAME, BotApi, TOKEN};
use std::time::{Duration, Instant};
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{
    ChatKind, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MaybeInaccessibleMessage, MessageEntityKind,
    MessageId, ParseMode, PublicChatKind, ReplyParameters, Seconds, UpdateKind,
};
use teloxide::{ApiError, RequestError};

fn bot_for(api: &BotApi) -> Bot {
    Bot::new(TOKEN).set_api_url(reqwest::Url::parse(&api.url()).unwrap())
}

fn api_error<T: std::fmt::Debug>(result: Result<T, RequestError>) -> ApiError {
    match result {
        Err(RequestError::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn only_message(updates: &[Update]) -> &Message {
    assert_eq!(updates.len(), 1, "{updates:?}");
    match &updates[0].kind {
        UpdateKind::Message(m) => m,
        other => panic!("expected a message update, got {other:?}"),
    }
}

async fn next_updates(bot: &Bot, after: i64) -> Vec<Update> {
    bot.get_updates().offset(after as i32 + 1).timeout(1).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulator_speaks_teloxide() {
    let api = BotApi::start().await;
    let bot = bot_for(&api);
    assert!(!api.url().ends_with('/'));

    // getMe
    let me = bot.get_me().await.unwrap();
    assert_eq!(me.user.id.0 as i64, BOT_ID);
    assert!(me.user.is_bot);
    assert_eq!(me.username(), BOT_USERNAME);
    assert_eq!(api.calls_of("getMe").len(), 1);
    assert_eq!(api.calls()[0].method, "getme");

    // sendMessage with HTML
    let sent = bot
        .send_message(
            ChatId(5),
            "<b>hi</b> &lt;there&gt; &amp; <a href=\"https://x.y/?a=1&amp;b=2\">link</a>",
        )
        .parse_mode(ParseMode::Html)
        .await
        .unwrap();
    assert_eq!(sent.text(), Some("hi <there> & link"));
    assert_eq!(sent.chat.id, ChatId(5));
    assert!(sent.chat.is_private());
    assert_eq!(sent.from.as_ref().unwrap().id.0 as i64, BOT_ID);
    assert!(sent.id.0 >= 1000);
    let call = api.calls_of("sendmessage").pop().unwrap();
    assert_eq!(call.body["chat_id"], 5);
    assert_eq!(call.body["parse_mode"], "HTML");

    // Limits: 4096 is fine, 5000 is not; empty text; UTF-16 counting.
    bot.send_message(ChatId(5), "x".repeat(4096)).await.unwrap();
    let e = api_error(bot.send_message(ChatId(5), "x".repeat(5000)).await);
    assert_eq!(e, ApiError::MessageIsTooLong);
    let e = api_error(bot.send_message(ChatId(5), "😀".repeat(2049)).await);
    assert_eq!(e, ApiError::MessageIsTooLong);
    let e = api_error(bot.send_message(ChatId(5), "   ").await);
    assert_eq!(e, ApiError::MessageTextIsEmpty);
    let long_html = format!("<b>{}</b>", "&lt;".repeat(4096));
    bot.send_message(ChatId(5), long_html)
        .parse_mode(ParseMode::Html)
        .await
        .unwrap();

    // Broken HTML
    for broken in [
        "<b>hi",
        "<b><i>x</b></i>",
        "a < b",
        "1 <br> 2",
        "Tom & Jerry",
        "</b>",
        "<div>x</div>",
    ] {
        let e = api_error(bot.send_message(ChatId(5), broken).parse_mode(ParseMode::Html).await);
        match e {
            ApiError::CantParseEntities(msg) => assert!(msg.starts_with("Bad Request: can't parse entities: ")),
            other => panic!("{broken:?}: expected CantParseEntities, got {other:?}"),
        }
    }
    // Without parse_mode, markup characters are just text.
    let plain = bot.send_message(ChatId(5), "a < b & <b>").await.unwrap();
    assert_eq!(plain.text(), Some("a < b & <b>"));

    // Inline keyboards: echoed back; callback data over 64 bytes rejected.
    let keyboard = InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback("Yes", "answer:yes"),
        InlineKeyboardButton::url("Docs", reqwest::Url::parse("https://example.com").unwrap()),
    ]]);
    let with_keyboard = bot
        .send_message(ChatId(5), "Pick")
        .reply_markup(keyboard.clone())
        .await
        .unwrap();
    assert_eq!(with_keyboard.reply_markup(), Some(&keyboard));
    let too_long = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("x", "d".repeat(65))]]);
    let e = api_error(bot.send_message(ChatId(5), "Pick").reply_markup(too_long).await);
    assert_eq!(e, ApiError::ButtonDataInvalid);

    // editMessageText / editMessageReplyMarkup
    let edited = bot
        .edit_message_text(ChatId(5), with_keyboard.id, "<i>Picked</i>")
        .parse_mode(ParseMode::Html)
        .await
        .unwrap();
    assert_eq!(edited.id, with_keyboard.id);
    assert_eq!(edited.text(), Some("Picked"));
    assert!(edited.reply_markup().is_none());
    let e = api_error(
        bot.edit_message_text(ChatId(5), with_keyboard.id, "y".repeat(4097))
            .await,
    );
    assert_eq!(e, ApiError::EditedMessageIsTooLong);
    let remarked = bot
        .edit_message_reply_markup(ChatId(5), with_keyboard.id)
        .reply_markup(keyboard.clone())
        .await
        .unwrap();
    assert_eq!(remarked.reply_markup(), Some(&keyboard));
    assert_eq!(remarked.text(), Some("Picked"));

    // Replies to a known message carry reply_to_message.
    let reply = bot
        .send_message(ChatId(5), "again")
        .reply_parameters(ReplyParameters::new(sent.id))
        .await
        .unwrap();
    assert_eq!(reply.reply_to_message().unwrap().id, sent.id);

    // Other methods.
    bot.send_chat_action(ChatId(5), teloxide::types::ChatAction::Typing)
        .await
        .unwrap();
    bot.delete_message(ChatId(5), MessageId(1)).await.unwrap();
    bot.set_my_commands(vec![teloxide::types::BotCommand::new("start", "Start")])
        .await
        .unwrap();
    api.always_fail("setMyCommands");
    let e = api_error(bot.set_my_commands(vec![]).await);
    assert_eq!(e, ApiError::Unknown("Bad Request: method not supported".into()));
    bot.answer_callback_query("cb1".into()).text("ok").await.unwrap();
    assert_eq!(api.calls_of("answerCallbackQuery")[0].body["callback_query_id"], "cb1");

    // getUpdates: text with a command, offsets confirm updates.
    let first = api.send_text(5, 5, "/start hello");
    assert_eq!(first, 1);
    let updates = bot.get_updates().await.unwrap();
    let msg = only_message(&updates);
    assert_eq!(updates[0].id.0, 1);
    assert_eq!(msg.text(), Some("/start hello"));
    assert!(msg.chat.is_private());
    assert_eq!(msg.from.as_ref().unwrap().id.0, 5);
    let entities = msg.entities().unwrap();
    assert_eq!(entities[0].kind, MessageEntityKind::BotCommand);
    assert_eq!((entities[0].offset, entities[0].length), (0, 6));
    // Still there until confirmed.
    assert_eq!(bot.get_updates().await.unwrap().len(), 1);
    assert!(next_updates(&bot, first).await.is_empty());

    // Group message
    let id = api.send_text(-100777, 5, "hello group");
    let updates = next_updates(&bot, id - 1).await;
    let msg = only_message(&updates);
    match &msg.chat.kind {
        ChatKind::Public(p) => {
            assert!(matches!(p.kind, PublicChatKind::Supergroup(_)));
            assert_eq!(p.title.as_deref(), Some("Test group"));
        }
        other => panic!("expected a supergroup, got {other:?}"),
    }
    assert!(msg.entities().is_none_or(|e| e.is_empty()));

    // Reply to a bot message
    let id = api.send_reply(5, 5, "my answer", sent.id.0 as i64);
    let updates = next_updates(&bot, id - 1).await;
    let msg = only_message(&updates);
    let original = msg.reply_to_message().unwrap();
    assert_eq!(original.id, sent.id);
    assert_eq!(original.from.as_ref().unwrap().id.0 as i64, BOT_ID);
    let id = api.send_reply(5, 5, "to an unknown one", 999_999);
    let updates = next_updates(&bot, id - 1).await;
    assert_eq!(
        only_message(&updates).reply_to_message().unwrap().id,
        MessageId(999_999)
    );

    // Button press
    let id = api.press_button(5, 5, with_keyboard.id.0 as i64, "answer:yes");
    let updates = next_updates(&bot, id - 1).await;
    match &updates[0].kind {
        UpdateKind::CallbackQuery(q) => {
            assert_eq!(q.id.0, "cb1");
            assert_eq!(q.data.as_deref(), Some("answer:yes"));
            assert_eq!(q.from.id.0, 5);
            match q.message.as_ref().unwrap() {
                MaybeInaccessibleMessage::Regular(m) => {
                    assert_eq!(m.id, with_keyboard.id);
                    assert_eq!(m.chat.id, ChatId(5));
                }
                other => panic!("expected a regular message, got {other:?}"),
            }
        }
        other => panic!("expected a callback query, got {other:?}"),
    }

    // Voice
    let id = api.send_voice(5, 5, b"OggS-voice".to_vec());
    let updates = next_updates(&bot, id - 1).await;
    let voice = only_message(&updates).voice().unwrap().clone();
    assert_eq!(voice.duration, Seconds::from_seconds(3));
    assert_eq!(voice.mime_type.as_ref().unwrap().essence_str(), "audio/ogg");
    let file = bot.get_file(voice.file.id.clone()).await.unwrap();
    assert!(
        file.path.starts_with("voice/") && file.path.ends_with(".ogg"),
        "{}",
        file.path
    );

    // Document: getFile + download
    let content = b"Name: Ada\nRole: engineer\n".to_vec();
    let id = api.send_document(5, 5, "cv.txt", "text/plain", content.clone());
    let updates = next_updates(&bot, id - 1).await;
    let doc = only_message(&updates).document().unwrap().clone();
    assert_eq!(doc.file_name.as_deref(), Some("cv.txt"));
    assert_eq!(doc.file.size as usize, content.len());
    let file = bot.get_file(doc.file.id.clone()).await.unwrap();
    assert_eq!(file.path, "documents/cv.txt");
    assert_eq!(file.meta.size as usize, content.len());
    let mut downloaded = Vec::new();
    bot.download_file(&file.path, &mut downloaded).await.unwrap();
    assert_eq!(downloaded, content);
    assert!(bot.download_file("documents/nope.txt", &mut Vec::new()).await.is_err());
    let e = api_error(bot.get_file(teloxide::types::FileId("nope".into())).await);
    assert_eq!(e, ApiError::Unknown("Bad Request: invalid file_id".into()));

    // Long poll returns as soon as an update is pushed, and gives up after at most ~2 s.
    let started = Instant::now();
    let poll = tokio::spawn({
        let bot = bot.clone();
        async move { bot.get_updates().offset(id as i32 + 1).timeout(10).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let pushed = api.send_text(5, 5, "wake up");
    let updates = poll.await.unwrap().unwrap();
    assert_eq!(updates[0].id.0 as i64, pushed);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    let started = Instant::now();
    assert!(next_updates(&bot, pushed).await.is_empty());
    let updates = bot.get_updates().offset(pushed as i32 + 1).timeout(30).await.unwrap();
    assert!(updates.is_empty());
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());

    // Failure injection
    api.fail_next("sendMessage", 1, 429, "Too Many Requests: retry after 1", Some(1));
    match bot.send_message(ChatId(5), "x").await {
        Err(RequestError::RetryAfter(s)) => assert_eq!(s, Seconds::from_seconds(1)),
        other => panic!("expected RetryAfter, got {other:?}"),
    }
    bot.send_message(ChatId(5), "after the storm").await.unwrap();
    api.fail_next("SENDMESSAGE", 2, 403, "Forbidden: bot was blocked by the user", None);
    for _ in 0..2 {
        assert_eq!(api_error(bot.send_message(ChatId(5), "x").await), ApiError::BotBlocked);
    }
    bot.send_message(ChatId(5), "unblocked").await.unwrap();

    // sendDocument / sendPhoto (multipart)
    let report = bot
        .send_document(ChatId(5), InputFile::memory(b"abc".to_vec()).file_name("report.md"))
        .caption("<b>Your report</b>")
        .parse_mode(ParseMode::Html)
        .await
        .unwrap();
    let document = report.document().unwrap();
    assert_eq!(document.file_name.as_deref(), Some("report.md"));
    assert_eq!(report.caption(), Some("Your report"));
    let call = api.calls_of("sendDocument").pop().unwrap();
    assert_eq!(call.body["chat_id"], "5");
    assert_eq!(call.body["caption"], "<b>Your report</b>");
    assert_eq!(call.body["_files"][0]["file_name"], "report.md");
    assert_eq!(call.body["_files"][0]["len"], 3);
    assert_eq!(call.body["_files"][0]["for_field"], "document");
    let file = bot.get_file(document.file.id.clone()).await.unwrap();
    let mut downloaded = Vec::new();
    bot.download_file(&file.path, &mut downloaded).await.unwrap();
    assert_eq!(downloaded, b"abc");
    let e = api_error(
        bot.send_document(ChatId(5), InputFile::memory(b"abc".to_vec()).file_name("r.md"))
            .caption("c".repeat(1025))
            .await,
    );
    assert_eq!(e, ApiError::Unknown("Bad Request: message caption is too long".into()));
    // A photo must be an image: Telegram reads its size, and refuses anything else.
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, 3, 2);
        encoder.set_color(png::ColorType::Rgb);
        let mut w = encoder.write_header().unwrap();
        w.write_image_data(&[200; 3 * 2 * 3]).unwrap();
    }
    let e = api_error(
        bot.send_photo(
            ChatId(5),
            InputFile::memory(b"not an image".to_vec()).file_name("x.png"),
        )
        .await,
    );
    assert_eq!(e, ApiError::ImageProcessFailed, "teloxide knows the error by its text");
    let photo = bot
        .send_photo(ChatId(5), InputFile::memory(png_bytes.clone()).file_name("chart.png"))
        .caption("chart")
        .await
        .unwrap();
    assert_eq!(
        (photo.photo().unwrap()[0].width, photo.photo().unwrap()[0].height),
        (3, 2)
    );
    let media = api.media_to(5);
    assert_eq!(media.len(), 2, "the refused photo is not among them: {media:?}");
    assert_eq!(
        (media[0].kind.as_str(), media[0].bytes.as_slice()),
        ("document", &b"abc"[..])
    );
    assert_eq!(
        (media[1].kind.as_str(), media[1].width, media[1].height),
        ("photo", Some(3), Some(2))
    );
    assert_eq!(media[1].bytes, png_bytes);

    // Everything the chat saw, in order.
    let texts = api.texts_to(5);
    assert_eq!(
        texts[0],
        "<b>hi</b> &lt;there&gt; &amp; <a href=\"https://x.y/?a=1&amp;b=2\">link</a>"
    );
    assert!(texts.contains(&"<i>Picked</i>".to_string()));
    assert_eq!(
        texts[texts.len() - 4..],
        ["after the storm", "unblocked", "<b>Your report</b>", "chart"]
    );

    // Wrong token
    let intruder = Bot::new("1:WRONG").set_api_url(reqwest::Url::parse(&api.url()).unwrap());
    assert_eq!(api_error(intruder.get_me().await), ApiError::InvalidToken);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulator_drives_a_polling_dispatcher() {
    let api = BotApi::start().await;
    let bot = bot_for(&api);
    api.always_fail("setMyCommands");

    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(|bot: Bot, msg: Message| async move {
            let text = msg.text().unwrap_or("").to_string();
            let keyboard = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("More", "more")]]);
            bot.send_message(msg.chat.id, format!("echo: {text}"))
                .reply_markup(keyboard)
                .await?;
            respond(())
        }))
        .branch(
            Update::filter_callback_query().endpoint(|bot: Bot, q: CallbackQuery| async move {
                bot.answer_callback_query(q.id.clone()).text("noted").await?;
                if let Some(m) = q.regular_message() {
                    bot.edit_message_text(m.chat.id, m.id, "done").await?;
                }
                respond(())
            }),
        );
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler).build();
    let shutdown = dispatcher.shutdown_token();
    let running = tokio::spawn(async move { dispatcher.dispatch().await });

    api.send_text(42, 42, "hello");
    let calls = api
        .wait_for(Duration::from_secs(10), |calls| {
            calls
                .iter()
                .any(|c| c.method == "sendmessage" && c.body["text"] == "echo: hello")
        })
        .await;
    assert!(calls.iter().any(|c| c.method == "getme"));
    let first_poll = calls.iter().find(|c| c.method == "getupdates").unwrap();
    assert!(
        first_poll.body.get("allowed_updates").is_some(),
        "{:?}",
        first_poll.body
    );

    // The echo was message 1001 (the user's message was 1000).
    api.press_button(42, 42, 1001, "more");
    api.wait_for(Duration::from_secs(10), |calls| {
        calls
            .iter()
            .any(|c| c.method == "answercallbackquery" && c.body["text"] == "noted")
            && calls.iter().any(|c| c.method == "editmessagetext")
    })
    .await;
    assert_eq!(api.texts_to(42), ["echo: hello", "done"]);

    // Bounded: a dispatcher that never stops fails the test instead of hanging the suite.
    tokio::time::timeout(Duration::from_secs(60), async {
        shutdown.shutdown().expect("dispatcher running").await;
        running.await.unwrap();
    })
    .await
    .expect("the dispatcher shut down within 60 s");
    // Every update was confirmed by the final getUpdates call.
    let last = api.calls_of("getUpdates").pop().unwrap();
    assert_eq!(last.body["offset"], 3, "{:?}", last.body);
}

//! Self-test for the fake OpenAI server used by the integration tests.
use coach_fakes::fake_openai;

use fake_openai::{FakeOpenAi, Mode, TRANSCRIPT};
use futures_util::StreamExt;
use serde_json::{Value, json};

fn request(stream: bool) -> Value {
    json!({
        "model": "gpt-test",
        "stream": stream,
        "stream_options": {"include_usage": true},
        "messages": [
            {"role": "system", "content": "You are a strict interviewer."},
            {"role": "user", "content": [{"type": "text", "text": "Tell me about yourself"}]},
        ],
    })
}

/// Concatenates the delta contents of an SSE body and returns (content, saw_done, usage).
fn assemble(sse: &str) -> (String, bool, Option<Value>) {
    let (mut content, mut done, mut usage) = (String::new(), false, None);
    for data in sse.split("\n\n").filter_map(|event| event.strip_prefix("data: ")) {
        if data == "[DONE]" {
            done = true;
            continue;
        }
        let chunk: Value = serde_json::from_str(data).expect("chunk is JSON");
        assert_eq!(chunk["object"], "chat.completion.chunk");
        if let Some(piece) = chunk.pointer("/choices/0/delta/content").and_then(Value::as_str) {
            content.push_str(piece);
        }
        if !chunk["usage"].is_null() {
            usage = Some(chunk["usage"].clone());
        }
    }
    (content, done, usage)
}

#[tokio::test]
async fn fake_openai_behaves_like_the_api() {
    let answer = "A fairly long assistant answer that spans several twenty-character pieces — with ünïcode.";
    let server = FakeOpenAi::start(move |_req| answer.to_string()).await;
    let client = reqwest::Client::new();
    let chat = format!("{}/chat/completions", server.base_url());

    // Non-streaming success.
    let response = client.post(&chat).json(&request(false)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["object"], "chat.completion");
    assert_eq!(body["model"], "gpt-test");
    assert_eq!(body["choices"][0]["message"]["content"], answer);
    assert_eq!(body["choices"][0]["finish_reason"], "stop");
    assert_eq!(body["usage"]["prompt_tokens"], 9);
    assert_eq!(body["usage"]["completion_tokens"], answer.split_whitespace().count());

    // Streaming success.
    let response = client.post(&chat).json(&request(true)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let text = response.text().await.unwrap();
    assert!(text.contains(r#""role":"assistant""#));
    let (content, done, usage) = assemble(&text);
    assert_eq!(content, answer);
    assert!(done);
    assert_eq!(
        usage.expect("usage chunk")["total_tokens"],
        9 + answer.split_whitespace().count()
    );

    // Rate limited twice, then good again.
    server.set_mode(Mode::RateLimited {
        retry_after_secs: 7,
        times: 2,
    });
    for _ in 0..2 {
        let response = client.post(&chat).json(&request(false)).send().await.unwrap();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "7");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "rate_limit_exceeded");
    }
    let response = client.post(&chat).json(&request(false)).send().await.unwrap();
    assert_eq!(response.status(), 200);

    // json_schema rejected, json_object accepted.
    server.set_mode(Mode::RejectJsonSchema);
    let mut schema_request = request(false);
    schema_request["response_format"] = json!({"type": "json_schema", "json_schema": {"name": "x", "schema": {}}});
    let response = client.post(&chat).json(&schema_request).send().await.unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["param"], "response_format");
    schema_request["response_format"] = json!({"type": "json_object"});
    let response = client.post(&chat).json(&schema_request).send().await.unwrap();
    assert_eq!(response.status(), 200);

    // Bad content and malformed bodies.
    server.set_mode(Mode::BadContent("not json at all".into()));
    let body: Value = client
        .post(&chat)
        .json(&request(false))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["choices"][0]["message"]["content"], "not json at all");
    server.set_mode(Mode::Malformed);
    let response = client.post(&chat).json(&request(false)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.json::<Value>().await.is_err());

    // Server errors.
    server.set_mode(Mode::ServerError { times: 1 });
    let response = client.post(&chat).json(&request(false)).send().await.unwrap();
    assert_eq!(response.status(), 500);
    let response = client.post(&chat).json(&request(false)).send().await.unwrap();
    assert_eq!(response.status(), 200);

    // A cut stream delivers some chunks, then fails without [DONE].
    server.set_mode(Mode::CutStream);
    let response = client.post(&chat).json(&request(true)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let mut stream = response.bytes_stream();
    let (mut received, mut failed) = (Vec::new(), false);
    while let Some(item) = stream.next().await {
        match item {
            Ok(bytes) => received.extend_from_slice(&bytes),
            Err(_) => failed = true,
        }
    }
    assert!(failed, "the cut stream must end in an error");
    let (content, done, _) = assemble(&String::from_utf8(received).unwrap());
    assert!(!done);
    assert_eq!(content, answer.chars().take(40).collect::<String>());

    // Non-JSON bodies are rejected and recorded.
    server.set_mode(Mode::Good);
    let response = client.post(&chat).body("{not json").send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(server.request_count(), 13);
    assert_eq!(server.requests()[0]["model"], "gpt-test");

    // Transcriptions and models.
    let response = client
        .post(format!("{}/audio/transcriptions", server.base_url()))
        .header("content-type", "multipart/form-data; boundary=xyz")
        .body("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.ogg\"\r\n\r\nOggS\r\n--xyz--\r\n")
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["text"], TRANSCRIPT);
    assert_eq!(server.transcriptions(), 1);
    let body: Value = client
        .get(format!("{}/models", server.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"][0]["id"], "fake-model");
    server.set_mode(Mode::AlwaysServerError);
    let response = client
        .get(format!("{}/models", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);

    // Hang: the client gives up first.
    server.set_mode(Mode::Hang);
    let hung = client
        .post(&chat)
        .timeout(std::time::Duration::from_millis(200))
        .json(&request(false))
        .send()
        .await;
    assert!(hung.unwrap_err().is_timeout());
}

//! A small fake OpenAI-compatible HTTP server for integration tests (axum on 127.0.0.1, ephemeral port).

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use futures_util::stream;
use serde_json::{Value, json};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::task::JoinHandle;

const CREATED: u64 = 1_700_000_000;
const PIECE_CHARS: usize = 20;
/// OpenAI error body fields: message, type, param, code.
type ErrorSpec = (&'static str, &'static str, Option<&'static str>, Option<&'static str>);
const RATE_LIMITED: ErrorSpec = ("rate limited", "requests", None, Some("rate_limit_exceeded"));
const SERVER_ERROR: ErrorSpec = (
    "The server had an error while processing your request.",
    "server_error",
    None,
    None,
);
const NOT_JSON: ErrorSpec = ("request body is not valid JSON", "invalid_request_error", None, None);
const HUNG: ErrorSpec = ("fake OpenAI hung for an hour", "server_error", None, None);
const SCHEMA_UNSUPPORTED: ErrorSpec = (
    "response_format json_schema is not supported",
    "invalid_request_error",
    Some("response_format"),
    None,
);
const CONTEXT_TOO_LONG: ErrorSpec = (
    "This model's maximum context length is 4096 tokens.",
    "invalid_request_error",
    Some("messages"),
    Some("context_length_exceeded"),
);
/// What llama-cpp-python 0.3.36 answers to a `response_format` of type `json_schema`: HTTP 500
/// with a validation error naming the field and the value.
const LLAMA_CPP_PYTHON_500: &str = r#"{"error":{"message":"[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema', 'ctx': {'expected': \"'text' or 'json_object'\"}}]","type":"internal_server_error","param":null,"code":null}}"#;
/// The fixed text every transcription request gets back.
pub const TRANSCRIPT: &str = "I led the migration of our billing system and cut failed payments by half.";

/// How the server answers chat completions from now on (see `FakeOpenAi::set_mode`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Good,
    RateLimited {
        retry_after_secs: u64,
        times: usize,
    },
    ServerError {
        times: usize,
    },
    AlwaysServerError,
    Hang,
    Malformed,
    BadContent(String),
    RejectJsonSchema,
    /// As llama-cpp-python: json_schema refused with HTTP 500 and a validation-error body.
    RejectJsonSchemaWith500,
    /// json_schema requests get a bare 400 that does not name the format (as a prompt over the
    /// context length would).
    BareBadRequestForJsonSchema,
    CutStream,
}

#[derive(Default)]
struct Inner {
    mode: Mode,
    /// Chat requests answered since the mode was last set (drives `times`).
    seen_in_mode: usize,
    requests: Vec<Value>,
    transcriptions: usize,
}

struct Shared {
    inner: Mutex<Inner>,
    responder: Box<dyn Fn(&Value) -> String + Send + Sync>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub struct FakeOpenAi {
    shared: Arc<Shared>,
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl FakeOpenAi {
    /// Start with a responder: given the parsed JSON request body of a chat completion, return the assistant content.
    pub async fn start(responder: impl Fn(&Value) -> String + Send + Sync + 'static) -> FakeOpenAi {
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner::default()),
            responder: Box::new(responder),
        });
        let app = Router::new()
            .route("/v1/chat/completions", post(chat))
            .route("/v1/audio/transcriptions", post(transcribe))
            .route("/v1/models", get(models))
            .layer(DefaultBodyLimit::disable())
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake OpenAI server");
        let addr = listener.local_addr().expect("fake OpenAI server address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeOpenAi { shared, addr, task }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Takes effect for subsequent requests; the `times` counters restart from zero.
    pub fn set_mode(&self, mode: Mode) {
        let mut inner = self.shared.lock();
        inner.mode = mode;
        inner.seen_in_mode = 0;
    }

    /// Every chat-completion request body received, in order (a non-JSON body is recorded as a JSON string).
    pub fn requests(&self) -> Vec<Value> {
        self.shared.lock().requests.clone()
    }

    pub fn request_count(&self) -> usize {
        self.shared.lock().requests.len()
    }

    pub fn transcriptions(&self) -> usize {
        self.shared.lock().transcriptions
    }
}

impl Drop for FakeOpenAi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn chat(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let parsed = serde_json::from_slice::<Value>(&body);
    let (req, id, mode, nth) = {
        let mut inner = shared.lock();
        let recorded = match &parsed {
            Ok(value) => value.clone(),
            Err(_) => Value::String(String::from_utf8_lossy(&body).into_owned()),
        };
        inner.requests.push(recorded);
        let id = inner.requests.len();
        let Ok(req) = parsed else {
            return error(StatusCode::BAD_REQUEST, NOT_JSON);
        };
        inner.seen_in_mode += 1;
        (req, id, inner.mode.clone(), inner.seen_in_mode)
    };
    let streaming = req.get("stream").and_then(Value::as_bool) == Some(true);
    let wants_schema = req.pointer("/response_format/type").and_then(Value::as_str) == Some("json_schema");
    match mode {
        Mode::RateLimited {
            retry_after_secs,
            times,
        } if nth <= times => {
            let mut response = error(StatusCode::TOO_MANY_REQUESTS, RATE_LIMITED);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            response
        }
        Mode::ServerError { times } if nth <= times => error(StatusCode::INTERNAL_SERVER_ERROR, SERVER_ERROR),
        Mode::AlwaysServerError => error(StatusCode::INTERNAL_SERVER_ERROR, SERVER_ERROR),
        Mode::Hang => hang().await,
        Mode::Malformed => (
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"id": "x", "choices": [ {"#,
        )
            .into_response(),
        Mode::RejectJsonSchema if wants_schema => error(StatusCode::BAD_REQUEST, SCHEMA_UNSUPPORTED),
        Mode::BareBadRequestForJsonSchema if wants_schema => error(StatusCode::BAD_REQUEST, CONTEXT_TOO_LONG),
        Mode::RejectJsonSchemaWith500 if wants_schema => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "application/json")],
            LLAMA_CPP_PYTHON_500,
        )
            .into_response(),
        Mode::CutStream if streaming => sse(&req, id, &(shared.responder)(&req), true),
        Mode::BadContent(content) if streaming => sse(&req, id, &content, false),
        Mode::BadContent(content) => completion(&req, id, &content),
        _ if streaming => sse(&req, id, &(shared.responder)(&req), false),
        _ => completion(&req, id, &(shared.responder)(&req)),
    }
}

fn completion(req: &Value, id: usize, content: &str) -> Response {
    let (prompt, completion) = (prompt_words(req), words(content));
    Json(json!({
        "id": format!("chatcmpl-{id}"), "object": "chat.completion", "created": CREATED, "model": model(req),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop", "logprobs": null}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
    }))
    .into_response()
}

/// Server-sent events; when `cut`, at most two content chunks are sent and then the body fails mid-stream.
fn sse(req: &Value, id: usize, content: &str, cut: bool) -> Response {
    let chunk = |choices: Value, usage: Option<Value>| {
        let mut event = json!({"id": format!("chatcmpl-{id}"), "object": "chat.completion.chunk",
                               "created": CREATED, "model": model(req), "choices": choices});
        if let Some(usage) = usage {
            event["usage"] = usage;
        }
        Ok::<_, io::Error>(Bytes::from(format!("data: {event}\n\n")))
    };
    let chars: Vec<char> = content.chars().collect();
    let mut pieces: Vec<String> = chars.chunks(PIECE_CHARS).map(|piece| piece.iter().collect()).collect();
    if pieces.is_empty() {
        pieces.push(String::new());
    }
    let mut events: Vec<_> = pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let delta = if i == 0 {
                json!({"role": "assistant", "content": piece})
            } else {
                json!({"content": piece})
            };
            chunk(json!([{"index": 0, "delta": delta, "finish_reason": null}]), None)
        })
        .collect();
    let body = if cut {
        events.truncate(2);
        let abort = stream::once(async {
            // Give hyper a moment to flush the chunks already sent before the connection is torn down.
            tokio::time::sleep(Duration::from_millis(50)).await;
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "fake OpenAI cut the stream",
            ))
        });
        Body::from_stream(stream::iter(events).chain(abort))
    } else {
        events.push(chunk(json!([{"index": 0, "delta": {}, "finish_reason": "stop"}]), None));
        if req.pointer("/stream_options/include_usage").and_then(Value::as_bool) == Some(true) {
            let (prompt, completion) = (prompt_words(req), words(content));
            let usage = json!({"prompt_tokens": prompt, "completion_tokens": completion,
                               "total_tokens": prompt + completion});
            events.push(chunk(json!([]), Some(usage)));
        }
        events.push(Ok(Bytes::from_static(b"data: [DONE]\n\n")));
        Body::from_stream(stream::iter(events))
    };
    let headers = [
        (header::CONTENT_TYPE, "text/event-stream"),
        (header::CACHE_CONTROL, "no-cache"),
    ];
    (headers, body).into_response()
}

async fn transcribe(State(shared): State<Arc<Shared>>, _body: Bytes) -> Response {
    shared.lock().transcriptions += 1;
    Json(json!({"text": TRANSCRIPT})).into_response()
}

async fn models(State(shared): State<Arc<Shared>>) -> Response {
    let mode = shared.lock().mode.clone();
    match mode {
        Mode::Hang => hang().await,
        Mode::AlwaysServerError => error(StatusCode::INTERNAL_SERVER_ERROR, SERVER_ERROR),
        _ => Json(json!({"object": "list", "data": [
            {"id": "fake-model", "object": "model", "created": CREATED, "owned_by": "tests"}
        ]}))
        .into_response(),
    }
}

async fn hang() -> Response {
    tokio::time::sleep(Duration::from_secs(3600)).await;
    error(StatusCode::GATEWAY_TIMEOUT, HUNG)
}

fn error(status: StatusCode, (message, kind, param, code): ErrorSpec) -> Response {
    let body = json!({"error": {"message": message, "type": kind, "param": param, "code": code}});
    (status, Json(body)).into_response()
}

fn model(req: &Value) -> Value {
    req.get("model").cloned().unwrap_or_else(|| json!("fake-model"))
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Words in every message's content, whether a plain string or an array of `{"type":"text","text":...}` parts.
fn prompt_words(req: &Value) -> usize {
    let Some(messages) = req.get("messages").and_then(Value::as_array) else {
        return 0;
    };
    let content_words = |content: Option<&Value>| match content {
        Some(Value::String(text)) => words(text),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|part| part.get("text").and_then(Value::as_str))
            .map(words)
            .sum(),
        _ => 0,
    };
    messages
        .iter()
        .map(|message| content_words(message.get("content")))
        .sum()
}

// ----- reading our grading requests (for responders) --------------------------------------

/// The candidate's answer as the grader was shown it.
pub fn answer_of(req: &Value) -> String {
    let user = req["messages"][1]["content"].as_str().unwrap_or("");
    user.split("<candidate_answer>")
        .nth(1)
        .and_then(|r| r.split("</candidate_answer>").next())
        .unwrap_or("")
        .trim()
        .to_string()
}

pub fn system_of(req: &Value) -> String {
    req["messages"][0]["content"].as_str().unwrap_or("").to_string()
}

/// Our rubric lines in a grading prompt ("- key (label): max N") as (key, max).
pub fn rubric_of(req: &Value) -> Vec<(String, f64)> {
    system_of(req)
        .lines()
        .filter_map(|l| {
            let l = l.strip_prefix("- ")?;
            let (key, rest) = l.split_once(" (")?;
            let max: f64 = rest.rsplit_once("max ")?.1.trim().parse().ok()?;
            Some((key.to_string(), max))
        })
        .collect()
}

//! Any OpenAI-compatible model (OpenAI, Ollama, llama.cpp's server, vLLM…) through async-openai
//! with a custom `api_base`. This module knows HTTP, JSON and streams, nothing of interviews:
//! the domain modules build prompts and validate answers. Every call has a deadline, retries
//! what is worth retrying (see `transport`), and feeds a circuit breaker; every failure comes
//! back as an [`LlmError`] so callers fall back to the offline engine.

mod breaker;
pub mod json;
pub mod prompts;
mod transport;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use futures_util::StreamExt;
pub use prompts::{PromptError, Prompts};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

/// Connection settings (from the environment, see `Config`).
#[derive(Clone)]
pub struct LlmSettings {
    pub base_url: String,
    pub api_key: Option<String>,
    pub model: String,
    pub transcribe_model: String,
    pub timeout: Duration,
    pub retries: u32,
    pub failures_to_open: u32,
    pub cooldown: Duration,
}

impl std::fmt::Debug for LlmSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmSettings")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("model", &self.model)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    #[error("the model is paused after repeated failures")]
    BreakerOpen,
    #[error("the model did not answer in time")]
    Timeout,
    #[error("the model server answered with an error: {0}")]
    Server(String),
    #[error("cannot reach the model server: {0}")]
    Network(String),
    #[error("the model's reply could not be used: {0}")]
    BadOutput(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

impl LlmError {
    /// Faults of the server or the network count towards the circuit breaker; a reply we could
    /// not use counts too (a model that only returns garbage is as unusable as a dead one).
    fn is_fault(&self) -> bool {
        !matches!(self, LlmError::BreakerOpen)
    }
}

/// Tokens used, summed over calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Usage {
    pub prompt: u64,
    pub completion: u64,
    pub calls: u64,
}

impl Usage {
    pub fn total(&self) -> u64 {
        self.prompt + self.completion
    }
    pub fn add(&mut self, o: Usage) {
        self.prompt += o.prompt;
        self.completion += o.completion;
        self.calls += o.calls;
    }
}

/// How structured output is requested. Servers differ: we step down when a server refuses the
/// `response_format` (see [`refuses_response_format`]), and the hook set with
/// [`Llm::on_step_down`] keeps the step so a restart does not probe again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum JsonMode {
    Schema = 0,
    Object = 1,
    Plain = 2,
}

impl JsonMode {
    fn from_u8(v: u8) -> JsonMode {
        match v {
            0 => JsonMode::Schema,
            1 => JsonMode::Object,
            _ => JsonMode::Plain,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            JsonMode::Schema => "json_schema",
            JsonMode::Object => "json_object",
            JsonMode::Plain => "plain text",
        }
    }
    /// The mode a [`JsonMode::label`] names.
    pub fn from_label(label: &str) -> Option<JsonMode> {
        [JsonMode::Schema, JsonMode::Object, JsonMode::Plain]
            .into_iter()
            .find(|m| m.label() == label)
    }
    fn next(self) -> JsonMode {
        match self {
            JsonMode::Schema => JsonMode::Object,
            _ => JsonMode::Plain,
        }
    }
}

/// Did the server refuse the request's `response_format`? 400 and 422 always mean the request
/// was refused as sent; any other 4xx/5xx does when its body names the field or its value
/// (llama-cpp-python answers an unsupported `json_schema` with HTTP 500 and a validation error
/// naming both). A rate limit never does.
pub fn refuses_response_format(status: u16, body: &str) -> bool {
    match status {
        400 | 422 => true,
        429 => false,
        400..=599 => names_response_format(body),
        _ => false,
    }
}

fn names_response_format(body: &str) -> bool {
    body.contains("response_format") || body.contains("json_schema")
}

/// A server error whose body shows the request itself was refused (a validation error, or the
/// `response_format` named): sending the same request again gets the same answer.
pub(crate) fn permanent_server_error(body: &str) -> bool {
    names_response_format(body) || body.to_ascii_lowercase().contains("validation error")
}

type StepHook = Box<dyn Fn(JsonMode) -> futures_util::future::BoxFuture<'static, ()> + Send + Sync>;

/// One JSON request: the messages, the schema, and the check of the reply.
pub struct JsonCall<'a> {
    pub system: &'a str,
    pub user: &'a str,
    pub schema_name: &'a str,
    pub schema: &'a Value,
    pub temperature: f32,
    pub max_tokens: u32,
}

pub struct Llm {
    client: Client<OpenAIConfig>,
    pub settings: LlmSettings,
    breaker: breaker::Breaker,
    mode: AtomicU8,
    on_step: std::sync::OnceLock<StepHook>,
}

impl Llm {
    pub fn new(settings: LlmSettings) -> Result<Llm, LlmError> {
        let http = reqwest::Client::builder()
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| LlmError::Client(e.to_string()))?;
        let service = transport::Retrying::new(http, settings.timeout, settings.retries);
        let mut config = OpenAIConfig::new().with_api_base(settings.base_url.trim_end_matches('/'));
        // Local servers need no key; async-openai then sends none.
        config = config.with_api_key(settings.api_key.clone().unwrap_or_default());
        let client = Client::with_config(config).with_http_service(service);
        Ok(Llm {
            client,
            breaker: breaker::Breaker::new(settings.failures_to_open, settings.cooldown),
            settings,
            mode: AtomicU8::new(JsonMode::Schema as u8),
            on_step: std::sync::OnceLock::new(),
        })
    }

    /// Start in a mode found earlier (remembered for this model).
    pub fn start_in(&self, mode: JsonMode) {
        self.mode.store(mode as u8, Ordering::Relaxed);
    }

    /// Awaited once for each step down whose refusal named the format, with the new mode (to
    /// remember it), before the call goes on. Set once.
    pub fn on_step_down(
        &self,
        hook: impl Fn(JsonMode) -> futures_util::future::BoxFuture<'static, ()> + Send + Sync + 'static,
    ) {
        let _ = self.on_step.set(Box::new(hook));
    }

    /// "model at host" for /status and logs (never the key).
    pub fn describe(&self) -> String {
        let host = self
            .settings
            .base_url
            .split("://")
            .nth(1)
            .unwrap_or(&self.settings.base_url)
            .split('/')
            .next()
            .unwrap_or("");
        format!("{} at {}", self.settings.model, host)
    }

    pub fn json_mode(&self) -> JsonMode {
        JsonMode::from_u8(self.mode.load(Ordering::Relaxed))
    }

    /// The breaker's opening number while it is open.
    pub fn paused(&self) -> Option<u64> {
        self.breaker.open()
    }

    pub fn openings(&self) -> u64 {
        self.breaker.openings()
    }

    fn record<T>(&self, r: &Result<T, LlmError>) {
        match r {
            Ok(_) => self.breaker.success(),
            Err(e) if e.is_fault() => {
                self.breaker.failure();
            }
            Err(_) => {}
        }
    }

    /// A JSON object from the model, checked by `validate` (which may also normalise it).
    /// Degrades json_schema → json_object → plain when the server refuses the format, retries
    /// once with the validation error (its `Display` is shown to the model), and adds the
    /// tokens of every call to `usage`.
    pub async fn json<E: std::fmt::Display>(
        &self,
        call: &JsonCall<'_>,
        usage: &mut Usage,
        validate: impl Fn(Value) -> Result<Value, E>,
    ) -> Result<Value, LlmError> {
        if !self.breaker.allow() {
            return Err(LlmError::BreakerOpen);
        }
        let r = self.json_inner(call, usage, validate).await;
        self.record(&r);
        r
    }

    async fn json_inner<E: std::fmt::Display>(
        &self,
        call: &JsonCall<'_>,
        usage: &mut Usage,
        validate: impl Fn(Value) -> Result<Value, E>,
    ) -> Result<Value, LlmError> {
        let mut extra: Vec<Value> = Vec::new();
        let mut corrected = false;
        loop {
            let mode = self.json_mode();
            let mut system = call.system.to_string();
            if mode == JsonMode::Plain {
                system.push_str("\n\nReply with only a JSON object that matches this JSON schema:\n");
                system.push_str(&call.schema.to_string());
            }
            let mut messages = vec![
                json!({"role": "system", "content": system}),
                json!({"role": "user", "content": call.user}),
            ];
            messages.extend(extra.iter().cloned());
            let mut body = json!({
                "model": self.settings.model,
                "messages": messages,
                "temperature": call.temperature,
                "max_tokens": call.max_tokens,
                "stream": false,
            });
            match mode {
                JsonMode::Schema => {
                    body["response_format"] = json!({
                        "type": "json_schema",
                        "json_schema": {"name": call.schema_name, "schema": call.schema, "strict": false}
                    })
                }
                JsonMode::Object => body["response_format"] = json!({"type": "json_object"}),
                JsonMode::Plain => {}
            }
            let reply = match self.create(body).await {
                Ok(v) => v,
                Err((Some(status), msg)) if mode != JsonMode::Plain && refuses_response_format(status, &msg) => {
                    let next = mode.next();
                    tracing::info!(from = mode.label(), to = next.label(), status, error = %clip(&msg, 300), "server refused the response format; stepping down");
                    let stepped = self
                        .mode
                        .compare_exchange(mode as u8, next as u8, Ordering::Relaxed, Ordering::Relaxed)
                        .is_ok();
                    // Kept across restarts only when the server named the format: a bare 400
                    // (a prompt over the context length, say) steps down for this process only.
                    if stepped
                        && names_response_format(&msg)
                        && let Some(hook) = self.on_step.get()
                    {
                        hook(next).await;
                    }
                    continue;
                }
                Err((_, msg)) if msg == TIMEOUT => return Err(LlmError::Timeout),
                Err((Some(status), msg)) => {
                    return Err(LlmError::Server(format!("HTTP {status}: {}", clip(&msg, 200))));
                }
                Err((None, msg)) => return Err(LlmError::Network(clip(&msg, 200))),
            };
            let used = usage_of(&reply);
            tracing::info!(
                schema = call.schema_name,
                mode = mode.label(),
                prompt_tokens = used.prompt,
                completion_tokens = used.completion,
                "LLM call"
            );
            usage.add(used);
            let content = reply["choices"][0]["message"]["content"]
                .as_str()
                .unwrap_or("")
                .to_string();
            // What the model is told on a retry, and what `BadOutput` carries.
            let checked = json::extract_object(&content)
                .map_err(|e| e.to_string())
                .and_then(|v| validate(v).map_err(|e| e.to_string()));
            match checked {
                Ok(v) => return Ok(v),
                Err(e) if !corrected => {
                    tracing::info!(error = %e, "model reply failed validation; asking once more");
                    corrected = true;
                    extra.push(json!({"role": "assistant", "content": clip(&content, 4000)}));
                    extra.push(json!({"role": "user", "content": format!(
                        "That reply could not be used: {e}. Reply again with only the corrected JSON object."
                    )}));
                }
                Err(e) => return Err(LlmError::BadOutput(e)),
            }
        }
    }

    /// One non-streaming completion; errors as (HTTP status, message).
    async fn create(&self, body: Value) -> Result<Value, (Option<u16>, String)> {
        // The transport bounds attempts; this bounds reading the body as well.
        let budget = self.settings.timeout + Duration::from_secs(1);
        match tokio::time::timeout(budget, self.client.chat().create_byot::<Value, Value>(body)).await {
            Err(_) => Err((None, TIMEOUT.into())),
            Ok(Ok(v)) => {
                if v["choices"].as_array().is_some_and(|c| !c.is_empty()) {
                    Ok(v)
                } else {
                    Err((Some(200), "a reply without choices".into()))
                }
            }
            Ok(Err(e)) => Err(classify(e)),
        }
    }

    /// A streamed text reply: `on_piece` gets the text so far each time it grows. A stream that
    /// breaks off returns what arrived with an error, so callers can keep or replace it.
    pub async fn stream_text(
        &self,
        system: &str,
        user: &str,
        max_tokens: u32,
        usage: &mut Usage,
        mut on_piece: impl FnMut(&str),
    ) -> Result<String, (String, LlmError)> {
        if !self.breaker.allow() {
            return Err((String::new(), LlmError::BreakerOpen));
        }
        let body = json!({
            "model": self.settings.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "temperature": 0.4,
            "max_tokens": max_tokens,
            "stream": true,
            "stream_options": {"include_usage": true},
        });
        let r = self.stream_inner(body, usage, &mut on_piece).await;
        let as_result: Result<(), LlmError> = r.as_ref().map(|_| ()).map_err(|(_, e)| e.clone());
        self.record(&as_result);
        r
    }

    async fn stream_inner(
        &self,
        body: Value,
        usage: &mut Usage,
        on_piece: &mut impl FnMut(&str),
    ) -> Result<String, (String, LlmError)> {
        let timeout = self.settings.timeout;
        let started = tokio::time::timeout(timeout, self.client.chat().create_stream_byot::<Value, Value>(body)).await;
        let mut stream = match started {
            Err(_) => return Err((String::new(), LlmError::Timeout)),
            Ok(Err(e)) => {
                let (status, msg) = classify(e);
                return Err((
                    String::new(),
                    match status {
                        Some(s) => LlmError::Server(format!("HTTP {s}: {}", clip(&msg, 200))),
                        None if msg == TIMEOUT => LlmError::Timeout,
                        None => LlmError::Network(clip(&msg, 200)),
                    },
                ));
            }
            Ok(Ok(s)) => s,
        };
        let mut text = String::new();
        let mut counted = false;
        loop {
            // Each chunk must come within the timeout; the whole reply within four times it.
            match tokio::time::timeout(timeout, stream.next()).await {
                Err(_) => return Err((text, LlmError::Timeout)),
                Ok(None) => break,
                Ok(Some(Err(e))) => return Err((text, LlmError::Network(clip(&e.to_string(), 200)))),
                Ok(Some(Ok(chunk))) => {
                    if let Some(piece) = chunk["choices"][0]["delta"]["content"].as_str()
                        && !piece.is_empty()
                    {
                        text.push_str(piece);
                        on_piece(&text);
                    }
                    if chunk["usage"].is_object() {
                        usage.add(usage_of(&chunk));
                        counted = true;
                    }
                }
            }
        }
        if !counted {
            // Servers that report no usage in streams: count the call, estimate the reply.
            usage.add(Usage {
                prompt: 0,
                completion: estimate_tokens(&text),
                calls: 1,
            });
        }
        if text.trim().is_empty() {
            return Err((text, LlmError::BadOutput("an empty reply".into())));
        }
        Ok(text)
    }

    /// Speech to text through the same provider.
    pub async fn transcribe(&self, file_name: &str, bytes: Vec<u8>) -> Result<String, LlmError> {
        use async_openai::types::audio::CreateTranscriptionRequestArgs;
        if !self.breaker.allow() {
            return Err(LlmError::BreakerOpen);
        }
        let req = CreateTranscriptionRequestArgs::default()
            .file(async_openai::types::audio::AudioInput::from_vec_u8(
                file_name.to_string(),
                bytes,
            ))
            .model(self.settings.transcribe_model.clone())
            .build()
            .map_err(|e| LlmError::BadOutput(e.to_string()))?;
        let budget = self.settings.timeout + Duration::from_secs(1);
        // Servers differ in what they add beside `text` (usage, logprobs…): read it as a value.
        let audio = self.client.audio();
        let transcriptions = audio.transcription();
        let call = transcriptions.create_byot::<_, Value>(req);
        let r = match tokio::time::timeout(budget, call).await {
            Err(_) => Err(LlmError::Timeout),
            Ok(Ok(v)) if v["text"].as_str().is_some_and(|t| !t.trim().is_empty()) => {
                Ok(v["text"].as_str().unwrap_or_default().trim().to_string())
            }
            Ok(Ok(_)) => Err(LlmError::BadOutput("an empty transcript".into())),
            Ok(Err(e)) => Err(match classify(e) {
                (Some(s), m) => LlmError::Server(format!("HTTP {s}: {}", clip(&m, 200))),
                (None, m) => LlmError::Network(clip(&m, 200)),
            }),
        };
        self.record(&r);
        r
    }

    /// One tiny structured call (what `coach doctor` runs): finds the JSON mode that works.
    pub async fn probe(&self) -> Result<Usage, LlmError> {
        let schema = json!({"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]});
        let call = JsonCall {
            system: "You check that a service works. Reply with JSON only.",
            user: "Reply with the JSON object {\"ok\": true}.",
            schema_name: "probe",
            schema: &schema,
            temperature: 0.0,
            max_tokens: 20,
        };
        let mut usage = Usage::default();
        self.json(&call, &mut usage, |v| {
            if v.get("ok").is_some() {
                Ok(v)
            } else {
                Err("missing \"ok\"")
            }
        })
        .await?;
        Ok(usage)
    }

    /// Does the endpoint answer? Lists models (cheap, no tokens).
    pub async fn ping(&self, budget: Duration) -> Result<Vec<String>, LlmError> {
        match tokio::time::timeout(budget, self.client.models().list()).await {
            Err(_) => Err(LlmError::Timeout),
            Ok(Ok(list)) => Ok(list.data.into_iter().map(|m| m.id).collect()),
            Ok(Err(e)) => Err(match classify(e) {
                (Some(s), m) => LlmError::Server(format!("HTTP {s}: {}", clip(&m, 200))),
                (None, m) => LlmError::Network(clip(&m, 200)),
            }),
        }
    }
}

const TIMEOUT: &str = "timeout";

fn classify(e: OpenAIError) -> (Option<u16>, String) {
    match e {
        OpenAIError::ApiError(r) => (Some(r.status_code.as_u16()), r.api_error.message),
        OpenAIError::Reqwest(e) if e.is_timeout() => (None, TIMEOUT.into()),
        OpenAIError::Reqwest(e) => (e.status().map(|s| s.as_u16()), e.to_string()),
        OpenAIError::InvalidArgument(m) if m.starts_with("no answer within") => (None, TIMEOUT.into()),
        OpenAIError::JSONDeserialize(_, content) => (Some(200), format!("unreadable reply: {}", clip(&content, 120))),
        other => (None, other.to_string()),
    }
}

fn usage_of(v: &Value) -> Usage {
    let u = &v["usage"];
    Usage {
        prompt: u["prompt_tokens"].as_u64().unwrap_or(0),
        completion: u["completion_tokens"].as_u64().unwrap_or(0),
        calls: 1,
    }
}

/// Rough token count (about four characters per token) where a server reports none.
pub fn estimate_tokens(s: &str) -> u64 {
    (s.chars().count() as u64).div_ceil(4)
}

/// The prompt tokens of a chat-completions request body (every message's content) by the same
/// estimate: what the token benchmarks and their tests compare.
pub fn estimate_request_tokens(req: &serde_json::Value) -> u64 {
    req["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|m| estimate_tokens(m["content"].as_str().unwrap_or("")))
                .sum()
        })
        .unwrap_or(0)
}

pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

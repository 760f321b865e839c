//! The HTTP path under async-openai: one tower service that sends a request, bounds each
//! attempt by the call's deadline, and retries 429, 5xx and connection errors with exponential
//! backoff and jitter, honouring `Retry-After` (seconds) and `retry-after-ms`. A wait that would
//! pass the deadline is not taken: the last response goes back at once so the caller can fall
//! back to the offline engine instead of keeping the user waiting. A 5xx whose body shows the
//! request itself was refused (a validation error: llama-cpp-python answers an unsupported
//! `response_format` so) is not retried: the same request would meet the same refusal.

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use reqwest::Response;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Instant;

#[derive(Clone)]
pub struct Retrying {
    http: reqwest::Client,
    /// Budget of one call, all attempts and waits included.
    pub budget: Duration,
    pub max_retries: u32,
    /// First backoff step (doubled per retry).
    pub base_delay: Duration,
}

impl Retrying {
    pub fn new(http: reqwest::Client, budget: Duration, max_retries: u32) -> Retrying {
        Retrying {
            http,
            budget,
            max_retries,
            base_delay: Duration::from_millis(250),
        }
    }
}

/// Why an attempt failed in a way worth retrying, and how long the server asked us to wait.
fn retry_after(resp: &Response) -> Option<Duration> {
    let h = resp.headers();
    if let Some(ms) = h
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
    {
        return Some(Duration::from_secs_f64((ms / 1000.0).clamp(0.0, 3600.0)));
    }
    h.get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|s| Duration::from_secs_f64(s.clamp(0.0, 3600.0)))
}

/// Read a server error's body (it is small) and hand back an equal response, saying whether the
/// error is permanent (see [`super::permanent_server_error`]).
async fn read_whole(resp: Response, deadline: Instant) -> Result<(Response, bool), OpenAIError> {
    let status = resp.status();
    let version = resp.version();
    let headers = resp.headers().clone();
    let left = deadline.saturating_duration_since(Instant::now());
    let bytes = match tokio::time::timeout(left, resp.bytes()).await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return Err(OpenAIError::Reqwest(e)),
        Err(_) => return Err(OpenAIError::InvalidArgument("no answer within the deadline".into())),
    };
    let permanent = super::permanent_server_error(&String::from_utf8_lossy(&bytes));
    let mut rebuilt = http::Response::new(bytes);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok((Response::from(rebuilt), permanent))
}

fn retryable_status(resp: &Response) -> bool {
    resp.status().as_u16() == 429 || resp.status().is_server_error()
}

impl tower::Service<HttpRequestFactory> for Retrying {
    type Response = Response;
    type Error = OpenAIError;
    type Future = Pin<Box<dyn Future<Output = Result<Response, OpenAIError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let this = self.clone();
        Box::pin(async move {
            let deadline = Instant::now() + this.budget;
            let mut attempt: u32 = 0;
            loop {
                let request = factory.build().await?;
                let left = deadline.saturating_duration_since(Instant::now());
                let outcome = tokio::time::timeout(left, this.http.execute(request)).await;
                let (wait, last) = match outcome {
                    Err(_) => {
                        return Err(OpenAIError::InvalidArgument(format!(
                            "no answer within {} s",
                            this.budget.as_secs_f64()
                        )));
                    }
                    Ok(Ok(resp)) if !retryable_status(&resp) => return Ok(resp),
                    Ok(Ok(resp)) if resp.status().is_server_error() => match read_whole(resp, deadline).await {
                        Ok((resp, true)) => return Ok(resp),
                        Ok((resp, false)) => (retry_after(&resp), Ok(resp)),
                        Err(e) => (None, Err(e)),
                    },
                    Ok(Ok(resp)) => (retry_after(&resp), Ok(resp)),
                    Ok(Err(e)) if e.is_connect() || e.is_request() => (None, Err(OpenAIError::Reqwest(e))),
                    Ok(Err(e)) => return Err(OpenAIError::Reqwest(e)),
                };
                if attempt >= this.max_retries {
                    return last;
                }
                let backoff = this.base_delay * 2u32.saturating_pow(attempt);
                let jitter = Duration::from_millis(fastrand::u64(0..=backoff.as_millis() as u64 / 4 + 1));
                let wait = wait.unwrap_or(backoff + jitter);
                if Instant::now() + wait >= deadline {
                    tracing::warn!(
                        wait_ms = wait.as_millis() as u64,
                        "LLM retry would pass the deadline; giving up"
                    );
                    return last;
                }
                if let Ok(resp) = &last {
                    tracing::warn!(
                        status = resp.status().as_u16(),
                        wait_ms = wait.as_millis() as u64,
                        "LLM call retried"
                    );
                } else {
                    tracing::warn!(wait_ms = wait.as_millis() as u64, "LLM connection failed; retrying");
                }
                drop(last);
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
        })
    }
}

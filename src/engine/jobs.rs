//! The engine's side of the durable scheduler: a due job runs as a turn of its user (under the
//! user's lock), removes itself in that turn's batch, and its replies are pushed to the place the
//! job names.

use super::context::{Inner, Push};
use super::event::Sender;
use super::interview_turns;
use super::turn::Turn;
use crate::scheduler::{self, BoxFuture, Job, JobHandler, JobKind};
use std::sync::Arc;

pub(crate) struct Handler {
    pub inner: Arc<Inner>,
}

impl JobHandler for Handler {
    fn fire(&self, key: Vec<u8>, job: Job) -> BoxFuture {
        let inner = self.inner.clone();
        Box::pin(async move { fire(&inner, key, job).await })
    }
}

async fn fire(inner: &Inner, key: Vec<u8>, job: Job) {
    let _guard = inner.locks.lock(&job.user).await;
    let now = inner.clock.now();
    let sender = Sender {
        id: String::new(),
        display_name: String::new(),
    };
    type Outcome = (Vec<super::reply::Reply>, Option<super::event::Payload>);
    let outcome: Result<Outcome, super::error::TurnError> = async {
        let mut t = Turn::begin_job(inner, job.user.clone(), sender, job.place.clone(), now)?;
        scheduler::cancel(&mut t.batch, &key);
        if let JobKind::Reminder { rule } = &job.kind {
            super::commands::remind::fire(&mut t, &key, rule).await?;
            return Ok((t.finish().await?, None));
        }
        let session_id = match &job.kind {
            JobKind::Booking { booking, step } => {
                super::commands::schedule::fire(&mut t, &key, booking, *step).await?;
                let then = t.in_private_thread.take();
                return Ok((t.finish().await?, then));
            }
            JobKind::Interview { session }
            | JobKind::QuestionWarning { session, .. }
            | JobKind::QuestionTimeout { session, .. }
            | JobKind::InterviewCap { session } => session.clone(),
            JobKind::Reminder { .. } => String::new(),
        };
        if let Some(mut s) = t.session(&session_id)?.filter(|s| s.is_active())
            && !super::commands::schedule::expire_if_unanswered(&mut t, &mut s).await?
        {
            interview_turns::on_alarm(&mut t, &mut s, &key).await;
        }
        Ok((t.finish().await?, None))
    }
    .await;
    match outcome {
        Ok((replies, in_private_thread)) => inner.push(Push {
            user: job.user.clone(),
            place: job.place.clone(),
            replies,
            in_private_thread,
        }),
        Err(e) => {
            tracing::error!(error = %e, "a scheduled job failed; removing it");
            let mut b = crate::store::Batch::default();
            scheduler::cancel(&mut b, &key);
            if let Err(e) = inner.store.commit(b).await {
                tracing::error!(error = %e, "could not remove a failed job; retrying in 5 s");
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            }
        }
    }
}

//! One turn: the user's state loaded at the start, the writes collected in one batch, the
//! replies. `finish` commits the batch atomically and durably before replies are returned.

use super::context::Inner;
use super::event::{Place, Sender, UserId};
use super::reply::Reply;
use crate::interview::{AnswerRecord, Session};
use crate::llm::Usage;
use crate::profile::{Profile, UsageDay, UserMeta};
use crate::store::{Batch, StoreError, keys};
use chrono::{DateTime, Utc};

pub struct Turn<'e> {
    pub(crate) e: &'e Inner,
    pub user: UserId,
    pub sender: Sender,
    pub place: Place,
    pub now: DateTime<Utc>,
    pub batch: Batch,
    pub replies: Vec<Reply>,
    pub meta: UserMeta,
    meta_dirty: bool,
    /// Answers written in this turn (not yet in the store).
    pub new_answers: Vec<AnswerRecord>,
    /// Practice cards written in this turn (key, card), read back before the store's.
    pub(crate) new_cards: Vec<(Vec<u8>, crate::practice::Card)>,
    /// Today's LLM usage of this user, loaded on first use and written at the end if changed.
    usage: Option<UsageDay>,
    usage_dirty: bool,
    /// Where replies still being written go (adapters that can edit messages pass one).
    pub(crate) progress: Option<tokio::sync::mpsc::UnboundedSender<super::reply::Partial>>,
    next_stream: u32,
    /// What the turn's push continues with in a private thread (`Push::in_private_thread`).
    pub(crate) in_private_thread: Option<super::event::Payload>,
}

impl<'e> Turn<'e> {
    /// A turn started by the user.
    pub(crate) fn begin(
        e: &'e Inner,
        user: UserId,
        sender: Sender,
        place: Place,
        now: DateTime<Utc>,
    ) -> Result<Turn<'e>, StoreError> {
        let mut t = Self::begin_job(e, user, sender, place, now)?;
        if t.meta.created_at.is_none() {
            t.meta.created_at = Some(now);
            t.meta_dirty = true;
        }
        let name: String = t
            .sender
            .display_name
            .chars()
            .filter(|c| !c.is_control())
            .take(64)
            .collect();
        if !name.is_empty() && t.meta.display_name != name {
            t.meta.display_name = name;
            t.meta_dirty = true;
        }
        Ok(t)
    }

    /// A turn started by a timer: it never creates user records by itself.
    pub(crate) fn begin_job(
        e: &'e Inner,
        user: UserId,
        sender: Sender,
        place: Place,
        now: DateTime<Utc>,
    ) -> Result<Turn<'e>, StoreError> {
        let meta: UserMeta = e.store.get_shared(&keys::meta(&user))?.unwrap_or_default();
        Ok(Turn {
            e,
            user,
            sender,
            place,
            now,
            batch: Batch::default(),
            replies: Vec::new(),
            meta,
            meta_dirty: false,
            new_answers: Vec::new(),
            new_cards: Vec::new(),
            usage: None,
            usage_dirty: false,
            progress: None,
            next_stream: 0,
            in_private_thread: None,
        })
    }

    /// A new progressive stream id for this turn.
    pub(crate) fn new_stream(&mut self) -> u32 {
        self.next_stream += 1;
        self.next_stream
    }

    /// Show a reply still being written (no-op without a listener).
    pub(crate) fn partial(&self, stream: u32, text: &str) {
        if let Some(tx) = &self.progress {
            let _ = tx.send(super::reply::Partial {
                stream,
                text: text.to_string(),
            });
        }
    }

    pub fn reply(&mut self, r: Reply) {
        self.replies.push(r);
    }

    pub fn meta_mut(&mut self) -> &mut UserMeta {
        self.meta_dirty = true;
        &mut self.meta
    }

    pub fn profile(&self) -> Result<Profile, StoreError> {
        Ok(self.e.store.get(&keys::profile(&self.user))?.unwrap_or_default())
    }

    pub fn save_profile(&mut self, p: &Profile) {
        self.batch.put(&keys::profile(&self.user), p);
    }

    pub fn session(&self, id: &str) -> Result<Option<Session>, StoreError> {
        self.e.store.get_shared(&keys::session(&self.user, id))
    }

    pub fn active_session(&self) -> Result<Option<Session>, StoreError> {
        match &self.meta.active_session {
            Some(id) => Ok(self.session(id)?.filter(|s| s.is_active())),
            None => Ok(None),
        }
    }

    /// An interview in progress stays decoded in memory for its next turn (see
    /// `Batch::put_shared`); a finished one does not.
    pub fn save_session(&mut self, s: &Session) {
        let key = keys::session(&self.user, &s.id);
        if s.is_active() {
            self.batch.put_shared(&key, s);
        } else {
            self.batch.put(&key, s);
        }
    }

    /// An answer record is written before the session that refers to it (no intent record
    /// needed): until the session moves past its turn number, readers ignore it.
    pub fn save_answer(&mut self, a: AnswerRecord) {
        self.batch.put_fresh(&keys::answer(&self.user, &a.session, a.seq), &a);
        self.new_answers.retain(|x| !(x.session == a.session && x.seq == a.seq));
        self.new_answers.push(a);
    }

    /// Every committed answer of a session, plus this turn's. A stored answer to the question
    /// still open (left by a crash before its session was written) is not one.
    pub fn answers(&self, s: &Session) -> Result<Vec<AnswerRecord>, StoreError> {
        let open = s.current.as_ref().map(|c| c.seq);
        let mut v: Vec<AnswerRecord> = self
            .e
            .store
            .scan::<AnswerRecord>(&keys::answers(&self.user, &s.id))?
            .into_iter()
            .map(|(_, a)| a)
            .filter(|a| Some(a.seq) != open)
            .collect();
        for a in &self.new_answers {
            if a.session == s.id {
                v.retain(|x| x.seq != a.seq);
                v.push(a.clone());
            }
        }
        v.sort_by_key(|a| a.seq);
        Ok(v)
    }

    /// Today's LLM token use of this user.
    pub fn usage_day(&mut self) -> &UsageDay {
        let day = UsageDay::day_of(self.now);
        if self.usage.as_ref().is_none_or(|u| u.day != day) {
            let stored: Option<UsageDay> = self
                .e
                .store
                .get(&keys::usage_day(&self.user, &day))
                .unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "cannot read usage; counting from zero");
                    None
                });
            self.usage = Some(stored.unwrap_or_else(|| UsageDay::fresh(day)));
        }
        self.usage.get_or_insert_with(UsageDay::default)
    }

    /// True the first time today it is asked (and remembers the asking).
    pub fn cap_noted(&mut self) -> bool {
        self.usage_day();
        let u = self.usage.get_or_insert_with(UsageDay::default);
        let was = u.cap_noted;
        u.cap_noted = true;
        self.usage_dirty = true;
        was
    }

    /// Count tokens against the user's day and, if given, the interview.
    pub fn add_usage(&mut self, used: Usage, session: Option<&mut Session>) {
        if used.calls == 0 {
            return;
        }
        self.usage_day();
        if let Some(u) = self.usage.as_mut() {
            u.usage.add(used);
        }
        self.usage_dirty = true;
        if let Some(s) = session {
            s.tokens.add(used);
        }
    }

    /// Commit the turn's writes (atomically, durably) and hand back the replies.
    pub async fn finish(mut self) -> Result<Vec<Reply>, StoreError> {
        if self.meta_dirty {
            // Kept decoded in memory while an interview runs (its every turn reads it).
            let k = keys::meta(&self.user);
            if self.meta.active_session.is_some() {
                self.batch.put_shared(&k, &self.meta);
            } else {
                self.batch.put(&k, &self.meta);
            }
        }
        if self.usage_dirty
            && let Some(u) = &self.usage
        {
            self.batch.put(&keys::usage_day(&self.user, &u.day), u);
        }
        let batch = std::mem::take(&mut self.batch);
        self.e.store.commit(batch).await?;
        Ok(self.replies)
    }

    /// Drop all writes of this turn (used when a turn deletes everything, e.g. /forget).
    pub fn discard_meta(&mut self) {
        self.meta_dirty = false;
    }
}

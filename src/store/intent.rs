//! Atomic multi-key commits over single-key sled inserts (see the module docs of `store`).
//!
//! An intent record `w/<process nonce><seq>` holds the whole batch:
//! `count:u32, then per op: key_len:u32 key, tag:u8 (1 = put, 0 = delete), [value_len:u32 value]`.
//!
//! A batch with at most one plain write needs no intent: its `Before` ops are applied first,
//! then the plain write (the commit point), then its `After` ops. sled recovers a prefix of its
//! log, so after a crash either the commit point and everything before it is there, or the
//! commit point is not — and what `Before` left is invisible by construction (see `Batch`).
//! That is the common turn (an answer: a fresh answer record, a fresh timer, the session, a
//! stale timer removed), and it halves the bytes written.

use std::sync::atomic::{AtomicU64, Ordering};

pub const PREFIX: &[u8] = b"w/";

/// Where an op goes relative to the commit point (see `Batch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Plain,
    Before,
    After,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    pub key: Vec<u8>,
    pub value: Option<Vec<u8>>,
    pub class: Class,
}

fn encode(ops: &[Op]) -> Vec<u8> {
    let size: usize = ops
        .iter()
        .map(|op| 9 + op.key.len() + op.value.as_ref().map_or(0, |v| v.len()))
        .sum();
    let mut out = Vec::with_capacity(4 + size);
    out.extend_from_slice(&(ops.len() as u32).to_be_bytes());
    for Op { key: k, value: v, .. } in ops {
        out.extend_from_slice(&(k.len() as u32).to_be_bytes());
        out.extend_from_slice(k);
        match v {
            Some(v) => {
                out.push(1);
                out.extend_from_slice(&(v.len() as u32).to_be_bytes());
                out.extend_from_slice(v);
            }
            None => out.push(0),
        }
    }
    out
}

type Ops = Vec<Op>;

/// Why the intents a crash left behind could not be replayed.
#[derive(Debug, thiserror::Error)]
pub enum IntentError {
    #[error("truncated intent record")]
    Truncated,
    #[error("bad op tag in intent record")]
    BadTag,
    #[error(transparent)]
    Sled(#[from] sled::Error),
}

fn decode(mut b: &[u8]) -> Result<Ops, IntentError> {
    fn take<'a>(b: &mut &'a [u8], n: usize) -> Result<&'a [u8], IntentError> {
        if b.len() < n {
            return Err(IntentError::Truncated);
        }
        let (h, t) = b.split_at(n);
        *b = t;
        Ok(h)
    }
    fn u32_(b: &mut &[u8]) -> Result<usize, IntentError> {
        let s = take(b, 4)?;
        Ok(u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize)
    }
    let n = u32_(&mut b)?;
    let mut ops = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        let kl = u32_(&mut b)?;
        let k = take(&mut b, kl)?.to_vec();
        let tag = take(&mut b, 1)?[0];
        let v = match tag {
            1 => {
                let vl = u32_(&mut b)?;
                Some(take(&mut b, vl)?.to_vec())
            }
            0 => None,
            _ => return Err(IntentError::BadTag),
        };
        ops.push(Op {
            key: k,
            value: v,
            class: Class::Plain,
        });
    }
    Ok(ops)
}

fn write_ops(tree: &sled::Tree, ops: impl IntoIterator<Item = Op>) -> sled::Result<()> {
    for Op { key: k, value: v, .. } in ops {
        match v {
            Some(v) => {
                tree.insert(k, v)?;
            }
            None => {
                tree.remove(k)?;
            }
        }
    }
    Ok(())
}

/// Apply a batch atomically (with respect to crashes). A single write needs no intent.
pub fn apply(tree: &sled::Tree, seq: &AtomicU64, ops: Ops) -> sled::Result<()> {
    if ops.len() <= 1 {
        return write_ops(tree, ops);
    }
    if ops.iter().filter(|op| op.class == Class::Plain).count() <= 1 {
        let (before, rest): (Vec<Op>, Vec<Op>) = ops.into_iter().partition(|op| op.class == Class::Before);
        let (after, plain): (Vec<Op>, Vec<Op>) = rest.into_iter().partition(|op| op.class == Class::After);
        write_ops(tree, before)?;
        write_ops(tree, plain)?;
        return write_ops(tree, after);
    }
    // Keys sort by (time at start, sequence) so recovery replays in commit order.
    let n = seq.fetch_add(1, Ordering::Relaxed);
    let mut key = PREFIX.to_vec();
    key.extend_from_slice(&nonce().to_be_bytes());
    key.extend_from_slice(&n.to_be_bytes());
    tree.insert(&key, encode(&ops))?;
    write_ops(tree, ops)?;
    tree.remove(&key)?;
    Ok(())
}

/// Process start time in microseconds: distinguishes intents of successive runs.
fn nonce() -> u64 {
    static N: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *N.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros() as u64)
            .unwrap_or(0)
    })
}

/// Finish every intent left by a crash. Returns how many were replayed.
pub fn recover(tree: &sled::Tree) -> Result<usize, IntentError> {
    let mut n = 0;
    let pending: Vec<(sled::IVec, sled::IVec)> = tree.scan_prefix(PREFIX).collect::<sled::Result<_>>()?;
    for (k, v) in pending {
        let ops = decode(&v)?;
        write_ops(tree, ops)?;
        tree.remove(k)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(k: &[u8], v: Option<Vec<u8>>, class: Class) -> Op {
        Op {
            key: k.to_vec(),
            value: v,
            class,
        }
    }

    #[test]
    fn an_interrupted_commit_is_completed_on_recovery() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        tree.insert(b"gone", b"x".to_vec()).unwrap();
        let ops: Ops = vec![
            op(b"a", Some(b"1".to_vec()), Class::Plain),
            op(b"gone", None, Class::Plain),
            op(b"b", Some(vec![7; 3000]), Class::Plain),
        ];
        // A crash right after the intent was written: none of its ops applied yet.
        let mut key = PREFIX.to_vec();
        key.extend_from_slice(&1u64.to_be_bytes());
        tree.insert(&key, encode(&ops)).unwrap();
        assert_eq!(recover(&tree).unwrap(), 1);
        assert_eq!(tree.get(b"a").unwrap().unwrap().as_ref(), b"1");
        assert!(tree.get(b"gone").unwrap().is_none());
        assert_eq!(tree.get(b"b").unwrap().unwrap().len(), 3000);
        assert_eq!(tree.scan_prefix(PREFIX).count(), 0);
        // Replaying twice changes nothing.
        assert_eq!(recover(&tree).unwrap(), 0);
        assert!(decode(&encode(&ops)[..10]).is_err());
    }

    #[test]
    fn apply_leaves_no_intent_behind() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        let seq = AtomicU64::new(0);
        apply(
            &tree,
            &seq,
            vec![
                op(b"x", Some(b"1".to_vec()), Class::Plain),
                op(b"y", Some(b"2".to_vec()), Class::Plain),
            ],
        )
        .unwrap();
        assert_eq!(tree.len(), 2);
    }

    #[test]
    fn one_plain_write_needs_no_intent_and_goes_between_before_and_after() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        tree.insert(b"stale", b"x".to_vec()).unwrap();
        tree.insert(b"orphan", b"x".to_vec()).unwrap();
        let seq = AtomicU64::new(0);
        let ops = vec![
            op(b"stale", None, Class::After),
            op(b"session", Some(b"s".to_vec()), Class::Plain),
            op(b"answer", Some(b"a".to_vec()), Class::Before),
            op(b"orphan", None, Class::Before),
        ];
        apply(&tree, &seq, ops).unwrap();
        assert_eq!(seq.load(Ordering::Relaxed), 0, "no intent was written");
        assert_eq!(tree.len(), 2);
        assert!(tree.get(b"session").unwrap().is_some() && tree.get(b"answer").unwrap().is_some());
        // Two plain writes: an intent again.
        apply(
            &tree,
            &seq,
            vec![
                op(b"p", Some(b"1".to_vec()), Class::Plain),
                op(b"q", Some(b"2".to_vec()), Class::Plain),
            ],
        )
        .unwrap();
        assert_eq!(seq.load(Ordering::Relaxed), 1);
    }
}

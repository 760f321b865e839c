//! Atomic multi-key commits over single-key sled inserts (see the module docs of `store`).
//!
//! An intent record `w/<process nonce><seq>` holds the whole batch:
//! `count:u32, then per op: key_len:u32 key, tag:u8 (1 = put, 0 = delete), [value_len:u32 value]`.

use std::sync::atomic::{AtomicU64, Ordering};

pub const PREFIX: &[u8] = b"w/";

fn encode(ops: &[(Vec<u8>, Option<Vec<u8>>)]) -> Vec<u8> {
    let size: usize = ops
        .iter()
        .map(|(k, v)| 9 + k.len() + v.as_ref().map_or(0, |v| v.len()))
        .sum();
    let mut out = Vec::with_capacity(4 + size);
    out.extend_from_slice(&(ops.len() as u32).to_be_bytes());
    for (k, v) in ops {
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

type Ops = Vec<(Vec<u8>, Option<Vec<u8>>)>;

fn decode(mut b: &[u8]) -> Result<Ops, String> {
    fn take<'a>(b: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
        if b.len() < n {
            return Err("truncated intent record".into());
        }
        let (h, t) = b.split_at(n);
        *b = t;
        Ok(h)
    }
    fn u32_(b: &mut &[u8]) -> Result<usize, String> {
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
            _ => return Err("bad op tag in intent record".into()),
        };
        ops.push((k, v));
    }
    Ok(ops)
}

fn write_ops(tree: &sled::Tree, ops: Ops) -> sled::Result<()> {
    for (k, v) in ops {
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
pub fn recover(tree: &sled::Tree) -> Result<usize, String> {
    let mut n = 0;
    let pending: Vec<(sled::IVec, sled::IVec)> = tree
        .scan_prefix(PREFIX)
        .collect::<sled::Result<_>>()
        .map_err(|e| e.to_string())?;
    for (k, v) in pending {
        let ops = decode(&v)?;
        write_ops(tree, ops).map_err(|e| e.to_string())?;
        tree.remove(k).map_err(|e| e.to_string())?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupted_commit_is_completed_on_recovery() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        tree.insert(b"gone", b"x".to_vec()).unwrap();
        let ops: Ops = vec![
            (b"a".to_vec(), Some(b"1".to_vec())),
            (b"gone".to_vec(), None),
            (b"b".to_vec(), Some(vec![7; 3000])),
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
                (b"x".to_vec(), Some(b"1".to_vec())),
                (b"y".to_vec(), Some(b"2".to_vec())),
            ],
        )
        .unwrap();
        assert_eq!(tree.len(), 2);
    }
}

//! The store's contract on both backends (issue #19): the same checks run on sled and on a real
//! PostgreSQL server (a throwaway cluster, `coach_fakes::pg_cluster`), through the public
//! `Store` API — point reads, prefix scans in key order, the last n, atomic batches (a later
//! write of a key in one batch wins; deletes), the job queue in time order with skips, one
//! user's keys, and reopening keeps everything. And the coach binary with
//! `COACH_DATABASE_URL` (cleared environment): an interview begun in one run is continued in
//! the next, its records are in the database, and no sled database is made in the data
//! directory.

mod common;

use coach_fakes::pg_cluster::PgCluster;
use interview_coach::ids::UserId;
use interview_coach::store::{Batch, Record, Store, keys};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Rec {
    n: u32,
    text: String,
}
impl Record for Rec {}

fn rec(n: u32) -> Rec {
    Rec {
        n,
        text: format!("record {n} — ünïcode"),
    }
}

/// One cluster for this test binary; each test gets its own database.
fn cluster() -> &'static PgCluster {
    static C: OnceLock<PgCluster> = OnceLock::new();
    C.get_or_init(PgCluster::start)
}

/// A fresh store of each kind, and how to reopen it.
enum Kind {
    Sled(tempfile::TempDir),
    Pg(String),
}

impl Kind {
    fn open(&self) -> Store {
        match self {
            Kind::Sled(d) => Store::open(d.path()).unwrap(),
            Kind::Pg(url) => Store::open_postgres(url, 2).unwrap(),
        }
    }
}

fn both() -> Vec<Kind> {
    vec![
        Kind::Sled(tempfile::tempdir().unwrap()),
        Kind::Pg(cluster().new_database()),
    ]
}

async fn commit(store: &Store, f: impl FnOnce(&mut Batch)) {
    let mut b = Batch::default();
    f(&mut b);
    store.commit(b).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_scans_and_batches_behave_the_same_on_both_backends() {
    for kind in both() {
        let store = kind.open();
        let name = store.backend_name();
        commit(&store, |b| {
            b.put(b"u/a/s/2", &rec(2));
            b.put(b"u/a/s/1", &rec(1));
            b.put(b"u/a/s/3", &rec(3));
            b.put(b"u/ab/s/9", &rec(9));
            b.put(b"u/a/meta", &rec(7));
            // A later write of the same key in one batch wins.
            b.put(b"u/a/meta", &rec(8));
        })
        .await;
        assert_eq!(store.get::<Rec>(b"u/a/meta").unwrap(), Some(rec(8)), "{name}");
        assert_eq!(store.get::<Rec>(b"u/a/none").unwrap(), None, "{name}");
        let scanned: Vec<u32> = store
            .scan::<Rec>(b"u/a/s/")
            .unwrap()
            .into_iter()
            .map(|(_, r)| r.n)
            .collect();
        assert_eq!(scanned, vec![1, 2, 3], "{name}: key order, prefix only");
        let last: Vec<u32> = store
            .scan_last::<Rec>(b"u/a/s/", 2)
            .unwrap()
            .into_iter()
            .map(|(_, r)| r.n)
            .collect();
        assert_eq!(last, vec![3, 2], "{name}: newest first");
        commit(&store, |b| {
            b.delete(b"u/a/s/2");
            b.put(b"u/a/s/4", &rec(4));
        })
        .await;
        let keys_of_a = store.user_keys(&UserId::from_stored("a")).unwrap();
        assert_eq!(
            keys_of_a,
            vec![
                b"u/a/meta".to_vec(),
                b"u/a/s/1".to_vec(),
                b"u/a/s/3".to_vec(),
                b"u/a/s/4".to_vec()
            ],
            "{name}: one user's keys, not u/ab/"
        );
        // Reopened: everything is still there.
        drop(store);
        let store = kind.open();
        assert_eq!(store.get::<Rec>(b"u/a/s/4").unwrap(), Some(rec(4)), "{name}");
        assert_eq!(store.get::<Rec>(b"u/a/s/2").unwrap(), None, "{name}");
        assert_eq!(store.all_keys().unwrap().len(), 5, "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_job_queue_is_in_time_order_with_skips_on_both_backends() {
    for kind in both() {
        let store = kind.open();
        let name = store.backend_name();
        let (k1, k2, k3) = (keys::job(3_000, "c"), keys::job(1_000, "a"), keys::job(2_000, "b"));
        commit(&store, |b| {
            b.put_raw(&k1, b"three");
            b.put_raw(&k2, b"one");
            b.put_raw(&k3, b"two");
            b.put_raw(b"u/x/meta", b"not a job");
        })
        .await;
        let first = store.first_job(|_| false).unwrap().unwrap();
        assert_eq!(
            (first.0.clone(), first.1.as_slice()),
            (k2.clone(), &b"one"[..]),
            "{name}"
        );
        let skip_first = store.first_job(|k| k == k2.as_slice()).unwrap().unwrap();
        assert_eq!(skip_first.1, b"two", "{name}");
        assert_eq!(store.first_job(|_| true).unwrap(), None, "{name}");
        assert_eq!(keys::job_due_millis(&first.0), Some(1_000));
    }
}

#[test]
fn a_bad_database_url_is_a_clear_error() {
    let e = Store::open_postgres("postgres://coach@127.0.0.1:1/none", 1)
        .err()
        .unwrap();
    assert!(e.to_string().contains("cannot connect to the database"), "{e}");
    let e = Store::open_postgres("not a url at all ===", 1).err().unwrap();
    assert!(e.to_string().contains("COACH_DATABASE_URL"), "{e}");
}

/// `coach chat` with the store on PostgreSQL, piped; its output.
fn chat_on_pg(url: &str, data: &std::path::Path, script: &str) -> String {
    common::chat_piped_with("pg", data, script, &[("COACH_DATABASE_URL", url)])
}

#[test]
fn the_binary_keeps_an_interview_in_postgres_across_restarts() {
    let url = cluster().new_database();
    let data = tempfile::tempdir().unwrap();
    let out = chat_on_pg(
        &url,
        data.path(),
        &format!("/mock behavioral 2 neutral\n{}\n", common::GOOD_ANSWER),
    );
    assert!(out.contains("Score"), "{out}");
    let out = chat_on_pg(&url, data.path(), "/status\n");
    assert!(out.contains("question 2 of 2") || out.contains("Follow-up"), "{out}");
    let out = chat_on_pg(
        &url,
        data.path(),
        &format!("{a}\n{a}\n{a}\n/progress\n", a = common::GOOD_ANSWER),
    );
    assert!(out.contains("Interview report"), "{out}");
    assert!(out.contains("completed: 1"), "{out}");
    // The records are in the database, none in a sled directory.
    let store = Store::open_postgres(&url, 1).unwrap();
    let keys = store.user_keys(&UserId::from_stored("term:pg")).unwrap();
    assert!(
        keys.iter().any(|k| k.starts_with(b"u/term:pg/a/")),
        "answers in postgres: {keys:?}"
    );
    assert!(
        keys.iter().any(|k| k.starts_with(b"u/term:pg/s/")),
        "the session in postgres"
    );
    assert!(
        !data.path().join("db").exists() && !data.path().join("conf").exists(),
        "no sled database"
    );
}

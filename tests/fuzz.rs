//! Property tests: no input panics the engine or the scorer, and every event gets a reply.

mod common;
use common::*;
use interview_coach::bank::{Bank, Category};
use interview_coach::engine::event::Payload;
use interview_coach::scoring::OfflineScorer;
use proptest::prelude::*;

fn payload() -> impl Strategy<Value = Payload> {
    prop_oneof![
        any::<String>().prop_map(Payload::Text),
        "\\PC{0,300}".prop_map(Payload::Text),
        ("[a-z@]{0,12}", "\\PC{0,80}").prop_map(|(name, args)| Payload::Command { name, args }),
        (
            prop::sample::select(vec![
                "mock", "bank", "profile", "hint", "skip", "end", "repeat", "status", "forget", "export", "progress",
                "report", "guide", "cv", "jd"
            ]),
            "\\PC{0,60}"
        )
            .prop_map(|(n, args)| Payload::Command {
                name: n.to_string(),
                args
            }),
        "\\PC{0,80}".prop_map(Payload::Button),
        "[0-9a-f]{6}\\|[a-z]{2}:[a-z0-9:]{0,20}".prop_map(Payload::Button),
        (any::<String>(), prop::collection::vec(any::<u8>(), 0..400)).prop_map(|(name, bytes)| Payload::Document {
            name,
            mime: None,
            bytes,
            caption: None
        }),
        prop::collection::vec(any::<u8>(), 0..100).prop_map(|bytes| Payload::Voice {
            mime: "audio/ogg".into(),
            bytes
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn no_event_sequence_panics_the_engine(events in prop::collection::vec(payload(), 1..12)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let e = env();
            say(&e.engine, "fz", "/mock behavioral 3").await;
            for p in events {
                let r = e.engine.handle(event(&e.engine, "fz", p)).await;
                prop_assert!(!r.is_empty(), "an event got no reply");
            }
            Ok(())
        })?;
    }

    #[test]
    fn the_scorer_never_panics_and_stays_in_range(answer in any::<String>(), q in "\\PC{0,120}", cat in 0usize..6) {
        let bank = Bank::embedded().unwrap();
        let s = OfflineScorer::new(&bank);
        let t = s.target_from_text(&q, Category::ALL[cat]);
        let r = s.score(&t, &answer);
        prop_assert!(r.overall <= 100);
        prop_assert_eq!(r.overall, s.score(&t, &answer).overall);
    }
}

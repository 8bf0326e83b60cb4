//! Restoring a removed block (issue 5.5), whatever the text and wherever the block stood:
//! the result is a valid Document, every annotation on the kept text keeps its id, text and
//! status, the block's words are in the text, and the block leaves the removed list.

use newsmark::document::{RemovedBlock, Status};
use newsmark::restore::restore_removed;
use newsmark::{annotate, validate, Input, Options};
use proptest::prelude::*;

mod common;
use common::text_strategy;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn restoring_keeps_offsets_valid_and_kept_annotations_unchanged(
        text in text_strategy(1..50),
        blocks in prop::collection::vec((text_strategy(1..50), 0usize..400), 1..4),
        pick in 0usize..4,
        accept in any::<bool>(),
    ) {
        let mut doc = annotate(&Input { text: Some(text), ..Default::default() }, &Options { clean: false }).unwrap();
        let n = doc.text.chars().count();
        doc.removed = blocks.iter().map(|(t, at)| RemovedBlock { text: t.clone(), reason: "related".into(), at: at % (n + 1) }).collect();
        // Some reviewed annotations: their status must survive.
        if accept {
            for e in doc.entities.iter_mut().step_by(2) { e.status = Status::Accepted; }
            for q in doc.quotes.iter_mut() { q.status = Status::Rejected; }
        }
        let index = pick % doc.removed.len();
        let out = restore_removed(&doc, index).unwrap();
        let problems = validate::problems(&out);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(out.removed.len(), doc.removed.len() - 1);
        prop_assert!(out.text.contains(doc.removed[index].text.trim()));
        for e in &doc.entities {
            let k = out.entities.iter().find(|x| x.id == e.id);
            prop_assert!(k.is_some(), "entity {} lost", e.id);
            let k = k.unwrap();
            prop_assert_eq!((&k.text, &k.label, k.status), (&e.text, &e.label, e.status));
        }
        for q in &doc.quotes {
            let k = out.quotes.iter().find(|x| x.id == q.id);
            prop_assert!(k.is_some(), "quote {} lost", q.id);
            let k = k.unwrap();
            prop_assert_eq!((&k.text, k.status), (&q.text, q.status));
            prop_assert_eq!(k.speaker.as_ref().map(|s| &s.text), q.speaker.as_ref().map(|s| &s.text));
            prop_assert_eq!(k.cue.as_ref().map(|c| &c.text), q.cue.as_ref().map(|c| &c.text));
        }
        // Everything new is a suggestion.
        for e in out.entities.iter().filter(|e| !doc.entities.iter().any(|o| o.id == e.id)) {
            prop_assert_eq!(e.status, Status::Suggested);
        }
        // The kept text is still there, in order, around the block.
        let stripped: String = out.text.chars().filter(|c| *c != '\n').collect();
        let kept: String = doc.text.chars().filter(|c| *c != '\n').collect();
        let body: String = doc.removed[index].text.trim().chars().filter(|c| *c != '\n').collect();
        prop_assert_eq!(stripped.len(), kept.len() + body.len());
    }
}

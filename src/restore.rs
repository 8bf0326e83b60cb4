//! Puts a block the cleaner removed back into the article (issue 5.5: nothing lost).
//!
//! The block goes in as its own paragraph at its `at` offset (moved forward to the end of the
//! paragraph, or of an annotation, if `at` would cut one), every annotation after it moves by
//! the inserted length, and the restored words are pre-tagged like a fresh paste: entities and
//! quotes found in the block come in as `suggested`. Annotations on the kept text keep their
//! text, status and ids, so a person's review survives. Offsets are code points throughout.

use crate::document::{Document, Entity, Quote};
use crate::{ner, quotes, text};
use std::collections::{HashMap, HashSet};

/// Returns `doc` with removed block `index` restored, or a message if there is no such block.
pub fn restore_removed(doc: &Document, index: usize) -> Result<Document, String> {
    let block = doc.removed.get(index).ok_or_else(|| {
        format!(
            "no removed block {index} (the document has {})",
            doc.removed.len()
        )
    })?;
    let chars: Vec<char> = doc.text.chars().collect();
    let n = chars.len();
    let body = block.text.trim();
    let mut out = doc.clone();
    out.removed.remove(index);
    if body.is_empty() {
        return Ok(out); // nothing to show: only the entry goes
    }
    let at = insertion_point(doc, &chars, block.at.min(n));

    // Blank lines around the block so that it is a paragraph of its own ("\n\n" separates
    // paragraphs), without piling up extra blank lines where some are already there.
    let newlines_before = chars[..at].iter().rev().take_while(|&&c| c == '\n').count();
    let newlines_after = chars[at..].iter().take_while(|&&c| c == '\n').count();
    let lead = if at == 0 {
        0
    } else {
        2usize.saturating_sub(newlines_before)
    };
    let trail = if at == n {
        0
    } else {
        2usize.saturating_sub(newlines_after)
    };
    let inserted = format!("{}{}{}", "\n".repeat(lead), body, "\n".repeat(trail));
    let shift = inserted.chars().count();
    let block_start = at + lead;

    let mut text: String = chars[..at].iter().collect();
    text.push_str(&inserted);
    text.extend(&chars[at..]);
    out.text = text;

    // Nothing straddles `at`, so a span either ends at or before it (stays) or starts at or
    // after it (moves whole).
    let mv = |p: &mut usize| {
        if *p >= at {
            *p += shift;
        }
    };
    for e in &mut out.entities {
        if e.start >= at {
            e.start += shift;
            e.end += shift;
        }
    }
    for q in &mut out.quotes {
        if q.start >= at {
            q.start += shift;
            q.end += shift;
        }
        if let Some(s) = &mut q.speaker {
            if s.start >= at {
                s.start += shift;
                s.end += shift;
            }
        }
        if let Some(c) = &mut q.cue {
            if c.start >= at {
                c.start += shift;
                c.end += shift;
            }
        }
    }
    // Other removed blocks after this one keep their place relative to the kept text.
    for (i, r) in out.removed.iter_mut().enumerate() {
        // `i` counts after the removal: original index i + 1 when i >= index.
        // One that stood at the same place after it (or at the place it was moved to) follows it.
        let later = i >= index || block.at.min(n) != at;
        if r.at > at || (r.at == at && later) {
            mv(&mut r.at);
        }
    }

    let (entities, found) = pretag(body, block_start, &out);
    out.entities.extend(entities);
    out.quotes.extend(found);
    out.entities.sort_by_key(|e| (e.start, e.end));
    out.quotes.sort_by_key(|q| (q.start, q.end));
    Ok(out)
}

/// Where the block can go without cutting an annotation or a paragraph: `at` itself when it is
/// at a paragraph edge and inside no span, else the first such place after it.
fn insertion_point(doc: &Document, chars: &[char], mut at: usize) -> usize {
    let n = chars.len();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    spans.extend(doc.entities.iter().map(|e| (e.start, e.end)));
    for q in &doc.quotes {
        spans.push((q.start, q.end));
        if let Some(s) = &q.speaker {
            spans.push((s.start, s.end));
        }
        if let Some(c) = &q.cue {
            spans.push((c.start, c.end));
        }
    }
    loop {
        // Inside a paragraph (a character on both sides that is not a line break): go to its end.
        while at > 0 && at < n && chars[at - 1] != '\n' && chars[at] != '\n' {
            at += 1;
        }
        match spans
            .iter()
            .filter(|&&(s, e)| s < at && at < e)
            .map(|&(_, e)| e)
            .max()
        {
            Some(end) => at = end.min(n),
            None => return at,
        }
    }
}

/// Entities and quotes of the restored words, as suggestions, at `offset` in `doc`'s text,
/// with ids that no annotation of `doc` uses yet.
fn pretag(body: &str, offset: usize, doc: &Document) -> (Vec<Entity>, Vec<Quote>) {
    let tokens = text::tokenize(body);
    let sentences = text::split_sentences(body, &tokens);
    let entities = ner::tag(body, &tokens, &sentences);
    let found = quotes::find(body, &tokens, &sentences, &entities);

    let mut used: HashSet<String> = doc.entities.iter().map(|e| e.id.clone()).collect();
    used.extend(doc.quotes.iter().map(|q| q.id.clone()));
    let mut fresh = |prefix: &str| {
        let mut k = used.len() + 1;
        loop {
            let id = format!("{prefix}{k}");
            if used.insert(id.clone()) {
                return id;
            }
            k += 1;
        }
    };
    let mut renamed: HashMap<String, String> = HashMap::new();
    let entities: Vec<Entity> = entities
        .into_iter()
        .map(|mut e| {
            let id = fresh("e");
            renamed.insert(e.id.clone(), id.clone());
            e.id = id;
            e.start += offset;
            e.end += offset;
            e
        })
        .collect();
    let found: Vec<Quote> = found
        .into_iter()
        .map(|mut q| {
            q.id = fresh("q");
            q.start += offset;
            q.end += offset;
            if let Some(s) = &mut q.speaker {
                s.start += offset;
                s.end += offset;
                s.entity = s.entity.as_ref().and_then(|id| renamed.get(id).cloned());
            }
            if let Some(c) = &mut q.cue {
                c.start += offset;
                c.end += offset;
            }
            q
        })
        .collect();
    (entities, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{RemovedBlock, Status};
    use crate::validate;

    fn doc_with(text: &str, removed: Vec<(&str, usize)>) -> Document {
        let mut d = Document::new("t", text);
        crate::pipeline::tag(&mut d);
        d.removed = removed
            .into_iter()
            .map(|(t, at)| RemovedBlock {
                text: t.into(),
                reason: "related".into(),
                at,
            })
            .collect();
        d
    }

    #[test]
    fn block_becomes_its_own_paragraph_and_annotations_move() {
        let text = "Vladimir Putin spoke in Moscow.\n\nXi Jinping replied from Beijing.";
        let second = text.find("Xi").unwrap(); // ASCII: bytes are code points here
        let mut d = doc_with(
            text,
            vec![("Also read: Angela Merkel visits Paris.", second)],
        );
        d.entities[0].status = Status::Accepted;
        let before: Vec<(String, String, Status)> = d
            .entities
            .iter()
            .map(|e| (e.id.clone(), e.text.clone(), e.status))
            .collect();
        let r = restore_removed(&d, 0).unwrap();
        assert_eq!(
            r.text,
            "Vladimir Putin spoke in Moscow.\n\nAlso read: Angela Merkel visits Paris.\n\nXi Jinping replied from Beijing."
        );
        assert!(r.removed.is_empty());
        assert!(
            validate::problems(&r).is_empty(),
            "{:?}",
            validate::problems(&r)
        );
        for (id, t, st) in before {
            let e = r.entities.iter().find(|e| e.id == id).unwrap();
            assert_eq!((&e.text, e.status), (&t, st));
        }
        // The restored words are pre-tagged as suggestions.
        let new: Vec<&Entity> = r
            .entities
            .iter()
            .filter(|e| !d.entities.iter().any(|o| o.id == e.id))
            .collect();
        assert!(new.iter().any(|e| e.text.contains("Merkel")), "{new:?}");
        assert!(new.iter().all(|e| e.status == Status::Suggested));
    }

    #[test]
    fn at_the_start_and_at_the_end() {
        let d = doc_with("Putin spoke.", vec![("Menu", 0), ("Footer line", 12)]);
        let r = restore_removed(&d, 0).unwrap();
        assert_eq!(r.text, "Menu\n\nPutin spoke.");
        assert_eq!(r.removed[0].at, 18, "the later block moves with the text");
        let r = restore_removed(&r, 0).unwrap();
        assert_eq!(r.text, "Menu\n\nPutin spoke.\n\nFooter line");
        assert!(validate::problems(&r).is_empty());
    }

    #[test]
    fn an_offset_inside_a_paragraph_or_a_quote_moves_to_its_end() {
        let text = "He said “we will win the war” today.\n\nNext.";
        let d = doc_with(text, vec![("Share this", 12)]);
        assert!(!d.quotes.is_empty());
        let r = restore_removed(&d, 0).unwrap();
        assert_eq!(
            r.text,
            "He said “we will win the war” today.\n\nShare this\n\nNext."
        );
        assert_eq!(r.quotes[0].text, d.quotes[0].text);
        assert!(validate::problems(&r).is_empty());
    }

    #[test]
    fn quotes_in_the_block_get_speakers_and_fresh_ids() {
        let d = doc_with(
            "Putin spoke in Moscow.",
            vec![("“We are ready,” Angela Merkel said.", 22)],
        );
        let r = restore_removed(&d, 0).unwrap();
        assert!(
            validate::problems(&r).is_empty(),
            "{:?}",
            validate::problems(&r)
        );
        let q = r
            .quotes
            .iter()
            .find(|q| q.text.contains("ready"))
            .expect("quote found");
        assert_eq!(q.status, Status::Suggested);
        let ids: HashSet<&str> = r
            .entities
            .iter()
            .map(|e| e.id.as_str())
            .chain(r.quotes.iter().map(|q| q.id.as_str()))
            .collect();
        assert_eq!(ids.len(), r.entities.len() + r.quotes.len());
    }

    #[test]
    fn bad_index_is_an_error_and_a_blank_block_only_leaves_the_list() {
        let d = doc_with("Text.", vec![("   ", 0)]);
        assert!(restore_removed(&d, 3).is_err());
        let r = restore_removed(&d, 0).unwrap();
        assert_eq!(r.text, "Text.");
        assert!(r.removed.is_empty());
    }
}

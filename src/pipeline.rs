//! The one annotation path: input -> clean -> tokens/sentences -> entities -> quotes -> Document.
//! The CLI, the WASM API and the tests all call `annotate`.

use crate::document::Document;
use crate::{clean, ner, quotes, text};

mod parts;
use serde::Deserialize;

/// Largest input accepted, in bytes of UTF-8 text or HTML. Larger inputs get a clear error
/// instead of exhausting the browser tab's memory. 10 MiB: annotating 10 MB already takes the
/// WASM heap to several hundred MB (`make measure-memory`), so more would risk the tab.
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// The stages `annotate_with_progress` reports, each with the fraction of the whole work done
/// when it starts. The fractions are the stages' shares of the time on a 1 MB article text
/// (`newsmark bench`): cleaning ~6 %, tokens and sentences ~9 %, entities ~70 %, quotes ~15 %.
pub const STAGES: [(&str, f64); 4] = [
    ("cleaning", 0.0),
    ("sentences", 0.06),
    ("entities", 0.15),
    ("quotes", 0.85),
];

/// One document to annotate: plain text or HTML (exactly one of the two).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Input {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub html: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Clean the input (boilerplate removal, white space repair). When false, plain text is
    /// kept byte-for-byte so that offsets can be scored against gold text.
    pub clean: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { clean: true }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotateError(pub String);

impl std::fmt::Display for AnnotateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for AnnotateError {}

pub fn annotate(input: &Input, opts: &Options) -> Result<Document, AnnotateError> {
    annotate_with_progress(input, opts, &mut |_, _| {})
}

/// `annotate`, calling `progress(stage, fraction_done)` as each stage of `STAGES` starts, so
/// the page can show how far a big document has got. Same result as `annotate` (a text over
/// `PART_BYTES` is tagged part by part in both, see `tag_in_parts`).
pub fn annotate_with_progress(
    input: &Input,
    opts: &Options,
    progress: &mut dyn FnMut(&'static str, f64),
) -> Result<Document, AnnotateError> {
    let (raw, is_html) = raw_input(input)?;
    report(progress, 0);
    let cleaned = clean_stage(raw, is_html, opts);
    let id = input.id.clone().unwrap_or_else(|| default_id(raw));
    Ok(finish(id, cleaned, progress))
}

/// `annotate_with_progress` on an input it may consume: the pasted text is freed as soon as
/// it is cleaned, before the tagger's tables are built (the WASM worker's peak memory on a
/// 10 MB paste is the sum of what is alive then).
pub fn annotate_owned(
    input: Input,
    opts: &Options,
    progress: &mut dyn FnMut(&'static str, f64),
) -> Result<Document, AnnotateError> {
    let (raw, is_html) = raw_input(&input)?;
    report(progress, 0);
    let cleaned = clean_stage(raw, is_html, opts);
    let id = input.id.clone().unwrap_or_else(|| default_id(raw));
    drop(input);
    Ok(finish(id, cleaned, progress))
}

/// The input's text or HTML, checked against the size limit.
fn raw_input(input: &Input) -> Result<(&str, bool), AnnotateError> {
    let (raw, is_html) = match (&input.text, &input.html) {
        (Some(t), None) => (t.as_str(), false),
        (None, Some(h)) => (h.as_str(), true),
        (Some(_), Some(_)) => {
            return Err(AnnotateError(
                "give either \"text\" or \"html\", not both".into(),
            ))
        }
        (None, None) => return Err(AnnotateError("missing \"text\" or \"html\"".into())),
    };
    if raw.len() > MAX_INPUT_BYTES {
        return Err(AnnotateError(format!(
            "the input is {:.1} MB; newsmark takes up to {} MB per document: split it into parts",
            raw.len() as f64 / 1e6,
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    Ok((raw, is_html))
}

fn clean_stage(raw: &str, is_html: bool, opts: &Options) -> clean::Cleaned {
    if is_html {
        clean::clean_html(raw)
    } else if opts.clean {
        clean::clean_text(raw)
    } else {
        clean::Cleaned {
            text: raw.to_string(),
            ..Default::default()
        }
    }
}

/// The Document of a cleaned input, tagged.
fn finish(
    id: String,
    cleaned: clean::Cleaned,
    progress: &mut dyn FnMut(&'static str, f64),
) -> Document {
    let mut doc = Document::new(id, cleaned.text);
    doc.meta = cleaned.meta;
    doc.removed = cleaned.removed;
    tag_with_progress(&mut doc, progress);
    doc
}

fn report(progress: &mut dyn FnMut(&'static str, f64), stage: usize) {
    let (name, done) = STAGES[stage];
    progress(name, done);
}

/// Runs tokenizer, tagger and quote finder over `doc.text`, replacing its annotations.
pub fn tag(doc: &mut Document) {
    tag_with_progress(doc, &mut |_, _| {});
}

fn tag_with_progress(doc: &mut Document, progress: &mut dyn FnMut(&'static str, f64)) {
    tag_in_parts(doc, PART_BYTES, progress);
}

/// Texts up to this many bytes (any real article) are tagged in one pass. A longer paste (a
/// whole book, a year of a newsletter) is tagged in consecutive parts of at least this size,
/// each cut at a paragraph break and tagged with its own document-level evidence: the
/// tokenizer's, tagger's and quote finder's tables then exist for one part at a time, which
/// keeps a 10 MB paste's memory in the browser worker low (issue 9), and the page's progress
/// bar moves within the long stages.
pub const PART_BYTES: usize = 1 << 20;

/// Tags `doc.text` part by part (see `PART_BYTES`), reporting each stage of each part.
fn tag_in_parts(
    doc: &mut Document,
    part_bytes: usize,
    progress: &mut dyn FnMut(&'static str, f64),
) {
    let text = std::mem::take(&mut doc.text);
    let parts = parts::split(&text, part_bytes);
    let (start, share) = (STAGES[1].1, 1.0 - STAGES[1].1);
    let mut entities = Vec::new();
    let mut quotes = Vec::new();
    let mut char_base = 0;
    for (k, range) in parts.iter().enumerate() {
        let part = &text[range.clone()];
        // Each part's stages move the bar over its share of the tagging's part of the bar.
        let mut at = |stage: usize| {
            let (name, done) = STAGES[stage];
            if parts.len() == 1 {
                // Exactly the stage's own figure (the common case).
                return progress(name, done);
            }
            let within = (done - start) / share;
            progress(
                name,
                start + share * (k as f64 + within) / parts.len() as f64,
            );
        };
        at(1);
        let tokens = text::tokenize(part);
        let sentences = text::split_sentences(part, &tokens);
        at(2);
        let part_entities = ner::tag(part, &tokens, &sentences);
        at(3);
        let part_quotes = quotes::find(part, &tokens, &sentences, &part_entities);
        drop((tokens, sentences));
        parts::append(
            (&mut entities, &mut quotes),
            (part_entities, part_quotes),
            char_base,
        );
        char_base += part.chars().count();
    }
    doc.text = text;
    doc.entities = entities;
    doc.quotes = quotes;
}

/// A stable id from the content (FNV-1a), for inputs that come without one.
fn default_id(raw: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in raw.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    format!("doc-{:016x}", h)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paragraphs with names, dates, quotes and speakers, some with emoji and CJK (so that
    /// code point and byte offsets differ), numbered so that no two are the same.
    fn long_text() -> String {
        let paras = [
            "Vladimir Putin told reporters in Moscow on Jan. 20, 2025: “We will talk to Xi Jinping.”",
            "“The talks were useful,” said Yuri Ushakov, an aide 👍🏽 to the Kremlin.",
            "Donald Trump, the U.S. president, spoke to 北京 officials. “It went well,” he said.",
            "The company earned $245 billion, up 64% from a year earlier, according to Reuters.",
        ];
        (0..24)
            .map(|i| format!("Part {}. {}", i + 1, paras[i % paras.len()]))
            .collect::<Vec<_>>()
            .join("\r\n\r\n")
    }

    #[test]
    fn parts_are_tagged_like_separate_texts_and_joined_with_shifted_offsets() {
        let text = long_text();
        let mut doc = Document::new("d", text.clone());
        tag_in_parts(&mut doc, 600, &mut |_, _| {});
        let ranges = parts::split(&text, 600);
        assert!(ranges.len() > 3, "{} parts", ranges.len());
        let chars: Vec<char> = text.chars().collect();
        let (mut n_ents, mut n_quotes) = (0, 0);
        for r in &ranges {
            let base = text[..r.start].chars().count();
            let mut alone = Document::new("p", &text[r.clone()]);
            tag(&mut alone);
            for e in &alone.entities {
                let joined = &doc.entities[n_ents];
                assert_eq!((joined.start, joined.end), (e.start + base, e.end + base));
                assert_eq!((&joined.label, &joined.text), (&e.label, &e.text));
                n_ents += 1;
            }
            for q in &alone.quotes {
                let joined = &doc.quotes[n_quotes];
                assert_eq!((joined.start, joined.end), (q.start + base, q.end + base));
                let (js, qs) = (joined.speaker.as_ref(), q.speaker.as_ref());
                assert_eq!(js.map(|s| s.start), qs.map(|s| s.start + base));
                assert_eq!(js.map(|s| &s.name), qs.map(|s| &s.name));
                // The speaker's entity id was renumbered with the entities.
                let entity_of = |d: &Document, s: Option<&crate::document::Speaker>| {
                    let id = s?.entity.as_ref()?;
                    d.entities
                        .iter()
                        .find(|e| &e.id == id)
                        .map(|e| (e.start, e.text.clone()))
                };
                let alone_entity = entity_of(&alone, qs).map(|(s, t)| (s + base, t));
                assert_eq!(entity_of(&doc, js), alone_entity);
                n_quotes += 1;
            }
        }
        assert_eq!((n_ents, n_quotes), (doc.entities.len(), doc.quotes.len()));
        assert!(n_quotes > 10 && n_ents > 50);
        for (i, e) in doc.entities.iter().enumerate() {
            assert_eq!(e.id, format!("e{}", i + 1));
            assert_eq!(chars[e.start..e.end].iter().collect::<String>(), e.text);
        }
        for (i, q) in doc.quotes.iter().enumerate() {
            assert_eq!(q.id, format!("q{}", i + 1));
            assert_eq!(chars[q.start..q.end].iter().collect::<String>(), q.text);
            if let Some(s) = &q.speaker {
                assert_eq!(chars[s.start..s.end].iter().collect::<String>(), s.text);
                if let Some(id) = &s.entity {
                    assert!(doc.entities.iter().any(|e| &e.id == id), "{s:?}");
                }
            }
        }
        // A text shorter than a part is tagged in one pass, as `tag` does.
        let mut whole = Document::new("d", text.clone());
        tag_in_parts(&mut whole, text.len(), &mut |_, _| {});
        let mut again = Document::new("d", text);
        tag(&mut again);
        assert_eq!(whole, again);
    }

    #[test]
    fn progress_moves_forward_through_every_part() {
        let mut doc = Document::new("d", long_text());
        let mut seen = Vec::new();
        tag_in_parts(&mut doc, 600, &mut |stage, done| seen.push((stage, done)));
        assert!(seen.len() > 9, "{seen:?}");
        assert!(seen.windows(2).all(|w| w[0].1 < w[1].1), "{seen:?}");
        assert!(seen.iter().all(|&(_, d)| (STAGES[1].1..1.0).contains(&d)));
    }
}

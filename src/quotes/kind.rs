//! Tells reported speech from scare quotes, titles and mentioned terms, from the quote's shape
//! and whether a speech cue attributes it.

use super::marks::Quoted;
use super::mentions::{flag, Words};
use crate::document::QuoteKind;

/// Small words that stay lower-case in a title ("Keeping Up with the Joneses") or a
/// title-case heading (`ner::headings`), and the clitics the tokenizer splits off (written
/// with `'`; callers read `’` as `'`).
#[rustfmt::skip]
pub(crate) const TITLE_SMALL: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "in", "into", "on", "at", "to", "for",
    "with", "by", "from", "is", "as", "vs", "vs.", "via", "per", "de", "n't", "'s", "'re", "'ll",
    "'ve", "'d", "'m",
];

/// Words before a quote that introduce a title ("appeared on “Meet the Press”").
#[rustfmt::skip]
const WORK_BEFORE: &[&str] = &[
    "on", "in", "of", "at", "from", "the", "titled", "entitled", "show", "film", "book", "movie",
    "program", "series", "album", "song", "magazine", "column", "podcast", "documentary",
    "novel", "play", "musical", "newsletter", "memoir", "his", "her", "their", "its", "a", "an",
];

/// Words before a quote that mention the quoted words as words.
#[rustfmt::skip]
const TERM_BEFORE: &[&str] = &[
    "word", "words", "term", "terms", "phrase", "so-called", "slogan", "label", "hashtag",
];

/// Shortest quote that counts as speech when a cue word is in its sentence without a clear
/// subject (shorter ones are scare quotes there).
const MIN_WORDS_NEAR_CUE: usize = 2;

/// What the classifier looks at.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Word tokens inside the marks.
    pub words: usize,
    /// Every word of two or more is capitalised, small words aside.
    pub title_case: bool,
    /// Nested inside another quote.
    pub nested: bool,
    /// The quote opens its paragraph.
    pub para_start: bool,
    /// Inside the first line (the headline) of the document.
    pub headline: bool,
    /// The word before the opening mark names a term ("the word “x”").
    pub term_before: bool,
    /// The word before the opening mark introduces a work or a name ("on “Meet the Press”",
    /// "ABC’s “This Week”", "the film “Trainwreck”").
    pub work_before: bool,
    /// Reads as a whole sentence: capital first, ends in . ! ? ("We’re hopeful.").
    pub sentence: bool,
    /// A predicative "as" after a verb and its object introduces the quote ("admires Putin
    /// as a “strong leader,”", "described the address as “muscular.”"): someone's words
    /// for a thing, in the PolNeAR sense reported speech.
    pub as_before: bool,
    /// A naming verb shortly before the mark ("what he calls the “Washington cartel”",
    /// "called him a “moderate,”", "a box labeled “medical problem,”"): what someone calls
    /// a thing is their word for it, reported speech even when capitalised like a title.
    pub naming_before: bool,
}

/// Verb forms that name or label, read in the few words before a quote. (Only here: as
/// speaker cues "call"/"calls" mislead, "a call to", "phone calls".)
#[rustfmt::skip]
const NAMING_BEFORE: &[&str] = &[
    "call", "calls", "called", "calling", "dubbed", "labeled", "labelled", "nicknamed",
    "branded", "termed",
];

/// Most words between a naming verb and the quote ("calls her record a “…”").
const NAMING_REACH: usize = 4;

/// True when a naming verb stands at most `NAMING_REACH` words before token `open` with
/// only words between, and is a verb there: not "so called" and not the noun in "a call for".
fn naming_before(w: &Words, open: usize) -> bool {
    let lo = open.saturating_sub(NAMING_REACH + 1);
    for k in (lo..open).rev() {
        let raw = w.raw(k);
        if NAMING_BEFORE.contains(&w.low(k)) {
            let so = k > 0 && w.low(k - 1) == "so";
            let noun = matches!(w.low(k + 1), "for" | "to" | "of")
                || (k > 0 && matches!(w.low(k - 1), "a" | "the"));
            return !so && !noun;
        }
        // Words (possessives included) only: punctuation ends the phrase.
        if !raw
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'))
        {
            return false;
        }
    }
    false
}

impl Shape {
    /// `inner` is the token range inside the marks; `before` the token before the opening mark.
    pub fn of(
        w: &Words,
        inner: (usize, usize),
        before: Option<usize>,
        q: &Quoted,
        para_start: bool,
        headline: bool,
    ) -> Shape {
        let (a, b) = inner;
        let mut words = 0;
        let mut caps = 0;
        let mut small = 0;
        let mut exclaims = false;
        for i in a..b.min(w.len()) {
            let r = w.raw(i);
            // Chants and questions ("USA! USA!") are said, not titles.
            exclaims |= r.contains('!') || r.contains('?');
            if !r.chars().next().is_some_and(char::is_alphanumeric) {
                continue;
            }
            words += 1;
            if w.has(i, flag::TITLE_SMALL) && i > a {
                small += 1;
            } else if r
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
            {
                caps += 1;
            }
        }
        let first_cap = (a..b.min(w.len()))
            .find(|&i| w.raw(i).chars().next().is_some_and(char::is_alphanumeric))
            .is_some_and(|i| w.is_cap(i));
        // The raw token: "Neither do I." ends in the token "I.".
        let ends = b > a && w.raw(b - 1).ends_with(['.', '!', '?']);
        // A stop before the last word ("The Donald. Big Daddy.") makes it sentences, not a
        // title.
        let inner_stop =
            (a..b.saturating_sub(1).min(w.len())).any(|i| matches!(w.low(i), "." | "!" | "?"));
        // "as" (or "as a/an") right before the mark, itself after a word other than "such"
        // (", as the “establishment”" opens a clause, "such as" lists examples).
        let as_before = before.is_some_and(|i| {
            let k = if matches!(w.low(i), "a" | "an") && i > 0 {
                i - 1
            } else {
                i
            };
            w.low(k) == "as"
                && k > 0
                && w.low(k - 1) != "such"
                && w.raw(k - 1).chars().all(char::is_alphabetic)
        });
        Shape {
            naming_before: a > 0 && naming_before(w, a - 1),
            as_before,
            sentence: first_cap && ends && words >= 2,
            words,
            title_case: (2..=8).contains(&words)
                && caps + small == words
                && caps >= 2
                && !exclaims
                && !inner_stop,
            nested: q.depth > 0,
            para_start,
            headline,
            term_before: before.is_some_and(|i| TERM_BEFORE.contains(&w.low(i))),
            work_before: before.is_some_and(|i| {
                w.is_possessive(i) || w.is_cap(i) || WORK_BEFORE.contains(&w.low(i))
            }),
        }
    }
}

/// `naming`: the attributing cue is a naming verb ("called it “…”"); `attributed`: some cue
/// attributes the quote in its sentence.
/// `follows_speech`: the quote comes right after another speech quote and its cue in the
/// same paragraph, so it continues that speaker's words.
pub fn classify(
    s: &Shape,
    naming: Option<bool>,
    attributed: bool,
    cue_near: bool,
    follows_speech: bool,
) -> QuoteKind {
    if s.term_before {
        return QuoteKind::Term;
    }
    // A capitalised phrase is a title unless someone is reported saying or calling it
    // ("supporters chanted “Lock Her Up”", "she called him “Little Marco”"); after "on", "the",
    // a possessive or a name it stays a title ("said on “Meet the Press”").
    let said = naming == Some(true)
        || s.naming_before
        || ((attributed || follows_speech) && !s.work_before && !s.headline);
    if s.title_case && !said {
        return QuoteKind::Title;
    }
    if s.nested {
        return QuoteKind::Scare;
    }
    if attributed
        || follows_speech
        || s.as_before
        || s.naming_before
        || s.words >= 4
        || s.para_start
        || s.sentence
        || (cue_near && s.words >= MIN_WORDS_NEAR_CUE)
    {
        return QuoteKind::Speech;
    }
    QuoteKind::Scare
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn shape(text: &str) -> Shape {
        let toks = tokenize(text);
        let w = Words::new(text, &toks);
        let q = Quoted {
            start: 1,
            end: text.chars().count() - 1,
            open: 0,
            close: text.chars().count() - 1,
            family: super::super::marks::Family::Double,
            depth: 0,
            bstart: 0,
            bend: 0,
            multi_paragraph: false,
        };
        Shape::of(&w, (1, toks.len() - 1), None, &q, false, false)
    }

    #[test]
    fn titles_scare_quotes_and_speech() {
        let t = shape("‘Make America Great Again’");
        assert!(t.title_case);
        assert_eq!(classify(&t, None, false, false, false), QuoteKind::Title);
        // In a headline a capitalised phrase stays a title even next to a cue word.
        let mut headline = shape("“Titanic Efforts”");
        headline.headline = true;
        assert_eq!(
            classify(&headline, None, true, true, false),
            QuoteKind::Title
        );
        // Appearing on a show is no quote of it.
        let mut show = shape("“Meet the Press”");
        show.work_before = true;
        assert_eq!(classify(&show, None, true, true, false), QuoteKind::Title);
        // Named by a naming verb: what someone called something is their speech.
        assert_eq!(
            classify(&shape("“Miss Piggy”"), Some(true), true, true, false),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“no limits”"), None, false, false, false),
            QuoteKind::Scare
        );
        // A chant is said, not a title.
        assert_eq!(
            classify(&shape("“USA! USA!”"), None, false, false, false),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“a con”"), None, false, true, false),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“the word”"), None, false, true, false),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“an abuser”"), Some(true), true, true, false),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(
                &shape("“we will not back down now”"),
                None,
                false,
                false,
                false
            ),
            QuoteKind::Speech
        );
        // Right after `“…?” Graham asked.` a short sentence goes on with his words.
        assert_eq!(
            classify(&shape("“Neither do I.”"), None, false, false, false),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“fine”"), None, false, false, true),
            QuoteKind::Speech
        );
        let toks = tokenize("what he calls the “Washington cartel” today");
        let w = Words::new("what he calls the “Washington cartel” today", &toks);
        assert!(naming_before(&w, 4));
        let toks = tokenize("a call for “revolution”");
        let w = Words::new("a call for “revolution”", &toks);
        assert!(!naming_before(&w, 3));
        let mut leader = shape("“strong leader,”");
        leader.as_before = true;
        assert_eq!(
            classify(&leader, None, false, false, false),
            QuoteKind::Speech
        );
        // Sentences are not a title even when every word is capitalised.
        assert!(!shape("“The Donald. Big Daddy.”").title_case);
    }
}

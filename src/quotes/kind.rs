//! Tells reported speech from scare quotes, titles and mentioned terms, from the quote's shape
//! and whether a speech cue attributes it.

use super::marks::Quoted;
use super::mentions::{flag, Words};
use crate::document::QuoteKind;

/// Small words that stay lower-case in a title ("Keeping Up with the Joneses").
#[rustfmt::skip]
pub(crate) const TITLE_SMALL: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "is", "as", "vs.", "de", "n't", "'s",
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
        let ends = b > a && matches!(w.low(b - 1), "." | "!" | "?");
        Shape {
            sentence: first_cap && ends && words >= 2,
            words,
            title_case: (2..=8).contains(&words) && caps + small == words && caps >= 2 && !exclaims,
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
pub fn classify(s: &Shape, naming: Option<bool>, attributed: bool, cue_near: bool) -> QuoteKind {
    if s.term_before {
        return QuoteKind::Term;
    }
    // A capitalised phrase is a title unless someone is reported saying or calling it
    // ("supporters chanted “Lock Her Up”", "she called him “Little Marco”"); after "on", "the",
    // a possessive or a name it stays a title ("said on “Meet the Press”").
    let said = naming == Some(true) || (attributed && !s.work_before && !s.headline);
    if s.title_case && !said {
        return QuoteKind::Title;
    }
    if s.nested {
        return QuoteKind::Scare;
    }
    if attributed
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
        assert_eq!(classify(&t, None, false, false), QuoteKind::Title);
        // In a headline a capitalised phrase stays a title even next to a cue word.
        let mut headline = shape("“Titanic Efforts”");
        headline.headline = true;
        assert_eq!(classify(&headline, None, true, true), QuoteKind::Title);
        // Appearing on a show is no quote of it.
        let mut show = shape("“Meet the Press”");
        show.work_before = true;
        assert_eq!(classify(&show, None, true, true), QuoteKind::Title);
        // Named by a naming verb: what someone called something is their speech.
        assert_eq!(
            classify(&shape("“Miss Piggy”"), Some(true), true, true),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“no limits”"), None, false, false),
            QuoteKind::Scare
        );
        // A chant is said, not a title.
        assert_eq!(
            classify(&shape("“USA! USA!”"), None, false, false),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“a con”"), None, false, true),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“the word”"), None, false, true),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“an abuser”"), Some(true), true, true),
            QuoteKind::Speech
        );
        assert_eq!(
            classify(&shape("“we will not back down now”"), None, false, false),
            QuoteKind::Speech
        );
    }
}

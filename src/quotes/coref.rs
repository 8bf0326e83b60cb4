//! Resolves a speaker mention to a name of the document and, when one exists, to an entity:
//! "Putin" -> "Vladimir Putin", "he" -> the last person named before it, "the president" ->
//! the person the article called "President Donald Trump", "who" -> the phrase before the comma.
//!
//! Built once per document (one pass over the tokens); each lookup is a binary search or a
//! hash lookup, so attribution stays linear in the size of the article.

use super::mentions::Fnv;
use super::mentions::{flag, Mention, MentionKind, Words};
use crate::document::Entity;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Lower-case word (borrowed from `Words`) -> indices of name runs.
type Index<'w> = HashMap<&'w str, Vec<usize>, BuildHasherDefault<Fnv>>;

/// A capitalised name run found in the text, with the role words written around it.
#[derive(Debug, Clone)]
struct NameRun {
    /// Token range of the name without leading title words ("Donald Trump").
    start: usize,
    end: usize,
    /// Tokens of the role words before or in apposition ("president", "spokesman").
    roles: Vec<usize>,
    person: bool,
    /// Inside a quotation: named by the speaker, not by the writer, so never the antecedent
    /// of a pronoun or description outside it.
    quoted: bool,
}

/// Words that make a capitalised run an organisation or place, not a person.
#[rustfmt::skip]
pub(crate) const ORG_WORDS: &[&str] = &[
    "party", "committee", "news", "post", "times", "university", "department", "house", "senate",
    "congress", "court", "campaign", "foundation", "institute", "association", "council", "agency",
    "network", "journal", "magazine", "company", "inc.", "corp.", "group", "center", "office",
    "union", "states", "america", "county", "city", "state", "street", "fox", "cnn", "msnbc",
    "nbc", "abc", "cbs", "twitter", "facebook", "kremlin", "democrats", "republicans", "gop",
    "fbi", "cia", "u.s.", "republican", "democratic", "national", "day", "bureau", "service",
    "administration", "ministry", "board", "school", "club", "media",
];

#[rustfmt::skip]
pub(crate) const PERSON_TITLES: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "sen.", "senator", "gov.", "governor", "rep.", "president",
    "secretary", "minister", "judge", "mayor", "spokesman", "spokeswoman", "adviser", "advisor",
    "chairman", "chairwoman", "leader", "candidate", "nominee", "director", "gen.", "rev.",
    "ambassador", "representative", "speaker", "justice", "prof.", "professor", "host", "aide",
    "strategist", "manager", "attorney", "ceo", "founder", "lady", "pollster",
];

pub struct Coref<'w, 'a> {
    w: &'w Words<'a>,
    runs: Vec<NameRun>,
    /// Lower-case last word of a person-like run -> its indices in `runs`.
    by_last: Index<'w>,
    /// Role word -> indices of runs that carried it.
    by_role: Index<'w>,
    /// Lower-case last word of a name run -> how many runs end in it (salience).
    mentions: HashMap<&'w str, usize, BuildHasherDefault<Fnv>>,
    entities: &'w [Entity],
    /// `fullest` answers by (last word, run length): a long article names the same person
    /// hundreds of times, and scanning all their runs for each quote grows with the square.
    fullest_memo: RefCell<HashMap<(&'w str, usize), Option<usize>, BuildHasherDefault<Fnv>>>,
}

impl<'w, 'a> Coref<'w, 'a> {
    /// `quoted[i]` is true for tokens inside quotations (may be empty: nothing quoted).
    pub fn new(w: &'w Words<'a>, entities: &'w [Entity], quoted: &[bool]) -> Self {
        let mut runs = Vec::new();
        let n = w.len();
        let mut i = 0;
        while i < n {
            if !(w.is_name_word(i) || (w.is_cap(i) && w.is_title(i))) {
                i += 1;
                continue;
            }
            let mut e = i;
            while e < n && (w.is_name_word(e) || (w.is_cap(e) && w.is_title(e)) || is_initial(w, e))
            {
                e += 1;
            }
            let mut s = i;
            let mut roles = Vec::new();
            // A participle opening a sentence is no first name ("Addressing Xi as …").
            let sentence_start = s == 0
                || w.tokens[s].newline_before
                || matches!(w.low(s - 1), "." | "!" | "?" | "”" | "\"" | ":");
            if sentence_start && e - s > 1 && w.low(s).ends_with("ing") {
                s += 1;
            }
            while s < e && w.is_title(s) {
                roles.push(s);
                s += 1;
            }
            // A title inside the run starts the name: "Russian President Vladimir Putin",
            // "House Speaker Paul Ryan".
            if let Some(t) = (s..e.saturating_sub(1)).rev().find(|&t| w.is_title(t)) {
                roles.extend(s..=t);
                s = t + 1;
            }
            // Lower-case role words right before: "Kremlin spokesman Dmitry Peskov".
            let mut k = i;
            while k > 0 && i - k < 3 && w.is_title(k - 1) && !w.is_cap(k - 1) {
                k -= 1;
                roles.push(k);
            }
            // Apposition: "Dmitry Peskov, the Kremlin spokesman,".
            if e < n && w.low(e) == "," {
                let mut j = e + 1;
                while j < n && j <= e + 6 && !matches!(w.low(j), "," | "." | ";" | "”" | "\"") {
                    if w.is_title(j) && !w.is_cap(j) {
                        roles.push(j);
                    }
                    j += 1;
                }
            }
            if s < e {
                let words = e - s;
                let org = (s..e).any(|j| w.has(j, flag::ORG_WORD));
                let titled = roles.iter().any(|&r| w.has(r, flag::PERSON_TITLE));
                let possessive = e < n && w.is_possessive(e);
                let person = !org && (titled || words >= 2 || possessive);
                runs.push(NameRun {
                    start: s,
                    end: e,
                    roles,
                    person,
                    quoted: quoted.get(s).copied().unwrap_or(false),
                });
            }
            i = e.max(i + 1);
        }
        // A single word that ends a known person name is a person too ("Putin").
        // Every word of a person name of two or more words finds the full name: "Putin" ->
        // "Vladimir Putin" (surname), "Xi" -> "Xi Jinping" (family name first).
        let mut by_last = Index::default();
        for (k, r) in runs.iter().enumerate() {
            if r.person {
                by_last.entry(w.low(r.end - 1)).or_default().push(k);
                if r.end - r.start > 1 {
                    by_last.entry(w.low(r.start)).or_default().push(k);
                }
            }
        }
        for r in runs.iter_mut() {
            if !r.person && r.end - r.start == 1 && by_last.contains_key(w.low(r.start)) {
                r.person = true;
            }
        }
        let mut by_role = Index::default();
        for (k, r) in runs.iter().enumerate() {
            for &role in &r.roles {
                by_role.entry(w.low(role)).or_default().push(k);
            }
        }
        let mut mentions: HashMap<&'w str, usize, BuildHasherDefault<Fnv>> = HashMap::default();
        for r in &runs {
            *mentions.entry(w.low(r.end - 1)).or_default() += 1;
        }
        Coref {
            w,
            mentions,
            runs,
            by_last,
            by_role,
            entities,
            fullest_memo: RefCell::default(),
        }
    }

    /// The resolved (entity id, fullest name) of a mention; either may be unknown.
    pub fn resolve(&self, m: &Mention) -> (Option<String>, Option<String>) {
        match self.target(m, 0) {
            Some(k) => self.describe_run(k),
            None => {
                // No run: still link an entity the mention overlaps ("the Kremlin").
                let e = self.entity_overlapping(m.start, m.end);
                (e.map(|e| e.id.clone()), None)
            }
        }
    }

    /// The name run a mention refers to.
    fn target(&self, m: &Mention, depth: usize) -> Option<usize> {
        let w = self.w;
        match m.kind {
            MentionKind::Name => {
                // The run at the mention (skipping leading title words).
                let k = self.run_at(m.start, m.end)?;
                Some(self.fullest(k))
            }
            MentionKind::Pronoun => {
                let lw = w.low(m.start);
                let person = matches!(lw, "he" | "she" | "i");
                self.last_before(m.start, person).map(|k| self.fullest(k))
            }
            MentionKind::Relative => {
                // "Smith, who ..., said": the phrase before the comma.
                if depth > 2 || m.start < 2 || w.low(m.start - 1) != "," {
                    return None;
                }
                let before = w.np_before(m.start - 1, m.start.saturating_sub(12))?;
                self.target(&before, depth + 1)
            }
            MentionKind::Description => {
                // The head noun, looked up among role words said of a name.
                // The head noun, looked up among role words said of a name; of several
                // ("President Trump", "President Zelenskyy") the one named most recently
                // before the mention ("Trump said … “…,” the president replied"), then the
                // one the article names most.
                let head = w.low(m.end - 1);
                if let Some(ks) = self.by_role.get(head) {
                    let first = self.runs.partition_point(|r| r.start < m.start);
                    let recency = |last: &str| {
                        (0..first)
                            .rev()
                            .take(200)
                            .find(|&j| !self.runs[j].quoted && w.low(self.runs[j].end - 1) == last)
                            .map_or(0, |j| j + 1)
                    };
                    let best = ks.iter().copied().max_by_key(|&k| {
                        let last = w.low(self.runs[k].end - 1);
                        let mentions = self.mentions.get(last).copied().unwrap_or(0);
                        (recency(last), mentions)
                    });
                    if let Some(k) = best {
                        return Some(self.fullest(k));
                    }
                }
                // "a statement from Xinhua": the name at the end of the description.
                if w.is_name_word(m.end - 1) {
                    return self.run_at(m.end - 1, m.end).map(|k| self.fullest(k));
                }
                None
            }
        }
    }

    /// Index of the run overlapping tokens `s..e`.
    fn run_at(&self, s: usize, e: usize) -> Option<usize> {
        let k = self.runs.partition_point(|r| r.end <= s);
        (k < self.runs.len() && self.runs[k].start < e).then_some(k)
    }

    /// The last run before token `at`, a person-like one when `person`.
    fn last_before(&self, at: usize, person: bool) -> Option<usize> {
        let k = self.runs.partition_point(|r| r.start < at);
        let recent = || (0..k).rev().filter(|&j| !self.runs[j].quoted).take(40);
        // A person when one was named recently; else any name ("Ortiz … she said").
        recent()
            .find(|&j| !person || self.runs[j].person)
            .or_else(|| recent().take(8).next())
    }

    /// The longest person run sharing the last word of run `k` ("Putin" -> "Vladimir Putin").
    fn fullest(&self, k: usize) -> usize {
        let r = &self.runs[k];
        let last: &'w str = self.w.low(r.end - 1);
        let len = r.end - r.start;
        if let Some(&known) = self.fullest_memo.borrow().get(&(last, len)) {
            return known.unwrap_or(k);
        }
        let best = self.by_last.get(last).and_then(|ks| {
            ks.iter()
                .copied()
                .filter(|&j| self.runs[j].end - self.runs[j].start >= len)
                .max_by_key(|&j| {
                    let rj = &self.runs[j];
                    // A surname match beats a first-name match, then longer, then earlier.
                    let surname = self.w.low(rj.end - 1) == last;
                    (surname, rj.end - rj.start, usize::MAX - j)
                })
        });
        self.fullest_memo.borrow_mut().insert((last, len), best);
        best.unwrap_or(k)
    }

    fn describe_run(&self, k: usize) -> (Option<String>, Option<String>) {
        let r = &self.runs[k];
        let t = self.w.tokens;
        let name = self.w.text[t[r.start].bstart..t[r.end - 1].bend].to_string();
        let entity = self.entity_overlapping(r.start, r.end).or_else(|| {
            self.entities
                .iter()
                // The name itself, or a longer name ending in it after a space (no
                // `format!` per entity: this scan runs for every unresolved speaker).
                .find(|e| {
                    e.text
                        .strip_suffix(name.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
                })
        });
        (entity.map(|e| e.id.clone()), Some(name))
    }

    /// The entity overlapping tokens `s..e` (people first).
    fn entity_overlapping(&self, s: usize, e: usize) -> Option<&'w Entity> {
        let t = self.w.tokens;
        if s >= e || e > t.len() {
            return None;
        }
        let (cs, ce) = (t[s].start, t[e - 1].end);
        let first = self.entities.partition_point(|x| x.end <= cs);
        self.entities[first..]
            .iter()
            .take_while(|x| x.start < ce)
            .filter(|x| !matches!(x.label.as_str(), "DATE" | "TIME" | "CARDINAL" | "ORDINAL"))
            .max_by_key(|x| (x.label == "PERSON", x.end - x.start))
    }
}

fn is_initial(w: &Words, i: usize) -> bool {
    let r = w.raw(i);
    r.len() == 2 && r.ends_with('.') && r.starts_with(|c: char| c.is_uppercase())
}

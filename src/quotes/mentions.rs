//! Finds the noun phrase that names a speaker next to a cue word, without trusting entity
//! labels: capitalised name runs ("Sen. Ted Cruz"), pronouns ("he", "who"), descriptions
//! ("the president", "the Kremlin spokesman", "Putin’s foreign affairs adviser",
//! "a statement from Xinhua") and bare role plurals ("officials", "sources").
//! Everything works on token indices; `Words` holds the lower-cased token texts once.

use super::cues::{self, CueKind};
use crate::text::Token;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// What kind of phrase a mention is; decides how it is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Name,
    Pronoun,
    /// "who"/"which" after a comma: refers to the phrase before the comma.
    Relative,
    Description,
}

/// A speaker mention as a token range `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
}

#[rustfmt::skip]
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "it", "you", "some", "many", "others", "several", "someone",
    "everyone", "somebody", "one", "both", "another",
];
const RELATIVES: &[&str] = &["who", "which"];

#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "this", "these", "those", "another", "two",
    "three", "our", "my", "other", "most", "each", "every", "no", "few",
];

/// Capitalised words that start sentences but do not start names.
#[rustfmt::skip]
const CAP_STOP: &[&str] = &[
    "the", "a", "an", "but", "and", "or", "in", "on", "at", "for", "with", "as", "if", "when",
    "while", "after", "before", "this", "that", "these", "those", "it", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "my", "there", "here", "what", "why", "how", "who",
    "so", "yet", "still", "then", "now", "asked", "according", "during", "since", "also",
    "however", "meanwhile", "instead", "speaking", "later", "by", "from", "to", "of", "not", "no",
    "yes", "well", "oh", "even", "just", "said", "says", "told", "added", "because", "although",
    "though", "both", "all", "some", "many", "most", "one", "last", "next", "every", "each",
    "like", "unlike", "despite", "without", "about", "over", "under", "into", "among", "after",
    "twitter", "facebook", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "today", "yesterday", "tonight", "instagram",
];

/// Title words that may stand in or before a name run ("President Donald Trump").
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "president", "mr.", "mrs.", "ms.", "dr.", "sen.", "senator", "gov.", "governor", "rep.",
    "representative", "secretary", "minister", "chancellor", "gen.", "general", "judge", "justice",
    "mayor", "speaker", "chairman", "chairwoman", "leader", "spokesman", "spokeswoman",
    "spokesperson", "adviser", "advisor", "director", "ambassador", "prime", "vice", "candidate",
    "nominee", "sheriff", "chief", "rev.", "pope", "king", "queen", "prince", "attorney", "lt.",
    "col.", "sgt.", "capt.", "adm.", "prof.", "professor", "commissioner", "officer", "manager",
    "host", "anchor", "founder", "ceo", "chair", "strategist", "aide", "pastor", "coach",
    "correspondent", "reporter", "columnist", "analyst", "economist", "pollster", "lawyer",
    "author", "editor", "former", "first", "lady", "businessman", "mogul", "billionaire",
    "activist", "official", "press", "campaign", "deputy", "assistant", "state", "house", "white",
    "republican", "democratic", "senate",
];

/// Head nouns of descriptions that can speak: people, roles, bodies and documents.
#[rustfmt::skip]
const ROLE_NOUNS: &[&str] = &[
    "percent", "pope", "pontiff", "bishop", "priest", "rabbi", "imam", "cardinal", "senate",
    "president", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "official",
    "officials", "source", "sources", "candidate", "nominee", "leader", "leaders", "minister",
    "senator", "governor", "statement", "report", "campaign", "aide", "aides", "official",
    "secretary", "chairman", "chairwoman", "mayor", "director", "spokespeople", "analyst",
    "analysts", "expert", "experts", "critics", "critic", "supporters", "supporter", "voters",
    "voter", "woman", "man", "people", "residents", "protesters", "lawmakers", "lawmaker",
    "congressman", "congresswoman", "councilman", "councilwoman", "councillor", "alderman",
    "billionaire", "businessman", "mogul", "democrat", "republican", "democrats", "republicans",
    "group", "organization", "committee", "party", "team", "agency", "department", "ministry",
    "government", "administration", "office", "website", "site", "article", "story", "piece",
    "post", "paper", "newspaper", "ad", "letter", "memo", "email", "release", "tweet", "message",
    "video", "book", "study", "poll", "survey", "filing", "lawsuit", "complaint", "document",
    "documents", "court", "judge", "lawyer", "lawyers", "attorney", "attorneys", "doctor", "wife",
    "husband", "son", "daughter", "mother", "father", "friend", "veteran", "member", "members",
    "host", "anchor", "reporter", "reporters", "journalist", "columnist", "author", "writer",
    "editor", "editors", "pollster", "strategist", "strategists", "operative", "chief", "manager",
    "officer", "police", "founder", "ceo", "executive", "activist", "activists", "pastor",
    "senators", "governors", "nation", "country", "kremlin", "white", "house", "fact-checker",
    "politifact", "network", "channel", "station", "outlet", "magazine", "account", "crowd",
    "audience", "delegates", "delegate", "speaker", "rival", "opponent", "challenger", "incumbent",
    "chairman", "counsel", "prosecutor", "prosecutors", "investigators", "authorities",
    "commission", "council", "union", "association", "coalition", "institute", "foundation",
    "center", "university", "school", "company", "firm", "bank", "board", "panel", "staff",
    "staffer", "staffers", "employee", "employees", "worker", "workers", "student", "students",
    "teacher", "mom", "dad", "girl", "boy", "guy", "lady", "someone", "everyone", "nobody",
    "person", "individual", "official", "diplomat", "envoy", "ambassador", "general", "commander",
    "soldier", "soldiers", "troops", "military", "army", "economist", "economists", "researchers",
    "researcher", "scientists", "scientist", "professor", "historian", "biographer", "friends",
    "allies", "ally", "surrogate", "surrogates", "backers", "donor", "donors", "insiders",
    "insider", "observers", "observer",
];

#[rustfmt::skip]
const OPENER_WORDS: &[&str] = &[
    "earlier", "later", "former", "further", "together", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty",
    "hundreds", "thousands", "millions", "whether", "whatever", "whoever", "perhaps", "maybe",
    "often", "once", "soon", "until", "unless", "amid", "above", "below", "near", "inside",
];

/// Words that open sentences without being names: -ly adverbs, -ing/-ed participles, number
/// words ("Earlier", "Filling in", "Thirteen years").
fn looks_like_opener(lw: &str) -> bool {
    lw.ends_with("ly")
        || lw.ends_with("wise")
        || lw.ends_with("ing")
        || lw.ends_with("ed")
        || lw.ends_with("teen")
        || OPENER_WORDS.contains(&lw)
}

#[rustfmt::skip]
const PREMODIFIERS: &[&str] = &[
    "former", "retired", "veteran", "conservative", "liberal", "longtime", "senior", "top", "then",
    "acting", "fellow", "chief", "deputy", "assistant", "key", "prominent", "political",
    "republican", "democratic", "progressive", "radio", "talk", "tv", "television", "news",
    "media", "campaign", "communications", "policy", "foreign", "affairs", "national", "security",
    "press", "state", "party", "house", "senate", "tech", "real", "estate", "civil", "rights",
    "presidential", "vice", "interim", "executive", "general", "legal", "staff", "undecided",
    "independent", "local", "federal", "county", "city", "union",
];

/// Lower-case words that may stand before a title and a name ("former Massachusetts
/// congressman Barney Frank", "retired neurosurgeon Ben Carson").
fn is_premodifier(lw: &str) -> bool {
    PREMODIFIERS.contains(&lw)
}

#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    "and", "or", "but", "that", "which", "so", "then", "also", "not", "just", "only", "as", "than",
    "if", "when", "while", "because", "to", "of", "in", "on", "at", "for", "with", "by", "from",
    "about", "after", "before",
];

/// Words that never head a speaker phrase ("… and said", "… specifically said").
fn is_function_word(lw: &str) -> bool {
    FUNCTION_WORDS.contains(&lw) || (lw.ends_with("ly") && lw.len() > 4)
}

/// Bit flags of a lower-cased word: which lists it is on. Looked up once per token through a
/// hash map instead of scanning the lists at every question.
pub mod flag {
    pub const CAP_STOP: u32 = 1;
    pub const PRONOUN: u32 = 1 << 1;
    pub const RELATIVE: u32 = 1 << 2;
    pub const DETERMINER: u32 = 1 << 3;
    pub const TITLE: u32 = 1 << 4;
    pub const ROLE: u32 = 1 << 5;
    pub const SPEECH: u32 = 1 << 6;
    pub const NAMING: u32 = 1 << 7;
    pub const BETWEEN: u32 = 1 << 8;
    pub const CUE_NOUN: u32 = 1 << 9;
    pub const INVERTS: u32 = 1 << 10;
    pub const ORG_WORD: u32 = 1 << 11;
    pub const PERSON_TITLE: u32 = 1 << 12;
    pub const TITLE_SMALL: u32 = 1 << 13;
}

/// FNV-1a: the lexicon's keys are short words, for which SipHash costs more than the lookup.
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Lexicon = HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>;

/// Every listed word with its flags. Cue verbs are also entered under their -ed and -ing
/// forms ("condemns" -> "condemned", "condemning"), so the lists need not spell out every
/// form and no stemming happens per token.
fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut m = Lexicon::default();
        let mut add = |words: &[&str], f: u32| {
            for w in words {
                *m.entry((*w).into()).or_insert(0) |= f;
            }
        };
        add(CAP_STOP, flag::CAP_STOP);
        add(PRONOUNS, flag::PRONOUN);
        add(RELATIVES, flag::RELATIVE);
        add(DETERMINERS, flag::DETERMINER);
        add(TITLES, flag::TITLE);
        add(ROLE_NOUNS, flag::ROLE);
        add(cues::SPEECH, flag::SPEECH);
        add(cues::NAMING, flag::NAMING);
        add(cues::BETWEEN, flag::BETWEEN);
        add(cues::CUE_NOUNS, flag::CUE_NOUN);
        add(cues::INVERTS, flag::INVERTS);
        add(super::coref::ORG_WORDS, flag::ORG_WORD);
        add(super::coref::PERSON_TITLES, flag::PERSON_TITLE);
        add(super::kind::TITLE_SMALL, flag::TITLE_SMALL);
        for (list, f) in [(cues::SPEECH, flag::SPEECH), (cues::NAMING, flag::NAMING)] {
            for w in list {
                for form in inflections(w) {
                    m.entry(form.into_boxed_str()).or_insert(f);
                }
            }
        }
        m
    })
}

/// Other forms of a listed verb form (regular inflection only; irregular forms are listed).
fn inflections(w: &str) -> Vec<String> {
    let stem = if let Some(s) = w.strip_suffix("ing") {
        s.to_string()
    } else if let Some(s) = w.strip_suffix("ied") {
        format!("{s}y")
    } else if let Some(s) = w.strip_suffix("ed") {
        s.to_string()
    } else if let Some(s) = w
        .strip_suffix("es")
        .filter(|s| s.ends_with("ss") || s.ends_with("sh"))
    {
        s.to_string()
    } else if let Some(s) = w.strip_suffix('s') {
        s.to_string()
    } else {
        w.to_string()
    };
    if stem.len() < 3 {
        return Vec::new();
    }
    let bare = stem.strip_suffix('e').unwrap_or(&stem).to_string();
    let past = if stem.ends_with('e') {
        format!("{stem}d")
    } else if let Some(s) = stem.strip_suffix('y') {
        format!("{s}ied")
    } else {
        format!("{stem}ed")
    };
    // Bare and -s forms are left out on purpose: "report(s)", "claim(s)", "post(s)" are nouns
    // more often than verbs, so those forms count only where listed.
    vec![past, format!("{bare}ing")]
}

/// Flags of a lower-cased word (0 when on no list).
pub fn flags_of(lower: &str) -> u32 {
    lexicon().get(lower).copied().unwrap_or(0)
}

/// Lower-cased token texts and their list flags, computed once per document. The lower-cased
/// texts live in one buffer (`’` written as `'`), so building this costs no allocation per token.
pub struct Words<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    lower: String,
    spans: Vec<(u32, u32)>,
    flags: Vec<u32>,
}

/// Flag bit for a token whose first character is upper-case (not a list).
const CAP: u32 = 1 << 31;

impl<'a> Words<'a> {
    pub fn new(text: &'a str, tokens: &'a [Token]) -> Self {
        let mut lower = String::with_capacity(text.len());
        let mut spans = Vec::with_capacity(tokens.len());
        let mut flags = Vec::with_capacity(tokens.len());
        for t in tokens {
            let raw = t.text(text);
            let a = lower.len();
            if raw.is_ascii() {
                lower.push_str(raw);
                lower[a..].make_ascii_lowercase();
            } else {
                for c in raw.chars() {
                    if c == '’' {
                        lower.push('\'');
                    } else {
                        lower.extend(c.to_lowercase());
                    }
                }
            }
            let low = &lower[a..];
            let first = raw.chars().next().unwrap_or(' ');
            // Punctuation and numbers are on no list: skip the lookup.
            let mut f = if low.starts_with(|c: char| c.is_alphabetic() || c == '\'') {
                flags_of(low)
            } else {
                0
            };
            if first.is_uppercase() {
                f |= CAP;
            }
            spans.push((a as u32, lower.len() as u32));
            flags.push(f);
        }
        Words {
            text,
            tokens,
            lower,
            spans,
            flags,
        }
    }

    /// The token opens a line or follows a sentence end ("Said Dorothy Poynter, …").
    pub fn sentence_initial(&self, i: usize) -> bool {
        i == 0
            || self.tokens.get(i).is_some_and(|t| t.newline_before)
            || matches!(self.low(i - 1), "." | "!" | "?")
    }

    /// True when token `i` is on the list `f` (a `flag` constant).
    pub fn has(&self, i: usize, f: u32) -> bool {
        self.flags.get(i).is_some_and(|x| x & f != 0)
    }

    /// The cue kind of token `i` (lower-case verbs only; "United States" is no cue).
    pub fn cue(&self, i: usize) -> Option<CueKind> {
        if self.is_cap(i) && !self.sentence_initial(i) {
            None
        } else if self.has(i, flag::SPEECH) {
            Some(CueKind::Speech)
        } else if self.has(i, flag::NAMING) {
            Some(CueKind::Naming)
        } else {
            None
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn raw(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    pub fn low(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .and_then(|&(a, b)| self.lower.get(a as usize..b as usize))
            .unwrap_or("")
    }

    /// A capitalised word that can be part of a name ("Putin", "U.S.", "McCain", "O'Brien").
    pub fn is_cap(&self, i: usize) -> bool {
        self.has(i, CAP)
    }

    pub fn is_name_word(&self, i: usize) -> bool {
        self.is_cap(i) && !self.has(i, flag::CAP_STOP)
    }

    pub fn is_pronoun(&self, i: usize) -> bool {
        self.has(i, flag::PRONOUN)
    }

    pub fn is_determiner(&self, i: usize) -> bool {
        self.has(i, flag::DETERMINER)
    }

    pub fn is_possessive(&self, i: usize) -> bool {
        matches!(self.low(i), "'s" | "'")
    }

    pub fn is_role_noun(&self, i: usize) -> bool {
        self.has(i, flag::ROLE)
    }

    pub fn is_title(&self, i: usize) -> bool {
        self.has(i, flag::TITLE)
    }

    /// Name-internal glue: initials and particles ("J.", "de", "van", "bin", "al-").
    fn is_name_glue(&self, i: usize) -> bool {
        matches!(
            self.low(i),
            "de" | "van"
                | "von"
                | "der"
                | "bin"
                | "al"
                | "la"
                | "le"
                | "del"
                | "da"
                | "di"
                | "du"
                | "st."
                | "jr."
                | "sr."
                | "ii"
                | "iii"
                | "-"
                | "of"
        )
    }

    fn is_word(&self, i: usize) -> bool {
        self.raw(i)
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    }

    /// Extends a name run to the left from `end - 1` (inclusive) and returns its start.
    fn name_run_left(&self, end: usize, floor: usize) -> usize {
        let mut s = end;
        while s > floor {
            let j = s - 1;
            let name = self.is_name_word(j) || (self.is_title(j) && self.is_cap(j));
            let glue = self.is_name_glue(j) && j > floor && self.is_name_word(j - 1);
            if name || glue {
                s = j;
            } else {
                break;
            }
        }
        // A run never starts with glue ("of").
        while s < end && self.is_name_glue(s) {
            s += 1;
        }
        s
    }

    /// Extends a name run to the right from `start` and returns its end.
    fn name_run_right(&self, start: usize, ceil: usize) -> usize {
        let mut e = start;
        while e < ceil {
            let name = self.is_name_word(e) || (self.is_title(e) && self.is_cap(e));
            let glue = self.is_name_glue(e) && e + 1 < ceil && self.is_name_word(e + 1);
            if name || glue {
                e += 1;
            } else {
                break;
            }
        }
        e
    }

    /// The speaker phrase that ends right before token `end` (the subject of a verb at `end`),
    /// looking no further left than `floor`. Skips "also", "has" and the like first.
    pub fn np_before(&self, end: usize, floor: usize) -> Option<Mention> {
        let mut e = end;
        while e > floor && self.has(e - 1, flag::BETWEEN) {
            e -= 1;
        }
        self.np_ending_at(e, floor, 0)
    }

    fn np_ending_at(&self, e: usize, floor: usize, depth: usize) -> Option<Mention> {
        if e <= floor || depth > 2 {
            return None;
        }
        let i = e - 1;
        let lw = self.low(i);
        if self.has(i, flag::PRONOUN) {
            return Some(Mention {
                start: i,
                end: e,
                kind: MentionKind::Pronoun,
            });
        }
        if self.has(i, flag::RELATIVE) {
            return Some(Mention {
                start: i,
                end: e,
                kind: MentionKind::Relative,
            });
        }
        if lw == ")" {
            // Parenthesis: "Cruz (R-Texas) said".
            let lim = i.saturating_sub(12).max(floor);
            let open = (lim..i).rev().find(|&j| self.low(j) == "(")?;
            return self.np_ending_at(open, floor, depth + 1);
        }
        if lw == "," {
            // Apposition, possibly long and with commas of its own: "Michael Seaman, who lives
            // outside the state capital, Sacramento, said". Try each earlier comma, nearest
            // first, for a phrase that can speak.
            let lim = i.saturating_sub(40).max(floor);
            let mut j = i;
            while j > lim {
                j -= 1;
                let lj = self.low(j);
                if matches!(lj, "“" | "”" | "\"" | ":" | ";") {
                    break;
                }
                if lj == "," || lj == "—" {
                    if let Some(m) = self.np_ending_at(j, floor, depth + 1) {
                        if m.kind != MentionKind::Relative {
                            return Some(m);
                        }
                    }
                }
            }
            return None;
        }
        if self.is_name_word(i) || (self.is_cap(i) && self.is_title(i)) {
            let mut s = self.name_run_left(e, floor);
            if s == e {
                return None;
            }
            // Conjoined speakers: "Putin and Xi declared".
            if s >= floor + 2 && self.low(s - 1) == "and" && self.is_name_word(s - 2) {
                s = self.name_run_left(s - 1, floor);
            }
            // "Kremlin spokesman Dmitry Peskov": take the role words too.
            while s > floor && self.is_title(s - 1) && !self.is_cap(s - 1) {
                s -= 1;
            }
            if s > floor && self.is_possessive(s - 1) {
                // "Trump's campaign manager Kellyanne Conway"? keep the name run only.
            }
            return Some(Mention {
                start: s,
                end: e,
                kind: MentionKind::Name,
            });
        }
        if self.is_word(i) && !self.is_cap(i) && !is_function_word(lw) {
            return self.description_left(i, e, floor);
        }
        None
    }

    /// A description whose head noun is token `head`: walks left to its determiner or
    /// possessive ("the Kremlin spokesman", "Putin's foreign affairs adviser").
    fn description_left(&self, head: usize, e: usize, floor: usize) -> Option<Mention> {
        let head_ok = self.is_role_noun(head);
        let mut j = head;
        let lim = head.saturating_sub(6).max(floor);
        while j > lim {
            let k = j - 1;
            if self.is_determiner(k) {
                // Only trust an unknown head noun when the phrase is short, or holds a name
                // ("the nationalist Global Times tabloid"), and starts a clause ("The report
                // said"), not when it is the object of a preposition.
                let clause_start = k == floor
                    || matches!(
                        self.low(k - 1),
                        "," | "and" | "but" | ":" | ";" | "\"" | "“" | "as" | "because"
                    );
                let named = (k + 1..head).any(|x| self.is_name_word(x));
                if head_ok || ((head - k <= 2 || named) && clause_start) {
                    return Some(Mention {
                        start: k,
                        end: e,
                        kind: MentionKind::Description,
                    });
                }
                return None;
            }
            if self.is_possessive(k) && k > floor {
                // Include the possessor: "Putin 's foreign affairs adviser".
                let s = if self.is_name_word(k - 1) {
                    self.name_run_left(k, floor)
                } else if self.is_pronoun(k - 1) || self.is_word(k - 1) {
                    k - 1
                } else {
                    k
                };
                return Some(Mention {
                    start: s,
                    end: e,
                    kind: MentionKind::Description,
                });
            }
            if !self.is_word(k) || self.cue(k).is_some() {
                break;
            }
            if matches!(
                self.low(k),
                "of" | "in" | "on" | "at" | "to" | "for" | "with" | "and" | "or" | "but" | "by"
            ) {
                break;
            }
            j = k;
        }
        // Bare plural roles: "officials said", "Republican lawmakers said".
        if head_ok {
            return Some(Mention {
                start: j,
                end: e,
                kind: MentionKind::Description,
            });
        }
        None
    }

    /// The speaker phrase that starts at token `start` (after an inverted verb: `said Trump`,
    /// `says the report`, `according to a statement from Xinhua`).
    pub fn np_after(&self, start: usize, ceil: usize) -> Option<Mention> {
        if start >= ceil {
            return None;
        }
        let lw = self.low(start);
        if self.has(start, flag::PRONOUN) {
            return Some(Mention {
                start,
                end: start + 1,
                kind: MentionKind::Pronoun,
            });
        }
        if self.is_name_word(start) || (self.is_cap(start) && self.is_title(start)) {
            let mut e = self.name_run_right(start, ceil);
            // A lone sentence-initial adverb or participle is no name ("Earlier this week,",
            // "Filling in for Sanders,", "Thirteen years earlier,").
            // ("King said", "Fleming also said" stay names: a verb follows them.)
            let lone = e == start + 1 && self.sentence_initial(start);
            let verb_next = self.cue(e).is_some() || self.has(e, flag::BETWEEN);
            if lone && !verb_next && looks_like_opener(self.low(start)) {
                return None;
            }
            // "Putin's foreign affairs adviser" -> description headed after the possessive.
            if e < ceil && self.is_possessive(e) {
                if let Some(d) = self.description_right(start, e + 1, ceil) {
                    return Some(d);
                }
            }
            // "Former US secretary of state Madeleine Albright": role words, then the name.
            let mut j = e;
            while j < ceil
                && j < e + 5
                && !self.is_cap(j)
                && (self.has(j, flag::TITLE | flag::ROLE)
                    || is_premodifier(self.low(j))
                    || matches!(self.low(j), "of" | "state"))
            {
                j += 1;
            }
            if j > e && j < ceil && self.is_name_word(j) {
                e = self.name_run_right(j, ceil);
            }
            if e == start {
                e = start + 1;
            }
            return Some(Mention {
                start,
                end: e,
                kind: MentionKind::Name,
            });
        }
        if self.is_determiner(start) && !matches!(lw, "that" | "this" | "these" | "those") {
            return self.description_right(start, start + 1, ceil);
        }
        if self.is_role_noun(start) && !self.is_cap(start) {
            if let Some(d) = self.description_right(start, start, ceil) {
                return Some(d);
            }
            return Some(Mention {
                start,
                end: start + 1,
                kind: MentionKind::Description,
            });
        }
        // Lower-case premodifiers before a name: "said former Massachusetts congressman
        // Barney Frank", "says retired neurosurgeon Ben Carson".
        if self.is_word(start) && !self.is_cap(start) && !is_function_word(lw) {
            let d = self.description_right(start, start, ceil)?;
            let premodifiers = (d.start..d.end).all(|i| {
                self.is_cap(i)
                    || self.has(i, flag::TITLE | flag::ROLE)
                    || is_premodifier(self.low(i))
            });
            // "former secretary of state Hillary Clinton" stops at "of": the role still
            // names the speaker.
            let head_ok = self.is_name_word(d.end - 1) || self.has(d.end - 1, flag::ROLE);
            if head_ok && premodifiers {
                return Some(d);
            }
        }
        None
    }

    /// Words of a description from `from` up to its head; extends over "from/of X" when the
    /// head is a role noun ("a statement from Xinhua", "a spokesman for the campaign").
    fn description_right(&self, start: usize, from: usize, ceil: usize) -> Option<Mention> {
        let mut e = from;
        let mut last_role = None;
        while e < ceil && e - from < 6 {
            if !self.is_word(e) || self.cue(e).is_some() {
                break;
            }
            if matches!(
                self.low(e),
                "of" | "in"
                    | "on"
                    | "at"
                    | "to"
                    | "for"
                    | "with"
                    | "and"
                    | "or"
                    | "but"
                    | "by"
                    | "from"
                    | "who"
                    | "that"
                    | "which"
            ) {
                break;
            }
            if self.is_role_noun(e) || self.is_name_word(e) {
                last_role = Some(e);
            }
            e += 1;
        }
        let head = last_role?;
        let mut end = head + 1;
        // "issued by the Kremlin", "released by Xinhua".
        if end + 2 < ceil
            && matches!(self.low(end), "issued" | "released" | "published")
            && self.low(end + 1) == "by"
        {
            end += 1;
        }
        if end + 1 < ceil
            && matches!(self.low(end), "from" | "of" | "for" | "at" | "by")
            && (self.is_name_word(end + 1) || self.low(end + 1) == "the")
        {
            let s = if self.low(end + 1) == "the" {
                end + 2
            } else {
                end + 1
            };
            let r = self.name_run_right(s, ceil);
            if r > s {
                end = r;
            }
        }
        Some(Mention {
            start,
            end,
            kind: MentionKind::Description,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn before(text: &str, verb: &str) -> Option<String> {
        let toks = tokenize(text);
        let w = Words::new(text, &toks);
        let v = (0..w.len()).find(|&i| w.raw(i) == verb)?;
        let m = w.np_before(v, 0)?;
        Some(text[toks[m.start].bstart..toks[m.end - 1].bend].to_string())
    }

    fn after(text: &str, verb: &str) -> Option<String> {
        let toks = tokenize(text);
        let w = Words::new(text, &toks);
        let v = (0..w.len()).find(|&i| w.raw(i) == verb)?;
        let m = w.np_after(v + 1, w.len())?;
        Some(text[toks[m.start].bstart..toks[m.end - 1].bend].to_string())
    }

    #[test]
    fn subjects_before_verbs() {
        assert_eq!(
            before("Sen. Ted Cruz also said", "said").unwrap(),
            "Sen. Ted Cruz"
        );
        assert_eq!(before("and he has said", "said").unwrap(), "he");
        assert_eq!(
            before("the Kremlin spokesman told", "told").unwrap(),
            "the Kremlin spokesman"
        );
        assert_eq!(
            before("Putin’s foreign affairs adviser noted", "noted").unwrap(),
            "Putin’s foreign affairs adviser"
        );
        assert_eq!(
            before("Maria Lopez, a spokeswoman for the group, said", "said").unwrap(),
            "Maria Lopez"
        );
        assert_eq!(before("officials said", "said").unwrap(), "officials");
        assert_eq!(before("The big red car said", "said"), None);
    }

    #[test]
    fn subjects_after_verbs() {
        assert_eq!(
            after("said President Joe Biden.", "said").unwrap(),
            "President Joe Biden"
        );
        assert_eq!(
            after("said the president.", "said").unwrap(),
            "the president"
        );
        assert_eq!(
            after("according to a statement from Xinhua.", "to").unwrap(),
            "a statement from Xinhua"
        );
    }
}

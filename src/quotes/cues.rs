//! Word lists that the speaker finder reads: speech verbs, naming verbs, and the small words
//! that may stand between a speaker and its verb. Lower-case; the lists were drawn up by hand
//! and completed with the cue words most frequent in the PolNeAR training split.

/// What a cue word does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// A verb of saying: "said", "told", "wrote", "added".
    Speech,
    /// A verb that names or labels: "called it “a hoax”", "described ties as “…”".
    Naming,
}

#[rustfmt::skip]
pub(crate) const SPEECH: &[&str] = &[
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds", "added",
    "adding", "note", "noted", "noting", "write", "writes", "wrote", "writing", "reply", "replies",
    "replied", "replying", "insist", "insists", "insisted", "insisting", "stated",
    "stating", "ask", "asks", "asked", "asking", "explain", "explains", "explained", "explaining",
    "argue", "argues", "argued", "arguing", "declare", "declares", "declared", "declaring",
    "continue", "continues", "continued", "continuing", "tweeted", "tweeting", "respond",
    "responds", "responded", "responding", "conclude", "concludes", "concluded", "concluding",
    "claim", "claimed", "claiming", "warn", "warns", "warned", "remarked", "remarking", "recall",
    "recalls", "recalled", "recalling", "admit", "admits", "admitted", "admitting", "announce",
    "announces", "announced", "announcing", "acknowledge", "acknowledges", "acknowledged",
    "acknowledging", "suggest", "suggests", "suggested", "suggesting", "promises", "promised",
    "vows", "vowed", "vowing", "pledges", "pledged", "pledging", "shout", "shouts", "shouted",
    "shouting", "chant", "chants", "chanted", "chanting", "urge", "urges", "urged", "urging",
    "blast", "blasts", "blasted", "blasting", "joke", "jokes", "joked", "joking", "quip", "quips",
    "quipped", "scoff", "scoffs", "scoffed", "scoffing", "exclaim", "exclaims", "exclaimed",
    "muse", "mused", "muses", "observe", "observes", "observed", "predict", "predicts",
    "predicted", "predicting", "testify", "testified", "testifies", "confirm", "confirms",
    "confirmed", "complain", "complains", "complained", "complaining", "boast", "boasts",
    "boasted", "boasting", "brag", "brags", "bragged", "lament", "laments", "lamented", "concede",
    "concedes", "conceded", "countered", "retort", "retorted", "assert", "asserts",
    "asserted", "asserting", "contend", "contends", "contended", "emphasize", "emphasized",
    "emphasizes", "emphasise", "emphasised", "stressed", "stressing", "charged", "accuse",
    "accuses", "accused", "accusing", "cites", "cited", "citing", "caution", "cautioned",
    "cautions", "repeats", "repeated", "reiterate", "reiterated", "reiterates", "proclaim",
    "proclaimed", "proclaims", "demanded", "wonder", "wondered", "wonders", "answered", "yell",
    "yelled", "yells", "scream", "screamed", "whisper", "whispered", "interject", "interjected",
    "allege", "alleged", "alleges", "maintain", "maintained", "maintains", "reported", "posted",
    "read", "emailed", "texted", "elaborate", "elaborated", "elaborates", "implore",
    "implored", "plead", "pleaded", "begged", "begs", "barked", "bemoaned", "bemoans", "mentioned",
    "revealed", "expressed", "indicated", "defended", "attacked", "rejected", "cheered",
    "hollered", "sighed", "laughed", "grumbled", "griped", "conceded", "objected", "protested",
    "rebutted", "retorted", "teased", "tweeted", "cautioned", "intoned", "beamed", "gushed",
    "marveled", "murmured", "muttered", "noted", "shrugged", "blame", "blamed", "blames",
    "blaming", "dismissed", "dismisses", "derided", "derides", "decried", "decries", "hailed",
    "touted", "touts", "lauded", "condemned", "condemns", "denounced", "denounces", "ridiculed",
    "pledge", "promise", "vow", "characterized", "thunder", "thundered", "snap", "snapped",
    "sneer", "sneered", "mock", "mocked", "mocks", "mocking", "praise", "praised", "praises",
    "praising", "criticize", "criticized", "criticizes", "criticizing", "slam", "slammed", "slams",
    "deny", "denied", "denies", "pointed", "spoke", "speaking", "thanked", "echoed",
    "conceding", "threatened", "describing", "agreed", "agrees", "questioned", "pressed",
    "assured", "assures", "reassured", "instructed", "advised", "recounted", "recounts",
    "recounting", "described", "describes", "describe", "chimed", "piped", "sang", "sings",
    "quoted", "opined", "posits", "posited", "reasoned", "surmised", "vented", "fumed", "raged",
    "gushed", "cracked", "bristled",
];

#[rustfmt::skip]
pub(crate) const NAMING: &[&str] = &[
    "called", "calling", "dub", "dubbed", "dubbing", "label", "labeled", "labelled", "labeling",
    "nicknamed", "termed", "branded", "branding", "deem", "deemed", "refer", "referred",
    "referring", "characterize", "characterized", "characterizes", "characterizing", "portray",
    "portrayed", "titled", "entitled", "named",
];

/// Words that may stand between the speaker and the verb ("Trump also said", "he has said",
/// "she later told").
#[rustfmt::skip]
pub(crate) const BETWEEN: &[&str] = &[
    "also", "has", "have", "had", "later", "then", "previously", "once", "would", "will",
    "recently", "again", "repeatedly", "further", "simply", "just", "even", "reportedly",
    "allegedly", "flatly", "publicly", "privately", "never", "often", "earlier", "first",
    "quickly", "already", "famously", "still", "only", "now", "subsequently", "angrily", "bluntly",
    "clearly", "softly", "finally", "frequently", "herself", "himself", "is", "was", "were", "are",
    "been", "did", "does", "do", "may", "might", "could", "can", "should", "went", "on", "to",
    "in", "'s", "’s", "n't", "not", "had", "correctly", "ultimately",
];

/// Nouns that report what someone said ("Trump's assertion that “…”", "in a statement").
#[rustfmt::skip]
pub(crate) const CUE_NOUNS: &[&str] = &[
    "statement", "statements", "assertion", "claim", "claims", "remarks", "comments", "comment",
    "words", "pledge", "promise", "tweet", "tweets", "speech", "interview", "letter", "message",
    "op-ed", "column", "accusation", "charge", "warning", "quote", "quoted", "testimony",
    "argument", "rhetoric", "slogan", "chant", "chants", "vow", "insistence", "description",
    "quip", "boast", "response", "answer", "reply", "post", "email", "memo", "release",
];

/// A noun that reports speech; marks a short quote near it as reported speech.
pub fn is_cue_noun(lower: &str) -> bool {
    CUE_NOUNS.contains(&lower)
}

pub fn cue_kind(lower: &str) -> Option<CueKind> {
    if SPEECH.contains(&lower) {
        Some(CueKind::Speech)
    } else if NAMING.contains(&lower) {
        Some(CueKind::Naming)
    } else {
        None
    }
}

/// A word that may stand between a subject and its speech verb.
pub fn is_between(lower: &str) -> bool {
    BETWEEN.contains(&lower)
}

/// Verbs whose subject may follow them: `"…," said Trump`, `says the report`.
#[rustfmt::skip]
pub(crate) const INVERTS: &[&str] = &[
    "posted", "reads", "recalls", "quipped", "insists", "observes", "wonders", "argues", "…,",
    "said", "says", "say", "added", "adds", "wrote", "writes", "asked", "asks", "continued",
    "continues", "replied", "replies", "explained", "explains", "noted", "notes", "recalled",
    "recalls", "tweeted", "declared", "insisted", "responded", "read", "concluded",
    "concludes", "warned", "argued", "argues", "stated", "answered", "quipped",
    "remarked", "observed", "suggested", "tells", "told", "reported", "joked",
    "exclaimed", "countered", "admitted", "boasted", "complained", "offered",
];

pub fn inverts(lower: &str) -> bool {
    INVERTS.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(cue_kind("said"), Some(CueKind::Speech));
        assert_eq!(cue_kind("calling"), Some(CueKind::Naming));
        assert_eq!(cue_kind("house"), None);
        assert!(inverts("said") && !inverts("calling"));
        assert!(is_between("also"));
    }
}

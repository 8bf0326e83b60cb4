//! Families of page furniture that show up as text: share and follow bars, subscribe and
//! login prompts, cookie and legal notices, copyright lines, "Also read"/"Related" headers,
//! tag lists, ad labels, menu words, photo credits. Each rule is limited to short blocks
//! (furniture is terse) so that article sentences that merely mention a word survive.

/// Words that make up share/follow bars when a line holds nothing else.
const SOCIAL: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "pinterest",
    "reddit",
    "email",
    "e-mail",
    "mail",
    "telegram",
    "youtube",
    "instagram",
    "tiktok",
    "share",
    "tweet",
    "print",
    "copy",
    "link",
    "flipboard",
    "messenger",
    "threads",
    "bluesky",
    "mastodon",
    "sms",
    "rss",
    "pocket",
    "tumblr",
    "snapchat",
    "comments",
    "comment",
    "save",
    "gift",
    "article",
    "this",
    "on",
    "via",
    "feed",
    "google",
    "news",
    "apple",
    "podcasts",
    "spotify",
    "and",
];

/// Lines that are nothing but one of these are navigation or widget labels.
const MENU_WORDS: &[&str] = &[
    "menu",
    "search",
    "home",
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "back to top",
    "toggle navigation",
    "close",
    "loading",
    "no result",
    "view all result",
    "open menu",
    "close menu",
    "next",
    "previous",
    "prev",
    "next article",
    "previous article",
    "more",
    "show more",
    "load more",
    "see more",
    "see all",
    "view all",
    "leave a comment",
    "reply",
    "listen",
    "listen to this article",
    "sections",
    "go",
    "submit",
    "top",
    "print edition",
    "edition",
    "latest",
    "video",
    "videos",
    "photos",
    "watch",
    "live",
    "click here",
    "expand",
    "collapse",
    "share this",
    "share this article",
    "continue",
    "search for",
    "type your search",
    "press enter to search",
    "english",
    "language",
];

const RELATED: &[&str] = &[
    "also read",
    "read also",
    "read more",
    "related",
    "related articles",
    "related stories",
    "related posts",
    "related news",
    "related content",
    "related coverage",
    "more from",
    "you may also like",
    "you might also like",
    "you may like",
    "recommended",
    "recommended for you",
    "trending",
    "trending now",
    "most popular",
    "most read",
    "popular",
    "what to read next",
    "more stories",
    "see also",
    "latest news",
    "latest stories",
    "editor's picks",
    "editors' picks",
    "editor’s picks",
    "don't miss",
    "don’t miss",
    "more on this",
    "more on this story",
    "further reading",
    "explore further",
    "top stories",
    "more news",
    "read next",
    "up next",
    "must read",
    "more like this",
    "in other news",
    "also on",
    "suggested",
    "popular now",
    "more to explore",
    "keep reading",
    "recent posts",
    "latest posts",
    "other stories",
    "more articles",
    "read this next",
];

const AD: &[&str] = &[
    "advertisement",
    "advertisements",
    "advertising",
    "sponsored",
    "ad",
    "ads",
    "sponsored content",
    "paid content",
    "scroll to continue",
    "scroll to continue with content",
    "story continues below advertisement",
    "continue reading below",
    "skip advertisement",
    "article continues below",
    "story continues below",
    "content continues below",
    "partner content",
    "promoted",
    "promoted content",
];

// Phrase groups looked for anywhere in a short line, as bits of one mask.
const G_FORM: u8 = 1;
const G_SUB: u8 = 2;
const G_LOGIN: u8 = 4;
const G_COOKIE: u8 = 8;
const G_LEGAL: u8 = 16;
const G_COPY: u8 = 32;
const G_CAPTION: u8 = 64;

const PHRASES: &[(&str, u8)] = &[
    ("save my name, email", G_FORM),
    ("your email address will not be published", G_FORM),
    ("required fields are marked", G_FORM),
    ("notify me of", G_FORM),
    ("by submitting this form", G_FORM),
    ("you must be logged in to post", G_FORM),
    ("cancel reply", G_FORM),
    ("protected email address", G_FORM),
    ("(required)", G_FORM),
    ("newsletter", G_SUB),
    ("news alerts", G_SUB),
    ("breaking news emails", G_SUB),
    ("subscribe", G_SUB),
    ("subscription", G_SUB),
    ("sign up for", G_SUB),
    ("sign-up", G_SUB),
    ("your inbox", G_SUB),
    ("unsubscribe", G_SUB),
    ("by signing up", G_SUB),
    ("log in", G_LOGIN),
    ("login", G_LOGIN),
    ("sign in", G_LOGIN),
    ("log out", G_LOGIN),
    ("logout", G_LOGIN),
    ("sign out", G_LOGIN),
    ("forgot your", G_LOGIN),
    ("forgot password", G_LOGIN),
    ("forgotten password", G_LOGIN),
    ("my account", G_LOGIN),
    ("create an account", G_LOGIN),
    ("create account", G_LOGIN),
    ("welcome back", G_LOGIN),
    ("password", G_LOGIN),
    ("username", G_LOGIN),
    ("cookie", G_COOKIE),
    ("privacy policy", G_LEGAL),
    ("terms of use", G_LEGAL),
    ("terms of service", G_LEGAL),
    ("terms and conditions", G_LEGAL),
    ("privacy notice", G_LEGAL),
    ("terms & conditions", G_LEGAL),
    ("do not sell my", G_LEGAL),
    ("all rights reserved", G_COPY),
    ("subject to copyright", G_COPY),
    ("(photo", G_CAPTION),
    ("(pic credit", G_CAPTION),
    ("(image", G_CAPTION),
    ("getty images", G_CAPTION),
    ("/ reuters", G_CAPTION),
    ("/reuters", G_CAPTION),
    ("(afp", G_CAPTION),
    ("afp via getty", G_CAPTION),
    ("shutterstock", G_CAPTION),
    ("(ap photo", G_CAPTION),
    ("photo credit", G_CAPTION),
    ("image credit", G_CAPTION),
    ("pic credit", G_CAPTION),
];

/// For each byte, the set (bit i = `PHRASES[i]`) of phrases starting with it, so the scan
/// only tries phrases where one could start.
const BY_FIRST_BYTE: [u64; 256] = {
    assert!(PHRASES.len() <= 64);
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < PHRASES.len() {
        // `groups` compares the second byte first.
        assert!(PHRASES[i].0.len() >= 2);
        t[PHRASES[i].0.as_bytes()[0] as usize] |= 1 << i;
        i += 1;
    }
    t
};

/// The phrase groups present in `hay`, found in one pass over its bytes (cheaper than one
/// substring search per phrase on the many short lines of a page).
fn groups(hay: &str) -> u8 {
    let hb = hay.as_bytes();
    let mut mask = 0u8;
    for i in 0..hb.len() {
        let mut cands = BY_FIRST_BYTE[hb[i] as usize];
        while cands != 0 {
            let k = cands.trailing_zeros() as usize;
            cands &= cands - 1;
            let (p, bit) = PHRASES[k];
            let p = p.as_bytes();
            // The second byte rules out most candidates without a slice compare; a group
            // already found needs no second match.
            if mask & bit == 0 && p.get(1) == hb.get(i + 1) && hb[i..].starts_with(p) {
                mask |= bit;
            }
        }
    }
    mask
}

fn lower_core(text: &str) -> &str {
    text.trim_matches(|c: char| !c.is_alphanumeric() && c != '©')
}

/// The furniture family of a block, if its text says so. `words` is its word count.
pub fn family(text: &str, words: usize) -> Option<&'static str> {
    if words == 0 {
        return Some("empty");
    }
    // Only cookie notices run long; skip the other checks for paragraph-sized blocks.
    if words > 40 {
        if words > 80 {
            return None;
        }
        // Long notices: cookie consent and the publisher's rights statement.
        let maybe = text.contains("ookie")
            || text.contains("OOKIE")
            || text.contains("ights")
            || text.contains("opyright")
            || text.contains("eproduced");
        if !maybe {
            return None;
        }
        let l = text.to_lowercase();
        if l.contains("cookie") {
            return Some("cookie");
        }
        let rights = [
            "subject to copyright",
            "all rights reserved",
            "may not be reproduced",
            "may not be published, broadcast",
        ];
        return rights.iter().any(|r| l.contains(r)).then_some("copyright");
    }
    let lower = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    };
    let lt = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    let l = lower_core(&lower);
    let first = l.as_bytes().first().copied();
    // The first-byte test saves a memcmp call for almost every pattern.
    let starts = |ps: &[&str]| {
        ps.iter()
            .any(|p| p.as_bytes().first().copied() == first && l.starts_with(p))
    };
    let g = groups(l);
    if words <= 6 && (l.is_empty() || MENU_WORDS.contains(&l)) {
        return Some("menu");
    }
    if words <= 25
        && RELATED.iter().any(|p| {
            p.as_bytes().first().copied() == first
                && (l == *p
                    || lt
                        .strip_prefix(p)
                        .is_some_and(|r| r.trim_start().starts_with(':')))
        })
    {
        return Some("related");
    }
    if words <= 6
        && starts(&[
            "more articles",
            "more stories from",
            "more from",
            "more by",
            "other articles by",
            "all articles by",
            "see more from",
            "view all posts by",
            "read more from",
            "more news from",
        ])
    {
        return Some("related");
    }
    if comments_marker(l, words) {
        return Some("comments");
    }
    if words <= 30 && g & G_FORM != 0 {
        return Some("comments");
    }
    // Calls to action addressed to the reader about the site itself ("Join our forums",
    // "Get our app", "Support us").
    if words <= 40
        && starts(&[
            "join ",
            "get ",
            "download ",
            "support ",
            "become ",
            "try ",
            "visit ",
            "check out ",
            "don't miss",
            "don’t miss",
            "click ",
            "listen to our",
            "watch our",
            "like our",
            "donate",
        ])
        && (l.contains(" our ") || l.contains(" us ") || l.ends_with(" us") || l.contains(" our."))
    {
        return Some("promo");
    }
    if words <= 8 && AD.contains(&l) {
        return Some("ad");
    }
    if words <= 8
        && (l == "share"
            || starts(&[
                "share on",
                "share this",
                "share via",
                "share to",
                "share article",
                "sharetweet",
                "share:",
                "tweet this",
                "email this",
                "print this",
                "copy link",
            ]))
    {
        return Some("share");
    }
    if words <= 12
        && l.split(|c: char| !c.is_alphanumeric() && c != '-')
            .find(|w| !w.is_empty())
            .is_some_and(|w| SOCIAL.contains(&w))
        && l.split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .all(|w| SOCIAL.contains(&w) || w.chars().all(|c| c.is_ascii_digit()))
    {
        return Some("share");
    }
    if words <= 12
        && starts(&[
            "follow us",
            "follow @",
            "follow on",
            "follow the",
            "connect with us",
            "like us on",
            "join us on",
            "find us on",
        ])
    {
        return Some("follow");
    }
    if words <= 3 && (l == "sign up" || l == "sign up now" || l == "join now" || l == "register") {
        return Some("subscribe");
    }
    if words <= 25 && g & G_SUB != 0 {
        return Some("subscribe");
    }
    if words <= 12 && g & G_LOGIN != 0 {
        return Some("login");
    }
    if words <= 80 && g & G_COOKIE != 0 {
        return Some("cookie");
    }
    if words <= 15 && g & G_LEGAL != 0 {
        return Some("legal");
    }
    if (words <= 30 || g & G_COPY != 0)
        && (l.contains('©') || l.starts_with("copyright") || g & G_COPY != 0)
    {
        return Some("copyright");
    }
    if words <= 30
        && starts(&[
            "tags:",
            "tags ",
            "tagged",
            "topics:",
            "filed under",
            "categories:",
            "category:",
            "posted in",
        ])
    {
        return Some("tags");
    }
    if (words <= 6 && l.ends_with("min read")) || (words <= 3 && l.ends_with("comments")) {
        return Some("menu");
    }
    if words <= 3 && (l == "shares" || l.starts_with("view all (")) {
        return Some("menu");
    }
    // Date and update stamps ("Published: 10:48, Tue, Nov 19, 2019 | Updated: ...").
    if words <= 16
        && starts(&[
            "published",
            "updated",
            "last updated",
            "posted on",
            "first published",
        ])
        && l.bytes().any(|b| b.is_ascii_digit())
    {
        return Some("date");
    }
    if words <= 20
        && (l.contains("contributed reporting") || l.contains("contributed to this report"))
    {
        return Some("credits");
    }
    if words <= 12 && l.starts_with("write to ") && l.contains('@') {
        return Some("contact");
    }
    if words <= 12 && starts(&["click here to", "see more:", "watch:", "read more:"]) {
        return Some("related");
    }
    // Photo credits standing alone ("GETTY", "Reuters") or closing a caption ("(AP)",
    // "(NASA/JPL-Caltech/ASU)", "... [+]").
    const AGENCIES: &[&str] = &[
        "getty",
        "getty images",
        "reuters",
        "ap",
        "afp",
        "epa",
        "statista",
        "shutterstock",
        "istock",
        "alamy",
        "ap photo",
        "afp via getty images",
    ];
    if words <= 3 && AGENCIES.contains(&l) {
        return Some("caption");
    }
    if words <= 40 {
        // Agencies are written with capitals ("(AP)", "(Reuters)"); "(ePA)" is an acronym.
        let last_paren = text
            .trim_end()
            .strip_suffix(')')
            .and_then(|x| x.rsplit_once('('))
            .map(|(_, c)| c);
        let credit_paren = last_paren.is_some_and(|c| {
            let capital = c.chars().next().is_some_and(char::is_uppercase);
            capital
                && (AGENCIES.contains(&c.to_lowercase().as_str())
                    || (c.contains('/') && !c.contains(' ') && c.len() > 3))
        });
        if credit_paren
            || lower.trim_end().ends_with("[+]")
            || starts(&[
                "image copyright",
                "image caption",
                "media caption",
                "courtesy of",
                "above:",
                "pictured:",
                "photos:",
            ])
        {
            return Some("caption");
        }
    }
    if words <= 40
        && (starts(&[
            "photo:",
            "photo by",
            "photograph:",
            "image:",
            "image credit",
            "picture:",
            "credit:",
            "file photo",
            "pic credit",
            "photo credit",
            "image source",
            "source:",
        ]) || [
            "/ ap",
            "/ ap file",
            "/ ap photo",
            "/ afp",
            "/ reuters",
            "/ getty images",
            "/ epa",
            "/ file",
            "/ bloomberg",
        ]
        .iter()
        .any(|e| l.ends_with(e))
            || g & G_CAPTION != 0)
    {
        return Some("caption");
    }
    None
}

/// A line that opens a comment section: "Comments", "167 comments", "Leave a Reply",
/// "Join the conversation". `l` is the lower-cased core of the line.
pub fn comments_marker(l: &str, words: usize) -> bool {
    // "10 thoughts on “Title”", "3 responses to “Title”"
    if words <= 25 && l.starts_with(|c: char| c.is_ascii_digit() || c == 'o') {
        let rest = l.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
        if [
            "thoughts on ",
            "responses to ",
            "comments on ",
            "replies to ",
            "one thought on ",
            "one response to ",
        ]
        .iter()
        .any(|p| rest.starts_with(p))
        {
            return true;
        }
    }
    if words > 6 {
        return false;
    }
    let core = l.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c.is_whitespace() || c == '(' || c == '['
    });
    [
        "comments",
        "comment",
        "top rated comments",
        "leave a reply",
        "leave a comment",
        "post a comment",
        "add a comment",
        "join the conversation",
        "join the discussion",
        "show comments",
        "view comments",
        "reader comments",
        "responses",
        "thoughts on",
        "discussion",
        "conversation",
        "comments are closed",
        "write a comment",
        "most popular comments",
        "newest comments",
        "oldest comments",
    ]
    .iter()
    .any(|m| {
        core.as_bytes().first() == m.as_bytes().first()
            && (core == *m
                || (core.starts_with(m)
                    && core[m.len()..].trim_start().starts_with(['(', ']', ':'])))
    })
}

/// A short author biography ("Jane Doe is a reporter covering ..."). Only checked near the
/// end of an article, where bios sit, because the same words can be news in the body.
pub fn is_author_bio(text: &str, words: usize) -> bool {
    if !(4..=80).contains(&words) {
        return false;
    }
    let l = text.to_lowercase();
    let head: String = l.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
    let role = [
        "reporter",
        "journalist",
        "correspondent",
        "editor",
        "writer",
        "columnist",
        "contributor",
        "freelance",
        "staff writer",
        "author of",
        "reporting on",
        "has been reporting",
    ];
    (head.contains(" is a ")
        || head.contains(" is an ")
        || head.contains(" is the ")
        || head.contains(" covers ")
        || head.contains(" joined "))
        && role.iter().any(|r| l.contains(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fam(t: &str) -> Option<&'static str> {
        family(t, t.split_whitespace().count())
    }

    #[test]
    fn spots_furniture() {
        assert_eq!(fam("Share on FacebookShare on X"), Some("share"));
        assert_eq!(fam("Facebook Twitter Email"), Some("share"));
        assert_eq!(fam("Follow us on Instagram"), Some("follow"));
        assert_eq!(fam("Sign up for our daily newsletter"), Some("subscribe"));
        assert_eq!(fam("Forgotten Password?"), Some("login"));
        assert_eq!(fam("Log In"), Some("login"));
        assert_eq!(
            fam("This website uses cookies. By continuing you consent."),
            Some("cookie")
        );
        assert_eq!(fam("©2025 - Example Media Limited"), Some("copyright"));
        assert_eq!(fam("Also Read"), Some("related"));
        assert_eq!(fam("RELATED:"), Some("related"));
        assert_eq!(fam("Tags: China, Russia"), Some("tags"));
        assert_eq!(fam("Advertisement"), Some("ad"));
        assert_eq!(fam("No Result"), Some("menu"));
        assert_eq!(fam("5 min read"), Some("menu"));
        assert_eq!(fam("A bridge at dusk (Photo: Jane Roe)"), Some("caption"));
        assert_eq!(
            fam("The first map of Titan. (NASA/JPL-Caltech/ASU)"),
            Some("caption")
        );
        assert_eq!(fam("GETTY"), Some("caption"));
        assert_eq!(
            fam("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05"),
            Some("date")
        );
        assert_eq!(fam("10 thoughts on “Business Focus”"), Some("comments"));
        assert_eq!(
            fam("Jane Roe contributed reporting from Hong Kong."),
            Some("credits")
        );
        assert_eq!(
            fam("Join our Space Forums to keep talking space on the latest missions!"),
            Some("promo")
        );
    }

    #[test]
    fn keeps_article_sentences() {
        for t in [
            "The company said it would share more details on Tuesday.",
            "Readers who subscribe to the paper's print edition have fallen by half in a decade, the report found, and digital sales have not made up the gap.",
            "Related companies were also fined.",
            "Trade between the two countries hit a record high last year.",
            "Home prices rose 4% in March.",
            "Join the march, the organisers urged supporters on Friday.",
            "Updated figures will follow, the agency said.",
            "The company (AAPL) rose 3%.",
        ] {
            assert_eq!(fam(t), None, "{t}");
        }
    }

    #[test]
    fn author_bio() {
        assert!(is_author_bio("Jane Doe is a reporter covering China.", 7));
        assert!(!is_author_bio("The minister said the plan would work.", 7));
    }
}

//! End-to-end tests of the cleaner on small hand-written pages (no data files needed).

use super::{clean_html, clean_text, Cleaned};

const P1: &str = "The city council voted on Tuesday to approve a new budget for the coming year, ending weeks of debate over spending on roads and schools.";
const P2: &str = "Council members said the plan would raise spending on public transport by a fifth, while holding property taxes at their current level for residents.";
const P3: &str = "The mayor, who had pushed for the changes since the spring, called the vote “a good day for everyone who takes the bus,” and thanked the staff.";
const P4: &str = "Opponents said the plan relied on optimistic revenue forecasts and warned that the city could face a shortfall if the economy slowed next year.";

fn paragraphs(c: &Cleaned) -> Vec<&str> {
    c.text.split("\n\n").filter(|p| !p.is_empty()).collect()
}

/// Checks the invariants every result must hold.
fn check(c: &Cleaned) {
    let len = c.text.chars().count();
    assert!(!c.text.starts_with(char::is_whitespace) && !c.text.ends_with(char::is_whitespace));
    assert!(!c.text.contains("\n\n\n"));
    for r in &c.removed {
        assert!(
            r.at <= len,
            "removed block offset {} beyond text {}",
            r.at,
            len
        );
        assert!(!r.reason.is_empty());
    }
    let mut prev = None;
    for &(clean, _) in &c.source_map {
        assert!(clean <= len);
        assert!(prev.is_none_or(|p| p < clean));
        prev = Some(clean);
    }
}

fn page() -> String {
    let menu = "Home\nWorld\nPolitics\nBusiness\nSport\n";
    [
        menu,
        "Subscribe\nLog in\n",
        "Council approves new budget after weeks of debate\n",
        "By Jane Roe\n",
        "March 5, 2024\n",
        "Share on Facebook\nShare on X\n",
        P1,
        "\n",
        P2,
        "\nAlso Read\n",
        "Ten Things To Know About The New Stadium Plan\n",
        "Why The Bus Network Is Changing Next Month\n",
        P3,
        "\n",
        P4,
        "\nTags: Budget, City Council, Transport\n",
        "Follow us on Instagram\n",
        "Sign up for our daily newsletter\n",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.\n",
        menu,
        "© 2024 Example Daily News. All rights reserved.\n",
    ]
    .concat()
}

#[test]
fn whole_page_keeps_the_article_and_drops_furniture() {
    let c = clean_text(&page());
    check(&c);
    assert_eq!(paragraphs(&c), vec![P1, P2, P3, P4]);
    assert_eq!(
        c.meta.title.as_deref(),
        Some("Council approves new budget after weeks of debate")
    );
    assert_eq!(c.meta.byline.as_deref(), Some("Jane Roe"));
    assert_eq!(c.meta.date.as_deref(), Some("2024-03-05"));
    assert_eq!(c.meta.site.as_deref(), Some("Example Daily News"));
    let reason = |t: &str| {
        c.removed
            .iter()
            .find(|r| r.text == t)
            .map(|r| r.reason.as_str())
    };
    assert_eq!(reason("Share on Facebook"), Some("share"));
    assert_eq!(reason("Also Read"), Some("related"));
    assert_eq!(
        reason("Ten Things To Know About The New Stadium Plan"),
        Some("related")
    );
    assert_eq!(
        reason("Tags: Budget, City Council, Transport"),
        Some("tags")
    );
    assert_eq!(reason("Follow us on Instagram"), Some("follow"));
    assert_eq!(
        reason("Sign up for our daily newsletter"),
        Some("subscribe")
    );
    assert_eq!(reason("By Jane Roe"), Some("byline"));
    // The teasers stood between P2 and P3: restoring them puts them there.
    let at = c
        .removed
        .iter()
        .find(|r| r.text == "Also Read")
        .map(|r| r.at);
    let p3_at = c.text.find(P3).map(|b| c.text[..b].chars().count());
    assert_eq!(at, p3_at);
    // Nothing is lost: every input line is either kept or listed as removed.
    for line in page().lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            c.text.contains(line) || c.removed.iter().any(|r| r.text == line),
            "{line}"
        );
    }
}

#[test]
fn article_only_paste_comes_through_whole() {
    let text = [
        P1,
        P2,
        "A closer look",
        P3,
        "- First point of a list.",
        "- Second point of a list.",
        P4,
        "All...",
    ]
    .join("\n\n");
    let c = clean_text(&text);
    check(&c);
    assert_eq!(c.text, text);
    assert!(c.removed.is_empty());
}

#[test]
fn byline_duplicates_and_trailing_bylines() {
    let text = format!("Jane Roe by Jane Roe\nJanuary 22, 2025\n{P1}\n{P2}\n{P3}\nBy John Doe");
    let c = clean_text(&text);
    assert_eq!(c.meta.byline.as_deref(), Some("Jane Roe"));
    assert_eq!(c.meta.date.as_deref(), Some("2025-01-22"));
    assert_eq!(paragraphs(&c), vec![P1, P2, P3]);
    let text = format!("{P1}\n{P2}\n{P3}\nBy John Doe");
    let c = clean_text(&text);
    assert_eq!(c.meta.byline.as_deref(), Some("John Doe"));
    assert_eq!(paragraphs(&c), vec![P1, P2, P3]);
}

#[test]
fn repeated_menus_go() {
    let menu = "News\nSport\nWeather\nCulture\n";
    let text = format!("{menu}{menu}{P1}\n{P2}\n{P3}\n{menu}");
    let c = clean_text(&text);
    assert_eq!(paragraphs(&c), vec![P1, P2, P3]);
    assert!(c.removed.iter().any(|r| r.reason == "repeated"));
}

#[test]
fn mojibake_entities_and_white_space() {
    let text = "Itâ€™s a cafÃ© &amp; bar,\u{A0}\u{A0}said the \u{200B}owner &ldquo;today&rdquo;.\r\n\r\nSecond\tline  here.";
    let c = clean_text(text);
    assert_eq!(
        c.text,
        "It’s a café & bar, said the owner “today”.\n\nSecond line here."
    );
    // Quote marks stay as typed.
    let c = clean_text("He said \"yes\" and ‘no’ to the plan that was put forward on Monday.");
    assert_eq!(
        c.text,
        "He said \"yes\" and ‘no’ to the plan that was put forward on Monday."
    );
}

#[test]
fn source_map_points_back_into_the_input() {
    let text = format!("Home\nWorld\nHome\nWorld\n\n   {P1}\n{P2}");
    let c = clean_text(&text);
    let input: Vec<char> = text.chars().collect();
    let clean: Vec<char> = c.text.chars().collect();
    assert!(!c.source_map.is_empty());
    for &(ci, ii) in &c.source_map {
        assert_eq!(clean[ci], input[ii]);
    }
}

#[test]
fn empty_and_binary_input() {
    for input in [
        "",
        " ",
        "\n\n\n",
        "\u{0}\u{1}\u{2}",
        "\u{FEFF}",
        "&",
        "<",
        "©",
    ] {
        let c = clean_text(input);
        check(&c);
        let c = clean_html(input);
        check(&c);
    }
    // Binary-looking bytes, decoded lossily as a paste would be.
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let s = String::from_utf8_lossy(&bytes);
    check(&clean_text(&s));
    check(&clean_html(&s));
}

#[test]
fn html_article_with_furniture() {
    let html = format!(
        r##"<!DOCTYPE html><html><head><title>Council approves budget | Example News</title>
        <meta property="og:site_name" content="Example News">
        <meta name="author" content="Jane Roe">
        <script>var x = "<p>not text</p>";</script><style>p {{ color: red }}</style></head>
        <body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
        <header class="site-header"><a href="/">Example News</a></header>
        <article><h1>Council approves budget</h1>
        <p class="byline">By Jane Roe</p><time datetime="2024-03-05T09:00:00Z">5 March</time>
        <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
        <p>{P1}</p><p>{P2}</p>
        <figure><img src="x.jpg" onerror="alert(1)"><figcaption>The council chamber. Photo: J. Roe</figcaption></figure>
        <h2>What comes next</h2>
        <p>{P3}</p><p>{P4}</p>
        <div class="related-stories"><h3>Related</h3><ul><li><a href="/a">Stadium plan unveiled</a></li></ul></div>
        </article>
        <aside><p>Most read: a long list of other stories that should never be part of the body text at all.</p></aside>
        <footer><p>© 2024 Example News</p></footer></body></html>"##
    );
    let c = clean_html(&html);
    check(&c);
    assert_eq!(paragraphs(&c), vec![P1, P2, "What comes next", P3, P4]);
    assert_eq!(c.meta.title.as_deref(), Some("Council approves budget"));
    assert_eq!(c.meta.byline.as_deref(), Some("Jane Roe"));
    assert_eq!(c.meta.date.as_deref(), Some("2024-03-05"));
    assert_eq!(c.meta.site.as_deref(), Some("Example News"));
    assert!(!c.text.contains("not text") && !c.text.contains("color"));
    assert!(c.removed.iter().any(|r| r.text.contains("Most read")));
}

#[test]
fn broken_and_hostile_html() {
    let cases = [
        format!("<p>{P1}<p>{P2}<div>{P3}"),
        format!("<div><p>{P1}</div></p></span><p>{P2}"),
        format!("<script>alert('<p>x</p>')</script><p>{P1}</p><img src=x onerror=\"document.write('<p>evil</p>')\"><p>{P2}</p>"),
        format!("<iframe srcdoc=\"<p>evil</p>\"><p>evil too</p></iframe><p>{P1}</p><p>{P2}</p>"),
        format!("<p>{P1}</p><p>{P2}</p><!-- unterminated comment <p>x</p>"),
        format!("<p title='unterminated>{P1}</p><p>{P2}</p>"),
        format!("<table><tr><td><p>{P1}</p><td><p>{P2}</p></table>"),
    ];
    for html in &cases {
        let c = clean_html(html);
        check(&c);
        assert!(
            !c.text.contains("evil") && !c.text.contains("alert"),
            "{html}: {}",
            c.text
        );
    }
    assert!(clean_html(&cases[0]).text.contains(P1));
    assert!(clean_html(&cases[2]).text.contains(P2));
    assert!(clean_html(&cases[3]).text.contains(P1));
}

#[test]
fn random_markup_soup_never_panics() {
    // Deterministic pseudo-random mixes of markup pieces, references and multi-byte text.
    let pieces = [
        "<p>",
        "</p>",
        "<div class=\"share\">",
        "</div>",
        "<a href='x'>",
        "</a>",
        "<br>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "&amp;",
        "&#x1F600;",
        "&#99999;",
        "&",
        "<",
        ">",
        "é",
        "“",
        "”",
        "Ã©",
        "â€™",
        "\u{0}",
        "\r\n",
        "\n\n",
        " ",
        "By Jane Roe",
        "January 5, 2024",
        "Share",
        "<li>",
        "<table><tr><td>",
        "<h1>",
        "</h2>",
        "<time datetime=\"2024-01-05\">",
        "<![CDATA[",
        "The council voted on Tuesday to approve the budget after a long debate.",
        "日本語の文章。",
        "<iframe srcdoc=\"<p>x</p>\">",
        "<style>",
        "</style>",
        "<p hidden>",
        "<nav>",
        "</nav>",
    ];
    let mut state: u64 = 0x9E3779B97F4A7C15;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..(state % 200) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        check(&clean_html(&s));
        check(&clean_text(&s));
    }
}

/// A page whose article ends with a list it announces, followed by a menu of links.
fn page_with_closing_list(menu_after: &str) -> String {
    let menu = "Home\nWorld\nPolitics\nBusiness\nSport\n";
    [
        menu,
        "Council approves new budget after weeks of debate\n",
        P1,
        "\n",
        P2,
        "\n",
        P3,
        "\nThe budget funds three projects:\n",
        "- Bus lanes\n- New stops\n- Night routes\n",
        menu_after,
        "© 2024 Example Daily News. All rights reserved.\n",
    ]
    .concat()
}

#[test]
fn announced_list_at_the_end_is_kept_and_the_menu_is_not() {
    let c = clean_text(&page_with_closing_list(
        "Home\nWorld\nPolitics\nBusiness\nSport\n",
    ));
    check(&c);
    let ps = paragraphs(&c);
    assert_eq!(
        &ps[3..],
        &[
            "The budget funds three projects:",
            "- Bus lanes",
            "- New stops",
            "- Night routes"
        ]
    );
}

#[test]
fn unannounced_short_bullets_after_the_article_stay_out() {
    // Bullet lines right after the last paragraph, with no line introducing them: the
    // navigation of many pages, so they are not grown into the article.
    let page = [
        P1,
        "\n",
        P2,
        "\n",
        P3,
        "\n",
        "- Home\n- World\n- Sport\n",
        "- Contact\n- Jobs\n",
    ]
    .concat();
    let c = clean_text(&page);
    check(&c);
    assert_eq!(paragraphs(&c), vec![P1, P2, P3]);
}

#[test]
fn html_list_announced_at_the_end_is_kept() {
    let html = format!(
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav>\
         <article><h1>Budget</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>The budget funds three projects:</p>\
         <ul><li>Bus lanes</li><li>New stops</li><li>Night routes</li></ul></article>\
         <footer><ul><li><a href='/a'>About</a></li><li><a href='/c'>Contact</a></li></ul></footer></body></html>"
    );
    let c = clean_html(&html);
    check(&c);
    let text = c.text.as_str();
    assert!(text.contains("Night routes"), "{text}");
    assert!(!text.contains("Contact"), "{text}");
}

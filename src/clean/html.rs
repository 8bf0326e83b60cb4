//! HTML to blocks. Our own small tokenizer and tree builder (see `tokenizer`): markup is read
//! as data, never rendered or executed. Text under script, style and similar elements never
//! reaches the output; nav, aside, footer, form, header and furniture-classed elements
//! (share bars, related lists, comments...) become removed blocks unless they hold the
//! article; the article container is chosen by scoring prose the way Readability does
//! (text length and commas credited to parent and grandparent, class names, link density).

use super::blocks::{Block, Hint, Kind};
use super::normalize;
use super::tokenizer::{Token, Tokenizer};
use crate::document::Meta;

/// The blocks of a page and what its markup says about the article.
pub struct Page {
    pub blocks: Vec<Block>,
    pub meta: Meta,
}

/// Deepest element nesting we track; deeper (hostile) nesting is read as flat text.
const MAX_DEPTH: usize = 256;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
];

/// Elements whose end (and start) ends a block of text.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "main",
    "hr",
    "dd",
    "dt",
    "dl",
    "form",
    "address",
    "caption",
    "details",
    "summary",
    "fieldset",
    "legend",
    "center",
    "body",
    "html",
    "tbody",
    "thead",
    "tfoot",
    "hgroup",
    "menu",
    "dialog",
    "option",
    "iframe",
    "video",
    "audio",
    "picture",
];

/// Elements that close an open `<p>` when they start.
const CLOSES_P: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "figure",
    "main",
    "hr",
    "dl",
    "form",
    "address",
    "details",
    "fieldset",
    "hgroup",
    "menu",
];

/// Elements whose text is never visible content (drawings, form widgets).
const INVISIBLE: &[&str] = &[
    "svg", "math", "select", "datalist", "canvas", "map", "object",
];

/// Page furniture by element name.
fn furniture_tag(name: &str) -> Option<&'static str> {
    Some(match name {
        "nav" | "menu" => "menu",
        "aside" => "aside",
        "footer" => "footer",
        "form" | "button" | "label" | "fieldset" => "form",
        "header" => "header",
        "dialog" => "popup",
        _ => return None,
    })
}

/// Furniture by class/id/role tokens: (needle, reason, whole-token only).
const NEGATIVE: &[(&str, &str, bool)] = &[
    ("comment", "comments", false),
    ("disqus", "comments", false),
    ("respond", "comments", false),
    ("reply", "comments", false),
    ("footer", "footer", false),
    ("masthead", "header", false),
    ("menu", "menu", false),
    ("nav", "menu", true),
    ("navbar", "menu", false),
    ("navigation", "menu", false),
    ("breadcrumb", "menu", false),
    ("sidebar", "aside", false),
    ("side-bar", "aside", false),
    ("aside", "aside", true),
    ("widget", "aside", false),
    ("share", "share", false),
    ("sharing", "share", false),
    ("social", "share", false),
    ("related", "related", false),
    ("recommend", "related", false),
    ("more-stories", "related", false),
    ("trending", "related", false),
    ("popular", "related", false),
    ("outbrain", "related", false),
    ("taboola", "related", false),
    ("promo", "ad", false),
    ("advert", "ad", false),
    ("ad", "ad", true),
    ("ads", "ad", true),
    ("adsense", "ad", false),
    ("sponsor", "ad", false),
    ("banner", "ad", false),
    ("newsletter", "subscribe", false),
    ("subscribe", "subscribe", false),
    ("signup", "subscribe", false),
    ("cookie", "cookie", false),
    ("consent", "cookie", false),
    ("gdpr", "cookie", false),
    ("popup", "popup", false),
    ("modal", "popup", false),
    ("pagination", "menu", false),
    ("pager", "menu", false),
    ("tags", "tags", true),
    ("tag-list", "tags", false),
    ("taglist", "tags", false),
    ("skip", "menu", true),
    ("toolbar", "menu", false),
    ("login", "login", false),
    ("author-bio", "author bio", false),
    ("bio", "author bio", true),
    ("hidden", "hidden", true),
    ("sr-only", "hidden", false),
    ("visually-hidden", "hidden", false),
    ("print-only", "hidden", false),
    ("caption", "caption", false),
    ("credit", "caption", false),
    ("rss", "share", true),
];

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "text", "story", "prose", "blog",
    "hentry", "page",
];

/// Readability-style class weight: furniture names count against, article names for.
fn class_weight(class_id: &str) -> (i32, Option<&'static str>) {
    if class_id.is_empty() {
        return (0, None);
    }
    let lower = class_id.to_ascii_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-' || c == ':')
        .filter(|t| !t.is_empty())
        .collect();
    let mut neg = None;
    for (needle, reason, whole) in NEGATIVE {
        let hit = if *whole {
            tokens.contains(needle)
        } else {
            lower.contains(needle)
        };
        if hit {
            neg = Some(*reason);
            break;
        }
    }
    let pos = POSITIVE.iter().any(|p| lower.contains(p));
    let w = match (neg.is_some(), pos) {
        (true, false) => -25,
        (false, true) => 25,
        _ => 0,
    };
    // A name that says both ("article-comments", "post-share") is furniture inside the
    // article; keep the reason but do not let it outweigh.
    (w, neg)
}

#[derive(Debug, Clone)]
struct El {
    parent: usize,
    name: String,
    weight: i32,
    /// Furniture reason from the tag or the class/id, if any.
    furniture: Option<&'static str>,
    /// The furniture reason comes from the element name (nav, footer...), not a class.
    by_tag: bool,
    score: f32,
    scored: bool,
    chars: f32,
    link_chars: f32,
}

const NONE: usize = usize::MAX;

struct RawBlock {
    text: String,
    src: usize,
    kind: Kind,
    link_chars: usize,
    /// Element ids from the root down to the innermost open element.
    path: Vec<usize>,
    hidden: bool,
    all_time: bool,
}

/// Builds blocks while the tokenizer walks the page.
struct Builder {
    els: Vec<El>,
    stack: Vec<usize>,
    /// Depth beyond `MAX_DEPTH` that we did not push.
    overflow: usize,
    buf: String,
    buf_src: usize,
    buf_links: usize,
    link_depth: usize,
    /// Inside <time>: its characters, and how many of the block's characters came from it.
    time_depth: usize,
    buf_time: usize,
    hidden_depth: usize,
    invisible_depth: usize,
    blocks: Vec<RawBlock>,
    meta: HtmlMeta,
}

#[derive(Default)]
struct HtmlMeta {
    title_tag: Option<String>,
    og_title: Option<String>,
    site: Option<String>,
    author: Option<String>,
    date: Option<String>,
    time_datetime: Option<String>,
    ld_date: Option<String>,
    ld_author: Option<String>,
    byline_el: Option<String>,
    in_byline: usize,
    byline_buf: String,
}

impl Builder {
    fn new() -> Self {
        Builder {
            els: Vec::new(),
            stack: Vec::new(),
            overflow: 0,
            buf: String::new(),
            buf_src: 0,
            buf_links: 0,
            link_depth: 0,
            time_depth: 0,
            buf_time: 0,
            hidden_depth: 0,
            invisible_depth: 0,
            blocks: Vec::new(),
            meta: HtmlMeta::default(),
        }
    }

    fn kind(&self) -> Kind {
        for &e in self.stack.iter().rev() {
            let k = match self.els[e].name.as_str() {
                "h1" => Kind::Heading(1),
                "h2" => Kind::Heading(2),
                "h3" => Kind::Heading(3),
                "h4" => Kind::Heading(4),
                "h5" => Kind::Heading(5),
                "h6" => Kind::Heading(6),
                "li" | "dd" | "dt" => Kind::Item,
                "figcaption" | "caption" => Kind::Caption,
                "blockquote" => Kind::Quote,
                "pre" => Kind::Pre,
                "p" | "div" | "section" | "article" | "main" | "td" | "th" | "body" => Kind::Text,
                _ => continue,
            };
            return k;
        }
        Kind::Text
    }

    fn flush(&mut self) {
        if self.buf.trim().is_empty() {
            self.buf.clear();
            self.buf_links = 0;
            self.buf_time = 0;
            return;
        }
        let raw = std::mem::take(&mut self.buf);
        let visible = raw.chars().filter(|c| !c.is_whitespace()).count();
        // A block that is nothing but a <time> element is the page's date line.
        let all_time = self.buf_time >= visible;
        self.buf_time = 0;
        let text = normalize::repair_inline(&raw, true);
        let raw_chars = raw.chars().count().max(1);
        let chars = text.chars().count();
        // Link characters were counted on the raw text; scale to the normalised length.
        let links = (self.buf_links.min(raw_chars) * chars) / raw_chars;
        self.buf_links = 0;
        if text.is_empty() {
            return;
        }
        self.blocks.push(RawBlock {
            text,
            src: self.buf_src,
            kind: self.kind(),
            link_chars: links,
            path: self.stack.clone(),
            hidden: self.hidden_depth > 0,
            all_time,
        });
    }

    fn text(&mut self, raw: &str, src: usize) {
        if self.invisible_depth > 0 {
            return;
        }
        let decoded = super::entities::decode(raw);
        if self.buf.trim().is_empty() && !decoded.trim().is_empty() {
            let lead = raw.chars().take_while(|c| c.is_whitespace()).count();
            self.buf_src = src + lead;
        }
        if self.link_depth > 0 {
            self.buf_links += decoded.chars().filter(|c| !c.is_whitespace()).count();
        }
        if self.time_depth > 0 {
            self.buf_time += decoded.chars().filter(|c| !c.is_whitespace()).count();
        }
        if self.meta.in_byline > 0 {
            self.meta.byline_buf.push_str(&decoded);
        }
        self.buf.push_str(&decoded);
    }

    fn pop_to(&mut self, pos: usize) {
        while self.stack.len() > pos {
            if let Some(e) = self.stack.pop() {
                self.closed(e);
            }
        }
    }

    /// Bookkeeping when element `e` closes.
    fn closed(&mut self, e: usize) {
        let name = self.els[e].name.as_str();
        if name == "a" {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
        if name == "time" {
            self.time_depth = self.time_depth.saturating_sub(1);
        }
        if INVISIBLE.contains(&name) {
            self.invisible_depth = self.invisible_depth.saturating_sub(1);
        }
        if self.els[e].furniture == Some("hidden") {
            self.hidden_depth = self.hidden_depth.saturating_sub(1);
        }
        if self.els[e].furniture == Some("byline") {
            self.meta.in_byline = self.meta.in_byline.saturating_sub(1);
            if self.meta.in_byline == 0 && self.meta.byline_el.is_none() {
                let t = normalize::inline(&self.meta.byline_buf);
                if !t.is_empty() {
                    self.meta.byline_el = Some(t);
                }
            }
        }
    }

    fn start(&mut self, name: &str, attrs: &[(String, String)], self_closing: bool) {
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        if name == "meta" {
            self.meta_tag(attrs);
            return;
        }
        if name == "time" && self.meta.time_datetime.is_none() {
            if let Some(d) = attr("datetime") {
                self.meta.time_datetime = Some(d.to_string());
            }
        }
        let block = BLOCK.contains(&name) || name == "td" || name == "th";
        if block {
            if name == "td" || name == "th" {
                self.buf.push(' ');
            } else {
                self.flush();
            }
        }
        if CLOSES_P.contains(&name) {
            if let Some(pos) = self.stack.iter().rposition(|&e| self.els[e].name == "p") {
                // Only when no other block element is open inside that p.
                if self.stack[pos + 1..]
                    .iter()
                    .all(|&e| !BLOCK.contains(&self.els[e].name.as_str()))
                {
                    self.pop_to(pos);
                }
            }
        }
        if name == "li" || name == "dt" || name == "dd" {
            let stop = self
                .stack
                .iter()
                .rposition(|&e| matches!(self.els[e].name.as_str(), "ul" | "ol" | "dl" | "menu"));
            if let Some(pos) = self
                .stack
                .iter()
                .rposition(|&e| matches!(self.els[e].name.as_str(), "li" | "dt" | "dd"))
            {
                if stop.is_none_or(|s| pos > s) {
                    self.pop_to(pos);
                }
            }
        }
        if name == "tr" || name == "td" || name == "th" {
            let table = self
                .stack
                .iter()
                .rposition(|&e| self.els[e].name == "table");
            let cell = if name == "tr" {
                &["tr", "td", "th"][..]
            } else {
                &["td", "th"][..]
            };
            if let Some(pos) = self
                .stack
                .iter()
                .rposition(|&e| cell.contains(&self.els[e].name.as_str()))
            {
                if table.is_none_or(|t| pos > t) {
                    self.pop_to(pos);
                }
            }
        }
        if VOID.contains(&name) || self_closing && name != "a" && !BLOCK.contains(&name) {
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.overflow += 1;
            return;
        }
        let class_id = format!(
            "{} {} {}",
            attr("class").unwrap_or(""),
            attr("id").unwrap_or(""),
            attr("role").unwrap_or("")
        );
        let (weight, mut furniture) = class_weight(&class_id);
        let mut by_tag = false;
        if let Some(f) = furniture_tag(name) {
            furniture = Some(f);
            by_tag = true;
        }
        let role = attr("role").unwrap_or("");
        if matches!(
            role,
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "menu"
                | "menubar"
        ) {
            furniture = Some("menu");
        }
        let style = attr("style")
            .unwrap_or("")
            .to_ascii_lowercase()
            .replace(' ', "");
        let hidden = attr("hidden").is_some()
            || attr("aria-hidden") == Some("true")
            || style.contains("display:none")
            || style.contains("visibility:hidden");
        if hidden {
            furniture = Some("hidden");
            self.hidden_depth += 1;
        }
        let lc = class_id.to_ascii_lowercase();
        let itemprop = attr("itemprop").unwrap_or("");
        let is_byline = attr("rel") == Some("author")
            || itemprop == "author"
            || lc.split_whitespace().any(|t| {
                t == "byline" || t == "author" || t.ends_with("byline") || t == "author-name"
            });
        if is_byline && furniture.is_none() && self.meta.byline_el.is_none() {
            furniture = Some("byline");
            self.meta.in_byline += 1;
            self.meta.byline_buf.clear();
        }
        if name == "a" {
            self.link_depth += 1;
        }
        if name == "time" {
            self.time_depth += 1;
        }
        if INVISIBLE.contains(&name) {
            self.invisible_depth += 1;
        }
        let parent = self.stack.last().copied().unwrap_or(NONE);
        self.els.push(El {
            parent,
            name: name.to_string(),
            weight,
            furniture,
            by_tag,
            score: 0.0,
            scored: false,
            chars: 0.0,
            link_chars: 0.0,
        });
        self.stack.push(self.els.len() - 1);
    }

    fn end(&mut self, name: &str) {
        if BLOCK.contains(&name) {
            self.flush();
        } else if name == "td" || name == "th" {
            self.buf.push(' ');
        }
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        if let Some(pos) = self.stack.iter().rposition(|&e| self.els[e].name == name) {
            self.pop_to(pos);
        }
    }

    fn meta_tag(&mut self, attrs: &[(String, String)]) {
        let get = |k: &str| {
            attrs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.trim().to_string())
        };
        let key = get("property")
            .or_else(|| get("name"))
            .or_else(|| get("itemprop"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(content) = get("content").filter(|c| !c.is_empty()) else {
            return;
        };
        let content = normalize::repair_inline(&content, true);
        let m = &mut self.meta;
        match key.as_str() {
            "og:title" | "twitter:title" if m.og_title.is_none() => m.og_title = Some(content),
            "og:site_name" | "application-name" if m.site.is_none() => m.site = Some(content),
            "author" | "article:author" | "byl" | "dc.creator" | "sailthru.author"
            | "parsely-author"
                if m.author.is_none()
                    && !content.contains("://")
                    && !content.starts_with("www.") =>
            {
                m.author = Some(content)
            }
            "article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "dc.date.issued"
            | "dc.date"
            | "sailthru.date"
            | "parsely-pub-date"
            | "og:published_time"
            | "article.published"
            | "published_time"
                if m.date.is_none() =>
            {
                m.date = Some(content)
            }
            _ => {}
        }
    }

    fn raw_text(&mut self, name: &str, attrs: &[(String, String)], content: &str) {
        match name {
            "title"
                if self.meta.title_tag.is_none()
                    && self.stack.iter().all(|&e| self.els[e].name != "svg") =>
            {
                let t = normalize::repair_inline(content, true);
                if !t.is_empty() {
                    self.meta.title_tag = Some(t);
                }
            }
            "script" => {
                let json = attrs
                    .iter()
                    .any(|(n, v)| n == "type" && v.to_ascii_lowercase().contains("ld+json"));
                if json {
                    if self.meta.ld_date.is_none() {
                        self.meta.ld_date = json_string_after(content, "\"datePublished\"");
                    }
                    if self.meta.ld_author.is_none() {
                        if let Some(p) = content.find("\"author\"") {
                            self.meta.ld_author = json_string_after(&content[p..], "\"name\"");
                        }
                    }
                }
            }
            "textarea" => self.text(content, 0),
            _ => {}
        }
    }
}

/// The string value that follows `key` in a JSON text, without a JSON parser (the data is
/// only a hint, and the page's JSON is often broken).
fn json_string_after(json: &str, key: &str) -> Option<String> {
    let p = json.find(key)? + key.len();
    let rest = json[p..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let v = rest[..end].trim();
    if v.is_empty() || v.len() > 200 {
        None
    } else {
        Some(normalize::inline(v))
    }
}

/// Readability-style content score of one block's text.
fn content_score(text: &str) -> f32 {
    let chars = text.chars().count() as f32;
    let commas = text
        .chars()
        .filter(|c| matches!(c, ',' | '，' | '、'))
        .count() as f32;
    1.0 + commas + (chars / 100.0).min(3.0)
}

fn tag_bonus(name: &str) -> f32 {
    match name {
        "article" | "main" => 10.0,
        "div" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn is_paragraph_el(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "td"
            | "th"
            | "dd"
            | "dt"
            | "span"
            | "a"
            | "b"
            | "i"
            | "em"
            | "strong"
            | "font"
            | "figcaption"
    )
}

/// Picks the article container(s): the best-scoring element and the siblings that look like
/// more of the same article.
fn choose_main(els: &mut [El], blocks: &[RawBlock]) -> Vec<bool> {
    let mut in_main = vec![false; els.len()];
    // Accumulate text and link characters per element (for link density).
    for b in blocks.iter().filter(|b| !b.hidden) {
        let chars = b.text.chars().count() as f32;
        for &e in &b.path {
            els[e].chars += chars;
            els[e].link_chars += b.link_chars as f32;
        }
    }
    // Furniture names on a wrapper holding most of the page are not believed
    // ("subscriber-page" on <body>, an ASP.NET <form> around everything).
    let page_chars: f32 = blocks
        .iter()
        .filter(|b| !b.hidden)
        .map(|b| b.text.chars().count() as f32)
        .sum();
    for e in els.iter_mut() {
        if e.chars >= 0.5 * page_chars && e.furniture != Some("hidden") {
            e.furniture = None;
            e.by_tag = false;
        }
    }
    for b in blocks.iter().filter(|b| !b.hidden) {
        let chars = b.text.chars().count();
        // Class names on wrappers are unreliable ("subscriber-page" on <body>); only nav,
        // footer and the like rule text out of the scoring. Class weights do the rest.
        if chars < 25
            || b.path.iter().any(|&e| {
                let el = &els[e];
                el.by_tag || (el.furniture.is_some() && el.weight < 0)
            })
        {
            continue;
        }
        if b.link_chars * 2 > chars {
            continue;
        }
        let score = content_score(&b.text);
        let mut path: &[usize] = &b.path;
        if let Some((&last, rest)) = path.split_last() {
            if is_paragraph_el(&els[last].name) {
                path = rest;
                // Skip inline wrappers between the paragraph and its container.
                while let Some((&l, r)) = path.split_last() {
                    if is_paragraph_el(&els[l].name) && els[l].name != "td" {
                        path = r;
                    } else {
                        break;
                    }
                }
            }
        }
        for (level, &e) in path.iter().rev().take(3).enumerate() {
            if !els[e].scored {
                els[e].scored = true;
                els[e].score = els[e].weight as f32 + tag_bonus(&els[e].name);
            }
            els[e].score += score / (1.0 + level as f32 * if level == 1 { 1.0 } else { 0.5 });
        }
    }
    let mut best = NONE;
    let mut best_score = f32::MIN;
    for (i, e) in els.iter().enumerate() {
        if !e.scored {
            continue;
        }
        let ld = if e.chars > 0.0 {
            e.link_chars / e.chars
        } else {
            0.0
        };
        let s = e.score * (1.0 - ld);
        if s > best_score {
            best_score = s;
            best = i;
        }
    }
    if best == NONE {
        return in_main;
    }
    in_main[best] = true;
    // Siblings that carry article text too (a body split into several divs).
    let parent = els[best].parent;
    if parent != NONE {
        let threshold = (best_score * 0.2).max(10.0);
        for i in 0..els.len() {
            if i == best || els[i].parent != parent || els[i].furniture.is_some() {
                continue;
            }
            let ld = if els[i].chars > 0.0 {
                els[i].link_chars / els[i].chars
            } else {
                0.0
            };
            let s = els[i].score * (1.0 - ld);
            let para = els[i].name == "p" && els[i].chars > 80.0 && ld < 0.25;
            if (els[i].scored && s >= threshold) || para {
                in_main[i] = true;
            }
        }
    }
    in_main
}

/// Parses `html` into blocks with hints and reads the page's metadata.
pub fn parse(html: &str) -> Page {
    let mut b = Builder::new();
    // A root element stands for the document, so that top-level paragraphs have a container.
    b.els.push(El {
        parent: NONE,
        name: "#root".to_string(),
        weight: 0,
        furniture: None,
        by_tag: false,
        score: 0.0,
        scored: false,
        chars: 0.0,
        link_chars: 0.0,
    });
    b.stack.push(0);
    let mut tok = Tokenizer::new(html);
    while let Some(t) = tok.next_token() {
        match t {
            Token::Text { text, cp } => b.text(text, cp),
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                if name == "br" {
                    b.flush();
                } else {
                    b.start(&name, &attrs, self_closing);
                }
            }
            Token::End { name } => b.end(&name),
            Token::Raw {
                name,
                attrs,
                content,
                cp,
            } => {
                if name == "textarea" {
                    b.text(content, cp);
                } else {
                    b.raw_text(&name, &attrs, content);
                }
            }
        }
    }
    b.flush();
    let in_main = choose_main(&mut b.els, &b.blocks);
    let main_found = in_main.iter().any(|m| *m);
    let els = &b.els;
    let blocks = b
        .blocks
        .into_iter()
        .map(|rb| {
            let main_at = rb.path.iter().position(|&e| in_main[e]);
            // Furniture counts unless it encloses the article container itself.
            let furniture = rb
                .path
                .iter()
                .enumerate()
                .filter(|(i, _)| main_at.is_none_or(|m| *i > m))
                .find_map(|(_, &e)| els[e].furniture.filter(|f| *f != "byline"));
            let hint = if rb.hidden {
                Hint::Boiler("hidden")
            } else if rb.all_time && rb.text.chars().count() <= 60 {
                Hint::Boiler("date")
            } else if let Some(f) = furniture {
                Hint::Boiler(f)
            } else if main_at.is_some() {
                Hint::Main
            } else if main_found {
                Hint::Outside
            } else {
                Hint::None
            };
            Block {
                text: rb.text,
                src: rb.src,
                kind: rb.kind,
                link_chars: rb.link_chars,
                hint,
            }
        })
        .collect();
    Page {
        blocks,
        meta: page_meta(b.meta),
    }
}

/// The page's own metadata, normalised. Blocks fill the gaps later (`meta::extract`).
fn page_meta(m: HtmlMeta) -> Meta {
    let title = m.og_title.or(m
        .title_tag
        .map(|t| strip_site_suffix(&t, m.site.as_deref())));
    let date = [m.date, m.ld_date, m.time_datetime]
        .into_iter()
        .flatten()
        .find_map(|d| super::meta::parse_date(&d));
    let byline = m.author.or(m.ld_author).or(m
        .byline_el
        .and_then(|b| super::meta::looks_like_byline(&b).or_else(|| name_only(&b))));
    Meta {
        title,
        byline,
        date,
        site: m.site,
    }
}

/// A short byline element text that is just a name.
fn name_only(t: &str) -> Option<String> {
    let words = t.split_whitespace().count();
    ((1..=5).contains(&words) && t.chars().next().is_some_and(char::is_uppercase))
        .then(|| t.to_string())
}

/// "Headline | Site" -> "Headline" when a separator splits off a shorter part (or the site).
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(p) = title.rfind(sep) {
            let (head, tail) = (title[..p].trim(), title[p + sep.len()..].trim());
            let is_site = site.is_some_and(|s| tail.eq_ignore_ascii_case(s));
            if is_site
                || (tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3)
            {
                return head.to_string();
            }
        }
    }
    title.to_string()
}

/// Old entry point kept for callers that want the page's visible text, one line per block.
pub fn html_to_text(html: &str) -> String {
    parse(html)
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_drops_scripts() {
        let html = "<p>Hello <b>world</b> &amp; &#8220;friends&#x201D;</p><script>alert(1)</script><style>p{}</style><p>Two</p><!-- c -->";
        assert_eq!(html_to_text(html), "Hello world & “friends”\nTwo");
    }

    #[test]
    fn hostile_markup_is_data() {
        let html = "<p>A<img src=x onerror=\"alert('>')\">B</p><iframe srcdoc=\"<p>evil</p>\"><p>in frame</p></iframe><p>C<script>document.write('<p>x</p>')</script></p>";
        assert_eq!(html_to_text(html), "AB\nC");
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for h in [
            "<",
            "<p",
            "<script>never closed",
            "&",
            "&#99999999;",
            "&#x110000;",
            "<<>>",
            "</>",
            "<p class=\"unterminated>text",
            "<!--",
            "<![CDATA[x",
            "<a href='x>y</a>",
            "</p></div>",
            "<div><p>a<div>b</p>c</div>",
            "<table><td>x<tr>y",
            "\u{0}<p\u{0}>\u{FFFD}",
            "<p>é<b>ü</p>",
            "<!DOCTYPE html",
            "<?xml",
            "<p/><br/><hr/>",
        ] {
            let _ = parse(h);
        }
        let deep = "<div>".repeat(5000) + "deep text" + &"</div>".repeat(5000);
        assert!(html_to_text(&deep).contains("deep text"));
    }

    #[test]
    fn reads_page_metadata() {
        let html = r#"<html><head><title>Big News Today | Example Site</title>
            <meta property="og:site_name" content="Example Site">
            <meta name="author" content="Jane Roe">
            <meta property="article:published_time" content="2024-03-05T10:00:00Z">
            </head><body><h1>Big News Today</h1><p>Body.</p></body></html>"#;
        let p = parse(html);
        assert_eq!(p.meta.title.as_deref(), Some("Big News Today"));
        assert_eq!(p.meta.site.as_deref(), Some("Example Site"));
        assert_eq!(p.meta.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(p.meta.date.as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn offsets_point_into_the_input() {
        let html = "<p>ab</p>\n<p>  é&amp;x</p>";
        let p = parse(html);
        let chars: Vec<char> = html.chars().collect();
        for b in &p.blocks {
            assert_eq!(chars[b.src], b.text.chars().next().unwrap_or(' '));
        }
    }
}

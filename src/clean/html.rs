//! First HTML pass: HTML to block text. Tags are read as data and never rendered; the content
//! of script, style, template and similar elements is dropped; block elements become line breaks.

const SKIP_CONTENT: &[&str] = &[
    "script", "style", "template", "noscript", "svg", "math", "iframe", "object", "head", "title",
    "textarea", "select", "button",
];
const BLOCKS: &[&str] = &[
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
    "td",
    "th",
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
];

/// Returns the visible text of `html` with one line per block.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    while !rest.is_empty() {
        match rest.find('<') {
            None => {
                if skip_until.is_none() {
                    out.push_str(&decode_entities(rest));
                }
                break;
            }
            Some(lt) => {
                if skip_until.is_none() {
                    out.push_str(&decode_entities(&rest[..lt]));
                }
                rest = &rest[lt..];
                if rest.starts_with("<!--") {
                    rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
                    continue;
                }
                let close = match rest.find('>') {
                    Some(c) => c,
                    None => break,
                };
                let tag = &rest[1..close];
                rest = &rest[close + 1..];
                let closing = tag.starts_with('/');
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if let Some(until) = &skip_until {
                    if closing && &name == until {
                        skip_until = None;
                    }
                    continue;
                }
                if !closing && SKIP_CONTENT.contains(&name.as_str()) && !tag.ends_with('/') {
                    skip_until = Some(name);
                    continue;
                }
                if BLOCKS.contains(&name.as_str()) {
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Decodes the HTML character references that matter for text (named ones for common
/// punctuation and letters, and all numeric ones).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest[..rest.len().min(12)].find(';');
        let decoded = semi.and_then(|e| decode_one(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        return Some(
            char::from_u32(code)
                .filter(|c| *c != '\0')
                .unwrap_or('\u{FFFD}'),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "laquo" => '«',
        "raquo" => '»',
        "bdquo" => '„',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "shy" => '\u{AD}',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_drops_scripts() {
        let html = "<p>Hello <b>world</b> &amp; &#8220;friends&#x201D;</p><script>alert(1)</script><style>p{}</style><p>Two</p><!-- c -->";
        assert_eq!(
            crate::clean::normalize::normalize(&html_to_text(html)),
            "Hello world & “friends”\n\nTwo"
        );
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
        ] {
            let _ = html_to_text(h);
        }
    }
}

/// Temporary bridge: blocks from the old tag stripper.
pub struct Page {
    pub blocks: Vec<super::blocks::Block>,
    pub meta: crate::document::Meta,
}
pub fn parse(input: &str) -> Page {
    Page { blocks: super::plain::blocks(&html_to_text(input)), meta: Default::default() }
}

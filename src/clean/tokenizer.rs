//! A small, forgiving HTML tokenizer: text, start tags with attributes, end tags, and the
//! content of raw-text elements (script, style, title...) as one piece. Comments, doctypes and
//! processing instructions are skipped. It never fails: whatever cannot be a tag is text,
//! an unterminated construct runs to the end of the input. Positions are only ever taken at
//! ASCII bytes, so every slice is on a character boundary.
//!
//! Why our own rather than html5ever/scraper: those add several hundred KB of WASM for a tree
//! we only walk once; `tl` is smaller but has no notion of raw-text elements beyond script and
//! style. The cleaner needs only this event stream.

/// Elements whose content is not markup.
const RAW: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    "template",
];

/// Attributes the cleaner looks at; others are skipped without allocating.
const KEEP_ATTRS: &[&str] = &[
    "class",
    "id",
    "role",
    "style",
    "hidden",
    "aria-hidden",
    "itemprop",
    "rel",
    "property",
    "name",
    "content",
    "datetime",
    "type",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    /// Raw text (character references not yet decoded); `cp` is its code point offset.
    Text {
        text: &'a str,
        cp: usize,
    },
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End {
        name: String,
    },
    /// A raw-text element with its content (the end tag is consumed).
    Raw {
        name: String,
        attrs: Vec<(String, String)>,
        content: &'a str,
        cp: usize,
    },
}

pub struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    /// Code points before `pos`.
    cp: usize,
}

impl<'a> Tokenizer<'a> {
    pub fn new(src: &'a str) -> Self {
        Tokenizer { src, pos: 0, cp: 0 }
    }

    /// Moves to byte `to`, counting the code points passed.
    fn advance(&mut self, to: usize) {
        let to = to.min(self.src.len());
        if to > self.pos {
            self.cp += self.src.as_bytes()[self.pos..to]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count();
            self.pos = to;
        }
    }

    fn find_from(&self, from: usize, needle: &str) -> Option<usize> {
        self.src.get(from..)?.find(needle).map(|p| p + from)
    }

    pub fn next_token(&mut self) -> Option<Token<'a>> {
        let bytes = self.src.as_bytes();
        loop {
            if self.pos >= bytes.len() {
                return None;
            }
            let start = self.pos;
            if bytes[start] != b'<' {
                let end = self.find_from(start, "<").unwrap_or(bytes.len());
                let cp = self.cp;
                self.advance(end);
                return Some(Token::Text {
                    text: &self.src[start..end],
                    cp,
                });
            }
            let next = bytes.get(start + 1).copied();
            match next {
                Some(b'!') => {
                    let end = if self.src[start..].starts_with("<!--") {
                        self.find_from(start + 4, "-->")
                            .map_or(bytes.len(), |p| p + 3)
                    } else if self.src[start..].starts_with("<![CDATA[") {
                        // CDATA (in SVG/MathML) holds text; keep it as text.
                        let body_end = self.find_from(start + 9, "]]>").unwrap_or(bytes.len());
                        self.advance(start + 9);
                        let cp = self.cp;
                        self.advance(body_end);
                        let text = &self.src[start + 9..body_end];
                        self.advance(body_end + 3);
                        return Some(Token::Text { text, cp });
                    } else {
                        self.find_from(start, ">").map_or(bytes.len(), |p| p + 1)
                    };
                    self.advance(end);
                }
                Some(b'?') => {
                    let end = self.find_from(start, ">").map_or(bytes.len(), |p| p + 1);
                    self.advance(end);
                }
                Some(b'/') => {
                    let name_start = start + 2;
                    if bytes
                        .get(name_start)
                        .is_some_and(|b| b.is_ascii_alphabetic())
                    {
                        let name_end = name_end(bytes, name_start);
                        let name = self.src[name_start..name_end].to_ascii_lowercase();
                        let end = self.find_from(name_end, ">").map_or(bytes.len(), |p| p + 1);
                        self.advance(end);
                        return Some(Token::End { name });
                    }
                    // "</>" or "</ x>": a bogus comment, skipped.
                    let end = self.find_from(start, ">").map_or(bytes.len(), |p| p + 1);
                    self.advance(end);
                }
                Some(b) if b.is_ascii_alphabetic() => return Some(self.start_tag(start)),
                _ => {
                    // A lone "<" is text.
                    let end = self.find_from(start + 1, "<").unwrap_or(bytes.len());
                    let cp = self.cp;
                    self.advance(end);
                    return Some(Token::Text {
                        text: &self.src[start..end],
                        cp,
                    });
                }
            }
        }
    }

    fn start_tag(&mut self, start: usize) -> Token<'a> {
        let bytes = self.src.as_bytes();
        let name_end = name_end(bytes, start + 1);
        let name = self.src[start + 1..name_end].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut i = name_end;
        let mut self_closing = false;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                self_closing = bytes[i] == b'/';
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            if bytes[i] == b'>' {
                i += 1;
                break;
            }
            self_closing = false;
            let an_start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            if i == an_start {
                // A stray '=': skip it.
                i += 1;
                continue;
            }
            let an = &self.src[an_start..i];
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let q = bytes[i];
                    let vs = i + 1;
                    let ve = bytes[vs..]
                        .iter()
                        .position(|&b| b == q)
                        .map_or(bytes.len(), |p| p + vs);
                    value = &self.src[vs..ve];
                    i = (ve + 1).min(bytes.len());
                } else {
                    let vs = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = &self.src[vs..i];
                }
            }
            let an = an.to_ascii_lowercase();
            if KEEP_ATTRS.contains(&an.as_str()) && attrs.len() < 32 {
                attrs.push((an, value.to_string()));
            }
        }
        self.advance(i);
        if RAW.contains(&name.as_str()) && !self_closing {
            let content_start = self.pos;
            let cp = self.cp;
            let (content_end, after) = self.raw_end(&name, content_start);
            self.advance(after);
            return Token::Raw {
                name,
                attrs,
                content: &self.src[content_start..content_end],
                cp,
            };
        }
        Token::Start {
            name,
            attrs,
            self_closing,
        }
    }

    /// Where the raw content of `name` ends and where its end tag ends.
    fn raw_end(&self, name: &str, from: usize) -> (usize, usize) {
        let bytes = self.src.as_bytes();
        let mut at = from;
        while let Some(p) = self.find_from(at, "</") {
            let ns = p + 2;
            let ne = ns + name.len();
            if ne <= bytes.len()
                && bytes[ns..ne].eq_ignore_ascii_case(name.as_bytes())
                && bytes.get(ne).is_none_or(|b| !b.is_ascii_alphanumeric())
            {
                let after = self.find_from(ne, ">").map_or(bytes.len(), |q| q + 1);
                return (p, after);
            }
            at = p + 2;
        }
        (bytes.len(), bytes.len())
    }
}

fn name_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/') {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<Token<'_>> {
        let mut t = Tokenizer::new(s);
        let mut v = Vec::new();
        while let Some(x) = t.next_token() {
            v.push(x);
        }
        v
    }

    #[test]
    fn tokens_and_attributes() {
        let v = all("<P Class=\"a b\" id=x data-y='1>2'>é<br/></p>");
        assert_eq!(
            v[0],
            Token::Start {
                name: "p".into(),
                attrs: vec![("class".into(), "a b".into()), ("id".into(), "x".into())],
                self_closing: false
            }
        );
        assert_eq!(v[1], Token::Text { text: "é", cp: 33 });
        assert_eq!(
            v[2],
            Token::Start {
                name: "br".into(),
                attrs: vec![],
                self_closing: true
            }
        );
        assert_eq!(v[3], Token::End { name: "p".into() });
    }

    #[test]
    fn raw_text_elements() {
        let v = all("<script>if (a<b) document.write('</p>')</script >x<SCRIPT>never");
        assert!(
            matches!(&v[0], Token::Raw { name, content, .. } if name == "script" && content.contains("</p>"))
        );
        assert_eq!(v[1], Token::Text { text: "x", cp: 49 });
        assert!(matches!(&v[2], Token::Raw { content, .. } if *content == "never"));
    }

    #[test]
    fn never_fails() {
        for s in [
            "<",
            "</",
            "<!",
            "<!-",
            "<a",
            "<a b='",
            "<a b=\"x",
            "< a>",
            "<3 is love",
            "</ >",
            "<?",
            "\u{FFFF}<é",
        ] {
            let _ = all(s);
        }
        assert_eq!(
            all("a <3 b"),
            vec![
                Token::Text { text: "a ", cp: 0 },
                Token::Text {
                    text: "<3 b",
                    cp: 2
                }
            ]
        );
    }
}

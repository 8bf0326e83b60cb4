//! Shared by the property tests (`mod common;`): the pieces generated texts are made of.
//! They mix emoji (ZWJ, skin tones, flags), CJK, combining marks, RTL text with bidi marks,
//! control characters, every line end, quote marks and boilerplate words, so offsets (in code
//! points) are tested where they usually break.

use proptest::prelude::*;

pub const PIECES: &[&str] = &[
    "Vladimir Putin",
    "Xi Jinping",
    "said",
    "told reporters",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "“",
    "”",
    "\"",
    "‘",
    "’",
    "'",
    "«",
    "»",
    ",",
    ".",
    "?",
    "the president",
    "he",
    "in Moscow",
    "on Jan. 20, 2025",
    "$245 billion",
    "64%",
    "👩‍👩‍👧",
    "👍🏽",
    "🇫🇷",
    "北京",
    "习近平",
    "e\u{301}",
    "مرحبا",
    "\u{200f}",
    "שלום",
    "\u{200b}",
    "\u{a0}",
    "\u{0}",
    "\u{7}",
    "n’t",
    "U.S.",
    "<p>",
    "&amp;",
    "Share on Facebook",
    "Also Read",
    "—",
    "…",
];

/// Texts of `pieces` pieces (e.g. `0..60`).
pub fn text_strategy(pieces: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), pieces).prop_map(|v| v.concat())
}

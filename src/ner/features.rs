//! Feature extraction for the entity tagger.
//!
//! Features are hashed straight to `u32` keys: no string is built per feature. Each token is
//! summarised once per document (`TokInfo`: hashes of the word, its lower case form, its shape,
//! prefixes and suffixes), then every position combines the hashes of itself and its neighbours
//! with a template number. The tags predicted so far (greedy decoding) add a few "dynamic"
//! features at decoding time (`dynamic`).

use super::doc_infos::TokSeq;
use super::gazetteer::Match;
use super::history::{History, N_HIST};
use crate::text::{Sentence, Token};
use std::collections::HashSet;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

#[inline]
fn fnv_char(h: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    let mut h = h;
    for b in c.encode_utf8(&mut buf).bytes() {
        h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
    }
    h
}

/// A final avalanche (splitmix64) so that similar inputs give unrelated keys.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Key of template `t` with one value.
#[inline]
pub fn key1(t: u32, a: u64) -> u32 {
    let h = mix(a ^ (t as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    (h ^ (h >> 32)) as u32
}

/// Key of template `t` with two values (order matters).
#[inline]
pub fn key2(t: u32, a: u64, b: u64) -> u32 {
    key1(t, mix(a).rotate_left(17) ^ b)
}

#[inline]
pub fn key3(t: u32, a: u64, b: u64, c: u64) -> u32 {
    key1(t, mix(mix(a).rotate_left(17) ^ b).rotate_left(23) ^ c)
}

/// Hash of a string (FNV-1a), used for words outside any token (padding, gazetteer entries).
pub fn hash_str(s: &str) -> u64 {
    s.chars().fold(FNV_OFFSET, fnv_char)
}

/// Everything about one token that features need, as hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokInfo {
    pub word: u64,
    pub lower: u64,
    pub shape: u64,
    pub pre: [u64; 4],
    pub suf: [u64; 4],
    /// First character is upper case.
    pub cap: bool,
    /// Has a lower case letter and no upper case one.
    pub all_lower: bool,
    /// Word clusters (second << 24 | coarse << 16 | fine, see `clusters::pack`),
    /// `clusters::UNKNOWN` when unknown or not assigned.
    pub cluster: u32,
    /// Has no letter or digit (punctuation, symbols).
    pub punct: bool,
}

const PAD_BEFORE: u64 = 0x5eed_0000_0000_0001;
const PAD_AFTER: u64 = 0x5eed_0000_0000_0002;

fn pad(v: u64) -> TokInfo {
    TokInfo {
        word: v,
        lower: v,
        shape: v,
        pre: [v; 4],
        suf: [v; 4],
        cap: false,
        all_lower: false,
        cluster: u32::MAX - 1,
        punct: false,
    }
}

/// Typographic apostrophes read as the straight one: the training corpora were written with
/// `'` ("Xi 's", "n't"), pasted news uses `’`, and both must give the same features.
#[inline]
fn normalize_char(c: char) -> char {
    match c {
        '’' | '‘' | 'ʼ' | '′' => '\'',
        _ => c,
    }
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        // Letters without case (CJK, Arabic...).
        'a'
    } else {
        c
    }
}

impl TokInfo {
    /// The fine cluster (with its coarse one, which it determines).
    #[inline]
    pub fn fine(&self) -> u64 {
        (self.cluster & 0xff_ffff) as u64
    }

    #[inline]
    pub fn coarse(&self) -> u64 {
        ((self.cluster >> 16) & 0xff) as u64
    }

    /// The cluster of the second view (`clusters::SECOND` when unknown).
    #[inline]
    pub fn second(&self) -> u64 {
        (self.cluster >> 24) as u64
    }

    pub fn new(word: &str) -> TokInfo {
        let mut h_word = FNV_OFFSET;
        let mut h_lower = FNV_OFFSET;
        let mut h_shape = FNV_OFFSET;
        let mut pre = [0u64; 4];
        let mut n_lower_chars = 0usize;
        let (mut last_shape, mut run) = ('\0', 0u32);
        let (mut has_upper, mut has_lower) = (false, false);
        let mut first_upper = None;
        for c in word.chars().map(normalize_char) {
            h_word = fnv_char(h_word, c);
            for lc in c.to_lowercase() {
                h_lower = fnv_char(h_lower, lc);
                if n_lower_chars < 4 {
                    pre[n_lower_chars] = h_lower;
                }
                n_lower_chars += 1;
            }
            let s = shape_class(c);
            // Runs of one class are capped at 3 ("Xxxx" for every long capitalised word).
            if s == last_shape {
                run += 1;
            } else {
                last_shape = s;
                run = 1;
            }
            if run <= 3 {
                h_shape = fnv_char(h_shape, s);
            }
            has_upper |= c.is_uppercase();
            has_lower |= c.is_lowercase();
            if first_upper.is_none() {
                first_upper = Some(c.is_uppercase());
            }
        }
        for p in pre.iter_mut().skip(n_lower_chars.min(4)) {
            *p = h_lower;
        }
        // Suffixes: hash the lower case characters from the end (reversed order is fine:
        // only equality of keys matters).
        let mut suf = [h_lower; 4];
        let mut h = FNV_OFFSET ^ 0x55;
        let mut k = 0;
        'outer: for c in word.chars().rev().map(normalize_char) {
            for lc in c.to_lowercase() {
                h = fnv_char(h, lc);
                if k < 4 {
                    suf[k] = h;
                }
                k += 1;
                if k >= 4 {
                    break 'outer;
                }
            }
        }
        for s in suf.iter_mut().skip(k.min(4)) {
            *s = h;
        }
        TokInfo {
            word: h_word,
            lower: h_lower,
            shape: h_shape,
            pre,
            suf,
            cap: first_upper.unwrap_or(false),
            all_lower: has_lower && !has_upper,
            cluster: super::clusters::UNKNOWN,
            punct: !word.chars().any(char::is_alphanumeric),
        }
    }
}

/// Per-document facts used as features: which lower case forms occur written in lower case,
/// and which occur capitalised away from a sentence start. They help at sentence starts and in
/// all-caps headlines, where the case of a word says little.
pub struct DocStats {
    seen_lower: HashSet<u64>,
    seen_cap_inside: HashSet<u64>,
    /// Lower case form -> the places the word takes in runs of capitalised words anywhere in
    /// the document (`ROLE_*` bits): "Putin" is also the last word of "Vladimir Putin", and
    /// "Disney" the first of "Disney Corporation".
    run_roles: std::collections::HashMap<u64, u8>,
}

const ROLE_FIRST: u8 = 1;
const ROLE_LAST: u8 = 2;
const ROLE_MIDDLE: u8 = 4;
const ROLE_ALONE: u8 = 8;

impl DocStats {
    pub fn new<S: TokSeq + ?Sized>(infos: &S, sentences: &[Sentence]) -> DocStats {
        let mut seen_lower = HashSet::new();
        let mut seen_cap_inside = HashSet::new();
        for s in sentences {
            let end = s.tok_end.min(infos.len());
            for i in s.tok_start.min(end)..end {
                let t = infos.at(i);
                if t.all_lower {
                    seen_lower.insert(t.lower);
                } else if t.cap && i > s.tok_start {
                    seen_cap_inside.insert(t.lower);
                }
            }
        }
        let run_roles = run_roles(infos, sentences);
        DocStats {
            seen_lower,
            seen_cap_inside,
            run_roles,
        }
    }

    /// The `ROLE_*` bits of a token's word in the document (0 for lower case words).
    fn roles(&self, t: &TokInfo) -> u64 {
        if t.all_lower || t.punct {
            return 0;
        }
        self.run_roles.get(&t.lower).copied().unwrap_or(0) as u64
    }
}

/// The places each capitalised word takes in runs of capitalised words across the document
/// (`ROLE_*` bits, by lower case form).
fn run_roles<S: TokSeq + ?Sized>(
    infos: &S,
    sentences: &[Sentence],
) -> std::collections::HashMap<u64, u8> {
    let mut run_roles = std::collections::HashMap::new();
    for s in sentences {
        let end = s.tok_end.min(infos.len());
        let start = s.tok_start.min(end);
        let in_run = |i: usize| {
            let t = infos.at(i);
            t.cap && !t.punct
        };
        // A headline (no lower case word) is one long run: it says nothing about names.
        if super::doc_infos::no_lower_case(infos, start, end) {
            continue;
        }
        let mut i = start;
        while i < end {
            if !in_run(i) {
                i += 1;
                continue;
            }
            let mut e = i + 1;
            while e < end && in_run(e) {
                e += 1;
            }
            for k in i..e {
                let role = if e - i == 1 {
                    // A capitalised word alone at a sentence start is just a capital.
                    if k == start {
                        0
                    } else {
                        ROLE_ALONE
                    }
                } else if k == i {
                    ROLE_FIRST
                } else if k + 1 == e {
                    ROLE_LAST
                } else {
                    ROLE_MIDDLE
                };
                *run_roles.entry(infos.at(k).lower).or_insert(0) |= role;
            }
            i = e;
        }
    }
    run_roles
}

/// Number of static features per token (the length of each `static_features` block).
pub const N_STATIC: usize = N_UNI + N_CTX;
/// Static features that read a single token (at one of the offsets `UNI_OFFSETS`): their
/// scores depend only on the word, so the tagger sums them once per word type and offset in a
/// document (`type_cache::TypeCache`) instead of looking them up for every token.
pub const N_UNI: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < UNI_PER_OFFSET.len() {
        n += UNI_PER_OFFSET[i];
        i += 1;
    }
    n
};
/// The other static features: word pairs and shape triples, flags, dictionary and history.
pub const N_CTX: usize = 11 + N_GAZ + 1 + N_HIST;
/// Where the prediction history keys start in a token's static block (the tagger fills them
/// in sentence by sentence; `static_features` writes the "no history" keys).
pub const HIST_AT: usize = N_STATIC - N_HIST;
/// The same in a block of `context_features` (`N_CTX` keys per token).
pub const CTX_HIST_AT: usize = N_CTX - N_HIST;
/// Dictionary features per token (fixed number of slots, padded with a "no match" key).
pub const N_GAZ: usize = 4;
/// Number of dynamic features per token.
pub const N_DYNAMIC: usize = 5;
/// Offsets of the neighbours whose single-token features a token gets, in the order of
/// `unigram_keys`. The words three places away (version 6) let a token see a little further
/// along names and amounts of three or more words: OntoNotes dev 0.8580 against 0.8567 for
/// the teacher, at two more vector additions per token (the sums are cached per word type).
pub const UNI_OFFSETS: [isize; 7] = [-3, -2, -1, 0, 1, 2, 3];
/// How many keys `unigram_keys` gives at each of `UNI_OFFSETS`.
pub const UNI_PER_OFFSET: [usize; 7] = [1, 1, 5, 15, 5, 1, 1];

/// The single-token features that a token `t` contributes at `offset` from the tagged token
/// (`offset` is one of `UNI_OFFSETS`), appended to `out`; `N_UNI` keys over the seven offsets.
#[inline]
pub fn unigram_keys(t: &TokInfo, offset: isize, out: &mut Vec<u32>) {
    match offset {
        0 => out.extend_from_slice(&[
            key1(0, 0),
            key1(1, t.word),
            key1(2, t.lower),
            key1(3, t.shape),
            key1(4, t.pre[0]),
            key1(5, t.pre[1]),
            key1(6, t.pre[2]),
            key1(7, t.pre[3]),
            key1(8, t.suf[0]),
            key1(9, t.suf[1]),
            key1(10, t.suf[2]),
            key1(11, t.suf[3]),
            key1(27, t.fine()),
            key1(28, t.coarse()),
            key1(54, t.second()),
        ]),
        -1 => out.extend_from_slice(&[
            key1(12, t.lower),
            key1(16, t.shape),
            key1(21, t.suf[2]),
            key1(29, t.fine()),
            key1(55, t.second()),
        ]),
        -2 => out.push(key1(13, t.lower)),
        1 => out.extend_from_slice(&[
            key1(14, t.lower),
            key1(17, t.shape),
            key1(22, t.suf[2]),
            key1(36, t.fine()),
            key1(56, t.second()),
        ]),
        2 => out.push(key1(15, t.lower)),
        -3 => out.push(key1(57, t.lower)),
        3 => out.push(key1(58, t.lower)),
        _ => {}
    }
}

/// The padding tokens that stand for positions before and after the sentence.
pub fn pads() -> [TokInfo; 4] {
    [
        pad(PAD_BEFORE ^ 2),
        pad(PAD_BEFORE),
        pad(PAD_AFTER),
        pad(PAD_AFTER ^ 2),
    ]
}

/// Index of the token at `i` (relative to the sentence start, may be outside it) among the
/// sentence's `n` tokens, or the pad (0-3 of `pads()`) that stands for it.
#[inline]
pub fn neighbour(i: isize, n: usize) -> Result<usize, usize> {
    if i < -1 {
        Err(0)
    } else if i < 0 {
        Err(1)
    } else if i as usize > n {
        Err(3)
    } else if i as usize >= n {
        Err(2)
    } else {
        Ok(i as usize)
    }
}

/// Static features of every token of one sentence, `N_STATIC` keys per token, appended to `out`.
/// `infos` are the sentence's tokens; `newline` tells which tokens start a line.
pub fn static_features(
    infos: &[TokInfo],
    newline: &[bool],
    stats: &DocStats,
    gaz: &[Match],
    out: &mut Vec<u32>,
) {
    sentence_features(infos, newline, stats, gaz, true, out);
}

/// Only the `N_CTX` context keys per token (the tagger adds the single-token features from
/// its per-document cache).
pub fn context_features(
    infos: &[TokInfo],
    newline: &[bool],
    stats: &DocStats,
    gaz: &[Match],
    out: &mut Vec<u32>,
) {
    sentence_features(infos, newline, stats, gaz, false, out);
}

fn sentence_features(
    infos: &[TokInfo],
    newline: &[bool],
    stats: &DocStats,
    gaz: &[Match],
    with_unigrams: bool,
    out: &mut Vec<u32>,
) {
    let n = infos.len();
    let pads = pads();
    let get = |i: isize| -> &TokInfo {
        match neighbour(i, n) {
            Ok(k) => &infos[k],
            Err(p) => &pads[p],
        }
    };
    // Is most of the sentence upper case (a headline such as "LEICESTERSHIRE TAKE OVER")?
    let caps_sentence = {
        let caps = infos.iter().filter(|t| t.cap && !t.all_lower).count();
        let lower = infos.iter().filter(|t| t.all_lower).count();
        lower == 0 && caps >= 2
    };
    for i in 0..n as isize {
        let t = get(i);
        let (p1, p2, n1, n2) = (get(i - 1), get(i - 2), get(i + 1), get(i + 2));
        if with_unigrams {
            for off in UNI_OFFSETS {
                unigram_keys(get(i + off), off, out);
            }
        }
        let first = i == 0;
        let flags = (first as u64)
            | (newline.get(i as usize).copied().unwrap_or(false) as u64) << 1
            | (caps_sentence as u64) << 2;
        let doc_flags = if t.cap {
            1 + stats.seen_lower.contains(&t.lower) as u64
                + 2 * stats.seen_cap_inside.contains(&t.lower) as u64
        } else {
            0
        };
        out.extend_from_slice(&[
            key2(18, p1.lower, t.lower),
            key2(19, t.lower, n1.lower),
            key3(20, p1.shape, t.shape, n1.shape),
            key2(23, flags, t.shape),
            key2(24, doc_flags, t.shape),
            key2(25, p1.lower, t.shape),
            key2(26, t.shape, n1.lower),
            key2(37, p1.coarse(), t.fine()),
            // Word bigrams beyond the token: where numeric and name spans end or begin
            // ("two years from now", "at least six").
            key2(38, n1.lower, n2.lower),
            key2(39, p2.lower, p1.lower),
            key3(53, stats.roles(t), doc_flags, t.cap as u64),
        ]);
        gaz_features(i as usize, t, gaz, out);
        out.push(next_gaz_feature(i as usize + 1, gaz));
        out.extend_from_slice(&History::new().features(t));
    }
}

/// The matches (sorted by start, as `Gazetteer::matches` gives them) that cover token `i`,
/// in their order: only those starting in the `MAX_LEN` tokens up to `i` can, so a binary
/// search finds them instead of a scan of the sentence's matches for every token.
fn covering(gaz: &[Match], i: usize) -> impl Iterator<Item = &Match> {
    let from = gaz.partition_point(|m| m.start + super::gazetteer::MAX_LEN <= i);
    let to = gaz.partition_point(|m| m.start <= i);
    gaz[from..to.max(from)].iter().filter(move |m| i < m.end)
}

/// Up to two dictionary matches covering token `i` (longest first), each as its label, the
/// token's place in the match (B/I/L/U) and the entry's entity rate, alone and with the shape.
fn gaz_features(i: usize, t: &TokInfo, gaz: &[Match], out: &mut Vec<u32>) {
    let mut best: [Option<&Match>; 2] = [None, None];
    for m in covering(gaz, i) {
        let len = m.end - m.start;
        if best[0].is_none_or(|b| len > b.end - b.start) {
            best[1] = best[0];
            best[0] = Some(m);
        } else if best[1].is_none_or(|b| len > b.end - b.start) {
            best[1] = Some(m);
        }
    }
    for (slot, m) in best.iter().enumerate() {
        match m {
            Some(m) => {
                let part = if m.end - m.start == 1 {
                    3
                } else if i == m.start {
                    0
                } else if i + 1 == m.end {
                    2
                } else {
                    1
                };
                let v = (m.entry.label as u64) << 8 | (m.entry.rate as u64) << 4 | part;
                out.push(key2(30 + slot as u32, v, 0));
                out.push(key2(32 + slot as u32, v, t.shape));
            }
            None => {
                out.push(key1(34, slot as u64));
                out.push(key1(35, slot as u64));
            }
        }
    }
}

/// The longest dictionary match covering the next token (its label and the next token's place
/// in it), so that a name about to start or continue is visible one token early.
fn next_gaz_feature(j: usize, gaz: &[Match]) -> u32 {
    let best = covering(gaz, j).max_by_key(|m| (m.end - m.start, std::cmp::Reverse(m.start)));
    match best {
        Some(m) => {
            let part = (j == m.start) as u64 | ((j + 1 == m.end) as u64) << 1;
            key1(45, (m.entry.label as u64) << 8 | part)
        }
        None => key1(46, 0),
    }
}

/// Features that depend on the tags already chosen for the previous two tokens
/// (`u64::MAX` stands for "before the sentence").
pub fn dynamic(prev1: u64, prev2: u64, t: &TokInfo, p1: Option<&TokInfo>) -> [u32; N_DYNAMIC] {
    let p1_lower = p1.map_or(PAD_BEFORE, |p| p.lower);
    [
        key1(40, prev1),
        key2(41, prev1, prev2),
        key2(42, prev1, t.lower),
        key2(43, prev1, t.shape),
        key3(44, prev1, p1_lower, t.shape),
    ]
}

/// The dynamic keys of token `i` of a sentence (`infos`), after tags `prev1`, `prev2`.
#[inline]
pub fn dynamic_at(infos: &[TokInfo], i: usize, prev1: u64, prev2: u64) -> [u32; N_DYNAMIC] {
    let p1 = if i > 0 { infos.get(i - 1) } else { None };
    dynamic(prev1, prev2, &infos[i], p1)
}

/// Token summaries of a whole document.
pub fn token_infos(text: &str, tokens: &[Token]) -> Vec<TokInfo> {
    tokens.iter().map(|t| TokInfo::new(t.text(text))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokinfo_hashes_agree_with_case_and_affixes() {
        let a = TokInfo::new("Putin");
        let b = TokInfo::new("PUTIN");
        let c = TokInfo::new("putin");
        assert_eq!(a.lower, b.lower);
        assert_eq!(a.lower, c.lower);
        assert_ne!(a.word, b.word);
        assert_ne!(a.shape, b.shape);
        assert_eq!(a.shape, TokInfo::new("Moscowxxxx").shape); // long runs capped
        assert_eq!(a.suf[2], TokInfo::new("Rasputin").suf[2]); // "tin"
        assert_eq!(a.pre[1], TokInfo::new("pumpkin").pre[1]); // "pu"
        assert!(a.cap && !a.all_lower && c.all_lower);
        assert_eq!(TokInfo::new("’s"), TokInfo::new("'s"));
        assert_eq!(TokInfo::new("n’t").lower, TokInfo::new("n't").lower);
        // Short words: prefixes and suffixes beyond the length are the whole word.
        let x = TokInfo::new("Xi");
        assert_eq!(x.pre[3], x.lower);
        let _ = TokInfo::new("");
    }

    #[test]
    fn static_features_have_fixed_width_and_are_deterministic() {
        let infos: Vec<TokInfo> = ["Vladimir", "Putin", "spoke", "."]
            .iter()
            .map(|w| TokInfo::new(w))
            .collect();
        let sents = [Sentence {
            tok_start: 0,
            tok_end: 4,
            start: 0,
            end: 0,
        }];
        let stats = DocStats::new(&infos, &sents);
        let mut a = Vec::new();
        static_features(&infos, &[false; 4], &stats, &[], &mut a);
        let mut b = Vec::new();
        static_features(&infos, &[false; 4], &stats, &[], &mut b);
        assert_eq!(a.len(), 4 * N_STATIC);
        assert_eq!(a, b);
        // Different templates with the same value give different keys.
        assert_ne!(key1(12, infos[0].lower), key1(14, infos[0].lower));
    }

    #[test]
    fn document_records_the_places_of_words_in_capitalised_runs() {
        let words = [
            "Vladimir", "Putin", "spoke", ".", "Then", "he", "met", "Putin", ".", "PUTIN", "WINS",
        ];
        let infos: Vec<TokInfo> = words.iter().map(|w| TokInfo::new(w)).collect();
        let sent = |a, b| Sentence {
            tok_start: a,
            tok_end: b,
            start: 0,
            end: 0,
        };
        let stats = DocStats::new(&infos, &[sent(0, 4), sent(4, 9), sent(9, 11)]);
        assert_eq!(stats.roles(&infos[1]) as u8, ROLE_LAST | ROLE_ALONE);
        assert_eq!(stats.roles(&infos[0]) as u8, ROLE_FIRST);
        // A capital at a sentence start is no evidence, nor is a headline in capitals.
        assert_eq!(stats.roles(&infos[4]), 0);
        assert_eq!(stats.roles(&infos[10]), 0);
        assert_eq!(stats.roles(&infos[2]), 0);
    }
}

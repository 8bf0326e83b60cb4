//! Exports read back with each consumer's conventions, over generated documents full of emoji,
//! CJK, combining marks, RTL text, CRLF and overlapping annotations. Offsets are code points
//! unless an export was asked for UTF-16.

use newsmark::document::*;
use newsmark::export::{self, json, zip, ExportOptions};
use proptest::prelude::*;
use serde_json::Value;

const PIECES: &[&str] = &[
    "Putin",
    " ",
    "\r\n",
    "\n\n",
    "😀",
    "👩‍👩‍👧",
    "北京",
    "e\u{301}",
    "مرحبا",
    "\u{200f}",
    "“",
    "”",
    ",",
    "said",
    "Xi’s",
    "Tab\tbed",
    "\"q\"",
];

fn char_slice(text: &str, s: usize, e: usize) -> String {
    text.chars().skip(s).take(e - s).collect()
}

fn utf16_slice(text: &str, s: usize, e: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16_lossy(&units[s..e])
}

/// A document with annotations at arbitrary code point offsets (they may overlap each other
/// and cut words), random statuses, quotes with speakers.
fn doc_strategy() -> impl Strategy<Value = Document> {
    let text = prop::collection::vec(prop::sample::select(PIECES), 1..40).prop_map(|v| v.concat());
    (
        text,
        prop::collection::vec((any::<u16>(), any::<u16>(), 0..3u8, 0..4u8), 0..8),
    )
        .prop_map(|(text, raw)| {
            let n = text.chars().count();
            let mut doc = Document::new("gen-😀/1", text.clone());
            let status =
                |k: u8| [Status::Suggested, Status::Accepted, Status::Rejected][k as usize % 3];
            for (i, (a, b, st, kind)) in raw.into_iter().enumerate() {
                let (mut s, mut e) = ((a as usize) % n, (b as usize) % (n + 1));
                if s > e {
                    std::mem::swap(&mut s, &mut e);
                }
                if s == e {
                    continue;
                }
                let t = char_slice(&text, s, e);
                if t.trim().is_empty() {
                    continue;
                }
                if kind == 3 {
                    let speaker = doc.entities.first().map(|en| Speaker {
                        start: en.start,
                        end: en.end,
                        text: en.text.clone(),
                        entity: Some(en.id.clone()),
                        name: Some(en.text.clone()),
                    });
                    doc.quotes.push(Quote {
                        id: format!("q{i}"),
                        start: s,
                        end: e,
                        text: t,
                        kind: QuoteKind::Speech,
                        speaker,
                        cue: None,
                        score: 0.5,
                        source: Source::Rule,
                        status: status(st),
                    });
                } else {
                    let label = ["PERSON", "GPE", "ORG"][kind as usize].to_string();
                    doc.entities.push(Entity {
                        id: format!("e{i}"),
                        start: s,
                        end: e,
                        label,
                        text: t,
                        score: 0.25,
                        source: Source::Model,
                        status: status(st),
                    });
                }
            }
            doc.entities.sort_by_key(|e| (e.start, e.end));
            doc.quotes.sort_by_key(|q| (q.start, q.end));
            doc
        })
}

fn all() -> ExportOptions {
    ExportOptions {
        suggested: true,
        rejected: true,
        utf16: false,
    }
}

fn text_of(f: &export::ExportFile) -> String {
    String::from_utf8(f.bytes.clone()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn newsmark_json_round_trips(doc in doc_strategy()) {
        for fmt in ["json", "jsonl"] {
            let f = export::export(std::slice::from_ref(&doc), fmt, &Default::default()).unwrap();
            let back = json::read(&text_of(&f)).unwrap();
            prop_assert_eq!(&back[0], &doc);
        }
    }

    #[test]
    fn spacy_tokens_rebuild_the_text_and_spans_align(doc in doc_strategy()) {
        let f = export::export(std::slice::from_ref(&doc), "spacy", &all()).unwrap();
        let task: Value = serde_json::from_str(text_of(&f).lines().next().unwrap()).unwrap();
        let text = task["text"].as_str().unwrap();
        let toks = task["tokens"].as_array().unwrap();
        // Like spaCy's Doc(words, spaces): tokens plus their trailing single space rebuild the
        // text wherever the gaps are single spaces; every token's text is at its offsets.
        for t in toks {
            let (s, e) = (t["start"].as_u64().unwrap() as usize, t["end"].as_u64().unwrap() as usize);
            prop_assert_eq!(char_slice(text, s, e), t["text"].as_str().unwrap());
        }
        for sp in task["spans"].as_array().unwrap() {
            let (ts, te) = (sp["token_start"].as_u64().unwrap() as usize, sp["token_end"].as_u64().unwrap() as usize);
            prop_assert_eq!(&toks[ts]["start"], &sp["start"]);
            prop_assert_eq!(&toks[te]["end"], &sp["end"]);
        }
    }

    #[test]
    fn offset_formats_point_at_the_right_text(doc in doc_strategy(), utf16 in any::<bool>()) {
        let opts = ExportOptions { utf16, ..all() };
        let slice = |s: usize, e: usize| if utf16 { utf16_slice(&doc.text, s, e) } else { char_slice(&doc.text, s, e) };
        // doccano
        let d: Value = serde_json::from_str(text_of(&export::export(std::slice::from_ref(&doc), "doccano", &opts).unwrap()).trim()).unwrap();
        let n_spans = d["entities"].as_array().unwrap().len();
        prop_assert!(n_spans >= doc.entities.len() + doc.quotes.len());
        // Label Studio
        let ls: Value = serde_json::from_str(&text_of(&export::export(std::slice::from_ref(&doc), "labelstudio", &opts).unwrap())).unwrap();
        for part in ["annotations", "predictions"] {
            for r in ls[0][part][0]["result"].as_array().into_iter().flatten() {
                if r["type"] == "labels" {
                    let v = &r["value"];
                    prop_assert_eq!(slice(v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize), v["text"].as_str().unwrap());
                }
            }
        }
        // W3C: both selectors agree with the text.
        let w: Value = serde_json::from_str(&text_of(&export::export(std::slice::from_ref(&doc), "w3c", &opts).unwrap())).unwrap();
        for a in w["first"]["items"].as_array().unwrap() {
            if a["motivation"] == "linking" {
                continue;
            }
            let sel = a["target"]["selector"].as_array().unwrap();
            let pos = &sel[1];
            prop_assert_eq!(slice(pos["start"].as_u64().unwrap() as usize, pos["end"].as_u64().unwrap() as usize), sel[0]["exact"].as_str().unwrap());
        }
    }

    #[test]
    fn brat_ann_is_valid_standoff(doc in doc_strategy()) {
        let f = export::export(std::slice::from_ref(&doc), "brat", &all()).unwrap();
        let files = zip::read(&f.bytes).unwrap();
        let txt = String::from_utf8(files.iter().find(|f| f.0.ends_with(".txt") && f.0 != "README.txt").unwrap().1.clone()).unwrap();
        let ann = String::from_utf8(files.iter().find(|f| f.0.ends_with(".ann")).unwrap().1.clone()).unwrap();
        prop_assert_eq!(&txt, &doc.text);
        check_brat(&txt, &ann).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn conll_is_valid_iob2(doc in doc_strategy()) {
        let out = text_of(&export::export(std::slice::from_ref(&doc), "conll", &all()).unwrap());
        check_conll(&out).map_err(TestCaseError::fail)?;
    }
}

/// brat standoff, from the format's description: T lines `ID\tTYPE START END[;START END]*\tTEXT`
/// with the text equal to the fragments joined by a space; R lines referring to known T ids;
/// A lines `ID\tNAME TARGET [VALUE]`; # notes referring to known ids.
fn check_brat(txt: &str, ann: &str) -> Result<(), String> {
    let mut ids = std::collections::HashSet::new();
    for line in ann.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        match line.chars().next() {
            Some('T') => {
                if cols.len() != 3 {
                    return Err(format!("T line needs 3 tab-separated fields: {line:?}"));
                }
                let (ty, offs) = cols[1].split_once(' ').ok_or("T line needs a type")?;
                if ty.is_empty() || ty.contains(char::is_whitespace) {
                    return Err(format!("bad type in {line:?}"));
                }
                let mut frags = Vec::new();
                for frag in offs.split(';') {
                    let (s, e) = frag.split_once(' ').ok_or("fragment needs start and end")?;
                    let (s, e): (usize, usize) = (
                        s.parse().map_err(|_| "start")?,
                        e.parse().map_err(|_| "end")?,
                    );
                    if s >= e || e > txt.chars().count() {
                        return Err(format!("bad fragment {frag} in {line:?}"));
                    }
                    frags.push(char_slice(txt, s, e));
                }
                if frags.join(" ") != cols[2] {
                    return Err(format!("T text mismatch in {line:?}"));
                }
                ids.insert(cols[0].to_string());
            }
            Some('R') => {
                let args: Vec<&str> = cols[1].split(' ').skip(1).collect();
                for a in args {
                    let id = a.split_once(':').ok_or("R argument needs a role")?.1;
                    if !ids.contains(id) {
                        return Err(format!("R refers to unknown {id}"));
                    }
                }
            }
            Some('A') | Some('#') => {
                let target = cols[1].split(' ').nth(1).ok_or("A/# needs a target")?;
                if !ids.contains(target) {
                    return Err(format!("{line:?} refers to unknown {target}"));
                }
            }
            _ => return Err(format!("unknown line {line:?}")),
        }
    }
    Ok(())
}

/// CoNLL IOB2, as a CoNLL reader sees it: `-DOCSTART-` lines, blank lines between sentences,
/// `token<TAB>tag` otherwise, tokens without white space, I-X only after B-X or I-X.
fn check_conll(out: &str) -> Result<(), String> {
    let mut prev = "O".to_string();
    for line in out.lines() {
        if line.is_empty() {
            prev = "O".into();
            continue;
        }
        let (tok, tag) = line.split_once('\t').ok_or(format!("no tab: {line:?}"))?;
        if tok.is_empty() || tok.contains(char::is_whitespace) {
            return Err(format!("bad token {tok:?}"));
        }
        if tok == "-DOCSTART-" {
            continue;
        }
        if let Some(label) = tag.strip_prefix("I-") {
            if prev != format!("B-{label}") && prev != format!("I-{label}") {
                return Err(format!("{tag} after {prev}"));
            }
        } else if tag != "O" && !tag.starts_with("B-") {
            return Err(format!("bad tag {tag}"));
        }
        prev = tag.to_string();
    }
    Ok(())
}

#[test]
fn csv_quotes_export_reads_back() {
    let doc = newsmark::annotate(
        &newsmark::Input {
            id: Some("csv, \"test\"".into()),
            text: Some("“We agree, fully,” Putin said. 😀".into()),
            html: None,
        },
        &Default::default(),
    )
    .unwrap();
    let out = text_of(&export::export(std::slice::from_ref(&doc), "csv", &all()).unwrap());
    let lines: Vec<&str> = out.split("\r\n").collect();
    assert!(lines[0].starts_with("document,quote_id,kind"));
    assert!(
        lines[1].starts_with("\"csv, \"\"test\"\"\",q1,speech"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("\"We agree, fully,\""), "{}", lines[1]);
    assert!(lines[1].ends_with(",codepoints"));
}

#[test]
fn accepted_only_by_default() {
    let mut doc = Document::new("d", "Angela Merkel met Xi.");
    for (i, (s, e, st)) in [(0, 13, Status::Accepted), (18, 20, Status::Suggested)]
        .into_iter()
        .enumerate()
    {
        doc.entities.push(Entity {
            id: format!("e{i}"),
            start: s,
            end: e,
            label: "PERSON".into(),
            text: char_slice(&doc.text, s, e),
            score: 1.0,
            source: Source::User,
            status: st,
        });
    }
    let conll = text_of(&export::export(&[doc.clone()], "conll", &Default::default()).unwrap());
    assert!(conll.contains("Angela\tB-PERSON\nMerkel\tI-PERSON\n"));
    assert!(conll.contains("Xi\tO\n"));
    let conll = text_of(&export::export(&[doc], "conll", &all()).unwrap());
    assert!(conll.contains("Xi\tB-PERSON\n"));
}

/// Export to another tool's format, import it back: the accepted entities and the quote ->
/// speaker links survive with the same offsets, also through UTF-16 files.
#[test]
fn other_formats_round_trip_through_import() {
    use newsmark::export::import::{import, ImportOptions};
    let text = "😀 Vladimir Putin met 习近平 in Moscow.\r\n“We agree,” said Putin. e\u{301}";
    let mut doc = newsmark::annotate(
        &newsmark::Input {
            id: Some("rt".into()),
            text: Some(text.into()),
            html: None,
        },
        &newsmark::Options { clean: false },
    )
    .unwrap();
    // Build the reference annotations by hand so the test does not depend on the tagger.
    let find = |needle: &str, nth: usize| -> (usize, usize) {
        let b = text.match_indices(needle).nth(nth).unwrap().0;
        let s = text[..b].chars().count();
        (s, s + needle.chars().count())
    };
    doc.entities.clear();
    for (i, (needle, nth, label)) in [
        ("Vladimir Putin", 0, "PERSON"),
        ("习近平", 0, "PERSON"),
        ("Moscow", 0, "GPE"),
        ("Putin", 1, "PERSON"),
    ]
    .into_iter()
    .enumerate()
    {
        let (s, e) = find(needle, nth);
        doc.entities.push(Entity {
            id: format!("e{}", i + 1),
            start: s,
            end: e,
            label: label.into(),
            text: needle.into(),
            score: 1.0,
            source: Source::User,
            status: Status::Accepted,
        });
    }
    let (qs, qe) = find("We agree,", 0);
    let (ss, se) = find("Putin", 1);
    doc.quotes = vec![Quote {
        id: "q1".into(),
        start: qs,
        end: qe,
        text: "We agree,".into(),
        kind: QuoteKind::Speech,
        speaker: Some(Speaker {
            start: ss,
            end: se,
            text: "Putin".into(),
            entity: Some("e4".into()),
            name: Some("Putin".into()),
        }),
        cue: None,
        score: 1.0,
        source: Source::User,
        status: Status::Accepted,
    }];
    assert!(newsmark::validate::problems(&doc).is_empty());
    for fmt in ["spacy", "doccano", "labelstudio"] {
        for utf16 in [false, true] {
            let opts = ExportOptions {
                utf16,
                ..Default::default()
            };
            let f = export::export(std::slice::from_ref(&doc), fmt, &opts).unwrap();
            let back = import(&text_of(&f), "auto", &ImportOptions::default())
                .unwrap_or_else(|e| panic!("{fmt} utf16={utf16}: {e}"));
            let b = &back[0];
            assert_eq!(b.text, doc.text, "{fmt}");
            let spans = |d: &Document| {
                d.entities
                    .iter()
                    .map(|e| (e.start, e.end, e.label.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(spans(b), spans(&doc), "{fmt} utf16={utf16}");
            assert_eq!(b.quotes.len(), 1, "{fmt}");
            let sp = b.quotes[0].speaker.as_ref().expect("speaker link survives");
            assert_eq!((sp.start, sp.end), (ss, se), "{fmt}");
        }
    }
}

#[test]
fn invalid_imports_name_the_line_and_change_nothing() {
    use newsmark::export::import::{import, ImportOptions};
    let o = ImportOptions::default();
    let e = import("{\"text\":\"ab\",\"spans\":[]}\n{not json\n", "spacy", &o).unwrap_err();
    assert!(e.starts_with("line 2:"), "{e}");
    let e = import("{\"text\":\"ab\",\"entities\":[{\"id\":1,\"label\":\"X\",\"start_offset\":1,\"end_offset\":5}]}", "doccano", &o).unwrap_err();
    assert!(e.contains("outside the text"), "{e}");
    let e = import("[{\"data\":{\"text\":\"😀ab\"},\"annotations\":[{\"result\":[{\"id\":\"a\",\"type\":\"labels\",\"value\":{\"start\":2,\"end\":4,\"text\":\"ab\",\"labels\":[\"X\"]}}]}]}]", "auto", &o).unwrap_err();
    assert!(e.contains("task 1") && e.contains("UTF-16"), "{e}");
    assert!(import("[{\"data\":{\"text\":\"😀ab\"},\"annotations\":[{\"result\":[{\"id\":\"a\",\"type\":\"labels\",\"value\":{\"start\":2,\"end\":4,\"text\":\"ab\",\"labels\":[\"X\"]}}]}]}]", "auto", &ImportOptions { utf16: true }).is_ok());
    assert!(import("", "auto", &o).unwrap_err().contains("empty"));
    assert!(import("\u{0}\u{1}binary", "auto", &o).is_err());
}

/// The real consumer: spaCy reads the spaCy export (Doc.char_span on every span). Runs where
/// spaCy is importable by `python3` (or by $NEWSMARK_PYTHON); elsewhere it says it skipped.
#[test]
fn spacy_reads_the_spacy_export() {
    let python = std::env::var("NEWSMARK_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_spacy = std::process::Command::new(&python)
        .args(["-c", "import spacy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_spacy {
        eprintln!("SKIPPED spacy_reads_the_spacy_export: spaCy is not installed for {python}");
        return;
    }
    let text = "😀 Vladimir Putin met 习近平 in Moscow.\r\n\r\n“We agree,”  said Putin.\te\u{301}\nThe U.S. ‘deal’ isn’t done.";
    let mut doc = newsmark::annotate(
        &newsmark::Input {
            id: Some("sp".into()),
            text: Some(text.into()),
            html: None,
        },
        &newsmark::Options { clean: false },
    )
    .unwrap();
    for e in &mut doc.entities {
        e.status = Status::Accepted;
    }
    for q in &mut doc.quotes {
        q.status = Status::Accepted;
    }
    // A span drawn inside a word must still align (the export splits the token).
    doc.entities.retain(|e| e.end <= 2 || e.start >= 6);
    doc.entities.push(Entity {
        id: "ex".into(),
        start: 2,
        end: 6,
        label: "PERSON".into(),
        text: "Vlad".into(),
        score: 1.0,
        source: Source::User,
        status: Status::Accepted,
    });
    doc.entities.sort_by_key(|e| e.start);
    let f = export::export(&[doc], "spacy", &Default::default()).unwrap();
    let path = std::env::temp_dir().join(format!("newsmark-spacy-{}.jsonl", std::process::id()));
    std::fs::write(&path, &f.bytes).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/consumers/check_spacy.py"
    );
    let out = std::process::Command::new(&python)
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let report = String::from_utf8_lossy(&out.stdout);
    eprintln!("{report}");
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

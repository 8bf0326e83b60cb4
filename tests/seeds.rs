//! Golden output for the three seed articles in ../shared/seeds (read at test time, never
//! copied into the repository). A golden is a readable summary of the Document (metadata,
//! paragraphs, every entity and quote with code point offsets), reviewed by a person when it
//! changes: run `UPDATE_GOLDEN=1 cargo test --test seeds` and read the diff before committing.
//! Where ../shared is absent the test says so and passes (CI keeps its own fixtures elsewhere).

use newsmark::{annotate, validate, Document, Input, Options};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds")
}

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.golden"))
}

/// The reviewable summary of a Document. Offsets are code points.
fn summary(doc: &Document) -> String {
    let mut s = String::new();
    let m = &doc.meta;
    writeln!(s, "# offsets: code points").unwrap();
    writeln!(
        s,
        "title: {:?}\nbyline: {:?}\ndate: {:?}\nsite: {:?}",
        m.title, m.byline, m.date, m.site
    )
    .unwrap();
    let paras: Vec<&str> = doc.text.split("\n\n").collect();
    writeln!(s, "paragraphs: {}", paras.len()).unwrap();
    for p in &paras {
        let head: String = p.chars().take(60).collect();
        writeln!(
            s,
            "  | {head}{}",
            if p.chars().count() > 60 { "…" } else { "" }
        )
        .unwrap();
    }
    writeln!(s, "removed blocks: {}", doc.removed.len()).unwrap();
    writeln!(s, "entities: {}", doc.entities.len()).unwrap();
    for e in &doc.entities {
        writeln!(s, "  {}..{} {} {:?}", e.start, e.end, e.label, e.text).unwrap();
    }
    writeln!(s, "quotes: {}", doc.quotes.len()).unwrap();
    for q in &doc.quotes {
        let head: String = q.text.chars().take(50).collect();
        let speaker = q.speaker.as_ref().map_or("-".to_string(), |sp| {
            format!("{:?} -> {:?}", sp.text, sp.name)
        });
        let cue = q.cue.as_ref().map_or("-", |c| c.text.as_str());
        writeln!(
            s,
            "  {}..{} {:?} {:?} speaker {} cue {:?}",
            q.start, q.end, q.kind, head, speaker, cue
        )
        .unwrap();
    }
    s
}

fn check_seed(prefix: &str) -> Option<Document> {
    let dir = seeds_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping seed goldens: {} is not here", dir.display());
        return None;
    };
    let path = entries.flatten().map(|e| e.path()).find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
    })?;
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = annotate(
        &Input {
            id: Some(prefix.into()),
            text: Some(text),
            html: None,
        },
        &Options::default(),
    )
    .unwrap();
    assert!(
        validate::problems(&doc).is_empty(),
        "{:?}",
        validate::problems(&doc)
    );
    let got = summary(&doc);
    let golden = golden_path(prefix);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &got).unwrap();
    } else {
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if want != got {
            let diff: Vec<String> = want
                .lines()
                .zip(got.lines())
                .filter(|(a, b)| a != b)
                .take(8)
                .map(|(a, b)| format!("- {a}\n+ {b}"))
                .collect();
            panic!(
                "seed {prefix} differs from {} ({} vs {} lines); first differences:\n{}\nIf the change is right, run UPDATE_GOLDEN=1 cargo test --test seeds and review the diff.",
                golden.display(),
                want.lines().count(),
                got.lines().count(),
                diff.join("\n")
            );
        }
    }
    Some(doc)
}

#[test]
fn seed_000_golden() {
    let Some(doc) = check_seed("000") else { return };
    // What the issues ask of this article, beyond the golden: names are people, no junk
    // entities, and every speech quote is attributed to the right person.
    for e in &doc.entities {
        assert!(
            !matches!(e.text.as_str(), "n’t" | "’s" | "n't" | "'s"),
            "junk entity {e:?}"
        );
        if [
            "Trump",
            "Putin",
            "Xi",
            "Zelenskyy",
            "Donald Trump",
            "Vladimir Putin",
        ]
        .contains(&e.text.as_str())
        {
            assert_eq!(e.label, "PERSON", "{e:?}");
        }
    }
    let speech: Vec<_> = doc
        .quotes
        .iter()
        .filter(|q| q.kind == newsmark::document::QuoteKind::Speech)
        .collect();
    assert!(speech.len() >= 7);
    for q in speech {
        let name = q
            .speaker
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_default();
        assert!(
            name.contains("Trump") || name.contains("Putin"),
            "{:?} -> {name:?}",
            q.text
        );
    }
    assert_eq!(doc.meta.byline.as_deref(), Some("Dorothy Li"));
}

#[test]
fn seed_003_golden() {
    check_seed("003");
}

#[test]
fn seed_004_golden() {
    let Some(doc) = check_seed("004") else { return };
    assert_eq!(doc.meta.byline.as_deref(), Some("Anmol Kumar"));
    assert_eq!(doc.meta.date.as_deref(), Some("2025-01-22"));
    assert!(doc.text.starts_with("January 20 has witnessed"));
    assert!(doc.text.ends_with("already in play."));
    assert!(!doc.text.contains("Also Read"));
}

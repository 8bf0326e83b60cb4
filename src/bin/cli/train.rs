//! `newsmark train ner [--data FILE]... [--unlabelled FILE]... [--dev FILE] [--out FILE]
//! [--epochs N] [--seed N] [--prune X] [--weight-bytes 1|2] [--temperature T] [--gaz-min N]
//! [--no-clusters] [--no-self-train] [--limit-docs N] [--train-beam N] [--update early|max-violation]
//! [--ensemble N] [--teacher-share X] [--extra-rate X] [--teacher-ensemble N]`, or `--from MODEL`
//! to re-prune an existing model.
//! Without `--data`: OntoNotes + CoNLL-2003 train, PolNeAR train as unlabelled text.

use newsmark::ner::beam_train::Update;
use newsmark::ner::train::{train_to_file, Options};
// `--from MODEL` re-prunes / re-quantises an existing model instead of training.

pub fn run(args: &[String]) -> i32 {
    if args.first().map(String::as_str) == Some("words") {
        return super::common_words::run(&args[1..]);
    }
    if args.first().map(String::as_str) != Some("ner") {
        eprintln!("usage: newsmark train ner [--data FILE]... [--dev FILE] [--out FILE] [options]");
        return 2;
    }
    let mut data: Vec<String> = Vec::new();
    let mut dev: Option<String> = None;
    let mut from: Option<String> = None;
    let mut out = "models/ner.bin".to_string();
    let mut opts = Options::default();
    let mut i = 1;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        let ok = match args[i].as_str() {
            "--data" => {
                data.push(value.clone());
                true
            }
            "--from" => {
                from = Some(value.clone());
                true
            }
            "--dev" => {
                dev = Some(value.clone());
                true
            }
            "--out" => {
                out = value.clone();
                true
            }
            "--epochs" => value.parse().map(|v| opts.epochs = v).is_ok(),
            "--seed" => value.parse().map(|v| opts.seed = v).is_ok(),
            "--prune" => value.parse().map(|v| opts.prune = v).is_ok(),
            "--weight-bytes" => value.parse().map(|v| opts.weight_bytes = v).is_ok(),
            "--unlabelled" => {
                opts.unlabelled.push(value.clone());
                true
            }
            "--no-self-train" => {
                opts.self_train = false;
                i -= 1;
                true
            }
            "--no-clusters" => {
                opts.clusters = false;
                i -= 1;
                true
            }
            "--limit-docs" => value.parse().map(|v| opts.limit_docs = Some(v)).is_ok(),
            "--gaz-min" => value.parse().map(|v| opts.gaz_min = v).is_ok(),
            "--temperature" => value.parse().map(|v| opts.temperature = v).is_ok(),
            "--train-beam" => value.parse().map(|v| opts.train_beam = v).is_ok(),
            "--ensemble" => value.parse().map(|v| opts.ensemble = v).is_ok(),
            // A share outside 0-1 would give the members a negative weight.
            "--teacher-share" => value
                .parse()
                .ok()
                .filter(|v: &f32| (0.0..=1.0).contains(v))
                .map(|v| opts.teacher_share = v)
                .is_some(),
            "--teacher-ensemble" => value.parse().map(|v| opts.teacher_ensemble = v).is_ok(),
            "--extra-rate" => value
                .parse()
                .ok()
                .filter(|v: &f32| *v > 0.0 && v.is_finite())
                .map(|v| opts.extra_rate = v)
                .is_some(),
            "--update" => match value.as_str() {
                "early" => {
                    opts.update = Update::Early;
                    true
                }
                "max-violation" => {
                    opts.update = Update::MaxViolation;
                    true
                }
                _ => false,
            },
            other => {
                eprintln!("newsmark train: unknown option {other:?}");
                return 2;
            }
        };
        if !ok {
            eprintln!("newsmark train: bad value {value:?} for {}", args[i]);
            return 2;
        }
        i += 2;
    }
    if let Some(from) = from {
        return match newsmark::ner::train::repack(&from, &out, &opts) {
            Ok((w, n)) => {
                eprintln!("wrote {out}: {w} weights, {n} bytes");
                0
            }
            Err(e) => {
                eprintln!("newsmark train: {e}");
                1
            }
        };
    }
    // Defaults: the data the shipped model was trained on (see models/MODEL_CARD.md).
    if data.is_empty() {
        data.push("../shared/data/ner/ontonotes-train.jsonl".to_string());
        data.push("../shared/data/ner/conll2003-train.jsonl".to_string());
        if opts.unlabelled.is_empty() {
            opts.unlabelled
                .push("../shared/data/quotes/polnear-train.jsonl".to_string());
        }
    }
    let t0 = std::time::Instant::now();
    let mut progress = |line: &str| eprintln!("[{:>6.1} s] {line}", t0.elapsed().as_secs_f64());
    match train_to_file(&data, dev.as_deref(), &out, &opts, &mut progress) {
        Ok(n) => {
            eprintln!(
                "wrote {out}: {n} bytes in {:.1} s",
                t0.elapsed().as_secs_f64()
            );
            0
        }
        Err(e) => {
            eprintln!("newsmark train: {e}");
            1
        }
    }
}

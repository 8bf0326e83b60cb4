//! The `newsmark` binary as a user runs it: JSONL in, Documents out, errors by line number.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start newsmark");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn docs(stdout: &str) -> Vec<newsmark::Document> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is a Document"))
        .collect()
}

#[test]
fn annotates_text_and_html_lines() {
    let input = concat!(
        r#"{"id":"a","text":"Vladimir Putin met Xi Jinping in Moscow on Monday. “We agree,” Putin said."}"#,
        "\n",
        r#"{"id":"b","html":"<nav>Home | World</nav><p>Emmanuel Macron visited Berlin on Jan. 5, 2024.</p><script>x()</script>"}"#,
        "\n"
    );
    let (code, out, err) = run(&["annotate"], input);
    assert_eq!(code, 0, "stderr: {err}");
    let d = docs(&out);
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].id, "a");
    assert_eq!(d[0].offsets, "codepoints");
    assert!(
        d[0].quotes.iter().any(|q| q.text == "We agree,"),
        "{:?}",
        d[0].quotes
    );
    assert!(
        !d[1].text.contains("x()"),
        "script content must not reach the text: {:?}",
        d[1].text
    );
    assert!(d[1].text.contains("Emmanuel Macron visited Berlin"));
    for doc in &d {
        assert!(
            newsmark::validate::problems(doc).is_empty(),
            "{:?}",
            newsmark::validate::problems(doc)
        );
    }
}

#[test]
fn bad_lines_are_reported_by_number_and_the_run_goes_on() {
    let input = "{\"id\":\"ok1\",\"text\":\"One.\"}\nnot json\n{\"id\":\"x\"}\n\n{\"id\":\"ok2\",\"text\":\"Two.\"}\n";
    let (code, out, err) = run(&["annotate"], input);
    assert_eq!(code, 1);
    assert!(err.contains("line 2:"), "{err}");
    assert!(err.contains("line 3:") && err.contains("missing"), "{err}");
    let ids: Vec<String> = docs(&out).into_iter().map(|d| d.id).collect();
    assert_eq!(ids, ["ok1", "ok2"]);
}

#[test]
fn no_clean_keeps_text_byte_for_byte() {
    let text = "  Line one\r\n\r\n\r\nLine\u{a0}two 😀  \u{200b}";
    let line = serde_json::json!({"id": "raw", "text": text}).to_string();
    let (code, out, _) = run(&["annotate", "--no-clean"], &line);
    assert_eq!(code, 0);
    assert_eq!(docs(&out)[0].text, text);
    let (_, out, _) = run(&["annotate"], &line);
    assert_eq!(docs(&out)[0].text, "Line one\n\nLine two 😀");
}

#[test]
fn invalid_utf8_line_is_an_error_not_a_crash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .arg("annotate")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"text\":\"\xff\xfe\"}\n{\"text\":\"fine\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1: not valid UTF-8"), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn export_round_trips_newsmark_json() {
    let (_, out, _) = run(
        &["annotate"],
        r#"{"id":"r","text":"Angela Merkel said “no” in Paris."}"#,
    );
    let (code, json, err) = run(&["export", "--format", "json"], &out);
    assert_eq!(code, 0, "{err}");
    let back: newsmark::Document = serde_json::from_str(&json).unwrap();
    assert_eq!(back, docs(&out)[0]);
    let (code, _, err) = run(&["export", "--format", "json"], "{\"id\":\"bad\",\"text\":\"ab\",\"entities\":[{\"id\":\"e1\",\"start\":0,\"end\":9,\"label\":\"X\",\"text\":\"ab\",\"score\":1,\"source\":\"user\",\"status\":\"accepted\"}]}");
    assert_eq!(code, 1);
    assert!(err.contains("outside the text"), "{err}");
}

#[test]
fn training_refuses_shares_and_rates_out_of_range() {
    for (opt, bad) in [
        ("--teacher-share", "1.5"),
        ("--teacher-share", "-0.1"),
        ("--extra-rate", "0"),
        ("--extra-rate", "nan"),
    ] {
        let (code, _, err) = run(
            &["train", "ner", opt, bad, "--out", "/nonexistent/x.bin"],
            "",
        );
        assert_eq!(code, 2, "{opt} {bad}");
        assert!(err.contains(opt) && err.contains(bad), "{err}");
    }
}

//! `newsmark eval ner FILE`.

/// Runs the evaluation and returns the report to print.
pub fn run(_path: &str, _args: &[String]) -> Result<String, String> {
    Err("eval ner: not built yet".into())
}

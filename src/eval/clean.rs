//! `newsmark eval clean FILE`.

/// Runs the evaluation and returns the report to print.
pub fn run(_path: &str, _args: &[String]) -> Result<String, String> {
    Err("eval clean: not built yet".into())
}

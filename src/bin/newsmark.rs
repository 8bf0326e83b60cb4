//! The `newsmark` command line. Thin: every subcommand calls the library.

mod cli;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("annotate") => cli::annotate::run(&args[1..]),
        Some("train") => cli::train::run(&args[1..]),
        Some("eval") => cli::eval(&args[1..]),
        Some("export") => cli::export(&args[1..]),
        Some("import") => cli::import(&args[1..]),
        Some("bench") => cli::bench::run(&args[1..]),
        Some("--version") | Some("-V") => {
            println!("newsmark {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{}", cli::USAGE);
            0
        }
        Some(other) => {
            eprintln!("newsmark: unknown command {other:?}\n\n{}", cli::USAGE);
            2
        }
    };
    std::process::exit(code);
}

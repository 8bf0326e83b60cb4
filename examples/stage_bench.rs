// Temporary: time the cleaner's stages on inner_text.
use newsmark::clean::{meta, plain, select};
fn now() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    s.split_whitespace().next().unwrap().parse::<f64>().unwrap() / 1e9
}
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let content = std::fs::read_to_string(path).unwrap();
    let texts: Vec<String> = content.lines().map(|l| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        v["inner_text"].as_str().unwrap().to_string()
    }).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let (mut tb, mut ts, mut tm) = (0.0, 0.0, 0.0);
    for _ in 0..20 {
        for t in &texts {
            let a = now();
            let blocks = plain::blocks(t);
            let b = now();
            let mut sel = select::select(&blocks);
            let c = now();
            let mut m = Default::default();
            meta::extract(&blocks, &mut sel, &mut m);
            let d = now();
            tb += b - a; ts += c - b; tm += d - c;
        }
    }
    let mb = bytes as f64 * 20.0 / 1e6;
    println!("blocks {:.1} MB/s  select {:.1} MB/s  meta {:.1} MB/s", mb / tb, mb / ts, mb / tm);
}

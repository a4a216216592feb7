//! Writes the generated 台账 the benchmarks run on.
//!
//! `cargo run --release --example make_bench_data -- DIR [ROWS…]` writes
//! `DIR/rows-N/{progress.xlsx, notice.toml, body.md.j2}` for each N (default
//! 100, 1000, 10000, 20000 and 100000). The text is generated from a fixed
//! seed: the same N always gives the same spreadsheet.

#[path = "../benches/support/data.rs"]
mod data;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/bench-data".into()));
    let mut sizes: Vec<usize> = args.map(|a| a.parse()).collect::<Result<_, _>>()?;
    if sizes.is_empty() {
        sizes = vec![100, 1_000, 10_000, 20_000, 100_000];
    }
    for n in sizes {
        let set = dir.join(format!("rows-{n}"));
        data::write_set(&set, n)?;
        println!("{}", set.display());
    }
    Ok(())
}

//! Criterion benchmarks of each step on generated 台账 (see
//! `benches/support/data.rs`): read the sheet, compose, lay out, write;
//! `render` and `split` end to end, in process.
//!
//! `cargo bench --bench pipeline`; `BENCH_ROWS="100 1000"` picks the sizes
//! (default 100, 1,000 and 10,000 rows). Whole-process times and memory,
//! up to 100,000 rows, come from `benches/run.sh`.

// criterion_group! makes undocumented functions.
#![allow(missing_docs)]

mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gongwen::compose::{self, ComposeOptions};
use gongwen::diag::Diagnostics;
use gongwen::document::Properties;
use gongwen::split::{self, SplitOptions};
use gongwen::{docx, layout};
use std::hint::black_box;
use std::path::PathBuf;

fn sizes() -> Vec<usize> {
    std::env::var("BENCH_ROWS")
        .ok()
        .map(|v| {
            v.split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![100, 1_000, 10_000])
}

/// Writes (once) the data set of `rows` rows and returns its job file.
fn job(rows: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("rows-{rows}"));
    let job = dir.join("notice.toml");
    if !job.exists() {
        support::data::write_set(&dir, rows).expect("writes the bench data");
    }
    job
}

fn load(job: &std::path::Path) -> gongwen::Loaded {
    gongwen::load(job, None, &mut Diagnostics::default()).expect("loads")
}

fn properties() -> Properties {
    Properties {
        title: "完成情况表".into(),
        creator: "株洲市发展和改革委员会".into(),
        date: "2016-08-30".into(),
    }
}

fn steps(c: &mut Criterion) {
    let mut group = c.benchmark_group("steps");
    group.sample_size(10);
    for rows in sizes() {
        let job = job(rows);
        let loaded = load(&job);
        let notice = compose::compose(&loaded.job, &loaded.model, &[], ComposeOptions::default())
            .expect("ok");
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(BenchmarkId::new("read", rows), &job, |b, job| {
            b.iter(|| load(black_box(job)))
        });
        group.bench_with_input(BenchmarkId::new("compose", rows), &loaded, |b, l| {
            b.iter(|| compose::compose(&l.job, &l.model, &[], ComposeOptions::default()))
        });
        group.bench_with_input(BenchmarkId::new("layout", rows), &notice, |b, n| {
            b.iter(|| layout::layout_notice(black_box(n), properties()))
        });
        group.bench_with_input(BenchmarkId::new("write", rows), &notice, |b, n| {
            let doc = layout::layout_notice(n, properties());
            b.iter(|| docx::to_bytes(black_box(&doc)).expect("writes"))
        });
    }
    group.finish();
}

fn end_to_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(10);
    for rows in sizes() {
        let job = job(rows);
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(BenchmarkId::new("render", rows), &job, |b, job| {
            b.iter(|| {
                let loaded = load(job);
                gongwen::render_notice(&loaded, ComposeOptions::default()).expect("renders")
            })
        });
        group.bench_with_input(BenchmarkId::new("split", rows), &job, |b, job| {
            b.iter(|| {
                let loaded = load(job);
                let plan = split::plan(&loaded, &[], &mut Diagnostics::default()).expect("plans");
                let options = SplitOptions {
                    with_notice: false,
                    sections: Vec::new(),
                    compose: ComposeOptions::default(),
                };
                split::build_all(&loaded, &plan.selected, &options, &|_| {}).expect("builds")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, steps, end_to_end);
criterion_main!(benches);

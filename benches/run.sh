#!/usr/bin/env bash
# Whole-process timings of gongwen on generated 台账, as one table.
#
#   bash benches/run.sh              # render 100 … 200,000 rows, split 1,000 … 100,000
#   bash benches/run.sh --compare    # also openpyxl + docxtpl and SheetJS +
#                                    # docxtemplater, installed into a
#                                    # temporary folder, on the same files
#   RUNS=10 SMALL_RUNS=60 ROUNDS=300 SIZES="1000 20000" bash benches/run.sh
#
# Times are hyperfine medians of RUNS runs after a warm-up (SMALL_RUNS for
# the cases of a few milliseconds; a plain loop when hyperfine is missing):
# on a shared machine the median is moved less than the mean by a run that
# another program slowed. Memory is the peak RSS of one run (/usr/bin/time).
# Nothing here is part of CI.
set -euo pipefail

cd "$(dirname "$0")/.."
COMPARE=0
for arg in "$@"; do
  case "$arg" in
    --compare) COMPARE=1 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
RUNS=${RUNS:-5}
SMALL_RUNS=${SMALL_RUNS:-40}
SIZES=${SIZES:-"100 1000 10000 20000 100000 200000"}
SPLIT_SIZES=${SPLIT_SIZES:-"1000 20000 100000"}
COMPARE_SIZES=${COMPARE_SIZES:-"1000 10000 20000"}
DATA=target/bench-data
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet --bin gongwen --example make_bench_data
BIN=$PWD/target/release/gongwen
# shellcheck disable=SC2086
./target/release/examples/make_bench_data "$DATA" $(echo "$SIZES $SPLIT_SIZES $([ $COMPARE = 1 ] && echo "$COMPARE_SIZES")" | tr ' ' '\n' | sort -un) >/dev/null

# median_and_sd "PREPARE" COMMAND… : prints "median sd" in seconds, of
# ${R:-$RUNS} runs.
median_and_sd() {
  local prepare=$1; shift
  local runs=${R:-$RUNS}
  if command -v hyperfine >/dev/null; then
    hyperfine -N --style none --warmup 1 --runs "$runs" --prepare "$prepare" \
      --export-json "$WORK/h.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1 || return 1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.4f %.4f" % (r["median"], r.get("stddev") or 0))' "$WORK/h.json"
  else
    local times=()
    for _ in $(seq "$runs"); do
      bash -c "$prepare"
      local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || return 1; t1=$(date +%s%N)
      times+=("$(( (t1 - t0) / 1000 ))")
    done
    python3 -c 'import statistics as s,sys; v=[int(x)/1e6 for x in sys.argv[1:]]; print("%.4f %.4f" % (s.median(v), s.stdev(v) if len(v)>1 else 0))' "${times[@]}"
  fi
}

# peak_mb "PREPARE" COMMAND… : peak resident memory of one run, in MB.
peak_mb() {
  local prepare=$1; shift
  bash -c "$prepare"
  /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>&1 || return 1
  echo $(( $(tail -1 "$WORK/rss") / 1024 ))
}

declare -A TIME
row() { # row LABEL KEY TARGET PREPARE COMMAND…
  local label=$1 key=$2 target=$3 prepare=$4; shift 4
  local ms mb
  if ms=$(median_and_sd "$prepare" "$@") && mb=$(peak_mb "$prepare" "$@"); then
    read -r median sd <<<"$ms"
    TIME[$key]=$median
    printf '| %-30s | %10.4f | %7.4f | %8s | %-22s |\n' "$label" "$median" "$sd" "$mb" "$target"
  else
    printf '| %-30s | %9s | %7s | %8s | %-22s |\n' "$label" failed - - "$target"
  fi
}

echo "gongwen $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, medians of $RUNS runs ($SMALL_RUNS for the cases of milliseconds)"
echo
echo "| case                           | median (s) |  sd (s) | peak MB  | target                 |"
echo "|--------------------------------|-----------|---------|----------|------------------------|"
SEED_JOB=fixtures/zhuzhou-2016-h1/notice.toml
PLAIN_JOB=fixtures/template-example/plain.toml
FILL_JOB=fixtures/template-example/notice.toml
R=$SMALL_RUNS row "seed notice (23 rows)" seed "≤ 0.005 s" "rm -f $WORK/seed.docx" \
  "$BIN" render "$SEED_JOB" --out "$WORK/seed.docx"
# The same notice filled into the example 红头 templates (docs/templates.md):
# 发文红头.docx holds what the built-in layout holds, 红头.docx two
# demonstration tables more (the rows twice again). Filling is to take no
# longer than laying out.
R=$SMALL_RUNS row "seed filled into 发文红头.docx" fillplain "≤ seed notice" "rm -f $WORK/plain.docx" \
  "$BIN" render "$PLAIN_JOB" --out "$WORK/plain.docx"
R=$SMALL_RUNS row "seed filled into 红头.docx" fill "" "rm -f $WORK/fill.docx" \
  "$BIN" render "$FILL_JOB" --out "$WORK/fill.docx"
# The ratios from runs of the three in turn (ROUNDS rounds, the order
# shuffled in each; the median of each round's ratio): a slow spell of the
# machine, which moves medians taken one case after the other by tens of
# per cent, moves these by one or two.
ROUNDS=${ROUNDS:-200}
python3 - "$ROUNDS" "$WORK" "$BIN" "$SEED_JOB" "$PLAIN_JOB" "$FILL_JOB" <<'PY'
import random, statistics, subprocess, sys, time, os
rounds, work, binary = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cases = list(zip(("seed", "plain", "fill"), sys.argv[4:7]))
times = {k: [] for k, _ in cases}
for _ in range(rounds):
    order = cases[:]
    random.shuffle(order)
    for key, job in order:
        out = os.path.join(work, "in-turn-" + key + ".docx")
        if os.path.exists(out):
            os.remove(out)
        t = time.perf_counter()
        subprocess.run([binary, "render", job, "--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times[key].append(time.perf_counter() - t)
for key, label, target in (("plain", "fill 发文红头 / seed, in turn", True), ("fill", "fill 红头 / seed, in turn", False)):
    r = statistics.median(a / b for a, b in zip(times[key], times["seed"]))
    mark = ("≤ 1.00 " + ("✓" if r <= 1.0 else "✗")) if target else ""
    print("| %-30s | %10.3f | %7s | %8s | %-22s |" % (label, r, "", "", mark))
PY
for n in $SIZES; do
  target=""
  [ "$n" = 20000 ] && target="≤ 0.25 s"
  [ "$n" = 100000 ] && target="≤ 1.4 s, ≤ 300 MB"
  runs=$RUNS
  [ "$n" -le 1000 ] && runs=$SMALL_RUNS
  R=$runs row "render $n rows" "render$n" "$target" "rm -f $WORK/r.docx" \
    "$BIN" render "$DATA/rows-$n/notice.toml" --out "$WORK/r.docx"
done
for n in $SPLIT_SIZES; do
  target=""
  [ "$n" = 20000 ] && target="≤ 0.4 s"
  runs=$RUNS
  [ "$n" -le 1000 ] && runs=$SMALL_RUNS
  R=$runs row "split $n rows × 30 sections" "split$n" "$target" "rm -rf $WORK/split" \
    "$BIN" split "$DATA/rows-$n/notice.toml" --out-dir "$WORK/split"
done
if [ -n "${TIME[render10000]:-}" ] && [ -n "${TIME[render100000]:-}" ]; then
  echo
  python3 -c 'import sys; print("render 100k / 10k: %.1f× (target ≤ 10.5×)" % (float(sys.argv[1]) / float(sys.argv[2])))' \
    "${TIME[render100000]}" "${TIME[render10000]}"
fi

[ $COMPARE = 1 ] || exit 0

echo
echo "## Side by side: the same .xlsx to a .docx with the table, whole process"
echo
STACKS=()
PYDIR=$WORK/py
if python3 -m pip install --quiet --disable-pip-version-check --target "$PYDIR" openpyxl docxtpl >"$WORK/pip.log" 2>&1; then
  STACKS+=(python)
else
  echo "openpyxl + docxtpl: could not be installed (pip said: $(tail -1 "$WORK/pip.log")); left out."
fi
NODEDIR=$WORK/node
if command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix "$NODEDIR" xlsx docxtemplater pizzip >"$WORK/npm.log" 2>&1; then
  STACKS+=(node)
else
  echo "SheetJS + docxtemplater: could not be installed (node/npm missing or no registry); left out."
fi
cp benches/compare/docxtemplater_render.js "$NODEDIR/" 2>/dev/null || true

echo
echo "| rows   | gongwen (s) | openpyxl+docxtpl (s) | ratio | SheetJS+docxtemplater (s) | ratio | peak MB g / py / js |"
echo "|--------|-------------|----------------------|-------|---------------------------|-------|---------------------|"
for n in $COMPARE_SIZES; do
  xlsx=$PWD/$DATA/rows-$n/progress.xlsx
  gs=$(median_and_sd "rm -f $WORK/g.docx" "$BIN" render "$DATA/rows-$n/notice.toml" --out "$WORK/g.docx")
  g=${gs%% *}
  gmb=$(peak_mb "rm -f $WORK/g.docx" "$BIN" render "$DATA/rows-$n/notice.toml" --out "$WORK/g.docx")
  py=- pyr=- pmb=- js=- jsr=- jmb=-
  if [[ " ${STACKS[*]} " == *" python "* ]]; then
    if ps=$(median_and_sd "rm -f $WORK/p.docx" env PYTHONPATH="$PYDIR" python3 benches/compare/docxtpl_render.py "$xlsx" "$WORK/p.docx"); then
      py=${ps%% *}
      pmb=$(peak_mb "rm -f $WORK/p.docx" env PYTHONPATH="$PYDIR" python3 benches/compare/docxtpl_render.py "$xlsx" "$WORK/p.docx")
      pyr=$(python3 -c "print('%.1f×' % ($py / $g))")
    else py=failed; fi
  fi
  if [[ " ${STACKS[*]} " == *" node "* ]]; then
    if jss=$(median_and_sd "rm -f $WORK/j.docx" node "$NODEDIR/docxtemplater_render.js" "$xlsx" "$WORK/j.docx"); then
      js=${jss%% *}
      jmb=$(peak_mb "rm -f $WORK/j.docx" node "$NODEDIR/docxtemplater_render.js" "$xlsx" "$WORK/j.docx")
      jsr=$(python3 -c "print('%.1f×' % ($js / $g))")
    else js=failed; fi
  fi
  printf '| %6s | %11.3f | %20s | %5s | %25s | %5s | %19s |\n' "$n" "$g" "$py" "$pyr" "$js" "$jsr" "$gmb / $pmb / $jmb"
done
echo
echo "ratio: the other stack's time ÷ gongwen's (higher is better for gongwen)."

#!/usr/bin/env bash
# Issue 16's benchmark: one process against Spark in local mode on this machine, for a dataset build and for
# training at an equal number of examples (the same dataset, model, seed, epochs and examples per track).
#   scale/bench.sh                     # default corpus, descriptor-mlp, 4 epochs of 4 examples per track
#   MODEL=baseline-cnn scale/bench.sh  # another model; CORPUS, MASTER, EPOCHS, K, LR, OUT likewise
#   ONLY=train scale/bench.sh          # training only, on the dataset of an earlier run
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-data/corpus}
master=${MASTER:-local[2]}
model=${MODEL:-descriptor-mlp}
epochs=${EPOCHS:-4}
k=${K:-4}
out=${OUT:-runs/bench-spark}
only=${ONLY:-}
lr=(); [ -n "${LR:-}" ] && lr=(--lr "$LR")
mkdir -p "$out"
./mixer --version >/dev/null; ./mixer dataset build --spark "$master" --help >/dev/null # build both jars first

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

declare -A build_s train_s
for how in one spark; do
  build_s[$how]=-
  [ "$only" = train ] && continue
  spark=(); [ "$how" = spark ] && spark=(--spark "$master")
  rm -rf "$out/$how"
  t0=$(now)
  ./mixer dataset build --from "$corpus" --out "$out/$how/dataset" "${spark[@]}" 2> "$out/$how-build.log" >/dev/null
  build_s[$how]=$(secs "$t0" "$(now)")
done
[ "$only" = train ] || { cmp "$out/one/dataset/manifest.csv" "$out/spark/dataset/manifest.csv" && echo "manifests: identical"; }
for how in one spark; do
  spark=(); [ "$how" = spark ] && spark=(--spark "$master")
  rm -rf "$out/one/dataset/cache/examples" # each run makes its own examples (none read from the other's store)
  t0=$(now)
  ./mixer train --model "$model" --data "$out/one/dataset/manifest.csv" --epochs "$epochs" --examples-per-track "$k" \
    "${lr[@]}" --out "$out/$how/run-$model" --bundle "$out/$how/$model.zip" "${spark[@]}" 2> "$out/$how-train.log" > "$out/$how-train.txt"
  train_s[$how]=$(secs "$t0" "$(now)")
done
tracks=$(grep -c ',train,' "$out/one/dataset/manifest.csv")
examples=$((tracks * k * epochs))
echo
echo "how    build_s  train_s  train_examples  examples_per_s  best_val_mae   ($model, $epochs epochs x $k examples of $tracks tracks; Spark: $master)"
for how in one spark; do
  mae=$(awk '/best val MAE/ { print $4 }' "$out/$how-train.txt")
  awk -v h="$how" -v b="${build_s[$how]}" -v t="${train_s[$how]}" -v n="$examples" -v m="$mae" \
    'BEGIN { printf "%-6s %7s  %7s  %14d  %14.1f  %s\n", h, b, t, n, n / t, m }'
done

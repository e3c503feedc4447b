#!/usr/bin/env bash
# Peak memory of `stance classify` on a large input: classification streams, so the peak should
# not grow with the input.
#
#   bench/memory.sh [SIZE_MB] [THREADS]      (default: 1024 MB, 1 thread)
#
# Writes bench/out/articles-<SIZE_MB>mb.jsonl (not committed; reused when present): the bundled
# articles in data/articles, each repeated as JSON Lines records with its own id, until the file
# reaches SIZE_MB megabytes. Then classifies it with the shipped model under /usr/bin/time -v and
# prints the peak resident set size, the time and the number of articles. One thread by default,
# so as not to disturb other work on the machine; the peak does not depend on it much (each
# thread holds only its share of one batch).
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb=${1:-1024}
threads=${2:-1}
out=bench/out
input="$out/articles-${size_mb}mb.jsonl"
mkdir -p "$out"

if [ ! -s "$input" ]; then
    echo "generating $input ..." >&2
    python3 - "$input" "$size_mb" <<'PY'
import json, pathlib, sys
path, size_mb = sys.argv[1], int(sys.argv[2])
articles = sorted(pathlib.Path("data/articles").glob("*.txt"))
texts = [(a.stem, a.read_text(encoding="utf-8")) for a in articles]
target = size_mb * 1_000_000
written = n = 0
with open(path, "w", encoding="utf-8") as f:
    while written < target:
        stem, text = texts[n % len(texts)]
        line = json.dumps({"id": f"{stem}-{n}", "text": text}, ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode("utf-8"))
        n += 1
PY
fi

cargo build --release --quiet
bytes=$(stat -c %s "$input")
report="$out/memory-report.txt"
/usr/bin/time -v target/release/stance classify --threads "$threads" --format jsonl \
    --model models/stance.model "$input" 2>"$report" | wc -l >"$out/articles.count"
peak_kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$report")
elapsed=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$report")
printf 'input          %s (%d bytes, %s articles)\n' "$input" "$bytes" "$(cat "$out/articles.count")"
printf 'threads        %s\n' "$threads"
printf 'peak RSS       %d KiB (%.1f MiB)\n' "$peak_kb" "$(echo "$peak_kb / 1024" | bc -l)"
printf 'elapsed        %s\n' "$elapsed"

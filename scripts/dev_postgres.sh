#!/usr/bin/env bash
# Score a dev set as ../shared/eval/run_dev.sh does, served from PostgreSQL instead of a folder:
# an embedded PostgreSQL in a temporary folder, the reports ingested into a database there,
# `reportqa serve --index postgresql://...`, the shared scorer, then everything stopped.
#   scripts/dev_postgres.sh [peel|real] [PORT]      (from the project root, `reportqa` on PATH)
set -u
here=$(cd "$(dirname "$0")" && pwd)
eval_dir=$here/../../shared/eval
set_name=${1:-peel}
port=${2:-8766}
case $set_name in
  peel) pdfs=("$eval_dir/../corpus/leicestershire-peel-2018-19.pdf"); gold=$eval_dir/dev.jsonl ;;
  real) pdfs=("$eval_dir"/../corpus/real/*.pdf); gold=$eval_dir/../corpus/real/questions.jsonl ;;
  *) echo "usage: dev_postgres.sh [peel|real] [PORT]" >&2; exit 2 ;;
esac
work=$(mktemp -d)
url=$(python3 "$here/postgres.py" start "$work") || exit 1
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; python3 "$here/postgres.py" stop "$work"; rm -rf "$work"' EXIT
reportqa ingest "${pdfs[@]}" --index "$url" || exit 1
reportqa serve --index "$url" --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "server died:"; tail -20 "$work/serve.log"; exit 1; }
  sleep 1
done
python3 "$eval_dir/score.py" "$gold" --url "http://127.0.0.1:$port"
if [ "$set_name" = real ]; then
  echo
  python3 "$eval_dir/check_findings.py" "$eval_dir/../corpus/real" --url "http://127.0.0.1:$port"
fi

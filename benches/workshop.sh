#!/usr/bin/env bash
# The workshop's figures (a report, not a test; benches/README.md, "Workshop"):
#   1. `git-kata check` on the solved mid-flight-hotfix sandbox, not joined / joined with the
#      board unreachable (nothing listens: connection refused) / joined with a board that
#      accepts connections and never answers (the 0.4 s budget) / joined with the board up,
#      against the git-CLI check script (goal: check at most 1/10 of its time);
#   2. the load test: 300 learners x 20 checks in bursts on loopback (examples/workshop_load.rs).
# Usage: benches/workshop.sh [--runs N] [--learners N] [--checks N] [--bin PATH]. Always
# loopback only. --bin times that git-kata (the static Linux release build, say) instead of
# building target/release/git-kata.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
top=$(cd "$here/.." && pwd -P)
runs=20 learners=300 checks=20 bin=
while (($#)); do
  case $1 in
  --runs) runs=$2; shift 2 ;;
  --learners) learners=$2; shift 2 ;;
  --checks) checks=$2; shift 2 ;;
  --bin) bin=$(realpath "$2"); shift 2 ;;
  *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
target=${CARGO_TARGET_DIR:-$top/target}
if [ -z "$bin" ]; then
  (cd "$top" && cargo build --release --locked --quiet)
  bin=$target/release/git-kata
fi
(cd "$top" && cargo build --release --locked --quiet --example workshop_load)
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export HOME=$work/home GIT_CONFIG_NOSYSTEM=1 LC_ALL=C NO_COLOR=1 GIT_KATA_DATA_DIR=$work/data
mkdir -p "$HOME"
printf '[user]\n\tname = Bench\n\temail = bench@example.org\n' >"$HOME/.gitconfig"

solved=$work/solved
"$bin" start mid-flight-hotfix --dir "$solved" >/dev/null
solution=$(awk '/^solution: \|/{on=1; next} on && /^[^ ]/{exit} on{sub(/^  /, ""); print}' "$top/lessons/mid-flight-hotfix.yaml")
(cd "$solved/k8s-fleet-manager" && bash -e -c "$solution") >/dev/null 2>&1
"$bin" check --dir "$solved" >/dev/null || { echo "the solved sandbox does not pass" >&2; exit 2; }

# Mean wall ms of `$@` over $runs runs after 3 warm-ups ($EPOCHREALTIME: nothing else timed).
mean_ms() {
  local i t0 t1 sum=0
  for i in 1 2 3; do "$@" >/dev/null 2>&1 || true; done
  for ((i = 0; i < runs; i++)); do
    t0=${EPOCHREALTIME/[.,]/}
    "$@" >/dev/null 2>&1 || true
    t1=${EPOCHREALTIME/[.,]/}
    sum=$((sum + t1 - t0))
  done
  awk -v s="$sum" -v n="$runs" 'BEGIN { printf "%.1f", s / n / 1000 }'
}

join_board() { # URL CODE
  rm -rf "$GIT_KATA_DATA_DIR/workshop"
  "$bin" workshop join "$1" "$2" --name bench >/dev/null
}
serve() { # PORT -> sets code
  "$bin" workshop serve --listen "127.0.0.1:$1" --db "$work/bench-$1.sqlite" >"$work/serve-$1.log" &
  pids+=($!)
  for _ in $(seq 50); do grep -q '/board?key=' "$work/serve-$1.log" 2>/dev/null && break; sleep 0.1; done
  code=$(sed -n 's/^Join code: //p' "$work/serve-$1.log")
}

script_ms=$(mean_ms bash "$here/git-cli/check-mid-flight-hotfix.sh" "$solved")
plain_ms=$(mean_ms "$bin" check --dir "$solved")
port=$((20000 + RANDOM % 20000))
serve "$port"
join_board "http://127.0.0.1:$port" "$code"
up_ms=$(mean_ms "$bin" check --dir "$solved")
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
down_ms=$(mean_ms "$bin" check --dir "$solved")
waiting=$(wc -l <"$GIT_KATA_DATA_DIR/workshop/outbox.jsonl")
# A board that accepts the connection and never answers: the worst a slow network does.
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1000)
held = []
end = time.time() + 120
while time.time() < end:
    s.settimeout(1)
    try: held.append(s.accept()[0])
    except OSError: pass
' "$port" &
pids+=($!)
sleep 0.3
runs_saved=$runs runs=5
hung_ms=$(mean_ms "$bin" check --dir "$solved")
runs=$runs_saved

echo "== check on the solved mid-flight-hotfix sandbox ($runs runs each; hung board: 5 runs)"
printf '%-44s %8s ms  (%s of the git-CLI script)\n' \
  "git-CLI check script" "$script_ms" "1/1" \
  "not joined" "$plain_ms" "$(awk -v a="$plain_ms" -v b="$script_ms" 'BEGIN{printf "1/%.0f", b/a}')" \
  "joined, board up" "$up_ms" "$(awk -v a="$up_ms" -v b="$script_ms" 'BEGIN{printf "1/%.0f", b/a}')" \
  "joined, board unreachable (refused)" "$down_ms" "$(awk -v a="$down_ms" -v b="$script_ms" 'BEGIN{printf "1/%.0f", b/a}')" \
  "joined, board accepts and never answers" "$hung_ms" "$(awk -v a="$hung_ms" -v b="$script_ms" 'BEGIN{printf "1/%.1f", b/a}')"
echo "events waiting in the outbox after the unreachable runs: $waiting"
echo
echo "== load test: $learners learners x $checks checks, in bursts, loopback"
"$target/release/examples/workshop_load" "$bin" "$learners" "$checks"

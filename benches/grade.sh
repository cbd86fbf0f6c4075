#!/usr/bin/env bash
# Grades N sandboxes (default 500) in one `git-kata grade --submissions` run and reports the
# whole process's wall time, best of RUNS (default 3). The sandboxes are copies of real ones:
# each built-in lesson as built, solved by its reference solution, and made wrong by each of
# its mistakes, all played with the real git CLI first (that part is not timed).
#
#   bash benches/grade.sh                 # N=500 RUNS=3, sandbox directories
#   KIND=archive bash benches/grade.sh    # the same sandboxes as `git-kata submit` archives
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-500}
RUNS=${RUNS:-3}
KIND=${KIND:-sandbox}
case "$KIND" in
  sandbox) what=sandboxes ;;
  archive) what=archives ;;
  *) echo "KIND is sandbox or archive" >&2; exit 2 ;;
esac
TARGET=${CARGO_TARGET_DIR:-target}

cargo build --release --quiet
BIN="$TARGET/release/git-kata"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_KATA_DATA_DIR="$work/data" NO_COLOR=1
mkdir -p "$HOME"
printf '[user]\n\tname = Bench\n\temail = bench@example.invalid\n' >"$HOME/.gitconfig"

# block FILE KEY N: the Nth (1-based) `KEY: |` block scalar of a lesson file, unindented.
block() {
  awk -v key="$2" -v want="$3" '
    function ind(s) { match(s, /^ */); return RLENGTH }
    state == 1 {
      if ($0 ~ /^[ \t]*$/) { pending = pending "\n"; next }
      if (ind($0) > base) {
        if (!strip) strip = ind($0)
        out = out pending substr($0, strip + 1) "\n"; pending = ""; next
      }
      state = 2
    }
    state == 0 && $0 ~ ("^ *(- )?" key ": [|]") { if (++n == want) { state = 1; base = ind($0) } }
    END { printf "%s", out }' "$1"
}

templates=()
for file in lessons/*.yaml; do
  id=$(awk '/^id: /{print $2; exit}' "$file")
  repo=$(awk '/^repos:/{r=1} r && /^  - name: /{print $3; exit}' "$file")
  make() { # make NAME COMMANDS
    local dir="$work/templates/$id-$1"
    "$BIN" start "$id" --dir "$dir" >/dev/null
    if [ -n "$2" ]; then (cd "$dir/$repo" && bash -e -c "$2" >/dev/null 2>&1); fi
    templates+=("$dir")
  }
  make as-built ""
  make solved "$(block "$file" solution 1)"
  n=1
  while commands=$(block "$file" commands "$n") && [ -n "$commands" ]; do
    make "mistake-$n" "$commands"
    n=$((n + 1))
  done
done

mkdir -p "$work/subs"
for ((i = 0; i < N; i++)); do
  tpl=${templates[i % ${#templates[@]}]}
  dest=$(printf '%s/subs/learner-%04d' "$work" "$i")
  if [ "$KIND" = archive ]; then
    [ -f "$tpl.tar.gz" ] || "$BIN" submit --dir "$tpl" -o "$tpl.tar.gz" >/dev/null
    cp "$tpl.tar.gz" "$dest.tar.gz"
    continue
  fi
  cp -a "$tpl" "$dest"
  # Worktree links are absolute: point the copy's at the copy, as `git worktree repair` would.
  find "$dest" -maxdepth 5 \( -path '*/.git/worktrees/*/gitdir' -o \( -name .git -type f \) \) \
    -exec sed -i "s#$tpl/#$dest/#g" {} +
done

echo "$N $what from ${#templates[@]} templates ($(ls lessons/*.yaml | wc -l) lessons), $(nproc) cores"
best=""
for ((r = 1; r <= RUNS; r++)); do
  rm -rf "$work/out"
  start=$(date +%s.%N)
  "$BIN" grade --submissions "$work/subs" --format csv --out "$work/out" --exit-zero 2>/dev/null
  end=$(date +%s.%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  echo "run $r: ${secs} s"
  if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$secs; fi
done
rows=$(($(wc -l <"$work/out/grades.csv") - 1))
[ "$rows" -eq "$N" ] || { echo "expected $N rows, got $rows" >&2; exit 1; }
tally=$(cut -d, -f5 "$work/out/grades.csv" | tail -n +2 | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')
echo "graded $N $what ($tally) in $best s (best of $RUNS, whole process)"

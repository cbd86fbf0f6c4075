# shellcheck shell=bash
# Which git-CLI script builds a lesson's sandbox, for run.sh and verify.sh. Sourced, not run.
#
# The seed lessons have hand-written scripts (start-LESSON.sh). Every other lesson's script is
# generated from its YAML by examples/git_cli_setup.rs, in the same style: lib.sh's helpers, one
# git process per setup step. GK_SETUP_GEN must name that example's binary.

GK_SCRIPTS_DIR=$(cd "${BASH_SOURCE[0]%/*}" && pwd -P)
export GK_LIB=$GK_SCRIPTS_DIR/lib.sh

# gk_lessons: the built-in lesson ids, in file order.
gk_lessons() {
  local f
  for f in "$GK_SCRIPTS_DIR"/../../lessons/*.yaml; do
    f=${f##*/}
    echo "${f%.yaml}"
  done
}

# gk_start_script LESSON OUT_DIR: prints the path of LESSON's script, generating it into
# OUT_DIR when there is no hand-written one.
gk_start_script() {
  local lesson=$1 out=$2
  if [[ -f $GK_SCRIPTS_DIR/start-$lesson.sh ]]; then
    echo "$GK_SCRIPTS_DIR/start-$lesson.sh"
  else
    [[ -x ${GK_SETUP_GEN:-} ]] || {
      echo "no generator at '${GK_SETUP_GEN:-}': cargo build --release --example git_cli_setup" >&2
      return 2
    }
    "$GK_SETUP_GEN" "$lesson" >"$out/start-$lesson.sh"
    echo "$out/start-$lesson.sh"
  fi
}

//! stash-keep-index and stash-recover-dropped (issue 14): other routes a fair instructor
//! accepts, and wrong results that must fail with the right diagnosis.

use super::scenario;

// ---------------------------------------------------------------- stash-keep-index
// The fix tested alone (test-results.txt says PASS), committed alone on main, the export back
// uncommitted, no stash left.

// -k is --keep-index; -u takes nothing more here (test-results.txt is ignored).
scenario!(
    keep_index_short_flags_and_untracked,
    "stash-keep-index",
    pass,
    r##"
git stash -k -u
./test.sh
git commit -qm "Round half to even"
git stash pop
"##
);

// A pathspec stashes the export alone, which leaves the staged fix in place just as well.
scenario!(
    keep_index_pathspec,
    "stash-keep-index",
    pass,
    r##"
git stash push -m "export WIP" -- src/export.py
./test.sh
git commit -qm "Round half to even"
git stash pop
"##
);

// Committing first, then testing the commit with the export stashed, tests the same content.
scenario!(
    keep_index_commit_then_test,
    "stash-keep-index",
    pass,
    r##"
git commit -qm "Round half to even"
git stash
./test.sh
git stash pop
"##
);

// The export left in the stash: the work is not back.
scenario!(
    keep_index_export_left_stashed,
    "stash-keep-index",
    fail,
    r##"
git stash push --keep-index
./test.sh
git commit -qm "Round half to even"
"##
);

// The export thrown away to make the tests pass: the work is lost, not back.
scenario!(
    keep_index_export_discarded,
    "stash-keep-index",
    fail,
    r##"
git restore src/export.py
./test.sh
git commit -qm "Round half to even"
"##
);

// ---------------------------------------------------------------- stash-recover-dropped
// The dropped retry budget back in the working tree, uncommitted; the debug hack still
// stashed; main unchanged.

// Stored back on the stack first, then applied: both ways back at once.
scenario!(
    dropped_stored_then_applied,
    "stash-recover-dropped",
    pass,
    r##"
id=$(git log --no-walk --format='%H %s' $(git fsck --no-reflog | awk '/dangling commit/ {print $3}') | awk '/Retry budget/ {print $1}')
git stash store -m "Retry budget for the card processor" "$id"
git stash apply
"##
);

// `git fsck --lost-found` writes the commit's id under .git/lost-found/commit.
scenario!(
    dropped_lost_found,
    "stash-recover-dropped",
    pass,
    r##"
git fsck --lost-found > /dev/null
id=$(ls .git/lost-found/commit)
git stash apply "$id"
"##
);

// The file taken from the stash commit: right content, staged; a fair instructor accepts it.
scenario!(
    dropped_checkout_file,
    "stash-recover-dropped",
    pass,
    r##"
id=$(git fsck --no-reflog | awk '/dangling commit/ {print $3}')
git checkout "$id" -- config/limits.yaml
"##
);

// Retyped by hand, roughly: not the work that was stashed.
scenario!(
    dropped_retyped_partly,
    "stash-recover-dropped",
    fail_not ["applied-the-debug-stash", "popped-the-debug-stash", "committed-the-recovery"],
    r##"
printf '# Limits for calls to the card processor.\nprocessor:\n  timeout_ms: 2000\n  retries: 3\n' > config/limits.yaml
"##
);

// The retry budget merged into main: it is a commit now.
scenario!(
    dropped_merged,
    "stash-recover-dropped",
    fail,
    r##"
id=$(git fsck --no-reflog | awk '/dangling commit/ {print $3}')
git merge -q --no-edit "$id"
"##
);

//! Lessons with a remote: stash-pull, worktree-fetch, worktree-review. Each sandbox holds a bare
//! origin.git that the learner's repository is a clone of, so fetch and push stay local.

use super::scenario;

// ---------------------------------------------------------------- stash-pull
// The local commit on origin's main on top of Robin's, main in sync with origin, the cache
// edit back uncommitted beside Robin's timeout, no stash left.

// A merge instead of a rebase: the local commit keeps its id, under a merge commit.
scenario!(
    pull_merge_instead_of_rebase,
    "stash-pull",
    pass,
    r##"
git stash push -m "Cache TTL 300s, in progress"
git pull --no-rebase --no-edit
git push
git stash pop
"##
);

// The old spelling of a named stash, and a fetch and rebase by hand.
scenario!(
    pull_stash_save_fetch_rebase,
    "stash-pull",
    pass,
    r##"
git stash save "cache TTL for the stock-check spike"
git fetch origin
git rebase origin/main
git push origin main
git stash apply
git stash drop
"##
);

// git does the stash itself: a right result by another valid route.
scenario!(
    pull_autostash,
    "stash-pull",
    pass,
    r##"
git pull --rebase --autostash
git push
"##
);

scenario!(
    pull_fetch_all,
    "stash-pull",
    pass,
    r##"
git stash push -m "Cache TTL 300s, in progress"
git fetch --all
git pull --rebase
git push
git stash apply
git stash drop
"##
);

// Pushed, but the edit is still in the stash.
scenario!(
    pull_never_applied,
    "stash-pull",
    fail_not ["dropped-unapplied", "reset-hard"],
    r##"
git stash push -m "Cache TTL 300s, in progress"
git pull --rebase
git push
"##
);

// The stash is applied but left on the stack.
scenario!(
    pull_applied_not_dropped,
    "stash-pull",
    fail,
    r##"
git stash push -m "Cache TTL 300s, in progress"
git pull --rebase
git push
git stash apply
"##
);

// Pulled and applied, never pushed.
scenario!(
    pull_not_pushed,
    "stash-pull",
    fail_not["committed-wip"],
    r##"
git stash push -m "Cache TTL 300s, in progress"
git pull --rebase
git stash pop
"##
);

// A force push throws Robin's commit away.
scenario!(
    pull_force_push,
    "stash-pull",
    fail,
    r##"
git stash push -m "Cache TTL 300s, in progress"
git push --force
git stash pop
"##
);

// The WIP went out with the push.
scenario!(
    pull_wip_pushed,
    "stash-pull",
    fail,
    r##"
git commit -qam "WIP cache TTL"
git pull --rebase
git push
"##
);

// ---------------------------------------------------------------- worktree-fetch
// Fetched in ../checkout-web-hotfix only; checkout-web on feature/apple-pay tracking
// origin/feature/apple-pay; the hotfix worktree still on hotfix/card-timeout.

scenario!(
    fetch_origin_then_track_explicitly,
    "worktree-fetch",
    pass,
    r##"
git -C ../checkout-web-hotfix fetch origin
git switch -c feature/apple-pay --track origin/feature/apple-pay
"##
);

scenario!(
    fetch_all_then_checkout_b,
    "worktree-fetch",
    pass,
    r##"
(cd ../checkout-web-hotfix && git fetch --all)
git checkout -b feature/apple-pay origin/feature/apple-pay
"##
);

// Looked at it, but never made a branch of it.
scenario!(
    fetch_only_looked,
    "worktree-fetch",
    fail,
    r##"
(cd ../checkout-web-hotfix && git fetch)
git log --oneline origin/feature/apple-pay
"##
);

// A local branch with no upstream.
scenario!(
    fetch_branch_without_upstream,
    "worktree-fetch",
    fail,
    r##"
(cd ../checkout-web-hotfix && git fetch)
git switch -c feature/apple-pay --no-track origin/feature/apple-pay
"##
);

// A pull in the main working tree is a fetch there too.
scenario!(
    fetch_pulled_in_main,
    "worktree-fetch",
    fail,
    r##"
(cd ../checkout-web-hotfix && git fetch)
git switch feature/apple-pay
git pull
"##
);

// ---------------------------------------------------------------- worktree-review
// search-service untouched on feature/ranking; max_edits 2 on origin's PR branch on top of
// Robin's commit; the review worktree removed with git.

scenario!(
    review_track_b_and_push_u,
    "worktree-review",
    pass,
    r##"
git fetch origin
git worktree add -b feature/fuzzy-search ../review origin/feature/fuzzy-search
cd ../review
sh run-tests.sh
printf 'search:\n  index: products\n  fuzzy:\n    enabled: true\n    max_edits: 2\n    prefix_length: 1\n' > config/search.yaml
git commit -qam "Two edits at most"
git push -u origin feature/fuzzy-search
cd ../search-service
git worktree remove ../review
"##
);

// Inside the repository's directory, as many people keep worktrees (origin's URL must work from
// there too), and pushed with a refspec.
scenario!(
    review_nested_worktree_dir,
    "worktree-review",
    pass,
    r##"
git fetch
git worktree add .worktrees/pr-42 feature/fuzzy-search
cd .worktrees/pr-42
sed -i.bak 's/max_edits: 3/max_edits: 2/' config/search.yaml && rm config/search.yaml.bak
git commit -qam "Fuzzy search: 2 edits"
git fetch
git push origin HEAD:feature/fuzzy-search
cd ../..
git worktree remove .worktrees/pr-42
"##
);

// The fix is made but not pushed.
scenario!(
    review_not_pushed,
    "worktree-review",
    fail,
    r##"
git fetch
git worktree add ../search-pr-42 feature/fuzzy-search
cd ../search-pr-42
sed -i.bak 's/max_edits: 3/max_edits: 2/' config/search.yaml && rm config/search.yaml.bak
git commit -qam "Fuzzy search: 2 edits"
cd ../search-service
git worktree remove ../search-pr-42
"##
);

// Pushed, but the worktree is left behind.
scenario!(
    review_worktree_left,
    "worktree-review",
    fail,
    r##"
git fetch
git worktree add ../search-pr-42 feature/fuzzy-search
cd ../search-pr-42
sed -i.bak 's/max_edits: 3/max_edits: 2/' config/search.yaml && rm config/search.yaml.bak
git commit -qam "Fuzzy search: 2 edits"
git push
"##
);

// Nothing was done yet: nothing to judge about a removal.
scenario!(
    review_nothing_done,
    "worktree-review",
    fail_unticked["worktree-removed"],
    r##"
git status
"##
);

// Gap 2 of issue 14: the hotfix worktree moved with git first is still the hotfix worktree,
// and the fetch ran in it.
scenario!(
    fetch_in_the_moved_hotfix_worktree,
    "worktree-fetch",
    pass,
    r##"
mkdir ../parked
git worktree move ../checkout-web-hotfix ../parked/checkout-web-hotfix
git -C ../parked/checkout-web-hotfix fetch
git switch feature/apple-pay
"##
);

// Moved by hand and put back on its record with `git worktree repair`.
scenario!(
    fetch_in_the_repaired_hotfix_worktree,
    "worktree-fetch",
    pass,
    r##"
mv ../checkout-web-hotfix ../hotfix-moved
git worktree repair ../hotfix-moved
git -C ../hotfix-moved fetch
git switch feature/apple-pay
"##
);

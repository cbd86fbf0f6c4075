//! The worktree track: worktree-add, worktree-remove, orphaned-worktree, worktree-exclusive,
//! worktree-lock.

use super::scenario;

// ---------------------------------------------------------------- worktree-add
// A worktree at ../k8s-operator-hotfix on a new branch hotfix-cve starting at main, no commits;
// this directory untouched (feature-auth, same edit and new file, no stash, no switch).

scenario!(
    add_branch_first,
    "worktree-add",
    pass,
    r##"
git branch hotfix-cve main
git worktree add ../k8s-operator-hotfix hotfix-cve
"##
);

scenario!(
    add_detached_then_branch,
    "worktree-add",
    pass,
    r##"
git worktree add --detach ../k8s-operator-hotfix main
git -C ../k8s-operator-hotfix switch -c hotfix-cve
"##
);

scenario!(
    add_absolute_path,
    "worktree-add",
    pass,
    r##"
git worktree add -b hotfix-cve "$(cd .. && pwd)/k8s-operator-hotfix" main
"##
);

// Class 5: the start point is main's commit, spelled another way.
scenario!(
    add_start_by_commit,
    "worktree-add",
    pass,
    r##"
git worktree add -b hotfix-cve ../k8s-operator-hotfix feature-auth~1
"##
);

scenario!(
    add_from_inside_a_subdirectory,
    "worktree-add",
    pass,
    r##"
cd deploy
git worktree add -b hotfix-cve ../../k8s-operator-hotfix main
"##
);

// Class 5: main's parent is not main.
scenario!(
    add_starts_before_main,
    "worktree-add",
    fail,
    r##"
git worktree add -b hotfix-cve ../k8s-operator-hotfix main~1
"##
);

// Class 1: the brief names the path.
scenario!(
    add_wrong_path,
    "worktree-add",
    fail,
    r##"
git worktree add -b hotfix-cve ../hotfix main
"##
);

scenario!(
    add_moved_away,
    "worktree-add",
    fail,
    r##"
git worktree add -b hotfix-cve ../k8s-operator-hotfix main
git worktree move ../k8s-operator-hotfix ../elsewhere
"##
);

scenario!(
    add_commit_on_hotfix,
    "worktree-add",
    fail,
    r##"
git worktree add -b hotfix-cve ../k8s-operator-hotfix main
cd ../k8s-operator-hotfix
echo "# CVE patch goes here" >> deploy/manager.yaml
git commit -qam "Start the CVE patch"
"##
);

scenario!(
    add_stash_around_it,
    "worktree-add",
    fail,
    r##"
git stash push -u -m "OIDC wiring"
git worktree add -b hotfix-cve ../k8s-operator-hotfix main
git stash pop
"##
);

scenario!(
    add_new_file_lost,
    "worktree-add",
    fail,
    r##"
git worktree add -b hotfix-cve ../k8s-operator-hotfix main
mv internal/auth/token.go ../k8s-operator-hotfix/
"##
);

// ---------------------------------------------------------------- worktree-remove
// Worktree removed with git (directory and record), the hardening work committed on
// hotfix-cve or in one stash (new file included), the CVE commit kept, main dir untouched.

scenario!(
    remove_stash_inside_worktree,
    "worktree-remove",
    pass,
    r##"
cd ../k8s-operator-hotfix
git stash push -u -m "Hardening: securityContext and NetworkPolicy"
cd ../k8s-operator
git worktree remove ../k8s-operator-hotfix
"##
);

scenario!(
    remove_commit_with_dash_c,
    "worktree-remove",
    pass,
    r##"
git -C ../k8s-operator-hotfix add -A
git -C ../k8s-operator-hotfix commit -qm "Harden the manager"
git worktree remove ../k8s-operator-hotfix
"##
);

// Class 3: the new file staged before a plain stash sits in the stash's index tree.
scenario!(
    remove_new_file_staged_then_stash,
    "worktree-remove",
    pass,
    r##"
cd ../k8s-operator-hotfix
git add deploy/networkpolicy.yaml
git stash push -m "Hardening"
cd ../k8s-operator
git worktree remove ../k8s-operator-hotfix
"##
);

scenario!(
    remove_two_commits,
    "worktree-remove",
    pass,
    r##"
cd ../k8s-operator-hotfix
git commit -qm "securityContext" deploy/manager.yaml
git add deploy/networkpolicy.yaml
git commit -qm "NetworkPolicy"
cd ../k8s-operator
git worktree remove ../k8s-operator-hotfix
"##
);

// Class 1: moved first, then removed with git.
scenario!(
    remove_after_move,
    "worktree-remove",
    pass,
    r##"
git -C ../k8s-operator-hotfix add -A
git -C ../k8s-operator-hotfix commit -qm "Harden the manager"
git worktree move ../k8s-operator-hotfix ../old-hotfix
git worktree remove ../old-hotfix
"##
);

scenario!(
    remove_work_in_two_stashes,
    "worktree-remove",
    fail,
    r##"
cd ../k8s-operator-hotfix
git stash push -m "securityContext"
git stash push -u -m "NetworkPolicy"
cd ../k8s-operator
git worktree remove ../k8s-operator-hotfix
"##
);

scenario!(
    remove_kept_but_not_removed,
    "worktree-remove",
    fail,
    r##"
git -C ../k8s-operator-hotfix add -A
git -C ../k8s-operator-hotfix commit -qm "Harden the manager"
"##
);

// Class 1: moved away and left there.
scenario!(
    remove_moved_not_removed,
    "worktree-remove",
    fail,
    r##"
git -C ../k8s-operator-hotfix add -A
git -C ../k8s-operator-hotfix commit -qm "Harden the manager"
git worktree move ../k8s-operator-hotfix ../old-hotfix
"##
);

scenario!(
    remove_new_file_forced_away,
    "worktree-remove",
    fail,
    r##"
git -C ../k8s-operator-hotfix commit -qam "securityContext"
git worktree remove --force ../k8s-operator-hotfix
"##
);

scenario!(
    remove_cve_commit_reset,
    "worktree-remove",
    fail,
    r##"
cd ../k8s-operator-hotfix
git stash push -u -m "Hardening"
git reset -q --hard HEAD~1
cd ../k8s-operator
git worktree remove ../k8s-operator-hotfix
"##
);

// ---------------------------------------------------------------- orphaned-worktree
// Clear the stale record the way git intends, check test-deployment out here, keep its commit.

scenario!(
    orphan_prune_verbose_switch,
    "orphaned-worktree",
    pass,
    r##"
git worktree prune -v
git switch test-deployment
"##
);

scenario!(
    orphan_prune_expire_now,
    "orphaned-worktree",
    pass,
    r##"
git worktree prune --expire=now
git checkout test-deployment
"##
);

// `git worktree remove` also clears the record of a worktree whose directory is gone.
scenario!(
    orphan_remove_the_missing_worktree,
    "orphaned-worktree",
    pass,
    r##"
git worktree remove ../testing-env
git switch test-deployment
"##
);

scenario!(
    orphan_detached_copy,
    "orphaned-worktree",
    fail,
    r##"
git worktree prune
git switch --detach test-deployment
"##
);

scenario!(
    orphan_copy_branch,
    "orphaned-worktree",
    fail,
    r##"
git worktree prune
git switch -c test-deployment-2 test-deployment
"##
);

scenario!(
    orphan_commit_lost,
    "orphaned-worktree",
    fail,
    r##"
git worktree prune
git switch test-deployment
git reset -q --hard main
"##
);

// ---------------------------------------------------------------- worktree-exclusive
// This directory on feature-auth itself, checked out nowhere else; ../review released with
// git; feature-auth's commits unchanged.

scenario!(
    exclusive_remove_review,
    "worktree-exclusive",
    pass,
    r##"
git worktree remove ../review
git switch feature-auth
"##
);

scenario!(
    exclusive_review_gets_own_branch,
    "worktree-exclusive",
    pass,
    r##"
git -C ../review switch -c review-notes
git switch feature-auth
"##
);

scenario!(
    exclusive_checkout_detach,
    "worktree-exclusive",
    pass,
    r##"
git -C ../review checkout -q --detach
git checkout feature-auth
"##
);

// Class 1: the review worktree moved elsewhere, then released.
scenario!(
    exclusive_moved_then_detached,
    "worktree-exclusive",
    pass,
    r##"
git worktree move ../review ../old-review
git -C ../old-review switch --detach
git switch feature-auth
"##
);

// Class 1: moved elsewhere, still holding the branch; the guard overridden.
scenario!(
    exclusive_moved_and_forced,
    "worktree-exclusive",
    fail,
    r##"
git worktree move ../review ../old-review
git switch --ignore-other-worktrees feature-auth
"##
);

scenario!(
    exclusive_copy_branch,
    "worktree-exclusive",
    fail,
    r##"
git switch -c feature-auth-2 feature-auth
"##
);

scenario!(
    exclusive_commit_added,
    "worktree-exclusive",
    fail,
    r##"
git -C ../review switch --detach
git switch feature-auth
git commit -q --allow-empty -m "Carry on"
"##
);

// ---------------------------------------------------------------- worktree-lock
// The soak worktree locked with a reason mentioning the disk, registered, present, on
// soak-test.

// Class 4: "Disk" is the word disk.
scenario!(
    lock_reason_capitalised,
    "worktree-lock",
    pass,
    r##"
git worktree lock --reason "External USB Disk, often unplugged" ../usb-disk/k8s-operator-soak
mv ../usb-disk ../usb-disk.unplugged
git worktree prune
mv ../usb-disk.unplugged ../usb-disk
"##
);

scenario!(
    lock_from_inside,
    "worktree-lock",
    pass,
    r##"
cd ../usb-disk/k8s-operator-soak
git worktree lock --reason "lives on the USB disk" .
cd ../../k8s-operator
mv ../usb-disk ../usb-disk.unplugged
git worktree prune
git worktree list
mv ../usb-disk.unplugged ../usb-disk
"##
);

scenario!(
    lock_relocked_with_reason,
    "worktree-lock",
    pass,
    r##"
git worktree lock ../usb-disk/k8s-operator-soak
git worktree unlock ../usb-disk/k8s-operator-soak
git worktree lock --reason "disk is external" ../usb-disk/k8s-operator-soak
"##
);

scenario!(
    lock_reason_without_disk,
    "worktree-lock",
    fail,
    r##"
git worktree lock --reason "on the USB drive" ../usb-disk/k8s-operator-soak
"##
);

scenario!(
    lock_unlocked_at_the_end,
    "worktree-lock",
    fail,
    r##"
git worktree lock --reason "USB disk" ../usb-disk/k8s-operator-soak
mv ../usb-disk ../usb-disk.unplugged
git worktree prune
mv ../usb-disk.unplugged ../usb-disk
git worktree unlock ../usb-disk/k8s-operator-soak
"##
);

scenario!(
    lock_soak_branch_switched,
    "worktree-lock",
    fail,
    r##"
git worktree lock --reason "USB disk" ../usb-disk/k8s-operator-soak
git -C ../usb-disk/k8s-operator-soak switch -q --detach
"##
);

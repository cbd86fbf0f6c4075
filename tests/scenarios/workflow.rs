//! The workflow lessons: mid-flight-hotfix, parallel-features, release-rollback,
//! feature-submodule.

use super::scenario;

// ---------------------------------------------------------------- mid-flight-hotfix
// hotfix/image-patch from main with one commit changing only the image to v1.0.1, made in a
// worktree at ../fleet-manager-hotfix that is then removed with git; this directory untouched.

scenario!(
    hotfix_detached_worktree_then_branch,
    "mid-flight-hotfix",
    pass,
    r##"
git worktree add --detach ../fleet-manager-hotfix main
cd ../fleet-manager-hotfix
git switch -c hotfix/image-patch
sed -i 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' deployment.yaml
git commit -qam "Hotfix: fleet-api v1.0.1"
cd ../k8s-fleet-manager
git worktree remove ../fleet-manager-hotfix
"##
);

scenario!(
    hotfix_branch_first_dash_c,
    "mid-flight-hotfix",
    pass,
    r##"
git branch hotfix/image-patch main
git worktree add ../fleet-manager-hotfix hotfix/image-patch
sed -i 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' ../fleet-manager-hotfix/deployment.yaml
git -C ../fleet-manager-hotfix commit -qam "Hotfix: fleet-api v1.0.1"
git worktree remove ../fleet-manager-hotfix
"##
);

// Class 1: the worktree was moved before it was removed with git.
scenario!(
    hotfix_moved_then_removed,
    "mid-flight-hotfix",
    pass,
    r##"
git worktree add -b hotfix/image-patch ../fleet-manager-hotfix main
cd ../fleet-manager-hotfix
sed -i 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' deployment.yaml
git commit -qam "Hotfix: fleet-api v1.0.1"
cd ../k8s-fleet-manager
git worktree move ../fleet-manager-hotfix ../hf-old
git worktree remove ../hf-old
"##
);

scenario!(
    hotfix_removed_from_inside_with_dash_c,
    "mid-flight-hotfix",
    pass,
    r##"
git worktree add -b hotfix/image-patch ../fleet-manager-hotfix main
cd ../fleet-manager-hotfix
sed -i 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' deployment.yaml
git add deployment.yaml
git commit -qm "Hotfix: fleet-api v1.0.1"
cd ..
git -C k8s-fleet-manager worktree remove fleet-manager-hotfix
"##
);

// Class 1: a worktree at another path, never removed.
scenario!(
    hotfix_worktree_elsewhere_kept,
    "mid-flight-hotfix",
    fail,
    r##"
git worktree add -b hotfix/image-patch ../hotfix main
cd ../hotfix
sed -i 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' deployment.yaml
git commit -qam "Hotfix: fleet-api v1.0.1"
"##
);

// Class 1: a clone and a push instead of any worktree.
scenario!(
    hotfix_clone_and_push,
    "mid-flight-hotfix",
    fail,
    r##"
git clone -q . ../fleet-manager-hotfix
cd ../fleet-manager-hotfix
git config user.name "Kata Learner"
git config user.email learner@git-kata.invalid
git switch -q -c hotfix/image-patch origin/main
sed -i 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' deployment.yaml
git commit -qam "Hotfix: fleet-api v1.0.1"
git push -q origin hotfix/image-patch
cd ../k8s-fleet-manager
rm -rf ../fleet-manager-hotfix
"##
);

// Class 7: no worktree ever existed, the commit made with plumbing.
scenario!(
    hotfix_no_worktree_ever,
    "mid-flight-hotfix",
    fail,
    r##"
blob=$(git show main:deployment.yaml | sed 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' | git hash-object -w --stdin)
tree=$(git ls-tree main | sed "s/blob [0-9a-f]*\tdeployment.yaml/blob $blob\tdeployment.yaml/" | git mktree)
git branch hotfix/image-patch "$(git commit-tree "$tree" -p main -m 'Hotfix: fleet-api v1.0.1')"
"##
);

// Class 7: the branch exists, but no worktree ever did: nothing was removed.
scenario!(
    hotfix_branch_only,
    "mid-flight-hotfix",
    fail_unticked["worktree-removed"],
    r##"
git branch hotfix/image-patch main
"##
);

scenario!(
    hotfix_replicas_changed_too,
    "mid-flight-hotfix",
    fail,
    r##"
git worktree add -b hotfix/image-patch ../fleet-manager-hotfix main
cd ../fleet-manager-hotfix
sed -i -e 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' -e 's/replicas: 2/replicas: 3/' deployment.yaml
git commit -qam "Hotfix: fleet-api v1.0.1"
cd ../k8s-fleet-manager
git worktree remove ../fleet-manager-hotfix
"##
);

scenario!(
    hotfix_two_commits,
    "mid-flight-hotfix",
    fail,
    r##"
git worktree add -b hotfix/image-patch ../fleet-manager-hotfix main
cd ../fleet-manager-hotfix
echo "# hotfix" >> deployment.yaml
git commit -qam "Hotfix: note"
sed -i -e 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' -e '/# hotfix/d' deployment.yaml
git commit -qam "Hotfix: fleet-api v1.0.1"
cd ../k8s-fleet-manager
git worktree remove ../fleet-manager-hotfix
"##
);

scenario!(
    hotfix_worktree_left,
    "mid-flight-hotfix",
    fail,
    r##"
git worktree add -b hotfix/image-patch ../fleet-manager-hotfix main
cd ../fleet-manager-hotfix
sed -i 's/fleet-api:v1.0.0/fleet-api:v1.0.1/' deployment.yaml
git commit -qam "Hotfix: fleet-api v1.0.1"
"##
);

// ---------------------------------------------------------------- parallel-features
// Worktrees ../core-feature-a and ../core-feature-b on their branches, one commit each turning
// on awesome (service-a) and search.enabled (service-b), that file only; both kept; main dir
// untouched.

const FEATURES: &str = r##"
git worktree add ../core-feature-a feature/a-awesome-feature
git worktree add ../core-feature-b feature/b-search
"##;

// Class 2: a comment on the line does not change its meaning.
scenario!(
    parallel_flag_with_comment,
    "parallel-features",
    pass,
    &format!(
        r##"{FEATURES}
sed -i 's/awesome: false/awesome: true  # on for the A test/' ../core-feature-a/services/service-a/config.yaml
git -C ../core-feature-a commit -qam "Turn on awesome"
sed -i 's/enabled: false/enabled: true/' ../core-feature-b/services/service-b/config.yaml
git -C ../core-feature-b commit -qam "Enable search"
"##
    )
);

// -B resets each branch to main, where both already are.
scenario!(
    parallel_force_branch_at_main,
    "parallel-features",
    pass,
    r##"
git worktree add -B feature/a-awesome-feature ../core-feature-a main
git worktree add -B feature/b-search ../core-feature-b main
sed -i 's/awesome: false/awesome: true/' ../core-feature-a/services/service-a/config.yaml
git -C ../core-feature-a commit -qam "Turn on awesome"
sed -i 's/enabled: false/enabled: true/' ../core-feature-b/services/service-b/config.yaml
git -C ../core-feature-b commit -qam "Enable search"
"##
);

scenario!(
    parallel_absolute_paths_and_add,
    "parallel-features",
    pass,
    r##"
top=$(cd .. && pwd)
git worktree add "$top/core-feature-a" feature/a-awesome-feature
git worktree add "$top/core-feature-b" feature/b-search
cd "$top/core-feature-b/services/service-b"
sed -i 's/enabled: false/enabled: true/' config.yaml
git add config.yaml
git commit -qm "Enable search"
cd "$top/core-feature-a"
sed -i 's/awesome: false/awesome: true/' services/service-a/config.yaml
git commit -qm "Turn on awesome" services/service-a/config.yaml
"##
);

// Class 2: the file rewritten with the flow style a YAML reader sees as the same document.
scenario!(
    parallel_yaml_flow_style,
    "parallel-features",
    pass,
    &format!(
        r##"{FEATURES}
printf 'service: service-a\nport: 8080\nfeatures: {{awesome: true}}\n' > ../core-feature-a/services/service-a/config.yaml
git -C ../core-feature-a commit -qam "Turn on awesome"
printf 'service: service-b\nport: 8081\nsearch:\n  enabled: true\n  index: products\n' > ../core-feature-b/services/service-b/config.yaml
git -C ../core-feature-b commit -qam "Enable search"
"##
    )
);

// Class 2: `enabled: true` under the wrong key; search is still off.
scenario!(
    parallel_enabled_under_wrong_key,
    "parallel-features",
    fail,
    &format!(
        r##"{FEATURES}
sed -i 's/awesome: false/awesome: true/' ../core-feature-a/services/service-a/config.yaml
git -C ../core-feature-a commit -qam "Turn on awesome"
printf 'metrics:\n  enabled: true\n' >> ../core-feature-b/services/service-b/config.yaml
git -C ../core-feature-b commit -qam "Enable search"
"##
    )
);

// Class 2: the flag and another key of the same file.
scenario!(
    parallel_port_changed_too,
    "parallel-features",
    fail,
    &format!(
        r##"{FEATURES}
sed -i -e 's/awesome: false/awesome: true/' -e 's/port: 8080/port: 9090/' ../core-feature-a/services/service-a/config.yaml
git -C ../core-feature-a commit -qam "Turn on awesome"
sed -i 's/enabled: false/enabled: true/' ../core-feature-b/services/service-b/config.yaml
git -C ../core-feature-b commit -qam "Enable search"
"##
    )
);

scenario!(
    parallel_index_renamed_too,
    "parallel-features",
    fail,
    &format!(
        r##"{FEATURES}
sed -i 's/awesome: false/awesome: true/' ../core-feature-a/services/service-a/config.yaml
git -C ../core-feature-a commit -qam "Turn on awesome"
sed -i -e 's/enabled: false/enabled: true/' -e 's/index: products/index: products-v2/' ../core-feature-b/services/service-b/config.yaml
git -C ../core-feature-b commit -qam "Enable search"
"##
    )
);

// Class 1: worktrees at other paths.
scenario!(
    parallel_other_paths,
    "parallel-features",
    fail,
    r##"
git worktree add ../feature-a feature/a-awesome-feature
git worktree add ../feature-b feature/b-search
sed -i 's/awesome: false/awesome: true/' ../feature-a/services/service-a/config.yaml
git -C ../feature-a commit -qam "Turn on awesome"
sed -i 's/enabled: false/enabled: true/' ../feature-b/services/service-b/config.yaml
git -C ../feature-b commit -qam "Enable search"
"##
);

scenario!(
    parallel_two_commits_on_a,
    "parallel-features",
    fail,
    &format!(
        r##"{FEATURES}
echo "# awesome soon" >> ../core-feature-a/services/service-a/config.yaml
git -C ../core-feature-a commit -qam "Prepare"
sed -i 's/awesome: false/awesome: true/' ../core-feature-a/services/service-a/config.yaml
git -C ../core-feature-a commit -qam "Turn on awesome"
sed -i 's/enabled: false/enabled: true/' ../core-feature-b/services/service-b/config.yaml
git -C ../core-feature-b commit -qam "Enable search"
"##
    )
);

scenario!(
    parallel_b_removed,
    "parallel-features",
    fail,
    &format!(
        r##"{FEATURES}
sed -i 's/awesome: false/awesome: true/' ../core-feature-a/services/service-a/config.yaml
git -C ../core-feature-a commit -qam "Turn on awesome"
sed -i 's/enabled: false/enabled: true/' ../core-feature-b/services/service-b/config.yaml
git -C ../core-feature-b commit -qam "Enable search"
git worktree remove ../core-feature-b
"##
    )
);

// ---------------------------------------------------------------- release-rollback
// Exactly one new commit on main pointing the manifest at 1.1.0 and changing nothing else;
// history kept; on main, clean.

scenario!(
    rollback_edit_by_hand,
    "release-rollback",
    pass,
    r##"
sed -i 's/backend-search:1.2.0/backend-search:1.1.0/' deploy/backend-search.yaml
git commit -qam "Roll back backend-search to 1.1.0"
"##
);

scenario!(
    rollback_checkout_file_from_tag,
    "release-rollback",
    pass,
    r##"
git checkout v1.1.0 -- deploy/backend-search.yaml
git commit -qm "Roll back backend-search to 1.1.0"
"##
);

scenario!(
    rollback_revert_no_commit,
    "release-rollback",
    pass,
    r##"
git revert --no-commit v1.2.0
git commit -qm "Roll back backend-search to 1.1.0"
"##
);

scenario!(
    rollback_on_a_branch_then_fast_forward,
    "release-rollback",
    pass,
    r##"
git switch -q -c rollback
git revert --no-edit v1.2.0
git switch -q main
git merge -q --ff-only rollback
"##
);

scenario!(
    rollback_restore_source,
    "release-rollback",
    pass,
    r##"
git restore --source v1.1.0 deploy/backend-search.yaml
git commit -qam "Roll back backend-search to 1.1.0"
"##
);

// Class 7: no rollback commit at all, history rewritten; "only the manifest" has no commit to
// judge.
scenario!(
    rollback_reset_hard,
    "release-rollback",
    fail_unticked["only-manifest"],
    r##"
git reset -q --hard HEAD~1
"##
);

// Only the manifest differs between v1.1.0 and main among the files v1.1.0 has.
scenario!(
    rollback_checkout_whole_tree_from_tag,
    "release-rollback",
    pass,
    r##"
git checkout v1.1.0 -- .
git commit -qm "Roll back to 1.1.0"
"##
);

scenario!(
    rollback_replicas_changed_too,
    "release-rollback",
    fail,
    r##"
sed -i -e 's/backend-search:1.2.0/backend-search:1.1.0/' -e 's/replicas: 3/replicas: 4/' deploy/backend-search.yaml
git commit -qam "Roll back backend-search to 1.1.0, more replicas"
"##
);

scenario!(
    rollback_two_commits,
    "release-rollback",
    fail,
    r##"
git revert --no-edit v1.2.0
echo "# rolled back" >> deploy/backend-search.yaml
git commit -qam "Note the rollback"
"##
);

scenario!(
    rollback_staged_not_committed,
    "release-rollback",
    fail,
    r##"
git revert --no-commit v1.2.0
"##
);

scenario!(
    rollback_wrong_registry,
    "release-rollback",
    fail,
    r##"
sed -i 's#registry.example.com/core/backend-search:1.2.0#backend-search:1.1.0#' deploy/backend-search.yaml
git commit -qam "Roll back backend-search to 1.1.0"
"##
);

// ---------------------------------------------------------------- feature-submodule
// services/feature-a a submodule of feature-a-repo, one commit pinning v0.1.0 then one pinning
// main (v0.2.0), core-project clean on main, and no global protocol.file.allow.

const ADD: &str =
    "git -c protocol.file.allow=always submodule add -q ../feature-a-repo services/feature-a";

scenario!(
    submodule_commit_all,
    "feature-submodule",
    pass,
    &format!(
        r##"
{ADD}
git -C services/feature-a checkout -q v0.1.0
git commit -qam "Add feature-a at v0.1.0"
git -C services/feature-a checkout -q main
git commit -qam "Bump feature-a to v0.2.0"
"##
    )
);

scenario!(
    submodule_env_allow,
    "feature-submodule",
    pass,
    r##"
GIT_ALLOW_PROTOCOL=file git submodule add -q ../feature-a-repo services/feature-a
cd services/feature-a
git checkout -q v0.1.0
cd ../..
git add services/feature-a
git commit -qm "Add feature-a at v0.1.0"
cd services/feature-a
git checkout -q main
cd ../..
git add services/feature-a
git commit -qm "Bump feature-a to v0.2.0"
"##
);

scenario!(
    submodule_absolute_url,
    "feature-submodule",
    pass,
    r##"
git -c protocol.file.allow=always submodule add -q "$(cd ../feature-a-repo && pwd)" services/feature-a
git -C services/feature-a checkout -q v0.1.0
git add services/feature-a
git commit -qm "Add feature-a at v0.1.0"
git -C services/feature-a checkout -q main
git add services/feature-a
git commit -qm "Bump feature-a to v0.2.0"
"##
);

scenario!(
    submodule_update_remote,
    "feature-submodule",
    pass,
    &format!(
        r##"
{ADD}
git -C services/feature-a checkout -q v0.1.0
git add services/feature-a
git commit -qm "Add feature-a at v0.1.0"
git -c protocol.file.allow=always submodule update -q --remote services/feature-a
git add services/feature-a
git commit -qm "Bump feature-a to v0.2.0"
"##
    )
);

// Class 6: the guard lifted for every repository.
scenario!(
    submodule_global_allow,
    "feature-submodule",
    fail,
    r##"
git config --global protocol.file.allow always
git submodule add -q ../feature-a-repo services/feature-a
git -C services/feature-a checkout -q v0.1.0
git add services/feature-a
git commit -qm "Add feature-a at v0.1.0"
git -C services/feature-a checkout -q main
git add services/feature-a
git commit -qm "Bump feature-a to v0.2.0"
"##
);

// Class 8: .gitmodules left staged; nothing was embedded.
scenario!(
    submodule_gitmodules_uncommitted,
    "feature-submodule",
    fail_not["embedded-repo"],
    &format!(
        r##"
{ADD}
git -C services/feature-a checkout -q v0.1.0
git commit -qm "Add feature-a at v0.1.0" -- services/feature-a
git -C services/feature-a checkout -q main
git commit -qm "Bump feature-a to v0.2.0" -- services/feature-a
"##
    )
);

scenario!(
    submodule_v010_never_committed,
    "feature-submodule",
    fail,
    &format!(
        r##"
{ADD}
git -C services/feature-a checkout -q v0.1.0
git -C services/feature-a checkout -q main
git commit -qm "Add feature-a"
"##
    )
);

scenario!(
    submodule_pin_went_back,
    "feature-submodule",
    fail,
    &format!(
        r##"
{ADD}
git -C services/feature-a checkout -q v0.1.0
git commit -qam "Add feature-a at v0.1.0"
git -C services/feature-a checkout -q main
git commit -qam "Bump feature-a to v0.2.0"
git -C services/feature-a checkout -q v0.1.0
git commit -qam "Back to v0.1.0"
"##
    )
);

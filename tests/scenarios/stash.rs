//! The stash track: stash-message, stash-untracked, stash-stack, stash-branch, stash-all.

use super::scenario;

// ---------------------------------------------------------------- stash-message
// One stash holding the values.yaml change, named in the learner's own words, tree clean.

scenario!(
    message_staged_first,
    "stash-message",
    pass,
    r##"
git add values.yaml
git stash push -m "Black Friday sizing: replicas, HPA ceiling, DB pool"
"##
);

scenario!(
    message_staged_only_stash,
    "stash-message",
    pass,
    r##"
git add values.yaml
git stash push --staged -m "Black Friday sizing: replicas and DB pool"
"##
);

scenario!(
    message_old_save_spelling,
    "stash-message",
    pass,
    r##"
git stash save "Black Friday sizing for the peak"
"##
);

scenario!(
    message_pathspec,
    "stash-message",
    pass,
    r##"
git stash push -m "Black Friday peak sizing" -- values.yaml
"##
);

// A note of the learner's own stashed with -u: the entry holds more than the change.
scenario!(
    message_with_an_untracked_file_too,
    "stash-message",
    fail_unticked["holds-change"],
    r##"
echo notes > NOTES.txt
git stash push -u -m "Black Friday sizing for payments-api"
"##
);

// Class 4: `git stash list` shows the learner's words, although the reflog lacks "On main: ".
scenario!(
    message_stored_by_hand,
    "stash-message",
    pass,
    r##"
git stash store -m "Black Friday sizing: 6 replicas, HPA 12, DB pool 40" "$(git stash create)"
git reset -q --hard
"##
);

scenario!(
    message_bare_stash_renamed,
    "stash-message",
    pass,
    r##"
git stash
s=$(git rev-parse stash@{0})
git stash drop -q
git stash store -m "Black Friday sizing, not finished" "$s"
"##
);

scenario!(
    message_stored_but_vague,
    "stash-message",
    fail,
    r##"
git stash store -m "wip" "$(git stash create)"
git reset -q --hard
"##
);

scenario!(
    message_two_stashes,
    "stash-message",
    fail,
    r##"
git stash push -m "Black Friday sizing first try"
git stash apply -q
git stash push -m "Black Friday sizing second try"
"##
);

scenario!(
    message_applied_again,
    "stash-message",
    fail,
    r##"
git stash push -m "Black Friday sizing for the peak"
git stash apply -q
"##
);

scenario!(
    message_created_never_stored,
    "stash-message",
    fail,
    r##"
git stash create "Black Friday sizing for the peak"
git reset -q --hard
"##
);

scenario!(
    message_other_change_stashed,
    "stash-message",
    fail,
    r##"
git restore values.yaml
echo "# reviewed" >> values.yaml
git stash push -m "Black Friday sizing for the peak"
"##
);

// ---------------------------------------------------------------- stash-untracked
// config.txt = v2 and a new .env ("secret-key") in ONE stash named exactly
// "WIP on new config and secrets", both back in the working tree, the stash kept.

// Class 3: .env staged before stashing sits in the stash's index tree, not its untracked part.
scenario!(
    untracked_env_staged_first,
    "stash-untracked",
    pass,
    r##"
echo v2 > config.txt
echo secret-key > .env
git add .env
git stash push -m "WIP on new config and secrets"
git stash show -p stash@{0}
git stash apply stash@{0}
"##
);

scenario!(
    untracked_long_flag_apply_index,
    "stash-untracked",
    pass,
    r##"
echo v2 > config.txt
echo secret-key > .env
git stash push --include-untracked --message "WIP on new config and secrets"
git stash show --include-untracked stash@{0}
git stash apply --index
"##
);

// Class 2: an editor that writes no final newline; the lines are the same.
scenario!(
    untracked_no_final_newline,
    "stash-untracked",
    pass,
    r##"
printf v2 > config.txt
printf secret-key > .env
git stash push -u -m "WIP on new config and secrets"
git stash apply
"##
);

// Class 2 and 6: a Windows editor's CRLF.
scenario!(
    untracked_crlf_editor,
    "stash-untracked",
    pass,
    r##"
printf 'v2\r\n' > config.txt
printf 'secret-key\r\n' > .env
git stash push -u -m "WIP on new config and secrets"
git stash apply
"##
);

scenario!(
    untracked_old_save_spelling,
    "stash-untracked",
    pass,
    r##"
echo v2 > config.txt
echo secret-key > .env
git stash save -u "WIP on new config and secrets"
git stash apply
"##
);

scenario!(
    untracked_pop_then_stash_again,
    "stash-untracked",
    pass,
    r##"
echo v2 > config.txt
echo secret-key > .env
git stash push -u -m "WIP on new config and secrets"
git stash pop
git stash push -u -m "WIP on new config and secrets"
git stash apply
"##
);

// Class 4: `git stash list` shows exactly the name asked for ("stash@{0}: WIP on new config
// and secrets"), without git's "On main: " prefix.
scenario!(
    untracked_renamed_with_store,
    "stash-untracked",
    pass,
    r##"
echo v2 > config.txt
echo secret-key > .env
git stash push -u -m "config and secrets"
s=$(git rev-parse stash@{0})
git stash drop -q
git stash store -m "WIP on new config and secrets" "$s"
git stash list
git stash apply
"##
);

scenario!(
    untracked_never_brought_back,
    "stash-untracked",
    fail,
    r##"
echo v2 > config.txt
echo secret-key > .env
git stash push -u -m "WIP on new config and secrets"
git stash show --include-untracked
"##
);

scenario!(
    untracked_name_not_exact,
    "stash-untracked",
    fail,
    r##"
echo v2 > config.txt
echo secret-key > .env
git stash push -u -m "WIP on new config & secrets"
git stash apply
"##
);

scenario!(
    untracked_wrong_secret,
    "stash-untracked",
    fail,
    r##"
echo v2 > config.txt
echo secret_key > .env
git stash push -u -m "WIP on new config and secrets"
git stash apply
"##
);

scenario!(
    untracked_applied_then_dropped,
    "stash-untracked",
    fail_not["forgot-untracked"],
    r##"
echo v2 > config.txt
echo secret-key > .env
git stash push -u -m "WIP on new config and secrets"
git stash apply
git stash drop
"##
);

scenario!(
    untracked_env_in_a_second_stash,
    "stash-untracked",
    fail,
    r##"
echo v2 > config.txt
echo secret-key > .env
git stash push -m "WIP on new config and secrets"
git stash push -u -m "WIP on new config and secrets"
git stash apply stash@{0}
git stash apply stash@{1}
"##
);

// ---------------------------------------------------------------- stash-stack
// Bring exactly stash@{1}'s changes (postgres-config.yaml) into the working tree; all three
// entries stay, in the same order.

scenario!(
    stack_apply_index,
    "stash-stack",
    pass,
    r##"
git stash show -p stash@{1}
git stash apply --index stash@{1}
"##
);

scenario!(
    stack_apply_by_number,
    "stash-stack",
    pass,
    r##"
git stash show -p 1
git stash apply 1
"##
);

scenario!(
    stack_patch_piped,
    "stash-stack",
    pass,
    r##"
git stash show -p stash@{1} | git apply
"##
);

scenario!(
    stack_checkout_file_from_stash,
    "stash-stack",
    pass,
    r##"
git stash show stash@{1}
git checkout stash@{1} -- postgres-config.yaml
"##
);

scenario!(stack_wrong_entry, "stash-stack", fail_not ["popped", "stack-cleared"], r##"
git stash apply stash@{2}
"##);

// Class 8: another entry was dropped; the database entry is still there.
scenario!(
    stack_other_entry_dropped,
    "stash-stack",
    fail_not["popped"],
    r##"
git stash apply stash@{1}
git stash drop stash@{0}
"##
);

// The entry is back on the stack, but on top: the order changed.
scenario!(
    stack_popped_and_stored_on_top,
    "stash-stack",
    fail,
    r##"
s=$(git rev-parse stash@{1})
git stash pop stash@{1}
git stash store -m "Database settings: max_connections 250, shared_buffers 1GB, 30s statement timeout" "$s"
"##
);

scenario!(
    stack_two_entries_applied,
    "stash-stack",
    fail,
    r##"
git stash apply stash@{1}
git stash apply stash@{0}
"##
);

// ---------------------------------------------------------------- stash-branch
// recovered-auth-work at the stash's base commit, the work on it (committed or not), the
// stash gone, feature-auth untouched.

scenario!(
    branch_no_stash_argument,
    "stash-branch",
    pass,
    r##"
git stash branch recovered-auth-work
"##
);

scenario!(
    branch_by_hand_at_base,
    "stash-branch",
    pass,
    r##"
git switch -c recovered-auth-work 'stash@{0}^1'
git stash pop
"##
);

scenario!(
    branch_by_hand_apply_drop_commit,
    "stash-branch",
    pass,
    r##"
git branch recovered-auth-work feature-auth~1
git switch recovered-auth-work
git stash apply
git stash drop
git commit -qam "Shorter token lifetimes and refresh-token rotation"
"##
);

scenario!(
    branch_committed_then_back_to_feature,
    "stash-branch",
    pass,
    r##"
git stash branch recovered-auth-work stash@{0}
git add -A
git commit -qm "Shorter token lifetimes and refresh-token rotation"
git switch feature-auth
"##
);

scenario!(
    branch_in_a_worktree,
    "stash-branch",
    pass,
    r##"
git worktree add -b recovered-auth-work ../recovered 'stash@{0}^'
cd ../recovered
git stash pop
git commit -qam "Shorter token lifetimes and refresh-token rotation"
"##
);

// Class 5: the stash's index commit is one commit past the base.
scenario!(
    branch_at_index_commit,
    "stash-branch",
    fail,
    r##"
git switch -c recovered-auth-work 'stash@{0}^2'
git stash pop
"##
);

scenario!(
    branch_stash_kept,
    "stash-branch",
    fail,
    r##"
git switch -c recovered-auth-work 'stash@{0}^1'
git stash apply
"##
);

scenario!(
    branch_one_file_lost,
    "stash-branch",
    fail,
    r##"
git stash branch recovered-auth-work
git checkout -- internal/auth/jwt.go
"##
);

// ---------------------------------------------------------------- stash-all
// One stash with the manifest edit, the new sample and the ignored bin/manager; tree spotless;
// on main; nothing committed.

scenario!(
    all_no_message,
    "stash-all",
    pass,
    r##"
git stash --all
"##
);

// Class 3: the new sample staged first sits in the index tree.
scenario!(
    all_sample_staged_first,
    "stash-all",
    pass,
    r##"
git add config/samples/db_v1alpha1_backup.yaml
git stash push --all -m "Manager tuning, backup sample and local build"
"##
);

scenario!(
    all_from_a_subdirectory,
    "stash-all",
    pass,
    r##"
cd config
git stash push -a -m "Manager tuning, backup sample and local build"
"##
);

scenario!(
    all_with_pathspecs,
    "stash-all",
    pass,
    r##"
git stash push -a -m "Manager tuning, backup sample and local build" -- config bin
"##
);

scenario!(
    all_binary_deleted_after_u,
    "stash-all",
    fail,
    r##"
git stash push -u -m "Manager tuning and backup sample"
rm -rf bin
"##
);

scenario!(
    all_applied_again,
    "stash-all",
    fail,
    r##"
git stash push -a -m "Everything"
git stash apply
"##
);

scenario!(
    all_left_main,
    "stash-all",
    fail,
    r##"
git stash push -a -m "Everything"
git switch -c e2e
"##
);

scenario!(
    all_sample_committed,
    "stash-all",
    fail,
    r##"
git add config/samples/db_v1alpha1_backup.yaml
git commit -qm "Backup sample"
git stash push -a -m "Everything else"
"##
);

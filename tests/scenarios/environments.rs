//! worktree-env-bleed and feature-manifest (issue 14): other routes a fair instructor accepts,
//! and wrong results that must fail with the right diagnosis.

use super::scenario;

// ---------------------------------------------------------------- worktree-env-bleed
// ../checkout-web-review on review/pr-42 with an ignored .env of its own: the payment key, a
// port other than 8080, a database other than checkout_dev; nothing committed.

// Written by hand, in another order, with spaces after the values.
scenario!(
    env_written_by_hand,
    "worktree-env-bleed",
    pass,
    r##"
git worktree add -q ../checkout-web-review review/pr-42
printf 'PAYMENT_API_KEY=pk_test_51Hx9checkoutLocal\nDATABASE_URL=postgres://localhost:5432/checkout_pr42 \nPORT=3001\n' > ../checkout-web-review/.env
"##
);

// Copied, then edited in place from inside the worktree.
scenario!(
    env_copied_then_edited,
    "worktree-env-bleed",
    pass,
    r##"
git worktree add -q ../checkout-web-review review/pr-42
cp .env ../checkout-web-review/
cd ../checkout-web-review
perl -pi -e 's/^PORT=8080/PORT=9090/; s#/checkout_dev#/checkout_review#' .env
"##
);

// A symbolic link to this directory's .env is the same file: same port, same database.
scenario!(
    env_symlinked,
    "worktree-env-bleed",
    fail_not ["no-env", "committed-secrets"],
    r##"
git worktree add -q ../checkout-web-review review/pr-42
ln -s ../checkout-web/.env ../checkout-web-review/.env
"##
);

// Its own port, but still the shared database.
scenario!(
    env_same_database,
    "worktree-env-bleed",
    fail_not ["no-env", "same-port", "committed-secrets"],
    r##"
git worktree add -q ../checkout-web-review review/pr-42
sed 's/^PORT=8080$/PORT=8081/' .env > ../checkout-web-review/.env
"##
);

// The key left out: the review server cannot take payments.
scenario!(
    env_without_the_key,
    "worktree-env-bleed",
    fail,
    r##"
git worktree add -q ../checkout-web-review review/pr-42
printf 'PORT=8081\nDATABASE_URL=postgres://localhost:5432/checkout_review\n' > ../checkout-web-review/.env
"##
);

// Written as people write .env files: quoted values, `export`, comments, a blank line, and
// the port first set to 8080 then overridden (the shell keeps the last).
scenario!(
    env_quoted_exported_and_commented,
    "worktree-env-bleed",
    pass,
    r##"
git worktree add -q ../checkout-web-review review/pr-42
cat > ../checkout-web-review/.env <<'END'
# review of PR 42
export PAYMENT_API_KEY="pk_test_51Hx9checkoutLocal"

PORT=8080
PORT='8090'   # not mine: 8080 is
DATABASE_URL="postgres://localhost:5432/checkout_pr42"
END
"##
);

// Port 08080 is port 8080 to every program that reads it.
scenario!(
    env_port_with_a_leading_zero,
    "worktree-env-bleed",
    fail_unticked["own-env"],
    r##"
git worktree add -q ../checkout-web-review review/pr-42
sed -e 's/^PORT=8080$/PORT=08080/' -e 's#/checkout_dev$#/checkout_review#' .env > ../checkout-web-review/.env
"##
);

// The same database with connection options after it.
scenario!(
    env_same_database_with_options,
    "worktree-env-bleed",
    fail_unticked["own-env"],
    r##"
git worktree add -q ../checkout-web-review review/pr-42
sed -e 's/^PORT=8080$/PORT=8081/' -e 's#/checkout_dev$#/checkout_dev?sslmode=disable#' .env > ../checkout-web-review/.env
"##
);

// A second PORT line that puts 8080 back: the shell keeps the last.
scenario!(
    env_port_set_back_to_8080,
    "worktree-env-bleed",
    fail_unticked["own-env"],
    r##"
git worktree add -q ../checkout-web-review review/pr-42
sed -e 's/^PORT=8080$/PORT=8081/' -e 's#/checkout_dev$#/checkout_review#' .env > ../checkout-web-review/.env
echo PORT=8080 >> ../checkout-web-review/.env
"##
);

// The .env staged (not committed) in the review worktree: it is no longer an ignored file.
scenario!(
    env_staged,
    "worktree-env-bleed",
    fail,
    r##"
git worktree add -q ../checkout-web-review review/pr-42
sed -e 's/^PORT=8080$/PORT=8081/' -e 's#/checkout_dev$#/checkout_review#' .env > ../checkout-web-review/.env
git -C ../checkout-web-review add -f .env
"##
);

// ---------------------------------------------------------------- feature-manifest
// main's feature-manifest.yml pins feature-search to v1.4.0, in one commit changing that key
// only; core-project clean on main.

// Rewritten with other quoting, comments and indentation: the meaning is what counts.
scenario!(
    manifest_reformatted,
    "feature-manifest",
    pass,
    r##"
cat > feature-manifest.yml <<'YAML'
# Pinned feature releases.
features:
- name: feature-search
  repo: ../feature-search
  path: services/search
  rev: "v1.4.0"   # released today
- name: feature-payments
  repo: ../feature-payments
  path: services/payments
  rev: 'v2.0.0'
YAML
git add feature-manifest.yml
git commit -qm "feature-search 1.4.0"
"##
);

// Edited in two commits squashed into one before finishing.
scenario!(
    manifest_amended,
    "feature-manifest",
    pass,
    r##"
sed 's/rev: v1.3.0/rev: v1.4/' feature-manifest.yml > m && mv m feature-manifest.yml
git commit -qam "Pin search"
sed 's/rev: v1.4$/rev: v1.4.0/' feature-manifest.yml > m && mv m feature-manifest.yml
git commit -qa --amend -m "Pin feature-search to v1.4.0"
"##
);

// Pinned to the commit id of the unreleased main: not the release tag.
scenario!(
    manifest_pinned_commit_of_main,
    "feature-manifest",
    fail,
    r##"
sha=$(git -C ../feature-search rev-parse main)
sed "s/rev: v1.3.0/rev: $sha/" feature-manifest.yml > m && mv m feature-manifest.yml
git commit -qam "Pin feature-search"
"##
);

// The pin bumped together with an unrelated README edit in the same commit.
scenario!(
    manifest_with_readme,
    "feature-manifest",
    fail_not ["pinned-a-branch", "bumped-payments", "not-committed"],
    r##"
sed 's/rev: v1.3.0/rev: v1.4.0/' feature-manifest.yml > m && mv m feature-manifest.yml
echo "Pins: see feature-manifest.yml" >> README.md
git commit -qam "Pin feature-search to v1.4.0"
"##
);

// The new pin staged but never committed.
scenario!(
    manifest_staged_only,
    "feature-manifest",
    fail,
    r##"
sed 's/rev: v1.3.0/rev: v1.4.0/' feature-manifest.yml > m && mv m feature-manifest.yml
git add feature-manifest.yml
"##
);

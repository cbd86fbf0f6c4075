//! What an archive may hold, in one place for both sides: `unpack` refuses an archive that
//! breaks a rule, and `pack` refuses up-front a sandbox that would make one, so `submit` never
//! writes an archive `grade` refuses.

use std::path::{Component, Path};

/// More than any sandbox holds by orders of magnitude; past these an archive is refused.
pub const MAX_ENTRIES: usize = 100_000;
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;
/// The manifest and the quiz answers are read whole, as text.
pub const MAX_SMALL_FILE: u64 = 64 * 1024;

/// Which limit an entry passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Over {
    Entries,
    Bytes,
}

impl Over {
    /// The limit as a phrase: "more than 100000 entries".
    pub fn limit(self) -> String {
        match self {
            Over::Entries => format!("more than {MAX_ENTRIES} entries"),
            Over::Bytes => format!("more than {} MiB", MAX_BYTES / (1024 * 1024)),
        }
    }
}

/// Entries and bytes counted so far, every entry of the archive included (the manifest, the
/// answers, each directory, file and link).
#[derive(Debug, Default)]
pub struct Budget {
    entries: usize,
    bytes: u64,
}

impl Budget {
    /// Counts one more entry of `size` bytes.
    pub fn take(&mut self, size: u64) -> Result<(), Over> {
        self.entries += 1;
        if self.entries > MAX_ENTRIES {
            return Err(Over::Entries);
        }
        self.bytes = self.bytes.saturating_add(size);
        if self.bytes > MAX_BYTES {
            return Err(Over::Bytes);
        }
        Ok(())
    }
}

/// Whether a symbolic link at `link` (relative to the sandbox's root) pointing at `target`
/// stays inside the sandbox as written: a relative target that never climbs above the root.
/// An absolute target means nothing where the archive is unpacked, even one naming a file of
/// the sandbox. Where the link resolves on disk is checked as well, by each side: a chain of
/// links, each inside on its own, can still lead out.
pub fn link_stays_inside(link: &Path, target: &Path) -> bool {
    // The directories above the link, inside the sandbox.
    let mut depth = link.components().count().saturating_sub(1);
    for part in target.components() {
        match part {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => depth -= 1,
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_stay_inside_only_as_relative_paths_below_the_root() {
        let inside = |l: &str, t: &str| link_stays_inside(Path::new(l), Path::new(t));
        assert!(inside("repo/link", "file"));
        assert!(inside("repo/link", "../other/file"));
        assert!(inside("repo/d/link", "../../repo"));
        assert!(inside("link", "."));
        assert!(!inside("repo/link", "../../x"));
        assert!(!inside("link", ".."));
        assert!(!inside("repo/link", "a/../../../x"));
        assert!(!inside("repo/link", "/etc/hostname"));
    }

    #[test]
    fn the_budget_allows_exactly_the_limits() {
        let mut b = Budget::default();
        assert_eq!(b.take(MAX_BYTES), Ok(()));
        assert_eq!(b.take(1), Err(Over::Bytes));
        let mut b = Budget::default();
        for _ in 0..MAX_ENTRIES {
            assert_eq!(b.take(0), Ok(()));
        }
        assert_eq!(b.take(0), Err(Over::Entries));
    }
}

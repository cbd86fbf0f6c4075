//! Where the setup's objects go: into memory, then onto disk as one pack at a time.
//!
//! Written loose, each object is a file and most need a fan-out directory of their own: half
//! the inodes of a sandbox (feature-submodule: 51 of 105). On ext4, allocating an inode is
//! most of what `start` spends in the kernel, and more so after many recent deletions. git
//! itself packs what it receives from a clone; a pack is as much a real repository.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use git2::{Binding, Mempack, Odb, PackBuilder, Repository};

unsafe extern "C" {
    /// Adds every object of an in-memory backend to a pack builder (and only those: "thin"
    /// as in not adding what they reach on disk). libgit2 1.9 exports it from
    /// `git2/sys/mempack.h`, but neither git2 nor libgit2-sys wraps it yet.
    /// `git_mempack_dump`, which they do wrap, packs only commits and what they reach, so it
    /// would lose annotated tags and blobs that are only staged.
    fn git_mempack_write_thin_pack(
        backend: <Mempack<'static> as Binding>::Raw,
        builder: <PackBuilder<'static> as Binding>::Raw,
    ) -> std::ffi::c_int;
}

/// The object database every handle on one repository builds through: the repository's own,
/// with a memory backend in front that takes every write until [`PackingStore::flush`].
pub struct PackingStore<'o> {
    odb: &'o Odb<'static>,
    memory: Mempack<'o>,
    pack_dir: PathBuf,
}

impl<'o> PackingStore<'o> {
    /// The object database of `repo`, to hand to [`PackingStore::new`]. It is the repository's
    /// own, but not tied to the handle's lifetime: libgit2 counts the references to it.
    pub fn odb_of(repo: &Repository) -> Result<Odb<'static>> {
        let odb = repo
            .odb()
            .context("cannot open the repository's object database")?;
        let raw = odb.raw();
        std::mem::forget(odb);
        // SAFETY: git_repository_odb handed out a counted reference; forgetting the borrowed
        // value and taking the pointer over moves that reference here, freed once on drop.
        Ok(unsafe { Odb::from_raw(raw) })
    }

    /// Puts memory in front of `odb`, the object database of the repository at `git_dir`.
    pub fn new(odb: &'o Odb<'static>, git_dir: &Path) -> Result<Self> {
        // libgit2 writes to the first writable backend by priority; the loose and pack
        // backends have 1 and 2.
        let memory = odb
            .add_new_mempack_backend(1000)
            .context("cannot set up the in-memory object store")?;
        Ok(PackingStore {
            odb,
            memory,
            pack_dir: git_dir.join("objects/pack"),
        })
    }

    /// Makes `repo` (the repository or one of its linked worktrees) read and write through here.
    pub fn attach(&self, repo: &Repository) -> Result<()> {
        repo.set_odb(self.odb)
            .context("cannot attach the object store to the repository")
    }

    /// Writes the objects held in memory as one pack, for the git processes and the
    /// libgit2 handles that read the repository from disk. Nothing is written when nothing
    /// is held.
    pub fn flush(&self, repo: &Repository) -> Result<()> {
        let mut pack = repo
            .packbuilder()
            .context("cannot pack the setup's objects")?;
        // SAFETY: both pointers come from live git2 values borrowed for the whole call, and
        // the function only reads the backend's table and inserts ids into the builder.
        let code = unsafe { git_mempack_write_thin_pack(self.memory.raw(), pack.raw()) };
        if code < 0 {
            return Err(git2::Error::last_error(code)).context("cannot pack the setup's objects");
        }
        if pack.object_count() == 0 {
            return Ok(());
        }
        pack.write(&self.pack_dir, 0)
            .with_context(|| format!("cannot write a pack into {}", self.pack_dir.display()))?;
        self.memory
            .reset()
            .context("cannot empty the in-memory object store")?;
        // The pack backend looks for new packs on a miss anyway; this spares that miss.
        self.odb
            .refresh()
            .context("cannot reload the object database")
    }
}

#[cfg(test)]
mod tests {
    use git2::{ObjectType, Oid, Signature, Time};

    use super::*;

    fn loose_objects(git_dir: &Path) -> usize {
        std::fs::read_dir(git_dir.join("objects"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().len() == 2)
            .map(|p| std::fs::read_dir(p).unwrap().count())
            .sum()
    }

    #[test]
    fn what_is_written_reaches_disk_as_packs_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init(tmp.path()).unwrap();
        let odb = PackingStore::odb_of(&repo).unwrap();
        let objects = PackingStore::new(&odb, repo.path()).unwrap();
        let sig = Signature::new("a", "a@b.invalid", &Time::new(0, 0)).unwrap();

        let committed = repo.blob(b"committed\n").unwrap();
        let mut tree = repo.treebuilder(None).unwrap();
        tree.insert("a.txt", committed, 0o100644).unwrap();
        let tree = repo.find_tree(tree.write().unwrap()).unwrap();
        let commit = repo.commit(None, &sig, &sig, "one\n", &tree, &[]).unwrap();
        objects.flush(&repo).unwrap();
        // After a flush, what is on disk is still found, and new writes go to memory again.
        let target = repo.find_object(commit, None).unwrap();
        let tag = repo.tag("v1", &target, &sig, "tagged\n", false).unwrap();
        let staged = repo.blob(b"only staged\n").unwrap();
        assert_eq!(loose_objects(repo.path()), 0);
        objects.flush(&repo).unwrap();

        let packs = std::fs::read_dir(repo.path().join("objects/pack"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension() == Some("pack".as_ref()))
            .count();
        assert_eq!(packs, 2);
        assert_eq!(loose_objects(repo.path()), 0);
        // A handle of its own reads them all from disk, tag and staged-only blob included.
        let reader = Repository::open(tmp.path()).unwrap();
        let kinds: Vec<(Oid, ObjectType)> = vec![
            (committed, ObjectType::Blob),
            (tree.id(), ObjectType::Tree),
            (commit, ObjectType::Commit),
            (tag, ObjectType::Tag),
            (staged, ObjectType::Blob),
        ];
        for (id, kind) in kinds {
            let found = reader.find_object(id, None).unwrap();
            assert_eq!(found.kind(), Some(kind), "{id}");
        }
    }

    #[test]
    fn a_flush_with_nothing_new_writes_no_pack() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init(tmp.path()).unwrap();
        let odb = PackingStore::odb_of(&repo).unwrap();
        let objects = PackingStore::new(&odb, repo.path()).unwrap();
        objects.flush(&repo).unwrap();
        let pack_dir = repo.path().join("objects/pack");
        assert_eq!(std::fs::read_dir(pack_dir).unwrap().count(), 0);
    }
}

//! File modes, symbolic links and file-system facts.
//!
//! Unix keeps an executable bit per file and symbolic links for anyone. Windows has neither
//! in the same way: git there records `core.filemode = false` and keeps the executable bit
//! only in the index, and symbolic links need a privilege most learners do not have, so git
//! writes `core.symlinks = false`. The functions below report what the file system does,
//! and git's own probes then write the same settings git would.

use std::path::Path;

/// Whether the file system keeps the executable bit: git's test, flipping it and reading it
/// back in a fresh stat. The mode is restored whatever happens. Windows has no such bit.
#[cfg(unix)]
pub fn keeps_executable_bit(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Ok(before) = std::fs::symlink_metadata(file) else {
        return false;
    };
    let mode = before.permissions().mode();
    let kept = std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode ^ 0o100))
        .is_ok()
        && std::fs::symlink_metadata(file).is_ok_and(|m| m.permissions().mode() != mode);
    let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode));
    kept
}

#[cfg(not(unix))]
pub fn keeps_executable_bit(_file: &Path) -> bool {
    false
}

/// Whether the usual file systems here may take two names that differ only in case for one
/// file, as APFS on macOS and NTFS on Windows do by default.
pub const NAMES_MAY_FOLD_CASE: bool = cfg!(any(target_os = "macos", windows));

/// Makes a file executable by everyone (0755) or not (0644). Where there is no executable bit
/// (Windows) this does nothing: the bit lives in git's index only, as git for Windows keeps it.
pub fn set_executable(file: &Path, executable: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if executable { 0o755 } else { 0o644 };
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = executable;
        // Still fail as Unix would when the file is not there.
        std::fs::symlink_metadata(file).map(|_| ())
    }
}

/// Gives a directory the ordinary mode (0755), whatever an archive said. Windows directories
/// have no mode to repair.
pub fn set_plain_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
    }
    #[cfg(not(unix))]
    {
        std::fs::symlink_metadata(dir).map(|_| ())
    }
}

/// Creates a symbolic link to a file. On Windows this needs Developer Mode or an elevated
/// prompt; without either it fails, and callers treat the file system as one without links.
pub fn symlink_file(target: &Path, link: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(target, link)
    }
    #[cfg(windows)]
    {
        std::os::windows::fs::symlink_file(target, link)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (target, link);
        Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
    }
}

/// What tells one directory from another that later took its path: device and inode on Unix;
/// on Windows, whose stable file ids are not in std yet, the creation time (a rebuilt sandbox
/// is a new directory, created later).
pub fn identity(dir: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(dir).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let created = meta.created().ok()?;
        let since = created.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some((since.as_secs(), u64::from(since.subsec_nanos())))
    }
}

/// A file system where change events do not always arrive (network shares, 9P, FUSE), by
/// statfs on Linux. macOS and Windows deliver events on their local disks and say nothing
/// reliable through std about network ones, so there `watch` trusts events and offers
/// `--poll` for shares.
#[cfg(target_os = "linux")]
pub fn unreliable_events_fs(root: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(root.as_os_str().as_bytes()).ok()?;
    // SAFETY: statfs fills the struct or fails; path is NUL-terminated.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(path.as_ptr(), &mut st) } != 0 {
        return None;
    }
    // The magic numbers of linux/magic.h (f_type's width differs between architectures).
    #[allow(clippy::unnecessary_cast)]
    match st.f_type as i64 as u32 {
        0x6969 => Some("NFS"),
        0x517b | 0xff53_4d42 | 0xfe53_4d42 => Some("a Windows (SMB/CIFS) share"),
        0x0102_1997 => Some("a 9P file system (WSL's Windows drives, VM shared folders)"),
        0x6573_5546 => Some("a FUSE file system"),
        0x786f_4256 => Some("a VirtualBox shared folder"),
        _ => None,
    }
}

#[cfg(not(target_os = "linux"))]
pub fn unreliable_events_fs(_root: &Path) -> Option<&'static str> {
    None
}

/// What a path is when it is not a regular file, in a learner's words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Reads a regular file, at most `limit` bytes, without ever waiting on it: a FIFO, a device
/// (`/dev/zero` behind a link), a socket or a directory is refused, and so is a file larger
/// than `limit`, whatever its metadata claimed. On Unix the file is opened with `O_NONBLOCK`,
/// so opening a FIFO cannot wait for a writer, and the type is checked on the open file, so it
/// cannot be swapped between the check and the read. Windows has no FIFOs in a directory and
/// opens its devices only by `\\.\` names: there the type check on the open file suffices.
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("it is {}, not a regular file", kind_of(&meta)),
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("it is larger than {limit} bytes"),
        ));
    }
    Ok(bytes)
}

/// `read_regular` for a file that must lie inside `root`: a path that leads out of it, by a
/// symbolic link anywhere along the way, is refused without being opened, and the refusal
/// names no target, so nothing about a file outside reaches a report.
pub fn read_regular_within(root: &Path, path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let real = path.canonicalize()?;
    let root = root.canonicalize()?;
    if !real.starts_with(&root) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "it is a symbolic link that leads out of {}, and git-kata reads nothing outside",
                root.display()
            ),
        ));
    }
    read_regular(&real, limit)
}

/// A path as git reads it in a config value such as `remote.origin.url`: git for Windows
/// takes `C:/dir/repo.git` everywhere and a backslash only in some places, so Windows paths
/// are written with forward slashes. On Unix a backslash is an ordinary file-name character.
pub fn config_path(path: &Path) -> String {
    // A canonical path on Windows is verbatim (`\\?\C:\...`), which git does not read.
    let text = dunce::simplified(path).to_string_lossy().into_owned();
    #[cfg(windows)]
    let text = text.replace('\\', "/");
    text
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_inside_the_root_are_read_and_never_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("sandbox");
        std::fs::create_dir(&root).unwrap();
        let file = root.join("a.txt");
        std::fs::write(&file, "hello\n").unwrap();
        assert_eq!(read_regular_within(&root, &file, 6).unwrap(), b"hello\n");
        let big = read_regular(&file, 5).unwrap_err();
        assert!(big.to_string().contains("larger than 5 bytes"), "{big}");

        let fifo = root.join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read_regular(&fifo, 10).unwrap_err();
            assert!(e.to_string().contains("FIFO"), "{e}");
        }
        let zero = root.join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let e = read_regular(&zero, 10).unwrap_err();
        assert!(e.to_string().contains("device"), "{e}");
        assert!(read_regular_within(&root, &zero, 10).is_err());

        let outside = dir.path().join("secret");
        std::fs::write(&outside, "token\n").unwrap();
        let link = root.join("deployment.yaml");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let e = read_regular_within(&root, &link, 100).unwrap_err();
        assert!(e.to_string().contains("leads out of"), "{e}");
        assert!(!e.to_string().contains("secret"), "{e}");
        let inside = root.join("inside");
        std::os::unix::fs::symlink(&file, &inside).unwrap();
        assert_eq!(
            read_regular_within(&root, &inside, 100).unwrap(),
            b"hello\n"
        );
    }
}

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

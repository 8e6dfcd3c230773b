import CatalogCore
import CatalogFiles
import Foundation

/// The catalogue's write lock (`.scencat/write.lock`, flock): saves and syncs from several scencat
/// processes run one at a time, so the check of the disk and the write are one step.
public final class WriteLock {
    private var fd: Int32

    /// Takes the lock, waiting up to `waitSeconds` for another holder (a save takes milliseconds,
    /// a sync seconds); then gives up with an error rather than hang a terminal.
    public init(catalogRoot: String, waitSeconds: Double = 60) throws {
        let dir = IndexStore.directory(catalogRoot: catalogRoot)
        try AtomicFile.makeDirectories(dir)
        fd = open((dir as NSString).appendingPathComponent("write.lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.posix(dir, "cannot open the write lock") }
        let deadline = Date().addingTimeInterval(waitSeconds)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(fd)
                throw FileError.posix(dir, "cannot take the write lock")
            }
            guard Date() < deadline else {
                close(fd)
                fd = -1
                throw FileError(catalogRoot, CodedMessage("the catalogue is busy: another scencat is saving or syncing it; try again", "fileBusy", []))
            }
            usleep(20_000)
        }
    }

    public func release() {
        if fd >= 0 { flock(fd, LOCK_UN); close(fd); fd = -1 }
    }

    deinit { release() }
}

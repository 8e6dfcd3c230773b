import CatalogFiles

/// The git branch of the repository holding the catalogue, read from `.git/HEAD` without
/// running git (the header must not wait for a process).
public enum GitInfo {
    public static func branch(near root: String) -> String? {
        var dir = absolute(root)
        for _ in 0..<64 {
            let git = dir == "/" ? "/.git" : dir + "/.git"
            var headPath = git + "/HEAD"
            // A worktree or submodule has a .git file pointing at the real git directory.
            if let pointer = try? AtomicFile.read(git, limit: 4096), let text = String(validating: pointer, as: UTF8.self),
               text.hasPrefix("gitdir: ") {
                var target = String(text.dropFirst(8)).trimmedSpaces
                if !target.hasPrefix("/") { target = dir + "/" + target }
                headPath = target + "/HEAD"
            }
            if let bytes = try? AtomicFile.read(headPath, limit: 4096), let head = String(validating: bytes, as: UTF8.self) {
                let line = head.trimmedSpaces
                if line.hasPrefix("ref: refs/heads/") { return String(line.dropFirst(16)) }
                return "detached " + String(line.prefix(7))
            }
            if dir == "/" { break }
            dir = AtomicFile.directory(of: dir)
        }
        return nil
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return path }
        let cwd = String(cString: buf)
        return path == "." ? cwd : cwd + "/" + path
    }
}

#if canImport(Glibc)
import Glibc
#endif

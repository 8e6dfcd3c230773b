import CatalogCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors from the file system, carrying the path and the system's reason.
public struct FileError: Error, CustomStringConvertible, Sendable, CodedError {
    public var path: String
    public var reason: String
    /// The reason's code and arguments (`fileSystem`: what failed and errno), for Wording.
    public var code: String?
    public var arguments: [String] = []
    public init(_ path: String, _ reason: String) { self.path = path; self.reason = reason }
    public init(_ path: String, _ reason: CodedMessage) {
        (self.path, self.reason, code, arguments) = (path, reason.message, reason.code, reason.arguments)
    }
    public var description: String { "\(path): \(reason)" }
    /// The whole message (`PATH: REASON`) coded: the path is the first argument.
    public var coded: CodedMessage? { code.map { CodedMessage(description, $0, [path] + arguments) } }

    /// The error as a diagnostic on `file` (its reason, coded: `FileMissing`, `FileSystem`…,
    /// a folder's problem as `FolderBrokenLink`…).
    public func diagnostic(_ file: String) -> Diagnostic {
        let diagCode = code.map { c -> String in
            let rest = String(c.dropFirst(4))
            return rest.hasPrefix("Folder") ? rest : "File" + rest
        }
        return .error(file, .start, reason, code: diagCode, arguments: arguments)
    }

    /// An error naming `path`, what failed and the system's reason (from errno).
    public static func posix(_ path: String, _ what: String) -> FileError { errno(path, what) }

    static func errno(_ path: String, _ what: String) -> FileError {
        let number = Glibc.errno
        return FileError(path, CodedMessage("\(what): \(String(cString: strerror(number)))", "fileSystem", [what, String(number)]))
    }
}

/// Whole-file reads and atomic writes: a write goes to a temporary file in the same directory,
/// is flushed to disk, then renamed over the target, so a reader sees the old file or the new
/// one and never half of either — even if the process is killed mid-write.
public enum AtomicFile {
    /// The permission bits of an existing file (following links), nil when there is none.
    public static func mode(of path: String) -> mode_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : nil
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    /// Writes many new files, each atomically as `write` does, with one flush to disk for all of
    /// them (`syncfs`) instead of one per file: an import of thousands of entities would otherwise
    /// spend its time waiting for the disk. Nothing is put in place until every file is written,
    /// and no existing file is ever replaced (docs/0030).
    public static func writeAll(_ files: [(path: String, bytes: [UInt8])], mode: mode_t = 0o644) throws {
        try writeAll(files, mode: mode, after: { _ in })
    }

    /// The steps of `writeAll`, where a test may make it fail (fault injection).
    public enum BatchStep: CaseIterable, Sendable { case temporariesWritten, flushed, renamed }

    /// How `writeAll` puts a complete temporary file in place without replacing anything:
    /// `renameat2(RENAME_NOREPLACE)`, or, where the kernel or the file system lacks it, `link` to
    /// the new name then `unlink` of the temporary name (a link also fails on an existing name).
    enum Placing: Sendable { case renameNoReplace, linkThenUnlink }

    /// `writeAll` of new files: every temporary file written (opened relative to one descriptor of
    /// its folder), one `syncfs`, each put in place without replacing anything (`Placing`), one
    /// fsync per folder (docs/0017 and docs/0030 measure the alternatives). `after` runs after each
    /// step; when it or a step fails — a file of that name appeared meanwhile, say — every
    /// temporary file and every file already put in place is removed again, so nothing is left.
    /// Returns each file's size and time stamp, as an index records them.
    @discardableResult
    public static func writeAll(_ files: [(path: String, bytes: [UInt8])], mode: mode_t = 0o644,
                                after: (BatchStep) throws -> Void) throws -> [(size: Int64, mtimeNs: Int64)] {
        try writeAll(files, mode: mode, placing: renameNoReplaceFunction == nil ? .linkThenUnlink : .renameNoReplace, after: after)
    }

    static func writeAll(_ files: [(path: String, bytes: [UInt8])], mode: mode_t, placing: Placing,
                         after: (BatchStep) throws -> Void) throws -> [(size: Int64, mtimeNs: Int64)] {
        struct Pending { var folder: Int; var temp: [CChar]; var name: [CChar] }
        var folders: [String] = []
        var folderFds: [Int32] = []
        var folderIndex: [String: Int] = [:]
        var pending: [Pending] = []
        pending.reserveCapacity(files.count)
        var stamps: [(size: Int64, mtimeNs: Int64)] = []
        stamps.reserveCapacity(files.count)
        var placed = 0
        var done = false
        defer {
            if !done {
                for (i, p) in pending.enumerated() {
                    unlinkat(folderFds[p.folder], p.temp, 0)
                    if i < placed { unlinkat(folderFds[p.folder], p.name, 0) }
                }
            }
            for fd in folderFds { close(fd) }
        }
        // Temporary names: `.NAME.tmp-` and a per-batch random stem with a counter, created with
        // O_EXCL (another name is tried when one is taken).
        var stem = UInt64.random(in: 0..<(1 << 40))
        for (path, bytes) in files {
            let dir = directory(of: path)
            let folder: Int
            if let known = folderIndex[dir] {
                folder = known
            } else {
                let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                guard fd >= 0 else { throw FileError.errno(dir, "cannot open") }
                folder = folderFds.count
                folderFds.append(fd)
                folders.append(dir)
                folderIndex[dir] = folder
            }
            let dfd = folderFds[folder]
            let base = basename(of: path)
            var temp: [CChar] = []
            var fd: Int32 = -1
            for _ in 0..<100 {
                stem &+= 1
                temp = Array(".\(base).tmp-\(String(stem, radix: 36))".utf8CString)
                fd = openat(dfd, temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
                if fd >= 0 || Glibc.errno != EEXIST { break }
            }
            guard fd >= 0 else { throw FileError.errno(path, "cannot create a temporary file") }
            pending.append(Pending(folder: folder, temp: temp, name: Array(base.utf8CString)))
            defer { close(fd) }
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
                if n < 0 {
                    if Glibc.errno == EINTR { continue }
                    throw FileError.errno(path, "write failed")
                }
                written += n
            }
            guard fchmod(fd, mode) == 0 else { throw FileError.errno(path, "chmod failed") }
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw FileError.errno(path, "cannot stat") }
            stamps.append((Int64(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)))
        }
        try after(.temporariesWritten)
        if let first = folderFds.first {
            guard syncFileSystem(first) else { throw FileError.errno(folders[0], "cannot flush the files to disk") }
        }
        try after(.flushed)
        var placing = placing
        for (p, file) in zip(pending, files) {
            let dfd = folderFds[p.folder]
            if placing == .renameNoReplace {
                if renameNoReplace(dfd, p.temp, p.name) {
                    placed += 1
                    continue
                }
                let failure = Glibc.errno
                // EINVAL: this file system does not know the flag; ENOSYS: nor does the kernel.
                guard failure == EINVAL || failure == ENOSYS || failure == ENOTSUP else {
                    throw FileError.errno(file.path, "cannot create the file")
                }
                placing = .linkThenUnlink
            }
            guard linkat(dfd, p.temp, dfd, p.name, 0) == 0 else {
                let failure = Glibc.errno
                if failure == EEXIST { throw FileError.errno(file.path, "cannot create the file") }
                throw FileError.errno(file.path, "cannot create the file (this file system supports neither renameat2 nor hard links)")
            }
            placed += 1
            guard unlinkat(dfd, p.temp, 0) == 0 else { throw FileError.errno(file.path, "cannot remove") }
        }
        try after(.renamed)
        for fd in folderFds { fsync(fd) }
        done = true
        return stamps
    }

    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32
    /// glibc's `renameat2` (2.28 and later; declared only with _GNU_SOURCE, so looked up at run time).
    static let renameNoReplaceFunction: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(sym, to: RenameAt2.self)
    }()

    /// `renameat2(RENAME_NOREPLACE)` within one folder; false with errno set when it fails (ENOSYS
    /// when the C library lacks it).
    static func renameNoReplace(_ dfd: Int32, _ from: [CChar], _ to: [CChar]) -> Bool {
        guard let renameat2 = renameNoReplaceFunction else {
            Glibc.errno = ENOSYS
            return false
        }
        let RENAME_NOREPLACE: UInt32 = 1
        return renameat2(dfd, from, dfd, to, RENAME_NOREPLACE) == 0
    }

    /// `syncfs(fd)`: glibc declares it only with _GNU_SOURCE, so it is looked up at run time;
    /// `sync()` where it is missing.
    static func syncFileSystem(_ fd: Int32) -> Bool {
        typealias SyncFS = @convention(c) (Int32) -> Int32
        if let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, "syncfs") {
            return unsafeBitCast(sym, to: SyncFS.self)(fd) == 0
        }
        sync()
        return true
    }

    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        try write(bytes, to: path, mode: mode, after: { _ in })
    }

    /// The steps of a write, for tests that make one fail there (fault injection): the target
    /// must then be untouched and no temporary file left.
    enum Step: CaseIterable, Sendable { case dataWritten, modeSet, synced }

    /// `after` runs after each step; what it throws fails the write at that point.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t, after: (Step) throws -> Void) throws {
        let dir = directory(of: path)
        var template = Array("\(dir)/.\(basename(of: path)).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError.errno(path, "cannot create a temporary file") }
        let tmp = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        do {
            defer { close(fd) }
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBufferPointer { buf in
                    Glibc.write(fd, buf.baseAddress! + written, buf.count - written)
                }
                if n < 0 {
                    if Glibc.errno == EINTR { continue }
                    throw FileError.errno(path, "write failed")
                }
                written += n
            }
            try after(.dataWritten)
            guard fchmod(fd, mode) == 0 else { throw FileError.errno(path, "chmod failed") }
            try after(.modeSet)
            guard fsync(fd) == 0 else { throw FileError.errno(path, "fsync failed") }
            try after(.synced)
        }
        guard rename(tmp, path) == 0 else { throw FileError.errno(path, "rename failed") }
        ok = true
        // Make the rename itself durable.
        let dfd = open(dir, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Reads a whole file; `limit` refuses files larger than that without reading them.
    public static func read(_ path: String, limit: Int = Int.max) throws -> [UInt8] {
        // Non-blocking open: a named pipe planted in a catalogue must not hang a read.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if Glibc.errno == ENOENT { throw FileError(path, CodedMessage("missing", "fileMissing", [])) }
            throw FileError.errno(path, "cannot open")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError.errno(path, "cannot stat") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileError(path, CodedMessage("not a regular file", "fileNotRegular", [])) }
        let size = Int(st.st_size)
        if size > limit { throw FileError(path, CodedMessage("file is larger than \(limit) bytes", "fileTooLarge", [String(limit)])) }
        var out = [UInt8](repeating: 0, count: size)
        var got = 0
        while got < size {
            let n = out.withUnsafeMutableBufferPointer { Glibc.read(fd, $0.baseAddress! + got, size - got) }
            if n < 0 { if Glibc.errno == EINTR { continue }; throw FileError.errno(path, "read failed") }
            if n == 0 { break }
            got += n
        }
        if got < size { out.removeLast(size - got) }
        return out
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func basename(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Creates `path` and its parents.
    public static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && Glibc.errno != EEXIST { throw FileError.errno(current, "cannot create directory") }
        }
    }
}

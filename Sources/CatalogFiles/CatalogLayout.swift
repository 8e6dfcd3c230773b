import CatalogCore
#if canImport(Glibc)
import Glibc
#endif

/// One entity file found in the catalogue, with what incremental indexing compares.
public struct EntityFile: Sendable, Hashable {
    /// Relative to the catalogue root: `scenarios/gz-imaging.yaml`.
    public var path: String
    public var kind: EntityKind
    public var size: Int64
    public var mtimeNs: Int64

    public init(path: String, kind: EntityKind, size: Int64, mtimeNs: Int64) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mtimeNs = mtimeNs
    }

    /// The id the file name promises.
    public var stem: String {
        var name = AtomicFile.basename(of: path)
        if name.hasSuffix(".yaml") { name.removeLast(5) }
        return name
    }
}

/// Where things live in a catalogue folder, and the scan of its entity files.
public struct CatalogLayout: Sendable {
    /// The catalogue folder as the user named it (kept for messages) — `Catalog`, `/srv/cat`.
    public let root: String

    public init(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r.isEmpty ? "." : r
    }

    public static let catalogFile = "catalog.yaml"
    public static let sectorsFile = "taxonomy/sectors.yaml"
    public static let citiesFile = "taxonomy/cities.yaml"
    public static let acceleratorsFile = "taxonomy/accelerators.yaml"
    public static let stateDirectory = ".scencat"
    /// The public keys that verify published lists.
    public static let keysDirectory = "keys"

    public func path(_ relative: String) -> String { root == "." ? relative : "\(root)/\(relative)" }

    public var stateDirectory: String { path(Self.stateDirectory) }

    /// The catalogue's folders that scencat reads and writes: a symbolic link among them must not lead out.
    public static let folders = ["scenarios", "models", "centers", "taxonomy", "keys", "publications"]

    /// Why scencat must neither read nor write the catalogue folder `folder` (`scenarios`, `keys`…):
    /// it is a symbolic link leading outside the catalogue, or nowhere. nil for a real folder, a
    /// link that stays inside, or a folder that does not exist.
    public func folderProblem(_ folder: String) -> String? { folderCodedProblem(folder)?.message }

    /// `folderProblem` with its code and arguments (the folder, and the link's target when it leads out).
    public func folderCodedProblem(_ folder: String) -> CodedMessage? {
        var st = stat()
        let full = path(folder)
        guard lstat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return nil }
        guard let target = realPath(full), let realRoot = realPath(root) else {
            return CodedMessage("\(folder)/ is a broken symbolic link; make it a folder of the catalogue", "FolderBrokenLink", [folder])
        }
        guard target.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else {
            return CodedMessage("\(folder)/ is a symbolic link pointing outside the catalogue (to \(target)); scencat neither reads nor writes there",
                                "FolderOutside", [folder, target])
        }
        return nil
    }

    /// `folderProblem` as an error thrown for `file` (a file in that folder, or the folder itself).
    public func folderError(_ folder: String, file: String) -> FileError? {
        folderCodedProblem(folder).map { FileError(file, CodedMessage($0.message, "file" + $0.code, $0.arguments)) }
    }

    /// `folderProblem` as an error on the folder.
    public func folderDiagnostic(_ folder: String) -> Diagnostic? {
        folderCodedProblem(folder).map { .error(folder, .start, $0) }
    }

    /// True when the folder looks like a catalogue (has catalog.yaml).
    public var exists: Bool { access(path(Self.catalogFile), F_OK) == 0 }

    /// Lists every entity file (in directory order), with diagnostics for entries that break the layout rules:
    /// names that are not ids, `.yml`, directories named like files, symlinks leaving the catalogue.
    public func scanEntityFiles() -> (files: [EntityFile], diagnostics: [Diagnostic]) {
        var files: [EntityFile] = []
        var diags: [Diagnostic] = []
        let realRoot = realPath(root)
        let layout = self
        for kind in EntityKind.allCases {
            if let d = folderDiagnostic(kind.directory) { diags.append(d); continue }
            let dirPath = path(kind.directory)
            guard let dir = opendir(dirPath) else { continue }
            defer { closedir(dir) }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name.hasPrefix(".") { continue } // ., .., editor and atomic-write temp files
                names.append(name)
            }
            // stat relative to the open directory, on every core: at 100,000 files the scan is
            // most of an incremental index run, and most of the scan is the kernel's path lookups.
            let fd = dirfd(dir)
            let entries = ParallelMap.map(names) { name in
                layout.classify(name, kind: kind, directory: fd, realRoot: realRoot)
            }
            for entry in entries {
                switch entry {
                case .file(let f): files.append(f)
                case .problem(let d): diags.append(d)
                case .skip: break
                }
            }
        }
        // Unsorted: callers that need an order sort what they use (the indexer only its changed files).
        return (files, diags)
    }

    /// The entity files among `paths` (relative, like `scenarios/x.yaml`) as the full scan would
    /// see them; paths that no longer exist are left out. For saves and merges that know what they touched.
    public func statEntityFiles(_ paths: [String]) -> (files: [EntityFile], diagnostics: [Diagnostic]) {
        var files: [EntityFile] = []
        var diags: [Diagnostic] = []
        let realRoot = realPath(root)
        for rel in Set(paths).sorted() {
            let parts = rel.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let kind = EntityKind(directory: String(parts[0])) else { continue }
            if let d = folderDiagnostic(kind.directory) { diags.append(d); continue }
            let dirPath = path(kind.directory)
            let fd = open(dirPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            switch classify(String(parts[1]), kind: kind, directory: fd, realRoot: realRoot) {
            case .file(let f): files.append(f)
            case .problem(let d): diags.append(d)
            case .skip: break
            }
        }
        return (files, diags)
    }

    enum ScanEntry: Sendable {
        case file(EntityFile)
        case problem(Diagnostic)
        case skip
    }

    /// What one directory entry is: an entity file, a layout problem, or nothing to read.
    func classify(_ name: String, kind: EntityKind, directory fd: Int32, realRoot: String?) -> ScanEntry {
        let rel = "\(kind.directory)/\(name)"
        var st = stat()
        guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { return .skip }
        if (st.st_mode & S_IFMT) == S_IFLNK {
            let full = path(rel)
            guard let target = realPath(full), stat(full, &st) == 0 else {
                return .problem(errno == ELOOP
                    ? .error(rel, .start, "broken symbolic link: it leads round in a loop", code: "LinkLoop")
                    : .error(rel, .start, "broken symbolic link: its target does not exist", code: "LinkMissing"))
            }
            guard let realRoot, target.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else {
                return .problem(.error(rel, .start, "symbolic link points outside the catalogue (to \(target))", code: "LinkOutside", arguments: [target]))
            }
        }
        let isDir = (st.st_mode & S_IFMT) == S_IFDIR
        if name.hasSuffix(".yml") {
            return .problem(.error(rel, .start, "catalogue files end in .yaml, not .yml", code: "LayoutYml"))
        }
        guard name.hasSuffix(".yaml") else {
            if !isDir { return .problem(.warning(rel, .start, "ignored: not a .yaml file", code: "LayoutNotYaml")) }
            return .problem(.warning(rel, .start, "ignored: sub-folders are not read; \(kind.directory)/ is flat",
                                             code: "LayoutSubfolder", arguments: [kind.directory]))
        }
        if isDir {
            return .problem(.error(rel, .start, "is a directory; expected a \(kind.rawValue) file", code: "LayoutDirectory", arguments: [kind.rawValue]))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            return .problem(.error(rel, .start, "is not a regular file", code: "LayoutNotRegular"))
        }
        let stem = String(name.dropLast(5))
        if let problem = Self.fileNameCodedProblem(stem) {
            return .problem(.error(rel, .start, problem))
        }
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        return .file(EntityFile(path: rel, kind: kind, size: Int64(st.st_size), mtimeNs: mtime))
    }

    /// Why `stem` (a file name without `.yaml`) cannot be an id, with a name that would do when there is one.
    /// Coded `FileName` (the stem, why, the pattern) or `FileNameRename` (and the name that would do).
    static func fileNameProblem(_ stem: String) -> String? { fileNameCodedProblem(stem)?.message }

    static func fileNameCodedProblem(_ stem: String) -> CodedMessage? {
        if Identifier.isValid(stem) { return nil }
        let why: String
        if stem.contains("..") { why = "'..' is not allowed" }
        else if stem.contains(" ") { why = "spaces are not allowed" }
        else if stem != stem.lowercased() { why = "capital letters are not allowed" }
        else if stem.utf8.count < 2 { why = "an id has 2 to 63 characters" }
        else if stem.utf8.count > 63 { why = "an id has at most 63 characters" }
        else { why = "ids use lower-case letters, digits and '-'" }
        var fixed = ""
        for c in stem.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { fixed.append(c) }
            else if c == "-" || c == " " || c == "_" || c == "." { if !fixed.isEmpty && fixed.last != "-" { fixed.append("-") } }
            else { fixed = ""; break }
        }
        while fixed.hasSuffix("-") { fixed.removeLast() }
        let message = "file name '\(stem).yaml' is not a valid id: \(why) (\(Identifier.pattern))"
        if Identifier.isValid(fixed) {
            return CodedMessage(message + "; rename it to '\(fixed).yaml'", "FileNameRename", [stem, why, Identifier.pattern, fixed])
        }
        return CodedMessage(message, "FileName", [stem, why, Identifier.pattern])
    }

    func realPath(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }
}

extension CatalogLayout {
    /// The path with symbolic links resolved (the path itself when it does not exist).
    public static func realPath(_ path: String) -> String {
        guard let r = realpath(path, nil) else { return path }
        defer { free(r) }
        return String(cString: r)
    }

    /// Whether `path` is `root` or inside it, links resolved.
    public static func isInside(_ path: String, root: String) -> Bool {
        let real = realPath(path), top = realPath(root)
        return real == top || real.hasPrefix(top + "/")
    }
}

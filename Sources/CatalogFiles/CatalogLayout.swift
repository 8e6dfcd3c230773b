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

    public func path(_ relative: String) -> String { root == "." ? relative : "\(root)/\(relative)" }

    public var stateDirectory: String { path(Self.stateDirectory) }

    /// True when the folder looks like a catalogue (has catalog.yaml).
    public var exists: Bool { access(path(Self.catalogFile), F_OK) == 0 }

    /// Lists every entity file, with diagnostics for entries that break the layout rules:
    /// names that are not ids, `.yml`, directories named like files, symlinks leaving the catalogue.
    public func scanEntityFiles() -> (files: [EntityFile], diagnostics: [Diagnostic]) {
        var files: [EntityFile] = []
        var diags: [Diagnostic] = []
        let realRoot = realPath(root)
        for kind in EntityKind.allCases {
            let dirPath = path(kind.directory)
            guard let dir = opendir(dirPath) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name.hasPrefix(".") { continue } // ., .., editor and atomic-write temp files
                let rel = "\(kind.directory)/\(name)"
                let full = path(rel)
                var lst = stat()
                guard lstat(full, &lst) == 0 else { continue }
                var st = lst
                if (lst.st_mode & S_IFMT) == S_IFLNK {
                    guard let target = realPath(full), stat(full, &st) == 0 else {
                        let why = errno == ELOOP ? "it leads round in a loop" : "its target does not exist"
                        diags.append(.error(rel, .start, "broken symbolic link: \(why)"))
                        continue
                    }
                    guard let realRoot, target.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else {
                        diags.append(.error(rel, .start, "symbolic link points outside the catalogue (to \(target))"))
                        continue
                    }
                }
                let isDir = (st.st_mode & S_IFMT) == S_IFDIR
                if name.hasSuffix(".yml") {
                    diags.append(.error(rel, .start, "catalogue files end in .yaml, not .yml"))
                    continue
                }
                guard name.hasSuffix(".yaml") else {
                    if !isDir { diags.append(.warning(rel, .start, "ignored: not a .yaml file")) }
                    else { diags.append(.warning(rel, .start, "ignored: sub-folders are not read; \(kind.directory)/ is flat")) }
                    continue
                }
                if isDir {
                    diags.append(.error(rel, .start, "is a directory; expected a \(kind.rawValue) file"))
                    continue
                }
                guard (st.st_mode & S_IFMT) == S_IFREG else {
                    diags.append(.error(rel, .start, "is not a regular file"))
                    continue
                }
                let stem = String(name.dropLast(5))
                if let problem = Self.fileNameProblem(stem) {
                    diags.append(.error(rel, .start, problem))
                    continue
                }
                let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
                files.append(EntityFile(path: rel, kind: kind, size: Int64(st.st_size), mtimeNs: mtime))
            }
        }
        files.sort { $0.path < $1.path }
        return (files, diags)
    }

    /// Why `stem` (a file name without `.yaml`) cannot be an id, with a name that would do when there is one.
    static func fileNameProblem(_ stem: String) -> String? {
        if Identifier.isValid(stem) { return nil }
        let why: String
        if stem.contains("..") { why = "'..' is not allowed" }
        else if stem.contains(" ") { why = "spaces are not allowed" }
        else if stem != stem.lowercased() { why = "capital letters are not allowed" }
        else if stem.utf8.count < 2 { why = "an id has 2 to 63 characters" }
        else if stem.utf8.count > 63 { why = "an id has at most 63 characters" }
        else { why = "ids use lower-case letters, digits and '-'" }
        var suggestion = ""
        var fixed = ""
        for c in stem.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { fixed.append(c) }
            else if c == "-" || c == " " || c == "_" || c == "." { if !fixed.isEmpty && fixed.last != "-" { fixed.append("-") } }
            else { fixed = ""; break }
        }
        while fixed.hasSuffix("-") { fixed.removeLast() }
        if Identifier.isValid(fixed) { suggestion = "; rename it to '\(fixed).yaml'" }
        return "file name '\(stem).yaml' is not a valid id: \(why) (\(Identifier.pattern))\(suggestion)"
    }

    func realPath(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }
}

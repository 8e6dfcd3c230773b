import CatalogCore
import CatalogFiles
import Foundation
import Wording
#if canImport(Glibc)
import Glibc
#endif

/// One published quarter as found in `publications/`.
public struct PublicationSummary: Sendable {
    public var quarter: Quarter
    /// Relative to the catalogue: `publications/2026-Q4`.
    public var path: String
    /// nil when manifest.json is missing or unreadable (`error` says why).
    public var manifest: Manifest?
    public var error: String?
}

/// The `publications/` folder of a catalogue.
public enum Publications {
    public static let directoryName = "publications"
    /// Prefix of the folders a publication is built in before it is renamed into place.
    static let temporaryPrefix = ".publish-"

    /// Published quarters (folders named `YYYY-Qn`), oldest first.
    public static func quarters(catalogRoot: String) -> [Quarter] {
        let dir = CatalogLayout(root: catalogRoot).path(directoryName)
        return entries(of: dir).compactMap { name in
            guard let q = Quarter(name), q.description == name, isDirectory("\(dir)/\(name)") else { return nil }
            return q
        }.sorted()
    }

    /// Every published quarter with its manifest, oldest first.
    public static func summaries(catalogRoot: String) -> [PublicationSummary] {
        let layout = CatalogLayout(root: catalogRoot)
        return quarters(catalogRoot: catalogRoot).map { q in
            let rel = "\(directoryName)/\(q)"
            do {
                let m = try Manifest.parse(try AtomicFile.read(layout.path("\(rel)/\(Manifest.fileName)"), limit: 64 << 20))
                return PublicationSummary(quarter: q, path: rel, manifest: m, error: nil)
            } catch let e as FileError {
                return PublicationSummary(quarter: q, path: rel, manifest: nil, error: "\(Manifest.fileName): \(e.diagnostic(rel).shownMessage)")
            } catch {
                return PublicationSummary(quarter: q, path: rel, manifest: nil, error: "\(Manifest.fileName): \(ErrorWording.shown(error))")
            }
        }
    }

    /// The latest published quarter before `quarter`.
    public static func previous(before quarter: Quarter, catalogRoot: String) -> Quarter? {
        quarters(catalogRoot: catalogRoot).last { $0 < quarter }
    }

    /// The published list of `quarter`, taken apart (not verified: see `Verifier`).
    public static func listText(_ quarter: Quarter, catalogRoot: String) throws -> ListText {
        let rel = "\(directoryName)/\(quarter)/list.yaml"
        let bytes = try AtomicFile.read(CatalogLayout(root: catalogRoot).path(rel))
        return try ListText.parse(String(decoding: bytes, as: UTF8.self), file: rel)
    }

    // MARK: File system helpers

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Names in a folder (hidden ones included, `.` and `..` not), sorted; empty when it cannot be read.
    static func entries(of dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// A file name with no folder part, not hidden.
    static func isPlainFileName(_ s: String) -> Bool {
        !s.isEmpty && !s.contains("/") && !s.hasPrefix(".") && !s.contains("\0")
    }
}

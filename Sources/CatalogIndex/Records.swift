import CatalogCore

/// What the index knows of one catalogue file when it was last indexed: enough to tell, on the next
/// scan, whether the file changed without reading it (size and mtime), or for certain (hash).
public struct FileRecord: Sendable, Hashable {
    /// Relative to the catalogue folder, e.g. `scenarios/gz-health-imaging.yaml`.
    public var path: String
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var mtimeNs: Int64
    /// A content hash chosen by the indexer (compared as text, never interpreted here).
    public var hash: String

    public init(path: String, size: Int64, mtimeNs: Int64, hash: String) {
        self.path = path
        self.size = size
        self.mtimeNs = mtimeNs
        self.hash = hash
    }
}

/// A reference whose target does not exist: a sector, city or accelerator missing from the
/// taxonomy, or a model or center no file defines.
public struct DanglingReference: Sendable, Hashable {
    /// The entity whose file holds the reference.
    public var fromId: String
    public var file: String
    /// The reference as the file states it, with its position.
    public var reference: Reference

    public init(fromId: String, file: String, reference: Reference) {
        self.fromId = fromId
        self.file = file
        self.reference = reference
    }

    public var kind: ReferenceKind { reference.kind }
    public var target: String { reference.target }
    public var position: SourcePosition { reference.position }
    public var field: String { reference.field }
}

/// What the incremental scan compares first: a file whose size and time stamp are unchanged is not read.
public struct FileStamp: Sendable, Hashable {
    public var size: Int64
    public var mtimeNs: Int64
    public init(size: Int64, mtimeNs: Int64) { self.size = size; self.mtimeNs = mtimeNs }
}

/// Why the index refused a change.
public enum IndexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `file` defines an id that `existingFile` already defines (ids are unique across kinds).
    case duplicateId(id: String, file: String, existingFile: String)

    public var description: String {
        switch self {
        case .duplicateId(let id, let file, let existing):
            return "\(file): duplicate id '\(id)': also used by \(existing)"
        }
    }
}

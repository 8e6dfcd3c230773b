import CatalogCore
import CatalogFiles

/// One version of an entity file (in the work tree, a commit or a merge stage), read into the field
/// tree that diffs and merges compare.
public struct EntityVersion: Sendable {
    /// The bytes as stored; nil when the file does not exist in this version.
    public var bytes: [UInt8]?
    /// The fields: canonical (`EntityEncoder`) when the entity decodes, the fields as written when it
    /// only parses; nil when absent or unreadable.
    public var fields: [Field]?
    /// The entity, when the file is valid on its own.
    public var entity: Entity?
    /// Problems reading it (YAML errors, conflict markers, schema errors).
    public var diagnostics: [Diagnostic]

    /// The file does not exist in this version (or is empty: git's stand-in for "no base").
    public var isAbsent: Bool { bytes == nil }
    /// The file exists but is not a YAML mapping (syntax error, conflict markers…): no field merge possible.
    public var isUnreadable: Bool { bytes != nil && fields == nil }

    public static let absent = EntityVersion(bytes: nil, fields: nil, entity: nil, diagnostics: [])

    /// Reads `bytes` of the file at `path` (catalogue-relative, for messages). Empty or blank bytes
    /// count as no file.
    public static func read(_ bytes: [UInt8]?, path: String) -> EntityVersion {
        guard let bytes, !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return .absent }
        let parsed = YAMLReader.read(bytes, file: path)
        guard let root = parsed.root, case .map(let raw) = root.value else {
            var diags = parsed.diagnostics
            if parsed.root != nil { diags.append(.error(path, .start, "expected a mapping starting with 'kind:' and 'id:'", code: "EntityNotMapping")) }
            return EntityVersion(bytes: bytes, fields: nil, entity: nil, diagnostics: diags)
        }
        let decoded = EntityDecoder.decode(root, file: path)
        let diags = parsed.diagnostics + decoded.diagnostics
        if let entity = decoded.entity {
            return EntityVersion(bytes: bytes, fields: EntityEncoder.fields(entity), entity: entity, diagnostics: diags)
        }
        return EntityVersion(bytes: bytes, fields: raw, entity: nil, diagnostics: diags)
    }

    /// The entity's human name (title or name), from whatever is readable.
    public var displayName: String? {
        if let entity { return entity.displayName }
        guard let fields else { return nil }
        return fields.first { $0.key == "title" || $0.key == "name" }?.value.value.scalarText
    }
}

/// Writes merged fields in canonical form.
public enum MergedText {
    /// Canonical text of `fields` for the file at `path`: through the entity (sorted sets, schema
    /// order) when the fields make a valid entity, else the fields as they are in the canonical style.
    public static func canonical(_ fields: [Field], path: String) -> String {
        let decoded = EntityDecoder.decode(Node(.map(fields)), file: path)
        if let entity = decoded.entity { return CanonicalWriter.yaml(EntityEncoder.fields(entity)) }
        return CanonicalWriter.yaml(fields)
    }

    /// The text of a file with conflicts: the merged fields, and where a field conflicts, a block
    /// with the three versions between git's markers, so that the YAML reader refuses the file
    /// (`unresolved merge conflict`) until it is resolved.
    public static func withConflicts(_ merge: FieldMerge, base: EntityVersion, ours: EntityVersion, theirs: EntityVersion,
                                     path: String, oursLabel: String = "ours", theirsLabel: String = "theirs") -> String {
        if merge.entityConflict != nil || base.isUnreadable || ours.isUnreadable || theirs.isUnreadable || merge.fields == nil {
            return wholeFile(base: base, ours: ours, theirs: theirs, oursLabel: oursLabel, theirsLabel: theirsLabel)
        }
        let conflicted = Dictionary(merge.conflicts.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var out = ""
        for field in merge.fields ?? [] {
            guard let c = conflicted[field.key] else {
                out += CanonicalWriter.yaml([field])
                continue
            }
            out += block(c, oursLabel: oursLabel, theirsLabel: theirsLabel)
        }
        // A conflicted field that is absent from the merged fields (removed on our side) still shows.
        let present = Set((merge.fields ?? []).map(\.key))
        for c in merge.conflicts where !present.contains(c.key) {
            out += block(c, oursLabel: oursLabel, theirsLabel: theirsLabel)
        }
        return out
    }

    static func block(_ c: FieldConflict, oursLabel: String, theirsLabel: String) -> String {
        func side(_ n: Node?) -> String {
            guard let n else { return "" }
            return CanonicalWriter.yaml([Field(c.key, n)])
        }
        return "<<<<<<< \(oursLabel)\n" + side(c.ours) + "||||||| base\n" + side(c.base) + "=======\n" + side(c.theirs) + ">>>>>>> \(theirsLabel)\n"
    }

    static func wholeFile(base: EntityVersion, ours: EntityVersion, theirs: EntityVersion, oursLabel: String, theirsLabel: String) -> String {
        func text(_ v: EntityVersion) -> String {
            guard let bytes = v.bytes else { return "" }
            var s = String(decoding: bytes, as: UTF8.self)
            if !s.isEmpty && !s.hasSuffix("\n") { s += "\n" }
            return s
        }
        return "<<<<<<< \(oursLabel)\(ours.isAbsent ? " (deleted)" : "")\n" + text(ours)
            + "||||||| base\n" + text(base)
            + "=======\n" + text(theirs)
            + ">>>>>>> \(theirsLabel)\(theirs.isAbsent ? " (deleted)" : "")\n"
    }
}

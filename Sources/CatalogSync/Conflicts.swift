import CatalogCore
import CatalogFiles
import Wording

/// A file changed on both sides in ways that do not merge: open in the repository (git's index
/// holds the three versions as stages 1, 2 and 3) or predicted by a plan.
public struct MergeConflict: Sendable {
    /// Catalogue-relative path.
    public var path: String
    public var kind: EntityKind?
    public var id: String?
    public var name: String?
    public var base: EntityVersion
    public var ours: EntityVersion
    public var theirs: EntityVersion
    /// The field merge, for entity files whose three versions read; nil otherwise.
    public var merge: FieldMerge?

    public init(path: String, base: EntityVersion, ours: EntityVersion, theirs: EntityVersion) {
        self.path = path
        let entity = CatalogRepository.entityKind(of: path)
        kind = entity?.kind
        id = entity?.id
        self.base = base
        self.ours = ours
        self.theirs = theirs
        name = ours.displayName ?? theirs.displayName ?? base.displayName
        if entity != nil, !base.isUnreadable, !ours.isUnreadable, !theirs.isUnreadable {
            merge = FieldDiff.merge(base: base.fields, ours: ours.fields, theirs: theirs.fields)
        }
    }

    /// `scenario sz-port` or the path.
    public var label: String {
        guard let kind, let id else { return path }
        return "\(Wording.language == .zh ? Names.kind(kind) : kind.rawValue.lowercased()) \(id)"
    }

    /// Whether picking per field is possible (otherwise only a whole side: --ours or --theirs).
    public var isFieldLevel: Bool { merge != nil && merge?.entityConflict == nil }

    /// The field conflicts, or nothing when the conflict is about the whole file.
    public var fieldConflicts: [FieldConflict] { merge?.conflicts ?? [] }

    /// What the conflict is about, in words.
    public var reason: String {
        if let e = merge?.entityConflict { return MergeDriver.shown(e) }
        if let m = merge {
            return m.conflicts.isEmpty ? Text.conflictMergesCleanly.text : Text.conflictBothSides.text + m.conflicts.map { Names.fieldOrPath($0.key) }.joined(separator: ", ")
        }
        if kind == nil { return Text.conflictBothSidesFile.text }
        let bad = [("base", base), ("ours", ours), ("theirs", theirs)].filter { $0.1.isUnreadable }.map(\.0)
        return Text.conflictUnreadable(bad.map { Text.side($0) }.joined(separator: Wording.language == .zh ? "、" : ", "))
    }

    /// Lines describing it: a heading and one line per field with the three values.
    public func describe(limit: Int = 50) -> [String] {
        var lines = ["\(label)\(name.map { " (\($0))" } ?? ""): \(reason)"]
        for c in fieldConflicts {
            let detail = c.detail.map { " [\($0)]" } ?? ""
            lines.append("    \(Names.fieldOrPath(c.key))\(detail): \(Text.side("base")) \(FieldDiff.text(c.base, limit: limit)) · \(Text.side("ours")) \(FieldDiff.text(c.ours, limit: limit)) · \(Text.side("theirs")) \(FieldDiff.text(c.theirs, limit: limit))")
        }
        return lines
    }
}

/// A decision about one open conflict.
public struct ConflictChoice: Sendable, Equatable {
    /// The side for every conflicted field no `fields` entry names (and for whole-file conflicts).
    public var prefer: MergeSide?
    public var fields: [String: FieldResolution]
    /// Take the file as it is in the work tree (resolved by hand).
    public var edited: Bool

    public init(prefer: MergeSide? = nil, fields: [String: FieldResolution] = [:], edited: Bool = false) {
        self.prefer = prefer
        self.fields = fields
        self.edited = edited
    }
}

extension CatalogRepository {
    /// Every conflict open in the repository's index, within the catalogue.
    public func openConflicts() throws -> [MergeConflict] {
        let unmerged = try unmergedPaths()
        if unmerged.isEmpty { return [] }
        var specs: [String] = []
        for u in unmerged { for stage in 1...3 { specs.append(":\(stage):\(u.path)") } }
        let blobs = try git.objects(specs)
        var out: [MergeConflict] = []
        for (i, u) in unmerged.enumerated() {
            guard let rel = catalogPath(u.path) else { continue }
            func version(_ stage: Int) -> EntityVersion {
                u.stages.contains(stage) ? EntityVersion.read(blobs[i * 3 + stage - 1], path: rel) : .absent
            }
            out.append(MergeConflict(path: rel, base: version(1), ours: version(2), theirs: version(3)))
        }
        return out.sorted { $0.path < $1.path }
    }

    /// The open conflict for an id (`sz-port`) or a catalogue-relative path.
    public func openConflict(_ idOrPath: String) throws -> MergeConflict? {
        try openConflicts().first { $0.id == idOrPath || $0.path == idOrPath || topPath($0.path) == idOrPath }
    }

    /// Resolves one open conflict: writes the chosen result (canonical) or removes the file, and
    /// marks it resolved in git's index. Returns the diagnostics of the result (warnings, or errors
    /// that `sync` will report before committing). Throws when fields remain undecided.
    @discardableResult
    public func resolve(_ conflict: MergeConflict, _ choice: ConflictChoice) throws -> [Diagnostic] {
        let path = conflict.path
        let disk = diskPath(path)
        if choice.edited {
            let now = EntityVersion.read(try? AtomicFile.read(disk, limit: YAMLReader.maxFileSize), path: path)
            if conflict.kind != nil, now.isUnreadable {
                throw SyncError(.conflict, Text.syncResolveNotReadable(path, now.diagnostics.first.map { $0.shown(prefix: catalogRoot) } ?? Text.syncResolveDoesNotRead.text),
                                diagnostics: now.diagnostics)
            }
            if conflict.kind == nil, let bytes = now.bytes, String(decoding: bytes, as: UTF8.self).contains("\n<<<<<<< ") {
                throw SyncError(.conflict, Text.syncResolveMarkers(path))
            }
            try mark(path, deleted: now.isAbsent)
            return now.diagnostics
        }
        let known = Set(conflict.fieldConflicts.map(\.key))
        for key in choice.fields.keys.sorted() where !known.contains(key) {
            let what = conflict.isFieldLevel ? Text.syncResolveConflicted(conflict.fieldConflicts.map(\.key).joined(separator: ", "))
                                             : Text.syncResolveWholeFile.text
            throw SyncError(.usage, Text.syncResolveNotInConflict(conflict.label, key, what))
        }
        let undecided = undecidedFields(conflict, choice)
        if !undecided.isEmpty {
            throw SyncError(.conflict, Text.syncResolveUndecided(conflict.label, undecided.joined(separator: ", ")))
        }
        let result: [UInt8]?
        if conflict.isFieldLevel {
            let m = FieldDiff.merge(base: conflict.base.fields, ours: conflict.ours.fields, theirs: conflict.theirs.fields,
                                    resolutions: choice.fields, prefer: choice.prefer)
            result = m.fields.map { Array(MergedText.canonical($0, path: path).utf8) }
        } else if let m = conflict.merge, m.entityConflict != nil {
            let r = FieldDiff.merge(base: conflict.base.fields, ours: conflict.ours.fields, theirs: conflict.theirs.fields, prefer: choice.prefer)
            result = r.fields.map { Array(MergedText.canonical($0, path: path).utf8) }
        } else {
            // A whole side, as stored.
            switch choice.prefer {
            case .ours?: result = conflict.ours.bytes
            case .theirs?: result = conflict.theirs.bytes
            case .base?: result = conflict.base.bytes
            case nil: result = nil // unreachable: undecided above
            }
        }
        if let result {
            try AtomicFile.makeDirectories(AtomicFile.directory(of: disk))
            try AtomicFile.write(result, to: disk)
        } else {
            unlink(disk)
        }
        try mark(path, deleted: result == nil)
        return result.map { EntityVersion.read($0, path: path).diagnostics } ?? []
    }

    /// Conflicted fields the choice leaves undecided (or the whole file, as `(whole file)`).
    public func undecidedFields(_ conflict: MergeConflict, _ choice: ConflictChoice) -> [String] {
        if choice.prefer != nil || choice.edited { return [] }
        if !conflict.isFieldLevel { return ["the whole file (--ours or --theirs)"] }
        return conflict.fieldConflicts.map(\.key).filter { choice.fields[$0] == nil }
    }

    /// Marks a path resolved in git's index (added, or removed when `deleted`).
    func mark(_ relative: String, deleted: Bool) throws {
        do {
            if deleted {
                try run(["rm", "--cached", "--quiet", "--ignore-unmatch", "--", topPath(relative)])
            } else {
                try run(["add", "--", topPath(relative)])
            }
        } catch let e as GitError {
            throw SyncError.git(e, Text.syncGitWhatMarkResolved(relative))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

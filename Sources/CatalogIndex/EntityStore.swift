import CatalogCore
import CatalogFiles
import Foundation
import GRDB

/// The one way scencat changes entity files. Every save:
/// - checks the entity exactly as a file is checked (format, references, lineage, unique id);
/// - takes the catalogue's write lock, so two scencat processes never interleave a save;
/// - compares the file on disk with the hash it had when opened, and refuses when it changed;
/// - writes the canonical YAML atomically (temp file, fsync, rename);
/// - updates the index for just the files touched, in one transaction;
/// - records the change in the journal, for undo and history.
public final class EntityStore: Sendable {
    public let root: String
    public let index: IndexStore
    public let journal: Journal
    /// Said once when the journal was found damaged and set aside (a new one started).
    public var journalNote: String? { journalNoteCoded?.message }
    /// The note with its code (`journalDamaged`), for the interface's language.
    public let journalNoteCoded: CodedMessage?
    /// Changes are undone per session: one TUI run, or one command.
    public let session: String
    let reader: CatalogReader

    public init(root: String, index: IndexStore, session: String? = nil) throws {
        self.root = root
        self.index = index
        (journal, journalNoteCoded) = try Journal.openOrSetAside(catalogRoot: root)
        self.session = session ?? "\(getpid())-\(Journal.timestamp())"
        reader = CatalogReader(root: root)
    }

    // MARK: Reading

    /// The relative file of entity `id`: from the index, else the first kind folder holding it.
    public func file(of id: String) throws -> String? {
        // Ids only: `../catalog` would name a file outside the entity folders.
        guard Identifier.isValid(id) else { return nil }
        if let f = try index.entityFile(id: id), access(reader.layout.path(f), F_OK) == 0 { return f }
        for kind in EntityKind.allCases {
            let f = "\(kind.directory)/\(id).yaml"
            if access(reader.layout.path(f), F_OK) == 0 { return f }
        }
        return nil
    }

    /// Reads entity `id` from its file (not the index: the file is the truth).
    public func open(_ id: String) throws -> EntityDocument {
        guard Identifier.isValid(id), let file = try file(of: id) else {
            let message = "no scenario, model or center with id '\(id)'"
            if let meant = Suggest.closest(to: id, in: (try? index.search(id, limit: 20).map(\.id)) ?? []) {
                throw EditFailure(.notFound, CodedMessage(message + "; did you mean '\(meant)'?", "editNoSuchIdMeant", [id, meant]))
            }
            throw EditFailure(.notFound, CodedMessage(message, "editNoSuchId", [id]))
        }
        return try openFile(file)
    }

    func openFile(_ file: String) throws -> EntityDocument {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(reader.layout.path(file), limit: YAMLReader.maxFileSize + 1) } catch {
            throw EditFailure.cannotRead(file, error)
        }
        let read = YAMLReader.read(bytes, file: file)
        guard let root = read.root else {
            throw EditFailure(.unreadable, CodedMessage("\(file) cannot be read", "editUnreadable", [file]), diagnostics: read.diagnostics)
        }
        let decoded = EntityDecoder.decode(root, file: file)
        guard let entity = decoded.entity, !decoded.diagnostics.contains(where: { $0.severity == .error }) else {
            throw EditFailure(.unreadable, CodedMessage("\(file) has errors", "editHasErrors", [file]), diagnostics: read.diagnostics + decoded.diagnostics)
        }
        return EntityDocument(entity: entity, file: file, hash: ContentHash.of(bytes), text: String(decoding: bytes, as: UTF8.self))
    }

    /// The ids references may point at, from the index.
    public func known() throws -> CrossCheck.Known {
        var taxonomy = try index.taxonomy()
        var (models, centers) = try index.modelAndCenterIds()
        if taxonomy.sectors.isEmpty {
            // The index never took this catalogue (it had errors from the start): the taxonomy
            // from its files, and the ids their file names promise.
            taxonomy = reader.readTaxonomy().taxonomy
            for f in reader.layout.scanEntityFiles().files {
                if f.kind == .model, models[f.stem] == nil { models.updateValue(nil, forKey: f.stem) }
                if f.kind == .center { centers.insert(f.stem) }
            }
        }
        return CrossCheck.Known(taxonomy: taxonomy, models: models, centers: centers)
    }

    /// Whether `id` is taken by any entity (in the index or on disk).
    public func isTaken(_ id: String) -> Bool {
        ((try? file(of: id)) ?? nil) != nil
    }

    // MARK: Checking

    /// Checks an edited field tree as a save would, without writing: for validation as you type.
    /// `isNew` adds the unique-id check.
    public func check(_ fields: [Field], isNew: Bool, known: CrossCheck.Known? = nil) throws -> CheckedEntity {
        let kind = fields.first { $0.key == "kind" }?.value.value.scalarText.flatMap(EntityKind.init(rawValue:)) ?? .scenario
        let id = fields.first { $0.key == "id" }?.value.value.scalarText ?? ""
        let file = "\(kind.directory)/\(id).yaml"
        var checked = EntityCheck.check(fields, file: file, known: try known ?? self.known())
        var extra: [Diagnostic] = []
        let idPosition = SourcePosition(line: 2, column: 5)
        if isNew, Identifier.isValid(id), let existing = try self.file(of: id) {
            extra.append(.error(file, idPosition, "id '\(id)' is already used by \(existing)", code: "IdUsedBy", arguments: [id, existing]))
        }
        if case .model(let m)? = checked.entity, let base = m.baseModel, base != m.id {
            let chain = [base] + (try index.lineage(ofModel: base))
            if chain.contains(m.id) {
                let at = checked.issues.first { $0.path == "base_model" }?.diagnostic.position ?? idPosition
                let text = ([m.id] + chain.prefix(while: { $0 != m.id }) + [m.id]).joined(separator: " → ")
                extra.append(.error(file, at, "base_model lineage forms a cycle: \(text)", code: "Cycle", arguments: [text]))
            }
        }
        if !extra.isEmpty {
            let lines = CheckedEntity.pathsByLine(checked.issues)
            checked.diagnostics = (checked.diagnostics + extra).sortedForDisplay()
            checked.issues += extra.map { d in
                FieldIssue(path: d.message.hasPrefix("id '") ? "id" : (d.message.hasPrefix("base_model") ? "base_model" : lines[d.position.line] ?? ""), diagnostic: d)
            }
        }
        return checked
    }

    // MARK: Writing

    /// Saves an edited entity. `base` is the document as opened (nil for a new entity, which must
    /// not exist yet); with `overwrite`, a file changed on disk since is replaced anyway.
    public func save(_ fields: [Field], base: EntityDocument?, overwrite: Bool = false, summary: String) throws -> ChangeOutcome {
        let checked = try check(fields, isNew: base == nil)
        guard checked.isValid, let entity = checked.entity else {
            return .invalid(checked.issues.filter(\.isError))
        }
        let file = entity.relativePath
        if let base, base.file != file {
            throw EditFailure(.environment, CodedMessage("the id of \(base.file) cannot change; create a new entity instead", "editIdChanges", [base.file]))
        }
        func isUnchanged(_ text: String) -> Bool { !overwrite && base?.text == text }
        // Unchanged apart from the date scencat keeps: nothing to write.
        if let base, isUnchanged(checked.text) { return .unchanged(base) }
        var text = checked.text
        if case .scenario(var s) = entity {
            s.updated = Self.updatedDate(s, before: base?.entity)
            text = CanonicalWriter.yaml(.scenario(s))
            if let base, isUnchanged(text) { return .unchanged(base) }
        }
        let expected: [String: String?] = [file: base?.hash]
        return try commit([(file, entity.kind, entity.id, text)], expecting: overwrite ? [:] : expected,
                          summary: summary, warnings: checked.diagnostics.filter { $0.severity == .warning })
    }

    /// The `updated` date a saved scenario gets: a date the user set (one differing from the file's)
    /// is kept; an edit of internal fields only (contact), which no published list shows, keeps the
    /// file's date; any other change is dated today.
    static func updatedDate(_ s: Scenario, before: Entity?) -> String? {
        guard case .scenario(let old)? = before else { return s.updated ?? Journal.today() }
        if s.updated != old.updated, s.updated != nil { return s.updated }
        func published(_ x: Scenario) -> String {
            CanonicalWriter.yaml(EntityEncoder.fields(.scenario(x), includeInternal: false).filter { $0.key != "updated" })
        }
        return published(s) == published(old) ? old.updated : Journal.today()
    }

    /// Creates many new entities as one change (one journal group: one `undo` removes them all).
    /// Each is checked as a save checks it, with the others' ids taken too; when any is invalid,
    /// nothing is written and the issues come back by entity id.
    public func create(_ entities: [Entity], summary: String) throws -> BatchOutcome {
        let known = try known()
        // Every id taken, once (index and disk), rather than a look-up per entity.
        var taken = Set(try index.pool.read { try String.fetchAll($0, sql: "SELECT id FROM entity") })
        for f in reader.layout.scanEntityFiles().files { taken.insert(f.stem) }
        var counts: [String: Int] = [:]
        for e in entities { counts[e.id, default: 0] += 1 }
        let today = Journal.today()
        // Checked on every core: each is written as canonical YAML and read back, as a save does.
        let checks = ParallelMap.map(entities) { [taken, counts] entity -> (id: String, issues: [FieldIssue], write: (String, EntityKind, String, String?)?) in
            var dated = entity
            if case .scenario(var s) = entity { s.updated = today; dated = .scenario(s) }
            let file = dated.relativePath
            let checked = EntityCheck.check(EntityEncoder.fields(dated), file: file, known: known)
            var issues = checked.issues.filter(\.isError)
            if taken.contains(entity.id) {
                issues.append(FieldIssue(path: "id", diagnostic: .error(file, SourcePosition(line: 2, column: 5), "id '\(entity.id)' is already used", code: "IdUsed", arguments: [entity.id])))
            }
            if counts[entity.id, default: 0] > 1 {
                issues.append(FieldIssue(path: "id", diagnostic: .error(file, .start, "id '\(entity.id)' is given twice", code: "IdTwice", arguments: [entity.id])))
            }
            guard issues.isEmpty, checked.isValid, let e = checked.entity else { return (entity.id, issues, nil) }
            return (entity.id, [], (e.relativePath, e.kind, e.id, checked.text))
        }
        var invalid: [(id: String, issues: [FieldIssue])] = []
        var writes: [(file: String, kind: EntityKind, id: String, text: String?)] = []
        for c in checks {
            if let w = c.write { writes.append(w) } else { invalid.append((c.id, c.issues)) }
        }
        // Models can form lineage cycles, which only the one-by-one check sees.
        for entity in entities where entity.kind == .model {
            let checked = try check(EntityEncoder.fields(entity), isNew: true, known: known)
            let errors = checked.issues.filter(\.isError)
            if !errors.isEmpty && !invalid.contains(where: { $0.id == entity.id }) { invalid.append((entity.id, errors)) }
        }
        if !invalid.isEmpty { return .invalid(invalid) }
        guard !writes.isEmpty else { return .saved(0, warnings: []) }
        let expected = Dictionary(uniqueKeysWithValues: writes.map { ($0.file, String?.none) })
        switch try commit(writes, expecting: expected, summary: summary, warnings: [], reopen: false) {
        case .saved(_, let warnings): return .saved(writes.count, warnings: warnings)
        case .changedOnDisk(let file, _): return .changedOnDisk(file: file)
        default: return .saved(writes.count, warnings: [])
        }
    }

    /// Saves a whole entity value (the CLI's `set`, `link`, `withdraw`).
    public func save(_ entity: Entity, base: EntityDocument?, overwrite: Bool = false, summary: String) throws -> ChangeOutcome {
        try save(EntityEncoder.fields(entity), base: base, overwrite: overwrite, summary: summary)
    }

    /// Saves YAML text typed in an external editor: checked as a file, written canonical.
    public func save(text: String, base: EntityDocument, overwrite: Bool = false, summary: String) throws -> ChangeOutcome {
        let checked = EntityCheck.check(text: text, file: base.file, known: try known())
        guard checked.isValid, let entity = checked.entity else { return .invalid(checked.issues.filter(\.isError)) }
        return try save(entity, base: base, overwrite: overwrite, summary: summary)
    }

    /// The text of entity `id`'s file as it is, even when it does not read (a syntax error, a
    /// wrong field): what an editor opens to repair it. Nil when there is no such file.
    public func openText(_ id: String) throws -> (file: String, text: String, hash: String)? {
        guard Identifier.isValid(id), let file = try file(of: id) else { return nil }
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(reader.layout.path(file), limit: YAMLReader.maxFileSize + 1) } catch {
            throw EditFailure.cannotRead(file, error)
        }
        return (file, String(decoding: bytes, as: UTF8.self), ContentHash.of(bytes))
    }

    /// A document for repairing entity `id`'s file in an editor when it does not read: the file's
    /// text with `errors` as comments on top, its hash, and a stand-in entity that carries only the
    /// kind and id (what a save needs to know where the file is). Saving it with `save(text:base:)`
    /// checks the text as any file and refuses when the file changed on disk since.
    public func openForRepair(_ id: String, errors: [Diagnostic]) throws -> EntityDocument? {
        guard let raw = try openText(id), let kind = EntityKind(directory: String(raw.file.prefix { $0 != "/" })) else { return nil }
        let standIn: Entity
        switch kind {
        case .scenario: standIn = .scenario(Scenario(id: id, title: id, sector: "", city: "", stage: .proposed, status: .draft))
        case .model: standIn = .model(Model(id: id, name: id, provider: "", filingKind: .filed, filingNo: "", status: .active))
        case .center: standIn = .center(Center(id: id, name: id, city: "", tier: .city, status: .planned, capacityPflopsFP16: 0))
        }
        return EntityDocument(entity: standIn, file: raw.file, hash: raw.hash, text: ExternalEditor.withErrorHeader(raw.text, errors: errors))
    }

    /// What refers to entity `id`: scenarios linking a model, models derived from it, compute rows naming a center.
    public func referrers(of id: String) throws -> [String] {
        var ids: [String] = []
        switch try index.kind(of: id) {
        case .model?:
            ids += try index.scenariosUsing(model: id).map(\.scenarioId)
            ids += try index.models(derivedFrom: id).map(\.id)
        case .center?:
            ids += try index.scenarios(needingCenter: id).map(\.scenarioId)
        default: break
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// Deletes entity `id`'s file. Refused while other entities refer to it, unless `unlink`, which
    /// removes those references in the same change (links to a model, `base_model`, compute rows' `center`).
    public func delete(_ document: EntityDocument, unlink: Bool = false, overwrite: Bool = false) throws -> ChangeOutcome {
        let id = document.entity.id
        let referrers = try referrers(of: id)
        if !referrers.isEmpty && !unlink { return .referenced(referrers) }
        var writes: [(String, EntityKind, String, String?)] = []
        var expected: [String: String?] = overwrite ? [:] : [document.file: document.hash]
        for other in referrers {
            let doc = try open(other)
            let changed: Entity
            switch doc.entity {
            case .scenario(var s):
                s.models.removeAll { $0.model == id }
                for i in s.compute.indices where s.compute[i].center == id { s.compute[i].center = nil }
                s.updated = Journal.today()
                changed = .scenario(s)
            case .model(var m):
                if m.baseModel == id { m.baseModel = nil }
                changed = .model(m)
            case .center:
                continue
            }
            writes.append((doc.file, doc.entity.kind, other, CanonicalWriter.yaml(changed)))
            if !overwrite { expected[doc.file] = doc.hash }
        }
        writes.append((document.file, document.entity.kind, id, nil))
        let summary = referrers.isEmpty ? "delete" : "delete (unlinked from \(referrers.count))"
        return try commit(writes, expecting: expected, summary: summary, warnings: [])
    }

    /// Reverts the most recent change of this session (or of any session, for `scencat undo`) that
    /// is not undone yet; repeat to go further back. Refused when a file changed since.
    public func undo(anySession: Bool = false) throws -> ChangeOutcome {
        let entries = try journal.lastUndoable(session: anySession ? nil : session)
        guard !entries.isEmpty else { return .nothingToUndo }
        return try revert(entries, summary: "undo: \(entries[0].summary)", action: "undo")
    }

    /// Writes back each entry's `before`, provided every file still holds its `after`; journalled
    /// as `action`, marking the group reverted.
    private func revert(_ entries: [JournalEntry], summary: String, action: String) throws -> ChangeOutcome {
        var writes: [(String, EntityKind, String, String?)] = []
        var expected: [String: String?] = [:]
        for e in entries.reversed() {
            writes.append((e.file, e.kind, e.id, e.before))
            expected[e.file] = e.after.map { ContentHash.of(Array($0.utf8)) }
        }
        return try commit(writes, expecting: expected, summary: summary, warnings: [], undoing: entries[0].group, action: action)
    }

    /// The change `undo` would revert now, without reverting it (to ask before undoing a
    /// creation or a deletion).
    public func nextUndo(anySession: Bool = false) throws -> [JournalEntry] {
        try journal.lastUndoable(session: anySession ? nil : session)
    }

    /// Re-applies what the most recent undo reverted, when no other change came after it.
    /// Refused, like undo, when a file changed since the undo.
    public func redo(anySession: Bool = false) throws -> ChangeOutcome {
        let entries = try journal.lastRedoable(session: anySession ? nil : session)
        guard !entries.isEmpty else { return .nothingToRedo }
        let summary = entries[0].summary.hasPrefix("undo: ") ? String(entries[0].summary.dropFirst(6)) : entries[0].summary
        return try revert(entries, summary: "redo: \(summary)", action: "redo")
    }

    /// The journal's record of entity `id`, newest first.
    public func history(of id: String) throws -> [JournalEntry] {
        try journal.history(of: id)
    }

    /// Writes (text) or removes (nil) files under the write lock, after checking each file's hash
    /// against `expected` (a nil hash: the file must not exist), then indexes them and journals.
    func commit(_ writes: [(file: String, kind: EntityKind, id: String, text: String?)],
                        expecting expected: [String: String?], summary: String, warnings: [Diagnostic],
                        undoing: Int64? = nil, action: String? = nil, reopen: Bool = true) throws -> ChangeOutcome {
        let lock = try WriteLock(catalogRoot: root)
        defer { lock.release() }
        var befores: [String: String?] = [:]
        var formerBytes: [String: [UInt8]] = [:]
        for w in writes {
            let path = reader.layout.path(w.file)
            let current: [UInt8]? = access(path, F_OK) == 0 ? (try? AtomicFile.read(path)) : nil
            if let current { formerBytes[w.file] = current }
            if let want = expected[w.file] {
                let now = current.map { ContentHash.of($0) }
                if now != want {
                    return .changedOnDisk(file: w.file, current: current.map { String(decoding: $0, as: UTF8.self) })
                }
            }
            befores[w.file] = current.map { String(decoding: $0, as: UTF8.self) }
        }
        for w in writes {
            if let error = reader.layout.folderError(w.kind.directory, file: reader.layout.path(w.file)) { throw error }
        }
        let texts = writes.compactMap { w in w.text.map { (path: reader.layout.path(w.file), bytes: Array($0.utf8)) } }
        for dir in Set(texts.map { AtomicFile.directory(of: $0.path) }) { try AtomicFile.makeDirectories(dir) }
        if texts.count > 1 && texts.allSatisfy({ AtomicFile.mode(of: $0.path) == nil }) {
            // New files only (an import): one flush of the file system for all of them.
            try AtomicFile.writeAll(texts)
        } else {
            // A save keeps the file's mode (a group-writable file stays so).
            for t in texts { try AtomicFile.write(t.bytes, to: t.path, mode: AtomicFile.mode(of: t.path) ?? 0o644) }
        }
        for w in writes where w.text == nil {
            let path = reader.layout.path(w.file)
            if unlink(path) != 0 && errno != ENOENT {
                throw FileError.posix(path, "cannot remove")
            }
        }
        let report = try Indexer(root: root, store: index).run(only: writes.map(\.file), previous: formerBytes)
        var notes = warnings
        if !report.committed {
            notes += report.diagnostics
            notes.append(.warning(writes[0].file, .start, "the file is saved but the index was not updated; run `scencat index`", code: "IndexNotUpdated"))
        }
        let changes = writes.map { w -> Journal.Change in
            let before = befores[w.file] ?? nil
            let action = action ?? (w.text == nil ? "delete" : (before == nil ? "create" : "update"))
            return Journal.Change(action: action, kind: w.kind, id: w.id, file: w.file, before: before, after: w.text, summary: summary)
        }
        try journal.record(changes, session: session, undoing: undoing)
        var docs: [EntityDocument] = []
        for w in writes where w.text != nil && reopen {
            if let doc = try? openFile(w.file) { docs.append(doc) }
        }
        return .saved(docs, warnings: notes)
    }
}

extension CheckedEntity {
    /// Field paths by the line their problems were reported on.
    static func pathsByLine(_ issues: [FieldIssue]) -> [Int: String] {
        var map: [Int: String] = [:]
        for i in issues where !i.path.isEmpty { map[i.diagnostic.position.line] = i.path }
        return map
    }
}

extension IndexStore {
    /// Every model id with its status, and every center id: what references may point at.
    public func modelAndCenterIds() throws -> (models: [String: String?], centers: Set<String>) {
        try pool.read { db in
            var models: [String: String?] = [:]
            var centers: Set<String> = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, kind, status FROM entity WHERE kind IN ('Model', 'Center')")
            while let row = try rows.next() {
                let kind: String = row[1]
                if kind == "Model" { models[row[0]] = .some(row[2]) } else { centers.insert(row[0]) }
            }
            return (models, centers)
        }
    }
}

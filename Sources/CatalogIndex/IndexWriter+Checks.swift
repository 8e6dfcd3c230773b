import CatalogCore
import GRDB

/// Cross-file checks run inside the write transaction, against the index as it would be committed.
extension IndexWriter {
    /// Every reference in the index whose target does not exist, ordered by file and position:
    /// sector, city and accelerator references are checked against the stored taxonomy, model
    /// and center references against the entities of that kind. About a second at 100,000
    /// scenarios; `danglingReferencesOfChanges()` is the incremental form.
    public func danglingReferences() throws -> [DanglingReference] {
        try restoreIndexes()
        return try IndexWriter.dangling(db, where: "1")
    }

    /// The dangling references this transaction's changes can have made: those of the entities
    /// written, those pointing at ids removed, and every taxonomy reference when a sector, city or
    /// accelerator went away. Equals `danglingReferences()` whenever the index had none before —
    /// which holds for an index only ever committed after a clean check — and takes milliseconds
    /// for a few hundred changed files. After a bulk load it is the full check.
    public func danglingReferencesOfChanges() throws -> [DanglingReference] {
        try restoreIndexes()
        if changes.everything { return try IndexWriter.dangling(db, where: "1") }
        var found = Set<DanglingReference>()
        if changes.taxonomyShrunk {
            found.formUnion(try IndexWriter.dangling(db, where: "r.kind IN ('sector', 'city', 'accelerator')"))
        }
        for (condition, arguments) in changedRowConditions() {
            found.formUnion(try IndexWriter.dangling(db, where: condition, arguments))
        }
        for id in changes.removedIds {
            found.formUnion(try IndexWriter.dangling(db, where: "r.target = ? AND r.kind IN ('model', 'center')", [id]))
        }
        return found.sorted(by: IndexWriter.filePositionOrder)
    }

    /// The entity rows this transaction wrote, as conditions on `ref r`: one per row for a few,
    /// one for all (a `json_each` of their keys) for many — an import of 10,000 ran 10,000 queries
    /// of each kind, 0.1 s at 10k and 0.2 s at 100k.
    func changedRowConditions() -> [(String, StatementArguments)] {
        if changes.rows.count <= IndexWriter.rowsCheckedOneByOne { return changes.rows.map { ("r.entity = ?", [$0]) } }
        let keys = "[" + changes.rows.map(String.init).joined(separator: ",") + "]"
        return [("r.entity IN (SELECT value FROM json_each(?))", [keys])]
    }

    static let rowsCheckedOneByOne = 64

    static func filePositionOrder(_ a: DanglingReference, _ b: DanglingReference) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.position != b.position { return a.position < b.position }
        return a.field < b.field
    }

    /// Dangling references among those `condition` selects (on `ref r` joined to its `entity e`).
    /// The statement is cached: an import of 10,000 scenarios runs it once per new entity, and
    /// compiling it each time (with GRDB's authorizer) was a fifth of that import's CPU.
    static func dangling(_ db: Database, where condition: String, _ arguments: StatementArguments = []) throws -> [DanglingReference] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT e.id, e.file, r.kind, r.target, r.line, r.col, r.field
            FROM ref r JOIN entity e ON e.pk = r.entity
            WHERE \(condition) AND CASE r.kind
                WHEN 'model' THEN NOT EXISTS (SELECT 1 FROM entity t WHERE t.id = r.target AND t.kind = 'Model')
                WHEN 'center' THEN NOT EXISTS (SELECT 1 FROM entity t WHERE t.id = r.target AND t.kind = 'Center')
                WHEN 'sector' THEN NOT EXISTS (SELECT 1 FROM taxonomy_sector t WHERE t.id = r.target)
                WHEN 'city' THEN NOT EXISTS (SELECT 1 FROM taxonomy_city t WHERE t.id = r.target)
                WHEN 'accelerator' THEN NOT EXISTS (SELECT 1 FROM taxonomy_accelerator t WHERE t.id = r.target)
                ELSE 1 END
            ORDER BY e.file, r.line, r.col
            """), arguments: arguments)
        var result: [DanglingReference] = []
        while let row = try rows.next() {
            let kind = ReferenceKind(rawValue: row[2]) ?? .model
            let ref = Reference(kind, row[3], at: SourcePosition(line: row[4], column: row[5]), field: row[6])
            result.append(DanglingReference(fromId: row[0], file: row[1], reference: ref))
        }
        return result
    }

    /// The diagnostics `CrossCheck.checkReferences` gives, in the same words: an error per
    /// dangling reference (with "did you mean"), and a warning per link from a scenario that is
    /// not withdrawn to a model that is not active. With `changesOnly`, only what this
    /// transaction's changes can have caused (see `danglingReferencesOfChanges()`).
    /// `unreadable`: model and center ids of files that failed to read this run (already reported);
    /// references to them are not reported again.
    public func referenceDiagnostics(changesOnly: Bool = false, unreadable: Set<String> = []) throws -> [Diagnostic] {
        var diags: [Diagnostic] = []
        var candidates: [ReferenceKind: [String]] = [:]
        for d in try changesOnly ? danglingReferencesOfChanges() : danglingReferences()
        where !((d.kind == .model || d.kind == .center) && unreadable.contains(d.target)) {
            if candidates[d.kind] == nil { candidates[d.kind] = try hintCandidates(d.kind) }
            diags.append(.unknownReference(d.file, d.position, d.kind, d.target, d.field, candidates: candidates[d.kind] ?? []))
        }
        let inactiveLinks = """
            SELECT s.file, r.line, r.col, r.target, m.status
            FROM ref r JOIN entity s ON s.pk = r.entity JOIN entity m ON m.id = r.target AND m.kind = 'Model'
            WHERE r.kind = 'model' AND s.kind = 'Scenario' AND s.status <> 'withdrawn' AND m.status <> 'active'
            """
        func warn(_ condition: String, _ arguments: StatementArguments = []) throws {
            let rows = try Row.fetchCursor(db.cachedStatement(sql: inactiveLinks + condition), arguments: arguments)
            while let row = try rows.next() {
                diags.append(.inactiveModel(row[0], SourcePosition(line: row[1], column: row[2]), row[3], status: row[4]))
            }
        }
        if !changesOnly || changes.everything {
            try warn("")
        } else {
            // Links from scenarios written, and links to models written (whose status may be new).
            for (condition, arguments) in changedRowConditions() { try warn(" AND " + condition, arguments) }
            for id in changes.models { try warn(" AND r.target = ? AND r.kind IN ('model', 'center')", [id]) }
        }
        return Array(Set(diags)).sortedForDisplay()
    }

    /// The ids a dangling reference might have meant (models only while there are few enough to
    /// compare against, as in `CrossCheck.Known`).
    private func hintCandidates(_ kind: ReferenceKind) throws -> [String] {
        switch kind {
        case .sector: return try String.fetchAll(db, sql: "SELECT id FROM taxonomy_sector")
        case .city: return try String.fetchAll(db, sql: "SELECT id FROM taxonomy_city")
        case .accelerator: return try String.fetchAll(db, sql: "SELECT id FROM taxonomy_accelerator")
        case .center: return try String.fetchAll(db, sql: "SELECT id FROM entity WHERE kind = 'Center'")
        case .model:
            let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM entity WHERE kind = 'Model'") ?? 0
            return n <= 5_000 ? try String.fetchAll(db, sql: "SELECT id FROM entity WHERE kind = 'Model'") : []
        }
    }

    /// Every model's `base_model` edge (model id, base id), for the lineage cycle check.
    public func baseModelEdges() throws -> [(id: String, base: String)] {
        try Row.fetchAll(db, sql: "SELECT id, base_model FROM entity WHERE base_model IS NOT NULL ORDER BY id").map { ($0[0], $0[1]) }
    }

    /// Every model with a `base_model`, as the `EntitySummary` that `CrossCheck.lineageCycles`
    /// takes (it reports a cycle at each member's `base_model` position).
    public func lineageSummaries() throws -> [EntitySummary] {
        try Row.fetchAll(db, sql: """
            SELECT e.id, e.file, r.target, r.line, r.col, r.field
            FROM entity e JOIN ref r ON r.entity = e.pk AND r.field = 'base_model'
            WHERE e.kind = 'Model' ORDER BY e.id
            """).map { row in
            let ref = Reference(.model, row[2], at: SourcePosition(line: row[3], column: row[4]), field: row[5])
            return EntitySummary(file: row[1], kind: .model, id: row[0], idPosition: .start, references: [ref])
        }
    }
}

extension Diagnostic {
    /// A reference to nothing the catalogue holds, with the closest id as "did you mean" — worded
    /// alike by the SQL checks and a full load's checks in memory (`FullLoadCheck`).
    static func unknownReference(_ file: String, _ position: SourcePosition, _ kind: ReferenceKind, _ target: String,
                                 _ field: String, candidates: [String]) -> Diagnostic {
        let closest = Suggest.closest(to: target, in: candidates)
        return .error(file, position, "unknown \(kind.rawValue) '\(target)' in '\(field)' (see \(kind.home))\(Suggest.hint(target, candidates))",
                      code: closest == nil ? "UnknownReference" : "UnknownReferenceHint",
                      arguments: [kind.rawValue, target, field, kind.home, closest ?? ""])
    }

    /// A live scenario linking a model that is not active.
    static func inactiveModel(_ file: String, _ position: SourcePosition, _ model: String, status: String) -> Diagnostic {
        .warning(file, position, "model '\(model)' is \(status)", code: "ModelStatus", arguments: [model, status])
    }
}

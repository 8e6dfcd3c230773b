import CatalogCore

/// The reference checks of a bulk load (`index --rebuild`, a first index), made in memory as the
/// rows are written. Every entity the index then holds comes from this run, so the model and
/// center ids are exactly those stored, and a `Set` decides each reference in nanoseconds where
/// the SQL over every `ref` row costs seconds at 100,000 scenarios. The diagnostics are those of
/// `IndexWriter.referenceDiagnostics()`, word for word (tests compare both).
///
/// A reference is decided when it is met if its target is known by then (files are loaded in
/// path order: centers and models before the scenarios that name them); the few left — a model's
/// base model later in its folder, a dangling one — wait for `diagnostics`. Nothing of an entity
/// is kept beyond its id and, for a model, its status.
struct FullLoadCheck {
    private let sectors: Set<String>, cities: Set<String>, accelerators: Set<String>
    private var models: [String: String] = [:]
    private var centers: Set<String> = []
    private var waiting: [(file: String, fromLiveScenario: Bool, reference: Reference)] = []
    private var dangling: [(file: String, reference: Reference)] = []
    private var warnings: [Diagnostic] = []

    init(taxonomy: Taxonomy) {
        sectors = Set(taxonomy.sectors.map(\.id))
        cities = Set(taxonomy.cities.map(\.id))
        accelerators = Set(taxonomy.accelerators.map(\.id))
    }

    /// An entity the writer stored (not one it refused as a duplicate id).
    mutating func stored(_ item: IndexItem) {
        let entity = item.entity
        switch entity {
        case .model(let m): models[m.id] = m.status.rawValue
        case .center(let c): centers.insert(c.id)
        case .scenario: break
        }
        var live = false
        if case .scenario(let s) = entity { live = s.status != .withdrawn }
        for r in item.references {
            switch r.kind {
            case .sector: if !sectors.contains(r.target) { dangling.append((item.file.path, r)) }
            case .city: if !cities.contains(r.target) { dangling.append((item.file.path, r)) }
            case .accelerator: if !accelerators.contains(r.target) { dangling.append((item.file.path, r)) }
            case .model, .center:
                if !decide(item.file.path, live, r) { waiting.append((item.file.path, live, r)) }
            }
        }
    }

    /// Decides a model or center reference whose target is known; false when it is not (yet).
    private mutating func decide(_ file: String, _ fromLiveScenario: Bool, _ r: Reference) -> Bool {
        if r.kind == .center { return centers.contains(r.target) }
        guard let status = models[r.target] else { return false }
        if fromLiveScenario && status != ModelStatus.active.rawValue {
            warnings.append(.inactiveModel(file, r.position, r.target, status: status))
        }
        return true
    }

    /// Every diagnostic, once all entities are stored. `unreadable`: model and center ids of
    /// files that failed to read (already reported), which references are not reported against.
    mutating func diagnostics(unreadable: Set<String>) -> [Diagnostic] {
        let undecided = waiting
        waiting = []
        for (file, live, r) in undecided where !decide(file, live, r) && !unreadable.contains(r.target) {
            dangling.append((file, r))
        }
        var diags = warnings
        var candidates: [ReferenceKind: [String]] = [:]
        for (file, r) in dangling {
            if candidates[r.kind] == nil { candidates[r.kind] = hintCandidates(r.kind) }
            diags.append(.unknownReference(file, r.position, r.kind, r.target, r.field, candidates: candidates[r.kind] ?? []))
        }
        return Array(Set(diags)).sortedForDisplay()
    }

    /// What `IndexWriter` offers as "did you mean", in its order (models only while there are few enough).
    private func hintCandidates(_ kind: ReferenceKind) -> [String] {
        switch kind {
        case .sector: return sectors.sorted()
        case .city: return cities.sorted()
        case .accelerator: return accelerators.sorted()
        case .center: return centers.sorted()
        case .model: return models.count <= 5_000 ? models.keys.sorted() : []
        }
    }
}

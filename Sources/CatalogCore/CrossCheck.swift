/// What cross-file checks need to know of one entity: small enough to keep for 100,000 files.
public struct EntitySummary: Sendable {
    public var file: String
    public var kind: EntityKind
    public var id: String
    public var idPosition: SourcePosition
    public var references: [Reference]
    /// Model status or scenario status, for warnings about links to withdrawn models.
    public var status: String?

    public init(file: String, kind: EntityKind, id: String, idPosition: SourcePosition, references: [Reference], status: String? = nil) {
        self.file = file
        self.kind = kind
        self.id = id
        self.idPosition = idPosition
        self.references = references
        self.status = status
    }

    /// The summary of a decoded file. A file too broken to give its kind or id stands in with its
    /// folder's kind and its file name, so references to it don't cascade into "unknown" errors.
    public init?(_ decoded: DecodedEntity) {
        let parts = decoded.file.split(separator: "/")
        var stem = String(parts.last ?? "")
        if stem.hasSuffix(".yaml") { stem.removeLast(5) }
        let folderKind = parts.count >= 2 ? EntityKind(directory: String(parts[parts.count - 2])) : nil
        guard let kind = decoded.kind ?? folderKind,
              let id = decoded.id ?? (Identifier.isValid(stem) ? stem : nil) else { return nil }
        var status: String?
        switch decoded.entity {
        case .scenario(let s): status = s.status.rawValue
        case .model(let m): status = m.status.rawValue
        case .center(let c): status = c.status.rawValue
        case nil: status = nil
        }
        self.init(file: decoded.file, kind: kind, id: id, idPosition: decoded.idPosition, references: decoded.references, status: status)
    }

    /// The base model this entity names, when it is a model.
    public var baseModel: String? {
        kind == .model ? references.first { $0.field == "base_model" }?.target : nil
    }
}

extension ReferenceKind {
    /// Sectors, cities and accelerators come from taxonomy files; models and centers from entity files.
    var isTaxonomy: Bool { self == .sector || self == .city || self == .accelerator }
}

/// The rules that span files: unique ids, references that resolve, lineage without cycles.
public enum CrossCheck {
    /// Which ids exist, by what they are referred to as.
    public struct Known: Sendable {
        public var sectors: Set<String>
        public var cities: Set<String>
        public var accelerators: Set<String>
        public var models: [String: String?]   // id → status
        public var centers: Set<String>

        public init(taxonomy: Taxonomy, models: [String: String?] = [:], centers: Set<String> = []) {
            sectors = Set(taxonomy.sectors.map(\.id))
            cities = Set(taxonomy.cities.map(\.id))
            accelerators = Set(taxonomy.accelerators.map(\.id))
            self.models = models
            self.centers = centers
        }

        func contains(_ r: Reference) -> Bool {
            switch r.kind {
            case .sector: return sectors.contains(r.target)
            case .city: return cities.contains(r.target)
            case .accelerator: return accelerators.contains(r.target)
            case .model: return models[r.target] != nil
            case .center: return centers.contains(r.target)
            }
        }

        func candidates(_ kind: ReferenceKind) -> [String] {
            switch kind {
            case .sector: return Array(sectors)
            case .city: return Array(cities)
            case .accelerator: return Array(accelerators)
            case .model: return models.count <= 5000 ? Array(models.keys) : []
            case .center: return Array(centers)
            }
        }
    }

    /// Checks `entities` (the whole catalogue) against each other and the taxonomy.
    public static func check(_ entities: [EntitySummary], taxonomy: Taxonomy) -> [Diagnostic] {
        var diags: [Diagnostic] = []
        var firstFile: [String: EntitySummary] = [:]
        var models: [String: String?] = [:]
        var centers: Set<String> = []
        for e in entities {
            if let other = firstFile[e.id] {
                diags.append(.error(e.file, e.idPosition, "duplicate id '\(e.id)': also used by \(other.file)", code: "DuplicateId", arguments: [e.id, other.file]))
                continue
            }
            firstFile[e.id] = e
            switch e.kind {
            case .model: models[e.id] = e.status
            case .center: centers.insert(e.id)
            case .scenario: break
            }
        }
        let known = Known(taxonomy: taxonomy, models: models, centers: centers)
        for e in entities {
            diags.append(contentsOf: checkReferences(of: e, known: known))
        }
        diags.append(contentsOf: lineageCycles(entities.filter { $0.kind == .model && firstFile[$0.id]?.file == $0.file }))
        return diags
    }

    /// Dangling references of one entity, and warnings for links to withdrawn or suspended models.
    public static func checkReferences(of e: EntitySummary, known: Known) -> [Diagnostic] {
        var diags: [Diagnostic] = []
        for r in e.references {
            if !known.contains(r) {
                let candidates = known.candidates(r.kind)
                let hint = Suggest.hint(r.target, candidates)
                // An empty taxonomy is almost always a missing or broken file: say so rather than "see" it.
                let none = candidates.isEmpty && r.kind.isTaxonomy
                let see = none ? "\(r.kind.home) lists none" : "see \(r.kind.home)"
                let closest = Suggest.closest(to: r.target, in: candidates)
                diags.append(.error(e.file, r.position, "unknown \(r.kind.rawValue) '\(r.target)' in '\(r.field)' (\(see))\(hint)",
                                    code: none ? "UnknownReferenceNone" : closest == nil ? "UnknownReference" : "UnknownReferenceHint",
                                    arguments: [r.kind.rawValue, r.target, r.field, r.kind.home, closest ?? ""]))
            } else if r.kind == .model, e.kind == .scenario, e.status != ScenarioStatus.withdrawn.rawValue,
                      let status = known.models[r.target] ?? nil, status != ModelStatus.active.rawValue {
                diags.append(.warning(e.file, r.position, "model '\(r.target)' is \(status)", code: "ModelStatus", arguments: [r.target, status]))
            }
        }
        return diags
    }

    /// One error per cycle in `base_model` lineage, reported at each member's `base_model` value.
    public static func lineageCycles(_ models: [EntitySummary]) -> [Diagnostic] {
        var base: [String: (String, EntitySummary)] = [:]
        for m in models {
            if let b = m.baseModel { base[m.id] = (b, m) }
        }
        var state: [String: Int] = [:]   // 1 = on the current path, 2 = done
        var diags: [Diagnostic] = []
        for start in base.keys.sorted() where state[start] == nil {
            var path: [String] = []
            var cur: String? = start
            while let c = cur, state[c] == nil {
                state[c] = 1
                path.append(c)
                cur = base[c]?.0
            }
            // A model naming itself is reported by EntityDecoder, per file; only longer cycles are reported here.
            if let c = cur, state[c] == 1, let idx = path.firstIndex(of: c), path.count - idx > 1 {
                let cycle = Array(path[idx...])
                let text = (cycle + [c]).joined(separator: " → ")
                for id in cycle {
                    guard let (_, m) = base[id], let r = m.references.first(where: { $0.field == "base_model" }) else { continue }
                    diags.append(.error(m.file, r.position, "base_model lineage forms a cycle: \(text)", code: "Cycle", arguments: [text]))
                }
            }
            for p in path { state[p] = 2 }
        }
        return diags
    }
}

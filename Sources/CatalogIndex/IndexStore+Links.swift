import CatalogCore
import GRDB

/// A scenario linking a model, seen from the model.
public struct ModelUse: Sendable, Hashable {
    public var scenarioId: String
    public var title: String
    public var status: String
    public var role: ModelRole
}

/// A scenario's compute row at a center, seen from the center.
public struct CenterUse: Sendable, Hashable {
    public var scenarioId: String
    public var title: String
    public var status: String
    public var row: Int
    public var workload: Workload
    /// nil when the row's accelerator is unknown.
    public var pflops: Double?
    public var from: Quarter
    public var until: Quarter?
}

/// A scenario's model link with the model resolved (name nil when the model does not exist).
public struct LinkedModel: Sendable, Hashable {
    public var id: String
    public var role: ModelRole
    public var name: String?
    public var provider: String?
    public var status: String?
}

/// A scenario's compute row with its center resolved and its PFLOPS computed.
public struct LinkedCompute: Sendable, Hashable {
    public var row: Int
    public var need: ComputeNeed
    /// nil when the row names no center or the center does not exist.
    public var centerName: String?
    /// FP16 PFLOPS; nil when the accelerator is unknown.
    public var pflops: Double?
}

/// What a scenario links to, resolved for display.
public struct ScenarioLinks: Sendable, Hashable {
    public var models: [LinkedModel]
    public var compute: [LinkedCompute]
}

extension IndexStore {
    /// Scenarios linking `model`, by scenario id (`limit` nil for all).
    public func scenariosUsing(model: String, limit: Int? = nil) throws -> [ModelUse] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.id, s.name, s.status, l.role FROM scenario_model l JOIN entity s ON s.pk = l.scenario
                WHERE l.model_id = ? ORDER BY s.id LIMIT \(limit ?? -1)
                """, arguments: [model]).map {
                ModelUse(scenarioId: $0[0], title: $0[1], status: $0[2], role: ModelRole(rawValue: $0[3]) ?? .candidate)
            }
        }
    }

    /// Compute rows that name `center`, by scenario id then row (`limit` nil for all).
    public func scenarios(needingCenter center: String, limit: Int? = nil) throws -> [CenterUse] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.id, s.name, s.status, c.row, c.workload, c.pflops, c.from_q, c.until_q
                FROM compute_need c JOIN entity s ON s.pk = c.scenario
                WHERE c.center_id = ? ORDER BY s.id, c.row LIMIT \(limit ?? -1)
                """, arguments: [center]).map {
                CenterUse(scenarioId: $0[0], title: $0[1], status: $0[2], row: $0[3],
                          workload: Workload(rawValue: $0[4]) ?? .inference, pflops: $0[5],
                          from: Quarter(ordinal: $0[6]), until: ($0[7] as Int?).map(Quarter.init(ordinal:)))
            }
        }
    }

    /// Models whose `base_model` is `model`, by id.
    public func models(derivedFrom model: String) throws -> [EntityRow] {
        try list(ListQuery(kind: .model, baseModel: model, limit: nil))
    }

    /// `model`'s ancestors, nearest first, following `base_model` until a missing model or a
    /// repeat (a cycle stops the walk; validation reports it).
    public func lineage(ofModel model: String) throws -> [String] {
        try pool.read { db in
            var chain: [String] = []
            var seen: Set<String> = [model]
            var current = model
            while let base = try String.fetchOne(db, sql: "SELECT base_model FROM entity WHERE id = ? AND kind = 'Model'", arguments: [current]),
                  !seen.contains(base) {
                chain.append(base)
                seen.insert(base)
                current = base
            }
            return chain
        }
    }

    /// The models and compute of scenario `id`, resolved with names; nil when no such scenario.
    public func links(ofScenario id: String) throws -> ScenarioLinks? {
        try pool.read { db in
            guard let pk = try Int64.fetchOne(db, sql: "SELECT pk FROM entity WHERE id = ? AND kind = 'Scenario'", arguments: [id]) else {
                return nil
            }
            let models = try Row.fetchAll(db, sql: """
                SELECT l.model_id, l.role, m.name, m.provider, m.status
                FROM scenario_model l LEFT JOIN entity m ON m.id = l.model_id AND m.kind = 'Model'
                WHERE l.scenario = ? ORDER BY l.model_id
                """, arguments: [pk]).map {
                LinkedModel(id: $0[0], role: ModelRole(rawValue: $0[1]) ?? .candidate, name: $0[2], provider: $0[3], status: $0[4])
            }
            let compute = try Row.fetchAll(db, sql: """
                SELECT c.row, c.workload, c.amount, c.unit, c.accelerator, c.precision, c.center_id, c.from_q, c.until_q, c.pflops, k.name
                FROM compute_need c LEFT JOIN entity k ON k.id = c.center_id AND k.kind = 'Center'
                WHERE c.scenario = ? ORDER BY c.row
                """, arguments: [pk]).map { r in
                let need = ComputeNeed(workload: Workload(rawValue: r[1]) ?? .inference, amount: r[2],
                                       unit: ComputeUnit(rawValue: r[3]) ?? .pflops, accelerator: r[4],
                                       precision: (r[5] as String?).flatMap(Precision.init(rawValue:)), center: r[6],
                                       from: Quarter(ordinal: r[7]), until: (r[8] as Int?).map(Quarter.init(ordinal:)))
                return LinkedCompute(row: r[0], need: need, centerName: r[10], pflops: r[9])
            }
            return ScenarioLinks(models: models, compute: compute)
        }
    }
}

/// An entity's links resolved both ways, as `show` prints them and the terminal UI's detail page
/// lists them: a scenario's models and compute rows; a model's lineage, derived models and the
/// scenarios using it; the scenarios needing a center.
public struct EntityLinks: Sendable, Hashable {
    public var scenario: ScenarioLinks?
    public var usedBy: [ModelUse] = []
    public var derived: [EntityRow] = []
    /// Base models, nearest first.
    public var lineage: [String] = []
    public var neededBy: [CenterUse] = []
    public init() {}
}

extension IndexStore {
    /// The links of `entity`, both ways; `limit` caps the referrers listed (nil: all).
    public func links(of entity: Entity, limit: Int? = nil) throws -> EntityLinks {
        var l = EntityLinks()
        switch entity {
        case .scenario(let s): l.scenario = try links(ofScenario: s.id)
        case .model(let m):
            l.usedBy = try scenariosUsing(model: m.id, limit: limit)
            l.derived = try models(derivedFrom: m.id)
            l.lineage = try lineage(ofModel: m.id)
        case .center(let c): l.neededBy = try scenarios(needingCenter: c.id, limit: limit)
        }
        return l
    }
}

import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation

/// A model a listed scenario names, resolved to what the registry says about it.
public struct ResolvedModel: Sendable, Hashable {
    public var link: ModelLink
    public var name: String?
    public var provider: String?
    public var filingKind: FilingKind?
    public var filingNo: String?
    /// What the filing registers say of the model (set when the list is checked against them).
    public var register: RegisterFinding? = nil
}

/// A compute row of a listed scenario, with its center's name and its PFLOPS (FP16 dense).
public struct ResolvedCompute: Sendable, Hashable {
    public var need: ComputeNeed
    public var centerName: String?
    /// nil when the accelerator is unknown (a valid catalogue has none).
    public var pflops: Double?
    /// Whether the row counts in the quarter of the list.
    public var active: Bool
}

/// One scenario as a published list shows it: the public fields, names resolved, the quarter's compute.
public struct ListedScenario: Sendable, Hashable {
    /// The scenario with every internal field emptied.
    public var scenario: Scenario
    public var sectorName: String
    public var cityName: String
    public var models: [ResolvedModel]
    public var compute: [ResolvedCompute]
    /// PFLOPS (FP16 dense) of the rows active in the quarter, rounded to 0.001.
    public var quarterPflops: Double

    public var id: String { scenario.id }
}

/// What a quarter's list holds: the scenarios it lists and the withdrawn ones it leaves out.
public struct Selection: Sendable {
    public var quarter: Quarter
    public var catalogName: String
    /// Listed scenarios, by id.
    public var scenarios: [ListedScenario]
    /// Withdrawn scenarios that would otherwise be listed (since ≤ quarter), by id: a later diff
    /// tells a withdrawal from a removal by them.
    public var withdrawn: [String]
    public var taxonomy: Taxonomy
    /// Centers booked at or above the catalogue's warning threshold in the quarter: reported by
    /// `publish` and recorded in the manifest, never a reason to refuse.
    public var oversubscribed: [Oversubscription.Load] = []
    /// Why each withdrawn scenario was withdrawn (`withdrawn_reason`), by id, where the file says.
    public var withdrawnReasons: [String: String] = [:]

    /// Total PFLOPS of the list in its quarter.
    public var totalPflops: Double { Figures.round3(scenarios.reduce(0) { $0 + $1.quarterPflops }) }

    /// Listed scenarios per sector, in the taxonomy's order (sectors with none left out; unknown
    /// sector ids, which a valid catalogue has none of, last).
    public var bySector: [(sector: Sector, scenarios: [ListedScenario])] {
        var groups: [String: [ListedScenario]] = [:]
        for s in scenarios { groups[s.scenario.sector, default: []].append(s) }
        var out: [(Sector, [ListedScenario])] = []
        for sector in taxonomy.sectors { if let g = groups.removeValue(forKey: sector.id) { out.append((sector, g)) } }
        for key in groups.keys.sorted() { out.append((Sector(id: key, zh: key, en: key), groups[key]!)) }
        return out
    }
}

extension Selection {
    /// The index query behind a quarter's list: approved, `since` at or before the quarter. The
    /// query also gives scenarios without `since`, which are not listed (the format warns about
    /// them: an approved scenario with no `since` appears in no published list); `load` drops them.
    public static func query(for quarter: Quarter, status: ScenarioStatus = .approved) -> ListQuery {
        ListQuery(kind: .scenario, status: status.rawValue, since: .upTo(quarter), sort: .id, limit: nil)
    }

    /// Reads the selection for `quarter` from an index that is up to date and valid.
    ///
    /// The index decides which scenarios are listed and resolves models, centers and taxonomies;
    /// the listed scenarios' own fields come from their files (the truth), read on every core —
    /// faster than decoding the index's JSON copies — and each file must still hash to what the
    /// index recorded, so the list is exactly the indexed, validated catalogue.
    public static func load(store: IndexStore, quarter: Quarter, catalogRoot: String) throws -> Selection {
        let rows = try store.list(query(for: quarter)).filter { $0.since != nil }
        // The rest of the index is read on another thread while the listed files are read and parsed.
        let lookups = Background {
            try Lookups(taxonomy: store.taxonomy(), info: store.catalogInfo(),
                        withdrawn: store.list(query(for: quarter, status: .withdrawn)).filter { $0.since != nil }.map(\.id),
                        store: store,
                        models: store.list(ListQuery(kind: .model, sort: .id, limit: nil)),
                        centers: store.list(ListQuery(kind: .center, sort: .id, limit: nil)),
                        records: store.fileRecords())
        }
        let reader = CatalogReader(root: catalogRoot)
        let read = ParallelMap.map(rows.map { (id: $0.id, file: $0.file) }) { w -> (Scenario, String)? in
            guard let bytes = try? AtomicFile.read(reader.layout.path(w.file), limit: YAMLReader.maxFileSize) else { return nil }
            // The reader takes its canonical path for canonical files (the usual case); the trusted
            // decoder declines anything unexpected, which the general decoder then reads.
            guard let root = YAMLReader.read(bytes, file: w.file, positions: false).root else { return nil }
            let scenario: Scenario
            if let s = TrustedDecoder.scenario(root) {
                scenario = s
            } else if case .scenario(let s)? = EntityDecoder.decode(root, file: w.file).entity {
                scenario = s
            } else {
                return nil
            }
            return scenario.id == w.id ? (scenario, ContentHash.of(bytes)) : nil
        }
        let l = try lookups.value()
        var models: [String: ModelInfo] = [:]
        for m in l.models { models[m.id] = ModelInfo(name: m.name, provider: m.provider, filingKind: m.filingKind, filingNo: m.filingNo) }
        var centers: [String: String] = [:]
        for c in l.centers { centers[c.id] = c.name }
        let context = Context(taxonomy: l.taxonomy, models: models, centers: centers, quarter: quarter)
        var scenarios: [ListedScenario] = []
        scenarios.reserveCapacity(rows.count)
        for (row, r) in zip(rows, read) {
            // Each file must still be what the index accepted.
            guard let (scenario, hash) = r, l.records[row.file]?.hash == hash else { throw PublishingError.indexChanged(row.id) }
            scenarios.append(context.listed(scenario))
        }
        var selection = Selection(quarter: quarter, catalogName: l.info?.name ?? "", scenarios: scenarios, withdrawn: l.withdrawn, taxonomy: l.taxonomy,
                                  withdrawnReasons: l.reasons)
        selection.oversubscribed = try store.oversubscribed().filter { $0.quarter == quarter }
        return selection
    }

    struct Lookups: Sendable {
        var taxonomy: Taxonomy
        var info: CatalogInfo?
        var withdrawn: [String]
        var reasons: [String: String]
        var models: [EntityRow]
        var centers: [EntityRow]
        var records: [String: FileRecord]

        init(taxonomy: Taxonomy, info: CatalogInfo?, withdrawn: [String], store: IndexStore, models: [EntityRow], centers: [EntityRow],
             records: [String: FileRecord]) throws {
            self.taxonomy = taxonomy
            self.info = info
            self.withdrawn = withdrawn
            var reasons: [String: String] = [:]
            for id in withdrawn {
                if case .scenario(let s)? = try store.entity(id: id), let r = s.withdrawnReason { reasons[id] = r }
            }
            self.reasons = reasons
            self.models = models
            self.centers = centers
            self.records = records
        }
    }

    /// Builds a selection from entities in memory (tests, small catalogues): the same rules as `load`.
    public static func make(quarter: Quarter, catalogName: String, taxonomy: Taxonomy, entities: [Entity]) -> Selection {
        var models: [String: ModelInfo] = [:]
        var centers: [String: String] = [:]
        var scenarios: [Scenario] = []
        for e in entities {
            switch e {
            case .model(let m): models[m.id] = ModelInfo(name: m.name, provider: m.provider, filingKind: m.filingKind, filingNo: m.filingNo)
            case .center(let c): centers[c.id] = c.name
            case .scenario(let s): scenarios.append(s)
            }
        }
        let context = Context(taxonomy: taxonomy, models: models, centers: centers, quarter: quarter)
        let listed = scenarios.filter { isListed($0, in: quarter) }.sorted { $0.id < $1.id }.map(context.listed)
        let withdrawnScenarios = scenarios.filter { $0.status == .withdrawn && ($0.since.map { $0 <= quarter } ?? false) }
        var reasons: [String: String] = [:]
        for s in withdrawnScenarios { reasons[s.id] = s.withdrawnReason }
        return Selection(quarter: quarter, catalogName: catalogName, scenarios: listed, withdrawn: withdrawnScenarios.map(\.id).sorted(),
                         taxonomy: taxonomy, withdrawnReasons: reasons)
    }

    /// The selection rule itself: approved, and listable from a quarter at or before this one.
    public static func isListed(_ s: Scenario, in quarter: Quarter) -> Bool {
        s.status == .approved && (s.since.map { $0 <= quarter } ?? false)
    }

    /// Lookups that resolve a scenario's references.
    struct Context: Sendable {
        var taxonomy: Taxonomy
        var sectorNames: [String: String]
        var cityNames: [String: String]
        var tflops: [String: Double]
        var models: [String: ModelInfo]
        var centers: [String: String]
        var quarter: Quarter

        init(taxonomy: Taxonomy, models: [String: ModelInfo], centers: [String: String], quarter: Quarter) {
            self.taxonomy = taxonomy
            sectorNames = Dictionary(taxonomy.sectors.map { ($0.id, $0.zh) }, uniquingKeysWith: { a, _ in a })
            cityNames = Dictionary(taxonomy.cities.map { ($0.id, $0.zh) }, uniquingKeysWith: { a, _ in a })
            tflops = Dictionary(taxonomy.accelerators.map { ($0.id, $0.fp16Tflops) }, uniquingKeysWith: { a, _ in a })
            self.models = models
            self.centers = centers
            self.quarter = quarter
        }

        func listed(_ scenario: Scenario) -> ListedScenario {
            var s = scenario
            s.contact = nil // internal: never published (the record writer also drops every internal field)
            let models = s.models.sorted { $0.model < $1.model }.map { link -> ResolvedModel in
                let m = self.models[link.model]
                return ResolvedModel(link: link, name: m?.name, provider: m?.provider, filingKind: m?.filingKind, filingNo: m?.filingNo)
            }
            var total = 0.0
            let compute = s.compute.map { need -> ResolvedCompute in
                let p = ComputeMath.pflops(need, accelerators: tflops)
                let active = need.isActive(in: quarter)
                if active, let p { total += p }
                return ResolvedCompute(need: need, centerName: need.center.flatMap { centers[$0] }, pflops: p, active: active)
            }
            return ListedScenario(scenario: s, sectorName: sectorNames[s.sector] ?? s.sector, cityName: cityNames[s.city] ?? s.city,
                                  models: models, compute: compute, quarterPflops: Figures.round3(total))
        }
    }
}

/// What a list shows of a model.
struct ModelInfo: Sendable {
    var name: String
    var provider: String?
    var filingKind: FilingKind?
    var filingNo: String?
}

/// Numbers as a published list writes them: stable text, PFLOPS to 0.001.
public enum Figures {
    public static func round3(_ d: Double) -> Double {
        let r = (d * 1000).rounded() / 1000
        return r == 0 ? 0 : r // no "-0"
    }

    /// Shortest text that reads back as the number (`12`, `0.576`).
    public static func text(_ d: Double) -> String { NumberText.format(d) }

    /// PFLOPS as a person reads them: up to three decimals, no trailing zeros.
    public static func pflops(_ d: Double) -> String { NumberText.format(round3(d)) }
}

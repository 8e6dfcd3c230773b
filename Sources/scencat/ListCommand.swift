import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import Wording

enum ListedKind: String, ExpressibleByArgument, CaseIterable {
    case scenarios, models, centers
    var kind: EntityKind { [.scenarios: EntityKind.scenario, .models: .model, .centers: .center][self]! }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List scenarios, models or centers, filtered and sorted.",
        discussion: """
        Sort keys: id, name (or title), sector, city, stage, status, since, updated, peak (PFLOPS), models,
        provider, filing-no, filed-on, params, used-by, tier, capacity, demand, utilisation. Prefix with - to reverse
        (write it --sort=-peak so the - is not read as an option).
        Freshness: --stale 12m (or 1y) lists scenarios not updated within that period (or never); \
        --updated-before 2026-01-01 those updated before the date.
        Centers' demand is for --quarter, else this quarter.
        """)

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: ListFilterOptions

    func run() throws {
        let layout = try catalog.layout()
        let store = try freshStore(layout)
        let taxonomy = try store.taxonomy()
        let query = filters.query
        let rows = try store.list(query)
        let format = output.resolved
        let demandQuarter = query.quarter ?? IndexStore.currentQuarter()
        Terminal.write(RowTables.table(for: filters.what.kind, rows: rows, taxonomy: taxonomy, human: format == .table,
                                       quarter: demandQuarter).render(format))
    }
}

/// What to list and how: the filters, search and sort that `list` and `export` share.
struct ListFilterOptions: ParsableArguments {
    @Argument(help: "What to list: scenarios, models or centers.") var what: ListedKind
    @Option(help: "Sector id (models: those serving the sector).") var sector: String?
    @Option(help: "City id (models: jurisdiction).") var city: String?
    @Option(help: "Stage: proposed, piloting, demonstration, scaled.") var stage: Stage?
    @Option(help: "Status of the kind (approved, active, operating…).") var status: String?
    @Option(help: "Scenarios that use this model.") var model: String?
    @Option(help: "Scenarios that need compute at this center.") var center: String?
    @Option(help: "Scenarios listable by this quarter (since ≤ YYYY-Qn).") var since: String?
    @Option(help: "Scenarios with compute active in this quarter; centers' demand in it.") var quarter: String?
    @Option(name: [.customLong("text"), .customLong("search")],
            help: "Only entries matching this text: words, Chinese of any length, or the pinyin of a name (yl, yiliao, 医l).") var text: String?
    @Option(help: ArgumentHelp("Scenarios not updated within this period: 12m, 18m, 1y …", valueName: "PERIOD")) var stale: String?
    @Option(help: ArgumentHelp("Scenarios updated before this date (or never).", valueName: "YYYY-MM-DD")) var updatedBefore: String?
    @Option(help: "Sort key (see above); prefix - for descending.") var sort: String = "id"
    @Option(help: "At most this many rows.") var limit: Int?

    func validate() throws {
        if let since, Quarter(since) == nil { throw ValidationError("--since must be a quarter YYYY-Qn, found '\(since)'") }
        if let quarter, Quarter(quarter) == nil { throw ValidationError("--quarter must be a quarter YYYY-Qn, found '\(quarter)'") }
        if SortParser.parse(sort) == nil {
            throw ValidationError("unknown sort key '\(sort)'\(Suggest.hint(sort.trimmingPrefix("-"), SortParser.names))")
        }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        if let stale, Freshness.months(stale) == nil { throw ValidationError("--stale must be a period such as 12m or 1y, found '\(stale)'") }
        if let updatedBefore, !Freshness.isDate(updatedBefore) {
            throw ValidationError("--updated-before must be a date YYYY-MM-DD, found '\(updatedBefore)'")
        }
        if (stale != nil || updatedBefore != nil) && what != .scenarios {
            throw ValidationError("--stale and --updated-before apply to scenarios (only they carry `updated`)")
        }
        if let status {
            let valid: [String]
            switch what {
            case .scenarios: valid = ScenarioStatus.allCases.map(\.rawValue)
            case .models: valid = ModelStatus.allCases.map(\.rawValue)
            case .centers: valid = CenterStatus.allCases.map(\.rawValue)
            }
            if !valid.contains(status) {
                throw ValidationError("--status for \(what.rawValue) must be one of \(valid.joined(separator: ", "))\(Suggest.hint(status, valid))")
            }
        }
    }

    var query: ListQuery {
        let (key, descending) = SortParser.parse(sort)!
        var query = ListQuery(kind: what.kind, sector: sector, city: city, stage: stage, status: status, model: model,
                              center: center, since: since.flatMap(Quarter.init).map { .upTo($0) },
                              quarter: quarter.flatMap(Quarter.init), text: text,
                              sort: key, descending: descending, limit: limit, offset: 0)
        // The later of the two dates is the stricter "not updated since".
        let cutoffs = [updatedBefore, stale.flatMap(Freshness.months).flatMap { Freshness.cutoff(today: Journal.today(), months: $0) }]
        query.updatedBefore = cutoffs.compactMap { $0 }.min()
        return query
    }
}

extension ModelRole: ExpressibleByArgument {}
extension Stage: ExpressibleByArgument {}

extension String {
    func trimmingPrefix(_ p: String) -> String { hasPrefix(p) ? String(dropFirst(p.count)) : self }
}

/// `--sort` words.
enum SortParser {
    static let table: [String: ListQuery.SortKey] = [
        "id": .id, "name": .name, "title": .name, "sector": .sector, "city": .city, "stage": .stage, "status": .status,
        "since": .since, "updated": .updated, "data-class": .dataClass, "peak": .peakPflops, "pflops": .peakPflops,
        "models": .modelCount, "provider": .provider, "filing-no": .filingNo, "filed-on": .filedOn, "params": .paramsB,
        "used-by": .usedBy, "tier": .tier, "capacity": .capacity, "demand": .demand, "utilisation": .utilisation,
        "utilization": .utilisation,
    ]
    static var names: [String] { Array(table.keys).sorted() }

    static func parse(_ s: String) -> (ListQuery.SortKey, Bool)? {
        let descending = s.hasPrefix("-")
        guard let key = table[descending ? String(s.dropFirst()) : s] else { return nil }
        return (key, descending)
    }
}

/// The columns each kind shows in `list` (and the TUI's tables use the same choice of fields).
enum RowTables {
    /// `quarter`: the quarter of centers' demand, shown in its own column.
    static func table(for kind: EntityKind, rows: [EntityRow], taxonomy: Taxonomy, human: Bool, quarter: Quarter? = nil) -> OutputTable {
        func sectorName(_ id: String?) -> String { id.map { human ? (taxonomy.sector($0)?.zh ?? $0) : $0 } ?? "" }
        func cityName(_ id: String?) -> String { id.map { human ? (taxonomy.city($0)?.zh ?? $0) : $0 } ?? "" }
        // Stages, statuses, kinds: named on a terminal, ids in JSON, YAML and CSV.
        func named(_ value: String?) -> String { value.map { human ? Names.shown($0) : $0 } ?? "" }
        typealias C = OutputTable.Column
        var t: OutputTable
        switch kind {
        case .scenario:
            t = OutputTable(columns: [C(key: "id", header: Text.headId.text), C(key: "title", header: Text.headTitle.text, maxWidth: 36),
                                      C(key: "sector", header: Text.headSector.text), C(key: "city", header: Text.headCity.text),
                                      C(key: "stage", header: Text.headStage.text), C(key: "status", header: Text.headStatus.text),
                                      C(key: "since", header: Text.headSince.text), C(key: "models", header: Text.headModels.text, alignment: .right),
                                      C(key: "peak_pflops", header: Text.headPflops.text, alignment: .right), C(key: "updated", header: Text.headUpdated.text)])
            for r in rows {
                t.add([(r.id, .string(r.id)), (r.name, .string(r.name)), (sectorName(r.sector), .str(r.sector)),
                       (cityName(r.city), .str(r.city)), (named(r.stage?.rawValue), .str(r.stage?.rawValue)),
                       (named(r.status), .string(r.status)), (r.since?.description ?? "", .str(r.since?.description)),
                       (String(r.modelCount ?? 0), .int(r.modelCount ?? 0)),
                       (Figures.pflops(r.peakPflops), .num(r.peakPflops)), (r.updated ?? "", .str(r.updated))])
            }
        case .model:
            t = OutputTable(columns: [C(key: "id", header: Text.headId.text), C(key: "name", header: Text.headName.text, maxWidth: 28),
                                      C(key: "provider", header: Text.headProvider.text, maxWidth: 24), C(key: "filing_kind", header: Text.headKind.text),
                                      C(key: "filing_no", header: Text.headFilingNo.text), C(key: "params_b", header: Text.headParamsB.text, alignment: .right),
                                      C(key: "functions", header: Text.headFunctions.text), C(key: "status", header: Text.headStatus.text),
                                      C(key: "base_model", header: Text.headBase.text), C(key: "used_by", header: Text.headUsedBy.text, alignment: .right)])
            for r in rows {
                let fns = r.functions.map(\.rawValue)
                t.add([(r.id, .string(r.id)), (r.name, .string(r.name)), (r.provider ?? "", .str(r.provider)),
                       (named(r.filingKind?.rawValue), .str(r.filingKind?.rawValue)), (r.filingNo ?? "", .str(r.filingNo)),
                       (r.paramsB.map(NumberText.format) ?? "", .num(r.paramsB)),
                       (fns.map(named).joined(separator: ","), .array(fns.map { .string($0) })), (named(r.status), .string(r.status)),
                       (r.baseModel ?? "", .str(r.baseModel)), (String(r.usedBy ?? 0), .int(r.usedBy ?? 0))])
            }
        case .center:
            t = OutputTable(columns: [C(key: "id", header: Text.headId.text), C(key: "name", header: Text.headName.text, maxWidth: 30),
                                      C(key: "city", header: Text.headCity.text), C(key: "tier", header: Text.headTier.text), C(key: "status", header: Text.headStatus.text),
                                      C(key: "capacity_pflops_fp16", header: Text.headCapacity.text, alignment: .right),
                                      C(key: "quarter", header: Text.headQuarter.text),
                                      C(key: "demand_pflops", header: Text.headDemand.text, alignment: .right),
                                      C(key: "utilisation", header: Text.headUtil.text, alignment: .right)])
            let q = quarter?.description ?? ""
            for r in rows {
                t.add([(r.id, .string(r.id)), (r.name, .string(r.name)), (cityName(r.city), .str(r.city)),
                       (named(r.tier?.rawValue), .str(r.tier?.rawValue)), (named(r.status), .string(r.status)),
                       (Figures.pflops(r.capacity), .num(r.capacity)), (q, .string(q)), (Figures.pflops(r.demand), .num(r.demand)),
                       (Figures.percent(r.utilisation), .num(r.utilisation))])
            }
        }
        return t
    }
}

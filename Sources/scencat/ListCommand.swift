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
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "list",
        abstract: Text.cliHelpListAbstract.text,
        discussion: Text.cliHelpListDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: ListFilterOptions

    func run() throws {
        let layout = try catalog.layout()
        // A text filter matches by pinyin too: its tables load while the index is brought up to date.
        if filters.text != nil { IndexStore.preparePinyin() }
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
    @Argument(help: usage(.cliHelpListWhat)) var what: ListedKind
    @Option(help: usage(.cliHelpSector)) var sector: String?
    @Option(help: usage(.cliHelpCity)) var city: String?
    @Option(help: usage(.cliHelpStage)) var stage: Stage?
    @Option(help: usage(.cliHelpStatus)) var status: String?
    @Option(help: usage(.cliHelpModel)) var model: String?
    @Option(help: usage(.cliHelpCenter)) var center: String?
    @Option(help: usage(.cliHelpSince)) var since: String?
    @Option(help: usage(.cliHelpQuarter)) var quarter: String?
    @Option(name: [.customLong("text"), .customLong("search")],
            help: usage(.cliHelpText)) var text: String?
    @Option(help: usage(.cliHelpStale, "PERIOD")) var stale: String?
    @Option(help: usage(.cliHelpUpdatedBefore, "YYYY-MM-DD")) var updatedBefore: String?
    @Option(help: usage(.cliHelpSort)) var sort: String = "id"
    @Option(help: usage(.cliHelpLimit)) var limit: Int?

    func validate() throws {
        if let since, Quarter(since) == nil { throw ValidationError(Text.cliListSinceFormat(since)) }
        if let quarter, Quarter(quarter) == nil { throw ValidationError(Text.cliStatsQuarterFormat(quarter)) }
        if SortParser.parse(sort) == nil {
            throw ValidationError(Text.cliListUnknownSort(sort, didYouMean(sort.trimmingPrefix("-"), SortParser.names)))
        }
        if let limit, limit < 0 { throw ValidationError(Text.cliListLimitNegative.text) }
        if let stale, Freshness.months(stale) == nil { throw ValidationError(Text.cliListStaleFormat(stale)) }
        if let updatedBefore, !Freshness.isDate(updatedBefore) {
            throw ValidationError(Text.cliListUpdatedBeforeFormat(updatedBefore))
        }
        if (stale != nil || updatedBefore != nil) && what != .scenarios {
            throw ValidationError(Text.cliListStaleScenarios.text)
        }
        if let status {
            let valid: [String]
            switch what {
            case .scenarios: valid = ScenarioStatus.allCases.map(\.rawValue)
            case .models: valid = ModelStatus.allCases.map(\.rawValue)
            case .centers: valid = CenterStatus.allCases.map(\.rawValue)
            }
            if !valid.contains(status) {
                throw ValidationError(Text.cliListStatusOneOf(what.rawValue, valid.joined(separator: ", "), didYouMean(status, valid)))
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
        "utilization": .utilisation, "relevance": .relevance,
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

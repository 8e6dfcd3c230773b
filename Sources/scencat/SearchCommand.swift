import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import Wording

struct SearchCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "search",
        abstract: Text.cliHelpSearchAbstract.text,
        discussion: Text.cliHelpSearchDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Argument(parsing: .remaining, help: usage(.cliHelpSearchWords)) var words: [String] = []
    @Option(help: usage(.cliHelpSearchKind)) var kind: ListedKind?
    @Option(help: usage(.cliHelpSearchLimit)) var limit: Int = 50

    func validate() throws {
        if words.joined().trimmingCharacters(in: " ").isEmpty { throw ValidationError(Text.cliSearchGiveText.text) }
        if limit < 1 { throw ValidationError(Text.cliLimitAtLeastOne.text) }
    }

    func run() throws {
        let layout = try catalog.layout()
        // The pinyin tables load while the index is brought up to date.
        IndexStore.preparePinyin()
        let store = try freshStore(layout)
        let hits = try store.search(words.joined(separator: " "), kinds: kind.map { [$0.kind] }, limit: limit)
        typealias C = OutputTable.Column
        var t = OutputTable(columns: [C(key: "kind", header: Text.headKind.text), C(key: "id", header: Text.headId.text),
                                      C(key: "name", header: Text.headName.text, maxWidth: 32), C(key: "field", header: Text.headField.text),
                                      C(key: "snippet", header: Text.headMatch.text, maxWidth: 50)])
        // A table names kinds and fields; CSV, JSON and YAML keep their ids.
        let human = output.resolved == .table
        for h in hits {
            t.add([(human && Wording.language == .zh ? Names.kind(h.kind) : h.kind.rawValue, .string(h.kind.rawValue)), (h.id, .string(h.id)), (h.name, .string(h.name)),
                   (h.field.map { human ? fieldName($0) : $0.rawValue } ?? "", .str(h.field?.rawValue)), (h.snippet, .string(h.snippet))])
        }
        let format = output.resolved
        Terminal.write(t.render(format))
        if format == .table && hits.isEmpty { Terminal.err(Text.cliNoMatches.text) }
    }
}

/// Where a search matched, as the table names it (the id in both, as the table always showed).
func fieldName(_ field: SearchField) -> String {
    guard Wording.language != .both else { return field.rawValue }
    let names: [SearchField: Text] = [.name: .cliSearchFieldName, .nameEn: .cliSearchFieldNameEn, .organisation: .cliSearchFieldOrganisation,
                                      .tag: .cliSearchFieldTag, .summary: .cliSearchFieldSummary, .id: .cliSearchFieldId,
                                      .filingNo: .cliSearchFieldFilingNo, .pinyin: .cliSearchFieldPinyin]
    return names[field]?.text ?? field.rawValue
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

struct StatsCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "stats",
        abstract: Text.cliHelpStatsAbstract.text,
        discussion: Text.cliHelpStatsDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Option(help: usage(.cliHelpStatsQuarter)) var quarter: String?
    @Flag(help: usage(.cliHelpStatsCenters)) var centers = false

    func validate() throws {
        if let quarter, Quarter(quarter) == nil { throw ValidationError(Text.cliStatsQuarterFormat(quarter)) }
    }

    func run() throws {
        let layout = try catalog.layout()
        let store = try freshStore(layout)
        if centers {
            let q = quarter.flatMap(Quarter.init)
            let loads = try store.centerLoads(quarters: q.map { $0...$0 })
            let percent = try store.catalogInfo()?.warningPercent ?? Oversubscription.defaultWarningPercent
            Terminal.write(CenterLoadTable.table(loads, warningPercent: percent, human: output.resolved == .table).render(output.resolved))
            return
        }
        let stats = try store.stats(quarter: quarter.flatMap(Quarter.init) ?? IndexStore.currentQuarter())
        let taxonomy = try store.taxonomy()
        switch output.resolved {
        case .table: Terminal.write(StatsText.render(stats, taxonomy: taxonomy))
        case .json: Terminal.out(StatsText.json(stats).text())
        case .yaml: Terminal.write(CanonicalWriter.yaml(node: jsonToNode(StatsText.json(stats))))
        case .csv: Terminal.write(StatsText.csv(stats))
        }
    }
}

enum StatsText {
    static func facets(_ f: [FacetCount]) -> JSONValue { .object(f.map { ($0.value, .int($0.count)) }) }
    static func shares(_ s: [DemandShare]) -> JSONValue { .object(s.map { ($0.key, .number($0.pflops)) }) }

    static func json(_ s: CatalogStats) -> JSONValue {
        .object([
            ("scenarios", .int(s.scenarioCount)), ("models", .int(s.modelCount)), ("centers", .int(s.centerCount)),
            ("scenarios_by_sector", facets(s.scenariosBySector)), ("scenarios_by_city", facets(s.scenariosByCity)),
            ("scenarios_by_stage", facets(s.scenariosByStage)), ("scenarios_by_status", facets(s.scenariosByStatus)),
            ("models_by_status", facets(s.modelsByStatus)), ("models_by_filing_kind", facets(s.modelsByFilingKind)),
            ("centers_by_tier", facets(s.centersByTier)), ("centers_by_status", facets(s.centersByStatus)),
            ("quarter", .str(s.quarter?.description)),
            ("demand_pflops_fp16", .num(s.total?.demand)), ("capacity_pflops_fp16", .num(s.total?.capacity)),
            ("utilisation", .num(s.total?.utilisation)),
            ("demand_by_sector", shares(s.demandBySector)), ("demand_by_city", shares(s.demandByCity)),
            ("demand_by_center", .array(s.centers.map { c in
                .object([("center", .string(c.id)), ("name", .string(c.name)), ("status", .string(c.status)),
                         ("capacity", .number(c.capacity)), ("demand", .number(c.demand)), ("utilisation", .num(c.utilisation))])
            })),
            ("demand_not_placed_at_a_center", .number(s.unplacedDemand)),
            ("by_quarter", .array(s.series.map { q in
                .object([("quarter", .string(q.quarter.description)), ("demand", .number(q.demand)),
                         ("capacity", .number(q.capacity)), ("utilisation", .num(q.utilisation))])
            })),
        ])
    }

    static func csv(_ s: CatalogStats) -> String {
        var t = OutputTable(columns: [.init(key: "quarter", header: Text.headQuarterLower.text), .init(key: "demand_pflops_fp16", header: Text.headDemandLower.text),
                                      .init(key: "capacity_pflops_fp16", header: Text.headCapacityLower.text), .init(key: "utilisation", header: Text.headUtilisationLower.text)])
        for q in s.series {
            t.add([(q.quarter.description, .string(q.quarter.description)), (NumberText.format(q.demand), .number(q.demand)),
                   (NumberText.format(q.capacity), .number(q.capacity)), (q.utilisation.map(NumberText.format) ?? "", .num(q.utilisation))])
        }
        return t.render(.csv)
    }

    static func render(_ s: CatalogStats, taxonomy: Taxonomy) -> String {
        var out = Text.cliStatsCounts(s.scenarioCount, s.modelCount, s.centerCount) + "\n"
        func section(_ title: String, _ f: [FacetCount], name: (String) -> String = { $0 }) {
            out += "\n\(title)\n"
            var t = OutputTable(columns: [.init(key: "k", header: ""), .init(key: "n", header: "", alignment: .right)])
            for c in f { t.add([(name(c.value), .null), (String(c.count), .null)]) }
            out += t.table().split(separator: "\n").dropFirst().map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        // Stages and statuses: their Chinese names in zh, their ids otherwise (as the table always showed).
        let statusName = { (id: String) in Wording.language == .zh ? Names.zh(id) : id }
        let sector = { (id: String) in taxonomy.sector(id).map { "\($0.zh) \(id)" } ?? id }
        let city = { (id: String) in taxonomy.city(id).map { "\($0.zh) \(id)" } ?? id }
        section(Text.cliStatsBySector.text, s.scenariosBySector, name: sector)
        section(Text.cliStatsByCity.text, s.scenariosByCity, name: city)
        section(Text.cliStatsByStage.text, s.scenariosByStage, name: statusName)
        section(Text.cliStatsByStatus.text, s.scenariosByStatus, name: statusName)
        section(Text.cliStatsModelsByStatus.text, s.modelsByStatus, name: statusName)
        section(Text.cliStatsCentersByStatus.text, s.centersByStatus, name: statusName)
        if let q = s.quarter, let total = s.total {
            out += "\n" + Text.cliStatsDemandIn(q, q == IndexStore.currentQuarter() ? Text.cliStatsThisQuarter.text : "", Figures.pflops(total.demand),
                                               Figures.pflops(total.capacity), Figures.percent(total.utilisation)) + "\n"
            func shares(_ title: String, _ list: [DemandShare], name: (String) -> String) {
                out += "\n\(title)\n"
                var t = OutputTable(columns: [.init(key: "k", header: ""), .init(key: "v", header: "", alignment: .right)])
                for d in list { t.add([(name(d.key), .null), (Figures.pflops(d.pflops), .null)]) }
                out += t.table().split(separator: "\n").dropFirst().map { "  " + $0 }.joined(separator: "\n") + "\n"
            }
            shares(Text.cliStatsDemandBySector.text, s.demandBySector, name: sector)
            shares(Text.cliStatsDemandByCity.text, s.demandByCity, name: city)
            out += "\n" + Text.cliStatsDemandByCenter(q) + "\n"
            var t = OutputTable(columns: [.init(key: "c", header: Text.headCenter.text, maxWidth: 30), .init(key: "s", header: Text.headStatus.text),
                                          .init(key: "cap", header: Text.headCapacity.text, alignment: .right), .init(key: "d", header: Text.headDemand.text, alignment: .right),
                                          .init(key: "u", header: Text.headUtil.text, alignment: .right)])
            for c in s.centers {
                t.add([(c.name, .null), (statusName(c.status), .null), (Figures.pflops(c.capacity), .null), (Figures.pflops(c.demand), .null), (Figures.percent(c.utilisation), .null)])
            }
            t.add([(Text.cliStatsNoCenter.text, .null), ("", .null), ("", .null), (Figures.pflops(s.unplacedDemand), .null), ("", .null)])
            out += t.table().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        if !s.series.isEmpty {
            out += "\n" + Text.cliStatsByQuarter.text + "\n"
            var t = OutputTable(columns: [.init(key: "q", header: Text.headQuarter.text), .init(key: "d", header: Text.headDemand.text, alignment: .right),
                                          .init(key: "c", header: Text.headCapacity.text, alignment: .right), .init(key: "u", header: Text.headUtil.text, alignment: .right)])
            for q in s.series {
                t.add([(q.quarter.description, .null), (Figures.pflops(q.demand), .null), (Figures.pflops(q.capacity), .null), (Figures.percent(q.utilisation), .null)])
            }
            out += t.table().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }
}

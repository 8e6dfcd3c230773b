import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import TerminalKit
import Wording

struct ShowCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "show",
        abstract: Text.cliHelpShowAbstract.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: usage(.cliHelpEntityId)) var id: String

    func run() throws {
        let layout = try catalog.layout()
        let store = try freshStore(layout)
        guard let entity = try store.entity(id: id) else {
            var hint = ""
            let hits = (try? store.search(id, limit: 3)) ?? []
            if let h = hits.first { hint = Text.showDidYouMean(h.id, h.name) }
            throw CommandFailure(.invalid, Text.showNoSuchId(id, hint))
        }
        let taxonomy = try store.taxonomy()
        let links = try store.links(of: entity)
        switch output.resolved {
        case .table: Terminal.write(EntityText.render(entity, links: links, taxonomy: taxonomy, file: layout.path(entity.relativePath)))
        case .json: Terminal.out(EntityLinks.json(entity, links).text())
        case .yaml: Terminal.write(CanonicalWriter.yaml(node: jsonToNode(EntityLinks.json(entity, links))))
        case .csv: Terminal.write(EntityLinks.csv(entity))
        }
    }
}

/// `show`'s JSON and CSV of an entity and its links (CatalogIndex's `EntityLinks`).
extension EntityLinks {
    static func json(_ entity: Entity, _ links: EntityLinks) -> JSONValue {
        guard case .object(var pairs) = valueJSON(Node(.map(EntityEncoder.fields(entity)))) else { return .null }
        switch entity {
        case .scenario:
            pairs.append(("resolved_models", .array((links.scenario?.models ?? []).map { m in
                .object([("model", .string(m.id)), ("role", .string(m.role.rawValue)), ("name", .str(m.name)),
                         ("provider", .str(m.provider)), ("status", .str(m.status))])
            })))
            pairs.append(("resolved_compute", .array((links.scenario?.compute ?? []).map { c in
                .object([("row", .int(c.row)), ("workload", .string(c.need.workload.rawValue)), ("pflops_fp16", .num(c.pflops)),
                         ("center", .str(c.need.center)), ("center_name", .str(c.centerName)),
                         ("from", .string(c.need.from.description)), ("until", .str(c.need.until?.description))])
            })))
        case .model:
            pairs.append(("lineage", .array(links.lineage.map { .string($0) })))
            pairs.append(("derived_models", .array(links.derived.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) })))
            pairs.append(("used_by", .array(links.usedBy.map { u in
                .object([("scenario", .string(u.scenarioId)), ("title", .string(u.title)), ("role", .string(u.role.rawValue)), ("status", .string(u.status))])
            })))
        case .center:
            pairs.append(("needed_by", .array(links.neededBy.map { u in
                .object([("scenario", .string(u.scenarioId)), ("title", .string(u.title)), ("workload", .string(u.workload.rawValue)),
                         ("pflops_fp16", .num(u.pflops)), ("from", .string(u.from.description)), ("until", .str(u.until?.description))])
            })))
        }
        return .object(pairs)
    }

    /// One header line and one value line: the entity's own top-level scalar fields.
    static func csv(_ entity: Entity) -> String {
        var t = OutputTable(columns: [])
        var row: [(String, JSONValue)] = []
        for f in EntityEncoder.fields(entity, includeInternal: true) {
            let v = valueJSON(f.value)
            let display: String
            switch v {
            case .array(let items): display = items.map { if case .string(let s) = $0 { return s } else { return $0.text(indent: nil) } }.joined(separator: "; ")
            case .string(let s): display = s
            default: display = v.text(indent: nil)
            }
            t.columns.append(.init(key: f.key, header: f.key))
            row.append((display, v))
        }
        t.add(row)
        return t.render(.csv)
    }
}

/// Catalogue values as JSON.
func valueJSON(_ node: CatalogCore.Node) -> JSONValue {
    switch node.value {
    case .null: return .null
    case .string(let s), .date(let s): return .string(s)
    case .number(let d, _): return .number(d)
    case .bool(let b, _): return .bool(b)
    case .list(let items): return .array(items.map(valueJSON))
    case .map(let fields): return .object(fields.map { ($0.key, valueJSON($0.value)) })
    }
}

/// The human-readable page `show` prints on a terminal.
enum EntityText {
    static func render(_ entity: Entity, links: EntityLinks, taxonomy: Taxonomy, file: String) -> String {
        var out = Text.showHeading(Names.kind(entity.kind), entity.id, entity.displayName)
        var lines: [(String, String)] = [(Text.showFile.text, file)]
        for f in EntityEncoder.fields(entity) where f.key != "kind" && f.key != "id" && f.key != "models" && f.key != "compute" {
            var text: String
            switch f.value.value {
            case .list(let items): text = items.compactMap { $0.value.scalarText }.joined(separator: ", ")
            default: text = f.value.value.scalarText ?? ""
            }
            if f.key == "sector", let s = taxonomy.sector(text) { text = "\(s.zh) (\(s.id))" }
            if f.key == "city" || f.key == "jurisdiction", let c = taxonomy.city(text) { text = "\(c.zh) (\(c.id))" }
            if Names.namedFields.contains(f.key) { text = text.split(separator: ",").map { Names.shown($0.trimmingCharacters(in: .whitespaces)) }.joined(separator: ", ") }
            lines.append((Wording.language == .zh ? Names.fieldChinese[f.key] ?? f.key : f.key, text))
        }
        let keyWidth = lines.map { $0.0.displayWidth }.max() ?? 0
        for (k, v) in lines {
            let value = v.split(separator: "\n", omittingEmptySubsequences: false)
                .joined(separator: "\n  " + String(repeating: " ", count: keyWidth + 2))
            out += "  " + k.padded(toWidth: keyWidth) + "  " + value + "\n"
        }
        switch entity {
        case .scenario:
            let models = links.scenario?.models ?? []
            out += Text.showModels(models.count)
            for m in models {
                out += "  \(Names.shown(m.role.rawValue).padded(toWidth: 9))  \(m.id)  \(m.name ?? "?")  \(m.provider ?? "")\(m.status.map { $0 == "active" ? "" : "  [\(Names.shown($0))]" } ?? "")\n"
            }
            let compute = links.scenario?.compute ?? []
            out += Text.showCompute(compute.count)
            for c in compute {
                let n = c.need
                let amount = n.unit == .cards ? "\(NumberText.format(n.amount)) × \(n.accelerator ?? "?")" : "\(NumberText.format(n.amount)) PFLOPS"
                let span = "\(n.from) → \(n.until?.description ?? "")"
                out += "  \(Names.shown(n.workload.rawValue).padded(toWidth: 11))  \(amount.padded(toWidth: 20))  = \(Figures.pflops(c.pflops).padded(toWidth: 7, alignment: .right)) PFLOPS  \(span.padded(toWidth: 18))  \(c.centerName ?? n.center ?? "")\n"
            }
        case .model:
            if !links.lineage.isEmpty { out += Text.showLineage.text + ([entity.id] + links.lineage).joined(separator: " → ") + "\n" }
            out += Text.showDerived(links.derived.count)
            for d in links.derived { out += "  \(d.id)  \(d.name)\n" }
            out += Text.showUsedBy(links.usedBy.count)
            for u in links.usedBy { out += "  \(Names.shown(u.role.rawValue).padded(toWidth: 9))  \(u.scenarioId)  \(u.title)  [\(Names.shown(u.status))]\n" }
        case .center:
            out += Text.showNeededBy(links.neededBy.count)
            for u in links.neededBy {
                out += "  \(u.scenarioId)  \(u.title)  \(Names.shown(u.workload.rawValue))  \(Figures.pflops(u.pflops)) PFLOPS  \(u.from) → \(u.until?.description ?? "")\n"
            }
        }
        return out
    }
}

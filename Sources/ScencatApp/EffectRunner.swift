import CatalogCore
import CatalogFiles
import CatalogIndex
import Wording

/// Runs the effects that read the index and files, turning their results into actions.
/// Queries answer in milliseconds (they fetch one screen of rows), so they run on the UI
/// thread; indexing is the one long job and runs in the background (see `Runtime`).
public struct EffectRunner: Sendable {
    public let store: IndexStore
    public let layout: CatalogLayout
    /// Saves, deletes and undo (nil when the catalogue's journal cannot be opened: `entitiesError` says why).
    public let entities: EntityStore?
    let entitiesError: String?

    public init(store: IndexStore, layout: CatalogLayout) {
        self.store = store
        self.layout = layout
        do {
            entities = try EntityStore(root: layout.root, index: store)
            entitiesError = nil
        } catch {
            entities = nil
            entitiesError = ErrorWording.shown(error)
        }
    }

    public func run(_ effect: Effect) -> [Action] {
        do {
            return try perform(effect)
        } catch {
            if let damage = IndexDamage.of(error) { return [.indexDamaged(ErrorWording.shown(damage))] }
            return [.failed(Text.queryFailed(error))]
        }
    }

    func perform(_ effect: Effect) throws -> [Action] {
        switch effect {
        case .reloadList(let i, let query, _, let recount):
            let total = recount ? try store.count(query) : nil
            let rows = try store.list(query)
            var sectors: [FacetCount]?
            if recount && query.kind == .scenario {
                var q = query
                q.sector = nil
                sectors = try store.facetCounts(field: .sector, within: q)
            }
            return [.listReloaded(i, total: total, start: query.offset, rows: rows, sectorCounts: sectors)]
        case .loadWindow(let i, let query, let start):
            return [.windowLoaded(i, start: start, rows: try store.list(query))]
        case .loadPreview(let i, let id):
            do { return [.previewLoaded(i, id: id, try preview(id))] } catch let stale as IndexStale {
                return [.previewStale(i, id: id, ErrorWording.shown(stale))]
            }
        case .loadDetail(let depth, let id):
            do { return [.detailLoaded(depth: depth, id: id, try preview(id))] } catch let stale as IndexStale {
                return [.detailStale(depth: depth, id: id, ErrorWording.shown(stale))]
            }
        case .search(let text):
            let hits = text.trimmedSpaces.isEmpty ? [] : try store.search(text, limit: 100)
            return [.searchLoaded(text, hits)]
        case .jump(let text):
            return [.jumpLoaded(text, try store.jumpCandidates(text))]
        case .loadFilterOptions(let kind, let field, let text, let within):
            return [.filterOptionsLoaded(field, try filterOptions(kind, field, text, within))]
        case .loadStats:
            // The quarter every single figure means (as `stats` and the Centers list), and the day-to-day facts.
            var stats = try store.stats(quarter: IndexStore.currentQuarter())
            stats.daily = try store.dailyFacts(today: Journal.today())
            return [.statsLoaded(stats)]
        case .loadCatalog:
            return [.catalogLoaded(try store.taxonomy(), name: try store.catalogInfo()?.name ?? ""),
                    .registerLoaded(try RegisterSummary.load(root: layout.root, store: store))]
        case .loadFile(let path, let line, let column, let message):
            let bytes = (try? AtomicFile.read(layout.path(path), limit: 1 << 20)) ?? []
            let text = String(decoding: bytes, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            if bytes.isEmpty { lines = [Text.fileEmpty.text] }
            let scroll = max(0, line - 6)
            return [.fileLoaded(FilePanel(path: path, lines: lines, line: line, column: column, message: message, scroll: scroll))]
        case .refreshIndex:
            return [] // the runtime handles indexing itself, off the UI thread
        case .edit(let edit):
            return performEdit(edit)
        case .sync(let job):
            return performSync(job)
        case .publications(let job):
            return performPublicationsNow(job)
        case .sheets(let job):
            return performSheets(job)
        }
    }

    /// An entity with its links, resolved both ways (CatalogIndex's `EntityLinks`, as `show` has them).
    public func preview(_ id: String) throws -> EntityPreview? {
        guard let entity = try store.entity(id: id) else { return nil }
        let l = try store.links(of: entity, limit: 500)
        var links: [LinkItem] = []
        var notes: [String] = []
        switch entity {
        case .scenario(let s):
            let taxonomy = try store.taxonomy()
            for m in l.scenario?.models ?? [] {
                links.append(LinkItem(.model, targetId: m.id,
                                      text: "\(Names.shown(m.role.rawValue)) · \(m.name ?? m.id)\(m.provider.map { " · \($0)" } ?? "")\(m.status.map { $0 == "active" ? "" : " [\(Names.short($0))]" } ?? "")"))
            }
            let compute = l.scenario?.compute ?? []
            for c in compute {
                let n = c.need
                let amount = n.unit == .cards ? "\(NumberText.format(n.amount))×\(taxonomy.accelerator(n.accelerator ?? "")?.name ?? n.accelerator ?? "?")" : "\(NumberText.format(n.amount)) PFLOPS"
                let text = "\(Names.shown(n.workload.rawValue)) \(amount) = \(Figures.pflops(c.pflops)) PFLOPS · \(n.from)→\(n.until?.description ?? "")"
                if let center = n.center {
                    links.append(LinkItem(.compute, targetId: center, text: text + " · " + (c.centerName ?? center)))
                } else {
                    notes.append(Text.pageComputeRow.text + text + Text.pageNoCenter.text)
                }
            }
            if !compute.isEmpty {
                let accelerators = Dictionary(uniqueKeysWithValues: taxonomy.accelerators.map { ($0.id, $0.fp16Tflops) })
                notes.insert(Text.pagePeakDemand(Figures.pflops(ComputeMath.peakDemand(of: s, accelerators: accelerators)), compute.count), at: 0)
            }
        case .model:
            for (i, base) in l.lineage.enumerated() {
                let name = (try store.entityName(id: base)) ?? base
                links.append(LinkItem(.lineage, targetId: base, text: "\(String(repeating: "  ", count: i))↳ \(name) (\(base))"))
            }
            for d in l.derived {
                links.append(LinkItem(.derived, targetId: d.id, text: "\(d.name) (\(d.id))"))
            }
            for u in l.usedBy {
                links.append(LinkItem(.usedBy, targetId: u.scenarioId, text: "\(Names.shown(u.role.rawValue)) · \(u.title) [\(Show.scenarioStatus(u.status))]"))
            }
        case .center:
            for u in l.neededBy {
                links.append(LinkItem(.neededBy, targetId: u.scenarioId,
                                      text: "\(u.title) · \(Names.shown(u.workload.rawValue)) \(Figures.pflops(u.pflops)) PFLOPS · \(u.from)→\(u.until?.description ?? "")"))
            }
        }
        var preview = EntityPreview(entity: entity, links: links, notes: notes)
        if case .center(let c) = entity { preview.centerLoads = try store.centerLoads(center: c.id) }
        return preview
    }

    func filterOptions(_ kind: EntityKind, _ field: FilterField, _ text: String, _ within: ListQuery) throws -> [FilterOption] {
        let taxonomy = try store.taxonomy()
        let needle = text.trimmedSpaces.lowercased()
        func matches(_ parts: String...) -> Bool { needle.isEmpty || parts.contains { $0.lowercased().contains(needle) } }
        switch field {
        case .sector, .city, .stage, .status:
            let facet: FacetField = [.sector: .sector, .city: .city, .stage: .stage, .status: .status][field]!
            let options = try store.facetCounts(field: facet, within: within).map { f in
                let label: String
                switch field {
                case .sector: label = taxonomy.sector(f.value).map { Names.pair($0.zh, $0.en) } ?? f.value
                case .city: label = taxonomy.city(f.value).map { Names.pair($0.zh, $0.en) } ?? f.value
                case .stage: label = Show.stage(Stage(rawValue: f.value))
                default: label = Names.shown(f.value)
                }
                return FilterOption(value: f.value, label: label, count: f.count)
            }
            // Sectors and cities by text or pinyin, in pinyin order; stages and statuses by text, most frequent first.
            if field == .sector || field == .city {
                return PinyinChoices.narrowed(options, needle, label: \.label, parts: { [$0.label, $0.value] })
            }
            return options.filter { matches($0.label, $0.value) }
        case .quarter:
            let series = try store.stats().series
            return series.reversed().map { FilterOption(value: $0.quarter.description, label: "\($0.quarter) · \(Figures.pflops($0.demand)) PFLOPS") }
                .filter { matches($0.label) }
        case .updated:
            return try stalenessOptions(within: within).filter { matches($0.label, $0.value) }
        case .register:
            return RegisterBadge.filterOptions(try RegisterSummary.load(root: layout.root, store: store), matching: needle)
        case .model, .center:
            // In pinyin order of their names; with text, those it matches as words first (then by pinyin).
            let q = ListQuery(kind: field == .model ? .model : .center, text: needle.isEmpty ? nil : text,
                              sort: needle.isEmpty ? .name : .relevance, limit: 200)
            return try store.list(q).map { FilterOption(value: $0.id, label: "\($0.name) (\($0.id))", count: $0.usedBy) }
        }
    }
}

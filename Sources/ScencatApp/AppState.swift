import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// The tabs of the main screen, in the order of their number keys.
public enum Tab: Int, Sendable, CaseIterable {
    case scenarios, models, centers, dashboard

    public var title: String {
        switch self {
        case .scenarios: return Text.tabScenarios.text
        case .models: return Text.tabModels.text
        case .centers: return Text.tabCenters.text
        case .dashboard: return Text.tabDashboard.text
        }
    }

    /// The Chinese name alone, for narrow terminals.
    public var shortTitle: String { String(title.prefix { $0 != " " }) }

    public var kind: EntityKind? {
        switch self {
        case .scenarios: return .scenario
        case .models: return .model
        case .centers: return .center
        case .dashboard: return nil
        }
    }
}

/// A filter the user applied, shown as a chip above the table.
public enum FilterField: String, Sendable, CaseIterable {
    case sector, city, stage, status, quarter, model, center
    /// Scenarios updated before a date (or never): stale entries.
    case updated
    /// Models by filing-register status (RegisterBadges.swift).
    case register

    public var label: String {
        switch self {
        case .sector: return Text.filterSector.text
        case .city: return Text.filterCity.text
        case .stage: return Text.filterStage.text
        case .status: return Text.filterStatus.text
        case .quarter: return Text.filterQuarter.text
        case .model: return Text.filterModel.text
        case .center: return Text.filterCenter.text
        case .updated: return Text.filterUpdatedBefore.text
        case .register: return Text.registerHeading.text
        }
    }

    /// The fields that make sense for a kind of list.
    public static func fields(for kind: EntityKind) -> [FilterField] {
        switch kind {
        case .scenario: return [.sector, .city, .stage, .status, .quarter, .model, .center, .updated]
        case .model: return [.sector, .city, .status, .register]
        case .center: return [.city, .status, .quarter]
        }
    }
}

/// One entity list (scenarios, models or centers): its query, how many rows it has, which are
/// on screen, and the selection. Only the visible window of rows is ever held.
public struct ListScreen: Sendable {
    public var kind: EntityKind
    public var filters: [(field: FilterField, value: String)] = []
    public var sortIndex: Int = 0
    public var descending = false
    public var total = 0
    public var cursor = ListState()
    /// Rows from absolute index `windowStart`.
    public var windowStart = 0
    public var window: [EntityRow] = []
    /// Focus on the sector sidebar (scenarios only).
    public var sidebarFocused = false
    public var sidebar = ListState()
    public var sectorCounts: [FacetCount] = []
    /// The entity of the selected row, for the preview pane.
    public var preview: EntityPreview?
    /// Why the selected row's entity cannot be shown (its file changed since it was indexed:
    /// `IndexStale`), with its id; the pane shows it instead of the entity.
    public var previewProblem: (id: String, text: String)?
    /// False until the list's first query ran: tabs load when first shown.
    public var loaded = false
    /// Models: ids per filing-register status, for the `register` filter.
    public var registerMembers: [String: [String]] = [:]

    public init(kind: EntityKind) { self.kind = kind }

    public var sortColumns: [SortColumn] { SortColumn.columns(for: kind) }
    public var sortColumn: SortColumn { sortColumns[sortIndex] }

    public func value(of field: FilterField) -> String? { filters.first { $0.field == field }?.value }

    public mutating func setFilter(_ field: FilterField, _ value: String?) {
        filters.removeAll { $0.field == field }
        if let value { filters.append((field, value)) }
    }

    /// The index query for the current filters and sort.
    public func query(offset: Int, limit: Int?) -> ListQuery {
        var q = ListQuery(kind: kind, sort: sortColumn.key, descending: descending, limit: limit, offset: offset)
        for (field, value) in filters {
            switch field {
            case .sector: q.sector = value
            case .city: q.city = value
            case .stage: q.stage = Stage(rawValue: value)
            case .status: q.status = value
            case .quarter: q.quarter = Quarter(value)
            case .model: q.model = value
            case .center: q.center = value
            case .updated: q.updatedBefore = value
            case .register: q.ids = registerMembers[value] ?? []
            }
        }
        return q
    }

    public var selectedRow: EntityRow? {
        let i = cursor.selected - windowStart
        return window.indices.contains(i) ? window[i] : nil
    }
}

/// A column a list can be sorted by.
public struct SortColumn: Sendable, Equatable {
    public var title: String
    public var key: ListQuery.SortKey

    public static func columns(for kind: EntityKind) -> [SortColumn] {
        switch kind {
        case .scenario:
            return [.init(title: "ID", key: .id), .init(title: Text.sortTitle.text, key: .name), .init(title: Text.sortCity.text, key: .city),
                    .init(title: Text.sortStage.text, key: .stage), .init(title: Text.sortStatus.text, key: .status), .init(title: Text.sortModels.text, key: .modelCount),
                    .init(title: "PFLOPS", key: .peakPflops), .init(title: Text.sortSince.text, key: .since), .init(title: Text.sortUpdated.text, key: .updated)]
        case .model:
            return [.init(title: "ID", key: .id), .init(title: Text.sortName.text, key: .name), .init(title: Text.sortProvider.text, key: .provider),
                    .init(title: Text.sortFilingNo.text, key: .filingNo), .init(title: Text.sortParams.text, key: .paramsB), .init(title: Text.sortStatus.text, key: .status),
                    .init(title: Text.sortUsedBy.text, key: .usedBy)]
        case .center:
            return [.init(title: "ID", key: .id), .init(title: Text.sortName.text, key: .name), .init(title: Text.sortCity.text, key: .city),
                    .init(title: Text.sortTier.text, key: .tier), .init(title: Text.sortStatus.text, key: .status), .init(title: Text.sortCapacity.text, key: .capacity),
                    .init(title: Text.sortDemand.text, key: .demand), .init(title: Text.sortUtilisation.text, key: .utilisation)]
        }
    }
}

/// An entity with its links resolved, as the preview pane and the detail view show it.
public struct EntityPreview: Sendable {
    public var entity: Entity
    public var links: [LinkItem]
    /// Extra lines (compute totals, counts) shown under the fields.
    public var notes: [String]
    /// A center's demand against capacity per quarter, for its page's bar chart.
    public var centerLoads: [Oversubscription.Load] = []

    public init(entity: Entity, links: [LinkItem], notes: [String] = []) {
        self.entity = entity
        self.links = links
        self.notes = notes
    }
}

/// What a link of a detail page is (CatalogIndex's `EntityLinks`, one kind per list of it).
public enum LinkKind: Sendable, Equatable {
    /// A scenario's model; a scenario's compute row placed in a center.
    case model, compute
    /// A model's base models, the models derived from it, the scenarios using it.
    case lineage, derived, usedBy
    /// A center: the scenarios needing it.
    case neededBy

    /// The heading the detail page shows over links of this kind.
    public var heading: String {
        switch self {
        case .model: return Text.tabModels.text
        case .compute: return Text.sectionCompute.text
        case .lineage: return Text.sectionLineage.text
        case .derived: return Text.sectionDerived.text
        case .usedBy: return Text.sectionUsedBy.text
        case .neededBy: return Text.sectionNeededBy.text
        }
    }
}

/// A link that Enter follows from a detail view.
public struct LinkItem: Sendable, Equatable {
    public var kind: LinkKind
    public var targetId: String
    public var text: String

    public init(_ kind: LinkKind, targetId: String, text: String) {
        self.kind = kind
        self.targetId = targetId
        self.text = text
    }
}

/// One step of the navigation path: an opened entity.
public struct DetailScreen: Sendable {
    public var id: String
    public var preview: EntityPreview?
    public var selectedLink = 0
    /// First line shown when the entity has no links to select (j / k scroll then).
    public var scroll = 0
    public var missing = false
    /// Why the entity cannot be shown (its file changed since it was indexed: `IndexStale`).
    public var problem: String?
    /// Whether a link was moved to since the page opened (a center's page opens at its chart until then).
    public var moved = false

    public init(id: String) { self.id = id }
}

/// What floats above the screens.
public enum Overlay: Sendable {
    case search(SearchPanel)
    case filter(FilterPanel)
    case jump(JumpPanel)
    case help(scroll: Int)
    case errors(ErrorsPanel)
    case file(FilePanel)
}

public struct SearchPanel: Sendable {
    public var input = TextInput("", placeholder: Text.searchPlaceholder.text)
    public var hits: [SearchHit] = []
    public var cursor = ListState()
    public init() {}
}

public struct FilterPanel: Sendable {
    public enum Step: Sendable { case field, value(FilterField) }
    public var kind: EntityKind
    public var step: Step = .field
    public var cursor = ListState()
    public var input = TextInput("", placeholder: Text.filterPlaceholder.text)
    /// Values offered at the `value` step: (value, label, count).
    public var options: [FilterOption] = []
    public init(kind: EntityKind) { self.kind = kind }
}

public struct FilterOption: Sendable, Equatable {
    public var value: String
    public var label: String
    public var count: Int?
    public init(value: String, label: String, count: Int? = nil) { self.value = value; self.label = label; self.count = count }
}

public struct ErrorsPanel: Sendable {
    public var cursor = ListState()
    public init() {}
}

public struct FilePanel: Sendable {
    public var path: String
    public var lines: [String]
    public var line: Int
    public var column: Int
    public var message: String
    public var scroll: Int
}

/// Facts for the header line.
public struct HeaderInfo: Sendable {
    public var catalogName = ""
    public var branch: String?
    /// Files changed on disk since the index was last written (known at start and after `r`).
    public var pendingFiles = 0
    public var indexing: (done: Int, total: Int)?
    /// A query could not read the index: never shown as "up to date".
    public var indexDamaged = false
    public init() {}
}

/// The whole state of the terminal UI: a value, changed only by `update`.
public struct AppState: Sendable {
    public var size: Size
    public var tab: Tab = .scenarios
    public var lists: [ListScreen] = [ListScreen(kind: .scenario), ListScreen(kind: .model), ListScreen(kind: .center)]
    /// The layers over the tab screens, bottom first (Layers.swift): detail pages, panels,
    /// forms, dialogs, the Sync and Publications screens. Empty on the tab screens.
    public var layers: [Layer] = []
    public var stats: CatalogStats?
    public var taxonomy = Taxonomy()
    public var header = HeaderInfo()
    /// Problems from the last refresh of the index.
    public var diagnostics: [Diagnostic] = []
    /// A one-line message at the bottom until the next key.
    public var message: String?
    /// The last search, for `n` / `N`.
    public var lastSearch: [SearchHit] = []
    /// The hit of the last search that `n` / `N` step from.
    public var lastSearchIndex = 0
    /// False when search was closed with Esc: then `n` opens the hit that was selected (rather
    /// than skipping it) and `N` the one before it.
    public var lastSearchOpened = false
    public var quit = false
    /// Today's date (YYYY-MM-DD), set by the runtime before each action: `update` reads no clock.
    public var today = "2026-01-01"
    /// The folder scencat was started in, set by the runtime: exports and imports are relative to it.
    public var startDirectory = "/"
    /// Sync: the header's ahead/behind counts (SyncState.swift).
    public var sync = SyncStatus()
    /// What the filing registers say of each model (RegisterBadges.swift).
    public var register = RegisterSummary()

    public init(size: Size) { self.size = size }

    public var list: ListScreen {
        get { lists[min(tab.rawValue, 2)] }
        set { lists[min(tab.rawValue, 2)] = newValue }
    }

    /// Where each part of the screen goes now: the one layout `update` and `render` share.
    public var layout: ScreenLayout { ScreenLayout(size: size, tab: tab, rows: tab.kind == nil ? nil : list.total) }

    public static let minimumSize = Size(width: 60, height: 15)
    public var isTooSmall: Bool { size.width < Self.minimumSize.width || size.height < Self.minimumSize.height }

/// The sidebar's choices: all sectors first, then each sector with its count, in pinyin order.
    func sidebarItems(_ i: Int) -> [FilterOption] {
        let total = lists[i].sectorCounts.reduce(0) { $0 + $1.count }
        return [FilterOption(value: "", label: Text.sidebarAll.text, count: total)]
            + PinyinChoices.sorted(lists[i].sectorCounts.map { FilterOption(value: $0.value, label: sectorName($0.value), count: $0.count) },
                                   label: \.label)
    }

    func sectorName(_ id: String?) -> String {
        guard let id else { return "" }
        return taxonomy.sector(id)?.zh ?? id
    }

    func cityName(_ id: String?) -> String {
        guard let id else { return "" }
        return taxonomy.city(id)?.zh ?? id
    }
}

import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// The Scenarios, Models and Centers tabs: filter chips, (sector sidebar,) the table of the
/// rows on screen, and a preview of the selected row.
enum ListScreenView {
    static func render(_ state: AppState, layout: ScreenLayout, into buffer: inout Buffer) {
        let i = state.tab.rawValue
        let list = state.lists[i]
        chips(state, list, layout.context, &buffer)
        if state.tab == .scenarios { sidebar(state, list, layout.sidebar, &buffer) }
        table(state, list, layout.table, &buffer)
        preview(state, list, layout.preview, &buffer)
    }

    static func chips(_ state: AppState, _ list: ListScreen, _ area: Rect, _ buffer: inout Buffer) {
        var x = area.x + 1
        // Centers: the quarter of the demand column, always said.
        if list.kind == .center {
            x += buffer.put(DailyView.centersQuarterChip(list), x: x, y: area.y, style: Theme.chip, maxWidth: area.maxX - x) + 1
        }
        let filters = list.kind == .center ? list.filters.filter { $0.field != .quarter } : list.filters
        guard !filters.isEmpty else {
            buffer.put(Text.filtersNone.text, x: x, y: area.y, style: Theme.dim, maxWidth: area.maxX - x)
            return
        }
        x += buffer.put(Text.filtersLabel.text, x: x, y: area.y, style: Theme.dim, maxWidth: area.maxX - x) + 1
        for (field, value) in filters {
            let shown: String
            switch field {
            case .sector: shown = state.sectorName(value)
            case .city: shown = state.cityName(value)
            case .stage: shown = Show.stage(Stage(rawValue: value))
            default: shown = value
            }
            let text = " \(field.rawValue)=\(shown) ✕ "
            guard x < area.maxX else { break }
            x += buffer.put(text, x: x, y: area.y, style: Theme.chip, maxWidth: area.maxX - x) + 1
        }
        if x < area.maxX { buffer.put(Text.filtersClear.text, x: x, y: area.y, style: Theme.dim, maxWidth: area.maxX - x) }
    }

    static func sidebar(_ state: AppState, _ list: ListScreen, _ area: Rect, _ buffer: inout Buffer) {
        guard area.width > 0 else { return }
        buffer.put(Text.sidebarSectors.text.fitted(toWidth: area.width), x: area.x, y: area.y, style: Style(bold: true, underline: true))
        let items = state.sidebarItems(state.tab.rawValue)
        let current = list.value(of: .sector) ?? ""
        let selected = list.sidebarFocused ? list.sidebar.selected : (items.firstIndex { $0.value == current } ?? 0)
        let listArea = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        let offset = ListState.offset(keeping: selected, visible: listArea.height, current: list.sidebar.offset, count: items.count)
        let view = ListView(items: items.map { ListView.Item($0.label, count: $0.count, style: $0.value == current ? Theme.title : nil) },
                            selected: selected, offset: offset,
                            selectedStyle: list.sidebarFocused ? Theme.focus : Theme.unfocusedSelection)
        buffer.render(view, in: listArea)
    }

    /// The table width from which the scenario table shows ids.
    static let scenarioIdsFrom = 90
    /// Whether the scenario table shows when each entry was last updated: while it is sorted or
    /// filtered by that date (the preview always shows it).
    static func showsUpdated(_ list: ListScreen) -> Bool {
        list.kind == .scenario && (list.sortColumn.key == .updated || list.value(of: .updated) != nil)
    }

    /// The columns of a table `width` columns wide; `cells` gives the same columns.
    static func columns(_ kind: EntityKind, width: Int, updated: Bool = false) -> [Table.Column] {
        switch kind {
        case .scenario:
            var cols: [Table.Column] = []
            // Ids only when titles keep room for a long Chinese title (a 120-column terminal).
            if width >= Self.scenarioIdsFrom { cols.append(.init("ID", width: .flex(min: 10, weight: 3))) }
            cols += [.init(Text.columnTitle.text, width: .flex(min: 10, weight: 4)), .init(Text.sortCity.text, width: .fixed(6)),
                     .init(Text.sortStage.text, width: .fixed(4)), .init(Text.sortStatus.text, width: .fixed(6)),
                     .init(Text.sortModels.text, width: .fixed(4), alignment: .right), .init("PFLOPS", width: .fixed(7), alignment: .right)]
            if updated { cols.append(.init(Text.columnUpdated.text, width: .fixed(10))) }
            return cols
        case .model:
            // The filing number is what the office looks models up by: it stays at every width;
            // the base model and the functions go first when columns are short.
            var cols: [Table.Column] = [.init(Text.columnName.text, width: .flex(min: 10, weight: 3)), .init(Text.columnProvider.text, width: .flex(min: 6, weight: 2)),
                                        .init(Text.columnFilingNo.text, width: .flex(min: 12, weight: 4)), .init(Text.columnParamsB.text, width: .fixed(5), alignment: .right)]
            if width >= 120 { cols.append(.init(Text.columnFunctions.text, width: .flex(min: 8, weight: 2))) }
            cols.append(.init(Text.sortStatus.text, width: .fixed(6)))
            if width >= 100 { cols.append(.init(Text.columnBase.text, width: .flex(min: 6, weight: 2))) }
            cols.append(.init(Text.columnScenarios.text, width: .fixed(4), alignment: .right))
            return cols
        case .center:
            return [.init(Text.columnName.text, width: .flex(min: 10, weight: 4)), .init(Text.sortCity.text, width: .fixed(6)),
                    .init(Text.columnTier.text, width: .fixed(12)), .init(Text.sortStatus.text, width: .fixed(9)),
                    .init(Text.sortCapacity.text, width: .fixed(7), alignment: .right), .init(Text.sortDemand.text, width: .fixed(7), alignment: .right),
                    .init(Text.sortUtilisation.text, width: .fixed(6), alignment: .right)]
        }
    }

    static func cells(_ row: EntityRow, _ state: AppState, width: Int, updated: Bool = false) -> [String] {
        switch row.kind {
        case .scenario:
            var c: [String] = []
            if width >= Self.scenarioIdsFrom { c.append(row.id) }
            c += [row.name, state.cityName(row.city), Names.short(row.stage), Show.scenarioStatus(row.status),
                  String(row.modelCount ?? 0), Figures.pflops(row.peakPflops)]
            if updated { c.append(row.updated ?? "—") }
            return c
        case .model:
            var c = [row.name, row.provider ?? "", row.filingNo ?? "", row.paramsB.map(NumberText.format) ?? ""]
            if width >= 120 { c.append(row.functions.map { Names.short($0.rawValue) }.joined(separator: ",")) }
            c.append(Show.modelStatus(row.status))
            if width >= 100 { c.append(row.baseModel ?? "") }
            c.append(String(row.usedBy ?? 0))
            return c
        case .center:
            return [row.name, state.cityName(row.city), row.tier.map { Names.short($0.rawValue) } ?? "", Names.short(row.status),
                    Figures.pflops(row.capacity), Figures.pflops(row.demand), Figures.percent(row.utilisation)]
        }
    }

    static func table(_ state: AppState, _ list: ListScreen, _ area: Rect, _ buffer: inout Buffer) {
        let updated = showsUpdated(list)
        let rows = list.window.map { cells($0, state, width: area.width, updated: updated) }
        let styles: [Style?] = list.window.map { r in
            r.status == "withdrawn" || r.status == "suspended" ? Theme.withdrawn : nil
        }
        let table = Table(columns: columns(list.kind, width: area.width, updated: updated), rows: rows, totalRows: list.total,
                          firstRow: list.windowStart, selected: list.total > 0 ? list.cursor.selected : nil,
                          offset: list.cursor.offset, separator: " ",
                          selectedStyle: list.sidebarFocused ? Theme.unfocusedSelection : Theme.focus, rowStyles: styles,
                          emptyText: list.filters.isEmpty ? Text.listEmpty.text : Text.listNothingMatches.text)
        buffer.render(table, in: area)
    }

    static func preview(_ state: AppState, _ list: ListScreen, _ area: Rect, _ buffer: inout Buffer) {
        guard area.height > 1 else { return }
        let shownId = list.preview?.entity.id ?? list.previewProblem?.id
        let border = Border(title: shownId.map { " \($0) " } ?? " \(Text.listPreviewTitle.text) ", style: Theme.dim, titleStyle: Theme.title)
        buffer.render(border, in: area)
        let inner = Border.inner(area)
        guard let p = list.preview else {
            if let problem = list.previewProblem, problem.id == list.selectedRow?.id {
                buffer.render(ScrollView(text: problem.text, showsScrollbar: false, style: Theme.error), in: inner)
            }
            return
        }
        let view = ScrollView(paragraphs: EntityPage.paragraphs(p, state: state, compact: true), offset: 0, showsScrollbar: false)
        buffer.render(view, in: inner)
    }
}

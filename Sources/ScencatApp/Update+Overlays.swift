import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// `Update` in the search and filter overlays, and for the mouse.
extension Update {
    // MARK: overlays

    static func searchCommand(_ command: Command, _ panel: inout SearchPanel, _ state: inout AppState) -> [Effect] {
        switch command {
        case .back:
            // Closing keeps the hits for n / N (a search with none keeps the previous one).
            if !panel.hits.isEmpty {
                state.lastSearch = panel.hits
                state.lastSearchIndex = panel.cursor.selected
                state.lastSearchOpened = false
            }
            state.overlay = nil
            return []
        case .open:
            guard panel.hits.indices.contains(panel.cursor.selected) else { return [] }
            state.lastSearch = panel.hits
            state.lastSearchIndex = panel.cursor.selected
            state.lastSearchOpened = true
            state.overlay = nil
            return open(panel.hits[panel.cursor.selected].id, &state, replacingPath: true)
        default:
            _ = move(command, &panel.cursor, count: panel.hits.count, visible: state.frameLayout.searchHits)
            state.overlay = .search(panel)
            return []
        }
    }

    static func filterCommand(_ command: Command, _ panel: inout FilterPanel, _ state: inout AppState) -> [Effect] {
        let fields = FilterField.fields(for: panel.kind)
        switch (command, panel.step) {
        case (.back, .field):
            state.overlay = nil
            return []
        case (.back, .value):
            panel.step = .field
            panel.cursor = ListState()
            panel.input = FilterPanel(kind: panel.kind).input
            state.overlay = .filter(panel)
            return []
        case (.open, .field):
            let field = fields[panel.cursor.selected]
            panel.step = .value(field)
            panel.cursor = ListState()
            panel.options = []
            state.overlay = .filter(panel)
            return [.loadFilterOptions(panel.kind, field, text: "", within: withoutFilter(state.list, field))]
        case (.open, .value(let field)):
            guard panel.options.indices.contains(panel.cursor.selected) else { return [] }
            let i = min(state.tab.rawValue, 2)
            state.lists[i].setFilter(field, panel.options[panel.cursor.selected].value)
            state.overlay = nil
            return [reload(&state, i)]
        default:
            let count: Int
            if case .field = panel.step { count = fields.count } else { count = panel.options.count }
            _ = move(command, &panel.cursor, count: count, visible: max(1, state.size.height - 10))
            state.overlay = .filter(panel)
            return []
        }
    }

    // MARK: mouse

    static func mouse(_ m: MouseEvent, _ state: inout AppState) -> [Effect] {
        let layout = state.layout
        switch m.kind {
        case .wheelUp: return handle(.up, &state) + handle(.up, &state) + handle(.up, &state)
        case .wheelDown: return handle(.down, &state) + handle(.down, &state) + handle(.down, &state)
        case .click:
            if layout.tabs.contains(x: m.x, y: m.y) {
                let ranges = state.tabsWidget.tabRanges(from: layout.tabs.x)
                if let n = ranges.firstIndex(where: { $0.contains(m.x) }) {
                    return n == Tab.allCases.count ? PublicationsUpdate.open(&state) : switchTab(to: n, &state)
                }
                return []
            }
            guard state.top == nil, state.tab != .dashboard else { return [] }
            let i = state.tab.rawValue
            if layout.table.contains(x: m.x, y: m.y), m.y > layout.table.y {
                let offset = Table(columns: [], rows: [], totalRows: state.lists[i].total, selected: state.lists[i].cursor.selected,
                                   offset: state.lists[i].cursor.offset).effectiveOffset(forHeight: layout.table.height)
                let row = offset + (m.y - layout.table.y - 1)
                guard row < state.lists[i].total else { return [] }
                state.lists[i].sidebarFocused = false
                state.lists[i].cursor.select(row, count: state.lists[i].total, visible: layout.tableRows)
                return windowIfNeeded(&state, i)
            }
            if layout.sidebar.contains(x: m.x, y: m.y), m.y > layout.sidebar.y {
                let items = state.sidebarItems(i)
                let row = state.lists[i].sidebar.offset + (m.y - layout.sidebar.y - 1)
                guard items.indices.contains(row) else { return [] }
                state.lists[i].sidebar.selected = row
                state.lists[i].sidebarFocused = true
                return listCommand(.open, &state)
            }
            return []
        }
    }

    /// Moves a scroll offset by a scrolling command (a line, a page, either end) within 0…maxScroll;
    /// false, leaving it alone, for any other command. Every scrolled view shares it.
    @discardableResult
    static func scroll(_ command: Command, _ offset: inout Int, maxScroll: Int, page: Int) -> Bool {
        switch command {
        case .up: offset = max(0, offset - 1)
        case .down: offset = min(maxScroll, offset + 1)
        case .pageUp: offset = max(0, offset - page)
        case .pageDown: offset = min(maxScroll, offset + page)
        case .top: offset = 0
        case .bottom: offset = maxScroll
        default: return false
        }
        return true
    }

    /// The tab to the right (`tab`): after the dashboard comes Publications, then Scenarios again.
    static func nextTab(_ state: inout AppState) -> [Effect] {
        if state.publicationsScreen != nil { return switchTab(to: 0, &state) }
        if state.tab.rawValue == Tab.allCases.count - 1 { return PublicationsUpdate.open(&state) }
        return switchTab(to: state.tab.rawValue + 1, &state)
    }
}

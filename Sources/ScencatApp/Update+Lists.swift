import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// `Update` on the lists and the detail pages: moving, paging, reloading, switching tabs, opening
/// an entity and following its links.
extension Update {
    // MARK: lists

    static func visibleRows(_ state: AppState) -> Int { state.frameLayout.listRows }

    static func listCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        let i = min(state.tab.rawValue, 2)
        let visible = visibleRows(state)
        if state.lists[i].sidebarFocused {
            let items = state.sidebarItems(i)
            switch command {
            case .open, .focusRight:
                let choice = items[state.lists[i].sidebar.selected]
                state.lists[i].setFilter(.sector, choice.value.isEmpty ? nil : choice.value)
                if command == .focusRight { state.lists[i].sidebarFocused = false }
                state.lists[i].cursor = ListState()
                return [reload(&state, i)]
            default:
                if move(command, &state.lists[i].sidebar, count: items.count, visible: state.layout.sidebar.height - 1) {
                    return []
                }
            }
        }
        switch command {
        case .back where !state.lastSearch.isEmpty:
            state.lastSearch = []
            state.lastSearchIndex = 0
            state.lastSearchOpened = false
            state.message = Text.searchCleared.text
            return []
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            _ = move(command, &state.lists[i].cursor, count: state.lists[i].total, visible: visible)
            return windowIfNeeded(&state, i)
        case .open:
            guard let row = state.lists[i].selectedRow else { return [] }
            return open(row.id, &state)
        case .focusLeft:
            if state.tab == .scenarios {
                state.lists[i].sidebarFocused = true
                let current = state.lists[i].value(of: .sector) ?? ""
                let items = state.sidebarItems(i)
                state.lists[i].sidebar.selected = items.firstIndex { $0.value == current } ?? 0
            }
            return []
        case .filter:
            state.overlay = .filter(FilterPanel(kind: state.lists[i].kind))
            return []
        case .clearFilters:
            if state.lists[i].filters.isEmpty { return [] }
            state.lists[i].filters = []
            state.lists[i].cursor = ListState()
            state.message = Text.filtersCleared.text
            return [reload(&state, i)]
        case .sortNext:
            state.lists[i].sortIndex = (state.lists[i].sortIndex + 1) % state.lists[i].sortColumns.count
            state.lists[i].descending = false
            state.lists[i].cursor = ListState()
            return [reload(&state, i, recount: false)]
        case .sortReverse:
            state.lists[i].descending.toggle()
            state.lists[i].cursor = ListState()
            return [reload(&state, i, recount: false)]
        default:
            return []
        }
    }

    /// Moves a cursor for a movement command; false for other commands.
    static func move(_ command: Command, _ cursor: inout ListState, count: Int, visible: Int) -> Bool {
        let v = max(1, visible)
        switch command {
        case .up: cursor.move(by: -1, count: count, visible: v)
        case .down: cursor.move(by: 1, count: count, visible: v)
        case .pageUp: cursor.pageUp(count: count, visible: v)
        case .pageDown: cursor.pageDown(count: count, visible: v)
        case .top: cursor.home(count: count, visible: v)
        case .bottom: cursor.end(count: count, visible: v)
        default: return false
        }
        return true
    }

    /// Reloads list `i` from the top of its new query.
    static func reload(_ state: inout AppState, _ i: Int, keepSelection: Bool = false, recount: Bool = true) -> Effect {
        if !keepSelection { state.lists[i].cursor = ListState() }
        state.lists[i].preview = nil
        state.lists[i].previewProblem = nil
        let visible = visibleRows(state)
        let start = keepSelection ? state.lists[i].cursor.offset : 0
        return .reloadList(i, state.lists[i].query(offset: start, limit: visible * 2), window: visible * 2, recount: recount)
    }

    /// Loads rows when the visible part of the list is not in the window held.
    static func windowIfNeeded(_ state: inout AppState, _ i: Int) -> [Effect] {
        let visible = visibleRows(state)
        let l = state.lists[i]
        let range = l.cursor.visibleRange(count: l.total, visible: visible)
        let held = l.windowStart..<(l.windowStart + l.window.count)
        if range.isEmpty || (held.contains(range.lowerBound) && held.contains(range.upperBound - 1)) {
            return previewIfNeeded(&state, i)
        }
        // A window twice the page, starting half a page before what is shown, so scrolling either way stays local.
        let start = max(0, range.lowerBound - visible / 2)
        return [.loadWindow(i, l.query(offset: start, limit: visible * 2), start: start)]
    }

    static func previewIfNeeded(_ state: inout AppState, _ i: Int) -> [Effect] {
        guard let row = state.lists[i].selectedRow else { state.lists[i].preview = nil; state.lists[i].previewProblem = nil; return [] }
        if state.lists[i].preview?.entity.id == row.id || state.lists[i].previewProblem?.id == row.id { return [] }
        return [.loadPreview(i, id: row.id)]
    }

    static func switchTab(to n: Int, _ state: inout AppState) -> [Effect] {
        guard let tab = Tab(rawValue: n) else { return [] }
        state.tab = tab
        state.layers = []
        if tab == .dashboard { return state.stats == nil ? [.loadStats] : [] }
        if !state.lists[tab.rawValue].loaded { return [reload(&state, tab.rawValue, keepSelection: true)] }
        return windowIfNeeded(&state, tab.rawValue)
    }

    static func withoutFilter(_ list: ListScreen, _ field: FilterField) -> ListQuery {
        var l = list
        l.setFilter(field, nil)
        return l.query(offset: 0, limit: nil)
    }

    // MARK: detail and links

    /// Opens an entity: pushes it on the path (or starts a new path).
    static func open(_ id: String, _ state: inout AppState, replacingPath: Bool = false) -> [Effect] {
        if replacingPath { state.path = [] }
        state.path.append(DetailScreen(id: id))
        return [.loadDetail(depth: state.path.count - 1, id: id)]
    }

    static func detailCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        let d = state.path.count - 1
        let links = state.path[d].preview?.links ?? []
        switch command {
        case .back:
            state.path.removeLast()
            return []
        case .open:
            guard links.indices.contains(state.path[d].selectedLink) else { return [] }
            return open(links[state.path[d].selectedLink].targetId, &state)
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            if links.isEmpty {
                // Nothing to select: the keys scroll the text instead (it may not fit a small screen).
                let layout = state.frameLayout
                let maxScroll = layout.detailMaxScroll
                let page = layout.detailPage
                scroll(command, &state.path[d].scroll, maxScroll: maxScroll, page: page)
                return []
            }
            var cursor = ListState(selected: state.path[d].selectedLink)
            _ = move(command, &cursor, count: links.count, visible: 8)
            state.path[d].selectedLink = cursor.selected
            state.path[d].moved = true
            return []
        default:
            return []
        }
    }
}

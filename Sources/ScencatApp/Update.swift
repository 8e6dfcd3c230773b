import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// The only place the state changes. Pure: it returns the work it wants done as `Effect`s.
public enum Update {
    /// Effects to run when the UI starts: header facts and the first page of the tab shown.
    /// Other tabs and the dashboard's statistics load when first shown.
    public static func start(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = [.loadCatalog]
        if state.tab == .dashboard { effects.append(.loadStats) } else { effects.append(reload(&state, state.tab.rawValue)) }
        return effects
    }

    public static func update(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .key(let key):
            state.message = nil
            return handle(key, &state)
        case .listReloaded(let i, let total, let start, let rows, let counts):
            if let total { state.lists[i].total = total }
            state.lists[i].loaded = true
            state.lists[i].windowStart = start
            state.lists[i].window = rows
            if let counts { state.lists[i].sectorCounts = counts }
            state.lists[i].cursor.clamp(count: state.lists[i].total, visible: visibleRows(state))
            return previewIfNeeded(&state, i)
        case .windowLoaded(let i, let start, let rows):
            state.lists[i].windowStart = start
            state.lists[i].window = rows
            return previewIfNeeded(&state, i)
        case .previewLoaded(let i, let id, let preview):
            if state.lists[i].selectedRow?.id == id {
                state.lists[i].preview = preview
                state.lists[i].previewProblem = nil
            }
            return []
        case .previewStale(let i, let id, let text):
            if state.lists[i].selectedRow?.id == id {
                state.lists[i].preview = nil
                state.lists[i].previewProblem = (id, text)
            }
            return []
        case .detailStale(let depth, let id, let text):
            guard state.path.indices.contains(depth), state.path[depth].id == id else { return [] }
            state.path[depth].preview = nil
            state.path[depth].problem = text
            return []
        case .detailLoaded(let depth, let id, let preview):
            guard state.path.indices.contains(depth), state.path[depth].id == id else { return [] }
            state.path[depth].preview = preview
            state.path[depth].problem = nil
            state.path[depth].missing = preview == nil
            if preview == nil { state.message = Text.noSuchId(id) }
            return []
        case .searchLoaded(let text, let hits):
            guard case .search(var panel) = state.overlay, panel.input.text == text else { return [] }
            panel.hits = hits
            panel.cursor = ListState()
            state.overlay = .search(panel)
            return []
        case .jumpLoaded(let text, let candidates):
            return JumpUpdate.loaded(text, candidates, &state)
        case .filterOptionsLoaded(let field, let options):
            guard case .filter(var panel) = state.overlay, case .value(let f) = panel.step, f == field else { return [] }
            panel.options = options
            panel.cursor.clamp(count: options.count, visible: 10)
            state.overlay = .filter(panel)
            return []
        case .statsLoaded(let stats):
            state.stats = stats
            return []
        case .catalogLoaded(let taxonomy, let name):
            state.taxonomy = taxonomy
            state.header.catalogName = name
            return []
        case .registerLoaded(let summary):
            state.register = summary
            state.lists[Tab.models.rawValue].registerMembers = summary.members
            return []
        case .fileLoaded(let panel):
            state.overlay = .file(panel)
            return []
        case .indexProgress(let done, let total):
            state.header.indexing = (done, total)
            return []
        case .indexFinished(let diagnostics, let committed, let pending):
            state.header.indexing = nil
            state.diagnostics = diagnostics
            state.header.pendingFiles = pending
            if committed, state.message == refreshingMessage {
                // The r that asked for it gets an answer (the message would otherwise stay "re-indexing…").
                state.message = Text.indexUpdated.text
            }
            if !committed {
                state.message = Text.indexErrorsLastGood(diagnostics.errorCount)
            }
            // What is shown reloads now; other tabs and the statistics when next shown.
            state.stats = nil
            var effects: [Effect] = [.loadCatalog]
            for i in state.lists.indices {
                if i == state.tab.rawValue { effects.append(reload(&state, i, keepSelection: true)) } else { state.lists[i].loaded = false }
            }
            if state.tab == .dashboard { effects.append(.loadStats) }
            return effects
        case .pendingChecked(let count):
            state.header.pendingFiles = count
            return []
        case .failed(let text):
            state.message = text
            if state.form?.saving == true { state.form?.saving = false }
            return []
        case .indexDamaged(let reason):
            state.header.indexDamaged = true
            state.message = Text.indexDamagedMessage(reason)
            return []
        case .edit(let result):
            return EditUpdate.apply(result, &state)
        case .sync(let result):
            return SyncUpdate.apply(result, &state)
        case .publications(let result):
            return PublicationsUpdate.apply(result, &state)
        case .sheets(let result):
            return SheetsUpdate.apply(result, &state)
        }
    }

    static var refreshingMessage: String { Text.reindexing.text }

    // MARK: keys

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
        if case .resize(let w, let h) = key {
            state.size = Size(width: w, height: h)
            var effects: [Effect] = []
            for i in state.lists.indices {
                state.lists[i].cursor.clamp(count: state.lists[i].total, visible: visibleRows(state))
                effects += windowIfNeeded(&state, i)
            }
            return effects
        }
        let binding = KeyBindings.binding(for: key, in: state.keyContexts)
        // A terminal too small to draw the screens shows only a notice: every key but quit waits
        // until it is big enough again (a key acting on screens nobody can see would surprise).
        if state.isTooSmall {
            // Unsaved edits in a form are never dropped unseen: quitting waits for a terminal that shows the form.
            if KeyBindings.command(for: key, in: [.global]) == .quit, state.form?.isDirty != true { state.quit = true }
            return []
        }
        // Layers that take typing or whole keys (mouse, text) see the key first; the others get
        // the binding the key table gives in their contexts.
        switch state.top {
        case .sync: return SyncUpdate.key(key, &state)
        case .form: return isMouse(key) ? [] : FormUpdate.key(key, &state)
        case .dialog: return isMouse(key) ? [] : EditUpdate.dialogKey(key, &state)
        case .export: return isMouse(key) ? [] : ExportUpdate.key(key, &state)
        case .importWizard: return isMouse(key) ? [] : ImportWizardUpdate.key(key, &state)
        case .publications:
            if case .mouse(let m) = key { return PublicationsUpdate.mouse(m, &state) }
            if let binding, binding.context != .global { return PublicationsUpdate.command(binding.command, &state) }
        case .overlay(let overlay):
            if let effects = typed(key, binding?.command, overlay, &state) { return effects }
        case .detail, nil:
            break
        }
        if case .mouse(let m) = key { return mouse(m, &state) }
        guard let binding else { return [] }
        return dispatch(binding, &state)
    }

    private static func isMouse(_ key: Key) -> Bool { if case .mouse = key { return true } else { return false } }

    /// Keys of the overlays that take typing (search, filters, jump); nil for the others.
    static func typed(_ key: Key, _ command: Command?, _ overlay: Overlay, _ state: inout AppState) -> [Effect]? {
        switch overlay {
        case .search(var panel):
            if let command { return searchCommand(command, &panel, &state) }
            let before = panel.input.text
            if panel.input.handle(key) {
                state.overlay = .search(panel)
                return panel.input.text != before ? [.search(panel.input.text)] : []
            }
            return []
        case .filter(var panel):
            if let command { return filterCommand(command, &panel, &state) }
            guard case .value(let field) = panel.step else {
                // Choosing a field involves no typing, so the list keys (j, k, g, G…) move too.
                if let move = KeyBindings.command(for: key, in: [.list]), [.up, .down, .pageUp, .pageDown, .top, .bottom].contains(move) {
                    return filterCommand(move, &panel, &state)
                }
                return []
            }
            let before = panel.input.text
            if panel.input.handle(key) {
                state.overlay = .filter(panel)
                if panel.input.text != before {
                    return [.loadFilterOptions(panel.kind, field, text: panel.input.text, within: withoutFilter(state.list, field))]
                }
            }
            return []
        case .jump(var panel):
            return JumpUpdate.key(key, command, &panel, &state)
        case .help, .errors, .file:
            return nil
        }
    }

    /// Runs a binding: where it goes is decided by the context the key table found it in.
    static func dispatch(_ binding: KeyBinding, _ state: inout AppState) -> [Effect] {
        let command = binding.command
        switch binding.context {
        case .global: return global(command, &state)
        case .publicationsEntry: return PublicationsUpdate.open(&state)
        case .sheets: return SheetsUpdate.command(command, &state)
        case .help, .errors, .file: return panelCommand(command, &state)
        case .list, .sidebar:
            if EditUpdate.pageCommands.contains(command) { return EditUpdate.command(command, &state) }
            if let effects = DailyUpdate.command(command, &state) { return effects }
            return listCommand(command, &state)
        case .detail:
            if EditUpdate.pageCommands.contains(command) { return EditUpdate.command(command, &state) }
            if let effects = DailyUpdate.command(command, &state) { return effects }
            return detailCommand(command, &state)
        case .dashboard, .publications, .publicationList, .publicationRecord, .publicationChanges, .publishWizard, .search, .filter, .jump, .form, .formRows, .picker, .confirm, .refusedDelete, .withdrawReason, .conflict, .compare, .history,
             .change, .editorErrors, .syncPlan, .syncConfirm, .syncRunning, .syncConflicts, .syncEdit,
             .exportName, .importFile, .importSheet, .importMapping, .importField, .importPlan:
            // Their layers take the key before it is looked up (see `handle`).
            return []
        }
    }

    /// The help, errors and file panels.
    static func panelCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch state.overlay {
        case .help(let scroll):
            // Scrolling stops at the last line, so that ↑ moves at once after going past the end.
            let layout = state.frameLayout
            let maxScroll = layout.helpMaxScroll
            let page = layout.helpPage
            switch command {
            case .back, .help: state.overlay = nil
            default:
                var offset = scroll
                if Self.scroll(command, &offset, maxScroll: maxScroll, page: page) { state.overlay = .help(scroll: offset) }
            }
        case .errors(var panel):
            let count = state.diagnostics.count
            let visible = state.frameLayout.errorsRows
            switch command {
            case .back: state.overlay = nil
            case .open:
                guard state.diagnostics.indices.contains(panel.cursor.selected) else { return [] }
                let d = state.diagnostics[panel.cursor.selected]
                return [.loadFile(path: d.file, line: d.position.line, column: d.position.column, message: "\(d.severity.rawValue): \(d.shownMessage)")]
            default:
                if move(command, &panel.cursor, count: count, visible: visible) { state.overlay = .errors(panel) }
            }
        case .file(var panel):
            if command == .back {
                let selected = state.diagnostics.firstIndex { $0.file == panel.path && $0.position.line == panel.line } ?? 0
                state.overlay = .errors(ErrorsPanel(cursor: ListState(selected: selected)))
                return []
            }
            if Self.scroll(command, &panel.scroll, maxScroll: max(0, panel.lines.count - 1), page: 10) { state.overlay = .file(panel) }
        default:
            break
        }
        return []
    }

    /// Commands that work from every screen and panel that lets them through (context `global`).
    static func global(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch command {
        case .quit:
            state.quit = true
            return []
        case .help:
            state.overlay = .help(scroll: 0)
            return []
        case .tab(let n):
            return switchTab(to: n, &state)
        case .nextTab:
            return nextTab(&state)
        case .previousTab:
            if state.tab.rawValue == 0 && state.publicationsScreen == nil { return PublicationsUpdate.open(&state) }
            return switchTab(to: state.publicationsScreen != nil ? Tab.allCases.count - 1 : state.tab.rawValue - 1, &state)
        case .search:
            state.overlay = .search(SearchPanel())
            return []
        case .jump:
            state.overlay = .jump(JumpPanel())
            return []
        case .showErrors:
            if state.diagnostics.isEmpty { state.message = Text.noErrorsOrWarnings.text; return [] }
            state.overlay = .errors(ErrorsPanel())
            return []
        case .refresh:
            state.message = refreshingMessage
            return [.refreshIndex]
        case .nextMatch, .previousMatch:
            guard !state.lastSearch.isEmpty else {
                // No search to step through: `n` adds a new entity of the tab's kind.
                if command == .nextMatch, state.tab.rawValue <= 2 { return EditUpdate.command(.newEntity, &state) }
                state.message = Text.searchFirst.text
                return []
            }
            let n = state.lastSearch.count
            let step = state.lastSearchOpened ? (command == .nextMatch ? 1 : n - 1) : (command == .nextMatch ? 0 : n - 1)
            state.lastSearchIndex = (state.lastSearchIndex + step) % n
            state.lastSearchOpened = true
            let hit = state.lastSearch[state.lastSearchIndex]
            state.message = Text.matchNofM(state.lastSearchIndex + 1, n, state.lastSearchIndex + 1, n)
            return open(hit.id, &state, replacingPath: true)
        case .undo, .redo:
            return EditUpdate.command(command, &state)
        case .sync:
            return SyncUpdate.open(&state)
        default:
            return []
        }
    }
}

extension ErrorsPanel {
    init(cursor: ListState) { self.cursor = cursor }
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}

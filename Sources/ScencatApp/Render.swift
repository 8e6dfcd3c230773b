import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// Draws the whole screen from the state. Pure: the same state always gives the same buffer.
public enum Render {
    public static func frame(_ state: AppState) -> Buffer {
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        return buffer
    }

    public static func render(_ state: AppState, into buffer: inout Buffer) {
        if state.isTooSmall {
            tooSmall(state, &buffer)
            return
        }
        // One layout per frame: the numbers drawn here are the ones `update` reads.
        let frame = state.frameLayout
        let layout = frame.screen
        header(state, layout.header, &buffer)
        buffer.render(state.tabsWidget, in: layout.tabs)
        switch state.tab {
        case .dashboard: DashboardView.render(state, area: layout.context.union(layout.body), into: &buffer)
        default: ListScreenView.render(state, layout: layout, into: &buffer)
        }
        statusLine(state, layout.status, &buffer)
        buffer.render(HintBar(hints: KeyBindings.hints(for: state.keyContexts), keyStyle: Theme.key), in: layout.hints)
        buffer.cursor = nil
        // The layers, bottom first: the top one is drawn last.
        let lastDetail = state.layers.lastIndex { $0.kind == .detail }
        for (i, layer) in state.layers.enumerated() {
            switch layer {
            case .detail(let page):
                // Pages cover one another: only the last one is drawn.
                if i == lastDetail { DetailView.render(page, state, frame: frame, into: &buffer) }
            case .overlay(let overlay): Overlays.render(overlay, state: state, frame: frame, into: &buffer)
            case .form(let form): FormView.render(form, state, into: &buffer)
            case .dialog(let dialog): EditView.render(dialog, state, into: &buffer)
            case .sync(let screen): SyncView.render(screen, state, into: &buffer)
            case .publications(let screen): PublicationsView.render(screen, state, layout: layout, into: &buffer)
            case .export(let dialog): ExportView.render(dialog, state, into: &buffer)
            case .importWizard(let wizard): ImportWizardView.render(wizard, state, into: &buffer)
            }
        }
    }

    static func tooSmall(_ state: AppState, _ buffer: inout Buffer) {
        let lines = [
            Text.tooSmallTitle.text,
            Text.tooSmallSize(state.size.width, state.size.height, AppState.minimumSize.width, AppState.minimumSize.height),
            Text.tooSmallEnlarge.text,
            state.form?.isDirty == true ? Text.tooSmallUnsavedForm.text : Text.tooSmallQuit.text,
        ]
        let top = max(0, (state.size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < state.size.height {
            let text = line.truncated(toWidth: state.size.width)
            let x = max(0, (state.size.width - text.displayWidth) / 2)
            buffer.put(text, x: x, y: top + i, style: i == 0 ? Theme.title : .plain, maxWidth: state.size.width - x)
        }
    }

    static func header(_ state: AppState, _ area: Rect, _ buffer: inout Buffer) {
        let errors = state.diagnostics.errorCount
        let style = errors > 0 ? Theme.headerWarn : Theme.header
        buffer.fill(area, style: style)
        var left = " scencat"
        if !state.header.catalogName.isEmpty { left += " │ " + state.header.catalogName }
        var right: [String] = []
        if let branch = state.header.branch { right.append("⎇ \(branch)") }
        if let counts = SyncView.aheadBehind(state) { right.append(counts) }
        if state.header.indexDamaged {
            right.append(Text.headerIndexDamaged.text)
        } else if let (done, total) = state.header.indexing {
            right.append(total > 0 ? Text.headerIndexingPercent(done * 100 / max(1, total)) : Text.headerIndexing.text)
        } else if errors > 0 {
            right.append(Text.headerErrors(errors))
        } else if state.header.pendingFiles > 0 {
            right.append(Text.headerPendingFiles(state.header.pendingFiles))
        } else {
            right.append(Text.headerUpToDate.text)
        }
        let rightText = right.joined(separator: " │ ") + " "
        let rightWidth = min(rightText.displayWidth, area.width)
        buffer.put(left.truncated(toWidth: max(0, area.width - rightWidth - 1)), x: area.x, y: area.y, style: style)
        buffer.put(rightText.truncated(toWidth: rightWidth), x: area.maxX - rightWidth, y: area.y, style: style)
    }

    static func statusLine(_ state: AppState, _ area: Rect, _ buffer: inout Buffer) {
        var left = state.message ?? ""
        var right = ""
        if left.isEmpty {
            if !state.path.isEmpty {
                left = state.path.last?.preview.map { "\(Names.kind($0.entity.kind)) \($0.entity.id)" } ?? ""
            } else if let kind = state.tab.kind {
                let l = state.lists[kind == .scenario ? 0 : kind == .model ? 1 : 2]
                left = Text.statusEntriesSort(l.total, l.sortColumn.title, l.descending ? "↓" : "↑")
                if l.total > 0 { right = "\(l.cursor.selected + 1)/\(l.total) " }
            } else if let s = state.stats {
                left = Text.statusCounts(s.scenarioCount, s.modelCount, s.centerCount)
            }
        }
        buffer.render(StatusLine(left: " " + left, right: right, style: Theme.status), in: area)
    }
}

extension Rect {
    /// The smallest rectangle covering both (for vertically adjacent parts).
    func union(_ other: Rect) -> Rect {
        let x0 = min(x, other.x), y0 = min(y, other.y)
        return Rect(x: x0, y: y0, width: max(maxX, other.maxX) - x0, height: max(maxY, other.maxY) - y0)
    }
}

/// Text helpers shared by the screens.
enum Show {
    static func stage(_ s: Stage?) -> String { Names.shown(s) }

    /// A status where a column has room for one word (the names are `Names`').
    static func modelStatus(_ s: String) -> String { Names.short(s) }

    static func scenarioStatus(_ s: String) -> String { Names.short(s) }
}

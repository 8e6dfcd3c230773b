import CatalogCore
import CatalogSync
import TerminalKit
import Wording

/// Draws the Sync screen over the tabs' body (header, status and hint lines stay), and the
/// header's ahead/behind counts.
enum SyncView {
    /// Where the screen goes: everything between the tab row and the status line.
    static func area(_ state: AppState) -> Rect {
        let layout = ScreenLayout(size: state.size, tab: state.tab)
        return layout.context.union(layout.body)
    }

    /// `↑2 ↓1` for the header: commits to push and to merge; nil without a remote branch.
    static func aheadBehind(_ state: AppState) -> String? {
        guard let ahead = state.sync.ahead, let behind = state.sync.behind else { return nil }
        return "↑\(ahead) ↓\(behind)"
    }

    static func render(_ screen: SyncScreen, _ state: AppState, into buffer: inout Buffer) {
        let area = area(state)
        buffer.fill(area)
        let title: String
        switch screen.stage {
        case .planning: title = Text.syncTitlePlanning.text
        case .plan: title = Text.syncTitlePlan.text
        case .confirm: title = Text.syncTitleConfirm.text
        case .running: title = Text.syncTitleRunning.text
        case .done: title = screen.failed ? Text.syncTitleStopped.text : Text.syncTitleDone.text
        case .conflicts: title = Text.syncTitleConflicts(screen.conflicts.count)
        }
        buffer.put(" " + title, x: area.x, y: area.y, style: Theme.title, maxWidth: area.width)
        var body = Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 1))
        // The note and the value being typed take the last lines.
        if let input = screen.editing, body.height > 2 {
            let y = body.maxY - 1
            let key = screen.selectedRow?.key ?? ""
            let label = Text.syncNewValue(key)
            let used = buffer.put(label, x: body.x, y: y, style: Theme.key, maxWidth: body.width)
            var field = input
            field.keepCursorVisible(width: max(1, body.width - used - 1))
            buffer.render(field, in: Rect(x: body.x + used, y: y, width: max(1, body.width - used - 1), height: 1))
            body.height -= 1
        }
        if let note = screen.note, body.height > 2 {
            buffer.put(" " + note, x: body.x, y: body.maxY - 1, style: Theme.warning, maxWidth: body.width)
            body.height -= 1
        }
        switch screen.stage {
        case .planning:
            buffer.put(Text.syncFetching.text, x: body.x, y: body.y, style: Theme.dim, maxWidth: body.width)
        case .plan, .done:
            lines(screen.lines, scroll: screen.scroll, in: body, &buffer)
        case .confirm:
            lines(screen.lines, scroll: screen.scroll, in: body, &buffer)
            var text = Text.syncConfirmBody.lines()
            if let plan = screen.plan { text.insert(plan.summary, at: 0) }
            let modal = Modal(title: Text.syncConfirmTitle.text, body: text, buttons: [Text.buttonYes.text, Text.buttonNo.text], selectedButton: 0, maxWidth: min(76, area.width - 2))
            buffer.render(modal, in: area)
        case .running:
            var shown = screen.progress.map { "  ✓ " + $0 }
            if !shown.isEmpty { shown[shown.count - 1] = "  … " + screen.progress.last! }
            if shown.isEmpty { shown = [Text.syncStarting.text] }
            lines(shown, scroll: max(0, shown.count - body.height), in: body, &buffer)
        case .conflicts:
            conflicts(screen, in: body, &buffer)
        }
    }

    static func lines(_ text: [String], scroll: Int, in area: Rect, _ buffer: inout Buffer) {
        // Long lines (git's messages, what to do next) wrap under their own indentation.
        let width = max(10, area.width - 1)
        var wrapped: [String] = []
        for line in text {
            guard line.displayWidth > width else { wrapped.append(line); continue }
            let indent = String(line.prefix { $0 == " " }) + "  "
            for (i, part) in TextWrap.wrap(line, width: width - indent.count).enumerated() {
                wrapped.append(i == 0 ? part : indent + part)
            }
        }
        for (i, line) in wrapped.dropFirst(scroll).prefix(area.height).enumerated() {
            let style: Style = line.hasPrefix("! ") || line.contains("  ! ") ? Theme.warning
                : (line.hasPrefix("Plan:") || line.hasPrefix("计划：") || line.hasPrefix("同步") ? Theme.title : .plain)
            buffer.put(line, x: area.x + 1, y: area.y + i, style: style, maxWidth: area.width - 1)
        }
    }

    /// Each conflicted entity, then its fields side by side: base, ours, theirs and the choice.
    static func conflicts(_ screen: SyncScreen, in area: Rect, _ buffer: inout Buffer) {
        if screen.conflicts.isEmpty {
            buffer.put(Text.syncNoConflictsIndented.text, x: area.x, y: area.y, style: Theme.dim, maxWidth: area.width)
            return
        }
        let rows = screen.conflictRows
        let fieldWidth = min(16, max(8, (rows.map { $0.key.displayWidth }.max() ?? 0) + 1))
        // The choice column grows with what was chosen (a typed value), up to 24 columns.
        let chosen = screen.conflicts.flatMap { c in (screen.choices[c.path] ?? [:]).values.map { choiceText($0).displayWidth } }
        let choiceWidth = min(24, max(12, chosen.max() ?? 0))
        let valueWidth = max(6, (area.width - 2 - fieldWidth - 4 - choiceWidth) / 3)
        // Lines: (text spans, row index when selectable).
        var out: [(String, Style, Int?)] = []
        var rowIndex = 0
        for (i, c) in screen.conflicts.enumerated() {
            let decided = screen.choice(for: c) != nil
            out.append(("\(decided ? "✓" : "▸") \(c.label)\(c.name.map { " (\($0))" } ?? ""): \(c.reason)", Theme.title, nil))
            let header = "  " + Text.syncColumnField.text.fitted(toWidth: fieldWidth) + " " + Text.sideBase.text.fitted(toWidth: valueWidth) + " "
                + Text.sideOurs.text.fitted(toWidth: valueWidth) + " " + Text.sideTheirs.text.fitted(toWidth: valueWidth) + " " + Text.syncColumnChoice.text
            out.append((header, Theme.dim, nil))
            while rowIndex < rows.count && rows[rowIndex].entity == i {
                let row = rows[rowIndex]
                let (b, o, t): (String, String, String)
                if row.key == SyncScreen.wholeFile {
                    (b, o, t) = (side(c.base), side(c.ours), side(c.theirs))
                } else if let f = c.fieldConflicts.first(where: { $0.key == row.key }) {
                    (b, o, t) = (FieldDiff.text(f.base, limit: valueWidth), FieldDiff.text(f.ours, limit: valueWidth), FieldDiff.text(f.theirs, limit: valueWidth))
                } else {
                    (b, o, t) = ("", "", "")
                }
                let choice = choiceText(screen.choices[c.path]?[row.key])
                let text = "  " + Names.fieldOrPath(row.key).fitted(toWidth: fieldWidth) + " " + b.fitted(toWidth: valueWidth) + " "
                    + o.fitted(toWidth: valueWidth) + " " + t.fitted(toWidth: valueWidth) + " " + choice
                out.append((text, .plain, rowIndex))
                rowIndex += 1
            }
        }
        // The table of fields takes the top; the selected field's values in full take the rest.
        var table = area
        let field = screen.selectedRow.flatMap { row in screen.conflicts[row.entity].fieldConflicts.first { $0.key == row.key } }
        if let field {
            table.height = min(out.count, max(4, area.height * 2 / 5))
            let detail = Rect(x: area.x, y: table.maxY + 1, width: area.width, height: max(0, area.maxY - table.maxY - 1))
            buffer.put(String(repeating: "─", count: area.width), x: area.x, y: table.maxY, style: Theme.dim)
            ConflictDetail.render(field, in: detail, &buffer)
        }
        // Keep the selected row in view.
        let selectedLine = out.firstIndex { $0.2 == screen.row } ?? 0
        let top = max(0, min(selectedLine - table.height / 2, out.count - table.height))
        for (i, line) in out.dropFirst(top).prefix(table.height).enumerated() {
            let y = area.y + i
            let selected = line.2 == screen.row
            buffer.put(line.0, x: area.x, y: y, style: selected ? Theme.focus : line.1, maxWidth: area.width)
            if selected { buffer.patchStyle(Theme.focus, in: Rect(x: area.x, y: y, width: area.width, height: 1)) }
        }
    }

    static func side(_ v: EntityVersion) -> String {
        if v.isAbsent { return Text.syncSideDeleted.text }
        if v.isUnreadable { return Text.syncSideUnreadable.text }
        return "(\(v.displayName ?? "file"))"
    }

    static func choiceText(_ r: FieldResolution?) -> String {
        switch r {
        case nil: return "?"
        case .side(let s)?: return "← " + Text.side(s.rawValue)
        case .value(let v)?: return "= " + FieldDiff.text(v, limit: 20)
        }
    }
}

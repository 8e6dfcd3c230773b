import CatalogCore
import CatalogFiles
import CatalogIndex
import TerminalKit
import Wording

/// What floats over the screens while editing: questions, conflicts, comparisons, history.
public enum EditDialog: Sendable {
    case confirm(ConfirmDialog)
    case conflict(ConflictDialog)
    case compare(Comparison)
    case history(HistoryList)
    case editorErrors(EditorErrorsDialog)
    /// A pick list outside a form (linking a model and a scenario).
    case picker(PickerState)
    /// Withdrawing: the reason is typed before anything changes.
    case withdraw(WithdrawDialog)
}

/// Withdraw asks why: the reason goes into the entity (`withdrawn_reason`) and the journal.
public struct WithdrawDialog: Sendable {
    public var document: EntityDocument
    public var body: [String]
    public var reason = TextInput("", placeholder: Text.withdrawPlaceholder.text)
    public init(document: EntityDocument, body: [String]) {
        self.document = document
        self.body = body
    }
}

/// What a confirmation does when the answer is yes.
public enum ConfirmAction: Sendable {
    case discardForm
    case withdraw(EntityDocument, reason: String)
    case delete(EntityDocument, unlink: Bool)
    /// A delete refused because others refer to the entity: withdraw instead (`w`), or see what
    /// unlinking changes (`u`) before a second question. `referrers`: each one's title and id.
    case referencedDelete(EntityDocument, referrers: [String])
    case unlink(scenario: String, model: String)
    /// Undo a creation or a deletion (asked first).
    case undo
}

/// A question with buttons, each answering with a command of the `confirm` key context (its
/// key is the button's first letter). The harmless answer (`back`, the last button) is the one
/// selected, so that Enter alone never destroys, unlinks, discards or overwrites.
public struct ConfirmDialog: Sendable {
    public var title: String
    public var body: [String]
    public var buttons: [String]
    /// The command each button gives (`confirm` for yes, `back` for no).
    public var commands: [Command]
    public var selected: Int
    public var action: ConfirmAction
    /// Yes is dangerous: the dialog is drawn in the error colour.
    public var destructive: Bool

    /// A yes/no question: `buttons` are yes, then no.
    public init(title: String, body: [String], buttons: [String], action: ConfirmAction, destructive: Bool = false) {
        self.init(title: title, body: body, buttons: buttons, commands: [.confirm, .back], action: action, destructive: destructive)
    }

    public init(title: String, body: [String], buttons: [String], commands: [Command], action: ConfirmAction, destructive: Bool = false) {
        self.title = title
        self.body = body
        self.buttons = buttons
        self.commands = commands
        self.selected = commands.lastIndex(of: .back) ?? 0
        self.action = action
        self.destructive = destructive
    }
}

/// A save stopped because the file changed on disk since it was opened.
public struct ConflictDialog: Sendable {
    public enum Pending: Sendable {
        /// The form (still open beneath).
        case form
        /// Text from the external editor, and the document it started from.
        case text(String, EntityDocument)
    }

    public var pending: Pending
    public var file: String
    /// The file's text on disk now (nil: it was deleted).
    public var current: String?
    /// What the save would have written.
    public var mine: String
}

/// Two texts side by side, changed lines marked: mine against the disk, or a change's before and after.
public struct Comparison: Sendable {
    public enum Back: Sendable {
        case conflict(ConflictDialog)
        case history(HistoryList)
    }

    public var title: String
    public var leftTitle: String
    public var rightTitle: String
    public var rows: [LineDiff.Row]
    public var scroll = 0
    public var back: Back

    public init(title: String, left: (String, String?), right: (String, String?), back: Back) {
        self.title = title
        leftTitle = left.0
        rightTitle = right.0
        rows = LineDiff.rows(LineDiff.lines(left.1), LineDiff.lines(right.1))
        self.back = back
    }

    public var changedRows: Int { rows.filter(\.changed).count }
}

/// An entity's history: its changes in the local journal and its file's git log.
public struct HistoryList: Sendable {
    public var id: String
    public var file: String?
    public var entries: [JournalEntry] = []
    public var git: [String] = []
    public var gitNote: String?
    public var loaded = false
    public var cursor = ListState()

    public init(id: String) { self.id = id }
}

/// The external editor's text did not pass the checks: re-open it with the errors on top, or discard.
public struct EditorErrorsDialog: Sendable {
    public var document: EntityDocument
    public var text: String
    public var issues: [FieldIssue]
}

/// Line comparison for the side-by-side views (longest common subsequence; files are small).
public enum LineDiff {
    public struct Row: Sendable, Equatable {
        public var left: String?
        public var right: String?
        public var changed: Bool
    }

    public static func lines(_ text: String?) -> [String] {
        guard let text else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Aligned rows: equal lines side by side; a run of removed and added lines paired up as changed rows.
    public static func rows(_ a: [String], _ b: [String]) -> [Row] {
        let n = a.count, m = b.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
        }
        var out: [Row] = []
        var removed: [String] = [], added: [String] = []
        func flush() {
            for k in 0..<max(removed.count, added.count) {
                out.append(Row(left: k < removed.count ? removed[k] : nil, right: k < added.count ? added[k] : nil, changed: true))
            }
            removed = []; added = []
        }
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                flush()
                out.append(Row(left: a[i], right: b[j], changed: false))
                i += 1; j += 1
            } else if j < m, i == n || lcs[i][j + 1] >= lcs[i + 1][j] {
                added.append(b[j]); j += 1
            } else {
                removed.append(a[i]); i += 1
            }
        }
        flush()
        return out
    }
}

/// Drawing the dialogs.
enum EditView {
    static func render(_ dialog: EditDialog, _ state: AppState, into buffer: inout Buffer) {
        let full = Rect(size: state.size)
        switch dialog {
        case .confirm(let d):
            let modal = Modal(title: " \(d.title) ", body: d.body, buttons: d.buttons, selectedButton: d.selected,
                              maxWidth: min(76, state.size.width - 2), minWidth: 40,
                              borderStyle: d.destructive ? Theme.error : Theme.title, selectedButtonStyle: Style(bold: true, reverse: true))
            buffer.render(modal, in: full)
        case .conflict(let d):
            var body = Text.saveConflictChanged(d.file).components(separatedBy: "\n")
            if d.current == nil { body.append(Text.conflictDeleted.text) }
            body += ["", Text.conflictReload.text,
                     Text.conflictOverwrite.text,
                     Text.conflictCompare.text,
                     Text.conflictBack.text]
            if case .text = d.pending { body[body.count - 1] = Text.conflictDiscard.text }
            let modal = Modal(title: Text.conflictTitle.text, body: body, maxWidth: min(80, state.size.width - 2), minWidth: 40,
                              borderStyle: Theme.warning)
            buffer.render(modal, in: full)
        case .compare(let view):
            compare(view, state, &buffer)
        case .history(let view):
            history(view, state, &buffer)
        case .editorErrors(let d):
            var body = [Text.editorErrorsBody(d.document.file)]
            for issue in d.issues.prefix(6) {
                body.append("  \(issue.diagnostic.position.line):\(issue.diagnostic.position.column): \(issue.diagnostic.shownMessage)")
            }
            if d.issues.count > 6 { body.append("  … +\(d.issues.count - 6)") }
            let modal = Modal(title: Text.editorTitle.text, body: body, buttons: [Text.editorReopen.text, Text.editorDiscard.text],
                              maxWidth: min(80, state.size.width - 2), minWidth: 40, borderStyle: Theme.error)
            buffer.render(modal, in: full)
        case .picker(let picker):
            PickerView.render(picker, size: state.size, into: &buffer)
        case .withdraw(let d):
            let label = Text.withdrawReasonLabel.text
            let body = d.body + ["", label, "", Text.withdrawKeys.text]
            let modal = Modal(title: Text.withdrawTitle.text, body: body, maxWidth: min(76, state.size.width - 2), minWidth: 60, borderStyle: Theme.warning)
            buffer.render(modal, in: full)
            // The reason is typed in place, with the terminal's cursor in it.
            let inner = modal.frame(in: full).inset(horizontal: 2, vertical: 1)
            let above = d.body.reduce(0) { $0 + TextWrap.wrap($1, width: max(1, inner.width)).count } + 1
            let x = inner.x + label.displayWidth
            guard above < inner.height, x < inner.maxX else { return }
            var input = d.reason
            input.keepCursorVisible(width: inner.maxX - x)
            buffer.render(input, in: Rect(x: x, y: inner.y + above, width: inner.maxX - x, height: 1))
        }
    }

    static func compareRect(_ size: Size) -> Rect { Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 2)) }

    static func compare(_ view: Comparison, _ state: AppState, _ buffer: inout Buffer) {
        let inner = Overlays.box(Text.compareTitle(view.title, view.changedRows), compareRect(state.size), &buffer)
        guard inner.height > 2, inner.width > 10 else { return }
        let half = (inner.width - 3) / 2
        let rightX = inner.x + half + 3
        buffer.put(view.leftTitle, x: inner.x, y: inner.y, style: Theme.title, maxWidth: half)
        buffer.put(view.rightTitle, x: rightX, y: inner.y, style: Theme.title, maxWidth: inner.maxX - rightX)
        let height = inner.height - 2
        let maxScroll = max(0, view.rows.count - height)
        let top = min(max(0, view.scroll), maxScroll)
        for row in 0..<height {
            let i = top + row
            guard i < view.rows.count else { break }
            let r = view.rows[i]
            let y = inner.y + 2 + row
            let style: Style = r.changed ? Theme.warning : .plain
            buffer.put(r.changed ? "≠" : "│", x: inner.x + half + 1, y: y, style: r.changed ? Theme.error : Theme.dim)
            if let l = r.left { buffer.put(l, x: inner.x, y: y, style: r.changed && r.right == nil ? Theme.error : style, maxWidth: half) }
            if let rt = r.right { buffer.put(rt, x: rightX, y: y, style: r.changed && r.left == nil ? Theme.link : style, maxWidth: inner.maxX - rightX) }
        }
        if view.rows.isEmpty {
            buffer.put(Text.compareBothEmpty.text, x: inner.x, y: inner.y + 2, style: Theme.dim)
        }
    }

    static func historyRect(_ size: Size) -> Rect { compareRect(size) }

    /// The history's list: journal entries (selectable), then the git log.
    static func historyItems(_ view: HistoryList) -> [ListView.Item] {
        view.entries.map { e in
            let time = String(e.time.map { $0 == "T" ? " " : $0 }.prefix(16))
            let undone = e.undoneBy != nil ? Text.historyUndone.text : ""
            return ListView.Item("\(time)  \(e.action.padded(toWidth: 6))  \(e.summary)\(undone)", style: e.undoneBy != nil ? Theme.dim : nil)
        }
    }

    static func history(_ view: HistoryList, _ state: AppState, _ buffer: inout Buffer) {
        let inner = Overlays.box(Text.historyTitle(view.id, view.file.map { " · \($0)" } ?? ""), historyRect(state.size), &buffer)
        guard inner.height > 2 else { return }
        guard view.loaded else {
            buffer.put(Text.loading.text, x: inner.x, y: inner.y, style: Theme.dim)
            return
        }
        let gitLines = view.git.isEmpty ? [view.gitNote ?? ""] : view.git.map { $0.split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "  ") }
        let gitHeight = min(gitLines.count + 1, max(2, inner.height / 3))
        let listHeight = max(1, inner.height - gitHeight - 2)
        buffer.put(Text.historyJournal.text, x: inner.x, y: inner.y, style: Style(bold: true, underline: true), maxWidth: inner.width)
        let listArea = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: listHeight)
        if view.entries.isEmpty {
            buffer.put(Text.historyNone.text, x: listArea.x, y: listArea.y, style: Theme.dim, maxWidth: listArea.width)
        } else {
            let items = historyItems(view)
            let offset = ListState.offset(keeping: view.cursor.selected, visible: listHeight, current: view.cursor.offset, count: items.count)
            buffer.render(ListView(items: items, selected: view.cursor.selected, offset: offset, selectedStyle: Theme.focus), in: listArea)
        }
        let gitY = inner.y + 1 + listHeight + 1
        buffer.put(Text.historyGitLog.text, x: inner.x, y: gitY, style: Style(bold: true, underline: true))
        for (k, line) in gitLines.prefix(max(0, inner.maxY - gitY - 1)).enumerated() {
            buffer.put(line, x: inner.x, y: gitY + 1 + k, style: view.git.isEmpty ? Theme.dim : .plain, maxWidth: inner.width)
        }
    }

}

import TerminalKit

/// What a key asks for, independent of which key it was.
public enum Command: Sendable, Hashable {
    case quit, help, tab(Int), nextTab, previousTab
    case up, down, pageUp, pageDown, top, bottom
    case open, back, focusLeft, focusRight
    case search, jump, filter, clearFilters, sortNext, sortReverse, nextMatch, previousMatch
    case showErrors, refresh
    // Editing (EditUpdate.swift, FormUpdate.swift)
    case edit, editYAML, newEntity, duplicate, delete, withdraw, link, unlink, undo, redo, history
    case save, nextField, previousField, choose, toggle, addRow, removeRow
    case confirm, reload, overwrite, compare, reopen
    // Sync (SyncUpdate.swift)
    case sync, syncStart, showConflicts, pickOurs, pickTheirs, pickBase, editValue, applyResolution
    // Publications (PublicationsUpdate.swift)
    case publications, publishWizard, verifyPublications, showChanges, previousQuarter, nextQuarter
    // Day to day (DailyUpdate.swift)
    case confirmReview
}

/// Where a binding works. The active contexts are tried innermost first; a key a context
/// ignores goes to its parent (k9s and tig behave the same way).
public enum KeyContext: String, Sendable, CaseIterable {
    case global, list, sidebar, dashboard, detail, search, filter, jump, help, errors, file
    case form, formRows, picker, confirm, refusedDelete, withdrawReason, conflict, compare, history, change, editorErrors
    case syncPlan, syncConfirm, syncRunning, syncConflicts, syncEdit
    case publicationsEntry, publications, publicationList, publicationRecord, publicationChanges, publishWizard

    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .list: return "Lists (scenarios, models, centers)"
        case .sidebar: return "Sector sidebar"
        case .dashboard: return "Dashboard"
        case .detail: return "Detail view"
        case .search: return "Search (/)"
        case .filter: return "Filters (f)"
        case .jump: return "Jump to id (:)"
        case .help: return "Help (?)"
        case .errors: return "Catalogue errors (!)"
        case .file: return "File view"
        case .form: return "Forms (e edit, a new, D duplicate)"
        case .formRows: return "Form rows (models, compute needs)"
        case .picker: return "Pick lists"
        case .confirm: return "Confirmations (No is selected)"
        case .refusedDelete: return "A delete refused (still referenced)"
        case .withdrawReason: return "Withdraw: the reason"
        case .conflict: return "Save conflict (the file changed on disk)"
        case .compare: return "Compare (mine / on disk, before / after)"
        case .history: return "History (H)"
        case .change: return "A change in the history: before / after"
        case .editorErrors: return "Errors after $EDITOR (E)"
        case .syncPlan: return "Sync (y): the plan, the result"
        case .syncConfirm: return "Sync: confirmation"
        case .syncRunning: return "Sync: running"
        case .syncConflicts: return "Sync: conflicts, field by field"
        case .syncEdit: return "Sync: typing a field's value"
        case .publicationsEntry: return "Publications (5)"
        case .publications: return "Publications: quarters"
        case .publicationList: return "Publications: a list (read-only)"
        case .publicationRecord: return "Publications: a record"
        case .publicationChanges: return "Publications: changes"
        case .publishWizard: return "Publications: publish"
        }
    }
}

/// One row of the key table: the hint bar and the help screen are generated from these.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var command: Command
    public var context: KeyContext
    /// Short label for the hint bar (nil: help screen only).
    public var hint: String?
    public var help: String

    init(_ keys: [Key], _ command: Command, _ context: KeyContext, hint: String? = nil, _ help: String) {
        self.keys = keys
        self.command = command
        self.context = context
        self.hint = hint
        self.help = help
    }
}

public enum KeyBindings {
    public static let all: [KeyBinding] = {
        var b: [KeyBinding] = []
        let moves: [KeyContext] = [.list, .sidebar, .detail, .search, .jump, .filter, .help, .errors, .file, .picker, .compare, .history, .change]
        for ctx in moves {
            let typing = ctx == .search || ctx == .jump || ctx == .filter || ctx == .picker
            b.append(KeyBinding(typing ? [.up, .ctrl("p")] : [.up, .char("k")], .up, ctx, hint: ctx == .list ? nil : nil, "Move up"))
            b.append(KeyBinding(typing ? [.down, .ctrl("n")] : [.down, .char("j")], .down, ctx, "Move down"))
            b.append(KeyBinding(typing ? [.pageUp] : [.pageUp, .ctrl("b")], .pageUp, ctx, "Page up"))
            b.append(KeyBinding(typing ? [.pageDown] : [.pageDown, .ctrl("f"), .char(" ")], .pageDown, ctx, "Page down"))
            if !typing {
                b.append(KeyBinding([.home, .char("g")], .top, ctx, "First row"))
                b.append(KeyBinding([.end, .char("G")], .bottom, ctx, "Last row"))
            }
        }
        b += [
            KeyBinding([.enter], .open, .list, hint: "open", "Open the selected entry"),
            KeyBinding([.char("/")], .search, .global, hint: "search", "Search everything as you type (Chinese words of any length)"),
            KeyBinding([.char("f")], .filter, .list, hint: "filter", "Add a filter (sector, city, stage, status, quarter, model, center)"),
            KeyBinding([.char("F")], .clearFilters, .list, hint: "clear", "Clear all filters"),
            KeyBinding([.char("s")], .sortNext, .list, hint: "sort", "Sort by the next column"),
            KeyBinding([.char("S")], .sortReverse, .list, "Reverse the sort order"),
            KeyBinding([.char("n")], .nextMatch, .global, "Open the next match of the last search; with none, add a new entry"),
            KeyBinding([.char("N")], .previousMatch, .global, "Open the previous match of the last search"),
            KeyBinding([.char(":")], .jump, .global, hint: "jump", "Jump to an entry: id, name or pinyin, candidates as you type"),
            KeyBinding([.left, .char("h")], .focusLeft, .list, "Focus the sector sidebar (scenarios)"),
            KeyBinding([.enter, .right, .char("l")], .focusRight, .sidebar, hint: "apply", "Apply the sector and go to the table"),
            KeyBinding([.enter], .open, .detail, hint: "follow", "Follow the selected link"),
            KeyBinding([.backspace, .escape, .char("h"), .left], .back, .detail, hint: "back", "Go back along the path"),
            KeyBinding([.enter], .open, .search, hint: "open", "Open the selected hit"),
            KeyBinding([.escape], .back, .search, hint: "close", "Close search (n/N then step through its hits)"),
            KeyBinding([.escape], .back, .list, "Forget the last search (n adds a new entry again)"),
            KeyBinding([.enter], .open, .filter, hint: "choose", "Choose"),
            KeyBinding([.escape], .back, .filter, hint: "cancel", "Back / cancel"),
            KeyBinding([.enter], .open, .jump, hint: "go", "Open the selected candidate (the first, unless ↑ ↓ chose another)"),
            KeyBinding([.escape], .back, .jump, hint: "cancel", "Cancel"),
            KeyBinding([.escape, .char("q"), .char("?")], .back, .help, hint: "close", "Close help"),
            KeyBinding([.enter], .open, .errors, hint: "show file", "Show the file at the error's line"),
            KeyBinding([.escape, .char("q")], .back, .errors, hint: "close", "Close"),
            KeyBinding([.escape, .char("q"), .backspace], .back, .file, hint: "back", "Back to the error list"),
            KeyBinding([.char("1")], .tab(0), .global, "Scenarios tab"),
            KeyBinding([.char("2")], .tab(1), .global, "Models tab"),
            KeyBinding([.char("3")], .tab(2), .global, "Centers tab"),
            KeyBinding([.char("4")], .tab(3), .global, "Dashboard tab"),
            KeyBinding([.tab], .nextTab, .global, "Next tab"),
            KeyBinding([.backTab], .previousTab, .global, "Previous tab"),
            KeyBinding([.char("!")], .showErrors, .global, "Show catalogue errors and warnings"),
            KeyBinding([.char("r")], .refresh, .global, "Re-index changed files now"),
            KeyBinding([.char("u")], .undo, .global, "Undo the last change saved since scencat opened (repeat to go further back; a creation or a deletion asks first)"),
            KeyBinding([.ctrl("r")], .redo, .global, "Redo what undo undid (refused if the file changed since)"),
            KeyBinding([.char("?")], .help, .global, hint: "help", "This help"),
            KeyBinding([.char("q"), .ctrl("c")], .quit, .global, hint: "quit", "Quit (the terminal is restored)"),
        ]
        b += editing
        b += syncBindings
        b += publicationBindings
        return b
    }()

    /// Editing keys: on lists and detail pages, in forms, pick lists and the dialogs.
    static let editing: [KeyBinding] = {
        var b: [KeyBinding] = []
        for ctx in [KeyContext.list, .detail] {
            b += [
                KeyBinding([.char("e")], .edit, ctx, "Edit in a form"),
                KeyBinding([.char("E")], .editYAML, ctx, "Edit the YAML in $VISUAL / $EDITOR (else vi); checked when you leave it"),
                KeyBinding([.char("a")], .newEntity, ctx, "Add a new entity of this kind, its id suggested (also n when no search is active)"),
                KeyBinding([.char("D")], .duplicate, ctx, "Duplicate: a new entity starting from this one"),
                KeyBinding([.char("W")], .withdraw, ctx, "Withdraw (status withdrawn; asks first)"),
                KeyBinding([.char("d"), .delete], .delete, ctx, "Delete the file (asks first, naming what refers to it)"),
                KeyBinding([.char("H")], .history, ctx, "History: this entity's changes in the journal and its git log"),
                KeyBinding([.char("c")], .confirmReview, ctx, "Confirm a scenario reviewed: updated becomes today, nothing else changes"),
            ]
        }
        b += [
            KeyBinding([.char("[")], .previousQuarter, .list, "Centers: demand in the previous quarter"),
            KeyBinding([.char("]")], .nextQuarter, .list, "Centers: demand in the next quarter"),
        ]
        b += [
            KeyBinding([.char("L")], .link, .detail, "Link a model to a scenario (from either page), with a role"),
            KeyBinding([.char("U")], .unlink, .detail, "Unlink the selected model (scenario page) or scenario (model page)"),
            // Forms
            KeyBinding([.ctrl("s"), .function(2)], .save, .form, hint: "save", "Save (refused while a field has an error: the cursor goes to it)"),
            KeyBinding([.escape], .back, .form, hint: "cancel", "Close the form (asks before dropping changes)"),
            KeyBinding([.tab, .down], .nextField, .form, hint: "next", "Next field"),
            KeyBinding([.backTab, .up], .previousField, .form, "Previous field"),
            KeyBinding([.pageDown], .pageDown, .form, "Page down"),
            KeyBinding([.pageUp], .pageUp, .form, "Page up"),
            KeyBinding([.enter], .choose, .form, hint: "choose", "Pick from a list (sector, city, model…), toggle yes/no; in text, the next field"),
            KeyBinding([.char(" "), .left, .right], .toggle, .form, "On a choice: the next / previous option; on yes/no: toggle"),
            KeyBinding([.enter], .choose, .formRows, hint: "edit row", "Edit the row (or add one on the + line)"),
            KeyBinding([.char("+"), .char("a")], .addRow, .formRows, hint: "add", "Add a row"),
            KeyBinding([.delete, .char("x")], .removeRow, .formRows, hint: "remove", "Remove the row"),
            // Pick lists
            KeyBinding([.enter], .open, .picker, hint: "choose", "Choose (in lists of several: accept the ticked ones)"),
            KeyBinding([.escape], .back, .picker, hint: "cancel", "Cancel"),
            KeyBinding([.char(" ")], .toggle, .picker, "Tick / untick (in lists where several can be chosen)"),
            // Confirmations
            KeyBinding([.char("y")], .confirm, .confirm, hint: "yes", "Yes: do it"),
            KeyBinding([.enter], .choose, .confirm, hint: "choose", "Press the selected button"),
            KeyBinding([.tab, .right], .nextField, .confirm, "Next button"),
            KeyBinding([.backTab, .left], .previousField, .confirm, "Previous button"),
            KeyBinding([.char("n"), .escape], .back, .confirm, hint: "no", "No: leave it"),
            KeyBinding([.char("w")], .withdraw, .refusedDelete, hint: "withdraw", "Withdraw it instead (asks for the reason; the file stays)"),
            KeyBinding([.char("u")], .unlink, .refusedDelete, hint: "unlink…", "See every entry unlinking would change, then y deletes and unlinks"),
            KeyBinding([.char("n"), .escape], .back, .refusedDelete, hint: "cancel", "Leave it"),
            KeyBinding([.enter], .choose, .refusedDelete, hint: "choose", "Press the selected button"),
            KeyBinding([.tab, .right], .nextField, .refusedDelete, "Next button"),
            KeyBinding([.backTab, .left], .previousField, .refusedDelete, "Previous button"),
            KeyBinding([.enter], .confirm, .withdrawReason, hint: "withdraw", "Withdraw, with the reason typed"),
            KeyBinding([.escape], .back, .withdrawReason, hint: "cancel", "Cancel: nothing changes"),
            // Conflicts
            KeyBinding([.char("r")], .reload, .conflict, hint: "reload", "Reload: drop my changes and open the file as it is now"),
            KeyBinding([.char("o")], .overwrite, .conflict, hint: "overwrite", "Overwrite the file on disk with mine"),
            KeyBinding([.char("c")], .compare, .conflict, hint: "compare", "Compare mine with the file on disk, side by side"),
            KeyBinding([.escape], .back, .conflict, hint: "back", "Back to editing"),
            KeyBinding([.char("r")], .reload, .compare, hint: "reload", "Reload: drop my changes"),
            KeyBinding([.char("o")], .overwrite, .compare, hint: "overwrite", "Overwrite the file on disk with mine"),
            KeyBinding([.escape, .char("q"), .backspace], .back, .compare, hint: "back", "Back"),
            // History
            KeyBinding([.enter], .open, .history, hint: "before/after", "Show the change: before and after, side by side"),
            KeyBinding([.escape, .char("q"), .backspace], .back, .history, hint: "close", "Close"),
            KeyBinding([.escape, .char("q"), .backspace], .back, .change, hint: "back", "Back to the history"),
            // After the external editor
            KeyBinding([.char("r"), .enter], .reopen, .editorErrors, hint: "re-open", "Re-open the editor with the errors as comments on top"),
            KeyBinding([.char("d"), .escape], .back, .editorErrors, hint: "discard", "Discard the edit"),
        ]
        return b
    }()

    /// The binding of a key in the innermost context that binds it.
    public static func binding(for key: Key, in contexts: [KeyContext]) -> KeyBinding? {
        for ctx in contexts {
            if let b = all.first(where: { $0.context == ctx && $0.keys.contains(key) }) { return b }
        }
        return nil
    }

    /// The command a key means in the innermost context that binds it.
    public static func command(for key: Key, in contexts: [KeyContext]) -> Command? {
        binding(for: key, in: contexts)?.command
    }

    /// Hints for the bar: the innermost contexts' hinted bindings, then global ones.
    public static func hints(for contexts: [KeyContext]) -> [HintBar.Hint] {
        var out: [HintBar.Hint] = []
        var seen = Set<String>()
        for ctx in contexts {
            for b in all where b.context == ctx {
                guard let label = b.hint, let key = b.keys.first, !seen.contains(label) else { continue }
                seen.insert(label)
                out.append(HintBar.Hint(key, label))
            }
        }
        return out
    }
}

import CatalogCore
import CatalogSync
import TerminalKit
import Wording

/// The Sync screen's keys and the answers of sync work. Pure, like `Update`, which calls in here.
enum SyncUpdate {
    /// Opens the screen (`y`) and asks for a plan.
    static func open(_ state: inout AppState) -> [Effect] {
        state.push(.sync(SyncScreen()))
        return [.sync(.plan(fetch: true))]
    }

    /// Lines of the body the screen shows at once (for paging).
    static func page(_ state: AppState) -> Int { state.frameLayout.syncPage }

    static func key(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard var screen = state.syncScreen else { return [] }
        if case .mouse = key { return [] }
        let command = KeyBindings.command(for: key, in: screen.keyContexts)
        defer { if state.syncScreen != nil { state.syncScreen = screen } }
        if var input = screen.editing {
            switch command {
            case .back?:
                screen.editing = nil
                screen.note = nil
            case .confirm?:
                setEditedValue(input.text, &screen)
            default:
                _ = input.handle(key)
                screen.editing = input
            }
            return []
        }
        guard let command else { return [] }
        switch screen.stage {
        case .planning, .plan, .done:
            switch command {
            case .back:
                state.syncScreen = nil
                return []
            case .reload:
                screen = SyncScreen()
                return [.sync(.plan(fetch: true))]
            case .showConflicts:
                if screen.conflicts.isEmpty { screen.note = Text.syncNoConflicts.text; return [] }
                screen.stage = .conflicts
                return [.sync(.loadConflicts)]
            case .syncStart:
                return start(&screen)
            default:
                scroll(command, &screen, count: screen.lines.count, page: page(state))
                return []
            }
        case .confirm:
            switch command {
            case .confirm:
                screen.stage = .running
                screen.progress = []
                screen.note = nil
                screen.failed = false
                return [.sync(.run)]
            case .back:
                screen.stage = screen.plan == nil && !screen.conflicts.isEmpty ? .conflicts : .plan
                return []
            default:
                return []
            }
        case .running:
            return []
        case .conflicts:
            return conflictCommand(command, &screen, page: page(state))
        }
    }

    /// `y` on the plan: ask first, unless the plan says the sync cannot run.
    static func start(_ screen: inout SyncScreen) -> [Effect] {
        if screen.stage == .planning { screen.note = Text.syncPlanNotReady.text; return [] }
        if let plan = screen.plan, screen.stage == .plan {
            if !plan.blockers.isEmpty || plan.problems.contains(where: { $0.severity == .error }) {
                screen.note = Text.syncCannot.text
                return []
            }
            if !plan.openConflicts.isEmpty {
                screen.stage = .conflicts
                screen.conflicts = plan.openConflicts
                return [.sync(.loadConflicts)]
            }
        }
        screen.stage = .confirm
        return []
    }

    static func scroll(_ command: Command, _ screen: inout SyncScreen, count: Int, page: Int) {
        Update.scroll(command, &screen.scroll, maxScroll: max(0, count - page), page: page)
    }

    static func conflictCommand(_ command: Command, _ screen: inout SyncScreen, page: Int) -> [Effect] {
        let rows = screen.conflictRows
        switch command {
        case .back:
            screen.stage = screen.plan == nil ? .done : .plan
            return []
        case .up: screen.row = max(0, screen.row - 1)
        case .down: screen.row = min(max(0, rows.count - 1), screen.row + 1)
        case .pageUp: screen.row = max(0, screen.row - page)
        case .pageDown: screen.row = min(max(0, rows.count - 1), screen.row + page)
        case .top: screen.row = 0
        case .bottom: screen.row = max(0, rows.count - 1)
        case .pickOurs, .pickTheirs, .pickBase:
            guard let row = screen.selectedRow else { return [] }
            let side: MergeSide = command == .pickOurs ? .ours : (command == .pickTheirs ? .theirs : .base)
            let path = screen.conflicts[row.entity].path
            screen.choices[path, default: [:]][row.key] = .side(side)
            screen.note = nil
            // On to the next field still undecided, if any.
            if let next = rows.indices.first(where: { $0 > screen.row && rows[$0].entity == row.entity
                                                      && screen.choices[path]?[rows[$0].key] == nil }) {
                screen.row = next
            }
        case .editValue:
            guard let row = screen.selectedRow else { return [] }
            let conflict = screen.conflicts[row.entity]
            guard row.key != SyncScreen.wholeFile, let field = conflict.fieldConflicts.first(where: { $0.key == row.key }) else {
                screen.note = Text.syncWholeFile.text
                return []
            }
            guard editable(field) else {
                screen.note = Text.syncCannotType.text
                return []
            }
            let start: String
            if case .value(let v)? = screen.choices[conflict.path]?[row.key] { start = textForEditing(v) } else { start = textForEditing(field.ours ?? field.theirs) }
            screen.editing = TextInput(start, placeholder: Text.syncValuePlaceholder.text)
            screen.note = nil
        case .applyResolution:
            guard let row = screen.selectedRow else { return [] }
            let conflict = screen.conflicts[row.entity]
            guard let choice = screen.choice(for: conflict) else {
                screen.note = Text.syncUndecided(conflict.label)
                return []
            }
            return [.sync(.resolve(path: conflict.path, choice))]
        case .syncStart:
            if !screen.conflicts.isEmpty {
                screen.note = Text.syncConflictsLeft(screen.conflicts.count, screen.conflicts.count, screen.conflicts.count == 1 ? "" : "s")
                return []
            }
            screen.stage = .confirm
        default:
            break
        }
        return []
    }

    /// Scalars and lists of text can be typed; lists of mappings (models, compute) cannot.
    static func editable(_ field: FieldConflict) -> Bool {
        for node in [field.ours, field.theirs, field.base].compactMap({ $0 }) {
            switch node.value {
            case .map: return false
            case .list(let items): if items.contains(where: { if case .map = $0.value { return true }; return false }) { return false }
            default: break
            }
        }
        return true
    }

    static func textForEditing(_ node: Node?) -> String {
        guard let node else { return "" }
        switch node.value {
        case .list(let items): return items.compactMap { $0.value.scalarText }.joined(separator: ", ")
        case .null: return ""
        default: return node.value.scalarText ?? ""
        }
    }

    /// Reads the typed text as the field's type (from the schema) and records it as the choice.
    static func setEditedValue(_ text: String, _ screen: inout SyncScreen) {
        guard let row = screen.selectedRow else { screen.editing = nil; return }
        let conflict = screen.conflicts[row.entity]
        switch value(from: text, key: row.key, kind: conflict.kind) {
        case .success(let node):
            screen.choices[conflict.path, default: [:]][row.key] = .value(node)
            screen.editing = nil
            screen.note = nil
        case .failure(let problem):
            screen.note = problem.message
        }
    }

    struct ValueProblem: Error { var message: String }

    /// A typed value as the field's type: text, a number, true/false, a date, or a comma-separated list.
    static func value(from text: String, key: String, kind: EntityKind?) -> Result<Node?, ValueProblem> {
        let t = text.trimmedSpaces
        if t.isEmpty { return .success(nil) }
        let type = kind.flatMap { Schema.entitySpec($0).field(key)?.type }
        switch type {
        case .number?, .integer?:
            guard let d = Double(t) else { return .failure(ValueProblem(message: Text.syncNeedsNumber(key))) }
            return .success(Node(.number(d, raw: NumberText.format(d))))
        case .bool?:
            guard t == "true" || t == "false" else { return .failure(ValueProblem(message: Text.syncNeedsBool(key))) }
            return .success(Node(.bool(t == "true", raw: t)))
        case .date?:
            return .success(Node(.date(t)))
        case .list?:
            let items = t.split(separator: ",").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
            return .success(items.isEmpty ? nil : Node(.list(items.map { Node(.string($0)) })))
        case .generalOrSectors?:
            if t == "general" { return .success(Node(.string(t))) }
            let items = t.split(separator: ",").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
            return .success(Node(.list(items.map { Node(.string($0)) })))
        default:
            return .success(Node(.string(text)))
        }
    }

    // MARK: Results

    static func apply(_ result: SyncResult, _ state: inout AppState) -> [Effect] {
        if case .status(let ahead, let behind) = result {
            state.sync.ahead = ahead
            state.sync.behind = behind
            return []
        }
        guard var screen = state.syncScreen else {
            if case .failed(let text) = result { state.message = text }
            return []
        }
        defer { state.syncScreen = screen }
        switch result {
        case .planned(let plan):
            screen.plan = plan
            screen.lines = plan.lines()
            screen.scroll = 0
            screen.conflicts = plan.openConflicts
            screen.stage = .plan
            if plan.upstream != nil && plan.theirs != nil {
                state.sync.ahead = plan.outgoing
                state.sync.behind = plan.behind
            }
            return []
        case .progress(let text):
            screen.progress.append(text)
            return []
        case .finished(let outcome):
            screen.stage = .done
            screen.failed = false
            screen.lines = [Text.syncDone.text] + outcome.lines.map { "  " + $0 }
                + outcome.warnings.prefix(10).map { "  " + $0.formatted() }
            screen.scroll = 0
            screen.plan = nil
            screen.conflicts = []
            screen.note = Text.syncDoneNote.text
            return []
        case .stopped(let message, let diagnostics, let conflicts, _):
            screen.plan = nil
            if !conflicts.isEmpty {
                screen.stage = .conflicts
                screen.conflicts = conflicts
                screen.row = 0
                screen.choices = [:]
                screen.note = Text.syncStoppedAtConflicts.text
                screen.lines = message.split(separator: "\n").map(String.init)
            } else {
                screen.stage = .done
                screen.failed = true
                screen.lines = [Text.syncStopped.text] + message.split(separator: "\n").map { "  " + $0 }
                    + diagnostics.prefix(30).map { "  " + $0.formatted() }
                screen.scroll = 0
                screen.note = Text.syncFixThenReplan.text
            }
            return []
        case .conflictsLoaded(let list):
            screen.conflicts = list
            screen.row = min(screen.row, max(0, screen.conflictRows.count - 1))
            if list.isEmpty { screen.note = Text.syncNoConflictLeft.text }
            return []
        case .resolved(let path, let left, let diagnostics):
            screen.conflicts = left
            screen.choices[path] = nil
            screen.row = min(screen.row, max(0, screen.conflictRows.count - 1))
            let errors = diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty {
                screen.note = Text.syncResolvedWithErrors(errors[0].message)
            } else if left.isEmpty {
                screen.note = Text.syncNoConflictLeft.text
            } else {
                screen.note = Text.syncResolved(path, left.count)
            }
            return []
        case .failed(let text):
            screen.note = text
            if screen.stage == .planning || screen.stage == .running {
                screen.stage = .done
                screen.failed = true
                screen.lines = [Text.syncStopped.text, "  " + text]
            }
            return []
        case .status:
            return []
        }
    }
}

extension KeyBindings {
    /// The Sync screen's keys (y opens it from anywhere).
    static let syncBindings: [KeyBinding] = {
        var b: [KeyBinding] = [
            KeyBinding([.char("y")], .sync, .global, .helpSyncWithRemotePlanConfirmationProgress),
        ]
        for ctx in [KeyContext.syncPlan, .syncConflicts] {
            b += [
                KeyBinding([.up, .char("k")], .up, ctx, .helpMoveUp),
                KeyBinding([.down, .char("j")], .down, ctx, .helpMoveDown),
                KeyBinding([.pageUp, .ctrl("b")], .pageUp, ctx, .helpPageUp),
                KeyBinding([.pageDown, .ctrl("f"), .char(" ")], .pageDown, ctx, .helpPageDown),
                KeyBinding([.home, .char("g")], .top, ctx, .helpFirstLine),
                KeyBinding([.end, .char("G")], .bottom, ctx, .helpLastLine),
            ]
        }
        b += [
            KeyBinding([.char("y"), .enter], .syncStart, .syncPlan, hint: .hintSync, .helpSyncNowAsksFirst),
            KeyBinding([.char("c")], .showConflicts, .syncPlan, hint: .hintConflicts, .helpOpenConflictsFieldByField),
            KeyBinding([.char("r")], .reload, .syncPlan, hint: .hintRePlan, .helpFetchAgainAndRecomputePlan),
            KeyBinding([.escape, .char("q")], .back, .syncPlan, hint: .hintClose, .helpCloseSyncScreen),
            KeyBinding([.char("y")], .confirm, .syncConfirm, hint: .hintYes, .helpYesCommitMergeCheckAndPush),
            KeyBinding([.char("n"), .escape], .back, .syncConfirm, hint: .hintNo, .helpNoBackPlan),
            KeyBinding([.escape], .back, .syncRunning, .helpNothingSyncRunsItsEndIf),
            KeyBinding([.char("o")], .pickOurs, .syncConflicts, hint: .hintOurs, .helpTakeOurValueForFieldOurs),
            KeyBinding([.char("t")], .pickTheirs, .syncConflicts, hint: .hintTheirs, .helpTakeTheirValueForFieldTheirs),
            KeyBinding([.char("b")], .pickBase, .syncConflicts, hint: .hintBase, .helpTakeValueBothStartedFromBase),
            KeyBinding([.char("e")], .editValue, .syncConflicts, hint: .hintEdit, .helpTypeFieldValue),
            KeyBinding([.enter], .applyResolution, .syncConflicts, hint: .hintApply, .helpResolveEntityWithChoicesMadeWritten),
            KeyBinding([.char("y")], .syncStart, .syncConflicts, hint: .hintSync, .helpWithEveryConflictResolvedFinishSync),
            KeyBinding([.escape], .back, .syncConflicts, hint: .hintBack, .helpBackPlan),
            KeyBinding([.enter], .confirm, .syncEdit, hint: .hintSet, .helpUseTypedValue),
            KeyBinding([.escape], .back, .syncEdit, hint: .hintCancel, .helpCancelTyping),
        ]
        return b
    }()
}

import CatalogCore
import CatalogFiles
import CatalogIndex
import TerminalKit
import Wording

/// Editing in the terminal UI: the commands on lists and detail pages, the answers of the
/// editing effects, and the keys of the dialogs. Pure, like `Update`, which calls in here.
enum EditUpdate {
    // MARK: Contexts

    // MARK: Commands on lists and detail pages

    /// The id a command acts on: the page shown, else the selected row.
    static func currentId(_ state: AppState) -> String? {
        if let d = state.path.last { return d.id }
        guard state.tab != .dashboard else { return nil }
        return state.list.selectedRow?.id
    }

    /// The editing commands of lists and detail pages (the key table binds them in `list` and `detail`).
    static let pageCommands: Set<Command> = [.edit, .editYAML, .newEntity, .duplicate, .withdraw, .delete, .history, .link, .unlink]

    /// Runs an editing command of a list or detail page, or undo / redo.
    static func command(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch command {
        case .edit, .editYAML, .duplicate, .withdraw, .delete, .history:
            guard let id = currentId(state) else {
                state.message = Text.selectEntryFirst.text
                return []
            }
            switch command {
            case .edit: return [.edit(.open(id, .edit))]
            case .editYAML: return [.edit(.open(id, .editYAML))]
            case .duplicate: return [.edit(.open(id, .duplicate))]
            case .withdraw: return [.edit(.open(id, .withdraw))]
            case .delete: return [.edit(.open(id, .delete))]
            default:
                state.dialog = .history(HistoryList(id: id))
                return [.edit(.history(id))]
            }
        case .newEntity:
            let kind = state.path.last?.preview?.entity.kind ?? state.tab.kind
            guard let kind else {
                state.message = Text.addFromTab.text
                return []
            }
            let list = state.lists[kind == .scenario ? 0 : kind == .model ? 1 : 2]
            let fields = FormValues.newEntityFields(kind, sector: kind == .scenario ? list.value(of: .sector) : nil, city: list.value(of: .city))
            var form = FormState(kind: kind, mode: .new, base: nil, fields: fields)
            let effect = FormUpdate.check(&form)
            state.form = form
            return [effect]
        case .link:
            guard let page = state.path.last, let entity = page.preview?.entity else {
                state.message = Text.linkFromPage.text
                return []
            }
            switch entity {
            case .scenario(let s):
                var picker = PickerState(title: Text.linkModelTo(s.title), source: .entities(.model), target: .modelForScenario(s.id))
                let effects = PickerUpdate.refresh(&picker, taxonomy: state.taxonomy)
                state.dialog = .picker(picker)
                return effects
            case .model(let m):
                var picker = PickerState(title: Text.linkToScenario(m.name), source: .entities(.scenario), target: .scenarioForModel(m.id))
                let effects = PickerUpdate.refresh(&picker, taxonomy: state.taxonomy)
                state.dialog = .picker(picker)
                return effects
            case .center:
                state.message = Text.centersLinkedThroughCompute.text
                return []
            }
        case .unlink:
            guard let page = state.path.last, let p = page.preview else {
                state.message = Text.selectLinkOnPage.text
                return []
            }
            let link = p.links.indices.contains(page.selectedLink) ? p.links[page.selectedLink] : nil
            var pair: (scenario: String, model: String, text: String)?
            switch p.entity {
            case .scenario(let s):
                if let link, link.kind == .model { pair = (s.id, link.targetId, "\(s.title) ↔ \(link.text)") }
            case .model(let m):
                if let link, link.kind == .usedBy { pair = (link.targetId, m.id, "\(m.name) ↔ \(link.text)") }
            case .center:
                break
            }
            guard let pair else {
                state.message = Text.notAModelLink.text
                return []
            }
            state.dialog = .confirm(ConfirmDialog(
                title: Text.unlinkTitle.text,
                body: [Text.unlinkWhat(pair.text)] + Text.unlinkBody.lines(pair.scenario, pair.model),
                buttons: [Text.unlinkYes.text, Text.buttonCancel.text], action: .unlink(scenario: pair.scenario, model: pair.model)))
            return []
        case .undo:
            return [.edit(.undo(confirmed: false))]
        case .redo:
            return [.edit(.redo)]
        default:
            return []
        }
    }


    // MARK: Results

    static func apply(_ result: EditResult, _ state: inout AppState) -> [Effect] {
        switch result {
        case .opened(let doc, let purpose, let names, let referrers):
            return opened(doc, purpose, names: names, referrers: referrers, &state)
        case .checked(let generation, let checked, let suggested, let known):
            guard var form = state.form, form.generation == generation else { return [] }
            form.known = known
            form.issues = checked.issues
            form.checkedText = checked.text
            if let suggested, !form.idEdited, let i = form.main.index(of: "id"), case .text(var input) = form.main.fields[i].editor,
               input.text != suggested {
                input.setText(suggested)
                form.main.fields[i].editor = .text(input)
            }
            state.form = form
            // New problems add lines under their fields: keep the focused one in view.
            state.form!.scroll = state.frameLayout.formScroll
            return []
        case .pickerOptions(let text, let options):
            // Options for text since changed are dropped: the newer search's answer follows.
            if var picker = state.form?.picker, picker.input.text == text {
                picker.show(options)
                state.form?.picker = picker
            } else if case .picker(var picker)? = state.dialog, picker.input.text == text {
                picker.show(options)
                state.dialog = .picker(picker)
            }
            return []
        case .outcome(let outcome, let after):
            return outcomeArrived(outcome, after, &state)
        case .undone(let outcome, let summary, let removed, let redo):
            let verb = redo ? Text.verbRedo.text : Text.verbUndo.text
            switch outcome {
            case .saved:
                state.message = (redo ? Text.redone.text : Text.undone.text) + (summary ?? "")
                return refresh(&state, removed: removed)
            case .nothingToUndo:
                state.message = Text.nothingToUndo.text
            case .nothingToRedo:
                state.message = Text.nothingToRedo.text
            case .changedOnDisk(let file, _):
                state.message = Text.cannotUndoChanged(verb, file, redo ? "redo" : "undo", file)
            default:
                state.message = Text.cannotUndo(verb, redo ? "redo" : "undo")
            }
            return []
        case .undoAsks(let summary, let files, let creates):
            let what = creates ? Text.undoCreationRemoves.text : Text.undoDeletionRestores.text
            state.dialog = .confirm(ConfirmDialog(
                title: Text.undoTitle.text,
                body: [Text.undoQuestion(summary, summary), what + ":", "  " + files.joined(separator: ", "), Text.undoCtrlR.text],
                buttons: [Text.undoYes.text, Text.buttonCancel.text], action: .undo, destructive: creates))
            return []
        case .history(let id, let file, let entries, let git, let note):
            guard case .history(var view)? = state.dialog, view.id == id else { return [] }
            view.file = file
            view.entries = entries
            view.git = git
            view.gitNote = note
            view.loaded = true
            state.dialog = .history(view)
            return []
        case .editorFinished(let doc, let sent, let edited, let status, let error):
            if let error {
                state.message = Text.cannotStartEditor(error)
                return []
            }
            guard status == 0 else {
                state.message = Text.editorExited(status, status)
                return []
            }
            guard let edited else {
                state.message = Text.cannotReadBack.text
                return []
            }
            let clean = ExternalEditor.withoutErrorHeader(edited)
            if clean == doc.text || (clean == ExternalEditor.withoutErrorHeader(sent) && !sent.hasPrefix(ExternalEditor.headerMarker)) {
                state.message = Text.noChanges(doc.file)
                return []
            }
            state.message = Text.checking(doc.file)
            return [.edit(.saveText(clean, base: doc, overwrite: false))]
        }
    }

    static func opened(_ doc: EntityDocument, _ purpose: OpenPurpose, names: [String: String], referrers: [String],
                       _ state: inout AppState) -> [Effect] {
        let entity = doc.entity
        switch purpose {
        case .edit:
            var form = FormState(kind: entity.kind, mode: .edit, base: doc, fields: EntityEncoder.fields(entity), names: names)
            let effect = FormUpdate.check(&form)
            state.form = form
            state.form!.scroll = state.frameLayout.formScroll
            return [effect]
        case .duplicate:
            var form = FormState(kind: entity.kind, mode: .duplicate(of: entity.id), base: nil,
                                 fields: FormValues.duplicateFields(of: entity), names: names)
            form.touched = []
            let effect = FormUpdate.check(&form)
            state.form = form
            return [effect]
        case .editYAML:
            return [.edit(.runEditor(doc, text: doc.text ?? CanonicalWriter.yaml(entity)))]
        case .withdraw:
            let already: Bool
            switch entity {
            case .scenario(let s): already = s.status == .withdrawn
            case .model(let m): already = m.status == .withdrawn
            case .center:
                state.message = Text.centersNoWithdraw.text
                return []
            }
            if already {
                state.message = Text.alreadyWithdrawn(entity.displayName)
                return []
            }
            state.dialog = .withdraw(withdrawDialog(doc, referrers: referrers.map { names[$0] ?? $0 }))
            return []
        case .delete:
            if referrers.isEmpty {
                state.dialog = .confirm(ConfirmDialog(
                    title: Text.deleteTitle.text,
                    body: Text.deleteBody.lines(entity.displayName, doc.file),
                    buttons: [Text.deleteYes.text, Text.buttonCancel.text], action: .delete(doc, unlink: false), destructive: true))
            } else {
                // As on the command line, a referenced entry is not deleted: withdraw it instead, or
                // see exactly what unlinking changes before a second question.
                let titled = referrers.map { id in names[id].map { "「\($0)」 \(id)" } ?? id }
                let canWithdraw = entity.kind != .center
                state.dialog = .confirm(ConfirmDialog(
                    title: Text.deleteRefusedTitle.text,
                    body: Text.deleteRefusedBody.lines(entity.displayName, referrers.count, entity.id)
                        + titled.prefix(4).map { "  · " + $0 } + (titled.count > 4 ? ["  … +\(titled.count - 4)"] : [])
                        + [canWithdraw ? Text.deleteRefusedWithdraw.text : "",
                           Text.deleteRefusedUnlink.text].filter { !$0.isEmpty },
                    buttons: (canWithdraw ? [Text.buttonWithdraw.text] : []) + [Text.buttonUnlink.text, Text.buttonCancel.text],
                    commands: (canWithdraw ? [.withdraw] : []) + [.unlink, .back],
                    action: .referencedDelete(doc, referrers: titled)))
            }
            return []
        }
    }

    /// The withdraw question: what changes, and a reason to type.
    static func withdrawDialog(_ doc: EntityDocument, referrers: [String]) -> WithdrawDialog {
        var body = Text.withdrawBody.lines(doc.entity.displayName, doc.file)
        if !referrers.isEmpty { body.append(Text.stillReferring.text + listed(referrers)) }
        return WithdrawDialog(document: doc, body: body)
    }

    /// The second question of a delete that unlinks: every entry that changes, by title.
    static func unlinkPlan(_ doc: EntityDocument, referrers: [String]) -> ConfirmDialog {
        var body = Text.unlinkDeleteBody.lines(doc.entity.displayName, referrers.count, doc.entity.id)
        body += referrers.prefix(12).map { "  · " + $0 }
        if referrers.count > 12 { body.append("  … +\(referrers.count - 12)") }
        body.append(Text.unlinkDeleteKeys.text)
        return ConfirmDialog(title: Text.unlinkDeleteTitle.text, body: body,
                             buttons: [Text.unlinkDeleteYes.text, Text.buttonCancel.text], action: .delete(doc, unlink: true), destructive: true)
    }

    static func listed(_ ids: [String], limit: Int = 6) -> String {
        ids.prefix(limit).joined(separator: ", ") + (ids.count > limit ? " … (+\(ids.count - limit))" : "")
    }

    static func outcomeArrived(_ outcome: ChangeOutcome, _ after: AfterSave, _ state: inout AppState) -> [Effect] {
        if case .form = after { state.form?.saving = false }
        switch outcome {
        case .saved(let docs, let warnings):
            let files = docs.map(\.file)
            let note = warnings.isEmpty ? "" : Text.savedWarnings(warnings.count, warnings.count == 1 ? "" : "s", warnings[0].shownMessage)
            var effects: [Effect] = []
            switch after {
            case .form(let isNew):
                state.form = nil
                state.message = Text.saved(files.first ?? "", note)
                effects = refresh(&state)
                if isNew, let doc = docs.first {
                    state.path.append(DetailScreen(id: doc.entity.id))
                    effects.append(.loadDetail(depth: state.path.count - 1, id: doc.entity.id))
                }
            case .text:
                state.message = Text.savedFromEditor(files.first ?? "", note)
                effects = refresh(&state)
            case .quick(let text):
                state.message = text + note
                effects = refresh(&state)
            case .delete(let id):
                let unlinked = docs.count
                state.message = Text.deleted(id) + (unlinked > 0 ? Text.deletedUnlinked(unlinked, unlinked, files.joined(separator: ", ")) : "")
                effects = refresh(&state, removed: [id])
            }
            return effects
        case .unchanged(let doc):
            if case .form = after { state.form = nil }
            state.message = Text.noChanges(doc.file)
            return []
        case .invalid(let issues):
            switch after {
            case .form:
                guard var form = state.form else { return [] }
                form.issues = issues
                form.showAllIssues = true
                if let stop = IssuePaths.firstError(form) { form.main.focus(stop) }
                state.form = form
                state.message = Text.notSaved(issues.first?.message ?? "")
            case .text(let doc, let text):
                editorRejected(doc, text: text, issues: issues, &state)
            default:
                state.message = Text.notSaved(issues.first.map { "\($0.path): \($0.message)" } ?? "")
            }
            return []
        case .changedOnDisk(let file, let current):
            switch after {
            case .form:
                guard let form = state.form else { return [] }
                state.dialog = .conflict(ConflictDialog(pending: .form, file: file, current: current, mine: form.checkedText))
                state.message = nil
            case .text(let doc, let text):
                state.dialog = .conflict(ConflictDialog(pending: .text(text, doc), file: file, current: current, mine: text))
                state.message = nil
            default:
                state.message = Text.changedOnDiskRetry(file)
                return refresh(&state)
            }
            return []
        case .referenced(let ids):
            state.message = Text.referencedNotDeleted(listed(ids))
            return []
        case .nothingToUndo, .nothingToRedo:
            return []
        }
    }

    /// Text from the editor that did not pass: offered back with its errors.
    static func editorRejected(_ doc: EntityDocument, text: String, issues: [FieldIssue], _ state: inout AppState) {
        state.dialog = .editorErrors(EditorErrorsDialog(document: doc, text: text, issues: issues))
        state.message = nil
    }

    /// After a change: the lists, counts, statistics and opened pages show the files as they are now.
    static func refresh(_ state: inout AppState, removed: [String] = []) -> [Effect] {
        state.stats = nil
        var effects: [Effect] = []
        for i in state.lists.indices {
            if i == state.tab.rawValue { effects.append(Update.reload(&state, i, keepSelection: true)) } else { state.lists[i].loaded = false }
        }
        if state.tab == .dashboard { effects.append(.loadStats) }
        if let cut = state.path.firstIndex(where: { removed.contains($0.id) }) { state.path.removeSubrange(cut...) }
        for (depth, d) in state.path.enumerated() { effects.append(.loadDetail(depth: depth, id: d.id)) }
        return effects
    }
}

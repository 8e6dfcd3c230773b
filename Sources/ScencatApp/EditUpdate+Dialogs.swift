import CatalogCore
import CatalogFiles
import CatalogIndex
import TerminalKit
import Wording

/// `EditUpdate` for the keys of the editing dialogs and what their answers do.
extension EditUpdate {
    // MARK: Dialog keys

    static func dialogKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard let dialog = state.dialog else { return [] }
        let command = KeyBindings.command(for: key, in: dialog.keyContexts)
        switch dialog {
        case .confirm(var d):
            switch command == .choose ? d.commands[d.selected] : command {
            case .nextField?: d.selected = (d.selected + 1) % d.buttons.count
            case .previousField?: d.selected = (d.selected + d.buttons.count - 1) % d.buttons.count
            case let answer? where d.commands.contains(answer): return answered(answer, d.action, &state)
            default: return []
            }
            state.dialog = .confirm(d)
            return []
        case .withdraw(var d):
            switch command {
            case .back?:
                return declined(.withdraw(d.document, reason: ""), &state)
            case .confirm?:
                let reason = d.reason.text.trimmedSpaces
                guard !reason.isEmpty else {
                    state.message = Text.typeWithdrawReason.text
                    return []
                }
                return confirmed(.withdraw(d.document, reason: reason), &state)
            default:
                if d.reason.handle(key) { state.dialog = .withdraw(d) }
                return []
            }
        case .conflict(let d):
            switch command {
            case .reload?: return reload(d, &state)
            case .overwrite?: return overwrite(d, &state)
            case .compare?:
                state.dialog = .compare(Comparison(title: Text.compareFile(d.file), left: (Text.compareMine.text, d.mine),
                                                   right: (Text.compareOnDisk.text, d.current), back: .conflict(d)))
            case .back?:
                state.dialog = nil
                if case .text = d.pending { state.message = Text.editDiscarded.text }
            default: break
            }
            return []
        case .compare(var view):
            let visible = state.frameLayout.compareRows
            switch command {
            case .back?:
                switch view.back {
                case .conflict(let d): state.dialog = .conflict(d)
                case .history(let h): state.dialog = .history(h)
                }
                return []
            case .reload?:
                if case .conflict(let d) = view.back { return reload(d, &state) }
                return []
            case .overwrite?:
                if case .conflict(let d) = view.back { return overwrite(d, &state) }
                return []
            case let c?:
                guard Update.scroll(c, &view.scroll, maxScroll: max(0, view.rows.count - visible), page: visible) else { return [] }
                state.dialog = .compare(view)
                return []
            case nil:
                return []
            }
        case .history(var view):
            switch command {
            case .back?:
                state.dialog = nil
            case .open?:
                guard view.entries.indices.contains(view.cursor.selected) else { return [] }
                let e = view.entries[view.cursor.selected]
                state.dialog = .compare(Comparison(title: "\(e.time) · \(e.action) · \(e.summary)",
                                                   left: (Text.compareBefore.text, e.before), right: (Text.compareAfter.text, e.after), back: .history(view)))
            case let c?:
                if Update.move(c, &view.cursor, count: view.entries.count, visible: state.frameLayout.historyRows) {
                    state.dialog = .history(view)
                }
            case nil:
                break
            }
            return []
        case .editorErrors(let d):
            switch command {
            case .reopen?:
                state.dialog = nil
                let text = ExternalEditor.withErrorHeader(d.text, errors: d.issues.map(\.diagnostic))
                return [.edit(.runEditor(d.document, text: text))]
            case .back?:
                state.dialog = nil
                state.message = Text.editDiscardedUnchanged(d.document.file)
            default:
                break
            }
            return []
        case .picker(var picker):
            switch PickerUpdate.key(key, &picker, visible: state.frameLayout.pickerRows) {
            case .none:
                state.dialog = .picker(picker)
                return []
            case .filterChanged:
                let effects = PickerUpdate.refresh(&picker, taxonomy: state.taxonomy)
                state.dialog = .picker(picker)
                return effects
            case .cancelled:
                state.dialog = nil
                return []
            case .chosen(let values):
                guard let value = values.first else { return [] }
                return linkChosen(value, picker, &state)
            }
        }
    }

    static func linkChosen(_ value: String, _ picker: PickerState, _ state: inout AppState) -> [Effect] {
        func rolePicker(scenario: String, model: String) -> [Effect] {
            let roles = ModelRole.allCases.map { FilterOption(value: $0.rawValue, label: FormLabels.choice($0.rawValue)) }
            var p = PickerState(title: Text.roleTitle(model, scenario), source: .fixed(roles), target: .role(scenario: scenario, model: model))
            _ = PickerUpdate.refresh(&p, taxonomy: state.taxonomy)
            p.cursor = ListState(selected: 1)  // candidate
            state.dialog = .picker(p)
            return []
        }
        switch picker.target {
        case .scenarioForModel(let model): return rolePicker(scenario: value, model: model)
        case .modelForScenario(let scenario): return rolePicker(scenario: scenario, model: value)
        case .role(let scenario, let model):
            state.dialog = nil
            guard let role = ModelRole(rawValue: value) else { return [] }
            return [.edit(.link(scenario: scenario, model: model, role: role))]
        case .field:
            state.dialog = nil
            return []
        }
    }

    /// A button or key of a confirmation: yes, no, or one of a refused delete's ways on.
    static func answered(_ command: Command, _ action: ConfirmAction, _ state: inout AppState) -> [Effect] {
        switch (command, action) {
        case (.confirm, _): return confirmed(action, &state)
        case (.withdraw, .referencedDelete(let doc, let referrers)):
            state.dialog = .withdraw(withdrawDialog(doc, referrers: referrers))
            return []
        case (.unlink, .referencedDelete(let doc, let referrers)):
            state.dialog = .confirm(unlinkPlan(doc, referrers: referrers))
            return []
        default: return declined(action, &state)
        }
    }

    static func confirmed(_ action: ConfirmAction, _ state: inout AppState) -> [Effect] {
        state.dialog = nil
        switch action {
        case .discardForm:
            state.form = nil
            state.message = Text.changesDiscarded.text
            return []
        case .withdraw(let doc, let reason):
            guard let entity = doc.entity.withdrawn(reason: reason) else { return [] }
            return [.edit(.saveEntity(entity, base: doc, summary: "withdraw: \(reason)",
                                      then: .quick(Text.withdrawn(doc.entity.displayName, doc.file))))]
        case .referencedDelete:
            return []
        case .delete(let doc, let unlink):
            return [.edit(.delete(doc, unlink: unlink))]
        case .unlink(let scenario, let model):
            return [.edit(.unlink(scenario: scenario, model: model))]
        case .undo:
            return [.edit(.undo(confirmed: true))]
        }
    }

    static func declined(_ action: ConfirmAction, _ state: inout AppState) -> [Effect] {
        state.dialog = nil
        switch action {
        case .discardForm: break
        default: state.message = Text.cancelled.text
        }
        return []
    }

    static func reload(_ d: ConflictDialog, _ state: inout AppState) -> [Effect] {
        state.dialog = nil
        let id: String
        switch d.pending {
        case .form:
            id = state.form?.id ?? ""
            state.form = nil
        case .text(_, let doc):
            id = doc.entity.id
        }
        guard d.current != nil else {
            state.message = Text.deletedOnDisk(d.file)
            return refresh(&state)
        }
        state.message = Text.reloaded(d.file)
        let purpose: OpenPurpose
        if case .text = d.pending { purpose = .editYAML } else { purpose = .edit }
        return refresh(&state) + [.edit(.open(id, purpose))]
    }

    static func overwrite(_ d: ConflictDialog, _ state: inout AppState) -> [Effect] {
        state.dialog = nil
        switch d.pending {
        case .form:
            guard var form = state.form else { return [] }
            form.saving = true
            state.form = form
            return [.edit(.save(fields: form.fieldTree(), base: form.base, overwrite: true, summary: form.summary + " (overwrite)",
                                then: .form(isNew: form.mode.isNew)))]
        case .text(let text, let doc):
            return [.edit(.saveText(text, base: doc, overwrite: true))]
        }
    }
}

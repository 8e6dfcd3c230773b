import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// What a key did to a group of fields.
enum GroupEvent: Equatable {
    case none
    /// A value changed (the field's name).
    case changed(String)
    case openPicker(Int, text: String)
    case activate(FormStop)
    case save
    case cancel
}

/// Keys in forms: moving between fields, typing, choosing, sub-table rows, pickers, save and cancel.
enum FormUpdate {
    static func key(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard var form = state.form else { return [] }
        var effects: [Effect] = []
        if var picker = form.picker {
            switch PickerUpdate.key(key, &picker, visible: state.frameLayout.pickerRows) {
            case .none:
                form.picker = picker
            case .filterChanged:
                effects = PickerUpdate.refresh(&picker, taxonomy: state.taxonomy)
                form.picker = picker
            case .cancelled:
                form.picker = nil
            case .chosen(let values):
                form.picker = nil
                if choose(values, picker, &form) { effects.append(check(&form)) }
            }
            state.form = form
            return effects
        }
        if form.row != nil {
            effects = rowKey(key, &form, &state)
        } else {
            effects = mainKey(key, &form, &state)
        }
        // Cancel without changes closed the form (state.form is nil then).
        if state.form != nil {
            state.form = form
            state.form!.scroll = state.frameLayout.formScroll
        }
        return effects
    }

    static func mainKey(_ key: Key, _ form: inout FormState, _ state: inout AppState) -> [Effect] {
        var current = state
        current.form = form
        let layout = current.frameLayout
        let width = layout.formValueWidth
        let page = layout.formPage
        switch groupKey(key, &form.main, width: width, page: page) {
        case .none:
            return []
        case .changed(let name):
            form.touched.insert(name)
            if name == "id" { form.idEdited = true }
            return [check(&form)]
        case .openPicker(let i, let text):
            return openPicker(&form, field: i, inRow: false, text: text, taxonomy: state.taxonomy)
        case .activate(let stop):
            switch stop {
            case .row(let i, let r):
                openRow(&form, field: i, row: r, original: form.main.fields[i].rows[r])
                return []
            case .addRow(let i):
                guard case .list(.object(let spec), _) = form.main.fields[i].spec.type else { return [] }
                var rows = form.main.fields[i].rows
                rows.append(FormValues.newRow(spec, today: currentQuarter(state.today)))
                form.main.fields[i].editor = .rows(rows)
                form.touched.insert(form.main.fields[i].name)
                openRow(&form, field: i, row: rows.count - 1, original: nil)
                var effects = [check(&form)]
                // A model link starts with choosing the model.
                if form.main.fields[i].name == "models", let m = form.row?.group.index(of: "model") {
                    effects += openPicker(&form, field: m, inRow: true, text: "", taxonomy: state.taxonomy)
                }
                return effects
            case .button(.save):
                return save(&form, &state)
            case .button(.cancel):
                return cancel(&form, &state)
            default:
                return []
            }
        case .save:
            return save(&form, &state)
        case .cancel:
            return cancel(&form, &state)
        }
    }

    static func rowKey(_ key: Key, _ form: inout FormState, _ state: inout AppState) -> [Effect] {
        guard var row = form.row else { return [] }
        var current = state
        current.form = form
        let width = current.frameLayout.rowValueWidth
        let event = groupKey(key, &row.group, width: width, page: 4)
        form.row = row
        switch event {
        case .none:
            return []
        case .changed:
            writeBack(&form)
            form.touched.insert(form.main.fields[row.field].name)
            return [check(&form)]
        case .openPicker(let i, let text):
            return openPicker(&form, field: i, inRow: true, text: text, taxonomy: state.taxonomy)
        case .activate(.button(.done)), .activate(.button(.save)):
            closeRow(&form)
            return []
        case .save:
            // Save from a row: the row is kept and the whole form saved.
            closeRow(&form)
            return save(&form, &state)
        case .activate(.button(.cancel)), .cancel:
            var rows = form.main.fields[row.field].rows
            if let original = row.original { rows[row.row] = original } else { rows.remove(at: row.row) }
            form.main.fields[row.field].editor = .rows(rows)
            form.row = nil
            form.main.focus(row.original == nil ? .addRow(row.field) : .row(row.field, row.row))
            return [check(&form)]
        case .activate:
            return []
        }
    }

    /// Keys for a group of fields. `width` is the value column's (a text area moves by it).
    static func groupKey(_ key: Key, _ group: inout FieldGroup, width: Int, page: Int) -> GroupEvent {
        let stops = group.stops
        let stop = group.focusedStop
        let field: Int? = { if case .field(let i) = stop { return i } else { return nil } }()
        // A text area takes every key but those that leave it (↑ on its first line, ↓ on its last).
        if let i = field, case .area(var area) = group.fields[i].editor,
           ![Key.escape, .tab, .backTab, .ctrl("s"), .function(2), .pageUp, .pageDown].contains(key) {
            let before = area.text
            if area.handle(key, width: width) {
                group.fields[i].editor = .area(area)
                return area.text != before ? .changed(group.fields[i].name) : .none
            }
        }
        let takesText = field.map { group.fields[$0].editor.takesText } ?? false
        let contexts: [KeyContext] = { if case .row = stop { return [.formRows, .form] }; if case .addRow = stop { return [.formRows, .form] }; return [.form] }()
        var command = KeyBindings.command(for: key, in: contexts)
        if takesText, command == .toggle { command = nil }
        if takesText, case .char = key { command = nil }
        switch command {
        case .save?: return .save
        case .back?: return .cancel
        case .nextField?:
            group.focus = min(stops.count - 1, group.focus + 1)
            return .none
        case .previousField?:
            group.focus = max(0, group.focus - 1)
            return .none
        case .pageDown?:
            group.focus = min(stops.count - 1, group.focus + page)
            return .none
        case .pageUp?:
            group.focus = max(0, group.focus - page)
            return .none
        case .choose?:
            switch stop {
            case .field(let i):
                switch group.fields[i].editor {
                case .choice, .reference, .options, .references, .domain:
                    return .openPicker(i, text: "")
                case .flag(let b):
                    group.fields[i].editor = .flag(!(b ?? false))
                    return .changed(group.fields[i].name)
                default:
                    group.focus = min(stops.count - 1, group.focus + 1)
                    return .none
                }
            default:
                return .activate(stop)
            }
        case .addRow?:
            if let i = stop.fieldIndex { return .activate(.addRow(i)) }
            return .none
        case .removeRow?:
            guard case .row(let i, let r) = stop else { return .none }
            var rows = group.fields[i].rows
            rows.remove(at: r)
            group.fields[i].editor = .rows(rows)
            group.focus = min(group.focus, group.stops.count - 1)
            return .changed(group.fields[i].name)
        case .toggle?:
            guard let i = field else { return .none }
            let step = key == .left ? -1 : 1
            switch group.fields[i].editor {
            case .choice(let options, let current):
                let optional = !group.fields[i].spec.required
                // Optional choices cycle through "not set" too.
                let count = options.count + (optional ? 1 : 0)
                let position = current.map { $0 + (optional ? 1 : 0) } ?? 0
                let next = ((position + step) % count + count) % count
                let value: Int? = optional ? (next == 0 ? nil : next - 1) : next
                group.fields[i].editor = .choice(options, value)
                return .changed(group.fields[i].name)
            case .flag(let b):
                let cycle: [Bool?] = group.fields[i].spec.required ? [true, false] : [nil, true, false]
                let at = cycle.firstIndex { $0 == b } ?? 0
                group.fields[i].editor = .flag(cycle[((at + step) % cycle.count + cycle.count) % cycle.count])
                return .changed(group.fields[i].name)
            case .reference, .options, .references, .domain:
                return key == .char(" ") ? .openPicker(i, text: "") : .none
            default:
                return .none
            }
        default:
            break
        }
        guard let i = field else { return .none }
        let name = group.fields[i].name
        switch group.fields[i].editor {
        case .text(var input):
            let before = input.text
            guard input.handle(key) else { return .none }
            group.fields[i].editor = .text(input)
            return input.text != before ? .changed(name) : .none
        case .choice(let options, _):
            if key == .backspace || key == .delete, !group.fields[i].spec.required {
                group.fields[i].editor = .choice(options, nil)
                return .changed(name)
            }
            if case .char(let c) = key { return .openPicker(i, text: String(c)) }
        case .flag:
            switch key {
            case .char("y"), .char("Y"), .char("是"): group.fields[i].editor = .flag(true); return .changed(name)
            case .char("n"), .char("N"), .char("否"): group.fields[i].editor = .flag(false); return .changed(name)
            case .backspace, .delete:
                guard !group.fields[i].spec.required else { return .none }
                group.fields[i].editor = .flag(nil)
                return .changed(name)
            default: break
            }
        case .reference(let kind, _):
            if key == .backspace || key == .delete {
                group.fields[i].editor = .reference(kind, nil)
                return .changed(name)
            }
            if case .char(let c) = key { return .openPicker(i, text: String(c)) }
        case .options(let options, _):
            if key == .backspace || key == .delete { group.fields[i].editor = .options(options, chosen: []); return .changed(name) }
            if case .char(let c) = key { return .openPicker(i, text: String(c)) }
        case .references(let kind, _):
            if key == .backspace || key == .delete { group.fields[i].editor = .references(kind, []); return .changed(name) }
            if case .char(let c) = key { return .openPicker(i, text: String(c)) }
        case .domain:
            if key == .backspace || key == .delete { group.fields[i].editor = .domain(general: false, sectors: []); return .changed(name) }
            if case .char(let c) = key { return .openPicker(i, text: String(c)) }
        default:
            break
        }
        return .none
    }

    // MARK: Pickers

    static func openPicker(_ form: inout FormState, field i: Int, inRow: Bool, text: String, taxonomy: Taxonomy) -> [Effect] {
        let group = inRow ? form.row!.group : form.main
        guard var picker = PickerUpdate.forField(group.fields[i], index: i, inRow: inRow, text: text, taxonomy: taxonomy) else { return [] }
        let effects = PickerUpdate.refresh(&picker, taxonomy: taxonomy)
        form.picker = picker
        return effects
    }

    /// Puts a picker's choice in its field; true when the value changed.
    static func choose(_ values: [String], _ picker: PickerState, _ form: inout FormState) -> Bool {
        guard case .field(let i, let inRow) = picker.target else { return false }
        var group = inRow ? form.row!.group : form.main
        let before = FormValues.value(group.fields[i])
        switch group.fields[i].editor {
        case .choice(let options, _): group.fields[i].editor = .choice(options, values.first.flatMap { options.firstIndex(of: $0) })
        case .reference(let kind, _):
            group.fields[i].editor = .reference(kind, values.first)
            if let v = values.first, let o = picker.options.first(where: { $0.value == v }) {
                form.names[v] = String(o.label.prefix { $0 != "·" }).trimmedSpaces
            }
        case .options(let options, _): group.fields[i].editor = .options(options, chosen: values)
        case .references(let kind, _): group.fields[i].editor = .references(kind, values)
        case .domain:
            group.fields[i].editor = values == ["general"] ? .domain(general: true, sectors: []) : .domain(general: false, sectors: values)
        default: return false
        }
        // On to the next field, as after typing a value.
        if !picker.multi { group.focus = min(group.stops.count - 1, group.focus + 1) }
        let name = group.fields[i].name
        let changed = before != FormValues.value(group.fields[i])
        if inRow {
            form.row!.group = group
            writeBack(&form)
            form.touched.insert(form.main.fields[form.row!.field].name)
        } else {
            form.main = group
            form.touched.insert(name)
        }
        return changed
    }

    // MARK: Rows

    static func openRow(_ form: inout FormState, field i: Int, row r: Int, original: [Field]?) {
        guard case .list(.object(let spec), _) = form.main.fields[i].spec.type else { return }
        let group = FormValues.group(spec: spec, fields: form.main.fields[i].rows[r], idEditable: false, buttons: [.done, .cancel])
        form.row = RowEditor(field: i, row: r, group: group, original: original)
    }

    /// Applies the open row editor's values to the form's sub-table (as you type).
    static func writeBack(_ form: inout FormState) {
        guard let row = form.row else { return }
        var rows = form.main.fields[row.field].rows
        guard rows.indices.contains(row.row) else { return }
        rows[row.row] = row.group.fieldTree()
        form.main.fields[row.field].editor = .rows(rows)
    }

    static func closeRow(_ form: inout FormState) {
        guard let row = form.row else { return }
        writeBack(&form)
        form.row = nil
        form.main.focus(.row(row.field, row.row))
    }

    // MARK: Check, save, cancel

    /// The check of the form as it is now (and, for a new entity, a suggested id).
    static func check(_ form: inout FormState) -> Effect {
        form.generation += 1
        var basedOn: String?
        if case .duplicate(let of) = form.mode { basedOn = of }
        return .edit(.check(generation: form.generation, fields: form.fieldTree(), isNew: form.mode.isNew,
                            suggestId: form.mode.isNew && !form.idEdited, basedOn: basedOn, known: form.known))
    }

    static func save(_ form: inout FormState, _ state: inout AppState) -> [Effect] {
        guard !form.saving else { return [] }
        let errors = form.errors
        guard errors.isEmpty else {
            form.showAllIssues = true
            form.row = nil
            if let stop = IssuePaths.firstError(form) { form.main.focus(stop) }
            state.message = Text.formNotSaved(errors.count, errors.count, errors.count == 1 ? "" : "s", errors[0].path.isEmpty ? "" : Names.fieldOrPath(errors[0].path) + ": ", errors[0].diagnostic.shownMessage)
            return []
        }
        form.saving = true
        return [.edit(.save(fields: form.fieldTree(), base: form.base, overwrite: false, summary: form.summary, then: .form(isNew: form.mode.isNew)))]
    }

    static func cancel(_ form: inout FormState, _ state: inout AppState) -> [Effect] {
        if form.isDirty {
            state.dialog = .confirm(ConfirmDialog(
                title: Text.discardTitle.text,
                body: [Text.discardBody1.text, Text.discardBody2.text],
                buttons: [Text.discardYes.text, Text.discardNo.text], action: .discardForm, destructive: true))
            return []
        }
        state.message = Text.closedWithoutChanges.text
        form.row = nil
        state.form = nil
        return []
    }

    /// This calendar quarter (new compute rows start in it).
    static func currentQuarter(_ today: String) -> Quarter {
        // today: YYYY-MM-DD
        let year = Int(today.prefix(4)) ?? 2026
        let month = Int(today.dropFirst(5).prefix(2)) ?? 1
        return Quarter(year: year, quarter: (month - 1) / 3 + 1) ?? Quarter(ordinal: year * 4)
    }
}

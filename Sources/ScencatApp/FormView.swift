import CatalogCore
import CatalogFiles
import CatalogIndex
import TerminalKit
import Wording

/// Which problems belong to which place of a form: a field's own, a sub-table row's, or the
/// entity's as a whole (those lead the form).
enum IssuePaths {
    /// `compute[1].amount` → (compute, 1, amount); `tags[2]` → (tags, 2, nil); `title` → (title, nil, nil).
    static func split(_ path: String) -> (key: String, row: Int?, rest: String?) {
        var key = Substring(path)
        var rest: String?
        var row: Int?
        if let dot = path.firstIndex(of: ".") {
            key = path[..<dot]
            rest = String(path[path.index(after: dot)...])
        }
        if let open = key.firstIndex(of: "["), let close = key.firstIndex(of: "]"), open < close {
            row = Int(key[key.index(after: open)..<close])
            key = key[..<open]
        }
        return (String(key), row, rest)
    }

    /// The problems of `group` (paths relative to `prefix`, e.g. `compute[1].`).
    static func relative(_ issues: [FieldIssue], prefix: String) -> [FieldIssue] {
        guard !prefix.isEmpty else { return issues }
        return issues.compactMap { i in
            guard i.path.hasPrefix(prefix) else { return nil }
            var r = i
            r.path = String(i.path.dropFirst(prefix.count))
            return r
        }
    }

    static func issues(at stop: FormStop, _ group: FieldGroup, _ issues: [FieldIssue]) -> [FieldIssue] {
        switch stop {
        case .field(let i):
            let f = group.fields[i]
            return issues.filter { issue in
                let p = split(issue.path)
                guard p.key == f.name else { return false }
                return f.isRows ? p.row == nil : true
            }
        case .row(let i, let r):
            let name = group.fields[i].name
            return issues.filter { let p = split($0.path); return p.key == name && p.row == r }
        case .addRow, .button:
            return []
        }
    }

    /// Problems no shown field owns (a whole-entity problem, or one in `kind`).
    static func unplaced(_ group: FieldGroup, _ issues: [FieldIssue]) -> [FieldIssue] {
        let names = Set(group.fields.filter(\.isShown).map(\.name))
        return issues.filter { !names.contains(split($0.path).key) }
    }

    /// Whether a problem shows yet: at once for fields the user changed, all after a save attempt.
    static func isVisible(_ issue: FieldIssue, _ form: FormState) -> Bool {
        form.showAllIssues || form.touched.contains(split(issue.path).key)
    }

    /// The first place of the form with an error (where a refused save puts the cursor).
    static func firstError(_ form: FormState) -> FormStop? {
        for stop in form.main.stops where !issues(at: stop, form.main, form.errors).isEmpty { return stop }
        return nil
    }
}

/// One screen line of a form.
struct FormLine {
    enum Content {
        case field(Int, height: Int)
        case rowsHeader(Int)
        case row(Int, Int)
        case addRow(Int)
        case buttons
        case issue(FieldIssue, row: Int?)
        case note(String, Style)
    }

    var content: Content
    /// The stop this line belongs to (nil for notes that lead the form).
    var stop: Int?
    var height: Int = 1
}

/// Drawing forms: the entity's form over the list or detail area, a row editor in a box.
enum FormView {
    static let maxAreaHeight = 6

    // MARK: Geometry

    /// The form's area: the context line (title) and the body.
    static func area(_ size: Size, tab: Tab) -> (title: Rect, body: Rect) {
        let layout = ScreenLayout(size: size, tab: tab)
        return (layout.context, layout.body)
    }

    static func labelWidth(_ group: FieldGroup, maxWidth: Int) -> Int {
        let widest = group.fields.filter(\.isShown).map { FormLabels.label($0.spec).displayWidth }.max() ?? 8
        return min(widest, maxWidth)
    }

    /// Columns of the label and the value for a group drawn in `width` columns.
    static func columns(_ group: FieldGroup, width: Int) -> (label: Int, valueX: Int, value: Int) {
        let label = labelWidth(group, maxWidth: max(8, min(22, width / 3)))
        let valueX = 1 + label + 2
        return (label, valueX, max(4, width - valueX - 1))
    }

    /// The width a text area of the main form is drawn at (update moves its cursor by it).
    static func mainValueWidth(_ form: FormState, size: Size) -> Int {
        columns(form.main, width: size.width).value
    }

    static func rowBox(_ size: Size, lines: Int) -> Rect {
        // Full width on narrow screens, like the search box: no slivers of the form at its sides.
        Overlays.widePanelRect(Rect(size: size), width: 76, height: min(size.height - 2, lines + 2))
    }

    static func rowValueWidth(_ row: RowEditor, size: Size) -> Int {
        columns(row.group, width: Border.inner(rowBox(size, lines: 10)).width + 2).value
    }

    // MARK: Lines

    /// Lines of text in an area, without the empty line kept after a full last line for the cursor.
    static func textLines(_ area: TextArea, width: Int) -> Int {
        let lines = area.visualLines(width: width)
        return lines.count > 1 && lines.last!.isEmpty && lines[lines.count - 2].upperBound == lines.last!.lowerBound ? lines.count - 1 : lines.count
    }

    static func areaHeight(_ area: TextArea, focused: Bool, width: Int) -> Int {
        let n = focused ? area.lineCount(width: width) : textLines(area, width: width)
        return focused ? min(maxAreaHeight, max(3, n)) : min(3, max(1, n))
    }

    /// The lines of a group, each tied to its stop, with visible problems under their field.
    static func lines(_ group: FieldGroup, issues: [FieldIssue], visible: (FieldIssue) -> Bool, width: Int,
                      leading: [FormLine] = []) -> [FormLine] {
        var out = leading
        let cols = columns(group, width: width)
        let stops = group.stops
        for (s, stop) in stops.enumerated() {
            switch stop {
            case .field(let i):
                let f = group.fields[i]
                if f.isRows {
                    out.append(FormLine(content: .rowsHeader(i), stop: s))
                } else if case .area(let a) = f.editor {
                    let h = areaHeight(a, focused: s == group.focus, width: cols.value)
                    out.append(FormLine(content: .field(i, height: h), stop: s, height: h))
                } else {
                    out.append(FormLine(content: .field(i, height: 1), stop: s))
                }
            case .row(let i, let r):
                out.append(FormLine(content: .row(i, r), stop: s))
            case .addRow(let i):
                out.append(FormLine(content: .addRow(i), stop: s))
            case .button:
                // Both buttons share one line: the first one holds it.
                if case .button = stops[s - 1] { continue }
                out.append(FormLine(content: .buttons, stop: s))
            }
            let rowIndex: Int? = { if case .row(_, let r) = stop { return r } else { return nil } }()
            for issue in IssuePaths.issues(at: stop, group, issues) where visible(issue) {
                let height = min(3, issueLines(issue, row: rowIndex, width: cols.value).count)
                out.append(FormLine(content: .issue(issue, row: rowIndex), stop: s, height: height))
            }
        }
        return out
    }

    /// The first line to show so the focused stop's lines (and its problems) are in view.
    static func scroll(_ lines: [FormLine], focus: Int, height: Int, current: Int) -> Int {
        var y = 0
        var first: Int?
        var last = 0
        for line in lines {
            let stop = line.stop
            // The buttons line stands for both buttons.
            if stop == focus || (isButtons(line) && focus >= (stop ?? .max)) {
                if first == nil { first = y }
                last = y + line.height
            }
            y += line.height
        }
        let total = y
        guard let top = first else { return min(current, max(0, total - height)) }
        var scroll = min(max(0, current), max(0, total - height))
        if top < scroll { scroll = top }
        if last > scroll + height { scroll = min(top, last - height) }
        return max(0, scroll)
    }

    static func isButtons(_ line: FormLine) -> Bool {
        if case .buttons = line.content { return true }
        return false
    }

    /// The main form's lines for the screen size.
    static func mainLines(_ form: FormState, size: Size) -> [FormLine] {
        let width = size.width
        var leading: [FormLine] = []
        for issue in IssuePaths.unplaced(form.main, form.issues) where IssuePaths.isVisible(issue, form) {
            leading.append(FormLine(content: .issue(issue, row: nil), stop: nil))
        }
        return lines(form.main, issues: form.issues, visible: { IssuePaths.isVisible($0, form) }, width: width, leading: leading)
    }

    // MARK: Drawing

    static func render(_ form: FormState, _ state: AppState, into buffer: inout Buffer) {
        let (titleArea, body) = area(state.size, tab: state.tab)
        let layout = ScreenLayout(size: state.size, tab: state.tab)
        buffer.fill(titleArea)
        buffer.fill(body)
        // Title: what is edited, and whether it can be saved.
        let what: String
        switch form.mode {
        case .edit: what = Text.formTitleEdit(form.file)
        case .new: what = Text.formTitleNew(Names.kind(form.kind), form.id.isEmpty ? "\(form.kind.directory)/…" : form.file)
        case .duplicate(let of): what = Text.formTitleDuplicate(of, form.id.isEmpty ? "…" : form.file)
        }
        let errors = form.errors.count
        let right = (form.isDirty ? Text.formModified.text : "") + (errors > 0 ? Text.formErrors(errors) : Text.formValid.text) + " "
        let rightWidth = min(right.displayWidth, titleArea.width)
        let left = " " + what
        buffer.put(left.truncated(toWidth: max(0, titleArea.width - rightWidth - 1)), x: titleArea.x, y: titleArea.y, style: Theme.title)
        buffer.put(right, x: titleArea.maxX - rightWidth, y: titleArea.y, style: errors > 0 ? Theme.error : Theme.dim, maxWidth: rightWidth)

        let lines = mainLines(form, size: state.size)
        let offset = scroll(lines, focus: form.main.focus, height: body.height, current: form.scroll)
        drawLines(lines, group: form.main, form: form, prefix: "", state: state, area: body, offset: offset, active: form.row == nil && form.picker == nil, into: &buffer)

        // The status line: the field's description, or the message of the last action.
        if state.message == nil {
            let group = form.row?.group ?? form.main
            var text = ""
            // The schema's descriptions are English: in Chinese the field's name stands alone.
            if let i = group.focusedStop.fieldIndex {
                let f = group.fields[i]
                text = Wording.language == .zh ? Names.field(f.name) : "\(f.name): \(f.spec.doc)"
            }
            buffer.render(StatusLine(left: " " + text, right: "", style: Theme.status), in: layout.status)
        }
        if let row = form.row { renderRow(row, form: form, state: state, into: &buffer) }
        if let picker = form.picker { PickerView.render(picker, size: state.size, into: &buffer) }
    }

    static func renderRow(_ row: RowEditor, form: FormState, state: AppState, into buffer: inout Buffer) {
        let field = form.main.fields[row.field]
        let prefix = "\(field.name)[\(row.row)]."
        let issues = IssuePaths.relative(form.issues, prefix: prefix)
        let probe = rowBox(state.size, lines: 10)
        let width = Border.inner(probe).width
        var lines = lines(row.group, issues: issues, visible: { _ in true }, width: width + 2)
        if field.name == "compute" {
            // The row's PFLOPS and the sub-table's total, as you type.
            let totals = computeTotals(field.rows, state: state)
            let this = need(field.rows[row.row]).flatMap { ComputeMath.pflops($0, accelerators: tflops(state)) }
            let text = Text.formRowTotals(this.map { Figures.pflops($0) } ?? "—", Figures.pflops(totals.total), Figures.pflops(totals.peak))
            lines.append(FormLine(content: .note(text, Theme.dim), stop: nil))
        }
        let height = lines.reduce(0) { $0 + $1.height }
        let box = rowBox(state.size, lines: height)
        let title = Text.formRowTitle(Names.field(field.name), row.row + 1)
        let inner = Overlays.box(title, box, &buffer)
        let area = Rect(x: inner.x - 1, y: inner.y, width: inner.width + 2, height: inner.height)
        let offset = scroll(lines, focus: row.group.focus, height: area.height, current: 0)
        drawLines(lines, group: row.group, form: form, prefix: prefix, state: state, area: area, offset: offset, active: form.picker == nil, into: &buffer)
    }

    static func drawLines(_ lines: [FormLine], group: FieldGroup, form: FormState, prefix: String, state: AppState,
                          area: Rect, offset: Int, active: Bool, into buffer: inout Buffer) {
        let cols = columns(group, width: area.width)
        var y = area.y - offset
        for line in lines {
            defer { y += line.height }
            guard y + line.height > area.y, y < area.maxY else { continue }
            let focused = active && line.stop == group.focus
            let labelX = area.x + cols.valueX - cols.label - 2
            let valueRect = Rect(x: area.x + cols.valueX, y: y, width: cols.value, height: line.height)
            func label(_ text: String, focused: Bool) {
                buffer.put(focused ? "▶" : " ", x: area.x, y: y, style: Theme.key)
                buffer.put(text.truncated(toWidth: cols.label), x: labelX, y: y, style: focused ? Theme.focus : Theme.dim, maxWidth: cols.label)
            }
            switch line.content {
            case .field(let i, _):
                let f = group.fields[i]
                label(FormLabels.label(f.spec), focused: focused)
                drawValue(f, focused: focused, form: form, state: state, rect: valueRect.intersection(area), into: &buffer)
            case .rowsHeader(let i):
                let f = group.fields[i]
                label(FormLabels.label(f.spec), focused: focused)
                let text = rowsSummary(f, state: state)
                buffer.put(text, x: valueRect.x, y: y, style: Theme.dim, maxWidth: valueRect.width)
            case .row(let i, let r):
                let f = group.fields[i]
                let selected = active && line.stop == group.focus
                let text = "\(r + 1). " + rowText(f, f.rows[r], form: form, state: state)
                buffer.put(selected ? "▶" : " ", x: area.x, y: y, style: Theme.key)
                let x = labelX + 2
                buffer.put(text, x: x, y: y, style: selected ? Theme.focus : .plain, maxWidth: area.maxX - x - 1)
            case .addRow:
                let text = Text.formAddRow.text
                buffer.put(focused ? "▶" : " ", x: area.x, y: y, style: Theme.key)
                buffer.put(text, x: labelX + 2, y: y, style: focused ? Theme.focus : Theme.link)
            case .buttons:
                let stops = group.stops
                var x = area.x + cols.valueX
                for (s, stop) in stops.enumerated() {
                    guard case .button(let b) = stop else { continue }
                    let text: String
                    switch b {
                    case .save: text = Text.formButtonSave.text
                    case .cancel: text = Text.formButtonCancel.text
                    case .done: text = Text.formButtonDone.text
                    }
                    let on = active && s == group.focus
                    x += buffer.put(text, x: x, y: y, style: on ? Theme.focus : Theme.key, maxWidth: area.maxX - x)
                    x += 2
                }
            case .issue(let issue, let row):
                let x = area.x + cols.valueX
                for (k, text) in issueLines(issue, row: row, width: cols.value).prefix(line.height).enumerated() where y + k >= area.y && y + k < area.maxY {
                    buffer.put(text, x: x, y: y + k, style: issue.isError ? Theme.error : Theme.warning, maxWidth: area.maxX - x)
                }
            case .note(let text, let style):
                buffer.put(text, x: area.x + 1, y: y, style: style, maxWidth: area.width - 2)
            }
        }
    }

    /// A problem's message, wrapped to the value column under its mark (`✗` error, `⚠` warning);
    /// under a sub-table row it names the row's field.
    static func issueLines(_ issue: FieldIssue, row: Int?, width: Int) -> [String] {
        var text = issue.diagnostic.shownMessage
        if row != nil, let rest = IssuePaths.split(issue.path).rest { text = "\(rest): \(text)" }
        let lines = TextWrap.wrap(text, width: max(1, width - 2))
        return lines.enumerated().map { ($0 == 0 ? (issue.isError ? "✗ " : "⚠ ") : "  ") + $1 }
    }

    /// A field's value: the editor itself when focused (cursor shown), else its text.
    static func drawValue(_ f: FormField, focused: Bool, form: FormState, state: AppState, rect: Rect, into buffer: inout Buffer) {
        guard !rect.isEmpty else { return }
        switch f.editor {
        case .text(var input):
            input.focused = focused
            if !focused {
                // Unfocused text shows from its start.
                input.moveCursor(to: 0)
                input.scrollColumn = 0
                input.placeholder = f.spec.required ? Text.formRequired.text : ""
            }
            input.keepCursorVisible(width: rect.width)
            buffer.render(input, in: rect)
        case .area(var area):
            area.focused = focused
            if !focused { area.placeholder = ""; area.moveCursor(to: 0); area.scrollLine = 0 }
            buffer.render(area, in: rect)
            if !focused, textLines(area, width: rect.width) > rect.height {
                buffer.put("…", x: rect.maxX - 1, y: rect.maxY - 1, style: Theme.dim)
            }
        default:
            let (text, empty) = display(f, form: form, state: state)
            var shown = text
            if case .choice = f.editor, focused, !empty { shown = "‹ \(text) ›" }
            let style: Style = empty ? Theme.dim : .plain
            buffer.put(shown, x: rect.x, y: rect.y, style: focused ? style.patched(with: Style(underline: true)) : style, maxWidth: rect.width)
            if focused { buffer.cursor = nil }
        }
    }

    /// The text of a non-text editor, and whether it is empty (shown dimmed).
    static func display(_ f: FormField, form: FormState, state: AppState) -> (String, Bool) {
        let pick = Text.formPick.text
        switch f.editor {
        case .choice(let options, let i):
            guard let i else { return (Text.formChoose.text, true) }
            return (FormLabels.choice(options[i]), false)
        case .flag(let b):
            guard let b else { return (Text.formToggle.text, true) }
            return (b ? Text.yes.text : Text.no.text, false)
        case .reference(let kind, let id):
            guard let id else { return (pick, true) }
            return (referenceText(kind, id, form: form, state: state), false)
        case .options(_, let chosen):
            return chosen.isEmpty ? (pick, true) : (chosen.map(FormLabels.choice).joined(separator: ", "), false)
        case .references(let kind, let ids):
            let names = ids.map { id in kind == .accelerator ? state.taxonomy.accelerator(id)?.name ?? id : referenceText(kind, id, form: form, state: state) }
            return ids.isEmpty ? (pick, true) : (names.joined(separator: ", "), false)
        case .domain(let general, let sectors):
            if general { return (Text.pageGeneralDomain.text, false) }
            return sectors.isEmpty ? (pick, true) : (sectors.map { state.taxonomy.sector($0)?.zh ?? $0 }.joined(separator: "、"), false)
        case .fixed(let v):
            let t = v?.scalarText ?? ""
            if f.name == "updated" { return ((t.isEmpty ? "" : t + " ") + Text.formSetWhenSaved.text, true) }
            return (t, true)
        case .rows(let rows):
            return (Text.formRows(rows.count), false)
        case .text(let input):
            return (input.text, input.text.isEmpty)
        case .area(let a):
            return (a.text, a.text.isEmpty)
        }
    }

    static func referenceText(_ kind: ReferenceKind, _ id: String, form: FormState, state: AppState) -> String {
        switch kind {
        case .sector: return state.taxonomy.sector(id).map { "\(Names.pair($0.zh, $0.en)) · \(id)" } ?? id
        case .city: return state.taxonomy.city(id).map { "\(Names.pair($0.zh, $0.en)) · \(id)" } ?? id
        case .accelerator: return state.taxonomy.accelerator(id).map { "\($0.name) · \(id)" } ?? id
        case .model, .center: return form.names[id].map { "\($0) · \(id)" } ?? id
        }
    }

    // MARK: Sub-tables

    static func text(_ row: [Field], _ key: String) -> String? {
        row.first { $0.key == key }?.value.value.scalarText
    }

    /// A compute row as a need, when its values read.
    static func need(_ row: [Field]) -> ComputeNeed? {
        guard let w = text(row, "workload").flatMap(Workload.init(rawValue:)),
              let a = text(row, "amount").flatMap(Double.init), a > 0,
              let u = text(row, "unit").flatMap(ComputeUnit.init(rawValue:)),
              let from = text(row, "from").flatMap({ Quarter($0) }) else { return nil }
        return ComputeNeed(workload: w, amount: a, unit: u, accelerator: text(row, "accelerator"), center: text(row, "center"),
                           from: from, until: text(row, "until").flatMap { Quarter($0) })
    }

    static func tflops(_ state: AppState) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: state.taxonomy.accelerators.map { ($0.id, $0.fp16Tflops) })
    }

    /// The sub-table's header: rows, and for compute the live total and peak in PFLOPS.
    static func rowsSummary(_ f: FormField, state: AppState) -> String {
        let rows = f.rows
        var text = Text.formRows(rows.count)
        if f.name == "compute" {
            let t = computeTotals(rows, state: state)
            text += Text.formTotals(Figures.pflops(t.total), Figures.pflops(t.peak))
        }
        return text
    }

    /// Sum of every row's PFLOPS (FP16) and the peak over the quarters they span (as ComputeMath computes it for a scenario).
    static func computeTotals(_ rows: [[Field]], state: AppState) -> (total: Double, peak: Double) {
        let acc = tflops(state)
        let needs = rows.compactMap(need)
        let total = needs.reduce(0) { $0 + (ComputeMath.pflops($1, accelerators: acc) ?? 0) }
        let quarters = Set(needs.map(\.from))
        let peak = quarters.map { q in needs.filter { $0.isActive(in: q) }.reduce(0) { $0 + (ComputeMath.pflops($1, accelerators: acc) ?? 0) } }.max() ?? 0
        return (total, peak)
    }

    static func rowText(_ f: FormField, _ row: [Field], form: FormState, state: AppState) -> String {
        if f.name == "models" {
            let model = text(row, "model") ?? "?"
            let role = text(row, "role").map(FormLabels.choice) ?? "?"
            return "\(role) · \(form.names[model].map { "\($0) · " } ?? "")\(model)"
        }
        if f.name == "compute" {
            let w = text(row, "workload").map(FormLabels.choice) ?? "?"
            let amount = text(row, "amount") ?? "?"
            var s = "\(w) "
            if text(row, "unit") == "cards" {
                let acc = text(row, "accelerator")
                s += Text.formCards(amount, acc.flatMap { state.taxonomy.accelerator($0)?.name } ?? acc ?? "?")
                if let n = need(row), let p = ComputeMath.pflops(n, accelerators: tflops(state)) { s += " = \(Figures.pflops(p)) PFLOPS" }
            } else {
                s += "\(amount) PFLOPS"
            }
            s += " · \(text(row, "from") ?? "?")→\(text(row, "until") ?? "")"
            if let c = text(row, "center") { s += " · \(form.names[c] ?? c)" }
            return s
        }
        return row.map { "\($0.key)=\($0.value.value.scalarText ?? "…")" }.joined(separator: " ")
    }
}

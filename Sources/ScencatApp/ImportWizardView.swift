import CatalogSheets
import TerminalKit
import Wording

/// Drawing the import wizard: one box over the screen, its step in the title; the status line
/// and the hint bar stay visible beneath it.
enum ImportWizardView {
    static func render(_ wizard: ImportWizard, _ state: AppState, into buffer: inout Buffer) {
        let size = state.size
        let title = "\(Text.importTitle.text) · \(ImportTexts.stepTitle(wizard.step))"
        let inner = Overlays.box(title, ImportWizard.box(size), &buffer)
        guard inner.height > ImportWizard.headLines, inner.width > 10 else { return }
        let list = Rect(x: inner.x, y: inner.y + ImportWizard.headLines, width: inner.width, height: inner.height - ImportWizard.headLines)
        switch wizard.step {
        case .file: file(wizard, inner, list, &buffer)
        case .sheet:
            line(ImportTexts.sheetHead(wizard.file), inner, 0, Theme.title, &buffer)
            let items = wizard.sheets.map { ListView.Item($0.name + ($0.hidden ? Text.importHidden.text : ""), style: $0.hidden ? Theme.dim : nil) }
            buffer.render(ListView(items: items, selected: wizard.sheetCursor.selected, offset: wizard.sheetCursor.offset, selectedStyle: Theme.focus), in: list)
        case .mapping, .field:
            mapping(wizard, inner, list, &buffer)
            if wizard.step == .field { fieldPicker(wizard, state, &buffer) }
        case .plan, .confirm, .running:
            plan(wizard, inner, list, &buffer)
            if wizard.step == .confirm, let p = wizard.plan {
                let modal = Modal(title: " \(Text.importConfirmTitle.text) ", body: ImportTexts.confirmBody(p, rejectPath: wizard.rejectPath),
                                  buttons: ImportTexts.confirmButtons, selectedButton: wizard.importSelected ? 0 : 1,
                                  maxWidth: min(76, size.width - 2), minWidth: 40, borderStyle: Theme.warning)
                buffer.render(modal, in: Rect(size: size))
            }
        }
    }

    static func line(_ text: String, _ inner: Rect, _ row: Int, _ style: Style, _ buffer: inout Buffer) {
        buffer.put(text, x: inner.x, y: inner.y + row, style: style, maxWidth: inner.width)
    }

    static func file(_ wizard: ImportWizard, _ inner: Rect, _ list: Rect, _ buffer: inout Buffer) {
        let label = Text.importPathLabel.text
        line(label, inner, 0, Theme.title, &buffer)
        let x = inner.x + label.displayWidth
        if x < inner.maxX {
            var input = wizard.path
            input.keepCursorVisible(width: inner.maxX - x)
            buffer.render(input, in: Rect(x: x, y: inner.y, width: inner.maxX - x, height: 1))
        }
        line(ImportTexts.folder(wizard.directory), inner, 1, Theme.dim, &buffer)
        if wizard.files.isEmpty {
            line(Text.importNoFiles.text, list, 0, Theme.dim, &buffer)
            return
        }
        let items = wizard.files.map { ListView.Item($0) }
        let selected = wizard.files.firstIndex(of: wizard.path.text)
        buffer.render(ListView(items: items, selected: selected, offset: wizard.fileCursor.offset, selectedStyle: Theme.focus), in: list)
    }

    static func mapping(_ wizard: ImportWizard, _ inner: Rect, _ list: Rect, _ buffer: inout Buffer) {
        var area = list
        if let plan = wizard.plan {
            line(ImportTexts.mappingHead(plan), inner, 0, Theme.title, &buffer)
            line(ImportTexts.planHead(plan), inner, 1, Theme.dim, &buffer)
        } else if let failure = wizard.failure {
            let lines = TextWrap.wrap(failure.message, width: inner.width)
            for (i, l) in lines.prefix(max(1, inner.height / 3)).enumerated() { line(l, inner, i, Theme.error, &buffer) }
            let used = min(lines.count, max(1, inner.height / 3))
            area = Rect(x: inner.x, y: inner.y + used + 1, width: inner.width, height: max(0, inner.height - used - 1))
        } else {
            line(Text.importPlanning.text, inner, 0, Theme.dim, &buffer)
            return
        }
        let columns = wizard.columns
        let headerWidth = min(24, max(8, columns.map(\.header.displayWidth).max() ?? 8))
        let items = columns.map { c -> ListView.Item in
            let header = (c.header.isEmpty ? "—" : c.header).fitted(toWidth: headerWidth)
            let text = "\(c.letter.padded(toWidth: 3)) \(header) → \(ImportTexts.field(c.field))\(c.byHand ? Text.importByHand.text : "")"
            return ListView.Item(text, style: c.field == nil ? Theme.dim : nil)
        }
        buffer.render(ListView(items: items, selected: wizard.columnCursor.selected, offset: wizard.columnCursor.offset, selectedStyle: Theme.focus), in: area)
    }

    static func fieldPicker(_ wizard: ImportWizard, _ state: AppState, _ buffer: inout Buffer) {
        let columns = wizard.columns
        let header = columns.indices.contains(wizard.columnCursor.selected) ? columns[wizard.columnCursor.selected].header : ""
        let rect = Overlays.panelRect(Rect(size: state.size), width: 44, height: ImportWizard.fieldChoices.count + 2)
        let inner = Overlays.box("「\(header)」→", rect, &buffer)
        let items = ImportWizard.fieldChoices.map { ListView.Item(ImportTexts.field($0)) }
        buffer.render(ListView(items: items, selected: wizard.fieldCursor.selected, offset: wizard.fieldCursor.offset, selectedStyle: Theme.focus), in: inner)
    }

    static func plan(_ wizard: ImportWizard, _ inner: Rect, _ list: Rect, _ buffer: inout Buffer) {
        guard let plan = wizard.plan else { return }
        let lines = wizard.planLines(width: list.width)
        let top = min(wizard.planScroll, max(0, lines.count - list.height))
        // Which lines are shown, when not all fit (j k and the page keys scroll), right of the counts.
        let shown = lines.count > list.height ? " \(top + 1)–\(min(lines.count, top + list.height))/\(lines.count) ↕" : ""
        line(ImportTexts.mappingHead(plan), inner, 0, Theme.dim, &buffer)
        buffer.put(ImportTexts.planHead(plan).truncated(toWidth: max(0, inner.width - shown.displayWidth)), x: inner.x, y: inner.y + 1, style: Theme.title)
        buffer.put(shown, x: inner.maxX - shown.displayWidth, y: inner.y + 1, style: Theme.dim)
        for (i, l) in lines.dropFirst(top).prefix(list.height).enumerated() {
            let style: Style
            switch l.kind {
            case .heading: style = Style(bold: true, underline: true)
            case .add: style = .plain
            case .duplicate: style = Theme.warning
            case .reject: style = Theme.error
            }
            buffer.put(l.text, x: list.x, y: list.y + i, style: style, maxWidth: list.width)
        }
    }
}

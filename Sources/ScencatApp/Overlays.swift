import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// Search, filters, jump, help, errors and the file view: boxes drawn over the screen.
enum Overlays {
    static func render(_ overlay: Overlay, state: AppState, frame: FrameLayout, into buffer: inout Buffer) {
        let full = Rect(size: state.size)
        switch overlay {
        case .search(let panel): search(panel, state, full, &buffer)
        case .filter(let panel): filter(panel, state, full, &buffer)
        case .jump(let panel): JumpView.render(panel, size: state.size, into: &buffer)
        case .help(let scroll): help(scroll, frame, full, &buffer)
        case .errors(let panel): errors(panel, state, frame, full, &buffer)
        case .file(let panel): file(panel, full, &buffer)
        }
    }

    /// A bordered box, cleared, with a title; returns its inside.
    static func box(_ title: String, _ area: Rect, _ buffer: inout Buffer) -> Rect {
        buffer.fill(area)
        buffer.render(Border(title: " \(title) ", style: Theme.title, titleStyle: Theme.title), in: area)
        return Border.inner(area).inset(horizontal: 1)
    }

    /// A box with a typing line (`prompt` and the input) at its top; returns the area under it,
    /// or nil when the box has no room inside.
    static func inputBox(_ title: String, _ area: Rect, prompt: String, _ input: TextInput, _ buffer: inout Buffer) -> Rect? {
        let inner = box(title, area, &buffer)
        guard inner.height > 0 else { return nil }
        var input = input
        input.keepCursorVisible(width: inner.width - 2)
        buffer.put(prompt, x: inner.x, y: inner.y, style: Theme.key)
        buffer.render(input, in: Rect(x: inner.x + 2, y: inner.y, width: inner.width - 2, height: 1))
        return Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: max(0, inner.height - 2))
    }

    /// Below this many columns the big panels (search, help) take the whole width: a box a
    /// column or two narrower than the screen would leave slivers of the screen beneath
    /// showing at its edges.
    static let fullWidthBelow = 100

    /// A box centred on the screen: a dialog of at most `width` columns.
    static func panelRect(_ full: Rect, width: Int, height: Int) -> Rect {
        let w = min(full.width - 2, width), h = min(full.height - 2, height)
        return full.centered(width: max(0, w), height: max(0, h))
    }

    /// A big panel: `width` columns centred on a wide screen, the full width below
    /// `fullWidthBelow` columns (or when it would leave less than a few columns at the sides).
    static func widePanelRect(_ full: Rect, width: Int, height: Int) -> Rect {
        let h = max(0, min(full.height, height))
        let y = full.y + (full.height - h) / 2
        if full.width < fullWidthBelow || width >= full.width - 4 {
            return Rect(x: full.x, y: y, width: full.width, height: h)
        }
        return Rect(x: full.x + (full.width - width) / 2, y: y, width: width, height: h)
    }

    /// Where the search panel goes, and how many hits it shows (the table's header takes a row).
    static func searchRect(_ size: Size) -> Rect { widePanelRect(Rect(size: size), width: 100, height: size.height - 4) }

    static func helpRect(_ size: Size) -> Rect { widePanelRect(Rect(size: size), width: 90, height: size.height - 2) }
    static func helpInner(_ size: Size) -> Rect { Border.inner(helpRect(size)).inset(horizontal: 1) }

    /// The errors list and the file view fill the screen below the header.
    static func errorsRect(_ size: Size) -> Rect { Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 2)) }
    static func fileRect(_ size: Size) -> Rect { errorsRect(size) }

    static func search(_ panel: SearchPanel, _ state: AppState, _ full: Rect, _ buffer: inout Buffer) {
        let inner = box(Text.searchTitle.text, searchRect(full.size), &buffer)
        var input = panel.input
        input.keepCursorVisible(width: inner.width - 2)
        buffer.put("/", x: inner.x, y: inner.y, style: Theme.key)
        buffer.render(input, in: Rect(x: inner.x + 2, y: inner.y, width: inner.width - 2, height: 1))
        let listArea = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        if panel.hits.isEmpty {
            let text = panel.input.text.isEmpty ? Text.searchPrompt.text : Text.searchNoMatches.text
            buffer.put(text, x: listArea.x, y: listArea.y, style: Theme.dim, maxWidth: listArea.width)
            return
        }
        let kindWidth = 8
        let rows = panel.hits.map { h -> [String] in
            let kind: String
            switch h.kind { case .scenario: kind = Text.searchKindScenario.text; case .model: kind = Text.searchKindModel.text; case .center: kind = Text.searchKindCenter.text }
            return [kind, h.name, h.snippet == h.name ? h.id : h.snippet]
        }
        let table = Table(columns: [.init(Text.searchColumnKind.text, width: .fixed(kindWidth - 4)), .init(Text.columnName.text, width: .flex(min: 10, weight: 2)),
                                    .init(Text.searchColumnMatch.text, width: .flex(min: 10, weight: 3))],
                          rows: rows, selected: panel.cursor.selected, offset: panel.cursor.offset)
        buffer.render(table, in: listArea)
    }

    static func filter(_ panel: FilterPanel, _ state: AppState, _ full: Rect, _ buffer: inout Buffer) {
        let inner: Rect
        switch panel.step {
        case .field:
            let fields = FilterField.fields(for: panel.kind)
            inner = box(Text.filterChooseField.text, panelRect(full, width: 48, height: fields.count + 2), &buffer)
            let list = state.lists[panel.kind == .scenario ? 0 : panel.kind == .model ? 1 : 2]
            let items = fields.map { f in ListView.Item(f.label, detail: list.value(of: f)) }
            buffer.render(ListView(items: items, selected: panel.cursor.selected, offset: panel.cursor.offset, selectedStyle: Theme.focus), in: inner)
        case .value(let field):
            inner = box(Text.filterValuesTitle(field.label), panelRect(full, width: 60, height: full.height - 6), &buffer)
            var input = panel.input
            input.keepCursorVisible(width: inner.width - 2)
            buffer.put("›", x: inner.x, y: inner.y, style: Theme.key)
            buffer.render(input, in: Rect(x: inner.x + 2, y: inner.y, width: inner.width - 2, height: 1))
            let listArea = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
            if panel.options.isEmpty {
                buffer.put(Text.filterNothingToChoose.text, x: listArea.x, y: listArea.y, style: Theme.dim, maxWidth: listArea.width)
                return
            }
            let items = panel.options.map { ListView.Item($0.label, count: $0.count) }
            let offset = ListState.offset(keeping: panel.cursor.selected, visible: listArea.height, current: panel.cursor.offset, count: items.count)
            buffer.render(ListView(items: items, selected: panel.cursor.selected, offset: offset, selectedStyle: Theme.focus), in: listArea)
        }
    }

    /// The help screen: every binding, by context, generated from the key table, for a pane
    /// `width` columns wide (the scrollbar's column excluded). A description too long for its
    /// line wraps under itself, not under the keys.
    static func helpLines(width: Int = 88) -> [[Span]] {
        let keyWidth = width >= 60 ? 22 : 16
        let textWidth = max(10, width - keyWidth - 2)
        var lines: [[Span]] = []
        for ctx in KeyContext.allCases {
            let bindings = KeyBindings.all.filter { $0.context == ctx }
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append([]) }
            lines.append([Span(ctx.title, style: Style(bold: true, underline: true))])
            var seen = Set<String>()
            for b in bindings where !seen.contains(b.help) {
                seen.insert(b.help)
                let keys = b.keys.map(\.label).joined(separator: " ")
                let text = TextWrap.wrap(b.help, width: textWidth)
                for (i, part) in text.enumerated() {
                    let gutter = i == 0 ? "  " + keys.fitted(toWidth: keyWidth) : String(repeating: " ", count: keyWidth + 2)
                    lines.append([Span(gutter, style: Theme.key), Span(part)])
                }
            }
        }
        return lines
    }

    static func help(_ scroll: Int, _ frame: FrameLayout, _ full: Rect, _ buffer: inout Buffer) {
        _ = box(Text.helpTitle.text, helpRect(full.size), &buffer)
        let inner = frame.helpInner
        let lines = helpLines(width: max(1, inner.width - 2))
        buffer.render(ScrollView(paragraphs: lines, offset: min(max(0, scroll), frame.helpMaxScroll)), in: inner)
    }

    static func errors(_ panel: ErrorsPanel, _ state: AppState, _ frame: FrameLayout, _ full: Rect, _ buffer: inout Buffer) {
        let d = state.diagnostics
        let inner = box(Text.errorsTitle(d.errorCount, d.warningCount), errorsRect(full.size), &buffer)
        let items = d.map { diag in
            ListView.Item("\(diag.file):\(diag.position.line):\(diag.position.column): \(diag.severity.rawValue): \(diag.shownMessage)",
                          style: diag.severity == .error ? Theme.error : Theme.warning)
        }
        let visible = Rect(x: inner.x, y: inner.y, width: inner.width, height: frame.errorsRows)
        let offset = ListState.offset(keeping: panel.cursor.selected, visible: visible.height, current: panel.cursor.offset, count: items.count)
        buffer.render(ListView(items: items, selected: panel.cursor.selected, offset: offset, selectedStyle: Theme.focus), in: visible)
    }

    /// The file with the problem: the message (wrapped), then the lines around the problem
    /// with the line marked ▶ and a ^ under the column.
    static func file(_ panel: FilePanel, _ full: Rect, _ buffer: inout Buffer) {
        let inner = box("\(panel.path):\(panel.line):\(panel.column)", fileRect(full.size), &buffer)
        guard inner.width > 0, inner.height > 0 else { return }
        let messageStyle = panel.message.hasPrefix("error") ? Theme.error : Theme.warning
        let message = Array(TextWrap.wrap(panel.message, width: inner.width).prefix(max(1, min(3, inner.height - 3))))
        for (i, line) in message.enumerated() {
            buffer.put(line, x: inner.x, y: inner.y + i, style: messageStyle, maxWidth: inner.width)
        }
        let top = inner.y + message.count + 1
        let area = Rect(x: inner.x, y: top, width: inner.width, height: max(0, inner.maxY - top))
        // The gutter: a marker column, the line number, a space.
        let numberWidth = String(panel.lines.count).count
        let textX = area.x + numberWidth + 3
        let textWidth = max(0, area.maxX - textX)
        var y = area.y
        var n = max(0, panel.scroll)
        while y < area.maxY, n < panel.lines.count {
            let isTarget = n + 1 == panel.line
            let number = String(n + 1).padded(toWidth: numberWidth, alignment: .right)
            buffer.put(number, x: area.x + 2, y: y, style: isTarget ? Theme.key : Theme.dim, maxWidth: max(0, area.width - 2))
            if isTarget {
                buffer.put("▶", x: area.x, y: y, style: Theme.error)
                buffer.fill(Rect(x: textX, y: y, width: textWidth, height: 1), style: Theme.focus)
            }
            buffer.put(panel.lines[n], x: textX, y: y, style: isTarget ? Theme.focus : .plain, maxWidth: textWidth)
            y += 1
            if isTarget, y < area.maxY {
                // Columns count Unicode scalars; the caret goes under that character's display column.
                let before = String(String.UnicodeScalarView(panel.lines[n].unicodeScalars.prefix(max(0, panel.column - 1))))
                let caretX = textX + before.displayWidth
                if caretX < area.maxX { buffer.put("^", x: caretX, y: y, style: Theme.error) }
                y += 1
            }
            n += 1
        }
    }
}

import CatalogCore
import CatalogIndex
import TerminalKit

/// Search, filters, jump, help, errors and the file view: boxes drawn over the screen.
enum Overlays {
    static func render(_ overlay: Overlay, state: AppState, into buffer: inout Buffer) {
        let full = Rect(size: state.size)
        switch overlay {
        case .search(let panel): search(panel, state, full, &buffer)
        case .filter(let panel): filter(panel, state, full, &buffer)
        case .jump(let input): jump(input, full, &buffer)
        case .help(let scroll): help(scroll, full, &buffer)
        case .errors(let panel): errors(panel, state, full, &buffer)
        case .file(let panel): file(panel, full, &buffer)
        }
    }

    /// A bordered box, cleared, with a title; returns its inside.
    static func box(_ title: String, _ area: Rect, _ buffer: inout Buffer) -> Rect {
        buffer.fill(area)
        buffer.render(Border(title: " \(title) ", style: Theme.title, titleStyle: Theme.title), in: area)
        return Border.inner(area).inset(horizontal: 1)
    }

    static func panelRect(_ full: Rect, width: Int, height: Int) -> Rect {
        let w = min(full.width - 2, width), h = min(full.height - 2, height)
        return full.centered(width: w, height: h)
    }

    static func search(_ panel: SearchPanel, _ state: AppState, _ full: Rect, _ buffer: inout Buffer) {
        let inner = box("搜索 Search", panelRect(full, width: 100, height: full.height - 4), &buffer)
        var input = panel.input
        input.keepCursorVisible(width: inner.width - 2)
        buffer.put("/", x: inner.x, y: inner.y, style: Theme.key)
        buffer.render(input, in: Rect(x: inner.x + 2, y: inner.y, width: inner.width - 2, height: 1))
        let listArea = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        if panel.hits.isEmpty {
            let text = panel.input.text.isEmpty ? "输入中文或英文词语 · type Chinese or English words" : "没有结果 · no matches"
            buffer.put(text, x: listArea.x, y: listArea.y, style: Theme.dim, maxWidth: listArea.width)
            return
        }
        let kindWidth = 8
        let rows = panel.hits.map { h -> [String] in
            let kind: String
            switch h.kind { case .scenario: kind = "场景"; case .model: kind = "模型"; case .center: kind = "算力" }
            return [kind, h.name, h.snippet == h.name ? h.id : h.snippet]
        }
        let table = Table(columns: [.init("类型", width: .fixed(kindWidth - 4)), .init("名称 Name", width: .flex(min: 10, weight: 2)),
                                    .init("匹配 Match", width: .flex(min: 10, weight: 3))],
                          rows: rows, selected: panel.cursor.selected, offset: panel.cursor.offset)
        buffer.render(table, in: listArea)
    }

    static func filter(_ panel: FilterPanel, _ state: AppState, _ full: Rect, _ buffer: inout Buffer) {
        let inner: Rect
        switch panel.step {
        case .field:
            let fields = FilterField.fields(for: panel.kind)
            inner = box("筛选 Filter — 选择字段 choose a field", panelRect(full, width: 44, height: fields.count + 4), &buffer)
            let list = state.lists[panel.kind == .scenario ? 0 : panel.kind == .model ? 1 : 2]
            let items = fields.map { f in ListView.Item(f.label, detail: list.value(of: f)) }
            buffer.render(ListView(items: items, selected: panel.cursor.selected, offset: panel.cursor.offset, selectedStyle: Theme.focus), in: inner)
        case .value(let field):
            inner = box("筛选 \(field.label)", panelRect(full, width: 60, height: full.height - 6), &buffer)
            var input = panel.input
            input.keepCursorVisible(width: inner.width - 2)
            buffer.put("›", x: inner.x, y: inner.y, style: Theme.key)
            buffer.render(input, in: Rect(x: inner.x + 2, y: inner.y, width: inner.width - 2, height: 1))
            let listArea = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
            if panel.options.isEmpty {
                buffer.put("没有可选值 · nothing to choose", x: listArea.x, y: listArea.y, style: Theme.dim, maxWidth: listArea.width)
                return
            }
            let items = panel.options.map { ListView.Item($0.label, count: $0.count) }
            let offset = ListState.offset(keeping: panel.cursor.selected, visible: listArea.height, current: panel.cursor.offset, count: items.count)
            buffer.render(ListView(items: items, selected: panel.cursor.selected, offset: offset, selectedStyle: Theme.focus), in: listArea)
        }
    }

    static func jump(_ input: TextInput, _ full: Rect, _ buffer: inout Buffer) {
        let inner = box("跳转 Jump to id", panelRect(full, width: 60, height: 3), &buffer)
        var input = input
        input.keepCursorVisible(width: inner.width - 2)
        buffer.put(":", x: inner.x, y: inner.y, style: Theme.key)
        buffer.render(input, in: Rect(x: inner.x + 2, y: inner.y, width: inner.width - 2, height: 1))
    }

    /// The help screen: every binding, by context, generated from the key table.
    static func helpLines() -> [[Span]] {
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
                lines.append([Span("  " + keys.padded(toWidth: 22), style: Theme.key), Span(b.help)])
            }
        }
        return lines
    }

    static func help(_ scroll: Int, _ full: Rect, _ buffer: inout Buffer) {
        let inner = box("帮助 Help — keys", panelRect(full, width: 90, height: full.height - 2), &buffer)
        let lines = helpLines()
        let offset = min(scroll, max(0, lines.count - inner.height))
        buffer.render(ScrollView(paragraphs: lines, offset: offset), in: inner)
    }

    static func errors(_ panel: ErrorsPanel, _ state: AppState, _ full: Rect, _ buffer: inout Buffer) {
        let d = state.diagnostics
        let inner = box("目录问题 Catalogue problems — \(d.errorCount) errors, \(d.warningCount) warnings", panelRect(full, width: full.width - 2, height: full.height - 4), &buffer)
        let items = d.map { diag in
            ListView.Item("\(diag.file):\(diag.position.line):\(diag.position.column): \(diag.severity.rawValue): \(diag.message)",
                          style: diag.severity == .error ? Theme.error : Theme.warning)
        }
        let offset = ListState.offset(keeping: panel.cursor.selected, visible: inner.height, current: panel.cursor.offset, count: items.count)
        buffer.render(ListView(items: items, selected: panel.cursor.selected, offset: offset, selectedStyle: Theme.focus), in: inner)
    }

    static func file(_ panel: FilePanel, _ full: Rect, _ buffer: inout Buffer) {
        let inner = box("\(panel.path):\(panel.line):\(panel.column)", panelRect(full, width: full.width - 2, height: full.height - 2), &buffer)
        buffer.put(panel.message, x: inner.x, y: inner.y, style: panel.message.hasPrefix("error") ? Theme.error : Theme.warning, maxWidth: inner.width)
        let area = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        let numberWidth = String(panel.lines.count).count + 1
        for row in 0..<area.height {
            let n = panel.scroll + row
            guard n < panel.lines.count else { break }
            let isTarget = n + 1 == panel.line
            let style = isTarget ? Theme.focus : .plain
            let number = String(n + 1).padded(toWidth: numberWidth, alignment: .right) + " "
            buffer.put(number, x: area.x, y: area.y + row, style: isTarget ? Theme.key : Theme.dim)
            buffer.put(panel.lines[n], x: area.x + numberWidth + 1, y: area.y + row, style: style, maxWidth: area.width - numberWidth - 1)
        }
    }
}

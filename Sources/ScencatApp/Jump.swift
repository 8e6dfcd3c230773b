import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// The `:` jump: what was typed, and the entities it matches (ids, names, pinyin), best first,
/// as the index offered them (`IndexStore.jumpCandidates`).
public struct JumpPanel: Sendable {
    public var input = TextInput("", placeholder: Text.jumpPanelPlaceholder.text)
    public var candidates: [JumpCandidate] = []
    /// The text the candidates are for.
    public var candidatesFor = ""
    public var cursor = ListState()
    public init() {}
}

enum JumpUpdate {
    /// A key in the jump: moves, Enter and Esc by their commands; anything else is typed.
    static func key(_ key: Key, _ command: Command?, _ panel: inout JumpPanel, _ state: inout AppState) -> [Effect] {
        switch command {
        case .back?:
            state.overlay = nil
            return []
        case .open?:
            state.overlay = nil
            let typed = panel.input.text.trimmedSpaces
            // The selected candidate; an id typed whole when the list is not (yet) for this text.
            if panel.candidatesFor == panel.input.text, panel.candidates.indices.contains(panel.cursor.selected) {
                return Update.open(panel.candidates[panel.cursor.selected].id, &state)
            }
            guard !typed.isEmpty else { return [] }
            return Update.open(panel.candidates.first { $0.id == typed.lowercased() }?.id ?? typed, &state)
        case .up?, .down?, .pageUp?, .pageDown?, .top?, .bottom?:
            _ = Update.move(command!, &panel.cursor, count: panel.candidates.count, visible: JumpView.visible(state.size))
            state.overlay = .jump(panel)
            return []
        default:
            let before = panel.input.text
            guard panel.input.handle(key) else { return [] }
            state.overlay = .jump(panel)
            guard panel.input.text != before else { return [] }
            if panel.input.text.trimmedSpaces.isEmpty {
                panel.candidates = []
                panel.candidatesFor = panel.input.text
                state.overlay = .jump(panel)
                return []
            }
            return [.jump(panel.input.text)]
        }
    }

    /// Candidates arrived: shown if they are for what is typed now, the first selected.
    static func loaded(_ text: String, _ candidates: [JumpCandidate], _ state: inout AppState) -> [Effect] {
        guard case .jump(var panel) = state.overlay, panel.input.text == text else { return [] }
        panel.candidates = candidates
        panel.candidatesFor = text
        panel.cursor = ListState()
        state.overlay = .jump(panel)
        return []
    }
}

/// Drawing the jump: the input, then the candidates under it, the matched part of the name or
/// id underlined and bold, the selected one reversed.
enum JumpView {
    static func rect(_ size: Size) -> Rect {
        Overlays.widePanelRect(Rect(size: size), width: 90, height: max(5, min(size.height - 4, 24)))
    }

    static func visible(_ size: Size) -> Int { max(1, Border.inner(rect(size)).height - 2) }

    static let matched = Style(bold: true, underline: true)

    static func render(_ panel: JumpPanel, size: Size, into buffer: inout Buffer) {
        guard let area = Overlays.inputBox(Text.jumpPanelTitle.text, rect(size), prompt: ":", panel.input, &buffer) else { return }
        guard !panel.candidates.isEmpty else {
            let text = panel.input.text.trimmedSpaces.isEmpty ? Text.jumpPanelHint.text : Text.jumpPanelEmpty.text
            buffer.put(text, x: area.x, y: area.y, style: Theme.dim, maxWidth: area.width)
            return
        }
        let offset = ListState.offset(keeping: panel.cursor.selected, visible: area.height, current: panel.cursor.offset,
                                      count: panel.candidates.count)
        for (row, i) in (offset..<min(panel.candidates.count, offset + area.height)).enumerated() {
            let c = panel.candidates[i]
            let selected = i == panel.cursor.selected
            let base = selected ? Theme.focus : Style()
            let y = area.y + row
            if selected { buffer.put(String(repeating: " ", count: area.width), x: area.x, y: y, style: base) }
            let kind: String
            switch c.kind { case .scenario: kind = "场景"; case .model: kind = "模型"; case .center: kind = "算力" }
            var spans = [Span(kind + " ", style: selected ? base : Theme.dim)]
            spans += marked(c.name, c.nameMatch, base)
            spans.append(Span("  ", style: base))
            spans += marked(c.id, c.idMatch, selected ? base : Theme.dim)
            _ = buffer.put(spans, x: area.x, y: y, maxWidth: area.width)
        }
    }

    /// `text` as spans, the Characters in `range` marked.
    static func marked(_ text: String, _ range: Range<Int>?, _ style: Style) -> [Span] {
        guard let range, range.lowerBound >= 0, range.upperBound <= text.count, !range.isEmpty else { return [Span(text, style: style)] }
        let chars = Array(text)
        var mark = style
        mark.bold = true
        mark.underline = true
        return [Span(String(chars[..<range.lowerBound]), style: style), Span(String(chars[range]), style: mark),
                Span(String(chars[range.upperBound...]), style: style)].filter { !$0.text.isEmpty }
    }
}

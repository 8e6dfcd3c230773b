import CatalogCore
import Foundation
import Testing
import TerminalKit
@testable import ScencatApp

/// `render` and `update` use one layout per frame: what a key moves is what is drawn.
@Suite struct FrameLayoutTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    /// The text of each line of `area` on the screen drawn for `state`.
    func lines(_ state: AppState, _ area: Rect) -> [String] {
        let buffer = Render.frame(state)
        return (area.y..<area.maxY).map { buffer.text(x: area.x, y: $0, width: area.width) }
    }

    @Test(arguments: sizes)
    func pageDownInHelpMovesTheLinesDrawn(_ size: Size) {
        var state = AppState(size: size)
        state.overlay = .help(scroll: 0)
        let frame = state.frameLayout
        let inner = frame.helpInner
        // The text, without the right column: the scroll bar's thumb moves with the page.
        let text = Rect(x: inner.x, y: inner.y, width: inner.width - 1, height: inner.height)
        let before = lines(state, text)
        #expect(before.count == frame.helpPage + 1)
        _ = Update.update(&state, .key(.pageDown))
        guard case .help(let scroll)? = state.overlay else { Issue.record("help closed"); return }
        #expect(scroll == frame.helpPage)
        let after = lines(state, text)
        // The lines below the first page's top moved up by exactly the page; one line stays.
        #expect(Array(after.prefix(inner.height - frame.helpPage)) == Array(before.suffix(inner.height - frame.helpPage)))
        #expect(after[0] == before[inner.height - 1])
        // The end: the last line of help on the last line drawn, and no further.
        for _ in 0..<50 { _ = Update.update(&state, .key(.pageDown)) }
        guard case .help(let end)? = state.overlay else { Issue.record("help closed"); return }
        #expect(end == frame.helpMaxScroll && end > 0)
        let last = Overlays.helpLines(width: max(1, inner.width - 2)).last!.map(\.text).joined()
        // (The pane's right column holds the scroll bar.)
        let drawnLast = lines(state, inner).last!.trimmingCharacters(in: CharacterSet(charactersIn: " ┃│"))
        #expect(drawnLast == last.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: sizes)
    func pageDownInTheErrorsPanelMovesTheRowsDrawn(_ size: Size) {
        var state = AppState(size: size)
        state.diagnostics = (0..<100).map { .error("scenarios/s\($0).yaml", .start, "problem \($0)") }
        state.overlay = .errors(ErrorsPanel())
        let frame = state.frameLayout
        let area = Border.inner(Overlays.errorsRect(size))
        let drawn = lines(state, area).map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.contains("problem ") }
        #expect(drawn.count == frame.errorsRows)
        #expect(drawn.first?.hasSuffix("problem 0") == true)
        #expect(drawn.last?.hasSuffix("problem \(frame.errorsRows - 1)") == true)
        _ = Update.update(&state, .key(.pageDown))
        guard case .errors(let panel)? = state.overlay else { Issue.record("panel closed"); return }
        // The selection moved a whole page: to the first row not drawn before, now drawn.
        #expect(panel.cursor.selected == frame.errorsRows)
        let now = lines(state, area).map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.contains("problem ") }
        #expect(now.count == frame.errorsRows)
        #expect(now.contains { $0.hasSuffix("problem \(frame.errorsRows)") })
    }

    @Test(arguments: sizes)
    func theListShowsTheRowsUpdateLoadsAndMovesBy(_ size: Size) {
        var state = AppState(size: size)
        let frame = state.frameLayout
        #expect(frame.listRows == Update.visibleRows(state))
        #expect(frame.listRows == frame.screen.tableRows)
        let effects = Update.start(&state)
        guard case .reloadList(_, _, let window, _)? = effects.last else { Issue.record("\(effects)"); return }
        #expect(window == 2 * frame.listRows)
    }

    /// No update file names a view: the numbers it needs come from `FrameLayout`.
    @Test func noUpdateFileNamesAView() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/ScencatApp").standardized
        // `Update.swift` and `EditUpdate.swift` go on in `Update+Lists.swift`, `EditUpdate+Dialogs.swift`…
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path)
            .filter { $0.hasSuffix("Update.swift") || $0.contains("Update+") }.sorted()
        #expect(files.count >= 5)
        #expect(files.contains("Update+Lists.swift") && files.contains("EditUpdate+Dialogs.swift"))
        let view = try Regex(#"\b([A-Z][A-Za-z]*View|Overlays|Render)\b"#)
        var found: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                if code.contains(view) { found.append("\(file):\(n + 1): \(line)") }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}

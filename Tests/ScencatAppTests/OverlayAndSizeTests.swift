import CatalogCore
import CatalogIndex
import Foundation
import Testing
import TerminalKit
@testable import ScencatApp

/// Help, the catalogue's errors and the file view, and terminals of every size.
@Suite struct OverlayAndSizeTests {
    let app = AppFixture.shared

    @Test func helpListsEveryKey() throws {
        let screen = app.screen("?")
        expectSnapshot(screen, "help-80x24")
        #expect(screen.contains("帮助 Help — keys"))
        // Page through the whole help at 80×24 and collect what was shown.
        let (backend, runtime) = app.run("?")
        var shown = backend.screenText() + "\n"
        for _ in 0..<40 {
            shown += backend.type("<PgDn>", into: runtime) + "\n"
        }
        // Descriptions may wrap: compare without spaces, borders and line ends.
        let flat = String(shown.filter { !" │┃\n".contains($0) })
        for binding in KeyBindings.all {
            #expect(flat.contains(String(binding.help.filter { $0 != " " })), "help for \(binding.command) in \(binding.context)")
            let keys = binding.keys.map(\.label).joined(separator: " ")
            #expect(shown.contains("  " + keys + " "), "keys \(keys) for \(binding.help)")
        }
        for ctx in KeyContext.allCases {
            #expect(shown.contains(ctx.title), "\(ctx.title)")
        }
        // G goes to the end and k then moves at once (scrolling stops at the last line).
        let end = app.screen("?G")
        #expect(end.contains(KeyContext.allCases.last!.title))
        #expect(app.screen("?GGGGk") != end)
        #expect(app.screen("?GGGGk") == app.screen("?Gk"))
        #expect(app.run("?<Esc>").1.state.overlay == nil)
        #expect(app.run("??").1.state.overlay == nil)
        #expect(!app.run("?q").1.state.quit)
        // At 120 columns help is a box in the middle, with no line wrapped.
        let wide = app.screen("?", width: 120, height: 40)
        expectSnapshot(wide, "help-120x40")
    }

    @Test func helpLinesFitTheirPane() {
        for width in [40, 60, 76, 88] {
            for line in Overlays.helpLines(width: width) {
                #expect(line.map(\.text).joined().displayWidth <= width)
            }
        }
    }

    @Test func tooSmallAndBackAgain() throws {
        let small = app.screen("", width: 59, height: 14)
        expectSnapshot(small, "too-small-59x14")
        #expect(small.contains("终端太小 · Terminal too small"))
        #expect(small.contains("59×14 — need at least 60×15"))

        let smallest = app.screen("", width: 60, height: 15)
        expectSnapshot(smallest, "smallest-60x15")
        #expect(!smallest.contains("Terminal too small"))
        #expect(smallest.contains("108 条 entries"))
        #expect(smallest.rows[1].contains("4 概览"))

        // Narrow in one direction is enough.
        #expect(app.screen("", width: 59, height: 30).contains("Terminal too small"))
        #expect(app.screen("", width: 100, height: 14).contains("Terminal too small"))

        // Resizing back to 80×24 draws the same screen as starting there.
        let (_, back) = app.run("<Resize:59x14><Resize:80x24>")
        #expect(back.state.size == Size(width: 80, height: 24))
        #expect(app.screen("<Resize:59x14><Resize:80x24>") == app.screen(""))
        // Keys while too small do nothing to the screens nobody can see; q still quits.
        #expect(app.screen("<Resize:59x14>jjj/医<Resize:80x24>") == app.screen(""))
        #expect(app.run("<Resize:59x14>q").1.state.quit)
        #expect(app.run("/<Resize:59x14>q").1.state.quit)
    }

    @Test func resizeWhileInAList() throws {
        // Grown: the selection stays and the page gets longer.
        let (grown, grownRuntime) = app.run(String(repeating: "j", count: 25) + "<Resize:120x40>", width: 80, height: 24)
        #expect(grownRuntime.state.lists[0].cursor.selected == 25)
        let screen = grown.screenText()
        expectSnapshot(screen, "resized-to-120x40")
        #expect(screen.rows.count == 40)
        #expect(screen.contains(" 26/108"))
        #expect(screen.rows[3].column(of: "ID") != nil)

        // Shrunk: the selected row stays visible.
        let (shrunk, shrunkRuntime) = app.run("G<Resize:80x15>", width: 120, height: 40)
        let list = shrunkRuntime.state.lists[0]
        let visible = ScreenLayout(size: Size(width: 80, height: 15), tab: .scenarios).tableRows
        #expect(list.cursor.offset <= list.cursor.selected && list.cursor.selected < list.cursor.offset + visible)
        expectSnapshot(shrunk.screenText(), "resized-to-80x15")
        #expect(shrunk.screenText().contains("108/108"))
        #expect(shrunk.screenText().contains("中医辨证论治智能辅助"))

        // A resize with search open keeps the search, now spanning the narrower screen.
        let search = app.screen("/医疗<Resize:60x15>", width: 120, height: 40)
        expectSnapshot(search, "search-resized-60x15")
        #expect(search.rows[2].hasPrefix("┌") && search.rows[2].displayWidth == 60)
    }

    @Test func errorsOverlayAndFileView() throws {
        let fixture = try AppFixture.fresh()
        defer { fixture.remove() }
        let file = "scenarios/chaozhou-ancient-city-guide.yaml"
        let path = fixture.root + "/" + file
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "stage: demonstration", with: "stage: demonstratoin")
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let backend = TestBackend(width: 80, height: 24)
        let runtime = Runtime(backend: backend, store: fixture.store, layout: fixture.layout)
        runtime.run(refreshIndex: true, untilIdle: true)
        runtime.settle()
        let listed = backend.screenText()
        expectSnapshot(listed, "errors-reported-80x24")
        #expect(listed.rows[0].hasSuffix("1 个错误 errors (!)"))
        #expect(listed.contains("目录有 1 个错误，显示上次有效索引"))
        // The last good index is still shown.
        #expect(listed.contains("潮州古城多语种智能导览"))
        // The broken file's entity is not shown from the index (which keeps no copy of it): the
        // preview says why instead (docs/0029).
        #expect(listed.contains("scenarios/chaozhou-ancient-city-guide.yaml changed after the"))
        #expect(!listed.contains("query failed"))

        let errors = backend.type("!", into: runtime)
        expectSnapshot(errors, "errors-list-80x24")
        #expect(errors.contains("目录问题 Catalogue problems — 1 errors, 0 warnings"))
        #expect(errors.contains("│ \(file):7:8: error: 'stage' must be one"))

        let shown = backend.type("<Enter>", into: runtime)
        expectSnapshot(shown, "errors-file-80x24")
        #expect(shown.contains("\(file):7:8"))
        #expect(shown.contains("did you mean 'demonstration'?"))
        let target = try #require(shown.rows.firstIndex { $0.hasPrefix("│ ▶  7 stage: demonstratoin") })
        // The caret is under column 8 (the value).
        let valueColumn = try #require(shown.rows[target].column(of: "demonstratoin"))
        #expect(shown.rows[target + 1].column(of: "^") == valueColumn)
        // The line itself is highlighted (reverse video), the lines around it are not.
        let frame = try #require(backend.lastFrame)
        #expect(frame.cells[target * frame.width + valueColumn].style.reverse)
        #expect(!frame.cells[(target - 1) * frame.width + valueColumn].style.reverse)
        guard case .file(let panel) = runtime.state.overlay else { Issue.record("no file view"); return }
        #expect(panel.line == 7 && panel.column == 8)

        #expect(backend.type("<BS>", into: runtime) == errors)
        backend.type("<Esc>", into: runtime)
        #expect(runtime.state.overlay == nil)

        // Fixed on disk and re-indexed with r: the header says so and ! has nothing to show.
        try text.replacingOccurrences(of: "stage: demonstratoin", with: "stage: demonstration").write(toFile: path, atomically: true, encoding: .utf8)
        backend.type("r", into: runtime)
        runtime.settle()
        #expect(backend.screenText().rows[0].hasSuffix("索引最新 up to date"))
        #expect(backend.type("!", into: runtime).contains("没有错误或警告 · no errors or warnings"))
    }

    @Test func errorsWithChineseBeforeTheColumn() throws {
        // A problem after Chinese text: the caret counts display columns, not characters.
        let panel = FilePanel(path: "scenarios/x.yaml", lines: ["kind: Scenario", "title: 潮州古城 导览"], line: 2, column: 13,
                              message: "error: something about 导览", scroll: 0)
        var state = AppState(size: Size(width: 80, height: 24))
        state.overlay = .file(panel)
        let screen = Render.frame(state).plainText()
        let row = try #require(screen.rows.firstIndex { $0.contains("▶ 2 title: 潮州古城 导览") })
        #expect(screen.rows[row + 1].column(of: "^") == screen.rows[row].column(of: "导览"))
    }
}

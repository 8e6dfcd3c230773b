import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The terminal UI as a person sees it: the BUILT binary runs in a real terminal — a tmux pane
/// with its own server socket (`TmuxSession`) — started from a shell, on a copy of the demo
/// catalogue; the tests check that the shell gets a sane terminal back however the app ends:
/// q, Ctrl-C or SIGTERM.
@Suite("Terminal (tmux)", .serialized)
struct TerminalTests {
    @Test func chineseColumnsAlignAndSearchFindsHealthcare() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        let screen = try term.waitFor("108 条 entries")

        // The table: the city column starts at the same display column on every row, whatever
        // mix of Chinese and ASCII (titles, counts) comes before it.
        let rows = screen.components(separatedBy: "\n")
        let (header, cityColumn) = try #require(DisplayText.cityColumn(rows))
        let cities = try Self.cityNames()
        var checked = 0
        for line in rows[(header + 1)...] {
            guard line.contains("已批准") || line.contains("草稿") || line.contains("已撤回") else { break }
            let cell = DisplayText.slice(line, from: cityColumn, width: 6)
            #expect(cell.startsAtColumn, "a wide character straddles the city column: \(line)")
            #expect(cities.contains(cell.text.trimmingCharacters(in: .whitespaces)), "city column \(cityColumn) of: \(line)")
            checked += 1
        }
        #expect(checked == 10, "\(screen)")

        // Search as you type: 医疗 finds healthcare scenarios and models.
        try term.type("/医疗")
        // Waits for the whole box (its bottom border), not just the first hits.
        let results = try term.waitFor(timeout: .seconds(10)) { screen in
            let rows = screen.components(separatedBy: "\n")
            return screen.contains("县域远程医疗影像协同诊断") && rows.count > 21 && rows[21].hasPrefix("└")
        }
        #expect(results.contains("搜索 Search"))
        #expect(results.contains("模型 粤海医疗大模型"))
        #expect(results.contains("场景 乡村医生智能辅助诊疗"))
        // The search box spans the screen at 80 columns: nothing of the list shows at its edges.
        for line in results.components(separatedBy: "\n")[3..<21] {
            #expect(line.hasPrefix("│") && line.hasSuffix("│"), "\(line)")
        }
        try term.press("Down", "Enter")
        try term.waitFor("Scenario · meizhou-county-telemedicine-imaging")
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test func linksAndBackWithTheBreadcrumb() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        try term.press("Enter")
        try term.waitFor(" 场景 Scenarios › 潮州古城多语种智能导览\n")
        try term.waitFor("▶ deployed · 潮韵文化大模型")
        // Scenario → its model → the model's base model.
        try term.press("Enter")
        let model = try term.waitFor("Model · chaoyun-culture")
        #expect(model.contains(" 场景 Scenarios › 潮州古城多语种智能导览 › 潮韵文化大模型\n"))
        #expect(model.contains("使用它的场景 Used by scenarios"))
        try term.press("Enter")
        let base = try term.waitFor("Model · lingnan-open-lite")
        #expect(base.contains(" 场景 › 潮州古城多语种智能导览 › 潮韵文化大模型 › 岭南开源大模型轻量版\n"))
        // Backspace walks the path back.
        try term.press("BSpace")
        try term.waitFor("Model · chaoyun-culture")
        try term.press("BSpace")
        try term.waitFor("Scenario · chaozhou-ancient-city-guide")
        try term.press("BSpace")
        try term.waitFor("108 条 entries")
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test func theDashboard() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        try term.press("4")
        let screen = try term.waitFor("108 场景 · 32 模型 · 12 算力中心")
        #expect(screen.contains("场景·行业 Scenarios by sector"))
        #expect(screen.contains("场景·城市 Scenarios by city"))
        #expect(screen.contains("算力需求/容量 PFLOPS"))
        #expect(screen.contains("│已批准 "))
        #expect(!screen.contains("…"), "no label is cut at 80 columns:\n\(screen)")
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test func qGivesTheShellItsTerminalBack() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        #expect(try term.alternateScreen())
        try term.press("q")
        try term.expectEnded(exit: 0)
    }

    @Test func ctrlCAndSigtermRestoreTheTerminal() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        try term.press("C-c")
        try term.expectEnded(exit: 130)

        try term.startApp()
        try term.waitFor("108 条 entries")
        let pid = try term.appPid()
        #expect(kill(pid, SIGTERM) == 0)
        try term.expectEnded(exit: 143)
    }

    @Test func sixtyByFifteenFitsAndFiftyNineByFourteenIsTooSmall() throws {
        let term = try TmuxSession(width: 60, height: 15)
        defer { term.close() }
        try term.startApp()
        let fits = try term.waitFor("108 条 entries")
        #expect(!fits.contains("Terminal too small"))
        try term.resize(width: 59, height: 14)
        let small = try term.waitFor("Terminal too small")
        #expect(small.contains("59×14 — need at least 60×15"))
        try term.resize(width: 60, height: 15)
        try term.waitFor("108 条 entries")
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    /// The Chinese names of the cities in the demo catalogue's taxonomy.
    static func cityNames() throws -> Set<String> {
        let text = try String(contentsOfFile: TmuxSession.packageRoot.appendingPathComponent("Catalog/taxonomy/cities.yaml").path, encoding: .utf8)
        return Set(text.components(separatedBy: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("zh: ") ? String(trimmed.dropFirst(4)) : nil
        })
    }
}

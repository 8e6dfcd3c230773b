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
    static let ready = TmuxSession.demoListReady

    @Test func chineseColumnsAlignAndSearchFindsHealthcare() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        // The whole table: its header row and ten data rows.
        let screen = try term.waitForScreen { screen in
            let rows = screen.components(separatedBy: "\n")
            var unmet = Self.ready.filter { !screen.contains($0) }
            if DisplayText.cityColumn(rows) == nil { unmet.append("the table's header row") }
            let dataRows = rows.filter { $0.contains("已批准") || $0.contains("草稿") || $0.contains("已撤回") }
            if dataRows.count < 10 { unmet.append("ten data rows (\(dataRows.count) drawn)") }
            return unmet
        }

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
        // Waits for the whole box (its bottom border and every row checked below), not just the first hits.
        let results = try term.waitForScreen { screen in
            let rows = screen.components(separatedBy: "\n")
            var unmet = ["县域远程医疗影像协同诊断", "搜索 Search", "模型 粤海医疗大模型", "场景 乡村医生智能辅助诊疗"]
                .filter { !screen.contains($0) }
            if !(rows.count > 21 && rows[21].hasPrefix("└")) { unmet.append("the box's bottom border on row 21") }
            return unmet
        }
        // The search box spans the screen at 80 columns: nothing of the list shows at its edges.
        for line in results.components(separatedBy: "\n")[3..<21] {
            #expect(line.hasPrefix("│") && line.hasSuffix("│"), "\(line)")
        }
        try term.press("Down", "Enter")
        try term.waitFor(all: ["Scenario · meizhou-county-telemedicine-imaging", "Scenario meizhou-county-telemedicine-imaging"])
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    /// End and Home as tmux sends them (ESC [ 4 ~ and ESC [ 1 ~) under TERM=xterm-256color, whose
    /// terminfo entry spells them ESC O F / ESC O H: the list still goes to its last and first row.
    @Test func endAndHomeAsTmuxSendsThem() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor(all: Self.ready + ["1/108"])
        try term.press("End")
        try term.waitFor(all: ["108/108"], none: ["1/108"])
        try term.press("Home")
        try term.waitFor(all: ["1/108"], none: ["108/108"])
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test func linksAndBackWithTheBreadcrumb() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor(all: Self.ready + ["1/108"])
        // Each page is waited for whole: its breadcrumb, its title and the link that `enter` follows
        // (the links load after the title; a key pressed before them follows nothing).
        let scenario = [" 场景 Scenarios › 潮州古城多语种智能导览\n", "Scenario · chaozhou-ancient-city-guide", "▶ 已部署 deployed · 潮韵文化大模型"]
        let model = [" 场景 Scenarios › 潮州古城多语种智能导览 › 潮韵文化大模型\n", "Model · chaoyun-culture",
                     "使用它的场景 Used by scenarios", "▶ ↳ 岭南开源大模型轻量版 (lingnan-open-lite)"]
        let base = [" 场景 › 潮州古城多语种智能导览 › 潮韵文化大模型 › 岭南开源大模型轻量版\n", "Model · lingnan-open-lite",
                    "派生模型 Derived models"]
        try term.press("Enter")
        try term.waitFor(all: scenario)
        // Scenario → its model → the model's base model.
        try term.press("Enter")
        try term.waitFor(all: model)
        try term.press("Enter")
        try term.waitFor(all: base)
        // Backspace walks the path back.
        try term.press("BSpace")
        try term.waitFor(all: model, none: ["Model · lingnan-open-lite"])
        try term.press("BSpace")
        try term.waitFor(all: scenario, none: ["Model · chaoyun-culture"])
        try term.press("BSpace")
        try term.waitFor(all: Self.ready + ["1/108"], none: ["Scenario · chaozhou-ancient-city-guide"])
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test func theDashboard() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor(all: Self.ready)
        try term.press("4")
        // "…" is never drawn: no label is cut at 80 columns.
        try term.waitFor(all: ["108 场景 · 32 模型 · 12 算力中心", "场景·行业 Scenarios by sector", "场景·城市 Scenarios by city",
                               "算力需求/容量 PFLOPS", "│已批准 "], none: ["…"])
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test func qGivesTheShellItsTerminalBack() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor(all: Self.ready)
        #expect(try term.alternateScreen())
        try term.press("q")
        try term.expectEnded(exit: 0)
    }

    @Test func ctrlCAndSigtermRestoreTheTerminal() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor(all: Self.ready)
        try term.press("C-c")
        try term.expectEnded(exit: 130)

        try term.startApp()
        try term.waitFor(all: Self.ready)
        let pid = try term.appPid()
        #expect(kill(pid, SIGTERM) == 0)
        try term.expectEnded(exit: 143)
    }

    @Test func sixtyByFifteenFitsAndFiftyNineByFourteenIsTooSmall() throws {
        let term = try TmuxSession(width: 60, height: 15)
        defer { term.close() }
        try term.startApp()
        try term.waitFor(all: ["108 条 entries"], none: ["Terminal too small"])
        try term.resize(width: 59, height: 14)
        try term.waitFor(all: ["Terminal too small", "59×14 — need at least 60×15"], none: ["108 条 entries"])
        try term.resize(width: 60, height: 15)
        try term.waitFor(all: ["108 条 entries"], none: ["Terminal too small"])
        try term.press("q")
        try term.waitFor("EXIT=0")
    }

    @Test("a wait that times out shows the pane row by row, framed, so blank rows and trailing spaces show")
    func framedScreen() {
        #expect(TmuxSession.framed("a \n\n场景") == " 0 |a |\n 1 ||\n 2 |场景|")
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

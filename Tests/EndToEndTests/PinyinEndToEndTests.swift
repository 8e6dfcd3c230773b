import CatalogTestSupport
import Foundation
import Testing

/// Pinyin through the built binary: `search` and `list --search` take initials, full pinyin and
/// mixes; `list --sort title` is in pinyin order; in tmux at 80×24, `:cs` and `/yl` show the rows
/// they should.
@Suite("Pinyin in the CLI and the terminal", .serialized)
struct PinyinEndToEndTests {
    static func ids(_ args: [String]) throws -> [String] {
        let r = try CLI.run(args + ["--format", "json"])
        #expect(r.code == 0, "\(args): \(r.stderr)")
        let rows = try #require(try CLI.json(r.stdout) as? [[String: Any]])
        return rows.compactMap { $0["id"] as? String }
    }

    @Test func searchAndListTakePinyin() throws {
        let cat = try CLI.demoCopy()
        for q in ["yl", "yiliao", "YiLiao", "医l", "yi疗"] {
            let found = try Self.ids(["search", q, "--limit", "200", "--catalog", cat])
            #expect(found.contains("yuehai-medical"), "\(q): \(found)")
            #expect(found.contains("meizhou-county-telemedicine-imaging"), "\(q): \(found)")
        }
        #expect(try Self.ids(["search", "fs", "--catalog", cat]).contains("foshan-hotline"))
        let listed = try Self.ids(["list", "scenarios", "--search", "csnl", "--catalog", cat])
        #expect(listed == ["guangzhou-urban-flood-warning"])
        let models = try Self.ids(["list", "models", "--search", "yl", "--catalog", cat])
        #expect(models.contains("yuehai-medical"))
    }

    /// `RankingScenarios`: `search` prints the best first, in the order the terminal's `/` shows
    /// them (`PinyinRankingTests` in ScencatAppTests expects the same first rows); `list --search
    /// --sort relevance` agrees.
    @Test func searchAndTheTerminalRankAlike() throws {
        let cat = try CLI.demoCopy()
        try RankingScenarios.write(into: cat)
        let found = try Self.ids(["search", "yl", "--catalog", cat])
        #expect(found.count == 50)
        #expect(Array(found.prefix(3)) == ["rank-zz-best", "rank-second", "rank-000"], "\(found.prefix(5))")
        let listed = try Self.ids(["list", "scenarios", "--search", "yl", "--sort", "relevance", "--limit", "50", "--catalog", cat])
        #expect(listed == found.filter { listed.contains($0) } && Array(listed.prefix(3)) == Array(found.prefix(3)), "\(listed.prefix(5))")
    }

    @Test func listSortsTitlesInPinyinOrder() throws {
        let cat = try CLI.demoCopy()
        let r = try CLI.run(["list", "scenarios", "--sort", "title", "--limit", "1000", "--catalog", cat, "--format", "json"])
        let rows = try #require(try CLI.json(r.stdout) as? [[String: Any]])
        let titles = rows.compactMap { $0["title"] as? String ?? $0["name"] as? String }
        #expect(titles.count == 108)
        let zh = Locale(identifier: "zh_CN")
        #expect(titles.first == "12345热线工单智能分派")   // digits first, as ICU has them
        let icu = titles.sorted { $0.compare($1, options: [], range: nil, locale: zh) == .orderedAscending }
        let moved = zip(titles, icu).filter { $0 != $1 }.count
        // ICU reads a few characters otherwise (长 zhang, 厦 sha); the rest is ICU's order.
        #expect(moved <= 6, "\(zip(titles, icu).filter { $0 != $1 })")
    }

    @Test func jumpAndSearchByPinyinInTheTerminal() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        try term.type(":cs")
        try term.waitFor(all: [": cs", "城市内涝智能预警", "潮汕文化研学课程智能生成"])
        try term.press("Enter")
        try term.waitFor(all: ["Scenario · guangzhou-urban-flood-warning", "城市内涝智能预警"])
        try term.press("Escape")
        try term.type("/yl")
        try term.waitFor(all: ["/ yl", "粤海医疗大模型", "县域远程医疗影像协同诊断"])
        try term.press("Escape")
        try term.press("q")
        _ = try term.expectEnded(exit: 0)
    }
}

import CatalogIndex
import CatalogTestSupport
import Foundation
import Testing
import TerminalKit
@testable import ScencatApp

/// The terminal's `/` search shows pinyin matches in the order `scencat search` prints them
/// (docs/0032): on the demo catalogue with more than a page of names starting with 医疗 (yl), all
/// written before the best — the name that is 医疗 itself.
@Suite struct PinyinRankingTests {
    @Test func searchShowsTheBestPinyinMatchesFirstAsTheCommandLineDoes() throws {
        let fixture = try AppFixture.fresh()
        defer { fixture.remove() }
        try RankingScenarios.write(into: fixture.root)
        let report = try Indexer(root: fixture.root, store: fixture.store).run()
        #expect(report.committed)
        let (backend, runtime) = fixture.run("/yl", width: 120, height: 30)
        guard case .search(let panel) = runtime.state.overlay else { Issue.record("no search panel"); return }
        let shown = panel.hits.map(\.id)
        #expect(shown.count == 100)
        #expect(Array(shown.prefix(3)) == ["rank-zz-best", "rank-second", "rank-000"], "\(shown.prefix(5))")
        // `scencat search yl` asks the index the same question for a page of 50.
        #expect(Array(shown.prefix(50)) == (try fixture.store.search("yl", limit: 50)).map(\.id))
        // On screen, in that order.
        let lines = backend.screenText().components(separatedBy: "\n")
        let rows = ["rank-zz-best", "rank-second", "rank-000", "rank-001"].map { id in lines.firstIndex { $0.contains(id) } }
        #expect(rows.allSatisfy { $0 != nil } && rows == rows.sorted { ($0 ?? 0) < ($1 ?? 0) }, "\(rows)")
    }
}

import CatalogCore
import CatalogIndex
import Foundation
import ScencatApp
import Testing
import TerminalKit

/// Over-subscription and freshness on the screens: dashboard, a center's page, the Centers
/// list's quarter, the `updated` column and the confirm key.
@Suite struct DailyScreenTests {
    @Test func theDashboardNamesOverSubscribedCentersAndCountsStaleEntries() throws {
        let app = AppFixture.shared
        let screen = app.screen("4", width: 120, height: 40)
        let line = try #require(screen.rows.first { $0.contains("超负荷 booked past capacity") }, "\(screen)")
        #expect(line.contains("dongguan-compute 2026-Q2,2026-Q3 102%"), "\(line)")
        let cutoff = try #require(Freshness.cutoff(today: Journal.today(), months: 12))
        let stale = try app.store.staleCount(before: cutoff)
        #expect(stale > 0)
        #expect(screen.contains("待复核 due for review: \(stale) 个场景 12 个月未更新"), "\(screen)")
    }

    @Test func aCentersPageShowsItsQuartersAsBarsWithTheScenariosBookingEach() throws {
        let app = AppFixture.shared
        let (backend, _) = app.run(":dongguan-compute<Enter>", width: 120, height: 70)
        let screen = backend.screenText()
        #expect(screen.contains("各季度需求/容量 Demand vs capacity by quarter"), "\(screen)")
        let rows = screen.rows
        let q3 = try #require(rows.firstIndex { $0.contains("2026-Q3") && $0.contains("409.2/400.0 102%") }, "\(screen)")
        // A bar of blocks, and under it the scenarios booking the quarter.
        #expect(rows[q3].contains("█"))
        #expect(rows[q3 + 1].contains("dongguan-smart-factory-digital-twin 223.8"), "\(rows[q3 + 1])")
        // The part of the bar beyond capacity is drawn in red; a quarter within capacity has none.
        let frame = try #require(backend.lastFrame)
        func redCells(_ y: Int) -> Int { (0..<frame.width).filter { frame[$0, y].symbol == "█" && frame[$0, y].style.foreground == .red }.count }
        #expect(redCells(q3) > 0)
        let q4 = try #require(rows.firstIndex { $0.contains("2026-Q4") && $0.contains("245.4/400") }, "\(screen)")
        #expect(redCells(q4) == 0)
    }

    @Test func theCentersListSaysItsQuarterAndSwitchesWithBrackets() throws {
        let app = AppFixture.shared
        let now = IndexStore.currentQuarter()
        let first = app.screen("3", width: 120, height: 40)
        #expect(first.contains("需求季度 demand in \(now) 本季度 this quarter"), "\(first)")
        let back = app.screen("3" + String(repeating: "[", count: now.ordinal - Quarter("2026-Q3")!.ordinal), width: 120, height: 40)
        #expect(back.contains("需求季度 demand in 2026-Q3 [ ]"), "\(back)")
        let dongguan = try #require(back.rows.first { $0.contains("东莞松湖公共智算平台") })
        #expect(dongguan.contains("409.2") && dongguan.contains("102%"), "\(dongguan)")
        // Back to this quarter: the default again.
        let again = app.screen("3[]", width: 120, height: 40)
        #expect(again.contains("需求季度 demand in \(now) 本季度 this quarter"))
    }

    @Test func scenariosShowUpdatedAndConfirmSetsItToToday() throws {
        let app = try AppFixture.fresh()
        defer { app.remove() }
        // The column shows while the list is sorted by the date (the last sort column).
        let (backend, runtime) = app.run("1" + String(repeating: "s", count: 8), width: 120, height: 40)
        let list = backend.screenText()
        #expect(list.contains("更新日期") && list.contains("排序 sort: 更新"), "\(list)")
        let first = try #require(runtime.state.lists[0].selectedRow)
        let file = app.root + "/" + first.file
        let before = try String(contentsOfFile: file, encoding: .utf8)
        #expect(list.contains(first.updated ?? "—"))
        let after = backend.type("c", into: runtime)
        #expect(after.contains("已确认复核 confirmed reviewed: \(first.id)"), "\(after)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let changed = zip(before.split(separator: "\n"), text.split(separator: "\n")).filter { $0 != $1 }
        #expect(changed.count == 1 && changed.first?.1 == "updated: \(Journal.today())"[...], "\(changed)")
        // On a model's page the key says what it is for.
        let model = backend.type("2<Enter>c", into: runtime)
        #expect(model.contains("只有场景记录复核日期"), "\(model)")
    }

    @Test func thePublishWizardNamesOverSubscribedCentersWithoutBlocking() throws {
        let repo = try PublicationRepo()
        defer { repo.remove() }
        let quarter = try #require(repo.run("5p").1.state.publicationsScreen?.wizard?.quarter)
        let steps = Quarter("2026-Q3")!.ordinal - quarter.ordinal
        let preview = repo.screen("5p" + String(repeating: steps > 0 ? "l" : "h", count: abs(steps)), width: 120, height: 40)
        #expect(preview.contains("⚠ 超负荷 center dongguan-compute is booked at 102 % of its capacity in 2026-Q3 (409.2 of 400 PFLOPS FP16)"), "\(preview)")
        #expect(preview.contains("可以发布 · ready"), "\(preview)")
    }

    @Test func theUpdatedFilterOffersTheReviewPeriod() throws {
        let app = AppFixture.shared
        let screen = app.screen("1f" + String(repeating: "<Down>", count: 7) + "<Enter>", width: 120, height: 40)
        #expect(screen.contains("复核期 review period · 12 个月未更新"), "\(screen)")
    }
}

/// A screen with the dashboard's count of entries due for review blanked: it depends on today's
/// date (DailyScreenTests checks it against the index), and a snapshot must not.
func withoutToday(_ screen: String) -> String {
    screen.rows.map { row in
        guard let r = row.range(of: "待复核 due for review:") else { return row }
        let kept = String(row[..<r.upperBound])
        return kept + String(repeating: " ", count: max(0, row.displayWidth - kept.displayWidth))
    }.joined(separator: "\n")
}

import CatalogCore
import CatalogIndex
import Testing
import TerminalKit
@testable import ScencatApp

/// `Update.update` alone: state in, state and effects out, no index and no rendering.
@Suite struct UpdateTests {
    /// A state as after start-up: 108 scenarios of which none are held yet, on an 80×24 screen.
    func started(width: Int = 80, height: Int = 24) -> AppState {
        var state = AppState(size: Size(width: width, height: height))
        _ = Update.update(&state, .listReloaded(0, total: 108, start: 0, rows: [], sectorCounts: [
            FacetCount(value: "manufacturing", count: 17), FacetCount(value: "government", count: 15),
        ]))
        return state
    }

    func keys(_ script: String, _ state: inout AppState) -> [Effect] {
        Key.script(script).flatMap { Update.update(&state, .key($0)) }
    }

    @Test func startLoadsTheCatalogueAndTheFirstPageOfTheTabShown() {
        var state = AppState(size: Size(width: 80, height: 24))
        let effects = Update.start(&state)
        #expect(effects.count == 2)
        guard case .loadCatalog = effects[0] else { Issue.record("\(effects[0])"); return }
        guard case .reloadList(let list, let query, let window, let recount) = effects[1] else { Issue.record("\(effects[1])"); return }
        #expect(list == 0 && recount)
        #expect(query.offset == 0 && query.limit == window)
        #expect(window == 2 * ScreenLayout(size: state.size, tab: .scenarios).tableRows)
        // Other tabs load when first shown; the dashboard's statistics too, once.
        let models = keys("2", &state)
        guard case .reloadList(1, _, _, true)? = models.first else { Issue.record("\(models)"); return }
        let dashboard = keys("4", &state)
        guard case .loadStats? = dashboard.first else { Issue.record("\(dashboard)"); return }
    }

    @Test func aNewSortNeedsRowsButNoRecount() {
        var state = started()
        guard case .reloadList(0, let query, _, false)? = keys("s", &state).first else { Issue.record("no reload"); return }
        #expect(query.sort == .name)
    }

    @Test func movingPastTheHeldWindowAsksForRows() {
        var state = started()
        let effects = keys("j", &state)
        #expect(state.lists[0].cursor.selected == 1)
        guard case .loadWindow(0, let query, let start)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(start == 0 && query.offset == 0)
        // Paging to the end asks for the window around the last page.
        var end = started()
        let last = keys("G", &end)
        #expect(end.lists[0].cursor.selected == 107)
        guard case .loadWindow(0, let q, let s)? = last.first else { Issue.record("\(last)"); return }
        #expect(s == q.offset && s <= 98 && s + (q.limit ?? 0) >= 108)
    }

    @Test func resizeChangesTheSizeAndKeepsTheSelectionVisible() {
        var state = started()
        _ = keys("G", &state)
        _ = Update.update(&state, .key(.resize(80, 15)))
        #expect(state.size == Size(width: 80, height: 15))
        let visible = ScreenLayout(size: state.size, tab: .scenarios).tableRows
        #expect(state.lists[0].cursor.offset == 108 - visible)
        #expect(state.lists[0].cursor.selected == 107)
    }

    @Test func typingASearchAsksForOneQueryPerKey() {
        var state = started()
        #expect(keys("/", &state).isEmpty)
        let effects = keys("医疗", &state)
        let texts = effects.compactMap { effect -> String? in
            if case .search(let text) = effect { return text }
            return nil
        }
        #expect(texts == ["医", "医疗"])
        // A stale answer (for an earlier text) is ignored.
        _ = Update.update(&state, .searchLoaded("医", []))
        guard case .search(let panel) = state.overlay else { Issue.record("no search"); return }
        #expect(panel.input.text == "医疗")
        // Backspace edits, and asks again.
        let again = keys("<BS>", &state)
        guard case .search("医")? = again.first else { Issue.record("\(again)"); return }
    }

    @Test func nAndNStepThroughTheLastSearch() throws {
        let hits = try AppFixture.shared.store.search("医疗", limit: 100)
        var state = started()
        _ = keys("/医疗", &state)
        _ = Update.update(&state, .searchLoaded("医疗", hits))
        _ = keys("<Down><Down><Esc>", &state)
        #expect(state.overlay == nil && state.path.isEmpty)
        // n opens the hit that was selected when search closed.
        let effects = keys("n", &state)
        #expect(state.path.map(\.id) == [hits[2].id])
        guard case .loadDetail(0, let id)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(id == hits[2].id)
        _ = keys("n", &state)
        #expect(state.path.map(\.id) == [hits[3].id])
        _ = keys("NN", &state)
        #expect(state.path.map(\.id) == [hits[1].id])
        #expect(state.message == "匹配 2/\(hits.count) · match 2 of \(hits.count)")
    }

    @Test func filterStepsFromFieldToValueToChip() {
        var state = started()
        _ = keys("f", &state)
        guard case .filter(let fields) = state.overlay, case .field = fields.step else { Issue.record("no filter"); return }
        // j/k move between fields (nothing is typed at this step).
        _ = keys("jjk", &state)
        guard case .filter(let moved) = state.overlay else { Issue.record("no filter"); return }
        #expect(moved.cursor.selected == 1)
        let ask = keys("<Enter>", &state)
        guard case .loadFilterOptions(.scenario, .city, "", _)? = ask.first else { Issue.record("\(ask)"); return }
        _ = Update.update(&state, .filterOptionsLoaded(.city, [FilterOption(value: "guangzhou", label: "广州 Guangzhou", count: 16),
                                                             FilterOption(value: "shenzhen", label: "深圳 Shenzhen", count: 14)]))
        // At the value step j is typed, not a move.
        let typed = keys("j", &state)
        guard case .loadFilterOptions(.scenario, .city, "j", _)? = typed.first else { Issue.record("\(typed)"); return }
        _ = keys("<BS>", &state)
        _ = Update.update(&state, .filterOptionsLoaded(.city, [FilterOption(value: "guangzhou", label: "广州 Guangzhou", count: 16),
                                                             FilterOption(value: "shenzhen", label: "深圳 Shenzhen", count: 14)]))
        let chosen = keys("<Down><Enter>", &state)
        #expect(state.overlay == nil)
        #expect(state.lists[0].value(of: .city) == "shenzhen")
        guard case .reloadList(0, let query, _, _)? = chosen.first else { Issue.record("\(chosen)"); return }
        #expect(query.city == "shenzhen")
        // F clears and reloads.
        let cleared = keys("F", &state)
        #expect(state.lists[0].filters.isEmpty)
        guard case .reloadList(0, let all, _, _)? = cleared.first else { Issue.record("\(cleared)"); return }
        #expect(all.city == nil)
    }

    @Test func sidebarEnterAppliesTheSectorAndFocusesTheTable() {
        var state = started()
        _ = keys("hj", &state)
        #expect(state.lists[0].sidebarFocused)
        #expect(state.lists[0].sidebar.selected == 1)
        let effects = keys("<Enter>", &state)
        #expect(!state.lists[0].sidebarFocused)
        // The sidebar is in pinyin order of its labels (no taxonomy here, so the ids: government < manufacturing).
        #expect(state.lists[0].value(of: .sector) == "government")
        guard case .reloadList(0, let query, _, _)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(query.sector == "government")
    }

    @Test func sortCyclesColumnsAndReverses() {
        var state = started()
        _ = keys("s", &state)
        #expect(state.lists[0].sortColumn.title == "标题")
        #expect(!state.lists[0].descending)
        let effects = keys("S", &state)
        #expect(state.lists[0].descending)
        guard case .reloadList(0, let query, _, _)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(query.descending && query.sort == .name)
        // The last column is `updated`; one more wraps to the first.
        _ = keys(String(repeating: "s", count: 7), &state)
        #expect(state.lists[0].sortColumn.key == .updated)
        _ = keys("s", &state)
        #expect(state.lists[0].sortIndex == 0)
    }

    @Test func aTooSmallTerminalIgnoresKeysButQuit() {
        var state = started(width: 59, height: 14)
        #expect(state.isTooSmall)
        #expect(keys("jG/医?:2", &state).isEmpty)
        #expect(state.lists[0].cursor.selected == 0)
        #expect(state.overlay == nil && state.tab == .scenarios)
        _ = keys("<Resize:60x15>j", &state)
        #expect(!state.isTooSmall)
        #expect(state.lists[0].cursor.selected == 1)
        _ = keys("<Resize:59x14>q", &state)
        #expect(state.quit)
    }

    @Test func helpScrollStopsAtTheEnd() {
        var state = started()
        _ = keys("?G", &state)
        guard case .help(let end) = state.overlay else { Issue.record("no help"); return }
        #expect(end == state.frameLayout.helpMaxScroll)
        #expect(end > 0)
        _ = keys("jjj<PgDn>", &state)
        guard case .help(let still) = state.overlay else { Issue.record("no help"); return }
        #expect(still == end)
        _ = keys("k", &state)
        guard case .help(let up) = state.overlay else { Issue.record("no help"); return }
        #expect(up == end - 1)
    }

    @Test func detailPathAndBack() {
        var state = started()
        _ = keys(":model-a<Enter>", &state)
        #expect(state.path.map(\.id) == ["model-a"])
        let entity = Entity.model(Model(id: "model-a", name: "A", provider: "P", filingKind: .filed, filingNo: "X-1", functions: [.text], status: .active))
        _ = Update.update(&state, .detailLoaded(depth: 0, id: "model-a", EntityPreview(entity: entity, links: [
            LinkItem(.lineage, targetId: "model-b", text: "B"), LinkItem(.usedBy, targetId: "scenario-c", text: "C"),
        ])))
        let effects = keys("j<Enter>", &state)
        #expect(state.path.map(\.id) == ["model-a", "scenario-c"])
        guard case .loadDetail(1, "scenario-c")? = effects.first else { Issue.record("\(effects)"); return }
        // A late answer for a step no longer on the path is dropped.
        _ = Update.update(&state, .detailLoaded(depth: 1, id: "elsewhere", nil))
        #expect(state.path[1].missing == false)
        _ = Update.update(&state, .detailLoaded(depth: 1, id: "scenario-c", nil))
        #expect(state.path[1].missing)
        _ = keys("<BS>", &state)
        #expect(state.path.map(\.id) == ["model-a"])
        #expect(state.path[0].selectedLink == 1)
        _ = keys("2", &state)
        #expect(state.path.isEmpty && state.tab == .models)
    }

    @Test func refreshAnswersWhenTheIndexIsUpToDate() {
        var state = started()
        let effects = keys("r", &state)
        guard case .refreshIndex? = effects.first else { Issue.record("\(effects)"); return }
        _ = Update.update(&state, .indexFinished(diagnostics: [], committed: true, pendingFiles: 0))
        #expect(state.message == "索引已更新 · index up to date")
        // Errors: the message says the last good index is shown, and ! lists them.
        _ = Update.update(&state, .indexFinished(diagnostics: [.error("scenarios/x.yaml", .start, "bad")], committed: false, pendingFiles: 1))
        #expect(state.message?.hasPrefix("目录有 1 个错误") == true)
        _ = keys("!", &state)
        guard case .errors? = state.overlay else { Issue.record("no errors overlay"); return }
        let show = keys("<Enter>", &state)
        guard case .loadFile("scenarios/x.yaml", 1, 1, "error: bad")? = show.first else { Issue.record("\(show)"); return }
    }

    @Test func jAndKScrollADetailWithoutLinks() {
        // A scenario with a long summary and nothing to follow, on the smallest screen.
        var state = started(width: 60, height: 15)
        let summary = (1...12).map { "第\($0)行说明。" }.joined(separator: "\n")
        let scenario = Scenario(id: "long-summary", title: "长说明场景", sector: "healthcare", city: "guangzhou",
                                stage: .proposed, status: .draft, summary: summary, updated: "2026-01-01")
        _ = keys(":long-summary<Enter>", &state)
        _ = Update.update(&state, .detailLoaded(depth: 0, id: "long-summary", EntityPreview(entity: .scenario(scenario), links: [])))
        let top = Render.frame(state).plainText()
        #expect(top.contains("│ 长说明场景"))
        #expect(!top.contains("更新 updated 2026-01-01"))
        _ = keys("G", &state)
        let bottom = Render.frame(state).plainText()
        #expect(bottom.contains("更新 updated 2026-01-01"))
        #expect(!bottom.contains("│ 长说明场景"))
        let end = state.path[0].scroll
        #expect(end == state.frameLayout.detailMaxScroll && end > 0)
        _ = keys("jjj", &state)
        #expect(state.path[0].scroll == end)
        _ = keys("k", &state)
        #expect(state.path[0].scroll == end - 1)
        _ = keys("g", &state)
        #expect(Render.frame(state).plainText() == top)
    }
}

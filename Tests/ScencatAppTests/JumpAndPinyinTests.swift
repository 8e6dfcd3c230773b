import CatalogCore
import CatalogIndex
import ChineseText
import Foundation
import Testing
import TerminalKit
@testable import ScencatApp

/// The forgiving `:` jump, pinyin in search and pickers, and pinyin order in sidebars and pickers,
/// on the demo catalogue through TestBackend.
@Suite struct JumpAndPinyinTests {
    let app = AppFixture.shared

    func jump(_ runtime: Runtime) -> JumpPanel? {
        if case .jump(let panel) = runtime.state.overlay { return panel }
        return nil
    }

    @Test func jumpShowsCandidatesByPinyinInitialsAsYouType() throws {
        let (backend, runtime) = app.run(":cs")
        let panel = try #require(jump(runtime))
        let screen = backend.screenText()
        // 城市… (cheng shi) and 潮汕… (chao shan) start with c-s; names starting so come first.
        #expect(panel.candidates.count >= 4)
        let first = try #require(panel.candidates.first)
        #expect(PinyinQuery("cs")?.match(first.name)?.atStart == true, "\(first)")
        #expect(panel.candidates.contains { $0.name == "城市内涝智能预警" })
        #expect(panel.candidates.contains { $0.name == "潮汕文化研学课程智能生成" })
        #expect(first.nameMatch == 0..<2)
        #expect(screen.contains(": cs"))
        #expect(screen.contains(first.name))
        #expect(screen.contains("城市内涝智能预警"))
        // Enter opens the first; ↓ Enter the second.
        #expect(app.run(":cs<Enter>").1.state.path.map(\.id) == [first.id])
        #expect(app.run(":cs<Down><Enter>").1.state.path.map(\.id) == [panel.candidates[1].id])
    }

    @Test func jumpFindsPartialIdsNamesAndFullPinyin() throws {
        // Part of an id, from its start or inside it.
        let (_, partial) = app.run(":foshan-tex")
        #expect(jump(partial)?.candidates.first?.id == "foshan-textile-color-matching")
        #expect(jump(partial)?.candidates.first?.idMatch == 0..<10)
        #expect(app.run(":foshan-tex<Enter>").1.state.path.map(\.id) == ["foshan-textile-color-matching"])
        let inside = try #require(jump(app.run(":textile-color").1))
        #expect(inside.candidates.first?.id == "foshan-textile-color-matching")
        #expect(inside.candidates.first?.idMatch == 7..<20)
        // A name as Chinese text, and as full pinyin.
        #expect(jump(app.run(":城市内涝").1)?.candidates.first?.id == "guangzhou-urban-flood-warning")
        #expect(jump(app.run(":chengshineilao").1)?.candidates.first?.id == "guangzhou-urban-flood-warning")
        // The whole id still opens it, and a missing id still says so.
        #expect(app.run(":chaoyun-culture<Enter>").1.state.path.map(\.id) == ["chaoyun-culture"])
        let missing = app.run(":no-such-scenario<Enter>").1
        #expect(missing.state.path.last?.missing == true)
    }

    @Test func jumpMarksTheMatchedPart() {
        let spans = JumpView.marked("城市内涝智能预警", 0..<2, Style())
        #expect(spans.map(\.text) == ["城市", "内涝智能预警"])
        #expect(spans[0].style.underline && spans[0].style.bold)
        #expect(JumpView.marked("abc", nil, Style()).map(\.text) == ["abc"])
    }

    @Test func searchFindsPinyin() throws {
        let (backend, runtime) = app.run("/yl")
        guard case .search(let panel) = runtime.state.overlay else { Issue.record("no search panel"); return }
        #expect(panel.hits.contains { $0.name == "粤海医疗大模型" && $0.field == .pinyin })
        #expect(panel.hits.contains { $0.name == "县域远程医疗影像协同诊断" })
        #expect(backend.screenText().contains("粤海医疗大模型"))
        guard case .search(let mixed) = app.run("/医l").1.state.overlay else { Issue.record("no search panel"); return }
        #expect(mixed.hits.contains { $0.name == "粤海医疗大模型" })
    }

    @Test func sidebarAndSectorPickerFollowPinyinOrder() throws {
        let runtime = app.run("").1
        let labels = runtime.state.sidebarItems(0).dropFirst().map(\.label)
        #expect(labels.count >= 10)
        let zh = Locale(identifier: "zh_CN")
        #expect(labels == labels.sorted { $0.compare($1, options: [], range: nil, locale: zh) == .orderedAscending })
        // The filter's sector list: in pinyin order, narrowed by pinyin.
        guard case .filter(let all) = app.run("f<Enter>").1.state.overlay else { Issue.record("no filter panel"); return }
        let names = all.options.map { String($0.label.prefix { $0 != " " }) }
        #expect(names == names.sorted { $0.compare($1, options: [], range: nil, locale: zh) == .orderedAscending })
        guard case .filter(let narrowed) = app.run("f<Enter>yl").1.state.overlay else { Issue.record("no filter panel"); return }
        #expect(narrowed.options.first?.value == "healthcare")
    }

    @Test func formPickerNarrowsCitiesByPinyin() {
        let taxonomy = app.run("").1.state.taxonomy
        let cities = PickerUpdate.options(.taxonomy(.city), text: "", taxonomy: taxonomy).map { String($0.label.prefix { $0 != " " }) }
        #expect(Array(cities.prefix(4)) == ["潮州", "东莞", "佛山", "广东省"])
        #expect(PickerUpdate.options(.taxonomy(.city), text: "gz", taxonomy: taxonomy).first?.value == "guangzhou")
        #expect(PickerUpdate.options(.taxonomy(.city), text: "fs", taxonomy: taxonomy).map(\.value) == ["foshan"])
        #expect(PickerUpdate.options(.taxonomy(.city), text: "佛s", taxonomy: taxonomy).map(\.value) == ["foshan"])
        #expect(PickerUpdate.options(.taxonomy(.sector), text: "yiliao", taxonomy: taxonomy).map(\.value) == ["healthcare"])
    }
}

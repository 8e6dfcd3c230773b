import CatalogCore
import CatalogFiles
import Foundation
import Testing
@testable import Publishing

@Suite("Comparing lists")
struct DiffTests {
    static func records(_ s: Selection) -> ListRecords {
        let (_, r) = ListDocument.render(s, source: Fixture.source)
        return ListRecords(label: s.quarter.description, selection: s, rendered: r)
    }

    static func published(_ s: Selection) throws -> ListRecords {
        let (text, _) = ListDocument.render(s, source: Fixture.source)
        return ListRecords(label: s.quarter.description, text: try ListText.parse(text, file: "list.yaml"))
    }

    @Test("every kind of change: added, changed fields (old → new), withdrawn, removed, unchanged")
    func everyKind() throws {
        let grow = ComputeNeed(workload: .inference, amount: 4, unit: .pflops, from: Fixture.q("2026-Q3"))
        let old = Fixture.selection("2026-Q2", [
            Fixture.scenario("same", compute: [grow]),
            Fixture.scenario("edited", stage: .piloting, tags: ["质检"], models: [ModelLink(model: "m-one", role: .candidate)],
                             summary: "旧的\n摘要"),
            Fixture.scenario("to-withdraw"),
            Fixture.scenario("to-draft"),
            Fixture.scenario("to-delete"),
        ])
        let new = Fixture.selection("2026-Q3", [
            Fixture.scenario("same", compute: [grow]), // only its quarter figure changes: not a change
            Fixture.scenario("edited", stage: .demonstration, tags: ["质检", "视觉"], models: [ModelLink(model: "m-one", role: .deployed)],
                             summary: "新的\n摘要", demandOrg: "新需求方"),
            Fixture.scenario("to-withdraw", status: .withdrawn),
            Fixture.scenario("to-draft", status: .draft),
            Fixture.scenario("fresh", title: "新场景", since: "2026-Q3"),
        ])
        let d = ListDiff.compare(try Self.published(old), Self.records(new))
        #expect(d.from == "2026-Q2" && d.to == "2026-Q3")
        #expect(d.added.map(\.id) == ["fresh"])
        #expect(d.added[0].title == "新场景")
        #expect(d.withdrawn.map(\.id) == ["to-withdraw"])
        #expect(d.removed.map(\.id) == ["to-delete", "to-draft"])
        #expect(d.changed.map(\.id) == ["edited"])
        let fields = Dictionary(uniqueKeysWithValues: d.changed[0].fields.map { ($0.key, $0) })
        #expect(Set(fields.keys) == ["stage", "tags", "models", "summary", "demand_org"])
        #expect(FieldText.display(fields["stage"]!.old, key: "stage") == "piloting")
        #expect(FieldText.display(fields["stage"]!.new, key: "stage") == "demonstration")
        #expect(FieldText.display(fields["tags"]!.new, key: "tags") == "视觉, 质检" || FieldText.display(fields["tags"]!.new, key: "tags") == "质检, 视觉")
        #expect(FieldText.display(fields["models"]!.old, key: "models") == "粤问一号 [m-one] (candidate)")
        #expect(FieldText.display(fields["models"]!.new, key: "models") == "粤问一号 [m-one] (deployed)")
        #expect(fields["demand_org"]!.old == nil)
        #expect(FieldText.display(fields["summary"]!.new, key: "summary") == "新的\n摘要")

        let md = ChangesRenderer.render(d, selection: new)
        #expect(md.contains("新增 1，变更 1，撤回 1，移除 2"))
        #expect(md.contains("- `edited` 智能场景\n  - `stage`: piloting → demonstration"))
        #expect(md.contains("## 撤回 Withdrawn (1)\n\n- `to-withdraw`"))

        let json = d.json.text()
        #expect(json.contains("\"field\": \"stage\""))
        #expect(json.contains("\"old\": \"piloting\""))
    }

    @Test("changes.md says why a scenario was withdrawn (withdrawn_reason)")
    func withdrawnReason() throws {
        let old = Fixture.selection("2026-Q2", [Fixture.scenario("to-withdraw"), Fixture.scenario("quiet")])
        var withdrawn = Fixture.scenario("to-withdraw", status: .withdrawn)
        withdrawn.withdrawnReason = "项目终止 project ended"
        let new = Fixture.selection("2026-Q3", [withdrawn, Fixture.scenario("quiet", status: .withdrawn)])
        #expect(new.withdrawnReasons == ["to-withdraw": "项目终止 project ended"])
        let d = ListDiff.compare(try Self.published(old), Self.records(new))
        #expect(d.withdrawn.map(\.id) == ["quiet", "to-withdraw"])
        #expect(d.withdrawn.map(\.reason) == [nil, "项目终止 project ended"])
        let md = ChangesRenderer.render(d, selection: new)
        #expect(md.contains("- `to-withdraw` 智能场景 — 原因 reason: 项目终止 project ended\n"))
        #expect(md.contains("- `quiet` 智能场景\n"))
    }

    @Test("identical lists differ in nothing, also when compared as two published files")
    func identical() throws {
        let s = Fixture.selection("2026-Q2", [Fixture.scenario("a", summary: "x\ny"), Fixture.scenario("b")])
        #expect(ListDiff.compare(try Self.published(s), try Self.published(s)).isEmpty)
        #expect(ListDiff.compare(try Self.published(s), Self.records(s)).isEmpty)
    }

    @Test("a field removed in the new list is reported with no new value")
    func removedField() throws {
        let old = Fixture.selection("2026-Q2", [Fixture.scenario("a", tags: ["x"])])
        let new = Fixture.selection("2026-Q2", [Fixture.scenario("a")])
        let d = ListDiff.compare(try Self.published(old), Self.records(new))
        #expect(d.changed.count == 1)
        #expect(d.changed[0].fields.map(\.key) == ["tags"])
        #expect(d.changed[0].fields[0].new == nil)
        #expect(FieldText.display(nil, key: "tags") == "—")
    }

    @Test("a first publication says so instead of listing every scenario as new")
    func firstPublication() {
        let s = Fixture.selection("2026-Q2", [Fixture.scenario("a")])
        let md = ChangesRenderer.render(nil, selection: s)
        #expect(md.contains("First publication"))
        #expect(!md.contains("`a`"))
    }
}

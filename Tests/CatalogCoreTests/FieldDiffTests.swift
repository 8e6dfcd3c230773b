import Testing
@testable import CatalogCore

/// Builders for field trees, as the encoder and the YAML reader produce them.
private func s(_ text: String) -> Node { Node(.string(text)) }
private func n(_ d: Double) -> Node { Node(.number(d, raw: NumberText.format(d))) }
private func list(_ items: [Node]) -> Node { Node(.list(items)) }
private func strings(_ items: [String]) -> Node { list(items.map(s)) }
private func link(_ model: String, _ role: String) -> Node { Node(.map([Field("model", s(model)), Field("role", s(role))])) }
private func row(_ workload: String, _ amount: Double) -> Node {
    Node(.map([Field("workload", s(workload)), Field("amount", n(amount)), Field("unit", s("pflops")), Field("from", s("2026-Q1"))]))
}

private func scenario(_ extra: [(String, Node)] = [], without: Set<String> = []) -> [Field] {
    var base: [(String, Node)] = [
        ("kind", s("Scenario")), ("id", s("sz-port")), ("title", s("深圳港智能调度")), ("sector", s("transport")),
        ("city", s("shenzhen")), ("stage", s("piloting")), ("status", s("approved")),
    ]
    for (k, v) in extra {
        if let i = base.firstIndex(where: { $0.0 == k }) { base[i].1 = v } else { base.append((k, v)) }
    }
    return base.filter { !without.contains($0.0) }.map { Field($0.0, $0.1) }
}

private func value(_ fields: [Field]?, _ key: String) -> Node? { fields?.first { $0.key == key }?.value }

@Suite("Field diff and three-way merge")
struct FieldDiffTests {
    @Test("values compare by data, not by where they were written")
    func sameIgnoresPositions() {
        let a = Node(.string("x"), at: SourcePosition(line: 3, column: 4))
        #expect(FieldDiff.same(a, s("x")))
        #expect(!FieldDiff.same(a, s("y")))
        #expect(FieldDiff.same(Node(.number(2, raw: "2.0")), n(2)))
        #expect(!FieldDiff.same(s("2026-01-01"), Node(.date("2026-01-01"))))
        #expect(!FieldDiff.same(nil, s("")))
    }

    @Test("diff lists added, removed and changed fields with old and new values")
    func diffFields() {
        let old = scenario([("tags", strings(["港口"])), ("summary", s("旧"))])
        let new = scenario([("title", s("深圳港智能调度平台")), ("summary", s("旧")), ("since", s("2026-Q1"))])
        let changes = FieldDiff.diff(old, new)
        #expect(changes.map(\.key) == ["title", "since", "tags"])
        #expect(changes.map(\.kind) == [.changed, .added, .removed])
        #expect(FieldDiff.text(changes[0].old) == "\"深圳港智能调度\"" && FieldDiff.text(changes[0].new) == "\"深圳港智能调度平台\"")
        #expect(FieldDiff.diff(old, old).isEmpty)
    }

    @Test("different fields changed on each side merge cleanly, in schema order")
    func differentFields() {
        let base = scenario()
        let ours = scenario([("title", s("新标题"))])
        let theirs = scenario([("stage", s("scaled")), ("summary", s("摘要"))])
        let m = FieldDiff.merge(base: base, ours: ours, theirs: theirs)
        #expect(m.isClean)
        #expect(FieldDiff.same(value(m.fields, "title"), s("新标题")))
        #expect(FieldDiff.same(value(m.fields, "stage"), s("scaled")))
        #expect(m.fields?.map(\.key) == ["kind", "id", "title", "sector", "city", "stage", "status", "summary"])
    }

    @Test("the same field changed to different values is a conflict with all three values")
    func sameFieldConflict() {
        let m = FieldDiff.merge(base: scenario(), ours: scenario([("title", s("甲"))]), theirs: scenario([("title", s("乙"))]))
        #expect(!m.isClean)
        #expect(m.conflicts.count == 1)
        let c = m.conflicts[0]
        #expect(c.key == "title")
        #expect(FieldDiff.same(c.base, s("深圳港智能调度")) && FieldDiff.same(c.ours, s("甲")) && FieldDiff.same(c.theirs, s("乙")))
    }

    @Test("the same change on both sides is no conflict")
    func sameChange() {
        let m = FieldDiff.merge(base: scenario(), ours: scenario([("title", s("甲"))]), theirs: scenario([("title", s("甲"))]))
        #expect(m.isClean)
        #expect(FieldDiff.same(value(m.fields, "title"), s("甲")))
    }

    @Test("a field removed on one side and edited on the other is a conflict; removed and untouched is removed")
    func removedVersusEdited() {
        let base = scenario([("summary", s("原"))])
        let conflict = FieldDiff.merge(base: base, ours: scenario(), theirs: scenario([("summary", s("新"))]))
        #expect(conflict.conflicts.map(\.key) == ["summary"])
        #expect(conflict.conflicts[0].ours == nil)
        let clean = FieldDiff.merge(base: base, ours: scenario(), theirs: base)
        #expect(clean.isClean && value(clean.fields, "summary") == nil)
    }

    @Test("tags merge as a set: additions on both sides kept, a removal on one side removes")
    func tagsAsSet() {
        let base = scenario([("tags", strings(["港口", "调度"]))])
        let ours = scenario([("tags", strings(["港口", "调度", "集装箱"]))])
        let theirs = scenario([("tags", strings(["港口", "物流"]))])
        let m = FieldDiff.merge(base: base, ours: ours, theirs: theirs)
        #expect(m.isClean)
        #expect(FieldDiff.same(value(m.fields, "tags"), strings(["港口", "集装箱", "物流"])))
    }

    @Test("a set emptied on one side while the other adds keeps only the new item; an empty result leaves the field out")
    func setEmptied() {
        let base = scenario([("tags", strings(["a1"]))])
        let m = FieldDiff.merge(base: base, ours: scenario(), theirs: scenario([("tags", strings(["a1", "b2"]))]))
        #expect(m.isClean)
        #expect(FieldDiff.same(value(m.fields, "tags"), strings(["b2"])))
        let gone = FieldDiff.merge(base: base, ours: scenario(), theirs: scenario([("tags", strings(["a1"]))]))
        #expect(gone.isClean && value(gone.fields, "tags") == nil)
    }

    @Test("links and supplier organisations merge as sets, keeping our order first")
    func linksAsSet() {
        let base = scenario([("links", strings(["https://a.example"]))])
        let m = FieldDiff.merge(base: base,
                                ours: scenario([("links", strings(["https://a.example", "https://b.example"])), ("supplier_orgs", strings(["甲公司"]))]),
                                theirs: scenario([("links", strings(["https://c.example", "https://a.example"])), ("supplier_orgs", strings(["乙公司"]))]))
        #expect(m.isClean)
        #expect(FieldDiff.same(value(m.fields, "links"), strings(["https://a.example", "https://b.example", "https://c.example"])))
        #expect(FieldDiff.same(value(m.fields, "supplier_orgs"), strings(["甲公司", "乙公司"])))
    }

    @Test("compute rows merge as whole values: an edited row is the old one removed and a new one added")
    func computeRows() {
        let base = scenario([("compute", list([row("inference", 2), row("training", 10)]))])
        let ours = scenario([("compute", list([row("inference", 3), row("training", 10)]))])
        let theirs = scenario([("compute", list([row("inference", 2), row("training", 10), row("fine-tuning", 1)]))])
        let m = FieldDiff.merge(base: base, ours: ours, theirs: theirs)
        #expect(m.isClean)
        #expect(FieldDiff.same(value(m.fields, "compute"), list([row("inference", 3), row("training", 10), row("fine-tuning", 1)])))
    }

    @Test("models merge keyed by model id; different roles for one model conflict")
    func modelsKeyed() {
        let base = scenario([("models", list([link("m-a", "candidate")]))])
        let clean = FieldDiff.merge(base: base,
                                    ours: scenario([("models", list([link("m-a", "deployed")]))]),
                                    theirs: scenario([("models", list([link("m-a", "candidate"), link("m-b", "evaluated")]))]))
        #expect(clean.isClean)
        #expect(FieldDiff.same(value(clean.fields, "models"), list([link("m-a", "deployed"), link("m-b", "evaluated")])))

        let conflict = FieldDiff.merge(base: base,
                                       ours: scenario([("models", list([link("m-a", "deployed"), link("m-c", "candidate")]))]),
                                       theirs: scenario([("models", list([link("m-a", "evaluated")]))]))
        #expect(conflict.conflicts.map(\.key) == ["models"])
        #expect(conflict.conflicts[0].detail == "m-a")
        // Preferring theirs decides only the model in conflict; ours' added model stays.
        let resolved = FieldDiff.merge(base: base,
                                       ours: scenario([("models", list([link("m-a", "deployed"), link("m-c", "candidate")]))]),
                                       theirs: scenario([("models", list([link("m-a", "evaluated")]))]),
                                       resolutions: ["models": .side(.theirs)])
        #expect(resolved.isClean)
        #expect(FieldDiff.same(value(resolved.fields, "models"), list([link("m-a", "evaluated"), link("m-c", "candidate")])))
    }

    @Test("model domain merges as a set when both sides are lists, as a scalar against 'general'")
    func domain() {
        func model(_ domain: Node?) -> [Field] {
            var f = [Field("kind", s("Model")), Field("id", s("m-a")), Field("name", s("模型")), Field("status", s("active"))]
            if let domain { f.insert(Field("domain", domain), at: 3) }
            return f
        }
        let lists = FieldDiff.merge(base: model(strings(["finance"])), ours: model(strings(["finance", "healthcare"])),
                                    theirs: model(strings(["energy", "finance"])))
        #expect(lists.isClean)
        #expect(FieldDiff.same(value(lists.fields, "domain"), strings(["finance", "healthcare", "energy"])))
        let general = FieldDiff.merge(base: model(strings(["finance"])), ours: model(s("general")),
                                      theirs: model(strings(["energy", "finance"])))
        #expect(general.conflicts.map(\.key) == ["domain"])
    }

    @Test("'updated' never conflicts: the later date wins")
    func updatedLaterWins() {
        let base = scenario([("updated", Node(.date("2026-01-05")))])
        let m = FieldDiff.merge(base: base,
                                ours: scenario([("title", s("甲")), ("updated", Node(.date("2026-03-01")))]),
                                theirs: scenario([("stage", s("scaled")), ("updated", Node(.date("2026-02-11")))]))
        #expect(m.isClean)
        #expect(FieldDiff.same(value(m.fields, "updated"), Node(.date("2026-03-01"))))
    }

    @Test("deleted on one side and edited on the other is an entity conflict; deleted and untouched is deleted")
    func deleteVersusEdit() {
        let base = scenario()
        let edited = scenario([("title", s("改"))])
        let m = FieldDiff.merge(base: base, ours: nil, theirs: edited)
        #expect(m.entityConflict == .deletedByOurs && !m.isClean)
        #expect(FieldDiff.merge(base: base, ours: edited, theirs: nil).entityConflict == .deletedByTheirs)
        let clean = FieldDiff.merge(base: base, ours: nil, theirs: base)
        #expect(clean.isClean && clean.fields == nil)
        // Resolved: ours (deleted) or theirs (edited).
        #expect(FieldDiff.merge(base: base, ours: nil, theirs: edited, prefer: .ours).fields == nil)
        #expect(FieldDiff.same(value(FieldDiff.merge(base: base, ours: nil, theirs: edited, prefer: .theirs).fields, "title"), s("改")))
    }

    @Test("delete versus edit resolved with base: the entity as it was at the base, on either side's deletion")
    func deleteVersusEditResolvedToBase() throws {
        let base = scenario()
        let edited = scenario([("title", s("改")), ("tags", strings(["新"]))])
        for (ours, theirs) in [(nil, edited), (edited, nil)] as [([Field]?, [Field]?)] {
            let m = FieldDiff.merge(base: base, ours: ours, theirs: theirs, prefer: .base)
            #expect(m.isClean && m.entityConflict == nil)
            let fields = try #require(m.fields, "base keeps the entity; it is neither deleted nor left as edited")
            #expect(FieldDiff.same(Node(.map(fields)), Node(.map(base))), "\(fields)")
        }
    }

    @Test("the same id added on both sides: equal fields merge, different ones conflict, sets unite")
    func addedOnBothSides() {
        let ours = scenario([("title", s("甲")), ("tags", strings(["a1"]))])
        let theirs = scenario([("title", s("乙")), ("tags", strings(["b2"]))])
        let m = FieldDiff.merge(base: nil, ours: ours, theirs: theirs)
        #expect(m.conflicts.map(\.key) == ["title"])
        #expect(m.conflicts[0].base == nil)
        #expect(FieldDiff.same(value(m.fields, "tags"), strings(["a1", "b2"])))
        #expect(FieldDiff.merge(base: nil, ours: ours, theirs: ours).isClean)
    }

    @Test("resolutions decide named fields; prefer decides the rest; clean fields are unaffected")
    func resolutions() {
        let base = scenario([("summary", s("原"))])
        let ours = scenario([("title", s("甲")), ("summary", s("我方")), ("city", s("guangzhou"))])
        let theirs = scenario([("title", s("乙")), ("summary", s("对方")), ("stage", s("scaled"))])
        let m = FieldDiff.merge(base: base, ours: ours, theirs: theirs,
                                resolutions: ["title": .side(.theirs), "summary": .side(.base)], prefer: nil)
        #expect(m.isClean)
        #expect(FieldDiff.same(value(m.fields, "title"), s("乙")))
        #expect(FieldDiff.same(value(m.fields, "summary"), s("原")))
        #expect(FieldDiff.same(value(m.fields, "city"), s("guangzhou")))
        #expect(FieldDiff.same(value(m.fields, "stage"), s("scaled")))

        let preferOurs = FieldDiff.merge(base: base, ours: ours, theirs: theirs, prefer: .ours)
        #expect(preferOurs.isClean)
        #expect(FieldDiff.same(value(preferOurs.fields, "title"), s("甲")) && FieldDiff.same(value(preferOurs.fields, "stage"), s("scaled")))

        let edited = FieldDiff.merge(base: base, ours: ours, theirs: theirs,
                                     resolutions: ["title": .value(s("丙")), "summary": .value(nil)])
        #expect(edited.isClean)
        #expect(FieldDiff.same(value(edited.fields, "title"), s("丙")) && value(edited.fields, "summary") == nil)
    }

    @Test("one-line text of values for plans")
    func textRendering() {
        #expect(FieldDiff.text(nil) == "(none)")
        #expect(FieldDiff.text(strings(["a1", "b2"])) == "[a1, b2]")
        #expect(FieldDiff.text(s("一\n二")) == "\"一⏎二\"")
        #expect(FieldDiff.text(s(String(repeating: "长", count: 100)), limit: 10) == "\"" + String(repeating: "长", count: 9) + "…\"")
        #expect(FieldDiff.text(list([link("m-a", "deployed")])) == "[{model: m-a, role: deployed}]")
    }
}

import Testing
@testable import CatalogCore

@Suite("Assignments from the command line")
struct AssignmentParseTests {
    @Test("key=value, list+=item, list-=item and row paths are read")
    func parses() throws {
        #expect(try Assignment.parse("title=新标题").get() == Assignment(key: "title", text: "新标题"))
        #expect(try Assignment.parse("tags+=医疗,影像").get() == Assignment(key: "tags", operation: .add, text: "医疗,影像"))
        #expect(try Assignment.parse("tags-=医疗").get() == Assignment(key: "tags", operation: .remove, text: "医疗"))
        #expect(try Assignment.parse("compute[2].amount=1.5").get() == Assignment(key: "compute", row: .at(2), subkey: "amount", text: "1.5"))
        #expect(try Assignment.parse("compute[+].workload=inference").get().row == .append)
        #expect(try Assignment.parse("compute[-1].unit=cards").get().row == .last)
        #expect(try Assignment.parse("summary=a=b").get().text == "a=b")
    }

    @Test("malformed paths are refused with the argument named", arguments: ["title", "compute[x].amount=1", "compute[1.amount=1", "=x", "compute[0]amount=1", "tags[0]+=x"])
    func refuses(_ arg: String) {
        guard case .failure(let e) = Assignment.parse(arg) else { Issue.record("accepted \(arg)"); return }
        #expect(e.message.contains("'\(arg)'"))
    }
}

@Suite("Applying assignments to an entity's fields")
struct EntityEditApplyTests {
    let base: [Field] = [
        Field("kind", Node(.string("Scenario"))), Field("id", Node(.string("x-1"))),
        Field("title", Node(.string("旧"))), Field("sector", Node(.string("healthcare"))),
        Field("tags", Node(.list([Node(.string("a"))]))),
    ]

    func apply(_ args: [String]) -> Result<[Field], EditError> {
        EntityEdit.apply(args.map { try! Assignment.parse($0).get() }, to: base, spec: Schema.scenario)
    }

    func value(_ fields: [Field], _ key: String) -> Value? { fields.first { $0.key == key }?.value.value }

    @Test("a scalar is replaced, and a new field lands in the format's key order")
    func setsInOrder() throws {
        let f = try apply(["title=新", "city=shenzhen"]).get()
        #expect(value(f, "title") == .string("新"))
        #expect(f.map(\.key) == ["kind", "id", "title", "sector", "city", "tags"])
    }

    @Test("an empty value removes an optional field")
    func removes() throws {
        #expect(value(try apply(["tags="]).get(), "tags") == nil)
    }

    @Test("lists take comma-separated items (ASCII or full-width comma) and += / -= add and remove")
    func lists() throws {
        let f = try apply(["tags+=b，c", "tags-=a"]).get()
        #expect(value(f, "tags") == .list([Node(.string("b")), Node(.string("c"))]))
        guard case .failure(let e) = apply(["tags-=zzz"]) else { Issue.record("removed a missing item"); return }
        #expect(e.message.contains("does not contain"))
    }

    @Test("rows: [+] appends, [-1] is the last row, [N]= removes a row, out of range is an error")
    func rows() throws {
        let f = try apply(["compute[+].workload=inference", "compute[-1].amount=2", "compute[-1].unit=pflops", "compute[-1].from=2026-Q1"]).get()
        guard case .list(let rows)? = value(f, "compute"), case .map(let row) = rows[0].value else { Issue.record("no row"); return }
        #expect(row.map(\.key) == ["workload", "amount", "unit", "from"])
        #expect(row[1].value.value == .number(2, raw: "2"))
        let removed = EntityEdit.apply([try Assignment.parse("compute[0]=").get()], to: f, spec: Schema.scenario)
        #expect(value(try removed.get(), "compute") == nil)
        guard case .failure(let e) = apply(["compute[3].amount=1"]) else { Issue.record("accepted a missing row"); return }
        #expect(e.message.contains("0 rows"))
    }

    @Test("unknown fields get a did-you-mean, and kind and id cannot be set")
    func unknown() {
        guard case .failure(let e) = apply(["titel=x"]) else { Issue.record("accepted"); return }
        #expect(e.message.contains("did you mean 'title'"))
        guard case .failure(let e2) = apply(["id=other"]) else { Issue.record("accepted"); return }
        #expect(e2.message.contains("cannot be changed"))
    }

    @Test("typed text: numbers, booleans and dates become YAML values; words for numbers stay text for the checker")
    func typed() {
        #expect(EntityEdit.value("12.5", .number(minimum: 0, exclusive: true)) == .number(12.5, raw: "12.5"))
        #expect(EntityEdit.value("many", .number(minimum: 0, exclusive: true)) == .string("many"))
        #expect(EntityEdit.value("yes", .bool) == .bool(true, raw: "true"))
        #expect(EntityEdit.value("2026-02-30", .date) == .string("2026-02-30"))
        #expect(EntityEdit.value("2026-02-28", .date) == .date("2026-02-28"))
        #expect(EntityEdit.value("general", .generalOrSectors) == .string("general"))
    }
}

@Suite("Id suggestions")
struct IdSuggestionTests {
    @Test("a scenario's id comes from city, sector and the English title, and is made unique")
    func scenario() {
        let fields = [Field("title_en", Node(.string("The Smart Imaging of Lungs"))), Field("sector", Node(.string("healthcare"))),
                      Field("city", Node(.string("shenzhen")))]
        #expect(IdSuggestion.suggest(kind: .scenario, fields: fields, isTaken: { _ in false }) == "shenzhen-healthcare-smart-imaging-lungs")
        let taken: Set = ["shenzhen-healthcare-smart-imaging-lungs", "shenzhen-healthcare-smart-imaging-lungs-2"]
        #expect(IdSuggestion.suggest(kind: .scenario, fields: fields, isTaken: taken.contains) == "shenzhen-healthcare-smart-imaging-lungs-3")
    }

    @Test("ids for many entities in a row: each stem's numbers go on from the last given, and a taken one is still skipped")
    func manyInARow() {
        let fields = [Field("title", Node(.string("智能质检"))), Field("sector", Node(.string("manufacturing"))), Field("city", Node(.string("foshan")))]
        var taken: Set = ["foshan-manufacturing", "foshan-manufacturing-3"]
        var numbers: [String: Int] = [:]
        var tried: [String] = []
        var given: [String] = []
        for _ in 0..<4 {
            let id = IdSuggestion.suggest(kind: .scenario, fields: fields, isTaken: { tried.append($0); return taken.contains($0) }, numbers: &numbers)!
            taken.insert(id)
            given.append(id)
        }
        #expect(given == ["foshan-manufacturing-2", "foshan-manufacturing-4", "foshan-manufacturing-5", "foshan-manufacturing-6"])
        // The stem itself, then one number each time (two where 3 was taken): 1 + 1, 1 + 2, 1 + 1, 1 + 1.
        #expect(tried.count == 9)
        // Alone, each call starts again at 2.
        #expect(IdSuggestion.suggest(kind: .scenario, fields: fields, isTaken: taken.contains) == "foshan-manufacturing-7")
    }

    @Test("with only Chinese text there is still a valid id")
    func chineseOnly() {
        let fields = [Field("title", Node(.string("智能质检"))), Field("sector", Node(.string("manufacturing"))), Field("city", Node(.string("province")))]
        let id = IdSuggestion.suggest(kind: .scenario, fields: fields, isTaken: { _ in false })
        #expect(id == "manufacturing")
        #expect(Identifier.isValid(id!))
    }
}

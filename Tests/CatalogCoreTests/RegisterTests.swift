@testable import CatalogCore
import Testing

@Suite struct RegisterTests {
    static func model(_ no: String, name: String = "南海金融大模型", provider: String = "南海数智金融科技有限公司", filedOn: String? = "2024-12-16") -> Model {
        Model(id: "m", name: name, provider: provider, filingKind: .filed, filingNo: no, filedOn: filedOn, status: .active)
    }

    static func row(_ no: String, name: String = "南海金融大模型", org: String = "南海数智金融科技有限公司", date: String? = "2024-12-16") -> RegisterRow {
        RegisterRow(filingNo: no, name: name, organisation: org, place: "深圳市", date: date, kind: .filed)
    }

    static func snapshot(_ source: String, _ asOf: String, _ rows: [RegisterRow]) -> RegisterSnapshot {
        RegisterSnapshot(ref: RegisterSnapshotRef(source: source, asOf: asOf), rows: rows)
    }

    @Test func widthSpacesAndCaseAreFolded() {
        #expect(RegisterText.filingNo("Ｇｕａｎｇｄｏｎｇ－SAMPLE－2025－0002") == "GUANGDONG-SAMPLE-2025-0002")
        #expect(RegisterText.filingNo(" guangdong-sample-2025-0002\u{3000}") == "GUANGDONG-SAMPLE-2025-0002")
        #expect(RegisterText.name("佛山１２３４５热线智能助手") == RegisterText.name("佛山12345热线智能助手"))
        #expect(RegisterText.name("珠江视觉 大模型") == RegisterText.name("珠江视觉大模型"))
        #expect(RegisterText.name("AbC") == "abc")
    }

    @Test func aTrailingDaMoXingIsLeftOut() {
        #expect(RegisterText.name("南越语音") == RegisterText.name("南越语音大模型"))
        #expect(RegisterText.name("大模型") == "大模型")   // nothing would be left
        #expect(RegisterText.name("南越语音") != RegisterText.name("南越视觉大模型"))
    }

    @Test func companySuffixAndPlaceVariantsAreOneOrganisation() {
        let plain = RegisterText.organisation("鹏政数字科技有限公司")
        #expect(RegisterText.organisation("鹏政数字科技（深圳）有限公司") == plain)
        #expect(RegisterText.organisation("鹏政数字科技(深圳)有限责任公司") == plain)
        #expect(RegisterText.organisation("鹏政数字科技 有限公司") == plain)
        #expect(RegisterText.organisation("鹏政数字科技(Shenzhen)有限公司") != plain)   // not a Chinese place name
        #expect(RegisterText.organisation("南海数智金融服务有限公司") != RegisterText.organisation("南海数智金融科技有限公司"))
    }

    @Test func datesAsListsWriteThem() {
        #expect(RegisterText.date("2024/4/16") == "2024-04-16")
        #expect(RegisterText.date("2024年4月16日") == "2024-04-16")
        #expect(RegisterText.date("2024.04.16") == "2024-04-16")
        #expect(RegisterText.date("２０２４－０４－１６") == "2024-04-16")
        #expect(RegisterText.date("2024/2/30") == nil)
        #expect(RegisterText.date("截至2024年") == nil)
    }

    @Test func everyStatusIsReached() {
        let no = "Guangdong-SAMPLE-2024-0080"
        let old = Self.snapshot("guangdong", "2025-12-31", [Self.row(no), Self.row("Guangdong-SAMPLE-2024-0047", name: "快答客服大模型", org: "速应智能科技有限公司")])
        let new = Self.snapshot("guangdong", "2026-02-28", [Self.row(no, org: "南海数智金融服务有限公司")])
        let national = Self.snapshot("national", "2026-01-31", [Self.row("Guangdong-SAMPLE-REG-2025-0022", name: "南海风控智能体")])
        let book = RegisterBook([new, national, old])
        #expect(book.latest.map(\.ref.description) == ["guangdong 2026-02-28", "national 2026-01-31"])

        let renamed = book.check(Self.model(no))
        #expect(renamed.status == .mismatch([RegisterMismatch(field: "provider", ours: "南海数智金融科技有限公司", theirs: "南海数智金融服务有限公司")]))
        #expect(renamed.snapshot?.description == "guangdong 2026-02-28")

        let listed = book.check(Self.model("guangdong-sample-reg-2025-0022", name: "南海风控智能体"))
        #expect(listed.status == .listed && listed.snapshot?.source == "national")
        #expect(listed.badge == "在册 listed · national 2026-01-31")

        let dropped = book.check(Self.model("Guangdong-SAMPLE-2024-0047", name: "快答客服大模型", provider: "速应智能科技有限责任公司"))
        #expect(dropped.status == .removed)
        #expect(dropped.lastSeen?.description == "guangdong 2025-12-31" && dropped.snapshot?.description == "guangdong 2026-02-28")
        #expect(dropped.status.blocks)

        let missing = book.check(Self.model("Guangdong-SAMPLE-2024-9999"))
        #expect(missing.status == .notFound && missing.snapshot == nil && missing.status.blocks)
        #expect(!renamed.status.blocks && !listed.status.blocks)
    }

    @Test func nameAndDateMismatchesSayWhich() {
        let book = RegisterBook([Self.snapshot("guangdong", "2026-02-28", [Self.row("X-1", name: "城眸城市治理大模型", date: "2025-04-12")])])
        let f = book.check(Self.model("X-1", name: "城眸城市治理视觉模型", filedOn: "2025-04-02"))
        guard case .mismatch(let m) = f.status else { Issue.record("expected a mismatch, got \(f.status)"); return }
        #expect(m.map(\.field) == ["name", "filed_on"])
        #expect(m[1].ours == "2025-04-02" && m[1].theirs == "2025-04-12")
        // No filed_on in the model: the date is not compared.
        #expect(book.check(Self.model("X-1", name: "城眸城市治理大模型", filedOn: nil)).status == .listed)
    }

    @Test func consistentInOneSourceIsListedEvenWhenAnotherDiffers() {
        let a = Self.snapshot("a", "2026-01-01", [Self.row("X-1", org: "别的公司")])
        let b = Self.snapshot("b", "2026-01-01", [Self.row("X-1")])
        #expect(RegisterBook([a, b]).check(Self.model("X-1")).status == .listed)
    }

    @Test func anEmptyFilingNumberGetsTheRowOfTheSameNameAndOrganisation() {
        let book = RegisterBook([Self.snapshot("guangdong", "2026-02-28", [Self.row("Guangdong-SAMPLE-2024-0080", name: "南海金融", org: "南海数智金融科技(深圳)有限责任公司")])])
        let f = book.check(Self.model(""))
        #expect(f.status == .notFound)
        #expect(f.suggestion?.filingNo == "Guangdong-SAMPLE-2024-0080")
        #expect(book.check(Self.model("", name: "别的模型")).suggestion == nil)
    }

    @Test func unmatchedRowsAreTheJurisdictionsOnesNoModelCarries() {
        var beijing = Self.row("Beijing-1")
        beijing.place = "北京市"
        let book = RegisterBook([Self.snapshot("n", "2026-01-01", [Self.row("G-1"), Self.row("G-2"), beijing])])
        let rows = book.unmatched(filingNos: ["g-1"], belongs: { $0.place != "北京市" })
        #expect(rows.map(\.1.filingNo) == ["G-2"])
    }

    @Test func aChangeBetweenSnapshotsNamesAddedDroppedAndChangedRows() {
        let a = Self.snapshot("g", "2025-12-31", [Self.row("A"), Self.row("B")])
        let b = Self.snapshot("g", "2026-02-28", [Self.row("B", org: "新名字有限公司"), Self.row("C")])
        let c = RegisterChange.between(a, b)
        #expect(c.added.map(\.filingNo) == ["C"] && c.dropped.map(\.filingNo) == ["A"])
        #expect(c.changed.map(\.1.organisation) == ["新名字有限公司"])
    }

    @Test func aSnapshotFileRoundTripsAndNamesItsPath() {
        let s = Self.snapshot("guangdong", "2026-02-28", [Self.row("B"), Self.row("A", date: "2024年")])
        #expect(s.rows.map(\.filingNo) == ["A", "B"])
        let (back, diags) = RegisterCodec.decode(Node(.map(RegisterCodec.fields(s))), file: "registers/guangdong/2026-02-28.yaml")
        #expect(diags.isEmpty && back == s)
        let (_, wrong) = RegisterCodec.decode(Node(.map(RegisterCodec.fields(s))), file: "registers/national/2026-02-28.yaml")
        #expect(wrong.map(\.message) == ["'source' is 'guangdong' but the file is in registers/national/"])
    }
}

import CatalogCore
import CatalogSheets
import Spreadsheet
import Testing
import Wording

@Suite("Import plans")
struct ImportPlanTests {
    static let taxonomy = Taxonomy(
        sectors: [Sector(id: "healthcare", zh: "医疗", en: "Healthcare"), Sector(id: "logistics", zh: "物流", en: "Logistics")],
        cities: [City(id: "shenzhen", zh: "深圳", en: "Shenzhen"), City(id: "guangzhou", zh: "广州", en: "Guangzhou")])
    static let existing = [ExistingScenario(id: "shenzhen-pathology", title: "病理切片智能分析", city: "shenzhen")]

    static func sheet(_ rows: [[String]]) -> Sheet {
        Sheet(name: "申报表", rows: rows.enumerated().map { i, r in Sheet.Row(number: i + 1, cells: r.map { $0.isEmpty ? .empty : .text($0) }) })
    }

    static func plan(_ rows: [[String]], overrides: [String: String] = [:], taken: Set<String> = []) throws -> ImportPlan {
        let planner = ImportPlanner(taxonomy: taxonomy, known: CrossCheck.Known(taxonomy: taxonomy), overrides: overrides)
        return try planner.plan(sheet(rows), file: "s.xlsx", existing: existing, isTaken: { taken.contains($0) })
    }

    @Test func headerBelowTitleRowsSynonymsAndValues() throws {
        let p = try Self.plan([
            ["2026年第一批人工智能应用场景申报表"],
            ["填报单位：深圳市"],
            ["序号", "场景机会名称", "单位名称", "城市", "场景类型", "合作需求", "联系方式"],
            ["1", "智能导诊", "某医院", "深圳市", "医疗卫生", "导诊", "张三"],
            ["2", "港口调度", "某港", "Shenzhen", "物流", "", ""],
        ], taken: ["shenzhen-healthcare"])
        #expect(p.mapping.headerRow == 3)
        #expect(p.mapping.columns.map(\.field) == [nil, "title", "demand_org", "city", "sector", "summary", "contact"])
        #expect(p.adds.map(\.row) == [4, 5])
        let s = p.adds[0].scenario
        #expect(s.id == "shenzhen-healthcare-2")
        #expect((s.title, s.city, s.sector, s.status, s.stage) == ("智能导诊", "shenzhen", "healthcare", .draft, .proposed))
        #expect((s.demandOrg, s.summary, s.contact) == ("某医院", "导诊", "张三"))
        #expect(p.adds[1].scenario.city == "shenzhen" && p.adds[1].scenario.id == "shenzhen-logistics")
    }

    @Test func duplicatesOfTheCatalogueAndOfEarlierRows() throws {
        let p = try Self.plan([
            ["场景名称", "所属地市", "所属行业"],
            ["病理切片 智能分析", "深圳", "医疗"],
            ["病理切片智能分析系统", "广州", "医疗"],
            ["智能客服", "广州", "物流"],
            ["智能客服", "广州", "物流"],
        ])
        #expect(p.duplicates.map(\.row) == [2, 3, 5])
        #expect(p.duplicates.map(\.existing) == ["shenzhen-pathology", "shenzhen-pathology", "row 4"])
        #expect(p.duplicates.map(\.reason) == ["same title and city", "nearly the same title", "same title and city"])
        // The plan's lines and the import wizard word the reason and an earlier row in the language in effect.
        Wording.$taskLanguage.withValue(.zh) {
            #expect(p.duplicates.map(\.shownReason) == ["标题和城市相同", "标题几乎相同", "标题和城市相同"])
            #expect(p.duplicates.map(\.shownExisting) == ["shenzhen-pathology", "shenzhen-pathology", "第 4 行"])
            for d in p.duplicates {
                let line = Text.cliImportDupRow(d.row, d.title, d.shownExisting, d.existingTitle, d.shownReason)
                #expect(ChineseText.englishWords(in: line).isEmpty, "\(line)")
            }
        }
        Wording.$taskLanguage.withValue(.both) {
            #expect(p.duplicates.map(\.shownReason) == p.duplicates.map(\.reason) && p.duplicates.map(\.shownExisting) == p.duplicates.map(\.existing))
        }
        #expect(p.adds.map(\.row) == [4])
        // Each row added is checked once, here: the save writes the text this check gave.
        #expect(p.adds[0].checked?.text.contains("title: 智能客服") == true)
        #expect(p.checkedAgainst != nil)
    }

    /// Rows with an unknown city (twice), an empty title, an unknown sector and stage, a bad quarter.
    static let rowsWithProblems = [
        ["场景名称", "所属地市", "所属行业", "阶段", "起始季度"],
        ["甲", "深训", "医疗", "", ""],
        ["", "深圳", "元宇宙", "", ""],
        ["乙", "深训", "医疗", "半成品", "明年"],
    ]

    @Test func rejectsNameTheCellAndUnmappedValuesAreCounted() throws {
        let p = try Self.plan(Self.rowsWithProblems)
        #expect(p.adds.isEmpty)
        #expect(p.problems.map { $0.formatted() } == [
            "s.xlsx:2:2: error: unknown city '深训'; did you mean '深圳'? (column B 所属地市)",
            "s.xlsx:3:1: error: the title is empty (column A 场景名称)",
            "s.xlsx:3:3: error: unknown sector '元宇宙' (column C 所属行业)",
            "s.xlsx:4:2: error: unknown city '深训'; did you mean '深圳'? (column B 所属地市)",
            "s.xlsx:4:4: error: unknown stage '半成品' (column D 阶段)",
            "s.xlsx:4:5: error: '明年' is not a quarter (2026-Q1, 2026年第一季度) or a date (column E 起始季度)",
        ])
        #expect(p.unmapped.map { "\($0.field) \($0.value) \($0.rows)" } == ["city 深训 2", "sector 元宇宙 1", "stage 半成品 1"])
        let rejects = ImportPlanner.rejectSheet(p)
        #expect(rejects.columns.map(\.header) == ["场景名称", "所属地市", "所属行业", "阶段", "起始季度", "问题"])
        #expect(rejects.rows[0].prefix(2) == [.text("甲"), .text("深训")])
        #expect(rejects.rows[2].last?.text.contains("第4行D列") == true)
    }

    /// In zh the same problems keep their `FILE:ROW:COL: error:` prefix and read in Chinese, the
    /// column too; the reject sheet's 问题 column reads as the language does; refusals of a sheet too.
    @Test func rejectsInChinese() throws {
        let p = try Self.plan(Self.rowsWithProblems)
        Wording.$taskLanguage.withValue(.zh) {
            #expect(p.problems.map { $0.shown() } == [
                "s.xlsx:2:2: error: 未知的城市 '深训'；是否应为 '深圳'？（B 列 所属地市）",
                "s.xlsx:3:1: error: 标题为空（A 列 场景名称）",
                "s.xlsx:3:3: error: 未知的行业 '元宇宙'（C 列 所属行业）",
                "s.xlsx:4:2: error: 未知的城市 '深训'；是否应为 '深圳'？（B 列 所属地市）",
                "s.xlsx:4:4: error: 未知的阶段 '半成品'（D 列 阶段）",
                "s.xlsx:4:5: error: '明年' 不是季度（2026-Q1、2026年第一季度）或日期（E 列 起始季度）",
            ])
            #expect(ImportPlanner.rejectSheet(p).rows[1].last?.text == "第3行A列：标题为空（A 列 场景名称）\n第3行C列：未知的行业 '元宇宙'（C 列 所属行业）")
            let refusal = #expect(throws: ImportError.self) { try ImportPlanner.parseOverrides(["题目=titel"]) }
            #expect(refusal?.message == "--map '题目=titel'：导入不填写 'titel'；是否应为 'title'？可用的字段：\(ImportPlanner.fields.joined(separator: ", "))，或用 - 略去这一列")
        }
        Wording.$taskLanguage.withValue(.both) {
            #expect(p.problems.map { $0.shown() } == p.problems.map { $0.formatted() })
            #expect(ImportPlanner.rejectSheet(p).rows[1].last?.text.contains("第3行A列：the title is empty (column A 场景名称)") == true)
        }
    }

    @Test func mapOverridesAndRefusals() throws {
        // Without a title column the sheet cannot be imported at all.
        #expect(throws: ImportError.self) { try Self.plan([["题目", "城市", "领域"], ["甲", "深圳", "医疗"]]) }
        let p = try Self.plan([["题目", "城市", "领域", "备注"], ["甲", "深圳", "医疗", "x"]], overrides: ImportPlanner.parseOverrides(["题目=title", "城市=-", "备注=city"]))
        #expect(p.mapping.columns.map(\.field) == ["title", nil, "sector", "city"])
        #expect(p.rejects.count == 1)   // 备注 'x' is no city
        #expect(throws: ImportError.self) { try ImportPlanner.parseOverrides(["题目=titel"]) }
        #expect(throws: ImportError.self) { try ImportPlanner.parseOverrides(["题目"]) }
        // A sector column is required.
        #expect(throws: ImportError.self) { try Self.plan([["场景名称", "城市"], ["甲", "深圳"]]) }
    }

    @Test func quartersInTheFormsSheetsUse() throws {
        let p = try Self.plan([
            ["场景名称", "城市", "领域", "起始季度"],
            ["甲", "深圳", "医疗", "2026-Q1"], ["乙", "深圳", "医疗", "2026年第三季度"], ["丙", "深圳", "医疗", "2026Q4"],
        ])
        #expect(p.adds.map { $0.scenario.since?.description } == ["2026-Q1", "2026-Q3", "2026-Q4"])
    }

    @Test("every header of the standard vocabulary means one field, and none of them is also left out")
    func standardHeadersAreUnambiguous() {
        var owner: [String: String] = [:]
        let ignored = Set(ImportVocabulary.standard.ignoredHeaders.map(ImportVocabulary.normalise))
        for (field, names) in ImportVocabulary.standard.headers {
            for name in names {
                let h = ImportVocabulary.normalise(name)
                #expect(owner[h] == nil || owner[h] == field, "\(name): \(owner[h] ?? "") and \(field)")
                #expect(!ignored.contains(h), "\(name)")
                owner[h] = field
            }
        }
        #expect(owner.count > 30)
    }

    @Test func headerNormalisation() {
        #expect(ImportVocabulary.normalise(" 场景名称（必填）* ") == "场景名称")
        #expect(ImportVocabulary.normalise("ＴＩＴＬＥ") == "title")
    }
}

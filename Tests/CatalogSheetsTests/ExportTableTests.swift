import CatalogCore
import CatalogIndex
import CatalogSheets
import Spreadsheet
import Testing

@Suite("Export tables")
struct ExportTableTests {
    @Test func scenarioColumnsInTheOrderOfThePublishedLists() {
        let zh = ExportTable.scenarioColumns(includeInternal: false).map(\.zh)
        #expect(Array(zh.prefix(9)) == ["序号", "场景名称", "所属行业", "所属地市", "阶段", "状态", "需求方", "供给方", "场景简介"])
        #expect(zh.contains("起始季度") && zh.contains("更新日期") && !zh.contains { $0.hasPrefix("联系人") })
        #expect(ExportTable.scenarioColumns(includeInternal: true).last?.key == "contact")
    }

    @Test func computeFromEachQuarterWhereItChanges() {
        let s = Scenario(id: "a", title: "t", sector: "x", city: "y", stage: .piloting, status: .approved, compute: [
            ComputeNeed(workload: .inference, amount: 2, unit: .pflops, from: Quarter("2026-Q1")!, until: Quarter("2026-Q4")!),
            ComputeNeed(workload: .training, amount: 16, unit: .cards, accelerator: "gpu", from: Quarter("2026-Q3")!),
        ])
        #expect(ExportTable.quarterSeries(s, accelerators: ["gpu": 312], separator: "；") == "2026-Q1: 2；2026-Q3: 6.992；2027-Q1: 4.992")
    }

    @Test func suggestedFileNames() {
        let tax = Taxonomy(sectors: [Sector(id: "healthcare", zh: "医疗", en: "Healthcare")], cities: [])
        #expect(ExportTable.suggestedFileName(ListQuery(kind: .scenario, sector: "healthcare"), taxonomy: tax, date: "2026-12-06")
            == "场景清单-医疗-2026-12-06.xlsx")
        #expect(ExportTable.suggestedFileName(ListQuery(kind: .center), taxonomy: tax, date: "2026-12-06", format: "csv") == "算力中心清单-2026-12-06.csv")
    }
}

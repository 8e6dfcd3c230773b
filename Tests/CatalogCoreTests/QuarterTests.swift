@testable import CatalogCore
import Testing

@Suite struct QuarterTests {
    @Test(arguments: ["2026-Q1", "2000-Q4", "2100-Q2"])
    func validQuartersParseAndPrintBack(_ text: String) throws {
        let q = try #require(Quarter(text))
        #expect(q.description == text)
    }

    @Test(arguments: ["2026-Q5", "2026-Q0", "2026Q1", "26-Q1", "2026-q1", "2026-Q1 ", " 2026-Q1", "1999-Q4", "2101-Q1",
                      "２０２６-Q1", "2026-Q١", "", "2026-Q", "2026-Q12", "2026–Q1"])
    func invalidQuartersAreRefused(_ text: String) {
        #expect(Quarter(text) == nil)
    }

    @Test func orderingAndArithmetic() throws {
        let q4 = try #require(Quarter("2025-Q4"))
        let q1 = try #require(Quarter("2026-Q1"))
        #expect(q4 < q1)
        #expect(q4.adding(1) == q1)
        #expect(q1.adding(-1) == q4)
        #expect(q1.adding(7).description == "2027-Q4")
        #expect(Quarter(ordinal: q1.ordinal) == q1)
    }

    @Test func needsAreActiveFromFromToUntilInclusive() throws {
        let need = ComputeNeed(workload: .inference, amount: 1, unit: .pflops, from: Quarter("2026-Q2")!, until: Quarter("2026-Q3")!)
        #expect(!need.isActive(in: Quarter("2026-Q1")!))
        #expect(need.isActive(in: Quarter("2026-Q2")!))
        #expect(need.isActive(in: Quarter("2026-Q3")!))
        #expect(!need.isActive(in: Quarter("2026-Q4")!))
        let open = ComputeNeed(workload: .inference, amount: 1, unit: .pflops, from: Quarter("2026-Q2")!)
        #expect(open.isActive(in: Quarter("2099-Q4")!))
    }

    @Test func quarterHintsSayWhatIsWrong() {
        #expect(ObjectReader.quarterHint("2026-Q5") == "; quarters are Q1 to Q4")
        #expect(ObjectReader.quarterHint("2026Q1") == "; did you mean '2026-Q1'?")
        #expect(ObjectReader.quarterHint("2026 q3") == "; did you mean '2026-Q3'?")
        #expect(ObjectReader.quarterHint("26-Q1") == "; write the year with four digits")
        #expect(ObjectReader.quarterHint("1999-Q1") == "; the year must be 2000 to 2100")
        #expect(ObjectReader.quarterHint("next quarter") == "")
    }

    @Test(arguments: [("2024-02-29", true), ("2026-02-29", false), ("2000-02-29", true), ("1900-02-29", false),
                      ("2026-04-31", false), ("2026-12-31", true), ("2026-00-10", false), ("2026-1-10", false), ("2026-01-00", false)])
    func calendarDates(_ text: String, _ valid: Bool) {
        #expect(CalendarDate.isValid(text) == valid)
    }

    @Test func dateHints() {
        #expect(ObjectReader.dateHint("2026-02-30") == "; 2026-02 has 28 days")
        #expect(ObjectReader.dateHint("2028-02-30") == "; 2028-02 has 29 days")
        #expect(ObjectReader.dateHint("2026-13-01") == "; there is no month 13")
        #expect(ObjectReader.dateHint("2026-4-31") == "; 2026-04 has 30 days")
        #expect(ObjectReader.dateHint("2026-4-3") == "; did you mean '2026-04-03'?")
        #expect(ObjectReader.dateHint("May 1") == "")
    }
}

@testable import CatalogCore
import Testing

/// Plain scalars resolve as YAML 1.1 (PyYAML) reads them — or, where readers disagree, as the one that
/// is not text, so that a text field holding it has to be quoted.
@Suite struct PlainScalarTests {
    @Test(arguments: ["", "~", "null", "Null", "NULL"])
    func nulls(_ s: String) {
        #expect(PlainScalar.resolve(s) == .null)
    }

    @Test(arguments: ["true", "True", "TRUE", "yes", "Yes", "on", "ON", "y", "Y"])
    func trues(_ s: String) {
        #expect(PlainScalar.resolve(s) == .bool(true, raw: s))
    }

    @Test(arguments: ["false", "no", "No", "off", "OFF", "n", "N"])
    func falses(_ s: String) {
        #expect(PlainScalar.resolve(s) == .bool(false, raw: s))
    }

    @Test(arguments: [
        ("0", 0.0), ("12", 12), ("-3", -3), ("+7", 7), ("0012", 10), ("017", 15), ("0x1F", 31), ("-0x10", -16), ("0b101", 5),
        ("1_000", 1000), ("1.5", 1.5), (".5", 0.5), ("1.", 1), ("1e3", 1000), ("1.0e+3", 1000), ("-2.5E-1", -0.25),
        ("1:30", 90), ("1:30:00", 5400), ("-1:30", -90), ("1:30.5", 90.5), ("0019", 19),
    ])
    func numbers(_ s: String, _ expected: Double) {
        #expect(PlainScalar.resolve(s) == .number(expected, raw: s))
    }

    @Test func infinitiesAndNaN() {
        #expect(PlainScalar.resolve(".inf") == .number(.infinity, raw: ".inf"))
        #expect(PlainScalar.resolve("-.Inf") == .number(-.infinity, raw: "-.Inf"))
        guard case .number(let d, _) = PlainScalar.resolve(".nan") else { Issue.record("not a number"); return }
        #expect(d.isNaN)
    }

    @Test(arguments: ["2026-05-01", "2026-5-1", "2026-05-01T10:00:00Z", "2026-05-01 10:00:00"])
    func timestamps(_ s: String) {
        #expect(PlainScalar.resolve(s) == .date(s))
    }

    @Test(arguments: ["2026-Q1", "2026-01", "gz-imaging", "Sample-0001", "--1", "+-1", "0x", "0xZZ", "0x-1", "1e", ".", "-", "+",
                      "1-2", "1:60", "01:30", "1::30", "12:3a", "a1", "1,000", "infinity", "NaN", "医疗", "1.2.3", "0o17"])
    func text(_ s: String) {
        #expect(PlainScalar.resolve(s) == .string(s))
    }

    @Test func scalarTextIsWhatWasWritten() {
        #expect(PlainScalar.resolve("0012").scalarText == "0012")
        #expect(PlainScalar.resolve("yes").scalarText == "yes")
        #expect(PlainScalar.resolve("~").scalarText == nil)
    }
}

import Testing
@testable import CatalogCore

/// The shortcuts decoding takes for speed (docs/0031) decide exactly as the general checks do.
@Suite struct DecodingShortcutTests {
    /// Every scalar `text(of:key:)` refuses (controls, separators, non-characters, the byte order
    /// mark, invisible characters) is one `mightHoldRefused` flags, so no text skips the exact checks
    /// that needs them; and text it lets through is accepted unchanged.
    @Test func everyRefusedScalarIsFlagged() {
        var refused = 0
        // Every refused scalar is in the Basic Multilingual Plane; the other planes are sampled.
        for x in Array(UInt32(0)...0xFFFF) + Array(stride(from: UInt32(0x10000), through: 0x10FFFF, by: 97)) {
            guard let v = Unicode.Scalar(x) else { continue }
            let s = "a" + String(Character(v)) + "中"
            var r = ObjectReader(Node(.map([])), spec: Schema.modelLink, file: "t.yaml")
            let before = r.diagnostics.count
            let text = r.text(of: Node(.string(s)), key: "title")
            if r.diagnostics.count > before {
                refused += 1
                #expect(ObjectReader.mightHoldRefused(s), "U+\(String(x, radix: 16)) is refused but not flagged")
            } else {
                #expect(text == s)
            }
            if !ObjectReader.mightHoldRefused(s) { #expect(text == s) }
        }
        // 30 controls below U+0020 (tab and line feed pass), U+007F–U+009F, two separators, three
        // non-characters or marks, fifteen invisible characters.
        #expect(refused == 30 + 33 + 2 + 3 + 15)
    }

    @Test func commonChineseTextIsNotFlagged() {
        for s in ["智能质检——港口“集装箱”调度…", "（试点）：医疗，影像；", "plain ascii text", "line\nbreak\tand tab"] {
            #expect(!ObjectReader.mightHoldRefused(s))
        }
        #expect(ObjectReader.mightHoldRefused("a\u{200B}b"))
        #expect(ObjectReader.mightHoldRefused("a\u{2028}b"))
        #expect(ObjectReader.mightHoldRefused("a\u{FEFF}"))
    }

    @Test func blankIsTrimmedEmpty() {
        for s in ["", " ", "\u{3000}", " \u{301}", "\u{301}", "a", " a ", "中", "\u{3000}中", "\t", "\u{A0}", "\u{85}", "\u{2028}"] {
            #expect(s.isBlank == s.trimmingSpaces.isEmpty, "\(s.unicodeScalars.map { $0.value })")
        }
    }

    @Test func lastComponentsSplitAsSplitDoes() {
        for p in ["scenarios/x.yaml", "x.yaml", "", "/", "a//b/", "/scenarios/x.yaml", "deep/er/models/m.yaml",
                  "场景/x.yaml", "a/b\u{301}/c", "scenarios//x.yaml"] {
            let parts = p.split(separator: "/")
            let (dir, name) = EntityDecoder.lastComponents(p)
            #expect(dir == (parts.dropLast().last.map(String.init) ?? ""), "\(p)")
            #expect(name == (parts.last.map(String.init) ?? ""), "\(p)")
        }
    }

    /// Plain scalars known as text by their first byte resolve as the full rules would.
    @Test func plainScalarShortcut() {
        #expect(PlainScalar.resolve("") == .null)
        #expect(PlainScalar.resolve("~") == .null)
        #expect(PlainScalar.resolve("Null") == .null)
        #expect(PlainScalar.resolve("yes") == .bool(true, raw: "yes"))
        #expect(PlainScalar.resolve("OFF") == .bool(false, raw: "OFF"))
        #expect(PlainScalar.resolve("N") == .bool(false, raw: "N"))
        #expect(PlainScalar.resolve("nothing") == .string("nothing"))
        #expect(PlainScalar.resolve("医疗") == .string("医疗"))
        #expect(PlainScalar.resolve("Kelvin") == .string("Kelvin"))
        #expect(PlainScalar.resolve("2026-05-01") == .date("2026-05-01"))
        #expect(PlainScalar.resolve("-1.5") == .number(-1.5, raw: "-1.5"))
        #expect(PlainScalar.resolve(".inf") == .number(.infinity, raw: ".inf"))
        // Numbers decided by their bytes: digits at once, octal and the rest by the full rules.
        #expect(PlainScalar.resolve("128") == .number(128, raw: "128"))
        #expect(PlainScalar.resolve("0") == .number(0, raw: "0"))
        #expect(PlainScalar.resolve("017") == .number(15, raw: "017"))
        #expect(PlainScalar.resolve("2026-Q3") == .string("2026-Q3"))
        #expect(PlainScalar.resolve("12GB") == .string("12GB"))
        #expect(PlainScalar.resolve("0x1F") == .number(31, raw: "0x1F"))
        #expect(PlainScalar.resolve("1_000") == .number(1000, raw: "1_000"))
        // A digit with a combining mark is text (the octal rule used to take it for a digit and stop).
        #expect(PlainScalar.resolve("01\u{301}") == .string("01\u{301}"))
    }
}

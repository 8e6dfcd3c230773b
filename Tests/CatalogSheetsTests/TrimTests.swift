@testable import CatalogSheets
import Foundation
import Testing

@Suite("Trimming cell values")
struct TrimTests {
    @Test("the import's trim agrees with Foundation's whitespacesAndNewlines on every kind of white space")
    func agreesWithFoundation() {
        let spaces = [" ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{200A}",
                      "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}"]
        let cores = ["", "深圳", "a b", "医疗\u{3000}卫生", "x\u{200B}", "\u{200C}", "\u{180E}", "\u{FEFF}", "e\u{301}", "🇨🇳", "="]
        for core in cores {
            for lead in spaces + [""] {
                for trail in [""] + spaces {
                    let s = lead + core + trail
                    #expect(ImportPlanner.trimmed(s) == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(s.unicodeScalars))")
                }
            }
        }
    }
}

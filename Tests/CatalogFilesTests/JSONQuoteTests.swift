@testable import CatalogFiles
import Foundation
import Testing

/// JSON strings as scencat prints them, read back by Foundation's JSON reader: text without
/// escapes takes the whole-string path, the rest the scalar path; both must round-trip.
@Suite struct JSONQuoteTests {
    @Test func quotedTextReadsBackAsItWas() throws {
        let texts = ["", "plain", "在册 listed", "Guangdong-SAMPLE-2024-0080", "引号\"内", "back\\slash", "line\nbreak", "tab\there",
                     "\u{1}\u{1F}", "sep\u{2028}\u{2029}", "dash\u{2014}", "😀", "e\u{301}"]
        for t in texts {
            var out = ""
            JSONValue.quote(t, into: &out)
            let back = try JSONSerialization.jsonObject(with: Data("[\(out)]".utf8)) as? [String]
            #expect(back == [t], "\(t.debugDescription) printed as \(out)")
            #expect(!out.contains("\u{2028}") && !out.contains("\n"))
        }
    }
}

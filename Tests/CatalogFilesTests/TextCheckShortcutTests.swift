@testable import CatalogFiles
import Foundation
import Testing

/// `TextCheck.isPlainlyClean`, the one-pass shortcut of the byte checks (docs/0031), passes only
/// what the exact check passes, and passes what catalogue files hold.
@Suite struct TextCheckShortcutTests {
    func agrees(_ bytes: [UInt8]) -> Bool {
        !TextCheck.isPlainlyClean(bytes[...]) || TextCheck.exactFirstProblem(in: bytes[...]) == nil
    }

    @Test func everyOneAndTwoByteInputAgrees() {
        for a in 0...255 {
            #expect(agrees([UInt8(a)]), "\(a)")
            for b in 0...255 where !agrees([UInt8(a), UInt8(b)]) {
                Issue.record("\(a) \(b) passed by the shortcut, refused by the exact check")
            }
        }
    }

    @Test func everyThreeByteSequenceAgrees() {
        var refusedAndFlagged = 0
        for a in 0xE0...0xEF {
            for b in 0x70...0xC5 {
                for c in 0x70...0xC5 {
                    let bytes = [UInt8(a), UInt8(b), UInt8(c)]
                    if !agrees(bytes) { Issue.record("\(bytes) passed by the shortcut, refused by the exact check") }
                    if TextCheck.exactFirstProblem(in: bytes[...]) != nil { refusedAndFlagged += 1 }
                }
            }
        }
        #expect(refusedAndFlagged > 0)
    }

    @Test func lineStartsTabsAndCarriageReturnsGoToTheExactCheck() {
        for text in ["a\n<<<<<<< ours\n", "=======", "a\n>>>>>>> theirs", "\tkey: v", "a: b\r\n", "a\u{7F}", "x\u{2028}y", "\u{FEFF}", "a\u{85}"] {
            #expect(!TextCheck.isPlainlyClean(Array(text.utf8)[...]), "\(text)")
        }
    }

    @Test func catalogueFilesArePlainlyClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Catalog/scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for f in files {
            let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(f)))
            #expect(TextCheck.isPlainlyClean(bytes[...]), "\(f)")
            #expect(agrees(bytes))
        }
    }
}

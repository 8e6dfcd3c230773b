import CatalogCore
import CatalogTestSupport
@testable import CatalogFiles
import Testing

/// Whatever the bytes, reading returns: no crash, no hang, and every diagnostic has a real position.
@Suite struct FuzzTests {
    static let insertions: [[UInt8]] = [":", "-", "&", "*", "[", "{", "]", "}", "\t", "\0", "\n", " ", "'", "\"", "#", "!",
                                        "|", ">", "? ", "- ", ": ", "&a ", "*a ", "!!int ", "<<<<<<< x\n", "---\n", "\\",
                                        "\u{FEFF}", "中", "\r"].map { Array($0.utf8) }

    static func mutate(_ base: [UInt8], _ r: inout SplitMix) -> [UInt8] {
        var bytes = base
        for _ in 0...r.below(3) {
            let at = r.below(bytes.count + 1)
            switch r.below(6) {
            case 0 where !bytes.isEmpty:  // flip bits of one byte
                let i = min(at, bytes.count - 1)
                bytes[i] ^= UInt8(truncatingIfNeeded: 1 << r.below(8))
            case 1:  // truncate
                bytes.removeSubrange(at...)
            case 2 where at < bytes.count:  // delete a run
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + r.below(8)))
            case 3 where !bytes.isEmpty:  // random byte
                bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: r.next())
            default:  // insert a YAML-significant token
                bytes.insert(contentsOf: insertions[r.below(insertions.count)], at: at)
            }
        }
        return bytes
    }

    @Test(arguments: [Fixture.scenarioPath, Fixture.modelPath, Fixture.centerPath, "taxonomy/accelerators.yaml"])
    func mutatedFilesNeverCrashTheReader(path: String) {
        let base = Array(Fixture.text(of: path).utf8)
        var r = SplitMix(seed: 0x5CE_CA7 &+ UInt64(path.utf8.count))
        var rejected = 0
        for variant in 0..<1000 {
            let bytes = Self.mutate(base, &r)
            let parsed = YAMLReader.read(bytes, file: path)
            var diags = parsed.diagnostics
            if let root = parsed.root {
                if path.hasPrefix("taxonomy/") {
                    diags += TaxonomyDecoder.accelerators(root, file: path).1
                } else {
                    diags += EntityDecoder.decode(root, file: path).diagnostics
                }
            } else {
                #expect(parsed.diagnostics.hasErrors, "variant \(variant): no tree and no error")
            }
            if diags.hasErrors { rejected += 1 }
            for d in diags {
                #expect(d.position.line >= 1 && d.position.column >= 1, "variant \(variant): \(d.formatted())")
                #expect(!d.message.isEmpty && d.file == path)
            }
        }
        // Most mutations break something; if none did, the loop is not exercising the reader.
        #expect(rejected > 300)
    }

    @Test func structuralNoiseNeverCrashesTheReader() {
        // Sequences of YAML punctuation alone: the parser's error paths rather than the byte checks.
        var r = SplitMix(seed: 42)
        let pieces = ["[", "]", "{", "}", ",", ": ", "- ", "? ", "a", "'", "\"", "\n", "  ", "&x ", "*x ", "!t ", "|", ">", "#", "...\n", "---\n", "%YAML 1.1\n"]
        for variant in 0..<1500 {
            var text = ""
            for _ in 0..<(1 + r.below(24)) { text += pieces[r.below(pieces.count)] }
            let parsed = YAMLReader.read(Array(text.utf8), file: "scenarios/x.yaml")
            if let root = parsed.root { _ = EntityDecoder.decode(root, file: "scenarios/x.yaml") }
            for d in parsed.diagnostics {
                #expect(d.position.line >= 1 && d.position.column >= 1, "variant \(variant) \(text.debugDescription): \(d.formatted())")
            }
        }
    }
}

@testable import CatalogCore
import Testing

/// `RegisterText` works on UTF-8 bytes for speed (docs/0018); these hold it to the
/// Character-by-Character reading it replaced, kept here as the reference.
@Suite struct RegisterTextTests {
    enum Reference {
        static func fold(_ s: String) -> String {
            var out = String.UnicodeScalarView()
            for u in s.unicodeScalars {
                var v = u.value
                if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
                switch v {
                case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x200B: continue
                case 0x2010...0x2015, 0x2212: v = 0x2D
                case 0x3010, 0x3014: v = 0x28
                case 0x3011, 0x3015: v = 0x29
                case 0x41...0x5A: v += 0x20
                default: break
                }
                if let scalar = Unicode.Scalar(v) { out.append(scalar) }
            }
            return String(out)
        }

        static func filingNo(_ s: String) -> String { fold(s).uppercased() }

        static func name(_ s: String) -> String {
            var n = fold(s)
            if n.hasSuffix("大模型") && n.count > 3 { n.removeLast(3) }
            return n
        }

        static func organisation(_ s: String) -> String {
            var n = removingParenthesisedPlaces(fold(s))
            n = n.replacing("有限责任公司", with: "有限公司")
            return n
        }

        static func removingParenthesisedPlaces(_ s: String) -> String {
            var out = ""
            var rest = Substring(s)
            while let open = rest.firstIndex(of: "(") {
                out += rest[..<open]
                let after = rest[rest.index(after: open)...]
                if let close = after.firstIndex(of: ")") {
                    let inside = after[..<close]
                    if (1...6).contains(inside.count), inside.unicodeScalars.allSatisfy({ (0x4E00...0x9FFF).contains($0.value) }) {
                        rest = after[after.index(after: close)...]
                        continue
                    }
                }
                out.append("(")
                rest = after
            }
            return out + rest
        }
    }

    /// Texts of the shapes real lists hold, and every scalar the rules name.
    static let samples = [
        "", " ", "大模型", "南越语音大模型", "南越语音 大模型", "南越语音大模型 ", "Ｇｕａｎｇｄｏｎｇ－SAMPLE－2025－0002",
        " guangdong-sample-2025-0002\u{3000}", "佛山１２３４５热线智能助手", "AbC", "ａＢｃ", "鹏政数字科技（深圳）有限公司",
        "鹏政数字科技(深圳)有限责任公司", "鹏政数字科技 有限公司", "鹏政数字科技(Shenzhen)有限公司", "有限责任公司有限责任公司",
        "有限责任有限责任公司", "(深圳)(广州)有限公司", "((深圳)", "(深圳", "深圳)", "()", "(一二三四五六)", "(一二三四五六七)",
        "【广州】科技有限公司", "〔佛山〕", "a\u{00A0}b\u{200B}c\u{2010}d\u{2015}e\u{2212}f", "\t\n\r x", "Ｚ～！",
        "睿粤通用大模型 V2", "恒锦大模型科技有限公司", "é大模型", "E\u{301}", "ß", "guangdong-ß-1", "😀大模型", "(😀)", "(中\u{FE0F})",
        "（ 深圳 ）有限公司", "大模型大模型", "x大模型", "Guangdong-SAMPLE-REG-2025-0022",
    ]

    static func check(_ s: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(RegisterText.fold(s) == Reference.fold(s), "fold \(s.debugDescription)", sourceLocation: sourceLocation)
        #expect(RegisterText.filingNo(s) == Reference.filingNo(s), "filingNo \(s.debugDescription)", sourceLocation: sourceLocation)
        #expect(RegisterText.name(s) == Reference.name(s), "name \(s.debugDescription)", sourceLocation: sourceLocation)
        #expect(RegisterText.organisation(s) == Reference.organisation(s), "organisation \(s.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func theByteReadingAgreesWithTheCharacterReadingOnListShapes() {
        for s in Self.samples { Self.check(s) }
    }

    @Test func theByteReadingAgreesOnGeneratedTexts() {
        // Pieces that meet each rule, joined at random: brackets around short and long ideograph runs,
        // the suffixes, every folded scalar, and scalars near them that must stay.
        let pieces = ["(", ")", "（", "）", "【", "】", "〔", "〕", "深圳", "广州市南沙", "有限责任公司", "有限公司", "责任", "大模型", "模型",
                      " ", "\u{3000}", "\u{00A0}", "\u{200B}", "\u{2010}", "\u{2014}", "\u{2212}", "\u{2016}", "-", "Ａ", "ｚ", "０", "～",
                      "\u{FF5F}", "\u{FF00}", "A", "z", "9", "é", "\u{301}", "ß", "ı", "😀", "\u{3001}", "\u{E000}", "·", "\t"]
        var state: UInt64 = 12
        func next(_ n: Int) -> Int {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        for _ in 0..<3000 {
            Self.check((0..<next(9)).map { _ in pieces[next(pieces.count)] }.joined())
        }
    }

    @Test func rowsReadInOrderAreKeptAndOthersSortedAsBefore() {
        let rows = ["g-2", "G-10", "Ｇ-1", "a", "G-1 "].map { RegisterRow(filingNo: $0, name: "n", organisation: "o") }
        let reference = rows.sorted { Reference.filingNo($0.filingNo) < Reference.filingNo($1.filingNo) }
        #expect(RegisterSnapshot.sortedByFilingNo(rows) == reference)
        #expect(RegisterSnapshot.sortedByFilingNo(reference) == reference)
    }

    @Test func checkingAllModelsAtOnceGivesEachModelsFinding() {
        let rows = [RegisterRow(filingNo: "G-1", name: "南海金融大模型", organisation: "南海数智（深圳）有限责任公司", date: "2024-12-16"),
                    RegisterRow(filingNo: "G-2", name: "快答客服", organisation: "速应智能科技有限公司")]
        let book = RegisterBook([RegisterSnapshot(ref: RegisterSnapshotRef(source: "g", asOf: "2026-02-28"), rows: rows),
                                 RegisterSnapshot(ref: RegisterSnapshotRef(source: "g", asOf: "2025-12-31"), rows: [RegisterRow(filingNo: "G-3", name: "x", organisation: "y")])])
        let models = [("G-1", "南海金融", "南海数智有限公司"), ("g-1", "南海金融", "别的有限公司"), ("G-2", "快答客服大模型", "速应智能科技有限公司"),
                      ("G-3", "x", "y"), ("", "快答客服", "速应智能科技有限责任公司"), ("G-9", "z", "南海数智有限公司")]
            .map { Model(id: $0.0, name: $0.1, provider: $0.2, filingKind: .filed, filingNo: $0.0, filedOn: "2024-12-16", status: .active) }
        let all = book.check(models)
        #expect(all == models.map(book.check))
        #expect(all.map(\.status.kind) == [.listed, .mismatch, .listed, .removed, .notFound, .notFound])
        #expect(all[4].suggestion?.filingNo == "G-2")
    }
}

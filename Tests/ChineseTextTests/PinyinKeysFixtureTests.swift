import Foundation
import Testing
@testable import ChineseText

/// Pins what the index stores for a name — `Pinyin.sortKey` and `PinyinText.indexWords` — to the
/// values recorded in Fixtures/pinyin-keys.json, so that a faster implementation must give the
/// same bytes (docs/0036). The fixture holds the shipped catalogue's names, the pypinyin judge's
/// names, every eighth name of a generated 10k catalogue, and the texts below.
///
/// To re-record (only when the output is meant to change): run this suite with
/// `SCENCAT_RECORD_PINYIN_KEYS=<file of names, one a line>`; it rewrites the fixture.
@Suite struct PinyinKeysFixtureTests {
    /// Texts that exercise the edges: polyphones and phrases, Latin and digits, fullwidth forms,
    /// punctuation, combining marks and emoji (a character of several scalars is left out of
    /// pinyin), long runs of polyphones (spellings cut at 16), other scripts, the empty text.
    static let edgeTexts: [String] = [
        "", " ", "长沙", "银行", "重庆", "佛山", "行长", "厦门", "长沙银行", "银行行长", "重庆银行长沙分行",
        "佛山市长", "长长长长长长长长长长", "行行行行行行行行行", "重重重重", "乐行长重", "还行长乐调",
        "广州·港口", "广州 港口", "AI", "ai 平台", "GPT-4o 大模型", "5G智慧工厂", "ｙｌ医疗", "ＡＩ平台１２３",
        "医疗AI2024", "a", "Z", "0", "00000000000", "abcdefghijklmnop", "ABCdef", "x'an", "西安", "Xi'an 西安",
        "医\u{301}疗", "e\u{301}cole", "😀医疗", "医疗😀平台", "👨‍👩‍👧 家庭", "🇨🇳中国", "中国\u{FE0F}", "葛\u{E0100}洪",
        "〇", "二〇二四年", "𠀀𠀁医疗", "한국어 모델", "Ελληνικά", "Привет мир", "مرحبا", "हिन्दी",
        "\t医疗\n平台\r\n", "（示例）", "广东省人工智能应用场景清单（示例）", "《长沙》", "Ⅷ号", "①②③", "½",
        "ǖ", "Ü", "ß", "İstanbul", "café 咖啡", "长\u{200D}沙", "银\u{200B}行", "重\u{0300}庆",
        "模具厂 长沙市 行业 泊位", "阿房宫", "那不勒斯", "银行行员", "还乡团长", "都江堰市长沙",
        "乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐乐", "调调调调调", "了了", "的的确确",
    ]

    struct Entry: Codable, Equatable {
        var name: String
        /// The sort key's UTF-8 bytes in hex (it holds control bytes).
        var sortKey: String
        var words: String
    }

    static var fixtureURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pinyin-keys.json")
    }

    static func hex(_ s: String) -> String {
        s.utf8.map { String(format: "%02x", $0) }.joined()
    }

    static func entry(_ name: String) -> Entry {
        Entry(name: name, sortKey: hex(Pinyin.sortKey(name)), words: PinyinText(name).indexWords())
    }

    static func recordIfAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["SCENCAT_RECORD_PINYIN_KEYS"] else { return }
        let listed = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var names: [String] = []
        var seen = Set<String>()
        for name in edgeTexts + listed where seen.insert(name).inserted { names.append(name) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(names.map(entry)).write(to: fixtureURL, options: .atomic)
    }

    static func fixture() throws -> [Entry] {
        try recordIfAsked()
        return try JSONDecoder().decode([Entry].self, from: Data(contentsOf: fixtureURL))
    }

    @Test func sortKeysAreTheRecordedOnes() throws {
        let entries = try Self.fixture()
        #expect(entries.count > 1_000)
        var wrong: [String] = []
        for e in entries where Self.hex(Pinyin.sortKey(e.name)) != e.sortKey {
            wrong.append("\(e.name.debugDescription): \(Self.hex(Pinyin.sortKey(e.name))) ≠ \(e.sortKey)")
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test func indexWordsAreTheRecordedOnes() throws {
        let entries = try Self.fixture()
        var wrong: [String] = []
        for e in entries where PinyinText(e.name).indexWords() != e.words {
            wrong.append("\(e.name.debugDescription): \(PinyinText(e.name).indexWords()) ≠ \(e.words)")
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    /// The way the index computes them (docs/0036): from the text's scalars when each is a
    /// Character of its own, else through `PinyinText`.
    @Test func indexWordsOfATextAreTheRecordedOnes() throws {
        let entries = try Self.fixture()
        var wrong: [String] = []
        for e in entries where PinyinText.indexWords(of: e.name) != e.words {
            wrong.append("\(e.name.debugDescription): \(PinyinText.indexWords(of: e.name)) ≠ \(e.words)")
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
        // Both ways are taken: most names are read scalar by scalar, those with emoji or
        // combining marks Character by Character.
        let plain = entries.filter { UnitInitials(plainText: $0.name) != nil }.count
        #expect(plain > 1_300 && plain < entries.count)
    }

    @Test func fixtureHoldsEveryEdgeText() throws {
        let names = Set(try Self.fixture().map(\.name))
        #expect(Self.edgeTexts.filter { !names.contains($0) }.isEmpty)
    }

    /// The recorded values themselves, for a few names whose pinyin docs/0019 states.
    @Test func recordedValuesSayWhatDocs0019Says() throws {
        let byName = Dictionary(try Self.fixture().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["长沙银行"]?.words.hasPrefix("csyh syh yh h") == true)
        #expect(byName["长沙银行"]?.words.hasSuffix("0csyh") == true)
        #expect(byName[""]?.words == "")
        #expect(byName[""]?.sortKey == "")
    }
}

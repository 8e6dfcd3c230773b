import Foundation
import Testing
@testable import ChineseText

/// Pinyin of names, judged by pypinyin (a fixture it wrote) and by Foundation's zh_CN collation.
@Suite struct PinyinTests {
    /// `name<TAB>pypinyin's lazy_pinyin of its Han characters`, written by scripts/gen-pinyin-judge.
    static func judge() throws -> [(name: String, reading: String)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pypinyin-judge.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    @Test func readsEveryShippedNameAsPypinyinDoes() throws {
        let names = try Self.judge()
        #expect(names.count > 300)
        var wrong: [String] = []
        for (name, reading) in names where Pinyin.reading(name).joined(separator: " ") != reading {
            wrong.append("\(name): \(Pinyin.reading(name).joined(separator: " ")) ≠ pypinyin \(reading)")
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }

    @Test func readsPolyphonesByPhrase() {
        #expect(Pinyin.reading("长沙") == ["chang", "sha"])
        #expect(Pinyin.reading("银行") == ["yin", "hang"])
        #expect(Pinyin.reading("佛山") == ["fo", "shan"])
        #expect(Pinyin.reading("重庆") == ["chong", "qing"])
        #expect(Pinyin.reading("厦门") == ["xia", "men"])
        #expect(Pinyin.reading("行长") == ["hang", "zhang"])
        // Outside a known phrase a polyphone keeps every reading for search.
        let unit = PinyinText("长").units[0]
        #expect(unit.readings.contains("chang") && unit.readings.contains("zhang"))
        #expect(PinyinText("银行").units[1].readings == ["hang"])
        #expect(Pinyin.readings(of: "医") == [Pinyin.Reading(syllable: "yi", tone: 1)])
        #expect(Pinyin.readings(of: "a").isEmpty)
    }

    // MARK: Order

    static let cities = ["广州", "深圳", "珠海", "汕头", "佛山", "韶关", "河源", "梅州", "惠州", "汕尾", "东莞", "中山", "江门",
                         "阳江", "湛江", "茂名", "肇庆", "清远", "潮州", "揭阳", "云浮", "广东省"]
    static let sectors = ["制造", "医疗", "教育", "金融", "科研", "政务", "交通", "能源", "农业", "文旅", "城市治理", "物流", "商贸"]

    static func icuSorted(_ names: [String]) -> [String] {
        let zh = Locale(identifier: "zh_CN")
        return names.sorted { $0.compare($1, options: [], range: nil, locale: zh) == .orderedAscending }
    }

    @Test func sortsAsFoundationsChineseCollationDoes() throws {
        #expect(Self.icuSorted(["广州", "佛山", "东莞", "重庆", "潮州"]) == ["潮州", "重庆", "东莞", "佛山", "广州"])
        let orgs = try Self.judge().map(\.name)
        // Names whose phrase reading differs from ICU's character-by-character reading are judged
        // below by pypinyin instead (ICU sorts 长沙 under zhang, 厦门 under sha, 模具 under mo), as
        // are those with a character ICU reads otherwise than pypinyin's everyday reading (泊 po, not bo).
        let readOtherwise = Set(PinyinData.icuReadsOtherwise)
        func phraseRead(_ name: String) -> Bool {
            PinyinText(name).units.contains { $0.isHan && $0.readings.count == 1 && $0.readings[0] != Pinyin.readings(of: $0.scalar).first?.syllable }
        }
        let all = Array(Set(Self.cities + Self.sectors + orgs + ["AI平台", "5G港口", "abc", "Zeta", "深 圳", "深圳市"]))
        let names = all.filter { n in !phraseRead(n) && !n.contains { readOtherwise.contains($0) } }
        #expect(all.count - names.count < 60)   // 43 of 342 on this machine
        #expect(names.count > 200)
        let ours = names.sorted { Pinyin.sortKey($0) < Pinyin.sortKey($1) }
        let icu = Self.icuSorted(names)
        let differing = zip(ours, icu).filter { $0 != $1 }
        #expect(differing.isEmpty, "first differences: \(differing.prefix(5))")
    }

    @Test func sortsPhrasesByTheirReading() {
        let names = ["长沙", "潮州", "厂房", "厦门", "武汉", "银行", "重庆", "中山", "东莞", "摩托车", "模具", "木材", "港口泊位", "港口集装箱"]
        let sorted = names.sorted { Pinyin.sortKey($0) < Pinyin.sortKey($1) }
        #expect(sorted == ["长沙", "厂房", "潮州", "重庆", "东莞", "港口泊位", "港口集装箱", "摩托车", "模具", "木材", "武汉", "厦门", "银行", "中山"])
    }

    // MARK: Matching

    func matches(_ query: String, _ text: String) -> Bool { PinyinQuery(query)?.match(text) != nil }

    @Test func matchesFullPinyinInitialsAndMixes() {
        for q in ["yiliao", "yl", "YL", "Yi Liao", "医l", "yi疗", "yili", "yliao", "医疗", "ｙｌ", "liao", "yly", "yiliaoyingxiang", "ylyx", "yx"] {
            #expect(matches(q, "医疗影像辅助诊断"), "\(q)")
        }
        for q in ["lyy", "yz", "yiliaoz", "医x", "liaoyy", "yiy"] {
            #expect(!matches(q, "医疗影像辅助诊断"), "\(q)")
        }
    }

    @Test func matchesPolyphonesRight() {
        #expect(matches("cs", "长沙"))
        #expect(matches("changsha", "长沙"))
        #expect(!matches("zs", "长沙"))         // the phrase says chang
        #expect(matches("zd", "长大") && matches("cd", "长度"))
        #expect(matches("yh", "招商银行"))
        #expect(matches("yinhang", "长沙银行"))
        #expect(!matches("yx", "银行"))        // the phrase says hang
        #expect(!matches("yinxing", "银行"))
        #expect(matches("fs", "佛山"))
        #expect(matches("foshan", "佛山智能制造"))
        #expect(matches("cq", "重庆"))
        #expect(!matches("zq", "重庆"))
        #expect(matches("xm", "厦门"))
        #expect(matches("zhsh", "智商"))         // zh and sh as initials
        #expect(matches("xi'an", "西安"))
    }

    @Test func reportsWhereItMatched() throws {
        let m = try #require(PinyinQuery("gk")?.match("5G 智慧港口调度"))
        #expect(m.range == 5..<7)
        #expect(!m.atStart)
        #expect(PinyinQuery("5gzh")?.match("5G 智慧港口")?.range == 0..<4)
        #expect(PinyinQuery("5gzh")?.match("5G 智慧港口")?.atStart == true)
        #expect(PinyinQuery("—·") == nil)
    }

    /// The fewest characters a query can cover: its reading as the fewest syllables (docs/0032).
    @Test func countsTheFewestCharactersAQueryCovers() throws {
        let expected: [String: Int] = ["yl": 2, "yiliao": 2, "yli": 2, "医l": 2, "yi疗": 2, "shan": 1, "xian": 1, "xi'an": 1,
                                       "gzg": 3, "zhijian": 2, "zhinengzhizao": 4, "zh": 1, "5gzh": 3, "diaodu": 2]
        for (q, n) in expected { #expect(PinyinQuery(q)?.fewestUnits == n, "\(q)") }
    }

    /// A text the query matches in several ways reports its best match: the fewest characters
    /// covered, then everyday readings, then the start, then the leftmost.
    @Test func reportsTheBestOfSeveralMatches() throws {
        // zhi-jia-n covers 智嘉农 from the start (three characters); zhi-jian covers 质检 (two).
        let spelled = try #require(PinyinQuery("zhijian")?.match("智嘉农业质检"))
        #expect(spelled.range == 4..<6 && !spelled.atStart && spelled.length == 2 && spelled.everyday)
        // As few characters at the start and inside: the start.
        let start = try #require(PinyinQuery("yl")?.match("医疗智慧医疗"))
        #expect(start.range == 0..<2 && start.atStart)
        // As few inside twice: the leftmost.
        #expect(PinyinQuery("yl")?.match("智慧医疗与养老")?.range == 2..<4)
        // 粤游 read yue-liu (游's rarer reading) at the start, 医疗 by everyday readings inside: 医疗.
        let everyday = try #require(PinyinQuery("yl")?.match("粤游医疗"))
        #expect(everyday.range == 2..<4 && everyday.everyday && !everyday.atStart)
        #expect(PinyinQuery("yl")?.match("粤游文旅")?.everyday == false)
        // Initials alone where the text spells nothing out: every character covered.
        #expect(PinyinQuery("zjn")?.match("智嘉农业")?.length == 3)
    }

    // MARK: Index words and keys

    /// Every query that matches a text must find it through the index: one of its keys is a
    /// prefix of one of the text's words.
    @Test func indexKeysFindEveryMatch() {
        let texts = ["医疗影像辅助诊断", "长沙银行智能客服", "佛山智能制造质检", "重庆市政务服务", "5G智慧港口", "AI辅助教学",
                     "广州港集装箱智能调度", "厦门大学科研平台", "行政审批"]
        let queries = ["yiliao", "yl", "医l", "yi疗", "yliao", "cs", "yh", "yinhang", "fs", "foshan", "cq", "chongqing", "5gzh",
                       "aifz", "gzg", "jzx", "diaodu", "dd", "tiao", "xm", "xiamen", "xz", "hangzheng", "xingzheng", "zhsp", "zs", "z"]
        var checked = 0
        for text in texts {
            let t = PinyinText(text)
            let words = t.indexTokens()
            for q in queries {
                guard let query = PinyinQuery(q), query.match(t) != nil else { continue }
                checked += 1
                #expect(query.indexKeys.contains { k in words.contains { $0.hasPrefix(k) } }, "\(q) in \(text): keys \(query.indexKeys), words \(words)")
            }
        }
        #expect(checked > 25)
    }

    /// A search reads first the names a query may match from their start, by its `startKeys` and
    /// the names' `startTokens`: every match at the start must be found so.
    @Test func startKeysFindEveryMatchAtTheStart() {
        let names = ["医疗影像辅助诊断", "长沙银行智能客服", "佛山智能制造质检", "重庆市政务服务", "5G智慧港口", "AI辅助教学",
                     "广州港集装箱智能调度", "厦门大学科研平台", "行政审批", "银行信贷风控", "长大", "长度调节"]
        let queries = ["yiliao", "yl", "医l", "yi疗", "yliao", "cs", "csyh", "changsha", "yh", "yinhang", "fs", "foshan", "cq",
                       "chongqing", "5gzh", "5g", "aifz", "gzg", "guangzhou", "jzx", "diaodu", "dd", "tiao", "xm", "xiamen", "xz",
                       "hangzheng", "xingzheng", "zhsp", "zs", "zd", "cd", "zhangda", "changdu", "zn", "zhinengzhizao", "fszn"]
        var checked = 0
        // Each name and each of its tails, so that every position is a start once.
        for name in names {
            let characters = Array(name)
            for from in characters.indices {
                let t = PinyinText(String(characters[from...]))
                let words = t.startTokens()
                #expect(words.allSatisfy { $0.hasPrefix(PinyinText.startMark) })
                for q in queries {
                    guard let query = PinyinQuery(q), let m = query.match(t), m.atStart else { continue }
                    checked += 1
                    #expect(query.startKeys.contains { k in words.contains { $0.hasPrefix(k) } },
                            "\(q) at the start of \(String(characters[from...])): keys \(query.startKeys), words \(words)")
                }
            }
        }
        #expect(checked > 40)
        #expect(PinyinText("长沙银行").startTokens() == ["0csyh"])
        // A polyphone at the start gives a start word per initial; a phrase fixes it.
        #expect(Set(PinyinText("长").startTokens()) == ["0c", "0z"])
        #expect(PinyinText("长度").startTokens() == ["0cd"])
        #expect(PinyinText("重庆").startTokens() == ["0cq"])
        // The index stores both kinds of words; start keys are not prefixes of the others.
        #expect(PinyinText("银行").indexWords() == "yh h 0yh")
        #expect(PinyinQuery("yinhang")?.startKeys.contains("0yh") == true)
        #expect(PinyinText("").startTokens().isEmpty)
    }

    @Test func longQueriesKeepSelectiveKeys() throws {
        // Hundreds of ways to read it; the keys are cut short, not replaced by the first letter
        // (which at 100k finds every name with a z, and the first 1,500 of them held no match).
        let query = try #require(PinyinQuery("zhinengzhizao"))
        let keys = query.indexKeys
        #expect(keys.count <= 24)
        #expect(keys.allSatisfy { $0.utf8.count >= 3 }, "\(keys)")
        let text = PinyinText("佛山智能制造示范工厂")
        #expect(query.match(text) != nil)
        let words = text.indexTokens()
        #expect(keys.contains { k in words.contains { $0.hasPrefix(k) } }, "keys \(keys), words \(words)")
    }

    @Test func indexWordsOfAPolyphone() {
        #expect(PinyinText("长沙").indexTokens() == ["cs", "s"])
        let words = PinyinText("长").indexTokens()
        #expect(words.contains("c") && words.contains("z"))
        #expect(PinyinText("银行").indexTokens() == ["yh", "h"])
        #expect(PinyinQuery("yiliao")?.indexKeys.contains("yl") == true)
        #expect(PinyinQuery("医l")?.indexKeys == ["yl"])
        #expect(PinyinQuery("yl")?.indexKeys == ["yl"])
    }
}

import CatalogCore
import Foundation
import GRDB
import Testing
@testable import CatalogIndex

/// Pinyin order and pinyin search as the index answers them.
@Suite struct PinyinIndexTests {
    typealias F = Fixtures

    static let titles = [
        "s1": "长沙银行智能客服", "s2": "佛山智能制造质检", "s3": "重庆市政务热线", "s4": "医疗影像辅助诊断",
        "s5": "潮州古城导览", "s6": "东莞工厂排产", "s7": "广州港集装箱调度", "s8": "厦门港口泊位计划",
        "s9": "医保智能审核", "s10": "GPU集群调度", "s11": "银行信贷风控", "s12": "农业病虫害识别",
    ]

    static func catalogue() throws -> IndexStore {
        let store = try F.store()
        var entities = titles.map { F.scenario($0.key, title: $0.value) }
        entities.append(F.model("m-lingnan", name: "岭南医疗大模型"))
        entities.append(F.center("c-cs", name: "长沙智算中心"))
        try F.load(store, entities)
        return store
    }

    static func names(_ store: IndexStore, sort: ListQuery.SortKey, descending: Bool = false, text: String? = nil) throws -> [String] {
        try store.list(ListQuery(kind: .scenario, text: text, sort: sort, descending: descending, limit: 100)).map(\.name)
    }

    @Test func sortsByNameInPinyinOrder() throws {
        let store = try Self.catalogue()
        let names = try Self.names(store, sort: .name)
        let zh = Locale(identifier: "zh_CN")
        // Foundation's zh_CN collation agrees, but for 长 (ICU: zhang) and 厦 (ICU: sha), read here as the phrases say.
        let icu = Self.titles.values.sorted { $0.compare($1, options: [], range: nil, locale: zh) == .orderedAscending }
        #expect(names.filter { !$0.hasPrefix("长") && !$0.hasPrefix("厦") } == icu.filter { !$0.hasPrefix("长") && !$0.hasPrefix("厦") })
        #expect(names == ["长沙银行智能客服", "潮州古城导览", "重庆市政务热线", "东莞工厂排产", "佛山智能制造质检", "广州港集装箱调度",
                          "农业病虫害识别", "厦门港口泊位计划", "医保智能审核", "医疗影像辅助诊断", "银行信贷风控", "GPU集群调度"])
        #expect(try Self.names(store, sort: .name, descending: true) == names.reversed())
        // Pages follow the same order.
        let page = try store.list(ListQuery(kind: .scenario, sort: .name, limit: 3, offset: 3)).map(\.name)
        #expect(page == Array(names[3..<6]))
    }

    @Test func sortingByNameIsAnIndexedQuery() throws {
        let store = try Self.catalogue()
        var sql = ListSQL(ListQuery(kind: .scenario, sort: .name, limit: 50, offset: 100))
        let plan = try store.pool.read { db -> String in
            try sql.addPinyin(db)
            let (fromWhere, args) = sql.fromWhere(.collect)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT \(EntityRow.selection) \(fromWhere) \(sql.orderBy(.collect)) \(sql.limitOffset)",
                                    arguments: StatementArguments(args)).map { $0["detail"] as String }.joined(separator: "\n")
        }
        #expect(plan.contains("entity_pinyin_sort"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }

    static func searched(_ store: IndexStore, _ text: String) throws -> [String] {
        try store.search(text, kinds: [.scenario]).map(\.id)
    }

    @Test func searchesByEveryFormOfPinyin() throws {
        let store = try Self.catalogue()
        #expect(try Self.searched(store, "yl").contains("s4"))
        #expect(try Self.searched(store, "yiliao") == ["s4"])
        #expect(try Self.searched(store, "YiLiao") == ["s4"])
        #expect(try Self.searched(store, "医l") == ["s4"])
        #expect(try Self.searched(store, "yi疗") == ["s4"])
        #expect(try Self.searched(store, "ylyx") == ["s4"])
        #expect(try Self.searched(store, "cs") == ["s1"])
        #expect(try Self.searched(store, "yh").sorted() == ["s1", "s11"])
        #expect(try Self.searched(store, "fs") == ["s2"])
        #expect(try Self.searched(store, "cq") == ["s3"])
        #expect(try Self.searched(store, "xm") == ["s8"])
        #expect(try Self.searched(store, "yinxing").isEmpty)    // 银行 is yin hang
        #expect(try Self.searched(store, "zq").isEmpty)         // 重庆 is chong qing
        // Other kinds too, and the hit says it was found by pinyin.
        let all = try store.search("yl")
        #expect(all.contains { $0.id == "m-lingnan" && $0.field == .pinyin })
        #expect(try store.search("cszs").map(\.id) == ["c-cs"])
    }

    @Test func ranksWordsBeforePinyin() throws {
        let store = try Self.catalogue()
        // `gpu` is a word of s10's title; no name reads g-p-u.
        #expect(try Self.searched(store, "gpu") == ["s10"])
        // 医 found as a character first (s4, s9 in the word search's order), then no pinyin duplicates.
        let hits = try Self.searched(store, "医")
        #expect(Set(hits) == ["s4", "s9"])
        // Matches at the start of a name come before matches inside it.
        #expect(try Self.searched(store, "yh") == ["s11", "s1"])
    }

    /// More names hold the query's initials than a search reads (`PinyinIndex.searchCandidates`),
    /// none of them matching, all before the one that does: it is still found, as the names it
    /// may match from their start (`start words`) are read first.
    @Test func findsANameAmongMoreCandidatesThanASearchReads() throws {
        let store = try F.store()
        // 银河 reads yin he: `yh` inside every one of these names, `yinhang` in none.
        var entities = (0..<(PinyinIndex.searchCandidates + 100)).map { F.scenario("a\($0)", title: "智能银河系统\($0)") }
        entities.append(F.scenario("z-bank", title: "银行信贷风控"))
        try F.load(store, entities)
        let candidates = try store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM search_pinyin WHERE search_pinyin MATCH '\"yh\"*'")
        }
        #expect(candidates == PinyinIndex.searchCandidates + 101)
        #expect(try Self.searched(store, "yinhang") == ["z-bank"])
        #expect(try Self.searched(store, "yh").count == 50)
        #expect(try Self.searched(store, "yh").first == "z-bank")     // at the start, so first
        // A list filter reads every candidate: all of them match `yh`.
        #expect(try store.count(ListQuery(kind: .scenario, text: "yh")) == PinyinIndex.searchCandidates + 101)
    }

    /// A search stops reading candidates once it has a page of matches.
    @Test func aSearchStopsAtAPageOfMatches() throws {
        let store = try Self.catalogue()
        let hits = try store.pool.read { db in
            try IndexStore.pinyinHits(db, #require(PinyinIndex.query("zn")), kinds: [.scenario], candidates: 100, page: 2)
        }
        #expect(hits.count == 2)
        let all = try store.pool.read { db in
            try IndexStore.pinyinHits(db, #require(PinyinIndex.query("zn")), kinds: [.scenario], candidates: 100)
        }
        #expect(all.count == 3)     // 长沙银行智能客服, 佛山智能制造质检, 医保智能审核
    }

    @Test func listsFilterByPinyinToo() throws {
        let store = try Self.catalogue()
        #expect(try Self.names(store, sort: .id, text: "yh") == ["长沙银行智能客服", "银行信贷风控"])
        #expect(try store.count(ListQuery(kind: .scenario, text: "yh")) == 2)
        #expect(try store.count(ListQuery(kind: .scenario, text: "diaodu")) == 2)
        #expect(try Self.names(store, sort: .name, text: "diaodu") == ["广州港集装箱调度", "GPU集群调度"])
        // Relevance: rows found by words first.
        #expect(try Self.names(store, sort: .relevance, text: "yl") == ["医疗影像辅助诊断"])
    }

    /// A bulk load fills the pinyin table unmerged in large segments, merges it once at the end
    /// and gives FTS5's defaults back, so later single changes merge as usual.
    @Test func aBulkLoadMergesThePinyinTableOnceAndRestoresItsSettings() throws {
        let store = try F.store()
        try F.load(store, (0..<40).map { F.scenario(String(format: "s%03d", $0), title: "医疗影像\($0)") })
        let (config, segments) = try store.writer().writeWithoutTransaction { db -> ([String: Int], Int) in
            var config: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT k, v FROM search_pinyin_config") {
                if let v = row["v"] as Int? { config[row["k"]] = v }
            }
            // One segment after the merge (the idx table has rows per segment and leaf range).
            let segments = try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM search_pinyin_idx") ?? -1
            return (config, segments)
        }
        #expect(config["automerge"] == 4)
        #expect(config["hashsize"] == IndexWriter.defaultHashSize)
        #expect(segments == 1)
        #expect(try Self.searched(store, "ylyx").count == 40)
    }

    @Test func forgetsAndRewritesPinyinWithTheEntity() throws {
        let store = try Self.catalogue()
        let renamed = F.scenario("s4", title: "教育评估")
        try store.write { w in try w.upsert(renamed, file: F.record(renamed, hash: "h2"), references: F.references(of: renamed)) }
        #expect(try Self.searched(store, "yiliao").isEmpty)
        #expect(try Self.searched(store, "jypg") == ["s4"])
        // The text table keeps no copy of its words: the old name's were deleted from the index
        // itself (recomputed from the name), not only rejected by the matcher.
        func indexed(_ word: String) throws -> [String] {
            try store.pool.read { db in
                try String.fetchAll(db, sql: "SELECT e.id FROM search_pinyin s JOIN entity e ON e.pk = s.rowid WHERE search_pinyin MATCH ? ORDER BY e.id",
                                    arguments: ["\"\(word)\""])
            }
        }
        #expect(try indexed("ylyxfzzd").isEmpty)
        #expect(try indexed("0ylyxfzzd").isEmpty)
        #expect(try indexed("jypg") == ["s4"])
        #expect(try indexed("0jypg") == ["s4"])
        try store.writer().write { db in try db.execute(sql: "INSERT INTO search_pinyin(search_pinyin) VALUES ('integrity-check')") }
        try store.write { w in try w.remove(file: renamed.relativePath) }
        #expect(try Self.searched(store, "jypg").isEmpty)
        #expect(try indexed("jypg").isEmpty)
        let count = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM entity_pinyin") }
        #expect(count == Self.titles.count - 1 + 2)
    }

    // MARK: Ranking (docs/0032)

    /// More than a page of names start with `yl`, all read before the best — the name that is 医疗
    /// itself, written last: the page is the best page, not the first read.
    static func rankingCatalogue() throws -> IndexStore {
        let store = try F.store()
        var entities = (0..<120).map { F.scenario(String(format: "a%03d", $0), title: "医疗影像辅助诊断平台\($0)") }
        entities += (0..<5).map { F.scenario("b\($0)", title: "智慧医疗\($0)") }
        entities.append(F.scenario("z-second", title: "医疗助手"))
        entities.append(F.scenario("z-best", title: "医疗"))
        try F.load(store, entities)
        return store
    }

    @Test func ranksTheBestPageNotTheFirstRead() throws {
        let store = try Self.rankingCatalogue()
        let hits = try Self.searched(store, "yl")
        #expect(hits.count == 50)
        #expect(Array(hits.prefix(3)) == ["z-best", "z-second", "a000"], "\(hits.prefix(5))")
        #expect(!hits.contains { $0.hasPrefix("b") })       // a page of matches at the start outranks those inside
        // Full pinyin ranks the same way; so does the jump.
        #expect(Array(try Self.searched(store, "yiliao").prefix(2)) == ["z-best", "z-second"])
        #expect(try store.jumpCandidates("yl").prefix(2).map(\.id) == ["z-best", "z-second"])
        // A list by relevance (the pickers) and a bigger page agree with the search.
        let listed = try store.list(ListQuery(kind: .scenario, text: "yl", sort: .relevance, limit: 50)).map(\.id)
        #expect(listed == hits)
        #expect(Array(try store.search("yl", kinds: [.scenario], limit: 100).map(\.id).prefix(50)) == hits)
    }

    /// Sixty scenarios named `crowd` and a number, read before `best` (its id sorts after theirs).
    static func crowded(by crowd: String, best: (id: String, title: String)) throws -> IndexStore {
        let store = try F.store()
        var entities = (0..<60).map { F.scenario(String(format: "a%03d", $0), title: "\(crowd)\($0)") }
        entities.append(F.scenario(best.id, title: best.title))
        try F.load(store, entities)
        return store
    }

    /// A query spelled out in full syllables ranks the names it spells before names it covers by
    /// coincidence from their start (zhi-jia-n on 智嘉农业), however many of those are read first.
    @Test func ranksSpelledOutMatchesBeforeCoincidences() throws {
        let store = try Self.crowded(by: "智嘉农业助手", best: ("z-inspection", "智能质检系统"))
        let hits = try Self.searched(store, "zhijian")
        #expect(hits.first == "z-inspection", "\(hits.prefix(3))")
        #expect(hits.count == 50)
    }

    /// A match by everyday readings inside a name ranks before one at the start that needs a
    /// rarer reading (游 read liu: 粤游 for `yl`), however many of those fill a page first.
    @Test func ranksEverydayReadingsBeforeTheStart() throws {
        let store = try Self.crowded(by: "粤游文旅助手", best: ("z-medical", "粤海医疗大模型"))
        let hits = try Self.searched(store, "yl")
        #expect(hits.first == "z-medical", "\(hits.prefix(3))")
        #expect(hits.count == 50)
        #expect(try store.jumpCandidates("yl").first?.id == "z-medical")
        #expect(try store.list(ListQuery(kind: .scenario, text: "yl", sort: .relevance, limit: 3)).map(\.id).first == "z-medical")
    }

    /// Names alike in every key but the id come in id order, whatever order they were written in,
    /// and the same on every search.
    @Test func tiesAreStable() throws {
        let store = try F.store()
        let ids = ["m5", "m1", "m9", "m3", "m7", "m2", "m8", "m4", "m6"]
        try F.load(store, ids.map { F.scenario($0, title: "医疗助手") } + [F.scenario("m0", title: "医疗助理平台")])
        let hits = try Self.searched(store, "yl")
        #expect(hits == ids.sorted() + ["m0"])
        #expect(try Self.searched(store, "yl") == hits)
        #expect(try store.search("yl", kinds: [.scenario], limit: 4).map(\.id) == Array(hits.prefix(4)))
    }

    /// Exact (word) matches still come before every pinyin match, in the search and in a list by relevance.
    @Test func wordMatchesStillComeFirst() throws {
        let store = try Self.rankingCatalogue()
        let word = F.scenario("word-hit", title: "医联体协同平台", titleEn: "YL alliance")
        try store.write { w in try w.upsert(word, file: F.put(store, word), references: F.references(of: word)) }
        let hits = try store.search("yl", kinds: [.scenario])
        #expect(hits.first?.id == "word-hit" && hits.first?.field != .pinyin, "\(hits.prefix(2))")
        #expect(hits.dropFirst().first?.id == "z-best")
        #expect(try store.list(ListQuery(kind: .scenario, text: "yl", sort: .relevance, limit: 3)).map(\.id) == ["word-hit", "z-best", "z-second"])
    }
}

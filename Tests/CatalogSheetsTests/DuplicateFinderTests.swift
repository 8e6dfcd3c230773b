import CatalogCore
import CatalogTestSupport
@testable import CatalogSheets
import Testing

@Suite("Duplicate titles")
struct DuplicateFinderTests {
    /// The general way: `ImportVocabulary.normalise`, then letters and digits only.
    static func general(_ s: String) -> String {
        String(ImportVocabulary.normalise(s).unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
    }

    @Test("the one-pass normalisation gives what the general way gives, or leaves the title to it")
    func fastNormaliseAgrees() {
        let titles = ["病理切片 智能分析", "ＡＢＣ１２３智能　客服", "Smart Port (Phase 2)*", "《粤港澳》大湾区、智慧港口。", "智能质检【必填】",
                      "场景名称（必填）", "Ｄｅｅｐ　Ｓｅｅｋ-R1", "〇号线", "Café 智能", "tab\there\nline", ""]
        for t in titles {
            if let fast = DuplicateFinder.fastNormalise(t) { #expect(fast == Self.general(t), "\(t)") }
            #expect(DuplicateFinder.normalise(t) == Self.general(t), "\(t)")
        }
        #expect(DuplicateFinder.fastNormalise("智能质检【必填】") == nil)
        #expect(DuplicateFinder.fastNormalise("Café") == nil)
        #expect(DuplicateFinder.fastNormalise("ＡＢ智能") == "ab智能")
    }

    @Test("nearly the same title is found through the character pairs; different titles are not")
    func nearlyTheSame() {
        let finder = DuplicateFinder([ExistingScenario(id: "a", title: "港口集装箱智能调度系统", city: "shenzhen"),
                                      ExistingScenario(id: "b", title: "医学影像辅助诊断", city: "guangzhou")])
        #expect(finder.match(title: "港口集装箱智能调度系统平台", city: "zhuhai")?.id == "a")
        #expect(finder.match(title: "医学影像辅助诊断", city: "guangzhou")?.reason == "same title and city")
        #expect(finder.match(title: "智慧农业病虫害识别", city: "zhanjiang") == nil)
    }

    @Test("a title typed with a combining accent is the same title as its composed form")
    func composedAndDecomposedTitlesAreTheSame() {
        let finder = DuplicateFinder([ExistingScenario(id: "cafe", title: "Caf\u{E9}智能点餐", city: "shenzhen")])
        #expect(finder.match(title: "Cafe\u{301}智能点餐", city: "shenzhen")?.reason == "same title and city")
        #expect(finder.match(title: "Cafe\u{301}智能点餐", city: "zhuhai")?.reason == "nearly the same title")
        #expect(finder.match(title: "Caf\u{E9}智能点餐", city: "zhuhai")?.reason == "nearly the same title")
    }

    @Test("a title's pairs are counted once each, in order, and shared pairs are counted by merging")
    func distinctPairsAndSharedCount() {
        let pairs = DuplicateFinder.distinctPairs("智能智能智能")
        #expect(pairs == Array(Set(DuplicateFinder.bigrams("智能智能智能"))).sorted())
        #expect(pairs.count == 2)
        #expect(DuplicateFinder.distinctPairs("医") == DuplicateFinder.bigrams("医"))
        #expect(DuplicateFinder.distinctPairs("").isEmpty)
        let a = DuplicateFinder.distinctPairs("港口集装箱智能调度"), b = DuplicateFinder.distinctPairs("集装箱智能调度平台")
        #expect(DuplicateFinder.sharedCount(a, b) == Set(a).intersection(b).count)
        #expect(DuplicateFinder.sharedCount(a, b) == 6)
        #expect(DuplicateFinder.sharedCount(a, []) == 0)
    }

    @Test("titles given at once (sorted arrays) and added one by one (dictionaries) find the same matches")
    func sortedAndAddedAgree() {
        // Titles from few characters, so that many share pairs, are nearly the same or the same.
        var generator = SplitMix(seed: 42)
        let alphabet = Array("智能医疗影像诊断平台港口调度系统农业")
        let cities = ["shenzhen", "guangzhou", "zhuhai"]
        func title() -> String {
            String((0..<Int.random(in: 1...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        var existing: [ExistingScenario] = []
        for i in 0..<3_000 {
            let t = i % 7 == 0 && !existing.isEmpty ? existing.randomElement(using: &generator)!.title : title()
            existing.append(ExistingScenario(id: "s\(i)", title: t, city: cities.randomElement(using: &generator)!))
        }
        existing.append(ExistingScenario(id: "one", title: "医", city: "zhuhai"))
        let sorted = DuplicateFinder(existing)
        var added = DuplicateFinder([])
        for e in existing { added.add(e) }
        #expect(!sorted.sortedPairs.isEmpty && sorted.pairs.isEmpty && added.sortedPairs.isEmpty)
        var found = 0
        for q in 0..<2_000 {
            let t = q % 3 == 0 ? existing.randomElement(using: &generator)!.title + (q % 2 == 0 ? "" : "台") : title()
            let city = cities.randomElement(using: &generator)!
            let a = sorted.match(title: t, city: city), b = added.match(title: t, city: city)
            #expect(a?.id == b?.id && a?.reason == b?.reason, "\(t) \(city): \(String(describing: a)) \(String(describing: b))")
            if a != nil { found += 1 }
        }
        #expect(found > 500)
        // The first of two scenarios with the same title in the same city is the one reported.
        let twice = DuplicateFinder([ExistingScenario(id: "a", title: "智能港口", city: "zhuhai"), ExistingScenario(id: "b", title: "智能港口", city: "zhuhai")])
        #expect(twice.match(title: "智能港口", city: "zhuhai")?.id == "a")
    }
}

import CatalogCore
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
}

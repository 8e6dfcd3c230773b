import Testing
@testable import CatalogIndex

@Suite struct SearchTextTests {
    @Test func chineseRunsBecomeBigramsAndTheirLastCharacter() {
        #expect(SearchText.indexText(["医疗影像"]) == "医疗 疗影 影像 像")
        #expect(SearchText.indexText(["医"]) == "医")
        #expect(SearchText.indexText(["医疗，影像"]) == "医疗 疗 影像 像")
    }

    @Test func latinWordsAreLowerCasedAndSplitOnPunctuation() {
        #expect(SearchText.indexText(["GPU-Cluster v2"]) == "gpu cluster v2")
        #expect(SearchText.indexText(["Zürich Café"]) == "zurich cafe")
    }

    @Test func mixedTextAndSeveralParts() {
        #expect(SearchText.indexText(["5G基站", nil, "", "OCR识别"]) == "5g 基站 站 ocr 识别 别")
    }

    @Test func fullwidthLettersFoldToASCII() {
        #expect(SearchText.indexText(["ＧＰＵ集群"]) == "gpu 集群 群")
        #expect(SearchText.matchQuery("ＧＰＵ") == "\"gpu\"*")
    }

    @Test func kanaAndHangulAreTreatedLikeHan() {
        #expect(SearchText.indexText(["カメラ"]) == "カメ メラ ラ")
        #expect(SearchText.indexText(["한국어"]) == "한국 국어 어")
    }

    @Test func queriesArePhrasesOfBigramsOrPrefixes() {
        #expect(SearchText.matchQuery("医疗影像") == "\"医疗 疗影 影像\"")
        #expect(SearchText.matchQuery("医疗") == "\"医疗\"")
        #expect(SearchText.matchQuery("医") == "\"医\"*")
        #expect(SearchText.matchQuery("Health 医疗") == "\"health\"* AND \"医疗\"")
    }

    @Test func hostileInputIsQuotedOrDropped() {
        #expect(SearchText.matchQuery("") == nil)
        #expect(SearchText.matchQuery("   ") == nil)
        #expect(SearchText.matchQuery("\"*()") == nil)
        #expect(SearchText.matchQuery("a\"b") == "\"a\"* AND \"b\"*")
        #expect(SearchText.matchQuery("NEAR(x y)") == "\"near\"* AND \"x\"* AND \"y\"*")
        #expect(SearchText.matchQuery("{name}: AND OR NOT") == "\"name\"* AND \"and\"* AND \"or\"* AND \"not\"*")
    }

    @Test func queryTermsAreBounded() {
        let long = String(repeating: "a ", count: 100)
        #expect(SearchText.queryTerms(long).count == SearchText.maxQueryTokens)
    }
}

@testable import CatalogCore
import Testing

@Suite struct SuggestTests {
    @Test(arguments: [
        ("titel", "title"), ("pilotting", "piloting"), ("helthcare", "healthcare"), ("Scenario", "Scenario"),
        ("scenario", "Scenario"), ("fp16_tflop", "fp16_tflops"), ("rol", "role"), ("dmoain", "domain"),
    ])
    func closeWordsAreSuggested(_ word: String, _ expected: String) {
        let candidates = ["title", "piloting", "healthcare", "Scenario", "fp16_tflops", "role", "domain", "status", "stage"]
        #expect(Suggest.closest(to: word, in: candidates) == expected)
    }

    @Test func farWordsAreNot() {
        #expect(Suggest.closest(to: "budget_wan", in: Schema.scenario.fieldNames) == nil)
        #expect(Suggest.closest(to: "secret", in: ["general", "important", "core"]) == nil)
        #expect(Suggest.closest(to: "x", in: []) == nil)
    }

    @Test func theNearestWins() {
        #expect(Suggest.closest(to: "stat", in: ["status", "stage", "state"]) == "state")
    }

    @Test func transpositionIsOneEdit() {
        #expect(Suggest.distance(Array("titel"), Array("title")) == 1)
        #expect(Suggest.distance(Array("abc"), Array("abc")) == 0)
        #expect(Suggest.distance(Array(""), Array("abc")) == 3)
    }

    @Test func hintText() {
        #expect(Suggest.hint("titel", ["title"]) == "; did you mean 'title'?")
        #expect(Suggest.hint("zzz", ["title"]) == "")
    }
}

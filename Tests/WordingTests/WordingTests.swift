import CatalogCore
import Testing
@testable import Wording

@Suite struct LanguageResolutionTests {
    @Test func theFlagWinsOverEverything() {
        let env = ["SCENCAT_LANG": "en", "LANG": "zh_CN.UTF-8"]
        #expect(Wording.resolve(flag: .zh, environment: env, catalog: .en) == (.zh, .flag))
    }

    @Test func thenTheEnvironmentThenTheCatalogue() {
        #expect(Wording.resolve(flag: nil, environment: ["SCENCAT_LANG": "EN"], catalog: .zh) == (.en, .environment))
        #expect(Wording.resolve(flag: nil, environment: ["LANG": "zh_CN.UTF-8"], catalog: .en) == (.en, .catalog))
        // A SCENCAT_LANG naming no language is passed over.
        #expect(Wording.resolve(flag: nil, environment: ["SCENCAT_LANG": "fr"], catalog: .zh) == (.zh, .catalog))
    }

    @Test func thenTheLocaleInPOSIXOrder() {
        #expect(Wording.resolve(flag: nil, environment: ["LANG": "zh_CN.UTF-8"], catalog: nil) == (.zh, .locale))
        #expect(Wording.resolve(flag: nil, environment: ["LC_MESSAGES": "zh_TW", "LANG": "en_US"], catalog: nil) == (.zh, .locale))
        // LC_ALL set decides, whatever LANG says; an empty one does not count.
        #expect(Wording.resolve(flag: nil, environment: ["LC_ALL": "C.UTF-8", "LANG": "zh_CN"], catalog: nil) == (.both, .fallback))
        #expect(Wording.resolve(flag: nil, environment: ["LC_ALL": "", "LANG": "zh_CN"], catalog: nil) == (.zh, .locale))
        #expect(Wording.resolve(flag: nil, environment: ["LANG": "en_GB.UTF-8"], catalog: nil) == (.both, .fallback))
        #expect(Wording.resolve(flag: nil, environment: [:], catalog: nil) == (.both, .fallback))
    }

    @Test func aTaskLanguageIsItsOwn() {
        Wording.$taskLanguage.withValue(.zh) { #expect(Text.tabScenarios.text == "场景") }
        Wording.$taskLanguage.withValue(.en) { #expect(Text.tabScenarios.text == "Scenarios") }
        Wording.$taskLanguage.withValue(.both) { #expect(Text.tabScenarios.text == "场景 Scenarios") }
    }
}

@Suite struct MessageTableTests {
    @Test func everyKeyInEveryLanguage() {
        let missingZh = Text.allCases.filter { Text.chinese[$0]?.isEmpty != false }
        let missingEn = Text.allCases.filter { Text.english[$0]?.isEmpty != false }
        #expect(missingZh.isEmpty, "no Chinese for \(missingZh)")
        #expect(missingEn.isEmpty, "no English for \(missingEn)")
        #expect(Text.chinese.count == Text.allCases.count && Text.english.count == Text.allCases.count)
    }

    /// The wordings use the arguments `{1}`… `{n}` with no gap, each at least once across the
    /// languages (a wording may leave out one that only another needs: `error{3}`'s plural `s`).
    @Test func placeholdersAgree() {
        for t in Text.allCases {
            let sets = InterfaceLanguage.allCases.map { Text.placeholders(t.template(in: $0)) }
            let all = sets.reduce(Set<Int>()) { $0.union($1) }
            #expect(all == Set(all.isEmpty ? [] : Array(1...all.count)), "\(t): placeholders \(all.sorted())")
        }
    }

    /// The Chinese table has no English words but the allowed ones (see `ChineseText.allowedWords`).
    @Test func chineseHasNoEnglishWords() {
        for t in Text.allCases {
            let words = ChineseText.englishWords(in: t.template(in: .zh))
            #expect(words.isEmpty, "\(t): \(words)")
        }
    }

    @Test func argumentsFillInOrder() {
        Wording.$taskLanguage.withValue(.zh) {
            #expect(Text.headerErrors(3) == "3 个错误 (!)")
        }
        Wording.$taskLanguage.withValue(.both) {
            // `both` reads as the screens always did.
            #expect(Text.headerErrors(3) == "3 个错误 errors (!)")
            #expect(Text.headerUpToDate.text == "索引最新 up to date")
            #expect(Text.helpMoveUp.text == "Move up")
        }
    }
}

@Suite struct NamesTests {
    @Test func everyValueOfTheNamedFieldsHasAChineseName() {
        let values = Stage.allCases.map(\.rawValue) + ScenarioStatus.allCases.map(\.rawValue) + DataClass.allCases.map(\.rawValue)
            + ModelRole.allCases.map(\.rawValue) + FilingKind.allCases.map(\.rawValue) + ModelStatus.allCases.map(\.rawValue)
            + CenterTier.allCases.map(\.rawValue) + CenterStatus.allCases.map(\.rawValue) + Workload.allCases.map(\.rawValue)
            + ModelFunction.allCases.map(\.rawValue)
        for v in values {
            #expect(ChineseText.englishWords(in: Names.zh(v)).isEmpty, "\(v) has no Chinese name")
        }
    }

    @Test func shownPerLanguage() {
        Wording.$taskLanguage.withValue(.zh) { #expect(Names.shown("piloting") == "试点"); #expect(Names.field("sector") == "行业") }
        Wording.$taskLanguage.withValue(.en) { #expect(Names.shown("piloting") == "piloting"); #expect(Names.short("approved") == "approved") }
        Wording.$taskLanguage.withValue(.both) { #expect(Names.shown("piloting") == "试点 piloting"); #expect(Names.short("approved") == "已批准") }
    }
}

/// `Text.fill` in one pass, against the replace-per-argument way it replaced.
@Suite struct FillTests {
    /// The former `fill`: each `{n}` replaced in turn, last argument first.
    static func replacingEach(_ template: String, _ arguments: [Any]) -> String {
        var out = template
        for (i, a) in arguments.enumerated().reversed() { out = out.replacingOccurrences(of: "{\(i + 1)}", with: "\(a)") }
        return out
    }

    @Test func everyTemplateFillsAsBefore() {
        let arguments: [Any] = (1...9).map { "‹参数\($0)›" } + [42, 3.5]
        for t in Text.allCases {
            for language in InterfaceLanguage.allCases {
                let template = t.template(in: language)
                for count in [1, 3, arguments.count] {
                    let given = Array(arguments.prefix(count))
                    #expect(Text.fill(template, given) == Self.replacingEach(template, given), "\(t) \(language) \(count)")
                }
            }
        }
    }

    @Test func argumentsAreNotReadForPlaceholders() {
        #expect(Text.fill("{1} 与 {2}", ["{2}", "x"]) == "{2} 与 x")
        #expect(Text.fill("{1}{1}", ["a"]) == "aa")
    }

    @Test func otherBracesStayAsWritten() {
        #expect(Text.fill("{3} {01} {x} {} {1", ["a", "b"]) == "{3} {01} {x} {} {1")
        #expect(Text.fill("{ {1}}", ["a"]) == "{ a}")
        #expect(Text.fill("no braces", ["a"]) == "no braces")
        #expect(Text.fill("{1}", []) == "{1}")
        #expect(Text.fill("{10}{1}", Array(repeating: "z", count: 9) + ["ten"]) == "tenz")
    }
}

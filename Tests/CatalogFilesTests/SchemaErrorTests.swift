import CatalogCore
@testable import CatalogFiles
import Testing

/// Well-formed YAML that breaks the catalogue format: types, choices, keys, quarters, dates.
@Suite struct SchemaErrorTests {
    let s = Fixture.scenarioPath
    let m = Fixture.modelPath
    let c = Fixture.centerPath

    // MARK: types

    @Test func listWhereTextIsExpected() {
        expectBreaking(s, "demand_org: 示例医院", "demand_org:\n  - 示例医院", [
            "\(s):10:3: error: 'demand_org' must be text, found a list",
        ])
    }

    @Test func mappingWhereTextIsExpected() {
        expectBreaking(s, "title_en: Medical imaging assistant", "title_en: {en: Medical}", [
            "\(s):4:11: error: 'title_en' must be text, found a mapping",
        ])
    }

    @Test func textWhereANumberIsExpected() {
        expectBreaking(c, "capacity_pflops_fp16: 100", "capacity_pflops_fp16: lots", [
            "\(c):8:23: error: 'capacity_pflops_fp16' must be a number, found text 'lots'",
        ])
    }

    @Test func quotedNumberSaysToDropTheQuotes() {
        expectBreaking(c, "capacity_pflops_fp16: 100", "capacity_pflops_fp16: '100'", [
            "\(c):8:23: error: 'capacity_pflops_fp16' must be a number, found text '100'; write it without quotes",
        ])
    }

    @Test func plainLeadingZeroFilingNumberMustBeQuoted() {
        expectBreaking(m, "filing_no: Sample-0001", "filing_no: 0012", [
            "\(m):6:12: error: 'filing_no' must be text, found a number 0012; quote it: '0012'",
        ])
    }

    @Test func quotedLeadingZeroFilingNumberIsText() {
        expectBreaking(m, "filing_no: Sample-0001", "filing_no: '0012'", [])
    }

    @Test func plainNoIsABooleanInATextField() {
        expectBreaking(s, "contact: 张三", "contact: no", [
            "\(s):30:10: error: 'contact' must be text, found a boolean no; quote it: 'no'",
        ])
    }

    @Test func plainDateInATextField() {
        expectBreaking(s, "contact: 张三", "contact: 2026-01-02", [
            "\(s):30:10: error: 'contact' must be text, found a date 2026-01-02; quote it: '2026-01-02'",
        ])
    }

    @Test func booleanMustBeWrittenTrueOrFalse() {
        expectBreaking(m, "open_source: false", "open_source: off", [
            "\(m):15:14: error: 'open_source' must be written true or false, found 'off'",
        ])
    }

    @Test func quotedBoolean() {
        expectBreaking(m, "open_source: false", "open_source: 'false'", [
            "\(m):15:14: error: 'open_source' must be true or false, found text 'false'; write it without quotes",
        ])
    }

    @Test func amountMustBePositive() {
        expectBreaking(s, "amount: 16", "amount: 0", [
            "\(s):22:11: error: 'amount' must be greater than 0, found 0",
        ])
    }

    @Test func infiniteNumber() {
        expectBreaking(c, "capacity_pflops_fp16: 100", "capacity_pflops_fp16: .inf", [
            "\(c):8:23: error: 'capacity_pflops_fp16' must be a finite number",
        ])
    }

    @Test func multiLineTitle() {
        expectBreaking(s, "title: 医学影像辅助诊断", "title: |\n  医学影像\n  辅助诊断", [
            "\(s):3:8: error: 'title' must be one line",
        ])
    }

    @Test func blankTitle() {
        expectBreaking(s, "title: 医学影像辅助诊断", "title: '  '", [
            "\(s):3:8: error: 'title' must not be blank",
        ])
    }

    @Test func emptyRequiredValue() {
        expectBreaking(s, "title: 医学影像辅助诊断", "title:", [
            "\(s):3:1: error: 'title' must not be empty",
        ])
    }

    // MARK: choices

    @Test func badEnumWithDidYouMean() {
        expectBreaking(s, "stage: piloting", "stage: pilotting", [
            "\(s):7:8: error: 'stage' must be one of proposed, piloting, demonstration, scaled, found 'pilotting'; did you mean 'piloting'?",
        ])
    }

    @Test func badEnumWithoutAnyCloseOption() {
        expectBreaking(s, "data_class: important", "data_class: secret", [
            "\(s):13:13: error: 'data_class' must be one of general, important, core, found 'secret'",
        ])
    }

    @Test func badEnumInsideAListItem() {
        expectBreaking(s, "role: deployed", "role: deploy", [
            "\(s):19:9: error: 'role' must be one of deployed, candidate, evaluated, found 'deploy'; did you mean 'deployed'?",
        ])
    }

    @Test func badFunctionInAList() {
        expectBreaking(m, "- chat\n", "- chta\n", [
            "\(m):10:3: error: 'functions' must be one of chat, text, image, audio, video, code, found 'chta'; did you mean 'chat'?",
        ])
    }

    @Test func kindInTheWrongCase() {
        expectBreaking(s, "kind: Scenario", "kind: scenario", [
            "\(s):1:7: error: 'kind' must be one of Scenario, Model, Center, found 'scenario'; did you mean 'Scenario'?",
        ])
    }

    // MARK: keys

    @Test func unknownKeyWithDidYouMean() {
        expectBreaking(s, "title: 医学影像辅助诊断", "titel: 医学影像辅助诊断", [
            "\(s):1:1: error: missing required key 'title' in Scenario",
            "\(s):3:1: error: unknown key 'titel' in Scenario; did you mean 'title'?",
        ])
    }

    @Test func unknownKeyInsideAListItem() {
        expectBreaking(s, "role: deployed", "rol: deployed", [
            "\(s):18:3: error: missing required key 'role' in models[0]",
            "\(s):19:3: error: unknown key 'rol' in models[0]; did you mean 'role'?",
        ])
    }

    @Test func unknownKeyWithNothingClose() {
        expectBreaking(s, "contact: 张三", "contact: 张三\nbudget_wan: 300", [
            "\(s):31:1: error: unknown key 'budget_wan' in Scenario",
        ])
    }

    @Test func missingRequiredKey() {
        expectBreaking(c, "tier: city\n", "", [
            "\(c):1:1: error: missing required key 'tier' in Center",
        ])
    }

    @Test func missingKind() {
        expectBreaking(s, "kind: Scenario\n", "", [
            "\(s):1:1: error: missing required key 'kind' (files in scenarios/ have 'kind: Scenario')",
        ])
    }

    @Test func kindNotFirstIsAWarning() {
        expectBreaking(c, "kind: Center\nid: gz-center\n", "id: gz-center\nkind: Center\n", [
            "\(c):1:1: warning: an entity file starts with 'kind:' then 'id:' (scencat fmt fixes the order)",
        ])
    }

    // MARK: compute rules

    @Test func cardsWithoutAccelerator() {
        expectBreaking(s, "  accelerator: ascend-910b\n", "", [
            "\(s):23:9: error: compute[0]: 'accelerator' is required when unit is cards",
        ])
    }

    @Test func cardsWithAnEmptyAccelerator() {
        expectBreaking(s, "  accelerator: ascend-910b\n", "  accelerator:\n", [
            "\(s):23:9: error: compute[0]: 'accelerator' is required when unit is cards",
        ])
    }

    @Test func approvedScenarioWithAnEmptySinceIsWarned() {
        expectBreaking(s, "since: 2026-Q1\n", "since:\n", [
            "\(s):1:1: warning: approved scenario has no 'since': it will not appear in any published list",
        ])
    }

    @Test func kindThatIsAList() {
        expectBreaking(s, "kind: Scenario", "kind: [Scenario]", [
            "\(s):1:7: error: 'kind' must be one of Scenario, Model, Center, found a list",
        ])
    }

    @Test func pflopsNeedsNoAccelerator() {
        expectBreaking(s, "  unit: cards\n  accelerator: ascend-910b\n", "  unit: pflops\n", [])
    }

    @Test func untilBeforeFrom() {
        expectBreaking(s, "until: 2026-Q4", "until: 2025-Q4", [
            "\(s):28:10: error: compute[0]: 'until' 2025-Q4 is before 'from' 2026-Q1",
        ])
    }

    // MARK: quarters and dates

    @Test(arguments: [
        ("2026-Q5", "; quarters are Q1 to Q4"),
        ("2026Q1", "; did you mean '2026-Q1'?"),
        ("26-Q1", "; write the year with four digits"),
        ("2026-q1", "; did you mean '2026-Q1'?"),
        ("1999-Q1", "; the year must be 2000 to 2100"),
        ("Q1 2026", ""),
    ])
    func badQuarter(text: String, hint: String) {
        expectBreaking(s, "since: 2026-Q1", "since: \(text)", [
            "\(s):29:8: error: 'since' must be a quarter YYYY-Qn (like 2026-Q3), found '\(text)'\(hint)",
        ])
    }

    @Test func quarterThatYAMLReadsAsANumber() {
        expectBreaking(c, "since: 2025-Q1", "since: 2025", [
            "\(c):11:8: error: 'since' must be a quarter YYYY-Qn (like 2026-Q3), found '2025'",
        ])
    }

    @Test func impossibleDate() {
        expectBreaking(s, "updated: 2026-05-01", "updated: 2026-02-30", [
            "\(s):31:10: error: 'updated' must be a date YYYY-MM-DD, found '2026-02-30'; 2026-02 has 28 days",
        ])
    }

    @Test func leapDayIsADate() {
        expectBreaking(s, "updated: 2026-05-01", "updated: 2028-02-29", [])
    }

    @Test func monthThirteen() {
        expectBreaking(m, "filed_on: 2025-06-30", "filed_on: 2025-13-01", [
            "\(m):7:11: error: 'filed_on' must be a date YYYY-MM-DD, found '2025-13-01'; there is no month 13",
        ])
    }

    @Test func dateWithoutLeadingZeros() {
        expectBreaking(m, "filed_on: 2025-06-30", "filed_on: 2025-6-3", [
            "\(m):7:11: error: 'filed_on' must be a date YYYY-MM-DD, found '2025-6-3'; did you mean '2025-06-03'?",
        ])
    }

    @Test func quotedDateIsAccepted() {
        expectBreaking(m, "filed_on: 2025-06-30", "filed_on: '2025-06-30'", [])
    }

    // MARK: model domain

    @Test func emptyDomainList() {
        expectBreaking(m, "domain:\n- healthcare\n", "domain: []\n", [
            "\(m):12:9: error: 'domain' must be 'general' or a non-empty list of sector ids",
        ])
    }

    @Test func domainThatIsNeitherGeneralNorAList() {
        expectBreaking(m, "domain:\n- healthcare\n", "domain: medical\n", [
            "\(m):12:9: error: 'domain' must be 'general' or a list of sector ids, found 'medical'",
        ])
    }

    // MARK: catalog.yaml

    @Test func unsupportedFormat() {
        expectBreaking("catalog.yaml", "format: 1", "format: 2", [
            "catalog.yaml:4:9: error: unsupported catalogue format 2; this scencat reads format 1",
        ])
    }
}

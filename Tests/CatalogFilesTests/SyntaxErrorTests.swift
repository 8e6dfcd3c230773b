import CatalogCore
@testable import CatalogFiles
import Testing

/// Broken YAML: each test breaks one thing in a valid catalogue and expects exactly one diagnostic line.
@Suite struct SyntaxErrorTests {
    let s = Fixture.scenarioPath

    @Test func fixtureIsValidAndCanonical() throws {
        let f = Fixture()
        expectDiagnostics(f.check(), [])
        let report = try CatalogFormatter.run(root: f.root, check: true)
        #expect(report.changed == [])
        #expect(report.diagnostics == [])
    }

    @Test func badIndentationOfAKey() {
        expectBreaking(s, "city: guangzhou", " city: guangzhou", [
            "\(s):6:6: error: YAML syntax error: unexpected ':' here; check the indentation of this line, or quote text that contains ': '",
        ])
    }

    @Test func badIndentationInsideAListItem() {
        expectBreaking(s, "  role: deployed", "   role: deployed", [
            "\(s):19:8: error: YAML syntax error: unexpected ':' here; check the indentation of this line, or quote text that contains ': '",
        ])
    }

    @Test func unclosedDoubleQuotePointsAtTheOpeningQuote() {
        expectBreaking(s, "title: 医学影像辅助诊断", "title: \"医学影像辅助诊断", [
            "\(s):3:8: error: YAML syntax error: unclosed quote: the text opened with \" here has no closing \"",
        ])
    }

    @Test func unclosedSingleQuote() {
        expectBreaking(s, "contact: 张三", "contact: '张三", [
            "\(s):30:10: error: YAML syntax error: unclosed quote: the text opened with ' here has no closing '",
        ])
    }

    @Test func unclosedFlowListPointsAtTheBracket() {
        expectBreaking(s, "tags:\n- 医疗\n- 影像\n", "tags: [医疗, 影像\n", [
            "\(s):14:7: error: YAML syntax error: unclosed '[': the flow list opened here has no matching ']'",
        ])
    }

    @Test func unclosedFlowMapping() {
        expectBreaking(s, "models:\n- model: demo-med\n  role: deployed\n", "models:\n- {model: demo-med, role: deployed\n", [
            "\(s):18:3: error: YAML syntax error: unclosed '{': the flow mapping opened here has no matching '}'",
        ])
    }

    @Test func listItemLessIndentedThanItsMapping() {
        expectBreaking(s, "  role: deployed", "  role: deployed\n - model: other", [
            "\(s):20:2: error: YAML syntax error: expected a 'key: value' line here; check the indentation, or quote a value that goes on after a closing quote",
        ])
    }

    @Test func textAfterAClosingQuote() {
        expectBreaking(s, "contact: 张三", "contact: \"张\" 三", [
            "\(s):30:14: error: YAML syntax error: expected a 'key: value' line here; check the indentation, or quote a value that goes on after a closing quote",
        ])
    }

    @Test func characterThatCannotStartAValue() {
        expectBreaking(s, "demand_org: 示例医院", "demand_org: @示例医院", [
            "\(s):9:13: error: YAML syntax error: '@' cannot start a value; put the text in quotes",
        ])
    }

    @Test func duplicateKeyIsReportedAtTheSecondOccurrence() {
        expectBreaking(s, "contact: 张三\n", "contact: 张三\ntitle: 重复的标题\n", [
            "\(s):31:1: error: duplicate key 'title' (first at line 3)",
        ])
    }

    @Test func duplicateKeyInsideAListItem() {
        expectBreaking(s, "  until: 2026-Q4\n", "  until: 2026-Q4\n  amount: 8\n", [
            "\(s):29:3: error: duplicate key 'amount' (first at line 22)",
        ])
    }

    @Test func duplicateKeyInAFlowMapping() {
        expectBreaking(s, "models:\n- model: demo-med\n  role: deployed\n", "models:\n- {model: demo-med, role: deployed, model: x}\n", [
            "\(s):18:37: error: duplicate key 'model' (first at line 18)",
        ])
    }

    @Test func duplicateKeyInACRLFFile() {
        let f = Fixture()
        let text = (Fixture.text(of: s) + "title: 重复\n").replacingOccurrences(of: "\n", with: "\r\n")
        f.write(s, text)
        expectDiagnostics(f.check(), ["\(s):32:1: error: duplicate key 'title' (first at line 3)"])
    }

    @Test func anchorIsRefused() {
        expectBreaking(s, "tags:\n- 医疗\n- 影像\n", "tags: &t\n- 医疗\n- 影像\n", [
            "\(s):14:7: error: YAML anchors (&name) are not allowed in catalogue files",
        ])
    }

    @Test func anchorAndAliasAreRefusedAtTheAnchor() {
        expectBreaking(s, "demand_org: 示例医院", "demand_org: &org 示例医院", [
            "\(s):9:13: error: YAML anchors (&name) are not allowed in catalogue files",
        ])
        expectBreaking(s, "contact: 张三", "contact: *org", [
            "\(s):30:10: error: YAML aliases (*name) are not allowed in catalogue files; write the value out",
        ])
    }

    @Test func anchorUsedByAnAliasIsRefusedBeforeComposing() {
        expectBreaking(s, "demand_org: 示例医院\n", "demand_org: &org 示例医院\nlinks: [*org]\n", [
            "\(s):9:13: error: YAML anchors (&name) are not allowed in catalogue files",
        ])
    }

    /// Nine levels of nine aliases: a billion "lol"s if anything expanded it.
    static func bomb(asKey: Bool) -> String {
        var lines = ["kind: Scenario", "id: gz-imaging", "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
            previous = name
        }
        lines.append(asKey ? "? *i\n: x" : "j: *i")
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [false, true]) func billionLaughsIsRefusedQuickly(asKey: Bool) {
        let clock = ContinuousClock()
        var report: CheckReport?
        let elapsed = clock.measure {
            report = breaking(s) { $0.write(s, Self.bomb(asKey: asKey)) }
        }
        expectDiagnostics(report!, ["\(s):3:4: error: YAML anchors (&name) are not allowed in catalogue files"])
        #expect(elapsed < .seconds(5), "hang guard only: the refusal takes milliseconds")
    }

    @Test func ampersandsAndAsterisksInTextAreNotAnchors() {
        expectBreaking(s, "demand_org: 示例医院", "demand_org: R&D 中心 & AT&T, *重点* 5 * 3 &", [])
        expectBreaking(s, "summary: |-\n", "summary: |-\n  &a 不是锚点\n  *b 也不是别名\n", [])
    }

    @Test func undefinedAliasIsAnAliasError() {
        expectBreaking(s, "contact: 张三", "contact: *nobody", [
            "\(s):30:10: error: YAML aliases (*name) are not allowed in catalogue files; write the value out",
        ])
    }

    @Test func secondDocumentIsRefused() {
        expectBreaking(s, "updated: 2026-05-01\n", "updated: 2026-05-01\n---\nkind: Model\n", [
            "\(s):33:1: error: a catalogue file holds one YAML document; found another here",
        ])
    }

    @Test func syntaxErrorInASecondDocumentIsNotIgnored() {
        expectBreaking(s, "updated: 2026-05-01\n", "updated: 2026-05-01\n---\n[oops\n", [
            "\(s):33:1: error: YAML syntax error: unclosed '[': the flow list opened here has no matching ']'",
        ])
    }

    @Test func explicitDocumentMarkersAroundOneDocumentAreFine() {
        let text = "---\n" + Fixture.text(of: s) + "...\n"
        expectFile(s, text, [])
    }

    @Test func textOnTheLineOfABlockScalarIndicator() {
        expectBreaking(s, "summary: |-\n", "summary: |- 基于\n", [
            "\(s):10:13: error: YAML syntax error: only a comment may follow '|' or '>' on its line; start the text on the next line",
        ])
    }

    @Test func missingValueInAFlowList() {
        expectBreaking(s, "tags:\n- 医疗\n- 影像\n", "tags: [医疗, : ]\n", [
            "\(s):14:12: error: YAML syntax error: expected a value here",
        ])
    }

    @Test func documentEndMarkerInsideAQuotedString() {
        expectBreaking(s, "contact: 张三", "contact: \"张\n...\n三\"", [
            "\(s):31:1: error: YAML syntax error: a line starting with '---' or '...' ends the document, even inside quotes; indent it",
        ])
    }

    @Test func asteriskThatIsNotAnAlias() {
        expectBreaking(s, "contact: 张三", "contact: * 张三", [
            "\(s):30:10: error: YAML syntax error: '*' starts a YAML alias here; put the text in quotes",
        ])
    }

    @Test func emptyFile() {
        expectFile(s, "", ["\(s):1:1: error: empty file: an entity file starts with 'kind:' and 'id:'"])
    }

    @Test func whitespaceOnlyFile() {
        expectFile(s, "  \n\n   \n", ["\(s):1:1: error: empty file: an entity file starts with 'kind:' and 'id:'"])
    }

    @Test func commentOnlyFile() {
        expectFile(s, "# nothing yet\n", ["\(s):1:1: error: empty file: an entity file starts with 'kind:' and 'id:'"])
    }

    @Test func explicitIntTagIsRefusedAndShownAsWritten() {
        expectBreaking(s, "amount: 16", "amount: !!int 16", [
            "\(s):22:11: error: explicit YAML tags (!!int) are not allowed in catalogue files; remove the tag",
        ])
    }

    @Test func explicitStrTagIsRefusedToo() {
        expectBreaking(s, "contact: 张三", "contact: !!str 0012", [
            "\(s):30:10: error: explicit YAML tags (!!str) are not allowed in catalogue files; remove the tag",
        ])
    }

    @Test func localTagIsRefused() {
        expectBreaking(s, "tags:\n", "tags: !set\n", [
            "\(s):14:7: error: explicit YAML tags (!set) are not allowed in catalogue files; remove the tag",
        ])
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        expectBreaking(s, "contact: 张三", "contact: \(deep)", [
            "\(s):30:74: error: nesting is deeper than 64 levels",
        ])
    }

    @Test func nestingBeyondLibyamlsLimitGetsTheSameMessage() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let report = breaking(s) { $0.replace(s, "contact: 张三", with: "contact: \(deep)") }
        #expect(report.diagnostics.count == 1)
        #expect(report.diagnostics.first?.message == "nesting is deeper than 64 levels")
        #expect(report.diagnostics.hasErrors)
    }

    @Test func mergeConflictMarkers() {
        expectBreaking(s, "stage: piloting\n", "<<<<<<< HEAD\nstage: piloting\n=======\nstage: demonstration\n>>>>>>> feature\n", [
            "\(s):7:1: error: unresolved merge conflict",
        ])
    }

    @Test func mergeConflictMarkerOnTheFirstLine() {
        expectFile(s, "<<<<<<< HEAD\n" + Fixture.text(of: s), ["\(s):1:1: error: unresolved merge conflict"])
    }

    @Test func complexKeyIsRefused() {
        expectBreaking(s, "contact: 张三", "? [a, b]\n: 张三", [
            "\(s):30:3: error: mapping keys must be plain text",
        ])
    }

    @Test func rootThatIsAList() {
        expectFile(s, "- kind: Scenario\n", ["\(s):1:1: error: expected a mapping starting with 'kind:' and 'id:', found a list"])
    }
}

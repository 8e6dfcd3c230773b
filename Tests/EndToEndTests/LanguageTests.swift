import Foundation
import Testing

/// The interface language (docs/0020) as a person meets it: the binary's tables and messages, and
/// the terminal UI in tmux, in Chinese; machine output the same in every language.
@Suite("Interface language")
struct LanguageTests {
    @Test func listInChineseHasChineseHeadersAndNames() throws {
        let cat = try CLI.demoCopy()
        defer { try? FileManager.default.removeItem(atPath: cat) }
        let zh = try CLI.run(["list", "scenarios", "--lang", "zh", "--format", "table", "--catalog", cat])
        #expect(zh.code == 0)
        let header = try #require(zh.stdout.components(separatedBy: "\n").first)
        #expect(header.hasPrefix("标识") && header.contains("标题") && header.contains("阶段") && header.contains("状态"), "\(header)")
        #expect(!header.contains("TITLE") && !header.contains("STATUS"))
        #expect(zh.stdout.contains("已批准") && zh.stdout.contains("示范") && !zh.stdout.contains(" approved "), "\(zh.stdout)")
        // Columns still line up: every row's status starts where its header does.
        let rows = zh.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }
        let statusColumn = try #require(DisplayText.column(of: "状态", in: header))
        for row in rows.dropFirst() {
            let cell = DisplayText.slice(row, from: statusColumn, width: 6)
            #expect(cell.startsAtColumn && ["已批准", "草稿", "已撤回"].contains(cell.text.trimmingCharacters(in: .whitespaces)), "\(row)")
        }
        // Machine output is the same in every language: ids, not names.
        let jsonZh = try CLI.run(["list", "scenarios", "--lang", "zh", "--format", "json", "--catalog", cat])
        let jsonBoth = try CLI.run(["list", "scenarios", "--lang", "both", "--format", "json", "--catalog", cat])
        #expect(jsonZh.stdout == jsonBoth.stdout && jsonZh.stdout.contains("\"status\" : \"approved\"") || jsonZh.stdout.contains("\"status\": \"approved\""))
        let csvZh = try CLI.run(["list", "models", "--lang", "zh", "--format", "csv", "--catalog", cat])
        #expect(csvZh.stdout.hasPrefix("\u{FEFF}id,name,") && csvZh.stdout.contains(",active,"))
    }

    /// The spreadsheet export names stages, statuses and tiers from the same table as the screens;
    /// `--headers id` keeps the ids.
    @Test func exportsNameThingsInChinese() throws {
        let cat = try CLI.demoCopy()
        defer { try? FileManager.default.removeItem(atPath: cat) }
        let out = cat + "/out.csv", ids = cat + "/ids.csv"
        #expect(try CLI.run(["export", "scenarios", "-o", out, "--catalog", cat]).code == 0)
        #expect(try CLI.run(["export", "scenarios", "-o", ids, "--headers", "id", "--catalog", cat]).code == 0)
        let zh = try String(contentsOfFile: out, encoding: .utf8).components(separatedBy: "\r\n")
        let header = zh[0].components(separatedBy: ",")
        let stage = try #require(header.firstIndex(of: "阶段")), status = try #require(header.firstIndex(of: "状态"))
        // Rows without quoted commas, enough to see the names.
        let rows = zh.dropFirst().map { $0.components(separatedBy: ",") }.filter { $0.count == header.count }
        #expect(rows.count > 20)
        for r in rows {
            #expect(["提出", "试点", "示范", "推广"].contains(r[stage]) && ["草稿", "已批准", "已撤回"].contains(r[status]), "\(r)")
        }
        let idText = try String(contentsOfFile: ids, encoding: .utf8)
        #expect(idText.contains(",approved,") && !idText.contains("已批准"))
        let centers = cat + "/centers.csv"
        #expect(try CLI.run(["export", "centers", "-o", centers, "--catalog", cat]).code == 0)
        #expect(try String(contentsOfFile: centers, encoding: .utf8).contains(",市级,运营中,"))
    }

    @Test func showAndRefusalsInChinese() throws {
        let cat = try CLI.demoCopy()
        defer { try? FileManager.default.removeItem(atPath: cat) }
        let show = try CLI.run(["show", "chaozhou-ancient-city-guide", "--lang", "zh", "--format", "table", "--catalog", cat])
        #expect(show.stdout.hasPrefix("场景 chaozhou-ancient-city-guide") && show.stdout.contains("\n模型（2）\n"), "\(show.stdout)")
        #expect(show.stdout.contains("阶段      示范") && show.stdout.contains("已部署"))
        let missing = try CLI.run(["show", "no-such-thing", "--lang", "zh", "--catalog", cat])
        #expect(missing.code == 1 && missing.stderr.contains("没有标识为 'no-such-thing' 的场景、模型或算力中心"), "\(missing.stderr)")
        // A refusal: a model still used is not deleted, and says so in Chinese.
        let refused = try CLI.run(["delete", "lingnan-open", "--yes", "--lang", "zh", "--catalog", cat])
        #expect(refused.code == 1 && refused.stderr.contains("scencat: 仍被 ") && refused.stderr.contains("用 --unlink 一并移除这些引用"), "\(refused.stderr)")
        // A form error: the PATH:LINE:COL: error: prefix stays, the message is Chinese.
        let file = cat + "/scenarios/zz-broken.yaml"
        try "kind: Scenario\nid: zz-broken\ntitle: 测试\nsector: healthcare\ncity: guangzhou\nstage: pilotting\nstatus: approved\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["validate", "--lang", "zh", "--catalog", cat])
        #expect(bad.code == 1)
        #expect(bad.stderr.contains("scenarios/zz-broken.yaml:1:1: error: 场景 缺少必填的键 'demand_org'") || bad.stderr.contains("scenarios/zz-broken.yaml:"), "\(bad.stderr)")
        #expect(bad.stderr.contains("zz-broken.yaml:6:8: error: 'stage' 必须是 proposed, piloting, demonstration, scaled 之一，实际是 'pilotting'；是否应为 'piloting'？"), "\(bad.stderr)")
        #expect(bad.stderr.contains("个错误"), "\(bad.stderr)")
        // In both (the default), as always.
        let both = try CLI.run(["validate", "--catalog", cat])
        #expect(both.stderr.contains("error: 'stage' must be one of proposed, piloting, demonstration, scaled, found 'pilotting'; did you mean 'piloting'?"))
    }

    /// Hostile files through `validate` in zh: each line keeps its `PATH:LINE:COL: error:` prefix
    /// (the same as in both) and says the rest in Chinese: YAML syntax, a type error, a control
    /// character, a missing key in a list item, a duplicate id, a lineage cycle.
    @Test func hostileFilesValidateInChinese() throws {
        let cat = try CLI.demoCopy()
        defer { try? FileManager.default.removeItem(atPath: cat) }
        let base = try CLI.read(cat + "/scenarios/chaozhou-ancient-city-guide.yaml")
        func scenario(_ id: String, _ from: String, _ to: String) throws {
            try CLI.write(base.replacingOccurrences(of: "id: chaozhou-ancient-city-guide", with: "id: \(id)").replacingOccurrences(of: from, with: to),
                          to: cat + "/scenarios/\(id).yaml")
        }
        try scenario("zz-indent", "city: chaozhou", " city: chaozhou")
        try scenario("zz-number", "demand_org: 潮州示范古城文旅公司", "demand_org: 0012")
        try scenario("zz-bell", "title: 潮州古城多语种智能导览", "title: \"潮州\\a古城\"")
        try scenario("zz-no-model", "- model: chaoyun-culture\n  role: deployed", "- role: deployed")
        try scenario("zz-unclosed", "title: 潮州古城多语种智能导览", "title: \"潮州古城")
        let model = try CLI.read(cat + "/models/chaoyun-culture.yaml")
        try CLI.write(model.replacingOccurrences(of: "id: chaoyun-culture", with: "id: zz-indent"), to: cat + "/models/zz-indent.yaml")
        for (id, other) in [("zz-m1", "zz-m2"), ("zz-m2", "zz-m1")] {
            try CLI.write(model.replacingOccurrences(of: "id: chaoyun-culture", with: "id: \(id)")
                .replacingOccurrences(of: "base_model: lingnan-open-lite", with: "base_model: \(other)"), to: cat + "/models/\(id).yaml")
        }
        let zh = try CLI.run(["validate", "--lang", "zh", "--catalog", cat])
        let both = try CLI.run(["validate", "--catalog", cat])
        #expect(zh.code == 1 && both.code == 1)
        for line in [
            "scenarios/zz-indent.yaml:6:6: error: YAML 语法错误：这里不应有 ':'；请检查这一行的缩进，或给含有 ': ' 的文本加引号",
            "scenarios/zz-number.yaml:9:13: error: 'demand_org' 必须是文本，实际是数字 0012；请加引号：'0012'",
            "scenarios/zz-bell.yaml:3:8: error: 'title' 含有控制字符 U+0007",
            "scenarios/zz-no-model.yaml:22:3: error: models[0] 缺少必填的键 'model'",
            "scenarios/zz-unclosed.yaml:3:8: error: YAML 语法错误：引号未闭合：这里以 \" 开始的文本没有结束的 \"",
            "models/zz-m1.yaml:19:13: error: 'base_model' 的传承关系成环：zz-m1 → zz-m2 → zz-m1",
        ] {
            #expect(zh.stderr.contains(cat + "/" + line), "\(line)\n\(zh.stderr)")
        }
        #expect(zh.stderr.contains("error: 重复的标识 'zz-indent'："), "\(zh.stderr)")
        // Line for line, the prefixes are those of both, and both says what it always said.
        let prefix = { (l: Substring) in l.range(of: ": error: ").map { l[..<$0.upperBound] } }
        let zhLines = zh.stderr.split(separator: "\n").filter { $0.contains("/zz-") }, bothLines = both.stderr.split(separator: "\n").filter { $0.contains("/zz-") }
        #expect(zhLines.count == bothLines.count && zhLines.count >= 7)
        #expect(zhLines.map(prefix) == bothLines.map(prefix))
        #expect(both.stderr.contains("zz-number.yaml:9:13: error: 'demand_org' must be text, found a number 0012; quote it: '0012'"))
    }

    /// `--lang`, else SCENCAT_LANG, else catalog.yaml's ui_language, else the locale, else both.
    @Test func theLanguageIsChosenInOrder() throws {
        let cat = try CLI.demoCopy()
        defer { try? FileManager.default.removeItem(atPath: cat) }
        func header(_ args: [String], _ env: [String: String] = [:]) throws -> String {
            let r = try CLI.run(["list", "centers", "--format", "table", "--catalog", cat] + args, env: env)
            return r.stdout.components(separatedBy: "\n").first ?? ""
        }
        #expect(try header([]).hasPrefix("ID "))
        #expect(try header([], ["SCENCAT_LANG": "zh"]).hasPrefix("标识"))
        #expect(try header([], ["SCENCAT_LANG": "", "LC_ALL": "", "LANG": "zh_CN.UTF-8"]).hasPrefix("标识"))
        let yaml = cat + "/catalog.yaml"
        try (String(contentsOfFile: yaml, encoding: .utf8) + "ui_language: zh\n").write(toFile: yaml, atomically: true, encoding: .utf8)
        #expect(try header([], ["SCENCAT_LANG": ""]).hasPrefix("标识"))
        #expect(try header([], ["SCENCAT_LANG": "en"]).hasPrefix("ID "))
        #expect(try header(["--lang", "both"], ["SCENCAT_LANG": "zh"]).hasPrefix("ID "))
        let fmt = try CLI.run(["fmt", "--check", "--catalog", cat])
        #expect(fmt.code == 0, "ui_language is canonical where it was added: \(fmt.stdout)\(fmt.stderr)")
        // fmt keeps the catalogue's settings, in the schema's order.
        try (String(contentsOfFile: yaml, encoding: .utf8).replacingOccurrences(of: "ui_language: zh\n", with: "ui_language: zh\nreview_months: 6\n"))
            .write(toFile: yaml, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["fmt", "--catalog", cat]).code == 0)
        #expect(try String(contentsOfFile: yaml, encoding: .utf8).hasSuffix("review_months: 6\nui_language: zh\n"))
        let bad = try CLI.run(["list", "centers", "--lang", "fr", "--catalog", cat])
        #expect(bad.code == 2)
    }
}

/// The terminal UI in Chinese at 80×24 in a real terminal.
@Suite("Interface language (tmux)", .serialized)
struct LanguageTerminalTests {
    @Test func chineseScreenAt80x24KeepsColumnsAligned() throws {
        let term = try TmuxSession(width: 80, height: 24, environment: ["SCENCAT_LANG": "zh"])
        defer { term.close() }
        try term.startApp()
        let screen = try term.waitForScreen { screen in
            var unmet = ["108 条 · 排序：", "索引最新", "1 场景", "? 帮助"].filter { !screen.contains($0) }
            let rows = screen.components(separatedBy: "\n")
            if !rows.contains(where: { $0.contains("标题") && $0.contains("城市") }) { unmet.append("the table's header row") }
            return unmet
        }
        let rows = screen.components(separatedBy: "\n")
        #expect(!screen.contains("Scenarios") && !screen.contains("up to date") && !screen.contains("entries"), "\(screen)")
        let header = try #require(rows.firstIndex { $0.contains("标题") && $0.contains("城市") })
        let cityColumn = try #require(DisplayText.column(of: "城市", in: rows[header]))
        var checked = 0
        for line in rows[(header + 1)...] {
            guard line.contains("已批准") || line.contains("草稿") || line.contains("已撤回") else { break }
            let cell = DisplayText.slice(line, from: cityColumn, width: 6)
            #expect(cell.startsAtColumn, "a wide character straddles the city column: \(line)")
            #expect(!cell.text.trimmingCharacters(in: .whitespaces).isEmpty, "\(line)")
            checked += 1
        }
        #expect(checked >= 10, "\(screen)")
        try term.press("?")
        try term.waitFor(all: ["帮助 — 按键", "全局"])
        try term.press("q")
        try term.press("q")
    }
}

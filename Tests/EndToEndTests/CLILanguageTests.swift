import Foundation
import Testing
import Wording

/// The command line in one language (docs/0022): every `--help` and a day's commands — their
/// successes and their refusals — read in Chinese with `--lang zh`, in English with `--lang en`.
///
/// Chinese: no English word may remain but what `ChineseText.englishWords` allows (the detector
/// the zh screen walk uses: units, formats, commands, options, paths, placeholders, ids, key
/// names), the catalogue's own data (every value in its YAML files but the named fields: stage,
/// status…), git's names (`main`, `origin`, hashes), `<PLACEHOLDERS>` and the names of commands in
/// a help's list and its examples. English: no Chinese character outside the catalogue's data and
/// the Chinese that is what a person types or a sheet holds (`title=智能质检`, `场景名称`).
@Suite("Command line in one language", .serialized)
struct CLILanguageTests {
    /// A demo catalogue in a git repository of its own (no remote), the index built, one scenario
    /// created so that history and undo have something to show.
    final class Scene {
        let catalog: String
        let configDir: String
        let sheet: String
        let dataWords: Set<String>
        let dataText: String

        init() throws {
            catalog = try CLI.demoCopy()
            let top = (catalog as NSString).deletingLastPathComponent
            configDir = top + "/config"
            sheet = top + "/报送.csv"
            try CLI.write("场景名称,城市,领域,需求单位\n智能客服热线,佛山市,制造业,佛山市工信局\n", to: sheet)
            let git = ["-c", "user.name=Tester", "-c", "user.email=tester@example.org"]
            #expect(try CLI.exec("/usr/bin/git", ["init", "--quiet", "-b", "main"], cwd: catalog).code == 0)
            #expect(try CLI.exec("/usr/bin/git", ["add", "-A"], cwd: catalog).code == 0)
            #expect(try CLI.exec("/usr/bin/git", git + ["commit", "--quiet", "-m", "Demo catalogue"], cwd: catalog).code == 0)
            let data = try Scene.data(of: catalog)
            dataWords = data.0
            dataText = data.1
        }

        /// The words and the text of the catalogue's values (its YAML files, the named fields left out).
        static func data(of root: String) throws -> (Set<String>, String) {
            var words = Set<String>(), text = ""
            let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") } ?? []
            for file in files {
                for line in try CLI.read(root + "/" + file).split(separator: "\n").map(String.init) {
                    var value = line.trimmingCharacters(in: .whitespaces)
                    if value.hasPrefix("- ") { value.removeFirst(2) }
                    if let colon = value.range(of: ": ") ?? (value.hasSuffix(":") ? value.range(of: ":", options: .backwards) : nil) {
                        let key = String(value[..<colon.lowerBound])
                        if Names.namedFields.contains(key) { continue }
                        value = String(value[colon.upperBound...])
                    }
                    text += value + "\n"
                    for w in ChineseText.englishWords(in: value) { words.insert(w) }
                    for w in value.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }) { words.insert(String(w)) }
                }
            }
            return (words, text)
        }

        func close() { try? FileManager.default.removeItem(atPath: (catalog as NSString).deletingLastPathComponent) }

        func run(_ args: [String], _ lang: String, stdin: String? = nil) throws -> CLI.Result {
            try CLI.run(args + ["--lang", lang], env: ["SCENCAT_CONFIG_DIR": configDir, "SCENCAT_CATALOG": catalog], stdin: stdin)
        }
    }

    // MARK: What is allowed

    /// The English words of `output` that are neither allowed nor data.
    /// `command`: the command whose help `output` is (its words are the command's name).
    static func untranslated(_ output: String, data: Set<String>, help command: [String]? = nil) -> [String] {
        var found: [String] = []
        var inCommandList = false
        let help = command != nil
        // Placeholders, and the values an option takes or defaults to, are what a person types.
        var text = output.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"（(可选值|默认)：[^)）]*[)）]"#, with: " ", options: .regularExpression)
        if let command, !command.isEmpty { text = text.replacingOccurrences(of: "scencat " + command.joined(separator: " "), with: "scencat") }
        text = text.replacingOccurrences(of: #"scencat help [a-z-]+"#, with: "scencat", options: .regularExpression)
        for raw in text.split(separator: "\n").map(String.init) {
            var line = raw
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if help {
                // A heading starts its line; the list of subcommands is the one so named.
                if !line.hasPrefix(" ") && !trimmed.isEmpty { inCommandList = trimmed.hasPrefix(Text.cliHelpSubcommands.rendered(in: .zh)) }
                // A command's name in the list of subcommands.
                if inCommandList { line = line.replacingOccurrences(of: #"^\s+[a-z-]+"#, with: "", options: .regularExpression) }
            }
            // An example: the command as typed, then (after two spaces) what it does.
            if trimmed.hasPrefix("scencat ") || trimmed.hasPrefix("git ") {
                line = trimmed.range(of: #"\s{2,}"#, options: .regularExpression).map { String(trimmed[$0.upperBound...]) } ?? ""
            }
            // A diagnostic may list the ids a field takes (`'stage' 必须是 proposed, piloting… 之一`).
            let diagnostic = line.contains(": error: ") || line.contains(": warning: ")
            for w in ChineseText.englishWords(in: line) where !data.contains(w) {
                if diagnostic && Names.chinese[w] != nil { continue }
                if ["main", "origin"].contains(w) || (w.count >= 7 && w.allSatisfy(\.isHexDigit)) { continue }
                found.append(w)
            }
        }
        return found
    }

    /// Chinese of the output that is not the catalogue's data nor what a person types or a sheet holds.
    static func chinese(_ output: String, dataText: String) -> [String] {
        let typed = ["人工智能应用场景清单", "待填写", "智能质检", "某公司", "热线", "问答", "医疗", "质检", "医", "医l", "深圳市", "医疗卫生",
                     "场景名称", "需求单位", "城市", "领域", "问题", "问题行", "序号", "所属行业", "所属地市", "阶段", "状态", "需求方", "供给方",
                     "场景简介", "关联模型", "算力需求峰值", "分季度算力需求", "起始季度", "更新日期", "场景编号", "联系人", "备案编号", "上线编号",
                     "模型名称", "服务名称", "备案单位", "企业名称", "属地", "备案日期", "在册", "信息不符", "未找到", "已移出", "列名"]
        var found: [String] = []
        var run = ""
        func flush() {
            if !run.isEmpty && !typed.contains(run) && !dataText.contains(run) { found.append(run) }
            run = ""
        }
        for ch in output {
            if ch.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }) {
                run.append(ch)
            } else { flush() }
        }
        flush()
        return found
    }

    static func expectChinese(_ r: CLI.Result, _ what: String, data: Set<String>, help command: [String]? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = r.stdout + r.stderr
        #expect(!text.isEmpty, "\(what) printed nothing", sourceLocation: sourceLocation)
        let words = untranslated(text, data: data, help: command)
        #expect(words.isEmpty, "\(what): English in zh: \(Set(words).sorted())\n\(text)", sourceLocation: sourceLocation)
    }

    // MARK: Help

    /// Every command and subcommand, found from the root's help down (so a new one is covered).
    static func commandPaths(_ scene: Scene, lang: String) throws -> [[String]] {
        var paths: [[String]] = [], queue: [[String]] = [[]]
        while let path = queue.first {
            queue.removeFirst()
            paths.append(path)
            let help = try scene.run(path + ["--help"], lang).stdout
            var inList = false
            for line in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t == "SUBCOMMANDS:" || t == Text.cliHelpSubcommands.rendered(in: .zh) { inList = true; continue }
                if inList && t.isEmpty { inList = false }
                if inList, line.hasPrefix("  "), !line.hasPrefix("   "), let name = t.split(separator: " ").first {
                    let id = String(name).replacingOccurrences(of: "（\(Text.cliHelpDefault.rendered(in: .zh))）", with: "")
                    queue.append(path + [id])
                }
            }
        }
        return paths
    }

    @Test func everyHelpInChinese() throws {
        let scene = try Scene()
        defer { scene.close() }
        let paths = try Self.commandPaths(scene, lang: "zh")
        // The root, 34 commands and the subcommands of trust, key and register.
        #expect(paths.count >= 42, "\(paths)")
        for path in paths {
            let r = try scene.run(path + ["--help"], "zh")
            #expect(r.code == 0)
            Self.expectChinese(r, "scencat \(path.joined(separator: " ")) --help", data: [], help: path)
            #expect(r.stdout.contains("用法：") && r.stdout.contains("显示帮助。") && !r.stdout.contains("OPTIONS:"), "\(r.stdout)")
        }
    }

    @Test func everyHelpInEnglish() throws {
        let scene = try Scene()
        defer { scene.close() }
        let paths = try Self.commandPaths(scene, lang: "en")
        #expect(paths.count >= 42)
        for path in paths {
            let r = try scene.run(path + ["--help"], "en")
            let cjk = Self.chinese(r.stdout + r.stderr, dataText: "")
            #expect(r.code == 0 && cjk.isEmpty, "scencat \(path.joined(separator: " ")) --help: \(cjk)\n\(r.stdout)")
            #expect(r.stdout.contains("USAGE:") && r.stdout.contains("Show help information."))
        }
    }

    // MARK: A day's commands

    /// The commands of the check, both ways; `expect` gets each result with its name.
    static func day(_ scene: Scene, _ lang: String, _ check: (CLI.Result, String) -> Void) throws {
        func run(_ args: [String], code: Int32, stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let r = try scene.run(args, lang, stdin: stdin)
            #expect(r.code == code, "\(args): exit \(r.code)\n\(r.stderr)", sourceLocation: sourceLocation)
            check(r, args.joined(separator: " "))
        }
        let cat = scene.catalog
        // validate: a file with an error (a stage that is not one), then the catalogue as it was.
        let bad = cat + "/scenarios/zz-broken.yaml"
        let good = try CLI.read(cat + "/scenarios/chaozhou-ancient-city-guide.yaml")
        try CLI.write(good.replacingOccurrences(of: "id: chaozhou-ancient-city-guide", with: "id: zz-broken")
            .replacingOccurrences(of: #"stage: \w+"#, with: "stage: sideways", options: .regularExpression), to: bad)
        let validate = try scene.run(["validate"], lang)
        #expect(validate.code == 1 && validate.stderr.contains("zz-broken.yaml:") && validate.stderr.contains(": error: "), "\(validate.stderr)")
        check(validate, "validate (an error)")
        try run(["index", "--verbose"], code: 1)
        try FileManager.default.removeItem(atPath: bad)
        try run(["validate"], code: 0)
        try run(["index", "--verbose"], code: 0)
        try run(["list", "scenarios", "--format", "table"], code: 0)
        try run(["list", "models", "--format", "table"], code: 0)
        try run(["list", "centers", "--format", "table"], code: 0)
        try run(["list", "scenarios", "--sort", "bogus"], code: 2)
        try run(["show", "chaozhou-ancient-city-guide", "--format", "table"], code: 0)
        try run(["show", "no-such-thing"], code: 1)
        try run(["search", "医疗", "--format", "table"], code: 0)
        try run(["search", "qqqqzz", "--format", "table"], code: 0)
        try run(["stats", "--format", "table"], code: 0)
        try run(["sync", "--dry-run"], code: 0)
        try run(["publish", "2026-Q9"], code: 2)
        try run(["publish", "2026-Q4", "--supersede"], code: 2)
        try run(["verify"], code: 0)
        try run(["verify", "2026-Q9"], code: 2)
        try run(["trust", "list", "--format", "table"], code: 0)
        try run(["trust", "remove", "nobody"], code: 1)
        try run(["import", scene.sheet, "--dry-run"], code: 0)
        try run(["export", "scenarios", "-o", (cat as NSString).deletingLastPathComponent + "/out.xlsx"], code: 0)
        try run(["export", "scenarios", "-o", (cat as NSString).deletingLastPathComponent + "/out.xlsx"], code: 1)
        try run(["new", "scenario", "title=待撤销场景", "title_en=To undo", "sector=manufacturing", "city=foshan"], code: 0)
        try run(["history", "foshan-manufacturing-undo", "--format", "table"], code: 0)
        try run(["unlink", "foshan-manufacturing-undo", "nobody"], code: 1)
        // Edits the store refuses: a model has no `updated`; no such entity.
        try run(["confirm", "chaoyun-culture"], code: 1)
        try run(["confirm", "zzzz-none"], code: 1)
        try run(["undo"], code: 0)
        try run(["resolve", "--list"], code: 0)
    }

    @Test func aDayInChinese() throws {
        let scene = try Scene()
        defer { scene.close() }
        var checked = 0
        // The journal's summaries (`new`, `set title`) are kept as written, like commit messages.
        var data = scene.dataWords
        data.formUnion(["new"])
        try Self.day(scene, "zh") { r, what in
            checked += 1
            Self.expectChinese(r, what, data: data)
        }
        #expect(checked == 30)
    }

    @Test func aDayInEnglish() throws {
        let scene = try Scene()
        defer { scene.close() }
        try Self.day(scene, "en") { r, what in
            let cjk = Self.chinese(r.stdout + r.stderr, dataText: scene.dataText + "待撤销场景\n报送.csv\n" + ((try? CLI.read(scene.sheet)) ?? ""))
            #expect(cjk.isEmpty, "\(what): Chinese in en: \(cjk)\n\(r.stdout)\(r.stderr)")
        }
    }

    /// CSV, JSON and YAML keep ids and English keys whatever the language: only tables name things.
    @Test func machineOutputIsTheSameInEveryLanguage() throws {
        let scene = try Scene()
        defer { scene.close() }
        #expect(try scene.run(["new", "scenario", "title=待撤销场景", "title_en=To undo", "sector=manufacturing", "city=foshan"], "zh").code == 0)
        for args in [["search", "医疗", "--format", "csv"], ["search", "医疗", "--format", "json"], ["stats", "--centers", "--format", "csv"],
                     ["history", "foshan-manufacturing-undo", "--format", "csv"], ["list", "centers", "--format", "yaml"],
                     ["trust", "list", "--format", "json"]] {
            let zh = try scene.run(args, "zh"), en = try scene.run(args, "en"), both = try scene.run(args, "both")
            #expect(zh.code == 0 && zh.stdout == both.stdout && en.stdout == both.stdout && !zh.stdout.isEmpty, "\(args)\n\(zh.stdout)\n\(both.stdout)")
        }
    }

    /// The question `undo` asks on a terminal, in Chinese; answered no, it keeps the file.
    @Test func theUndoQuestionInChinese() throws {
        let term = try TmuxSession(width: 200, height: 30)
        defer { term.close() }
        let file = "scenarios/foshan-manufacturing-undo.yaml"
        let scencat = "'\(CLI.binary)' --catalog '\(term.catalog)' --lang zh"
        try term.type("clear; \(scencat) new scenario title=待撤销场景 title_en='To undo' sector=manufacturing city=foshan; echo NEW=$?")
        try term.press("Enter")
        try term.waitFor(all: ["已新建 ", file, "NEW=0"])
        try term.type("clear; \(scencat) undo; echo UNDO=$?")
        try term.press("Enter")
        let asked = try term.waitFor(all: ["撤销将删除 \(file)，它由“new”新建？[y/N]"])
        try term.type("n")
        try term.press("Enter")
        try term.waitFor(all: ["scencat: 未撤销", "UNDO=1"])
        #expect(FileManager.default.fileExists(atPath: term.catalog + "/" + file), "answering n keeps the created file")
        let question = try #require(asked.split(separator: "\n").first { $0.contains("[y/N]") })
        #expect(Self.untranslated(String(question), data: ["new"]).isEmpty, "\(question)")
    }
}

import Foundation
import Testing
import Wording

/// docs/0026: the messages that still reached a person in English in `zh`, through the binary, on
/// hostile inputs, in `zh` and `en`. The `PATH:LINE:COL: error:` prefix is the same in both.
@Suite struct RemainingCLILanguageTests {
    /// The message of a `PATH: error: …` line, or the line.
    static func message(_ line: Substring) -> String {
        for marker in [": error: ", ": warning: "] { if let r = line.range(of: marker) { return String(line[r.upperBound...]) } }
        return String(line)
    }

    /// English words in a zh line's message, paths, ids and git's own output aside.
    static func english(_ text: String) -> [String] { ChineseText.englishWords(in: text) }

    @Test func layoutProblemsValidateInChinese() throws {
        let cat = try CLI.demoCopy()
        defer { try? FileManager.default.removeItem(atPath: cat) }
        let fm = FileManager.default
        let base = try CLI.read(cat + "/scenarios/chaozhou-ancient-city-guide.yaml")
        try CLI.write(base, to: cat + "/scenarios/Bad Name.yaml")
        try CLI.write(base, to: cat + "/scenarios/x1.yml")
        try CLI.write("notes", to: cat + "/scenarios/notes.txt")
        try fm.createDirectory(atPath: cat + "/scenarios/sub", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: cat + "/scenarios/dir.yaml", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: cat + "/scenarios/outside.yaml", withDestinationPath: "/etc/hostname")
        try fm.createSymbolicLink(atPath: cat + "/scenarios/gone.yaml", withDestinationPath: "nowhere")
        let zh = try CLI.run(["validate", "--lang", "zh", "--catalog", cat])
        let en = try CLI.run(["validate", "--lang", "en", "--catalog", cat])
        #expect(zh.code == 1 && en.code == 1)
        let pairs = [
            ("scenarios/Bad Name.yaml:1:1: error: ", "文件名 'Bad Name.yaml' 不是有效的标识：不允许空格（^[a-z0-9][a-z0-9-]{1,62}$）；请改名为 'bad-name.yaml'",
             "file name 'Bad Name.yaml' is not a valid id: spaces are not allowed (^[a-z0-9][a-z0-9-]{1,62}$); rename it to 'bad-name.yaml'"),
            ("scenarios/x1.yml:1:1: error: ", "目录文件以 .yaml 结尾，而不是 .yml", "catalogue files end in .yaml, not .yml"),
            ("scenarios/notes.txt:1:1: warning: ", "已忽略：不是 .yaml 文件", "ignored: not a .yaml file"),
            ("scenarios/sub:1:1: warning: ", "已忽略：不读取子文件夹；scenarios/ 只有一层", "ignored: sub-folders are not read; scenarios/ is flat"),
            ("scenarios/dir.yaml:1:1: error: ", "是文件夹；此处应为场景文件", "is a directory; expected a Scenario file"),
            ("scenarios/outside.yaml:1:1: error: ", "符号链接指向目录之外（/etc/hostname）", "symbolic link points outside the catalogue (to /etc/hostname)"),
            ("scenarios/gone.yaml:1:1: error: ", "符号链接已损坏：它指向的目标不存在", "broken symbolic link: its target does not exist"),
        ]
        for (prefix, chinese, english) in pairs {
            #expect(zh.stderr.contains(cat + "/" + prefix + chinese), "\(prefix)\n\(zh.stderr)")
            #expect(en.stderr.contains(cat + "/" + prefix + english), "\(prefix)\n\(en.stderr)")
        }
        // No English sentence in a zh message (the file names and the id pattern are data).
        for line in zh.stderr.split(separator: "\n") where line.contains("/scenarios/") {
            let words = Self.english(Self.message(line).replacingOccurrences(of: "Bad Name", with: ""))
            #expect(words.isEmpty || words == ["Scenario"], "\(line): \(words)")
        }
    }

    /// The filing register's findings at each model's filing number, as `validate` reports them.
    @Test func registerFindingsValidateInChinese() throws {
        let cat = try CLI.demoCopy()
        defer { try? FileManager.default.removeItem(atPath: cat) }
        let sheet = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/registers/guangdong-2025-12-31.xlsx").path
        #expect(try CLI.run(["register", "import", sheet, "--source", "guangdong", "--as-of", "2025-12-31", "--catalog", cat]).code == 0)
        let zh = try CLI.run(["validate", "--lang", "zh", "--catalog", cat])
        let en = try CLI.run(["validate", "--lang", "en", "--catalog", cat])
        #expect(zh.stderr.contains("models/foshan-hotline.yaml:6:1: warning: 未找到：备案号 'Guangdong-SAMPLE-REG-2025-0003' 不在任何名单快照中"), "\(zh.stderr)")
        #expect(zh.stderr.contains("models/chengmou-city.yaml:6:1: warning: 信息不符：备案号 'Guangdong-SAMPLE-2025-0025' 与 guangdong 2025-12-31 不一致：名称此处为 '城眸城市治理视觉模型'，名单中为 '城眸城市治理大模型'"), "\(zh.stderr)")
        #expect(en.stderr.contains("models/foshan-hotline.yaml:6:1: warning: 未找到 not found: filing_no 'Guangdong-SAMPLE-REG-2025-0003' is in no register snapshot"), "\(en.stderr)")
        for line in zh.stderr.split(separator: "\n") where line.contains("/models/") && line.contains("warning: ") {
            // The register's source name (`guangdong`) is an id.
            #expect(Self.english(Self.message(line).replacingOccurrences(of: "guangdong ", with: "")).isEmpty, "\(line)")
        }
    }

    @Test func verifyAndKeyFilesInChinese() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-e2e-verify-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/bad/2026-Q1", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/none/2026-Q1", withIntermediateDirectories: true)
        try CLI.write("garbage", to: dir + "/bad/2026-Q1/manifest.json")
        try CLI.write("x", to: dir + "/none/2026-Q1/list.csv")
        try CLI.write("name: someone\n", to: dir + "/broken.pub")
        for (folder, zh, en) in [("bad", "bad/2026-Q1/manifest.json: error: 不是有效的 JSON", "bad/2026-Q1/manifest.json: error: not valid JSON"),
                                 ("none", "none/2026-Q1/manifest.json: error: 缺失：发布必须有 manifest.json",
                                  "none/2026-Q1/manifest.json: error: missing: a publication needs its manifest")] {
            let z = try CLI.run(["verify", "--dir", "\(folder)/2026-Q1", "--lang", "zh"], cwd: dir)
            let e = try CLI.run(["verify", "--dir", "\(folder)/2026-Q1", "--lang", "en"], cwd: dir)
            #expect(z.code == 1 && e.code == 1)
            #expect(z.stderr.contains(zh), "\(z.stderr)")
            #expect(e.stderr.contains(en), "\(e.stderr)")
            #expect(z.stderr.split(separator: "\n").allSatisfy { Self.english(Self.message($0)).isEmpty }, "\(z.stderr)")
        }
        let z = try CLI.run(["trust", "add", "broken.pub", "--lang", "zh"], cwd: dir)
        let e = try CLI.run(["trust", "add", "broken.pub", "--lang", "en"], cwd: dir)
        #expect(z.code != 0 && e.code != 0)
        #expect(z.stderr.contains("不是 scencat 公钥文件（需要 `name:` 和 `ed25519:`）"), "\(z.stderr)")
        #expect(e.stderr.contains("not a scencat public key (needs 'name:' and 'ed25519:')"), "\(e.stderr)")
    }

    @Test func initIndexDamageAndTheParserInChinese() throws {
        let cat = try CLI.demoCopy()
        defer { try? FileManager.default.removeItem(atPath: AtomicPath.parent(cat)) }
        // init into a folder that is not empty.
        let zh = try CLI.run(["init", cat, "--lang", "zh"])
        let en = try CLI.run(["init", cat, "--lang", "en"])
        #expect(zh.code == 4 && en.code == 4)
        #expect(zh.stderr == "scencat: \(cat) 已存在且不是空的：请换一个新文件夹，或在已有的克隆中运行 `scencat init --here`\n")
        #expect(en.stderr == "scencat: \(cat) exists and is not empty: choose a new folder, or run `scencat init --here` inside an existing clone\n")
        // init --lang writes ui_language, and later commands read in that language without a flag.
        let fresh = AtomicPath.parent(cat) + "/新清单"
        let made = try CLI.run(["init", fresh, "--lang", "zh"], env: ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"])
        #expect(made.code == 0, "\(made.stderr)")
        #expect(try CLI.read(fresh + "/catalog.yaml").contains("\nui_language: zh\n"))
        #expect(made.stdout.contains("已新建清单"), "\(made.stdout)")
        let later = try CLI.run(["list", "scenarios", "--sectr", "x"], cwd: fresh, env: ["SCENCAT_LANG": ""])
        #expect(later.stderr.contains("未知的选项 '--sectr'；是不是 '--sector'？"), "\(later.stderr)")
        let english = try CLI.run(["list", "scenarios", "--sectr", "x", "--lang", "en", "--catalog", cat])
        #expect(english.stderr.contains("Unknown option '--sectr'. Did you mean '--sector'?"), "\(english.stderr)")
        // A damaged index: rebuilt, saying why in the language in effect.
        #expect(try CLI.run(["index", "--catalog", cat]).code == 0)
        for (language, said) in [("zh", "已损坏（不是数据库文件）；正从文件重建"), ("en", "is damaged (file is not a database); rebuilding it from the files")] {
            try CLI.write(String(repeating: "garbage ", count: 2048), to: cat + "/.scencat/index.sqlite")
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cat + "/.scencat/index.sqlite" + suffix) }
            let r = try CLI.run(["list", "scenarios", "--lang", language, "--catalog", cat])
            #expect(r.code == 0 && r.stderr.contains(said), "\(language): \(r.stderr)")
        }
    }
}

/// The folder above a path.
enum AtomicPath {
    static func parent(_ path: String) -> String { (path as NSString).deletingLastPathComponent }
}

import Foundation
import Testing
import Wording

/// `scencat register …`, validate's filing checks and the publish gate on the built binary, with
/// the registers made by scripts/gen-register-fixtures and the demo catalogue (docs/0018).
@Suite("Filing register commands", .serialized)
struct RegisterCLITests {
    static func fixture(_ name: String) -> String {
        CLI.packageRoot.appendingPathComponent("Tests/Fixtures/registers/\(name)").path
    }

    /// Imports the three fixture snapshots into `cat`.
    static func importAll(_ cat: String) throws {
        for (file, source, date) in [("guangdong-2025-12-31.xlsx", "guangdong", "2025-12-31"), ("guangdong-2026-02-28.xlsx", "guangdong", "2026-02-28"),
                                     ("national-2026-01-31.xlsx", "national", "2026-01-31")] {
            let r = try CLI.run(["register", "import", fixture(file), "--source", source, "--as-of", date, "--catalog", cat])
            #expect(r.code == 0, "\(file): \(r.stderr)")
            #expect(r.stdout.contains("imported "), "\(r.stdout)")
        }
    }

    static func line(of key: String, in path: String) throws -> Int {
        let lines = try CLI.read(path).split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.hasPrefix(key) }) + 1
    }

    @Test func importStoresCanonicalSnapshotsAndAgainIsANoOp() throws {
        let cat = try CLI.demoCopy()
        let none = try CLI.run(["validate", "--catalog", cat])
        #expect(none.code == 0)
        #expect(none.stderr.components(separatedBy: "no filing register imported").count == 2, "\(none.stderr)")

        try Self.importAll(cat)
        let path = "\(cat)/registers/guangdong/2026-02-28.yaml"
        let text = try CLI.read(path)
        #expect(text.hasPrefix("kind: Register\nsource: guangdong\nas_of: 2026-02-28\nimported_from: guangdong-2026-02-28.xlsx\n"))
        // The merged two-row header, the date cells, the full-width filing number as written.
        #expect(text.contains("- filing_no: Guangdong-SAMPLE-2024-0003\n  name: 粤海通用大模型\n  organisation: 粤海智算科技有限公司\n  place: 广州市\n  date: 2024-02-28\n  kind: filed\n"))
        #expect(text.contains("filing_no: Ｇｕａｎｇｄｏｎｇ－SAMPLE－2025－0002"))
        let national = try CLI.read("\(cat)/registers/national/2026-01-31.yaml")
        #expect(national.contains("filing_no: Guangdong-SAMPLE-REG-2025-0003\n  name: 佛山１２３４５热线智能助手\n  organisation: 禅政数字服务有限公司\n  place: 广东省\n  date: 2025-01-23\n  kind: registered\n"))

        // The same file again, and the same list as CSV: nothing written.
        let again = try CLI.run(["register", "import", Self.fixture("guangdong-2026-02-28.xlsx"), "--source", "guangdong", "--as-of", "2026-02-28", "--catalog", cat])
        #expect(again.code == 0 && again.stdout.contains("unchanged"), "\(again.stdout)\(again.stderr)")
        let csv = try CLI.run(["register", "import", Self.fixture("guangdong-2026-02-28.csv"), "--source", "guangdong", "--as-of", "2026-02-28", "--catalog", cat])
        #expect(csv.code == 0 && csv.stdout.contains("unchanged"), "\(csv.stdout)\(csv.stderr)")
        #expect(try CLI.read(path) == text)
        // Another list for the same source and date: a conflict.
        let other = try CLI.run(["register", "import", Self.fixture("national-2026-01-31.xlsx"), "--source", "guangdong", "--as-of", "2026-02-28", "--catalog", cat])
        #expect(other.code == 3 && other.stderr.contains("already holds another snapshot"), "\(other.stderr)")
        #expect(try CLI.read(path) == text)
        #expect(try CLI.run(["register", "import", Self.fixture("national-2026-01-31.xlsx"), "--source", "Bad Name", "--as-of", "2026-01-31", "--catalog", cat]).code == 2)
        #expect(try CLI.run(["register", "import", Self.fixture("national-2026-01-31.xlsx"), "--source", "national", "--as-of", "2026-1-31", "--catalog", cat]).code == 2)

        // An independent reader sees the snapshot as scencat wrote it.
        let py = try CLI.exec("/usr/bin/env", ["python3", "-c", """
            import sys, unicodedata, yaml
            d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
            key = [unicodedata.normalize("NFKC", r["filing_no"]).upper() for r in d["rows"]]
            print(d["source"], d["as_of"], len(d["rows"]), sorted(key) == key)
            """, path])
        #expect(py.code == 0, "\(py.stderr)")
        #expect(py.stdout == "guangdong 2026-02-28 23 True\n")
        // A national list is larger than an entity file may be: a 2 MB snapshot reads.
        let big = (0..<12_000).map { "\($0),广东省,服务\($0),某某科技有限公司,GD-BIG-\($0),2025-01-02" }.joined(separator: "\n")
        let bigFile = "\(cat)/../big.csv"
        try CLI.write("序号,属地,服务名称,企业名称,备案号,备案日期\n" + big + "\n", to: bigFile)
        let bigImport = try CLI.run(["register", "import", bigFile, "--source", "big", "--as-of", "2026-01-01", "--catalog", cat])
        #expect(bigImport.code == 0 && bigImport.stdout.contains("imported 12000 rows"), "\(bigImport.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(cat)/registers/big/2026-01-01.yaml")).count > 1 << 20)
        #expect(try CLI.run(["register", "check", "--catalog", cat]).code == 0)
        // The index and a re-index do not trip over the new folder.
        #expect(try CLI.run(["index", "--rebuild", "--catalog", cat]).code == 0)
        #expect(try CLI.run(["fmt", "--check", "--catalog", cat]).code == 0)
    }

    @Test func badRowsAreFileRowColumnErrorsAndNothingIsWritten() throws {
        let cat = try CLI.demoCopy()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-register-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = "\(dir)/list.csv"
        try CLI.write("广东省生成式人工智能服务已备案信息\n序号,属地,模型名称,备案单位,备案编号,备案时间\n1,广州市,甲大模型,甲公司,GD-1,2024-01-02\n2,广州市,,乙公司,GD-2,2024-01-03\n", to: file)
        let r = try CLI.run(["register", "import", file, "--source", "guangdong", "--as-of", "2026-02-28", "--catalog", cat])
        #expect(r.code == 1)
        #expect(r.stderr.contains("\(file):4:3: error: C (模型名称): empty"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(cat)/registers"))
        try CLI.write("标题\n名称,说明\n", to: file)
        let none = try CLI.run(["register", "import", file, "--source", "guangdong", "--as-of", "2026-02-28", "--catalog", cat])
        #expect(none.code == 1 && none.stderr.contains("no header row found"), "\(none.stderr)")
    }

    @Test func validateWarnsAtTheFilingNumberLineForEveryStatus() throws {
        let cat = try CLI.demoCopy()
        try Self.importAll(cat)
        let r = try CLI.run(["validate", "--catalog", cat])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("no filing register imported"))
        func at(_ model: String) throws -> String { "\(cat)/models/\(model).yaml:\(try Self.line(of: "filing_no:", in: "\(cat)/models/\(model).yaml")):1: warning: " }
        #expect(r.stderr.contains(try at("chengmou-city") + "信息不符 mismatch: filing_no 'Guangdong-SAMPLE-2025-0025' in guangdong 2026-02-28 differs: name '城眸城市治理视觉模型' here, '城眸城市治理大模型' in the register"), "\(r.stderr)")
        #expect(r.stderr.contains(try at("nanhai-finance") + "信息不符 mismatch: filing_no 'Guangdong-SAMPLE-2024-0080' in guangdong 2026-02-28 differs: provider '南海数智金融科技有限公司' here, '南海数智金融服务有限公司' in the register"))
        #expect(r.stderr.contains(try at("yueyou-tourism") + "信息不符 mismatch: filing_no 'Guangdong-SAMPLE-2025-0016' in guangdong 2026-02-28 differs: filed_on '2025-04-02' here, '2025-04-12' in the register"))
        #expect(r.stderr.contains(try at("kuaida-service") + "已移出 removed: filing_no 'Guangdong-SAMPLE-2024-0047' was in guangdong 2025-12-31 and is gone from guangdong 2026-02-28"))
        #expect(r.stderr.contains(try at("lingnan-open-lite") + "未找到 not found: filing_no 'Guangdong-SAMPLE-2024-0027' is in no register snapshot"))
        // The variants the normalisation sees through are 在册: （深圳）, 有限责任公司, full width, a space, no 大模型.
        for model in ["shenzheng-zhida", "zhihe-industry", "foshan-hotline", "nanhai-weather", "pearl-vision", "nanyue-voice", "wanqing-mm"] {
            #expect(!r.stderr.contains("models/\(model).yaml"), "\(model)")
        }

        let check = try CLI.run(["register", "check", "--format", "json", "--catalog", cat])
        #expect(check.code == 0)
        let rows = try #require(try CLI.json(check.stdout) as? [[String: Any]])
        var status: [String: String] = [:]
        for row in rows { status[row["id"] as! String] = row["status"] as? String }
        #expect(status.count == 32)
        #expect(status["chengmou-city"] == "mismatch" && status["kuaida-service"] == "removed" && status["lingnan-open-lite"] == "not-found")
        #expect(status["foshan-hotline"] == "listed" && status["lingnan-open"] == "listed")
        #expect(status.values.filter { $0 == "listed" }.count == 27)
        let removedOnly = try CLI.run(["register", "check", "--status", "removed", "--format", "csv", "--catalog", cat])
        #expect(removedOnly.stdout.contains("kuaida-service") && !removedOnly.stdout.contains("chengmou-city"))
        // The table names a differing field in words (Chinese in zh, English in en); JSON keeps its key.
        #expect((rows.first { $0["id"] as? String == "chengmou-city" }?["detail"] as? String)?.hasPrefix("name: 城眸城市治理视觉模型 ≠ ") == true)
        let zh = try CLI.run(["register", "check", "--status", "mismatch", "--format", "table", "--lang", "zh", "--catalog", cat])
        for (model, detail) in [("chengmou-city", "名称: 城眸城市治理视觉模型 ≠ "), ("nanhai-finance", "单位: 南海数智金融科技有限公司 ≠ "), ("yueyou-tourism", "日期: 2025-04-02 ≠ ")] {
            let line = zh.stdout.split(separator: "\n").first { $0.contains(model) }.map(String.init) ?? ""
            #expect(line.contains(detail), "\(zh.stdout)")
            // (`guangdong`, the snapshot's source, is named as the register's folder names it.)
            #expect(ChineseText.englishWords(in: line.replacingOccurrences(of: "guangdong", with: "")).isEmpty, "\(line)")
        }
        let en = try CLI.run(["register", "check", "--status", "mismatch", "--format", "table", "--lang", "en", "--catalog", cat])
        #expect(en.stdout.contains("organisation: 南海数智金融科技有限公司 ≠ ") && en.stdout.contains("date: 2025-04-02 ≠ "), "\(en.stdout)")
    }

    @Test func diffUnmatchedAndANewModelFromTheRegister() throws {
        let cat = try CLI.demoCopy()
        try Self.importAll(cat)
        let diff = try CLI.run(["register", "diff", "--source", "guangdong", "--format", "json", "--catalog", cat])
        #expect(diff.code == 0, "\(diff.stderr)")
        #expect(diff.stderr.contains("guangdong 2025-12-31 → 2026-02-28: 2 added, 1 dropped, 1 changed"))
        let changes = try #require(try CLI.json(diff.stdout) as? [[String: Any]]).map { "\($0["change"]!) \($0["filing_no"]!)" }
        #expect(changes == ["added Guangdong-SAMPLE-2025-0040", "added Guangdong-SAMPLE-2025-0041", "dropped Guangdong-SAMPLE-2024-0047",
                            "changed Guangdong-SAMPLE-2024-0080"])

        let unmatched = try CLI.run(["register", "unmatched", "--format", "json", "--catalog", cat])
        #expect(unmatched.code == 0, "\(unmatched.stderr)")
        let rows = try #require(try CLI.json(unmatched.stdout) as? [[String: Any]]).map { $0["filing_no"] as! String }
        #expect(rows == ["Guangdong-SAMPLE-2025-0040", "Guangdong-SAMPLE-2025-0041"], "Beijing and Shanghai rows are not the province's")

        let made = try CLI.run(["new", "model", "--from-register", "guangdong-sample-2025-0041", "--catalog", cat])
        #expect(made.code == 0, "\(made.stderr)")
        let id = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = try CLI.read("\(cat)/models/\(id).yaml")
        for part in ["name: 侨乡文旅大模型", "provider: 侨乡数字文旅有限公司", "filing_kind: filed", "filing_no: Guangdong-SAMPLE-2025-0041",
                     "filed_on: 2026-01-20", "jurisdiction: jiangmen", "status: active"] {
            #expect(text.contains(part + "\n"), "\(part) in \(text)")
        }
        let after = try CLI.run(["register", "unmatched", "--format", "json", "--catalog", cat])
        #expect(try #require(try CLI.json(after.stdout) as? [[String: Any]]).map { $0["filing_no"] as! String } == ["Guangdong-SAMPLE-2025-0040"])
        let twice = try CLI.run(["new", "model", "--from-register", "Guangdong-SAMPLE-2025-0041", "--catalog", cat])
        #expect(twice.code == 3 && twice.stderr.contains("already carries"))
        #expect(try CLI.run(["new", "model", "--from-register", "GD-NONE", "--catalog", cat]).code == 1)

        // A model with no filing number whose name and organisation the register lists gets the suggestion.
        let edited = try CLI.read("\(cat)/models/\(id).yaml").replacingOccurrences(of: "filing_no: Guangdong-SAMPLE-2025-0041", with: "filing_no: GD-TYPO")
        try CLI.write(edited, to: "\(cat)/models/\(id).yaml")
        let v = try CLI.run(["validate", "--catalog", cat])
        #expect(v.stderr.contains("未找到 not found: filing_no 'GD-TYPO' is in no register snapshot; the register lists '侨乡文旅大模型' of 侨乡数字文旅有限公司 as Guangdong-SAMPLE-2025-0041: set filing_no=Guangdong-SAMPLE-2025-0041?"), "\(v.stderr)")
    }

    @Test func publishingIsBlockedByAnUnfiledDeployedModelUnlessAllowed() throws {
        let repo = try PublishTests.Repo()
        try Self.importAll(repo.cat)
        try repo.commit("Registers")
        // pearl-vision is deployed by approved scenarios: a filing number no register has.
        try repo.edit("models/pearl-vision.yaml", "filing_no: Guangdong-SAMPLE-2024-0035", "filing_no: Guangdong-SAMPLE-2024-9035")
        try repo.commit("A typo")
        let v = try repo.scencat("validate")
        #expect(v.code == 1)
        #expect(v.stderr.contains("error: deployed model 'pearl-vision' is 未找到 not found in the filing register (checked against guangdong 2026-02-28, national 2026-01-31)"), "\(v.stderr)")
        let refused = try repo.scencat("publish", "2026-Q3")
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("deploys model pearl-vision: 未找到 not found in the filing register"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.file("publications/2026-Q3")))

        let allowed = try repo.scencat("publish", "2026-Q3", "--allow-unfiled", "备案补录中")
        #expect(allowed.code == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("filings checked against guangdong 2026-02-28, national 2026-01-31"))
        let manifest = try #require(try CLI.json(CLI.read(repo.file("publications/2026-Q3/manifest.json"))) as? [String: Any])
        let registers = try #require(manifest["registers"] as? [[String: Any]]).map { "\($0["source"]!) \($0["as_of"]!)" }
        #expect(registers == ["guangdong 2026-02-28", "national 2026-01-31"])
        let unfiled = try #require(manifest["unfiled_allowed"] as? [String: Any])
        #expect(unfiled["reason"] as? String == "备案补录中")
        #expect(((unfiled["models"] as? [[String: Any]]) ?? []).allSatisfy { $0["model"] as? String == "pearl-vision" && $0["status"] as? String == "not-found" })
        let yaml = try CLI.read(repo.file("publications/2026-Q3/list.yaml"))
        #expect(yaml.contains("  filing_no: Guangdong-SAMPLE-2024-0003\n    role: deployed\n    register_status: listed\n    register_snapshot: guangdong 2026-02-28\n")
                || yaml.contains("register_snapshot: guangdong 2026-02-28"), "\(yaml.prefix(3000))")
        #expect(yaml.contains("register_status: not-found"))
        let csv = try CLI.read(repo.file("publications/2026-Q3/list.csv"))
        #expect(csv.contains("(Guangdong-SAMPLE-2024-0003, deployed, 在册 listed guangdong 2026-02-28)"))
        #expect(try repo.scencat("verify", "2026-Q3").code == 0)
    }

    @Test func withoutARegisterTheManifestSaysNoneWasUsed() throws {
        let repo = try PublishTests.Repo()
        let r = try repo.scencat("publish", "2026-Q3")
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("filings unchecked: no filing register imported"))
        let manifest = try #require(try CLI.json(CLI.read(repo.file("publications/2026-Q3/manifest.json"))) as? [String: Any])
        #expect((manifest["registers"] as? [Any])?.isEmpty == true)
        #expect(manifest["unfiled_allowed"] is NSNull)
        #expect(!(try CLI.read(repo.file("publications/2026-Q3/list.yaml"))).contains("register_"))
    }
}

/// The register badges in a real terminal: the built scencat in a tmux pane at 100×30, on a demo
/// catalogue with the fixture registers imported.
@Suite("Filing register in the terminal (tmux)", .serialized)
struct RegisterTerminalTests {
    @Test func theModelPageShowsTheBadgeAndTheDashboardCountsEachStatus() throws {
        let cat = try CLI.demoCopy()
        try RegisterCLITests.importAll(cat)
        let term = try TmuxSession(width: 100, height: 30, catalog: cat)
        defer { term.close() }
        try term.startApp()
        try term.waitFor(all: TmuxSession.demoListReady)
        try term.press(":")
        try term.type("nanhai-finance")
        try term.press("Enter")
        // The organisation's row, whole: both names on the one row that names the field.
        try term.waitForScreen { page in
            guard page.contains("备案核对 register [信息不符 mismatch · guangdong 2026-02-28]") else { return ["the register's heading"] }
            let row = TmuxSession.row(page, containing: "单位 organisation") ?? ""
            return row.contains("南海数智金融科技有限公司") && row.contains("│ 南海数智金融服务有限公司") ? [] : ["both names on the organisation's row: \(row)"]
        }
        try term.press("4")
        try term.waitFor("备案核对 filings: 在册 listed 27 · 信息不符 mismatch 3 · 未找到 not found 1 · 已移出 removed 1")
        try term.press("q")
        _ = try term.expectEnded(exit: 0)
    }
}

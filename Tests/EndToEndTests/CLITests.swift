import Foundation
import Testing

/// The command-line contract of DESIGN.md §3, checked on the built binary: exit codes,
/// formats, the diagnostics format, and what the index does with good and bad catalogues.
@Suite("Command line", .serialized)
struct CLITests {
    @Test func validateAcceptsTheDemoCatalogue() throws {
        let r = try CLI.run(["validate", "--catalog", CLI.packageRoot.appendingPathComponent("Catalog").path])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains(": 0 errors"))
        #expect(!r.stderr.contains("\r"), "no progress bar when stderr is not a terminal")
    }

    @Test func validateReportsGccStyleLinesAndExitsOne() throws {
        let cat = try CLI.demoCopy()
        let file = "\(cat)/scenarios/\(try CLI.files(in: "\(cat)/scenarios")[0])"
        var text = try CLI.read(file)
        text = text.replacingOccurrences(of: "\nstage: ", with: "\nstage: pilotting\nstagex: ")
        try CLI.write(text, to: file)
        let r = try CLI.run(["validate", "--catalog", cat])
        #expect(r.code == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let stageLine = try #require(lines.first { $0.contains("'stage' must be one of") })
        #expect(stageLine.hasPrefix("\(file):"))
        #expect(stageLine.contains(": error: 'stage' must be one of proposed, piloting, demonstration, scaled, found 'pilotting'; did you mean 'piloting'?"))
        let parts = stageLine.dropFirst(file.count + 1).split(separator: ":")
        #expect(Int(parts[0]) != nil && Int(parts[1]) == 8, "line and column of the value: \(stageLine)")
        #expect(lines.contains { $0.contains(": error: unknown key 'stagex' in Scenario; did you mean 'stage'?") })
        let json = try CLI.run(["validate", "--catalog", cat, "--format", "json"])
        #expect(json.code == 1)
        let obj = try #require(try CLI.json(json.stdout) as? [String: Any])
        #expect(obj["ok"] as? Bool == false)
        #expect((obj["errors"] as? Int ?? 0) >= 2)
    }

    @Test func usageErrorsExitTwo() throws {
        let cat = CLI.packageRoot.appendingPathComponent("Catalog").path
        #expect(try CLI.run(["list", "things", "--catalog", cat]).code == 2)
        #expect(try CLI.run(["list", "scenarios", "--since", "2026Q1", "--catalog", cat]).code == 2)
        #expect(try CLI.run(["list", "scenarios", "--sort", "titel", "--catalog", cat]).stderr.contains("did you mean 'title'?"))
        #expect(try CLI.run(["frobnicate"]).code == 2)
        #expect(try CLI.run(["--help"]).code == 0)
    }

    @Test func aMissingCatalogueIsAnEnvironmentError() throws {
        let r = try CLI.run(["validate", "--catalog", "/nonexistent/catalogue"])
        #expect(r.code == 4)
        #expect(r.stderr.contains("no such catalogue folder"))
        let env = try CLI.run(["list", "scenarios"], env: ["SCENCAT_CATALOG": "/nonexistent/x"])
        #expect(env.code == 4)
    }

    @Test func theUIRefusesToRunWithoutATerminal() throws {
        let r = try CLI.run(["--catalog", CLI.packageRoot.appendingPathComponent("Catalog").path])
        #expect(r.code == 2)
        #expect(r.stderr.contains("needs a terminal"))
    }

    @Test func aFailedIndexKeepsTheLastGoodIndex() throws {
        let cat = try CLI.demoCopy()
        #expect(try CLI.run(["index", "--catalog", cat]).code == 0)
        let before = try #require(try CLI.json(try CLI.run(["list", "models", "--catalog", cat, "--format", "json"]).stdout) as? [Any])
        // A scenario now names a model that does not exist: the whole run is refused.
        let name = try #require(try CLI.files(in: "\(cat)/scenarios").first { (try? CLI.read("\(cat)/scenarios/\($0)"))?.contains("\n- model: ") == true })
        let file = "\(cat)/scenarios/\(name)"
        let original = try CLI.read(file)
        var broken = original
        let at = try #require(broken.range(of: "\n- model: "))
        broken.replaceSubrange(at, with: "\n- model: no-such-model\n  role: deployed\n- model: ")
        try CLI.write(broken, to: file)
        let failed = try CLI.run(["index", "--catalog", cat])
        #expect(failed.code == 1)
        #expect(failed.stderr.contains("unknown model 'no-such-model'"))
        #expect(failed.stderr.contains("index not updated"))
        // Queries still answer from the last good state (with a warning).
        let listed = try CLI.run(["list", "models", "--catalog", cat, "--format", "json"])
        #expect(listed.code == 0)
        #expect(listed.stderr.contains("showing the last good index"))
        #expect((try CLI.json(listed.stdout) as? [Any])?.count == before.count)
        // The broken file's entity cannot be shown: the index keeps no copy of it (docs/0029).
        let id = String(name.dropLast(".yaml".count))
        let shown = try CLI.run(["show", id, "--catalog", cat])
        #expect(shown.code == 1)
        #expect(shown.stdout.isEmpty)
        #expect(shown.stderr.contains("scencat: scenarios/\(name) changed after the index was last brought up to date and cannot be shown; the index follows once the catalogue has no errors (scencat validate lists them)"), "\(shown.stderr)")
        let shownZh = try CLI.run(["show", id, "--catalog", cat, "--lang", "zh"])
        #expect(shownZh.code == 1)
        #expect(shownZh.stderr.contains("scenarios/\(name) 在上次索引之后已改动，无法显示；目录没有错误时索引随之更新（scencat validate 列出错误）"), "\(shownZh.stderr)")
        // Fixed: the next run reads the file again and commits.
        try CLI.write(original, to: file)
        let fixed = try CLI.run(["index", "--catalog", cat, "-v"])
        #expect(fixed.code == 0)
        #expect(fixed.stderr.contains("1 read") || fixed.stderr.contains("0 read, 1 touched"), "\(fixed.stderr)")
        #expect(try CLI.run(["show", id, "--catalog", cat]).code == 0)
    }

    @Test func indexReadsOnlyChangedFiles() throws {
        let cat = try CLI.demoCopy()
        let first = try CLI.run(["index", "--catalog", cat, "-v"])
        #expect(first.code == 0)
        let count = try ["scenarios", "models", "centers"].reduce(0) { $0 + (try CLI.files(in: "\(cat)/\($1)").count) }
        #expect(first.stderr.contains("indexed \(count) files: \(count) read, 0 touched, 0 removed"), "\(first.stderr)")
        let again = try CLI.run(["index", "--catalog", cat, "-v"])
        #expect(again.stderr.contains(": 0 read, 0 touched, 0 removed"), "\(again.stderr)")
        let file = "\(cat)/scenarios/\(try CLI.files(in: "\(cat)/scenarios")[1])"
        let text = try CLI.read(file)
        try CLI.write(text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 新"), to: file)
        let one = try CLI.run(["index", "--catalog", cat, "-v"])
        #expect(one.stderr.contains(": 1 read, 0 touched, 0 removed"), "\(one.stderr)")
        try FileManager.default.removeItem(atPath: file)
        let removed = try CLI.run(["index", "--catalog", cat, "-v"])
        #expect(removed.stderr.contains("1 removed"), "\(removed.stderr)")
        let rebuilt = try CLI.run(["index", "--rebuild", "--catalog", cat, "-v"])
        #expect(rebuilt.code == 0)
        #expect(rebuilt.stderr.contains("(rebuilt)"))
    }

    @Test func listFiltersAndFormats() throws {
        let cat = try CLI.demoCopy()
        let healthcareFiles = try CLI.files(in: "\(cat)/scenarios").filter {
            (try? CLI.read("\(cat)/scenarios/\($0)"))?.contains("\nsector: healthcare\n") == true
        }
        let r = try CLI.run(["list", "scenarios", "--sector", "healthcare", "--catalog", cat, "--format", "json"])
        #expect(r.code == 0)
        let rows = try #require(try CLI.json(r.stdout) as? [[String: Any]])
        #expect(rows.count == healthcareFiles.count)
        #expect(rows.allSatisfy { $0["sector"] as? String == "healthcare" })
        let ids = rows.compactMap { $0["id"] as? String }
        #expect(ids == ids.sorted())
        let byPeak = try #require(try CLI.json(try CLI.run(["list", "scenarios", "--sort=-peak", "--catalog", cat, "--format", "json"]).stdout) as? [[String: Any]])
        let peaks = byPeak.map { $0["peak_pflops"] as? Double ?? 0 }
        #expect(peaks == peaks.sorted(by: >))
        let csv = try CLI.run(["list", "scenarios", "--sector", "healthcare", "--catalog", cat, "--format", "csv"])
        let csvLines = csv.stdout.split(separator: "\r\n")
        #expect(csvLines.first == "\u{FEFF}id,title,sector,city,stage,status,since,models,peak_pflops,updated")
        #expect(csvLines.count == healthcareFiles.count + 1)
        let yaml = try CLI.run(["list", "centers", "--catalog", cat, "--format", "yaml"])
        #expect(yaml.stdout.hasPrefix("- id: "))
        let table = try CLI.run(["list", "scenarios", "--stage", "piloting", "--catalog", cat, "--format", "table"])
        #expect(table.stdout.hasPrefix("ID "))
        #expect(!table.stdout.contains("scaled"))
        let model = try CLI.run(["list", "scenarios", "--model", "yuehai-med-imaging", "--catalog", cat, "--format", "json"])
        #expect(((try CLI.json(model.stdout) as? [Any])?.count ?? 0) >= 1)
        let bad = try CLI.run(["list", "scenarios", "--status", "aproved", "--catalog", cat])
        #expect(bad.code == 2)
        #expect(bad.stderr.contains("did you mean 'approved'?"))
    }

    @Test func tablesAlignChineseByDisplayWidth() throws {
        let r = try CLI.run(["list", "scenarios", "--sector", "healthcare", "--catalog", CLI.packageRoot.appendingPathComponent("Catalog").path, "--format", "table"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count > 3)
        // The SECTOR column starts at the same display column on every line.
        func width(_ s: Unicode.Scalar) -> Int { (s.value >= 0x2E80 && s.value <= 0x9FFF) || (s.value >= 0xFF00 && s.value <= 0xFF60) ? 2 : 1 }
        /// The text that starts at display column `column`, or nil when a wide character straddles it.
        func text(atColumn column: Int, in line: String) -> Substring? {
            var col = 0
            for i in line.unicodeScalars.indices {
                if col == column { return Substring(line.unicodeScalars[i...]) }
                if col > column { return nil }
                col += width(line.unicodeScalars[i])
            }
            return nil
        }
        let headerText = lines[0]
        let header = try #require(headerText.range(of: "SECTOR").map { headerText.unicodeScalars.distance(from: headerText.unicodeScalars.startIndex, to: $0.lowerBound) })
        for line in lines.dropFirst() {
            #expect(text(atColumn: header, in: line)?.hasPrefix("医疗 ") == true, "\(line)")
        }
    }

    @Test func showResolvesLinksBothWays() throws {
        let cat = try CLI.demoCopy()
        let model = try #require(try CLI.json(try CLI.run(["show", "yuehai-med-imaging", "--catalog", cat, "--format", "json"]).stdout) as? [String: Any])
        let usedBy = try #require(model["used_by"] as? [[String: Any]])
        #expect(!usedBy.isEmpty)
        let scenarioId = try #require(usedBy.first?["scenario"] as? String)
        let scenario = try #require(try CLI.json(try CLI.run(["show", scenarioId, "--catalog", cat, "--format", "json"]).stdout) as? [String: Any])
        let models = try #require(scenario["resolved_models"] as? [[String: Any]])
        #expect(models.contains { $0["model"] as? String == "yuehai-med-imaging" && ($0["name"] as? String)?.isEmpty == false })
        #expect((model["lineage"] as? [String])?.first == "yuehai-medical")
        let text = try CLI.run(["show", scenarioId, "--catalog", cat, "--format", "table"])
        #expect(text.stdout.contains("Models ("))
        let missing = try CLI.run(["show", "no-such-thing", "--catalog", cat])
        #expect(missing.code == 1)
        #expect(missing.stderr.contains("no scenario, model or center with id 'no-such-thing'"))
    }

    @Test func searchFindsChineseWordsOfAnyLength() throws {
        let cat = try CLI.demoCopy()
        // What each word must find, from the files themselves: every entity whose title or name
        // (Chinese or English) holds the word, at least, and nothing whose file lacks it.
        var texts: [String: String] = [:], names: [String: String] = [:]
        for dir in ["scenarios", "models", "centers"] {
            for f in try CLI.files(in: "\(cat)/\(dir)") {
                let text = try CLI.read("\(cat)/\(dir)/\(f)")
                let id = String(f.dropLast(5))
                texts[id] = text
                names[id] = text.components(separatedBy: "\n")
                    .filter { $0.hasPrefix("title: ") || $0.hasPrefix("title_en: ") || $0.hasPrefix("name: ") }.joined(separator: "\n")
            }
        }
        for word in ["医疗", "质检", "政务", "医", "智能制造", "imaging"] {
            let r = try CLI.run(["search", word, "--limit", "1000", "--catalog", cat, "--format", "json"])
            #expect(r.code == 0)
            let hits = try #require(try CLI.json(r.stdout) as? [[String: Any]])
            let found = Set(hits.compactMap { $0["id"] as? String })
            #expect(found.count == hits.count, "each entity once: \(word)")
            let named = Set(names.filter { $0.value.localizedCaseInsensitiveContains(word) }.keys)
            #expect(!found.isEmpty, "no hits for \(word)")
            #expect(named.subtracting(found).isEmpty, "\(word): not found: \(named.subtracting(found).sorted())")
            let without = found.filter { !(texts[$0]?.localizedCaseInsensitiveContains(word) ?? false) }
            #expect(without.isEmpty, "\(word): found in entities whose files lack it: \(without.sorted())")
            for h in hits where h["field"] is String {
                #expect((h["snippet"] as? String)?.localizedCaseInsensitiveContains(word) == true, "\(word): \(h)")
            }
        }
        let hostile = try CLI.run(["search", "\"医疗 AND (", "--catalog", cat, "--format", "json"])
        #expect(hostile.code == 0)
        #expect(try CLI.run(["search", "--catalog", cat]).code == 2)
    }

    @Test func statsAddUp() throws {
        let cat = try CLI.demoCopy()
        let stats = try #require(try CLI.json(try CLI.run(["stats", "--catalog", cat, "--format", "json"]).stdout) as? [String: Any])
        #expect(stats["scenarios"] as? Int == (try CLI.files(in: "\(cat)/scenarios").count))
        #expect(stats["models"] as? Int == (try CLI.files(in: "\(cat)/models").count))
        let bySector = try #require(stats["scenarios_by_sector"] as? [String: Int])
        #expect(bySector.values.reduce(0, +) == stats["scenarios"] as? Int)
        let demand = try #require(stats["demand_pflops_fp16"] as? Double)
        let sectorDemand = try #require(stats["demand_by_sector"] as? [String: Double])
        #expect(abs(sectorDemand.values.reduce(0, +) - demand) < 0.001)
        let quarter = try #require(stats["quarter"] as? String)
        let q = try #require(try CLI.json(try CLI.run(["stats", "--quarter", quarter, "--catalog", cat, "--format", "json"]).stdout) as? [String: Any])
        #expect(q["demand_pflops_fp16"] as? Double == demand)
        let table = try CLI.run(["stats", "--catalog", cat, "--format", "table"])
        #expect(table.stdout.contains("Compute demand in \(quarter)"))
    }

    @Test func fmtCheckAndRewrite() throws {
        let cat = try CLI.demoCopy()
        #expect(try CLI.run(["fmt", "--check", "--catalog", cat]).code == 0)
        let name = try CLI.files(in: "\(cat)/models")[0]
        let file = "\(cat)/models/\(name)"
        let canonical = try CLI.read(file)
        // Same content, keys out of order and a flow list: valid but not canonical.
        var lines = canonical.split(separator: "\n").map(String.init)
        let statusLine = lines.removeLast()
        lines.insert(statusLine, at: 2)
        try CLI.write(lines.joined(separator: "\n") + "\n", to: file)
        #expect(try CLI.run(["validate", "--catalog", cat]).code == 0)
        let check = try CLI.run(["fmt", "--check", "--catalog", cat])
        #expect(check.code == 1)
        #expect(check.stdout.contains("\(file): not canonical"))
        let fix = try CLI.run(["fmt", "--catalog", cat])
        #expect(fix.code == 0)
        #expect(try CLI.read(file) == canonical)
        #expect(try CLI.run(["fmt", "--check", "--catalog", cat]).code == 0)
        // A file with errors is reported and never rewritten.
        let broken = "kind: Model\nid: \(name.dropLast(5))\nname: [unclosed\n"
        try CLI.write(broken, to: file)
        let failed = try CLI.run(["fmt", "--catalog", cat])
        #expect(failed.code == 1)
        #expect(try CLI.read(file) == broken)
    }

    @Test func schemaIsJSONSchema2020AndChecksFiles() throws {
        let r = try CLI.run(["schema"])
        #expect(r.code == 0)
        let schema = try #require(try CLI.json(r.stdout) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let defs = try #require(schema["$defs"] as? [String: Any])
        for name in ["Scenario", "Model", "Center", "ComputeNeed", "ModelLink", "Catalog", "Sectors"] { #expect(defs[name] != nil) }
        // check-jsonschema, as editors and CI would use it (scripts/test installs it).
        let which = try CLI.exec("/usr/bin/env", ["which", "check-jsonschema"])
        try #require(which.code == 0, "check-jsonschema is not installed (scripts/test installs it with pip)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let schemaFile = dir.appendingPathComponent("schema.json").path
        try CLI.write(r.stdout, to: schemaFile)
        let cat = CLI.packageRoot.appendingPathComponent("Catalog").path
        var files: [String] = []
        for sub in ["scenarios", "models", "centers"] { files += try CLI.files(in: "\(cat)/\(sub)").map { "\(cat)/\(sub)/\($0)" } }
        files += ["\(cat)/catalog.yaml", "\(cat)/taxonomy/sectors.yaml", "\(cat)/taxonomy/cities.yaml", "\(cat)/taxonomy/accelerators.yaml"]
        let good = try CLI.exec(which.stdout.trimmingCharacters(in: .whitespacesAndNewlines), ["--schemafile", schemaFile] + files)
        #expect(good.code == 0, "\(good.stdout)\(good.stderr)")
        let bad = dir.appendingPathComponent("bad.yaml").path
        try CLI.write("kind: Scenario\nid: x-1\ntitle: 测试\nsector: healthcare\ncity: guangzhou\nstage: pilotting\nstatus: approved\ncolour: red\n", to: bad)
        let rejected = try CLI.exec(which.stdout.trimmingCharacters(in: .whitespacesAndNewlines), ["--schemafile", schemaFile, bad])
        #expect(rejected.code != 0)
    }
}

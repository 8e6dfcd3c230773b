import Foundation
import Testing

/// The terminal UI's spreadsheet doors in tmux, on the built binary: `x` on a filtered list writes
/// what the list shows (read back by openpyxl), and the import wizard adds a sheet's rows that
/// one `u` removes again.
@Suite(.serialized) struct SheetTerminalTests {
    /// A scratch folder to start scencat in (exports land there, imports are offered from there).
    static func startFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-tui-sheets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Starts the app in `folder` (the shell changes into it first).
    static func start(_ term: TmuxSession, in folder: String) throws {
        try term.type("cd \(TmuxSession.shellQuoted(folder))")
        try term.press("Enter")
        try term.startApp()
        try term.waitFor(all: TmuxSession.demoListReady)
    }

    /// The ids (the 场景编号 column) and the header of an xlsx, as openpyxl reads them.
    static func openpyxlIds(_ path: String) throws -> (header: [String], ids: [String]) {
        let code = """
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
            rows = list(ws.iter_rows(values_only=True))
            header = [str(c) for c in rows[0]]
            col = header.index('场景编号')
            print(json.dumps({'header': header, 'ids': [r[col] for r in rows[1:]]}, ensure_ascii=False))
            """
        let r = try CLI.exec("/usr/bin/env", ["python3", "-c", code, path])
        #expect(r.code == 0, "openpyxl could not read \(path): \(r.stderr)")
        let object = try #require(try CLI.json(r.stdout) as? [String: Any])
        return (object["header"] as? [String] ?? [], object["ids"] as? [String] ?? [])
    }

    @Test func xOnAFilteredListWritesItsRowsAsOpenpyxlReadsThem() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        let folder = try Self.startFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let listed = try CLI.run(["list", "scenarios", "--catalog", term.catalog, "--sector", "healthcare", "--sort", "title", "--format", "json"])
        let ids = try #require(try CLI.json(listed.stdout) as? [[String: Any]]).map { $0["id"] as! String }
        #expect(ids.count > 1)

        try Self.start(term, in: folder)
        // The sector filter through the panel, then the title sort.
        try term.press("f")
        try term.waitFor(all: ["行业 sector"])
        try term.press("Enter")
        try term.waitFor(all: ["医疗 Healthcare"])
        try term.type("医疗")
        try term.press("Enter")
        try term.waitFor(all: ["\(ids.count) 条 entries"])
        try term.press("s")
        try term.waitFor(all: ["\(ids.count) 条 entries", "排序 sort: 标题 ↑"])
        try term.press("x")
        try term.waitForScreen { dialog in
            let missing = ["导出 Export", "文件名 File name: 场景清单-医疗-", ".xlsx", "列表所示的 \(ids.count) 行"].filter { !dialog.contains($0) }
            return missing + (dialog.contains("位于 in \(folder)") || dialog.contains("位于 in /") ? [] : ["位于 in \(folder)"])
        }
        // The suggestion is accepted as it is.
        try term.press("Enter")
        try term.waitFor(all: ["已导出 \(ids.count) 行 · exported \(ids.count) rows →"], none: ["文件名 File name:"])

        let written = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(written.count == 1 && written[0].hasPrefix("场景清单-医疗-") && written[0].hasSuffix(".xlsx"), "\(written)")
        let sheet = try Self.openpyxlIds(folder + "/" + written[0])
        #expect(sheet.header.prefix(4) == ["序号", "场景名称", "所属行业", "所属地市"])
        #expect(sheet.ids == ids, "the file's rows are the list's, in its order")

        // x again, same name: the file exists, and the question's default keeps it.
        try term.press("x")
        try term.waitFor(all: ["文件名 File name: 场景清单-医疗-"])
        try term.press("Enter")
        try term.waitFor(all: ["文件已存在 File exists", "n 保留 Keep"])
        try term.press("Enter")
        try term.waitFor(all: ["文件名 File name: 场景清单-医疗-"], none: ["文件已存在 File exists"])
        try term.press("Escape")
        try term.waitFor(all: ["\(ids.count) 条 entries"], none: ["导出 Export"])
        try term.press("q")
        try term.expectEnded(exit: 0)
    }

    @Test func theWizardImportsASheetAt80x24AndOneUndoRemovesItAll() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        let folder = try Self.startFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/sheets/submission-openpyxl.xlsx").path
        try FileManager.default.copyItem(atPath: source, toPath: folder + "/submission-openpyxl.xlsx")
        let added = ["foshan-manufacturing", "shenzhen-logistics", "shenzhen-healthcare", "zhuhai-government"]
        func exists(_ id: String) -> Bool { FileManager.default.fileExists(atPath: term.catalog + "/scenarios/\(id).yaml") }

        try Self.start(term, in: folder)
        try term.press("I")
        try term.waitFor(all: ["1/4 选择文件", "路径 Path: submission-openpyxl.xlsx"])
        try term.press("Enter")
        try term.waitFor(all: ["2/4 选择工作表", "申报表", "填写说明（隐藏 hidden）", "第二批"])
        try term.press("Enter")
        try term.waitFor(all: ["3/4 表头对应 Columns", "→ 场景名称 title", "→ 所属地市 city", "→ 忽略 ignored"])
        try term.press("Tab")
        try term.waitFor(all: ["新增 add 4 · 疑似重复 duplicates 2 · 拒绝 rejected 1", "foshan-manufacturing  智能质检示范线"])
        #expect(!added.contains(where: exists), "the plan writes nothing")
        try term.press("y")
        try term.waitFor(all: ["Import 4 scenarios as drafts", "n 返回 Back"])
        try term.press("y")
        try term.waitFor(all: ["已导入 4 个草稿场景"], none: ["4/4"])
        #expect(added.allSatisfy(exists))
        #expect(FileManager.default.fileExists(atPath: folder + "/submission-openpyxl-问题行.xlsx"))
        let yaml = try term.catalogFile("scenarios/foshan-manufacturing.yaml")
        #expect(yaml.contains("status: draft") && yaml.contains("智能质检示范线"))

        // One u, asked (it removes files), takes the whole import back.
        try term.press("u")
        try term.waitFor(all: ["撤销创建将删除文件"])
        try term.press("y")
        try term.waitFor(all: ["已撤销 undone"])
        #expect(!added.contains(where: exists), "one undo removes every imported scenario")
        try term.press("q")
        try term.expectEnded(exit: 0)
    }
}

import CatalogCore
@testable import CatalogFiles
import CatalogIndex
import ChineseText
import Foundation
import Testing
@testable import CatalogSync
@testable import Publishing
@testable import Wording

/// The texts docs/0026 took: what still reached a person in English in `zh` — layout problems,
/// unreadable files, verification problems, key and manifest files, index damage, init, resolve,
/// the merge driver, git failures, publish's capacity warning and I/O failures.
@Suite struct RemainingWordingTests {
    static func hasChinese(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

    /// The keys of docs/0026 (between its mark and its end in Texts.swift), read from the source.
    static let remainingKeys: [Text] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Wording/Texts.swift")
        let source = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        guard let start = source.range(of: "// MARK: Remaining texts a person reads"),
              let end = source.range(of: "// END OF REMAINING") else { return [] }
        return source[start.upperBound..<end.lowerBound].split(separator: "\n")
            .compactMap { $0.trimmingCharacters(in: .whitespaces).hasPrefix("case ") ? Text(rawValue: String($0.trimmingCharacters(in: .whitespaces).dropFirst(5))) : nil }
    }()

    /// Every new text in Chinese, its arguments ids and paths, has a Chinese word and no English one;
    /// in `both` it reads as the English (as these messages always did).
    @Test func everyRemainingTextReadsInChinese() {
        #expect(Self.remainingKeys.count >= 110, "\(Self.remainingKeys.count)")
        for t in Self.remainingKeys {
            let count = Text.placeholders(t.template(in: .en)).count
            let arguments = (0..<count).map { "zz-\($0 + 1)" }
            let zh = t.rendered(in: .zh, arguments)
            #expect(ChineseText.englishWords(in: zh).isEmpty, "\(t): \(zh)")
            // A text that is only its argument (an index damage's reason in English) words it in Chinese.
            #expect(Self.hasChinese(zh) || [.verifyReason, .pathMessage, .diagFileSystem].contains(t), "\(t): \(zh)")
            #expect(t.rendered(in: .both, arguments) == t.rendered(in: .en, arguments), "\(t)")
        }
    }

    /// Folder layout problems: each coded, Chinese in zh, the English message in en, the same paths.
    @Test func layoutProblemsInChinese() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-layout-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        for d in ["scenarios/sub", "scenarios/dir.yaml", "models"] { try fm.createDirectory(atPath: root + "/" + d, withIntermediateDirectories: true) }
        for f in ["scenarios/Bad Name.yaml", "scenarios/x1.yml", "scenarios/notes.txt", "scenarios/ok-one.yaml"] {
            #expect(fm.createFile(atPath: root + "/" + f, contents: Data("kind: Scenario\n".utf8)))
        }
        try fm.createSymbolicLink(atPath: root + "/scenarios/outside.yaml", withDestinationPath: "/etc/hostname")
        try fm.createSymbolicLink(atPath: root + "/scenarios/gone.yaml", withDestinationPath: "nowhere")
        try fm.createSymbolicLink(atPath: root + "/scenarios/loop.yaml", withDestinationPath: "loop.yaml")
        #expect(mkfifo(root + "/scenarios/pipe.yaml", 0o644) == 0)
        try fm.removeItem(atPath: root + "/models")
        try fm.createSymbolicLink(atPath: root + "/models", withDestinationPath: "/tmp")
        let diagnostics = CatalogLayout(root: root).scanEntityFiles().diagnostics
        let expected: [String: String] = [
            "scenarios/Bad Name.yaml": "文件名 'Bad Name.yaml' 不是有效的标识：不允许空格（^[a-z0-9][a-z0-9-]{1,62}$）；请改名为 'bad-name.yaml'",
            "scenarios/x1.yml": "目录文件以 .yaml 结尾，而不是 .yml",
            "scenarios/notes.txt": "已忽略：不是 .yaml 文件",
            "scenarios/sub": "已忽略：不读取子文件夹；scenarios/ 只有一层",
            "scenarios/dir.yaml": "是文件夹；此处应为场景文件",
            "scenarios/outside.yaml": "符号链接指向目录之外（/etc/hostname）",
            "scenarios/gone.yaml": "符号链接已损坏：它指向的目标不存在",
            "scenarios/loop.yaml": "符号链接已损坏：它绕成了环",
            "scenarios/pipe.yaml": "不是普通文件",
            "models": "models/ 是指向目录之外的符号链接（/tmp）；scencat 不在那里读写",
        ]
        #expect(Set(diagnostics.map(\.file)) == Set(expected.keys))
        for d in diagnostics {
            #expect(d.code != nil, "\(d)")
            let zh = Wording.$taskLanguage.withValue(.zh) { d.shownMessage }
            #expect(zh == expected[d.file], "\(d.file): \(zh)")
            #expect(Wording.$taskLanguage.withValue(.en) { d.shownMessage } == d.message)
        }
        #expect(diagnostics.first { $0.file == "scenarios/x1.yml" }?.message == "catalogue files end in .yaml, not .yml")
    }

    /// A file that cannot be read: the reason from errno in Chinese (35 values), a value not listed as
    /// the system's own text; the English reason unchanged.
    @Test func unreadableFilesInChinese() throws {
        #expect(ErrorWording.errnoChinese.count >= 34)
        for (number, text) in ErrorWording.errnoChinese {
            #expect(Self.hasChinese(text) && ChineseText.englishWords(in: text).isEmpty, "\(number): \(text)")
            #expect(ErrorWording.errnoText(String(number)) == text)
        }
        #expect(ErrorWording.errnoText(String(ENOKEY)) == String(cString: strerror(ENOKEY)))
        for (number, zh) in [(EACCES, "无法打开：没有权限"), (ENOSPC, "写入失败：磁盘已满"), (ETIMEDOUT, "读取失败：连接超时")] {
            errno = number
            let what = number == EACCES ? "cannot open" : number == ENOSPC ? "write failed" : "read failed"
            let d = FileError.posix("/x/scenarios/a.yaml", what).diagnostic("scenarios/a.yaml")
            #expect(d.code == "FileSystem")
            #expect(Wording.$taskLanguage.withValue(.zh) { d.shownMessage } == zh)
            #expect(Wording.$taskLanguage.withValue(.en) { d.shownMessage } == "\(what): \(String(cString: strerror(number)))")
        }
        // A real missing file, read as the catalogue reader reads it.
        var caught: (any Error)?
        do { _ = try AtomicFile.read("/nonexistent-\(UUID().uuidString).yaml") } catch { caught = error }
        let missing = try #require(caught as? FileError).diagnostic("scenarios/b.yaml")
        #expect(Wording.$taskLanguage.withValue(.zh) { missing.shownMessage } == "文件不存在")
        #expect(missing.message == "missing")
    }

    /// verify's findings on a hand-made publication folder, and key and manifest files.
    @Test func verificationProblemsInChinese() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-verify-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/2026-Q1", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/2026-Q2", withIntermediateDirectories: true)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: dir + "/2026-Q1/manifest.json"))
        try Data(#"{"format": "other"}"#.utf8).write(to: URL(fileURLWithPath: dir + "/2026-Q2/manifest.json"))
        func problems(_ q: String, _ language: InterfaceLanguage) -> [String] {
            Wording.$taskLanguage.withValue(language) {
                Verifier.verify(folder: dir + "/" + q, trust: TrustedKeys()).problems.map { $0.formatted() }
            }
        }
        #expect(problems("2026-Q1", .zh) == ["2026-Q1/manifest.json: error: 不是有效的 JSON"])
        #expect(problems("2026-Q1", .en) == ["2026-Q1/manifest.json: error: not valid JSON"])
        #expect(problems("2026-Q2", .zh) == ["2026-Q2/manifest.json: error: 不是 scencat 的发布 manifest.json（'format' 不是 scencat-publication）"])
        #expect(problems("2026-Q3", .zh) == ["2026-Q3: error: 没有这个发布"])
        #expect(problems("2026-Q3", .both) == ["2026-Q3: error: no such publication"])
        // Key files.
        for (text, zh, en) in [("name: x\n", "不是 scencat 公钥文件（需要 `name:` 和 `ed25519:`）", "not a scencat public key (needs 'name:' and 'ed25519:')"),
                               ("no colon here\n", "第 1 行：应为 `key: value`", "line 1: expected 'key: value'"),
                               ("name: a\nname: b\n", "第 2 行：'name' 出现了两次", "line 2: 'name' given twice")] {
            var caught: (any Error)?
            do { _ = try PublicKeyFile.parse(text, path: "keys/x.pub") } catch { caught = error }
            let e = try #require(caught as? KeyFileError)
            #expect(e.message == en)
            #expect(Wording.$taskLanguage.withValue(.zh) { ErrorWording.shown(e) } == "keys/x.pub：" + zh)
            #expect(Wording.$taskLanguage.withValue(.en) { ErrorWording.shown(e) } == "keys/x.pub: " + en)
            #expect(Wording.$taskLanguage.withValue(.zh) { VerifyProblem(.warning, "keys/x.pub", error: e).formatted() } == "keys/x.pub: warning: " + zh)
        }
    }

    /// Index damage: SQLite's common findings and scencat's own in Chinese; SQLite's rarer words as they come.
    @Test func indexDamageInChinese() {
        let cases: [(IndexDamage, String)] = [
            (IndexDamage(reason: "made by another version of scencat", code: "indexDamageOtherVersion"), "由另一版本的 scencat 建立"),
            (IndexDamage(reason: "*** in database main ***\nPage 3: btreeInitPage() returns error code 11", code: "indexDamageCheck"), "完整性检查（`quick_check`）发现了损坏"),
            (IndexDamage(reason: "the stored entity 5 cannot be read back; run `scencat index --rebuild`"), "索引中存储的数据无法读回；请运行 `scencat index --rebuild`"),
        ]
        for (damage, zh) in cases {
            #expect(Wording.$taskLanguage.withValue(.zh) { ErrorWording.shown(damage) } == zh)
            #expect(Wording.$taskLanguage.withValue(.both) { ErrorWording.shown(damage) } == damage.reason)
        }
        // A damaged journal set aside: its note, without SQLite's English reason in zh.
        let note = CodedMessage("in English", "journalDamaged", ["j.sqlite", "file is not a database", "j.sqlite.damaged-1"])
        #expect(Wording.$taskLanguage.withValue(.zh) { note.shown }
                == "修改记录 j.sqlite 已损坏；已保留为 j.sqlite.damaged-1，并新建了修改记录：之前的修改不能再撤销，它们的修改记录也没有了（git 历史不受影响）")
        #expect(Wording.$taskLanguage.withValue(.both) { note.shown } == "in English")
        let rare = IndexDamage(reason: "disk I/O error")
        #expect(Wording.$taskLanguage.withValue(.zh) { ErrorWording.shown(rare) } == "disk I/O error")
    }

    /// init's refusals, resolve's, the merge driver's lines and a git failure's wrapper.
    @Test func initResolveAndMergeDriverInChinese() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-init-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: dir + "/x", contents: Data()))
        func refusal(_ language: InterfaceLanguage) -> String {
            Wording.$taskLanguage.withValue(language) {
                do { _ = try CatalogInit.create(at: dir, name: "n", owner: "o", driverCommand: nil); return "" } catch { return "\(error)" }
            }
        }
        #expect(refusal(.zh) == "\(dir) 已存在且不是空的：请换一个新文件夹，或在已有的克隆中运行 `scencat init --here`")
        #expect(refusal(.both) == "\(dir) exists and is not empty: choose a new folder, or run `scencat init --here` inside an existing clone")
        let garbage = Array("kind: [\n".utf8)
        let zh = Wording.$taskLanguage.withValue(.zh) { MergeDriver.merge(base: garbage, ours: nil, theirs: nil, path: "scenarios/a.yaml").summary }
        #expect(zh == "scenarios/a.yaml：冲突：无法把共同读成目录条目")
        let en = Wording.$taskLanguage.withValue(.en) { MergeDriver.merge(base: garbage, ours: nil, theirs: nil, path: "scenarios/a.yaml").summary }
        #expect(en == "scenarios/a.yaml: conflict: cannot read base as a catalogue entity")
        let git = GitError(arguments: ["merge", "--ff-only"], status: 128, message: "fatal: Not possible to fast-forward, aborting.\nhint: x")
        #expect(Wording.$taskLanguage.withValue(.zh) { SyncError.git(git, Text.syncGitWhatTake("origin/main")).message }
                == "无法取用 origin/main：git merge 失败，git 的输出：\n  fatal: Not possible to fast-forward, aborting.")
        #expect(Wording.$taskLanguage.withValue(.both) { SyncError.git(git, Text.syncGitWhatTake("origin/main")).message }
                == "cannot take origin/main: git merge failed:\n  fatal: Not possible to fast-forward, aborting.")
        #expect(Wording.$taskLanguage.withValue(.zh) { MergeDriver.shown(.deletedByOurs) } == "本地已删除，远程有修改")
    }

    /// A model's finding against the filing registers, as `validate` reports it at the filing number.
    @Test func registerFindingsInChinese() {
        let cases: [(String, [String], String)] = [
            ("RegisterNotFound", ["GD-1"], "未找到：备案号 'GD-1' 不在任何名单快照中"),
            ("RegisterNotFoundSuggest", ["", "城眸", "某公司", "GD-2"], "未找到：空的备案号 不在任何名单快照中；名单中 某公司 的 '城眸' 备案号为 GD-2：改为 `filing_no=GD-2`？"),
            ("RegisterMismatch", ["GD-1", "guangdong 2025-12-31", "name", "甲", "乙", "filed_on", "2025-01-01", "2025-02-01"],
             "信息不符：备案号 'GD-1' 与 guangdong 2025-12-31 不一致：名称此处为 '甲'，名单中为 '乙'；日期此处为 '2025-01-01'，名单中为 '2025-02-01'"),
            ("RegisterRemoved", ["GD-1", "guangdong 2025-12-31", "guangdong 2026-02-28"], "已移出：备案号 'GD-1' 曾在 guangdong 2025-12-31 中，guangdong 2026-02-28 中已没有"),
            ("RegisterBlocks", ["m1", "not-found", "guangdong 2026-02-28"],
             "部署的模型 'm1' 在备案名单中为未找到（已与 guangdong 2026-02-28 核对）：已批准的场景必须由已备案的模型服务；请修正该模型的 `filing_no`，或用 --allow-unfiled REASON 发布"),
        ]
        for (code, arguments, zh) in cases {
            let d = Diagnostic(.warning, "models/a.yaml", .start, "in English", code: code, arguments: arguments)
            #expect(Wording.$taskLanguage.withValue(.zh) { d.shownMessage } == zh)
            #expect(Wording.$taskLanguage.withValue(.both) { d.shownMessage } == "in English")
        }
    }

    /// publish's capacity warning and a register snapshot that is already there.
    @Test func capacityWarningAndRegisterConflictInChinese() {
        let o = Manifest.Oversubscribed(center: "dongguan-compute", demand: 409.2, capacity: 400)
        #expect(Wording.$taskLanguage.withValue(.zh) { o.text(quarter: "2026-Q3") } == "2026-Q3 算力中心 dongguan-compute 的预订量达到其容量的 102 %（409.2 / 400 PFLOPS FP16）")
        #expect(Wording.$taskLanguage.withValue(.both) { o.text(quarter: "2026-Q3") }
                == "center dongguan-compute is booked at 102 % of its capacity in 2026-Q3 (409.2 of 400 PFLOPS FP16)")
        let conflict = RegisterFiles.Conflict(path: "registers/gd/2026-01-01.yaml", existing: nil)
        #expect(Wording.$taskLanguage.withValue(.zh) { ErrorWording.shown(conflict) }.hasPrefix("registers/gd/2026-01-01.yaml 已有此来源、此日期的另一份快照"))
        #expect(Wording.$taskLanguage.withValue(.en) { ErrorWording.shown(conflict) } == conflict.description)
    }
}

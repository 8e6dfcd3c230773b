import CatalogCore
import CatalogFiles
import CatalogIndex
import ChineseText
import Foundation
import Testing
@testable import CatalogSync
@testable import Wording

/// Why the entity store refuses an edit, and a failed save's file error, as the edit screens and
/// `scencat new/set/confirm…` show them.
@Suite struct EditRefusalWordingTests {
    static let editTexts: [Text] = [.editNoSuchId, .editNoSuchIdMeant, .editNotAScenario, .editCannotRead, .editUnreadable,
                                    .editHasErrors, .editIdChanges, .fileBusy, .fileSystem, .fileMissing, .fileNotRegular, .fileTooLarge]

    /// Every text of the group in Chinese, with ids and paths for arguments, has no English word.
    @Test func everyEditTextReadsInChinese() {
        Wording.$taskLanguage.withValue(.zh) {
            for t in Self.editTexts {
                let count = Text.placeholders(t.template(in: .en)).count
                #expect(Text.placeholders(t.template(in: .zh)).count == count, "\(t)")
                let arguments = (0..<count).map { $0 == 1 && t == .editNotAScenario ? "Model" : "scenarios/zz-\($0 + 1).yaml" }
                let shown = CodedMessage("in English", t.rawValue, arguments).shown
                #expect(ChineseText.englishWords(in: shown).isEmpty, "\(t): \(shown)")
                // (`fileSystem` is a path and two worded arguments: aFileErrorInChinese.)
                #expect(t == .fileSystem || shown.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(t): \(shown)")
            }
        }
    }

    /// The store's own refusals: Chinese in zh, the English message word for word in both and en.
    @Test func storeRefusalsInChinese() throws {
        let app = try AppFixture.fresh()
        defer { app.remove() }
        let store = try EntityStore(root: app.root, index: app.store)
        func failure(_ body: () throws -> Void) -> EditFailure? {
            do { try body() } catch let f as EditFailure { return f } catch { Issue.record("\(error)") }
            return nil
        }
        let notAScenario = try #require(failure { _ = try store.confirm(["chaoyun-culture"]) })
        let missing = try #require(failure { _ = try store.open("zzzz-none") })
        for (f, zh) in [(notAScenario, "'chaoyun-culture' 是模型；只有场景有 `updated`"),
                        (missing, "没有标识为 'zzzz-none' 的场景、模型或算力中心")] {
            #expect(Wording.$taskLanguage.withValue(.zh) { ErrorWording.shown(f) } == zh)
            #expect(Wording.$taskLanguage.withValue(.both) { ErrorWording.shown(f) } == f.message)
            #expect(Wording.$taskLanguage.withValue(.en) { ErrorWording.shown(f) } == f.message)
        }
        #expect(notAScenario.message == "'chaoyun-culture' is a model; only scenarios carry `updated`")
        #expect(missing.message.hasPrefix("no scenario, model or center with id 'zzzz-none'"))
    }

    /// A file error from the system: what failed and why in Chinese, the path as it is.
    @Test func aFileErrorInChinese() throws {
        let path = FileManager.default.temporaryDirectory.path + "/scencat-none-\(UUID().uuidString)/x.yaml"
        var caught: (any Error)?
        do { _ = try AtomicFile.write("x", to: path) } catch { caught = error }
        let error = try #require(caught as? FileError)
        let zh = Wording.$taskLanguage.withValue(.zh) { ErrorWording.shown(error) }
        #expect(zh == "\(path)：无法创建临时文件：没有这个文件或目录")
        #expect(ChineseText.englishWords(in: zh).isEmpty, "\(zh)")
        #expect(Wording.$taskLanguage.withValue(.both) { ErrorWording.shown(error) } == "\(error)")
        #expect("\(error)" == "\(path): cannot create a temporary file: No such file or directory")
        var missing: (any Error)?
        do { _ = try AtomicFile.read(path, limit: 10) } catch { missing = error }
        let missingError = try #require(missing)
        #expect(Wording.$taskLanguage.withValue(.zh) { ErrorWording.shown(missingError) } == "\(path)：文件不存在")
        // Wrapped in the store's refusal to read a file, the file error is worded with it.
        let wrapped = EditFailure.cannotRead("scenarios/x.yaml", error)
        #expect(Wording.$taskLanguage.withValue(.zh) { ErrorWording.shown(wrapped) } == "无法读取 scenarios/x.yaml：\(zh)")
    }
}

/// What stops a sync, as `scencat sync` and the sync screen show it.
@Suite struct SyncBlockerWordingTests {
    static let syncTexts: [Text] = [.syncBlockDetached, .syncBlockNoIdentity, .syncBlockLocked, .syncBlockOtherOperation, .syncBlockDirtyOutside,
                                    .syncRemoteRefused, .syncRemoteUnreachable, .syncErrMergeStopped, .syncErrCannotMerge, .syncErrRemoteHasErrors,
                                    .syncErrMergedHasErrors, .syncErrConflictsOpen, .syncErrNoFolder, .syncErrNotInGit, .syncErrInGitDir, .syncPlanDetached]

    @Test func everySyncTextReadsInChinese() {
        Wording.$taskLanguage.withValue(.zh) {
            for t in Self.syncTexts {
                let arguments = (0..<Text.placeholders(t.template(in: .en)).count).map { "zz-\($0 + 1)" }
                let shown = t.rendered(in: .zh, arguments)
                #expect(ChineseText.englishWords(in: shown).isEmpty, "\(t): \(shown)")
                #expect(shown.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(t): \(shown)")
            }
        }
    }

    /// The blockers and git's explained failures follow the language; both reads as always.
    @Test func blockersFollowTheLanguage() {
        let zh = Wording.$taskLanguage.withValue(.zh) { (Blocker.dirtyOutside(["README.md"]), Remote.explain("fatal: could not resolve host: example.org")) }
        #expect(zh.0 == "目录之外的文件有未提交的修改，而收到的提交也修改了它们（README.md）：请先提交或暂存（`git stash`）这些修改")
        #expect(zh.1 == "无法连接远程仓库（fatal: could not resolve host: example.org）")
        let both = Wording.$taskLanguage.withValue(.both) { Blocker.dirtyOutside(["README.md"]) }
        #expect(both == "files outside the catalogue have uncommitted changes that the incoming commits also change (README.md): commit or stash them first")
        #expect(Wording.$taskLanguage.withValue(.en) { Blocker.detachedHead } == "HEAD is detached (not on a branch): check out the branch to sync, e.g. `git switch main`")
    }
}

import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import ScencatApp
import Testing
import TerminalKit
import Wording

/// Every screen in Chinese (`zh`, docs/0020): no English word on it but what the allow-list names.
///
/// Allowed are (1) what `ChineseText.englishWords` allows (units, formats, program and key names,
/// commands, options, paths, placeholders, ids, single letters), and (2) words of the catalogue's
/// own data — every value of every entity but the fields `Names` names (stage, status, role…,
/// which must show in Chinese) — and of the taxonomy's ids and accelerator names, a word cut
/// short with … included (model names, titles in English, filing numbers are user data).
/// Everything else — a tab, a header, a hint, a help line, a dialog's button, a form label or
/// error, a notice — fails the test with the screen and the word.
@Suite("Chinese screens", .serialized)
struct ChineseWalkTests {
    static let dataWords: Set<String> = {
        let store = AppFixture.shared.store
        var words = Set<String>()
        func add(_ text: String) { for w in ChineseWalkTests.words(text) { words.insert(w) } }
        func walk(_ node: Node, key: String?) {
            switch node.value {
            case .map(let fields): for f in fields where !Names.namedFields.contains(f.key) { walk(f.value, key: f.key) }
            case .list(let items): for i in items { walk(i, key: key) }
            default: if let s = node.value.scalarText { add(s) }
            }
        }
        for kind in EntityKind.allCases {
            let rows = (try? store.list(ListQuery(kind: kind, limit: nil))) ?? []
            for row in rows {
                guard let entity = try? store.entity(id: row.id) else { continue }
                walk(Node(.map(EntityEncoder.fields(entity, includeInternal: true))), key: nil)
            }
        }
        if let t = try? store.taxonomy() {
            for s in t.sectors { add(s.id) }
            for c in t.cities { add(c.id) }
            for a in t.accelerators { add(a.id); add(a.name); add(a.vendor) }
        }
        if let info = try? store.catalogInfo() { add(info.name); add(info.owner) }
        return words
    }()

    /// Runs of ASCII letters and digits (with `_`).
    static func words(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        for ch in text {
            if ch.isASCII && (ch.isLetter || ch.isNumber || ch == "_") { current.append(ch) } else if !current.isEmpty { out.append(current); current = "" }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// The English words of `screen` that the allow-list does not cover.
    static func untranslated(_ screen: String) -> [String] {
        var found: [String] = []
        for line in screen.split(separator: "\n").map(String.init) {
            for w in ChineseText.englishWords(in: line) where !dataWords.contains(w) {
                // Cut short by the column or a box drawn over it: a data word's start.
                if let r = line.range(of: w), let next = line[r.upperBound...].first, next == "…" || ("\u{2500}"..."\u{257F}").contains(String(next)),
                   dataWords.contains(where: { $0.hasPrefix(w) }) { continue }
                // The end of a data word, cut by a box drawn over its start.
                if let r = line.range(of: w), let prev = line[..<r.lowerBound].last, ("\u{2500}"..."\u{257F}").contains(String(prev)),
                   dataWords.contains(where: { $0.hasSuffix(w) }) { continue }
                // Git's own names: the branch and remote, a commit's hash.
                if ["main", "origin"].contains(w) || (w.count >= 7 && w.allSatisfy(\.isHexDigit)) { continue }
                // The id a new entry's form suggests before it has a title.
                if w == "scenario" && line.contains("标识*") { continue }
                found.append(w)
            }
        }
        return found
    }

    static func expectChinese(_ screen: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        // A commit's subject is user data (the remote's commit in the sync test: `remote title`).
        let words = untranslated(screen.replacingOccurrences(of: "remote title", with: ""))
        #expect(words.isEmpty, "\(what): English words \(Array(Set(words)).sorted())\n\(screen)", sourceLocation: sourceLocation)
    }

    /// Key scripts that reach every screen of the tab lists, pages, panels, forms and dialogs.
    static let scripts: [(String, String)] = [
        ("scenarios", ""), ("models", "2"), ("centers", "3"), ("dashboard", "4"), ("sector sidebar", "h"),
        ("sorted", "ss"), ("search", "/医疗"), ("search, no hit", "/无此词语无此词语"), ("filter fields", "f"),
        ("filter values", "f<Enter>"), ("filter chip", "f<Enter><Enter>"), ("jump", ":"), ("jump, missing", ":nothing-here<Enter>"),
        ("scenario page", "<Enter>"), ("model page", "2<Enter>"), ("center page", "3<Enter>"),
        ("errors panel", "!"), ("file view", "!<Enter>"),
        ("scenario form", "e"), ("new scenario", "a"), ("new scenario refused", "a<C-s>"), ("model form", "2e"), ("center form", "3e"),
        ("form picker", "e<Tab><Tab><Enter>"), ("discard question", "ex<Esc>"),
        ("withdraw", "W"), ("delete", "d"), ("delete refused", "2d"), ("unlink plan", "2du"), ("history", "H"),
        ("link", "<Enter>L"), ("unlink", "<Enter><Down><Down><Down><Down><Down><Down>U"),
        ("nothing to undo", "u"), ("nothing to redo", "<C-r>"), ("publications", "5"), ("publish wizard", "5p"),
        ("export dialog", "x"), ("export, no name", "x<C-u><Enter>"), ("import wizard", "I"), ("import on models", "2I"),
    ]

    @Test(arguments: [80, 120])
    func everyScreenInChinese(width: Int) {
        let size = (width, width == 80 ? 24 : 40)
        Wording.$taskLanguage.withValue(.zh) {
            for (what, script) in Self.scripts {
                let screen = AppFixture.shared.screen(script, width: size.0, height: size.1)
                Self.expectChinese(screen, "\(what) (\(script)) at \(size.0)×\(size.1)")
            }
        }
    }

    /// The help screen, page by page to its end: every key's description and every heading.
    @Test func helpInChinese() {
        Wording.$taskLanguage.withValue(.zh) {
            var seen = Set<String>()
            for page in 0..<40 {
                let screen = AppFixture.shared.screen("?" + String(repeating: "<PgDn>", count: page), width: 100, height: 40)
                guard seen.insert(screen).inserted else { break }
                Self.expectChinese(screen, "help page \(page + 1)")
            }
            #expect(seen.count > 3)
            // The hint bar and the help are one table: every description and heading is Chinese.
            for b in KeyBindings.all {
                #expect(ChineseText.englishWords(in: b.help).isEmpty, "\(b.help)")
                #expect(ChineseText.englishWords(in: b.hint ?? "").isEmpty, "\(b.hint ?? "")")
                #expect(ChineseText.englishWords(in: b.context.title).isEmpty, "\(b.context.title)")
            }
        }
    }

    @Test func tooSmallInChinese() {
        Wording.$taskLanguage.withValue(.zh) {
            Self.expectChinese(AppFixture.shared.screen("", width: 50, height: 12), "too small")
        }
    }

    /// The Sync screen on two clones with a conflict: the plan, the question, the conflicts.
    @Test func syncInChinese() throws {
        try Wording.$taskLanguage.withValue(.zh) {
            let repos = try SyncRepos(conflict: true)
            defer { repos.remove() }
            let (backend, runtime) = repos.app(width: 120, height: 30)
            runtime.press("y")
            Self.expectChinese(backend.screenText(), "sync plan")
            runtime.press("y")
            Self.expectChinese(backend.screenText(), "sync question")
            runtime.press("y")
            let conflicts = backend.screenText()
            Self.expectChinese(conflicts, "sync conflicts")
            #expect(conflicts.contains("同步 · 冲突（1）"), "\(conflicts)")
            runtime.press("<Enter>")
            Self.expectChinese(backend.screenText(), "sync: a field undecided")
            runtime.press("t")
            Self.expectChinese(backend.screenText(), "sync: theirs chosen")
            #expect(backend.screenText().rows.first { $0.hasPrefix("  标题") }?.hasSuffix("← 远程") == true)
        }
    }

    /// The same screens in `both` read as they always did (the snapshots hold them); in English
    /// no Chinese of the interface's own is left on the tab line.
    @Test func englishTabs() {
        Wording.$taskLanguage.withValue(.en) {
            let screen = AppFixture.shared.screen("", width: 100, height: 30)
            #expect(screen.rows[1].contains("Scenarios") && !screen.rows[1].contains("场景"), "\(screen.rows[1])")
        }
    }
}

import CatalogCore
import Foundation
import GRDB

/// One entity the `:` jump offers for what was typed.
public struct JumpCandidate: Sendable, Hashable {
    public var kind: EntityKind
    public var id: String
    public var name: String
    /// Where the text matched in the id, in Characters (nil: not in the id).
    public var idMatch: Range<Int>?
    /// Where it matched in the name, in Characters (nil: not in the name, or not known).
    public var nameMatch: Range<Int>?

    public init(kind: EntityKind, id: String, name: String, idMatch: Range<Int>? = nil, nameMatch: Range<Int>? = nil) {
        self.kind = kind
        self.id = id
        self.name = name
        self.idMatch = idMatch
        self.nameMatch = nameMatch
    }
}

extension IndexStore {
    /// What `:` offers for `text`, best first: the id itself, ids starting with it, names holding
    /// it or starting with it in pinyin, ids holding it (`foshan-manu` finds
    /// `foshan-manufacturing-…`), then other matches of the search (words elsewhere, pinyin inside
    /// a name).
    public func jumpCandidates(_ text: String, limit: Int = 30) throws -> [JumpCandidate] {
        let needle = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !needle.isEmpty, limit > 0 else { return [] }
        let idLike = needle.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 || $0 == 46 }
        var tiers: [[JumpCandidate]] = [[], [], [], [], []]
        if idLike {
            try pool.read { db in
                for row in try Row.fetchAll(db, sql: "SELECT kind, id, name FROM entity WHERE id >= ? AND id < ? ORDER BY id LIMIT \(limit)",
                                            arguments: [needle, needle + "~"]) {
                    let c = JumpCandidate(kind: EntityKind(rawValue: row[0]) ?? .scenario, id: row[1], name: row[2], idMatch: 0..<needle.count)
                    tiers[c.id == needle ? 0 : 1].append(c)
                }
                // The ids sit in entity_pinyin's small rows, so holding-the-text scans few pages.
                for row in try Row.fetchAll(db, sql: """
                    SELECT e.kind, e.id, e.name, instr(p.id, ?1) AS at FROM entity_pinyin p JOIN entity e ON e.pk = p.pk
                    WHERE instr(p.id, ?1) > 1 ORDER BY length(p.id), p.id LIMIT \(limit)
                    """, arguments: [needle]) {
                    let at: Int = row[3]
                    tiers[3].append(JumpCandidate(kind: EntityKind(rawValue: row[0]) ?? .scenario, id: row[1], name: row[2],
                                                  idMatch: (at - 1)..<(at - 1 + needle.count)))
                }
            }
        }
        for hit in try wordSearch(text, limit: limit) {
            let at = Self.characterRange(of: needle, in: hit.name)
            tiers[hit.field == .name && at != nil ? 2 : 4].append(JumpCandidate(kind: hit.kind, id: hit.id, name: hit.name, nameMatch: at))
        }
        // Pinyin hits come best first (`PinyinRank`); those starting the name and spelled out as
        // fully as the text can be (`fewestUnits`) by everyday readings are its first tier, and
        // join the names.
        let fewest = PinyinIndex.query(text)?.fewestUnits ?? 0
        for hit in try pinyinSearch(text, limit: limit) {
            tiers[hit.match.atStart && hit.match.length == fewest && hit.match.everyday ? 2 : 4].append(JumpCandidate(kind: hit.kind, id: hit.id, name: hit.name, nameMatch: hit.match.range))
        }
        var seen = Set<String>()
        var out: [JumpCandidate] = []
        for c in tiers.joined() where out.count < limit && seen.insert(c.id).inserted { out.append(c) }
        return out
    }

    /// Where `needle` first occurs in `text` ignoring case, in Characters.
    static func characterRange(of needle: String, in text: String) -> Range<Int>? {
        guard let r = text.range(of: needle, options: [.caseInsensitive]) else { return nil }
        let start = text.distance(from: text.startIndex, to: r.lowerBound)
        return start..<(start + text[r].count)
    }
}

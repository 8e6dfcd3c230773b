import CatalogCore
import CatalogFiles

extension EntityStore {
    /// Records that scenarios were reviewed: `updated` becomes today and nothing else in the files
    /// changes (the `updated:` line is replaced in place; a file without one is written canonical
    /// with it). One journal entry for all of them, so one `undo` takes the whole round back.
    /// Scenarios already confirmed today are left alone; an id that is not a scenario fails the
    /// whole call before anything is written.
    public func confirm(_ ids: [String], today: String = Journal.today()) throws -> ChangeOutcome {
        var writes: [(file: String, kind: EntityKind, id: String, text: String?)] = []
        var expected: [String: String?] = [:]
        var unchanged: EntityDocument?
        for id in ids {
            let doc = try open(id)
            guard case .scenario(var s) = doc.entity else {
                throw EditFailure(.notFound, CodedMessage("'\(id)' is a \(doc.entity.kind.rawValue.lowercased()); only scenarios carry `updated`", "editNotAScenario", [id, doc.entity.kind.rawValue]))
            }
            guard s.updated != today, expected[doc.file] == nil else { unchanged = doc; continue }
            s.updated = today
            let text = EntityStore.replacingUpdated(in: doc.text ?? "", with: today) ?? CanonicalWriter.yaml(.scenario(s))
            writes.append((doc.file, .scenario, s.id, text))
            expected[doc.file] = doc.hash
        }
        guard !writes.isEmpty else {
            if let unchanged { return .unchanged(unchanged) }
            return .saved([], warnings: [])
        }
        return try commit(writes, expecting: expected, summary: "confirm", warnings: [])
    }

    /// `text` with its one top-level `updated:` line set to `date`; nil when it has none or several.
    static func replacingUpdated(in text: String, with date: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let hits = lines.indices.filter { lines[$0].hasPrefix("updated:") }
        guard hits.count == 1 else { return nil }
        lines[hits[0]] = "updated: \(date)"
        return lines.joined(separator: "\n")
    }
}

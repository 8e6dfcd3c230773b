/// Suggests an id for a new entity from what the user has typed so far, so nobody has to invent
/// one: `<city>-<sector>-<words of the English title>` for a scenario, the name's ASCII words for a
/// model or center, made unique with a number when taken.
public enum IdSuggestion {
    /// An id that `isTaken` rejects nowhere, or nil when nothing usable was given.
    public static func suggest(kind: EntityKind, fields: [Field], isTaken: (String) -> Bool) -> String? {
        var numbers: [String: Int] = [:]
        return suggest(kind: kind, fields: fields, isTaken: isTaken, numbers: &numbers)
    }

    /// `suggest` for many entities in a row, each id taken once given (`isTaken` only ever says yes
    /// to more): `numbers` keeps, per stem, the first number not yet tried, so the n-th entity of a
    /// stem (`shenzhen-healthcare-n`) tries one name instead of n. An import of 10,000 rows over
    /// 270 city–sector stems tried ~190,000 names without it.
    public static func suggest(kind: EntityKind, fields: [Field], isTaken: (String) -> Bool, numbers: inout [String: Int]) -> String? {
        func text(_ key: String) -> String? {
            guard let f = fields.first(where: { $0.key == key }) else { return nil }
            return f.value.value.scalarText
        }
        var parts: [String] = []
        switch kind {
        case .scenario:
            if let c = text("city"), c != "province" { parts.append(c) }
            if let s = text("sector") { parts.append(s) }
            parts += words(text("title_en") ?? "", limit: 3)
        case .model:
            parts += words(text("name") ?? "", limit: 4)
            if parts.isEmpty { parts += words(text("provider") ?? "", limit: 3) }
        case .center:
            if let c = text("city") { parts.append(c) }
            parts += words(text("name") ?? "", limit: 3)
        }
        var base = slug(parts)
        if base.count < 2 {
            base = kind == .scenario ? "scenario" : kind == .model ? "model" : "center"
            if kind == .scenario, let s = text("sector") { base = slug([s, "scenario"]) }
        }
        if base.count > 56 { base = String(base.prefix(56)); while base.hasSuffix("-") { base.removeLast() } }
        if !isTaken(base) && Identifier.isValid(base) { return base }
        for n in (numbers[base] ?? 2)..<10_000 {
            let candidate = "\(base)-\(n)"
            if !isTaken(candidate) {
                numbers[base] = n + 1
                return candidate
            }
        }
        numbers[base] = 10_000
        return nil
    }

    /// Lower-case ASCII words of `text` (letters and digits), at most `limit`, skipping filler words.
    static func words(_ text: String, limit: Int) -> [String] {
        let filler: Set<String> = ["a", "an", "the", "of", "for", "and", "in", "on", "to", "with", "by"]
        var result: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty, !filler.contains(current) { result.append(current) }
            current = ""
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value)).properties.lowercaseMapping.unicodeScalars.first!)
            } else {
                flush()
            }
        }
        flush()
        return Array(result.prefix(limit))
    }

    static func slug(_ parts: [String]) -> String {
        parts.flatMap { $0.split(separator: "-").map(String.init) }.filter { !$0.isEmpty }.joined(separator: "-")
    }
}

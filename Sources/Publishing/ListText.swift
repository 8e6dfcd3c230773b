import CatalogCore
import CatalogFiles

/// A published `list.yaml` taken apart without parsing all of it: the header, each record's text
/// (by scenario id) and the withdrawn ids. Records are parsed only when needed — a diff parses the
/// few fields that differ, a viewer the record it shows — so a list of 20,000 opens in milliseconds.
///
/// The layout is the one `ListDocument.render` writes (canonical YAML): records are the items of
/// the top-level `scenarios:` sequence, each starting with a line `- id: …` at column 0, and the
/// record's own keys at column 2.
public struct ListText: Sendable {
    public var header: [Field]
    /// Record texts in file order (by id), each `- id: …` and its following lines.
    public var records: [(id: String, text: Substring)]
    public var withdrawn: [String]

    public var quarter: Quarter? { header.first { $0.key == "quarter" }?.value.value.scalarText.flatMap(Quarter.init) }

    public func headerText(_ key: String) -> String? { header.first { $0.key == key }?.value.value.scalarText }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line):1: error: \(message)" }
    }

    /// Takes `text` (a list.yaml) apart; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> ListText {
        var headerLines: [Substring] = []
        var trailerLines: [Substring] = []
        var records: [(String, Substring)] = []
        enum Part { case header, records, trailer }
        var part = Part.header
        var recordStart: String.Index?
        var recordId = ""
        var lineNo = 0
        var sawScenarios = false
        var index = text.startIndex
        let utf8 = text.utf8
        func closeRecord(at end: String.Index) {
            if let start = recordStart { records.append((recordId, text[start..<end])) }
            recordStart = nil
        }
        while index < text.endIndex {
            lineNo += 1
            let lineEnd = utf8[index...].firstIndex(of: 0x0A) ?? text.endIndex
            let line = text[index..<lineEnd]
            let next = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
            switch part {
            case .header:
                if line == "scenarios:" {
                    part = .records
                    sawScenarios = true
                } else if line == "scenarios: []" {
                    part = .trailer
                    sawScenarios = true
                } else {
                    headerLines.append(line)
                }
            case .records:
                if line.hasPrefix("- ") {
                    closeRecord(at: index)
                    recordStart = index
                    recordId = try id(of: line, file: file, line: lineNo)
                } else if line.hasPrefix("  ") || line.isEmpty {
                    if recordStart == nil { throw ParseError(file: file, line: lineNo, message: "a record must start with '- id:'") }
                } else {
                    closeRecord(at: index)
                    part = .trailer
                    trailerLines.append(line)
                }
            case .trailer:
                trailerLines.append(line)
            }
            index = next
        }
        closeRecord(at: text.endIndex)
        guard sawScenarios else { throw ParseError(file: file, line: max(1, lineNo), message: "not a scenario list: no 'scenarios:' key") }
        let header = try mapping(headerLines.joined(separator: "\n") + "\n", file: file, firstLine: 1)
        guard header.first(where: { $0.key == "kind" })?.value.value.scalarText == ListDocument.kind else {
            throw ParseError(file: file, line: 1, message: "not a scenario list: kind is not \(ListDocument.kind)")
        }
        var withdrawn: [String] = []
        if !trailerLines.isEmpty {
            let trailer = try mapping(trailerLines.joined(separator: "\n") + "\n", file: file, firstLine: lineNo - trailerLines.count + 1)
            for f in trailer where f.key == "withdrawn" {
                if case .list(let items) = f.value.value { withdrawn = items.compactMap { $0.value.scalarText } }
            }
        }
        return ListText(header: header, records: records, withdrawn: withdrawn)
    }

    /// The scenario id on a record's first line `- id: x` (quoted when YAML would misread it).
    static func id(of line: Substring, file: String, line lineNo: Int) throws -> String {
        guard line.hasPrefix("- id: ") else { throw ParseError(file: file, line: lineNo, message: "a record must start with '- id:'") }
        let raw = line.dropFirst(6)
        if let q = raw.first, q == "'" || q == "\"" {
            guard let f = try? mapping("id: \(raw)\n", file: file, firstLine: lineNo).first, let s = f.value.value.scalarText else {
                throw ParseError(file: file, line: lineNo, message: "unreadable id")
            }
            return s
        }
        return String(raw)
    }

    /// Parses a small YAML mapping document.
    static func mapping(_ text: String, file: String, firstLine: Int) throws -> [Field] {
        let r = YAMLReader.read(Array(text.utf8), file: file)
        if let e = r.diagnostics.first(where: { $0.severity == .error }) {
            throw ParseError(file: file, line: firstLine + e.position.line - 1, message: e.message)
        }
        guard case .map(let fields)? = r.root?.value else {
            if r.root == nil || r.root?.value == .null { return [] }
            throw ParseError(file: file, line: firstLine, message: "expected a mapping")
        }
        return fields
    }

    // MARK: Records

    /// A record's text as a mapping document: the sequence dash and the two-column indent removed.
    static func unindented(_ record: Substring) -> String {
        var out = ""
        out.reserveCapacity(record.utf8.count)
        for line in record.split(separator: "\n", omittingEmptySubsequences: false) {
            out += line.count >= 2 ? line.dropFirst(2) : Substring("")
            out += "\n"
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// A record's fields.
    public static func fields(of record: Substring, file: String = "list.yaml") throws -> [Field] {
        try mapping(unindented(record), file: file, firstLine: 1)
    }

    /// A record split into its top-level keys' texts, in order: `key` → the lines of `key: …`.
    static func segments(of record: Substring) -> [(key: Substring, text: Substring)] {
        var out: [(Substring, Substring)] = []
        var start = record.startIndex
        var key: Substring = ""
        var index = record.startIndex
        let utf8 = record.utf8
        var first = true
        while index < record.endIndex {
            let lineEnd = utf8[index...].firstIndex(of: 0x0A) ?? record.endIndex
            let line = record[index..<lineEnd]
            // A key starts a line at column 2: after "- " on the first line, after two spaces on others.
            let isKeyLine: Bool
            if first {
                isKeyLine = true
            } else {
                let u = line.utf8
                var it = u.makeIterator()
                let a = it.next(), b = it.next(), c = it.next()
                isKeyLine = a == 0x20 && b == 0x20 && c != nil && c != 0x20 && c != UInt8(ascii: "-")
            }
            if isKeyLine {
                if !first { out.append((key, record[start..<index])) }
                start = index
                let body = line.dropFirst(2)
                key = body.firstIndex(of: ":").map { body[..<$0] } ?? body
                first = false
            }
            index = lineEnd < record.endIndex ? record.index(after: lineEnd) : record.endIndex
        }
        if !first { out.append((key, record[start..<record.endIndex])) }
        return out
    }

    /// The value of one segment (`  key: …` lines).
    static func value(ofSegment text: Substring) -> Node? {
        var doc = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            doc += line.count >= 2 ? line.dropFirst(2) : Substring("")
            doc += "\n"
        }
        return (try? mapping(doc, file: "list.yaml", firstLine: 1))?.first?.value
    }

    /// A record's title, cheaply when written plain.
    public static func title(of record: Substring) -> String {
        for (key, text) in segments(of: record) where key == "title" {
            let line = text.split(separator: "\n").first ?? ""
            let raw = line.dropFirst(2 + "title: ".count)
            if let c = raw.first, c != "'", c != "\"", c != "|", c != ">" { return String(raw) }
            return value(ofSegment: text)?.value.scalarText ?? String(raw)
        }
        return ""
    }
}

/// What a table of a published list shows of one record.
public struct PublishedListRow: Sendable, Hashable {
    public var id: String
    public var title: String
    public var sectorName: String
    public var cityName: String
    public var stage: String
    public var quarterPflops: String
}

extension ListText {
    /// A row per record, in list order: the record's one-line fields read without parsing the
    /// record when written plain (nearly always), else parsed.
    public func rows() -> [PublishedListRow] {
        ParallelMap.map(records.map(\.text)) { record -> PublishedListRow in
            var values: [Substring: String] = [:]
            for (key, text) in ListText.segments(of: record) where ListText.rowKeys.contains(key) {
                values[key] = ListText.plainValue(key, text) ?? ListText.value(ofSegment: text)?.value.scalarText ?? ""
            }
            return PublishedListRow(id: values["id"] ?? "", title: values["title"] ?? "", sectorName: values["sector_name"] ?? "",
                                    cityName: values["city_name"] ?? "", stage: values["stage"] ?? "", quarterPflops: values["quarter_pflops"] ?? "")
        }
    }

    static let rowKeys: Set<Substring> = ["id", "title", "sector_name", "city_name", "stage", "quarter_pflops"]

    /// `value` of a one-line segment `key: value` when it is written plain.
    static func plainValue(_ key: Substring, _ text: Substring) -> String? {
        guard !text.dropLast().contains("\n") else { return nil }
        var line = text.hasSuffix("\n") ? text.dropLast() : text
        line = line.dropFirst(2 + key.count + 2) // "- " or "  ", then "key: "
        guard let c = line.first, c != "'", c != "\"", c != "|", c != ">" else { return nil }
        return String(line)
    }

    /// A record's fields as lines of text for reading: `key: value`, lists and objects on lines of their own.
    public static func readableLines(of record: Substring) -> [String] {
        guard let fields = try? fields(of: record) else { return record.split(separator: "\n").map(String.init) }
        var out: [String] = []
        for f in fields {
            switch f.value.value {
            case .list(let items):
                out.append("\(f.key):")
                for item in items {
                    if case .map = item.value {
                        out.append("  - " + FieldText.mapItem(mapFields(item), key: f.key))
                    } else {
                        out.append("  - " + (item.value.scalarText ?? ""))
                    }
                }
            case .string(let s) where s.contains("\n"):
                out.append("\(f.key):")
                for line in s.split(separator: "\n", omittingEmptySubsequences: false) { out.append("  " + line) }
            default:
                out.append("\(f.key): " + FieldText.display(f.value, key: f.key))
            }
        }
        return out
    }

    static func mapFields(_ node: Node) -> [Field] {
        if case .map(let f) = node.value { return f }
        return []
    }
}

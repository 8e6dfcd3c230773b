/// One change a user asks for on the command line: `title=新标题`, `tags+=医疗`, `compute[0].amount=12`.
///
/// Paths name a top-level field, optionally a row of a list (`[N]` 0-based, `[-1]` the last row,
/// `[+]` a new row appended) and a field of that row. Values are text; the field's type in the
/// format decides how they are read (numbers, booleans, comma-separated lists), and an empty value
/// removes an optional field (or, with a row index and no sub-field, removes the row).
public struct Assignment: Sendable, Equatable {
    public enum Operation: Sendable, Equatable {
        /// `key=value`: replace.
        case set
        /// `key+=value`: add to a list.
        case add
        /// `key-=value`: take out of a list.
        case remove
    }

    public enum RowIndex: Sendable, Equatable {
        case at(Int)
        case last
        case append
    }

    public var key: String
    public var row: RowIndex?
    public var subkey: String?
    public var operation: Operation
    public var text: String

    public init(key: String, row: RowIndex? = nil, subkey: String? = nil, operation: Operation = .set, text: String) {
        self.key = key
        self.row = row
        self.subkey = subkey
        self.operation = operation
        self.text = text
    }

    /// The path as the user wrote it, for messages.
    public var path: String {
        var s = key
        switch row {
        case .at(let n)?: s += "[\(n)]"
        case .last?: s += "[-1]"
        case .append?: s += "[+]"
        case nil: break
        }
        if let subkey { s += ".\(subkey)" }
        return s
    }

    /// Reads `path=value`, `path+=value` or `path-=value`.
    public static func parse(_ argument: String) -> Result<Assignment, EditError> {
        guard let eq = argument.firstIndex(of: "=") else {
            return .failure(EditError("'\(argument)': expected key=value"))
        }
        var lhs = Substring(argument[..<eq])
        let text = String(argument[argument.index(after: eq)...])
        var op = Operation.set
        if lhs.hasSuffix("+") { op = .add; lhs = lhs.dropLast() } else if lhs.hasSuffix("-") { op = .remove; lhs = lhs.dropLast() }
        var key = lhs
        var row: RowIndex?
        var subkey: String?
        if let open = lhs.firstIndex(of: "[") {
            key = lhs[..<open]
            guard let close = lhs[open...].firstIndex(of: "]") else {
                return .failure(EditError("'\(argument)': missing ']' in the path"))
            }
            let inside = lhs[lhs.index(after: open)..<close]
            switch inside {
            case "+": row = .append
            case "-1": row = .last
            default:
                guard let n = Int(inside), n >= 0 else {
                    return .failure(EditError("'\(argument)': row index must be a number from 0, -1 (the last row) or + (a new row)"))
                }
                row = .at(n)
            }
            let rest = lhs[lhs.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix("."), rest.count > 1 else {
                    return .failure(EditError("'\(argument)': expected '.field' after ']'"))
                }
                subkey = String(rest.dropFirst())
            }
        }
        guard !key.isEmpty else { return .failure(EditError("'\(argument)': missing field name before '='")) }
        if op != .set && (subkey != nil || row != nil) {
            return .failure(EditError("'\(argument)': += and -= apply to a whole list, e.g. tags+=医疗"))
        }
        return .success(Assignment(key: String(key), row: row, subkey: subkey, operation: op, text: text))
    }
}

/// A change that cannot be applied, with a message for the user.
public struct EditError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Applies assignments to an entity's field tree, guided by the format's field tables.
/// The result is checked afterwards like any file (EntityCheck), so this only has to put values
/// in the right place with the right YAML type; it never decides validity on its own.
public enum EntityEdit {
    /// The field tree with `assignments` applied in order.
    public static func apply(_ assignments: [Assignment], to fields: [Field], spec: ObjectSpec) -> Result<[Field], EditError> {
        var fields = fields
        for a in assignments {
            guard let fieldSpec = spec.fields.first(where: { $0.name == a.key }) else {
                let hint = Suggest.hint(a.key, spec.fields.map(\.name))
                return .failure(EditError("unknown field '\(a.key)' for \(spec.name)\(hint)"))
            }
            if a.key == "kind" || a.key == "id" {
                return .failure(EditError("'\(a.key)' cannot be changed with set (an id is the file name; create a new entity instead)"))
            }
            if let row = a.row {
                guard case .list(.object(let rowSpec), _) = fieldSpec.type else {
                    return .failure(EditError("'\(a.path)': \(a.key) has no rows"))
                }
                var rows = listNodes(fields, a.key)
                let index: Int
                switch row {
                case .append:
                    rows.append(Node(.map([])))
                    index = rows.count - 1
                case .last:
                    guard !rows.isEmpty else { return .failure(EditError("'\(a.path)': \(a.key) has no rows")) }
                    index = rows.count - 1
                case .at(let n):
                    guard n < rows.count else {
                        return .failure(EditError("'\(a.path)': \(a.key) has \(rows.count) row\(rows.count == 1 ? "" : "s") (0…\(max(0, rows.count - 1)))"))
                    }
                    index = n
                }
                if let sub = a.subkey {
                    guard let subSpec = rowSpec.fields.first(where: { $0.name == sub }) else {
                        let hint = Suggest.hint(sub, rowSpec.fields.map(\.name))
                        return .failure(EditError("unknown field '\(sub)' in \(a.key) rows\(hint)"))
                    }
                    guard case .map(var rowFields) = rows[index].value else {
                        return .failure(EditError("'\(a.path)': row \(index) is not a mapping"))
                    }
                    setField(&rowFields, sub, a.text.isEmpty ? nil : value(a.text, subSpec.type), order: rowSpec)
                    rows[index] = Node(.map(rowFields))
                } else if a.text.isEmpty {
                    rows.remove(at: index)
                } else {
                    return .failure(EditError("'\(a.path)': name a field of the row (e.g. \(a.key)[\(index)].\(rowSpec.fields[0].name)=…) or give an empty value to remove the row"))
                }
                setField(&fields, a.key, rows.isEmpty ? nil : .list(rows), order: spec)
                continue
            }
            switch a.operation {
            case .set:
                if case .list(.object, _) = fieldSpec.type, !a.text.isEmpty {
                    return .failure(EditError("'\(a.key)' is a list of rows: set a row's field, e.g. \(a.key)[0].\(firstRowField(fieldSpec))=…"))
                }
                setField(&fields, a.key, a.text.isEmpty ? nil : value(a.text, fieldSpec.type), order: spec)
            case .add, .remove:
                let element: FieldType
                switch fieldSpec.type {
                case .list(let t, _): element = t
                case .generalOrSectors: element = .reference(.sector)
                default: return .failure(EditError("'\(a.key)' is not a list: use \(a.key)=…"))
                }
                if case .object = element { return .failure(EditError("'\(a.key)' is a list of rows: use \(a.key)[+].field=…")) }
                var items = listNodes(fields, a.key)
                let given = splitList(a.text).map { value($0, element) }
                if a.operation == .add {
                    for v in given where !items.contains(where: { $0.value == v }) { items.append(Node(v)) }
                } else {
                    let before = items.count
                    items.removeAll { n in given.contains(n.value) }
                    if items.count == before {
                        return .failure(EditError("'\(a.key)' does not contain \(a.text)"))
                    }
                }
                setField(&fields, a.key, items.isEmpty ? nil : .list(items), order: spec)
            }
        }
        return .success(fields)
    }

    private static func firstRowField(_ spec: FieldSpec) -> String {
        if case .list(.object(let o), _) = spec.type { return o.fields.first?.name ?? "field" }
        return "field"
    }

    /// The nodes of a list field (none when the field is absent or not a list).
    static func listNodes(_ fields: [Field], _ key: String) -> [Node] {
        guard let f = fields.first(where: { $0.key == key }), case .list(let nodes) = f.value.value else { return [] }
        return nodes
    }

    /// Sets, replaces or (with nil) removes a field, keeping the format's key order for new keys.
    public static func setField(_ fields: inout [Field], _ key: String, _ value: Value?, order spec: ObjectSpec) {
        if let i = fields.firstIndex(where: { $0.key == key }) {
            if let value { fields[i].value = Node(value) } else { fields.remove(at: i) }
            return
        }
        guard let value else { return }
        let rank = Dictionary(uniqueKeysWithValues: spec.fields.enumerated().map { ($1.name, $0) })
        let mine = rank[key] ?? Int.max
        let at = fields.firstIndex { (rank[$0.key] ?? Int.max) > mine } ?? fields.count
        fields.insert(Field(key, Node(value)), at: at)
    }

    /// Comma-separated items (ASCII or full-width comma), trimmed, empty ones dropped.
    public static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "，" }).map { trim(String($0)) }.filter { !$0.isEmpty }
    }

    static func trim(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f.isWhitespace { sub = sub.dropFirst() }
        while let l = sub.last, l.isWhitespace { sub = sub.dropLast() }
        return String(sub)
    }

    /// Text typed by a user, as the YAML value the field's type expects. Text that does not fit
    /// (a word for a number) stays text, so the reader's own check names the problem.
    public static func value(_ text: String, _ type: FieldType) -> Value {
        switch type {
        case .number, .integer:
            if let d = Double(text), d.isFinite { return .number(d, raw: text) }
            return .string(text)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "y", "on", "是": return .bool(true, raw: "true")
            case "false", "no", "n", "off", "否": return .bool(false, raw: "false")
            default: return .string(text)
            }
        case .date:
            return CalendarDate.isValid(text) ? .date(text) : .string(text)
        case .list(let element, _):
            return .list(splitList(text).map { Node(value($0, element)) })
        case .generalOrSectors:
            return text == "general" ? .string(text) : .list(splitList(text).map { Node(.string($0)) })
        case .object:
            return .string(text)
        default:
            return .string(text)
        }
    }
}

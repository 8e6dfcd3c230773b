/// Entity ids: `^[a-z0-9][a-z0-9-]{1,62}$`. An id is also a file name, so it is never a path.
public enum Identifier {
    public static let pattern = "^[a-z0-9][a-z0-9-]{1,62}$"

    public static func isValid(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { u in
            guard (2...63).contains(u.count) else { return false }
            for i in 0..<u.count {
                let b = u[i]
                let alnum = (b >= 97 && b <= 122) || (b >= 48 && b <= 57)
                if !alnum && (i == 0 || b != 45) { return false }
            }
            return true
        }
    }

    /// Why `id` is not valid, in words a user can act on; nil when it is valid.
    public static func problem(_ id: String) -> String? { codedProblem(id)?.message }

    /// `problem` with its diagnostic code and arguments.
    public static func codedProblem(_ id: String) -> CodedMessage? {
        if isValid(id) { return nil }
        if id.contains("/") || id.contains("..") { return CodedMessage("id '\(id)' must not be a path", "IdPath", [id]) }
        if id.utf8.count < 2 { return CodedMessage("id '\(id)' is too short (2 to 63 characters)", "IdShort", [id]) }
        if id.utf8.count > 63 { return CodedMessage("id is too long (\(id.utf8.count) characters; at most 63)", "IdLong", [String(id.utf8.count)]) }
        if id != id.lowercased() { return CodedMessage("id '\(id)' must be lower case (\(Identifier.pattern))", "IdCase", [id, Identifier.pattern]) }
        return CodedMessage("id '\(id)' must match \(Identifier.pattern): lower-case letters, digits and '-'", "IdPattern", [id, Identifier.pattern])
    }
}

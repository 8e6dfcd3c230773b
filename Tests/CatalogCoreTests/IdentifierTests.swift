@testable import CatalogCore
import Testing

@Suite struct IdentifierTests {
    @Test(arguments: ["gz-imaging", "a1", "0012", "x-", String(repeating: "a", count: 63)])
    func validIds(_ id: String) {
        #expect(Identifier.isValid(id))
        #expect(Identifier.problem(id) == nil)
    }

    @Test(arguments: [
        ("a", "id 'a' is too short (2 to 63 characters)"),
        (String(repeating: "a", count: 64), "id is too long (64 characters; at most 63)"),
        ("GZ-imaging", "id 'GZ-imaging' must be lower case (^[a-z0-9][a-z0-9-]{1,62}$)"),
        ("../etc", "id '../etc' must not be a path"),
        ("a/b", "id 'a/b' must not be a path"),
        ("a..b", "id 'a..b' must not be a path"),
        ("-ab", "id '-ab' must match ^[a-z0-9][a-z0-9-]{1,62}$: lower-case letters, digits and '-'"),
        ("a b", "id 'a b' must match ^[a-z0-9][a-z0-9-]{1,62}$: lower-case letters, digits and '-'"),
        ("a_b", "id 'a_b' must match ^[a-z0-9][a-z0-9-]{1,62}$: lower-case letters, digits and '-'"),
        ("影像", "id '影像' must match ^[a-z0-9][a-z0-9-]{1,62}$: lower-case letters, digits and '-'"),
    ])
    func invalidIdsExplainWhy(_ id: String, _ problem: String) {
        #expect(!Identifier.isValid(id))
        #expect(Identifier.problem(id) == problem)
    }

    @Test func lengthCountsBytesSoWideCharactersCannotSlipThrough() {
        // "é" is two UTF-8 bytes but one Character: validity is decided on bytes, and it is refused anyway.
        #expect(!Identifier.isValid("ée"))
    }
}

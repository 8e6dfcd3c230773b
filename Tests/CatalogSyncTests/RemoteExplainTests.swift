import Testing
@testable import CatalogSync
import Wording

@Suite("What git says when a remote fails")
struct RemoteExplainTests {
    @Test func anHTTPStatusIsARefusalButDigitsInAPathAreNot() {
        Wording.$taskLanguage.withValue(.en) {
            let refused = Remote.explain("fatal: unable to access 'https://example.org/x.git/': The requested URL returned error: 403")
            #expect(refused.hasPrefix("the remote refused the credentials"))
            // A temporary folder whose name holds 401 or 403 (a UUID) is a missing repository.
            let missing = Remote.explain("fatal: '/tmp/e2e-0BEA7589-4013-43E0-9310-A2BE794DC2F0/nowhere.git' does not appear to be a git repository")
            #expect(missing.hasPrefix("the remote cannot be reached"))
            #expect(Remote.httpStatus(401, in: "error: 401 unauthorized"))
            #expect(!Remote.httpStatus(401, in: "/tmp/x-4013-y"))
            #expect(!Remote.httpStatus(403, in: "a1403"))
        }
    }
}

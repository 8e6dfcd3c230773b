import Dispatch
import Glibc
import Testing
@testable import CatalogFiles

@Suite("A value handed from one thread to another")
struct HandoffTests {
    @Test("take waits for the value another thread puts; the first put wins; nil is handed like a value")
    func handsOverOnce() throws {
        let handoff = Handoff<[Int]>()
        let taken = Background { handoff.take() }
        // The taker is started first and must wait; a second put changes nothing.
        usleep(20_000)
        handoff.put([1, 2, 3])
        handoff.put([9])
        #expect(try taken.value() == [1, 2, 3])
        #expect(handoff.take() == [1, 2, 3])

        let refused = Handoff<Int>()
        refused.put(nil)
        refused.put(7)
        #expect(refused.take() == nil)
        #expect(try Background { refused.take() }.value() == nil)
    }
}

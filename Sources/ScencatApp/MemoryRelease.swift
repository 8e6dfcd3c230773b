#if canImport(Glibc)
import Glibc
#endif

/// What a closed screen held, given back (docs/0025): the index's reader connections with their
/// page caches, then the heap pages malloc keeps for reuse after large results are freed
/// (glibc's `malloc_trim`; its arenas per thread otherwise stay at their high-water mark).
enum MemoryRelease {
    private typealias Trim = @convention(c) (Int) -> Int32

    /// `malloc_trim` looked up at run time: a C library without it trims nothing.
    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    static func heap() { _ = trim?(0) }
}

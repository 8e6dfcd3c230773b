import CatalogCore
import Dispatch
import Synchronization

/// Reads many entity files on all cores, handing them back in file order, one chunk at a time,
/// so a caller can check or index 100,000 files without holding them all in memory.
public struct ParallelReader: Sendable {
    public let reader: CatalogReader
    public var chunkSize: Int

    public init(reader: CatalogReader, chunkSize: Int = 2048) {
        self.reader = reader
        self.chunkSize = chunkSize
    }

    /// Calls `consume` with each chunk of decoded files, in order; `progress(done, total)` after each.
    /// The next chunk is read and decoded on the other cores while `consume` works on this one.
    public func read(_ files: [EntityFile], progress: ((Int, Int) -> Void)? = nil,
                     consume: ([DecodedEntity]) throws -> Void) rethrows {
        let chunkSize = self.chunkSize
        let chunks = stride(from: 0, to: files.count, by: chunkSize).map { Array(files[$0..<min(files.count, $0 + chunkSize)]) }
        var next = chunks.first.map(decodeInBackground)
        var done = 0
        for i in chunks.indices {
            let decoded = try! next!.value()   // decoding does not throw
            next = i + 1 < chunks.count ? decodeInBackground(chunks[i + 1]) : nil
            try consume(decoded)
            done += decoded.count
            progress?(done, files.count)
        }
    }

    private func decodeInBackground(_ files: [EntityFile]) -> Background<[DecodedEntity]> {
        Background { decode(files) }
    }

    /// Decodes `files` in parallel; the result is in the same order.
    public func decode(_ files: [EntityFile]) -> [DecodedEntity] {
        let reader = self.reader
        return ParallelMap.map(files) { reader.readEntity($0) }
    }
}

/// Maps an array on every core, keeping order.
public enum ParallelMap {
    public static func map<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.isEmpty { return [] }
        let slots = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        slots.initialize(repeating: nil)
        // Deinitialize before freeing: deallocate alone would leak every result it still holds.
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        nonisolated(unsafe) let out = slots
        // Interleaved stripes keep every core busy even when item costs vary.
        let workers = max(1, min(items.count, System.activeProcessorCount * 2))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < items.count {
                out[i] = transform(items[i])
                i += workers
            }
        }
        return slots.map { $0! }
    }
}

/// Work started on another thread; `value()` waits for it.
public final class Background<T: Sendable>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let group = DispatchGroup()

    public init(_ work: @escaping @Sendable () throws -> T) {
        group.enter()
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.group.leave()
        }
    }

    /// The result, once the work is done (the group orders the write before this read).
    public func value() throws -> T {
        group.wait()
        return try result!.get()
    }
}

/// A value one thread hands to another once: `put` (later calls are ignored), `take` waits for it.
/// nil is a value too: "it will not come".
public final class Handoff<T: Sendable>: Sendable {
    private let value = Mutex<T??>(nil)
    private let ready = DispatchSemaphore(value: 0)

    public init() {}

    public func put(_ v: T?) {
        let first = value.withLock { held in
            guard held == nil else { return false }
            held = .some(v)
            return true
        }
        if first { ready.signal() }
    }

    /// The value put, once it is; every call after the first gets it at once.
    public func take() -> T? {
        if let v = value.withLock({ $0 }) { return v }
        ready.wait()
        ready.signal()
        return value.withLock { $0 }!
    }
}

enum System {
    static var activeProcessorCount: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// A fast 64-bit content fingerprint (FNV-1a) of a file's bytes: tells incremental indexing
/// whether a file whose time stamp changed (a git checkout, a touch) really changed.
public enum ContentHash {
    public static func of(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buf in
            for b in buf {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01B3
            }
        }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

/// `Array.withUnsafe(Mutable)Bytes` rethrow untyped errors; these keep the codec's `throws(WireError)` typed.
extension Array where Element == UInt8 {
    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws(WireError) -> Result) throws(WireError) -> Result {
        let outcome: Swift.Result<Result, WireError> = withUnsafeBytes { buffer in
            Swift.Result { () throws(WireError) -> Result in try body(buffer) }
        }
        return try outcome.get()
    }

    @inline(__always)
    mutating func withMutableBytes<Result>(
        _ body: (UnsafeMutableRawBufferPointer) throws(WireError) -> Result
    ) throws(WireError) -> Result {
        let outcome: Swift.Result<Result, WireError> = withUnsafeMutableBytes { buffer in
            Swift.Result { () throws(WireError) -> Result in try body(buffer) }
        }
        return try outcome.get()
    }
}

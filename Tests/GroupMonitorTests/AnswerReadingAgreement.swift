import KafkaWire
import Testing

/// `bytes` read as a whole answer by both: KafkaWire's generated decoder (its message turned into the reader's
/// shape by `generated`) and the hand-written reader; bytes left over are an error, as the codec has it.
func readWithBoth<Response: KafkaMessage, Answer>(
    _ bytes: [UInt8], version: Int16, generated: (Response) -> Answer,
    direct read: (inout WireReader) throws(WireError) -> Answer
) -> (generated: Result<Answer, WireError>, direct: Result<Answer, WireError>) {
    func whole(_ body: (inout WireReader) throws(WireError) -> Answer) -> Result<Answer, WireError> {
        Result { () throws(WireError) in
            var reader = WireReader(bytes)
            let answer = try body(&reader)
            if !reader.isAtEnd { throw WireError(.trailingBytes(reader.remaining), offset: reader.offset) }
            return answer
        }
    }
    let byGenerated = whole { reader throws(WireError) in generated(try Response(from: &reader, version: version)) }
    return (byGenerated, whole(read))
}

/// For the hand-written answer readers' tests: every cut of a valid answer must fail in the reader exactly as in
/// KafkaWire's generated decoder, and so must the answer with a byte too many.
func expectSameFailuresAsTheGeneratedDecoder<Generated, Direct>(
    _ bytes: [UInt8], version: Int16,
    readBoth: ([UInt8]) -> (generated: Result<Generated, WireError>, direct: Result<Direct, WireError>),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for length in 0..<bytes.count {
        let (generated, direct) = readBoth(Array(bytes[..<length]))
        guard case .failure(let expected) = generated, case .failure(let error) = direct else {
            Issue.record("v\(version), first \(length) of \(bytes.count) bytes: both must fail", sourceLocation: sourceLocation)
            continue
        }
        #expect(error == expected, "v\(version), first \(length) bytes", sourceLocation: sourceLocation)
    }
    let (generated, direct) = readBoth(bytes + [0])
    guard case .failure(let expected) = generated, case .failure(let error) = direct else {
        Issue.record("v\(version), a byte too many: both must fail", sourceLocation: sourceLocation)
        return
    }
    #expect(error == expected, "v\(version), a byte too many", sourceLocation: sourceLocation)
}

extension Result where Failure == WireError {
    var failureDescription: String? {
        if case .failure(let error) = self { return error.description }
        return nil
    }
}

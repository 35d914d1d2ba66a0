import Foundation
import Testing

@testable import GroupCore

@Suite struct AssignmentRequestTests {
    func parseError(_ body: () throws(AssignmentRequestError) -> AssignmentRequest) -> AssignmentRequestError? {
        do { _ = try body(); return nil } catch { return error }
    }

    @Test func rejectsBadInputNamingTheArgument() {
        #expect(
            parseError { () throws(AssignmentRequestError) in try .parse(strategy: "bogus", topics: ["t:1"], members: ["a=t"]) }?
                .argument == "--strategy bogus")
        #expect(
            parseError { () throws(AssignmentRequestError) in try .parse(strategy: "range", topics: ["t:1"], members: ["a=x"]) }?
                .argument == "--member a=x")
        #expect(
            parseError { () throws(AssignmentRequestError) in
                try .parse(strategy: "range", topics: ["t:1"], members: ["a=t", "a=t"])
            }?.argument == "--member a=t")
        #expect(
            parseError { () throws(AssignmentRequestError) in try .parse(strategy: "range", topics: ["t:1"], members: []) }?
                .argument == "--member")
        #expect(
            parseError { () throws(AssignmentRequestError) in
                try .parse(strategy: "range", topics: ["t:1"], members: ["a=t"], owned: ["a=t-1"])
            }?.argument == "--owned a=t-1")
        #expect(
            parseError { () throws(AssignmentRequestError) in
                try .parse(strategy: "range", topics: ["t:1"], members: ["a=t"], owned: ["a=t1"])
            }?.argument == "--owned a=t1")
        #expect(
            parseError { () throws(AssignmentRequestError) in try .parse(strategy: "range", topics: ["t"], members: ["a=t"]) }?
                .argument == "--topic t")
        #expect(
            parseError { () throws(AssignmentRequestError) in
                try .parse(strategy: "range", topics: ["t:1"], members: ["a=t"], json: Data("{".utf8))
            }?.argument == "--input")
    }

    @Test func cooperativeReportListsRevocations() throws {
        let request = try AssignmentRequest.parse(
            strategy: "cooperative-sticky", topics: ["t0:3"], members: ["c1=t0", "c2=t0"],
            owned: ["c1=t0-0,t0-1,t0-2"], generations: ["c1=1"])
        let report = request.run()
        #expect(report.text == "c1: t0-0 t0-1\nc2:\nc1 revokes: t0-2")
        #expect(
            report.json
                == #"{"strategy": "cooperative-sticky", "assignment": {"c1": ["t0-0", "t0-1"], "c2": []}, "revoked": {"c1": ["t0-2"]}}"#
        )
    }

    @Test func jsonInputMatchesFlags() throws {
        let json = Data(
            #"{"topics": {"t0": 2, "t1": 1}, "members": [{"id": "b", "topics": ["t0"]}, {"id": "a", "topics": ["t0", "t1"], "instance": "i"}]}"#
                .utf8)
        let fromJSON = try AssignmentRequest.parse(strategy: "range", topics: [], members: [], json: json).run()
        let fromFlags = try AssignmentRequest.parse(
            strategy: "range", topics: ["t0:2", "t1:1"], members: ["b=t0", "a=t0,t1"], instances: ["a=i"]
        ).run()
        #expect(fromJSON == fromFlags)
        #expect(fromFlags.text == "a: t0-0 t1-0\nb: t0-1")
    }
}

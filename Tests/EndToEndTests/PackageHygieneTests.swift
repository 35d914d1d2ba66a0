import Foundation
import Testing

/// Issue 8's house-keeping rules, checked on the sources as they are: no file imports its own module, and every
/// module a target imports is a dependency it declares in Package.swift (read back with `swift package dump-package`,
/// so the manifest's own view decides, not a second parser of ours).
@Suite struct PackageHygieneTests {
    /// Modules of the toolchain: no target declares them.
    static let toolchainModules: Set<String> = [
        "Foundation", "FoundationXML", "FoundationNetworking", "FoundationEssentials", "Dispatch", "Glibc", "Musl", "Darwin",
        "Testing", "XCTest",
    ]

    /// The deterministic layers (README, "Project rules"): time passed in, no I/O.
    static let pureTargets: Set<String> = ["GroupCore", "KafkaWire"]

    /// Target name → the modules it declares (target and product names; for these packages a product's module has
    /// the product's name).
    static func declaredDependencies() throws -> [String: Set<String>] {
        // A scratch path of its own: `swift test` holds the package's .build lock, and dump-package would wait on it.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gs-dump-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = ProcessRunner.run(
            ["swift", "package", "--scratch-path", scratch.path, "dump-package"], in: Tmux.packageRoot)
        try #require(result.status == 0, "swift package dump-package failed: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let targets = try #require(json["targets"] as? [[String: Any]])
        var declared: [String: Set<String>] = [:]
        for target in targets {
            let name = try #require(target["name"] as? String)
            var modules: Set<String> = []
            for dependency in target["dependencies"] as? [[String: [Any]]] ?? [] {
                // {"byName": ["X", null]}, {"target": ["X", null]} or {"product": ["X", "package", …]}.
                if let first = dependency.values.first?.first as? String { modules.insert(first) }
            }
            declared[name] = modules
        }
        return declared
    }

    /// Module name → files importing it, for every Swift file under `directory`.
    static func imports(under directory: URL) -> [String: [String]] {
        var found: [String: [String]] = [:]
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift", let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                var words = line.split(separator: " ").map(String.init)
                while let first = words.first, first.hasPrefix("@") { words.removeFirst() }  // @testable, @_spi(…)
                guard words.first == "import", words.count >= 2 else { continue }
                // `import struct GroupCore.TopicPartition` names its kind first.
                let path = words.count >= 3 && !words[1].contains(".") && words[2].contains(".") ? words[2] : words[1]
                let module = String(path.split(separator: ".").first ?? "")
                // Swift module names here are capitalized identifiers; this skips Python's `import sys` in a script
                // that a test embeds as a string.
                guard let initial = module.unicodeScalars.first, ("A"..."Z").contains(initial),
                    module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
                else { continue }
                found[module, default: []].append(file.lastPathComponent)
            }
        }
        return found
    }

    @Test func everyImportIsDeclaredAndNoFileImportsItsOwnModule() throws {
        let declared = try Self.declaredDependencies()
        let root = Tmux.packageRoot
        for (folder, isTests) in [("Sources", false), ("Tests", true)] {
            let base = root.appendingPathComponent(folder)
            let names = try FileManager.default.contentsOfDirectory(atPath: base.path)
            for target in names.sorted() {
                guard let dependencies = declared[target] else { continue }  // not a target (Tests/Oracles)
                for (module, files) in Self.imports(under: base.appendingPathComponent(target)) {
                    if !isTests {
                        #expect(module != target, "\(target) imports itself in \(files.sorted())")
                    }
                    if Self.pureTargets.contains(target) {
                        // Pure layers have no I/O: not even Foundation, whose file, process and clock APIs are there.
                        #expect(module != "Foundation", "\(target) imports Foundation in \(files.sorted())")
                    }
                    if module == target || Self.toolchainModules.contains(module) { continue }
                    #expect(
                        dependencies.contains(module),
                        "\(folder)/\(target) imports \(module) (\(files.sorted().prefix(3))) but Package.swift does not declare it"
                    )
                }
            }
        }
    }
}

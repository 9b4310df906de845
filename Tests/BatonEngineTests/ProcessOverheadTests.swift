import BatonWorkflow
import Foundation
import Testing
@testable import BatonEngine

/// What starting a process through the handler costs on top of what a shell pays for the same
/// process: 40 `run: shell` tasks of `true` against `for i in $(seq 40); do sh -c true; done`.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProcessOverheadTests {
    static let count = 40

    static func handlerChain(_ handler: LocalProcessHandler) async throws -> Duration {
        let task = ProcessTesting.shell("true")
        let context = ProcessTesting.context()
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<count { _ = try await handler.run(task, context: context) }
        return clock.now - start
    }

    static func bashLoop() async throws -> Duration {
        let launch = ProcessLaunch(
            executable: "/bin/bash", arguments: ["-c", "for i in $(seq \(count)); do sh -c true; done"],
            environment: ["PATH": ProcessEnvironment.defaultPath]
        )
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await ProcessRunner().run(launch, outputLimit: 1_000)
        return clock.now - start
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash"), "bash is not installed"))
    func aChainOfShellTasksCostsAboutWhatABashLoopCosts() async throws {
        let handler = LocalProcessHandler()
        _ = try await Self.handlerChain(handler)
        var chain: [Duration] = []
        var loop: [Duration] = []
        for _ in 0..<7 {
            chain.append(try await Self.handlerChain(handler))
            loop.append(try await Self.bashLoop())
        }
        let chainBest = chain.min()!
        let loopBest = loop.min()!
        let ratio = chainBest / loopBest
        print("process overhead: \(Self.count) run: shell tasks best \(chainBest), bash loop best \(loopBest), ratio \(ratio)")
        print("  chain: \(chain.sorted())\n  loop:  \(loop.sorted())")
        // The target is 1.3; measured on a 2-core machine shared with other builds, debug build,
        // the best runs give 0.8–1.2. The bound leaves room for a neighbour's compile.
        #expect(ratio < 1.5)
    }
}

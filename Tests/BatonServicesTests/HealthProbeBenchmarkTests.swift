import AsyncHTTPClient
import BatonServices
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What probing 200 instances every second costs in CPU, by way of probe — the figure behind
/// `HealthProber`'s choice of a keep-alive AsyncHTTPClient over a fresh raw NIO connection per
/// probe. Run it in a release build; a debug build's figures are three to four times higher.
///
/// 200 "instances" are 200 ports of a minimal HTTP/1.1 server running alone on its own event
/// loop thread, so that its CPU time can be read on that thread (`getrusage(RUSAGE_THREAD)`) and
/// taken out of the process' (`getrusage(RUSAGE_SELF)`): what is left is the probes' cost,
/// their scheduling included. Each variant probes every instance once a second for
/// `BATON_BENCHMARK_SECONDS` seconds (5 by default) after a second of warm-up, and the figures
/// are printed — there is nothing to assert about them on a shared machine.
///
///     swift build -c release --build-tests -Xswiftc -enable-testing && BATON_BENCHMARK=1 \
///       .build/release/batonPackageTests.xctest --testing-library swift-testing --filter HealthProbeBenchmark
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["BATON_BENCHMARK"] != nil, "a benchmark: set BATON_BENCHMARK=1 to run it")
)
struct HealthProbeBenchmarkTests {
    static let instances = 200
    static let seconds = Int(ProcessInfo.processInfo.environment["BATON_BENCHMARK_SECONDS"] ?? "") ?? 5

    @Test func probeCPUAt200InstancesPerSecond() async throws {
        let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let serverLoop = serverGroup.next()
        var servers: [any Channel] = []
        for _ in 0..<Self.instances {
            servers.append(
                try await ServerBootstrap(group: serverGroup)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(TinyHTTPServerHandler()) }
                    }
                    .bind(host: "127.0.0.1", port: 0)
                    .get()
            )
        }
        let ports = servers.compactMap { $0.localAddress?.port }
        let prober = HealthProber()
        let httpProbe = HealthProbe.http("/health")
        let tcpProbe = HealthProbe.tcp()

        var report: [String] = ["probing \(Self.instances) instances once a second for \(Self.seconds)s; CPU in % of one core:"]
        let idle = try await Self.measure("idle (no probe)", ports: [], serverLoop: serverLoop) { _ in true }
        report.append(idle.line)
        let variants: [(String, @Sendable (Int) async -> Bool)] = [
            ("HealthProber HTTP (AsyncHTTPClient, keep-alive)", { port in
                await prober.check(httpProbe, target: .init(port: port)).healthy
            }),
            ("HTTP on raw NIO, a connection per probe", { port in
                await ConnectionPerProbeHTTP.status(port: port).map { (200..<400).contains($0) } ?? false
            }),
            ("AsyncHTTPClient.shared HTTP (keep-alive)", { port in
                do {
                    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(1))
                    _ = try await response.body.collect(upTo: 1024)
                    return (200..<400).contains(Int(response.status.code))
                } catch {
                    return false
                }
            }),
            ("HealthProber TCP (connect, close)", { port in
                await prober.check(tcpProbe, target: .init(port: port)).healthy
            }),
        ]
        for (name, probe) in variants {
            let measurement = try await Self.measure(name, ports: ports, serverLoop: serverLoop) { port in await probe(port) }
            #expect(measurement.failures == 0, "\(name): \(measurement.failures) probes failed")
            report.append(measurement.line)
        }
        print(report.joined(separator: "\n"))
        for server in servers { try await server.close() }
        try await serverGroup.shutdownGracefully()
    }

    struct Measurement {
        var line: String
        var failures: Int
    }

    /// Runs a warm-up second, then `seconds` seconds of one probe per port per second.
    static func measure(
        _ name: String, ports: [Int], serverLoop: any EventLoop, probe: @escaping @Sendable (Int) async -> Bool
    ) async throws -> Measurement {
        let clock = ContinuousClock()
        func tick(_ deadline: ContinuousClock.Instant) async throws -> Int {
            let failures = await withTaskGroup(of: Bool.self) { group in
                for port in ports { group.addTask { await probe(port) } }
                var failures = 0
                for await healthy in group where !healthy { failures += 1 }
                return failures
            }
            try await Task.sleep(until: deadline, clock: clock)
            return failures
        }
        var next = clock.now + .seconds(1)
        _ = try await tick(next)  // warm-up: connections, pools, code paths
        let wallStart = clock.now
        let processStart = cpuTime(process)
        let serverStart = try await serverLoop.submit { cpuTime(thread) }.get()
        var failures = 0
        for _ in 0..<seconds {
            next = next + .seconds(1)
            failures += try await tick(next)
        }
        let serverTime = try await serverLoop.submit { cpuTime(thread) }.get() - serverStart
        let processTime = cpuTime(process) - processStart
        let wall = wallStart.duration(to: clock.now)
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let probeTime = processTime - serverTime
        let perProbe = ports.isEmpty ? "" : String(format: " (%.0f µs/probe)", probeTime / Double(ports.count * seconds) * 1e6)
        let line = String(
            format: "  %@: probes %.2f%%%@, server thread %.2f%%, whole process %.2f%%",
            name, probeTime / wallSeconds * 100, perProbe, serverTime / wallSeconds * 100, processTime / wallSeconds * 100
        )
        return Measurement(line: line, failures: failures)
    }

    /// `getrusage`'s `RUSAGE_SELF`: the whole process.
    static let process = __rusage_who_t(RUSAGE_SELF.rawValue)
    /// Linux's `RUSAGE_THREAD` (a GNU extension Swift does not import): the calling thread.
    static let thread: __rusage_who_t = 1

    /// User plus system CPU seconds of the process or the calling thread.
    static func cpuTime(_ who: __rusage_who_t) -> Double {
        var usage = rusage()
        getrusage(who, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// A minimal HTTP/1.1 server for the benchmark: answers `200 ok` to every request head, keeps
/// the connection for the next one unless the request says `Connection: close`. Everything runs
/// on its channel's event loop.
final class TinyHTTPServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private static let headEnd = Array("\r\n\r\n".utf8)
    private var pending: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        while let end = pending.firstRange(of: Self.headEnd) {
            let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self).lowercased()
            pending.removeSubrange(..<end.upperBound)
            if head.contains("connection: close") {
                let response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
                return
            }
            context.write(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")), promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

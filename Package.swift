// swift-tools-version:6.1
import PackageDescription

/// One set of settings for every target: Swift 6 language mode with complete concurrency
/// checking, and the upcoming features that keep existentials and imports explicit.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "baton",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "BatonWorkflow", targets: ["BatonWorkflow"]),
        .library(name: "BatonEngine", targets: ["BatonEngine"]),
        .library(name: "BatonStore", targets: ["BatonStore"]),
        .library(name: "BatonStoreSQLite", targets: ["BatonStoreSQLite"]),
        .library(name: "BatonStoreTesting", targets: ["BatonStoreTesting"]),
        .executable(name: "baton", targets: ["baton"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Already in the build through Hummingbird; named so that our targets can use them.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        // libjq from Debian's libjq-dev: the default runtime expression language of OWS.
        .systemLibrary(
            name: "CJQ",
            path: "Sources/CJQ",
            providers: [.apt(["libjq-dev"])]
        ),
        .target(
            name: "BatonWorkflow",
            dependencies: [
                "CJQ",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BatonEngine",
            dependencies: [
                "BatonWorkflow",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // The run store: the protocol every store implements and the in-memory store beside it.
        .target(
            name: "BatonStore",
            dependencies: ["BatonWorkflow", "BatonEngine"],
            swiftSettings: swiftSettings
        ),
        // The embedded store: SQLite through GRDB (the system libsqlite3 on Linux, Debian's
        // libsqlite3-dev), in WAL mode.
        .target(
            name: "BatonStoreSQLite",
            dependencies: [
                "BatonStore",
                "BatonServices",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one conformance suite every store passes (the in-memory, SQLite and later
        // PostgreSQL stores); imported by test targets.
        .target(
            name: "BatonStoreTesting",
            dependencies: ["BatonStore", "BatonServices", "BatonTesting"],
            swiftSettings: swiftSettings
        ),
        // The durable engine: runs from the store, resumed after a crash; approvals, the stored
        // event log, schedules.
        .target(
            name: "BatonRuntime",
            dependencies: [
                "BatonWorkflow",
                "BatonEngine",
                "BatonStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Starting and watching the local driver's children: the one fork thread (so that
        // PR_SET_PDEATHSIG fires only when Baton dies), the async-signal-safe child set-up, epoll.
        .target(name: "CBatonProcess"),
        // Services: definitions and their revisions, the dependency graph, the local process
        // driver (supervisor, health checks, log capture, the port proxy), update strategies, and
        // the service operations of the default function catalog.
        .target(
            name: "BatonServices",
            dependencies: [
                "BatonWorkflow",
                "CBatonProcess",
                "BatonEngine",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The natural-language layer: the template library, the planner pipeline (built-in and
        // model-backed), LLM providers, redaction, and the planner's evaluation.
        .target(
            name: "BatonAssistant",
            dependencies: [
                "BatonWorkflow",
                "BatonEngine",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP API over the orchestrator: routes, server-sent events, CloudEvents intake,
        // Prometheus metrics, the OpenAPI document; and the lifecycle of `baton serve`.
        .target(
            name: "BatonServer",
            dependencies: [
                "BatonAssistant",
                "BatonRuntime",
                "BatonServices",
                "BatonStore",
                "BatonStoreSQLite",
                "BatonWorkflow",
                "BatonEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "baton",
            dependencies: [
                "BatonAssistant",
                "BatonWorkflow",
                "BatonEngine",
                "BatonServer",
                "BatonServices",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                "BatonStoreSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks: `swift run -c release baton-bench <subcommand>`.
        .executableTarget(
            name: "baton-bench",
            dependencies: [
                "BatonWorkflow",
                "BatonEngine",
                "BatonStoreSQLite",
                "BatonRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // A demo microservice and load generator for showing and testing service supervision:
        // `baton-demo serve` (HTTP, Prometheus metrics, faults switched on demand) and
        // `baton-demo load URL`. See examples/shop.
        .executableTarget(
            name: "baton-demo",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The OWS conformance kit runner: Gherkin features, their steps, local fakes of the services
        // the scenarios call. `swift run baton-ctk <features...>`.
        .target(
            name: "BatonConformance",
            dependencies: [
                "BatonWorkflow",
                "BatonEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "baton-ctk",
            dependencies: [
                "BatonConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // What the test targets share: finding the spec material in ../shared.
        .target(
            name: "BatonTesting",
            dependencies: ["BatonEngine"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatonWorkflowTests",
            dependencies: ["BatonWorkflow", "BatonTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatonEngineTests",
            dependencies: [
                "BatonEngine",
                "BatonTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatonConformanceTests",
            dependencies: [
                "BatonConformance",
                "BatonTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatonRuntimeTests",
            dependencies: ["BatonRuntime", "BatonStore", "BatonStoreSQLite", "BatonTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatonStoreTests",
            dependencies: ["BatonStore", "BatonStoreSQLite", "BatonStoreTesting", "BatonTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatonServerTests",
            dependencies: [
                "BatonAssistant",
                "BatonServer",
                "BatonServices",
                "BatonRuntime",
                "BatonStoreSQLite",
                "BatonTesting",
                "baton-demo",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatonServicesTests",
            dependencies: [
                "BatonServices",
                "BatonStoreSQLite",
                "BatonTesting",
                "baton-demo",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BatonAssistantTests",
            dependencies: [
                "BatonAssistant",
                "BatonWorkflow",
                "BatonTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Runs the built `baton` executable as a user would: arguments in, output and exit status out.
        .testTarget(
            name: "BatonCLITests",
            dependencies: ["baton", "baton-demo", "BatonTesting"],
            swiftSettings: swiftSettings
        ),
        // Runs the built `baton-demo` executable as real processes on free ports.
        .testTarget(
            name: "BatonDemoTests",
            dependencies: ["baton-demo", "BatonTesting"],
            swiftSettings: swiftSettings
        ),
    ]
)

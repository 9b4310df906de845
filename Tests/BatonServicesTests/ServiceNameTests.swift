import BatonServices
import Testing

@Suite struct ServiceNameTests {
    @Test(arguments: ["web", "Web", "api-2", "orders.v1", "db_main", "9lives"])
    func acceptsComposeStyleNames(_ text: String) throws {
        #expect(try ServiceName(text).rawValue == text.lowercased())
    }

    @Test(arguments: [
        ("", "cannot be empty"), ("-web", "starts with a letter or a digit"), ("web app", "not ` `"),
        ("wéb", "not `é`"), (String(repeating: "a", count: 64), "at most 63 characters"),
    ])
    func refusesOtherNamesSayingWhy(_ text: String, _ problem: String) {
        #expect(throws: ServiceNameError.self) { try ServiceName(text) }
        do {
            _ = try ServiceName(text)
        } catch {
            #expect(error.description.contains(problem))
        }
    }
}

/// A `/faults` body or `FAULTS` value that is not a valid set of switches.
struct FaultsError: Error, Sendable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

import BatonWorkflow

/// The most recent published events, numbered from 1 in publishing order, in a ring of fixed
/// capacity: appending costs O(1) and drops the oldest event once the ring is full.
struct EventHistory {
    private var ring: [JSONValue] = []
    /// Where the oldest event sits in `ring` once the ring is full.
    private var head = 0
    let capacity: Int
    /// How many events were ever appended: the number of the newest one.
    private(set) var count: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        ring.reserveCapacity(self.capacity)
    }

    mutating func append(_ event: JSONValue) {
        count += 1
        guard capacity > 0 else { return }
        if ring.count < capacity {
            ring.append(event)
        } else {
            ring[head] = event
            head = (head + 1) % capacity
        }
    }

    /// The retained events numbered above `number`, oldest first.
    func events(after number: UInt64) -> [JSONValue] {
        let retained = UInt64(ring.count)
        let skip = number > count - retained ? Int(number - (count - retained)) : 0
        guard skip < ring.count else { return [] }
        return (skip..<ring.count).map { ring[(head + $0) % ring.count] }
    }
}

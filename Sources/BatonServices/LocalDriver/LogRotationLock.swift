import Synchronization

/// Held while a log's files are renamed in a rotation, and while a follower lists and reads them
/// after one: a follower that lists `.log.1`, `.log.2` while they are being renamed reads a file
/// twice or misses one. Writers and followers of one Baton process share it (rotations are rare,
/// so one lock for every log costs nothing measurable).
enum LogRotationLock {
    static let shared = Mutex(())
}

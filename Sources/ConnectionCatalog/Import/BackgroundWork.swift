import Foundation

/// Work started on a thread of its own when created, whose result is awaited later: what needs
/// no database (reading the agent settings) runs beside what the calling thread does meanwhile.
///
/// Every ``wait()`` returns the same result; an error the work throws is its result, thrown by
/// no one until the caller gets it from the `Result`.
final class BackgroundWork<Value: Sendable>: Sendable {
    /// Holds the result once the work ended.
    private let ended = BoundedQueue<Result<Value, any Error>>(capacity: 1)

    /// Starts `work` on a new thread (with the stack size of a main thread).
    init(_ work: @escaping @Sendable () throws -> Value) {
        let ended = self.ended
        let thread = Thread { ended.put(Result { try work() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the work to end; its result.
    func wait() -> Result<Value, any Error> {
        // Taken and put back: the queue holds the result for the next caller. It is never
        // closed, so `take` returns an element.
        guard let result = ended.take() else { preconditionFailure("the queue of a background work is never closed") }
        ended.put(result)
        return result
    }
}

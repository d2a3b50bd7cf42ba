import Foundation
import Testing

@testable import ConnectionCatalog

/// The queue between an import's reading thread and its writing one: order kept, never more
/// than its capacity held, and a close that wakes whoever waits.
@Suite struct BoundedQueueTests {
    /// Runs `body` on a thread of its own; the returned semaphore is signalled when it ends.
    static func onThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let ended = DispatchSemaphore(value: 0)
        Thread {
            body()
            ended.signal()
        }.start()
        return ended
    }

    @Test(arguments: [1, 2, 7])
    func elementsArriveInOrderAcrossThreads(capacity: Int) {
        let queue = BoundedQueue<Int>(capacity: capacity)
        let ended = Self.onThread {
            for value in 0..<10_000 { queue.put(value) }
            queue.close()
        }
        var taken: [Int] = []
        while let value = queue.take() { taken.append(value) }
        ended.wait()
        #expect(taken == Array(0..<10_000))
    }

    @Test func aFullQueueHoldsThePutUntilATake() {
        let queue = BoundedQueue<Int>(capacity: 2)
        #expect(queue.put(1))
        #expect(queue.put(2))
        let third = Self.onThread { queue.put(3) }
        // Still waiting for room: the queue holds its capacity, no more.
        #expect(third.wait(timeout: .now() + 0.2) == .timedOut)
        #expect(queue.take() == 1)
        third.wait()
        #expect(queue.take() == 2)
        #expect(queue.take() == 3)
    }

    @Test func closingWakesAWaitingPutWhichDropsItsElement() {
        let queue = BoundedQueue<Int>(capacity: 1)
        queue.put(1)
        let result = ResultBox()
        let blocked = Self.onThread { result.set(queue.put(2)) }
        #expect(blocked.wait(timeout: .now() + 0.2) == .timedOut)
        queue.close()
        blocked.wait()
        #expect(result.value == false)
        // What was queued before the close is still taken, then nothing.
        #expect(queue.take() == 1)
        #expect(queue.take() == nil)
        #expect(queue.put(3) == false)
        #expect(queue.isClosed)
    }

    @Test func closingWakesAWaitingTake() {
        let queue = BoundedQueue<Int>(capacity: 3)
        let result = ResultBox()
        let blocked = Self.onThread { result.set(queue.take() == nil) }
        #expect(blocked.wait(timeout: .now() + 0.2) == .timedOut)
        queue.close()
        blocked.wait()
        #expect(result.value == true)
    }

    @Test func aCapacityBelowOneHoldsOne() {
        let queue = BoundedQueue<String>(capacity: 0)
        #expect(queue.capacity == 1)
        #expect(queue.put("a"))
        #expect(queue.take() == "a")
    }
}

/// A Boolean set on one thread and read on another after it ended.
private final class ResultBox: Sendable {
    private let queue = BoundedQueue<Bool>(capacity: 1)
    func set(_ value: Bool) { queue.put(value) }
    var value: Bool? { queue.take() }
}

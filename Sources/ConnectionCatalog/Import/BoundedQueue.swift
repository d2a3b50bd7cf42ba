import Foundation

/// A first-in, first-out queue of at most ``capacity`` elements that threads hand work through:
/// ``put(_:)`` waits while the queue is full, ``take()`` while it is empty. Memory stays bounded
/// by `capacity` elements however far the producing thread could run ahead.
///
/// ``close()`` ends the exchange from either side: a later or waiting ``put(_:)`` returns `false`
/// (the element is dropped), and ``take()`` hands the elements already queued, then `nil`. A
/// consumer that stops early closes the queue so that its producer, waiting or not, stops at
/// its next ``put(_:)`` (or sooner, polling ``isClosed``) instead of waiting forever.
///
/// Any number of threads may put and take; elements are taken in the order they were put.
///
/// `@unchecked Sendable` because its state (the elements and the closed flag) is mutable; it is
/// safe because every read and write of that state happens while holding `condition`, and
/// elements are themselves `Sendable`.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    /// How many elements the queue holds at most (at least 1).
    let capacity: Int
    private let condition = NSCondition()
    /// Oldest first; never more than `capacity` (taking shifts them: `capacity` is small).
    /// Guarded by `condition`.
    private var elements: [Element] = []
    /// Guarded by `condition`.
    private var closed = false

    /// - Parameter capacity: how many elements may wait in the queue; values below 1 count as 1.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        elements.reserveCapacity(self.capacity)
    }

    /// Appends `element`, waiting while ``capacity`` elements are queued.
    /// - Returns: `false` when the queue is closed (before or while waiting): `element` is dropped.
    @discardableResult
    func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !closed, elements.count >= capacity { condition.wait() }
        guard !closed else { return false }
        elements.append(element)
        condition.broadcast()
        return true
    }

    /// Removes and returns the oldest element, waiting while the queue is empty and open.
    /// - Returns: `nil` once the queue is closed and every element put before was taken.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while !closed, elements.isEmpty { condition.wait() }
        guard !elements.isEmpty else { return nil }
        let element = elements.removeFirst()
        condition.broadcast()
        return element
    }

    /// Accepts no more elements and wakes every waiting thread. Closing twice changes nothing.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }

    /// Whether ``close()`` was called.
    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }
}

import Foundation

/// What the thread that reads an import's XML files hands the thread that writes it, in reading
/// order: the writer calls ``ImportWriter`` exactly as a single thread reading and writing in
/// turn would.
enum ImportStep: Sendable {
    /// A file reused unread (``ImportWriter/reuse(_:)``).
    case reuse(StoredFileVersion)
    /// A file about to be read (``ImportWriter/begin(path:contentHash:)``).
    case begin(path: String, contentHash: String)
    /// One chunk of the file begun last, ready to store (``ImportWriter/add(chunk:to:)``).
    case chunk(Configuration)
    /// The end of the file begun last (``ImportWriter/finish(_:file:summary:)``).
    case finish(ConfigurationFileInfo, ConfigurationSummary)
    /// The XML files and the agent settings read and checked, the export files not yet: what
    /// the import's record needs (``ImportReading/Outcome`` without its refresh), stored while
    /// the export files are read. Not sent after an identifier clash.
    case settled(ImportReading.Outcome)
    /// Refresh attempts made since the last ones handed over, in target order, once the import
    /// ``settled(_:)``: stored while the next export files are read. The outcome of
    /// ``done(_:)`` holds them too.
    case attempts([RefreshAttempt])
    /// Every input read and checked: what the import's last rows need. The last step.
    case done(ImportReading.Outcome)
    /// The input error (or any other) that ends the import: nothing is stored. The last step.
    case failed(any Error)
}

/// The reading side of an import: parses the XML files chunk by chunk, makes each chunk storable
/// (``Importer/storable(_:locationPrefix:memo:)``), checks identifiers, then reads the agent
/// settings' identifiers and the export folder, and hands ``ImportStep``s to the writer. It never
/// touches the database: what it needs of the catalog comes in ``Plan``.
struct ImportReading: Sendable {
    /// What the catalog holds that the reading needs, read by the writer before reading starts.
    struct Plan: Sendable {
        /// For each XML file (in reading order), the previous import's version when the file is
        /// reused unread (``ImportWriter/reusable(path:contentHash:)``), else `nil`.
        var reused: [StoredFileVersion?]
        /// ``ImportWriter/reusedDeclarations()``: failing only when a file is reused.
        var declarations: Result<[String: Configuration], any Error>
        /// ``ImportWriter/reusedIdentifiers()``: failing only when a file is read.
        var identifiers: Result<[String: [StoredIdentifier]], any Error>
    }

    /// What the last rows of the import need, once every input is read.
    struct Outcome: Sendable {
        var summary: ConfigurationSummary
        var files: [ConfigurationFileInfo]
        var settings: AgentSettings?
        var attempts: [RefreshAttempt]
        var refresh: RefreshOutcome?
        var exportRoles: [String: ExportRoleDecision]
    }

    var request: ImportRequest
    var layout: Importer.Layout
    /// `Conf/` or empty (see ``Importer/run(_:into:)``).
    var prefix: String
    /// The XML files under the configuration folder, in reading order, with their SHA-256
    /// (`nil`: unreadable when hashed); no hashes when the files are hashed as they are read
    /// (a catalog's first import: nothing to compare them with beforehand).
    var paths: [String]
    var hashes: [String?]?
    /// The agent settings being read on a thread of their own: waited for once every XML file
    /// is read (their error comes after those of the XML files).
    var settings: BackgroundWork<AgentSettings?>
    var exportedBefore: Set<String>
    var at: String
    var plan: Plan

    /// Thrown by `send` when the writer stopped: the reading ends without a last step.
    struct Stopped: Error {}

    /// Reads on the calling thread, handing each step to `steps`, and ends with
    /// ``ImportStep/done(_:)`` or ``ImportStep/failed(_:)`` — or with nothing when `steps` was
    /// closed (the writer stopped).
    /// - Parameter disposal: the chunks the writer is done with, let go here between steps.
    func run(into steps: BoundedQueue<ImportStep>, disposal: Disposal? = nil) {
        func send(_ step: ImportStep) throws {
            guard steps.put(step) else { throw Stopped() }
            disposal?.drain()
        }
        do {
            let outcome = try read(send: send, stopped: { steps.isClosed })
            steps.put(.done(outcome))
        } catch is Stopped {
        } catch {
            steps.put(.failed(error))
        }
    }

    /// The reading itself: every error in the precedence of the import (the first unreadable or
    /// malformed XML file, then the agent settings, then the export folder, then identifier
    /// clashes).
    /// - Parameters:
    ///   - send: hands one step to the writer; throws ``Stopped`` when the writer stopped.
    ///   - stopped: whether the writer stopped (polled between chunks that are not sent).
    func read(send: (ImportStep) throws -> Void, stopped: () -> Bool) throws -> Outcome {
        let folder = layout.configurationFolder
        var summary = ConfigurationSummary()
        var files: [ConfigurationFileInfo] = []
        // What the refresh needs, file by file: connections and declared tables.
        var declared: [Configuration] = []
        var reused: [String: Configuration]?
        // What the export roles need besides: tasks, scaffoldings, resource type mappings.
        var roleInputs = Configuration()
        // Identifiers are checked file by file before a file is written; after a clash
        // nothing more is written, and the clash is reported once every input was read
        // (an unreadable or malformed file, the agent settings and the export folder come first).
        var identifiers = IdentifierIndex()
        // The identifiers of the files reused unread, as the catalog holds them: taken when
        // a file is read (files reused together were stored together, and cannot clash).
        var reusedIdentifiers: [String: [StoredIdentifier]]?
        var readAny = false
        var readSinceTrim = 0
        var pendingReused: [String] = []
        // Attribute names classified once per import, not once per file.
        var memo = SettingClassifier.Memo()
        func checkReused() throws {
            if reusedIdentifiers == nil {
                let stored = try plan.identifiers.get()
                for (_, list) in stored { identifiers.expect(stored: list) }
                reusedIdentifiers = stored
            }
            for path in pendingReused { identifiers.add(stored: reusedIdentifiers?[path] ?? []) }
            pendingReused.removeAll()
        }
        for (index, path) in paths.enumerated() {
            if stopped() { throw Stopped() }
            // A file unchanged since the previous import is not read again.
            if let version = plan.reused[index] {
                try send(.reuse(version))
                pendingReused.append(version.path)
                if readAny { try checkReused() }
                files.append(
                    ConfigurationFileInfo(
                        path: version.path, size: version.size, contentHash: version.contentHash,
                        elementCount: version.elementCount))
                summary.add(version.summary)
                if reused == nil { reused = try plan.declarations.get() }
                declared.append(reused?[version.path] ?? Configuration())
                // Tasks and scaffoldings are not among the stored declarations: read them again.
                // Chunk by chunk, and only when the whole file reads well, as before.
                var tasks = Configuration()
                let readWell: ()? = try? ConfigurationReader.parse(
                    fileAt: folder.appendingPathComponent(path), file: path, chunkElements: request.chunkElements
                ) { parsed in
                    tasks.exportTasks += parsed.exportTasks
                    tasks.jobScaffoldings += parsed.jobScaffoldings
                    tasks.fulfillTasks += parsed.fulfillTasks
                    tasks.resourceTypeMappings += parsed.resourceTypeMappings
                }
                if readWell != nil {
                    roleInputs.exportTasks += tasks.exportTasks
                    roleInputs.jobScaffoldings += tasks.jobScaffoldings
                    roleInputs.fulfillTasks += tasks.fulfillTasks
                    roleInputs.resourceTypeMappings += tasks.resourceTypeMappings
                }
                continue
            }
            let size: Int
            do {
                size = try ConfigurationReader.isBlank(fileAt: folder.appendingPathComponent(path))
            } catch {
                throw InputError(
                    SourceLocation(file: prefix + path), "cannot read the file",
                    hint: "check that it exists and that you may read it")
            }
            let hash =
                hashes.map { $0[index] }
                ?? (try? Data(contentsOf: folder.appendingPathComponent(path), options: .mappedIfSafe)).map(ConfigurationReader.sha256)
            guard let hash else {  // readable now, not a moment ago
                throw InputError(
                    SourceLocation(file: prefix + path), "the file changed while it was imported",
                    hint: "import again once nothing writes to the configuration")
            }
            // The file is read, checked and written in chunks of elements, as if each chunk
            // were a file of its own, while its history stays one file version.
            try send(.begin(path: prefix + path, contentHash: hash))
            var fileSummary = ConfigurationSummary()
            var chunkError: (any Error)?
            func started() throws {
                guard !readAny else { return }
                readAny = true
                try checkReused()
            }
            do {
                try ConfigurationReader.parse(
                    fileAt: folder.appendingPathComponent(path), file: path, chunkElements: request.chunkElements
                ) { parsed in
                    do {
                        let part = Importer.storable(parsed, locationPrefix: prefix, memo: &memo)
                        fileSummary.add(part)
                        var kept = Configuration()
                        kept.connections = part.connections
                        kept.connectionTables = part.connectionTables
                        declared.append(kept)
                        roleInputs.exportTasks += part.exportTasks
                        roleInputs.jobScaffoldings += part.jobScaffoldings
                        roleInputs.fulfillTasks += part.fulfillTasks
                        roleInputs.resourceTypeMappings += part.resourceTypeMappings
                        try started()
                        identifiers.add(part)
                        if identifiers.mayWrite {
                            try send(.chunk(part))
                        } else if stopped() {
                            throw Stopped()
                        }
                    } catch {
                        chunkError = error
                        throw error
                    }
                }
            } catch var error as InputError where chunkError == nil {
                error.location.file = prefix + error.location.file
                throw error
            }
            try started()
            // The chunks of the files read are let go: what the allocator holds free goes back
            // to the system, every few megabytes of XML (a trim walks the free memory).
            readSinceTrim += max(size, 0)
            if readSinceTrim >= FreedMemory.everyBytes {
                FreedMemory.release()
                readSinceTrim = 0
            }
            let info = ConfigurationFileInfo(
                path: prefix + path, size: Int64(max(size, 0)), contentHash: hash,
                elementCount: fileSummary.elements)
            files.append(info)
            summary.add(fileSummary)
            if identifiers.mayWrite { try send(.finish(info, fileSummary)) }
        }
        var kept = Configuration()
        kept.connections.reserveCapacity(declared.reduce(0) { $0 + $1.connections.count })
        kept.connectionTables.reserveCapacity(declared.reduce(0) { $0 + $1.connectionTables.count })
        for part in declared {
            kept.connections += part.connections
            kept.connectionTables += part.connectionTables
        }
        // What is read no more is let go before the export files are read and the final
        // rows written (the import's peak of memory): the parts, the names classified.
        declared = []
        reused = nil
        memo = SettingClassifier.Memo()
        FreedMemory.release()
        kept.exportTasks = roleInputs.exportTasks
        kept.jobScaffoldings = roleInputs.jobScaffoldings
        kept.fulfillTasks = roleInputs.fulfillTasks
        kept.resourceTypeMappings = roleInputs.resourceTypeMappings
        roleInputs = Configuration()
        let settings = try self.settings.wait().get()
        if let settings { identifiers.add(settings) }
        let exportRoles = ExportRoleDecision.decide(for: kept)
        // The writer stores the import's record and settings while the export files are read,
        // then each batch of refresh attempts while the next files are read.
        let settled = identifiers.mayWrite
        if settled {
            try send(
                .settled(
                    Outcome(
                        summary: summary, files: files, settings: settings, attempts: [], refresh: nil,
                        exportRoles: exportRoles)))
        }
        var refresh: RefreshOutcome?
        var attempts: [RefreshAttempt]
        if let exportFolder = layout.exportFolder {
            let targets = Importer.refreshTargets(
                configuration: kept, settings: settings, exportedBefore: exportedBefore, roles: exportRoles)
            kept = Configuration()
            refresh = try withoutActuallyEscaping(send) { send in
                try SchemaRefresher.refresh(
                    folder: exportFolder, displayFolder: Importer.displayPath(exportFolder, under: request.path),
                    targets: targets, knownConnections: targets.map(\.connection),
                    at: at, trigger: .import, handing: settled ? { try send(.attempts($0)) } : nil)
            }
            attempts = refresh?.attempts ?? []
        } else {
            attempts = Importer.declaredSchemaAttempts(kept, at: at)
            kept = Configuration()
        }
        if let clash = identifiers.firstClash { throw clash }
        FreedMemory.release()
        return Outcome(
            summary: summary, files: files, settings: settings, attempts: attempts, refresh: refresh,
            exportRoles: exportRoles)
    }
}

extension Importer {
    /// How many ready chunks may wait between the reading thread and the writing one: the
    /// writing is the slower side, so one is enough for it never to wait on a chunk the reading
    /// has finished, and memory holds three chunks (one being read, one ready, one being
    /// written).
    static let chunksAhead = 1

    /// Runs `reading` on a thread of its own while `writer` stores what it hands over, in
    /// reading order, on the calling thread (the one that holds the write transaction: the
    /// database is used there only).
    ///
    /// The first error in reading order wins, as if one thread read and wrote in turn: a
    /// reading error reaches the writer after every step before it; a writing error stops
    /// the reading at its next chunk. Either way the reading thread has ended when this returns.
    /// - Parameters:
    ///   - settle: stores the import's record from what the reading found before the export
    ///     files (``ImportStep/settled(_:)``), while they are read.
    ///   - store: stores refresh attempts handed over while the refresh goes on
    ///     (``ImportStep/attempts(_:)``), after `settle`.
    ///   - finish: stores the rest once everything is read, given the stored record and whether
    ///     the outcome's attempts were stored already (handed over by `store`).
    /// - Returns: what the reading found and the stored import record.
    static func pipelined(
        _ reading: ImportReading, into writer: ImportWriter,
        settle: (ImportReading.Outcome) throws -> ImportRecord,
        store: ([RefreshAttempt]) throws -> Void,
        finish: (ImportReading.Outcome, ImportRecord, _ attemptsStored: Bool) throws -> Void
    ) throws -> (ImportReading.Outcome, ImportRecord) {
        let steps = BoundedQueue<ImportStep>(capacity: chunksAhead)
        let ended = DispatchSemaphore(value: 0)
        let disposal = Disposal()
        let thread = Thread {
            reading.run(into: steps, disposal: disposal)
            ended.signal()
        }
        // As much stack as the main thread has (the parse and the refresh run there).
        thread.stackSize = 8 << 20
        thread.start()
        defer {
            steps.close()
            ended.wait()
        }
        var chunked: ChunkedFileVersion?
        var settled: ImportRecord?
        var attemptsStored = false
        while let step = steps.take() {
            switch step {
            case .reuse(let version):
                writer.reuse(version)
            case .begin(let path, let contentHash):
                chunked = writer.begin(path: path, contentHash: contentHash)
            case .chunk(let part):
                try writer.add(chunk: part, to: &chunked!)
                disposal.add(step)
            case .finish(let info, let summary):
                try writer.finish(chunked!, file: info, summary: summary)
                chunked = nil
            case .settled(let outcome):
                settled = try settle(outcome)
                FreedMemory.release()
            case .attempts(let attempts):
                try store(attempts)
                attemptsStored = true
            case .done(let outcome):
                let record = try settled ?? settle(outcome)
                try finish(outcome, record, attemptsStored)
                return (outcome, record)
            case .failed(let error):
                throw error
            }
        }
        // The reading always ends with `done` or `failed` unless the queue was closed, which
        // only this function does.
        preconditionFailure("the reading of the configuration ended without a last step")
    }
}

/// What the writing thread is done with, let go on the reading thread, which made it: freeing a
/// chunk's thousands of strings and arrays costs the writer (the slower side) a tenth of its time,
/// and memory goes back to the allocator of the thread that took it, without contention.
final class Disposal: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var items: [ImportStep] = []

    /// Keeps `item` until the next ``drain()``.
    func add(_ item: ImportStep) {
        lock.withLock { items.append(item) }
    }

    /// Lets go of what was added, on the calling thread.
    func drain() {
        let taken = lock.withLock {
            let taken = items
            items = []
            return taken
        }
        withExtendedLifetime(taken) {}
    }
}

/// Gives the memory the allocator holds free back to the system (glibc's `malloc_trim`): each
/// thread of an import allocates from an arena of its own, and what one thread freed (the agent
/// settings' parse, a file's chunks) stays in its arena, unused by the others, unless trimmed.
/// Called between the phases of an import (about a millisecond); does nothing elsewhere.
enum FreedMemory {
    /// Bytes of XML read between two trims during an import.
    static let everyBytes = 8 << 20

    static func release() {
        #if os(Linux)
            _ = glibcMallocTrim(0)
        #endif
    }

    /// Allocations of 256 KiB and more (file buffers, the arrays of a large file's chunks) are
    /// mapped and unmapped on their own, at once given back when freed. glibc otherwise raises
    /// that threshold to the largest block freed so far (up to 32 MiB), after which such blocks
    /// stay in the heap of the thread that freed them: 4 MB more at the peak of a 50 MiB import.
    /// Set once per process, at the first import.
    static let largeBlocksMapped: Void = {
        #if os(Linux)
            _ = glibcMallopt(-3, 256 << 10)  // M_MMAP_THRESHOLD
        #endif
    }()
}

#if os(Linux)
    /// `int malloc_trim(size_t pad)` of glibc's `<malloc.h>`, which the Glibc module does not
    /// export.
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32

    /// `int mallopt(int param, int value)` of glibc's `<malloc.h>`.
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

import Foundation

/// File names as every command shows them: relative to the current directory when the file lies
/// under it (so terminals and editors open `file:line` directly), absolute otherwise.
enum DisplayPath {
    /// `path` (absolute, or relative to `base`, else to the current directory) as shown.
    static func shown(
        _ path: String, base: String? = nil,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let cwd = standardized(currentDirectory)
        var absolute = path
        if !path.hasPrefix("/") {
            let root = base.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } ?? cwd
            absolute = path.isEmpty ? root : root + "/" + path
        }
        absolute = standardized(absolute)
        if absolute == cwd { return "." }
        if cwd == "/" { return String(absolute.dropFirst()) }
        return absolute.hasPrefix(cwd + "/") ? String(absolute.dropFirst(cwd.count + 1)) : absolute
    }

    /// `file:line` (or `file`) as shown.
    static func location(_ file: String, line: Int?, base: String? = nil) -> String {
        let shown = shown(file, base: base)
        return line.map { "\(shown):\($0)" } ?? shown
    }

    private static func standardized(_ path: String) -> String {
        let standard = URL(fileURLWithPath: path).standardizedFileURL.path
        return standard.count > 1 && standard.hasSuffix("/") ? String(standard.dropLast()) : standard
    }
}

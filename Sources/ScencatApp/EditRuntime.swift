import CatalogCore
import CatalogFiles
import CatalogIndex
#if canImport(Glibc)
import Glibc
#endif
import Wording

extension Runtime {
    /// Edits `text` (an entity's YAML) in the user's editor: a private temp copy, the terminal
    /// handed to the editor (curses suspended, then resumed and repainted), the copy read back
    /// and removed. The result is checked and saved by `update` (EditUpdate).
    func runEditor(_ document: EntityDocument, text: String) -> Action {
        let path: String
        do {
            path = try ExternalEditor.makeTempCopy(id: document.entity.id, text: text)
        } catch {
            return .edit(.editorFinished(document, sent: text, edited: nil, status: 0, error: ErrorWording.shown(error)))
        }
        defer { unlink(path) }
        backend.suspend()
        let status: Int32
        var failure: String?
        do {
            status = try ExternalEditor.run(editorCommand, path: path)
        } catch {
            status = 0
            failure = ErrorWording.shown(error)
        }
        backend.resume()
        let edited = (try? AtomicFile.read(path, limit: YAMLReader.maxFileSize + 1)).map { String(decoding: $0, as: UTF8.self) }
        return .edit(.editorFinished(document, sent: text, edited: edited, status: status, error: failure))
    }
}

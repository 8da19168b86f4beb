import Foundation
import GreenroomCore

/// Reading a Zendesk export: `{"tickets": [...], "users": [...], "comments": ..., "organizations": [...]}`.
enum ZendeskExport {
    static func read(path: String, file: String) throws -> TicketSource {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GreenroomError.invalidInput("cannot read \(path)")
        }
        let document: ImportJSON
        do {
            document = try JSONDecoder().decode(ImportJSON.self, from: data)
        } catch {
            throw GreenroomError.invalidInput("\(file): not JSON (\(reason(data)))")
        }
        guard document.isObject else {
            throw GreenroomError.invalidInput("\(file): not a Zendesk export: expected an object with a \"tickets\" array")
        }
        guard document["tickets"]?.array != nil else {
            throw GreenroomError.invalidInput("\(file): no \"tickets\" array (a Zendesk export looks like {\"tickets\": [...], \"users\": [...]})")
        }
        return .zendesk(file: file, document: document)
    }

    /// Where and why `data` does not parse, in one line: Foundation's JSONSerialization says
    /// what it met and at which byte ("Invalid value around character 12."), which becomes a
    /// line and column.
    private static func reason(_ data: Data) -> String {
        if data.isEmpty { return "the file is empty" }
        var text = "the data is not valid JSON"
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let d = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String, !d.isEmpty { text = d }
        }
        if let r = text.range(of: " around character "), let offset = Int(text[r.upperBound...].prefix(while: \.isNumber)) {
            let bytes = [UInt8](data.prefix(offset))
            let line = bytes.filter { $0 == 10 }.count + 1
            let column = offset - (bytes.lastIndex(of: 10).map { $0 + 1 } ?? 0) + 1
            text = String(text[..<r.lowerBound]) + " at line \(line), column \(column)"
        }
        text = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        if text.hasSuffix(".") { text.removeLast() }
        if let first = text.first, text.dropFirst().first?.isLowercase == true { text = first.lowercased() + text.dropFirst() }
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}

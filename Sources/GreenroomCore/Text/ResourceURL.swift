import Foundation

/// The URL a knowledge-base resource points to (a `link` must have one; a guide or toolkit may):
/// checked the same way for the form, the command line, every local write and every synced
/// operation (`FieldRules`), so hostile text never gets in.
///
/// Choices written down here: an absolute `http` or `https` URL (scheme in any case), at most
/// `maxLength` characters; only the characters RFC 3986 allows (letters, digits and
/// `-._~:/?#[]@!$&'()*+,;=%` — anything else, spaces, quotes, angle brackets, control or escape
/// characters and non-ASCII letters, must be percent-encoded); a host of letters, digits, dots
/// and dashes, or an IPv6 literal in brackets, with an optional numeric port; no user name or
/// password before the host (`https://bank.example@evil.example/` reads as one site and opens
/// another).
public enum ResourceURL {
    public static let maxLength = 2000

    private static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%".utf8)

    /// Why `text` is not a URL a resource may carry (one line, for `url: …` or a form), or nil.
    public static func problem(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return "a URL cannot be empty" }
        if bytes.count > maxLength { return "a URL can be at most \(maxLength) characters (this one has \(text.count))" }
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = text.dropFirst(8) } else if lower.hasPrefix("http://") { rest = text.dropFirst(7) } else {
            return "\"\(clip(text))\" is not a web address: it must start with http:// or https://"
        }
        if let bad = text.unicodeScalars.first(where: { !$0.isASCII || !allowed.contains(UInt8($0.value)) }) {
            let what: String
            switch bad {
            case " ": what = "a space"
            case _ where bad.properties.generalCategory == .control || bad.properties.generalCategory == .format: what = "a control character"
            case _ where !bad.isASCII: what = "\"\(Character(bad))\" (percent-encode letters outside ASCII)"
            default: what = "\"\(Character(bad))\""
            }
            return "a URL cannot hold \(what)"
        }
        // Percent signs start two hex digits.
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else { return "a URL's % must be followed by two hex digits" }
                i += 3
            } else {
                i += 1
            }
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if authority.contains("@") { return "a URL cannot carry a user name or password before the host" }
        var host = Substring(authority)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return "\"\(clip(text))\" has an unclosed [ in its host" }
            let inside = host[host.index(after: host.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return "\"\(clip(text))\" has no valid host" }
            host = host[host.index(after: close)...]
            if !host.isEmpty && !host.hasPrefix(":") { return "\"\(clip(text))\" has no valid host" }
            if let problem = portProblem(host, text) { return problem }
            return nil
        }
        if let colon = host.firstIndex(of: ":") {
            if let problem = portProblem(host[colon...], text) { return problem }
            host = host[..<colon]
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard !host.isEmpty, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }),
              !host.hasPrefix("-") else {
            return "\"\(clip(text))\" has no valid host"
        }
        return nil
    }

    /// The URL as stored: trimmed; nil when blank.
    public static func normalized(_ text: String?) -> String? {
        guard let text else { return nil }
        let clean = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return clean.isEmpty ? nil : clean
    }

    /// `:8080` after the host: digits, 1–65535 (nil when there is none).
    private static func portProblem(_ part: Substring, _ text: String) -> String? {
        guard part.hasPrefix(":") else { return nil }
        let digits = part.dropFirst()
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              let port = Int(digits), (1...65_535).contains(port) else {
            return "\"\(clip(text))\" has a port that is not a number from 1 to 65535"
        }
        return nil
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
    }

    private static func clip(_ text: String) -> String {
        let safe = TerminalText.sanitize(text)
        return safe.count > 60 ? String(safe.prefix(60)) + "…" : safe
    }
}

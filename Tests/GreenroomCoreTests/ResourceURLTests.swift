import Testing
@testable import GreenroomCore

/// The URL a resource carries (`ResourceURL`) and the article rules sync checks with it.
@Suite struct ResourceURLTests {
    @Test func ordinaryWebAddressesAreTaken() {
        for url in ["https://example.com", "http://example.com/", "HTTPS://Example.COM/Kit.pdf", "https://creators.example.com/help/tax-forms?market=MX#rfc",
                    "https://example.com:8443/a%20b", "http://[2001:db8::1]:8080/x", "https://127.0.0.1/", "https://sub-domain.example.co.uk/a_b~c/(1)"] {
            #expect(ResourceURL.problem(url) == nil, "\(url)")
        }
    }

    @Test func hostileOrBrokenTextIsRefusedWithAReason() {
        let cases: [(String, String)] = [
            ("", "a URL cannot be empty"),
            ("example.com", "\"example.com\" is not a web address: it must start with http:// or https://"),
            ("data:text/html,<b>", "\"data:text/html,<b>\" is not a web address: it must start with http:// or https://"),
            ("https://example.com/\u{07}", "a URL cannot hold a control character"),
            ("https://example.com/\u{202E}gpj.exe", "a URL cannot hold a control character"),
            ("https://example.com/<b>", "a URL cannot hold \"<\""),
            ("https://user:pw@example.com/", "a URL cannot carry a user name or password before the host"),
            ("https://-bad.example/", "\"https://-bad.example/\" has no valid host"),
            ("https://exa..mple/", "\"https://exa..mple/\" has no valid host"),
            ("http://[::1/", "\"http://[::1/\" has an unclosed [ in its host"),
            ("https://example.com:0/", "\"https://example.com:0/\" has a port that is not a number from 1 to 65535"),
            ("https://example.com/%4", "a URL's % must be followed by two hex digits"),
        ]
        for (url, reason) in cases { #expect(ResourceURL.problem(url) == reason, "\(url)") }
    }

    @Test func anArticlesKindAndURLFollowTheFieldRules() {
        func problem(_ fields: [String: FieldValue], insert: Bool = true) -> String? {
            var all = fields
            if insert { all["title"] = .text("Kit"); all["body"] = .text(""); all["updated_at"] = .int(1_767_225_600_000) }
            return FieldRules.problem(entity: .article, fields: all, insert: insert)
        }
        #expect(problem([:]) == nil)                                  // an older line: a reply
        #expect(problem(["kind": .text("guide")]) == nil)
        #expect(problem(["kind": .text("link"), "url": .text("https://example.com")]) == nil)
        #expect(problem(["kind": .text("video")]) == "kind: \"video\" is not one of reply, guide, toolkit, link")
        #expect(problem(["kind": .text("link")]) == "url: a link needs a URL (http:// or https://)")
        #expect(problem(["kind": .text("link"), "url": .null]) == "url: a link needs a URL (http:// or https://)")
        #expect(problem(["kind": .text("link"), "url": .null], insert: false) == "url: a link needs a URL (http:// or https://)")
        #expect(problem(["kind": .text("link")], insert: false) == nil)   // the URL already here is kept
        #expect(problem(["url": .text("javascript:alert(1)")], insert: false)
                == "url: \"javascript:alert(1)\" is not a web address: it must start with http:// or https://")
        #expect(problem(["url": .int(3)], insert: false) == "url: must be text")
    }
}

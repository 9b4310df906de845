import Testing

@testable import BatonServices

@Suite struct ShellWordsTests {
    @Test(arguments: [
        ("./web --port 8080", ["./web", "--port", "8080"]),
        ("  spaced \t out\n ", ["spaced", "out"]),
        ("echo 'a  b' \"c d\"", ["echo", "a  b", "c d"]),
        ("sh -c 'echo \"$HOME\"'", ["sh", "-c", "echo \"$HOME\""]),
        ("printf \"a\\\"b\\\\c\\$d\\n\"", ["printf", "a\"b\\c$d\\n"]),
        ("a\\ b c\\'d", ["a b", "c'd"]),
        ("x '' \"\" y", ["x", "", "", "y"]),
        ("pre'fix'\"ed\"", ["prefixed"]),
        ("run \\\n  --long", ["run", "--long"]),
        ("", []), ("a\r\nb", ["a", "b"]),
        ("$PORT ${HOME} `id` *.txt", ["$PORT", "${HOME}", "`id`", "*.txt"]),
    ])
    func splitsLikeAShellWithoutExpanding(text: String, words: [String]) throws {
        #expect(try ShellWords.split(text) == words)
    }

    @Test(arguments: [
        ("echo 'open", "a single quote is not closed"), ("echo \"open", "a double quote is not closed"),
        ("echo back\\", "the command ends with a backslash"), ("echo \"x\\", "the command ends with a backslash"),
    ])
    func saysWhatIsWrongWithAnUnfinishedCommand(text: String, problem: String) {
        #expect {
            try ShellWords.split(text)
        } throws: { error in
            (error as? ShellWords.Failure)?.problem == problem
        }
    }
}

@Suite struct EnvFileTests {
    @Test func readsComposeEnvFiles() throws {
        let text = """
            # a comment
            PLAIN=value
              INDENTED = spaced out  
            export EXPORTED=1
            EMPTY=
            EQUALS=a=b=c
            SINGLE='kept $as \\n is'
            DOUBLE="line\\none \\"quoted\\" \\\\ tab\\t"
            COMMENTED=value # a comment
            HASH=a#b
            QUOTED_COMMENT="quoted value" # a comment
            SINGLE_COMMENT='single # value' # a comment
            dotted.key-name=ok
            WINDOWS=crlf\r

            LAST=wins
            LAST=really
            """
        #expect(
            try EnvFile.parse(text) == [
                "PLAIN": "value", "INDENTED": "spaced out", "EXPORTED": "1", "EMPTY": "", "EQUALS": "a=b=c", "SINGLE": "kept $as \\n is",
                "DOUBLE": "line\none \"quoted\" \\ tab\t", "COMMENTED": "value", "HASH": "a#b", "QUOTED_COMMENT": "quoted value",
                "SINGLE_COMMENT": "single # value", "dotted.key-name": "ok", "WINDOWS": "crlf", "LAST": "really",
            ])
    }

    @Test func readsWindowsLineEndings() throws {
        #expect(try EnvFile.parse("A=1\r\nB=\"two\"\r\n\r\nC=3") == ["A": "1", "B": "two", "C": "3"])
        #expect {
            try EnvFile.parse("A=1\r\n\r\nbad line\r\n")
        } throws: { error in
            (error as? EnvFile.Failure)?.line == 3
        }
    }

    @Test(arguments: [
        ("A=1\nJUST_A_NAME\n", 2, "expected KEY=VALUE, not “JUST_A_NAME”"),
        ("=value\n", 1, "“” is not a variable name"),
        ("\n\nMY VAR=1\n", 3, "“MY VAR” is not a variable name"),
        ("A='open\n", 1, "a single quote is not closed"),
        ("A=\"open\n", 1, "a double quote is not closed"),
        ("A=\"x\" trailing\n", 1, "unexpected text after the closing quote: “trailing”"),
    ])
    func namesTheLineOfABadSetting(text: String, line: Int, problem: String) {
        #expect {
            try EnvFile.parse(text)
        } throws: { error in
            let failure = error as? EnvFile.Failure
            return failure?.line == line && failure?.problem == problem
        }
    }
}

package org.jfenced.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.jfenced.spi.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a file can break the grammar, with the message that points at it. */
class SyntaxErrorTest {

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                arguments("missing ';' before '}'",
                        "x {\n\tport = \"1229\"\n}\n",
                        "test.conf:3: expected ';' after value of key \"port\", found '}'"),
                arguments("missing ';' before the next key",
                        "x {\n\tport = \"1229\"\n\taddress = \"::1\";\n}\n",
                        "test.conf:3: expected ';' after value of key \"port\", found address"),
                arguments("unterminated quote",
                        "fence_virtd {\n\tlistener = \"tcp;\n\tbackend = libvirt;\n}\n",
                        "test.conf:4: unterminated quoted value started at line 2"),
                arguments("closing brace without a block",
                        "x {\n\ta = \"1\";\n}\n}\n",
                        "test.conf:4: unbalanced '}'"),
                arguments("closing brace missing",
                        "x { }\nlisteners {\n\ttcp {\n\t}\n",
                        "test.conf:4: missing '}' for block \"listeners\" opened at line 2"),
                arguments("innermost unclosed block is named",
                        "listeners {\n\ttcp {\n\t\tport = \"1\";\n",
                        "test.conf:3: missing '}' for block \"tcp\" opened at line 2"),
                arguments("empty file",
                        "",
                        "test.conf:1: expected a key or block, found end of file (the file is empty)"),
                arguments("file with nothing but comments",
                        "# fence_virt.conf\n\n# nothing here yet\n",
                        "test.conf:3: expected a key or block, found end of file (the file is empty)"),
                arguments("empty quoted value",
                        "x {\n\tport = \"\";\n}\n",
                        "test.conf:2: expected a non-empty quoted value for key \"port\", found \"\""),
                arguments("unquoted value",
                        "x {\n\tport = 1229;\n}\n",
                        "test.conf:2: expected a quoted value for key \"port\", found 1229"),
                arguments("value at end of file",
                        "x = ",
                        "test.conf:1: expected a quoted value for key \"x\", found end of file"),
                arguments("name without '=' or '{'",
                        "x {\n\tport \"1229\";\n}\n",
                        "test.conf:2: expected '=' or '{' after \"port\", found \"1229\""),
                arguments("two names",
                        "fence virtd {\n}\n",
                        "test.conf:1: expected '=' or '{' after \"fence\", found virtd"),
                arguments("statement starting with '='",
                        "= \"x\";\n",
                        "test.conf:1: expected a key or block name, found '='"),
                arguments("doubled ';'",
                        "x {\n\ta = \"1\";;\n}\n",
                        "test.conf:2: expected a key or block name, found ';'"),
                arguments("quoted block name",
                        "\"fence_virtd\" {\n}\n",
                        "test.conf:1: expected a key or block name, found \"fence_virtd\""),
                arguments("lines inside a multi-line value are counted",
                        "x {\n\ta = \"one\ntwo\nthree\";\n\tb = 4;\n}\n",
                        "test.conf:5: expected a quoted value for key \"b\", found 4"),
                arguments("long values are shortened in messages",
                        "x = \"" + "a".repeat(100) + "\" y",
                        "test.conf:1: expected ';' after value of key \"x\", found y"),
                arguments("long found values are shortened",
                        "x \"" + "a".repeat(100) + "\n\";",
                        "test.conf:1: expected '=' or '{' after \"x\", found \"" + "a".repeat(40) + "...\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileIsRejectedWithFileLineAndReason(String why, String text, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> FenceConfig.parse(text, "test.conf"));
        assertEquals(message, e.getMessage());
    }
}

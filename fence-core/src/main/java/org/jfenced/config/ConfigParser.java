package org.jfenced.config;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jfenced.config.ConfigLexer.Kind;
import org.jfenced.config.ConfigLexer.Token;
import org.jfenced.spi.ConfigException;

/**
 * Builds the block tree from tokens. A loop over a stack of open blocks rather than recursion, so
 * that no file, however deeply nested, can overflow the parser's stack.
 */
final class ConfigParser {

    private final ConfigLexer lexer;
    private final String source;
    private final ConfigBlock root;
    private final Deque<ConfigBlock> open = new ArrayDeque<>();

    private ConfigParser(String text, String source) {
        this.lexer = new ConfigLexer(text, source);
        this.source = source;
        this.root = ConfigBlock.root(source);
        open.push(root);
    }

    static ConfigBlock parse(String text, String source) throws ConfigException {
        return new ConfigParser(text, source).parse();
    }

    private ConfigBlock parse() throws ConfigException {
        while (true) {
            Token t = lexer.next();
            switch (t.kind()) {
                case NAME -> statement(t);
                case CLOSE -> close(t);
                case END -> {
                    end(t);
                    return root;
                }
                default -> throw expected(t, "a key or block name");
            }
        }
    }

    /** After a name: {@code { … }}, {@code = "v";} or {@code = "v" { … }}. */
    private void statement(Token name) throws ConfigException {
        Token t = lexer.next();
        if (t.kind() == Kind.OPEN) {
            open.push(open.peek().addBlock(name.text(), null, name.line()));
            return;
        }
        if (t.kind() != Kind.EQUALS) {
            throw expected(t, "'=' or '{' after \"" + name.text() + '"');
        }
        Token value = lexer.next();
        if (value.kind() != Kind.VALUE) {
            throw expected(value, "a quoted value for key \"" + name.text() + '"');
        }
        if (value.text().isEmpty()) {
            // fence_virtd's scanner has no token for "", so its parser fails here too
            throw expected(value, "a non-empty quoted value for key \"" + name.text() + '"');
        }
        Token after = lexer.next();
        if (after.kind() == Kind.SEMICOLON) {
            open.peek().addValue(name.text(), value.text(), name.line());
        } else if (after.kind() == Kind.OPEN) {
            open.push(open.peek().addBlock(name.text(), value.text(), name.line()));
        } else {
            throw expected(after, "';' after value of key \"" + name.text() + '"');
        }
    }

    private void close(Token brace) throws ConfigException {
        if (open.size() == 1) {
            throw ConfigSyntax.error(source, brace.line(), "unbalanced '}'");
        }
        open.pop();
    }

    private void end(Token end) throws ConfigException {
        if (open.size() > 1) {
            ConfigBlock unclosed = open.peek();
            throw ConfigSyntax.error(source, end.line(),
                    "missing '}' for block \"" + unclosed.name + "\" opened at line " + unclosed.line);
        }
        if (root.blocks.isEmpty() && root.values.isEmpty()) {
            // fence_virtd refuses such a file too ("Failed to parse"): its grammar needs one statement
            throw ConfigSyntax.error(source, end.line(), "expected a key or block, found end of file (the file is empty)");
        }
    }

    private ConfigException expected(Token found, String what) {
        return ConfigSyntax.error(source, found.line(), "expected " + what + ", found " + found.describe());
    }
}

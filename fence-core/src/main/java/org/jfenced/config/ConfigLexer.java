package org.jfenced.config;

import org.jfenced.spi.ConfigException;

/**
 * Splits fence_virt.conf text into tokens as fence_virtd's flex scanner does, with two differences:
 * it counts the lines inside quoted values, so that every later message names the right line, and it
 * takes a carriage return for a blank, so that a file saved with CRLF line ends still parses.
 */
final class ConfigLexer {

    enum Kind { NAME, VALUE, OPEN, CLOSE, EQUALS, SEMICOLON, END }

    record Token(Kind kind, String text, int line) {

        /** How an error message shows this token after "found". */
        String describe() {
            return switch (kind) {
                case NAME -> abbreviate(text);
                case VALUE -> '"' + abbreviate(text) + '"';
                case END -> "end of file";
                default -> "'" + text + "'";
            };
        }

        private static String abbreviate(String s) {
            String oneLine = s.replace("\n", "\\n");
            return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...";
        }
    }

    private final String text;
    private final String source;
    private int pos;
    private int line = 1;

    ConfigLexer(String text, String source) {
        this.text = text;
        this.source = source;
    }

    Token next() throws ConfigException {
        skipBlanksAndComments();
        if (pos == text.length()) {
            return new Token(Kind.END, "", lastLine());
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> single(Kind.OPEN);
            case '}' -> single(Kind.CLOSE);
            case '=' -> single(Kind.EQUALS);
            case ';' -> single(Kind.SEMICOLON);
            case '"' -> quoted();
            default -> name();
        };
    }

    private void skipBlanksAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token single(Kind kind) {
        Token t = new Token(kind, text.substring(pos, pos + 1), line);
        pos++;
        return t;
    }

    private Token quoted() throws ConfigException {
        int startLine = line;
        int close = text.indexOf('"', pos + 1);
        if (close < 0) {
            pos = text.length();
            line = lastLine();
            throw ConfigSyntax.error(source, line, "unterminated quoted value started at line " + startLine);
        }
        String value = text.substring(pos + 1, close);
        line += (int) value.chars().filter(ch -> ch == '\n').count();
        pos = close + 1;
        return new Token(Kind.VALUE, value, startLine);
    }

    private Token name() {
        int start = pos;
        while (pos < text.length() && !endsName(text.charAt(pos))) {
            pos++;
        }
        return new Token(Kind.NAME, text.substring(start, pos), line);
    }

    private static boolean endsName(char c) {
        return switch (c) {
            case ' ', '\t', '\r', '\n', '{', '}', ';', '=', '"' -> true;
            default -> false;
        };
    }

    /** The line an editor shows last: a final newline does not start a line of its own. */
    private int lastLine() {
        int newlines = (int) text.chars().filter(ch -> ch == '\n').count();
        return text.endsWith("\n") ? newlines : newlines + 1;
    }
}

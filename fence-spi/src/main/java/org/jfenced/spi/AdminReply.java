package org.jfenced.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link AdminCommand} answers: text for people and the same content as data for
 * {@code jfencectl --json}, which the daemon writes as JSON.
 *
 * @param exitCode what jfencectl exits with: {@link #OK}, {@link #FAILED}, {@link #USAGE} or a
 *     command's own code (the {@code fence} command uses fence_virt's: 2 means off)
 * @param text the answer for people; a final newline is added when missing
 * @param data the answer as JSON-shaped values only: {@code Map} with {@code String} keys (written in
 *     the map's iteration order), {@code List}, {@code String}, {@code Number}, {@code Boolean} and
 *     {@code null}
 */
public record AdminReply(int exitCode, String text, Object data) {

    public static final int OK = 0;
    public static final int FAILED = 1;
    /** {@code EX_USAGE} of sysexits.h: wrong arguments. */
    public static final int USAGE = 64;

    public AdminReply {
        Objects.requireNonNull(text, "text");
        if (!text.isEmpty() && !text.endsWith("\n")) {
            text = text + "\n";
        }
    }

    public static AdminReply ok(String text, Object data) {
        return new AdminReply(OK, text, data);
    }

    /** The command ran and did not succeed; {@code --json} shows {@code {"error": message}}. */
    public static AdminReply failed(String message) {
        return new AdminReply(FAILED, message, error(message));
    }

    /** The arguments were wrong; {@code message} should say how to call it. */
    public static AdminReply usage(String message) {
        return new AdminReply(USAGE, message, error(message));
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }
}

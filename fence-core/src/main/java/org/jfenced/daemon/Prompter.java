package org.jfenced.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jfenced.spi.ConfigException;

/**
 * Asks questions on a terminal, each with a default that an empty answer takes. At the end of the input
 * every question takes its default, so {@code jfenced -c </dev/null} answers everything with the defaults.
 */
final class Prompter {

    private final BufferedReader in;
    private final PrintStream out;
    private boolean endOfInput;

    Prompter(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** The answer, or {@code dflt} for an empty one and at the end of the input. */
    String text(String question, String dflt) {
        out.print(question + " [" + dflt + "]: ");
        out.flush();
        String line = readLine();
        if (line == null) {
            out.println();
            return dflt;
        }
        return line.isBlank() ? dflt : line.strip();
    }

    /**
     * Asks until {@code problem} finds nothing wrong with the answer (it returns empty for a good one).
     *
     * @throws ConfigException when the input ends and the default itself is not a good answer
     */
    String text(String question, String dflt, Function<String, Optional<String>> problem) throws ConfigException {
        while (true) {
            String answer = text(question, dflt);
            Optional<String> wrong = problem.apply(answer);
            if (wrong.isEmpty()) {
                return answer;
            }
            out.println(wrong.get());
            if (endOfInput) {
                throw new ConfigException(question + ": " + wrong.get() + ", and the input ended");
            }
        }
    }

    /** y or n; anything else, an empty answer and the end of the input take {@code dflt}. */
    boolean yesNo(String question, boolean dflt) {
        out.print(question + (dflt ? " [Y/n]? " : " [y/N]? "));
        out.flush();
        String line = readLine();
        if (line == null) {
            out.println();
            return dflt;
        }
        String a = line.strip().toLowerCase(Locale.ROOT);
        return a.startsWith("y") || !a.startsWith("n") && dflt;
    }

    private String readLine() {
        if (endOfInput) {
            return null;
        }
        try {
            String line = in.readLine();
            endOfInput = line == null;
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer", e);
        }
    }
}

package org.jfenced.examples.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A configured command: words separated by blanks, the first an absolute path, {@code {vm}} standing
 * for the VM's name. It runs without a shell and the name becomes one word of its own, so a name from
 * the network can never add words, redirections or commands.
 */
final class CommandLine {

    static final String VM = "{vm}";

    /** What a VM name may look like here: no option-like leading dash, no blanks, no shell syntax. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.:][A-Za-z0-9_.:+@-]{0,63}");

    private final List<String> words;

    private CommandLine(List<String> words) {
        this.words = words;
    }

    static CommandLine parse(String text) {
        List<String> words = Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        if (!words.get(0).startsWith("/")) {
            throw new IllegalArgumentException("the program must be an absolute path, not \"" + words.get(0) + '"');
        }
        return new CommandLine(words);
    }

    /** Whether a client's VM name may be handed to a command. */
    static boolean isSafeName(String vm) {
        return SAFE_NAME.matcher(vm).matches();
    }

    /** The words to run for {@code vm}; {@code vm} must be {@linkplain #isSafeName safe}. */
    List<String> forVm(String vm) {
        return words.stream().map(w -> w.replace(VM, vm)).toList();
    }

    List<String> words() {
        return words;
    }

    Path program() {
        return Path.of(words.get(0));
    }

    boolean runnable() {
        return Files.isExecutable(program());
    }

    @Override
    public String toString() {
        return String.join(" ", words);
    }
}

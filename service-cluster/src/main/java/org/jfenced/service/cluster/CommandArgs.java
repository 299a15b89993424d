package org.jfenced.service.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The arguments of one {@code cluster} subcommand: words, {@code --name value} (or {@code --name=value}) and flags. */
final class CommandArgs {

    /** Wrong arguments; the message says which. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private final List<String> words = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private CommandArgs() {
    }

    static CommandArgs parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) throws UsageException {
        CommandArgs parsed = new CommandArgs();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                parsed.words.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (flagOptions.contains(name) && eq < 0) {
                parsed.flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
                if (parsed.values.put(name, value) != null) {
                    throw new UsageException("--" + name + " is given twice");
                }
            } else {
                throw new UsageException("unknown option " + arg);
            }
        }
        return parsed;
    }

    List<String> words() {
        return words;
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** {@code --name N} as a whole number, or empty when not given. */
    Optional<Long> number(String name) throws UsageException {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.get()));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, not \"" + v.get() + "\"");
        }
    }
}

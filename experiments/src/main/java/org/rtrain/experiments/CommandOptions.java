package org.rtrain.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one command-line command: {@code --name value}, repeatable ones collected in order,
 * flags without a value. Unknown options, missing values and repeated single options are errors that
 * list what the command accepts.
 */
public final class CommandOptions {

    private final String command;
    private final Map<String, List<String>> values;

    private CommandOptions(String command, Map<String, List<String>> values) {
        this.command = command;
        this.values = values;
    }

    /**
     * Parses {@code args[1..]} for command {@code args[0]}.
     *
     * @param allowed    the options the command accepts
     * @param flags      those of them that take no value
     * @param repeatable those of them that may be given several times
     */
    public static CommandOptions parse(String[] args, Set<String> allowed, Set<String> flags, Set<String> repeatable) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !allowed.contains(name)) {
                throw new IllegalArgumentException("Unknown option '" + args[i] + "' for " + args[0] + ". Options: --"
                        + String.join(", --", new TreeSet<>(allowed)));
            }
            if (values.containsKey(name) && !repeatable.contains(name)) {
                throw new IllegalArgumentException("Option --" + name + " is given twice");
            }
            if (flags.contains(name)) {
                values.put(name, List.of("true"));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option --" + name + " needs a value");
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
        }
        return new CommandOptions(args[0], values);
    }

    /** The command these options belong to. */
    public String command() {
        return command;
    }

    /** The value of a single-valued option. */
    public Optional<String> get(String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Every value of a repeatable option, in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Whether a flag or option is present. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A positive integer option, or {@code fallback}. */
    public int positive(String name, int fallback) {
        return get(name).map(text -> positive(text, "--" + name)).orElse(fallback);
    }

    /** {@code text} as a positive integer, or an error naming {@code option}. */
    public static int positive(String text, String option) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with what is allowed.
        }
        throw new IllegalArgumentException(option + " must be a positive integer, got '" + text + "'");
    }
}

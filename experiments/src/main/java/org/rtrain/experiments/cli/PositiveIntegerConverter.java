package org.rtrain.experiments.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a command-line value that must be a positive integer, such as {@code --seeds} or {@code --workers}. */
public final class PositiveIntegerConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with what is allowed.
        }
        throw new TypeConversionException("must be a positive integer, got '" + text + "'");
    }
}

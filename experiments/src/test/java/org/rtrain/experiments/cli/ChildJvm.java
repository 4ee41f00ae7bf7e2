package org.rtrain.experiments.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line in a child JVM, as a user starts it, with this test's class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code rtrain <args>} with {@code systemProperties} ({@code name=value}), its output
     * (stdout and stderr) going to {@code log}.
     */
    static Process start(List<String> systemProperties, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g"));
        systemProperties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return builder.start();
    }
}

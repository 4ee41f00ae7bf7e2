package org.rtrain.experiments.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.reports.results.RunProvenance;

/**
 * What a result needs beside it to be reproduced and trusted: source revision, library versions,
 * Java, operating system, CPU and ND4J backend. Spec, seed, dataset and whether the network ran
 * on the native kernels are added by the runner ({@link RunProvenance#forRun}).
 *
 * <p>The source revision (git commit, and whether tracked files differed from it) is the one the
 * running classes were built from: the build records it in {@code build.properties} (see the
 * experiments pom), so it does not depend on where the process was started; it reads "unknown" for
 * a build outside a git work tree.
 */
public final class Provenance {

    private Provenance() {
    }

    /** The environment part of the provenance, the same for every run of a process (the run's own fields null). */
    public static RunProvenance environment() {
        Properties build = buildProperties();
        Properties nd4j = Nd4j.getExecutioner().getEnvironmentInformation();
        // The native kernels' thread counts change the order of floating-point sums, so a run is reproduced bit for
        // bit only with the same ones.
        return new RunProvenance(Runtime.getRuntime().availableProcessors(), cpuModel(), null,
                built(build, "dl4j.version"), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"), built(build, "git.commit"),
                built(build, "git.dirty"), System.getProperty("java.vendor"), System.getProperty("java.version"), null,
                String.valueOf(nd4j.getProperty("backend")), String.valueOf(nd4j.get("blas.vendor")),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"), built(build, "rtrain.version"), null, null);
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Provenance is best effort: a missing build file shows as "unknown".
        }
        return properties;
    }

    /** A value the build filtered into build.properties; "unknown" where it has none (a build without Maven). */
    private static String built(Properties build, String key) {
        String value = build.getProperty(key, "");
        return value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux: fall through.
        }
        return System.getProperty("os.arch");
    }
}

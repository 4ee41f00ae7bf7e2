package org.rtrain.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Using the modules in your own DL4J code" compiles against the modules as they are: its first Java block
 * (the imports) and its second (the examples, as the body of a method given the variables they use) are compiled
 * together with the test class path.
 */
class ReadmeExamplesTest {

    private static final String SECTION = "## Using the modules in your own DL4J code";
    private static final String GIVEN = "MultiLayerConfiguration conf, INDArray features, INDArray labels, "
            + "DataSet batch, DataSetIterator testIterator";

    @Test
    void usingTheModulesCompiles(@TempDir Path classes) throws IOException {
        List<String> blocks = javaBlocks(section(Files.readString(repositoryRoot().resolve("README.md"))));
        assertTrue(blocks.size() == 2 && blocks.get(0).contains("import org.rtrain.")
                        && blocks.get(1).contains("new SignPerturbation("),
                "expected the imports and then the examples in two java blocks under '" + SECTION + "', got " + blocks);
        String source = blocks.get(0) + "\nclass UsingTheModules {\n    void examples(" + GIVEN + ") {\n"
                + blocks.get(1) + "\n    }\n}\n";

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        // Surefire runs the tests from a manifest-only jar and names the real class path in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        boolean compiled = compiler.getTask(null, null, diagnostics,
                List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none"), null,
                List.of(new Source(source))).call();
        assertTrue(compiled, () -> "README's examples do not compile:\n" + diagnostics.getDiagnostics().stream()
                .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null)).collect(Collectors.joining("\n"))
                + "\n--- as compiled ---\n" + source);
    }

    private static String section(String readme) {
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertTrue(start >= 0, "README.md has no section '" + SECTION + "'");
        int end = readme.indexOf("\n## ", start + SECTION.length() + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static List<String> javaBlocks(String text) {
        return List.of(text.split("\n```java\n", -1)).stream().skip(1)
                .map(block -> block.substring(0, Math.max(0, block.indexOf("\n```")))).toList();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no README.md at or above " + Path.of("").toAbsolutePath());
        return dir;
    }

    /** The generated class as a compilation unit held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String code) {
            super(URI.create("string:///UsingTheModules.java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}

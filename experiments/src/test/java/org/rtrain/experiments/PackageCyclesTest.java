package org.rtrain.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages of each module depend on one another one way: no two packages of a module reach each other through
 * the classes their main sources name in code (imports and fully qualified names; comments, Javadoc links
 * included, are not dependencies).
 */
class PackageCyclesTest {

    private static final List<String> MODULES = List.of("perturb-core", "datasets", "models", "attacks", "reports",
            "experiments");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern NAMED_CLASS = Pattern.compile("\\b(org\\.rtrain(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\n]*", Pattern.DOTALL);

    @Test
    void noModuleHasAPackageCycle() {
        Path root = Path.of("").toAbsolutePath().getParent();
        Map<String, List<List<String>>> cycles = new TreeMap<>();
        for (String module : MODULES) {
            Map<String, Set<String>> dependencies = dependencies(root.resolve(module).resolve("src/main/java"));
            assertTrue(dependencies.size() > 1, module + ": fewer than two packages found under " + module);
            List<List<String>> found = stronglyConnected(dependencies).stream().filter(c -> c.size() > 1).toList();
            if (!found.isEmpty()) {
                cycles.put(module, found);
            }
        }
        assertEquals(Map.of(), cycles, "packages that depend on each other, by module");
    }

    @Test
    void findsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of(List.of("a", "b", "c")),
                stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList());
    }

    /** Each package of the sources under {@code sources} with the packages of the same sources it names. */
    private static Map<String, Set<String>> dependencies(Path sources) {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = COMMENT.matcher(Files.readString(file)).replaceAll(" ");
                Matcher declared = PACKAGE.matcher(text);
                if (declared.find()) {
                    Set<String> named = dependencies.computeIfAbsent(declared.group(1), p -> new TreeSet<>());
                    NAMED_CLASS.matcher(text).results().map(m -> m.group(1))
                            .filter(p -> !p.equals(declared.group(1))).forEach(named::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dependencies.values().forEach(named -> named.retainAll(dependencies.keySet()));
        return dependencies;
    }

    /** The strongly connected components of {@code graph} (Tarjan), each sorted. */
    private static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        return new Tarjan(graph).components;
    }

    /** Tarjan's algorithm over a small graph, recursively. */
    private static final class Tarjan {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> lowLink = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<List<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
            new TreeSet<>(graph.keySet()).forEach(node -> {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            });
        }

        private void visit(String node) {
            index.put(node, index.size());
            lowLink.put(node, index.get(node));
            stack.add(node);
            for (String next : graph.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
                } else if (stack.contains(next)) {
                    lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
                }
            }
            if (lowLink.get(node).equals(index.get(node))) {
                List<String> component = new ArrayList<>();
                String member;
                do {
                    member = stack.remove(stack.size() - 1);
                    component.add(member);
                } while (!member.equals(node));
                components.add(component.stream().sorted().toList());
            }
        }
    }
}

package com.compromisedcredentials;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Dependencies between our packages point one way (edge → capabilities → kernel → support): this test
 * reads the imports (and fully qualified references) of every main source file, builds the package graph
 * (a package is a directory, so {@code flag} and {@code flag/jpa} are different packages) and fails on any
 * cycle, naming its members. The graph is printed so that a reader sees the architecture as it is.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Paths.get("src/main/java");
    private static final String ROOT = "com.compromisedcredentials";
    /** A reference to one of our classes: the package part ends before the first capitalised segment. */
    private static final Pattern REFERENCE =
            Pattern.compile("\\b" + Pattern.quote(ROOT) + "((?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");

    @Test
    void packagesFormNoCycle() {
        SortedMap<String, SortedSet<String>> graph = packageGraph();
        assertTrue(graph.size() > 5, "the sources were not found under " + SOURCES.toAbsolutePath());
        StringBuilder printed = new StringBuilder("package dependencies:\n");
        graph.forEach((from, to) -> printed.append("  ").append(from).append(" -> ").append(to).append('\n'));
        System.out.print(printed);

        List<SortedSet<String>> cycles = new Tarjan(graph).cycles();
        if (!cycles.isEmpty()) {
            StringBuilder message = new StringBuilder(cycles.size() + " package cycle(s):\n");
            for (SortedSet<String> cycle : cycles) {
                message.append("  ").append(cycle).append('\n');
                for (String from : cycle) {
                    for (String to : graph.get(from)) {
                        if (cycle.contains(to)) {
                            message.append("      ").append(from).append(" -> ").append(to).append('\n');
                        }
                    }
                }
            }
            fail(message.toString());
        }
    }

    private static SortedMap<String, SortedSet<String>> packageGraph() {
        SortedMap<String, SortedSet<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String from = packageOf(file);
                SortedSet<String> edges = graph.computeIfAbsent(from, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(withoutComments(read(file)));
                while (m.find()) {
                    String to = name(m.group(1));
                    if (!to.equals(from)) {
                        edges.add(to);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        graph.values().forEach(edges -> edges.forEach(to -> graph.computeIfAbsent(to, p -> new TreeSet<>())));
        return graph;
    }

    private static String packageOf(Path file) {
        Path dir = SOURCES.relativize(file.getParent());
        String dotted = dir.toString().replace(java.io.File.separatorChar, '.');
        return name(dotted.equals(ROOT) ? "" : dotted.substring(ROOT.length()));
    }

    /** ".flag.jpa" → "flag/jpa"; the root package is "(root)". */
    private static String name(String suffix) {
        return suffix.isEmpty() ? "(root)" : suffix.substring(1).replace('.', '/');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Javadoc may mention a class ({@code @link}) without depending on it: lines that start a comment or
     * continue one are left out (a simple rule that string literals such as {@code "*&#47;*"} cannot fool).
     */
    private static String withoutComments(String source) {
        return source.replaceAll("(?m)^\\s*(//|/\\*|\\*).*$", "");
    }

    /** Tarjan's strongly connected components; a component of two or more packages is a cycle. */
    private static final class Tarjan {
        private final Map<String, SortedSet<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<SortedSet<String>> cycles = new ArrayList<>();
        private int next;

        Tarjan(Map<String, SortedSet<String>> graph) {
            this.graph = graph;
        }

        List<SortedSet<String>> cycles() {
            for (String node : graph.keySet()) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            return cycles;
        }

        private void visit(String node) {
            index.put(node, next);
            low.put(node, next);
            next++;
            stack.push(node);
            onStack.add(node);
            for (String to : graph.get(node)) {
                if (!index.containsKey(to)) {
                    visit(to);
                    low.put(node, Math.min(low.get(node), low.get(to)));
                } else if (onStack.contains(to)) {
                    low.put(node, Math.min(low.get(node), index.get(to)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                SortedSet<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1) {
                    cycles.add(component);
                }
            }
        }
    }
}

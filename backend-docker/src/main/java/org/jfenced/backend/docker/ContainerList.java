package org.jfenced.backend.docker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the lines {@code docker ps --format FORMAT} prints. */
final class ContainerList {

    /** Name, full id, state, tab-separated: none of them can hold a tab. */
    static final String FORMAT = "{{.Names}}\t{{.ID}}\t{{.State}}";

    private ContainerList() {
    }

    /** The containers, sorted by name case-insensitively; a line of another shape is an error. */
    static List<Container> parse(String output) {
        List<Container> containers = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 3) {
                throw new DockerException("unexpected line from docker ps: \"" + line + '"');
            }
            try {
                containers.add(new Container(fields[0], fields[1], fields[2]));
            } catch (IllegalArgumentException e) {
                throw new DockerException("unexpected line from docker ps: \"" + line + "\": " + e.getMessage());
            }
        }
        containers.sort(Comparator.comparing(Container::name, String.CASE_INSENSITIVE_ORDER));
        return containers;
    }
}

package org.jfenced.service.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One block of corosync.conf ({@code totem}, {@code nodelist}, {@code node}, …): its {@code key: value}
 * lines and its child blocks, in file order. The root is a block without a name. Keys this service does not
 * know are kept as they are, so editing a hand-written file loses only its comments.
 */
final class ConfSection {

    private final String name;
    private final List<ConfEntry> values = new ArrayList<>();
    private final List<ConfSection> children = new ArrayList<>();

    /** {@code key: value} inside a block. */
    record ConfEntry(String key, String value) {
    }

    ConfSection(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    List<ConfEntry> values() {
        return values;
    }

    List<ConfSection> children() {
        return children;
    }

    /** The last value of {@code key}, as corosync takes it. */
    Optional<String> get(String key) {
        for (int i = values.size() - 1; i >= 0; i--) {
            if (values.get(i).key().equals(key)) {
                return Optional.of(values.get(i).value());
            }
        }
        return Optional.empty();
    }

    /** Replaces every value of {@code key} by one. */
    ConfSection set(String key, String value) {
        remove(key);
        values.add(new ConfEntry(key, value));
        return this;
    }

    void remove(String key) {
        values.removeIf(e -> e.key().equals(key));
    }

    List<ConfSection> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The first child block called {@code childName}. */
    Optional<ConfSection> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    /** The first child block called {@code childName}, added when missing. */
    ConfSection childOrAdd(String childName) {
        return child(childName).orElseGet(() -> add(new ConfSection(childName)));
    }

    ConfSection add(ConfSection child) {
        children.add(child);
        return child;
    }
}

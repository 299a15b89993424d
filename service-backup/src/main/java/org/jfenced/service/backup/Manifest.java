package org.jfenced.service.backup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.txt}, the last entry of an archive: what the backup holds, with sizes and SHA-256
 * checksums, so that verify and restore can tell a sound archive from a damaged one. Line-based, one
 * fact per line, free text (a name, a path) always last on its line:
 *
 * <pre>
 * jfenced-backup 1
 * vm web server
 * uuid 1f2e…
 * time 2026-11-21T15:00:00Z
 * mode stop
 * file domain.xml 2231 9f86d0…
 * disk vda raw disks/vda.img 1073741824 e3b0c4… /var/lib/libvirt/images/web.img
 * </pre>
 */
record Manifest(String vm, String uuid, Instant time, String mode, List<Item> items) {

    static final String ENTRY = "manifest.txt";
    static final String DOMAIN_XML = "domain.xml";
    private static final String MAGIC = "jfenced-backup 1";

    Manifest {
        items = List.copyOf(items);
    }

    /**
     * One entry of the archive.
     *
     * @param target the disk's device name ({@code vda}); empty for the domain XML
     * @param format the disk's image format ({@code raw}, {@code qcow2}); empty for the domain XML
     * @param source where the disk was; empty for the domain XML
     */
    record Item(String entry, long size, String sha256, String target, String format, String source) {
        boolean isDisk() {
            return !target.isEmpty();
        }
    }

    List<Item> disks() {
        return items.stream().filter(Item::isDisk).toList();
    }

    byte[] bytes() {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        sb.append("vm ").append(vm).append('\n');
        sb.append("uuid ").append(uuid).append('\n');
        sb.append("time ").append(time).append('\n');
        sb.append("mode ").append(mode).append('\n');
        for (Item i : items) {
            if (i.isDisk()) {
                sb.append("disk ").append(i.target()).append(' ').append(i.format()).append(' ').append(i.entry())
                        .append(' ').append(i.size()).append(' ').append(i.sha256()).append(' ').append(i.source())
                        .append('\n');
            } else {
                sb.append("file ").append(i.entry()).append(' ').append(i.size()).append(' ').append(i.sha256())
                        .append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Manifest parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new IllegalStateException("manifest.txt does not start with \"" + MAGIC + "\"");
        }
        String vm = "";
        String uuid = "";
        Instant time = Instant.EPOCH;
        String mode = "";
        List<Item> items = new ArrayList<>();
        for (int n = 1; n < lines.length; n++) {
            String line = lines[n];
            String[] w = line.split(" ", 2);
            String rest = w.length > 1 ? w[1] : "";
            switch (w[0]) {
                case "vm" -> vm = rest;
                case "uuid" -> uuid = rest;
                case "time" -> time = Instant.parse(rest);
                case "mode" -> mode = rest;
                case "file" -> {
                    String[] f = fields(rest, 3, line);
                    items.add(new Item(f[0], Long.parseLong(f[1]), f[2], "", "", ""));
                }
                case "disk" -> {
                    String[] f = fields(rest, 6, line);
                    items.add(new Item(f[2], Long.parseLong(f[3]), f[4], f[0], f[1], f[5]));
                }
                default -> throw new IllegalStateException("manifest.txt line " + (n + 1) + " unknown: " + line);
            }
        }
        return new Manifest(vm, uuid, time, mode, items);
    }

    private static String[] fields(String rest, int count, String line) {
        String[] f = rest.split(" ", count);
        if (f.length != count) {
            throw new IllegalStateException("manifest.txt line malformed: " + line);
        }
        return f;
    }
}

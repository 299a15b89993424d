package org.jfenced.service.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jfenced.spi.VmState;

/**
 * Restores an archive: checks every checksum first (a damaged archive changes nothing), then writes the
 * disks under temporary names, renames them into place and defines the VM. Under its own name it
 * refuses to replace a defined VM unless forced (and never a running one); under a new name the VM
 * gets new disk files, no UUID and no MAC addresses, so it can run beside the original.
 */
final class RestoreJob {

    /** What a restore produced. */
    record Result(String vm, List<Path> disks) {
    }

    private final Hypervisor hypervisor;
    private final Consumer<String> log;

    RestoreJob(Hypervisor hypervisor, Consumer<String> log) {
        this.hypervisor = hypervisor;
        this.log = log;
    }

    /**
     * @param newName the VM's new name, or null to restore it as it was
     * @param diskDir where the disks go, or null: their old places under the old name, beside the old
     *     ones under a new name
     * @param force replace a defined (shut off) VM of the same name and its disk files
     */
    Result run(Path archive, String newName, Path diskDir, boolean force, AbortCheck abort)
            throws BackupFailed, BackupAborted, InterruptedException {
        if (!Files.isRegularFile(archive)) {
            throw new BackupFailed("no archive " + archive);
        }
        log.accept("verifying " + archive.getFileName());
        ArchiveReader.Contents contents = ArchiveReader.verify(archive, abort);
        Manifest manifest = contents.manifest();
        log.accept("checksums match: " + manifest.items().size() + " entries of VM " + manifest.vm() + " from "
                + manifest.time());
        String name = newName == null ? manifest.vm() : newName;
        boolean replacing = hypervisor.exists(name);
        if (replacing && !force) {
            throw new BackupFailed("VM " + name + " is defined: restore under another name (--name NEW), or"
                    + " replace it with --force");
        }
        if (replacing && hypervisor.state(name) != VmState.SHUTOFF) {
            throw new BackupFailed("VM " + name + " is running: shut it off before replacing it");
        }
        Map<String, Path> byTarget = new LinkedHashMap<>();
        Map<String, Path> temps = new LinkedHashMap<>();
        for (Manifest.Item disk : manifest.disks()) {
            Path dest = destination(disk, newName, diskDir, name);
            if (Files.exists(dest) && !force) {
                throw new BackupFailed("disk " + disk.target() + ": " + dest + " exists; restore with --storage DIR"
                        + " elsewhere, or replace it with --force");
            }
            byTarget.put(disk.target(), dest);
            temps.put(disk.entry(), dest.resolveSibling(dest.getFileName() + ".restore" + ArchiveName.TEMP_SUFFIX));
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path t : temps.values()) {
                Files.createDirectories(t.getParent());
                Files.deleteIfExists(t);
            }
            log.accept("writing " + temps.size() + " disk(s)");
            ArchiveReader.extract(archive, temps, abort);
            for (Manifest.Item disk : manifest.disks()) {
                Path dest = byTarget.get(disk.target());
                Files.move(temps.get(disk.entry()), dest, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                created.add(dest);
                log.accept("disk " + disk.target() + " restored to " + dest);
            }
        } catch (IOException e) {
            throw new BackupFailed("cannot write the restored disks: " + BackupJob.describe(e), e);
        } finally {
            for (Path t : temps.values()) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException e) {
                    log.accept("WARN: could not remove " + t + ": " + BackupJob.describe(e));
                }
            }
        }
        DomainXml xml = DomainXml.parse(new String(contents.domainXml(), StandardCharsets.UTF_8));
        if (newName == null) {
            xml.moveDisks(byTarget);
        } else {
            xml.renameTo(newName, byTarget);
        }
        String defined = hypervisor.define(xml.text());
        log.accept("VM " + defined + " defined");
        return new Result(defined, created);
    }

    private static Path destination(Manifest.Item disk, String newName, Path diskDir, String name) {
        if (diskDir == null && newName == null) {
            return Path.of(disk.source());
        }
        Path dir = diskDir != null ? diskDir : Path.of(disk.source()).toAbsolutePath().getParent();
        return dir.resolve(name + "-" + disk.target() + "." + disk.format());
    }
}

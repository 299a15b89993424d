package org.jfenced.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads an instance's journal, rotated files and current one, across restarts. A line that is not a whole
 * entry — the torn last line of a crash, or damage — is skipped and counted, never fatal.
 */
public final class JournalReader {

    private final JournalFiles files;

    public JournalReader(JournalSettings settings) {
        this.files = new JournalFiles(settings.dir(), settings.name());
    }

    /**
     * What a read found.
     *
     * @param entries oldest first
     * @param unreadable lines skipped because they are not whole entries, in the files read
     */
    public record Page(List<JournalEntry> entries, int unreadable) {
    }

    /** The newest {@code limit} entries that {@code filter} accepts, oldest first; reads newer files first and stops early. */
    public Page newest(Predicate<JournalEntry> filter, int limit) throws IOException {
        List<Path> all = files.all();
        List<List<JournalEntry>> perFile = new ArrayList<>();
        int found = 0;
        int unreadable = 0;
        for (int i = all.size() - 1; i >= 0 && found < limit; i--) {
            List<JournalEntry> matching = new ArrayList<>();
            unreadable += read(all.get(i), filter, matching);
            perFile.add(matching);
            found += matching.size();
        }
        Collections.reverse(perFile);
        List<JournalEntry> entries = new ArrayList<>();
        perFile.forEach(entries::addAll);
        return new Page(List.copyOf(entries.subList(Math.max(0, entries.size() - limit), entries.size())), unreadable);
    }

    /** Adds the entries of {@code file} that {@code filter} accepts to {@code into}; returns the lines skipped. */
    private static int read(Path file, Predicate<JournalEntry> filter, List<JournalEntry> into) throws IOException {
        int unreadable = 0;
        // a torn line may end inside a character: decoding replaces it rather than failing the file
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JournalEntry e = JournalLine.read(line);
                    if (filter.test(e)) {
                        into.add(e);
                    }
                } catch (IllegalArgumentException e) {
                    unreadable++;
                }
            }
        } catch (NoSuchFileException e) {
            // the writer rotated it since the listing: a later read finds it under its new name
            return unreadable;
        }
        return unreadable;
    }

    /** The time of the first whole entry of {@code file}, for rotation by age. */
    static Optional<Instant> firstEntryTime(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                try {
                    return Optional.of(JournalLine.read(line).time());
                } catch (IllegalArgumentException e) {
                    // a torn or damaged line: the next one tells
                }
            }
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}

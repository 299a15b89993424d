package org.jfenced.examples.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;

/** Reads the list command's output: one VM a line, {@code name uuid on|off}; blank lines are skipped. */
final class VmListParser {

    private VmListParser() {
    }

    static List<VmInfo> parse(String output) {
        List<VmInfo> vms = new ArrayList<>();
        int number = 0;
        for (String line : output.split("\n")) {
            number++;
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 1 && fields[0].isEmpty()) {
                continue;
            }
            if (fields.length != 3) {
                throw new IllegalArgumentException("list line " + number + ": expected name, UUID and on or off, got \""
                        + line.trim() + '"');
            }
            vms.add(new VmInfo(fields[0], fields[1], state(fields[2], number)));
        }
        return vms;
    }

    private static VmState state(String word, int number) {
        switch (word.toLowerCase(Locale.ROOT)) {
            case "on":
                return VmState.RUNNING;
            case "off":
                return VmState.SHUTOFF;
            default:
                throw new IllegalArgumentException("list line " + number + ": state must be on or off, got \"" + word + '"');
        }
    }
}

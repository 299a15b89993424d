package org.jfenced.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and memory as Linux reports them in /proc, for the daemon under test. */
final class ProcFs {

    /** /proc counts CPU time in USER_HZ ticks, which is 100 per second on every Linux ABI. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcFs() {
    }

    /** User plus system CPU time of all threads of {@code pid}. */
    static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name in parentheses may contain spaces; the fields after it are fixed
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return (utime + stime) * NANOS_PER_TICK;
    }

    /**
     * CPU time all processes on this machine spent in user and system mode (not interrupts, where
     * the kernel also handles loopback packets): with the generator's and the daemon's own share
     * subtracted, what remains is other work that competed with the benchmark.
     */
    static long machineBusyNanos() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
        String[] f = cpu.trim().split("\\s+");
        long user = Long.parseLong(f[1]);
        long nice = Long.parseLong(f[2]);
        long system = Long.parseLong(f[3]);
        return (user + nice + system) * NANOS_PER_TICK;
    }

    /** How many threads {@code pid} has now. */
    static int threads(long pid) throws IOException {
        return (int) statusKb(pid, "Threads");
    }

    /** A number line of /proc/PID/status, such as {@code VmRSS} or {@code VmHWM} (in kB) or {@code Threads}. */
    static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }
}

package org.jfenced.systest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fencing from inside a real guest, timed: guest 1 runs the real client ({@code off} of guest 2), and
 * the host notes when the client started and ended in the guest, and when guest 2's qemu process
 * exited, for bin/jfenced and the C fence_virtd on the same rig ({@link GuestWorld}). Each daemon and
 * transport gets {@code rounds} fences in a block of its own (two daemons on one multicast group would
 * both answer); each fence starts from the saved guests. Run by {@code bench/guest-bench.sh}; prints
 * Markdown.
 */
public final class GuestFenceBenchmark {

    private GuestFenceBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        GuestWorld world = GuestWorld.get();
        System.out.println("| daemon | transport | off → success in the guest, median (min–max) | off → qemu exit, median (min–max) |");
        System.out.println("|---|---|---|---|");
        for (GuestDaemon.Transport transport : List.of(GuestDaemon.Transport.MULTICAST, GuestDaemon.Transport.TCP,
                GuestDaemon.Transport.SERIAL)) {
            for (GuestDaemon.Kind kind : GuestDaemon.Kind.values()) {
                measure(world, kind, transport, rounds);
            }
        }
        System.exit(0);
    }

    private static void measure(GuestWorld world, GuestDaemon.Kind kind, GuestDaemon.Transport transport, int rounds) {
        List<Long> success = new ArrayList<>();
        List<Long> exit = new ArrayList<>();
        try (GuestDaemon daemon = GuestDaemon.start(world, kind, transport)) {
            for (int i = 0; i < rounds; i++) {
                world.resetGuests();
                daemon.awaitPortsConnected(world);
                FenceWatch watch = FenceWatch.start(world.g1, world.g2);
                Guest.GuestRun run = world.g1.startMarked(transport.client("off", world.g2.name))
                        .await(RealGuestFencing.CLIENT_LIMIT);
                FenceWatch.Moments m = watch.await();
                if (run.exit() != 0 || m.qemuExit() == 0 || m.qemuExit() > m.clientDone()) {
                    throw new AssertionError(daemon + ": off failed or came before the VM was gone: " + run + ", " + m
                            + "\n" + daemon.log());
                }
                success.add(m.successMillis());
                exit.add(m.qemuExitMillis());
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", kind == GuestDaemon.Kind.JFENCED ? "jfenced" : "fence_virtd",
                transport.name().toLowerCase(Locale.ROOT), summary(success), summary(exit));
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)", sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get(0) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }
}

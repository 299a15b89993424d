package org.jfenced.bench;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How often a client runs an OFF/ON cycle instead of a STATUS request, as relative weights: {@code
 * status:80,offon:20} makes one choice in five a cycle (two requests).
 */
public record Mix(int statusWeight, int cycleWeight) {

    public static final Mix DEFAULT = new Mix(80, 20);

    public Mix {
        if (statusWeight < 0 || cycleWeight < 0 || statusWeight + cycleWeight == 0) {
            throw new IllegalArgumentException("mix weights must be >= 0 and not both 0");
        }
    }

    /** Parses {@code status:N,offon:M}; a missing part weighs 0. */
    public static Mix parse(String text) {
        int status = 0;
        int cycle = 0;
        for (String part : text.split(",")) {
            String[] kv = part.trim().split(":", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("mix part \"" + part + "\" is not NAME:WEIGHT");
            }
            int weight;
            try {
                weight = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mix weight \"" + kv[1] + "\" is not a number");
            }
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "status" -> status = weight;
                case "offon" -> cycle = weight;
                default -> throw new IllegalArgumentException("mix knows status and offon, not \"" + kv[0] + '"');
            }
        }
        return new Mix(status, cycle);
    }

    public boolean hasCycles() {
        return cycleWeight > 0;
    }

    /** Whether the mix sends status requests at all. */
    public boolean hasStatus() {
        return statusWeight > 0;
    }

    public boolean nextIsCycle(RandomGenerator random) {
        return random.nextInt(statusWeight + cycleWeight) < cycleWeight;
    }

    @Override
    public String toString() {
        return "status:" + statusWeight + ",offon:" + cycleWeight;
    }
}

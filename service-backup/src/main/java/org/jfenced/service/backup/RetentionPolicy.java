package org.jfenced.service.backup;

/**
 * How many backups of one VM to keep, as Proxmox's prune-backups: the newest {@code last}, then the
 * newest of each of the last {@code hourly} hours, {@code daily} days, {@code weekly} ISO weeks,
 * {@code monthly} months and {@code yearly} years that hold a backup not kept already. All zero keeps
 * everything.
 */
record RetentionPolicy(int last, int hourly, int daily, int weekly, int monthly, int yearly) {

    static final RetentionPolicy KEEP_ALL = new RetentionPolicy(0, 0, 0, 0, 0, 0);

    RetentionPolicy {
        if (last < 0 || hourly < 0 || daily < 0 || weekly < 0 || monthly < 0 || yearly < 0) {
            throw new IllegalArgumentException("keep counts must not be negative");
        }
    }

    boolean keepsAll() {
        return last + hourly + daily + weekly + monthly + yearly == 0;
    }

    @Override
    public String toString() {
        if (keepsAll()) {
            return "keep-all";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, "keep-last", last);
        append(sb, "keep-hourly", hourly);
        append(sb, "keep-daily", daily);
        append(sb, "keep-weekly", weekly);
        append(sb, "keep-monthly", monthly);
        append(sb, "keep-yearly", yearly);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, int n) {
        if (n > 0) {
            sb.append(sb.length() == 0 ? "" : ", ").append(name).append('=').append(n);
        }
    }
}

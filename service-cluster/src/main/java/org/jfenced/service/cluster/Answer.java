package org.jfenced.service.cluster;

/**
 * A member's answer to an {@link Offer}.
 *
 * @param configVersion {@link Outcome#WRITTEN}: the version now on disk; {@link Outcome#KEPT}: the member's
 *                      own, not older one; 0 otherwise
 * @param reason        why it was refused or failed; empty otherwise
 * @param backup        {@link Outcome#WRITTEN}: where the member keeps its previous file; empty when it had none
 * @param identical     {@link Outcome#KEPT}: the member's file is byte for byte the offered one
 */
record Answer(OfferId id, Outcome outcome, long configVersion, String reason, String backup, boolean identical)
        implements ConfigMessage {

    enum Outcome {
        /** The member wrote the offered file. */
        WRITTEN,
        /** The member's own file has the same or a newer config_version, and stays as it is. */
        KEPT,
        /** The offered file is not one this member may run with. */
        REFUSED,
        /** Writing failed; the member's file is as it was. */
        FAILED
    }

    static Answer written(OfferId id, long version, String backup) {
        return new Answer(id, Outcome.WRITTEN, version, "", backup, false);
    }

    static Answer kept(OfferId id, long ownVersion, boolean identical) {
        return new Answer(id, Outcome.KEPT, ownVersion, "", "", identical);
    }

    static Answer refused(OfferId id, String reason) {
        return new Answer(id, Outcome.REFUSED, 0, reason, "", false);
    }

    static Answer failed(OfferId id, String reason) {
        return new Answer(id, Outcome.FAILED, 0, reason, "", false);
    }
}

package org.jfenced.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;

/**
 * One served request, or one act the daemon counts as a request (an administrator's fence, a
 * confirm-down, a self-fence), as the history shows it and the journal keeps it.
 *
 * @param time when it arrived
 * @param acl what the groups said of it
 * @param result the reply
 * @param detail more about it, such as {@code 7 VMs} for a host list; empty when there is nothing more
 * @param actingNode the node that carried it out, as the backend names it; empty when no backend acted
 *     (denied, NULL, the backend failed)
 * @param rule the backend's rule that chose the acting node or the answer; empty when none decided
 * @param reason the rule's reason in words; may be empty
 * @param duration from arrival to the answer, before the journal wrote it
 * @param stateBefore libvirt's word for the VM's state when the acting host found it ({@code running}, {@code
 *     shut off}); empty when unknown, as for a request another node carried out or a status
 * @param stateAfter the VM's state once the action was done ({@code gone} for a transient VM its destroy
 *     undefined); empty when unknown
 */
public record JournalEntry(Instant time, FenceRequest request, Acl acl, FenceResult result, String detail,
        String actingNode, String rule, String reason, Duration duration, String stateBefore, String stateAfter) {

    public JournalEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(acl, "acl");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(actingNode, "actingNode");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(stateBefore, "stateBefore");
        Objects.requireNonNull(stateAfter, "stateAfter");
    }

    /** An entry whose VM states are unknown. */
    public JournalEntry(Instant time, FenceRequest request, Acl acl, FenceResult result, String detail,
            String actingNode, String rule, String reason, Duration duration) {
        this(time, request, acl, result, detail, actingNode, rule, reason, duration, "", "");
    }

    /**
     * An act outside the request path that the history counts as a request: an administrator's
     * confirm-down, a self-fence. The groups do not apply; no backend rule decided it.
     */
    public static JournalEntry audit(FenceRequest request, FenceResult result, String detail) {
        return new JournalEntry(Instant.now(), request, Acl.NOT_APPLIED, result, detail, "", "", "", Duration.ZERO);
    }

    /** An off, on or reboot: the journal has it on disk before the answer leaves. */
    public boolean mustBeDurable() {
        return request.action().changesPower();
    }

    /** What the groups said of a request. */
    public enum Acl {
        ALLOWED,
        DENIED,
        /** A host list: it shows only the VMs the groups let the requester act on. */
        FILTERED,
        /** The groups do not apply: an administrator's request, a null or devstatus, the daemon's own act. */
        NOT_APPLIED
    }
}

package org.jfenced.libvirt;

import org.jfenced.spi.FenceResult;

/**
 * What this host's libvirt made of a request ({@link LibvirtHost#attempt}): a caller that may find the VM
 * elsewhere (backend cpg) tells "not here" from a failure without looking the domain up a second time.
 */
public sealed interface LocalAttempt {

    /**
     * A URI knows the VM, and this is the request's answer.
     *
     * @param stateBefore the VM's state when found, as {@link org.jfenced.spi.VmState#word()} names it; empty when
     *     unknown or not read (a status reads none)
     * @param stateAfter its state once the action was done, or {@link org.jfenced.spi.FenceOutcome#GONE}; empty when
     *     unknown or not read
     */
    record Answered(FenceResult result, String stateBefore, String stateAfter) implements LocalAttempt {

        /** An answer without the VM's states: it was not found, or not looked at. */
        public Answered(FenceResult result) {
            this(result, "", "");
        }
    }

    /** Every URI answered and none knows the VM. */
    record NotHere() implements LocalAttempt {
    }

    /** No URI that answered knows the VM, but at least one is down or failed the lookup: the VM may be here. */
    record Unreachable(String problem) implements LocalAttempt {
    }
}

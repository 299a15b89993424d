package org.jfenced.backend.cpg;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jfenced.backend.cpg.state.GroupEvent;
import org.jfenced.backend.cpg.state.MemberId;
import org.jfenced.backend.cpg.state.OpenRequest;
import org.jfenced.spi.VmInfo;

/**
 * The group as one member sees it, for the admin socket ({@code jfencectl members}, {@code vms},
 * {@code status}).
 *
 * @param self this member; null before it first joined
 * @param inGroup whether it is in the group now
 * @param quorate whether its partition is quorate (votequorum)
 * @param members every member, ascending
 * @param vms every VM with the node that has it, by name; a VM defined on several hosts appears once per host
 * @param absent nodes without a member whose VMs may run, ascending
 * @param withoutDaemon nodes in the corosync ring with no jfenced in the group (orphans aside), ascending:
 *     while there are any, a VM no member runs is refused
 * @param openRequests requests the group has not answered yet, with who answers them
 * @param selfFence this host's own self-fencing
 */
public record ClusterSnapshot(String group, MemberId self, boolean inGroup, boolean quorate, List<Member> members,
                              List<PlacedVm> vms, List<Absent> absent, List<Integer> withoutDaemon,
                              List<OpenRequest> openRequests,
                              SelfFenceStatus selfFence) {

    public ClusterSnapshot {
        members = List.copyOf(members);
        vms = List.copyOf(vms);
        absent = List.copyOf(absent);
        withoutDaemon = List.copyOf(withoutDaemon);
        openRequests = List.copyOf(openRequests);
    }

    /**
     * A node without a member whose VMs may run.
     *
     * @param deadlineIn while the group waits for its self-fence: the time left until this member's measure
     *     of its deadline (negative once passed, until the group has been told)
     */
    public record Absent(GroupEvent.AbsentNode node, Optional<Duration> deadlineIn) {

        /** For people: why its VMs are not called off, and until when. */
        public String describe() {
            String id = "node " + Integer.toUnsignedString(node.nodeId());
            if (node.fate() == GroupEvent.Fate.ORPHANED) {
                return id + ": its jfenced left while the node stayed in the cluster; its " + node.vms().size()
                        + " VMs are FAIL until it is back or confirmed down";
            }
            if (node.awaitsSelfFence()) {
                return id + ": left the cluster; awaiting its self-fence (" + node.promise() + ")"
                        + deadlineIn.map(d -> d.isNegative() ? ", deadline passed" : ", deadline in " + d.toMillis() + " ms").orElse("");
            }
            return id + ": left the cluster; " + node.vms().size() + " VMs not self-fenced ("
                    + (node.deadlinePassed() ? "outside " + node.promise() : node.promise().whyNot("its VMs"))
                    + "): FAIL until it is back or confirmed down";
        }
    }

    /**
     * @param published whether it has published its VMs since the last join
     * @param complete whether every libvirt URI of it has been listed
     * @param reachable whether every libvirt connection of it is up
     */
    public record Member(MemberId id, boolean published, boolean complete, boolean reachable, int vmCount) {
    }

    /** @param absent the node has no member: nobody can act on the VM */
    public record PlacedVm(VmInfo vm, int nodeId, boolean absent) {
    }
}

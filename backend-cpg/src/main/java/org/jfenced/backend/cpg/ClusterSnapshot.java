package org.jfenced.backend.cpg;

import java.util.List;
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
 * @param orphanNodes nodes whose daemon left while the node stayed in the cluster, ascending
 * @param openRequests requests the group has not answered yet, with who answers them
 */
public record ClusterSnapshot(String group, MemberId self, boolean inGroup, boolean quorate, List<Member> members,
                              List<PlacedVm> vms, List<Integer> orphanNodes, List<OpenRequest> openRequests) {

    public ClusterSnapshot {
        members = List.copyOf(members);
        vms = List.copyOf(vms);
        orphanNodes = List.copyOf(orphanNodes);
        openRequests = List.copyOf(openRequests);
    }

    /**
     * @param published whether it has published its VMs since the last join
     * @param complete whether every libvirt URI of it has been listed
     * @param reachable whether every libvirt connection of it is up
     */
    public record Member(MemberId id, boolean published, boolean complete, boolean reachable, int vmCount) {
    }

    /** @param orphaned the node's daemon left: nobody can act on the VM */
    public record PlacedVm(VmInfo vm, int nodeId, boolean orphaned) {
    }
}

package org.jfenced.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

class ContainerListTest {

    private static final String ID1 = "42f85ba249be" + "0".repeat(52);
    private static final String ID2 = "17b292facd83" + "1".repeat(52);

    @Test
    void linesOfDockerPsBecomeContainersSortedByName() {
        List<Container> cs = ContainerList.parse("vm-guest2\t" + ID2 + "\texited\nVM-guest1\t" + ID1 + "\trunning\n\n");
        assertEquals(List.of("VM-guest1", "vm-guest2"), cs.stream().map(Container::name).toList());
        assertEquals("42f85ba2-49be-0000-0000-000000000000", cs.get(0).uuid());
    }

    @Test
    void onlyCreatedExitedAndDeadContainersAreOff() {
        for (String off : List.of("created", "exited", "dead")) {
            assertEquals(VmState.SHUTOFF, new Container("c", ID1, off).vmState(), off);
        }
        for (String on : List.of("running", "restarting", "removing", "some-future-state")) {
            assertEquals(VmState.RUNNING, new Container("c", ID1, on).vmState(), on);
        }
        assertEquals(VmState.PAUSED, new Container("c", ID1, "paused").vmState());
    }

    @Test
    void aLineOfAnotherShapeIsAnErrorThatQuotesIt() {
        DockerException e = assertThrows(DockerException.class, () -> ContainerList.parse("vm-guest1 running\n"));
        assertTrue(e.getMessage().contains("\"vm-guest1 running\""), e.getMessage());
        assertThrows(DockerException.class, () -> ContainerList.parse("vm\tabc\trunning\n"));
    }
}

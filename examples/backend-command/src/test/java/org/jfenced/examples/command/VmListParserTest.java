package org.jfenced.examples.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

class VmListParserTest {

    @Test
    void readsNameUuidAndStateSkippingBlankLines() {
        assertEquals(List.of(new VmInfo("web", "u-1", VmState.RUNNING), new VmInfo("db", "u-2", VmState.SHUTOFF)),
                VmListParser.parse("web u-1 on\n\n  db\tu-2 OFF\n"));
    }

    @Test
    void aLineItCannotReadFailsTheListWithItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VmListParser.parse("web u-1 on\ndb u-2 paused\n"));
        assertEquals("list line 2: state must be on or off, got \"paused\"", e.getMessage());
    }
}

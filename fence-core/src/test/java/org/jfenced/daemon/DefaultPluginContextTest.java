package org.jfenced.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfenced.config.FenceConfig;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.junit.jupiter.api.Test;

/** A backend's announcement of a fence it carries out for another node reaches the dispatcher's observers. */
class DefaultPluginContextTest {

    private final List<String> heard = new ArrayList<>();

    private DefaultPluginContext context() throws Exception {
        return new DefaultPluginContext(Path.of("test.conf"),
                FenceConfig.parse("fence_virtd { }", "test.conf").root().section("fence_virtd"), command -> { });
    }

    private static FenceRequest request(FenceAction action) {
        return new FenceRequest(action, "vm-3a", "cpg 1", 7, "cpg");
    }

    @Test
    void announcedPowerActionsReachTheObserversTheDispatcherTells() throws Exception {
        DefaultPluginContext context = context();
        context.observeFences(r -> heard.add("backup " + r.action()));
        context.observeFences(r -> heard.add("other " + r.action()));

        context.announcePowerAction(request(FenceAction.OFF));
        context.observers().beforePowerAction(request(FenceAction.REBOOT));

        assertEquals(List.of("backup OFF", "other OFF", "backup REBOOT", "other REBOOT"), heard);
    }

    @Test
    void statusIsNoPowerActionAndIsRefused() throws Exception {
        DefaultPluginContext context = context();
        context.observeFences(r -> heard.add(r.action().toString()));

        assertThrows(IllegalArgumentException.class, () -> context.announcePowerAction(request(FenceAction.STATUS)));
        assertEquals(List.of(), heard);
    }

    @Test
    void aFailingObserverKeepsNeitherTheFenceNorTheOthersFromGoingOn() throws Exception {
        DefaultPluginContext context = context();
        context.observeFences(r -> {
            throw new IllegalStateException("observer bug");
        });
        context.observeFences(r -> heard.add(r.action().toString()));

        context.announcePowerAction(request(FenceAction.ON));

        assertEquals(List.of("ON"), heard);
    }
}

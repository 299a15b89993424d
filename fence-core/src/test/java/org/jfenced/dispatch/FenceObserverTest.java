package org.jfenced.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jfenced.config.FenceConfig;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher.Answer;
import org.jfenced.spi.testkit.RecordingBackend;
import org.junit.jupiter.api.Test;

/** Services hear of off, on and reboot before the backend acts, and cannot get in the fence's way. */
class FenceObserverTest {

    private final RecordingBackend backend = new RecordingBackend();
    private final List<String> events = new ArrayList<>();

    private static AclGroups open() throws Exception {
        return AclGroups.from(FenceConfig.parse("fence_virtd { }", "test.conf").root().section("groups"));
    }

    @Test
    void powerActionsAreAnnouncedBeforeTheBackendGetsThem() throws Exception {
        Dispatcher d = new Dispatcher(backend, open(),
                Duration.ofSeconds(5), r -> events.add("observer " + r.action() + ", backend calls so far "
                        + backend.calls.size()));
        for (FenceAction a : List.of(FenceAction.OFF, FenceAction.ON, FenceAction.REBOOT, FenceAction.STATUS)) {
            d.serve(new FenceRequest(a, "vm-a", "127.0.0.1", 1, "test")).toCompletableFuture().get();
        }
        assertEquals(List.of("observer OFF, backend calls so far 0", "observer ON, backend calls so far 1",
                "observer REBOOT, backend calls so far 2"), events, "status is not a power action");
    }

    @Test
    void aFailingObserverNeverStopsTheFence() throws Exception {
        Dispatcher d = new Dispatcher(backend, open(),
                Duration.ofSeconds(5), r -> {
                    throw new IllegalStateException("observer bug");
                });
        assertEquals(new Answer.Result(FenceResult.SUCCESS),
                d.serve(new FenceRequest(FenceAction.OFF, "vm-a", "127.0.0.1", 1, "test")).toCompletableFuture().get());
        assertEquals(1, backend.calls.size());
    }

    @Test
    void aDeniedRequestIsNotAnnounced() throws Exception {
        Dispatcher d = new Dispatcher(backend, AclGroups.from(FenceConfig.parse(
                "groups { group { ip = \"10.0.0.1\"; uuid = \"vm-a\"; } }", "t").root().section("groups")),
                Duration.ofSeconds(5), r -> events.add("observer " + r.action()));
        assertEquals(new Answer.Result(FenceResult.PERMISSION_DENIED), d.serve(new FenceRequest(FenceAction.OFF, "vm-a",
                "127.0.0.1", 1, "test")).toCompletableFuture().get());
        assertEquals(List.of(), events);
    }
}

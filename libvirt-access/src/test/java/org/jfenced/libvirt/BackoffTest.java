package org.jfenced.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromHalfASecondUpToTenSecondsAndStartsOverAfterAReset() {
        PoolSettings defaults = PoolSettings.defaults();
        Backoff backoff = new Backoff(defaults.minBackoff(), defaults.maxBackoff());
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            millis.add(backoff.next().toMillis());
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 10000L, 10000L, 10000L), millis);
        backoff.reset();
        assertEquals(Duration.ofMillis(500), backoff.next());
    }
}

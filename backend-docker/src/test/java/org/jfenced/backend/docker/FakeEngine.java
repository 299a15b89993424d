package org.jfenced.backend.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An engine in memory: containers with states, a log of what was done, and failures on demand. */
final class FakeEngine implements ContainerEngine {

    final List<Container> containers = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    boolean down;
    boolean startFails;
    /** When set, kills complete only once it does. */
    CompletableFuture<Void> killGate;

    FakeEngine with(String name, String state) {
        String id = String.format("%064x", containers.size() + 1L).replace(' ', '0');
        containers.add(new Container(name, id, state));
        return this;
    }

    @Override
    public CompletionStage<List<Container>> list() {
        synchronized (this) {
            return down ? failed() : CompletableFuture.completedFuture(List.copyOf(containers));
        }
    }

    @Override
    public CompletionStage<Void> kill(Container c) {
        calls.add("kill " + c.name());
        if (down) {
            return failed();
        }
        if (killGate != null) {
            return killGate.thenRun(() -> replace(c, "exited"));
        }
        replace(c, "exited");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> start(Container c) {
        calls.add("start " + c.name());
        if (down || startFails) {
            return failed();
        }
        replace(c, "running");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<String> version() {
        return down ? failed() : CompletableFuture.completedFuture("20.10.24");
    }

    @Override
    public String address() {
        return "unix:///fake.sock";
    }

    @Override
    public void close() {
    }

    private synchronized void replace(Container c, String state) {
        containers.replaceAll(x -> x.id().equals(c.id()) ? new Container(c.name(), c.id(), state) : x);
    }

    private static <T> CompletionStage<T> failed() {
        return CompletableFuture.failedFuture(new DockerException("Cannot connect to the Docker daemon"));
    }
}

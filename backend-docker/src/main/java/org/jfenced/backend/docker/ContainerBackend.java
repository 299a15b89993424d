package org.jfenced.backend.docker;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.VmInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers as VMs: off kills the container (every process gets SIGKILL at once, as a VM that is
 * destroyed), on starts it again, status reads its state. The verbs answer as backend libvirt does: an
 * unknown VM is OFF for status and FAIL for off, on and reboot; reboot of a stopped container succeeds
 * without starting it; a failed restart after a successful kill does not fail the reboot, since the
 * fence itself happened.
 */
final class ContainerBackend implements FenceBackend {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerBackend.class);

    private final ContainerEngine engine;
    private final TargetQueue queue = new TargetQueue();
    private final AtomicReference<String> lastError = new AtomicReference<>("");
    private final AtomicLong recoveries = new AtomicLong();

    ContainerBackend(ContainerEngine engine) {
        this.engine = engine;
    }

    @Override
    public CompletionStage<FenceOutcome> fence(FenceRequest request) {
        return result(request).thenApply(FenceOutcome::local);
    }

    private CompletionStage<FenceResult> result(FenceRequest request) {
        CompletionStage<FenceResult> work;
        switch (request.action()) {
            case STATUS:
                work = locate(request).thenApply(c -> c.map(this::status).orElseGet(() -> {
                    LOG.info("{}: no such container; answering OFF, as fence_virtd does for an unknown VM", request);
                    return FenceResult.OFF;
                }));
                break;
            case OFF:
                work = known(request, this::off);
                break;
            case ON:
                work = known(request, this::on);
                break;
            case REBOOT:
                work = known(request, c -> reboot(request, c));
                break;
            case NULL:
            case DEVSTATUS:
                work = track(engine.version()).thenApply(v -> FenceResult.SUCCESS);
                break;
            default:
                return CompletableFuture.completedFuture(FenceResult.FAIL);
        }
        return work.exceptionally(e -> {
            LOG.warn("{}: {}; answering FAIL", request, cause(e).getMessage());
            return FenceResult.FAIL;
        });
    }

    @Override
    public CompletionStage<List<VmInfo>> hostList() {
        return track(engine.list()).thenApply(cs -> cs.stream().map(Container::vmInfo).collect(Collectors.toList()));
    }

    /** Both come from this host's container engine alone. */
    @Override
    public boolean answersStatusLocally() {
        return true;
    }

    @Override
    public Health health() {
        String error = lastError.get();
        Health.Part part = new Health.Part(engine.address(), error.isEmpty(), error, recoveries.get());
        return new Health(error.isEmpty(), error.isEmpty() ? "docker at " + engine.address()
                : "docker at " + engine.address() + " failed: " + error, List.of(part));
    }

    @Override
    public void close() {
        engine.close();
    }

    private FenceResult status(Container c) {
        return c.isOff() ? FenceResult.OFF : FenceResult.SUCCESS;
    }

    private CompletionStage<FenceResult> off(Container c) {
        if (c.isOff()) {
            LOG.info("off \"{}\": already {}", c.name(), c.state());
            return CompletableFuture.completedFuture(FenceResult.SUCCESS);
        }
        return track(engine.kill(c)).thenApply(v -> {
            LOG.info("off \"{}\": container killed", c.name());
            return FenceResult.SUCCESS;
        });
    }

    private CompletionStage<FenceResult> on(Container c) {
        if (!c.isOff()) {
            return CompletableFuture.completedFuture(FenceResult.SUCCESS);
        }
        return track(engine.start(c)).thenApply(v -> {
            LOG.info("on \"{}\": container started", c.name());
            return FenceResult.SUCCESS;
        });
    }

    private CompletionStage<FenceResult> reboot(FenceRequest request, Container c) {
        if (c.isOff()) {
            LOG.info("{}: already {}; not started, as fence_virtd does", request, c.state());
            return CompletableFuture.completedFuture(FenceResult.SUCCESS);
        }
        return off(c).thenCompose(killed -> track(engine.start(c)).handle((v, e) -> {
            if (e != null) {
                LOG.warn("{}: killed, but starting it again failed: {}", request, cause(e).getMessage());
            } else {
                LOG.info("{}: container killed and started again", request);
            }
            return FenceResult.SUCCESS;
        }));
    }

    /**
     * Runs {@code action} on the container the request names, after any earlier action on the same target
     * has ended, on its state as it is then; FAIL when there is no such container.
     */
    private CompletionStage<FenceResult> known(FenceRequest request,
            Function<Container, CompletionStage<FenceResult>> action) {
        return queue.submit(request.target(), () -> locate(request).thenCompose(c -> {
            if (c.isEmpty()) {
                LOG.warn("{}: no such container; answering FAIL", request);
                return CompletableFuture.completedFuture(FenceResult.FAIL);
            }
            return action.apply(c.get());
        }));
    }

    private CompletionStage<Optional<Container>> locate(FenceRequest request) {
        return track(engine.list()).thenApply(cs -> cs.stream().filter(c -> c.isNamedBy(request.target())).findFirst());
    }

    /** Records whether the last call to the engine worked, for {@link #health()}. */
    private <T> CompletionStage<T> track(CompletionStage<T> call) {
        return call.whenComplete((v, e) -> {
            if (e == null) {
                if (!lastError.getAndSet("").isEmpty()) {
                    recoveries.incrementAndGet();
                }
            } else {
                lastError.set(String.valueOf(cause(e).getMessage()));
            }
        });
    }

    private static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}

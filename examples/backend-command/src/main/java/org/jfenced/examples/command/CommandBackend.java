package org.jfenced.examples.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.time.Duration;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences VMs with the operator's commands. Commands run on threads of the backend's own, never on the
 * caller's, and each is killed at its timeout; a request whose command fails, times out or cannot be
 * started is answered FAIL, never SUCCESS or OFF.
 */
final class CommandBackend implements FenceBackend {

    private static final Logger LOG = LoggerFactory.getLogger(CommandBackend.class);
    /** Exit status of a status command for a VM that is off, as fence agents use it. */
    static final int EXIT_OFF = 2;
    /** Commands running at once; more wait for a thread. */
    private static final int THREADS = 4;

    record Commands(CommandLine status, CommandLine off, CommandLine on, Optional<CommandLine> reboot,
            CommandLine list) {
        List<CommandLine> all() {
            List<CommandLine> all = new ArrayList<>(List.of(status, off, on, list));
            reboot.ifPresent(all::add);
            return all;
        }
    }

    private final Commands commands;
    private final CommandRunner runner;
    private final ExecutorService threads;
    private volatile boolean closed;

    CommandBackend(Commands commands, Duration timeout) {
        this.commands = commands;
        this.runner = new CommandRunner(timeout);
        this.threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "backend-command");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletionStage<FenceOutcome> fence(FenceRequest request) {
        switch (request.action()) {
            case STATUS:
            case OFF:
            case ON:
            case REBOOT:
                if (!CommandLine.isSafeName(request.target())) {
                    LOG.warn("{}: not a VM name this backend hands to a command; answering FAIL", request);
                    return done(FenceResult.FAIL);
                }
                return onThread(() -> act(request));
            case DEVSTATUS:
                return done(health().ok() ? FenceResult.SUCCESS : FenceResult.FAIL);
            default:
                // the null verb: every fence_virtd backend answers it with failure
                return done(FenceResult.FAIL);
        }
    }

    private FenceResult act(FenceRequest request) {
        String vm = request.target();
        switch (request.action()) {
            case STATUS: {
                int exit = runner.exitStatus(commands.status().forVm(vm));
                return exit == 0 ? FenceResult.SUCCESS : exit == EXIT_OFF ? FenceResult.OFF : FenceResult.FAIL;
            }
            case OFF:
                return succeeded(commands.off(), vm);
            case ON:
                return succeeded(commands.on(), vm);
            default:
                return commands.reboot().map(reboot -> succeeded(reboot, vm))
                        .orElseGet(() -> succeeded(commands.off(), vm) == FenceResult.SUCCESS
                                ? succeeded(commands.on(), vm) : FenceResult.FAIL);
        }
    }

    private FenceResult succeeded(CommandLine command, String vm) {
        return runner.exitStatus(command.forVm(vm)) == 0 ? FenceResult.SUCCESS : FenceResult.FAIL;
    }

    @Override
    public CompletionStage<List<VmInfo>> hostList() {
        CompletableFuture<List<VmInfo>> list = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try {
                    list.complete(VmListParser.parse(runner.output(commands.list().words())).stream()
                            .sorted(Comparator.comparing(VmInfo::name, String.CASE_INSENSITIVE_ORDER)).toList());
                } catch (RuntimeException e) {
                    list.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            list.completeExceptionally(new IllegalStateException("backend command closed"));
        }
        return list;
    }

    /** Healthy while every configured program exists and may be run. */
    @Override
    public Health health() {
        List<Health.Part> parts = commands.all().stream()
                .map(c -> new Health.Part(c.program().toString(), c.runnable(), c.runnable() ? "" : "not executable", 0))
                .distinct()
                .toList();
        boolean ok = !closed && parts.stream().allMatch(Health.Part::up);
        return new Health(ok, closed ? "closed" : ok ? "every command can run" : "a command cannot run", parts);
    }

    @Override
    public void close() {
        closed = true;
        threads.shutdownNow();
    }

    private CompletionStage<FenceOutcome> onThread(java.util.function.Supplier<FenceResult> work) {
        if (closed) {
            return done(FenceResult.FAIL);
        }
        try {
            return CompletableFuture.supplyAsync(work, threads).exceptionally(e -> {
                LOG.warn("command failed: {}", e.toString());
                return FenceResult.FAIL;
            }).thenApply(FenceOutcome::local);
        } catch (RejectedExecutionException e) {
            return done(FenceResult.FAIL);
        }
    }

    private static CompletionStage<FenceOutcome> done(FenceResult result) {
        return CompletableFuture.completedFuture(FenceOutcome.local(result));
    }
}

package org.jfenced.backend.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine through the docker command line client: no HTTP or JSON code of our own, and any engine the
 * client reaches (a local socket, a remote daemon) works. Each call runs on a small pool, so callers never
 * block, and is killed when it outlives the timeout.
 */
final class DockerCli implements ContainerEngine {

    private static final int POOL_SIZE = 4;

    private final String command;
    private final String host;
    private final Optional<String> label;
    private final Duration timeout;
    private final ExecutorService runner;
    private final ScheduledExecutorService watchdog;

    DockerCli(String command, String host, Optional<String> label, Duration timeout) {
        this.command = command;
        this.host = host;
        this.label = label;
        this.timeout = timeout;
        this.runner = Executors.newFixedThreadPool(POOL_SIZE, daemonThreads("docker-cli"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads("docker-cli-timeout"));
    }

    @Override
    public CompletionStage<List<Container>> list() {
        List<String> args = new ArrayList<>(List.of("ps", "--all", "--no-trunc"));
        label.ifPresent(l -> args.addAll(List.of("--filter", "label=" + l)));
        args.addAll(List.of("--format", ContainerList.FORMAT));
        return run(args).thenApply(ContainerList::parse);
    }

    /** {@code docker kill} fails for a container that stopped meanwhile, so only {@code docker wait} decides. */
    @Override
    public CompletionStage<Void> kill(Container container) {
        return run(List.of("kill", container.id()))
                .handle((out, e) -> null)
                .thenCompose(ignored -> run(List.of("wait", container.id())))
                .thenApply(out -> null);
    }

    @Override
    public CompletionStage<Void> start(Container container) {
        return run(List.of("start", container.id())).thenApply(out -> null);
    }

    @Override
    public CompletionStage<String> version() {
        return run(List.of("version", "--format", "{{.Server.Version}}")).thenApply(String::trim);
    }

    @Override
    public String address() {
        return host;
    }

    @Override
    public void close() {
        runner.shutdownNow();
        watchdog.shutdownNow();
    }

    /** The client's standard output; fails with its error output when it exits non-zero or times out. */
    private CompletableFuture<String> run(List<String> args) {
        return CompletableFuture.supplyAsync(() -> execute(args), runner);
    }

    private String execute(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(command, "--host", host));
        cmd.addAll(args);
        Path errors = null;
        try {
            errors = Files.createTempFile("jfenced-docker-", ".err");
            Process p = new ProcessBuilder(cmd).redirectError(errors.toFile()).start();
            p.getOutputStream().close();
            ScheduledFuture<?> kill = watchdog.schedule(p::destroyForcibly, timeout.toMillis(), TimeUnit.MILLISECONDS);
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = p.waitFor();
            boolean timedOut = !kill.cancel(false);
            if (timedOut) {
                throw new DockerException("docker " + args.get(0) + " took longer than " + timeout.toSeconds() + " s");
            }
            if (exit != 0) {
                throw new DockerException("docker " + args.get(0) + " exited with " + exit + ": "
                        + Files.readString(errors, StandardCharsets.UTF_8).trim());
            }
            return out;
        } catch (IOException e) {
            throw new CompletionException(new DockerException("cannot run " + command + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(new DockerException("interrupted while running docker " + args.get(0)));
        } finally {
            if (errors != null) {
                try {
                    Files.deleteIfExists(errors);
                } catch (IOException e) {
                    // a temporary file in /tmp that outlives us costs nothing worth failing a fence for
                }
            }
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

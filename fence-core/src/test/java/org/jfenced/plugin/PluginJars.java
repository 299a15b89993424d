package org.jfenced.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars at test time, as a third-party author would: sources compiled against the
 * SPI on the test class path, the classes and a {@code META-INF/services} entry packed into a jar.
 */
public final class PluginJars {

    private static final Pattern PUBLIC_CLASS = Pattern.compile("public (?:final )?class (\\w+)");

    private PluginJars() {
    }

    /**
     * A plugin with one backend called {@code name} that answers every request with the result named
     * by its block's {@code answer} key and lists one VM called {@code name-vm}.
     */
    public static Path backendPlugin(Path dir, String pkg, String name) throws IOException {
        String members = """
                    @Override
                    public List<BackendFactory> backends() {
                        return List.of(new BackendFactory() {
                            public String name() { return "%1$s"; }
                            public String version() { return "7.7"; }
                            public FenceBackend create(ConfigSection config, PluginContext context) throws ConfigException {
                                FenceResult answer = FenceResult.valueOf(config.getChoice("answer", "SUCCESS",
                                        "SUCCESS", "FAIL", "OFF"));
                                return new FenceBackend() {
                                    public CompletionStage<FenceOutcome> fence(FenceRequest r) {
                                        return CompletableFuture.completedFuture(FenceOutcome.local(answer));
                                    }
                                    public CompletionStage<List<VmInfo>> hostList() {
                                        return CompletableFuture.completedFuture(List.of(new VmInfo("%1$s-vm",
                                                "00000000-0000-0000-0000-00000000abcd", VmState.RUNNING)));
                                    }
                                    public Health health() { return new Health(true, "always fine", List.of()); }
                                    public void close() { }
                                };
                            }
                        });
                    }
                """.formatted(name);
        return build(dir, pkg, plugin(pkg, members), true);
    }

    /**
     * A plugin with one service called {@code name} that offers the jfencectl command {@code name}: it
     * reports one progress line per argument, then greets them with its block's {@code greeting}. A
     * block with {@code refuse_start} makes its start fail with that message.
     */
    public static Path servicePlugin(Path dir, String pkg, String name) throws IOException {
        String members = """
                    @Override
                    public List<ServiceFactory> services() {
                        return List.of(new ServiceFactory() {
                            public String name() { return "%1$s"; }
                            public FenceService create(ConfigSection config, PluginContext context) {
                                String greeting = config.get("greeting", "hello");
                                String refusal = config.get("refuse_start", "");
                                context.admin().register(new AdminCommand() {
                                    public String name() { return "%1$s"; }
                                    public String usage() { return "NAME..."; }
                                    public String summary() { return "greets each NAME"; }
                                    public AdminReply run(List<String> args, AdminSession session) {
                                        for (String a : args) {
                                            session.progress("greeting " + a);
                                        }
                                        return AdminReply.ok(greeting + " " + String.join(" ", args) + " from "
                                                + session.user(), Map.of("greeted", args));
                                    }
                                });
                                return new FenceService() {
                                    public void start() {
                                        if (!refusal.isEmpty()) {
                                            throw new IllegalStateException(refusal);
                                        }
                                    }
                                    public void close() { }
                                };
                            }
                        });
                    }
                """.formatted(name);
        return build(dir, pkg, plugin(pkg, members), true);
    }

    /**
     * A plugin with one backend called {@code name} that carries its own {@code picocli.CommandLine}, a
     * version the daemon's picocli does not have. Its health summary says which version it sees and
     * whether the daemon's plugin registry is visible to it: {@code picocli VERSION, core visible BOOLEAN}.
     */
    public static Path conflictingLibraryPlugin(Path dir, String pkg, String name) throws IOException {
        String members = """
                    @Override
                    public List<BackendFactory> backends() {
                        return List.of(new BackendFactory() {
                            public String name() { return "%1$s"; }
                            public FenceBackend create(ConfigSection config, PluginContext context) {
                                return new FenceBackend() {
                                    public CompletionStage<FenceOutcome> fence(FenceRequest r) {
                                        return CompletableFuture.completedFuture(FenceOutcome.local(FenceResult.FAIL));
                                    }
                                    public CompletionStage<List<VmInfo>> hostList() {
                                        return CompletableFuture.completedFuture(List.of());
                                    }
                                    public Health health() {
                                        return new Health(true, "picocli " + picocliVersion() + ", core visible "
                                                + coreVisible(), List.of());
                                    }
                                    public void close() { }
                                };
                            }
                        });
                    }

                    /** Read at run time: a constant would be compiled into this class. */
                    private static String picocliVersion() {
                        try {
                            return (String) picocli.CommandLine.class.getField("VERSION").get(null);
                        } catch (ReflectiveOperationException e) {
                            return e.toString();
                        }
                    }

                    private static boolean coreVisible() {
                        try {
                            Class.forName("org.jfenced.plugin.PluginRegistry", false, Plugin.class.getClassLoader());
                            return true;
                        } catch (ClassNotFoundException e) {
                            return false;
                        }
                    }
                """.formatted(name);
        String library = "package picocli; public final class CommandLine { public static final String VERSION = "
                + "\"0.0.1-plugin\"; }";
        return build(dir, pkg, plugin(pkg, members), true, library);
    }

    /** A jar with classes but no {@code META-INF/services} entry: a packaging mistake. */
    public static Path jarWithoutServiceEntry(Path dir, String pkg) throws IOException {
        return build(dir, pkg, "package " + pkg + "; public final class Nothing { }", false);
    }

    /** The source of {@code pkg.Plugin}, the {@link org.jfenced.spi.FencePlugin} whose body is {@code members}. */
    private static String plugin(String pkg, String members) {
        return """
                package %s;

                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CompletionStage;
                import org.jfenced.spi.*;

                public final class Plugin implements FencePlugin {
                %s}
                """.formatted(pkg, members);
    }

    /** {@code library}: the source of one more class the plugin carries, e.g. its copy of a library. */
    private static Path build(Path dir, String pkg, String source, boolean register, String... library)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + pkg));
        Path classes = Files.createDirectories(dir.resolve("classes-" + pkg));
        String simple = register ? "Plugin" : "Nothing";
        Path file = src.resolve(simple + ".java");
        Files.writeString(file, source);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), file.toString()));
        for (String extraSource : library) {
            Matcher type = PUBLIC_CLASS.matcher(extraSource);
            if (!type.find()) {
                throw new IllegalArgumentException("no public class in " + extraSource);
            }
            Path extra = src.resolve(type.group(1) + ".java");
            Files.writeString(extra, extraSource);
            args.add(extra.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IOException("the test plugin does not compile");
        }
        Path jar = dir.resolve(pkg + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString()));
                Files.copy(c, out);
                out.closeEntry();
            }
            if (register) {
                out.putNextEntry(new JarEntry("META-INF/services/org.jfenced.spi.FencePlugin"));
                writeLines(out, List.of(pkg + ".Plugin"));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void writeLines(OutputStream out, List<String> lines) throws IOException {
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}

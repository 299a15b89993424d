package org.jfenced.listener.multicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.socket.InternetProtocolFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;
import org.jfenced.config.FenceConfig;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.ListenerFactory;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.testkit.RecordingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of {@code listeners { multicast { … } }}: fence_virtd's defaults, and errors that name the key. */
class MulticastListenerFactoryTest {

    @TempDir
    Path dir;

    private static ConfigSection block(String body) throws ConfigException {
        return FenceConfig.parse("listeners {\n multicast {\n" + body + "\n }\n}\n", "test.conf").root()
                .section("listeners").section("multicast");
    }

    private static MulticastGroup group(String body) throws ConfigException {
        return MulticastListenerFactory.group(block(body));
    }

    private static ConfigException invalid(String body) {
        return assertThrows(ConfigException.class, () -> group(body));
    }

    @Test
    void withoutKeysItIsFenceVirtdsIpv4GroupOnPort1229OnEveryInterface() throws Exception {
        MulticastGroup g = group("");
        assertEquals(InternetProtocolFamily.IPv4, g.family());
        assertEquals(Packets.ip("225.0.0.12"), g.group());
        assertEquals(1229, g.port());
        assertEquals(Optional.empty(), g.interfaceName());
    }

    @Test
    void familyIpv6DefaultsToTheSiteLocalGroup() throws Exception {
        MulticastGroup g = group("family = \"ipv6\";");
        assertEquals(InternetProtocolFamily.IPv6, g.family());
        assertEquals(Packets.ip("ff05::3:1"), g.group());
    }

    @Test
    void anIpv6AddressWithoutAFamilyMeansIpv6() throws Exception {
        MulticastGroup g = group("address = \"ff02::3:1\"; port = \"12293\";");
        assertEquals(InternetProtocolFamily.IPv6, g.family());
        assertEquals(Packets.ip("ff02::3:1"), g.group());
        assertEquals(12293, g.port());
    }

    @Test
    void anAddressOfTheOtherFamilyIsAnError() {
        ConfigException e = invalid("family = \"ipv4\"; address = \"ff05::3:1\";");
        assertTrue(e.getMessage().contains("test.conf:3") && e.getMessage().contains("address"), e.getMessage());
    }

    @Test
    void aUnicastAddressIsAnError() {
        assertTrue(invalid("address = \"10.0.0.1\";").getMessage().contains("not a multicast group"));
    }

    @Test
    void aHostNameIsAnErrorAndIsNeverLookedUp() {
        assertTrue(invalid("address = \"fence.example\";").getMessage().contains("not an IP address"));
    }

    @Test
    void anUnknownFamilyOrAPortOutOfRangeIsAnError() {
        assertTrue(invalid("family = \"ipx\";").getMessage().contains("family"));
        assertTrue(invalid("port = \"0\";").getMessage().contains("port"));
        assertTrue(invalid("port = \"65536\";").getMessage().contains("port"));
    }

    @Test
    void anInterfaceThatDoesNotExistIsAStartupErrorNotEveryInterface() {
        ConfigException e = invalid("interface = \"virbr-nosuch\";");
        assertTrue(e.getMessage().contains("interface") && e.getMessage().contains("virbr-nosuch"), e.getMessage());
    }

    @Test
    void anExistingInterfaceIsKept() throws Exception {
        assertEquals(Optional.of("lo"), group("interface = \"lo\";").interfaceName());
    }

    @Test
    void theKeyFileMustExist() {
        ConfigException e = assertThrows(ConfigException.class, () -> new MulticastListenerFactory()
                .create(block("key_file = \"" + dir.resolve("missing.key") + "\";"), null));
        assertTrue(e.getMessage().contains("key_file"), e.getMessage());
    }

    @Test
    void theListenerIsCreatedFromAValidBlockWithoutOpeningAnySocket() throws Exception {
        Path key = dir.resolve("fence_xvm.key");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(key, Packets.randomKey(4096));
        var listener = new MulticastListenerFactory().create(block("key_file = \"" + key + "\"; hash = \"sha512\";"),
                new FixedContext());
        assertEquals("multicast 225.0.0.12:1229 on every interface", listener.endpoint());
        listener.close();
    }

    @Test
    void readsExactlyTheKeysItDeclares() throws Exception {
        Path key = dir.resolve("fence_xvm.key");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(key, Packets.randomKey(4096));
        FakeConfigSection config = new FakeConfigSection("listeners/multicast", "key_file", key.toString());
        MulticastListenerFactory factory = new MulticastListenerFactory();
        factory.create(config, new FixedContext()).close();
        DeclaredKeys.assertReadAsDeclared(factory, config);
    }

    @Test
    void thePluginOffersListenerMulticast() {
        assertTrue(ServiceLoader.load(FencePlugin.class).stream()
                .flatMap(p -> p.get().listeners().stream())
                .map(ListenerFactory::name)
                .anyMatch("multicast"::equals));
    }

    private static final class FixedContext implements PluginContext {
        @Override
        public RequestDispatcher dispatcher() {
            return new Dispatcher(new RecordingBackend(), AclGroups.allowAll(), Duration.ofSeconds(1));
        }

        @Override
        public Path configFile() {
            return Path.of("test.conf");
        }
    }
}

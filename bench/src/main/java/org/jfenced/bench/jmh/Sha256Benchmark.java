package org.jfenced.bench.jmh;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jfenced.nativelib.crypto.Sha256;
import org.jfenced.nativelib.crypto.Sha256Factory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHA-256 of one 1 MiB chunk, as the backup hashes a disk: the JDK's MessageDigest from a heap array
 * ({@code jdk}, how the backup hashed before) and from a direct buffer ({@code jdk-direct}, which it
 * copies to the heap in small pieces: the backup's fallback without libcrypto), against libcrypto through
 * {@link Sha256Factory} from a direct buffer, where it lies ({@code libcrypto}, how the backup hashes
 * now). One operation is one MiB, so operations per second are MiB per second. Run by
 * {@code bench/sha256-bench.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Sha256Benchmark {

    private static final int CHUNK = 1 << 20;

    @Param({"jdk", "jdk-direct", "libcrypto"})
    String implementation;

    private byte[] array;
    private ByteBuffer direct;
    private MessageDigest jdk;
    private Sha256 libcrypto;

    @Setup
    public void setUp() throws Exception {
        array = new byte[CHUNK];
        new Random(256).nextBytes(array);
        direct = ByteBuffer.allocateDirect(CHUNK).put(array).flip();
        if (implementation.startsWith("jdk")) {
            jdk = MessageDigest.getInstance("SHA-256");
            return;
        }
        Sha256Factory factory = Sha256Factory.system();
        if (!factory.implementation().startsWith("OpenSSL")) {
            throw new IllegalStateException("libcrypto did not load; SHA-256 comes from " + factory.implementation());
        }
        libcrypto = factory.create();
    }

    @Benchmark
    public void oneMebibyte() {
        if (implementation.equals("jdk")) {
            jdk.update(array);
        } else if (jdk != null) {
            jdk.update(direct.duplicate());
        } else {
            libcrypto.update(direct.duplicate());
        }
    }

    @TearDown
    public void tearDown() {
        if (libcrypto != null) {
            libcrypto.close();
        }
    }
}

package org.jfenced.bench.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request codec work of the fence_virt protocol, sha256 as in the request-path benchmark. The
 * key length is a parameter because every digest hashes the whole key first: fence_virtd's usual key is
 * 4096 random bytes, the test vectors' key 22 bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CodecBenchmark {

    @Param({"22", "4096"})
    int keyLength;

    private byte[] key;
    private byte[] salt;
    private byte[] request;
    private byte[] challenge;
    private byte[] answer;
    private long seqno;

    @Setup
    public void setUp() {
        Random random = new Random(1229);
        key = new byte[keyLength];
        random.nextBytes(key);
        salt = new byte[6];
        random.nextBytes(salt);
        request = RequestCodec.encode(4, HashType.SHA256, "vm-00042", null, 0, 4242, 0, salt, key);
        challenge = new byte[ChallengeResponse.LENGTH];
        random.nextBytes(challenge);
        answer = ChallengeResponse.answer(HashType.SHA256, key, challenge);
    }

    /** The client's side: build and sign a STATUS request. */
    @Benchmark
    public byte[] signRequest() {
        return RequestCodec.encode(4, HashType.SHA256, "vm-00042", null, 0, ++seqno, 0, salt, key);
    }

    @Benchmark
    public boolean verifyRequest() {
        return RequestCodec.verify(request, HashType.SHA256, key);
    }

    @Benchmark
    public FenceWireRequest decodeRequest() {
        return RequestCodec.decode(request);
    }

    @Benchmark
    public byte[] answerChallenge() {
        return ChallengeResponse.answer(HashType.SHA256, key, challenge);
    }

    @Benchmark
    public boolean checkAnswer() {
        return ChallengeResponse.accepts(HashType.SHA256, key, challenge, answer);
    }

    /** The daemon's 64 random bytes per request, from the shared SecureRandom. */
    @Benchmark
    public byte[] newChallenge() {
        return ChallengeResponse.newChallenge();
    }

    /**
     * All codec work the daemon does for one TCP request: verify and decode it, answer the client's
     * challenge, make its own and check the client's answer.
     */
    @Benchmark
    public boolean daemonRequest() {
        if (!RequestCodec.verify(request, HashType.SHA256, key)) {
            throw new AssertionError("the benchmark's request must verify");
        }
        RequestCodec.decode(request);
        byte[] ours = ChallengeResponse.answer(HashType.SHA256, key, challenge);
        byte[] theirs = ChallengeResponse.newChallenge();
        return ChallengeResponse.accepts(HashType.SHA256, key, challenge, answer) && ours.length == theirs.length;
    }
}

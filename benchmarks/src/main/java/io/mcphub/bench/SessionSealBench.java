package io.mcphub.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcphub.coordinator.SessionSeal;
import io.mcphub.jsonrpc.Json;
import io.mcphub.mode.SessionState;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a coordinator's sealed session ids cost (issue 11): sealing one when a session initializes, opening one when a
 * request names a session this coordinator does not hold yet, and refusing a forged one. The state is a real client's
 * (the MCP Java SDK's capabilities and clientInfo). Must be microseconds: the key is derived once, not per call.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main SessionSealBench}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionSealBench {
    private SessionSeal seal;
    private SessionState state;
    private String id;
    private String forged;

    @Setup
    public void setUp() {
        seal = new SessionSeal("bench-cluster-secret-0123456789abcdef");
        ObjectNode caps = Json.object();
        caps.putObject("roots").put("listChanged", true);
        caps.putObject("sampling");
        caps.putObject("elicitation").putObject("form");
        ObjectNode info = Json.object().put("name", "Java SDK MCP Client").put("version", "0.17.0");
        state = new SessionState("2025-11-25", caps, info, Instant.now(), "*");
        id = seal.mint(state, null);
        char c = id.charAt(id.length() / 2);
        forged = id.substring(0, id.length() / 2) + (c == 'A' ? 'B' : 'A') + id.substring(id.length() / 2 + 1);
    }

    /** A session initializes: its id is sealed. */
    @Benchmark
    public String seal() {
        return seal.mint(state, null);
    }

    /** A request names a session this coordinator does not hold: the id is opened. */
    @Benchmark
    public SessionState open() {
        return seal.open(id);
    }

    /** A forged id: the tag check fails, 404. */
    @Benchmark
    public SessionState refuseForged() {
        return seal.open(forged);
    }
}

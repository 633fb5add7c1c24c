package io.ballast.benchmarks;

import io.ballast.spi.message.MessageProperties;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The properties string is decoded on every send (to find UNIQ_KEY, TAGS, WAIT, DELAY) and
 * encoded whenever the broker adds a property; this is its cost for what the Java client sends.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MessagePropertiesBenchmark {
    private Map<String, String> properties;
    private String encoded;

    @Setup
    public void setUp() {
        properties = new LinkedHashMap<>();
        properties.put("KEYS", "order-20261125-000042");
        properties.put("UNIQ_KEY", "7F0000010F2A18B4AAC2591A3C7E0000");
        properties.put("TAGS", "created");
        properties.put("WAIT", "true");
        properties.put("CLUSTER", "DefaultCluster");
        properties.put("MSG_REGION", "DefaultRegion");
        properties.put("TRACE_ON", "true");
        encoded = MessageProperties.encode(properties);
    }

    @Benchmark
    public String encode() {
        return MessageProperties.encode(properties);
    }

    @Benchmark
    public Map<String, String> decode() {
        return MessageProperties.decode(encoded);
    }
}

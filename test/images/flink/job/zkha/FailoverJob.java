package zkha;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A streaming job that never finishes: numbers from a checkpointed sequence source, slowed to
 * about 100 records per second, into a discarding sink. Used to prove that a job survives the
 * loss of the leading JobManager.
 */
public final class FailoverJob {
    private FailoverJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(2000);
        env.fromSource(
                        new NumberSequenceSource(0, Long.MAX_VALUE),
                        WatermarkStrategy.noWatermarks(),
                        "sequence")
                .map(new Slow())
                .sinkTo(new DiscardingSink<>());
        env.execute("zkha-failover-job");
    }

    /** Sleeps 10 ms per record so the sequence lasts for ever. */
    public static final class Slow implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(10);
            return value;
        }
    }
}

package dev.privatelink.sandbox.model;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.privatelink.cloud.CloudProvider;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every call made to the sandbox through the cloud port, with its outcome: {@code ok} or the error
 * code it answered (injected faults included). Kept in the database, so it counts the calls of
 * every replica; benchmarks and tests read it to see how many cloud calls a flow costs.
 */
@Component
public class SandboxLedger {

    private final JdbcClient jdbc;
    private final Clock clock;

    public SandboxLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(CloudProvider provider, String operation, String region, String outcome) {
        jdbc.sql("insert into sandbox_ledger (provider, operation, region, outcome, at) values (?, ?, ?, ?, ?)")
                .params(provider.wireName(), operation, region, outcome, Timestamp.from(clock.instant()))
                .update();
    }

    /**
     * Calls counted by provider and operation, each with its outcomes.
     *
     * @param since  only calls at or after this instant; {@code null} for all
     * @param region only calls addressed to this region; {@code null} for all
     */
    public Summary summary(Instant since, String region) {
        List<Row> rows = jdbc.sql("""
                        select provider, operation, outcome, count(*) as calls from sandbox_ledger
                        where (cast(? as timestamptz) is null or at >= ?) and (cast(? as text) is null or region = ?)
                        group by provider, operation, outcome order by provider, operation, outcome""")
                .params(ts(since), ts(since), region, region)
                .query((rs, n) -> new Row(rs.getString("provider"), rs.getString("operation"),
                        rs.getString("outcome"), rs.getLong("calls")))
                .list();
        Map<String, OperationCount> byOperation = new LinkedHashMap<>();
        for (Row row : rows) {
            byOperation.computeIfAbsent(row.provider() + "/" + row.operation(),
                            k -> new OperationCount(row.provider(), row.operation(), new long[1], new LinkedHashMap<>()))
                    .add(row.outcome(), row.calls());
        }
        List<OperationCount> operations = new ArrayList<>(byOperation.values());
        long total = rows.stream().mapToLong(Row::calls).sum();
        return new Summary(since, region, total, operations.stream().map(OperationCount::view).toList());
    }

    /** Forgets every recorded call (tests, benchmarks). */
    public void clear() {
        jdbc.sql("delete from sandbox_ledger").update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private record Row(String provider, String operation, String outcome, long calls) {
    }

    private record OperationCount(String provider, String operation, long[] calls, Map<String, Long> outcomes) {
        void add(String outcome, long count) {
            calls[0] += count;
            outcomes.put(outcome, count);
        }

        OperationCalls view() {
            return new OperationCalls(provider, operation, calls[0], outcomes);
        }
    }

    /**
     * @param since      the filter applied, or {@code null}
     * @param region     the filter applied, or {@code null}
     * @param total      calls in all
     * @param operations calls per provider and operation
     */
    @Schema(name = "SandboxLedgerSummary")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(Instant since, String region, long total, List<OperationCalls> operations) {
    }

    /**
     * @param outcomes calls per outcome: {@code ok} or the cloud's error code ({@code RequestLimitExceeded}, {@code InvalidState}, …)
     */
    @Schema(name = "SandboxOperationCalls")
    public record OperationCalls(String provider, String operation, long calls, Map<String, Long> outcomes) {
    }
}

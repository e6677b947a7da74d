package dev.privatelink.workflow.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.workflow.WorkflowStatus;
import dev.privatelink.workflow.WorkflowView;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads workflows with their history, for callers and the operator API. */
public final class WorkflowViews {

    private static final String COLUMNS = """
            id, type, subject_id, status, current_step, attempt, next_attempt_at, last_error_code,
            last_error_message, created_at, updated_at""";

    /**
     * The step executions a view carries: the latest ones, oldest first. A registration waiting days
     * for its endpoint re-checks thousands of times; the reader wants how it stands now.
     */
    public static final int HISTORY_LIMIT = 50;

    private final JdbcClient jdbc;

    WorkflowViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<WorkflowView> find(UUID id) {
        return withHistory("select " + COLUMNS + " from workflow where id = :id", Map.of("id", id));
    }

    public Optional<WorkflowView> findLatestFor(String type, UUID subjectId) {
        Map<String, Object> params = new HashMap<>();
        params.put("subject", subjectId);
        params.put("type", type);
        return withHistory("select " + COLUMNS + """
                         from workflow where subject_id = :subject and (cast(:type as text) is null or type = :type)
                        order by created_at desc, id desc limit 1""", params);
    }

    /** A page in (createdAt, id) order after the given key, one more than {@code limit} when more follow. */
    public List<WorkflowView> page(WorkflowStatus status, String type, Instant afterCreatedAt, UUID afterId, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from workflow
                        where (cast(:status as text) is null or status = :status)
                          and (cast(:type as text) is null or type = :type)
                          and (created_at, id) > (:afterCreatedAt, :afterId)
                        order by created_at, id limit :limit""")
                .param("status", status == null ? null : status.name()).param("type", type)
                .param("afterCreatedAt", Timestamp.from(afterCreatedAt)).param("afterId", afterId)
                .param("limit", limit)
                .query(this::summary).list();
    }

    /**
     * The one workflow {@code workflowQuery} selects ({@link #COLUMNS}), with its latest history entries, in
     * one statement: a row per entry (one row with a null entry when it has none yet).
     */
    private Optional<WorkflowView> withHistory(String workflowQuery, Map<String, ?> params) {
        List<Row> rows = jdbc.sql("select w.*, h.* from (" + workflowQuery + """
                        ) w left join lateral (
                            select seq, step, attempt as step_attempt, started_at, finished_at, outcome, error_code,
                                   error_message, times
                            from workflow_history where workflow_id = w.id order by seq desc limit :historyLimit) h on true
                        order by h.seq""")
                .params(params).param("historyLimit", HISTORY_LIMIT)
                .query((rs, n) -> new Row(n == 0 ? summary(rs, n) : null, historyEntry(rs)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        WorkflowView summary = rows.getFirst().workflow();
        List<WorkflowView.HistoryEntry> history = rows.stream().map(Row::entry).filter(Objects::nonNull).toList();
        return Optional.of(new WorkflowView(summary.id(), summary.type(), summary.subjectId(), summary.status(),
                summary.currentStep(), summary.attempt(), summary.nextAttemptAt(), summary.lastError(), history,
                summary.createdAt(), summary.updatedAt()));
    }

    /** A row of {@link #withHistory}: the workflow (read from the first row only), and one of its history entries or none. */
    private record Row(WorkflowView workflow, WorkflowView.HistoryEntry entry) {
    }

    private static WorkflowView.HistoryEntry historyEntry(ResultSet rs) throws SQLException {
        if (rs.getObject("seq") == null) {
            return null;
        }
        return new WorkflowView.HistoryEntry(rs.getString("step"), rs.getInt("step_attempt"),
                instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("outcome"),
                rs.getString("error_code"), rs.getString("error_message"), rs.getInt("times"));
    }

    private WorkflowView summary(ResultSet rs, int row) throws SQLException {
        String code = rs.getString("last_error_code");
        WorkflowView.Error error = code == null ? null : new WorkflowView.Error(code, rs.getString("last_error_message"));
        return new WorkflowView(rs.getObject("id", UUID.class), rs.getString("type"), rs.getObject("subject_id", UUID.class),
                WorkflowStatus.valueOf(rs.getString("status")), rs.getString("current_step"), rs.getInt("attempt"),
                instant(rs, "next_attempt_at"), error, List.of(), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}

package dev.privatelink.workflow.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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
        return jdbc.sql("select " + COLUMNS + " from workflow where id = :id")
                .param("id", id).query(this::summary).optional().map(this::withHistory);
    }

    public Optional<WorkflowView> findLatestFor(String type, UUID subjectId) {
        return jdbc.sql("select " + COLUMNS + """
                         from workflow where subject_id = :subject and (cast(:type as text) is null or type = :type)
                        order by created_at desc, id desc limit 1""")
                .param("subject", subjectId).param("type", type)
                .query(this::summary).optional().map(this::withHistory);
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

    private WorkflowView withHistory(WorkflowView summary) {
        List<WorkflowView.HistoryEntry> history = jdbc.sql("""
                        select * from (
                            select seq, step, attempt, started_at, finished_at, outcome, error_code, error_message, times
                            from workflow_history where workflow_id = :id order by seq desc limit :limit) latest
                        order by seq""")
                .param("id", summary.id()).param("limit", HISTORY_LIMIT)
                .query((rs, n) -> new WorkflowView.HistoryEntry(rs.getString("step"), rs.getInt("attempt"),
                        instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("outcome"),
                        rs.getString("error_code"), rs.getString("error_message"), rs.getInt("times")))
                .list();
        return new WorkflowView(summary.id(), summary.type(), summary.subjectId(), summary.status(), summary.currentStep(),
                summary.attempt(), summary.nextAttemptAt(), summary.lastError(), history, summary.createdAt(),
                summary.updatedAt());
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

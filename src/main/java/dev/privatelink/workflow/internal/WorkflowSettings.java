package dev.privatelink.workflow.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the workflow engine ({@code privatelink.workflow.*}). Execution itself (threads,
 * polling, heartbeats) is db-scheduler's: {@code db-scheduler.*}.
 *
 * @param taskName       the db-scheduler task that executes workflow steps
 * @param metricsRefresh how often the status and queue-lag gauges read the database at most
 * @param maxEngineFailures how often in a row the engine may fail to run or commit a step (a callback or
 *                          the step's domain change throwing) before the workflow ends FAILED with
 *                          {@code COMMIT_FAILED}; the retries wait 2 s doubling to 32 s
 */
@ConfigurationProperties("privatelink.workflow")
public record WorkflowSettings(@DefaultValue("workflow-step") String taskName,
                               @DefaultValue("10s") Duration metricsRefresh,
                               @DefaultValue("10") int maxEngineFailures) {
}

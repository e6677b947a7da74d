package dev.privatelink.reverseendpoint.model;

import dev.privatelink.reverseendpoint.ReverseEndpointType;
import dev.privatelink.workflow.WorkflowStatus;
import dev.privatelink.workflow.Workflows;
import org.springframework.stereotype.Component;

/**
 * Starts and stops the workflows behind a reverse endpoint, inside the caller's transaction (they run
 * once it commits, and never if it rolls back).
 */
@Component
public class ReverseEndpointRuns {

    /** Creates an interface endpoint to the customer's endpoint service and follows it to Ready. */
    public static final String CREATE_VPC_ENDPOINT_SERVICE = "reverse-endpoint.create-vpc-endpoint-service";
    /** Accepts the customer's RAM share, creates a resource endpoint to the shared configuration, follows it to Ready. */
    public static final String CREATE_VPC_RESOURCE = "reverse-endpoint.create-vpc-resource";
    /** Creates an MSK multi-VPC connection, follows it to Ready and reads the brokers' names. */
    public static final String CREATE_MSK_MULTI_VPC = "reverse-endpoint.create-msk-multi-vpc";
    /** Makes the platform's private zone hold exactly the endpoint's custom private DNS names. */
    public static final String SYNC_DNS = "reverse-endpoint.sync-dns";
    /** Looks again at a Ready endpoint the cloud reported differently, and changes its status if so. */
    public static final String RECONCILE = "reverse-endpoint.reconcile";
    /** Removes the records, deletes the endpoint in the cloud, and forgets it once the cloud has. */
    public static final String DELETE = "reverse-endpoint.delete";

    private final Workflows workflows;

    ReverseEndpointRuns(Workflows workflows) {
        this.workflows = workflows;
    }

    public static String createWorkflow(ReverseEndpointType type) {
        return switch (type) {
            case VPC_ENDPOINT_SERVICE -> CREATE_VPC_ENDPOINT_SERVICE;
            case VPC_RESOURCE -> CREATE_VPC_RESOURCE;
            case MSK_MULTI_VPC -> CREATE_MSK_MULTI_VPC;
        };
    }

    void create(ReverseEndpoint endpoint) {
        workflows.start(createWorkflow(endpoint.type()), endpoint.id());
    }

    /** The custom private DNS names changed (or the endpoint became Ready): a fresh sync supersedes a running one. */
    public void syncDns(ReverseEndpoint endpoint) {
        workflows.cancelFor(SYNC_DNS, endpoint.id());
        workflows.start(SYNC_DNS, endpoint.id());
    }

    /** The cloud says otherwise about a Ready endpoint: look again, unless a look is already under way. */
    public boolean reconcile(ReverseEndpoint endpoint) {
        boolean running = workflows.findLatestFor(RECONCILE, endpoint.id())
                .map(w -> w.status() == WorkflowStatus.RUNNING || w.status() == WorkflowStatus.WAITING).orElse(false);
        if (!running) {
            workflows.start(RECONCILE, endpoint.id());
        }
        return !running;
    }

    /** Whether its deletion is under way (not stopped by the operator or stuck). */
    boolean deleting(ReverseEndpoint endpoint) {
        return workflows.anyActiveFor(endpoint.id());
    }

    /** Deleted again while its deletion was stopped: the deletion runs again. */
    void resumeDeletion(ReverseEndpoint endpoint) {
        workflows.start(DELETE, endpoint.id());
    }

    /** Deleted: whatever ran for it stops, and the deletion starts. */
    void delete(ReverseEndpoint endpoint) {
        workflows.cancelFor(null, endpoint.id());
        workflows.start(DELETE, endpoint.id());
    }
}

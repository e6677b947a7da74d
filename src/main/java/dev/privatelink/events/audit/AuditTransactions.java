package dev.privatelink.events.audit;

import jakarta.persistence.EntityManager;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Gives every read-write transaction that an audited API request begins its {@link AuditSynchronization}
 * (Spring Boot registers this listener with the transaction manager).
 */
@Component
class AuditTransactions implements TransactionExecutionListener {

    private final EntityManager entityManager;
    private final AuditLog log;

    // lazy: the transaction manager needs this listener, and it can be asked for before the persistence
    // unit exists (a filter's transaction template, at the web server's start)
    AuditTransactions(@Lazy EntityManager entityManager, @Lazy AuditLog log) {
        this.entityManager = entityManager;
        this.log = log;
    }

    @Override
    public void afterBegin(TransactionExecution transaction, Throwable beginFailure) {
        AuditRequest.State request = AuditRequest.current();
        if (request == null || beginFailure != null || transaction.isReadOnly()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new AuditSynchronization(request, entityManager, log));
    }
}

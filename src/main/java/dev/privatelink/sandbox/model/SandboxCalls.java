package dev.privatelink.sandbox.model;

import java.util.function.Supplier;

import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import org.springframework.stereotype.Component;

/** Wraps every port call of the sandbox: draws an injected fault first, then records the outcome in the ledger. */
@Component
public class SandboxCalls {

    private final SandboxFaults faults;
    private final SandboxLedger ledger;

    public SandboxCalls(SandboxFaults faults, SandboxLedger ledger) {
        this.faults = faults;
        this.ledger = ledger;
    }

    public <T> T call(CloudProvider provider, String operation, String region, Supplier<T> body) {
        T result;
        try {
            faults.inject(provider, operation);
            result = body.get();
        } catch (CloudException e) {
            ledger.record(provider, operation, region, e.code());
            throw e;
        }
        ledger.record(provider, operation, region, "ok");
        return result;
    }

    public void run(CloudProvider provider, String operation, String region, Runnable body) {
        call(provider, operation, region, () -> {
            body.run();
            return null;
        });
    }
}

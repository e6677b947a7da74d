package dev.privatelink.cloud.resilience;

import java.util.function.Supplier;

import dev.privatelink.cloud.CloudException;
import org.springframework.stereotype.Component;

/**
 * Every real cloud call goes through here: rate budget per provider/account/region/API class,
 * circuit breaker per provider and region, retries for transient errors, a timer per call, and
 * classification into {@link CloudException}. A call that cannot get a permit, or meets an open
 * circuit, is not made and not waited for: it fails at once with
 * {@link dev.privatelink.cloud.CloudErrorKind#UNAVAILABLE} and a retry-after hint, so the workflow
 * reschedules the step instead of blocking a thread.
 */
@Component
public class CloudCallGuard {

    /** Runs {@code call} under the budgets of {@code site}; SDK exceptions come out classified. */
    public <T> T call(CallSite site, Supplier<T> call, ErrorClassifier classifier) {
        try {
            return call.get();
        } catch (CloudException e) {
            throw e;
        } catch (RuntimeException e) {
            throw classifier.classify(site, e);
        }
    }

    /** {@link #call} for calls without a result. */
    public void run(CallSite site, Runnable call, ErrorClassifier classifier) {
        call(site, () -> {
            call.run();
            return null;
        }, classifier);
    }
}

package dev.privatelink.cloud.azure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.resilience.CallSite;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import dev.privatelink.cloud.resilience.ErrorClassifier;

/**
 * One attempt per guarded call, classified, with every call site recorded. The adapter's wire
 * behaviour is proven without the guard's retries and budgets (those are the guard's own tests), so
 * an HTTP request count here is what the SDK itself sends per attempt.
 */
class RecordingGuard extends CloudCallGuard {

    final List<CallSite> sites = new CopyOnWriteArrayList<>();

    @Override
    public <T> T call(CallSite site, Supplier<T> call, ErrorClassifier classifier) {
        sites.add(site);
        try {
            return call.get();
        } catch (CloudException e) {
            throw e;
        } catch (RuntimeException e) {
            throw classifier.classify(site, e);
        }
    }
}

package dev.privatelink.cloud.resilience;

import dev.privatelink.cloud.CloudException;

/** Turns whatever an SDK threw into a classified {@link CloudException}: each adapter has its own table. */
@FunctionalInterface
public interface ErrorClassifier {

    CloudException classify(CallSite site, Throwable error);
}

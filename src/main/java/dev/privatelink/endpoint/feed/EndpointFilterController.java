package dev.privatelink.endpoint.feed;

import java.util.List;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.CloudRegions;
import dev.privatelink.security.Caller;
import dev.privatelink.web.ApiException;
import dev.privatelink.web.ETags;
import dev.privatelink.web.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The data-plane feed: per provider and region, each service's private hostname and the endpoint ids
 * that may reach it (Ready ones only). Proxies poll it with {@code If-None-Match} and get 304 until the
 * version moves.
 */
@Tag(name = "Operator: endpoint filters")
@RestController
@RequestMapping("/v1/operator/endpointFilters")
class EndpointFilterController {

    private final FilterVersions versions;
    private final ServiceFilters filters;

    EndpointFilterController(FilterVersions versions, ServiceFilters filters) {
        this.versions = versions;
        this.filters = filters;
    }

    @Operation(operationId = "getEndpointFilters", summary = "Allow lists of a provider and region for the data plane")
    @GetMapping
    // one snapshot: the version and the content it names are read together
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    ResponseEntity<Envelope<Feed>> feed(@AuthenticationPrincipal Caller caller,
                                        @RequestParam String provider, @RequestParam String region,
                                        @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        caller.requireOperator(); // also enforced for /v1/operator/** by the security filter
        CloudProvider cloud = CloudProvider.parse(provider).orElseThrow(() ->
                ApiException.badRequest("provider '" + provider + "' is not supported; expected 'aws' or 'azure'"));
        if (!CloudRegions.isRegion(cloud, region)) {
            throw ApiException.badRequest("region '" + region + "' is not a " + cloud + " region");
        }
        long version = versions.current(cloud, region);
        String tag = ETags.of(version);
        if (ETags.noneMatchHits(ifNoneMatch, tag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(tag).build();
        }
        return ResponseEntity.ok().eTag(tag).body(Envelope.ok(new Feed(version, cloud, region, filters.inRegion(cloud, region))));
    }

    record Feed(long version, CloudProvider provider, String region, List<ServiceFilters.ServiceFilter> services) {
    }
}

package dev.privatelink.events.audit;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.privatelink.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Marks the API requests that may change something (POST, PUT, PATCH, DELETE by an API key) while their
 * controller runs, so that their transactions are audited ({@link AuditTransactions}). A successful
 * request whose transactions recorded no field change (its effect is not a change of a resource's
 * fields: a workflow retried, a sandbox endpoint created) is still recorded, with its operation and path.
 */
@Component
class AuditRequests implements HandlerInterceptor, WebMvcConfigurer {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final AuditLog log;
    private final TransactionTemplate transactions;

    AuditRequests(AuditLog log, TransactionTemplate transactions) {
        this.log = log;
        this.transactions = transactions;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (CHANGING.contains(request.getMethod()) && authentication != null
                && authentication.getPrincipal() instanceof Caller caller) {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            AuditRequest.begin(new AuditRequest(caller, response.getHeader(REQUEST_ID_HEADER),
                    request.getMethod() + " " + (pattern != null ? pattern : request.getRequestURI()),
                    request.getRequestURI(), organizationIn(request)));
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        AuditRequest.State state = AuditRequest.current();
        AuditRequest.end();
        if (state == null || state.recorded || failure != null || response.getStatus() < 200 || response.getStatus() > 299) {
            return;
        }
        AuditRequest r = state.request;
        UUID organization = r.organizationId() != null ? r.organizationId()
                : r.caller().isOperator() ? null : r.caller().organizationId();
        transactions.executeWithoutResult(status -> log.append(List.of(new AuditEntry(UUID.randomUUID(), organization, null,
                r.caller().keyId(), r.caller().role().name(), r.requestId(), r.action(), r.path(), null, null, List.of()))));
    }

    @SuppressWarnings("unchecked")
    private static UUID organizationIn(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables instanceof Map<?, ?> map && map.get("orgId") instanceof String orgId) {
            try {
                return UUID.fromString(orgId);
            } catch (IllegalArgumentException notAnId) {
                return null;
            }
        }
        return null;
    }
}

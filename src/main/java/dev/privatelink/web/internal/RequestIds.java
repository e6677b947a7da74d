package dev.privatelink.web.internal;

import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.MDC;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** The id of the request being served: echoed from {@code X-Request-Id} when sane, else a new UUID. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    static final String ATTRIBUTE = RequestIds.class.getName();

    // a caller's id is echoed into headers and logs: keep it short and free of control characters
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    static String accept(String fromCaller) {
        return fromCaller != null && ACCEPTABLE.matcher(fromCaller).matches() ? fromCaller : UUID.randomUUID().toString();
    }

    /** The current request's id; outside a request, the logging context's or a fresh one. */
    public static String current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object id = attributes == null ? null : attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (id != null) {
            return id.toString();
        }
        String logged = MDC.get(MDC_KEY);
        return logged != null ? logged : UUID.randomUUID().toString();
    }
}

package dev.privatelink.web.internal;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the API's error body: RFC 9457 problem details plus the seeds' {@code error}
 * ({@code "BAD_REQUEST: <detail>"}) and the {@code requestId}.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        return enrich(problem, path);
    }

    public static ProblemDetail enrich(ProblemDetail problem, String path) {
        String name = statusName(problem.getStatus());
        problem.setType(URI.create("urn:privatelink:problem:" + name.toLowerCase(Locale.ROOT).replace('_', '-')));
        if (problem.getDetail() == null) {
            problem.setDetail(problem.getTitle());
        }
        if (path != null) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException notAUri) {
                // a path the caller mangled; the problem is still worth returning without it
            }
        }
        problem.setProperty("error", name + ": " + problem.getDetail());
        problem.setProperty("requestId", RequestIds.current());
        return problem;
    }

    /**
     * Writes a problem as the whole response, for the few places that answer before or outside Spring MVC
     * (filters, Tomcat's error report). The caller has not written anything else.
     */
    static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body(problem)));
    }

    /** The problem as the members of its JSON body, in the order Spring MVC writes them. */
    static Map<String, Object> body(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", problem.getInstance() == null ? null : problem.getInstance().toString());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    static String statusName(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known != null ? known.name() : "HTTP_" + status;
    }
}

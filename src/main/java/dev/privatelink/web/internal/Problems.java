package dev.privatelink.web.internal;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the API's error body: RFC 9457 problem details plus the seeds' {@code error}
 * ({@code "BAD_REQUEST: <detail>"}) and the {@code requestId}.
 */
public final class Problems {

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

    static String statusName(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known != null ? known.name() : "HTTP_" + status;
    }
}

package dev.privatelink.web.internal;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever reaches {@code /error} (a filter's {@code sendError}: 401 and 403 from security, 413 from
 * the body limit; or the container's own errors) is answered with problem details too, never with
 * an HTML page or a stack trace. It is the container's error page, not an operation: it is left out
 * of the API description, and a caller who asks for {@code /error} itself gets 404 like any unknown path.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) { // not forwarded here: asked for directly
            return askedForDirectly(request);
        }
        HttpStatus status = status(request);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem = Problems.of(status, detail(request, status), path);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * OPTIONS too: a mapping without methods leaves OPTIONS to Spring's default answer (200 with
     * {@code Allow}), which would tell a caller that {@code /error} exists.
     */
    @RequestMapping(path = "/error", method = RequestMethod.OPTIONS)
    ResponseEntity<ProblemDetail> options(HttpServletRequest request) {
        return askedForDirectly(request);
    }

    private static ResponseEntity<ProblemDetail> askedForDirectly(HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "no such path: " + request.getRequestURI(), request.getRequestURI());
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status != null ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String detail(HttpServletRequest request, HttpStatus status) {
        String message = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        boolean ours = status.is4xxClientError() || status == HttpStatus.SERVICE_UNAVAILABLE; // 5xx messages could hold internals
        if (StringUtils.hasText(message) && ours && !message.equals(status.getReasonPhrase())) {
            return message;
        }
        return switch (status) {
            case UNAUTHORIZED -> "authentication required: send your API key id and secret with HTTP Basic";
            case FORBIDDEN -> "this API key is not allowed to do that";
            case NOT_FOUND -> "no such resource";
            case INTERNAL_SERVER_ERROR -> "an unexpected error occurred; quote requestId " + RequestIds.current() + " to support";
            default -> status.getReasonPhrase();
        };
    }
}

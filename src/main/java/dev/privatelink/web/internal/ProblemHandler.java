package dev.privatelink.web.internal;

import dev.privatelink.database.DatabaseAvailability;
import dev.privatelink.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of a controller into problem details. Spring's own handler covers the
 * framework's exceptions (404, 405, 415, …); this adds our {@link ApiException}, clear messages for
 * unreadable JSON and invalid fields, 503 with {@code Retry-After} when the database is unavailable, and a
 * 500 that never shows internals.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final DatabaseAvailability database;

    ProblemHandler(DatabaseAvailability database) {
        this.database = database;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e, WebRequest request) {
        return problem(e.status(), e.getMessage(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
        String expected = e.getRequiredType() == null ? "a valid value" : expectedType(e.getRequiredType());
        return problem(HttpStatus.BAD_REQUEST,
                "'" + e.getName() + "' must be " + expected + ", got '" + e.getValue() + "'", request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraint(ConstraintViolationException e, WebRequest request) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + " " + v.getMessage())
                .sorted().reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return problem(HttpStatus.BAD_REQUEST, detail, request);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e, WebRequest request) {
        String state = sqlState(e);
        if (state != null && state.startsWith("22")) { // a data exception: a value PostgreSQL cannot hold
            return problem(HttpStatus.BAD_REQUEST, "a value in the request is out of the range this API stores", request);
        }
        // a concurrent request created the same unique thing first; the caller's request is refused whole
        log.info("Refused a write that conflicts with existing data: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "the request conflicts with an existing record; read it again and retry", request);
    }

    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<Object> lockConflict(PessimisticLockingFailureException e, WebRequest request) {
        // e.g. a deadlock PostgreSQL broke by aborting this request: nothing was written, a retry succeeds
        log.warn("A request lost a lock conflict: {}", e.getMessage());
        return problem(HttpStatus.CONFLICT, "the resource is being changed by another request; retry", request);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<Object> concurrentUpdate(OptimisticLockingFailureException e, WebRequest request) {
        return problem(HttpStatus.CONFLICT, "the resource was changed by another request meanwhile; read it again and retry", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        if (database.explains(e)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseAvailability.RETRY_AFTER.toSeconds()))
                    .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, DatabaseOutages.MESSAGE, path(request)));
        }
        log.error("Unexpected error serving {}", path(request), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; quote requestId " + RequestIds.current() + " to support", request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (RequestBodyLimit.isCause(e)) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, RequestBodyLimit.MESSAGE, request);
        }
        return problem(HttpStatus.BAD_REQUEST, JsonErrors.describe(e), request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(HttpStatus.NOT_FOUND, "no such path: " + path(request), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::describe)
                .sorted().reduce((a, b) -> a + "; " + b)
                .orElseGet(() -> e.getBindingResult().getGlobalErrors().stream()
                        .map(error -> error.getDefaultMessage()).findFirst().orElse("invalid request body"));
        return problem(HttpStatus.BAD_REQUEST, detail, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            Problems.enrich(problem, path(request));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ResponseEntity<Object> problem(HttpStatus status, String detail, WebRequest request) {
        ProblemDetail body = Problems.of(status, detail, path(request));
        return ResponseEntity.status(status).body(body);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String describe(FieldError error) {
        return error.getField() + " " + error.getDefaultMessage();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static String expectedType(Class<?> type) {
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "a valid " + type.getSimpleName();
    }

    private static String path(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            HttpServletRequest http = servlet.getRequest();
            return http.getRequestURI();
        }
        return null;
    }
}

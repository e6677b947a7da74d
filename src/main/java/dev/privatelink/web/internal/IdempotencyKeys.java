package dev.privatelink.web.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on every POST and PATCH: a caller (API key) that repeats a request with the
 * same key and body gets the first response replayed instead of a second change; the same key with a
 * different body answers 422, and a repeat while the first is still running answers 409. Keys are kept
 * for 24 hours. Responses of 5xx are not kept, so the request can be retried with the same key. A
 * request still "in flight" after {@link #ABANDONED_AFTER} crashed mid-way (no request runs that long):
 * its key is free again. A recurring db-scheduler task ({@link Cleanup}) deletes expired and abandoned
 * keys; it runs on one replica at a time.
 * Runs after authentication, so keys are scoped to the authenticated API key.
 */
@Component
@org.springframework.core.annotation.Order(0)
class IdempotencyKeys extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);
    static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(15);
    private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    IdempotencyKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return request.getHeader(HEADER) == null || !("POST".equals(method) || "PATCH".equals(method));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> keyId = callerKeyId();
        if (keyId.isEmpty()) {
            chain.doFilter(request, response); // unauthenticated: security answers
            return;
        }
        String key = request.getHeader(HEADER);
        if (!ACCEPTABLE.matcher(key).matches()) {
            refuse(response, HttpStatus.BAD_REQUEST, request,
                    HEADER + " must be 1 to 255 visible ASCII characters (a UUID is a good choice)");
            return;
        }
        byte[] body;
        try {
            body = StreamUtils.copyToByteArray(request.getInputStream());
        } catch (RequestBodyLimit.TooLarge e) {
            refuse(response, HttpStatus.CONTENT_TOO_LARGE, request, RequestBodyLimit.MESSAGE);
            return;
        }
        String hash = hash(request, body);
        Instant now = clock.instant();
        jdbc.sql("""
                        delete from idempotency_key where key_id = :keyId and idempotency_key = :key
                          and (expires_at < :now or (state = 'IN_FLIGHT' and created_at < :abandonedBefore))""")
                .param("keyId", keyId.get()).param("key", key).param("now", Timestamp.from(now))
                .param("abandonedBefore", Timestamp.from(now.minus(ABANDONED_AFTER))).update();
        int inserted = jdbc.sql("""
                        insert into idempotency_key (key_id, idempotency_key, request_hash, state, created_at, expires_at)
                        values (:keyId, :key, :hash, 'IN_FLIGHT', :now, :expires) on conflict do nothing""")
                .param("keyId", keyId.get()).param("key", key).param("hash", hash)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(now.plus(RETENTION)))
                .update();
        if (inserted == 0) {
            answerFromRecord(keyId.get(), key, hash, request, response);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new Replayable(request, body), recorded);
            if (isFinal(recorded.getStatus())) {
                jdbc.sql("""
                                update idempotency_key set state = 'DONE', response_status = :status, response_type = :type,
                                       response_etag = :etag, response_body = :body
                                where key_id = :keyId and idempotency_key = :key and created_at = :created""")
                        .param("status", recorded.getStatus()).param("type", recorded.getContentType())
                        .param("etag", recorded.getHeader(HttpHeaders.ETAG)).param("body", recorded.getContentAsByteArray())
                        .param("keyId", keyId.get()).param("key", key).param("created", Timestamp.from(now)).update();
                kept = true;
            }
        } finally {
            if (!kept) {
                // only this request's own record: an abandoned one may have been taken over meanwhile
                jdbc.sql("delete from idempotency_key where key_id = :keyId and idempotency_key = :key and created_at = :created")
                        .param("keyId", keyId.get()).param("key", key).param("created", Timestamp.from(now)).update();
            }
            recorded.copyBodyToResponse();
        }
    }

    /**
     * Whether a response is the request's final answer, to be replayed for the same key. Server errors
     * and the answers that tell the caller to try again (409 conflict, 412 changed meanwhile, 429) are
     * not: replaying them would refuse the very retry they ask for.
     */
    static boolean isFinal(int status) {
        return status < 500 && status != 409 && status != 412 && status != 429;
    }

    /**
     * Deletes the keys expired at {@code now} and those of requests abandoned in flight.
     *
     * @return how many were deleted
     */
    int purge(Instant now) {
        return jdbc.sql("delete from idempotency_key where expires_at < :now or (state = 'IN_FLIGHT' and created_at < :abandonedBefore)")
                .param("now", Timestamp.from(now)).param("abandonedBefore", Timestamp.from(now.minus(ABANDONED_AFTER)))
                .update();
    }

    /** The periodic purge as a db-scheduler recurring task: the starter registers every Task bean, and runs it on one replica at a time. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Cleanup {

        static final String TASK_NAME = "idempotency-key-cleanup";

        @org.springframework.context.annotation.Bean
        com.github.kagkarlsson.scheduler.task.helper.RecurringTask<Void> idempotencyKeyCleanupTask(IdempotencyKeys keys, Clock clock) {
            return com.github.kagkarlsson.scheduler.task.helper.Tasks
                    .recurring(TASK_NAME, com.github.kagkarlsson.scheduler.task.schedule.FixedDelay.of(CLEANUP_INTERVAL))
                    .execute((instance, context) -> keys.purge(clock.instant()));
        }
    }

    private void answerFromRecord(String keyId, String key, String hash, HttpServletRequest request,
                                  HttpServletResponse response) throws IOException {
        Optional<Record> record = jdbc.sql("""
                        select request_hash, state, response_status, response_type, response_etag, response_body
                        from idempotency_key where key_id = :keyId and idempotency_key = :key""")
                .param("keyId", keyId).param("key", key)
                .query((rs, n) -> new Record(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6)))
                .optional();
        if (record.isEmpty()) {
            refuse(response, HttpStatus.CONFLICT, request, "the request with this " + HEADER
                    + " has just finished without a kept response; retry it");
            return;
        }
        Record r = record.get();
        if (!r.hash().equals(hash)) {
            refuse(response, HttpStatus.UNPROCESSABLE_CONTENT, request, HEADER + " '" + key
                    + "' was already used for a different request; use a new key for a new request");
        } else if ("IN_FLIGHT".equals(r.state())) {
            refuse(response, HttpStatus.CONFLICT, request, "the request with " + HEADER + " '" + key
                    + "' is still being processed; retry after it has finished");
        } else {
            response.setStatus(r.status());
            if (r.type() != null) {
                response.setContentType(r.type());
            }
            if (r.etag() != null) {
                response.setHeader(HttpHeaders.ETAG, r.etag());
            }
            response.setHeader(REPLAYED_HEADER, "true");
            response.getOutputStream().write(r.body() == null ? new byte[0] : r.body());
        }
    }

    private static void refuse(HttpServletResponse response, HttpStatus status, HttpServletRequest request, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        org.springframework.http.ProblemDetail problem = Problems.of(status, detail, request.getRequestURI());
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", problem.getInstance() == null ? null : problem.getInstance().toString());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    /** The authenticated API key's id (its name); empty for anonymous requests. */
    private static Optional<String> callerKeyId() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() || authentication instanceof AnonymousAuthenticationToken
                ? Optional.empty() : Optional.of(authentication.getName());
    }

    /** What makes two requests "the same": method, path, query and body. */
    private static String hash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
                    + (request.getQueryString() == null ? "" : request.getQueryString()) + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Record(String hash, String state, int status, String type, String etag, byte[] body) {
    }

    /** The request with its body, already read for the hash, readable once more by the controller. */
    private static final class Replayable extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayable(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}

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

import dev.privatelink.database.DatabaseAvailability;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StreamUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every POST and PATCH: a caller (API key) that repeats a request with the
 * same key and body gets the first response replayed instead of a second change; the same key with a
 * different body answers 422. Keys are kept for 24 hours.
 *
 * <p>The request runs in one transaction that the controller's own joins: the key, the change and the
 * recorded response commit together or not at all, so a crash before the commit leaves neither a change
 * nor a key behind, and the client's retry simply runs. A repeat that arrives while the first request
 * runs waits for it (its insert of the same key waits on the first one's) and then gets the replay, or
 * 409 after {@link #CONCURRENT_WAIT}. Only answers that are final are recorded: a refusal (4xx) is
 * recorded after its changes are rolled back; 5xx and the answers that ask for a retry (409, 412, 429)
 * are not, so the retry with the same key runs again. Rows {@code IN_FLIGHT} and older than
 * {@link #ABANDONED_AFTER} come only from versions that committed the key before the change; they are
 * free again. A recurring db-scheduler task ({@link Cleanup}) deletes expired and abandoned keys; it runs
 * on one replica at a time. Runs after authentication, so keys are scoped to the authenticated API key.
 */
@Component
@org.springframework.core.annotation.Order(0)
class IdempotencyKeys extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);
    static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(15);
    /** How long a repeat waits for the first request with its key before it answers 409. */
    static final Duration CONCURRENT_WAIT = Duration.ofSeconds(5);
    private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final DatabaseAvailability database;

    IdempotencyKeys(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, DatabaseAvailability database) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.database = database;
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
        Attempt attempt = new Attempt(keyId.get(), key, hash(request, body), clock.instant());
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        Outcome outcome;
        try {
            outcome = transactions.execute(transaction -> attempt.run(transaction, new Replayable(request, body), recorded, chain));
        } catch (ChainFailure failure) {
            rethrow(failure.getCause()); // rolled back; the error page answers as without a key
            return;
        } catch (RuntimeException failed) {
            // the key's own statements or the commit failed: the change is not made, whatever the controller answered
            recorded.reset();
            response.setHeader(RequestIds.HEADER, (String) request.getAttribute(RequestIds.ATTRIBUTE));
            if (database.explains(failed)) {
                throw failed; // answered 503 by DatabaseOutages
            }
            log.error("Could not commit {} {}", request.getMethod(), request.getRequestURI(), failed);
            refuse(response, HttpStatus.INTERNAL_SERVER_ERROR, request,
                    "an unexpected error occurred; nothing was changed; quote requestId " + RequestIds.current() + " to support");
            return;
        }
        switch (outcome) {
            case KEY_TAKEN -> {
                recorded.reset();
                answerFromRecord(attempt, request, response);
                return;
            }
            case STILL_RUNNING -> {
                recorded.reset();
                refuse(response, HttpStatus.CONFLICT, request, "the request with " + HEADER + " '" + key
                        + "' is still being processed; retry after it has finished");
                return;
            }
            case REFUSED -> {
                if (isFinal(recorded.getStatus())) {
                    transactions.executeWithoutResult(transaction -> attempt.record(recorded, true));
                }
            }
            case COMMITTED -> {
            }
        }
        recorded.copyBodyToResponse();
    }

    /** What the rest of the chain threw, carried out of the transaction (which it rolls back) unchanged. */
    private static final class ChainFailure extends RuntimeException {
        ChainFailure(Exception cause) {
            super(cause);
        }
    }

    private static void rethrow(Throwable failure) throws IOException, ServletException {
        switch (failure) {
            case IOException io -> throw io;
            case ServletException servlet -> throw servlet;
            case RuntimeException runtime -> throw runtime;
            default -> throw new ServletException(failure);
        }
    }

    private enum Outcome {
        /** the answer was 2xx: key, change and response committed together */
        COMMITTED,
        /** the answer was an error: everything rolled back (a final one is then recorded on its own) */
        REFUSED,
        /** the key is recorded already: replay or refuse from the record */
        KEY_TAKEN,
        /** the first request with this key still runs */
        STILL_RUNNING
    }

    /** One request under one key: the key row first, then the request, then its response, in one transaction. */
    private final class Attempt {
        private final String keyId;
        private final String key;
        private final String hash;
        private final Instant now;

        Attempt(String keyId, String key, String hash, Instant now) {
            this.keyId = keyId;
            this.key = key;
            this.hash = hash;
            this.now = now;
        }

        Outcome run(TransactionStatus transaction, HttpServletRequest request, ContentCachingResponseWrapper response,
                    FilterChain chain) {
            jdbc.sql("""
                            delete from idempotency_key where key_id = :keyId and idempotency_key = :key
                              and (expires_at < :now or (state = 'IN_FLIGHT' and created_at < :abandonedBefore))""")
                    .param("keyId", keyId).param("key", key).param("now", Timestamp.from(now))
                    .param("abandonedBefore", Timestamp.from(now.minus(ABANDONED_AFTER))).update();
            int inserted;
            try {
                // a concurrent request with the same key holds its uncommitted row: wait for it, but not forever
                jdbc.sql("set local lock_timeout = '" + CONCURRENT_WAIT.toMillis() + "ms'").update();
                inserted = jdbc.sql("""
                                insert into idempotency_key (key_id, idempotency_key, request_hash, state, created_at, expires_at)
                                values (:keyId, :key, :hash, 'IN_FLIGHT', :now, :expires) on conflict do nothing""")
                        .param("keyId", keyId).param("key", key).param("hash", hash)
                        .param("now", Timestamp.from(now)).param("expires", Timestamp.from(now.plus(RETENTION)))
                        .update();
                jdbc.sql("set local lock_timeout to default").update();
            } catch (PessimisticLockingFailureException stillRunning) {
                transaction.setRollbackOnly();
                return Outcome.STILL_RUNNING;
            }
            if (inserted == 0) {
                transaction.setRollbackOnly();
                return Outcome.KEY_TAKEN;
            }
            try {
                chain.doFilter(request, response);
            } catch (IOException | ServletException | RuntimeException e) {
                throw new ChainFailure(e);
            }
            if (!HttpStatus.valueOf(response.getStatus()).is2xxSuccessful() || transaction.isRollbackOnly()) {
                transaction.setRollbackOnly();
                return Outcome.REFUSED;
            }
            record(response, false);
            return Outcome.COMMITTED;
        }

        /** Keeps the response for repeats: in the request's transaction, or after a refusal on its own. */
        void record(ContentCachingResponseWrapper response, boolean alone) {
            if (alone) {
                jdbc.sql("""
                                insert into idempotency_key (key_id, idempotency_key, request_hash, state, created_at, expires_at)
                                values (:keyId, :key, :hash, 'IN_FLIGHT', :now, :expires) on conflict do nothing""")
                        .param("keyId", keyId).param("key", key).param("hash", hash)
                        .param("now", Timestamp.from(now)).param("expires", Timestamp.from(now.plus(RETENTION)))
                        .update();
            }
            jdbc.sql("""
                            update idempotency_key set state = 'DONE', response_status = :status, response_type = :type,
                                   response_etag = :etag, response_body = :body
                            where key_id = :keyId and idempotency_key = :key and created_at = :created""")
                    .param("status", response.getStatus()).param("type", response.getContentType())
                    .param("etag", response.getHeader(HttpHeaders.ETAG)).param("body", response.getContentAsByteArray())
                    .param("keyId", keyId).param("key", key).param("created", Timestamp.from(now)).update();
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

    private void answerFromRecord(Attempt attempt, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String keyId = attempt.keyId;
        String key = attempt.key;
        String hash = attempt.hash;
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
        Problems.write(response, Problems.of(status, detail, request.getRequestURI()));
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

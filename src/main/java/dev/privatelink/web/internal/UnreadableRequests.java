package dev.privatelink.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with a 4xx that names the culprit, what would otherwise fail deep inside the framework as a
 * 500: a query string that is not valid percent-encoded UTF-8 ({@code ?status=%zz}) or holds a NUL
 * character (which PostgreSQL cannot store or compare), and a {@code Content-Type} that names no media
 * type ({@code *}{@code /*}, {@code application/*}) or is not one at all. Runs before authentication:
 * the request is refused whoever sends it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class UnreadableRequests extends OncePerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final int QUOTED_LIMIT = 100;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refusal = queryStringProblem(request.getQueryString());
        if (refusal.isPresent()) {
            response.sendError(HttpStatus.BAD_REQUEST.value(), refusal.get());
            return;
        }
        if (WITH_BODY.contains(request.getMethod())) {
            Optional<String> unusable = contentTypeProblem(request.getHeader(HttpHeaders.CONTENT_TYPE));
            if (unusable.isPresent()) {
                response.sendError(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), unusable.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with a raw query string, if anything: each name and value must decode to UTF-8 without NUL. */
    static Optional<String> queryStringProblem(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            Optional<String> name = decode(rawName);
            String shownName = quoted(name.orElse(rawName));
            if (name.isEmpty()) {
                return Optional.of("query parameter name " + shownName + " is not valid percent-encoded UTF-8: "
                        + "a '%' must be followed by two hexadecimal digits forming UTF-8");
            }
            Optional<String> value = decode(rawValue);
            if (value.isEmpty()) {
                return Optional.of("query parameter " + shownName + " has a value that is not valid percent-encoded "
                        + "UTF-8 (" + quoted(rawValue) + "): a '%' must be followed by two hexadecimal digits forming UTF-8");
            }
            if (name.get().indexOf('\0') >= 0 || value.get().indexOf('\0') >= 0) {
                return Optional.of("query parameter " + shownName + " must not contain the NUL character (%00)");
            }
        }
        return Optional.empty();
    }

    static Optional<String> contentTypeProblem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Optional.empty(); // Spring answers a missing one for routes that need a body
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return Optional.of("Content-Type " + quoted(contentType) + " names no media type; send application/json");
            }
            return Optional.empty();
        } catch (InvalidMediaTypeException e) {
            return Optional.of("Content-Type " + quoted(contentType) + " is not a media type; send application/json");
        }
    }

    /** Strict percent-decoding ({@code +} is a space, as in forms); empty when the bytes are not UTF-8. */
    private static Optional<String> decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return Optional.empty();
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String quoted(String value) {
        String shown = value.length() > QUOTED_LIMIT ? value.substring(0, QUOTED_LIMIT) + "…" : value;
        return "'" + shown.replace("\0", "\\0") + "'";
    }
}

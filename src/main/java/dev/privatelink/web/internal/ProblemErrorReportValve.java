package dev.privatelink.web.internal;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's error page, as problem details: what Tomcat refuses before the application sees the request
 * (an encoded {@code /} or {@code %00} in the path, invalid UTF-8, a request line or headers over
 * 8 KB, no {@code Host}, an {@code Expect} other than {@code 100-continue}, a method it does not serve)
 * gets the same body as every other error, never Tomcat's HTML page. Such a request never reached
 * {@link RequestIdFilter}, so its id is made here.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return; // not an error, or the application has answered it already
        }
        String requestId = response.getHeader(RequestIds.HEADER);
        if (requestId == null) {
            requestId = RequestIds.accept(null);
            response.setHeader(RequestIds.HEADER, requestId);
        }
        var problem = Problems.of(HttpStatusCode.valueOf(status), detail(status), null);
        problem.setProperty("requestId", requestId);
        try {
            Problems.write(response, problem);
        } catch (IOException | IllegalStateException clientGone) {
            // nothing more can be said to this client
        }
    }

    /** Why Tomcat refused the request, in words a caller can act on; never Tomcat's own message, which may echo the request. */
    static String detail(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        if (known == null) {
            return "the request was refused";
        }
        return switch (known) {
            case BAD_REQUEST -> "the request is malformed: check the request line, the Host header, header sizes "
                    + "(8 KB at most) and the URL's percent-encoding (UTF-8; no encoded '/', '\\\\' or NUL)";
            case METHOD_NOT_ALLOWED -> "this method is not served here";
            case EXPECTATION_FAILED -> "only 'Expect: 100-continue' is supported";
            case URI_TOO_LONG -> "the URL is longer than 8 KB";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "the request headers are larger than 8 KB";
            case HTTP_VERSION_NOT_SUPPORTED -> "HTTP/1.1 and HTTP/1.0 are served here";
            default -> known.getReasonPhrase();
        };
    }
}

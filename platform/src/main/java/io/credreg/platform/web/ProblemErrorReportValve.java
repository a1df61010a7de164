package io.credreg.platform.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Tomcat refuses some requests before any servlet sees them (an encoded slash or NUL in the path, a malformed
 * escape, an oversized header) and renders its own HTML page. This valve renders a problem instead, naming only the
 * status: the container's reason may quote the request.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED.value()) {
            // A request line naming an HTTP version that does not exist is the client's error, not the server's:
            // no request a client can send may be answered with a 5xx.
            status = HttpStatus.BAD_REQUEST.value();
            response.setStatus(status);
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problemJson(HttpStatusCode.valueOf(status)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is already on its way: nothing more can be said.
        }
    }

    /** Hand-written: every value is a constant of ours, so nothing needs escaping. */
    static String problemJson(HttpStatusCode status) {
        return ProblemType.forStatus(status).json(status, ProblemWording.forStatus(status));
    }
}

package io.credreg.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends bytes no HTTP client library would send (a NUL or a raw space in the request line, control characters in a
 * header, a broken request line) over a plain socket and reads what comes back. Only for requests the servlet
 * container itself must refuse; everything a real client can send goes through {@link Api}.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** An answer: status (0 when the server closed without one), content type and body. */
    public record Answer(int status, String contentType, String body) {
    }

    public static Answer send(URI base, byte[] request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new AssertionError("raw request to " + base + " failed: " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // whatever arrived before the server stopped talking is the answer
        }
        return bytes.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/")) {
            return new Answer(0, "", text);
        }
        int lineEnd = text.indexOf("\r\n");
        String[] statusLine = text.substring(0, lineEnd < 0 ? text.length() : lineEnd).split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        int headersEnd = text.indexOf("\r\n\r\n");
        String head = headersEnd < 0 ? text : text.substring(0, headersEnd);
        String contentType = "";
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).strip();
            }
        }
        String body = headersEnd < 0 ? "" : text.substring(headersEnd + 4);
        return new Answer(status, contentType, body);
    }
}

package io.credreg.query.web;

/** Something the client named does not exist (yet: the query side is eventually consistent). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }

    public static NotFoundException credential(String credentialId) {
        return new NotFoundException("No credential with id '" + credentialId + "' is known.");
    }
}

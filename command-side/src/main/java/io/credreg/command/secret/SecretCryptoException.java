package io.credreg.command.secret;

/** Encryption or decryption failed; never carries key material or plaintext. */
public class SecretCryptoException extends RuntimeException {

    public SecretCryptoException(String message, Throwable cause) {
        super(message, cause);
    }

    public SecretCryptoException(String message) {
        super(message);
    }
}

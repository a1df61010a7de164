package io.credreg.api.credential;

/** A command addressed to one credential: {@link #credentialId()} names the aggregate that decides it. */
public sealed interface CredentialCommand
        permits CreateCredential, RenameCredential, RotateCredentialSecret, DeleteCredential, ReadSecretVersion,
        RestoreCredential, PurgeCredential {

    String credentialId();
}

package io.credreg.query.credential;

import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

import java.util.Optional;

/** Reads credentials through JPA; the projection writes them through {@link CredentialWriter}. */
interface CredentialViewRepository extends Repository<CredentialView, String>,
        JpaSpecificationExecutor<CredentialView>, CredentialWriter {

    Optional<CredentialView> findById(String id);
}

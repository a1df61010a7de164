package io.credreg.query.infrastructure;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JPA token store, made safe for query-side processes that start at the same time.
 * <p>
 * Axon's pooled coordinator initializes a processor's segments inside its own transaction and swallows the
 * exception of a concurrent initialization, expecting to retry. With JPA, that exception has already marked the
 * transaction rollback-only, so the commit throws {@code UnexpectedRollbackException} and the process fails to start.
 * Initializing in a transaction of its own keeps the loser's failure out of the coordinator's transaction: the
 * coordinator sees an ordinary exception, retries, and finds the winner's segments.
 */
@Configuration(proxyBeanMethods = false)
public class TokenStoreConfiguration {

    @Bean
    TokenStore tokenStore(Serializer serializer, EntityManagerProvider entityManagerProvider,
                          TokenStoreProperties properties, PlatformTransactionManager transactionManager) {
        JpaTokenStore.Builder builder = JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout());
        return new IsolatedInitializationTokenStore(builder, transactionManager);
    }

    static class IsolatedInitializationTokenStore extends JpaTokenStore {

        private static final Logger log = LoggerFactory.getLogger(IsolatedInitializationTokenStore.class);

        private final TransactionTemplate ownTransaction;

        IsolatedInitializationTokenStore(JpaTokenStore.Builder builder, PlatformTransactionManager transactionManager) {
            super(builder);
            this.ownTransaction = new TransactionTemplate(transactionManager);
            this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
            try {
                ownTransaction.executeWithoutResult(
                        status -> super.initializeTokenSegments(processorName, segmentCount, initialToken));
            } catch (RuntimeException concurrentInitialization) {
                log.info("Segments of processor [{}] were not initialized here ({}); another process may have done it",
                         processorName, concurrentInitialization.getClass().getSimpleName());
                throw new UnableToClaimTokenException(
                        "Could not initialize the segments of processor [" + processorName + "]");
            }
        }
    }
}

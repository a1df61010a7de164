package io.credreg.query.infrastructure;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value that lives as long as the current transaction, which for a pooled processor is one batch: created on first
 * use, handed to {@code beforeCommit} just before the transaction commits, and forgotten when it ends, committed or
 * rolled back. Only where {@link #active()} is true.
 */
public final class TransactionScoped {

    private TransactionScoped() {
    }

    public static boolean active() {
        return TransactionSynchronizationManager.isSynchronizationActive();
    }

    /** The {@code owner}'s value in the current transaction. */
    @SuppressWarnings("unchecked")
    public static <T> T get(Object owner, Supplier<T> create, Consumer<T> beforeCommit) {
        T value = (T) TransactionSynchronizationManager.getResource(owner);
        if (value == null) {
            T created = create.get();
            TransactionSynchronizationManager.bindResource(owner, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    beforeCommit.accept(created);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(owner);
                }
            });
            value = created;
        }
        return value;
    }
}

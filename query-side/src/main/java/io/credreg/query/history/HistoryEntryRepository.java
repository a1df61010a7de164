package io.credreg.query.history;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

import java.util.List;

interface HistoryEntryRepository extends Repository<HistoryEntryView, Long>, HistoryEntryWriter {

    List<HistoryEntryView> findByCredentialIdOrderByGlobalSequence(String credentialId);

    @Modifying
    @Query("delete from HistoryEntryView")
    int deleteAllEntries();
}

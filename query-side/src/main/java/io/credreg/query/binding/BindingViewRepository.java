package io.credreg.query.binding;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialDetail;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

import java.util.List;

/** Reads bindings through JPA; the projection writes them through {@link BindingWriter}. */
public interface BindingViewRepository extends Repository<BindingView, BindingId>, BindingWriter {

    @Query("""
            select new io.credreg.api.credential.CredentialDetail$Binding(b.id.instanceId, b.id.settingKey, b.boundAt)
            from BindingView b where b.id.credentialId = :credentialId
            order by b.id.instanceId, b.id.settingKey""")
    List<CredentialDetail.Binding> findBindingsOf(@Param("credentialId") String credentialId);

    @Query("""
            select new io.credreg.api.binding.SettingRef(b.id.instanceId, b.id.settingKey)
            from BindingView b where b.id.credentialId = :credentialId
            order by b.id.instanceId, b.id.settingKey""")
    List<SettingRef> findSettingsOf(@Param("credentialId") String credentialId);
}

package io.credreg.query.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.CredentialStatus;
import io.credreg.api.credential.CredentialSummary;
import io.credreg.api.credential.DeletionImpact;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindCredentials;
import io.credreg.api.credential.FindDeletionImpact;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.api.instance.FindInstanceSettings;
import io.credreg.api.instance.InstanceSetting;
import io.credreg.query.EventFeeder;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuerySideTest
class CredentialProjectionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Autowired
    CredentialProjection projection;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    QueryGateway queries;

    EventFeeder events;
    String provider;

    @BeforeEach
    void setUp() {
        events = new EventFeeder(projection, transactions);
        provider = "p" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createdCredentialIsActiveWithHintAndNoBindings() {
        String id = create("Main key");

        CredentialDetail detail = detail(id);
        assertThat(detail.name()).isEqualTo("Main key");
        assertThat(detail.provider()).isEqualTo(provider);
        assertThat(detail.status()).isEqualTo("active");
        assertThat(detail.secretHint()).isEqualTo("sk-…9f3a");
        assertThat(detail.secretVersion()).isEqualTo(1);
        assertThat(detail.bindingCount()).isZero();
        assertThat(detail.bindings()).isEmpty();
        assertThat(detail.createdAt()).isEqualTo(T0);
        assertThat(detail.updatedAt()).isEqualTo(T0);
    }

    @Test
    void createdTwiceKeepsTheFirstProjection() {
        String id = UUID.randomUUID().toString();
        TrackedEventMessage<?> created = events.feed(id, created(id, "Main key"), T0);
        bind(id, "acme-1", provider + ".default");

        events.redeliver(created);

        assertThat(detail(id).bindingCount()).isEqualTo(1);
    }

    @Test
    void renameChangesNameAndUpdatedAt() {
        String id = create("Old");
        Instant later = T0.plus(1, ChronoUnit.HOURS);

        events.feed(id, new CredentialRenamed(id, provider, "Old", "New"), later);

        CredentialDetail detail = detail(id);
        assertThat(detail.name()).isEqualTo("New");
        assertThat(detail.updatedAt()).isEqualTo(later);
        assertThat(detail.createdAt()).isEqualTo(T0);
    }

    @Test
    void rotationReplacesHintAndVersionButNeverGoesBack() {
        String id = create("Key");
        TrackedEventMessage<?> second = events.feed(id, rotated(id, "sk-…0002", 2));
        events.feed(id, rotated(id, "sk-…0003", 3));

        events.redeliver(second);

        CredentialDetail detail = detail(id);
        assertThat(detail.secretHint()).isEqualTo("sk-…0003");
        assertThat(detail.secretVersion()).isEqualTo(3);
    }

    @Test
    void bindingShowsOnCredentialAndInstance() {
        String id = create("Key");
        String instance = instance();

        events.feed(id, new SettingBound(id, instance, provider + ".default", provider, null), T0);

        CredentialDetail detail = detail(id);
        assertThat(detail.bindingCount()).isEqualTo(1);
        assertThat(detail.bindings()).containsExactly(
                new CredentialDetail.Binding(instance, provider + ".default", T0));
        assertThat(settings(instance)).containsExactly(
                new InstanceSetting(provider + ".default", id, "Key", provider, T0));
    }

    @Test
    void redeliveredBindAndUnbindCountOnce() {
        String id = create("Key");
        String instance = instance();
        TrackedEventMessage<?> bound = bind(id, instance, provider + ".default");
        events.redeliver(bound);
        assertThat(detail(id).bindingCount()).isEqualTo(1);

        TrackedEventMessage<?> unbound = unbind(id, instance, provider + ".default", UnbindReason.REQUESTED);
        events.redeliver(unbound);

        assertThat(detail(id).bindingCount()).isZero();
        assertThat(settings(instance)).isEmpty();
    }

    @Test
    void instanceSettingsFollowRenames() {
        String id = create("Before");
        String instance = instance();
        bind(id, instance, provider + ".default");

        events.feed(id, new CredentialRenamed(id, provider, "Before", "After"));

        assertThat(settings(instance)).extracting(InstanceSetting::credentialName).containsExactly("After");
    }

    @Test
    void replacementUnbindFirstEndsWithNewCredentialOnly() {
        String old = create("Old");
        String replacement = create("New");
        String instance = instance();
        String setting = provider + ".default";
        bind(old, instance, setting);

        unbind(old, instance, setting, UnbindReason.REPLACED);
        events.feed(replacement, new SettingBound(replacement, instance, setting, provider, old));

        assertReplaced(old, replacement, instance, setting);
    }

    @Test
    void replacementBindFirstEndsWithNewCredentialOnly() {
        String old = create("Old");
        String replacement = create("New");
        String instance = instance();
        String setting = provider + ".default";
        bind(old, instance, setting);

        events.feed(replacement, new SettingBound(replacement, instance, setting, provider, old));
        unbind(old, instance, setting, UnbindReason.REPLACED);

        assertReplaced(old, replacement, instance, setting);
    }

    @Test
    void deletionUnbindsEverythingAtOnceAndTheCascadeKeepsCountsRight() {
        String id = create("Hot");
        List<String> instances = List.of(instance(), instance(), instance());
        instances.forEach(instance -> bind(id, instance, provider + ".default"));
        Instant deletedAt = T0.plus(1, ChronoUnit.DAYS);

        events.feed(id, new CredentialDeleted(id, "Hot", provider, "fp", "dk-1", 3), deletedAt);
        assertDeletedWithoutBindings(id, instances, deletedAt);

        instances.forEach(instance -> unbind(id, instance, provider + ".default", UnbindReason.CREDENTIAL_DELETED));
        assertDeletedWithoutBindings(id, instances, deletedAt);
    }

    @Test
    void bindingThatRacedWithDeletionIsUndoneByItsCompensatingUnbind() {
        String id = create("Raced");
        String instance = instance();
        events.feed(id, new CredentialDeleted(id, "Raced", provider, "fp", "dk-1", 0));
        bind(id, instance, provider + ".default");
        assertThat(deletionImpact(id).settings()).isEmpty();

        unbind(id, instance, provider + ".default", UnbindReason.CREDENTIAL_DELETED);

        assertThat(detail(id).bindingCount()).isZero();
        assertThat(settings(instance)).isEmpty();
    }

    @Test
    void deletionImpactListsTheCurrentSettings() {
        String id = create("Key");
        String instance = instance();
        bind(id, instance, provider + ".bot.2");
        bind(id, instance, provider + ".bot.1");

        assertThat(deletionImpact(id)).isEqualTo(new DeletionImpact(id, List.of(
                new SettingRef(instance, provider + ".bot.1"), new SettingRef(instance, provider + ".bot.2")), 2L, 7, null));
    }

    @Test
    void theVersionIsTheSequenceNumberOfTheLastEventOfTheStream() {
        String id = create("Key");
        assertThat(detail(id).version()).isZero();
        String instance = instance();

        events.feed(id, new CredentialRenamed(id, provider, "Key", "Renamed"));
        bind(id, instance, provider + ".default");
        TrackedEventMessage<?> rotation = events.feed(id, rotated(id, "sk-…0002", 2));
        bind(id, instance, provider + ".bot.1");
        unbind(id, instance, provider + ".bot.1", UnbindReason.REQUESTED);
        assertThat(detail(id).version()).isEqualTo(5);

        events.redeliver(rotation);
        assertThat(detail(id).version()).as("a re-delivery never lowers it").isEqualTo(5);
    }

    @Test
    void aDeletionSetsTheVersionAfterItsCascadeAtOnce() {
        String id = create("Key");
        String instance = instance();
        bind(id, instance, provider + ".default");
        bind(id, instance, provider + ".bot.1");

        events.feed(id, new CredentialDeleted(id, "Key", provider, null, "dk", 2));
        assertThat(detail(id).version()).as("deletion at 3, its two unbinds at 4 and 5").isEqualTo(5);
        unbind(id, instance, provider + ".default", UnbindReason.CREDENTIAL_DELETED);
        unbind(id, instance, provider + ".bot.1", UnbindReason.CREDENTIAL_DELETED);

        assertThat(detail(id).version()).isEqualTo(5);
        assertThat(deletionImpact(id).version()).isEqualTo(5);
    }

    @Test
    void aResolutionRecordedInTheStreamBeforeIssue10MovesTheVersionAndOneRecordedSinceDoesNot() {
        String id = create("Key");
        events.feed(id, new io.credreg.api.credential.SecretResolved(id, "acme", provider + ".default", 1));
        assertThat(detail(id).version()).isEqualTo(1);

        events.feedNonAggregate(new io.credreg.api.credential.SecretResolved(id, "acme", provider + ".default", 1),
                org.axonframework.messaging.MetaData.emptyInstance());

        assertThat(detail(id).version()).isEqualTo(1);
    }

    @Test
    void unknownCredentialIsAbsent() {
        String unknown = UUID.randomUUID().toString();

        assertThat(queries.query(new FindCredential(unknown),
                ResponseTypes.optionalInstanceOf(CredentialDetail.class)).join()).isEmpty();
        assertThat(queries.query(new FindDeletionImpact(unknown),
                ResponseTypes.optionalInstanceOf(DeletionImpact.class)).join()).isEmpty();
    }

    @Test
    void listFiltersByProviderStatusAndNameSubstring() {
        String active = create("Team OpenAI 100%");
        String deleted = create("Legacy key");
        create("Other_key");
        events.feed(deleted, new CredentialDeleted(deleted, "Legacy key", provider, "fp", "dk", 0));

        assertThat(list(null, null)).hasSize(3);
        assertThat(list(CredentialStatus.ACTIVE, null)).extracting(CredentialSummary::id).doesNotContain(deleted);
        assertThat(list(CredentialStatus.DELETED, null)).extracting(CredentialSummary::id).containsExactly(deleted);
        assertThat(list(null, "openai")).extracting(CredentialSummary::id).containsExactly(active);
        assertThat(list(null, "100%")).extracting(CredentialSummary::id).containsExactly(active);
        assertThat(list(null, "r_k")).extracting(CredentialSummary::name).containsExactly("Other_key");
        assertThat(list(null, "%")).extracting(CredentialSummary::id).containsExactly(active);
    }

    @Test
    void resetClearsCredentialsAndBindings() {
        String id = create("Key");
        String instance = instance();
        bind(id, instance, provider + ".default");

        events.reset();

        assertThat(queries.query(new FindCredential(id),
                ResponseTypes.optionalInstanceOf(CredentialDetail.class)).join()).isEmpty();
        assertThat(settings(instance)).isEmpty();
    }

    private void assertReplaced(String old, String replacement, String instance, String setting) {
        assertThat(detail(old).bindingCount()).isZero();
        assertThat(detail(old).bindings()).isEmpty();
        assertThat(detail(replacement).bindingCount()).isEqualTo(1);
        assertThat(settings(instance)).extracting(InstanceSetting::settingKey, InstanceSetting::credentialId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(setting, replacement));
    }

    private void assertDeletedWithoutBindings(String id, List<String> instances, Instant deletedAt) {
        CredentialDetail detail = detail(id);
        assertThat(detail.status()).isEqualTo("deleted");
        assertThat(detail.updatedAt()).isEqualTo(deletedAt);
        assertThat(detail.bindingCount()).isZero();
        assertThat(detail.bindings()).isEmpty();
        assertThat(deletionImpact(id).settings()).isEmpty();
        instances.forEach(instance -> assertThat(settings(instance)).isEmpty());
    }

    private String create(String name) {
        String id = UUID.randomUUID().toString();
        events.feed(id, created(id, name), T0);
        return id;
    }

    private CredentialCreated created(String id, String name) {
        return new CredentialCreated(id, name, provider, new SecretEnvelope("dk", "nonce", "cipher"), "fp-" + id,
                "sk-…9f3a", 1);
    }

    private CredentialSecretRotated rotated(String id, String hint, int version) {
        return new CredentialSecretRotated(id, new SecretEnvelope("dk" + version, "n", "c"), "fp" + version, hint,
                version, "dk" + (version - 1));
    }

    private TrackedEventMessage<?> bind(String id, String instance, String setting) {
        return events.feed(id, new SettingBound(id, instance, setting, provider, null));
    }

    private TrackedEventMessage<?> unbind(String id, String instance, String setting, UnbindReason reason) {
        return events.feed(id, new SettingUnbound(id, instance, setting, reason));
    }

    private static String instance() {
        return "inst-" + UUID.randomUUID();
    }

    private CredentialDetail detail(String id) {
        return queries.query(new FindCredential(id), ResponseTypes.optionalInstanceOf(CredentialDetail.class))
                .join().orElseThrow();
    }

    private DeletionImpact deletionImpact(String id) {
        return queries.query(new FindDeletionImpact(id), ResponseTypes.optionalInstanceOf(DeletionImpact.class))
                .join().orElseThrow();
    }

    private List<InstanceSetting> settings(String instance) {
        return queries.query(new FindInstanceSettings(instance),
                ResponseTypes.multipleInstancesOf(InstanceSetting.class)).join();
    }

    private List<CredentialSummary> list(CredentialStatus status, String name) {
        return queries.query(new FindCredentials(provider, status, name),
                ResponseTypes.multipleInstancesOf(CredentialSummary.class)).join();
    }
}

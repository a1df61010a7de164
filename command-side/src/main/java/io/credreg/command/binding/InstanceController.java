package io.credreg.command.binding;

import io.credreg.api.binding.BindToInstance;
import io.credreg.api.binding.BindingResult;
import io.credreg.api.binding.UnbindSetting;
import io.credreg.api.instance.InstanceRemovalResult;
import io.credreg.api.instance.RemoveInstance;
import io.credreg.command.credential.Versioned;
import io.credreg.command.validation.Patterns;
import io.credreg.command.web.EntityTags;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/instances/{instanceId}")
class InstanceController {

    private static final String INSTANCE_MESSAGE = "must match " + Patterns.INSTANCE_ID;
    private static final String SETTING_MESSAGE = "must match " + Patterns.SETTING_KEY;

    private final CommandGateway commands;

    InstanceController(CommandGateway commands) {
        this.commands = commands;
    }

    /*
     * A binding is an event of the credential's stream, so it moves the credential's version (decision 0130). The
     * ETag of a bind is the version of the credential the setting now holds, and its If-Match names that credential's
     * version; those of an unbind name the credential that held the setting.
     */

    @PutMapping("/settings/{settingKey}")
    ResponseEntity<BindingResult> bind(
            @PathVariable @Pattern(regexp = Patterns.INSTANCE_ID, message = INSTANCE_MESSAGE) String instanceId,
            @PathVariable @Pattern(regexp = Patterns.SETTING_KEY, message = SETTING_MESSAGE) String settingKey,
            @RequestHeader(name = EntityTags.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody BindingRequests.Bind body) {
        Versioned<BindingResult> bound = commands.sendAndWait(new BindToInstance(instanceId, settingKey,
                body.credentialId(), EntityTags.expectedVersion(ifMatch)));
        return ResponseEntity.ok().eTag(EntityTags.of(bound.version())).body(bound.result());
    }

    @DeleteMapping("/settings/{settingKey}")
    ResponseEntity<Void> unbind(
            @PathVariable @Pattern(regexp = Patterns.INSTANCE_ID, message = INSTANCE_MESSAGE) String instanceId,
            @PathVariable @Pattern(regexp = Patterns.SETTING_KEY, message = SETTING_MESSAGE) String settingKey,
            @RequestHeader(name = EntityTags.IF_MATCH, required = false) String ifMatch) {
        long version = commands.<Long>sendAndWait(new UnbindSetting(instanceId, settingKey,
                EntityTags.expectedVersion(ifMatch)));
        return ResponseEntity.noContent().eTag(EntityTags.of(version)).build();
    }

    /**
     * Unbinds settings of any number of credentials, so there is no one version for an If-Match to name: one is
     * refused as a malformed request rather than ignored.
     */
    @DeleteMapping
    InstanceRemovalResult remove(
            @PathVariable @Pattern(regexp = Patterns.INSTANCE_ID, message = INSTANCE_MESSAGE) String instanceId,
            @RequestHeader(name = EntityTags.IF_MATCH, required = false) String ifMatch) {
        EntityTags.requireNone(ifMatch, "an instance removal changes several credentials, so there is no one version "
                + "for If-Match to name");
        return commands.sendAndWait(new RemoveInstance(instanceId));
    }
}

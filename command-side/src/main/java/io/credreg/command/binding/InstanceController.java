package io.credreg.command.binding;

import io.credreg.api.binding.BindToInstance;
import io.credreg.api.binding.BindingResult;
import io.credreg.api.binding.UnbindSetting;
import io.credreg.api.instance.InstanceRemovalResult;
import io.credreg.api.instance.RemoveInstance;
import io.credreg.command.validation.Patterns;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
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

    @PutMapping("/settings/{settingKey}")
    BindingResult bind(@PathVariable @Pattern(regexp = Patterns.INSTANCE_ID, message = INSTANCE_MESSAGE) String instanceId,
                       @PathVariable @Pattern(regexp = Patterns.SETTING_KEY, message = SETTING_MESSAGE) String settingKey,
                       @Valid @RequestBody BindingRequests.Bind body) {
        return commands.sendAndWait(new BindToInstance(instanceId, settingKey, body.credentialId()));
    }

    @DeleteMapping("/settings/{settingKey}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unbind(@PathVariable @Pattern(regexp = Patterns.INSTANCE_ID, message = INSTANCE_MESSAGE) String instanceId,
                @PathVariable @Pattern(regexp = Patterns.SETTING_KEY, message = SETTING_MESSAGE) String settingKey) {
        commands.sendAndWait(new UnbindSetting(instanceId, settingKey));
    }

    @DeleteMapping
    InstanceRemovalResult remove(
            @PathVariable @Pattern(regexp = Patterns.INSTANCE_ID, message = INSTANCE_MESSAGE) String instanceId) {
        return commands.sendAndWait(new RemoveInstance(instanceId));
    }
}

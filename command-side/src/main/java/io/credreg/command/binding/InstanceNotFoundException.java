package io.credreg.command.binding;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** Instances exist only through their bindings: one without any is unknown. */
public class InstanceNotFoundException extends RuleViolation {

    public InstanceNotFoundException(String instanceId) {
        super(Kind.NOT_FOUND, "not-found", "instance " + instanceId + " has no bound settings",
                Map.of("instanceId", instanceId));
    }
}

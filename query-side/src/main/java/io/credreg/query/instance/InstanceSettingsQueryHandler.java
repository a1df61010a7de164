package io.credreg.query.instance;

import io.credreg.api.instance.FindInstanceSettings;
import io.credreg.api.instance.InstanceSetting;
import io.credreg.query.binding.BindingViewRepository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;

@Component
class InstanceSettingsQueryHandler {

    private final BindingViewRepository bindings;

    InstanceSettingsQueryHandler(BindingViewRepository bindings) {
        this.bindings = bindings;
    }

    /** Instances exist only through their bindings, so an unknown instance simply has no settings. */
    @QueryHandler
    List<InstanceSetting> handle(FindInstanceSettings query) {
        return bindings.findSettingsOfInstance(query.instanceId());
    }
}

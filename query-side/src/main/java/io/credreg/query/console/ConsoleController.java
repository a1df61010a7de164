package io.credreg.query.console;

import io.credreg.platform.security.TokenPrincipal;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the console asks before it shows anything: who the token is, and where the command side is. */
@RestController
class ConsoleController {

    private final ConsoleProperties console;

    ConsoleController(ConsoleProperties console) {
        this.console = console;
    }

    /** The token's name, role and instance (never its value); the console shows only what the role may do. */
    @GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
    Me me() {
        TokenPrincipal principal = TokenPrincipal.current().orElseThrow();
        return new Me(principal.name(), principal.role().name(), principal.instanceId());
    }

    @GetMapping(path = "/api/console/config", produces = MediaType.APPLICATION_JSON_VALUE)
    ConsoleConfig config() {
        return new ConsoleConfig(console.commandUrl());
    }

    record Me(String name, String role, String instanceId) {
    }

    record ConsoleConfig(String commandUrl) {
    }
}

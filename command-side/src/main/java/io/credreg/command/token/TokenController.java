package io.credreg.command.token;

import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.IssueApiToken;
import io.credreg.api.token.ReplaceApiToken;
import io.credreg.api.token.RevokeApiToken;
import io.credreg.api.token.TokenRole;
import io.credreg.platform.ids.StrongRandom;
import io.credreg.command.validation.Patterns;
import io.credreg.platform.security.TokenTable.TokenEntry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Issues, lists, replaces and revokes API tokens. A token is generated here and answered once; only its hash goes further, so
 * the registry cannot show it again.
 */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

    private final CommandGateway commands;
    private final TokenDirectory directory;

    TokenController(CommandGateway commands, TokenDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    @PostMapping
    ResponseEntity<TokenRequests.Issued> issue(@Valid @RequestBody TokenRequests.Issue body) {
        TokenRole role = TokenRole.valueOf(body.role());
        body.requireInstanceMatchesRole(role);
        String id = StrongRandom.uuid().toString();
        String token = ApiTokens.generate();
        commands.sendAndWait(new IssueApiToken(id, body.name(), role, body.instanceId(), ApiTokens.hash(token),
                storable(body.expiresAt())));
        return created(id, token, null);
    }

    /**
     * Replaces a token without downtime: answers a new token under the same name, role and instance, while the old
     * one keeps working for the grace period, so its users can move over before it stops.
     */
    @PostMapping("/{id}/replacement")
    ResponseEntity<TokenRequests.Issued> replace(
            @PathVariable @Pattern(regexp = Patterns.CREDENTIAL_ID, message = "must match " + Patterns.CREDENTIAL_ID)
            String id, @Valid @RequestBody(required = false) TokenRequests.Replace body) {
        TokenRequests.Replace request = body == null ? new TokenRequests.Replace(null, null) : body;
        requireExists(id);
        String successorId = StrongRandom.uuid().toString();
        String token = ApiTokens.generate();
        commands.sendAndWait(new ReplaceApiToken(id, successorId, ApiTokens.hash(token),
                storable(directory.now().plus(request.grace())), storable(request.expiresAt())));
        return created(successorId, token, id);
    }

    @GetMapping
    List<TokenRequests.Listed> list() {
        Instant now = directory.now();
        return directory.all().stream().map(entry -> TokenRequests.Listed.of(entry, now)).toList();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable @Pattern(regexp = Patterns.CREDENTIAL_ID, message = "must match " + Patterns.CREDENTIAL_ID)
                String id) {
        requireExists(id);
        commands.sendAndWait(new RevokeApiToken(id)); // TokenDirectory forgets this node's reused lookups
    }

    /** The tables keep microseconds: the events say the same instant the listing shows. */
    private static Instant storable(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    private void requireExists(String id) {
        if (directory.byId(id).isEmpty()) {
            throw new TokenNotFoundException(id);
        }
    }

    private ResponseEntity<TokenRequests.Issued> created(String id, String token, String replaces) {
        TokenEntry issued = directory.byId(id).orElseThrow();
        // relative: a Location built from the request would echo whatever Host header the caller sent
        var location = UriComponentsBuilder.fromPath("/api/tokens/{id}").buildAndExpand(id).toUri();
        return ResponseEntity.created(location).body(new TokenRequests.Issued(id, issued.name(), issued.role(),
                issued.instanceId(), issued.createdAt(), issued.expiresAt(), replaces, token));
    }
}

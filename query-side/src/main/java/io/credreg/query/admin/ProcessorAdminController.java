package io.credreg.query.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/**
 * Processor administration. Everything under {@code /api/admin/} is meant for administrators only: once
 * authentication arrives (a later issue) it must require the admin role.
 */
@RestController
@RequestMapping(path = "/api/admin/processors", produces = MediaType.APPLICATION_JSON_VALUE)
class ProcessorAdminController {

    private final ProcessorAdministration administration;

    ProcessorAdminController(ProcessorAdministration administration) {
        this.administration = administration;
    }

    @GetMapping
    List<ProcessorView> list() {
        return administration.processors();
    }

    @GetMapping("/{name}")
    ProcessorView get(@PathVariable String name) {
        return administration.processor(name);
    }

    /**
     * 202: the replay runs in the background; its progress shows in the listing. {@code maxEventsPerSecond} paces
     * it, so that a replay of a large store leaves the database room for the live traffic.
     */
    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProcessorView replay(@PathVariable String name, @RequestParam(required = false) String maxEventsPerSecond) {
        if (maxEventsPerSecond == null || maxEventsPerSecond.isBlank()) {
            return administration.replay(name);
        }
        return administration.replay(name, pace(maxEventsPerSecond.strip()));
    }

    /**
     * A pace below 100 events a second would let a segment's batch (up to 250 events, two segments sharing the
     * pace) outlast the claim on its token; above a million it paces nothing.
     */
    static long pace(String value) {
        long pace;
        try {
            pace = Long.parseLong(value);
        } catch (NumberFormatException e) {
            pace = -1;
        }
        if (pace < MIN_PACE || pace > MAX_PACE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'maxEventsPerSecond' must be a whole number"
                    + " from " + MIN_PACE + " to " + MAX_PACE);
        }
        return pace;
    }

    static final long MIN_PACE = 100;
    static final long MAX_PACE = 1_000_000;

    /** 204: the tokens of a processor that no node of this release runs are gone (blue-green clean-up). */
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void retire(@PathVariable String name) {
        administration.retire(name);
    }
}

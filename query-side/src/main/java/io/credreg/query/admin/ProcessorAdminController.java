package io.credreg.query.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

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

    /** 202: the replay runs in the background; its progress shows in the listing. */
    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProcessorView replay(@PathVariable String name) {
        return administration.replay(name);
    }

    /** 204: the tokens of a processor that no node of this release runs are gone (blue-green clean-up). */
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void retire(@PathVariable String name) {
        administration.retire(name);
    }
}

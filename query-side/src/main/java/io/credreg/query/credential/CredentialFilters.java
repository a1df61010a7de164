package io.credreg.query.credential;

import io.credreg.api.credential.FindCredentials;
import org.springframework.data.jpa.domain.Specification;

import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/** Turns the optional filters of {@link FindCredentials} into a JPA criteria; an absent filter matches all. */
final class CredentialFilters {

    private static final char ESCAPE = '\\';

    private CredentialFilters() {
    }

    static Specification<CredentialView> of(FindCredentials query) {
        return Stream.of(equalTo("provider", query.provider()),
                        equalTo("status", query.status() == null ? null : query.status().label()),
                        nameContains(query.name()))
                .filter(Objects::nonNull)
                .reduce(Specification.unrestricted(), Specification::and);
    }

    private static Specification<CredentialView> equalTo(String attribute, String value) {
        return value == null ? null : (root, criteria, builder) -> builder.equal(root.get(attribute), value);
    }

    /** Case-insensitive substring match; {@code %} and {@code _} in the input are matched literally. */
    private static Specification<CredentialView> nameContains(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String pattern = "%" + escapeLike(name.toLowerCase(Locale.ROOT)) + "%";
        return (root, criteria, builder) -> builder.like(builder.lower(root.get("name")), pattern, ESCAPE);
    }

    private static String escapeLike(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == ESCAPE) {
                escaped.append(ESCAPE);
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}

package io.credreg.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a caller may send, the same on both sides.
 *
 * @param maxBodySize bodies larger than this are refused with 413 before they are parsed (see
 *                    {@link RequestBodyGuard}); the largest valid body, a create with an 8 KiB secret, is far smaller
 */
@ConfigurationProperties("registry.http")
public record HttpLimits(@DefaultValue("64KB") DataSize maxBodySize) {
}

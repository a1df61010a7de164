package io.credreg.platform.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks whatever looks like a secret in a line of text: bearer tokens, provider API keys ({@code sk-...},
 * {@code app-...}, GitHub, Slack, AWS, Google), JSON Web Tokens, {@code secret=...}-style pairs and long
 * high-entropy tokens. Both applications run every log line through it, so a secret that reaches a log by mistake
 * (an exception message quoting a request, a framework's debug output) is not written out.
 *
 * <p>It is a safety net, not a guarantee: a short secret with no recognisable shape passes. The registry itself
 * never logs a secret; this catches what other code might. Extra patterns (for instance the prefix of a token format
 * added later) come from {@code registry.logging.mask-patterns}, regular expressions separated by {@code ;;}; each
 * whole match is replaced by {@value #MASK}.
 *
 * <p>Plain JDK on purpose: shared-api carries no framework types, and both applications wrap this in their own
 * Logback layout.
 */
public final class SecretMask {

    public static final String MASK = "****";
    public static final String SEPARATOR = ";;";

    /** A rule: what to find, and what to put instead (a replacement with group references). */
    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> DEFAULTS = List.of(
            // the registry's own tokens: crt_ and base64url, whose '-' the entropy rule below does not accept
            new Rule(Pattern.compile("crt_[A-Za-z0-9_-]{8,}"), "crt_" + MASK),
            // Authorization: Bearer <token> (and Basic), wherever it appears
            new Rule(Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]{4,}"), "$1$2" + MASK),
            // key=value, "key": "value", key: value for names that hold secrets
            new Rule(Pattern.compile("(?i)(\"?(?<![A-Za-z0-9])(?:secret|password|passwd|pwd|token|api[_-]?key|apikey|access[_-]?key"
                    + "|private[_-]?key|master[_-]?key|client[_-]?secret|authorization|credentials?)\"?"
                    + "\\s*[:=]\\s*\"?)(?!\\*\\*\\*\\*|(?:bearer|basic)\\s)[^\\s\",;&}]{3,}"), "$1" + MASK),
            // provider keys with a recognisable prefix: OpenAI / Anthropic sk-..., Dify app-..., GitHub, GitLab,
            // Slack, AWS access key ids, Google API keys
            new Rule(Pattern.compile("\\b(sk|pk|rk|app|dataset)-[A-Za-z0-9_-]{8,}"), "$1-" + MASK),
            new Rule(Pattern.compile("\\b(ghp|gho|ghu|ghs|ghr|github_pat|glpat|xox[abprs])[_-][A-Za-z0-9_-]{8,}"),
                    "$1_" + MASK),
            new Rule(Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"), "$1" + MASK),
            new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_-]{30,}"), "AIza" + MASK),
            // JSON Web Tokens
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), MASK),
            // long high-entropy tokens: 32+ characters of base64/hex with both letters and digits (a UUID is
            // broken up by its hyphens and stays readable; so do class names, which have no digits)
            new Rule(Pattern.compile("(?<![A-Za-z0-9+/_=])(?=[A-Za-z0-9+/_=]*[0-9])(?=[A-Za-z0-9+/_=]*[A-Za-z])"
                    + "[A-Za-z0-9+/_=]{32,}"), MASK));

    private final List<Rule> rules;

    /** The default rules and any extra patterns ({@code ;;}-separated regular expressions; blank for none). */
    public SecretMask(String extraPatterns) {
        List<Rule> all = new ArrayList<>(DEFAULTS);
        if (extraPatterns != null) {
            for (String extra : extraPatterns.split(Pattern.quote(SEPARATOR))) {
                if (!extra.isBlank()) {
                    all.add(new Rule(Pattern.compile(extra.strip()), Matcher.quoteReplacement(MASK)));
                }
            }
        }
        this.rules = List.copyOf(all);
    }

    public SecretMask() {
        this(null);
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (Rule rule : rules) {
            masked = rule.pattern().matcher(masked).replaceAll(rule.replacement());
        }
        return masked;
    }
}

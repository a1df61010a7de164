package io.credreg.command.validation;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Display names that cannot lie: stored in NFC, free of characters that reorder, hide or break the text around them,
 * and compared by their Unicode confusable skeleton (UTS #39, ICU's {@link SpoofChecker}), so that a Cyrillic letter
 * or a non-breaking space does not make a second name that reads like the first.
 */
public final class Names {

    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

    private Names() {
    }

    public static String normalize(String name) {
        return name == null ? null : NFC.normalize(name);
    }

    /** Why the name is refused, naming the first offending character, or empty when it is fine. */
    public static Optional<String> problem(String name) {
        boolean visible = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            String kind = refusedKind(cp);
            if (kind != null) {
                return Optional.of("must not contain " + describe(cp) + ", " + kind + " (at index " + i + ")");
            }
            visible |= !UCharacter.hasBinaryProperty(cp, UProperty.WHITE_SPACE)
                    && !UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
            i += Character.charCount(cp);
        }
        return visible ? Optional.empty() : Optional.of("must contain at least one visible character");
    }

    /**
     * The key two names are compared by: the confusable skeleton of the name regardless of case and surrounding blanks,
     * hashed to a fixed width (a skeleton can be several times longer than its name).
     */
    public static String skeletonKey(String name) {
        // skeleton, lower case, skeleton again: '0' maps to 'O' before case is dropped, 'm' to "rn" after
        String skeleton = SPOOF.getSkeleton(SPOOF.getSkeleton(NFC.normalize(name)).toLowerCase(Locale.ROOT)).strip();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(skeleton.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String refusedKind(int cp) {
        return switch (UCharacter.getType(cp)) {
            case UCharacterCategory.CONTROL -> "a control character";
            case UCharacterCategory.FORMAT -> "a format character (it can reorder or hide text)";
            case UCharacterCategory.LINE_SEPARATOR -> "a line separator";
            case UCharacterCategory.PARAGRAPH_SEPARATOR -> "a paragraph separator";
            case UCharacterCategory.SURROGATE -> "an unpaired surrogate";
            case UCharacterCategory.UNASSIGNED -> "an unassigned code point";
            default -> null;
        };
    }

    private static String describe(int cp) {
        String name = UCharacter.getExtendedName(cp);
        return String.format(Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name);
    }
}

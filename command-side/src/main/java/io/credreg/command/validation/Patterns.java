package io.credreg.command.validation;

/** The shapes of identifiers the REST contract accepts. */
public final class Patterns {
    public static final String CREDENTIAL_ID = "[A-Za-z0-9-]{1,64}";
    public static final String INSTANCE_ID = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}";
    public static final String SETTING_KEY = "[a-z0-9][a-z0-9._:-]{0,127}";
    public static final String PROVIDER = "[a-z0-9][a-z0-9-]{0,31}";

    private Patterns() {
    }
}

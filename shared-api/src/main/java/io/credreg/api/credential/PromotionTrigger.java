package io.credreg.api.credential;

/** What promoted a pending secret version. */
public enum PromotionTrigger {
    /** An admin asked for it. */
    MANUAL,
    /** Every bound setting had resolved the pending version. */
    ALL_RESOLVED,
    /** Its promotion time came. */
    SCHEDULED
}

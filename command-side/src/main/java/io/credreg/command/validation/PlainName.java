package io.credreg.command.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A display name as {@link Names} allows it; the refusal names the offending character. */
@Documented
@Constraint(validatedBy = PlainName.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainName {

    String message() default "must be plain text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainName, String> {
        @Override
        public boolean isValid(String name, ConstraintValidatorContext context) {
            if (name == null) {
                return true; // @NotBlank says so
            }
            return Names.problem(Names.normalize(name)).map(problem -> {
                context.disableDefaultConstraintViolation();
                // the text is built from code point names only (A-Z, digits, spaces, hyphens): nothing to interpolate
                context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
                return false;
            }).orElse(true);
        }
    }
}

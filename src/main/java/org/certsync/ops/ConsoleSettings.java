package org.certsync.ops;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the console: Hawtio, Jolokia and every actuator endpoint but health ({@code certsync.console.*}).
 *
 * @param security    {@code auto}: open in demo mode, login required otherwise; {@code always}: login required
 * @param users       the console users by name; a map rather than a list, so that a password given as environment
 *                    variable ({@code CERTSYNC_CONSOLE_USERS_ALICE_PASSWORD}) joins the roles given in a file
 * @param syncNowWait how long the syncNow operation (and the issuing CA upload) waits for the run before it
 *                    answers "still running"
 */
@Validated
@ConfigurationProperties("certsync.console")
public record ConsoleSettings(
        @DefaultValue("auto") @NotNull ConsoleSecurity security,
        @DefaultValue Map<@Pattern(regexp = "[a-z][a-z0-9]*", message = "user names are lower-case letters and digits,"
                + " so that they can be written in environment variables too") String, @Valid User> users,
        @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration syncNowWait) {

    /** When the console asks for a login. */
    public enum ConsoleSecurity { AUTO, ALWAYS }

    /**
     * One console user.
     *
     * @param password {@code {bcrypt}<hash>} (recommended) or {@code {noop}<plain text>}; never logged
     */
    public record User(
            @NotBlank(message = "must be {bcrypt}<hash> or {noop}<password>") String password,
            @NotEmpty(message = "must list viewer and/or operator") Set<ConsoleRole> roles) {

        @Override
        public String toString() {
            return "User[roles=" + roles + "]";
        }
    }
}

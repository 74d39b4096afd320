package org.certsync.ops;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The console users from {@code certsync.console.users}, checked so that a typo fails the start, not the login. */
public final class ConsoleUsers {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private ConsoleUsers() {
    }

    /**
     * @throws IllegalStateException naming the property (never the password) when a password is not in a known form
     */
    public static InMemoryUserDetailsManager from(Map<String, ConsoleSettings.User> users) {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
        users.forEach((name, user) -> {
            checkPassword(user.password(), "certsync.console.users." + name + ".password");
            manager.createUser(toUserDetails(name, user));
        });
        return manager;
    }

    private static UserDetails toUserDetails(String name, ConsoleSettings.User user) {
        return User.withUsername(name)
                .password(user.password())
                .authorities(user.roles().stream().map(ConsoleRole::authority).toArray(String[]::new))
                .build();
    }

    private static void checkPassword(String password, String property) {
        if (password.startsWith("{noop}") && password.length() > "{noop}".length()) return;
        if (password.startsWith("{bcrypt}")) {
            if (BCRYPT.matcher(password.substring("{bcrypt}".length())).matches()) return;
            throw new IllegalStateException(property + ": {bcrypt} must be followed by a BCrypt hash"
                    + " (e.g. from: htpasswd -nbBC 12 '' 'the password' | cut -d: -f2)");
        }
        throw new IllegalStateException(property + " must start with {bcrypt} followed by a BCrypt hash (recommended)"
                + " or with {noop} followed by the password");
    }
}

package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class ConsoleUsersTest {

    private static final String VIEWER_HASH = "$2a$04$G21zBOX5Q2OfNJxMUs2o1eAeB9.0ZpCqy3JN6BS4Mnl2pG2W41yaa";
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void bcryptAndNoopPasswordsLogInWithTheirRoles() {
        var users = ConsoleUsers.from(Map.of(
                "victor", new ConsoleSettings.User("{bcrypt}" + VIEWER_HASH, Set.of(ConsoleRole.VIEWER)),
                "olivia", new ConsoleSettings.User("{noop}operator-secret", Set.of(ConsoleRole.OPERATOR))));

        UserDetails victor = users.loadUserByUsername("victor");
        UserDetails olivia = users.loadUserByUsername("olivia");

        assertThat(passwords.matches("viewer-secret", victor.getPassword())).isTrue();
        assertThat(passwords.matches("operator-secret", olivia.getPassword())).isTrue();
        assertThat(victor.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");
        assertThat(olivia.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_OPERATOR");
    }

    @Test
    void passwordWithoutEncodingPrefixFailsTheStartNamingThePropertyButNotThePassword() {
        var users = Map.of("alice", new ConsoleSettings.User("plain-secret", Set.of(ConsoleRole.OPERATOR)));

        assertThatThrownBy(() -> ConsoleUsers.from(users))
                .hasMessageStartingWith("certsync.console.users.alice.password must start with {bcrypt}")
                .hasMessageNotContaining("plain-secret");
    }

    @Test
    void bcryptPrefixWithoutAHashFailsTheStart() {
        var users = Map.of("alice", new ConsoleSettings.User("{bcrypt}not-a-hash", Set.of(ConsoleRole.VIEWER)));

        assertThatThrownBy(() -> ConsoleUsers.from(users))
                .hasMessageStartingWith("certsync.console.users.alice.password: {bcrypt} must be followed by a BCrypt hash")
                .hasMessageNotContaining("not-a-hash");
    }
}

package org.certsync.ops;

import org.certsync.directory.DirectoryConnection;
import org.certsync.directory.LdapSettings;
import org.jolokia.server.core.service.api.Restrictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Who may reach the console. Outside demo mode (or with {@code certsync.console.security=always}) Hawtio, Jolokia
 * and every actuator endpoint but health need a console user: a login form for browsers, HTTP Basic for scripts
 * and Prometheus. In demo mode everyone is the user {@code anonymous-demo} with both roles. Console users are those of
 * {@code certsync.console.users} and, when its groups are set, the directory's accounts ({@link DirectoryConsoleLogin}).
 *
 * <p>Spring Security is the only gate: Hawtio's own JAAS login is off ({@code hawtio.authenticationEnabled=false},
 * see {@code DerivedSettings}), because its Spring Security bridge, {@code hawtio-springboot-security}, cannot be
 * resolved here.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class ConsoleSecurityConfiguration {

    /** Name of everyone in demo mode, as the audit shows it. */
    private static final String DEMO_USER = "anonymous-demo";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

    @Bean
    SecurityFilterChain consoleSecurity(HttpSecurity http, @Value("${certsync.console.open:false}") boolean open,
                                        ConsoleSettings settings, LdapSettings directory, DirectoryConnection connection,
                                        UserDetailsManager consoleUsers) throws Exception {
        http.authorizeHttpRequests(requests -> {
            requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll();
            requests.requestMatchers("/error").permitAll();
            if (open) {
                requests.anyRequest().permitAll();
            } else {
                requests.requestMatchers(EndpointRequest.toAnyEndpoint())
                        .hasAnyRole(ConsoleRole.VIEWER.name(), ConsoleRole.OPERATOR.name());
                requests.anyRequest().authenticated();
            }
        });
        http.formLogin(form -> form.permitAll());
        // 401 without a Basic challenge: browsers then never prompt for and cache Basic credentials, which is what
        // makes it safe to skip the CSRF check for requests that carry an Authorization header (scripts, Prometheus)
        http.httpBasic(basic -> basic.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
        http.csrf(csrf -> csrf
                .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                // Hawtio sends the cookie's raw value back as a header, so the token is not masked
                .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                .ignoringRequestMatchers(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null));
        http.addFilterAfter(new CsrfCookieWriter(), BasicAuthenticationFilter.class);
        if (open) {
            http.anonymous(anonymous -> anonymous.principal(DEMO_USER)
                    .authorities(ConsoleRole.VIEWER.authority(), ConsoleRole.OPERATOR.authority()));
            if (settings.ldap().enabled()) {
                LOG.info("certsync.console.ldap.* is not used: the demo console is open without login"
                        + " (certsync.console.security=always asks for one)");
            }
        } else if (settings.ldap().enabled()) {
            DirectoryConsoleLogin directoryLogin = new DirectoryConsoleLogin(settings.ldap(), directory.baseDn(),
                    connection, consoleUsers);
            // tried before the local users (the parent manager), to whom it leaves their names
            http.authenticationProvider(directoryLogin);
            LOG.info("The console requires a login; users: {}, and directory accounts in {}", settings.users().keySet(),
                    directoryLogin.groups());
        } else if (settings.users().isEmpty()) {
            LOG.warn("The console is locked: no users in certsync.console.users and no groups in certsync.console.ldap.*,"
                    + " so Hawtio, Jolokia and the actuator endpoints except health refuse everyone");
        } else {
            LOG.info("The console requires a login; users: {}", settings.users().keySet());
        }
        return http.build();
    }

    /** The users of {@code certsync.console.users}. */
    @Bean
    UserDetailsManager consoleUsers(ConsoleSettings settings) {
        return ConsoleUsers.from(settings.users());
    }

    /** Jolokia uses a Restrictor bean of the application context by itself. */
    @Bean
    Restrictor consoleRoleRestrictor(ConsoleAudit audit) {
        return new ConsoleRoleRestrictor(audit);
    }
}

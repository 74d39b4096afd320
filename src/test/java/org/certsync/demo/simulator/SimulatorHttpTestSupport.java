package org.certsync.demo.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.certsync.exchangeonline.AccessToken;
import org.certsync.exchangeonline.AccessTokens;
import org.certsync.exchangeonline.ExchangeOnlineSettings;
import org.certsync.exchangeonline.InvokeCommandOutcome;
import org.certsync.exchangeonline.InvokeCommandRequest;
import org.certsync.testsupport.MutableClock;
import org.certsync.exchangeonline.TestCertificates;

/**
 * One running simulator on a random port, shared by the HTTP tests (same configuration, so Spring caches one
 * context), and a client wired to it over java.net.http.
 */
@SpringBootTest(classes = {SimulatorTestApplication.class, SimulatorHttpTestSupport.TestClock.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.autoconfigure.exclude=" + SimulatorTestApplication.ALONE,
                "certsync.demo=true",
                "certsync.demo.data-dir=",
                // the simulator alone: none of the application's routes
                "camel.main.routes-include-pattern=classpath:no-routes/*.yaml",
                "camel.main.routes-reload-enabled=false",
                // the application's readiness checks (directory, exchangeToken) are not part of the simulator alone
                "management.endpoint.health.group.readiness.include=readinessState",
                "certsync.simulator.tenant=" + SimulatorHttpTestSupport.TENANT,
                "certsync.simulator.client-id=" + SimulatorHttpTestSupport.CLIENT_ID,
                "certsync.simulator.client-secret=" + SimulatorHttpTestSupport.SECRET,
                "logging.level.org.certsync=DEBUG",
                // shows that request logging masks form parameters
                "logging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG"})
abstract class SimulatorHttpTestSupport {

    /** The simulator's clock: tests move it to expire tokens and end throttle windows. */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        MutableClock clock() {
            return new MutableClock(Instant.now());
        }
    }

    static final String TENANT = "contoso.onmicrosoft.com";
    static final String CLIENT_ID = "9f3c2a71-certsync-app";
    static final String SECRET = "Qx8~simulated.client-secret_value";
    static final String P12_PASSWORD = "p12-Pa55word";
    /** The app registration's key pair; its certificate is configured in the simulator. */
    static final KeyPair APP_KEYS = TestCertificates.rsaKeyPair();
    static final X509Certificate APP_CERTIFICATE = TestCertificates.selfSigned(APP_KEYS, "CertSync app");

    @DynamicPropertySource
    static void simulatorCertificate(DynamicPropertyRegistry registry) {
        try {
            Path directory = Files.createTempDirectory("certsync-simulator");
            directory.toFile().deleteOnExit();
            Path pem = TestCertificates.writeCertificatePem(directory.resolve("app.pem"), APP_CERTIFICATE);
            pem.toFile().deleteOnExit();
            registry.add("certsync.simulator.client-certificate", pem::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ExchangeOnlineSimulator simulator;
    @Autowired
    MutableClock clock;

    final HttpClient http = HttpClient.newHttpClient();
    private SimulatorSettings initialSettings;

    @BeforeEach
    void rememberSettings() {
        initialSettings = simulator.settings();
    }

    /** The client's clock is the real one (token expiry, assertion times): the tenant's starts each test there too. */
    @BeforeEach
    void tenantClockAtTheRealTime() {
        clock.set(Instant.now());
    }

    @AfterEach
    void restoreSettings() {
        simulator.reconfigure(s -> initialSettings);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/simulator";
    }

    ExchangeOnlineSettings settings(String clientSecret, Path clientCertificate, String password) {
        return new ExchangeOnlineSettings(TENANT, CLIENT_ID, clientSecret, clientCertificate, password,
                URI.create(baseUrl() + "/login"), URI.create(baseUrl() + "/exchange"), null, null, null, null, null, null);
    }

    ExchangeOnlineSettings secretSettings(String clientSecret) {
        return settings(clientSecret, null, null);
    }

    AccessTokens tokens(ExchangeOnlineSettings settings) {
        return new AccessTokens(settings);
    }

    HttpResponse<String> send(InvokeCommandRequest request, AccessToken token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).POST(HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers(token).forEach(builder::header);
        return exchange(builder.build());
    }

    InvokeCommandOutcome outcome(HttpResponse<String> response) {
        return InvokeCommandOutcome.classify(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    InvokeCommandOutcome publish(AccessTokens tokens, InvokeCommandRequest request) {
        return outcome(send(request, tokens.current()));
    }

    HttpResponse<String> get(String path) {
        return exchange(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
    }

    HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

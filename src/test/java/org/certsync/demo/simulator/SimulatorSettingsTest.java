package org.certsync.demo.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorSettingsTest {

    @Test
    void defaultsLeaveEveryFaultOff() {
        SimulatorSettings settings = SimulatorSettings.of(Map.of());

        assertThat(settings.stateFile()).isNull();
        assertThat(settings.tenant()).isEqualTo("demo-tenant");
        assertThat(settings.clientId()).isEqualTo("certsync-simulator");
        assertThat(settings.clientSecret()).isNull();
        assertThat(settings.clientCertificate()).isNull();
        assertThat(settings.tokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.autoCreateRecipients()).isTrue();
        assertThat(settings.maxValues()).isEqualTo(15);
        assertThat(settings.throttle()).isEqualTo(new SimulatorSettings.Throttle(0, Duration.ofMinutes(1)));
        assertThat(settings.concurrentLimit()).isZero();
        assertThat(settings.latency()).isZero();
        assertThat(settings.latencyPerCmdlet()).isZero();
        assertThat(settings.fault()).isEqualTo(new SimulatorSettings.Fault(0, 0, 0, Duration.ofSeconds(2), 0, Duration.ofSeconds(2)));
    }

    @Test
    void bindsTheDocumentedPropertyNames() {
        SimulatorSettings settings = SimulatorSettings.of(Map.ofEntries(
                Map.entry("state-file", "data/demo/simulator.json"),
                Map.entry("tenant", "contoso.onmicrosoft.com"),
                Map.entry("client-id", "app"),
                Map.entry("client-secret", "secret"),
                Map.entry("client-certificate", "/etc/certsync/app.pem"),
                Map.entry("token-lifetime", "30s"),
                Map.entry("auto-create-recipients", "false"),
                Map.entry("max-values", "3"),
                Map.entry("throttle.requests", "10"),
                Map.entry("throttle.window", "5s"),
                Map.entry("concurrent-limit", "2"),
                Map.entry("latency", "300ms"),
                Map.entry("latency-per-cmdlet", "20ms"),
                Map.entry("fault.server-error-rate", "0.25"),
                Map.entry("fault.cmdlet-error-rate", "0.125"),
                Map.entry("fault.slow-rate", "0.5"),
                Map.entry("fault.slow-delay", "100ms"),
                Map.entry("fault.seed", "42"),
                Map.entry("fault.retry-after", "1500ms")));

        assertThat(settings).isEqualTo(new SimulatorSettings("contoso.onmicrosoft.com", "app", "secret", Path.of("/etc/certsync/app.pem"),
                Duration.ofSeconds(30), false, 3, new SimulatorSettings.Throttle(10, Duration.ofSeconds(5)),
                2, Duration.ofMillis(300), Duration.ofMillis(20), new SimulatorSettings.Fault(0.25, 0.125, 0.5, Duration.ofMillis(100), 42, Duration.ofMillis(1500)),
                Path.of("data/demo/simulator.json")));
    }

    @Test
    void refusesOutOfRangeValuesNamingTheProperty() {
        assertThatThrownBy(() -> SimulatorSettings.of(Map.of("fault.server-error-rate", "1.5")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("certsync.simulator.fault.server-error-rate must be between 0 and 1");
        assertThatThrownBy(() -> SimulatorSettings.of(Map.of("max-values", "0")))
                .rootCause().hasMessageContaining("certsync.simulator.max-values must be at least 1");
    }

    @Test
    void toStringMasksTheClientSecret() {
        assertThat(SimulatorSettings.of(Map.of("client-secret", "hunter2")).toString())
                .doesNotContain("hunter2").contains("clientSecret=******");
    }
}

package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.certsync.sync.RunReport;
import org.junit.jupiter.api.Test;

/** Outside demo mode the console needs a login: viewers look, operators act, health stays open. */
class ConsoleAccessTest extends SecuredConsoleSupport {

    @Test
    void hawtioWithoutLoginRedirectsToTheLoginPage() {
        HttpResponse<String> response = get("/actuator/hawtio/", "Accept", "text/html");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue(baseUrl() + "/login");
    }

    @Test
    void jolokiaWithoutLoginAnswers401() {
        assertThat(get("/actuator/jolokia/version").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/hawtio/jolokia/version").statusCode()).isEqualTo(401);
    }

    @Test
    void actuatorEndpointsOtherThanHealthNeedALogin() {
        for (String endpoint : new String[] {"prometheus", "metrics", "camelroutes", "info"}) {
            assertThat(get("/actuator/" + endpoint).statusCode()).as(endpoint).isEqualTo(401);
        }
    }

    @Test
    void healthAndProbesNeedNoLoginAndShowNoDetailsWithoutOne() {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isIn(200, 503);
        assertThat(json(health.body()).has("components")).isFalse();
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void consoleUsersSeeTheHealthDetails() {
        JsonNode health = json(getAs(VIEWER, VIEWER_PASSWORD, "/actuator/health").body());

        assertThat(health.at("/components/directory/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/exchangeToken/details/tenant").asText()).isEqualTo("demo-tenant");
        assertThat(health.at("/components/lastRun/status").isMissingNode()).isFalse();
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThat(getAs(OPERATOR, "not-the-password", "/actuator/jolokia/version").statusCode()).isEqualTo(401);
        assertThat(getAs(VIEWER, OPERATOR_PASSWORD, "/actuator/prometheus").statusCode()).isEqualTo(401);
    }

    @Test
    void viewerCanReadTheSyncMBeanButNotRunItsOperations() {
        Optional<RunReport> before = runs.lastReport();

        JsonNode read = jolokia(VIEWER, VIEWER_PASSWORD, Map.of("type", "read", "mbean", syncMBean(),
                "attribute", "Running"));
        JsonNode exec = jolokia(VIEWER, VIEWER_PASSWORD, Map.of("type", "exec", "mbean", syncMBean(),
                "operation", "syncNow()"));

        assertThat(read.path("status").asInt()).isEqualTo(200);
        assertThat(read.path("value").asBoolean()).isFalse();
        assertThat(exec.path("status").asInt()).isEqualTo(403);
        assertThat(exec.path("error").asText()).contains("Operation syncNow() forbidden");
        assertThat(runs.lastReport()).isEqualTo(before);
    }

    @Test
    void operatorRunsSyncNowAndTheAuditNamesThem() {
        JsonNode exec = jolokia(OPERATOR, OPERATOR_PASSWORD, Map.of("type", "exec", "mbean", syncMBean(),
                "operation", "syncNow()"));

        RunReport report = runs.lastReport().orElseThrow();
        assertThat(exec.path("status").asInt()).isEqualTo(200);
        assertThat(exec.path("value").asText()).isEqualTo(report.summary());
        assertThat(report.trigger()).isEqualTo("console:" + OPERATOR);
        assertThat(control.getAuditTrail().get(0)).contains(" " + OPERATOR + " syncNow(): run " + report.runId());
    }

    @Test
    void theJvmCommandLineIsNotReadableThroughJolokia() {
        JsonNode read = jolokia(OPERATOR, OPERATOR_PASSWORD, Map.of("type", "read", "mbean", "java.lang:type=Runtime",
                "attribute", "SystemProperties"));

        assertThat(read.path("status").asInt()).isEqualTo(403);
    }

    @Test
    void theExchangeOnlineSimulatorNeedsNoLogin() {
        assertThat(get("/simulator/recipients").statusCode()).isEqualTo(200);
    }
}

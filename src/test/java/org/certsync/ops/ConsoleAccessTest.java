package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.certsync.sync.RunReport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Outside demo mode the console needs a login: viewers look, operators act, health stays open. */
class ConsoleAccessTest extends SecuredConsoleSupport {

    @Autowired
    CamelContext camel;

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
    void uploadingTheIssuingCasNeedsTheOperatorRole() {
        JsonNode viewer = jolokia(VIEWER, VIEWER_PASSWORD, Map.of("type", "exec", "mbean", syncMBean(),
                "operation", "dryRunIssuingCasNow()"));
        JsonNode operator = jolokia(OPERATOR, OPERATOR_PASSWORD, Map.of("type", "exec", "mbean", syncMBean(),
                "operation", "dryRunIssuingCasNow()"));

        assertThat(viewer.path("status").asInt()).isEqualTo(403);
        assertThat(viewer.path("error").asText()).contains("Operation dryRunIssuingCasNow() forbidden");
        // this demo has no trust store: the operator's run ends at once with the reason, and nothing reached the tenant
        assertThat(operator.path("status").asInt()).isEqualTo(200);
        assertThat(operator.path("value").asText()).isEqualTo("failed: certsync.policy.trust-store holds no CA certificate:"
                + " no issuing CA to upload, and an empty set would empty the tenant's store");
        assertThat(control.getAuditTrail().get(0)).contains(" " + OPERATOR + " dryRunIssuingCasNow(): failed: ");
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
    void operatorCannotSendToAnEndpointThroughTheCamelContext() throws Exception {
        Path target = Files.createTempDirectory("certsync-console-send");
        JsonNode send = jolokia(OPERATOR, OPERATOR_PASSWORD, Map.of("type", "exec", "mbean", camelContextMBean(),
                "operation", "sendBody(java.lang.String,java.lang.Object)",
                "arguments", List.of("file:" + target + "?fileName=written", "from the console")));

        assertThat(send.path("status").asInt()).isEqualTo(403);
        assertThat(target).isEmptyDirectory();
        assertThat(control.getAuditTrail().get(0)).contains(" " + OPERATOR + " sendBody(on " + camelContextMBean()
                + "): refused: the console runs CertSync's operations and route start/stop only");
    }

    @Test
    void operationsOverGetAreRefusedWhilePostRuns() {
        Optional<RunReport> before = runs.lastReport();

        HttpResponse<String> overGet = getAs(OPERATOR, OPERATOR_PASSWORD, "/actuator/jolokia/exec/" + syncMBean() + "/syncNow()");
        HttpResponse<String> overGetParameter = getAs(OPERATOR, OPERATOR_PASSWORD,
                "/actuator/jolokia?p=/exec/" + syncMBean() + "/syncNow()");

        assertThat(json(overGet.body()).path("status").asInt()).isEqualTo(403);
        assertThat(json(overGetParameter.body()).path("status").asInt()).isEqualTo(403);
        assertThat(runs.lastReport()).isEqualTo(before);
        assertThat(control.getAuditTrail().get(0))
                .contains(" " + OPERATOR + " syncNow(on " + syncMBean() + "): refused: operations and writes only over POST");
        JsonNode overPost = jolokia(OPERATOR, OPERATOR_PASSWORD, Map.of("type", "exec", "mbean", syncMBean(),
                "operation", "syncNow()"));
        assertThat(overPost.path("status").asInt()).isEqualTo(200);
        assertThat(runs.lastReport()).isNotEqualTo(before);
    }

    @Test
    void operatorStopsAndStartsARouteAndTheAuditNamesThem() throws Exception {
        String route = "org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\"directory-read\"";

        JsonNode stop = jolokia(OPERATOR, OPERATOR_PASSWORD, Map.of("type", "exec", "mbean", route, "operation", "stop()"));
        String stopped = camel.getRouteController().getRouteStatus("directory-read").name();
        JsonNode start = jolokia(OPERATOR, OPERATOR_PASSWORD, Map.of("type", "exec", "mbean", route, "operation", "start()"));

        assertThat(stop.path("status").asInt()).isEqualTo(200);
        assertThat(stopped).isEqualTo("Stopped");
        assertThat(start.path("status").asInt()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("directory-read").isStarted()).isTrue();
        String routeName = new ObjectName(route).toString();
        assertThat(control.getAuditTrail().subList(0, 2)).allMatch(entry -> entry.contains(" " + OPERATOR + " st")
                && entry.endsWith("(on " + routeName + "): allowed"));
    }

    @Test
    void viewerSeesTheRouteDiagramsButCannotStopARoute() {
        String context = camelContextMBean();
        String route = "org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\"directory-read\"";

        JsonNode routes = jolokia(VIEWER, VIEWER_PASSWORD, Map.of("type", "exec", "mbean", context,
                "operation", "dumpRoutesAsXml()"));
        JsonNode stop = jolokia(VIEWER, VIEWER_PASSWORD, Map.of("type", "exec", "mbean", route, "operation", "stop()"));

        assertThat(routes.path("value").asText()).contains("id=\"directory-read\"");
        assertThat(stop.path("status").asInt()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("directory-read").isStarted()).isTrue();
    }

    private String camelContextMBean() {
        return "org.apache.camel:context=" + camel.getManagementName() + ",type=context,name=\"" + camel.getName() + "\"";
    }
}

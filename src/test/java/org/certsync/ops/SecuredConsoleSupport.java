package org.certsync.ops;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.certsync.sync.RunReport;
import org.certsync.sync.SyncRuns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The demo directory and simulator with the console secured as outside demo mode: an operator and a viewer, JMX
 * on so Hawtio sees the CertSync MBean and the Camel routes, metrics exported (Spring Boot's and Camel's tests leave
 * both off otherwise). Test classes extending this share one application.
 */
@CamelSpringBootTest
@DisableJmx(false)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.console.security=always",
        "certsync.console.users.olivia.roles=operator",
        "certsync.console.users.olivia.password={noop}" + SecuredConsoleSupport.OPERATOR_PASSWORD,
        "certsync.console.users.victor.roles=viewer",
        // BCrypt of "viewer-secret", cost 4 to keep the tests fast
        "certsync.console.users.victor.password={bcrypt}$2a$04$G21zBOX5Q2OfNJxMUs2o1eAeB9.0ZpCqy3JN6BS4Mnl2pG2W41yaa",
        "spring.jmx.enabled=true",
        // other test applications in this JVM export the same beans (the data source, ...) over JMX
        "spring.jmx.unique-names=true",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/secured-console/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/secured-console/last-run.json"})
abstract class SecuredConsoleSupport {

    static final String OPERATOR = "olivia";
    static final String OPERATOR_PASSWORD = "operator-secret";
    static final String VIEWER = "victor";
    static final String VIEWER_PASSWORD = "viewer-secret";

    @LocalServerPort
    int port;
    private ConsoleClient console;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    SyncRuns runs;
    @Autowired
    SyncControl control;

    RunReport sync() {
        producer.sendBody("direct:sync-run", null);
        return runs.lastReport().orElseThrow();
    }

    String baseUrl() {
        return console().baseUrl();
    }

    HttpResponse<String> get(String path, String... headers) {
        return console().get(path, headers);
    }

    HttpResponse<String> getAs(String user, String password, String path) {
        return console().getAs(user, password, path);
    }

    JsonNode jolokia(String user, String password, Map<String, Object> request) {
        return console().jolokia(user, password, request);
    }

    /** The name the CertSync MBean got in this JVM (other test applications may hold the plain one). */
    String syncMBean() {
        try {
            return control.getObjectName().toString();
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        return ConsoleClient.json(body);
    }

    /** Made on first use: the port is known once the application runs. */
    private ConsoleClient console() {
        if (console == null) console = new ConsoleClient(port);
        return console;
    }
}

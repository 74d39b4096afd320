package org.certsync.demo.simulator;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulator's web endpoints under /simulator; all behaviour is in {@link ExchangeOnlineSimulator}.
 *
 * <p>Conditional itself because the application's component scan finds it too; {@link SimulatorConfiguration}
 * imports it for applications that do not scan this package.
 */
@RestController
@RequestMapping("/simulator")
@ConditionalOnProperty(name = "certsync.demo", havingValue = "true")
public class SimulatorController {

    private final ExchangeOnlineSimulator simulator;

    public SimulatorController(ExchangeOnlineSimulator simulator) {
        this.simulator = simulator;
    }

    @PostMapping("/login/{tenant}/oauth2/v2.0/token")
    public ResponseEntity<JsonNode> token(@PathVariable String tenant, @RequestParam MultiValueMap<String, String> form,
                                          HttpServletRequest request) {
        return toEntity(simulator.token(tenant, form.toSingleValueMap(), request.getRequestURL().toString()));
    }

    @PostMapping("/exchange/adminapi/beta/{tenant}/InvokeCommand")
    public ResponseEntity<JsonNode> invokeCommand(@PathVariable String tenant, @RequestHeader Map<String, String> headers,
                                                  @RequestBody(required = false) String body) {
        return toEntity(simulator.invokeCommand(tenant, headers, body));
    }

    @PostMapping("/exchange/adminapi/beta/{tenant}/$batch")
    public ResponseEntity<JsonNode> batch(@PathVariable String tenant, @RequestHeader Map<String, String> headers,
                                          @RequestBody(required = false) String body) {
        return toEntity(simulator.batch(tenant, headers, body));
    }

    @GetMapping("/recipients")
    public List<SimulatedRecipient> recipients() {
        return simulator.recipients();
    }

    @GetMapping("/tenants/{tenant}/recipients")
    public List<SimulatedRecipient> recipientsOf(@PathVariable String tenant) {
        return simulator.recipients(tenant);
    }

    @GetMapping("/recipients/{identity}")
    public ResponseEntity<SimulatedRecipient> recipient(@PathVariable String identity) {
        return ResponseEntity.of(simulator.recipient(identity));
    }

    @GetMapping("/requests")
    public List<LoggedRequest> requests() {
        return simulator.requests();
    }

    @GetMapping("/statistics")
    public SimulatorStatistics statistics() {
        return simulator.statistics();
    }

    @DeleteMapping("/requests")
    public ResponseEntity<Void> clearRequests() {
        simulator.clearRequests();
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<JsonNode> toEntity(SimulatorResponse response) {
        ResponseEntity.BodyBuilder entity = ResponseEntity.status(response.status()).contentType(MediaType.APPLICATION_JSON);
        response.headers().forEach(entity::header);
        return entity.body(response.body());
    }
}

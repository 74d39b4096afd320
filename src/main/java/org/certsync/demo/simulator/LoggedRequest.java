package org.certsync.demo.simulator;

import java.time.Instant;

/**
 * One InvokeCommand request as the simulator answered it.
 *
 * @param cmdlet     the CmdletName, null when the body had none
 * @param identity   the Identity parameter, null when absent
 * @param status     the HTTP status answered
 * @param errorCode  the error code answered, null on success
 * @param tokenValid whether the bearer token was valid for the tenant
 * @param throttled  whether the answer was 429 (request budget or concurrency limit)
 * @param requestId  the client-request-id sent by the client, else one the simulator made up
 */
public record LoggedRequest(Instant time, String tenant, String cmdlet, String identity, int status,
                            String errorCode, boolean tokenValid, boolean throttled, String requestId) {
}

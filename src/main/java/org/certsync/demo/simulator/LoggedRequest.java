package org.certsync.demo.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * One cmdlet as the simulator answered it: an InvokeCommand request, or one sub-request of a $batch.
 *
 * @param cmdlet        the CmdletName, null when the body had none
 * @param identity      the Identity parameter, null when absent
 * @param status        the HTTP status answered (of the sub-response, in a $batch)
 * @param errorCode     the error code answered, null on success
 * @param tokenValid    whether the bearer token was valid for the tenant
 * @param throttled     whether the answer was 429 (cmdlet budget or concurrency limit)
 * @param requestId     the client-request-id sent by the client, else one the simulator made up
 * @param batched       whether the cmdlet came in a $batch
 * @param anchorMailbox the X-AnchorMailbox header the cmdlet came with, null when absent
 * @param retryAfter    the Retry-After the answer asked for, null when none
 */
public record LoggedRequest(Instant time, String tenant, String cmdlet, String identity, int status,
                            String errorCode, boolean tokenValid, boolean throttled, String requestId,
                            boolean batched, String anchorMailbox, Duration retryAfter) {
}

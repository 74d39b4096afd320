package org.certsync.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports incomplete settings as one line and what to do, instead of a stack trace. */
public class IncompleteSettingsFailureAnalyzer extends AbstractFailureAnalyzer<IncompleteSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IncompleteSettingsException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set the missing properties (application.properties, --name=value"
                + " or CERTSYNC_... environment variables), or start the demo instead: --certsync.demo=true", cause);
    }
}

package org.certsync.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The test class or method needs this {@link IntegrationServer}: skipped without it, unless
 * {@code CERTSYNC_REQUIRE_INTEGRATION=true}, where it fails with what is missing, before anything else of it runs.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresServer.Check.class)
public @interface RequiresServer {

    IntegrationServer value();

    /** Skips, or lets the test run into the failure below. */
    class Check implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<IntegrationServer> missing = missing(context.getElement());
            if (missing.isEmpty()) return ConditionEvaluationResult.enabled("its server is there");
            return IntegrationServer.required()
                    ? ConditionEvaluationResult.enabled(IntegrationServer.REQUIRE + "=true: runs to fail")
                    : ConditionEvaluationResult.disabled(missing.get().why() + " (with " + IntegrationServer.REQUIRE
                            + "=true, as in CI, this is a failure)");
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            failIfMissing(context);
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            failIfMissing(context);
        }

        private static void failIfMissing(ExtensionContext context) {
            missing(context.getElement()).ifPresent(server -> {
                throw new AssertionError(IntegrationServer.REQUIRE + "=true, but this test " + server.why());
            });
        }

        private static Optional<IntegrationServer> missing(Optional<? extends java.lang.reflect.AnnotatedElement> element) {
            return AnnotationSupport.findAnnotation(element, RequiresServer.class).map(RequiresServer::value)
                    .filter(server -> !server.available());
        }
    }
}

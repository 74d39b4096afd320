package org.certsync.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The text of deploy/kubernetes/config/certsync-routes.yaml: the ConfigMap of routes/, each file a literal block. */
final class RoutesConfigMap {

    static final String NAME = "certsync-routes";

    private RoutesConfigMap() {
    }

    static String render(Path routes) {
        StringBuilder yaml = new StringBuilder("""
                # Generated from routes/ by KubernetesManifestsTest, which fails when the two differ; to write it again:
                #   mvn -q test -Dtest=KubernetesManifestsTest -Dcertsync.kubernetes.write-routes=true
                # In a cluster, edit the ConfigMap itself (kubectl edit configmap certsync-routes): the pods reload a
                # changed route file within about a minute, without a restart.
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  labels:
                    app.kubernetes.io/name: certsync
                data:
                """.formatted(NAME));
        try (var files = Files.list(routes)) {
            for (Path file : files.sorted().toList()) {
                yaml.append("  ").append(file.getFileName()).append(": ").append(literal(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return yaml.toString();
    }

    /** A literal block keeps every character; its chomping indicator keeps the file's final line breaks as they are. */
    private static String literal(String content) {
        String chomping = !content.endsWith("\n") ? "-" : content.endsWith("\n\n") ? "+" : "";
        return content.lines().map(line -> line.isEmpty() ? "" : "    " + line)
                .collect(Collectors.joining("\n", "|" + chomping + "\n", "\n"));
    }
}
